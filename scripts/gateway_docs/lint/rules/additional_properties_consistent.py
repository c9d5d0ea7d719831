"""`additionalProperties` follows one policy: when some objects are strict (`additionalProperties: false`), no
object with declared `properties` is explicitly open with `additionalProperties: {}` or `true`. (Free-form maps
without `properties`, like `metadata`, are open by design and not reported.)

Mixed policies are usually an accident of code generation (Zod `.strict()` vs `.passthrough()`), and they make
the same kind of object reject unknown fields in one request and accept them in another. Maps with typed values
(`additionalProperties: {type: string}`) are fine.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    strict = [0]
    open_: list[Any] = []

    def schema(node: dict[str, Any], at: Any) -> None:
        ap = node.get("additionalProperties", None)
        if ap is False:
            strict[0] += 1
        elif (ap is True or ap == {}) and node.get("properties"):
            open_.append(at)

    def done() -> None:
        if strict[0]:
            for at in open_:
                ctx.report(f"additionalProperties is explicitly open here while {strict[0]} other objects use "
                           "false: pick one policy", at, "additionalProperties")

    return {Kind.SCHEMA: schema, Kind.DONE: done}


RULE = Rule("additional-properties-consistent", "warn", "gateway", make, __doc__)
