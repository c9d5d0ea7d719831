"""JSON Pointer (RFC 6901): the one place where pointer tokens are escaped (``~0``, ``~1``) and split.

Every stage builds and reads pointers through these functions; ``$ref`` walking lives in :mod:`.refs`.
"""
from __future__ import annotations

from typing import Any, Iterable

_MISSING = object()


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(parts: Iterable[str | int]) -> str:
    return "".join("/" + escape(p) for p in parts)


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def child(pointer: str, token: str | int) -> str:
    return f"{pointer}/{escape(token)}"


def get(data: Any, pointer: str | list[str], default: Any = _MISSING) -> Any:
    """The node at ``pointer`` in ``data``; ``default`` (or KeyError) when it does not exist."""
    node = data
    for token in split(pointer) if isinstance(pointer, str) else pointer:
        if isinstance(node, dict):
            if token in node:
                node = node[token]
                continue
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            continue
        if default is _MISSING:
            raise KeyError(pointer)
        return default
    return node


def exists(data: Any, pointer: str | list[str]) -> bool:
    return get(data, pointer, _MISSING_SENTINEL) is not _MISSING_SENTINEL


_MISSING_SENTINEL = object()


def parent(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""
