"""Running snippets: each one as a reader would run it (python / node + tsx / bash + curl), in parallel, against a
gateway (a mock started on a free port unless told otherwise), compared with its declared output."""
from __future__ import annotations

import concurrent.futures
import contextlib
import difflib
import itertools
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..core.diagnostics import GatewayDocsError
from . import readable
from .examples import NODE_DIR, ROOT, Snippet

DEFAULT_BASE_URL = "https://ai-gateway.helicone.ai/v1"
MOCK_API_KEY = "sk-helicone-mock"  # the mock accepts any bearer token
FAULT_PLAN = "faults.json"  # in the snippets folder: {"<group>/<name>.<ext>": "<fault>[-<count>]"}


def fault_plan(root: Path) -> dict[str, str]:
    """The snippets the mock should fail for, from ``<root>/faults.json``: a retry example must meet a 429 to show
    its retries, yet its code must stay the plain call a reader runs against the real gateway. So the harness, not
    the snippet, asks for the fault: such a snippet runs with the reserved key ``sk-mock-fault-<fault>[-<count>]``
    (see docs/mock-gateway.md), and pages never show keys."""
    path = Path(root) / FAULT_PLAN
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: str(v) for k, v in data.items() if not k.startswith("_")}


def snippet_key(snippet: Snippet, api_key: str, plan: dict[str, str]) -> str:
    """The API key ``snippet`` runs with: a reserved fault key when the plan lists it, else ``api_key``."""
    fault = plan.get(snippet.rel)
    return f"sk-mock-fault-{fault}" if fault else api_key


def command_for(snippet: Snippet, node_dir: Path = NODE_DIR) -> list[str]:
    """The argv that runs ``snippet`` the way a developer would (python / node + tsx / bash)."""
    if snippet.ext == "py":
        return [sys.executable, str(snippet.path)]
    if snippet.ext == "ts":
        runtime = Path(node_dir) / "snippet-runtime.mjs"
        if not (Path(node_dir) / "node_modules" / "tsx").is_dir():
            raise GatewayDocsError(f"{snippet.rel}: TypeScript snippets need the npm packages in {node_dir}/node_modules"
                                   " (run: make node-deps)")
        return ["node", "--no-warnings", "--import", runtime.as_uri(), str(snippet.path)]
    return ["bash", "-e", str(snippet.path)]  # -e: a multi-command snippet stops at the first failure


# --------------------------------------------------------------------------------------------- running
@dataclass
class Result:
    snippet: Snippet
    ok: bool
    seconds: float
    returncode: int | None  # None on timeout
    stdout: str
    stderr: str
    reason: str  # "" when ok; else "exit 1", "timeout after 30 s", "output differs"
    diff: str = ""


def environment(base_url: str, api_key: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a snippet runs with: the gateway URL and key, and nothing that could redirect the SDKs."""
    env = dict(os.environ if base is None else base)
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "NODE_OPTIONS"):
        env.pop(name, None)
    env.update(HELICONE_BASE_URL=base_url, HELICONE_API_KEY=api_key, PYTHONUNBUFFERED="1", NO_COLOR="1",
               PYTHONDONTWRITEBYTECODE="1")
    loopback = "127.0.0.1,localhost,::1"
    env["NO_PROXY"] = env["no_proxy"] = ",".join(filter(None, [env.get("NO_PROXY"), loopback]))
    return env


@contextlib.contextmanager
def _curl_home() -> Iterator[str]:
    # curl exits 0 on an HTTP error status; a .curlrc with fail-with-body makes a 4xx/5xx fail the snippet while
    # the snippet stays the plain command a reader would type.
    with tempfile.TemporaryDirectory(prefix="gateway-docs-curl-") as home:
        Path(home, ".curlrc").write_text("fail-with-body\nsilent\nshow-error\nmax-time = 30\n")
        yield home


class PythonZygote:
    """Client of :mod:`gateway_docs.snippets.zygote`: runs Python snippets in children forked from a process that
    already imported the SDK (saves ~1 s of CPU per snippet). Thread-safe; close() when done."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "scripts"), env.get("PYTHONPATH")]))
        self._proc = subprocess.Popen([sys.executable, "-m", "gateway_docs.snippets.zygote"], cwd=ROOT, env=env,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self._proc.stdout is not None
        first = self._proc.stdout.readline()
        if '"ready"' not in first:
            self._proc.kill()
            raise GatewayDocsError(f"the Python snippet runner did not start: {first!r}")
        self._lock = threading.Lock()
        self._waiters: dict[str, queue.Queue[dict[str, Any]]] = {}
        self._ids = itertools.count()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            msg = json.loads(line)
            self._waiters[msg["id"]].put(msg)

    def run(self, path: Path, env: dict[str, str], timeout: float) -> tuple[int | None, str, str]:
        with tempfile.TemporaryDirectory(prefix="gateway-docs-snippet-") as tmp:
            out, err = Path(tmp, "stdout"), Path(tmp, "stderr")
            ident = str(next(self._ids))
            waiter: queue.Queue[dict[str, Any]] = queue.Queue()
            self._waiters[ident] = waiter
            request = {"id": ident, "path": str(path), "cwd": str(path.parent), "env": env, "stdout": str(out),
                       "stderr": str(err)}
            with self._lock:
                assert self._proc.stdin is not None
                self._proc.stdin.write(json.dumps(request) + "\n")
                self._proc.stdin.flush()
            pid = waiter.get(timeout=30)["pid"]
            try:
                status: int | None = waiter.get(timeout=timeout)["status"]
            except queue.Empty:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                waiter.get(timeout=30)
                status = None
            del self._waiters[ident]
            return status, out.read_text(errors="replace"), err.read_text(errors="replace")

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


@contextlib.contextmanager
def transpiled(snippets: list[Snippet], node_dir: Path = NODE_DIR) -> Iterator[dict[Path, Path]]:
    """Strip the types of every TypeScript snippet in one esbuild call (what tsx does per file, minus ~0.5 s of
    loader start-up each); yield {snippet path: JavaScript path}. The output sits under tests/node so that bare
    imports resolve from its node_modules; inline source maps keep stack traces pointing at docs/snippets.
    Yields {} (so each snippet runs through tsx and reports its own error) when esbuild is missing or fails."""
    ts = [s for s in snippets if s.ext == "ts"]
    esbuild = Path(node_dir) / "node_modules" / ".bin" / "esbuild"
    if not ts or not esbuild.exists():
        yield {}
        return
    with tempfile.TemporaryDirectory(prefix=".snippet-build-", dir=node_dir) as out:
        base = os.path.commonpath([str(s.path.parent.parent) for s in ts])
        proc = subprocess.run([str(esbuild), *(str(s.path) for s in ts), f"--outdir={out}", f"--outbase={base}",
                               "--format=esm", "--platform=node", "--target=node20", "--sourcemap=inline",
                               "--log-level=error"], capture_output=True, text=True)
        if proc.returncode != 0:
            yield {}
            return
        yield {s.path: Path(out) / s.path.relative_to(base).with_suffix(".js") for s in ts}


def _execute(snippet: Snippet, env: dict[str, str], timeout: float, zygote: PythonZygote | None,
             javascript: dict[Path, Path], faults: bool) -> tuple[int | None, str, str]:
    plan = fault_plan(snippet.path.parent.parent) if faults else {}
    if snippet.rel in plan:
        env = {**env, "HELICONE_API_KEY": snippet_key(snippet, env.get("HELICONE_API_KEY", ""), plan)}
    if zygote is not None and snippet.ext == "py":
        return zygote.run(snippet.path, env, timeout)
    argv = command_for(snippet)
    if snippet.path in javascript:
        argv = ["node", "--enable-source-maps", str(javascript[snippet.path])]
    try:
        proc = subprocess.run(argv, env=env, cwd=snippet.path.parent, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
        return None, out, err
    return proc.returncode, proc.stdout, proc.stderr


def run_snippet(snippet: Snippet, env: dict[str, str], timeout: float = 30.0,
                zygote: PythonZygote | None = None, javascript: dict[Path, Path] | None = None,
                faults: bool = True) -> Result:
    """Run one snippet; it fails on a non-zero exit, a timeout, or stdout other than its declared output.
    ``faults``: apply the fault plan (only against the mock; the real gateway would refuse the reserved keys)."""
    start = time.perf_counter()
    code, stdout, stderr = _execute(snippet, env, timeout, zygote, javascript or {}, faults)
    seconds = time.perf_counter() - start
    if code is None:
        return Result(snippet, False, seconds, None, stdout, stderr, f"timeout after {timeout:g} s")
    if code != 0:
        return Result(snippet, False, seconds, code, stdout, stderr, f"exit {code}")
    if snippet.ext == "sh" and not stdout.strip():
        return Result(snippet, False, seconds, 0, stdout, stderr, "printed nothing")
    unreadable = readable.problems(stdout) if snippet.expected is not None else []
    if unreadable:  # checked before the comparison, so `--update` cannot record filler
        return Result(snippet, False, seconds, 0, stdout, stderr, "unreadable output", "\n".join(unreadable))
    if snippet.expected is not None and stdout != snippet.expected:
        diff = "".join(difflib.unified_diff(snippet.expected.splitlines(True), stdout.splitlines(True),
                                            fromfile=f"{snippet.rel}.out (declared)", tofile="stdout (actual)"))
        return Result(snippet, False, seconds, 0, stdout, stderr, "output differs", diff)
    return Result(snippet, True, seconds, 0, stdout, stderr, "")


def run_all(snippets: list[Snippet], base_url: str, api_key: str = MOCK_API_KEY, jobs: int | None = None,
            timeout: float = 30.0, preload: bool = True, faults: bool = True) -> list[Result]:
    """Run ``snippets`` in parallel (threads: each waits on a child process). ``preload`` forks the Python ones
    from a process that has already imported the SDK and strips the TypeScript types in one batch; without it each
    runs exactly as :func:`command_for` says (``python FILE``, ``node --import tsx FILE``)."""
    with contextlib.ExitStack() as stack:
        env = environment(base_url, api_key)
        env["CURL_HOME"] = stack.enter_context(_curl_home())
        zygote = None
        javascript: dict[Path, Path] = {}
        if preload and any(s.ext == "py" for s in snippets):
            zygote = PythonZygote()
            stack.callback(zygote.close)
        if preload:
            javascript = stack.enter_context(transpiled(snippets))
        jobs = jobs or min(8, max(2, (os.cpu_count() or 2) * 2))
        # Slowest first (TypeScript, then Python), so the short cURL runs fill the gaps at the end.
        order = {"ts": 0, "py": 1, "sh": 2}
        ranked = sorted(range(len(snippets)), key=lambda i: order[snippets[i].ext])
        results: list[Result | None] = [None] * len(snippets)
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            futures = {pool.submit(run_snippet, snippets[i], env, timeout, zygote, javascript, faults): i
                       for i in ranked}
            for future in concurrent.futures.as_completed(futures):
                results[futures[future]] = future.result()
        return [r for r in results if r is not None]


# --------------------------------------------------------------------------------------------- the mock
def mock_url_from_line(line: str) -> str | None:
    m = re.search(r"https?://[^\s'\"<>]+", line)
    if not m:
        return None
    url = m.group(0).rstrip("/.,")
    return url if url.endswith("/v1") else url + "/v1"


@contextlib.contextmanager
def running_mock(startup_timeout: float = 30.0, extra_args: Iterable[str] = ()) -> Iterator[str]:
    """Start ``gateway-docs mock --port 0`` on loopback; yield its base URL (``http://127.0.0.1:N/v1``); stop it."""
    argv = [sys.executable, "-m", "gateway_docs", "mock", "--host", "127.0.0.1", "--port", "0", *extra_args]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "scripts"), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    lines: list[str] = []
    found: list[str] = []
    ready = threading.Event()

    def pump() -> None:  # keep draining the pipe so the mock never blocks on a full stdout
        assert proc.stdout is not None
        for line in proc.stdout:
            if not found:
                lines.append(line)
                url = mock_url_from_line(line)
                if url:
                    found.append(url)
                    ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    try:
        ready.wait(startup_timeout)
        if not found:
            raise GatewayDocsError("gateway-docs mock did not print its URL within "
                                   f"{startup_timeout:g} s; its output:\n" + "".join(lines[-20:]))
        yield found[0]
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

