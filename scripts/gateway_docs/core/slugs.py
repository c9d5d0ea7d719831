"""Slugs: the file and URL name of every generated page, the same in every output (reference pages, snippet
folders, Mintlify pages, docs.json navigation).

An operation's slug is ``METHOD + PATH`` in lower case, with every run of characters other than ``a-z``, ``0-9`` and
``_`` turned into one ``-`` and no ``-`` at either end: ``POST /v1/chat/completions`` -> ``post-v1-chat-completions``,
``GET /v1/models/{model}`` -> ``get-v1-models-model``. A component schema's slug is its name in kebab case
(``ChatCompletionChunk`` -> ``chat-completion-chunk``). Two operations can share a slug (``/v1/a-b`` and ``/v1/a/b``):
then the later one in (path, method) order gets ``-2``, ``-3``..., so neither page is lost.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from .http import iter_operations

_NOT_SLUG = re.compile(r"[^a-z0-9_]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def slugify(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "x"


def operation_slug(method: str, path: str) -> str:
    """``post`` + ``/v1/chat/completions`` -> ``post-v1-chat-completions`` (before de-duplication)."""
    return slugify(f"{method}{path}")


def schema_slug(name: str) -> str:
    """``ChatCompletionChunk`` -> ``chat-completion-chunk``; ``issuing.card`` -> ``issuing-card``."""
    return slugify(_CAMEL.sub("-", name))


def unique(slugs: Iterable[str]) -> list[str]:
    """The slugs in order, a repeated one suffixed ``-2``, ``-3``..., skipping any suffix that is itself a slug."""
    slugs = list(slugs)
    taken = set(slugs)
    seen: set[str] = set()
    out = []
    for s in slugs:
        name, n = s, 1
        while name in seen or (name != s and name in taken):
            n += 1
            name = f"{s}-{n}"
        seen.add(name)
        out.append(name)
    return out


def operation_slugs(data: Any) -> dict[tuple[str, str], str]:
    """``(method, path) -> slug`` for every operation of the spec, de-duplicated in (path, method) order."""
    ops = sorted(iter_operations(data), key=lambda op: op.order)
    return {(op.method, op.path): s for op, s in zip(ops, unique(operation_slug(op.method, op.path) for op in ops))}


def schema_slugs(data: Any) -> dict[str, str]:
    """``component schema name -> slug``, de-duplicated in document order."""
    names = list(((data.get("components") or {}).get("schemas") or {})) if isinstance(data, dict) else []
    return dict(zip(names, unique(schema_slug(n) for n in names)))
