"""Path parameters are declared and used: every `{name}` in the path has an `in: path` parameter (on the
operation or its path item), and every `in: path` parameter appears in the path.

Bad: `/models/{model}` with no `model` parameter; or a `model` path parameter on `/models`.
"""
from __future__ import annotations

import re
from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name

_TEMPLATE = re.compile(r"{([^{}/]+)}")


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        if path is None:
            return
        in_path = _TEMPLATE.findall(path)
        declared: dict[str, tuple[Any, int]] = {}
        for where, params in ((("item",), item.get("parameters")), (("op",), op.get("parameters"))):
            for i, p in enumerate(params if isinstance(params, list) else []):
                p = ctx.resolve(p)
                if isinstance(p, dict) and p.get("in") == "path" and isinstance(p.get("name"), str):
                    declared[p["name"]] = (where[0], i)
        for name in in_path:
            if name not in declared:
                ctx.report(f"{op_name(method, path)}: path parameter {{{name}}} is not declared "
                           "(add a parameter with in: path)", at)
        for name, (where, i) in declared.items():
            if name not in in_path:
                holder = at[0] if where == "item" else at
                ctx.report(f"path parameter {name!r} does not appear in the path {path}", holder, "parameters", i)

    return {Kind.OPERATION: operation}


RULE = Rule("path-params-defined", "error", "minimal", make, __doc__)
