"""Every operation has at least one tag, so navigation can group it (untagged operations fall into a catch-all
group in Mintlify and most renderers).

Bad: an operation without `tags`. Good: `tags: [Chat]`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        tags = op.get("tags")
        if not isinstance(tags, list) or not tags:
            ctx.report(f"{op_name(method, path)} has no tags", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-tags", "warn", "recommended", make, __doc__)
