"""Schema-driven values: a JSON value that fits a user's JSON Schema (tool ``parameters``, ``response_format``).

Supported: ``type`` (also lists), ``enum``/``const``, objects (``properties``, ``required``, ``additionalProperties``,
``minProperties``), arrays (``items``, ``prefixItems``, ``minItems``/``maxItems``, ``uniqueItems``), strings
(``pattern``, ``format``, ``minLength``/``maxLength``), number bounds (inclusive, exclusive, ``multipleOf``),
``anyOf``/``oneOf``/``allOf`` and local ``$ref``s (``#/$defs/...``, ``#/definitions/...``, as Pydantic and zod emit).

Patterns are generated with rstr's ``xeger`` (a maintained regex-to-string generator): it takes a ``random.Random``,
so a value is a pure function of the request seed (hypothesis' ``from_regex`` needs the hypothesis engine to draw
and is a test-time tool, not a runtime one). Strings whose property name says what they hold (``city``,
``participants``, ``date``, ``query``) take words from the prompt when they fit the schema: "weather in Paris" gives
``{"city": "Paris"}``. Every result is checked with jsonschema-rs *including formats*; seeded retries cover the
rare miss (a ``pattern`` that contradicts ``maxLength``, a ``oneOf`` whose branches overlap).
"""
from __future__ import annotations

import datetime
import functools
import math
import random
import re
import string
import uuid
from typing import Any, Callable, Literal, overload

import jsonschema_rs
import rstr

from ..core.numbers import dumps, loads
from ..core.refs import ref_chain

_WORDS = ("amber", "harbor", "meadow", "summit", "river", "cedar", "lantern", "orbit", "willow", "canyon", "falcon",
          "ember", "glacier", "maple", "coral", "signal", "atlas", "beacon")
_FIRST = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")
_HOSTS = ("example.com", "example.org", "api.example.net", "docs.example.io")
_MAX_DEPTH = 8
_ATTEMPTS = 16
# printable characters a negated class ([^...]) may draw from: no tabs, newlines or form feeds
_PRINTABLE = sorted(set(string.printable) - set(string.whitespace) | {" "})

_PLACE_NAMES = frozenset({"city", "location", "place", "town", "destination", "country", "region", "origin", "where"})
_PEOPLE_NAMES = frozenset({"participants", "attendees", "people", "names", "members", "guests", "invitees", "users",
                           "speakers", "authors"})
_TITLE_NAMES = frozenset({"name", "title", "event", "event_name", "subject", "topic", "summary", "label"})
_DATE_NAMES = frozenset({"date", "day", "when", "time", "start", "deadline"})
_TEXT_NAMES = frozenset({"query", "q", "question", "prompt", "text", "input", "message", "search", "search_query"})
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_NOT_NAMES = frozenset({*_WEEKDAYS, *_MONTHS, "I", "The", "A", "An", "What", "Why", "How", "When", "Where", "Who",
                        "Which", "Use", "Please", "Extract", "Write", "Tell", "Give", "Say", "Find", "Get", "Show",
                        "Is", "Are", "Can", "Could", "Would", "Should", "Do", "Does", "Make", "Book", "Send", "This"})


class _Xeger(rstr.Rstr):
    """rstr's generator, with two changes for a mock whose answers are recorded in docs: ``*``/``+`` repeat at most
    a few times (rstr allows 100, which reads as noise), and a negated class draws from a *sorted* alphabet (rstr
    draws from a set, whose order changes with PYTHONHASHSEED, so the same seed gave different strings per run)."""

    def _handle_repeat(self, start_range: int, end_range: int, value: Any) -> str:
        end_range = min(end_range, start_range + 6)
        times = self._random.randint(start_range, end_range)
        return "".join("".join(self._handle_state(i) for i in value) for _ in range(times))

    def _handle_in(self, value: Any) -> Any:
        candidates = [c for state in value for c in self._handle_state(state)]
        if candidates and candidates[0] is False:
            excluded = set(candidates[1:])
            candidates = [c for c in _PRINTABLE if c not in excluded]
        return self._random.choice(candidates)


@functools.lru_cache(maxsize=512)
def _validator(schema_text: bytes) -> jsonschema_rs.Validator | None:
    try:
        return jsonschema_rs.validator_for(loads(schema_text), validate_formats=True)
    except Exception:  # an invalid user schema: generate best-effort, nothing to check against
        return None


def _fits(schema: dict[str, Any], value: Any) -> bool:
    validator = _validator(dumps(schema, sort_keys=True))
    return validator is None or validator.is_valid(value)


def _matches(branches: list[Any], value: Any) -> int:
    """How many of ``branches`` ``value`` fits; 0 when one cannot be checked on its own (a ``$ref`` into the root
    schema's ``$defs``), so the caller accepts the value and leaves the verdict to the whole-schema check."""
    count = 0
    for b in branches:
        if not isinstance(b, dict):
            continue
        validator = _validator(dumps(b, sort_keys=True))
        if validator is None or "$ref" in dumps(b).decode():
            return 0
        count += validator.is_valid(value)
    return count


def generate(schema: Any, seed: int, hints: str = "") -> Any:
    """A value valid against ``schema``, deterministic for ``seed``; strings borrow from ``hints`` (the prompt)."""
    if not isinstance(schema, dict):
        return {} if schema is not False else None
    validator = _validator(dumps(schema, sort_keys=True))
    value = None
    for attempt in range(_ATTEMPTS):
        # from the second attempt on, ignore the prompt: a hint that broke the schema once breaks it every time
        value = _Gen(schema, random.Random(seed + attempt), hints if attempt == 0 else "").value(schema, 0)
        if validator is None or validator.is_valid(value):
            return value
    return value


class _Gen:
    def __init__(self, root: dict[str, Any], r: random.Random, hints: str = ""):
        self.root, self.r, self.hints = root, r, hints
        self.xeger = _Xeger(r)

    def _deref(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        for _, target in ref_chain(self.root, schema):
            target = {} if target is None else target
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **rest} if rest and isinstance(target, dict) else target
        return schema if isinstance(schema, dict) else {}

    def value(self, schema: Any, depth: int, name: str = "") -> Any:
        if schema is True or not isinstance(schema, dict):
            return self.r.choice(_WORDS)
        schema = self._deref(schema, depth)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            choices = [e for e in schema["enum"] if e is not None] or schema["enum"]
            fitting = [e for e in choices if _fits({k: v for k, v in schema.items() if k != "enum"}, e)]
            return self.r.choice(fitting or choices)
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
            return self.value(merged, depth, name)
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                branches = [self._deref(b, depth) if isinstance(b, dict) else b for b in schema[key]]
                # prefer a branch that is not just null: an answer with content is the useful one
                non_null = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
                if depth >= _MAX_DEPTH and len(non_null) < len(branches):
                    return None
                rest = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
                value = None
                for _ in range(8 if key == "oneOf" else 1):
                    pick = self.r.choice(non_null or branches)
                    value = self.value({**rest, **pick} if isinstance(pick, dict) else pick, depth, name)
                    # oneOf: a value that also fits another branch (3 for `const: 3` and `integer 2..3`) is invalid
                    if key == "anyOf" or _matches(branches, value) <= 1:
                        break
                return value
        t = schema.get("type")
        if isinstance(t, list):
            non_null = [x for x in t if x != "null"]
            if depth >= _MAX_DEPTH and "null" in t:
                return None
            t = self.r.choice(non_null) if non_null else "null"
        if t is None:
            t = ("object" if "properties" in schema or "additionalProperties" in schema else
                 "array" if "items" in schema or "prefixItems" in schema else
                 "number" if "minimum" in schema or "maximum" in schema else "string")
        make: Callable[[dict[str, Any], int, str], Any] = getattr(self, "_" + str(t), self._string)
        return make(schema, depth, name)

    def _null(self, schema: dict[str, Any], depth: int, name: str) -> None:
        return None

    def _boolean(self, schema: dict[str, Any], depth: int, name: str) -> bool:
        return self.r.random() < 0.5

    def _integer(self, schema: dict[str, Any], depth: int, name: str) -> int:
        lo, hi = _bounds(schema, integer=True)
        step = schema.get("multipleOf")
        if isinstance(step, int) and step > 0:
            first = -(-lo // step) * step
            n = max(0, (hi - first) // step)
            return int(first + step * self.r.randint(0, min(n, 100)))
        return self.r.randint(int(lo), int(hi))

    def _number(self, schema: dict[str, Any], depth: int, name: str) -> float | int:
        if isinstance(schema.get("multipleOf"), (int, float)):
            step: float = schema["multipleOf"]
            lo, hi = _bounds(schema, integer=False)
            k = self.r.randint(int(-(-lo // step)), max(int(-(-lo // step)), int(hi // step)))
            return round(k * step, 10)
        lo, hi = _bounds(schema, integer=False)
        return round(lo + (hi - lo) * (0.1 + 0.8 * self.r.random()), 2) if hi > lo else lo

    # -- strings ---------------------------------------------------------------------------------------------------
    def _string(self, schema: dict[str, Any], depth: int, name: str) -> str:
        candidates: list[str] = []
        hint = _hint(name, self.hints)
        if hint:
            candidates.append(hint)
        pattern, fmt = schema.get("pattern"), schema.get("format")
        if isinstance(pattern, str):
            for _ in range(12):
                try:
                    candidates.append(self.xeger.xeger(pattern))
                except Exception:  # a construct sre cannot parse (ECMA-only syntax): fall through to the rest
                    break
        if isinstance(fmt, str) and fmt in _FORMATS:
            candidates.extend(_FORMATS[fmt](self.r) for _ in range(3))
            candidates.extend(_SHORT.get(fmt, ()))
        candidates.append(self._words(schema))
        for s in candidates:
            if _fits(schema, s):
                return s
        return candidates[-1] if not isinstance(pattern, str) or len(candidates) == 1 else candidates[1]

    def _words(self, schema: dict[str, Any]) -> str:
        lo = schema.get("minLength", 0) if isinstance(schema.get("minLength"), int) else 0
        hi = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
        pool = list(_WORDS)
        self.r.shuffle(pool)  # words drawn without replacement: never "harbor harbor"
        words = pool[: self.r.randint(1, 2)]
        s = " ".join(words)
        while len(s) < lo and len(words) < len(pool):
            words.append(pool[len(words)])
            s = " ".join(words)
        if len(s) < lo:
            s = s + "x" * (lo - len(s))
        if hi is not None and len(s) > hi:
            s = s[:hi].rstrip() if len(s[:hi].rstrip()) >= lo else s[:hi]
        return s

    # -- containers ------------------------------------------------------------------------------------------------
    def _array(self, schema: dict[str, Any], depth: int, name: str) -> list[Any]:
        lo: int = schema["minItems"] if isinstance(schema.get("minItems"), int) else 0
        hi: int = schema["maxItems"] if isinstance(schema.get("maxItems"), int) else max(lo, 3)
        items = schema.get("items", {})
        people = _people(self.hints) if name.lower() in _PEOPLE_NAMES else []
        if people and isinstance(items, dict) and lo <= len(people) <= hi and all(_fits(items, p) for p in people):
            return people
        n = lo if depth >= _MAX_DEPTH else self.r.randint(max(lo, min(1, hi)), max(lo, min(hi, lo + 2, 3) if hi else 0))
        prefix: list[Any] = schema["prefixItems"] if isinstance(schema.get("prefixItems"), list) else []
        out: list[Any] = []
        tries = 0
        while len(out) < n and tries < n * 10 + 10:
            tries += 1
            sub = prefix[len(out)] if len(out) < len(prefix) else items
            v = self.value(sub, depth + 1)
            if schema.get("uniqueItems") and v in out:
                continue
            out.append(v)
        return out

    def _object(self, schema: dict[str, Any], depth: int, name: str) -> dict[str, Any]:
        props: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
        required = [k for k in schema.get("required", []) if isinstance(k, str)]
        extra = schema.get("additionalProperties")
        out: dict[str, Any] = {}
        for key, sub in props.items():
            # required always; optional ones too while shallow, so answers look complete
            if key in required or depth < 3:
                out[key] = self.value(sub, depth + 1, key)
        for key in required:
            if key not in out:
                out[key] = self.value(extra if isinstance(extra, dict) else {}, depth + 1, key)
        want = schema.get("minProperties", 0) if isinstance(schema.get("minProperties"), int) else 0
        i = 0
        while len(out) < want and extra is not False:
            i += 1
            out.setdefault(f"key{i}", self.value(extra if isinstance(extra, dict) else {}, depth + 1))
        return out


# -- formats -----------------------------------------------------------------------------------------------------
def _date(r: random.Random) -> str:
    return (datetime.date(2025, 1, 1) + datetime.timedelta(days=r.randint(0, 729))).isoformat()


def _time(r: random.Random) -> str:
    return f"{r.randint(0, 23):02d}:{r.choice((0, 15, 30, 45)):02d}:00Z"


def _email(r: random.Random) -> str:
    return f"{r.choice(_FIRST)}.{r.choice(_WORDS)}@{r.choice(_HOSTS)}"


def _uri(r: random.Random) -> str:
    return f"https://{r.choice(_HOSTS)}/{r.choice(_WORDS)}/{r.randint(1, 999)}"


_FORMATS: dict[str, Callable[[random.Random], str]] = {
    "date": _date,
    "time": _time,
    "date-time": lambda r: f"{_date(r)}T{_time(r)}",
    "duration": lambda r: r.choice((f"PT{r.randint(1, 59)}M", f"P{r.randint(1, 30)}D", f"PT{r.randint(1, 12)}H")),
    "email": _email,
    "idn-email": _email,
    "uri": _uri,
    "url": _uri,
    "iri": _uri,
    "uri-reference": lambda r: f"/{r.choice(_WORDS)}/{r.randint(1, 999)}",
    "iri-reference": lambda r: f"/{r.choice(_WORDS)}/{r.randint(1, 999)}",
    "uri-template": lambda r: f"https://{r.choice(_HOSTS)}/{r.choice(_WORDS)}/{{id}}",
    "uuid": lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4)),
    "hostname": lambda r: r.choice(_HOSTS),
    "idn-hostname": lambda r: r.choice(_HOSTS),
    "ipv4": lambda r: f"{r.choice(('192.0.2', '198.51.100', '203.0.113'))}.{r.randint(1, 254)}",
    "ipv6": lambda r: f"2001:db8::{r.randint(1, 0xFFFF):x}",
    "json-pointer": lambda r: f"/{r.choice(_WORDS)}/{r.randint(0, 9)}",
    "relative-json-pointer": lambda r: f"{r.randint(0, 3)}/{r.choice(_WORDS)}",
    "regex": lambda r: r.choice(("^[a-z]+$", "^\\d{3}$", "^[A-Z][a-z]*$")),
    "byte": lambda r: r.choice(("aGVsbG8=", "bW9jaw==", "Z2F0ZXdheQ==")),
    "password": lambda r: f"{r.choice(_WORDS)}-{r.randint(1000, 9999)}",
}
# the shortest valid form of a format, for a tight maxLength
_SHORT = {"email": ("a@b.io",), "idn-email": ("a@b.io",), "uri": ("a:b",), "url": ("a:b",), "iri": ("a:b",),
          "hostname": ("a.io",), "idn-hostname": ("a.io",), "ipv4": ("1.1.1.1",), "ipv6": ("::1",),
          "uri-reference": ("a",), "iri-reference": ("a",), "duration": ("P1D",), "json-pointer": ("",)}


# -- words from the prompt ---------------------------------------------------------------------------------------
def _hint(name: str, prompt: str) -> str | None:
    """A string for a property called ``name`` taken from the prompt, when the name says what it holds."""
    if not prompt or not name:
        return None
    key = name.lower()
    if key in _PLACE_NAMES:
        m = re.search(r"\b(?:in|at|for|near|to|from)\s+((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)*)", prompt)
        return m.group(1) if m else None
    if key in _DATE_NAMES:
        day = next((d for d in (*_WEEKDAYS, "today", "tomorrow", "tonight") if re.search(rf"\b{d}\b", prompt)), None)
        return day
    if key in _TITLE_NAMES:
        # "going to a science fair on Friday" -> "Science fair"
        m = re.search(r"\b(?:a|an|the)\s+([a-z][a-z -]*?)\s+(?:on|at|in|with|for|next|this|tomorrow)\b", prompt)
        return m.group(1).strip().capitalize() if m else None
    if key in _TEXT_NAMES:
        return " ".join(prompt.split())[:200]
    return None


def _people(prompt: str) -> list[str]:
    """Capitalised names in the prompt ("Alice and Bob are going ..." -> ["Alice", "Bob"]), in order, once each."""
    names = [w for w in re.findall(r"\b[A-Z][a-z]+\b", prompt) if w not in _NOT_NAMES]
    places = set(re.findall(r"\b(?:in|at|near|to|from)\s+([A-Z][a-z]+)", prompt))
    return list(dict.fromkeys(n for n in names if n not in places))


@overload
def _bounds(schema: dict[str, Any], integer: Literal[True]) -> tuple[int, int]: ...
@overload
def _bounds(schema: dict[str, Any], integer: Literal[False]) -> tuple[float, float]: ...
def _bounds(schema: dict[str, Any], integer: bool) -> tuple[Any, Any]:
    lo: Any = schema.get("minimum")
    hi: Any = schema.get("maximum")
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
