"""Schema-driven values: a JSON value that fits a user's JSON Schema (tool ``parameters``, ``response_format``).

Supported: ``type`` (also lists), ``enum``/``const``, objects (``properties``, ``required``, ``additionalProperties``,
``minProperties``), arrays (``items``, ``prefixItems``, ``minItems``/``maxItems``, ``uniqueItems``), string bounds and
common ``format``s, number bounds (inclusive, exclusive, ``multipleOf``), ``anyOf``/``oneOf``/``allOf`` and local
``$ref``s (``#/$defs/...``, ``#/definitions/...``, as Pydantic and zod emit). Every result is checked with
jsonschema-rs; a few seeded retries cover the rare miss (e.g. a ``pattern`` the simple generator does not satisfy).
"""
from __future__ import annotations

import functools
import math
import random
import uuid
from typing import Any

import jsonschema_rs

from ..core.numbers import dumps, loads
from ..core.refs import ref_chain

_WORDS = ["alpha", "bravo", "delta", "echo", "gateway", "mock", "paris", "route", "token", "value"]
_FORMATS = {
    "date-time": "2025-01-01T12:00:00Z", "date": "2025-01-01", "time": "12:00:00Z", "email": "user@example.com",
    "uri": "https://example.com/resource", "url": "https://example.com/resource", "hostname": "example.com",
    "ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "duration": "PT1M", "uri-reference": "/resource",
}
_MAX_DEPTH = 8


@functools.lru_cache(maxsize=256)
def _validator(schema_text: bytes) -> jsonschema_rs.Validator | None:
    try:
        return jsonschema_rs.validator_for(loads(schema_text))
    except Exception:  # an invalid user schema: generate best-effort, nothing to check against
        return None


def generate(schema: Any, seed: int) -> Any:
    """A value valid against ``schema`` (best effort for exotic keywords), deterministic for ``seed``."""
    if not isinstance(schema, dict):
        return {} if schema is not False else None
    validator = _validator(dumps(schema, sort_keys=True))
    value = None
    for attempt in range(8):
        value = _Gen(schema, random.Random(seed + attempt)).value(schema, 0)
        if validator is None or validator.is_valid(value):
            return value
    return value


class _Gen:
    def __init__(self, root: dict, r: random.Random):
        self.root, self.r = root, r

    def _deref(self, schema: dict, depth: int) -> dict:
        for _, target in ref_chain(self.root, schema):
            target = {} if target is None else target
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **rest} if rest and isinstance(target, dict) else target
        return schema if isinstance(schema, dict) else {}

    def value(self, schema: Any, depth: int) -> Any:
        if schema is True or not isinstance(schema, dict):
            return self.r.choice(_WORDS)
        schema = self._deref(schema, depth)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            choices = [e for e in schema["enum"] if e is not None] or schema["enum"]
            return self.r.choice(choices)
        if isinstance(schema.get("allOf"), list):
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for sub in schema["allOf"]:
                sub = self._deref(sub, depth) if isinstance(sub, dict) else {}
                for k, v in sub.items():
                    if k == "properties":
                        merged["properties"] = {**merged.get("properties", {}), **v}
                    elif k == "required":
                        merged["required"] = list(dict.fromkeys([*merged.get("required", []), *v]))
                    else:
                        merged.setdefault(k, v)
            return self.value(merged, depth)
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                branches = [self._deref(b, depth) if isinstance(b, dict) else b for b in schema[key]]
                # prefer a branch that is not just null: an answer with content is the useful one
                non_null = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
                if depth >= _MAX_DEPTH and len(non_null) < len(branches):
                    return None
                pick = self.r.choice(non_null or branches)
                rest = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
                return self.value({**rest, **pick} if isinstance(pick, dict) else pick, depth)
        t = schema.get("type")
        if isinstance(t, list):
            non_null = [x for x in t if x != "null"]
            if depth >= _MAX_DEPTH and "null" in t:
                return None
            t = non_null[0] if non_null else "null"
        if t is None:
            t = ("object" if "properties" in schema or "additionalProperties" in schema else
                 "array" if "items" in schema or "prefixItems" in schema else
                 "number" if "minimum" in schema or "maximum" in schema else "string")
        return getattr(self, "_" + t, self._string)(schema, depth)

    def _null(self, schema: dict, depth: int) -> None:
        return None

    def _boolean(self, schema: dict, depth: int) -> bool:
        return self.r.random() < 0.5

    def _integer(self, schema: dict, depth: int) -> int:
        lo, hi = _bounds(schema, integer=True)
        step = schema.get("multipleOf")
        if isinstance(step, int) and step > 0:
            first = -(-lo // step) * step
            n = max(0, (hi - first) // step)
            return first + step * self.r.randint(0, min(n, 100))
        return self.r.randint(lo, hi)

    def _number(self, schema: dict, depth: int) -> float | int:
        if isinstance(schema.get("multipleOf"), (int, float)):
            step = schema["multipleOf"]
            lo, hi = _bounds(schema, integer=False)
            k = self.r.randint(int(-(-lo // step)), max(int(-(-lo // step)), int(hi // step)))
            return round(k * step, 10)
        lo, hi = _bounds(schema, integer=False)
        return round(lo + (hi - lo) * (0.1 + 0.8 * self.r.random()), 2) if hi > lo else lo

    def _string(self, schema: dict, depth: int) -> str:
        fmt = schema.get("format")
        if fmt == "uuid":
            s = str(uuid.UUID(int=self.r.getrandbits(128), version=4))
        elif fmt in _FORMATS:
            s = _FORMATS[fmt]
        else:
            s = " ".join(self.r.choice(_WORDS) for _ in range(self.r.randint(1, 3)))
        lo, hi = schema.get("minLength", 0), schema.get("maxLength")
        if isinstance(lo, int) and len(s) < lo:
            s = (s + "x" * lo)[:max(lo, len(s))] if fmt is None else s
        if isinstance(hi, int) and len(s) > hi:
            s = s[:hi]
        return s

    def _array(self, schema: dict, depth: int) -> list:
        lo = schema.get("minItems", 0) if isinstance(schema.get("minItems"), int) else 0
        hi = schema.get("maxItems") if isinstance(schema.get("maxItems"), int) else max(lo, 3)
        n = lo if depth >= _MAX_DEPTH else self.r.randint(max(lo, min(1, hi)), max(lo, min(hi, lo + 2, 3) if hi else 0))
        prefix = schema.get("prefixItems") if isinstance(schema.get("prefixItems"), list) else []
        items = schema.get("items", {})
        out: list = []
        tries = 0
        while len(out) < n and tries < n * 10 + 10:
            tries += 1
            sub = prefix[len(out)] if len(out) < len(prefix) else items
            v = self.value(sub, depth + 1)
            if schema.get("uniqueItems") and v in out:
                continue
            out.append(v)
        return out

    def _object(self, schema: dict, depth: int) -> dict:
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = [k for k in schema.get("required", []) if isinstance(k, str)]
        out: dict = {}
        for name, sub in props.items():
            # required always; optional ones too while shallow, so answers look complete
            if name in required or depth < 3:
                out[name] = self.value(sub, depth + 1)
        for name in required:
            if name not in out:
                extra = schema.get("additionalProperties")
                out[name] = self.value(extra if isinstance(extra, dict) else {}, depth + 1)
        extra = schema.get("additionalProperties")
        want = schema.get("minProperties", 0) if isinstance(schema.get("minProperties"), int) else 0
        i = 0
        while len(out) < want and extra is not False:
            i += 1
            out.setdefault(f"key{i}", self.value(extra if isinstance(extra, dict) else {}, depth + 1))
        return out


def _bounds(schema: dict, integer: bool) -> tuple:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    eps = 1 if integer else 0.01
    if isinstance(xlo, (int, float)) and not isinstance(xlo, bool):
        lo = xlo + eps if lo is None else max(lo, xlo + eps)
    if isinstance(xhi, (int, float)) and not isinstance(xhi, bool):
        hi = xhi - eps if hi is None else min(hi, xhi - eps)
    if lo is None and hi is None:
        lo, hi = (1, 100) if integer else (0, 100)
    elif lo is None:
        lo = hi - 100
    elif hi is None:
        hi = lo + 100
    if integer:
        lo, hi = math.ceil(lo), math.floor(hi)
        if hi < lo:
            hi = lo
    return lo, hi
