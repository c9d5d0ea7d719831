"""No Zod-style null branches: `{"type": "string", "nullable": true, "enum": [null]}`.

zod-to-openapi writes `X | null` as `anyOf: [X, {type: string, nullable: true, enum: [null]}]`. Renderers then
show the field as a string, validators without `nullable` support reject `null`, and the pattern hides the
real type. Write `nullable: true` on `X` itself (OpenAPI 3.0) or `type: [X, "null"]` (3.1).

Bad: `temperature: {anyOf: [{type: number}, {type: string, nullable: true, enum: [null]}]}`.
Good: `temperature: {type: number, nullable: true}`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    def schema(node: dict[str, Any], at: Any) -> None:
        enum = node.get("enum")
        if enum.__class__ is list and len(enum) == 1 and enum[0] is None and node.get("nullable") is True:
            ctx.report("Zod null branch {type: %s, nullable: true, enum: [null]}: put nullable: true on the "
                       "real type instead" % node.get("type"), at)

    return {Kind.SCHEMA: schema}


RULE = Rule("no-zod-null-branch", "error", "gateway", make, __doc__)
