"""`enum` values are unique and match the schema's `type` (`null` only when the schema is `nullable`).

Bad: `{type: string, enum: [low, low]}` or `{type: integer, enum: ["1", 2]}`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import JSON_TYPES, canonical


def make(ctx: Context) -> Visitor:
    def schema(node: dict[str, Any], at: Any) -> None:
        values = node.get("enum")
        if values.__class__ is not list:
            return
        seen = set()
        t = node.get("type")
        check = JSON_TYPES.get(t) if isinstance(t, str) else None
        nullable = node.get("nullable") is True or (isinstance(t, list) and "null" in t)
        for i, v in enumerate(values):
            key = canonical(v)
            if key in seen:
                ctx.report(f"enum value {v!r} is listed twice", at, "enum", i)
            seen.add(key)
            if check is not None and not check(v) and not (v is None and nullable):
                ctx.report(f"enum value {v!r} is not of type {t}", at, "enum", i)

    return {Kind.SCHEMA: schema}


RULE = Rule("enum-unique-typed", "error", "recommended", make, __doc__)
