"""Numbers of any size, kept exactly as the spec wrote them.

Python ints are already exact at any size; what loses them is orjson (64-bit only, on both loads and dumps) and
Python floats (about 17 significant digits). So:

- loaders turn a decimal that a float cannot hold exactly into an :class:`ExactFloat`: still a ``float`` for every
  comparison and ``isinstance`` check, but it remembers the text it was written as;
- :func:`dumps` / :func:`dumps_text` are the one JSON writer for spec values: orjson when it can, and when the
  value holds a >64-bit integer or an ``ExactFloat`` the same bytes with those numbers spelled as written.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

_INT64 = (-(2**63), 2**64 - 1)  # orjson accepts signed 64-bit and unsigned 64-bit integers


class ExactFloat(float):
    """A float that prints as the text it was parsed from (``0.1000000000000000000001``, ``1e400``)."""

    text: str

    def __new__(cls, text: str) -> "ExactFloat":
        self = super().__new__(cls, float(text))
        self.text = text
        return self

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def exact_decimal(text: str) -> float:
    """A float for ``text``; an :class:`ExactFloat` when the float would not print back the same number."""
    value = float(text)
    try:
        if value == value and abs(value) != float("inf") and Decimal(repr(value)) == Decimal(text):
            return value
    except InvalidOperation:
        return value
    return ExactFloat(text)


#: A number token with more digits than a float or a 64-bit int holds: orjson would round it (``1e+23`` for a
#: 24-digit int) or refuse it. Strings with long digit runs match too; they only cost the slower exact parse.
_LONG_NUMBER = re.compile(r"[0-9]{16,}|[0-9][.][0-9]{15,}")
_LONG_NUMBER_BYTES = re.compile(rb"[0-9]{16,}|[0-9][.][0-9]{15,}")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads(text: str | bytes) -> Any:
    """JSON text to data with every number exact: orjson's speed unless a long number is present, then the
    stdlib (big ints exact, decimals through :func:`exact_decimal`). Raises ``json.JSONDecodeError`` (orjson's
    error is a subclass) or ValueError for NaN/Infinity."""
    long = _LONG_NUMBER_BYTES.search(text) if isinstance(text, bytes) else _LONG_NUMBER.search(text)
    if long is None:
        return orjson.loads(text)
    return json.loads(text, parse_float=exact_decimal, parse_constant=_no_constant)


def needs_exact(value: Any) -> bool:
    """True when ``value`` is a number orjson cannot write as it was read."""
    if isinstance(value, ExactFloat):
        return True
    return isinstance(value, int) and not isinstance(value, bool) and not (_INT64[0] <= value <= _INT64[1])


def _fragments(node: Any) -> Any:
    """A copy of ``node`` with every number orjson cannot write replaced by a verbatim :class:`orjson.Fragment`."""
    if isinstance(node, dict):
        return {k: _fragments(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_fragments(v) for v in node]
    if needs_exact(node):
        return orjson.Fragment(repr(node) if isinstance(node, ExactFloat) else str(node))
    return node


def _default(value: Any) -> Any:
    if isinstance(value, ExactFloat):
        return orjson.Fragment(value.text)
    return str(value)


def dumps(value: Any, *, sort_keys: bool = False, indent: bool = False) -> bytes:
    """JSON bytes of a spec value, every number exactly as written (orjson's speed for the common case)."""
    option = (orjson.OPT_SORT_KEYS if sort_keys else 0) | (orjson.OPT_INDENT_2 if indent else 0)
    option |= orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(value, option=option | orjson.OPT_PASSTHROUGH_SUBCLASS, default=_default)
    except orjson.JSONEncodeError:
        # Only a >64-bit integer gets here (orjson refuses it before any fallback): rebuild with fragments.
        return orjson.dumps(_fragments(value), option=option, default=_default)


_MARK = "\x00gd-num\x00"


def _marked(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _marked(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_marked(v) for v in node]
    if isinstance(node, ExactFloat):
        return _MARK + node.text + _MARK
    return node


_MARKED = re.compile(r'"\\u0000gd-num\\u0000([^"\\]*)\\u0000gd-num\\u0000"|"\x00gd-num\x00([^"]*)\x00gd-num\x00"')


def dumps_text(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` with the same arguments, but an :class:`ExactFloat` written as the text it was read from
    (the stdlib writes big ints exactly already)."""
    if kwargs == _PRETTY and _orjson_writes_as_stdlib(value):
        # The stdlib's indenting encoder is pure Python; orjson writes the same bytes for such values (no floats,
        # whose exponents it spells differently; string keys; 64-bit ints), and a big example body is rendered on
        # every page that shows it.
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    if not _has_exact_float(value):
        return json.dumps(value, **kwargs)
    text = json.dumps(_marked(value), **kwargs)
    return _MARKED.sub(lambda m: m.group(1) or m.group(2), text)


_PRETTY = {"indent": 2, "ensure_ascii": False}


def _orjson_writes_as_stdlib(node: Any) -> bool:
    """Whether ``orjson.dumps(node, OPT_INDENT_2)`` equals ``json.dumps(node, indent=2, ensure_ascii=False)``."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, str) or n is None or n is True or n is False:
            continue
        if isinstance(n, dict):
            if not all(type(k) is str for k in n):
                return False
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)
        elif type(n) is int:
            if not _INT64[0] <= n <= 2**63 - 1:
                return False
        else:  # floats (exponents spelled differently), tuples, anything else: the stdlib decides
            return False
    return True


def _has_exact_float(node: Any) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ExactFloat):
            return True
        if isinstance(n, dict):
            stack.extend(n.values())
        elif isinstance(n, (list, tuple)):
            stack.extend(n)
    return False


def format_number(value: int | float) -> str:
    """A number as JSON writes it (``1e+400`` stays as written, ``10.0`` stays ``10.0``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, ExactFloat):
        return value.text
    return json.dumps(value)
