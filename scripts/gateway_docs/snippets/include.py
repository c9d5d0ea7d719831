"""The snippet-include syntax pages use (pymdownx.snippets): the one parser, the one writer, and pasting.

A line ``--8<-- "path"`` includes a file, optionally a line range (``path:3:9``, ``path:2:``) or a section
(``path:name``); a block of paths between two bare ``--8<--`` lines includes each. A leading ``;`` escapes the
marker (it is shown without the ``;``). Paths are relative to ``docs/snippets``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

_MARKER = r"-{1,}8<-{1,}"
# A list item or quote may hold the include: "- --8<-- ..." ("-" and "*" need a space after them, or "--8<--" itself
# would read as a list marker followed by "-8<--").
_INLINE = re.compile(rf"""^(?P<indent>[ \t]*(?:[-*][ \t]+|>[ \t]*)*){_MARKER}[ \t]+(?P<q>["'])(?P<spec>[^"']+)(?P=q)[ \t]*$""")
_BLOCK = re.compile(rf"^\s*{_MARKER}\s*$")
_RANGE = re.compile(r":(?P<start>-?\d*)(?::(?P<end>-?\d*))?$")
_SECTION_OR_RANGE = re.compile(r":(?:-?\d*(?::-?\d*)?|[A-Za-z_][\w-]*)(?:,.*)?$")
_ESCAPABLE = re.compile(rf"^(\s*)({_MARKER})")


@dataclass(frozen=True)
class Include:
    """One ``--8<--`` include: the page line it is on, the file (relative to docs/snippets) and the lines wanted."""

    line: int
    path: str
    start: int | None = None
    end: int | None = None


def include_line(path: str, start: int = 1) -> str:
    """The include line for ``path`` from line ``start`` on (pages skip a snippet's ``title:`` comment)."""
    return f'--8<-- "{path}:{start}:"' if start > 1 else f'--8<-- "{path}"'


def escape(text: str) -> str:
    """Text for a code block in a page: pymdownx.snippets reads ``--8<--`` lines even inside fences, so each one
    gets the ``;`` escape (shown without it)."""
    if "8<" not in text:  # nothing to escape (almost always: example bodies of big specs)
        return text
    return "\n".join(_ESCAPABLE.sub(r"\1;\2", line) for line in text.split("\n"))


def normalise(path: str) -> str:
    """A snippet path as pages and the CLI may write it (ranges, a `docs/snippets/` prefix) -> `<group>/<file>`."""
    path = _SECTION_OR_RANGE.sub("", path.strip()).replace("\\", "/")
    for prefix in ("docs/snippets/", "snippets/"):
        if path.startswith(prefix):
            path = path[len(prefix):]
    return path


def _include(number: int, spec: str) -> Include:
    m = _RANGE.search(spec.strip())
    start = end = None
    if m and (m.group("start") or m.group("end")):
        start = int(m.group("start")) if m.group("start") not in (None, "") else None
        end = int(m.group("end")) if m.group("end") not in (None, "") else None
    return Include(number, normalise(spec), start, end)


def parse(markdown: str) -> Iterator[Include]:
    """Every include of ``markdown``, inline and in blocks, escaped ones (``;--8<--``) left out."""
    in_block = False
    for number, line in enumerate(markdown.splitlines(), 1):
        if _BLOCK.match(line):
            in_block = not in_block
            continue
        if in_block:
            if line.strip() and not line.strip().startswith(";"):
                yield _include(number, line.strip())
            continue
        m = _INLINE.match(line)
        if m:
            yield _include(number, m.group("spec"))


def references_with_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(page line, snippet path) for each include."""
    return ((inc.line, inc.path) for inc in parse(markdown))


def references(markdown: str) -> set[str]:
    """The set of snippet paths (relative to docs/snippets, ranges stripped) that ``markdown`` includes."""
    return {inc.path for inc in parse(markdown)}


def paste(markdown: str, snippets_dir: Path | None) -> str:
    """``markdown`` with each inline include (whole files or line ranges) replaced by the lines it names, indented
    like the include line; includes of sections or of missing files are left as they are."""
    if snippets_dir is None:
        return markdown
    out = []
    for number, line in enumerate(markdown.split("\n"), 1):
        m = _INLINE.match(line)
        inc = _include(number, m.group("spec")) if m else None
        if m is None or inc is None or (":" in m.group("spec") and inc.start is None and inc.end is None):
            out.append(line)
            continue
        try:
            lines = (Path(snippets_dir) / inc.path).read_text(encoding="utf-8").rstrip("\n").split("\n")
        except OSError:
            out.append(line)
            continue
        indent = m.group("indent")
        out.extend(indent + text if text else text for text in lines[(inc.start or 1) - 1:inc.end])
    return "\n".join(out)
