"""Every operation has at least one tag, so navigation can group it (untagged operations fall into a catch-all
group in Mintlify and most renderers).

Bad: an operation without `tags`. Good: `tags: [Chat]`.
"""
from __future__ import annotations

from ..engine import Kind, Rule
from ._util import op_name


def make(ctx):
    def operation(op, at, path, method, item):
        tags = op.get("tags")
        if not isinstance(tags, list) or not tags:
            ctx.report(f"{op_name(method, path)} has no tags", at)

    return {Kind.OPERATION: operation}


RULE = Rule("operation-tags", "warn", "recommended", make, __doc__)
