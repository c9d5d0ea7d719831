"""Examples are valid against their schemas, with OpenAPI 3.0 semantics (`nullable: true` allows `null`).

Checked: `example` and `examples.*.value` of media types, parameters and headers, and `example` on schemas.
Instances are validated by the same converter the mock gateway uses (`gateway_docs.core.oas_schema.SchemaConverter`), so
`temperature: null` on a `nullable: true` number is valid here, where Spectral and Redocly report a false
positive. For `text/event-stream` media types the example is the stream text: each `data:` line (except
`[DONE]`) must be valid JSON matching the schema, or the shared error schema (an error sent mid-stream).

Bad: `example: {n: 0}` when `n` has `minimum: 1`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core import pointer as jp
from ...core.refs import chain_pointer
from ..engine import Context, Kind, Rule, Visitor
from ..instance_schema import Unprunable, prune
from ._util import error_schema_ref

if TYPE_CHECKING:
    from ...core.oas_schema import InstanceError


def make(ctx: Context) -> Visitor:
    def errors(schema_ptr: str, value: Any) -> list[InstanceError]:
        try:
            try:  # the part of the schema this example reaches: tiny to compile (see instance_schema)
                pruned = prune(ctx.data, {"$ref": "#" + schema_ptr}, [value], ctx.converter.oas30)
            except Unprunable:
                return ctx.converter.errors(schema_ptr, value)
            return ctx.converter.errors(pruned, value)
        except Exception as e:  # jsonschema-rs refuses the schema itself (a bad regex...): say so, once
            ctx.report(f"the schema cannot be compiled to check this example: {e}", schema_ptr)
            return []

    def check(schema_ptr: str, value: Any, ptr: str) -> None:
        for err in errors(schema_ptr, value)[:5]:
            ctx.report(f"example does not match its schema at {err.path or '/'}: {err.message}", ptr + err.path)

    def check_stream(schema_ptr: str, text: str, ptr: str) -> None:
        import orjson
        error_ptr = error_schema_ref(ctx)[1:]
        has_error_schema = jp.exists(ctx.data, error_ptr)
        for n, line in enumerate(text.splitlines(), 1):
            if not line.startswith("data:"):
                continue
            payload = line[5:].strip()
            if payload == "[DONE]":
                continue
            try:
                value = orjson.loads(payload)
            except orjson.JSONDecodeError as e:
                ctx.report(f"stream example line {n}: the data is not JSON ({e})", ptr)
                continue
            errs = errors(schema_ptr, value)
            if errs and not (has_error_schema and not errors(error_ptr, value)):
                ctx.report(f"stream example line {n} does not match its schema: {errs[0]}", ptr)

    def holder(node: dict[str, Any], at: Any, stream: bool = False) -> None:
        schema = node.get("schema")
        examples = node.get("examples")
        if not isinstance(schema, dict) or ("example" not in node and not isinstance(examples, dict)):
            return
        here = chain_pointer(at)
        ref = schema.get("$ref")
        schema_ptr = ref[1:] if isinstance(ref, str) and ref.startswith("#") else here + "/schema"
        values = []
        if "example" in node:
            values.append((node["example"], here + "/example"))
        for name, ex in (examples.items() if isinstance(examples, dict) else ()):
            ex_node, ex_at = ctx.resolve_at(ex, None)
            if isinstance(ex_node, dict) and "value" in ex_node:
                where = (ex_at if ex_at is not None else f"{here}/examples/{jp.escape(name)}") + "/value"
                values.append((ex_node["value"], where))
        for value, ptr in values:
            if stream and isinstance(value, str):
                check_stream(schema_ptr, value, ptr)
            else:
                check(schema_ptr, value, ptr)

    def media_type(node: dict[str, Any], at: Any, mtype: str, role: str) -> None:
        holder(node, at, stream=mtype.split(";")[0].strip() == "text/event-stream")

    def schema(node: dict[str, Any], at: Any) -> None:
        if "example" in node:
            ptr = chain_pointer(at)
            check(ptr, node["example"], ptr + "/example")

    return {Kind.MEDIA_TYPE: media_type, Kind.PARAMETER: holder, Kind.HEADER: holder, Kind.SCHEMA: schema}


RULE = Rule("valid-examples", "error", "minimal", make, __doc__)
