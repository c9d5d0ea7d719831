"""POST /v1/chat/completions: a ``chat.completion`` object, or its SSE stream of ``chat.completion.chunk``s.

The stream follows the wire contract the SDK helpers rely on: a role delta first, one delta per token (tool calls:
the id/type/name delta, then argument fragments), a ``finish_reason`` chunk per choice, then the usage chunk with
``choices: []`` (always, as the gateway forces ``include_usage``), then ``data: [DONE]``. The deltas concatenate to
exactly the non-streamed answer because both come from the same :class:`~.answer.Answer`.
"""
from __future__ import annotations

from itertools import zip_longest
from typing import Any

import orjson

from . import textgen
from .answer import Answer, Turn, ident, respond

DONE = b"data: [DONE]\n\n"


def turn_of(body: dict[str, Any]) -> Turn:
    messages = body.get("messages") or []
    turn = Turn()
    for m in reversed(messages):
        if isinstance(m, dict) and m.get("role") == "user":
            turn.last_user = " ".join(textgen.texts_of(m.get("content")))
            turn.has_image = textgen.has_image(m.get("content"))
            break
    names = {}
    for m in messages:
        for tc in (m.get("tool_calls") or []) if isinstance(m, dict) else []:
            if isinstance(tc, dict) and isinstance(tc.get("function"), dict):
                names[tc.get("id")] = tc["function"].get("name", "tool")
    tail = []
    for m in reversed(messages):
        if not isinstance(m, dict) or m.get("role") not in ("tool", "function"):
            break
        name = m.get("name") or names.get(m.get("tool_call_id"), "tool")
        tail.append((name, " ".join(textgen.texts_of(m.get("content")))))
    turn.tool_results = tail[::-1]
    for t in body.get("tools") or []:
        if isinstance(t, dict) and t.get("type") == "function" and isinstance(t.get("function"), dict):
            turn.tools[t["function"]["name"]] = t["function"].get("parameters")
    choice = body.get("tool_choice")
    if isinstance(choice, str):
        turn.choice = choice
    elif isinstance(choice, dict) and choice.get("type") == "function":
        turn.choice = ("function", (choice.get("function") or {}).get("name"))
    elif isinstance(choice, dict) and choice.get("type") == "allowed_tools":
        turn.choice = (choice.get("allowed_tools") or {}).get("mode", "auto")
    turn.parallel = body.get("parallel_tool_calls") is not False
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        turn.fmt = ("json_schema", (fmt.get("json_schema") or {}).get("schema") or {"type": "object"})
    elif isinstance(fmt, dict) and fmt.get("type") == "json_object":
        turn.fmt = ("json_object",)
    limit = body.get("max_completion_tokens")
    turn.limit = limit if limit is not None else body.get("max_tokens")
    turn.stop = body.get("stop")
    return turn


def prompt_tokens(body: dict[str, Any]) -> int:
    n = 0
    for m in body.get("messages") or []:
        if isinstance(m, dict):
            n += sum(textgen.count(t) for t in textgen.texts_of(m.get("content")))
            for tc in m.get("tool_calls") or []:
                if isinstance(tc, dict) and isinstance(tc.get("function"), dict):
                    n += textgen.count(tc["function"].get("arguments"))
    return n


def answers(body: dict[str, Any], seed: int, turn: Turn | None = None) -> list[Answer]:
    turn = turn or turn_of(body)
    return [respond(turn, seed, i) for i in range(body.get("n") or 1)]


def _usage(body: dict[str, Any], answers_: list[Answer]) -> dict[str, Any]:
    p, c = prompt_tokens(body), sum(a.output_tokens for a in answers_)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0,
                                          "rejected_prediction_tokens": 0}}


def _message(a: Answer) -> dict[str, Any]:
    msg: dict[str, Any] = {"role": "assistant", "content": a.text, "refusal": None, "annotations": []}
    if a.calls:
        msg["tool_calls"] = [{"id": c.call_id, "type": "function",
                              "function": {"name": c.name, "arguments": c.arguments}} for c in a.calls]
    return msg


def completion(body: dict[str, Any], model: str, seed: int, created: int, turn: Turn | None = None) -> dict[str, Any]:
    ans = answers(body, seed, turn)
    return {"id": ident("chatcmpl-", seed), "object": "chat.completion", "created": created, "model": model,
            "choices": [{"index": i, "message": _message(a), "logprobs": None, "finish_reason": a.finish}
                        for i, a in enumerate(ans)],
            "usage": _usage(body, ans), "service_tier": "default", "system_fingerprint": "fp_mock"}


def _deltas(index: int, a: Answer) -> list[dict[str, Any]]:
    out = [{"index": index, "delta": {"role": "assistant", "content": "" if a.text is not None else None,
                                      "refusal": None}, "logprobs": None, "finish_reason": None}]
    for piece in textgen.tokens(a.text or ""):
        out.append({"index": index, "delta": {"content": piece}, "logprobs": None, "finish_reason": None})
    for k, c in enumerate(a.calls):
        out.append({"index": index, "delta": {"tool_calls": [
            {"index": k, "id": c.call_id, "type": "function", "function": {"name": c.name, "arguments": ""}}]},
            "logprobs": None, "finish_reason": None})
        for piece in textgen.tokens(c.arguments):
            # every tool-call delta carries a `function` object: the Python helper asserts it is not None
            out.append({"index": index, "delta": {"tool_calls": [{"index": k, "function": {"arguments": piece}}]},
                        "logprobs": None, "finish_reason": None})
    out.append({"index": index, "delta": {}, "logprobs": None, "finish_reason": a.finish})
    return out


def stream(body: dict[str, Any], model: str, seed: int, created: int, turn: Turn | None = None) -> list[bytes]:
    """Every SSE frame of the streamed answer, ``data: [DONE]`` last."""
    ans = answers(body, seed, turn)
    # The envelope is the same on every chunk: serialise it once and splice each choice in.
    envelope = {"id": ident("chatcmpl-", seed), "object": "chat.completion.chunk", "created": created,
                "model": model, "system_fingerprint": "fp_mock", "service_tier": "default", "usage": None}
    head = b"data: " + orjson.dumps(envelope)[:-1] + b',"choices":['
    per_choice = [_deltas(i, a) for i, a in enumerate(ans)]
    frames = []
    for group in zip_longest(*per_choice):
        for choice in group:
            if choice is not None:
                frames.append(head + orjson.dumps(choice) + b"]}\n\n")
    frames.append(b"data: " + orjson.dumps({**envelope, "choices": [], "usage": _usage(body, ans)}) + b"\n\n")
    frames.append(DONE)
    return frames


def error_frame(message: str, code: str | None = "server_error") -> bytes:
    """The in-band error event both SDKs turn into ``APIError`` (a truthy top-level ``error`` key)."""
    return b"data: " + orjson.dumps({"error": {"message": message, "type": "server_error", "param": None,
                                               "code": code}}) + b"\n\n"
