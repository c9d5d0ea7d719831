"""A pre-forking runner for the Python snippets: imports the ``openai`` SDK once, then forks one child per snippet.

Why: ``import openai`` costs about 1 s of CPU (its pydantic types), which is nearly all of a Python snippet's run
time against the mock; forking from a process that already paid it makes each snippet cost a few milliseconds, so
the whole set runs in seconds on 2 cores. Each snippet still runs in a process of its own, as ``__main__``, with its
own environment, working directory, stdout/stderr and exit status, exactly as ``python snippet.py`` would.

Protocol (one JSON object per line): the client writes ``{"id", "path", "cwd", "env", "stdout", "stderr"}``;
the zygote answers ``{"id", "pid"}`` once the child runs and ``{"id", "status"}`` (the exit code, or -signal)
when it ends. The zygote is single-threaded (select + waitpid) because forking a threaded process is unsafe.
"""
from __future__ import annotations

import io
import json
import os
import select
import sys
from typing import Any

PRELOAD = ("openai", "pydantic")


def _child(req: dict[str, Any]) -> None:
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            os.dup2(os.open(req[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        sys.argv = [req["path"]]
        sys.path[0] = os.path.dirname(req["path"])  # as `python path` does
        if isinstance(sys.stdout, io.TextIOWrapper):  # always, unless a test swapped stdout
            sys.stdout.reconfigure(line_buffering=True)
        import runpy

        try:
            runpy.run_path(req["path"], run_name="__main__")
            code = 0
        except SystemExit as e:
            if e.code is None or isinstance(e.code, int):
                code = e.code or 0
            else:
                print(e.code, file=sys.stderr)
                code = 1
        except BaseException:  # what the interpreter prints for an uncaught exception
            import traceback

            traceback.print_exc()
            code = 1
        import atexit

        atexit._run_exitfuncs()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _send(obj: dict[str, Any]) -> None:
    data = (json.dumps(obj) + "\n").encode()
    while data:
        data = data[os.write(1, data):]


def main() -> None:
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass
    sys.path[0] = ""  # (was the zygote's own folder) each child puts its snippet's folder here
    _send({"ready": True})
    children: dict[int, str] = {}
    buffer = b""
    stdin_open = True
    while stdin_open or children:
        if stdin_open:
            ready, _, _ = select.select([0], [], [], 0.005 if children else None)
            if ready:
                chunk = os.read(0, 65536)
                if not chunk:
                    stdin_open = False  # the client went away: finish the running children, then stop
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    req = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        _child(req)
                    children[pid] = req["id"]
                    _send({"id": req["id"], "pid": pid})
        else:
            select.select([], [], [], 0.005)
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            _send({"id": children.pop(pid), "status": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    main()
