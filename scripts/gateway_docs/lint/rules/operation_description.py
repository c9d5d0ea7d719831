"""Every operation has a `description`: what it does, when to use it, what to watch out for.

Bad: an operation with only a `summary`.
"""
from __future__ import annotations

from ..engine import Kind, Rule
from ._util import op_name


def make(ctx):
    def operation(op, at, path, method, item):
        d = op.get("description")
        if not isinstance(d, str) or not d.strip():
            ctx.report(f"{op_name(method, path)} has no description", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-description", "warn", "recommended", make, __doc__)
