"""Benchmark: reference pages and the site for a Stripe-size spec, beside Redocly's build-docs.

    .venv/bin/python benchmarks/render_bench.py [--runs 3] [--site-runs 1] [--out benchmarks/results/render.md]

- spec: benchmarks/gen_large_spec.py (synthetic, Stripe-shaped: ~425 operations; no registry package we may use
  ships Stripe's own spec3.json), written to benchmarks/.cache/large.json.
- "render": load the spec + render every page in one process (`gateway-docs reference`'s work), median of runs.
- "site": `mkdocs build --strict` of a project with that spec as its contract and our mkdocs.yml settings.
- "redocly": `redocly build-docs` of the same file into one HTML page, when benchmarks/node_modules has it
  (`npm install --prefix benchmarks`); otherwise the 1.5 s reference figure from peer-tools.md is quoted, marked
  as measured elsewhere. Our command and Redocly's run alternately (ours, theirs, ours, ...), so a change in the
  machine's load hits both alike.
- GitHub's spec (npm `@octokit/openapi`, `generated/api.github.com.json`, pinned in benchmarks/package.json): the
  same alternating comparison, when it is installed.
Figures are whole-process wall times on this machine; the load average is recorded because the machine is shared.
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

import yaml

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
REDOCLY = ROOT / "benchmarks" / "node_modules" / ".bin" / "redocly"
GITHUB_SPEC = ROOT / "benchmarks" / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"
REDOCLY_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def alternate(spec: Path, tmp: Path, runs: int, tag: str) -> tuple[list[float], list[float]]:
    """`gateway-docs reference` and `redocly build-docs` on one spec, run alternately; wall times of each."""
    py = str(ROOT / ".venv" / "bin" / "python")
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(runs):
        ours.append(timed([py, "-m", "gateway_docs", "reference", "--spec", str(spec), "--out",
                           str(tmp / f"{tag}-ref{i}"), "--snippets", ""], ROOT))
        if REDOCLY.exists():
            theirs.append(timed([str(REDOCLY), "build-docs", str(spec), "-o", str(tmp / f"{tag}-redoc{i}.html")],
                                ROOT, REDOCLY_ENV))
    return ours, theirs


def large_spec() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / "large.json"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import gen_large_spec  # shared with the lint benchmark

    text = json.dumps(gen_large_spec.generate(), indent=1)
    if not out.exists() or out.read_text() != text:
        out.write_text(text)
    return out


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return elapsed


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV [NAME, default]` read as its default."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def site_project(spec: Path, where: Path) -> Path:
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    (where / "docs").mkdir(parents=True, exist_ok=True)
    (where / "docs" / "index.md").write_text("# Large API\n")
    config = {k: ours[k] for k in ("site_name", "theme", "exclude_docs", "markdown_extensions", "strict")}
    plugin = next(p["gateway-docs"] for p in ours["plugins"] if isinstance(p, dict) and "gateway-docs" in p)
    config["plugins"] = ["search", {"gateway-docs": {"spec": str(spec), "snippets": "docs/snippets",
                                                     "max_ref_depth": plugin.get("max_ref_depth", 3)}}]
    config["nav"] = [{"Home": "index.md"}, {"API reference": "reference/index.md"}]
    (where / "docs" / "snippets").mkdir(exist_ok=True)
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return where / "mkdocs.yml"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--site-runs", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "render.md"))
    args = ap.parse_args()
    spec = large_spec()
    data = json.loads(spec.read_text())
    n_ops = sum(1 for item in data["paths"].values() for m in item if m in ("get", "post", "put", "patch", "delete"))
    py = str(ROOT / ".venv" / "bin" / "python")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        render, red = alternate(spec, tmp, args.runs, "large")
        pages = sum(1 for _ in (tmp / "large-ref0").rglob("*.md"))
        size = sum(f.stat().st_size for f in (tmp / "large-ref0").rglob("*.md"))
        rows.append(("gateway-docs reference (load + render all pages)", render, f"{pages} pages, {size / 1e6:.1f} MB Markdown"))
        if red:
            rows.append(("redocly build-docs (one HTML page, measured here)", red, "@redocly/cli, same spec, alternating"))
        if GITHUB_SPEC.exists():
            gh_ours, gh_red = alternate(GITHUB_SPEC, tmp, args.runs, "github")
            gh_pages = sum(1 for _ in (tmp / "github-ref0").rglob("*.md"))
            rows.append(("gateway-docs reference, GitHub api.github.com.json", gh_ours,
                         f"@octokit/openapi, {GITHUB_SPEC.stat().st_size / 1e6:.1f} MB, {gh_pages} pages"))
            if gh_red:
                rows.append(("redocly build-docs, GitHub api.github.com.json", gh_red, "alternating"))
        ours = [timed([py, "-m", "gateway_docs", "reference", "--out", str(tmp / f"own{i}")], ROOT)
                for i in range(args.runs)]
        rows.append(("gateway-docs reference, our spec", ours, "specs/ai-gateway.openapi.json"))
        config = site_project(spec, tmp / "project")
        site = [timed([py, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(tmp / f"site{i}")],
                      tmp / "project", {"NO_MKDOCS_2_WARNING": "1"}) for i in range(args.site_runs)]
        html = sum(1 for _ in (tmp / "site0").rglob("*.html"))
        rows.append(("mkdocs build --strict (site incl. reference)", site, f"{html} HTML pages"))
    load = os.getloadavg()
    lines = [
        "# Reference rendering and site build: benchmark",
        "",
        f"Spec: `benchmarks/gen_large_spec.py` (synthetic, Stripe-shaped), {spec.stat().st_size / 1e6:.1f} MB JSON, "
        f"{n_ops} operations, {len(data['components']['schemas'])} component schemas. Whole-process wall times, "
        f"medians of {args.runs} runs ({args.site_runs} for the site). Machine: {os.cpu_count()} cores, "
        f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} while measuring (shared machine).",
        "",
        "| what | median | runs | notes |",
        "| --- | --- | --- | --- |",
    ]
    for name, times, note in rows:
        lines.append(f"| {name} | {statistics.median(times):.2f} s | {', '.join(f'{t:.2f}' for t in times)} | {note} |")
    if not REDOCLY.exists():
        lines.append("| redocly build-docs, Stripe spec3.json (peer-tools.md, not measured here) | 1.50 s | | one HTML page |")
    for ours_name, red_name, label in (
            ("gateway-docs reference (load", "redocly build-docs (one HTML", "Stripe-size synthetic spec"),
            ("gateway-docs reference, GitHub", "redocly build-docs, GitHub", "GitHub's spec")):
        mine = next((r for r in rows if r[0].startswith(ours_name)), None)
        theirs = next((r for r in rows if r[0].startswith(red_name)), None)
        if mine and theirs:
            ratio = statistics.median(mine[1]) / statistics.median(theirs[1])
            lines += ["", f"Ratio, {label}: gateway-docs reference / redocly build-docs = {ratio:.2f}x "
                      "(Redocly writes one page that renders in the browser; we write one Markdown page per "
                      "operation and per schema, with every description and nested field in the page text)."]
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
