"""Crash safety of ``gateway-docs mintlify``: SIGKILL at random moments, then every file is old or new, never half.

The command runs as a real subprocess (no test hook, no slowed-down writes). A third of the kills come after a
random delay anywhere in the run; the rest wait for the run's first atomic rename (the spec's inode changes) and
then a random few milliseconds, so they land among the page writes. Each kill starts from the complete other
version of two specs (B drops an operation, so runs also delete a page and change docs.json). After each kill:

- every file the command owns holds exactly its version-A or version-B text (or is absent where one version has
  no such file);
- every hand-written page is byte-identical;
- a clean run afterwards succeeds and removes the temp files a kill left behind.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"
OUR_DOCS = ROOT / "docs" / "mintlify"
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "mintlify"
KILLS = int(os.environ.get("GATEWAY_DOCS_CRASH_KILLS", "24"))

pytestmark = [pytest.mark.slow]


def specs(tmp_path: Path) -> tuple[Path, Path]:
    a = json.loads(SPEC.read_text())
    b = json.loads(SPEC.read_text())
    for data, tag in ((a, "A"), (b, "B")):
        for item in data["paths"].values():
            for op in item.values():
                if isinstance(op, dict):
                    op["description"] = f"Version {tag}. " + op.get("description", "")
    del b["paths"]["/v1/responses"]
    paths = tmp_path / "a.json", tmp_path / "b.json"
    for path, data in zip(paths, (a, b)):
        path.write_text(json.dumps(data))
    return paths


def site(dst: Path) -> Path:
    """Our Mintlify folder plus the four upstream hand-written pages (not listed in our docs.json)."""
    dst.mkdir(parents=True)
    for name in ("docs.json", "index.mdx"):
        shutil.copyfile(OUR_DOCS / name, dst / name)
    shutil.copytree(OUR_DOCS / "guides", dst / "guides")
    shutil.copytree(UPSTREAM / "rest", dst / "rest")
    return dst / "docs.json"


def command(docs_json: Path, spec: Path) -> list[str]:
    return [sys.executable, "-m", "gateway_docs", "mintlify", "--docs-json", str(docs_json), "--spec", str(spec),
            "--style", "mdx", "--guides", "--guides-anchor", "Documentation"]


def complete(argv: list[str]) -> None:
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sigkill_at_random_points_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    spec_a, spec_b = specs(tmp_path)
    # The two complete outputs, made by uninterrupted runs in scratch copies.
    versions = []
    for name, spec in (("a", spec_a), ("b", spec_b)):
        docs = site(tmp_path / f"full-{name}")
        complete(command(docs, spec))
        versions.append(tree(docs.parent))
    hand_written = {k: v for k, v in tree(UPSTREAM).items() if k.startswith("rest/")}
    assert all(versions[0][k] == versions[1][k] == v for k, v in hand_written.items())
    owned = (set(versions[0]) | set(versions[1])) - set(hand_written) - {"index.mdx"}
    assert any(versions[0].get(k) != versions[1].get(k) for k in owned)

    docs = site(tmp_path / "victim")
    root = docs.parent
    differ = sorted(k for k in owned if versions[0].get(k) != versions[1].get(k))
    complete(command(docs, spec_a))
    spec_out = root / "ai-gateway.openapi.json"  # the first file a run writes (docs.json is the last)
    rng = random.Random(int(os.environ.get("GATEWAY_DOCS_CRASH_SEED", "15")))
    early = late = mixed = 0
    for i in range(KILLS):
        source, target = (spec_a, 0) if i % 2 else (spec_b, 1)
        # Start each kill from a complete other version, so "how far did it get" can be read off the files.
        complete(command(docs, spec_a if target else spec_b))
        inode = spec_out.stat().st_ino
        proc = subprocess.Popen(command(docs, source), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i % 3 == 0:  # anywhere in the run, start-up and planning included
            time.sleep(rng.uniform(0.0, 0.6))
        else:  # in the write phase: wait for the first atomic rename (a new inode), then a few milliseconds more
            while proc.poll() is None and spec_out.stat().st_ino == inode:
                pass
            time.sleep(rng.uniform(0.0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = tree(root)
        for rel, content in hand_written.items():
            assert now.get(rel) == content, f"kill {i}: hand-written {rel} changed"
        for rel in owned:
            allowed = {versions[0].get(rel), versions[1].get(rel)}
            assert now.get(rel) in allowed, f"kill {i}: {rel} is neither version (half-written?)"
        strays = set(now) - owned - set(hand_written) - {"index.mdx"}
        assert all(Path(s).name.startswith(".") and s.endswith(".tmp") for s in strays), strays
        done = sum(now.get(rel) == versions[target].get(rel) for rel in differ)
        if done == 0:
            early += 1
        elif done == len(differ):
            late += 1
        else:
            mixed += 1
    print(f"{KILLS} kills: {early} before the first write, {mixed} between writes, {late} after the last")
    assert mixed >= 1, "no kill landed between two writes: raise GATEWAY_DOCS_CRASH_KILLS"
    # A clean run finishes the job and sweeps the temp files killed runs left.
    complete(command(docs, spec_b))
    assert tree(root) == versions[1]
