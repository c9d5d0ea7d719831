"""`nullable: true` is only used beside a `type`.

In OpenAPI 3.0, `nullable` only widens the schema's own `type`; beside `anyOf`/`oneOf`/`allOf` and no `type`, it
has no effect for OAS 3.0 validators, so `null` is still rejected (the upstream spec's `stop` field).

Bad: `{nullable: true, anyOf: [{type: string}, {type: array}]}`.
Good: put `nullable: true` on each branch that may be null, or add a `{type: "null"}`-equivalent branch.
"""
from __future__ import annotations

from ..engine import Kind, Rule


def make(ctx):
    def schema(node, at):
        if node.get("nullable") is True and "type" not in node:
            ctx.report("nullable: true without a type has no effect in OpenAPI 3.0: null is still rejected", at,
                       "nullable")

    return {Kind.SCHEMA: schema}


RULE = Rule("nullable-type", "error", "recommended", make, __doc__)
