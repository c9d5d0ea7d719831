#!/usr/bin/env python3
"""Two versions of `gateway-docs mock` side by side, interleaved: is a change within noise on a busy machine?

mock_bench.py runs one server after another, so on a shared machine a change of load between runs shows up as a
change of speed. Here both versions run at once (each idle while the other is measured) and wrk alternates between
them in ABBA order for --rounds rounds of each scenario of mock_bench.py, so both see the same load; the report gives
each one's median requests/s and the ratio B/A. Multiply a mock_bench.py ratio vs Prism by B/A to carry it over.
It also gives each server's CPU time per request (its utime + stime from /proc over a run, divided by the requests
wrk completed): on a machine others are using, that moves far less with their load than requests/s does.

    git archive <commit> | tar -x -C /tmp/base     # the baseline: any checkout with scripts/gateway_docs
    .venv/bin/python benchmarks/mock_ab.py --baseline /tmp/base [--rounds 5] [--duration 5] [--output FILE]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import mock_bench as mb  # noqa: E402


def start(scripts: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(scripts)}
    proc = subprocess.Popen([sys.executable, "-m", "gateway_docs", "mock", "--port", str(port), "--spec",
                             str(mb.OUR_SPEC)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    mb.wait_port(port, proc)
    mb.probe(port, "GET", "/v1/models", None)  # warm up
    return proc


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(proc: subprocess.Popen[bytes], url: str, script: Path, args: argparse.Namespace) -> tuple[float, float]:
    """(requests/s, server CPU microseconds per request) of one wrk run."""
    before = cpu_seconds(proc.pid)
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "-s",
                          str(script), url], capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(proc.pid) - before
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    done = re.search(r"(\d+) requests in", out)
    if rps is None or done is None or int(done.group(1)) == 0:
        raise RuntimeError(f"wrk: no requests completed:\n{out}")
    return float(rps.group(1)), cpu / int(done.group(1)) * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, required=True, help="a checkout whose scripts/ holds version A")
    ap.add_argument("--candidate", type=Path, default=ROOT, help="version B (default: this checkout)")
    ap.add_argument("--rounds", type=int, default=5, help="ABBA rounds per scenario (default 5)")
    ap.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--output", default=str(BENCH / "results" / "mock-ab.md"))
    args = ap.parse_args()
    ports = {"A": mb.free_port(), "B": mb.free_port()}
    procs = {"A": start(args.baseline / "scripts", ports["A"]), "B": start(args.candidate / "scripts", ports["B"])}
    rps: dict[str, dict[str, list[float]]] = {label: {"A": [], "B": []} for label, *_ in mb.SCENARIOS}
    cpu: dict[str, dict[str, list[float]]] = {label: {"A": [], "B": []} for label, *_ in mb.SCENARIOS}
    load_before = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, method, path, body in mb.SCENARIOS:
                script = Path(tmp) / "s.lua"
                script.write_text(mb.lua(method, body))
                for which in ports:
                    status = mb.probe(ports[which], method, path, body)
                    assert status == mb.probe(ports["A"], method, path, body), (label, which, status)
                for r in range(args.rounds):
                    for which in ("A", "B") if r % 2 == 0 else ("B", "A"):
                        r_s, us = measure(procs[which], f"http://127.0.0.1:{ports[which]}{path}", script, args)
                        rps[label][which].append(r_s)
                        cpu[label][which].append(us)
                        print(f"  {label} {which}: {r_s:,.0f} req/s, {us:.1f} us CPU/request", file=sys.stderr,
                              flush=True)
    finally:
        for proc in procs.values():
            proc.terminate()
            proc.wait(15)
    load_after = os.getloadavg()[0]
    lines = ["# gateway-docs mock: two versions, interleaved", "",
             f"A = `{args.baseline}`, B = `{args.candidate}`. `benchmarks/mock_ab.py`: both servers up at once, wrk "
             f"`-t{args.threads} -c{args.connections} -d{args.duration}s` alternating ABBA, {args.rounds} runs each "
             f"per scenario, on {os.cpu_count()} cores; 1-minute load average {load_before:.1f} before, "
             f"{load_after:.1f} after.", "",
             "| scenario | A median req/s | B median req/s | B/A | A CPU us/req | B CPU us/req | B/A (CPU) |",
             "|---|---|---|---|---|---|---|"]
    for label in rps:
        a, b = statistics.median(rps[label]["A"]), statistics.median(rps[label]["B"])
        ca, cb = statistics.median(cpu[label]["A"]), statistics.median(cpu[label]["B"])
        lines.append(f"| {label} | {a:,.0f} | {b:,.0f} | {b / a:.2f} | {ca:.1f} | {cb:.1f} | {cb / ca:.2f} |")
    lines += ["", "Every run (requests/s; CPU us/request):", ""]
    for label in rps:
        for which in ("A", "B"):
            runs = ", ".join(f"{r:,.0f}; {c:.1f}" for r, c in zip(rps[label][which], cpu[label][which]))
            lines.append(f"- {label}, {which}: {runs}")
    text = "\n".join(lines) + "\n"
    Path(args.output).write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
