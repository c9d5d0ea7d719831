"""Writing generated files: atomically, and only when the content changed."""
from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path
from typing import Callable


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def leftover_temp_files(path: str | os.PathLike[str], any_name: str | None = None) -> list[Path]:
    """Temporary files :func:`write_atomic` left beside ``path`` when its process was killed mid-write (SIGKILL
    skips the clean-up); the next run of a generator removes them. ``any_name`` (a glob such as ``*.mdx``): those
    of every file so named in ``path``, a folder (a page deleted since has a temp file but no longer a plan entry)."""
    path = Path(path)
    folder, prefix = (path, f".{any_name}.") if any_name else (path.parent, glob.escape(_temp_prefix(path)))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{prefix}*.tmp") if p.is_file())


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> bool:
    """Write ``text`` to ``path`` through a temporary file in the same folder (fsynced) and ``os.replace``.

    A reader never sees a half-written file, and an interrupted run leaves the old file intact.
    Returns True when the file changed, False when it already had this content (then it is not touched,
    so mtimes stay put and watchers do not fire).
    """
    changed, staged = stage_files([(Path(path), text)], fsync=True)
    commit_staged(staged, sync=False)
    return changed[0]


def stage_files(items: list[tuple[Path, str | bytes]],
                fsync: bool = False) -> tuple[list[bool], list[tuple[str, Path]]]:
    """The first half of :func:`write_atomic`, for many files: each changed file written to a temporary file beside
    it (nothing replaced yet; ``fsync`` each, or leave that to one sync in :func:`commit_staged`, which is what
    makes 2,000 reference pages cheap: an fsync each took 0.6 s). Returns (changed per item, (temporary, target)
    pairs). On an error the temporary files written so far are removed."""
    staged: list[tuple[str, Path]] = []
    changed: list[bool] = []
    folders: set[Path] = set()
    try:
        for path, text in items:
            data = text.encode("utf-8") if isinstance(text, str) else text
            mode = 0o644
            try:
                with open(path, "rb") as fh:
                    if fh.read() == data:
                        changed.append(False)
                        continue
                    mode = os.fstat(fh.fileno()).st_mode & 0o7777
            except FileNotFoundError:
                if path.parent not in folders:
                    path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
            fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                os.fchmod(fh.fileno(), mode)
                if fsync:
                    fh.flush()
                    os.fsync(fh.fileno())
            changed.append(True)
    except BaseException:
        discard_staged(staged)
        raise
    return changed, staged


def commit_staged(staged: list[tuple[str, Path]], sync: bool = True) -> None:
    """``os.sync()`` once (unless the files were fsynced when staged), then every temporary file replaces its
    target. On an error the rest are removed."""
    if not staged:
        return
    replaced = 0
    try:
        if sync:
            os.sync()
        for tmp, path in staged:
            os.replace(tmp, path)
            replaced += 1
    except BaseException:
        discard_staged(staged[replaced:])
        raise


def discard_staged(staged: list[tuple[str, Path]]) -> None:
    for tmp, _ in staged:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def sync_generated(path: str | os.PathLike[str], text: str, check: bool, regenerate_hint: str) -> int:
    """The "write if changed" step of a generator command, shared by every generator.

    ``check``: exit 1 (writing nothing) when ``path`` differs from ``text``, saying what to run. Otherwise write it
    atomically if it changed. Returns the exit code.
    """
    import sys

    if check:
        try:
            current = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"{path} is out of date: run '{regenerate_hint}'", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    print(f"{'wrote' if write_atomic(path, text) else 'up to date:'} {path}")
    return 0


def page_generator_main(argv: list[str] | None, prog: str, description: str, default_page: str,
                        render: Callable[[], str]) -> int:
    """The ``python -m ...docs [--output PAGE] [--check]`` entry point of a generated docs page (the lint and diff
    rule pages): render it, then write it if it changed, or with ``--check`` say whether it is stale."""
    import argparse

    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--output", default=default_page)
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale; write nothing")
    args = parser.parse_args(argv)
    return sync_generated(args.output, render(), args.check, prog)
