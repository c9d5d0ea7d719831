#!/usr/bin/env python3
"""`gateway-docs mintlify` next to Mintlify's own tooling on the same spec, whole processes, medians of N runs.

Compared: our command (bundle check + docs.json merge + spec copy; a no-change run, as in CI), `mint openapi-check`
(@mintlify/cli), @mintlify/openapi-parser `validate()` and @mintlify/prebuild (strict) through
tests/node/mintlify/check.mjs, plus the in-process docs.json merge alone on the upstream docs.json (the vendored
copy in tests/fixtures/upstream/mintlify), and our command as `make mintlify` runs it (with --guides).
Specs: ours, and the synthetic Stripe-size spec from gen_large_spec.py (~420 operations).
Needs `make node-deps`. Writes benchmarks/results/mintlify.md.

    .venv/bin/python benchmarks/mintlify_bench.py [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINT = ROOT / "tests" / "node" / "mintlify"
UPSTREAM_DOCS = ROOT / "tests" / "fixtures" / "upstream" / "mintlify" / "docs.json"
sys.path.insert(0, str(ROOT / "scripts"))


def median_s(cmd: list[str], runs: int, cwd: Path, env: dict) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    env = {**os.environ, "MINTLIFY_TELEMETRY_DISABLED": "1", "CI": "true"}
    tmp = Path(tempfile.mkdtemp(prefix="mint-bench-"))
    specs = {"ours": ROOT / "specs" / "ai-gateway.openapi.json"}
    large = tmp / "large.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_large_spec.py"), str(large)], check=True)
    specs["synthetic Stripe-size"] = large
    rows = []
    for name, spec in specs.items():
        site = tmp / name.replace(" ", "-")
        site.mkdir()
        for f in ("docs.json", "index.mdx"):
            shutil.copyfile(ROOT / "docs" / "mintlify" / f, site / f)
        ours = [str(ROOT / ".venv" / "bin" / "gateway-docs"), "mintlify", "--docs-json", str(site / "docs.json"),
                "--spec", str(spec)]
        subprocess.run(ours, check=True, stdout=subprocess.DEVNULL)
        t_ours = median_s(ours, args.runs, ROOT, env)
        t_check = median_s([str(MINT / "node_modules" / ".bin" / "mint"), "openapi-check", "ai-gateway.openapi.json"],
                           args.runs, site, env)
        t_parser = median_s(["node", str(MINT / "check.mjs"), "openapi", "ai-gateway.openapi.json"], args.runs, site,
                            env)
        t_prebuild = median_s(["node", str(MINT / "check.mjs"), "prebuild", str(site)], args.runs, site, env)
        rows.append((name, t_ours, t_check, t_parser, t_prebuild))
        if name == "ours":
            with_guides = ours + ["--guides", "--guides-anchor", "Documentation"]
            subprocess.run(with_guides, check=True, stdout=subprocess.DEVNULL)
            t_guides = median_s(with_guides, args.runs, ROOT, env)
    merge_us = None
    if UPSTREAM_DOCS.exists():
        import json

        from gateway_docs.mintlify import merge_docs_json, navigation_pages
        text = UPSTREAM_DOCS.read_text()
        pages = navigation_pages(json.loads((ROOT / "specs" / "ai-gateway.openapi.json").read_text()))
        n = 200
        t = time.perf_counter()
        for _ in range(n):
            merge_docs_json(text, "docs.json", pages, anchor="API Reference")
        merge_us = (time.perf_counter() - t) / n * 1e6
    shutil.rmtree(tmp)
    lines = [f"# gateway-docs mintlify vs Mintlify's tooling (medians of {args.runs} runs, whole process, seconds)",
             "", "| spec | gateway-docs mintlify | mint openapi-check | openapi-parser validate | prebuild (strict) |",
             "|---|---|---|---|---|"]
    for name, a, b, c, d in rows:
        lines.append(f"| {name} | {a:.2f} | {b:.2f} ({b / a:.1f}x) | {c:.2f} ({c / a:.1f}x) | {d:.2f} ({d / a:.1f}x) |")
    lines += ["", f"`gateway-docs mintlify --guides` (no-change run, as `make mintlify` and CI run it; ours): "
                  f"{t_guides:.2f} s."]
    if merge_us is not None:
        lines += ["", f"In-process docs.json merge on the upstream docs.json (23 KB, 688 lines): {merge_us:.0f} µs."]
    out = "\n".join(lines) + "\n"
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / "mintlify.md").write_text(out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
