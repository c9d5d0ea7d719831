"""No two paths can match the same request URL ambiguously.

`/v1/{kind}/list` and `/v1/models/{id}` both match `/v1/models/list`, and neither is more specific everywhere, so
routers disagree about which one wins. Paths identical up to parameter names (`/a/{x}` and `/a/{y}`) are
ambiguous too. A concrete path beside a templated one (`/users/me` and `/users/{id}`) is fine: the concrete one
wins by the OpenAPI rules.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    seen: list[tuple[str, list[str]]] = []

    def path(item: dict[str, Any], at: Any, path: str | None) -> None:
        if path is None:
            return
        segs = path.strip("/").split("/")
        for other, osegs in seen:
            if len(osegs) != len(segs):
                continue
            a_more = b_more = False
            for x, y in zip(segs, osegs):
                xt, yt = "{" in x, "{" in y
                if xt and yt:
                    continue
                if not xt and not yt:
                    if x != y:
                        break
                    continue
                if xt:
                    b_more = True
                else:
                    a_more = True
            else:
                if not (a_more ^ b_more):
                    ctx.report(f"path {path} is ambiguous with {other}: both match the same URLs", at)
        seen.append((path, segs))

    return {Kind.PATH: path}


RULE = Rule("no-ambiguous-paths", "error", "minimal", make, __doc__)
