"""The ``snippets`` verb: list, run and check the runnable example snippets in docs/snippets/.

- :mod:`.examples`: what a snippet is; :mod:`.include`: the ``--8<--`` include syntax pages use;
- :mod:`.usage`: every snippet is used by a page; :mod:`.runner`: running them against a gateway;
- :mod:`.zygote`: the pre-forked Python process that makes Python snippets start fast.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import time
from pathlib import Path

from ..core.diagnostics import GatewayDocsError, UsageError
from ..core.slugs import operation_slugs
from .include import normalise, references
from .examples import LANGUAGES, ROOT, SNIPPETS_DIR, Snippet, discover, show_path
from .runner import DEFAULT_BASE_URL, MOCK_API_KEY, Result, command_for, environment, run_all, run_snippet, running_mock
from .usage import check_usage

__all__ = ["DEFAULT_BASE_URL", "LANGUAGES", "MOCK_API_KEY", "Snippet", "check_usage", "command_for", "discover",
           "environment", "references", "run_all", "run_snippet", "running_mock"]


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
            rel = normalise(raw)
            match = [s for s in snippets if s.rel == rel or s.group == rel.rstrip("/")]
        if not match:
            raise UsageError(f"{raw}: no snippet there (snippets are {show_path(SNIPPETS_DIR)}/<group>/<name>."
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
        from ..load import load_spec
        problems = check_usage(discover(), slugs=operation_slugs(load_spec(args.spec).data).values())
        for p in problems:
            print(p.format())
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
                          preload=not args.no_preload, faults=not args.base_url)
    if args.no_compare:
        results = [r if r.reason != "output differs" else Result(r.snippet, True, r.seconds, 0, r.stdout, r.stderr, "")
                   for r in results]
    if args.update:
        from ..core.files import write_atomic
        for r in results:
            if r.snippet.expected is not None and r.returncode == 0 and write_atomic(r.snippet.out_path, r.stdout):
                print(f"updated {show_path(r.snippet.out_path)}")
                r.ok, r.reason, r.diff = True, "", ""
    return _report(results, time.perf_counter() - start)
