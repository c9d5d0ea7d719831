"""Positions: from a JSON pointer in a parsed file back to its line and column.

A :class:`Document` is one parsed file: its text, its data, and a locator (the JSON or YAML one) that answers
``pointer -> (line, col)`` on demand, never for the whole file up front.
"""
from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Protocol

from ..core import pointer as jp
from ..core.diagnostics import Location


class Locator(Protocol):
    def locate_many(self, pointers: Iterable[str]) -> dict[str, tuple[int, int]]: ...


class Lines:
    """Offset -> (line, col) through a sorted list of newline offsets."""

    def __init__(self, text: str):
        self._nl = [m.start() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_left(self._nl, offset)
        start = self._nl[i - 1] + 1 if i else 0
        return i + 1, offset - start + 1



@dataclass
class Document:
    """One parsed file: its text, its data, and a locator for its pointers."""

    path: str  # as given / displayed (relative when possible)
    text: str
    data: Any
    locator: Locator

    def locate(self, pointer: str) -> Location:
        """Location of ``pointer``; of its nearest existing ancestor when the pointer itself does not exist."""
        ptr = pointer
        while True:
            pos = self.locator.locate_many([ptr]).get(ptr)
            if pos:
                return Location(self.path, *pos)
            if not ptr:
                return Location(self.path, 1, 1)
            ptr = jp.parent(ptr)


def display_path(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
