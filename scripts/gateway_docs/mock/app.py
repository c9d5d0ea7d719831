"""The mock gateway's request handling, independent of the HTTP plumbing: (method, path, headers, body) -> Reply.

Order of checks, as a gateway would: route (404/405) -> injected faults -> auth (401) -> JSON (400) -> the spec's
request schema (400 naming the field) -> model string (400 malformed / 404 unknown) -> the answer.
"""
from __future__ import annotations

import itertools
import os
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs
import orjson

from ..core import pointer as jp
from ..core.diagnostics import UsageError
from ..core.media_examples import media_examples
from ..core.numbers import dumps, loads
from ..core.oas_schema import SchemaConverter, request_schema_pointer
from . import chat, responses, textgen
from .catalog import Catalog, ModelStringError
from .explain import explain

# route key (path without the /v1 prefix) -> (method, operationId in our spec)
ROUTES = {
    "/chat/completions": ("POST", "createChatCompletion"),
    "/responses": ("POST", "createResponse"),
    "/models": ("GET", "listModels"),
}
FAULTS = ("429", "500", "502", "503", "504", "timeout", "stream-error", "drop")
JSON = b"application/json"
# A bearer token reserved for tests: `sk-mock-fault-429-2` fails the first 2 attempts with 429 (no count: every
# attempt). Test harnesses pass it as the API key, so the code a page shows stays a plain API call.
FAULT_KEY = re.compile(r"sk-mock-fault-(" + "|".join(map(re.escape, FAULTS)) + r")(?:-(\d+))?")

# CORS: the try-it console on the docs site (another origin) calls the mock from the browser. No credentials are
# involved (the key travels in Authorization, which the page sets itself), so `*` is allowed for the origin.
CORS_ALLOW_HEADERS = ("authorization", "content-type", "accept", "openai-organization", "openai-project",
                      "helicone-auth", "helicone-user-id", "helicone-session-id", "helicone-session-path",
                      "helicone-session-name", "helicone-property-*", "helicone-cache-enabled",
                      "helicone-retry-enabled", "helicone-fallbacks", "helicone-prompt-id", "x-stainless-retry-count")
_HEADER_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
CORS_HEADERS = [("access-control-allow-origin", "*"),
                ("access-control-expose-headers", "x-request-id, retry-after, retry-after-ms, allow")]


@dataclass
class Reply:
    status: int
    body: bytes = b""
    frames: list[bytes] | None = None  # an SSE stream
    headers: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0  # seconds before the first byte
    action: str | None = None  # "timeout": never answer; "drop": close without answering; "cut": stream, then drop


def error_body(message: str, type_: str, param: str | None = None, code: str | None = None) -> bytes:
    return orjson.dumps({"error": {"message": message, "type": type_, "param": param, "code": code}})


def error(status: int, message: str, type_: str = "invalid_request_error", param: str | None = None,
          code: str | None = None, headers: list[tuple[str, str]] | None = None) -> Reply:
    return Reply(status, error_body(message, type_, param, code), headers=headers or [])


@dataclass
class Options:
    spec_data: dict[str, Any]
    catalog: Catalog
    seed: int = 0
    fault: str | None = None  # global fault kind
    fault_rate: float = 1.0
    latency_ms: float = 0.0
    api_key: str | None = None  # accept only this key (default: any non-empty bearer token)
    retry_after_ms: int = 2
    max_body: int = 4 * 1024 * 1024


class Gateway:
    def __init__(self, opts: Options):
        self.opts = opts
        self.catalog = opts.catalog
        self.converter = SchemaConverter(opts.spec_data)
        self.routes: dict[str, tuple[str, object]] = {}  # route key -> (method, validator or None)
        for key, (method, _op_id) in ROUTES.items():
            found = self._operation(key, method)
            if found is not None:
                self.routes[key] = (method, self._request_validator(*found))
        if not self.routes:
            raise UsageError("the spec has none of POST /v1/chat/completions, POST /v1/responses, GET /v1/models")
        self.examples = {key: self._example_answer(key, method) for key, (method, _) in ROUTES.items()}
        self._fault_rng = random.Random(opts.seed)
        self._ids = itertools.count(1)
        self._id_prefix = os.urandom(4).hex()

    def _operation(self, key: str, method: str) -> tuple[str, dict[str, Any]] | None:
        paths = self.opts.spec_data.get("paths") or {}
        for path in ("/v1" + key, key):
            op = (paths.get(path) or {}).get(method.lower())
            if isinstance(op, dict):
                return jp.join(["paths", path, method.lower()]), op
        return None

    def _request_validator(self, op_ptr: str, op: dict[str, Any]) -> jsonschema_rs.Validator | None:
        ptr = request_schema_pointer(self.opts.spec_data, op_ptr)
        if ptr is None:
            return None
        try:
            # formats are assertions here (a bad `uri` is a 400): the gateway's contract, checked in full
            return jsonschema_rs.Draft202012Validator(self.converter.json_schema(ptr), validate_formats=True)
        except Exception as e:  # a schema jsonschema-rs cannot compile: name it instead of failing later
            raise UsageError(f"cannot compile the request schema at {ptr}: {e}") from None

    def _example_answer(self, key: str, method: str) -> tuple[str, str] | None:
        """(prompt, text) from the spec: the last user message of the operation's first request example, and the
        text of its first 200 JSON response example. A request with that prompt gets that text, so the reference
        page's example request is answered the way the page says it is. Only the first pair: the spec does not say
        which response example answers which other request example."""
        found = self._operation(key, method)
        if found is None or key == "/models":
            return None
        spec = self.opts.spec_data
        op = found[1]
        requests = [e["value"] for e in media_examples(spec, op.get("requestBody"))]
        answers = [e["value"] for e in media_examples(spec, (op.get("responses") or {}).get("200"))]
        api = chat if key == "/chat/completions" else responses
        if not requests or not isinstance(requests[0], dict):
            return None
        turn = api.turn_of(requests[0])
        text = next((t for t in map(_answer_text, answers) if t), None)
        if not turn.last_user or turn.tool_results or turn.tools or turn.fmt or text is None:
            return None
        return turn.last_user, text

    def request_id(self) -> str:
        return f"req_{self._id_prefix}{next(self._ids):012x}"

    # -- the request ----------------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        reply = self._handle(method, path, headers, body)
        reply.headers = [*reply.headers, *CORS_HEADERS]  # on errors too, so the console can show them
        return reply

    def _preflight(self, route_method: str, headers: dict[str, str]) -> Reply:
        """204 for a CORS preflight: the route's method, and the request headers the browser asks for when they are
        well-formed header names (the gateway's own helicone-* headers are open-ended)."""
        asked = [h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")]
        allowed = list(dict.fromkeys([*(h for h in CORS_ALLOW_HEADERS if "*" not in h),
                                      *(h for h in asked if _HEADER_NAME.fullmatch(h))]))
        methods = f"{route_method}, HEAD, OPTIONS" if route_method == "GET" else f"{route_method}, OPTIONS"
        return Reply(204, headers=[("access-control-allow-methods", methods),
                                   ("access-control-allow-headers", ", ".join(allowed)),
                                   ("access-control-max-age", "600"), ("vary", "access-control-request-headers")])

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        key = path.split("?", 1)[0].rstrip("/") or "/"
        if key.startswith("/v1/") or key == "/v1":
            key = key[3:] or "/"
        route = self.routes.get(key)
        if route is None:
            return error(404, f"Invalid URL ({method} {path})", code="not_found")
        if method == "OPTIONS":
            return self._preflight(route[0], headers)
        if method != route[0] and not (method == "HEAD" and route[0] == "GET"):
            return error(405, f"Method {method} not allowed on {path}; use {route[0]}", code="method_not_allowed",
                         headers=[("allow", route[0])])
        fault, delay = self._faults(headers)
        if isinstance(fault, Reply):
            return fault
        reply = self._answer(key, route[1], headers, body, fault)
        reply.delay = delay
        if fault in ("429", "500", "502", "503", "504") and reply.status < 400:
            reply = self._fault_reply(fault)
            reply.delay = delay
        elif fault == "timeout":
            reply.action = "timeout"
        elif fault == "drop":
            reply.action = "cut" if reply.frames else "drop"
        elif fault == "stream-error" and reply.status == 200:
            if reply.frames:
                keep = max(2, len(reply.frames) // 2)
                msg = "Injected mid-stream error (x-mock-fault: stream-error)"
                tail = (chat.error_frame(msg) if key == "/chat/completions"
                        else responses.error_frame(keep, msg))
                reply.frames = reply.frames[:keep] + [tail]
            else:
                reply = self._fault_reply("500")
                reply.delay = delay
        return reply

    def _faults(self, headers: dict[str, str]) -> tuple[Reply | str | None, float]:
        delay_ms = self.opts.latency_ms
        raw = headers.get("x-mock-latency-ms")
        if raw is not None:
            try:
                delay_ms = float(raw)
                if not 0 <= delay_ms <= 600_000:
                    raise ValueError
            except ValueError:
                return error(400, f"x-mock-latency-ms: expected a number of milliseconds 0..600000, got {raw!r}",
                             param="x-mock-latency-ms", code="invalid_mock_header"), 0.0
        fault = headers.get("x-mock-fault")
        key_fault = FAULT_KEY.fullmatch(headers.get("authorization", "").partition(" ")[2].strip())
        if fault is None and key_fault is not None:
            fault = key_fault.group(1)
            if key_fault.group(2) is not None:
                retry = headers.get("x-stainless-retry-count", "0") or "0"
                if retry.isdigit() and int(retry) >= int(key_fault.group(2)):
                    fault = None
        elif fault is not None:
            fault = fault.strip().lower()
            if fault not in FAULTS:
                return error(400, f"x-mock-fault: unknown fault {fault!r}; use one of {', '.join(FAULTS)}",
                             param="x-mock-fault", code="invalid_mock_header"), 0.0
            count = headers.get("x-mock-fault-count")
            if count is not None:
                try:
                    limit = int(count)
                    attempt = int(headers.get("x-stainless-retry-count", "0") or 0)
                except ValueError:
                    return error(400, f"x-mock-fault-count: expected an integer, got {count!r}",
                                 param="x-mock-fault-count", code="invalid_mock_header"), 0.0
                if attempt >= limit:  # the SDK's Nth retry gets through: retries become observable
                    fault = None
        elif self.opts.fault and (self.opts.fault_rate >= 1 or self._fault_rng.random() < self.opts.fault_rate):
            fault = self.opts.fault
        return fault, delay_ms / 1000.0

    def _fault_reply(self, fault: str) -> Reply:
        retry = [("retry-after", "1"), ("retry-after-ms", str(self.opts.retry_after_ms))]
        if fault == "429":
            return error(429, "Rate limited (injected by the mock gateway)", "rate_limit_error", code="rate_limited",
                         headers=retry)
        status = int(fault)
        text = {500: "All attempts failed", 502: "Bad gateway", 503: "Service unavailable", 504: "Gateway timeout"}
        return error(status, f"{text[status]} (injected by the mock gateway)", "server_error",
                     code="all_attempts_failed" if status == 500 else None, headers=retry)

    def _answer(self, key: str, validator: Any, headers: dict[str, str], body: bytes, fault: str | None) -> Reply:
        if key == "/models":
            return Reply(200, orjson.dumps(self.catalog.listing()))
        auth = headers.get("authorization")
        if not auth:
            return error(401, "Missing authorization header: send 'Authorization: Bearer <HELICONE_API_KEY>'",
                         code="invalid_api_key")
        scheme, _, token = auth.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or (self.opts.api_key and token != self.opts.api_key):
            return error(401, "Invalid credentials: expected 'Authorization: Bearer <HELICONE_API_KEY>'"
                         + (" with the key given to --api-key" if self.opts.api_key else ""), code="invalid_api_key")
        try:
            data = loads(body)  # a 24-digit int stays an int (orjson would make it 1e+23)
        except ValueError as e:  # JSONDecodeError, and NaN/Infinity
            return error(400, f"We could not parse the JSON body of your request: {e}", code="invalid_json")
        if validator is not None and not validator.is_valid(data):
            param, message, code = explain(list(validator.iter_errors(data)))
            return error(400, message, param=param, code=code)
        if not isinstance(data, dict) or not isinstance(data.get("model"), str):
            return error(400, "model: required parameter is missing", param="model", code="missing_required_parameter")
        try:
            model = self.catalog.resolve(data["model"])
        except ModelStringError as e:
            return error(400, f"model: {e}", param="model", code="invalid_model")
        if model is None:
            return error(404, f"The model `{data['model']}` does not exist or you do not have access to it.",
                         param="model", code="model_not_found")
        api = chat if key == "/chat/completions" else responses
        turn = api.turn_of(data)
        example = self.examples.get(key)
        if example is not None and " ".join(turn.last_user.split()) == " ".join(example[0].split()):
            turn.example = example[1]
        if isinstance(turn.choice, tuple) and turn.choice[1] not in turn.tools:
            return error(400, f"tool_choice: no function named {turn.choice[1]!r} in tools", param="tool_choice",
                         code="invalid_value")
        seed = textgen.request_seed(data, self.opts.seed)
        created = int(time.time())
        if data.get("stream") is True:
            return Reply(200, frames=api.stream(data, model, seed, created, turn))
        build = chat.completion if api is chat else responses.response
        return Reply(200, dumps(build(data, model, seed, created, turn)))


def _answer_text(example: Any) -> str | None:
    """The assistant text of a chat.completion or response example, None when it has none (a tool call)."""
    if not isinstance(example, dict):
        return None
    for choice in example.get("choices") or []:
        content = ((choice or {}).get("message") or {}).get("content")
        if isinstance(content, str) and content:
            return content
    for item in example.get("output") or []:
        for part in (item or {}).get("content") or [] if isinstance(item, dict) else []:
            if isinstance(part, dict) and part.get("type") == "output_text" and part.get("text"):
                return str(part["text"])
    return None
