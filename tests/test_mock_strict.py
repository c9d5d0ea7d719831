"""Strict structured outputs: every answer the mock gives for a `json_schema` response format validates against that
schema with the Python `jsonschema` library and its FormatChecker (an independent implementation from the
jsonschema-rs check inside the mock), patterns and formats included."""
from __future__ import annotations

import json
from typing import Any

import jsonschema
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway_docs.mock import build_gateway
from gateway_docs.mock.app import Gateway

FORMATS = ["email", "uri", "uuid", "date", "date-time", "time", "ipv4", "ipv6", "hostname", "uri-reference",
           "json-pointer", "idn-email"]
PATTERNS = [r"^[A-Z]{3}-[0-9]{4}$", r"^\d{5}(-\d{4})?$", r"^[a-z][a-z0-9_]{2,15}$", r"^#[0-9a-fA-F]{6}$",
            r"^(red|green|blue)$", r"^[A-Z][a-z]+ [A-Z][a-z]+$", r"v\d+\.\d+\.\d+", r"^[^@\s]+@[^@\s]+$"]
ISSUE_SCHEMA = {
    "type": "object",
    "properties": {
        "ticket": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
        "email": {"type": "string", "format": "email"},
        "created": {"type": "string", "format": "date-time"},
        "link": {"type": "string", "format": "uri"},
        "id": {"type": "string", "format": "uuid"},
    },
    "required": ["ticket", "email", "created", "link", "id"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def gateway() -> Gateway:
    return build_gateway()


def checker(schema: dict) -> jsonschema.Validator:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def strict_answer(gateway: Gateway, schema: dict, prompt: str, api: str = "chat") -> Any:
    if api == "chat":
        body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": prompt}],
                "response_format": {"type": "json_schema",
                                    "json_schema": {"name": "answer", "strict": True, "schema": schema}}}
        reply = gateway.handle("POST", "/v1/chat/completions", {"authorization": "Bearer k"}, orjson.dumps(body))
        assert reply.status == 200, reply.body
        return json.loads(json.loads(reply.body)["choices"][0]["message"]["content"])
    body = {"model": "gpt-4o-mini", "input": prompt,
            "text": {"format": {"type": "json_schema", "name": "answer", "strict": True, "schema": schema}}}
    reply = gateway.handle("POST", "/v1/responses", {"authorization": "Bearer k"}, orjson.dumps(body))
    assert reply.status == 200, reply.body
    return json.loads(json.loads(reply.body)["output"][0]["content"][0]["text"])


def test_the_issue_case_is_30_of_30(gateway):
    """The schema from issue #14 (pattern + email, date-time, uri, uuid): 0 of 30 answers validated before."""
    validator = checker(ISSUE_SCHEMA)
    answers = [strict_answer(gateway, ISSUE_SCHEMA, f"Open ticket number {i} for the billing team.") for i in range(30)]
    bad = [(a, [e.message for e in validator.iter_errors(a)]) for a in answers if not validator.is_valid(a)]
    assert bad == [], bad
    assert len({a["ticket"] for a in answers}) > 10  # varied, not one constant that happens to match
    for api in ("responses",):
        assert validator.is_valid(strict_answer(gateway, ISSUE_SCHEMA, "Open a ticket.", api))


# -- generated schemas -------------------------------------------------------------------------------------------
def _string() -> st.SearchStrategy[dict]:
    plain = st.fixed_dictionaries({"type": st.just("string")},
                                  optional={"minLength": st.integers(0, 6), "maxLength": st.integers(8, 40)})
    return st.one_of(
        plain,
        st.builds(lambda f: {"type": "string", "format": f}, st.sampled_from(FORMATS)),
        st.builds(lambda p: {"type": "string", "pattern": p}, st.sampled_from(PATTERNS)),
        st.builds(lambda p, hi: {"type": "string", "pattern": p, "maxLength": hi}, st.sampled_from(PATTERNS[:4]),
                  st.integers(16, 30)),
        st.builds(lambda vs: {"type": "string", "enum": vs}, st.lists(st.text("abcxyz", min_size=1, max_size=5),
                                                                       min_size=1, max_size=4, unique=True)),
        st.builds(lambda v: {"const": v}, st.sampled_from(["fixed", 3, True])),
    )


def _number() -> st.SearchStrategy[dict]:
    def build(kind: str, lo: int, width: int, exclusive: bool) -> dict:
        schema: dict = {"type": kind}
        if exclusive:
            schema.update(exclusiveMinimum=lo, exclusiveMaximum=lo + width + 2)
        else:
            schema.update(minimum=lo, maximum=lo + width)
        return schema
    return st.builds(build, st.sampled_from(["integer", "number"]), st.integers(-50, 50), st.integers(0, 30),
                     st.booleans())


def _leaf() -> st.SearchStrategy[dict]:
    return st.one_of(_string(), _number(), st.just({"type": "boolean"}), st.just({"type": ["string", "null"]}))


def _node(children: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    names = st.sampled_from(["city", "name", "date", "email", "id", "code", "count", "tags", "participants", "note",
                             "link", "when", "score", "kind"])

    def obj(props: dict[str, dict], all_required: bool) -> dict:
        # strict mode (OpenAI): every property required, no extra properties
        required = list(props) if all_required else list(props)[: len(props) // 2]
        return {"type": "object", "properties": props, "required": required, "additionalProperties": False}

    return st.one_of(
        st.builds(obj, st.dictionaries(names, children, min_size=1, max_size=5), st.booleans()),
        # uniqueItems only with minItems <= 1: an enum of one value cannot fill two unique slots (unsatisfiable)
        st.builds(lambda item, lo, extra, unique: {"type": "array", "items": item, "minItems": lo,
                                                    "maxItems": lo + extra,
                                                    **({"uniqueItems": True} if unique and lo <= 1 else {})},
                  children, st.integers(0, 2), st.integers(0, 3), st.booleans()),
        # branches of different types, so exactly one of them matches (oneOf)
        st.builds(lambda a, b, key: {key: [a, b]}, _string(), _number(), st.sampled_from(["anyOf", "oneOf"])),
    )


SCHEMAS = st.recursive(_leaf(), _node, max_leaves=12).map(
    lambda s: s if s.get("type") == "object" else
    {"type": "object", "properties": {"value": s}, "required": ["value"], "additionalProperties": False})


# derandomize: the same 200 schemas on every run, so CI cannot turn red by chance (run with a larger
# max_examples locally to search further: 2,000 passed when this was written)
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(schema=SCHEMAS, prompt=st.sampled_from(["Alice and Bob meet in Paris on Friday.", "Extract the record.",
                                               "What is the weather in Oslo?", ""]))
def test_every_strict_answer_validates(gateway, schema, prompt):
    answer = strict_answer(gateway, schema, prompt or "Fill the form.")
    validator = checker(schema)
    assert validator.is_valid(answer), [e.message for e in validator.iter_errors(answer)]
