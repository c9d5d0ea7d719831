"""JSON Pointer (RFC 6901) helpers shared by every stage."""
from __future__ import annotations

import urllib.parse
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


def ref_pointer(ref: str) -> str | None:
    """The JSON pointer of an internal ``$ref`` (``"#/a/b"``, URL-encoded or not); None for anything else."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    frag = urllib.parse.unquote(ref[1:]) if "%" in ref else ref[1:]
    return frag if not frag or frag.startswith("/") else None


def follow_refs(data: Any, node: Any, at: str | None = None, limit: int = 64) -> tuple[Any, str | None]:
    """Follow a chain of internal ``$ref``s from ``node`` (found at pointer ``at``) to the node it ends at.

    Returns (target, its pointer). A chain that leaves the document, dangles or loops gives (None, last pointer):
    the stage asking decides whether that is an error (the loader has already reported it).
    """
    for _ in range(limit):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, at
        if not node["$ref"].startswith("#"):
            return None, at
        at = ref_pointer(node["$ref"])
        node = get(data, at, None) if at is not None else None
    return None, at
