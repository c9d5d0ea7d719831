"""`operationId`s are unique across the document.

Two operations with the same id collide in generated SDKs and in documentation links.

Bad: `operationId: listModels` on two operations.
"""
from __future__ import annotations

from typing import Any

from ...core.refs import chain_pointer
from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name


def make(ctx: Context) -> Visitor:
    seen: dict[str, str] = {}

    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not op_id:
            return
        if op_id in seen:
            ctx.report(f"operationId {op_id!r} of {op_name(method, path)} is already used at {seen[op_id]}",
                       at, "operationId")
        else:
            seen[op_id] = chain_pointer(at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-operationId-unique", "error", "minimal", make, __doc__)
