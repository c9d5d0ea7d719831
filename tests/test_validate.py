"""`gateway-docs validate` and the loader: every bad input gives its error at the right file:line:col, no traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gateway_docs.cli import main
from gateway_docs.load import load_spec
from gateway_docs.core.diagnostics import SpecError
from gateway_docs.validate import validate_spec

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "validate"
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "helicone" / "ai-gateway.openapi.json"


def run_validate(capsys, *args):
    code = main(["validate", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def case_spec(case: Path) -> Path:
    """The input of a case folder: ``spec:`` in its expected.yaml, else its one spec.yaml or spec.json."""
    named = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8")).get("spec")
    if named:
        return case / named
    (spec,) = [p for p in (case / "spec.yaml", case / "spec.json") if p.is_file()]
    return spec


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_validate_case(capsys, case):
    """tests/fixtures/validate/<case>/: exactly the problems of expected.yaml (file, line, column, pointer, a part of
    the message); the CLI prints each as FILE:LINE:COL, exits 1 on any, and never shows a traceback."""
    spec = case_spec(case)
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))["problems"]
    _, problems = validate_spec(str(spec))
    key = lambda r: (r[0], r[1], r[2], r[3] or "")  # noqa: E731  (file, line, col, pointer; a pointer may be None)
    actual = sorted(((str(Path(p.location.file).resolve().relative_to(case.resolve())), p.location.line,
                      p.location.col, p.pointer, p.message) for p in problems), key=key)
    wanted = sorted(((e.get("file", str(spec.relative_to(case))), e["line"], e["col"], e["pointer"], e["message"])
                     for e in expected), key=key)
    listing = "\n".join(f"  {a[0]}:{a[1]}:{a[2]}: {a[4]} [{a[3]}]" for a in actual) or "  nothing"
    assert [a[:4] for a in actual] == [w[:4] for w in wanted], f"validate reported:\n{listing}"
    for a, w in zip(actual, wanted):
        assert w[4] in a[4], f"{a[0]}:{a[1]}:{a[2]}: {a[4]!r} lacks {w[4]!r}"

    code, out = run_validate(capsys, spec)
    assert code == (1 if expected else 0) and "Traceback" not in out, out
    for file, line, col, _, message in wanted:
        assert any(f"{file}:{line}:{col}: error: " in ln and message in ln for ln in out.splitlines()), out


def test_real_cause_not_generic_anyof_message(capsys):
    code, out = run_validate(capsys, CASES / "bad-type" / "spec.json")
    assert code == 1
    assert "is not valid under any of the given schemas" not in out
    assert "listed in the 'oneOf'" not in out
    assert "[structure] (/paths/~1a/get/responses/200/content/application~1json/schema/type)" in out


def test_json_format_for_machines(capsys):
    code, out = run_validate(capsys, "--format", "json", CASES / "unresolved-ref" / "spec.json")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    (problem,) = report["problems"]
    assert problem["line"] == 5 and problem["column"] == 107
    assert problem["pointer"].endswith("/schema/$ref")
    assert problem["file"].endswith("unresolved-ref/spec.json")


def test_external_refs_are_resolved_and_bundled(capsys):
    code, out = run_validate(capsys, CASES / "external-refs" / "spec.yaml")
    assert code == 0, out
    spec = load_spec(CASES / "external-refs" / "spec.yaml")
    schema_ref = spec.data["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema_ref == {"$ref": "#/components/schemas/Thing"}
    thing = spec.data["components"]["schemas"]["Thing"]
    # the recursive reference stays a reference; the other file became its own component
    assert thing["properties"]["child"] == {"$ref": "#/components/schemas/Thing"}
    assert spec.data["components"]["schemas"]["other"] == {"type": "string"}
    # positions map back to the file the node came from
    loc = spec.locate("/components/schemas/Thing/properties/child")
    assert loc.file.endswith("schemas.yaml") and loc.line == 4


def test_remote_ref_not_fetched_without_flag(capsys, monkeypatch):
    import urllib.request

    def boom(*a, **k):  # the network must not be touched
        raise AssertionError("fetched a remote $ref without --allow-remote")

    monkeypatch.setattr(urllib.request, "urlopen", boom)
    code, out = run_validate(capsys, CASES / "remote-ref" / "spec.yaml")
    assert code == 1 and "--allow-remote" in out


def test_missing_file_and_not_openapi(capsys, tmp_path):
    code, out = run_validate(capsys, tmp_path / "nope.json")
    assert code == 1 and "nope.json: error: file not found" in out
    other = tmp_path / "x.yaml"
    other.write_text("just: data\n")
    code, out = run_validate(capsys, other)
    assert code == 1 and "top-level 'openapi' field is missing" in out
    swagger = tmp_path / "s.json"
    swagger.write_text('{"swagger": "2.0"}')
    code, out = run_validate(capsys, swagger)
    assert code == 1 and "Swagger 2.0 is not supported" in out


def test_alias_bomb_is_refused_fast(tmp_path):
    import time

    start = time.perf_counter()
    with pytest.raises(SpecError) as err:
        load_spec(CASES / "alias-bomb" / "spec.yaml")
    # refusing must not expand the document: generous bound, it takes milliseconds
    assert time.perf_counter() - start < 2.0
    assert "alias" in str(err.value)


def test_yaml_and_json_positions_agree(tmp_path):
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
           "paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    j = tmp_path / "a.json"
    j.write_text(json.dumps(doc, indent=2))
    spec = load_spec(j)
    loc = spec.locate("/paths/~1x/get/responses/200/description")
    assert (loc.line, loc.col) == (12, 13)
    y = tmp_path / "a.yaml"
    y.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
                 "        200:\n          description: ok\n")
    spec = load_spec(y)
    assert spec.data["paths"]["/x"]["get"]["responses"]["200"]["description"] == "ok"  # int key became a string
    loc = spec.locate("/paths/~1x/get/responses/200/description")
    assert (loc.line, loc.col) == (8, 11)
    # a pointer that does not exist is located at its nearest ancestor
    assert spec.locate("/paths/~1x/get/nothing").line == 5


def test_validates_any_openapi_document_upstream(capsys):
    code, out = run_validate(capsys, UPSTREAM)
    assert code == 0, out


def test_our_spec_and_its_source_validate(capsys):
    code, out = run_validate(capsys, ROOT / "specs" / "ai-gateway.openapi.json", ROOT / "specs" / "src")
    assert code == 0, out
    assert out.count("valid OpenAPI 3.0") == 2


def test_bundle_is_up_to_date(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["bundle", "--check"])
    out = capsys.readouterr()
    assert code == 0, out.err


def test_bundle_check_detects_stale_output(capsys, tmp_path):
    out_file = tmp_path / "bundle.json"
    out_file.write_text("{}\n")
    assert main(["bundle", str(ROOT / "specs" / "src"), "-o", str(out_file), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert out_file.read_text() == "{}\n"  # --check writes nothing
    assert main(["bundle", str(ROOT / "specs" / "src"), "-o", str(out_file)]) == 0
    assert json.loads(out_file.read_text())["openapi"].startswith("3.0")


def test_fragment_conflict_names_both_places(capsys, tmp_path):
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    (tmp_path / "a.yaml").write_text("components:\n  schemas:\n    X: {type: string}\n")
    (tmp_path / "b.yaml").write_text("components:\n  schemas:\n    Y: {type: string}\n    X: {type: integer}\n")
    code, out = run_validate(capsys, tmp_path)
    assert code == 1
    assert "b.yaml:4:5: error: /components/schemas/X is defined twice: here and at" in out
    assert "a.yaml:3:5" in out


def test_cli_never_prints_a_traceback():
    proc = subprocess.run([sys.executable, "-m", "gateway_docs", "validate", str(CASES / "syntax-yaml" / "spec.yaml")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "spec.yaml:4:11" in proc.stdout


def test_openapi_31_documents_are_validated(capsys, tmp_path):
    good = tmp_path / "v31.yaml"
    good.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
                    "        '200':\n          description: ok\n          content:\n            application/json:\n"
                    "              schema: {type: [string, 'null']}\n")
    code, out = run_validate(capsys, good)
    assert code == 0 and "valid OpenAPI 3.1" in out
    bad = tmp_path / "v31bad.yaml"
    bad.write_text(good.read_text().replace("description: ok\n", "descriptio: ok\n"))
    code, out = run_validate(capsys, bad)
    assert code == 1
    assert "v31bad.yaml:7:9: error: 'description' is required here" in out
    assert "v31bad.yaml:8:11: error: unexpected field 'descriptio'" in out


def test_unsupported_version_points_at_the_field(capsys, tmp_path):
    f = tmp_path / "v4.yaml"
    f.write_text("info: {title: t, version: '1'}\nopenapi: 4.0.0\npaths: {}\n")
    code, out = run_validate(capsys, f)
    assert code == 1 and "v4.yaml:2:1: error: unsupported OpenAPI version '4.0.0'" in out


@pytest.mark.parametrize("text", ["a: &x [1]\nb: *x\n", "a: !!seq &x [1]\nb: [*x,*x]\n", "- &a 1\n- *a\n",
                                  "a: {k: &z 1, j: *z}\n", "&a x: 1\n"])
def test_alias_prefilter_never_misses_an_anchor_or_alias(text):
    """Big specs skip the alias-bomb count when no anchor/alias token can be there; that check must not miss one."""
    from gateway_docs.load.yaml_text import _has_token
    assert _has_token(text, "&") and (_has_token(text, "*") or "*" not in text)
    assert not _has_token("description: R&D, **bold** and a * b\n", "&")
    assert not _has_token("description: R&D, **bold** and a * b\n", "*")


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_schema_checks_match_openapi_spec_validator(tmp_path, version):
    """A pattern Python cannot compile and a default of the wrong type: reported at their own lines, on the same
    nodes openapi-spec-validator blames."""
    import sys as _sys
    _sys.path.insert(0, str(ROOT / "tests"))
    from osv_reference import reference_nodes

    from gateway_docs.structure import check
    from gateway_docs.validate import iter_problems

    spec_file = tmp_path / "s.yaml"
    spec_file.write_text(f'openapi: {version}\ninfo: {{title: t, version: "1"}}\npaths: {{}}\ncomponents:\n'
                         '  schemas:\n    A: {type: string, pattern: "("}\n    B: {type: string, default: 5}\n')
    spec = load_spec(spec_file)
    found = {(p.location.line, p.pointer) for p in iter_problems(spec)}
    assert found == {(6, "/components/schemas/A/pattern"), (7, "/components/schemas/B/default")}
    assert {f.owner for f in check(spec, merge=False)} == reference_nodes(spec.data, version[:3])
