"""Every operation declares a success (2xx) response, and a success response documents its body.

A `200` with no `content` tells readers and SDKs nothing about what comes back (202 Accepted, 204, 205 and `HEAD`
excepted, as HTTP lets them go without a body, and webhooks and callbacks: their response is the receiver's
acknowledgement, which usually has no body).

Bad:

```yaml
responses:
  "200": {description: Request accepted}
```

Good: a `200` with `content: {application/json: {schema: {$ref: "#/components/schemas/ChatCompletion"}}}`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name, status_class

_NO_BODY = {"202", "204", "205", "304"}  # 202: "accepted for processing", often without a body


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        responses = op.get("responses")
        if not isinstance(responses, dict):
            return
        success = [str(c) for c in responses if status_class(c) == "2"]
        if not success:
            ctx.report(f"{op_name(method, path)} declares no 2xx response", at, "responses")
            return
        if method == "head" or path is None or any(c in _NO_BODY for c in success):
            return
        for code in success:
            resp = ctx.resolve(responses[code])
            if isinstance(resp, dict) and resp.get("content"):
                return
        ctx.report(f"{op_name(method, path)}: the {success[0]} response has no content (no body schema)",
                   at, "responses", success[0])

    return {Kind.OPERATION: operation}


RULE = Rule("operation-2xx-response", "error", "recommended", make, __doc__)
