"""Every component (`schemas`, `responses`, `parameters`, `requestBodies`, `headers`, `examples`) is referenced
somewhere. Unused components are dead text that drifts out of date. (Unused security schemes are reported by
`security-defined`.)

Bad: `components.schemas.OldThing` with no `$ref` to it.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ...core import pointer as jp

_KINDS = ("schemas", "responses", "parameters", "requestBodies", "headers", "examples")


def make(ctx: Context) -> Visitor:
    refs: set[str] = set()

    def ref(node: dict[str, Any], at: Any) -> None:
        target = node.get("$ref")
        if isinstance(target, str) and target.startswith("#/components/"):
            refs.add(target)

    def done() -> None:
        comps = ctx.data.get("components")
        if not isinstance(comps, dict):
            return
        for kind in _KINDS:
            group = comps.get(kind)
            for name in (group if isinstance(group, dict) else {}):
                if f"#/components/{kind}/{jp.escape(name)}" not in refs:
                    ctx.report(f"components.{kind}.{name} is never referenced", "/components", kind, name)

    return {Kind.REF: ref, Kind.DONE: done}


RULE = Rule("no-unused-components", "warn", "recommended", make, __doc__)
