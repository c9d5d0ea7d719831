"""Every lint rule against its fixture folder, tests/fixtures/lint/<rule-id>/ (see the README there):

- ``good*.yaml``: the rule reports nothing;
- ``bad*.yaml`` (or a ``bad*/`` fragment folder): the rule reports exactly the findings listed in the matching
  ``expected*.yaml`` (same pointers, lines and columns; each message contains the expected text).

The whole rule table runs (the ``all`` preset, through ``lint_path`` as the CLI does) and only the folder's rule is
compared, so a fixture stays valid when other rules change. Every registered rule must have a folder.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gateway_docs.lint import lint_path
from gateway_docs.lint.rules import RULES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"
FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def inputs(kind: str) -> list:
    """pytest params ``(rule folder, input)`` for every ``good*`` or ``bad*`` input, with ids ``rule/input``."""
    return [pytest.param(folder, path, id=f"{folder.name}/{path.name}")
            for folder in FOLDERS for path in sorted(folder.iterdir()) if path.name.startswith(kind)]


def expected_file(bad: Path) -> Path:
    return bad.parent / f"expected{bad.name[3:].removesuffix('.yaml')}.yaml"


def findings_of(rule_id: str, path: Path) -> list:
    return [f for f in lint_path(str(path), preset="all").findings if f.rule == rule_id]


def test_every_rule_has_a_fixture_folder_and_every_folder_a_rule():
    names = {folder.name for folder in FOLDERS}
    assert not set(RULES) - names, f"rules without tests/fixtures/lint/<rule-id>/: {sorted(set(RULES) - names)}"
    assert not names - set(RULES), f"fixture folders of no registered rule: {sorted(names - set(RULES))}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_fixture_folder_is_complete(folder):
    names = {p.name for p in folder.iterdir()}
    assert {"bad.yaml", "good.yaml", "expected.yaml"} <= names, f"{folder}: needs bad.yaml, good.yaml, expected.yaml"
    stray = sorted(n for n in names if not n.startswith(("bad", "good", "expected")))
    assert not stray, f"{folder}: files the test does not read: {stray}"
    bads = {n[3:].removesuffix(".yaml") for n in names if n.startswith("bad")}
    expects = {n[8:].removesuffix(".yaml") for n in names if n.startswith("expected")}
    assert bads == expects, f"{folder}: each bad*.yaml (or bad*/ folder) needs its expected*.yaml and vice versa"


@pytest.mark.parametrize("folder, good", inputs("good"))
def test_rule_is_silent_on_good(folder, good):
    found = findings_of(folder.name, good)
    assert not found, f"{folder.name} fired on {good}:\n" + "\n".join(
        f"  {f.location} {f.pointer}: {f.message}" for f in found)


WHERE = ("file", "line", "col", "pointer")


@pytest.mark.parametrize("folder, bad", inputs("bad"))
def test_rule_reports_exactly_the_expected_findings_on_bad(folder, bad):
    rule_id = folder.name
    expected = yaml.safe_load(expected_file(bad).read_text(encoding="utf-8"))
    assert expected["rule"] == rule_id, f"{expected_file(bad)}: rule {expected['rule']!r} in the {rule_id} folder"
    assert expected["findings"], f"{expected_file(bad)}: a bad input must have at least one finding"
    found = findings_of(rule_id, bad)
    for f in found:
        assert f.docs.endswith(f"lint-rules.md#{rule_id}") and f.severity == RULES[rule_id].severity

    def file_of(f) -> str:  # relative to a fragment folder; the file name for a single file
        return str(Path(f.location.file).resolve().relative_to(bad.resolve())) if bad.is_dir() else bad.name

    actual = sorted(({"file": file_of(f), "line": f.location.line, "col": f.location.col, "pointer": f.pointer,
                      "message": f.message} for f in found), key=lambda r: tuple(r[k] for k in WHERE))
    wanted = sorted(({"file": bad.name, **w} for w in expected["findings"]), key=lambda r: tuple(r[k] for k in WHERE))
    listing = "\n".join(f"  {r['file']}:{r['line']}:{r['col']} {r['pointer']}: {r['message']}" for r in actual)
    assert [tuple(r[k] for k in WHERE) for r in actual] == [tuple(w[k] for k in WHERE) for w in wanted], \
        f"{rule_id} on {bad.name}: not the findings of {expected_file(bad).name}; it reported:\n{listing}"
    for r, w in zip(actual, wanted):
        assert w["message"] in r["message"], f"{r['file']}:{r['line']}: {r['message']!r} lacks {w['message']!r}"
