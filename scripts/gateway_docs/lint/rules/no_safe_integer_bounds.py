"""No `minimum`/`maximum` of ±9007199254740991 (±2^53-1, JavaScript's `Number.MAX_SAFE_INTEGER`) or ±2^53.

Such bounds are noise from `z.number().int()`: they constrain nothing a reader cares about and clutter every
rendered field. Drop them, or state the real limit.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import SAFE_INTEGER

_NOISE = {SAFE_INTEGER, SAFE_INTEGER + 1, -SAFE_INTEGER, -SAFE_INTEGER - 1}


def make(ctx: Context) -> Visitor:
    def schema(node: dict[str, Any], at: Any) -> None:
        for key in ("minimum", "maximum"):
            v = node.get(key)
            if v is not None and v in _NOISE and not isinstance(v, bool):
                ctx.report(f"{key}: {v} is the JavaScript safe-integer limit, not a real bound: drop it", at, key)

    return {Kind.SCHEMA: schema}


RULE = Rule("no-safe-integer-bounds", "warn", "gateway", make, __doc__)
