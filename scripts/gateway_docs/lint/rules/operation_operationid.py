"""Every operation has an `operationId`.

SDK generators name methods after it, docs generators build page slugs and anchors from it, and
`gateway-docs` uses it for reference pages and snippets. Without one, every tool invents its own name.

Bad: an operation without `operationId`. Good: `operationId: createChatCompletion`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        if not op.get("operationId"):
            ctx.report(f"{op_name(method, path)} has no operationId", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-operationId", "error", "recommended", make, __doc__)
