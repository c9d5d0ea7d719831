"""What the reference pages are: the list of pages, and the template context of each page.

Slugs (one rule for every output) live in :mod:`gateway_docs.core.slugs`, snippets in
:mod:`gateway_docs.snippets.examples`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import pointer as jp
from ..core.http import OperationRef, iter_operations
from ..core.numbers import dumps
from ..core.refs import reachable_refs, ref_pointer
from ..core.slugs import operation_slugs
from .escape import html_text


@dataclass(frozen=True)
class Operation(OperationRef):
    """An operation with the slug of its page."""

    slug: str

    @property
    def title(self) -> str:
        return str(self.op.get("summary") or self.op.get("operationId") or f"{self.method.upper()} {self.path}")

    @property
    def tags(self) -> list[str]:
        return [str(t) for t in self.op.get("tags") or []] or ["Other"]


@dataclass
class PageInfo:
    """One generated page: where it goes, its nav title and group, and a fingerprint of everything it reads."""

    path: str  # relative to the reference folder, e.g. "post-v1-chat-completions.md"
    kind: str  # "operation" | "schema" | "index"
    key: str  # slug or schema name
    title: str  # raw text
    group: str = ""
    pointer: str = ""  # where it comes from in the spec (for edit links and errors)
    fingerprint: str = ""

    @property
    def nav_title(self) -> str:
        return html_text(self.title)


def collect_operations(data: dict[str, Any]) -> list[Operation]:
    """Every operation, in (path, method) order, with its de-duplicated slug."""
    slugs = operation_slugs(data)
    return [Operation(r.method, r.path, r.op, r.path_item, r.pointer, slugs[(r.method, r.path)])
            for r in sorted(iter_operations(data), key=lambda r: r.order)]


def tag_order(data: dict[str, Any], operations: list[Operation]) -> list[str]:
    order = [str(t.get("name")) for t in data.get("tags") or [] if isinstance(t, dict) and t.get("name")]
    for op in operations:
        for t in op.tags[:1]:
            if t not in order:
                order.append(t)
    used = {op.tags[0] for op in operations}
    return [t for t in order if t in used]


# ------------------------------------------------------------------------------------------------- snippets
def snippets_fingerprint(snippets_dir: Path | None, group: str) -> str:
    if snippets_dir is None:
        return ""
    folder = Path(snippets_dir) / group
    if not folder.is_dir():
        return ""
    h = hashlib.sha1()
    for f in sorted(folder.iterdir()):
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------- fingerprints
class Fingerprints:
    """Hash of the spec text a page depends on: its node plus every $ref target reachable from it."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self._direct: dict[str, frozenset[str]] = {}
        self._hash: dict[str, bytes] = {}

    def _target(self, ref: str) -> Any:
        at = ref_pointer(ref)
        return jp.get(self.data, at, None) if at is not None else None

    def closure(self, node: Any) -> list[str]:
        return reachable_refs(self.data, node, self._direct)

    def of(self, node: Any, *extra: Any) -> str:
        h = hashlib.sha1(dumps(node, sort_keys=True))
        for ref in self.closure(node):
            digest = self._hash.get(ref)
            if digest is None:  # each target is hashed once per spec, however many pages reach it
                digest = self._hash[ref] = hashlib.sha1(
                    ref.encode() + dumps(self._target(ref), sort_keys=True)).digest()
            h.update(digest)
        for e in extra:
            h.update(dumps(e, sort_keys=True))
        return h.hexdigest()
