"""`anyOf`/`oneOf` have at least two different branches: no single-branch unions and no duplicate branches
(directly nested `anyOf`s are flattened before comparing).

Bad: `anyOf: [{anyOf: [{type: string}, {type: string}]}, {type: string}]` (three times the same string).
Good: `type: string`.
"""
from __future__ import annotations

from typing import Any, Iterator

from ..engine import Context, Kind, Rule, Visitor
from ._util import canonical


def _flatten(branches: list[Any], key: str, tokens: list[str | int]) -> Iterator[tuple[Any, list[str | int]]]:
    """(branch, tokens relative to the union's holder) with directly nested unions of the same kind opened."""
    for i, b in enumerate(branches):
        here = tokens + [i]
        if isinstance(b, dict) and list(b) == [key] and isinstance(b[key], list):
            yield from _flatten(b[key], key, here + [key])
        else:
            yield b, here


def make(ctx: Context) -> Visitor:
    def schema(node: dict[str, Any], at: Any) -> None:
        for key in ("anyOf", "oneOf"):
            branches = node.get(key)
            if branches.__class__ is not list:
                continue
            if len(branches) == 1:
                ctx.report(f"{key} with a single branch: use the branch itself", at, key)
                continue
            seen = set()
            for b, tokens in _flatten(branches, key, [key]):
                c = canonical(b)
                if c in seen:
                    ctx.report(f"{key} branch {c.decode()[:60]} duplicates an earlier branch", at, *tokens)
                seen.add(c)

    return {Kind.SCHEMA: schema}


RULE = Rule("anyof-redundant", "error", "recommended", make, __doc__)
