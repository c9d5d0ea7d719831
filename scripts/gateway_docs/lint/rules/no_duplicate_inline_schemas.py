"""Inline sub-schemas are not repeated: a structured inline schema (one with `properties`, `items`, `anyOf`,
`oneOf` or `allOf`) whose canonical JSON is longer than 40 characters and that appears two or more times should be
one component referenced with `$ref`. (Leaf schemas such as `{type: string, description: ...}` are not compared:
repeating those is normal.)

One finding per repeated schema, at its first occurrence, listing the others. Repeats nested inside a larger
repeated schema are not reported separately. (Component schemas themselves are not compared.)
"""
from __future__ import annotations

from typing import Any

from ...core.refs import chain_pointer
from ..engine import Context, Kind, Rule, Visitor
from ._util import canonical

MIN_LENGTH = 40
_STRUCTURE = ("properties", "items", "anyOf", "oneOf", "allOf")


def make(ctx: Context) -> Visitor:
    seen: dict[bytes, list[Any]] = {}

    def schema(node: dict[str, Any], at: Any) -> None:
        if not any(k in node for k in _STRUCTURE):
            return
        parent = at[0] if at.__class__ is tuple else None
        if parent is not None and parent[1] == "schemas" and parent[0] == (None, "components"):
            return
        text = canonical(node)
        if len(text) > MIN_LENGTH:
            seen.setdefault(text, []).append(at)

    def done() -> None:
        groups = [(text, ats) for text, ats in seen.items() if len(ats) > 1]
        groups.sort(key=lambda g: -len(g[0]))
        covered: list[str] = []
        for text, ats in groups:
            ptrs = [chain_pointer(a) for a in ats]
            if all(any(p.startswith(c + "/") for c in covered) for p in ptrs):
                continue
            covered.extend(ptrs)
            others = ", ".join(ptrs[1:4]) + (f" and {len(ptrs) - 4} more" if len(ptrs) > 4 else "")
            ctx.report(f"this inline schema ({len(text)} chars) appears {len(ptrs)} times (also at {others}): "
                       "make it a component and $ref it", ptrs[0])
        ctx.stats["duplicate_inline_schemas"] = {"distinct": len(groups), "occurrences": sum(len(a) for _, a in groups)}

    return {Kind.SCHEMA: schema, Kind.DONE: done}


RULE = Rule("no-duplicate-inline-schemas", "warn", "gateway", make, __doc__)
