"""The test suite's own rules: vendored upstream files are the ones their SOURCE.md describes; no test silently
fails to run (tests/conftest.py)."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream"
SOURCES = sorted(UPSTREAM.glob("*/SOURCE.md"))


def recorded_hashes(source_md: Path) -> dict[str, str]:
    """{file: sha256} from the SOURCE.md table rows: the file is the first cell, the sha256 the last."""
    rows = {}
    for line in source_md.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[0-9a-f]{64}", cells[-1]):
            rows[cells[0]] = cells[-1]
    return rows


def test_every_upstream_source_has_a_source_md():
    folders = sorted(p for p in UPSTREAM.iterdir() if p.is_dir())
    assert folders, UPSTREAM
    assert [p.parent for p in SOURCES] == folders


@pytest.mark.parametrize("source_md", SOURCES, ids=lambda p: p.parent.name)
def test_vendored_files_match_their_recorded_sha256(source_md):
    folder = source_md.parent
    recorded = recorded_hashes(source_md)
    present = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                     if p.is_file() and p.name not in ("SOURCE.md", ".gitattributes"))
    assert sorted(recorded) == present, f"{source_md}: the table must list exactly the files in {folder}"
    for name, sha in recorded.items():
        actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert actual == sha, f"{folder / name}: sha256 {actual}, {source_md.name} records {sha}"


# -- nothing silently unrun (tests/conftest.py) -------------------------------------------------------------

SCENARIO = '''
import pytest

def test_passes():
    pass

def test_skips_silently():
    pytest.skip("needs something that is not here")

@pytest.mark.optional_tier("gpu")
def test_listed_tier():
    pytest.skip("no GPU")

@pytest.mark.optional_tier("quantum")
def test_unlisted_tier():
    pytest.skip("no qubits")

@pytest.mark.xfail(reason="declared", strict=True)
def test_declared_xfail():
    assert False
'''
README = "# x\n\n## Tests\n\n### Optional test tiers\n\n- `gpu`: needs a GPU\n\n## Next\n\n- `quantum`: not a tier\n"
XDIST = ["-p", "xdist.plugin", "-n", "2"]


def run_pytest_in(tmp_path: Path, files: dict[str, str], *args: str):
    """A throwaway project with our conftest, README and markers; pytest run on it in a subprocess."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())
    (tmp_path / "README.md").write_text(README)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\naddopts = "--strict-markers -p no:cacheprovider"\n'
        'markers = ["optional_tier(name): x"]\n')
    for name, text in files.items():
        (tmp_path / "tests" / name).write_text(text)
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # only what the run needs: starts in a second
    return subprocess.run([sys.executable, "-m", "pytest", "tests", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env=env)


def test_optional_tiers_are_read_from_the_readme(tmp_path):
    from conftest import optional_tiers

    (tmp_path / "README.md").write_text(README)
    assert optional_tiers(tmp_path / "README.md") == {"gpu"}
    assert optional_tiers(ROOT / "README.md") == set()  # none today: every test runs on every machine


@pytest.mark.parametrize("xdist", [False, True], ids=["serial", "xdist"])
def test_a_skip_fails_the_run_and_is_named(tmp_path, xdist):
    files = {"test_scenario.py": SCENARIO,
             "test_module_skip.py": 'import pytest\npytest.skip("tool missing", allow_module_level=True)\n'}
    proc = run_pytest_in(tmp_path, files, *(XDIST if xdist else []))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    summary = out[out.index("tests that did not run: the run fails"):]
    assert "test_scenario.py::test_skips_silently: needs something that is not here" in summary
    assert "test_scenario.py::test_unlisted_tier: no qubits [optional_tier('quantum') is not listed" in summary
    assert "test_module_skip.py: tool missing (the whole module)" in summary
    assert "test_listed_tier" not in summary and "test_declared_xfail" not in summary
    assert "3 test(s) skipped" in summary


def test_an_approved_tier_may_skip(tmp_path):
    files = {"test_ok.py": SCENARIO.split("def test_skips_silently")[0]
             + '@pytest.mark.optional_tier("gpu")\ndef test_gpu():\n    pytest.skip("no GPU")\n'}
    proc = run_pytest_in(tmp_path, files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed, 1 skipped" in proc.stdout and "did not run" not in proc.stdout


@pytest.mark.parametrize("xdist", [False, True], ids=["serial", "xdist"])
def test_tests_sharing_a_node_id_fail_the_run(tmp_path, xdist):
    """Items with one node id (as schemathesis' parametrize makes): xdist's scheduler would run only one."""
    (tmp_path / "twice.py").write_text("def pytest_collection_modifyitems(items):\n    items.append(items[0])\n")
    proc = run_pytest_in(tmp_path, {"test_one.py": "def test_one():\n    pass\n"}, "-p", "twice",
                         *(XDIST if xdist else []))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "DUPLICATE tests/test_one.py::test_one: 2 tests have this node id" in out
