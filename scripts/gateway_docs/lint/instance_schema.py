"""Cut a Schema Object down to the part one example can reach, so checking it costs microseconds.

On a Stripe-size spec every component schema reaches every other one through expandable fields, so compiling the
schema of one example means compiling the whole 2 MB closure (~0.3 s with jsonschema-rs, for each distinct
schema). An example only touches the properties it has: ``prune(schema, [instance])`` keeps exactly those
(following ``$ref``s, ``items``, unions) and inlines the references it needed. The result validates that
instance exactly as the full schema would (keywords only ever look at the parts of the instance they get), and is
then converted and compiled by :class:`gateway_docs.core.oas_schema.SchemaConverter` as usual.

Anything unusual (unevaluated*, dynamic refs, a $ref cycle at one instance level) raises :class:`Unprunable`;
the caller then validates against the full schema.
"""
from __future__ import annotations

import re
from typing import Any

from ..core import pointer as jp


class Unprunable(Exception):
    pass


_UNSUPPORTED = ("unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef", "dependentSchemas",
                "propertyNames", "contains", "$id", "$anchor")
_SAME_INSTANCE = ("allOf", "anyOf", "oneOf")
_SAME_INSTANCE_ONE = ("not", "if", "then", "else")


def prune(spec_data: dict[str, Any], schema: Any, instances: list[Any], oas30: bool = True,
          _active: tuple[tuple[str, tuple[int, ...]], ...] = ()) -> Any:
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        ref = schema["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise Unprunable(ref)
        key = (ref, tuple(map(id, instances)))
        if key in _active or len(_active) > 200:
            raise Unprunable(f"$ref cycle through {ref}")
        from urllib.parse import unquote
        target = jp.get(spec_data, unquote(ref[1:]), None)
        if target is None:
            raise Unprunable(ref)
        out = prune(spec_data, target, instances, oas30, _active + (key,))
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        if siblings and not oas30:  # 3.1: siblings of $ref apply too
            return {"allOf": [out, prune(spec_data, siblings, instances, oas30, _active)]}
        return out
    if any(k in schema for k in _UNSUPPORTED):
        raise Unprunable("unsupported keyword")
    out = {}
    for key, value in schema.items():
        if key in _SAME_INSTANCE and isinstance(value, list):
            out[key] = [prune(spec_data, v, instances, oas30, _active) for v in value]
        elif key in _SAME_INSTANCE_ONE:
            out[key] = prune(spec_data, value, instances, oas30, _active)
        elif key == "properties" and isinstance(value, dict):
            props = {}
            for name, sub in value.items():
                reached = [i[name] for i in instances if isinstance(i, dict) and name in i]
                if reached:
                    props[name] = prune(spec_data, sub, reached, oas30, ())
            out[key] = props
        elif key == "patternProperties" and isinstance(value, dict):
            pats = {}
            for pattern, sub in value.items():
                try:
                    rx = re.compile(pattern)
                except re.error:
                    raise Unprunable(pattern) from None
                reached = [v for i in instances if isinstance(i, dict) for k, v in i.items() if rx.search(k)]
                pats[pattern] = prune(spec_data, sub, reached, oas30, ()) if reached else {}
            out[key] = pats
        elif key == "additionalProperties" and isinstance(value, dict):
            known = set(schema.get("properties") or {})
            patterns = list(schema.get("patternProperties") or {})
            reached = [v for i in instances if isinstance(i, dict) for k, v in i.items()
                       if k not in known and not any(re.search(p, k) for p in patterns)]
            out[key] = prune(spec_data, value, reached, oas30, ()) if reached else {}
        elif key == "items" and isinstance(value, dict):
            reached = [v for i in instances if isinstance(i, list) for v in i]
            out[key] = prune(spec_data, value, reached, oas30, ()) if reached else {}
        elif key in ("items", "prefixItems") and isinstance(value, list):
            out[key] = [prune(spec_data, sub, [i[n] for i in instances if isinstance(i, list) and len(i) > n],
                              oas30, ()) for n, sub in enumerate(value)]
        else:
            out[key] = value
    return out
