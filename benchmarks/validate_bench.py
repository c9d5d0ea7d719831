"""Benchmark: whole-process `gateway-docs validate` vs `redocly lint` on other people's big specs.

    .venv/bin/python benchmarks/validate_bench.py [--runs 7]

Specs: OpenAI's 3 MB OpenAPI 3.1 YAML (tests/fixtures/openai) and GitHub's 13 MB 3.0 JSON (@octokit/openapi, from
tests/corpus: `make node-deps`). Each command runs as a whole process (start-up and imports count), ours and
Redocly's alternating run by run so machine load hits both alike; medians and ratios go to
benchmarks/results/validate.md, with an in-process breakdown of where our time goes.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = HERE / "node_modules" / ".bin"
PY = str(ROOT / ".venv" / "bin" / "python")
GD = str(ROOT / ".venv" / "bin" / "gateway-docs")
ENV = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}
SPECS = {
    "OpenAI (3.1 YAML, 3.0 MB)": ROOT / "tests" / "fixtures" / "openai" / "openapi.yaml",
    "GitHub (3.0 JSON, 13 MB)": ROOT / "tests" / "corpus" / "node_modules" / "@octokit" / "openapi" / "generated"
    / "api.github.com.json",
}

PHASES = r"""
import sys, time, json
from pathlib import Path
clock = time.process_time  # CPU seconds: the machine is shared, wall time of one run says little
t0 = clock()
from gateway_docs.load.refs import Loader, check_and_bundle
from gateway_docs.load.spec import Spec
from gateway_docs.structure import check, document_validator, schema_meta_validator
from gateway_docs.validate import detect_version
t1 = clock()
path = Path(sys.argv[1])
loader = Loader(path.parent, False)
key = str(path.resolve())
root = loader.load(key)
t2 = clock()
spec = Spec(source=str(path), data=root.data, documents={key: root}, origins={"": (root, "")})
check_and_bundle(spec, loader, key)
t3 = clock()
version = detect_version(spec)
document_validator(version); schema_meta_validator(version, "https://spec.openapis.org/oas/3.1/dialect/base")
import openapi_schema_validator  # noqa: F401 - the default-value checks use it
t4 = clock()
found = check(spec)
t5 = clock()
spec.locate_many(f.pointer for f in found)
t6 = clock()
print(json.dumps({"imports (ours)": t1 - t0, "read and parse": t2 - t1, "$ref checks and bundling": t3 - t2,
                  "meta-schemas and openapi-schema-validator import": t4 - t3, "structural checks": t5 - t4,
                  "locate findings": t6 - t5, "findings": len(found)}))
"""


NOTES = """
What changed (issue #17): `validate` used to run openapi-spec-validator, whose keyword walk (jsonschema-path objects,
a pure-Python meta-schema check of every Schema Object, list-based visited sets) took ~27 s on OpenAI's spec, ~85 s
with the detailed error pass that an invalid spec needs, and ~40 s on GitHub's. The same checks now run on the
loaded data with jsonschema-rs (`scripts/gateway_docs/structure.py`): ~0.1 s on OpenAI's spec, ~0.2-0.4 s on
GitHub's, with the same verdict and problem nodes (tests/test_corpus.py compares them).

What is left on OpenAI's YAML is mostly PyYAML: composing the 3 MB file into nodes (kept for exact line/column) is
~0.4 s of CPU, the floor of the CSafeLoader path; a faster resolver does not help (the C composer dominates), and
the YAML alias-bomb count no longer runs when no anchor/alias token can be present (-1.5 s on this file). Faster
parsers evaluated (CPU, OpenAI's file): yaml-rs 0.1.6 `loads` 0.04 s and rapidyaml 0.15.2 parse 0.01 s against
PyYAML compose 0.45 s. Not adopted yet: yaml-rs gives no positions (they would have to come from a lazy PyYAML
compose, which a spec with findings needs anyway) and reads YAML 1.2 (`yes`, `on`, `1e3`, `0777`, merge keys differ
from PyYAML's 1.1), and rapidyaml's Python tree would need a node-by-node walk in Python to build the data. The
rest: interpreter start-up and imports (~0.35 s, of which openapi-schema-validator's pydantic settings ~0.1 s,
needed for the `default` checks), `$ref` checks (0.06 s), meta-schema compilation (0.1 s).
"""


def time_once(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process. CPU (user + system, the process and its children) is less
    disturbed by other jobs on a shared machine than wall time, so both are reported."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=HERE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ensure_tools() -> None:
    if not (BIN / "redocly").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    ensure_tools()
    commands: dict[str, list[str]] = {}
    for label, spec in SPECS.items():
        if not spec.exists():
            sys.exit(f"{spec} is missing (make node-deps installs the corpus)")
        commands[f"gateway-docs validate, {label}"] = [GD, "validate", str(spec)]
        commands[f"redocly lint, {label}"] = [str(BIN / "redocly"), "lint", "--format=json", "--max-problems",
                                              "1000000", str(spec)]
    for cmd in commands.values():  # warm the page cache and the npm module cache
        time_once(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(args.runs):
        for name, cmd in commands.items():
            wall, used = time_once(cmd)
            times[name].append(wall)
            cpu[name].append(used)
        print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    med = {name: statistics.median(ts) for name, ts in times.items()}
    med_cpu = {name: statistics.median(ts) for name, ts in cpu.items()}
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# `gateway-docs validate` vs `redocly lint` on other people's specs",
        "",
        f"Generated by `benchmarks/validate_bench.py` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores "
        f"(shared with other test runs), Python {sys.version.split()[0]}, Node {node}, @redocly/cli from "
        f"benchmarks/package.json. Whole-process wall time, median of {args.runs} interleaved runs (after one "
        "warm-up run each).",
        "",
        "| command | wall median (s) | wall min (s) | wall max (s) | CPU median (s) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, ts in times.items():
        lines.append(f"| {name} | {med[name]:.3f} | {min(ts):.3f} | {max(ts):.3f} | {med_cpu[name]:.3f} |")
    lines += ["", "Ratios (gateway-docs validate / redocly lint; target <= 1, moonshot 0.5):", ""]
    for label in SPECS:
        ours, theirs = f"gateway-docs validate, {label}", f"redocly lint, {label}"
        lines.append(f"- {label}: wall medians **{med[ours] / med[theirs]:.2f}**, wall minimums "
                     f"{min(times[ours]) / min(times[theirs]):.2f}, CPU medians {med_cpu[ours] / med_cpu[theirs]:.2f}")
    lines += ["", "## Where our time goes", "", "One in-process run per spec (CPU seconds; interpreter start-up not "
              "included):", "",
              "| phase | " + " | ".join(SPECS) + " |", "| --- |" + " --- |" * len(SPECS)]
    import json

    phases = {}
    for label, spec in SPECS.items():
        out = subprocess.run([PY, "-c", PHASES, str(spec)], capture_output=True, text=True, cwd=ROOT,
                             env={**ENV, "PYTHONPATH": str(ROOT / "scripts")}, check=True).stdout
        phases[label] = json.loads(out.splitlines()[-1])
    for key in next(iter(phases.values())):
        lines.append(f"| {key} | " + " | ".join(f"{phases[label][key]:.3f}" if isinstance(phases[label][key], float)
                                                  else str(phases[label][key]) for label in SPECS) + " |")
    lines += ["", NOTES.strip()]
    text = "\n".join(lines) + "\n"
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "validate.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
