"""HTTP methods and the operations of a spec: the one list every stage walks paths with."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from .pointer import child

#: The methods a Path Item Object may hold, in the order OpenAPI lists them (and our pages and nav show them).
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def join_url(base: str, path: str) -> str:
    """A server URL and a path as one URL: ``https://host/`` + ``/v1/models`` is ``https://host/v1/models``, not
    ``//v1/models`` (a trailing slash on the server is common in other people's specs)."""
    if not base:
        return path
    if not path:
        return base
    return base.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class OperationRef:
    """One operation of a spec: its method, path, the Operation Object, its Path Item and where it lives."""

    method: str
    path: str
    op: dict[str, Any]
    path_item: dict[str, Any]
    pointer: str

    @property
    def order(self) -> tuple[str, int]:
        """(path, the method's place in HTTP_METHODS): the order slugs are de-duplicated and pages listed in."""
        return self.path, HTTP_METHODS.index(self.method)

    @property
    def entry(self) -> str:
        """``POST /v1/chat/completions``: how Mintlify's navigation and people name an operation."""
        return f"{self.method.upper()} {self.path}"


def iter_operations(data: Any) -> Iterator[OperationRef]:
    """Every operation in document order (paths as written, methods in :data:`HTTP_METHODS` order)."""
    paths = data.get("paths") if isinstance(data, dict) else None
    for path, item in (paths or {}).items():
        if not isinstance(item, dict):
            continue
        item_ptr = child("/paths", str(path))
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield OperationRef(method, str(path), op, item, child(item_ptr, method))
