"""Mintlify pages and navigation entries: which operations get one, their slug, and the MDX stub page of each."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..core.front_matter import split_front_matter
from ..core.http import OperationRef, iter_operations
from ..core.slugs import operation_slugs, slugify
from ..render.html import to_text

DEFAULT_PAGES_DIR = "api-reference"
UNTAGGED = "API Reference"  # Mintlify's own name for the group of untagged operations


@dataclass
class Operation:
    ref: OperationRef
    slug: str  # the same slug as the MkDocs reference page (de-duplicated the same way)

    @property
    def method(self) -> str:
        return self.ref.method

    @property
    def path(self) -> str:
        return self.ref.path

    @property
    def op(self) -> dict[str, Any]:
        return self.ref.op

    @property
    def entry(self) -> str:
        return self.ref.entry

    @property
    def hidden(self) -> bool:
        return bool(self.op.get("x-hidden"))


def operations(data: dict[str, Any]) -> list[Operation]:
    """Every operation in document order, minus ``x-excluded`` ones."""
    slugs = operation_slugs(data)
    return [Operation(ref, slugs[(ref.method, ref.path)]) for ref in iter_operations(data)
            if not ref.op.get("x-excluded")]


def nav_route(op: Operation) -> str:
    """The URL Mintlify gives the page it generates for a ``"METHOD /path"`` navigation entry:
    ``/api-reference/<first tag>/<title>``, both kebab-cased (checked against @mintlify/prebuild in the tests)."""
    title = ((op.op.get("x-mint") or {}).get("metadata") or {}).get("title") or op.op.get("summary") or op.entry
    tag = str((op.op.get("tags") or [""])[0])
    return "/api-reference/" + "/".join(slugify(part) for part in (tag, str(title)) if part)


def _tag_groups(data: dict[str, Any], ops: list[Operation], entry: Callable[[Operation], str]) -> list[dict[str, Any]]:
    """One nested group per first tag, in the order of the spec's ``tags`` list, then first use."""
    order = [str(t["name"]) for t in data.get("tags") or [] if isinstance(t, dict) and t.get("name")]
    by_tag: dict[str, list[str]] = {}
    for op in ops:
        tag = str((op.op.get("tags") or [UNTAGGED])[0])
        by_tag.setdefault(tag, []).append(entry(op))
        if tag not in order:
            order.append(tag)
    return [{"group": t, "pages": by_tag[t]} for t in order if t in by_tag]


def navigation_pages(data: dict[str, Any], style: str = "nav", pages_dir: str = DEFAULT_PAGES_DIR,
                     by_tag: bool = False, listed: dict[tuple[str, str], str | None] | None = None) -> list[Any]:
    """The managed group's ``pages``: each visible operation exactly once.

    ``listed``: operations a page already in the navigation binds (``openapi:`` front matter) -> the entry to keep
    in the managed group (a page listed there), or None when the page is listed elsewhere (no second entry)."""
    listed = listed or {}
    ops = [op for op in operations(data) if not op.hidden and listed.get((op.method, op.path), "") is not None]

    def entry(op: Operation) -> str:
        kept = listed.get((op.method, op.path))
        if kept:
            return kept
        return op.entry if style == "nav" else f"{pages_dir}/{op.slug}"

    return _tag_groups(data, ops, entry) if by_tag else [entry(op) for op in ops]


def _one_line(text: Any) -> str:
    """The first paragraph as one line of plain text (frontmatter: Mintlify shows HTML tags there literally)."""
    first = re.split(r"\n\s*\n", to_text(str(text or "")).strip(), maxsplit=1)[0]
    return " ".join(first.split())


def front_matter(fields: dict[str, Any], raw: dict[str, str] | None = None) -> str:
    """YAML front matter: ``fields`` JSON-quoted (which YAML reads as double-quoted scalars), ``raw`` as given."""
    lines = [f"{k}: {json.dumps(str(v), ensure_ascii=False)}" for k, v in fields.items() if v]
    lines += [f"{k}: {v}" for k, v in (raw or {}).items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


# "openapi: get /v1/models", "openapi: 'POST /v1/x'", "openapi: spec.json get /v1/x" (a named spec first)
_BINDING = re.compile(r"""^openapi:[ \t]*(["']?)(?:\S+[ \t]+)?(get|put|post|delete|options|head|patch|trace)[ \t]+(/\S*?)\1[ \t]*$""",
                      re.IGNORECASE | re.MULTILINE)


def page_binding(text: str) -> tuple[str, str] | None:
    """``(method, path)`` a page binds with its ``openapi:`` front matter, None when it binds none."""
    head, _ = split_front_matter(text)
    m = _BINDING.search(head) if head is not None else None
    return (m.group(2).lower(), m.group(3)) if m else None


def mdx_page(op: Operation, marker: str, examples: str = "") -> str:
    """A page bound to one operation: front matter, our marker, then the tested examples (if any)."""
    meta = (op.op.get("x-mint") or {}).get("metadata") or {}
    title = meta.get("title") or op.op.get("summary") or op.op.get("operationId") or op.entry
    fields = {"title": title, "sidebarTitle": meta.get("sidebarTitle") or title,
              "description": meta.get("description") or _one_line(op.op.get("description") or op.op.get("summary"))}
    binding = f"{op.method} {op.path}"
    if not re.fullmatch(r"[a-z]+ /[A-Za-z0-9_./{}~-]*", binding):
        binding = json.dumps(binding, ensure_ascii=False)
    head = front_matter(fields, {"openapi": binding})
    return f"{head}\n{marker}\n" + (f"\n{examples}" if examples else "")


# --------------------------------------------------------------------------------------------------------------
# Finding what we own in docs.json

