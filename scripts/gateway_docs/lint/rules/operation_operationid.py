"""Every operation has an `operationId`.

SDK generators name methods after it, docs generators build page slugs and anchors from it, and
`gateway-docs` uses it for reference pages and snippets. Without one, every tool invents its own name.

Bad: an operation without `operationId`. Good: `operationId: createChatCompletion`.
"""
from __future__ import annotations

from ..engine import Kind, Rule
from ._util import op_name


def make(ctx):
    def operation(op, at, path, method, item):
        if not op.get("operationId"):
            ctx.report(f"{op_name(method, path)} has no operationId", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-operationId", "error", "recommended", make, __doc__)
