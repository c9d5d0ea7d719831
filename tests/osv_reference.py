"""openapi-spec-validator as the reference for ``gateway-docs validate``: its verdict and the nodes it blames.

It runs the validator as shipped, with each keyword validator wrapped to remember which node it was checking, so
an error can be tied to its node (the schema, the operation, the parameter) through ``$ref``s.
"""
from __future__ import annotations

from typing import Any, Iterable

from gateway_docs.core import pointer as jp
from gateway_docs.core.refs import follow_refs


def _real_pointer(data: Any, parts: Iterable[Any]) -> str:
    """The pointer of a logical path that may run through $refs (openapi-spec-validator follows them)."""
    node, ptr = data, ""
    for part in parts:
        node, at = follow_refs(data, node, ptr)
        ptr = at if at is not None else ptr
        key = str(part)
        if isinstance(node, dict) and key in node:
            node, ptr = node[key], f"{ptr}/{jp.escape(key)}"
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node, ptr = node[int(key)], f"{ptr}/{key}"
        else:
            break
    node, at = follow_refs(data, node, ptr)
    return at if at is not None else ptr


def _tracking_class(version: str) -> type:
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base = OpenAPIV30SpecValidator if version == "3.0" else OpenAPIV31SpecValidator

    def tracking(cls: type) -> type:
        original = cls.__call__

        def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            for err in original(self, *args, **kwargs):
                if where is not None and getattr(err, "gd_parts", None) is None:
                    err.gd_parts = where.parts
                yield err

        return type(cls.__name__, (cls,), {"__call__": __call__})

    return type("Tracking" + base.__name__, (base,), {
        "keyword_validators": {k: tracking(v) for k, v in base.keyword_validators.items()}})


def reference_nodes(data: dict, version: str) -> set[str]:
    """The nodes openapi-spec-validator blames: for a keyword check the node it was checking, for a meta-schema
    error the node the error is at. Empty when the document is valid."""
    nodes: set[str] = set()
    validator = _tracking_class(version)(data)
    # Its own iter_errors re-creates every error at the end (losing the node we recorded): run its two stages.
    for err in validator.schema_validator.iter_errors(validator.schema):
        nodes.add(_real_pointer(data, err.absolute_path))
    for err in validator.root_validator(validator.schema_path):
        parts = getattr(err, "gd_parts", None)
        if parts is not None:
            nodes.add(_real_pointer(data, parts))
        else:
            nodes.add(_real_pointer(data, err.absolute_path))
    return nodes
