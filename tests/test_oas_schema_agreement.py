"""Our instance checks (lint's example rule, the mock's request validation, validate's example checks all use
:class:`SchemaConverter`) agree with openapi-schema-validator, the reference reading of OAS 3.0 and 3.1 Schema
Objects, on generated schema/instance pairs: ``nullable`` with ``enum``, with ``allOf``/``anyOf``/``oneOf``,
without ``type``, boolean ``exclusiveMinimum`` (3.0) and numeric ones (3.1), ``$ref`` to components."""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from gateway_docs.core.oas_schema import SchemaConverter

SCALARS: list[Any] = [None, True, False, 0, 1, -3, 2.5, "", "a", "b", "hello"]
INSTANCES = st.sampled_from(SCALARS) | st.lists(st.sampled_from(SCALARS), max_size=3) | \
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from(SCALARS), max_size=3)
TYPES = ["string", "integer", "number", "boolean", "object", "array"]


def _leaf(oas30: bool) -> st.SearchStrategy[dict[str, Any]]:
    def build(t: str | None, nullable: bool, enum: list[Any] | None, lo: int | None, excl: bool) -> dict[str, Any]:
        s: dict[str, Any] = {}
        if t:
            s["type"] = t
        if oas30 and nullable:
            s["nullable"] = True
        if not oas30 and nullable and t:
            s["type"] = [t, "null"]
        if enum:
            s["enum"] = enum
        if lo is not None and t in ("integer", "number"):
            if oas30:
                s["minimum"] = lo
                if excl:
                    s["exclusiveMinimum"] = True
            else:
                s["exclusiveMinimum" if excl else "minimum"] = lo
        if t == "object" and excl:
            s["properties"] = {"a": {"type": "string"}}
            s["required"] = ["a"]
        return s
    return st.builds(build, st.sampled_from([None, *TYPES]), st.booleans(),
                     st.none() | st.lists(st.sampled_from(SCALARS), min_size=1, max_size=3, unique_by=repr),
                     st.none() | st.integers(-2, 2), st.booleans())


def _schema(oas30: bool) -> st.SearchStrategy[dict[str, Any]]:
    def wrap(inner: list[dict[str, Any]], keyword: str, nullable: bool, ref: bool) -> dict[str, Any]:
        branches: list[dict[str, Any]] = [{"$ref": "#/components/schemas/Leaf"} if ref and i == 0 else b
                                          for i, b in enumerate(inner)]
        s: dict[str, Any] = {keyword: branches}
        if nullable:
            s["nullable" if oas30 else "type"] = True if oas30 else ["null", *TYPES]
        return s
    leaf = _leaf(oas30)
    return leaf | st.builds(wrap, st.lists(leaf, min_size=1, max_size=2), st.sampled_from(["allOf", "anyOf", "oneOf"]),
                            st.booleans(), st.booleans())


def _agree(oas30: bool, schema: dict[str, Any], leaf: dict[str, Any], instance: Any) -> None:
    version = "3.0.3" if oas30 else "3.1.0"
    spec = {"openapi": version, "components": {"schemas": {"Leaf": leaf, "S": schema}}}
    ours = not SchemaConverter(spec).errors("/components/schemas/S", instance)
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource("urn:spec", resource)
    reference_cls = OAS30Validator if oas30 else OAS31Validator
    theirs = reference_cls({"$ref": "urn:spec#/components/schemas/S"}, registry=registry).is_valid(instance)
    assert ours == theirs, f"{version} schema {schema} (Leaf={leaf}) on {instance!r}: ours {ours}, reference {theirs}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_schema(True), _leaf(True), INSTANCES)
def test_agree_with_openapi_schema_validator_30(schema: dict[str, Any], leaf: dict[str, Any], instance: Any) -> None:
    _agree(True, schema, leaf, instance)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_schema(False), _leaf(False), INSTANCES)
def test_agree_with_openapi_schema_validator_31(schema: dict[str, Any], leaf: dict[str, Any], instance: Any) -> None:
    _agree(False, schema, leaf, instance)


def test_nullable_enum_needs_null_listed() -> None:
    spec = {"openapi": "3.0.3", "components": {"schemas": {
        "A": {"type": "string", "nullable": True, "enum": ["a"]},
        "B": {"type": "string", "nullable": True, "enum": ["a", None]},
        "C": {"nullable": True, "allOf": [{"type": "object"}]}}}}
    conv = SchemaConverter(spec)
    assert conv.errors("/components/schemas/A", None)  # OAS 3.0.3: null is not in the enum
    assert not conv.errors("/components/schemas/B", None)
    assert conv.errors("/components/schemas/C", None)  # nullable widens `type` only; allOf still applies
    assert not conv.errors("/components/schemas/A", "a")


def test_a_default_passed_without_the_validator_is_one_the_validator_passes():
    """structure._plainly_valid lets check_default skip openapi-schema-validator (most of linting a small spec):
    over every combination below, whatever it accepts the real OAS 3.0 and 3.1 validators accept too, and it does
    accept the common cases."""
    import itertools

    from openapi_schema_validator import OAS30Validator, OAS31Validator

    from gateway_docs.structure import _plainly_valid

    values = [None, True, False, 0, 1, -3, 2.5, 1.0, "", "auto", "x", [], [1], {}, {"a": 1}]
    extras = [{}, {"enum": ["auto", "x"]}, {"enum": [1, 2]}, {"enum": [True]}, {"minimum": 0}, {"maximum": 1},
              {"minimum": 0, "maximum": 1}, {"nullable": True}, {"format": "date-time"}, {"pattern": "^a"},
              {"items": {"type": "string"}}, {"additionalProperties": {"type": "string"}},
              {"properties": {"a": {"type": "string"}}, "required": ["a"]}, {"x-gateway": 1}, {"minLength": 2}]
    accepted = 0
    for kind, extra, value in itertools.product(["string", "integer", "number", "boolean", "array", "object"],
                                                extras, values):
        schema = {"type": kind, **extra, "default": value}
        if not _plainly_valid(schema, value):
            continue
        accepted += 1
        for cls in (OAS30Validator, OAS31Validator):
            assert not list(cls(schema).iter_errors(value)), (cls.__name__, schema, value)
    assert accepted > 40
    assert _plainly_valid({"type": "string", "enum": ["auto", "none"], "default": "auto"}, "auto")
    assert not _plainly_valid({"type": "integer", "default": True}, True)  # a bool is not an integer here
