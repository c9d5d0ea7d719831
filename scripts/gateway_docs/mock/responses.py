"""POST /v1/responses: a ``response`` object, or its SSE event stream.

Stream order (what both SDKs' ``responses.stream()`` helpers need): ``response.created``, ``response.in_progress``,
then per output item ``output_item.added`` -> its parts and deltas -> ``output_item.done``, then
``response.completed`` (``response.incomplete`` when ``max_output_tokens`` cut the text). ``sequence_number`` runs
0..N; item ids are the same in added/done events and in the final response.
"""
from __future__ import annotations

from typing import Any, cast

import orjson

from . import textgen
from .answer import Answer, Turn, ident, respond


def turn_of(body: dict[str, Any]) -> Turn:
    turn = Turn()
    items = body.get("input")
    if isinstance(items, str):
        turn.last_user = items
        items = []
    items = [i for i in (items or []) if isinstance(i, dict)]
    for item in reversed(items):
        if item.get("role") == "user":
            turn.last_user = " ".join(textgen.texts_of(item.get("content")))
            turn.has_image = textgen.has_image(item.get("content"))
            break
    names = {i.get("call_id"): i.get("name", "tool") for i in items if i.get("type") == "function_call"}
    tail = []
    for item in reversed(items):
        if item.get("type") != "function_call_output":
            break
        out = item.get("output")
        tail.append((names.get(item.get("call_id"), "tool"),
                     out if isinstance(out, str) else " ".join(textgen.texts_of(out))))
    turn.tool_results = tail[::-1]
    for t in body.get("tools") or []:
        if isinstance(t, dict) and t.get("type", "function") == "function" and isinstance(t.get("name"), str):
            turn.tools[t["name"]] = t.get("parameters")
    choice = body.get("tool_choice")
    if isinstance(choice, str):
        turn.choice = choice
    elif isinstance(choice, dict) and choice.get("type") == "function":
        turn.choice = ("function", choice.get("name"))
    elif isinstance(choice, dict) and choice.get("type") == "allowed_tools":
        turn.choice = choice.get("mode", "auto")
    turn.parallel = body.get("parallel_tool_calls") is not False
    fmt = (body.get("text") or {}).get("format") if isinstance(body.get("text"), dict) else None
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        turn.fmt = ("json_schema", fmt.get("schema") or {"type": "object"})
    elif isinstance(fmt, dict) and fmt.get("type") == "json_object":
        turn.fmt = ("json_object",)
    turn.limit = body.get("max_output_tokens")
    return turn


def input_tokens(body: dict[str, Any]) -> int:
    n = textgen.count(body.get("instructions") if isinstance(body.get("instructions"), str) else None)
    items = body.get("input")
    if isinstance(items, str):
        return n + textgen.count(items)
    for item in items or []:
        if isinstance(item, dict):
            n += sum(textgen.count(t) for t in textgen.texts_of(item.get("content")))
            for key in ("arguments", "output"):
                if isinstance(item.get(key), str):
                    n += textgen.count(item[key])
    return n


def _summary(body: dict[str, Any], seed: int) -> str | None:
    reasoning = body.get("reasoning")
    if isinstance(reasoning, dict) and reasoning.get("summary") in ("auto", "concise", "detailed"):
        return textgen.reasoning_summary(turn_of(body).last_user, textgen.rng(seed, 99))
    return None


def _items(answer: Answer, summary: str | None, seed: int, status: str) -> list[dict[str, Any]]:
    items = []
    if summary is not None:
        items.append({"id": ident("rs_", seed), "type": "reasoning",
                      "summary": [{"type": "summary_text", "text": summary}]})
    if answer.text is not None:
        items.append({"id": ident("msg_", seed), "type": "message", "status": status, "role": "assistant",
                      "content": [{"type": "output_text", "text": answer.text, "annotations": [], "logprobs": []}]})
    for k, c in enumerate(answer.calls):
        items.append({"id": ident("fc_", seed, k), "type": "function_call", "status": "completed",
                      "call_id": c.call_id, "name": c.name, "arguments": c.arguments})
    return items


def _envelope(body: dict[str, Any], model: str, seed: int, created: int) -> dict[str, Any]:
    return {"id": ident("resp_", seed), "object": "response", "created_at": created, "status": "in_progress",
            "error": None, "incomplete_details": None, "instructions": body.get("instructions"), "metadata": {},
            "model": model, "output": [], "parallel_tool_calls": body.get("parallel_tool_calls", True) is not False,
            "temperature": body.get("temperature", 1.0), "top_p": body.get("top_p", 1.0),
            "tool_choice": body.get("tool_choice", "auto"), "tools": body.get("tools") or [],
            "previous_response_id": None, "max_output_tokens": body.get("max_output_tokens"),
            "reasoning": body.get("reasoning") or {"effort": None, "summary": None}, "store": True,
            "text": body.get("text") or {"format": {"type": "text"}}, "truncation": body.get("truncation", "disabled"),
            "background": False, "service_tier": "default", "user": body.get("user"), "usage": None}


def _final(body: dict[str, Any], model: str, seed: int, created: int,
           turn: Turn | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    answer = respond(turn or turn_of(body), seed)
    summary = _summary(body, seed)
    cut = answer.finish == "length"
    items = _items(answer, summary, seed, "incomplete" if cut else "completed")
    resp = _envelope(body, model, seed, created)
    reasoning_tokens = textgen.count(summary)
    out_tokens = answer.output_tokens + reasoning_tokens
    in_tokens = input_tokens(body)
    resp.update(status="incomplete" if cut else "completed", output=items,
                incomplete_details={"reason": "max_output_tokens"} if cut else None,
                usage={"input_tokens": in_tokens, "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
                       "output_tokens": out_tokens, "output_tokens_details": {"reasoning_tokens": reasoning_tokens},
                       "total_tokens": in_tokens + out_tokens})
    return resp, items


def response(body: dict[str, Any], model: str, seed: int, created: int, turn: Turn | None = None) -> dict[str, Any]:
    return _final(body, model, seed, created, turn)[0]


def stream(body: dict[str, Any], model: str, seed: int, created: int, turn: Turn | None = None) -> list[bytes]:
    """Every SSE frame (``event:`` + ``data:``) of the streamed response."""
    final, items = _final(body, model, seed, created, turn)
    events: list[dict[str, Any]] = []
    add = events.append
    start = _envelope(body, model, seed, created)
    add({"type": "response.created", "response": start})
    add({"type": "response.in_progress", "response": start})
    for idx, item in enumerate(items):
        iid, kind = item["id"], item["type"]
        if kind == "message":
            text = item["content"][0]["text"]
            add({"type": "response.output_item.added", "output_index": idx,
                 "item": {**item, "status": "in_progress", "content": []}})
            empty = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
            where = {"item_id": iid, "output_index": idx, "content_index": 0}
            add({"type": "response.content_part.added", **where, "part": empty})
            for piece in textgen.tokens(text):
                add({"type": "response.output_text.delta", **where, "delta": piece, "logprobs": []})
            add({"type": "response.output_text.done", **where, "text": text, "logprobs": []})
            add({"type": "response.content_part.done", **where, "part": item["content"][0]})
        elif kind == "function_call":
            add({"type": "response.output_item.added", "output_index": idx,
                 "item": {**item, "status": "in_progress", "arguments": ""}})
            for piece in textgen.tokens(item["arguments"]):
                add({"type": "response.function_call_arguments.delta", "item_id": iid, "output_index": idx,
                     "delta": piece})
            add({"type": "response.function_call_arguments.done", "item_id": iid, "output_index": idx,
                 "name": item["name"], "arguments": item["arguments"]})
        else:  # reasoning
            text = item["summary"][0]["text"]
            add({"type": "response.output_item.added", "output_index": idx, "item": {**item, "summary": []}})
            where = {"item_id": iid, "output_index": idx, "summary_index": 0}
            add({"type": "response.reasoning_summary_part.added", **where, "part": {"type": "summary_text", "text": ""}})
            for piece in textgen.tokens(text):
                add({"type": "response.reasoning_summary_text.delta", **where, "delta": piece})
            add({"type": "response.reasoning_summary_text.done", **where, "text": text})
            add({"type": "response.reasoning_summary_part.done", **where, "part": item["summary"][0]})
        add({"type": "response.output_item.done", "output_index": idx, "item": item})
    add({"type": "response.incomplete" if final["status"] == "incomplete" else "response.completed", "response": final})
    return [frame(e, n) for n, e in enumerate(events)]


def frame(event: dict[str, Any], seq: int) -> bytes:
    event["sequence_number"] = seq
    return b"event: " + cast(str, event["type"]).encode() + b"\ndata: " + orjson.dumps(event) + b"\n\n"


def error_frame(seq: int, message: str, code: str = "server_error") -> bytes:
    """A flat ``error`` event (the spec's shape) that also carries a nested ``error`` object, so both SDKs raise
    ``APIError`` as they do for the real API's fixtures."""
    return frame({"type": "error", "code": code, "message": message, "param": None,
                  "error": {"type": "server_error", "code": code, "message": message, "param": None}}, seq)
