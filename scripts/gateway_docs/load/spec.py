"""The loaded spec, what every later stage takes: self-contained data plus the way back to the source of every node."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..core import pointer as jp
from ..core.diagnostics import Location, Problem
from ..core.refs import follow_refs
from .locate import Document


@dataclass
class Spec:
    """A loaded spec: self-contained ``data`` plus the way back to the source of every node."""

    source: str  # the file or folder that was loaded, as displayed
    data: Any
    documents: dict[str, Document] = field(default_factory=dict)
    # pointer prefix in ``data`` -> (document, pointer prefix in that document). Longest prefix wins.
    origins: dict[str, tuple[Document, str]] = field(default_factory=dict)
    # (pointer of the holder, value) of every $ref in ``data``, as loading walked them: later stages reuse the walk.
    refs: list[tuple[str, Any]] | None = None

    @property
    def root_document(self) -> Document:
        return next(iter(self.documents.values()))

    def origin(self, pointer: str) -> tuple[Document, str]:
        ptr = pointer
        while True:
            hit = self.origins.get(ptr)
            if hit is not None:
                doc, src = hit
                return doc, src + pointer[len(ptr):]
            if not ptr:
                return self.root_document, pointer
            ptr = jp.parent(ptr)

    def locate(self, pointer: str) -> Location:
        doc, src = self.origin(pointer)
        return doc.locate(src)

    def locate_many(self, pointers: Iterable[str]) -> dict[str, Location]:
        """Batch version of :meth:`locate` (one pass per source file)."""
        by_doc: dict[int, tuple[Document, dict[str, str]]] = {}
        for p in pointers:
            doc, src = self.origin(p)
            by_doc.setdefault(id(doc), (doc, {}))[1][p] = src
        out: dict[str, Location] = {}
        for doc, mapping in by_doc.values():
            found = doc.locator.locate_many(set(mapping.values()))
            for p, src in mapping.items():
                pos = found.get(src)
                out[p] = Location(doc.path, *pos) if pos else doc.locate(src)
        return out

    def resolve(self, node: Any) -> Any:
        """Follow internal ``$ref``s (``data`` has only internal ones) to the node they end at."""
        return follow_refs(self.data, node)[0]

    def problem(self, message: str, pointer: str, rule: str = "structure", severity: str = "error") -> Problem:
        return Problem(message=message, location=self.locate(pointer), pointer=pointer, rule=rule,
                       severity=severity)
