"""Where the two sides of a diff come from: a spec file, a fragment folder, or ``git:REV:path``.

``git:REV:path`` extracts ``path`` as it was at ``REV`` (``git archive``) into a temporary folder and loads it
there; positions in the report then read ``git:REV:path/file.yaml:LINE:COL`` instead of the temporary path.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import replace
from pathlib import Path

from ..core.diagnostics import SpecError, UsageError
from ..load import load_spec
from ..load.locate import Document
from ..load.spec import Spec

GIT_PREFIX = "git:"


def git_toplevel(cwd: str | Path = ".") -> Path:
    out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True)
    if out.returncode:
        raise UsageError(f"not inside a git repository: {out.stderr.strip()}")
    return Path(out.stdout.strip())


def extract(rev: str, path: str, into: Path, repo: Path) -> Path:
    """``path`` (relative to the repository root) as it was at ``rev``, written under ``into``."""
    path = path.strip("/") or "."
    out = subprocess.run(["git", "archive", "--format=tar", rev, "--", path], cwd=repo, capture_output=True)
    if out.returncode:
        raise UsageError(f"git archive {rev} {path}: {out.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(out.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / path


def load_pair(old: str, new: str) -> tuple[Spec, Spec]:
    """Both sides of a diff; git revisions are extracted into a temporary folder removed once they are loaded."""
    work = Path(tempfile.mkdtemp(prefix="gateway-docs-diff-"))
    try:
        return load_source(old, work), load_source(new, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def load_source(source: str, workdir: Path) -> Spec:
    """Load one side. ``workdir`` holds extracted git trees until the diff is done."""
    if not source.startswith(GIT_PREFIX):
        return load_spec(source)
    rev, sep, path = source[len(GIT_PREFIX):].partition(":")
    if not sep or not rev:
        raise UsageError(f"{source!r}: expected git:REV:path (e.g. git:origin/main:specs/src)")
    repo = git_toplevel()
    rel = (Path.cwd().resolve() / path).resolve().relative_to(repo.resolve()) if not Path(path).is_absolute() \
        else Path(path).resolve().relative_to(repo.resolve())
    into = Path(tempfile.mkdtemp(prefix="rev-", dir=workdir))
    label = f"{GIT_PREFIX}{rev}:"
    try:
        spec = load_spec(extract(rev, rel.as_posix(), into, repo))
    except SpecError as e:  # name the revision in the error, not the temporary folder
        for p in e.problems:
            p.location = replace(p.location, file=_label(p.location.file, str(into), label))
        raise SpecError(e.problems) from None
    return relabel(spec, str(into), label)


def _label(path: str, tmp_prefix: str, label: str) -> str:
    resolved = str(Path(path).resolve())
    prefix = str(Path(tmp_prefix).resolve())
    return label + resolved[len(prefix) + 1:] if resolved.startswith(prefix) else path


def relabel(spec: Spec, tmp_prefix: str, label: str) -> Spec:
    """Show file names as ``git:REV:path`` rather than the temporary folder they were extracted to."""
    def name(path: str) -> str:
        return _label(path, tmp_prefix, label)

    docs = {k: Document(name(d.path), d.text, d.data, d.locator) for k, d in spec.documents.items()}
    by_id = {id(d): docs[k] for k, d in spec.documents.items()}
    origins = {p: (by_id.get(id(d), d), src) for p, (d, src) in spec.origins.items()}
    return replace(spec, source=name(spec.source), documents=docs, origins=origins)

