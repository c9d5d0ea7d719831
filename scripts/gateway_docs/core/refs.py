"""``$ref`` walking, shared by every stage: where the refs are, where a chain of them ends, what a node reaches.

Only internal refs (``#/...``) are followed here; the loader (:mod:`gateway_docs.load.external`) turns external ones
into internal ones first, so every later stage sees a self-contained document.
"""
from __future__ import annotations

import urllib.parse
from typing import Any, Iterator

from . import pointer as jp

#: Longest chain of refs that only point at other refs that we follow before calling it a loop.
MAX_CHAIN = 64


def ref_pointer(ref: Any) -> str | None:
    """The JSON pointer of an internal ``$ref`` (``"#/a/b"``, URL-encoded or not); None for anything else."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    frag = urllib.parse.unquote(ref[1:]) if "%" in ref else ref[1:]
    return frag if not frag or frag.startswith("/") else None


def ref_chain(data: Any, node: Any) -> Iterator[tuple[str | None, Any]]:
    """Each hop of the ``$ref`` chain starting at ``node``: ``(pointer, target)``, the target None when the ref
    leaves the document or dangles. Stops at the first node that is not a ref, or after :data:`MAX_CHAIN` hops."""
    for _ in range(MAX_CHAIN):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return
        at = ref_pointer(node["$ref"])
        node = jp.get(data, at, None) if at is not None else None
        yield at, node
        if node is None:
            return


def follow_refs(data: Any, node: Any, at: str | None = None, limit: int = MAX_CHAIN) -> tuple[Any, str | None]:
    """Follow a chain of internal ``$ref``s from ``node`` (found at pointer ``at``) to the node it ends at.

    Returns (target, its pointer). A chain that leaves the document, dangles or loops gives (None, last pointer):
    the stage asking decides whether that is an error (the loader has already reported it).
    """
    hops = 0
    for at, node in ref_chain(data, node):
        hops += 1
        if node is None:
            return None, at
        if hops >= limit:
            break
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return None, at  # still a ref after the limit: a loop
    return node, at


def iter_refs(data: Any, base: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(pointer of the object holding $ref, ref value)`` for every ``$ref`` under ``data``."""
    # Paths are (parent, token) chains, turned into pointer strings only for the nodes holding a $ref: building a
    # string for every node made this the slowest part of loading a big spec.
    stack: list[tuple[Any, Any]] = [(None, data)]
    while stack:
        at, node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node:
                yield base + chain_pointer(at), node["$ref"]
            for k, v in node.items():
                if isinstance(v, (dict, list)):
                    stack.append(((at, k), v))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                if isinstance(v, (dict, list)):
                    stack.append(((at, i), v))


def chain_pointer(at: Any) -> str:
    """The JSON pointer of a lazy path: ``None`` is the root, ``(parent, token)`` a child, a str is a pointer.

    Walkers keep paths as these chains and build the pointer string only for the nodes somebody reports on."""
    if isinstance(at, str):
        return at
    tokens = []
    while at is not None:
        at, token = at
        tokens.append(token)
    return "".join("/" + jp.escape(t) for t in reversed(tokens))


def refs_in(node: Any) -> set[str]:
    """Every ``$ref`` string directly in ``node`` (not following them)."""
    return {ref for _, ref in iter_refs(node) if isinstance(ref, str)}


def reachable_refs(data: Any, node: Any, memo: dict[str, frozenset[str]] | None = None) -> list[str]:
    """Every internal ``$ref`` reachable from ``node``, following refs transitively (cycles are fine), sorted.

    ``memo`` (ref -> refs directly in its target) may be shared between calls on the same document."""
    memo = {} if memo is None else memo
    seen: set[str] = set()
    todo = list(refs_in(node))
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        if ref not in memo:
            at = ref_pointer(ref)
            memo[ref] = frozenset(refs_in(jp.get(data, at, None) if at is not None else None))
        todo.extend(memo[ref] - seen)
    return sorted(seen)
