"""Gateway rule: a streaming operation (its JSON request schema has a `stream` property) declares a
`text/event-stream` success response.

With `"stream": true` the gateway answers with server-sent events; a spec that only declares
`application/json` sends SDK generators and readers the wrong way.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name, schema_properties, status_class


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        body = ctx.resolve(op.get("requestBody"))
        if not isinstance(body, dict):
            return
        streaming = any("json" in mtype and "stream" in schema_properties(ctx, (media or {}).get("schema"))
                        for mtype, media in (body.get("content") or {}).items())
        if not streaming:
            return
        responses = op.get("responses") or {}
        for code, resp in responses.items():
            resp = ctx.resolve(resp)
            if status_class(code) == "2" and isinstance(resp, dict):
                if any(m.split(";")[0].strip() == "text/event-stream" for m in (resp.get("content") or {})):
                    return
        ctx.report(f"{op_name(method, path)} accepts stream but no 2xx response declares text/event-stream",
                   at, "responses")

    return {Kind.OPERATION: operation}


RULE = Rule("gateway-streaming", "error", "gateway", make, __doc__)
