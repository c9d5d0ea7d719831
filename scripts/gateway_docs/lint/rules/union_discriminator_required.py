"""In a union of object variants told apart by a single-value property (`type: {enum: [text]}`), that property is
`required` in every variant.

If the tag is optional in a variant (often with a `default`), an object without it matches that variant and
possibly others: the variants overlap, `oneOf` fails and renderers cannot tell which variant is meant.

Bad: `anyOf: [{properties: {type: {enum: [input_text], default: input_text}, text: {...}}, required: [text]}, ...]`.
Good: `required: [type, text]`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import schema_properties


def _tag_values(ctx: Context, prop: Any) -> Any:
    prop = ctx.resolve(prop)
    if not isinstance(prop, dict):
        return None
    if "const" in prop:
        return prop["const"]
    enum = prop.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and enum[0] is not None:
        return enum[0]
    return None


def make(ctx: Context) -> Visitor:
    def schema(node: dict[str, Any], at: Any) -> None:
        for key in ("anyOf", "oneOf"):
            branches = node.get(key)
            if branches.__class__ is not list or len(branches) < 2:
                continue
            variants = []
            for b in branches:
                b = ctx.resolve(b)
                props = schema_properties(ctx, b)
                if not props:
                    break
                variants.append((b, props))
            else:
                common = set(variants[0][1]).intersection(*(set(p) for _, p in variants[1:]))
                tags = [name for name in sorted(common)
                        if all(_tag_values(ctx, p[name]) is not None for _, p in variants)]
                for tag in tags[:1]:
                    for i, (b, _props) in enumerate(variants):
                        if tag not in (b.get("required") or []):
                            ctx.report(f"{key} variant {i} does not require its tag property {tag!r}: "
                                       "the variants overlap", at, key, i)

    return {Kind.SCHEMA: schema}


RULE = Rule("union-discriminator-required", "warn", "gateway", make, __doc__)
