"""Paths do not end with a slash (`/v1/models/`): many servers treat it as a different URL or redirect it.
"""
from __future__ import annotations

from ..engine import Kind, Rule


def make(ctx):
    def path(item, at, path):
        if path and path != "/" and path.endswith("/"):
            ctx.report(f"path {path} ends with a slash", at)

    return {Kind.PATH: path}


RULE = Rule("no-path-trailing-slash", "error", "recommended", make, __doc__)
