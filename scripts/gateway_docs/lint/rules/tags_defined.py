"""Tags are defined and used: every tag an operation uses is declared in the top-level `tags` list (with a
description), and every declared tag is used by some operation.

Bad: `tags: [Chats]` on an operation when the top-level list declares `Chat`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor

def make(ctx: Context) -> Visitor:
    declared: dict[str, int] = {}
    for i, t in enumerate(ctx.data.get("tags") or []):
        if isinstance(t, dict) and isinstance(t.get("name"), str):
            declared.setdefault(t["name"], i)
    used: set[Any] = set()

    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        for i, name in enumerate(op.get("tags") or []):
            used.add(name)
            if name not in declared:
                ctx.report(f"tag {name!r} is not declared in the top-level tags list", at, "tags", i)

    def done() -> None:
        for name, i in declared.items():
            if name not in used:
                ctx.report(f"tag {name!r} is declared but no operation uses it", "/tags", i)

    return {Kind.OPERATION: operation, Kind.DONE: done}


RULE = Rule("tags-defined", "warn", "recommended", make, __doc__)
