"""`nullable: true` is only used beside a `type`.

In OpenAPI 3.0, `nullable` only widens the schema's own `type`; beside `anyOf`/`oneOf`/`allOf` and no `type`, it
has no effect for OAS 3.0 validators, so `null` is still rejected (the upstream spec's `stop` field).

In OpenAPI 3.1 `nullable` is not a keyword at all (use `type: [string, "null"]` or a `{type: "null"}` branch); the
rule reports it there too when it stands without a `type`, where an author most likely meant it to work.

Bad: `{nullable: true, anyOf: [{type: string}, {type: array}]}`.
Good: put `nullable: true` on each branch that may be null, or add a `{type: "null"}`-equivalent branch.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    oas31 = str(ctx.data.get("openapi", "")).startswith("3.1")

    def schema(node: dict[str, Any], at: Any) -> None:
        if node.get("nullable") is True and "type" not in node:
            if oas31:  # 3.1 has no nullable keyword at all: the same effect, another fix
                ctx.report("nullable is not an OpenAPI 3.1 keyword and has no effect: null is still rejected "
                           "(add a {type: 'null'} branch)", at, "nullable")
            else:
                ctx.report("nullable: true without a type has no effect in OpenAPI 3.0: null is still rejected",
                           at, "nullable")

    return {Kind.SCHEMA: schema}


RULE = Rule("nullable-type", "error", "recommended", make, __doc__)
