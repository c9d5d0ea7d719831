"""Every operation has a `summary`: the short title shown in navigation and page headings.

Bad: an operation without `summary`. Good: `summary: Create a chat completion`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        s = op.get("summary")
        if not isinstance(s, str) or not s.strip():
            ctx.report(f"{op_name(method, path)} has no summary", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-summary", "warn", "recommended", make, __doc__)
