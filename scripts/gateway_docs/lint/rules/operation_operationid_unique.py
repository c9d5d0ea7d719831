"""`operationId`s are unique across the document.

Two operations with the same id collide in generated SDKs and in documentation links.

Bad: `operationId: listModels` on two operations.
"""
from __future__ import annotations

from ...core.refs import chain_pointer
from ..engine import Kind, Rule
from ._util import op_name


def make(ctx):
    seen: dict = {}

    def operation(op, at, path, method, item):
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
