"""Gateway rule: every error response (4xx, 5xx, `default`) has a body whose schema is the shared error schema
(`#/components/schemas/Error`; set `error-schema` in the lint config to change it).

Clients (the OpenAI SDKs among them) parse every error the same way; one ad-hoc error shape breaks them.
"""
from __future__ import annotations

from typing import Any

from ...core import pointer as jp
from ...core.refs import chain_pointer
from ..engine import Context, Kind, Rule, Visitor
from ._util import error_schema_ref, status_class


def make(ctx: Context) -> Visitor:
    expected = error_schema_ref(ctx)
    reported: set[str] = set()

    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        responses = op.get("responses")
        if not isinstance(responses, dict):
            return
        for code, resp in responses.items():
            if status_class(code) not in ("4", "5", "default"):
                continue
            resp, r_at = ctx.resolve_at(resp, ((at, "responses"), code))
            if not isinstance(resp, dict):
                continue
            ptr = chain_pointer(r_at)
            if ptr in reported:
                continue
            reported.add(ptr)
            content = resp.get("content")
            if not content:
                ctx.report(f"error response {code} has no body: use the shared error schema {expected}", ptr)
                continue
            for mtype, media in content.items():
                if "json" not in mtype:
                    continue
                ref = ((media or {}).get("schema") or {}).get("$ref")
                if ref != expected:
                    ctx.report(f"error response {code} does not use the shared error schema {expected}",
                               jp.child(ptr + "/content", mtype) + "/schema")

    return {Kind.OPERATION: operation}


RULE = Rule("gateway-error-schema", "error", "gateway", make, __doc__)
