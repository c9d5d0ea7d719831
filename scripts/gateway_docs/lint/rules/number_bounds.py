"""Floating-point request fields (`type: number`, top-level properties of a request body) state at least one
bound (`minimum` or `maximum`). Integers (seeds, token counts) are not checked.

Unbounded numbers in a request (`temperature`, `top_p`) leave readers guessing what the server accepts, while
neighbouring fields (`frequency_penalty: -2..2`) are bounded. The bound must be real: the
`no-safe-integer-bounds` rule reports ±2^53 noise.
"""
from __future__ import annotations

from typing import Any

from ...core import pointer as jp
from ...core.refs import chain_pointer
from ..engine import Context, Kind, Rule, Visitor
from ._util import schema_properties


def _unbounded_number(ctx: Context, schema: Any) -> bool:
    s = ctx.resolve(schema)
    if not isinstance(s, dict):
        return False
    if s.get("type") == "number":
        return "minimum" not in s and "maximum" not in s and "enum" not in s
    branches = s.get("anyOf") or s.get("oneOf")
    if isinstance(branches, list):
        return any(_unbounded_number(ctx, b) for b in branches)
    return False


def make(ctx: Context) -> Visitor:
    reported: set[tuple[str, str]] = set()

    def media_type(node: dict[str, Any], at: Any, mtype: str, role: str) -> None:
        if role != "request" or "json" not in mtype:
            return
        schema, s_at = ctx.resolve_at(node.get("schema"), (at, "schema"))
        base = chain_pointer(s_at)
        for name, prop in schema_properties(ctx, schema).items():
            if _unbounded_number(ctx, prop) and (base, name) not in reported:
                reported.add((base, name))
                ptr = jp.child(base + "/properties", name)
                if name not in (schema.get("properties") or {}):
                    ptr = base
                ctx.report(f"request field {name!r} is a number with no minimum or maximum", ptr)

    return {Kind.MEDIA_TYPE: media_type}


RULE = Rule("number-bounds", "warn", "gateway", make, __doc__)
