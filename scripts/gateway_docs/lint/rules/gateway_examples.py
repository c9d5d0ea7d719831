"""Gateway rule: every operation has examples: for its request body (if it has one) and for each 2xx response
media type (`example` or `examples`, also on the referenced request body or response).

"An example in our docs that does not run is a bug"; an operation without one is a page readers cannot copy from.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name, status_class


def _missing(content: Any) -> list[str]:
    return [m for m, media in (content or {}).items()
            if isinstance(media, dict) and "example" not in media and not media.get("examples")]


def make(ctx: Context) -> Visitor:
    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        body, b_at = ctx.resolve_at(op.get("requestBody"), (at, "requestBody"))
        if isinstance(body, dict):
            for mtype in _missing(body.get("content")):
                ctx.report(f"{op_name(method, path)}: the {mtype} request body has no example", b_at, "content",
                           mtype)
        for code, resp in (op.get("responses") or {}).items():
            if status_class(code) != "2":
                continue
            resp, r_at = ctx.resolve_at(resp, ((at, "responses"), code))
            if isinstance(resp, dict):
                for mtype in _missing(resp.get("content")):
                    ctx.report(f"{op_name(method, path)}: the {code} {mtype} response has no example", r_at,
                               "content", mtype)

    return {Kind.OPERATION: operation}


RULE = Rule("gateway-examples", "warn", "gateway", make, __doc__)
