#!/usr/bin/env python3
"""How long running every example snippet against the mock takes, whole `gateway-docs snippets run` processes
(mock start-up included), medians of N runs: the default (Python snippets forked from a process that already
imported the SDK, TypeScript types stripped in one esbuild call) next to --no-preload (each snippet as
`python FILE` / `node --import tsx FILE`, as a developer runs it). Also the CPU time of each, which is what a
loaded 2-core CI machine pays. Writes benchmarks/results/snippets.md.

    .venv/bin/python benchmarks/snippets_bench.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def once(extra: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "gateway_docs", "snippets", "run", *extra], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "scripts")))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"snippets run {' '.join(extra)} failed:\n{proc.stdout[-3000:]}{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    count = subprocess.run([sys.executable, "-m", "gateway_docs", "snippets", "list"], cwd=ROOT, capture_output=True,
                           text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))).stdout.count("\n")
    rows = []
    for label, extra in (("default (pre-forked Python, batch-stripped TS)", []),
                         ("--no-preload (python FILE, node + tsx FILE)", ["--no-preload"])):
        samples = [once(extra) for _ in range(args.runs)]
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        rows.append((label, wall, cpu))
        print(f"{label:<50} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    load = os.getloadavg()[0]
    base = rows[1]
    lines = [f"# gateway-docs snippets run: {count} snippets against the mock, median of {args.runs}", "",
             f"{os.cpu_count()} CPUs, load average at the end {load:.1f}.", "",
             "| mode | wall (s) | CPU (s) | wall vs --no-preload |", "| --- | ---: | ---: | ---: |"]
    for label, wall, cpu in rows:
        lines.append(f"| {label} | {wall:.2f} | {cpu:.2f} | {base[1] / wall:.1f}x |")
    out = ROOT / "benchmarks" / "results" / "snippets.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
