"""What a snippet is: ``docs/snippets/<group>/<name>.<ext>``, its language, title and declared output.

``<group>`` is an operation slug (``post-v1-chat-completions``: the reference page for that operation shows every
snippet in the folder) or a guide topic (guides include files with ``--8<--`` lines, :mod:`.include`). An optional
first-line comment ``# title: ...`` (``// title: ...`` in TypeScript) names it, and an optional ``<name>.<ext>.out``
next to it is the exact stdout it must print. Every snippet reads ``HELICONE_BASE_URL`` and ``HELICONE_API_KEY``, so
the same file runs against the real gateway and the mock.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SNIPPETS_DIR = ROOT / "docs" / "snippets"
DOCS_DIR = ROOT / "docs"
NODE_DIR = ROOT / "tests" / "node"


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
    def start(self) -> int:
        """First line pages show: 2 when line 1 is the ``title:`` comment (pages show the title themselves)."""
        return 2 if self.title else 1

    @property
    def out_path(self) -> Path:
        return self.path.with_name(self.path.name + ".out")

    @property
    def out_rel(self) -> str | None:
        """The include path of the declared output, None when there is none."""
        return f"{self.rel}.out" if self.expected is not None else None

    def shown_text(self) -> str:
        """The source as pages show it (without the ``title:`` line)."""
        return "\n".join(self.path.read_text(encoding="utf-8").split("\n")[self.start - 1:])


@dataclass
class Example:
    """One example of a page: the snippets that share a name (``minimal.sh``, ``minimal.py``...) in tab order."""

    name: str
    title: str
    files: list[Snippet] = field(default_factory=list)


def _title(text: str, comment: str) -> str | None:
    lines = text.splitlines()[:2]
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]  # a shebang may come first
    m = re.match(rf"{re.escape(comment)}\s*title:\s*(.+?)\s*$", lines[0]) if lines else None
    return m.group(1) if m else None


def _snippet(path: Path, group: str) -> Snippet:
    ext = path.suffix[1:]
    text = path.read_text(encoding="utf-8", errors="replace")
    out = path.with_name(path.name + ".out")
    return Snippet(path=path.resolve(), rel=f"{group}/{path.name}", group=group, name=path.stem, ext=ext,
                   title=_title(text, LANGUAGES[ext].comment),
                   expected=out.read_text(encoding="utf-8") if out.is_file() else None)


def discover(root: Path = SNIPPETS_DIR) -> list[Snippet]:
    """Every snippet under ``root`` (one folder level: ``<group>/<name>.<ext>``), sorted by path."""
    return [_snippet(path, path.parent.name) for path in sorted(Path(root).glob("*/*"))
            if path.suffix[1:] in LANGUAGES and path.is_file()]


def examples(root: Path | None, group: str) -> list[Example]:
    """The examples of ``<root>/<group>/``, one per snippet name, ``minimal`` first, then sorted by name; each
    example's files in tab order (cURL, Python, TypeScript)."""
    folder = Path(root) / group if root is not None else None
    if folder is None or not folder.is_dir():
        return []
    by_name: dict[str, Example] = {}
    for ext in LANGUAGES:
        for path in sorted(folder.glob(f"*.{ext}")):
            if path.is_file():
                s = _snippet(path, group)
                example = by_name.setdefault(s.name, Example(s.name, ""))
                example.title = example.title or s.title or ""
                example.files.append(s)
    for e in by_name.values():
        e.title = e.title or e.name.replace("_", " ").replace("-", " ").capitalize()
    return sorted(by_name.values(), key=lambda e: (e.name != "minimal", e.name))


def show_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it (for messages)."""
    with contextlib.suppress(ValueError):
        return str(Path(path).resolve().relative_to(Path.cwd()))
    return str(path)
