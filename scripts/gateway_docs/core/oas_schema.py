"""OpenAPI Schema Objects -> JSON Schema 2020-12, and fast instance validation with jsonschema-rs.

OpenAPI 3.0 schemas are not JSON Schema: ``nullable: true`` means "null is also allowed", ``exclusiveMinimum`` is a
boolean, and refs point into ``#/components/schemas``. Validating examples or request bodies with a plain JSON Schema
validator gives the false positives Spectral and Redocly are known for (``temperature: null`` rejected). Here every
schema is converted once with OAS 3.0 semantics, then compiled by jsonschema-rs, so the linter's example rule, the
tests and the mock gateway all agree on what is valid.
"""
from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from . import pointer as jp

# Keywords that only annotate (or that JSON Schema does not know) are dropped from the converted schema.
_OAS_ONLY = {"discriminator", "xml", "externalDocs", "example", "examples", "deprecated", "readOnly", "writeOnly",
             "nullable"}


def _is_30(spec_data: dict[str, Any]) -> bool:
    return str(spec_data.get("openapi", "3.0")).startswith("3.0")


def request_schema_pointer(spec_data: dict[str, Any], op_pointer: str, media_type: str = "application/json") -> str | None:
    """Where the JSON request body schema of the operation at ``op_pointer`` lives (through a ``$ref``ed Request
    Body Object), or None when it has none. The mock validates requests against it; the try-it console in the
    browser validates the edited body against the same schema."""
    op = jp.get(spec_data, op_pointer, None)
    body = op.get("requestBody") if isinstance(op, dict) else None
    if not isinstance(body, dict):
        return None
    base = body["$ref"][1:] if isinstance(body.get("$ref"), str) else op_pointer + "/requestBody"
    ptr = jp.join([*jp.split(base), "content", media_type, "schema"])
    return ptr if jp.exists(spec_data, ptr) else None


class SchemaConverter:
    """Converts the Schema Objects of one spec. Component schemas become ``$defs`` entries, shared by every
    converted schema, so recursion through ``$ref`` stays finite."""

    def __init__(self, spec_data: dict[str, Any]):
        self.spec = spec_data
        self.oas30 = _is_30(spec_data)
        self._defs: dict[str, Any] = {}
        self._def_names: dict[str, str] = {}  # source pointer -> $defs name
        self._validators: dict[str, jsonschema_rs.Validator] = {}

    def _def_name(self, pointer: str) -> str:
        name = self._def_names.get(pointer)
        if name is None:
            parts = jp.split(pointer)
            base = parts[-1] if parts[:2] == ["components", "schemas"] and len(parts) == 3 else "_".join(parts)
            base = re.sub(r"[^A-Za-z0-9_.-]", "_", base) or "root"
            name, n = base, 2
            while name in self._defs:
                name, n = f"{base}_{n}", n + 1
            self._def_names[pointer] = name
            self._defs[name] = True  # placeholder while converting (recursion)
            self._defs[name] = self._convert(jp.get(self.spec, pointer))
        return name

    def _convert(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self._convert(x) for x in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and isinstance(node["$ref"], str):
            ref = node["$ref"]
            if ref.startswith("#"):
                out: dict[str, Any] = {"$ref": f"#/$defs/{self._def_name(urllib.parse.unquote(ref[1:]))}"}
                if not self.oas30:  # 3.1: siblings of $ref apply too
                    rest = {k: v for k, v in node.items() if k != "$ref"}
                    if rest:
                        out = {"allOf": [out, self._convert_object(rest)]}
                return out
            return {}  # external refs were bundled by the loader; anything left is not checkable
        return self._convert_object(node)

    def _convert_object(self, node: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _OAS_ONLY:
                continue
            if key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"):
                out[key] = {k: self._convert(v) for k, v in value.items()} if isinstance(value, dict) else value
            elif key in ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
                         "unevaluatedProperties", "unevaluatedItems", "additionalItems"):
                out[key] = self._convert(value)
            elif key in ("allOf", "anyOf", "oneOf", "prefixItems"):
                out[key] = [self._convert(v) for v in value] if isinstance(value, list) else value
            else:
                out[key] = value
        # 3.0's boolean exclusiveMinimum/Maximum, also found in 3.1 specs written the 3.0 way (OpenAI's): as
        # 2020-12 numbers, or a compile error would stop the mock and the example checks.
        for bound, excl in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            if out.get(excl) is True and bound in out:
                out[excl] = out.pop(bound)
            elif isinstance(out.get(excl), bool):
                out.pop(excl)
        # 2019-09's recursion keywords mean nothing in 2020-12, whose meta-schema refuses a boolean anchor
        for old in ("$recursiveAnchor", "$recursiveRef"):
            out.pop(old, None)
        if self.oas30 and node.get("nullable") is True:
            out = self._nullable(out)
        return out

    @staticmethod
    def _nullable(out: dict[str, Any]) -> dict[str, Any]:
        """OAS 3.0.3 ``nullable: true`` widens ``type`` only, as openapi-schema-validator reads it: ``null`` must
        still be listed in an ``enum``, and the branches of ``allOf``/``anyOf``/``oneOf`` still apply to it."""
        t = out.get("type")
        if isinstance(t, str):
            out["type"] = [t, "null"]
        elif isinstance(t, list) and "null" not in t:
            out["type"] = t + ["null"]
        return out

    def json_schema(self, schema: Any) -> dict[str, Any]:
        """A self-contained JSON Schema 2020-12 document for an OpenAPI Schema Object (or a pointer to one)."""
        if isinstance(schema, str):
            schema = {"$ref": "#" + schema}
        converted = self._convert(schema)
        if converted is True or converted is False:
            converted = {} if converted else {"not": {}}
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", **converted, "$defs": self._defs}

    def validator(self, pointer: str) -> jsonschema_rs.Validator:
        """A compiled validator for the schema at ``pointer`` (cached)."""
        v = self._validators.get(pointer)
        if v is None:
            v = jsonschema_rs.Draft202012Validator(self.json_schema(pointer))
            self._validators[pointer] = v
        return v

    def errors(self, pointer_or_schema: Any, instance: Any) -> list["InstanceError"]:
        """Every reason ``instance`` does not fit the schema, as (JSON pointer in the instance, message)."""
        if isinstance(pointer_or_schema, str):
            v = self.validator(pointer_or_schema)
        else:
            v = jsonschema_rs.Draft202012Validator(self.json_schema(pointer_or_schema))
        return [InstanceError(jp.join(e.instance_path), e.message) for e in v.iter_errors(instance)]


@dataclass(frozen=True)
class InstanceError:
    path: str  # JSON pointer in the instance ("" = the root)
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"
