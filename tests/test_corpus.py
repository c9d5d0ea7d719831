"""Other people's specs (issue #17): every verb that reads a spec runs on each corpus spec without crashing or
hanging, every finding has a location, validate's verdict and problem nodes match openapi-spec-validator's, and
lint's default preset shows no gateway house rule.

The corpus: ReadMe's OAS examples and GitHub's REST description (npm, pinned in tests/corpus/package.json,
installed by tests/setup/node-deps.sh) and OpenAI's spec (vendored in tests/fixtures/openai, see SOURCE.md).
OpenAI's and GitHub's specs (3 MB YAML, 13 MB JSON) are the slow tier (marked ``slow``; ``make test`` runs it).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corpus_verbs import CORPUS, GITHUB, OPENAI, corpus_specs, crashed, findings, run_worker, unlocated
from osv_reference import reference_nodes

BIG = {OPENAI, GITHUB}
HOUSE_RULES = {"gateway-error-schema", "gateway-examples", "gateway-streaming", "no-zod-null-branch",
               "no-safe-integer-bounds", "number-bounds", "property-description", "request-body-required",
               "additional-properties-consistent", "consistent-inline-objects", "union-discriminator-required",
               "no-duplicate-inline-schemas"}

if not (CORPUS / "@readme" / "oas-examples").is_dir():
    pytest.skip("the npm corpus is not installed: run `make node-deps` (tests/setup/node-deps.sh)",
                allow_module_level=True)


def _param(spec: Path) -> Any:
    marks = [pytest.mark.slow, pytest.mark.xdist_group(f"corpus-{spec.stem}")] if spec in BIG else []
    return pytest.param(spec, marks=marks, id=spec.relative_to(spec.parents[2]).as_posix())


SPECS = [_param(s) for s in corpus_specs()]


@pytest.mark.parametrize("spec", SPECS)
def test_every_verb_runs_on_the_spec(spec: Path) -> None:
    results = run_worker(spec, timeout=600 if spec in BIG else 120)
    assert results is not None, f"a verb hung on {spec}"
    by_verb = {r["verb"]: r for r in results}
    assert set(by_verb) == {"validate", "lint", "reference", "mintlify", "mock", "pages"}, by_verb.get("worker")
    for r in results:
        assert not crashed(r), f"{r['verb']} crashed: {r['stderr']}"
        assert not unlocated(r), f"{r['verb']}: findings without a location: {unlocated(r)[:3]}"
    assert by_verb["validate"]["code"] in (0, 1) and by_verb["lint"]["code"] in (0, 1)
    assert by_verb["reference"]["code"] == 0 and int(by_verb["pages"]["stdout"]) > 0
    assert by_verb["mintlify"]["code"] == 0
    # the mock serves a spec with the gateway's operations and refuses (exit 2, with a message) any other
    assert by_verb["mock"]["code"] == 0 or (by_verb["mock"]["code"] == 2 and by_verb["mock"]["stderr"])
    house = {f["rule"] for f in findings(by_verb["lint"])} & HOUSE_RULES
    assert not house, f"the default preset ran gateway house rules on a stranger's spec: {house}"


@pytest.mark.parametrize("spec", SPECS)
def test_validate_agrees_with_openapi_spec_validator(spec: Path) -> None:
    """Same verdict and the same problem nodes (the schema, operation or parameter list each check blames)."""
    from gateway_docs.load import load_spec
    from gateway_docs.structure import check
    from gateway_docs.validate import detect_version

    loaded = load_spec(spec)
    ours = {f.owner for f in check(loaded, merge=False)}
    reference = reference_nodes(loaded.data, detect_version(loaded))
    assert ours == reference, f"only ours: {sorted(ours - reference)[:5]}; only theirs: {sorted(reference - ours)[:5]}"


def test_the_corpus_has_invalid_specs_too() -> None:
    """The agreement test means something only if some corpus specs are invalid (OpenAI's 3.0-style booleans,
    ReadMe's schema-validation examples)."""
    from gateway_docs.validate import validate_spec

    _, problems = validate_spec(str(CORPUS / "@readme" / "oas-examples" / "3.1" / "json" / "schema-validation-local.json"))
    assert problems and all(p.location.line > 1 for p in problems)
