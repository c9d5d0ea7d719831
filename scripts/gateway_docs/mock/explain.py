"""Turn jsonschema-rs errors into one OpenAI-style 400: which field (``param``), what is wrong (``message``).

A bad chat message fails a ``oneOf`` over six message shapes; "is not valid under any of the schemas" helps nobody.
So we descend into the branches: the branch whose discriminator (``role``/``type``) matched explains the failure;
when none matched, the message lists the discriminator values that would.
"""
from __future__ import annotations

from typing import Any

import jsonschema_rs

from ..core.numbers import dumps

_DISCRIMINATORS = ("type", "role")


def param_path(parts: list[Any]) -> str:
    """``["messages", 1, "role"]`` -> ``messages[1].role``."""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _is_discriminator_miss(e: jsonschema_rs.ValidationError) -> bool:
    path = list(e.instance_path)
    return e.kind.name in ("enum", "const") and bool(path) and path[-1] in _DISCRIMINATORS


def _allowed(e: jsonschema_rs.ValidationError) -> list[Any]:
    d = e.kind.as_dict()
    return list(d["options"]) if "options" in d else [d.get("expected_value")]


def _cause(err: jsonschema_rs.ValidationError) -> tuple[jsonschema_rs.ValidationError, str | None]:
    """The error that explains ``err`` (itself, unless it is an anyOf/oneOf failure)."""
    context = getattr(err.kind, "context", None) if err.kind.name in ("anyOf", "oneOf") else None
    branches = [b for b in (context or []) if b]
    if not branches:
        return err, None
    misses = [b for b in branches if any(_is_discriminator_miss(e) for e in b)]
    if len(misses) == len(branches):
        # no shape matched the discriminator: say which values would have
        miss = next(e for e in branches[0] if _is_discriminator_miss(e))
        values = []
        for b in branches:
            for e in b:
                if _is_discriminator_miss(e) and list(e.instance_path) == list(miss.instance_path):
                    values += [v for v in _allowed(e) if v not in values]
        if values:
            shown = ", ".join(_json(v) for v in values)
            return miss, f"{_json(miss.instance)} is not one of {shown}"
    candidates = [b for b in branches if b not in misses] or branches
    best = min(candidates, key=lambda b: (len(b), -max(len(list(e.instance_path)) for e in b)))
    return _cause(max(best, key=lambda e: len(list(e.instance_path))))


def _json(value: Any) -> str:
    try:
        text = dumps(value).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def explain(errors: list[jsonschema_rs.ValidationError]) -> tuple[str | None, str, str]:
    """(param, message, code) for the most useful of ``errors`` (a non-empty list of jsonschema-rs errors)."""
    err, custom = _cause(max(errors, key=lambda e: len(list(e.instance_path))))
    path = list(err.instance_path)
    kind = err.kind.name
    d = err.kind.as_dict()
    if kind == "required":
        path, problem, code = path + [d["property"]], "required parameter is missing", "missing_required_parameter"
    elif kind == "additionalProperties":
        unexpected = list(d.get("unexpected") or ["?"])
        path, problem, code = path + [unexpected[0]], "unknown parameter", "unknown_parameter"
    elif kind == "type":
        problem, code = custom or err.message, "invalid_type"
    else:
        problem, code = custom or err.message, "invalid_value"
    param = param_path(path) or None
    message = f"{param or 'body'}: {problem}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return param, message, code
