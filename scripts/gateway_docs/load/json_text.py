"""JSON spec files: parsed with orjson (the stdlib when a number is too long for it); positions found lazily by :class:`JsonLocator`."""
from __future__ import annotations

import json
from typing import Any, Iterable

from ..core import pointer as jp
from ..core.diagnostics import SpecError, problem
from ..core.json_scan import scan_string, scan_value, skip_ws
from ..core.numbers import loads
from .locate import Document, Lines

_Trie = dict[Any, Any]  # token -> sub-trie; key None -> the pointer that ends here


class JsonLocator:
    """Finds the line/column of JSON pointers in JSON text without building a position map of the whole file.

    It descends only along the requested pointers; every sibling subtree on the way is skipped by the C JSON
    scanner. Asking for many pointers at once (``locate_many``) costs about one parse of the file.
    Object members are located at their key, array items at their first character.
    """

    def __init__(self, text: str):
        self.text = text
        self._lines: Lines | None = None
        self._cache: dict[str, int] = {"": self._skip_ws(0)}

    def _skip_ws(self, i: int) -> int:
        return skip_ws(self.text, i)

    def _offsets(self, pointers: Iterable[str]) -> None:
        trie: _Trie = {}
        for ptr in pointers:
            if ptr in self._cache:
                continue
            node = trie
            for token in jp.split(ptr):
                node = node.setdefault(token, {})
            node[None] = ptr
        if trie:
            self._walk(self._cache[""], trie)

    def _walk(self, i: int, trie: _Trie) -> int:
        """Walk the value starting at ``i``, recording offsets for the pointers in ``trie``; return the end."""
        s = self.text
        c = s[i] if i < len(s) else ""
        if c == "{":
            i = self._skip_ws(i + 1)
            if s[i] == "}":
                return i + 1
            while True:
                key_at = i
                key, i = scan_string(s, i + 1)
                i = self._skip_ws(i)
                i = self._skip_ws(i + 1)  # the ':'
                sub = trie.get(key)
                if sub is not None:
                    if None in sub:
                        self._cache[sub[None]] = key_at
                    i = self._walk(i, sub) if len(sub) > (None in sub) else scan_value(s, i)[1]
                else:
                    i = scan_value(s, i)[1]
                i = self._skip_ws(i)
                if s[i] == "}":
                    return i + 1
                i = self._skip_ws(i + 1)  # the ','
        if c == "[":
            i = self._skip_ws(i + 1)
            if s[i] == "]":
                return i + 1
            index = 0
            while True:
                sub = trie.get(str(index))
                if sub is not None:
                    if None in sub:
                        self._cache[sub[None]] = i
                    i = self._walk(i, sub) if len(sub) > (None in sub) else scan_value(s, i)[1]
                else:
                    i = scan_value(s, i)[1]
                i = self._skip_ws(i)
                if s[i] == "]":
                    return i + 1
                i = self._skip_ws(i + 1)
                index += 1
        return scan_value(s, i)[1]

    def locate_many(self, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        pointers = list(pointers)
        self._offsets(pointers)
        if self._lines is None:
            self._lines = Lines(self.text)
        return {p: self._lines.at(self._cache[p]) for p in pointers if p in self._cache}


def parse_json(text: str, path: str) -> Document:
    try:
        data = loads(text)  # numbers of any size kept exactly (orjson alone would round or refuse them)
    except json.JSONDecodeError as e:  # orjson's error is a subclass
        raise SpecError(problem(f"invalid JSON: {e.msg}", path, e.lineno, e.colno, rule="syntax")) from None
    except ValueError as e:
        raise SpecError(problem(f"invalid JSON: {e}", path, rule="syntax")) from None
    return Document(path, text, data, JsonLocator(text))
