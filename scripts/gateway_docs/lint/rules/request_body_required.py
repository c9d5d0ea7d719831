"""A request body's object schema says which properties are `required`.

Without a `required` list every field is optional on paper, so `{}` is a valid request, although the server
rejects it (the upstream `/v1/responses` body has no `required`, yet the gateway needs `model`).
"""
from __future__ import annotations

from typing import Any

from ...core.refs import chain_pointer
from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    reported: set[str] = set()

    def media_type(node: dict[str, Any], at: Any, mtype: str, role: str) -> None:
        if role != "request" or "json" not in mtype:
            return
        schema, s_at = ctx.resolve_at(node.get("schema"), (at, "schema"))
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict) or not schema["properties"]:
            return
        if schema.get("required"):
            return
        ptr = chain_pointer(s_at)
        if ptr not in reported:
            reported.add(ptr)
            ctx.report("the request body schema has properties but no required list: every field is optional", ptr)

    return {Kind.MEDIA_TYPE: media_type}


RULE = Rule("request-body-required", "warn", "gateway", make, __doc__)
