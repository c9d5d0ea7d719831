"""The mock gateway at the HTTP level: status codes, headers, framing, shutdown, and conformance of every answer to
the spec's own response schemas (checked with the same SchemaConverter the mock validates requests with)."""
from __future__ import annotations

import http.client
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from gateway_docs.core import pointer as jp
from gateway_docs.load import load_spec
from gateway_docs.mock import running
from gateway_docs.core.oas_schema import SchemaConverter

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"
AUTH = {"Authorization": "Bearer sk-test", "Content-Type": "application/json"}
pytestmark = pytest.mark.xdist_group("mock-http")


@pytest.fixture(scope="module")
def mock():
    with running(max_body=4096) as server:
        yield server


def call(mock, method: str, path: str, body=None, headers=None, raw: bytes | None = None):
    u = urllib.parse.urlsplit(mock.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    conn.request(method, path, body=data, headers=headers if headers is not None else AUTH)
    resp = conn.getresponse()
    payload = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload


CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def test_error_statuses_carry_the_openai_envelope_and_a_request_id(mock):
    cases = [
        ("POST", "/v1/chat/completions", CHAT, {}, 401, "invalid_api_key"),
        ("POST", "/v1/chat/completions", CHAT, {"Authorization": "Basic abc"}, 401, "invalid_api_key"),
        ("POST", "/v1/chat/completions", {**CHAT, "model": "gpt-9"}, AUTH, 404, "model_not_found"),
        ("POST", "/v1/chat/completions", {**CHAT, "messages": "hi"}, AUTH, 400, "invalid_type"),
        ("POST", "/v1/responses", {"input": "hi"}, AUTH, 400, "missing_required_parameter"),
        ("POST", "/v1/chat/completions", {**CHAT, "bogus": 1}, AUTH, 400, "unknown_parameter"),
        ("POST", "/v1/embeddings", CHAT, AUTH, 404, "not_found"),
        ("GET", "/v1/chat/completions", None, AUTH, 405, "method_not_allowed"),
        ("POST", "/v1/chat/completions", CHAT, {**AUTH, "x-mock-fault": "429"}, 429, "rate_limited"),
        ("POST", "/v1/chat/completions", CHAT, {**AUTH, "x-mock-fault": "500"}, 500, "all_attempts_failed"),
        ("POST", "/v1/chat/completions", CHAT, {**AUTH, "x-mock-fault": "bogus"}, 400, "invalid_mock_header"),
    ]
    ids = set()
    for method, path, body, headers, status, code in cases:
        got, hdrs, payload = call(mock, method, path, body, headers)
        assert got == status, (path, body, headers, payload)
        err = json.loads(payload)["error"]
        assert set(err) == {"message", "type", "param", "code"} and err["code"] == code
        assert hdrs["content-type"] == "application/json"
        ids.add(hdrs["x-request-id"])
    assert len(ids) == len(cases)


def test_bad_request_names_the_field(mock):
    body = {**CHAT, "messages": [{"role": "user", "content": "hi"}, {"role": "robot", "content": "x"}]}
    status, _, payload = call(mock, "POST", "/v1/chat/completions", body)
    err = json.loads(payload)["error"]
    assert status == 400 and err["param"] == "messages[1].role"
    assert err["message"].startswith('messages[1].role: "robot" is not one of "developer", "system", "user"')
    status, _, payload = call(mock, "POST", "/v1/chat/completions", {**CHAT, "n": "two"})
    err = json.loads(payload)["error"]
    assert err["param"] == "n" and err["message"].startswith('n: "two" is not of types') and '"integer"' in err["message"]


def test_malformed_json_and_oversized_bodies(mock):
    status, hdrs, payload = call(mock, "POST", "/v1/chat/completions", raw=b'{"model": ')
    err = json.loads(payload)["error"]
    assert status == 400 and err["code"] == "invalid_json" and "line 1 column" in err["message"]
    assert hdrs["x-request-id"]
    big = {**CHAT, "messages": [{"role": "user", "content": "x" * 5000}]}
    status, hdrs, payload = call(mock, "POST", "/v1/chat/completions", big)
    assert status == 413 and "4096" in json.loads(payload)["error"]["message"] and hdrs["x-request-id"]


def test_models_without_auth_and_without_v1_prefix(mock):
    status, hdrs, payload = call(mock, "GET", "/v1/models", headers={})
    assert status == 200 and json.loads(payload)["object"] == "list" and hdrs["x-request-id"]
    status, _, payload2 = call(mock, "GET", "/models", headers={})
    assert status == 200 and payload2 == payload
    status, _, _ = call(mock, "POST", "/chat/completions", CHAT)
    assert status == 200


def test_keep_alive_serves_many_requests_on_one_connection(mock):
    u = urllib.parse.urlsplit(mock.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    for i in range(5):
        conn.request("POST", "/v1/chat/completions", body=json.dumps({**CHAT, "stream": i % 2 == 0}), headers=AUTH)
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200
        if i % 2 == 0:
            assert resp.getheader("content-type").startswith("text/event-stream")
            assert body.endswith(b"data: [DONE]\n\n")
    conn.close()


def test_latency_header_delays_the_first_byte(mock):
    start = time.perf_counter()
    status, _, _ = call(mock, "GET", "/v1/models", headers={"x-mock-latency-ms": "150"})
    assert status == 200 and time.perf_counter() - start >= 0.14


def test_fault_count_follows_the_retry_counter(mock):
    headers = {**AUTH, "x-mock-fault": "503", "x-mock-fault-count": "2"}
    statuses = [call(mock, "POST", "/v1/chat/completions", CHAT, {**headers, "X-Stainless-Retry-Count": str(n)})[0]
                for n in range(3)]
    assert statuses == [503, 503, 200]


def _sse_data(payload: bytes) -> list[str]:
    return [line[6:] for line in payload.decode().split("\n") if line.startswith("data: ")]


def _requests(rng: random.Random) -> list[tuple[str, dict]]:
    tool = {"name": "lookup", "parameters": {"type": "object", "required": ["q", "limit", "tags"],
                                             "properties": {"q": {"type": "string", "maxLength": 5},
                                                            "limit": {"type": "integer", "minimum": 3, "maximum": 4},
                                                            "tags": {"type": "array", "items": {"enum": ["a", "b"]},
                                                                     "minItems": 1}}}}
    schema = {"type": "object", "properties": {"when": {"type": "string", "format": "date-time"},
                                               "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                                               "ok": {"type": ["boolean", "null"]}},
              "required": ["when", "score", "ok"], "additionalProperties": False}
    out = []
    for stream, n, tools, fmt, limit in itertools.product([False, True], [1, 2], [False, True],
                                                          [None, "json_object", "json_schema"], [None, 2]):
        user = "please lookup" if tools else f"question {rng.random()}"
        body = {"model": rng.choice(["gpt-4o-mini", "claude-sonnet-4/anthropic", "gpt-9,gemini-2.5-flash"]),
                "messages": [{"role": "system", "content": "sys"}, {"role": "user", "content": user}], "n": n,
                "stream": stream}
        if tools:
            body["tools"] = [{"type": "function", "function": tool}]
        if fmt == "json_object":
            body["response_format"] = {"type": "json_object"}
        elif fmt == "json_schema":
            body["response_format"] = {"type": "json_schema", "json_schema": {"name": "x", "schema": schema}}
        if limit:
            body["max_completion_tokens"] = limit
        out.append(("/v1/chat/completions", body))
        rbody = {"model": body["model"], "input": user, "stream": stream}
        if tools:
            rbody["tools"] = [{"type": "function", **tool}]
        if fmt == "json_schema":
            rbody["text"] = {"format": {"type": "json_schema", "name": "x", "schema": schema}}
        if limit:
            rbody["max_output_tokens"] = limit
        if n == 2:
            rbody["reasoning"] = {"effort": "low", "summary": "auto"}
        out.append(("/v1/responses", rbody))
    return out


def test_every_answer_conforms_to_the_spec(mock):
    spec = load_spec(SPEC).data
    conv = SchemaConverter(spec)

    def schema_ptr(path: str, status: int, media: str) -> str:
        op = spec["paths"][path]["post"]
        resp = op["responses"][str(status)]
        base = resp["$ref"][1:] if "$ref" in resp else jp.join(["paths", path, "post", "responses", str(status)])
        return base + "/content/" + jp.escape(media) + "/schema"

    checked = 0
    for path, body in _requests(random.Random(7)):
        status, hdrs, payload = call(mock, "POST", path, body)
        assert status == 200, payload
        if body["stream"]:
            ptr = schema_ptr(path, 200, "text/event-stream")
            data = _sse_data(payload)
            assert data[-1] == "[DONE]" if path.endswith("completions") else json.loads(data[-1])["type"] in (
                "response.completed", "response.incomplete")
            for item in data:
                if item != "[DONE]":
                    assert conv.errors(ptr, json.loads(item)) == [], item
                    checked += 1
        else:
            assert conv.errors(schema_ptr(path, 200, "application/json"), json.loads(payload)) == []
            checked += 1
    assert checked > 500


def test_sigterm_stops_the_subprocess_cleanly():
    proc = subprocess.Popen([sys.executable, "-m", "gateway_docs", "mock", "--port", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    try:
        line = proc.stdout.readline()
        assert line.startswith("gateway-docs mock: listening on http://127.0.0.1:")
        url = urllib.parse.urlsplit(line.split()[-1])
        with socket.create_connection((url.hostname, url.port), timeout=5) as s:
            s.sendall(b"GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert s.recv(100).startswith(b"HTTP/1.1 200 OK")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        assert "stopped" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_bad_options_are_reported_without_traceback(tmp_path):
    bad = tmp_path / "catalog.json"
    bad.write_text('[{"owned_by": "x"}]')
    for args, needle in [(["--catalog", str(bad)], 'needs a non-empty string "id"'),
                         (["--fault", "explode"], "unknown fault 'explode'"),
                         (["--spec", str(tmp_path / "missing.json")], "missing.json")]:
        proc = subprocess.run([sys.executable, "-m", "gateway_docs", "mock", "--port", "0", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=30,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
        assert proc.returncode != 0 and needle in proc.stderr and "Traceback" not in proc.stderr


def test_python_examples_in_the_mock_guide_run(mock):
    """Every Python block of docs/mock-gateway.md runs against the mock (examples in the docs must work)."""
    page = (ROOT / "docs" / "mock-gateway.md").read_text()
    blocks = [b.split("```", 1)[0] for b in page.split("```python\n")[1:]]
    assert len(blocks) >= 3
    env = {**os.environ, "MOCK_URL": mock.url, "PYTHONPATH": str(ROOT / "scripts")}
    outputs = ""
    for code in blocks:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
        assert proc.returncode == 0 and proc.stdout.strip(), (code, proc.stderr)
        outputs += proc.stdout
    assert "succeeded after 2 retries" in outputs and "stream failed: Injected mid-stream error" in outputs


def test_cors_preflight_and_allow_origin(mock):
    """A page served from another origin (the docs site's try-it console) can call the mock from a browser."""
    status, headers, body = call(mock, "OPTIONS", "/v1/chat/completions", headers={
        "Origin": "http://127.0.0.1:8000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, helicone-property-app"})
    assert status == 204 and body == b""
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    allowed = {h.strip() for h in headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type", "helicone-property-app", "helicone-auth"} <= allowed
    status, headers, _ = call(mock, "OPTIONS", "/v1/models", headers={"Origin": "http://x"})
    assert status == 204 and "GET" in headers["access-control-allow-methods"]
    # actual responses, answers and errors alike, carry the allow-origin header and expose x-request-id
    for method, path, body, auth in [("POST", "/v1/chat/completions", CHAT, AUTH), ("GET", "/v1/models", None, AUTH),
                                     ("POST", "/v1/chat/completions", CHAT, {})]:
        status, headers, _ = call(mock, method, path, body, headers={**auth, "Origin": "http://127.0.0.1:8000"})
        assert headers["access-control-allow-origin"] == "*", (method, path, status)
        assert "x-request-id" in headers["access-control-expose-headers"]


def test_reserved_fault_key(mock):
    """`sk-mock-fault-429-2`: the harness's way to make a plain API call meet two 429s (docs/snippets/faults.json)."""
    key = {"Authorization": "Bearer sk-mock-fault-429-2", "Content-Type": "application/json"}
    assert call(mock, "POST", "/v1/chat/completions", CHAT, key)[0] == 429
    assert call(mock, "POST", "/v1/chat/completions", CHAT, {**key, "X-Stainless-Retry-Count": "1"})[0] == 429
    assert call(mock, "POST", "/v1/chat/completions", CHAT, {**key, "X-Stainless-Retry-Count": "2"})[0] == 200
    assert call(mock, "POST", "/v1/chat/completions", CHAT,
                {"Authorization": "Bearer sk-mock-fault-503", "Content-Type": "application/json"})[0] == 503
