"""`gateway-docs lint`: config, output formats, exit codes, the upstream spec's known defects, and our own spec."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gateway_docs.cli import main
from gateway_docs.core.diagnostics import UsageError
from gateway_docs.lint import lint_path
from gateway_docs.lint.config import LintConfig, load_config
from gateway_docs.lint.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "helicone" / "ai-gateway.openapi.json"
OUR_SPEC = ROOT / "specs" / "ai-gateway.openapi.json"

# A tiny spec with four errors (operationId, security, 200 without content, Zod null) and five warnings.
SMALL = """openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        '200': {description: ok}
components:
  schemas:
    T:
      anyOf:
        - {type: number}
        - {type: string, nullable: true, enum: [null]}
"""


@pytest.fixture
def small(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no pyproject.toml above tmp: the defaults apply
    (tmp_path / "spec.yaml").write_text(SMALL)
    return tmp_path / "spec.yaml"


def run_cli(capsys, *args):
    code = main(["lint", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def write_config(tmp_path, text, name="lint.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


# -- config ---------------------------------------------------------------------------------------------------


def test_defaults_find_the_three_findings(small):
    rules = sorted(f.rule for f in lint_path(str(small), load_config(None, RULES)).findings)
    assert "operation-operationId" in rules and "operation-summary" in rules
    # a house rule: only under the gateway preset
    assert "no-zod-null-branch" not in rules
    assert "no-zod-null-branch" in {f.rule for f in lint_path(str(small), preset="gateway").findings}


def test_severity_override_and_off(small, tmp_path):
    cfg = load_config(write_config(tmp_path, '[tool.gateway-docs.lint.rules]\nno-zod-null-branch = "warn"\n'
                                              'operation-summary = "off"\n'), RULES, explicit=True)
    findings = lint_path(str(small), cfg).findings
    assert {f.severity for f in findings if f.rule == "no-zod-null-branch"} == {"warn"}
    assert not [f for f in findings if f.rule == "operation-summary"]
    assert [f for f in findings if f.rule == "operation-description"]  # other rules untouched


def test_ignore_one_finding_by_pointer_keeps_the_rule(small, tmp_path):
    (tmp_path / "spec2.yaml").write_text(SMALL.replace("  schemas:\n", "  schemas:\n    U:\n      anyOf:\n"
                                                       "        - {type: number}\n"
                                                       "        - {type: string, nullable: true, enum: [null]}\n"))
    cfg = load_config(write_config(tmp_path, 'preset = "gateway"\n[[ignore]]\nrule = "no-zod-null-branch"\n'
                                              'pointer = "/components/schemas/T/anyOf/1"\n'), RULES, explicit=True)
    zod = [f.pointer for f in lint_path(str(tmp_path / "spec2.yaml"), cfg).findings if f.rule == "no-zod-null-branch"]
    assert zod == ["/components/schemas/U/anyOf/1"]
    cfg_tree = load_config(write_config(tmp_path, 'preset = "gateway"\n[[ignore]]\nrule = "no-zod-null-branch"\n'
                                                   'pointer = "/components/schemas/**"\n'), RULES, explicit=True)
    assert not [f for f in lint_path(str(tmp_path / "spec2.yaml"), cfg_tree).findings if f.rule == "no-zod-null-branch"]


@pytest.mark.parametrize("text, line, needle", [
    ('[tool.gateway-docs.lint]\npreset = "all"\n\n[tool.gateway-docs.lint.rules]\noperation-sumary = "warn"\n', 5,
     "unknown rule 'operation-sumary' (did you mean 'operation-summary'?)"),
    ('[tool.gateway-docs.lint]\n[[tool.gateway-docs.lint.ignore]]\nrule = "no-such-rule"\npointer = "/a"\n', 3,
     "unknown rule 'no-such-rule' in an ignore entry"),
    ('[tool.gateway-docs.lint.rules]\noperation-summary = "loud"\n', 2, "severity must be one of"),
    ('[tool.gateway-docs.lint]\npreset = "strict"\n', 2, "unknown preset 'strict'"),
    ('[tool.gateway-docs.lint]\nfoo = 1\n', 2, "unknown lint setting 'foo'"),
    ('[tool.gateway-docs.lint\n', 1, "invalid TOML"),
])
def test_config_mistakes_are_errors_with_file_and_line(small, tmp_path, capsys, text, line, needle):
    cfg = write_config(tmp_path, text, "pyproject.toml")
    with pytest.raises(UsageError) as e:
        load_config(cfg, RULES)
    assert str(e.value).startswith(f"{cfg}:{line}"), str(e.value)
    assert needle in str(e.value)
    # through the CLI: exit 2, the message, no traceback (pyproject.toml found from the cwd)
    code, out, err = run_cli(capsys, small)
    assert code == 2 and needle in err and "Traceback" not in err


def test_pyproject_found_from_cwd_upwards(small, tmp_path, monkeypatch):
    write_config(tmp_path, '[tool.gateway-docs.lint.rules]\noperation-operationId = "off"\n', "pyproject.toml")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    cfg = load_config(None, RULES)
    assert cfg.rules == {"operation-operationId": "off"} and cfg.source.endswith("pyproject.toml")


def test_presets(small):
    by_preset = {p: {f.rule for f in lint_path(str(small), preset=p).findings} for p in ("minimal", "recommended")}
    assert "operation-summary" not in by_preset["minimal"]
    assert "operation-summary" in by_preset["recommended"]
    assert all(RULES[r].in_preset("minimal") for r in by_preset["minimal"])


def test_recommended_holds_no_house_rule():
    """A stranger's spec linted with the default preset gets no Helicone-gateway house rule; the project's own
    pyproject.toml selects the gateway preset, which adds them."""
    house = {"gateway-error-schema", "gateway-examples", "gateway-streaming", "no-zod-null-branch",
             "no-safe-integer-bounds", "number-bounds", "property-description", "request-body-required",
             "additional-properties-consistent", "consistent-inline-objects", "union-discriminator-required",
             "no-duplicate-inline-schemas"}
    assert not {r for r in RULES if r.startswith("gateway-") and RULES[r].in_preset("recommended")}
    assert all(not RULES[r].in_preset("recommended") and RULES[r].in_preset("gateway") for r in house)
    assert LintConfig().preset == "recommended"
    assert load_config(ROOT / "pyproject.toml", RULES, explicit=True).preset == "gateway"


# -- output formats and exit codes ----------------------------------------------------------------------------


def test_text_format_is_the_shared_diagnostic_form(small, capsys):
    code, out, _ = run_cli(capsys, "--preset", "gateway", small)
    assert code == 1  # there are errors
    lines = out.splitlines()
    pattern = re.compile(r"^spec\.yaml:\d+:\d+: (error|warn): .+ \[[a-z0-9A-Z-]+\] \(/[^)]*\)$")
    finding_lines = [ln for ln in lines if re.match(r"spec\.yaml:\d", ln)]
    assert finding_lines and all(pattern.match(ln) for ln in finding_lines), finding_lines
    assert re.search(r"^spec\.yaml:13:11: error: .* \[no-zod-null-branch\] \(/", out, re.M)
    assert "\033[" not in out  # not a TTY: no colour
    assert lines[-1] == "spec.yaml: 4 errors, 5 warnings"


def test_colour_when_asked(small, capsys):
    _, out, _ = run_cli(capsys, "--color", "always", small)
    assert "\033[31merror" in out


def test_fail_on(small, tmp_path, capsys):
    cfg = write_config(tmp_path, '[rules]\noperation-operationId = "warn"\nno-zod-null-branch = "warn"\n'
                                 'security-defined = "warn"\noperation-2xx-response = "warn"\n')
    assert run_cli(capsys, "--config", cfg, small)[0] == 0  # only warnings left
    assert run_cli(capsys, "--config", cfg, "--fail-on", "warn", small)[0] == 1
    clean = tmp_path / "clean.yaml"
    clean.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    assert run_cli(capsys, "--fail-on", "warn", clean)[0] == 0


def test_syntax_error_is_reported_without_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("openapi: 3.0.3\ninfo: [\n")
    code, out, err = run_cli(capsys, "bad.yaml")
    assert code == 1 and "bad.yaml:" in err and "invalid YAML" in err and "Traceback" not in err


def test_json_format(small, capsys):
    code, out, _ = run_cli(capsys, "--format", "json", "--preset", "gateway", small)
    report = json.loads(out)
    assert report["summary"] == {"error": 4, "warn": 5, "info": 0}
    f = next(f for f in report["findings"] if f["rule"] == "no-zod-null-branch")
    assert (f["line"], f["column"], f["pointer"]) == (13, 11, "/components/schemas/T/anyOf/1")
    assert f["docs"] == "docs/lint-rules.md#no-zod-null-branch"


def test_sarif_is_structurally_valid_2_1_0(small, capsys):
    code, out, _ = run_cli(capsys, "--format", "sarif", small)
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] and isinstance(driver["rules"], list)
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert run["results"]
    for res in run["results"]:
        assert res["level"] in ("error", "warning", "note")
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["message"]["text"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == "spec.yaml"
        assert phys["region"]["startLine"] >= 1 and phys["region"]["startColumn"] >= 1
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_github_annotations(small, capsys):
    code, out, _ = run_cli(capsys, "--format", "github", "--preset", "gateway", small)
    lines = out.splitlines()
    annotations = [ln for ln in lines if ln.startswith("::")]
    pattern = re.compile(r"^::(error|warning|notice) file=spec\.yaml,line=\d+,col=\d+,title=[\w-]+::.+$")
    assert annotations and all(pattern.match(a) for a in annotations), annotations
    assert any(a.startswith("::error file=spec.yaml,line=13,col=11,title=no-zod-null-branch::") for a in annotations)
    assert code == 1


def test_list_rules(capsys):
    code, out, _ = run_cli(capsys, "--list-rules")
    assert code == 0 and all(rule_id in out for rule_id in RULES)


# -- the upstream spec: every defect of upstream-spec.md §6 is reported -------------------------------------------

# defect number -> rules that must fire (gateway preset), with a pointer fragment at least one must carry.
UPSTREAM_DEFECTS = {
    1: [("no-zod-null-branch", "/properties/temperature/anyOf/1")],
    2: [("no-zod-null-branch", "/properties/metadata/anyOf/1")],
    3: [("nullable-type", "/properties/stop/nullable")],
    4: [("request-body-required", "/paths/~1v1~1responses/post/requestBody")],
    5: [("anyof-redundant", "/properties/model/anyOf")],
    6: [("operation-operationId", "/paths/~1v1~1chat~1completions/post")],
    7: [("operation-tags", "/paths/~1v1~1models/get")],
    8: [("security-defined", "/paths/~1v1~1chat~1completions/post")],
    9: [("operation-2xx-response", "/paths/~1v1~1responses/post/responses/200"),
        ("gateway-streaming", "/paths/~1v1~1chat~1completions/post/responses"),
        ("operation-4xx-response", "/paths/~1v1~1chat~1completions/post/responses")],
    10: [("gateway-error-schema", "/paths/~1v1~1models/get/responses/500")],
    11: [("property-description", "/properties/"), ("gateway-examples", "/paths/~1v1~1models/get")],
    12: [("no-safe-integer-bounds", "/maximum"), ("no-duplicate-inline-schemas", "")],
    13: [("union-discriminator-required", "/anyOf/")],
    14: [("union-discriminator-required", "/anyOf/")],
    15: [("additional-properties-consistent", "/context_editing/additionalProperties")],
    16: [("consistent-inline-objects", "/properties/reasoning_options")],
    17: [("number-bounds", "/properties/temperature")],
    # 18 is drift between two upstream versions: not a property of one file (pin a commit; bundle --check).
}


@pytest.fixture(scope="module")
def upstream_result():
    return lint_path(str(UPSTREAM), preset="gateway")


@pytest.mark.parametrize("defect", sorted(UPSTREAM_DEFECTS))
def test_upstream_defect_is_reported(upstream_result, defect):
    for rule_id, fragment in UPSTREAM_DEFECTS[defect]:
        assert RULES[rule_id].in_preset("gateway")
        hits = [f for f in upstream_result.findings if f.rule == rule_id and fragment in f.pointer]
        assert hits, f"defect {defect}: {rule_id} did not fire at *{fragment}*"
        assert all(f.location.line > 0 for f in hits)


def test_upstream_counts_match_the_notes(upstream_result):
    by_rule = {}
    for f in upstream_result.findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    assert by_rule["no-zod-null-branch"] == 71  # upstream-spec.md §4
    assert by_rule["nullable-type"] == 1
    assert by_rule["no-safe-integer-bounds"] == 44  # 22 schemas, minimum and maximum
    assert by_rule["operation-operationId"] == 3
    assert upstream_result.stats["property_descriptions"] == {"described": 3, "total": 435}


# -- our own spec ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def our_result():
    return lint_path(str(OUR_SPEC))


def test_our_spec_has_no_lint_errors(our_result):
    errors = [f"{f.location} {f.rule} {f.message}" for f in our_result.findings if f.severity == "error"]
    assert not errors, "\n".join(errors)


def test_our_spec_lints_clean_under_its_config():
    """With the project's own configuration (pyproject.toml: gateway preset plus per-finding ignores, each with
    a reason), our spec has no finding at all."""
    from gateway_docs.lint.config import load_config
    from gateway_docs.lint.rules import RULES

    config = load_config(ROOT / "pyproject.toml", RULES, explicit=True)
    assert config.ignores, "the project's ignores were not read"
    result = lint_path(str(OUR_SPEC), config=config)
    findings = [f"{f.location} {f.rule} {f.message}" for f in result.findings]
    assert not findings, "\n".join(findings)


def test_project_ignores_are_all_still_needed():
    """An ignore that matches nothing is stale: it would silently hide a future finding at that place."""
    from gateway_docs.lint.config import LintConfig, load_config
    from gateway_docs.lint.rules import RULES

    config = load_config(ROOT / "pyproject.toml", RULES, explicit=True)
    raw = lint_path(str(OUR_SPEC), config=LintConfig(preset=config.preset)).findings
    for ignore in config.ignores:
        assert any(ignore.matches(f.rule, f.pointer) for f in raw), f"stale ignore: {ignore}"


# -- the rules' docs page -------------------------------------------------------------------------------------


def test_rules_docs_page_is_up_to_date_and_has_every_rule():
    from gateway_docs.lint.docs import render
    page = (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    assert page == render(RULES), "docs/lint-rules.md is stale: run 'python -m gateway_docs.lint.docs'"
    for rule_id in RULES:
        assert f'<a id="{rule_id}"></a>\n\n## {rule_id}\n' in page


def test_docs_check_mode_exits_1_on_drift(tmp_path, capsys):
    from gateway_docs.lint.docs import main as docs_main
    page = tmp_path / "rules.md"
    assert docs_main(["--output", str(page)]) == 0
    assert docs_main(["--output", str(page), "--check"]) == 0
    page.write_text(page.read_text() + "drift\n")
    assert docs_main(["--output", str(page), "--check"]) == 1


def test_ci_workflow_and_pre_commit_hooks_use_the_lint_verbs():
    import yaml
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["gateway-docs-lint"]["entry"] == "gateway-docs lint"
    assert hooks["gateway-docs-validate"]["entry"] == "gateway-docs validate"
    assert all(h["language"] == "python" for h in hooks.values())
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "spec-lint.yml").read_text())
    steps = wf["jobs"]["lint"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    for cmd in ("make venv", "bundle --check", "gateway-docs validate", "lint --format github", "lint --format sarif"):
        assert cmd in runs
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert wf["jobs"]["lint"]["permissions"]["security-events"] == "write"


def test_ill_typed_node_is_a_finding_not_a_crash(capsys):
    """``responses: "nope"``: rules that expect a mapping must not crash; struct reports the real problem."""
    bad = ROOT / "tests" / "fixtures" / "validate" / "responses-not-object" / "spec.json"
    code, out, err = run_cli(capsys, "--preset", "all", bad)
    assert code == 1 and "internal error" not in err
    assert re.search(r"spec\.json:1:\d+: error: 'nope' is not of type 'object' \[struct\] "
                     r"\(/paths/~1a/get/responses\)", out)
