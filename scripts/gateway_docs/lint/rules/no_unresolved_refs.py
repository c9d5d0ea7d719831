"""Every `$ref` resolves to a node of the document.

A dangling reference breaks every tool downstream (renderers, SDK generators, the mock gateway). The loader
already refuses references to missing files and remote URLs; this rule reports each one as a finding, at the
`$ref` itself.

Bad: `schema: {$ref: "#/components/schemas/Missing"}` when there is no `Missing` schema.
"""
from __future__ import annotations

from typing import Any

from ...core import pointer as jp
from ...core.refs import ref_pointer
from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    def ref(node: dict[str, Any], at: Any) -> None:
        target = node.get("$ref")
        if not isinstance(target, str):
            ctx.report("$ref must be a string", at, "$ref")
        elif not target.startswith("#"):
            ctx.report(f"$ref {target!r} is not internal to the bundled document", at, "$ref")
        elif (pointer := ref_pointer(target)) is None or not jp.exists(ctx.data, pointer):
            ctx.report(f"$ref {target!r} does not resolve: nothing at {target[1:] or '/'}", at, "$ref")

    return {Kind.REF: ref}


RULE = Rule("no-unresolved-refs", "error", "minimal", make, __doc__)
