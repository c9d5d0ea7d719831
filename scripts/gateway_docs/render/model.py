"""What the reference pages are: slugs, the list of pages, and the template context of each page.

Slug rule (documented in the README): an operation's page is ``METHOD + PATH`` in lower case, with every run of
characters other than ``a-z``, ``0-9`` and ``_`` turned into one ``-`` and no ``-`` at either end:
``POST /v1/chat/completions`` -> ``post-v1-chat-completions``, ``GET /v1/models/{model}`` -> ``get-v1-models-model``.
A component schema's page is its name in kebab case (``ChatCompletionChunk`` -> ``schemas/chat-completion-chunk``).
On a clash (``/a/{b}`` and ``/a/b``) the later one, in (path, method) order, gets ``-2``, ``-3``...
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .escape import html_text

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SNIPPET_LANGS = (("sh", "cURL", "bash"), ("py", "Python", "python"), ("ts", "TypeScript", "typescript"))
_TITLE_LINE = re.compile(r"^\s*(?:#|//)\s*title:\s*(.+?)\s*$")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-") or "x"


def operation_slug(method: str, path: str) -> str:
    """``post`` + ``/v1/chat/completions`` -> ``post-v1-chat-completions``."""
    return slugify(f"{method}{path}")


def schema_slug(name: str) -> str:
    """``ChatCompletionChunk`` -> ``chat-completion-chunk``; ``issuing.card`` -> ``issuing-card``."""
    kebab = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name)
    return slugify(kebab)


def _unique(slugs: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for s in slugs:
        n = seen.get(s, 0) + 1
        seen[s] = n
        out.append(s if n == 1 else f"{s}-{n}")
    return out


@dataclass
class Operation:
    method: str
    path: str
    slug: str
    op: dict
    path_item: dict
    pointer: str

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


def collect_operations(data: dict) -> list[Operation]:
    found = []
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                ptr = "/paths/" + str(path).replace("~", "~0").replace("/", "~1") + "/" + method
                found.append((str(path), method, op, item, ptr))
    found.sort(key=lambda t: (t[0], METHODS.index(t[1])))
    slugs = _unique([operation_slug(m, p) for p, m, *_ in found])
    return [Operation(m, p, s, op, item, ptr) for (p, m, op, item, ptr), s in zip(found, slugs)]


def schema_slugs(data: dict) -> dict[str, str]:
    names = list(((data.get("components") or {}).get("schemas") or {}))
    return dict(zip(names, _unique([schema_slug(n) for n in names])))


def tag_order(data: dict, operations: list[Operation]) -> list[str]:
    order = [str(t.get("name")) for t in data.get("tags") or [] if isinstance(t, dict) and t.get("name")]
    for op in operations:
        for t in op.tags[:1]:
            if t not in order:
                order.append(t)
    used = {op.tags[0] for op in operations}
    return [t for t in order if t in used]


# ------------------------------------------------------------------------------------------------- snippets
@dataclass
class SnippetFile:
    ext: str
    label: str
    lang: str
    include: str  # path relative to the snippets folder, for --8<--
    path: Path
    start: int  # first line to include (2 when line 1 is the "title:" comment)
    output: str | None  # include path of the declared output
    output_path: Path | None


@dataclass
class Snippet:
    name: str
    title: str
    files: list[SnippetFile] = field(default_factory=list)


def find_snippets(snippets_dir: Path | None, group: str) -> list[Snippet]:
    """The runnable examples in ``docs/snippets/<group>/``: one entry per name, ``minimal`` first, then sorted."""
    if snippets_dir is None:
        return []
    folder = Path(snippets_dir) / group
    if not folder.is_dir():
        return []
    by_name: dict[str, Snippet] = {}
    for ext, label, lang in SNIPPET_LANGS:
        for f in sorted(folder.glob(f"*.{ext}")):
            if not f.is_file():
                continue
            name = f.name[: -len(ext) - 1]
            snippet = by_name.setdefault(name, Snippet(name=name, title=""))
            first = f.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
            m = _TITLE_LINE.match(first)
            if m and not snippet.title:
                snippet.title = m.group(1)
            out = f.with_name(f.name + ".out")
            snippet.files.append(SnippetFile(
                ext=ext, label=label, lang=lang, include=f"{group}/{f.name}", path=f, start=2 if m else 1,
                output=f"{group}/{out.name}" if out.is_file() else None, output_path=out if out.is_file() else None))
    for s in by_name.values():
        s.title = s.title or s.name.replace("_", " ").replace("-", " ").capitalize()
    return sorted(by_name.values(), key=lambda s: (s.name != "minimal", s.name))


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
def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            out.add(ref)
        for v in node.values():
            _refs(v, out)
    elif isinstance(node, list):
        for v in node:
            _refs(v, out)


class Fingerprints:
    """Hash of the spec text a page depends on: its node plus every $ref target reachable from it."""

    def __init__(self, data: dict):
        self.data = data
        self._direct: dict[str, frozenset[str]] = {}
        self._hash: dict[str, bytes] = {}

    def _target(self, ref: str) -> Any:
        node: Any = self.data
        for token in ref[2:].split("/") if ref.startswith("#/") else []:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node.get(token) if isinstance(node, dict) else None
        return node

    def closure(self, node: Any) -> list[str]:
        start: set[str] = set()
        _refs(node, start)
        seen: set[str] = set()
        todo = list(start)
        while todo:
            ref = todo.pop()
            if ref in seen:
                continue
            seen.add(ref)
            if ref not in self._direct:
                found: set[str] = set()
                _refs(self._target(ref), found)
                self._direct[ref] = frozenset(found)
            todo.extend(self._direct[ref] - seen)
        return sorted(seen)

    def of(self, node: Any, *extra: Any) -> str:
        h = hashlib.sha1(orjson.dumps(node, option=orjson.OPT_SORT_KEYS, default=str))
        for ref in self.closure(node):
            digest = self._hash.get(ref)
            if digest is None:  # each target is hashed once per spec, however many pages reach it
                digest = self._hash[ref] = hashlib.sha1(
                    ref.encode() + orjson.dumps(self._target(ref), option=orjson.OPT_SORT_KEYS, default=str)).digest()
            h.update(digest)
        for e in extra:
            h.update(json.dumps(e, sort_keys=True, default=str).encode())
        return h.hexdigest()
