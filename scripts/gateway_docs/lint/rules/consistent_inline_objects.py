"""Inline object properties with the same name and the same fields agree on which fields are `required`.

When `reasoning_options: {budget_tokens}` requires `budget_tokens` in one request body and not in another, one of
them is wrong (or the two are different things and deserve different names). Better still, make it one component.
"""
from __future__ import annotations

from typing import Any

from ...core.refs import chain_pointer
from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    shapes: dict[tuple[str, frozenset[str]], list[tuple[frozenset[Any], Any]]] = {}

    def schema(node: dict[str, Any], at: Any) -> None:
        props = node.get("properties")
        if props.__class__ is not dict:
            return
        for name, prop in props.items():
            if prop.__class__ is dict and prop.get("properties").__class__ is dict:
                key = (name, frozenset(prop["properties"]))
                req = prop.get("required")
                shapes.setdefault(key, []).append((frozenset(req if isinstance(req, list) else ()), at))

    def done() -> None:
        for (name, _fields), seen in shapes.items():
            variants = {req for req, _ in seen}
            if len(variants) < 2:
                continue
            first_req, first_at = seen[0]
            first = chain_pointer(first_at) + "/properties/" + name
            for req, at in seen[1:]:
                if req != first_req:
                    ctx.report(f"object property {name!r} requires {sorted(req)} here but {sorted(first_req)} at "
                               f"{first}", at, "properties", name)

    return {Kind.SCHEMA: schema, Kind.DONE: done}


RULE = Rule("consistent-inline-objects", "warn", "gateway", make, __doc__)
