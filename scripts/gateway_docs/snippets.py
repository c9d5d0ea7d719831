"""List, run and check the runnable example snippets in docs/snippets/ against a gateway (the mock by default).

A snippet is ``docs/snippets/<group>/<name>.<ext>``: ``sh`` (bash + curl), ``py`` (Python ``openai`` SDK) or ``ts``
(TypeScript, npm ``openai``). ``<group>`` is an operation slug (``post-v1-chat-completions``: the reference page for
that operation shows every snippet in the folder) or a guide topic (guides include files with ``--8<--`` lines).
An optional first-line comment ``# title: ...`` (``// title: ...`` in TypeScript) names it, and an optional
``<name>.<ext>.out`` next to it is the exact stdout it must print. Every snippet reads ``HELICONE_BASE_URL`` and
``HELICONE_API_KEY``, so the same file runs against the real gateway and the mock.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import difflib
import itertools
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import GatewayDocsError, UsageError

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS_DIR = ROOT / "docs" / "snippets"
DOCS_DIR = ROOT / "docs"
NODE_DIR = ROOT / "tests" / "node"
DEFAULT_BASE_URL = "https://ai-gateway.helicone.ai/v1"
MOCK_API_KEY = "sk-helicone-mock"  # the mock accepts any bearer token


@dataclass(frozen=True)
class Language:
    name: str  # Markdown fence language
    tab: str  # content-tab label on the pages
    comment: str  # line-comment prefix, for the "title:" metadata


# Order = tab order on the pages (cURL first, as in the upstream docs).
LANGUAGES: dict[str, Language] = {
    "sh": Language("bash", "cURL", "#"),
    "py": Language("python", "Python", "#"),
    "ts": Language("typescript", "TypeScript", "//"),
}


@dataclass(frozen=True)
class Snippet:
    path: Path  # absolute
    rel: str  # "<group>/<name>.<ext>": the path pages use after --8<--
    group: str
    name: str
    ext: str
    title: str | None
    expected: str | None  # declared stdout (contents of <rel>.out), None when not declared

    @property
    def language(self) -> Language:
        return LANGUAGES[self.ext]

    @property
    def include(self) -> str:
        """The pymdownx.snippets path for pages: skips the ``title:`` line (pages show the title themselves)."""
        return f"{self.rel}:2:" if self.title else self.rel

    @property
    def out_path(self) -> Path:
        return self.path.with_name(self.path.name + ".out")


def _title(text: str, comment: str) -> str | None:
    lines = text.splitlines()[:2]
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]  # a shebang may come first
    m = re.match(rf"{re.escape(comment)}\s*title:\s*(.+?)\s*$", lines[0]) if lines else None
    return m.group(1) if m else None


def discover(root: Path = SNIPPETS_DIR) -> list[Snippet]:
    """Every snippet under ``root`` (one folder level: ``<group>/<name>.<ext>``), sorted by path."""
    found = []
    for path in sorted(Path(root).glob("*/*")):
        ext = path.suffix[1:]
        if ext not in LANGUAGES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        out = path.with_name(path.name + ".out")
        found.append(Snippet(
            path=path.resolve(), rel=f"{path.parent.name}/{path.name}", group=path.parent.name, name=path.stem,
            ext=ext, title=_title(text, LANGUAGES[ext].comment),
            expected=out.read_text(encoding="utf-8") if out.is_file() else None,
        ))
    return found


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


# --------------------------------------------------------------------------------------------- page references
# pymdownx.snippets syntax: a line `--8<-- "path"` (optionally `path:3:9` line ranges or `path:section`), or a block
# of paths between two bare `--8<--` lines. A leading `;` escapes the marker.
_INLINE = re.compile(r"""^\s*(?:[-*>]\s*)*-{1,}8<-{1,}\s+(["'])(?P<path>[^"']+)\1""")
_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$")


def _strip_range(path: str) -> str:
    return re.sub(r":(?:-?\d*(?::-?\d*)?|[A-Za-z_][\w-]*)(?:,.*)?$", "", path.strip())


def _normalise(path: str) -> str:
    path = _strip_range(path).replace("\\", "/")
    for prefix in ("docs/snippets/", "snippets/"):
        if path.startswith(prefix):
            path = path[len(prefix):]
    return path


def reference_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, snippet path relative to docs/snippets) for each ``--8<--`` include in ``markdown``."""
    in_block = False
    for number, line in enumerate(markdown.splitlines(), 1):
        if _BLOCK.match(line):
            in_block = not in_block
            continue
        if in_block:
            if line.strip() and not line.strip().startswith(";"):
                yield number, _normalise(line.strip())
            continue
        m = _INLINE.match(line)
        if m:
            yield number, _normalise(m.group("path"))


def references(markdown: str) -> set[str]:
    """The set of snippet paths (relative to docs/snippets, line ranges stripped) that ``markdown`` includes."""
    return {path for _, path in reference_lines(markdown)}


def operation_slugs(spec_data: dict) -> set[str]:
    """Reference page slugs (the renderer's rule: ``post`` + ``/v1/chat/completions`` -> ``post-v1-chat-completions``);
    the page of each includes every snippet in the folder of that name."""
    try:
        from .render.model import operation_slug
    except ImportError:  # the renderer is optional here; its documented rule
        def operation_slug(method: str, path: str) -> str:
            return re.sub(r"[^a-z0-9]+", "-", f"{method}-{path}".lower()).strip("-")
    return {operation_slug(method, path) for path, item in (spec_data.get("paths") or {}).items()
            for method in (item or {}) if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace")}


def tabs(snippets: list[Snippet], indent: str = "") -> str:
    """Markdown content tabs (cURL, Python, TypeScript) including ``snippets`` and their declared output, in the
    form the reference pages use; for guides, which keep the result as hand-editable text."""
    blocks = []
    for s in sorted(snippets, key=lambda s: list(LANGUAGES).index(s.ext)):
        body = [f'=== "{s.language.tab}"', "", f"    ```{s.language.name}", f'    --8<-- "{s.include}"', "    ```"]
        if s.expected is not None:
            body += ["", '    ```text title="Output"', f'    --8<-- "{s.rel}.out"', "    ```"]
        blocks.append("\n".join(body))
    return "\n\n".join(blocks).replace("\n", "\n" + indent).replace("\n" + indent + "\n", "\n\n")


def _pages(docs_dir: Path, snippets_dir: Path) -> Iterator[Path]:
    for page in sorted(Path(docs_dir).rglob("*.md")):
        if snippets_dir not in page.resolve().parents:
            yield page


def check_usage(snippets: list[Snippet], docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR,
                slugs: Iterable[str] = ()) -> list[str]:
    """Problems, one line each: snippets no page uses, and pages that include a snippet that does not exist.

    Reference pages include every snippet of the folder named after their operation slug, so those groups count as
    used; guides must name each file in a ``--8<--`` line.
    """
    snippets_dir = Path(snippets_dir).resolve()
    slugs = set(slugs)
    used: set[str] = set()
    problems = []
    for page in _pages(docs_dir, snippets_dir):
        for line, ref in reference_lines(page.read_text(encoding="utf-8")):
            used.add(ref)
            if not (snippets_dir / ref).is_file():
                problems.append(f"{_show(page)}:{line}: includes snippet {ref!r}, which does not exist in "
                                f"{_show(snippets_dir)}")
    known = {s.path for s in snippets}
    for out in sorted(snippets_dir.glob("*/*.out")):
        if out.with_suffix("") not in known:
            problems.append(f"{_show(out)}:1: declared output without a snippet ({out.with_suffix('').name} is missing)")
    for s in snippets:
        if s.group in slugs or s.rel in used:
            continue
        problems.append(f"{_show(s.path)}:1: snippet is not used by any page (include it in a guide with "
                        f'--8<-- "{s.rel}", or move it to an operation folder: {", ".join(sorted(slugs)) or "none"})')
    return problems


def _show(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(Path(path).resolve().relative_to(Path.cwd()))
    return str(path)


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
    """Client of :mod:`gateway_docs.snippet_zygote`: runs Python snippets in children forked from a process that
    already imported the SDK (saves ~1 s of CPU per snippet). Thread-safe; close() when done."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "scripts"), env.get("PYTHONPATH")]))
        self._proc = subprocess.Popen([sys.executable, "-m", "gateway_docs.snippet_zygote"], cwd=ROOT, env=env,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self._proc.stdout is not None
        first = self._proc.stdout.readline()
        if '"ready"' not in first:
            self._proc.kill()
            raise GatewayDocsError(f"the Python snippet runner did not start: {first!r}")
        self._lock = threading.Lock()
        self._waiters: dict[str, queue.Queue] = {}
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
            waiter: queue.Queue = queue.Queue()
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
             javascript: dict[Path, Path]) -> tuple[int | None, str, str]:
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
                zygote: PythonZygote | None = None, javascript: dict[Path, Path] | None = None) -> Result:
    """Run one snippet; it fails on a non-zero exit, a timeout, or stdout other than its declared output."""
    start = time.perf_counter()
    code, stdout, stderr = _execute(snippet, env, timeout, zygote, javascript or {})
    seconds = time.perf_counter() - start
    if code is None:
        return Result(snippet, False, seconds, None, stdout, stderr, f"timeout after {timeout:g} s")
    if code != 0:
        return Result(snippet, False, seconds, code, stdout, stderr, f"exit {code}")
    if snippet.ext == "sh" and not stdout.strip():
        return Result(snippet, False, seconds, 0, stdout, stderr, "printed nothing")
    if snippet.expected is not None and stdout != snippet.expected:
        diff = "".join(difflib.unified_diff(snippet.expected.splitlines(True), stdout.splitlines(True),
                                            fromfile=f"{snippet.rel}.out (declared)", tofile="stdout (actual)"))
        return Result(snippet, False, seconds, 0, stdout, stderr, "output differs", diff)
    return Result(snippet, True, seconds, 0, stdout, stderr, "")


def run_all(snippets: list[Snippet], base_url: str, api_key: str = MOCK_API_KEY, jobs: int | None = None,
            timeout: float = 30.0, preload: bool = True) -> list[Result]:
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
            futures = {pool.submit(run_snippet, snippets[i], env, timeout, zygote, javascript): i for i in ranked}
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


# --------------------------------------------------------------------------------------------- the command
def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    ls = sub.add_parser("list", help="list the snippets (path, language, declared output, title)")
    ls.add_argument("paths", nargs="*", metavar="PATH", help="snippet files or group folders (default: all)")
    ls.add_argument("--commands", action="store_true", help="print the command that runs each snippet instead")
    run = sub.add_parser("run", help="run snippets against a gateway and compare their output")
    run.add_argument("paths", nargs="*", metavar="PATH", help="snippet files or group folders (default: all)")
    run.add_argument("--base-url", help="gateway base URL, e.g. https://ai-gateway.helicone.ai/v1 (default: start "
                     "a mock gateway on a free loopback port)")
    run.add_argument("--api-key", help="API key (default: $HELICONE_API_KEY with --base-url, else a dummy key)")
    run.add_argument("-j", "--jobs", type=int, default=None, help="snippets run at once (default: 2 x CPUs, max 8)")
    run.add_argument("--timeout", type=float, default=30.0, help="seconds per snippet (default: 30)")
    run.add_argument("--no-preload", action="store_true", help="run each snippet exactly as `gateway-docs snippets "
                     "list --commands` shows (python FILE, node + tsx) instead of forking Python snippets from a "
                     "process that has already imported the SDK and batch-stripping TypeScript types (slower)")
    run.add_argument("--update", action="store_true", help="rewrite the declared .out files from the actual output "
                     "(only files that exist; create an empty <snippet>.out to declare a new one)")
    run.add_argument("--no-compare", action="store_true", help="check exit codes only (for the real gateway, "
                     "whose answers are not the mock's)")
    chk = sub.add_parser("check", help="every snippet is used by a page, and every --8<-- include exists")
    chk.add_argument("--spec", default=str(ROOT / "specs" / "ai-gateway.openapi.json"),
                     help="spec whose operation slugs name the auto-included folders")


def select(paths: list[str]) -> list[Snippet]:
    snippets = discover()
    if not paths:
        return snippets
    chosen: dict[str, Snippet] = {}
    for raw in paths:
        target = Path(raw).resolve()
        match = [s for s in snippets if s.path == target or target in s.path.parents]
        if not match:
            rel = _normalise(raw)
            match = [s for s in snippets if s.rel == rel or s.group == rel.rstrip("/")]
        if not match:
            raise UsageError(f"{raw}: no snippet there (snippets are {_show(SNIPPETS_DIR)}/<group>/<name>."
                             f"{{{','.join(LANGUAGES)}}})")
        chosen.update((s.rel, s) for s in match)
    return sorted(chosen.values(), key=lambda s: s.rel)


def _report(results: list[Result], seconds: float) -> int:
    failed = [r for r in results if not r.ok]
    for r in results:
        mark = "ok  " if r.ok else "FAIL"
        print(f"{mark} {r.snippet.rel:<48} {r.seconds:5.2f} s{'  ' + r.reason if r.reason else ''}")
    for r in failed:
        print(f"\n--- {r.snippet.rel}: {r.reason}  ({' '.join(command_for(r.snippet))})")
        if r.diff:
            print(r.diff.rstrip())
        elif r.stdout.strip():
            print("stdout:\n" + r.stdout.rstrip()[-2000:])
        if r.stderr.strip():
            print("stderr:\n" + r.stderr.rstrip()[-2000:])
    print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed in {seconds:.2f} s")
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    """List, run and check the runnable example snippets (docs/snippets/<group>/<name>.{sh,py,ts}).

    `run` starts a mock gateway on a free loopback port unless --base-url is given, runs the snippets in parallel
    and fails when one exits non-zero, times out, or prints something other than its declared <snippet>.out.
    """
    if args.action == "check":
        from .load import load_spec
        problems = check_usage(discover(), slugs=operation_slugs(load_spec(args.spec).data))
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)" if problems else "every snippet is used and every include exists")
        return 1 if problems else 0
    snippets = select(args.paths)
    if args.action == "list":
        for s in snippets:
            if args.commands:
                print(" ".join(shlex.quote(a) for a in command_for(s)))
                continue
            out = "out" if s.expected is not None else "-"
            print(f"{s.rel:<48} {s.language.tab:<10} {out:<4} {s.title or ''}")
        return 0
    if any(s.ext == "sh" for s in snippets) and not shutil.which("curl"):
        raise GatewayDocsError("the shell snippets need curl (run: make system-deps)")
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if args.base_url:
            base_url = args.base_url.rstrip("/")
            api_key = args.api_key or os.environ.get("HELICONE_API_KEY") or ""
            if not api_key:
                raise UsageError("--base-url needs an API key: set HELICONE_API_KEY or pass --api-key")
        else:
            base_url = stack.enter_context(running_mock())
            api_key = args.api_key or MOCK_API_KEY
        print(f"running {len(snippets)} snippet(s) against {base_url}")
        results = run_all(snippets, base_url, api_key, jobs=args.jobs, timeout=args.timeout,
                          preload=not args.no_preload)
    if args.no_compare:
        results = [r if r.reason != "output differs" else Result(r.snippet, True, r.seconds, 0, r.stdout, r.stderr, "")
                   for r in results]
    if args.update:
        from .files import write_atomic
        for r in results:
            if r.snippet.expected is not None and r.returncode == 0 and write_atomic(r.snippet.out_path, r.stdout):
                print(f"updated {_show(r.snippet.out_path)}")
                r.ok, r.reason, r.diff = True, "", ""
    return _report(results, time.perf_counter() - start)
