"""The test suite's own rules: vendored upstream files are the ones their SOURCE.md describes."""
from __future__ import annotations

import hashlib
import re
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
