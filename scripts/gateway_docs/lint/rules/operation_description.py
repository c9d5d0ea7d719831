"""Every operation has a `description`: what it does, when to use it, what to watch out for.

Bad: an operation with only a `summary`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        d = op.get("description")
        if not isinstance(d, str) or not d.strip():
            ctx.report(f"{op_name(method, path)} has no description", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-description", "warn", "recommended", make, __doc__)
