"""Server URLs use `https://` (`http://localhost` and `http://127.0.0.1` are allowed for local servers).

Docs readers copy the base URL: an `http://` one sends API keys in clear text.
"""
from __future__ import annotations

import re
from typing import Any

from ..engine import Context, Kind, Rule, Visitor

_LOCAL = re.compile(r"http://(localhost|127\.0\.0\.1|\[::1\])(:|/|$)")


def make(ctx: Context) -> Visitor:
    def server(node: Any, at: Any) -> None:
        url = node.get("url") if isinstance(node, dict) else None
        if isinstance(url, str) and "://" in url and not url.startswith("https://") and not _LOCAL.match(url):
            ctx.report(f"server URL {url!r} does not use https", at, "url")

    return {Kind.SERVER: server}


RULE = Rule("server-https", "error", "recommended", make, __doc__)
