"""Snippet usage: every snippet is shown by some page, and every page's include names a snippet that exists.

Reference pages include every snippet of the folder named after their operation slug, so those groups count as
used; guides must name each file in a ``--8<--`` line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ..core.diagnostics import Location, Problem
from .include import include_line, references_with_lines
from .examples import DOCS_DIR, SNIPPETS_DIR, Snippet, show_path


def _pages(docs_dir: Path, snippets_dir: Path) -> Iterator[Path]:
    for page in sorted(Path(docs_dir).rglob("*.md")):
        if snippets_dir not in page.resolve().parents:
            yield page


def check_usage(snippets: list[Snippet], docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR,
                slugs: Iterable[str] = ()) -> list[Problem]:
    """Snippets no page uses, declared outputs without a snippet, and includes of snippets that do not exist."""
    snippets_dir = Path(snippets_dir).resolve()
    slugs = set(slugs)
    used: set[str] = set()
    problems = []
    for page in _pages(docs_dir, snippets_dir):
        for line, ref in references_with_lines(page.read_text(encoding="utf-8")):
            used.add(ref)
            if not (snippets_dir / ref).is_file():
                problems.append(_problem(page, line, f"includes snippet {ref!r}, which does not exist in "
                                                     f"{show_path(snippets_dir)}", "snippet-include-missing"))
    known = {s.path for s in snippets}
    for out in sorted(snippets_dir.glob("*/*.out")):
        if out.with_suffix("") not in known:
            problems.append(_problem(out, 1, f"declared output without a snippet ({out.with_suffix('').name} is "
                                             "missing)", "snippet-output-orphan"))
    for s in snippets:
        if s.group in slugs or s.rel in used:
            continue
        problems.append(_problem(s.path, 1, "snippet is not used by any page (include it in a guide with "
                                 f'{include_line(s.rel)}, or move it to an operation folder: '
                                 f'{", ".join(sorted(slugs)) or "none"})', "snippet-unused"))
    return problems


def _problem(path: Path, line: int, message: str, rule: str) -> Problem:
    return Problem(message, Location(show_path(path), line, 1), pointer=None, rule=rule)
