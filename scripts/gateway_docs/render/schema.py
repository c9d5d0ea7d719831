"""Schema Objects -> a small view model (rows, variants, nested children) that the templates turn into tables.

Decisions that make the tables usable on real specs:
- ``anyOf``/``oneOf`` become labelled variants, named by the discriminator value (mapping, or the variant's
  single-value ``enum``/``const`` of the discriminator property, ``type`` or ``role``), else its title, else its
  component name, else its type: never "Option 1".
- A null branch (``{"type": "null"}``, or Zod's ``{"type": "string", "nullable": true, "enum": [null]}``) is not a
  variant: it makes the rest nullable (``number or null``).
- ``allOf`` is flattened into one object (properties and ``required`` merged).
- ``$ref``s to components link to the component's own page, and are expanded in place up to ``max_ref_depth``
  levels of component objects (oneOf/anyOf wrapper components are free) and while the page's row budget lasts; a
  component already on the current path is recursion and only linked. Inline (anonymous) schemas are always
  expanded, because this page is the only place their descriptions appear, down to a hard safety depth.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core import pointer as jp
from ..core.refs import iter_refs, ref_chain
from ..core.slugs import slugify
from .escape import PLAIN, code_span, json_literal, md_block, md_inline

SCHEMA_PREFIX = "#/components/schemas/"
#: Levels of component objects expanded in place on a page before the fields only link (the site, the command and
#: the plugin alike): one keeps our chat page under its 100 KB budget with every request field on it, and a
#: Stripe-size spec at 24 MB of pages instead of 41.
DEFAULT_MAX_REF_DEPTH = 1
SAFE_INT = 9007199254740991  # Number.MAX_SAFE_INTEGER: bounds equal to it are noise from z.number().int()
DISCRIMINATOR_KEYS = ("type", "role", "object", "event")


@dataclass
class Row:
    name: str
    type: str  # Markdown, safe
    required: bool
    cell: str  # description + notes, Markdown for one table cell, safe
    deprecated: bool = False
    child: "View | None" = None
    child_label: str = ""
    description: str = ""  # Markdown inline, safe (the field's own text, without the notes)
    notes: list[str] = field(default_factory=list)  # constraints: enum, range, pattern, default... (safe)
    anchor: str = ""  # HTML id on the page (see assign_anchors), "" until a page assigns one


@dataclass
class Variant:
    label: str  # raw text: templates escape it
    view: "View"


@dataclass
class View:
    kind: str  # object | variants | array | scalar | link
    ref: str | None = None
    link: str | None = None
    title: str | None = None
    description: str = ""  # Markdown block, safe
    type: str = ""  # Markdown, safe
    notes: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    extra: str = ""  # e.g. "No other fields are allowed.", safe
    variants: list[Variant] = field(default_factory=list)
    intro: str = ""  # sentence above variant tabs, safe
    item: "View | None" = None
    anchor: str = ""  # HTML id of a variant switcher (see assign_anchors)


def is_null_schema(s: Any) -> bool:
    if not isinstance(s, dict):
        return False
    if s.get("type") == "null" or ("const" in s and s["const"] is None):
        return True
    enum = s.get("enum")
    return isinstance(enum, list) and len(enum) == 1 and enum[0] is None


class SchemaRenderer:
    """Builds :class:`View` trees for one spec. ``link_for(name)`` gives the (page-relative) link of a component."""

    def __init__(self, data: dict[str, Any], link_for: Callable[[str], str], max_ref_depth: int = DEFAULT_MAX_REF_DEPTH,
                 row_budget: int = 200, refs: list[tuple[str, Any]] | None = None,
                 max_inline_depth: int = 32):
        self.data = data
        self._refs_given = refs
        self.schemas = (data.get("components") or {}).get("schemas") or {}
        self.link_for = link_for
        self.max_ref_depth = max_ref_depth
        self.row_budget = row_budget
        self.max_inline_depth = max_inline_depth
        self.rows_left = row_budget
        self._flat: dict[int, dict[str, Any]] = {}
        self._refs: dict[str, tuple[dict[str, Any], str | None]] = {}
        # Per-node memos (keyed by id: the spec is not mutated while pages render). Big specs reach the same
        # component from hundreds of pages, so these make rendering linear in the output, not in the paths.
        # Every node keyed is kept alive (``_alive``): a parameter's schema is a dict made for one page, and once
        # freed its id could be reused by another page's dict and find the first one's entries.
        self._alive: list[Any] = []
        self._unwrap: dict[int, tuple[Any, bool]] = {}
        self._types: dict[tuple[Any, ...], str] = {}
        self._notes: dict[tuple[int, bool], list[str]] = {}
        self._complex: dict[int, bool] = {}
        self._single_use: set[str] | None = None

    def single_use(self, name: str) -> bool:
        """A component $ref'd from one place only: its only other page is its own, so expanding it where it is
        used costs no depth (``#res-choices-message-tool_calls`` is on the operation page)."""
        if self._single_use is None:
            counts: dict[str, int] = {}
            for _, ref in self._refs_given if self._refs_given is not None else iter_refs(self.data):
                if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
                    key = jp.split(ref[1:])[-1]
                    counts[key] = counts.get(key, 0) + 1
            self._single_use = {k for k, n in counts.items() if n == 1}
        return name in self._single_use

    def start_page(self, link_for: Callable[[str], str] | None = None) -> None:
        self.rows_left = self.row_budget
        if link_for is not None:
            self.link_for = link_for

    # ----------------------------------------------------------------------------------------------- resolving
    def deref(self, node: Any) -> tuple[Any, str | None]:
        """Follow a $ref chain; the component name is the last ``#/components/schemas/X`` seen."""
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return (node if isinstance(node, dict) else {}), None
        ref = node["$ref"]
        hit = self._refs.get(ref)
        if hit is None:
            hit = self._refs[ref] = self._deref(node)
        return hit

    def _deref(self, node: Any) -> tuple[Any, str | None]:
        name = None
        for pointer, target in ref_chain(self.data, node):
            if target is None:
                return {}, name
            parts = jp.split(pointer or "")
            if len(parts) == 3 and parts[:2] == ["components", "schemas"]:
                name = parts[2]
            node = target
        return (node if isinstance(node, dict) else {}), name

    def flatten(self, s: dict[str, Any], _active: frozenset[int] = frozenset()) -> dict[str, Any]:
        """``allOf`` merged into one schema (cached; self-including allOf chains are cut)."""
        if not isinstance(s, dict) or "allOf" not in s:
            return s if isinstance(s, dict) else {}
        key = id(s)
        if key in self._flat:
            return self._flat[key]
        if key in _active:
            return {k: v for k, v in s.items() if k != "allOf"}
        out: dict[str, Any] = {}
        props: dict[str, Any] = {}
        required: list[Any] = []
        for part in s.get("allOf") or []:
            resolved, _ = self.deref(part)
            resolved = self.flatten(resolved, _active | {key})
            props.update(resolved.get("properties") or {})
            required += resolved.get("required") or []
            for k, v in resolved.items():
                if k not in ("properties", "required") and k not in out:
                    out[k] = v
        for k, v in s.items():
            if k == "properties":
                props.update(v or {})
            elif k == "required":
                required += v or []
            elif k != "allOf":
                out[k] = v
        if props:
            out["properties"] = props
            out.setdefault("type", "object")
        if required:
            out["required"] = list(dict.fromkeys(required))
        self._flat[key] = out
        self._alive.append(s)
        return out

    def resolve(self, node: Any) -> tuple[dict[str, Any], str | None]:
        s, name = self.deref(node)
        return self.flatten(s), name

    def split_null(self, s: dict[str, Any]) -> tuple[list[Any], str | None, bool]:
        """(non-null variants, keyword, had a null branch) of a oneOf/anyOf schema."""
        for keyword in ("oneOf", "anyOf"):
            if isinstance(s.get(keyword), list):
                branches = s[keyword]
                rest = [b for b in branches if not is_null_schema(self.deref(b)[0])]
                return rest, keyword, len(rest) != len(branches)
        return [], None, False

    def unwrap(self, node: Any) -> tuple[Any, bool]:
        """``anyOf[X, null]`` -> (X, True); anything else -> (node, nullable flag of the schema)."""
        hit = self._unwrap.get(id(node))
        if hit is None:
            hit = self._unwrap[id(node)] = self._unwrap_uncached(node)
            self._alive.append(node)
        return hit

    def _unwrap_uncached(self, node: Any) -> tuple[Any, bool]:
        s, _ = self.resolve(node)
        nullable = bool(s.get("nullable")) or (isinstance(s.get("type"), list) and "null" in s["type"])
        rest, keyword, had_null = self.split_null(s)
        if keyword and len(rest) == 1 and not s.get("properties"):
            inner, inner_null = self.unwrap(rest[0])
            return inner, nullable or had_null or inner_null
        return node, nullable or had_null

    # ------------------------------------------------------------------------------------------------ type text
    def type_text(self, node: Any, _depth: int = 0) -> str:
        key = (id(node), self.link_for, _depth)
        hit = self._types.get(key)
        if hit is None:
            hit = self._types[key] = self._type_text(node, _depth)
            self._alive.append(node)
        return hit

    def _type_text(self, node: Any, _depth: int) -> str:
        node, nullable = self.unwrap(node)
        s, name = self.resolve(node)
        text = self._type_core(s, name, _depth)
        return f"{text} or null" if nullable and not text.endswith("null") else text

    def _type_core(self, s: dict[str, Any], name: str | None, depth: int) -> str:
        if name is not None and name in self.schemas:
            return f"[{md_inline(name)}]({self.link_for(name)})"
        if depth > 3:
            return "object" if s.get("properties") else "any"
        rest, keyword, _ = self.split_null(s)
        if keyword and not s.get("properties"):
            parts = list(dict.fromkeys(self.type_text(v, depth + 1) for v in rest))
            if len(parts) > 4:
                return f"one of {len(parts)} types"
            return " or ".join(parts) if parts else "null"
        t = s.get("type")
        if isinstance(t, list):
            return " or ".join(md_inline(x) for x in t if x != "null") or "null"
        if t is None:
            if s.get("properties"):
                t = "object"
            elif "items" in s:
                t = "array"
            elif isinstance(s.get("enum"), list) and s["enum"]:
                kinds = {type(v).__name__ for v in s["enum"] if v is not None}
                t = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(
                    kinds.pop(), "any") if len(kinds) == 1 else "any"
            else:
                return "any"
        if t == "array":
            return "array of " + self.type_text(s["items"], depth + 1) if isinstance(s.get("items"), dict) \
                else "array"
        if t == "object" and not s.get("properties") and isinstance(s.get("additionalProperties"), dict) \
                and s["additionalProperties"]:
            return "map of " + self.type_text(s["additionalProperties"], depth + 1)
        text = md_inline(t)
        if s.get("format"):
            text += f" ({md_inline(s['format'])})"
        return text

    # ------------------------------------------------------------------------------------------------- notes
    def notes(self, s: dict[str, Any]) -> list[str]:
        key = (id(s), PLAIN.get())  # notes hold descriptions, whose HTML plain output turns into text
        hit = self._notes.get(key)
        if hit is None:
            hit = self._notes[key] = self._notes_uncached(s)
            self._alive.append(s)
        return hit

    def _notes_uncached(self, s: dict[str, Any]) -> list[str]:
        out = []
        enum = s.get("enum")
        if isinstance(enum, list) and enum:
            values = [v for v in enum if v is not None] or enum
            if len(values) == 1:
                out.append(f"Always {json_literal(values[0])}.")
            else:
                shown = ", ".join(json_literal(v) for v in values[:40])
                more = f" and {len(values) - 40} more" if len(values) > 40 else ""
                out.append(f"One of: {shown}{more}.")
        if "const" in s:
            out.append(f"Always {json_literal(s['const'])}.")
        if "default" in s:
            out.append(f"Default: {json_literal(s['default'])}.")
        bounds = self._bounds(s)
        if bounds:
            out.append(bounds)
        for lo, hi, what in (("minLength", "maxLength", "Length"), ("minItems", "maxItems", "Items"),
                             ("minProperties", "maxProperties", "Fields")):
            if lo in s or hi in s:
                if lo in s and hi in s:
                    out.append(f"{what}: {s[lo]} to {s[hi]}.")
                elif lo in s:
                    out.append(f"{what}: at least {s[lo]}.")
                else:
                    out.append(f"{what}: at most {s[hi]}.")
        if s.get("uniqueItems"):
            out.append("Items must be unique.")
        if "multipleOf" in s:
            out.append(f"Multiple of {json_literal(s['multipleOf'])}.")
        if s.get("pattern"):
            out.append(f"Pattern: {code_span(s['pattern'])}.")
        if s.get("readOnly"):
            out.append("Read-only: only in responses.")
        if s.get("writeOnly"):
            out.append("Write-only: only in requests.")
        if "example" in s:
            out.append(f"Example: {json_literal(s['example'])}.")
        items = s.get("items")
        if isinstance(items, dict):
            inner, _ = self.resolve(items)
            if isinstance(inner.get("enum"), list) and not self.schemas.get(self.deref(items)[1] or ""):
                out.extend("Each item: " + n[0].lower() + n[1:] for n in self.notes(inner) if n.startswith("One of"))
        return out

    @staticmethod
    def _bounds(s: dict[str, Any]) -> str:
        def num(key: str) -> int | float | None:
            v = s.get(key)
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

        lo, hi = num("minimum"), num("maximum")
        lo_x = s.get("exclusiveMinimum") is True or num("exclusiveMinimum") is not None
        hi_x = s.get("exclusiveMaximum") is True or num("exclusiveMaximum") is not None
        if num("exclusiveMinimum") is not None:
            lo = num("exclusiveMinimum")
        if num("exclusiveMaximum") is not None:
            hi = num("exclusiveMaximum")
        if lo is not None and abs(lo) == SAFE_INT:
            lo = None
        if hi is not None and abs(hi) == SAFE_INT:
            hi = None
        if lo is None and hi is None:
            return ""
        parts = []
        if lo is not None:
            parts.append(f"{json_literal(lo)} {'<' if lo_x else '≤'} ")
        parts.append("value")
        if hi is not None:
            parts.append(f" {'<' if hi_x else '≤'} {json_literal(hi)}")
        return "Range: " + "".join(parts) + "."

    # ------------------------------------------------------------------------------------------------- views
    def root(self, node: Any) -> View:
        """The view of a request/response/component schema (the root $ref itself costs no depth)."""
        return self._view(node, stack=(), depth=0, inline=0, root=True)

    def _counts(self, s: dict[str, Any]) -> bool:
        return bool(s.get("properties"))

    def _view(self, node: Any, stack: tuple[str, ...], depth: int, inline: int, root: bool = False) -> View:
        node, nullable = self.unwrap(node)
        s, name = self.resolve(node)
        if name is not None:
            if name in stack:
                return self._link(s, name, "recursive: the same schema as an enclosing field")
            if not root and self._counts(s):
                # A component is expanded whole or not at all: only if its fields fit in what is left of the budget.
                # a component used in one place only gets one level more than the others
                limit = self.max_ref_depth + (1 if self.max_ref_depth > 0 and self.single_use(name) else 0)
                if depth >= limit or self.rows_left < len(s.get("properties") or ()):
                    return self._link(s, name, None)
                depth += 1
            stack = stack + (name,)
        elif inline > self.max_inline_depth:
            return View(kind="scalar", type=self._type_core(s, None, 0),
                        notes=[f"Nested deeper than {self.max_inline_depth} levels: see the spec."])
        view = self._build(s, stack, depth, inline + 1)
        view.ref = name if name in self.schemas else None
        view.link = self.link_for(name) if name is not None and view.ref else None
        view.title = s.get("title") if isinstance(s.get("title"), str) else None
        view.description = md_block(s.get("description")) if s.get("description") else ""
        if nullable:
            view.notes = ["Can be `null`."] + view.notes
        if s.get("deprecated"):
            view.notes = ["**Deprecated.**"] + view.notes
        return view

    def _link(self, s: dict[str, Any], name: str, why: str | None) -> View:
        notes = [why] if why else []
        return View(kind="link", ref=name, link=self.link_for(name), title=s.get("title") if isinstance(
            s.get("title"), str) else None, type=f"[{md_inline(name)}]({self.link_for(name)})", notes=notes)

    def _build(self, s: dict[str, Any], stack: tuple[str, ...], depth: int, inline: int) -> View:
        rest, keyword, _ = self.split_null(s)
        if keyword and rest and not s.get("properties"):
            return self._variants(s, rest, keyword, stack, depth, inline)
        if s.get("properties") or (s.get("type") == "object" and "additionalProperties" in s
                                   and s["additionalProperties"] is False):
            return self._object(s, stack, depth, inline)
        if s.get("type") == "array" or "items" in s:
            items = s.get("items")
            view = View(kind="array", type=self.type_text(s), notes=list(self.notes(s)))
            if isinstance(items, dict) and self.complex(items):
                view.item = self._view(items, stack, depth, inline)
            return view
        return View(kind="scalar", type=self.type_text(s), notes=list(self.notes(s)))

    def complex(self, node: Any) -> bool:
        """Worth a nested block: an object with fields, variants with a complex member, or an array of those."""
        hit = self._complex.get(id(node))
        if hit is None:
            self._complex[id(node)] = False  # a cycle through arrays/variants only is not complex
            hit = self._complex[id(node)] = self._complex_uncached(node)
            self._alive.append(node)
        return hit

    def _complex_uncached(self, node: Any) -> bool:
        node, _ = self.unwrap(node)
        s, name = self.resolve(node)
        if s.get("properties"):
            return True
        rest, keyword, _ = self.split_null(s)
        if keyword:
            return any(self.complex(v) for v in rest) or (
                len(rest) > 1 and any(self.resolve(v)[0].get("description") for v in rest))
        items = s.get("items")
        return isinstance(items, dict) and self.complex(items)

    def _object(self, s: dict[str, Any], stack: tuple[str, ...], depth: int, inline: int) -> View:
        required = set(s.get("required") or [])
        rows = []
        props = s.get("properties") or {}
        self.rows_left -= len(props)  # reserve this table's rows before its fields expand anything
        for pname, pschema in props.items():
            rows.append(self._row(str(pname), pschema, pname in required, stack, depth, inline))
        rows.sort(key=lambda r: not r.required)  # required fields first, each group in spec order
        view = View(kind="object", type="object", rows=rows)
        ap = s.get("additionalProperties")
        if ap is False:
            view.extra = "No other fields are allowed."
        elif isinstance(ap, dict) and ap:
            view.extra = f"Other fields are allowed, each {self.type_text(ap)}."
            d = self.resolve(ap)[0].get("description")
            if d:
                view.extra += " " + md_inline(d)
        return view

    def _row(self, name: str, node: Any, required: bool, stack: tuple[str, ...], depth: int, inline: int) -> Row:
        own = node if isinstance(node, dict) else {}
        unwrapped, _ = self.unwrap(node)
        s, _ = self.resolve(unwrapped)
        outer, _ = self.resolve(node)
        description = own.get("description") or outer.get("description") or s.get("description") or ""
        notes = []
        deprecated = bool(own.get("deprecated") or outer.get("deprecated") or s.get("deprecated"))
        if deprecated:
            notes.append("**Deprecated.**")
        seen_notes = set()
        for source in (outer, s) if outer is not s else (s,):
            for n in self.notes(source):
                # "Always `"text"`." says nothing a description "Always `text`." did not.
                if n.startswith("Always ") and n[8:-3].strip('"') and f"`{n[8:-3].strip(chr(34))}`" in description:
                    continue
                if n not in seen_notes:
                    seen_notes.add(n)
                    notes.append(n)
        child, label = None, name
        rest, keyword, _ = self.split_null(s)
        if self.complex(unwrapped):
            if s.get("type") == "array" or ("items" in s and not s.get("properties")):
                child = self._view(s["items"], stack, depth, inline)
                label = name + "[]"
            else:
                child = self._view(unwrapped, stack, depth, inline)
        elif keyword:  # a union of simple types: their descriptions go into the cell
            for v in rest:
                vs, _ = self.resolve(v)
                if vs.get("description") and vs.get("description") != description:
                    notes.append(f"As {self.type_text(v)}: {md_inline(vs['description'])}")
        if child is not None and child.kind == "variants" and all(
                v.view.kind in ("link", "scalar") for v in child.variants):
            # e.g. Stripe's expandable `string or [Customer]`: the type column says it all; keep variant texts.
            for v in rest:
                vs, _ = self.resolve(v)
                if vs.get("description") and vs.get("description") != description:
                    notes.append(f"As {self.type_text(v)}: {md_inline(vs['description'])}")
            child = None
        if child is not None and child.kind == "link":
            child = None  # the type column already links to it
        cell = "<br>".join(x for x in [md_inline(description)] + notes if x)
        return Row(name=name, type=self.type_text(node), required=required, cell=cell, deprecated=deprecated,
                   child=child, child_label=label, description=md_inline(description), notes=notes)

    def _variants(self, s: dict[str, Any], rest: list[Any], keyword: str, stack: tuple[str, ...], depth: int, inline: int) -> View:
        disc: dict[str, Any] = s["discriminator"] if isinstance(s.get("discriminator"), dict) else {}
        prop = disc.get("propertyName")
        by_ref = {ref: value for value, ref in (disc.get("mapping") or {}).items()}
        labels, views = [], []
        for branch in rest:
            resolved, name = self.resolve(branch)
            label = None
            if isinstance(branch, dict) and branch.get("$ref") in by_ref:
                label = by_ref[branch["$ref"]]
            if label is None and prop and name and not disc.get("mapping"):
                label = name
            if label is None:
                label = self._tag_value(resolved, prop)
            if label is None and isinstance(resolved.get("title"), str) and resolved["title"].strip():
                label = resolved["title"]
            if label is None and name:
                label = name
            if label is None:
                label = self._plain_type(resolved)
            labels.append(str(label))
            views.append(self._view(branch, stack, depth, inline))
        # Two variants with one label (e.g. input and output "message" items): add what tells them apart.
        for i, label in enumerate(labels):
            if labels.count(label) > 1:
                resolved, name = self.resolve(rest[i])
                extra = name or resolved.get("title") or str(i + 1)
                if extra != label:
                    labels[i] = f"{label} ({extra})"
        seen: dict[str, int] = {}
        for i, label in enumerate(labels):
            seen[label] = seen.get(label, 0) + 1
            if seen[label] > 1:
                labels[i] = f"{label} ({seen[label]})"
        how = "Exactly one" if keyword == "oneOf" else "Any"
        by = f", told apart by {code_span(prop)}" if prop else ""
        return View(kind="variants", intro=f"{how} of {len(rest)} shapes{by}:",
                    variants=[Variant(label, view) for label, view in zip(labels, views)])

    def _tag_value(self, s: dict[str, Any], prop: str | None) -> str | None:
        props = s.get("properties") or {}
        for key in ([prop] if prop else []) + list(DISCRIMINATOR_KEYS):
            if key in props:
                p, _ = self.resolve(props[key])
                enum = [v for v in (p.get("enum") or []) if v is not None]
                if len(enum) == 1:
                    return str(enum[0])
                if "const" in p and p["const"] is not None:
                    return str(p["const"])
        return None

    def _plain_type(self, s: dict[str, Any]) -> str:
        t = s.get("type")
        if isinstance(t, list):
            t = " or ".join(x for x in t if x != "null")
        if not t:
            t = "object" if s.get("properties") else "array" if "items" in s else "any"
        if t == "string" and isinstance(s.get("enum"), list) and s["enum"]:
            return "string (" + ", ".join(json.dumps(v) for v in s["enum"][:3]) + ("…" if len(s["enum"]) > 3 else "") + ")"
        return str(t)


def assign_anchors(view: View | None, prefix: str, taken: set[str], rows: list[Row] | None = None) -> None:
    """Give every field row of a view tree a stable HTML id: ``prefix`` + the field path joined by ``-``
    (``req-messages-content``; array items add nothing). A path seen twice on the page (the same field in two
    variants) gets the variant label, then a number, appended. ``taken`` holds the ids already used on the page."""
    for row in rows or []:
        _anchor_row(row, prefix, taken, "")
    _anchor_view(view, prefix, taken, "")


def _anchor_view(view: View | None, prefix: str, taken: set[str], variant: str) -> None:
    if view is None:
        return
    if view.kind == "variants":
        view.anchor = _unique("v", taken)  # the switcher's radio group: short, it repeats per variant
        for var in view.variants:
            _anchor_view(var.view, prefix, taken, slugify(var.label))
    elif view.kind == "array":
        _anchor_view(view.item, prefix, taken, variant)
    for row in view.rows:
        _anchor_row(row, prefix, taken, variant)


def _anchor_row(row: Row, prefix: str, taken: set[str], variant: str) -> None:
    base = f"{prefix}-{_id_part(row.name)}"
    row.anchor = _unique(f"{base}-{variant}" if base in taken and variant else base, taken)
    _anchor_view(row.child, base, taken, variant)


def _unique(anchor: str, taken: set[str]) -> str:
    base, n = anchor, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor


def _id_part(name: str) -> str:
    """A field name as one id segment: kept as written where HTML ids allow it (``tool_calls``)."""
    return re.sub(r"[^A-Za-z0-9_.]+", "_", name).strip("_") or "field"
