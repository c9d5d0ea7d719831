"""schemathesis fuzzes the mock gateway from our spec: no 5xx, every status, header and body as the spec says.

The mock also rejects some schema-valid bodies, as the gateway does (a malformed model string such as ``a//``, a
``tool_choice`` naming a function that is not in ``tools``): schemathesis' "positive data accepted" check is replaced
by one that allows exactly those 400s. Streamed answers (``text/event-stream``) are checked event by event against the 200 schema, which in our spec
describes the JSON of one ``data:`` line; schemathesis would validate the SSE envelope instead.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
import jsonschema_rs
from schemathesis.config import SchemathesisConfig
from schemathesis.checks import positive_data_acceptance, response_schema_conformance

from gateway_docs.core import pointer as jp
from gateway_docs.load import load_spec
from gateway_docs.mock import running
from gateway_docs.core.oas_schema import SchemaConverter

SPEC = Path(__file__).resolve().parents[1] / "specs" / "ai-gateway.openapi.json"
KEY = "sk-mock-schemathesis"
# The coverage phase enumerates boundary cases of every one of ~200 schemas (minutes); examples + fuzzing with a
# bounded number of cases finds the same classes of mistakes well under a minute.
schema = schemathesis.openapi.from_path(
    SPEC, config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}))
pytestmark = pytest.mark.xdist_group("mock-schemathesis")


@pytest.fixture(scope="module")
def base_url():
    # a fixed key, so schemathesis' ignored-auth check sees invalid keys rejected
    with running(SPEC, api_key=KEY) as mock:
        yield mock.url.removesuffix("/v1")


@pytest.fixture(scope="module")
def converter():
    return SchemaConverter(load_spec(SPEC).data)


FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
FUZZED = {"POST /v1/chat/completions", "POST /v1/responses", "GET /v1/models"}


def test_every_operation_is_fuzzed():
    spec = json.loads(SPEC.read_text())
    operations = {f"{key.upper()} {path}" for path, item in spec["paths"].items() for key, op in item.items()
                  if isinstance(op, dict) and "responses" in op}  # an Operation Object has responses (OAS 3.0)
    assert operations == FUZZED


# One test function per operation, not one schema.parametrize() for all: schemathesis gives the items of one
# function the same node id, and pytest-xdist's --dist loadgroup (make test) then runs only one of them.
@schema.include(method="POST", path="/v1/chat/completions").parametrize()
@FUZZ
def test_chat_completions_conform_to_the_spec(case, base_url, converter):
    check_case(case, base_url, converter)


@schema.include(method="POST", path="/v1/responses").parametrize()
@FUZZ
def test_responses_conform_to_the_spec(case, base_url, converter):
    check_case(case, base_url, converter)


@schema.include(method="GET", path="/v1/models").parametrize()
@FUZZ
def test_models_conform_to_the_spec(case, base_url, converter):
    check_case(case, base_url, converter)


def check_case(case, base_url, converter):
    response = case.call(base_url=base_url, headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code < 500, response.text
    excluded = [positive_data_acceptance]
    if response.status_code == 400 and isinstance(case.body, dict) and request_validator(
            converter, case.operation.path).is_valid(case.body):
        assert response.json()["error"]["param"] in ("model", "tool_choice"), response.text
    if response.headers.get("content-type", [""])[0].startswith("text/event-stream"):
        case.validate_response(response, excluded_checks=[*excluded, response_schema_conformance])
        ptr = jp.join(["paths", case.operation.path, case.operation.method.lower(), "responses", "200", "content",
                       "text/event-stream", "schema"])
        events = [line[6:] for line in response.text.split("\n") if line.startswith("data: ")]
        assert events
        for data in events:
            if data != "[DONE]":
                assert converter.errors(ptr, json.loads(data)) == [], data
    else:
        case.validate_response(response, excluded_checks=excluded)


_validators: dict = {}


def request_validator(converter: SchemaConverter, path: str):
    if path not in _validators:
        ptr = jp.join(["paths", path, "post", "requestBody", "content", "application/json", "schema"])
        _validators[path] = jsonschema_rs.Draft202012Validator(converter.json_schema(ptr), validate_formats=True)
    return _validators[path]
