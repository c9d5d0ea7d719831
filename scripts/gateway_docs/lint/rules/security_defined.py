"""Security is defined and used: every operation has a security requirement (its own or the global one;
`security: []` marks a deliberately public operation), every requirement names a scheme defined in
`components.securitySchemes`, and every defined scheme is used.

Bad: no `security` anywhere while the API needs `Authorization: Bearer <key>`.
Good: `components.securitySchemes.HeliconeApiKey: {type: http, scheme: bearer}` and `security: [{HeliconeApiKey: []}]`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor
from ._util import op_name


def make(ctx: Context) -> Visitor:
    schemes = ((ctx.data.get("components") or {}).get("securitySchemes") or {})
    schemes = schemes if isinstance(schemes, dict) else {}
    used: set[str] = set()
    global_sec = ctx.data.get("security")

    def check(requirements: Any, at: Any) -> None:
        for i, req in enumerate(requirements if isinstance(requirements, list) else []):
            for name in (req if isinstance(req, dict) else {}):
                used.add(name)
                if name not in schemes:
                    ctx.report(f"security scheme {name!r} is not defined in components.securitySchemes",
                               at, i, name)

    def root(data: dict[str, Any], at: Any) -> None:
        check(global_sec, "/security")

    def operation(op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        if "security" in op:
            check(op["security"], (at, "security"))
        elif not global_sec:
            ctx.report(f"{op_name(method, path)} has no security requirement and there is no global one "
                       "(use security: [] to mark it public)", at)

    def done() -> None:
        for name in schemes:
            if name not in used:
                ctx.report(f"security scheme {name!r} is defined but no operation uses it",
                           "/components/securitySchemes", name)

    return {Kind.ROOT: root, Kind.OPERATION: operation, Kind.DONE: done}


RULE = Rule("security-defined", "error", "recommended", make, __doc__)
