"""A page's YAML front matter: where it ends. The reference command writes its marker after it, the Mintlify writer
reads page bindings and guide titles from it."""
from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", re.S)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the YAML between a page's opening and closing ``---`` lines, the rest); ``(None, text)`` without it."""
    m = _FRONT_MATTER.match(text)
    return (m.group(1), text[m.end():]) if m else (None, text)
