"""Every operation declares at least one 4xx response.

Clients need to know what a rejected request looks like (400 validation errors, 401 bad keys, 429 rate limits).

Bad: `responses` with only `200`. Good: add `"400": {$ref: "#/components/responses/BadRequest"}`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name, status_class


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        responses = op.get("responses")
        if isinstance(responses, dict) and not any(status_class(c) == "4" for c in responses):
            ctx.report(f"{op_name(method, path)} declares no 4xx response", at, "responses")

    return {Kind.OPERATION: operation}


RULE = Rule("operation-4xx-response", "warn", "recommended", make, __doc__)
