"""Every schema property has a `description` (a `$ref`'d property counts when its target has one).

The property table is most of an API reference; an undocumented field forces readers to guess. The summary line
shows the coverage (described / all properties).
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    counts = [0, 0]  # described, total

    def schema(node: dict[str, Any], at: Any) -> None:
        props = node.get("properties")
        if props.__class__ is not dict:
            return
        for name, prop in props.items():
            counts[1] += 1
            target = ctx.resolve(prop) if isinstance(prop, dict) and "$ref" in prop else prop
            if isinstance(target, dict) and isinstance(target.get("description"), str) and target["description"].strip():
                counts[0] += 1
            else:
                ctx.report(f"property {name!r} has no description", at, "properties", name)

    def done() -> None:
        ctx.stats["property_descriptions"] = {"described": counts[0], "total": counts[1]}

    return {Kind.SCHEMA: schema, Kind.DONE: done}


RULE = Rule("property-description", "warn", "gateway", make, __doc__)
