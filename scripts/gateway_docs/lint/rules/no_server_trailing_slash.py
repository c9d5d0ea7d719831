"""Server URLs do not end with a slash: paths start with one, so `https://host/` + `/v1/models` gives `//v1/models`.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    def server(node: Any, at: Any) -> None:
        url = node.get("url") if isinstance(node, dict) else None
        if isinstance(url, str) and url != "/" and url.endswith("/"):
            ctx.report(f"server URL {url!r} ends with a slash", at, "url")

    return {Kind.SERVER: server}


RULE = Rule("no-server-trailing-slash", "error", "recommended", make, __doc__)
