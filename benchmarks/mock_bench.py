#!/usr/bin/env python3
"""Throughput and latency of `gateway-docs mock` against Stoplight Prism (`prism mock`), side by side.

Bounded local load only: wrk on loopback (default -t1 -c16 -d10s) against one server at a time, same machine.
Scenarios: a valid chat request, an invalid one (a message without `role`), GET /v1/models, and a streamed chat
request (wrk's latency is the whole stream; time to first byte is measured separately with sequential raw-socket
requests). Prism runs with `-v silent` (its fastest setting) on the upstream gateway spec (../shared, when present)
and on ours. Writes benchmarks/results/mock.md.

    .venv/bin/python benchmarks/mock_bench.py [--duration 10] [--connections 16] [--prism-spec both|ours|upstream]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from gateway_docs.files import write_atomic  # noqa: E402

BENCH = ROOT / "benchmarks"
OUR_SPEC = ROOT / "specs" / "ai-gateway.openapi.json"
UPSTREAM_SPEC = ROOT.parent / "shared" / "reference" / "helicone" / "ai-gateway.openapi.json"
PRISM = BENCH / "node_modules" / ".bin" / "prism"

VALID = {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "You are a helpful assistant."},
                                              {"role": "user", "content": "Say hello in one sentence."}]}
INVALID = {"model": "gpt-4o-mini", "messages": [{"content": "Say hello in one sentence."}]}
STREAM = {**VALID, "stream": True}
SCENARIOS = [  # name, method, path, body
    ("valid chat", "POST", "/v1/chat/completions", VALID),
    ("invalid chat", "POST", "/v1/chat/completions", INVALID),
    ("GET /v1/models", "GET", "/v1/models", None),
    ("streamed chat", "POST", "/v1/chat/completions", STREAM),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listening on {port} after {timeout}s")


def lua(method: str, body: dict | None) -> str:
    lines = [f'wrk.method = "{method}"', 'wrk.headers["Authorization"] = "Bearer sk-bench"']
    if body is not None:
        lines += ['wrk.headers["Content-Type"] = "application/json"', f"wrk.body = [[{json.dumps(body)}]]"]
    return "\n".join(lines) + "\n"


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if m is None:  # e.g. "-nan" when a starved server answered nothing
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url: str, script: Path, args) -> dict:
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
                          "-s", str(script), url], capture_output=True, text=True, check=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    rps = float(m.group(1)) if m else 0.0
    p50, p99 = (_ms(m.group(1)) if (m := re.search(rf"{q}%\s+(\S+)", out)) else float("nan") for q in (50, 99))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1) if errors else ""}


def probe(port: int, method: str, path: str, body: dict | None) -> int:
    """The status the server answers this scenario with (what wrk's numbers are made of)."""
    data = json.dumps(body).encode() if body is not None else b""
    req = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-bench\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode() + data
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(req)
        return int(s.recv(64).split()[1])


def ttfb(port: int, body: dict, n: int) -> tuple[float, float]:
    """p50/p99 time to first byte (ms) of sequential streamed requests on one keep-alive connection."""
    data = json.dumps(body).encode()
    req = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-bench\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode() + data
    samples = []
    for _ in range(n):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            t0 = time.perf_counter()
            s.sendall(req)
            s.recv(1)
            samples.append((time.perf_counter() - t0) * 1000)
            while s.recv(65536):
                pass
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def bench_server(name: str, cmd: list[str], port: int, args, tmp: Path) -> dict:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc)
        probe(port, "GET", "/v1/models", None)  # warm up
        results = {}
        for label, method, path, body in SCENARIOS:
            script = tmp / f"{abs(hash(label))}.lua"
            script.write_text(lua(method, body))
            status = probe(port, method, path, body)
            print(f"  {name}: {label} (HTTP {status}) ...", file=sys.stderr, flush=True)
            results[label] = {**run_wrk(f"http://127.0.0.1:{port}{path}", script, args), "status": status}
        results["ttfb"] = ttfb(port, STREAM, args.ttfb_requests)
        return results
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def ensure_prism() -> None:
    if PRISM.exists():
        return
    if shutil.which("npm") is None:
        sys.exit("mock_bench: npm is needed to install Prism (benchmarks/package.json)")
    print("mock_bench: installing Prism into benchmarks/node_modules", file=sys.stderr)
    subprocess.run(["npm", "ci" if (BENCH / "package-lock.json").exists() else "install", "--no-audit", "--no-fund",
                    "--loglevel=error"], cwd=BENCH, check=True)


def version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except Exception:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ttfb-requests", type=int, default=300)
    ap.add_argument("--prism-spec", choices=["both", "ours", "upstream", "none"], default="both")
    ap.add_argument("--output", default=str(BENCH / "results" / "mock.md"))
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("mock_bench: wrk is not installed (apt-get install wrk)")
    servers = []
    port = free_port()
    servers.append(("gateway-docs mock (our spec)", [sys.executable, "-m", "gateway_docs", "mock", "--port", str(port),
                                                     "--spec", str(OUR_SPEC)], port))
    specs = {"ours": OUR_SPEC, "upstream": UPSTREAM_SPEC}
    wanted = {"both": ["upstream", "ours"], "none": []}.get(args.prism_spec, [args.prism_spec])
    if "upstream" in wanted and not UPSTREAM_SPEC.exists():
        print("mock_bench: ../shared is absent; Prism runs on our spec only", file=sys.stderr)
        wanted = [w for w in wanted if w != "upstream"] or ["ours"]
    if wanted:
        ensure_prism()
    for key in wanted:
        port = free_port()
        servers.append((f"Prism, silent ({key} spec)", [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port),
                                                        "-v", "silent", str(specs[key])], port))
    env_py = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    os.environ.update(env_py)
    results = {}
    args.load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for name, cmd, port in servers:
            print(f"mock_bench: {name}", file=sys.stderr, flush=True)
            results[name] = bench_server(name, cmd, port, args, Path(tmp))
    args.load_after = os.getloadavg()[0]
    text = report(results, args)
    write_atomic(args.output, text)
    print(text)
    return 0


def report(results: dict, args) -> str:
    names = list(results)
    ours = names[0]
    lines = ["# gateway-docs mock vs Prism", "",
             f"Measured by `benchmarks/mock_bench.py` on {os.cpu_count()} cores ({platform.processor() or platform.machine()}),"
             f" Python {platform.python_version()}, {version(['node', '--version'])} , {version(['wrk', '--version'])}.",
             f"Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s` on loopback, one server at a time. "
             "gateway-docs mock validates every request body against the spec; Prism runs `-v silent`. "
             f"1-minute load average {args.load_before:.1f} before, {args.load_after:.1f} after (other work on the "
             "machine slows both servers alike; compare ratios).", "",
             "| scenario | server | HTTP status | requests/s | p50 ms | p99 ms | ratio vs Prism |",
             "|---|---|---|---|---|---|---|"]
    prisms = names[1:]
    for label, *_ in SCENARIOS:
        for name in names:
            r = results[name][label]
            ratio = ""
            if name == ours and prisms:
                ratio = " / ".join(f"{r['rps'] / results[p][label]['rps']:.1f}x" for p in prisms)
            lines.append(f"| {label} | {name} | {r['status']} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} |"
                         f" {ratio} |")
    lines += ["", f"Streamed chat, time to first byte ({args.ttfb_requests} sequential requests, new connection each):", "",
              "| server | p50 ms | p99 ms |", "|---|---|---|"]
    for name in names:
        p50, p99 = results[name]["ttfb"]
        lines.append(f"| {name} | {p50:.2f} | {p99:.2f} |")
    if prisms:
        lines += ["", "Ratios are gateway-docs mock's requests/s divided by each Prism run's, in the order of the Prism "
                  "rows. An invalid body that Prism answers with 200 was not validated."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
