"""Every operation has a `summary`: the short title shown in navigation and page headings.

Bad: an operation without `summary`. Good: `summary: Create a chat completion`.
"""
from __future__ import annotations

from ..engine import Kind, Rule
from ._util import op_name


def make(ctx):
    def operation(op, at, path, method, item):
        s = op.get("summary")
        if not isinstance(s, str) or not s.strip():
            ctx.report(f"{op_name(method, path)} has no summary", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-summary", "warn", "recommended", make, __doc__)
