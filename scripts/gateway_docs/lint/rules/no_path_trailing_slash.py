"""Paths do not end with a slash (`/v1/models/`): many servers treat it as a different URL or redirect it.
"""
from __future__ import annotations

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    def path(item: dict[str, Any], at: Any, path: str | None) -> None:
        if path and path != "/" and path.endswith("/"):
            ctx.report(f"path {path} ends with a slash", at)

    return {Kind.PATH: path}


RULE = Rule("no-path-trailing-slash", "error", "recommended", make, __doc__)
