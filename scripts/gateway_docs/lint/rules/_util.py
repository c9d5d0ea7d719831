"""Small helpers shared by several rules (kept here so each rule module stays one rule)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ...core.numbers import dumps

if TYPE_CHECKING:
    from ..engine import Context

SAFE_INTEGER = 9007199254740991  # Number.MAX_SAFE_INTEGER, what z.number().int() writes as bounds
ERROR_SCHEMA_DEFAULT = "#/components/schemas/Error"
JSON_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool)
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def canonical(node: Any) -> bytes:
    """Canonical JSON (sorted keys, compact): equal schemas give equal bytes."""
    return dumps(node, sort_keys=True)


def status_class(code: str) -> str:
    """'2' for 200/201/2XX, '4' for 4xx..., 'default' for default, '' for anything else."""
    code = str(code)
    if code == "default":
        return "default"
    if len(code) == 3 and code[0] in "12345":
        return code[0]
    return ""


def op_name(method: str, path: str | None) -> str:
    return f"{method.upper()} {path}" if path is not None else method.upper()


def schema_properties(ctx: Context, schema: Any) -> dict[str, Any]:
    """The properties of a (resolved) object schema, merging allOf branches one level deep."""
    schema = ctx.resolve(schema)
    if not isinstance(schema, dict):
        return {}
    props = dict(schema.get("properties") or {}) if isinstance(schema.get("properties"), dict) else {}
    for branch in schema.get("allOf") or []:
        b = ctx.resolve(branch)
        if isinstance(b, dict) and isinstance(b.get("properties"), dict):
            props.update(b["properties"])
    return props


def error_schema_ref(ctx: Context) -> str:
    return cast(str, ctx.options.get("error-schema", ERROR_SCHEMA_DEFAULT))
