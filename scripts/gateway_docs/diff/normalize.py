"""Schema normalisation for the diff: two schemas that accept the same values compare equal.

What is folded away before comparing (each is a way to write the same thing):

- a ``$ref`` and the schema it points at inline (refs are followed; a cycle ends the walk instead of hanging);
- ``allOf`` with one element (and several elements, merged: properties, required, bounds);
- ``anyOf``/``oneOf`` with a null branch (``{type: "null"}``, ``{enum: [null]}``, the Zod ``{nullable: true,
  enum: [null]}``) and ``nullable: true``, and 3.1 ``type: [X, "null"]``: all become "X, nullable";
- ``const: v`` and ``enum: [v]``; a missing ``type`` beside ``properties``/``items``;
- 3.0 boolean ``exclusiveMinimum``/``exclusiveMaximum`` and 3.1 numeric ones (bounds become ``(value, exclusive)``).

Key order never matters (dicts compare by content).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from ..core import pointer as jp
from ..core.refs import follow_refs

#: Depth of nested allOf merging before we stop (a cycle through allOf would otherwise recurse forever).
MAX_DEPTH = 16

Bound = tuple[float, bool] | None  # (value, exclusive)


@dataclass
class Norm:
    """A schema after normalisation: where it lives, its merged keywords and the facts the diff compares."""

    ptr: str
    node: dict[str, Any]
    types: frozenset[str] | None  # None: any type
    nullable: bool
    props: dict[str, tuple[str, Any]] = field(default_factory=dict)  # name -> (pointer, raw schema)
    required: frozenset[str] = frozenset()
    variants: list[tuple[str, Any]] | None = None  # non-null oneOf/anyOf branches: (pointer, raw schema)
    enum: frozenset[str] | None = None  # JSON texts of the allowed values (null removed)
    ref: str | None = None  # the component the schema was reached through, if any


def canon(value: Any) -> str:
    """A hashable, key-order independent text of a JSON value."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def is_null_branch(data: Any, node: Any) -> bool:
    for _ in range(MAX_DEPTH):  # through refs and single-element allOf wrappers: `allOf: [{type: "null"}]` is null
        node = follow_refs(data, node)[0] if isinstance(node, dict) and "$ref" in node else node
        if not (isinstance(node, dict) and isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1
                and not set(node) - {"allOf", "description", "title"}):
            break
        node = node["allOf"][0]
    if not isinstance(node, dict):
        return False
    t = node.get("type")
    if t == "null" or t == ["null"] or node.get("enum") == [None]:
        return True
    return node.get("nullable") is True and not (set(node) - {"nullable", "description", "title"})


def _unwrap(data: Any, node: Any) -> tuple[str, int, bool] | None:
    """When ``node`` only wraps one schema (single allOf, or a union of one schema and null): (keyword, index of
    the wrapped branch, whether a null branch was dropped)."""
    structural = set(node) - {"description", "title", "nullable", "default", "deprecated", "example", "examples",
                              "discriminator", "readOnly", "writeOnly"}
    for key in ("allOf", "anyOf", "oneOf"):
        branches = node.get(key)
        if not isinstance(branches, list) or structural - {key}:
            continue
        if key == "allOf" and len(branches) == 1:
            return key, 0, False
        if key != "allOf":
            keep = [i for i, b in enumerate(branches) if not is_null_branch(data, b)]
            if len(keep) == 1:
                return key, keep[0], len(keep) < len(branches)
    return None


def normalise(data: Any, node: Any, ptr: str, depth: int = 0) -> Norm:
    outer: dict[str, Any] = {}
    nullable = False
    ref: str | None = None
    for _ in range(64):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            for k, v in node.items():
                if k != "$ref":
                    outer.setdefault(k, v)
            target, at = follow_refs(data, node, ptr)
            if target is None:  # dangling or a cycle of refs: compare as "anything"
                node = {}
                break
            ref = ref or at
            node, ptr = target, at or ptr
            continue
        if not isinstance(node, dict):
            node = {}
            break
        wrapped = _unwrap(data, node)
        if wrapped is None:
            break
        key, i, dropped_null = wrapped
        nullable = nullable or dropped_null
        for k, v in node.items():
            if k != key:
                outer.setdefault(k, v)
        node, ptr = node[key][i], jp.join([*jp.split(ptr), key, i])
    merged: dict[str, Any] = {**node, **{k: v for k, v in outer.items() if k not in node or k in
                                         ("description", "title", "nullable", "default", "deprecated")}}
    props: dict[str, tuple[str, Any]] = {
        name: (jp.join([*jp.split(ptr), "properties", name]), sub)
        for name, sub in (node.get("properties") or {}).items()} if isinstance(node.get("properties"), dict) else {}
    required = set(r for r in (merged.get("required") or []) if isinstance(r, str))
    if isinstance(node.get("allOf"), list) and depth < MAX_DEPTH:
        # Several parts: their union of properties and requirements is what the object accepts.
        for i, part in enumerate(node["allOf"]):
            sub = normalise(data, part, jp.join([*jp.split(ptr), "allOf", i]), depth + 1)
            for name, v in sub.props.items():
                props.setdefault(name, v)
            required |= sub.required
            for k, v in sub.node.items():
                if k not in ("properties", "required", "allOf"):
                    merged.setdefault(k, v)
    t = merged.get("type")
    types: set[str] | None = set(t) if isinstance(t, list) else {t} if isinstance(t, str) else None
    if types and "null" in types and len(types) > 1:
        nullable = True
        types.discard("null")
    if merged.get("nullable") is True:
        nullable = True
    enum_values = merged.get("enum") if isinstance(merged.get("enum"), list) else (
        [merged["const"]] if "const" in merged else None)
    enum: frozenset[str] | None = None
    if enum_values is not None:
        if None in enum_values and len(enum_values) > 1:
            nullable = True
        enum = frozenset(canon(v) for v in enum_values if v is not None or len(enum_values) == 1)
    variants: list[tuple[str, Any]] | None = None
    for key in ("oneOf", "anyOf"):
        branches = merged.get(key) if key in node else None
        if isinstance(branches, list) and branches:
            variants = []
            for i, b in enumerate(branches):
                if is_null_branch(data, b):
                    nullable = True
                else:
                    variants.append((jp.join([*jp.split(ptr), key, i]), b))
            break
    if types is None and variants is None:
        if props or "additionalProperties" in merged:
            types = {"object"}
        elif "items" in merged:
            types = {"array"}
    return Norm(ptr=ptr, node=merged, types=frozenset(types) if types is not None else None, nullable=nullable,
                props=props, required=frozenset(required), variants=variants, enum=enum, ref=ref)


def lower_bound(node: dict[str, Any]) -> Bound:
    return _bound(node, "minimum", "exclusiveMinimum", max)


def upper_bound(node: dict[str, Any]) -> Bound:
    return _bound(node, "maximum", "exclusiveMaximum", min)


def _bound(node: dict[str, Any], inclusive: str, exclusive: str, pick: Any) -> Bound:
    value, excl = node.get(inclusive), node.get(exclusive)
    candidates: list[tuple[float, bool]] = []
    if _number(value):
        candidates.append((value, excl is True))  # 3.0: a boolean exclusiveX qualifies the X beside it
    if _number(excl):
        candidates.append((excl, True))
    if not candidates:
        return None
    best = pick(c[0] for c in candidates)
    return best, any(c == (best, True) for c in candidates)


def _number(v: Any) -> TypeGuard[float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def variant_key(data: Any, ptr: str, raw: Any) -> str:
    """What identifies a oneOf/anyOf branch across versions, in order of trust: the value of its tag property
    (``type``/``object``/``event``), the component it refers to, its title, its JSON type."""
    n = normalise(data, raw, ptr)
    for tag in ("type", "object", "event"):
        if tag in n.props:
            sub = normalise(data, n.props[tag][1], n.props[tag][0])
            if sub.enum is not None and len(sub.enum) == 1:
                return f"{tag}={json.loads(next(iter(sub.enum)))}"
    if n.ref:
        return n.ref.rsplit("/", 1)[-1]
    title = n.node.get("title")
    if isinstance(title, str):
        return title
    return "|".join(sorted(n.types)) if n.types else "any"
