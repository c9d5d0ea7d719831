"""gateway-docs diff: one fixture pair per rule and per normalisation, properties over every spec we have, the git
history of specs/src, the CLI contract (formats, exit codes, accepted changes) and the rules page."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway_docs.core.diagnostics import SpecError
from gateway_docs.diff import compare
from gateway_docs.diff.compare import diff_specs
from gateway_docs.diff.rules import RULES
from gateway_docs.load import load_spec
from gateway_docs.load.json_text import parse_json  # noqa: F401  (the loader's parsers are exercised below)
from gateway_docs.load.spec import Spec

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "diff"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def _spec_from(data: Any, name: str = "mem.json") -> Spec:
    from gateway_docs.load.read import parse_text
    doc = parse_text(json.dumps(data), name)
    return Spec(source=name, data=doc.data, documents={name: doc}, origins={"": (doc, "")})


@pytest.mark.parametrize("case", CASE_NAMES)
def test_fixture_pair(case: str) -> None:
    folder = CASES / case
    expected = yaml.safe_load((folder / "expected.yaml").read_text())["changes"]
    changes = diff_specs(load_spec(folder / "old.yaml"), load_spec(folder / "new.yaml"))
    got = [(c.rule, c.old_pointer, c.new_pointer) for c in changes]
    for want in expected:
        assert any(r == want["rule"] and want["pointer"] in (o, n) for r, o, n in got), (want, got)
    assert len(changes) == len(expected), got
    for c in changes:
        assert c.old is not None and c.old.line > 0 and c.old.file.endswith("old.yaml")
        assert c.new is not None and c.new.line > 0 and c.new.file.endswith("new.yaml")


def test_every_rule_has_a_fixture() -> None:
    covered = {c["rule"] for n in CASE_NAMES for c in yaml.safe_load((CASES / n / "expected.yaml").read_text())["changes"]}
    assert set(RULES) - covered == set()
    assert len(CASE_NAMES) >= 40
    assert sum(1 for n in CASE_NAMES if n.startswith("norm-")) >= 10


def _corpus() -> list[Path]:
    specs = [ROOT / "specs" / "src", ROOT / "specs" / "ai-gateway.openapi.json"]
    specs += [ROOT / "specs" / "vendor" / "openai" / "openapi.yaml"]
    specs += sorted(CASES.glob("*/new.yaml"))
    return specs


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: str(p.relative_to(ROOT)))
def test_diff_with_itself_is_empty(path: Path) -> None:
    spec = load_spec(path)
    assert diff_specs(spec, load_spec(path)) == []


def _rewrite(node: Any, draw: Any, in_schema: bool = False) -> Any:
    """An equivalent spelling of a spec: key order shuffled, schemas wrapped in single allOf, ``nullable`` written
    as a null anyOf branch (each choice drawn by hypothesis)."""
    if isinstance(node, list):
        return [_rewrite(v, draw, in_schema) for v in node]
    if not isinstance(node, dict):
        return node
    keys = list(node)
    if draw(st.booleans()):
        keys.reverse()
    # Values (examples, defaults, enums) are data, not schemas: they are kept as they are.
    out = {k: node[k] if k in ("example", "examples", "default", "enum", "const", "value") else
           _rewrite(node[k], draw, in_schema or k in ("schema", "schemas", "properties", "items")) for k in keys}
    if in_schema and "type" in out and isinstance(out.get("type"), str) and not out.get("nullable") \
            and "properties" not in out and draw(st.integers(0, 3)) == 0:
        return {"allOf": [out]}
    if in_schema and out.get("nullable") is True and isinstance(out.get("type"), str) and draw(st.booleans()):
        inner = {k: v for k, v in out.items() if k not in ("nullable", "description")}
        wrapped: dict[str, Any] = {"anyOf": [inner, {"type": "string", "nullable": True, "enum": [None]}]}
        if "description" in out:
            wrapped["description"] = out["description"]
        return wrapped
    return out


_OURS = json.loads((ROOT / "specs" / "ai-gateway.openapi.json").read_text())


_OPENAI = load_spec(ROOT / "specs" / "vendor" / "openai" / "openapi.yaml").data


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_diff_with_normalised_rewrite_is_empty(data: st.DataObject) -> None:
    rewritten = _rewrite(copy.deepcopy(_OURS), data.draw)
    changes = diff_specs(_spec_from(_OURS, "a.json"), _spec_from(rewritten, "b.json"))
    assert [c.format() for c in changes] == []


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_diff_with_normalised_rewrite_of_openai_is_empty(data: st.DataObject) -> None:
    rewritten = _rewrite(copy.deepcopy(_OPENAI), data.draw)
    changes = diff_specs(_spec_from(_OPENAI, "a.json"), _spec_from(rewritten, "b.json"))
    assert [c.format() for c in changes][:5] == []


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(sorted(_OURS["components"]["schemas"]["CreateChatCompletionRequest"]["properties"])))
def test_removing_any_chat_request_field_is_breaking(field: str) -> None:
    new = copy.deepcopy(_OURS)
    schema = new["components"]["schemas"]["CreateChatCompletionRequest"]
    schema["properties"].pop(field)
    if field in schema.get("required", []):
        schema["required"].remove(field)
    changes = diff_specs(_spec_from(_OURS), _spec_from(new))
    assert [c.rule for c in changes] == ["request-property-removed"]
    assert field in changes[0].message


def _history() -> list[str]:
    out = subprocess.run(["git", "log", "--format=%H", "--", "specs/src"], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return out.stdout.split()[::-1]


def test_history_pairs_diff_without_error() -> None:
    revs = _history()
    assert revs, "specs/src has no history in this clone"
    pairs = list(zip(revs, revs[1:]))
    compared = 0
    for a, b in pairs or [(revs[0], revs[0])]:
        try:
            report = compare(f"git:{a}:specs/src", f"git:{b}:specs/src", accepted_file=None)
        except SpecError as e:
            # a work-in-progress commit that does not parse: an input error (exit 2) naming the revision, not a crash
            assert all(p.location.file.startswith(("git:" + a, "git:" + b)) for p in e.problems), e
            continue
        compared += 1
        assert all(c.old is not None and c.new is not None for c in report.changes)
    assert compared >= min(1, len(pairs))


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gateway_docs", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_removed_request_field_fails_with_both_locations(tmp_path: Path) -> None:
    case = CASES / "request-property-removed"
    r = _cli("diff", str(case / "old.yaml"), str(case / "new.yaml"), "--accepted", str(tmp_path / "none.yaml"))
    assert r.returncode == 1, r.stderr
    first = r.stdout.splitlines()[0]
    assert "old.yaml:" in first and "breaking:" in first and "`note` was removed" in first
    assert "[request-property-removed]" in first
    assert "    new: " in r.stdout and "new.yaml:" in r.stdout


def test_cli_accepted_change_passes(tmp_path: Path) -> None:
    case = CASES / "request-property-removed"
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(yaml.safe_dump({"accepted": [{
        "rule": "request-property-removed", "location": "/components/schemas/CreateItem/properties/note",
        "reason": "note was never stored"}]}))
    r = _cli("diff", str(case / "old.yaml"), str(case / "new.yaml"), "--accepted", str(accepted), "--format", "json")
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["summary"] == {"breaking": 0, "accepted": 1, "warning": 0, "safe": 0}
    assert report["changes"][0]["reason"] == "note was never stored"
    # an entry for another rule does not accept it
    accepted.write_text(yaml.safe_dump({"accepted": [{
        "rule": "request-property-removed-open", "location": "/components/schemas/CreateItem/properties/note",
        "reason": "x"}]}))
    r = _cli("diff", str(case / "old.yaml"), str(case / "new.yaml"), "--accepted", str(accepted))
    assert r.returncode == 1
    assert "entry matches no change" in r.stdout


def test_cli_formats_and_exit_codes(tmp_path: Path) -> None:
    case = CASES / "response-enum-value-added"
    none = str(tmp_path / "none.yaml")
    md = _cli("diff", str(case / "old.yaml"), str(case / "new.yaml"), "--format", "markdown", "--accepted", none)
    assert md.returncode == 1 and md.stdout.startswith("### :x: Spec diff: 1 breaking change")
    assert "| [`response-enum-value-added`](docs/diff-rules.md#response-enum-value-added) |" in md.stdout
    sarif = json.loads(_cli("diff", str(case / "old.yaml"), str(case / "new.yaml"), "--format", "sarif",
                            "--accepted", none).stdout)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "response-enum-value-added" and result["level"] == "error"
    assert sarif["runs"][0]["tool"]["driver"]["name"] == "gateway-docs diff"
    safe = CASES / "docs-changed"
    assert _cli("diff", str(safe / "old.yaml"), str(safe / "new.yaml"), "--accepted", none).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: [unclosed\n")
    r = _cli("diff", str(bad), str(safe / "new.yaml"))
    assert r.returncode == 2 and "bad.yaml:" in r.stderr
    assert _cli("diff", "git:no-such-rev:specs/src", "specs/src").returncode == 2


def test_git_source_locations_name_the_revision() -> None:
    rev = _history()[-1]
    r = _cli("diff", f"git:{rev}:specs/src", "specs/src", "--format", "json", "--accepted", "/nonexistent.yaml")
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    assert report["old"] == f"git:{rev}:specs/src"
    for c in report["changes"]:
        assert c["old"]["file"].startswith(f"git:{rev}:specs/src/")


def test_rules_page_is_current() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "gateway_docs.diff.rules_page", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_spec_diff_workflow_gates_on_the_diff() -> None:
    """The PR gate runs `make spec-diff`, whose recipe diffs the merge base against the branch (markdown for the
    comment) and exits with diff's code; tests/test_workflows.py runs that target in a throw-away repository."""
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "spec-diff.yml").read_text())
    assert wf["permissions"] == {"contents": "read"}
    job = wf["jobs"]["diff"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    runs = [step.get("run", "").strip() for step in job["steps"]]
    assert "make spec-diff" in runs and runs.index("make spec-diff") < runs.index("make spec-diff-comment")
    recipe = (ROOT / "Makefile").read_text().split("\nspec-diff: ", 1)[1].split("\n\n", 1)[0]
    assert 'gateway-docs diff "git:$$base:specs/src" specs/src --format markdown' in recipe
    assert "exit $$status" in recipe

