"""`operationId`s use only URL-safe characters (`A-Z a-z 0-9 . _ ~ -`).

Ids end up in URLs (docs anchors, page slugs) and in identifiers of generated code.

Bad: `operationId: "create chat/completion"`. Good: `operationId: createChatCompletion`.
"""
from __future__ import annotations

import re
from typing import Any

from ..engine import Context, Kind, Rule, Visitor

_SAFE = re.compile(r"[A-Za-z0-9._~-]+")


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        op_id = op.get("operationId")
        if isinstance(op_id, str) and op_id and not _SAFE.fullmatch(op_id):
            bad = sorted({c for c in op_id if not _SAFE.fullmatch(c)})
            ctx.report(f"operationId {op_id!r} has characters that are not URL-safe: {' '.join(map(repr, bad))}",
                       at, "operationId")

    return {Kind.OPERATION: operation}


RULE = Rule("operation-operationId-url-safe", "error", "recommended", make, __doc__)
