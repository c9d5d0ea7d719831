"""Compare two loaded specs and classify every change (``breaking``/``warning``/``safe``, rules in :mod:`.rules`).

The walk starts at the operations (what clients call) and follows each request and response schema on both sides
at once, so a shared component is judged in the direction it is used: a field added to a schema that is only
returned is safe, the same field made required in a request body breaks callers. Schemas are compared after
:mod:`.normalise`-ation; a pair of schemas already being compared is not entered again, so ``$ref`` cycles end.
"""
from __future__ import annotations

import json
import operator
import re
from dataclasses import dataclass
from typing import Any

from ..core import pointer as jp
from ..core.diagnostics import Location, Problem
from ..core.http import HTTP_METHODS
from ..core.refs import follow_refs
from ..load.spec import Spec
from .normalize import Norm, canon, lower_bound, normalise, upper_bound, variant_key
from .rules import RULES

REQUEST, RESPONSE = "request", "response"
_DOC_KEYS = ("description", "summary", "title", "example", "examples")
_MIN_KEYS = ("minLength", "minItems", "minProperties")
_MAX_KEYS = ("maxLength", "maxItems", "maxProperties")
_STYLE_DEFAULTS = {"query": ("form", True), "cookie": ("form", True), "path": ("simple", False),
                   "header": ("simple", False)}


@dataclass
class Change:
    """One classified change, with the node's pointer (and file position) on each side."""

    rule: str
    message: str
    old_pointer: str
    new_pointer: str
    operation: str = ""
    old: Location | None = None
    new: Location | None = None
    accepted: str = ""  # the reason from specs/accepted-changes.yaml, when a breaking change is accepted

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def location(self) -> Location:
        """Where to point a reader first: the new side, unless the thing only exists on the old side."""
        removed = self.rule.endswith(("-removed", "-removed-open"))
        return (self.old if removed else self.new) or self.new or self.old or Location("")

    def problem(self) -> Problem:
        """The shared diagnostic form (lint-style severities), for SARIF and GitHub annotations."""
        removed = self.location is self.old
        return Problem(self.message, self.location, self.old_pointer if removed else self.new_pointer,
                       RULES[self.rule].lint_severity, self.rule)

    def format(self) -> str:
        ptr = self.new_pointer if self.location is self.new else self.old_pointer
        head = f"{self.location}: {self.severity}: {self.message} [{self.rule}] ({ptr or '/'})"
        if self.accepted:
            head += f"\n    accepted: {self.accepted}"
        return f"{head}\n    old: {self.old} ({self.old_pointer or '/'})\n    new: {self.new} ({self.new_pointer or '/'})"

    def as_dict(self) -> dict[str, Any]:
        def side(loc: Location | None, ptr: str) -> dict[str, Any]:
            return {"file": loc.file if loc else "", "line": loc.line if loc else 0,
                    "column": loc.col if loc else 0, "pointer": ptr}
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "operation": self.operation, "accepted": bool(self.accepted), "reason": self.accepted,
                "old": side(self.old, self.old_pointer), "new": side(self.new, self.new_pointer)}


def _template_key(path: str) -> str:
    """``/v1/models/{id}`` and ``/v1/models/{model}`` are the same path to a client."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


class Differ:
    def __init__(self, old: Spec, new: Spec):
        self.old, self.new = old, new
        self.o, self.n = old.data, new.data
        self.changes: list[Change] = []
        self._keys: set[tuple[str, str, str]] = set()
        self._entered: set[tuple[str, str, str]] = set()
        self.op = ""

    # -- reporting -------------------------------------------------------------------------------------------
    def add(self, rule: str, message: str, old_ptr: str, new_ptr: str) -> None:
        assert rule in RULES, rule
        key = (rule, old_ptr, new_ptr)
        if key not in self._keys:  # a shared schema reached from several operations is reported once
            self._keys.add(key)
            prefix = f"{self.op}: " if self.op else ""
            self.changes.append(Change(rule, prefix + message, old_ptr, new_ptr, self.op))

    def run(self) -> list[Change]:
        self.docs(self.o.get("info") or {}, "/info", self.n.get("info") or {}, "/info", "the API's",
                  keys=("title", "description", "version"))
        self.servers()
        self.security_schemes()
        self.paths()
        olocs = self.old.locate_many({c.old_pointer for c in self.changes})
        nlocs = self.new.locate_many({c.new_pointer for c in self.changes})
        for c in self.changes:
            c.old, c.new = olocs.get(c.old_pointer), nlocs.get(c.new_pointer)
        order = {"breaking": 0, "warning": 1, "safe": 2}
        self.changes.sort(key=lambda c: (order[c.severity], c.operation, c.new_pointer, c.old_pointer, c.rule,
                                         c.message))
        return self.changes

    # -- document level --------------------------------------------------------------------------------------
    def servers(self) -> None:
        old = {s.get("url"): i for i, s in enumerate(self.o.get("servers") or []) if isinstance(s, dict)}
        new = {s.get("url"): i for i, s in enumerate(self.n.get("servers") or []) if isinstance(s, dict)}
        for url, i in old.items():
            if url not in new:
                self.add("server-removed", f"server `{url}` was removed", f"/servers/{i}", "/servers" if
                         "servers" in self.n else "")
        for url, i in new.items():
            if url not in old:
                self.add("server-added", f"server `{url}` was added", "/servers" if "servers" in self.o else "",
                         f"/servers/{i}")

    def security_schemes(self) -> None:
        old = (self.o.get("components") or {}).get("securitySchemes") or {}
        new = (self.n.get("components") or {}).get("securitySchemes") or {}
        for name in [k for k in old if k in new]:
            a, b = (follow_refs(d, s)[0] or {} for d, s in ((self.o, old[name]), (self.n, new[name])))
            fields = [k for k in ("type", "in", "name", "scheme", "bearerFormat") if a.get(k) != b.get(k)]
            if fields:
                what = ", ".join(f"{k} `{a.get(k)}` -> `{b.get(k)}`" for k in fields)
                ptr = jp.join(["components", "securitySchemes", name])
                self.add("security-scheme-changed", f"security scheme `{name}` changed: {what}", ptr, ptr)

    def paths(self) -> None:
        old_paths = self.o.get("paths") or {}
        new_paths = self.n.get("paths") or {}
        new_by_key = {_template_key(p): p for p in new_paths}
        old_by_key = {_template_key(p): p for p in old_paths}
        for key, path in old_by_key.items():
            optr = jp.join(["paths", path])
            if key not in new_by_key:
                self.op = ""
                self.add("path-removed", f"path `{path}` was removed: calls to it now fail", optr, "/paths")
                continue
            npath = new_by_key[key]
            nptr = jp.join(["paths", npath])
            oitem, nitem = old_paths[path] or {}, new_paths[npath] or {}
            for method in HTTP_METHODS:
                self.op = f"{method.upper()} {npath}"
                oop, nop = oitem.get(method), nitem.get(method)
                if isinstance(oop, dict) and not isinstance(nop, dict):
                    self.add("operation-removed", "the operation was removed: calls to it now fail",
                             f"{optr}/{method}", nptr)
                elif isinstance(nop, dict) and not isinstance(oop, dict):
                    self.add("operation-added", "new operation", optr, f"{nptr}/{method}")
                elif isinstance(oop, dict) and isinstance(nop, dict):
                    self.operation(path, oitem, oop, f"{optr}/{method}", npath, nitem, nop, f"{nptr}/{method}")
        self.op = ""
        for key, path in new_by_key.items():
            if key not in old_by_key:
                for method in HTTP_METHODS:
                    if isinstance((new_paths[path] or {}).get(method), dict):
                        self.op = f"{method.upper()} {path}"
                        self.add("operation-added", "new operation", "/paths",
                                 jp.join(["paths", path, method]))
        self.op = ""

    # -- operations ------------------------------------------------------------------------------------------
    def operation(self, opath: str, oitem: dict[str, Any], oop: dict[str, Any], optr: str, npath: str, nitem: dict[str, Any], nop: dict[str, Any],
                  nptr: str) -> None:
        if oop.get("operationId") != nop.get("operationId") and oop.get("operationId"):
            self.add("operation-id-changed", f"operationId `{oop.get('operationId')}` -> "
                     f"`{nop.get('operationId')}`: generated SDK methods are renamed",
                     f"{optr}/operationId", f"{nptr}/operationId" if "operationId" in nop else nptr)
        if nop.get("deprecated") is True and oop.get("deprecated") is not True:
            self.add("operation-deprecated", "the operation is now deprecated", optr, f"{nptr}/deprecated")
        self.docs(oop, optr, nop, nptr, "the operation's", keys=("summary", "description"))
        self.security(oop, optr, nop, nptr)
        self.parameters(opath, oitem, oop, optr, npath, nitem, nop, nptr)
        self.request_body(oop, optr, nop, nptr)
        self.responses(oop, optr, nop, nptr)

    def security(self, oop: dict[str, Any], optr: str, nop: dict[str, Any], nptr: str) -> None:
        def effective(data: dict[str, Any], op: dict[str, Any], ptr: str) -> tuple[set[frozenset[str]], str]:
            if "security" in op:
                reqs, at = op["security"], f"{ptr}/security"
            else:
                reqs, at = data.get("security") or [], "/security" if "security" in data else ptr
            return {frozenset(r) for r in reqs or [] if isinstance(r, dict)}, at
        old, oat = effective(self.o, oop, optr)
        new, nat = effective(self.n, nop, nptr)
        old_open, new_open = not old or frozenset() in old, not new or frozenset() in new
        if old_open and not new_open:
            self.add("security-added", "the operation now requires credentials ("
                     + " or ".join("+".join(sorted(r)) for r in sorted(new, key=sorted)) + ")", oat, nat)
            return
        if new_open:
            return
        for r in sorted(old - new, key=sorted):
            self.add("security-alternative-removed", f"authentication with `{'+'.join(sorted(r))}` is no longer "
                     "accepted", oat, nat)
        for r in sorted(new - old, key=sorted):
            self.add("security-alternative-added", f"authentication with `{'+'.join(sorted(r))}` is now accepted",
                     oat, nat)

    def _params(self, data: dict[str, Any], path: str, item: dict[str, Any], op: dict[str, Any], ptr: str) -> dict[str, tuple[str, dict[str, Any]]]:
        """Effective parameters by name (path parameters by position: renaming ``{id}`` changes nothing)."""
        positions = {name: i for i, name in enumerate(re.findall(r"\{([^}/]*)\}", path))}
        out: dict[str, tuple[str, dict[str, Any]]] = {}
        item_ptr = jp.parent(ptr)
        for base, params in ((item_ptr, item.get("parameters")), (ptr, op.get("parameters"))):
            for i, raw in enumerate(params or []):
                at = f"{base}/parameters/{i}"
                p, target = follow_refs(data, raw, at)
                if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                    continue
                name = p["name"]
                key = f"{{{positions[name]}}}" if p.get("in") == "path" and name in positions else (
                    name.lower() if p.get("in") == "header" else name)
                out[key] = (target or at, p)
        return out

    def parameters(self, opath: str, oitem: dict[str, Any], oop: dict[str, Any], optr: str, npath: str, nitem: dict[str, Any], nop: dict[str, Any],
                   nptr: str) -> None:
        old = self._params(self.o, opath, oitem, oop, optr)
        new = self._params(self.n, npath, nitem, nop, nptr)
        for key, (at, p) in old.items():
            if key not in new:
                self.add("request-parameter-removed", f"{p.get('in')} parameter `{p['name']}` was removed", at,
                         nptr)
        for key, (at, p) in new.items():
            if key in old:
                continue
            if p.get("required") is True:
                self.add("request-required-parameter-added", f"new required {p.get('in')} parameter "
                         f"`{p['name']}`: existing calls do not send it", optr, at)
            else:
                self.add("request-parameter-added", f"new optional {p.get('in')} parameter `{p['name']}`", optr, at)
        for key in [k for k in old if k in new]:
            (oat, a), (nat, b) = old[key], new[key]
            name = b["name"]
            if a.get("in") != b.get("in"):
                self.add("request-parameter-location-changed", f"parameter `{name}` moved from {a.get('in')} "
                         f"to {b.get('in')}", oat, nat)
                continue
            if b.get("required") is True and a.get("required") is not True:
                self.add("request-parameter-became-required", f"{b.get('in')} parameter `{name}` is now required",
                         oat, nat)
            elif a.get("required") is True and b.get("required") is not True:
                self.add("request-parameter-became-optional", f"{b.get('in')} parameter `{name}` is now optional",
                         oat, nat)
            style, explode = _STYLE_DEFAULTS.get(str(b.get("in")), ("form", True))
            sa = (a.get("style", style), a.get("explode", explode if a.get("style", style) == style else False))
            sb = (b.get("style", style), b.get("explode", explode if b.get("style", style) == style else False))
            if sa != sb:
                self.add("request-parameter-style-changed", f"parameter `{name}` serialisation changed: "
                         f"style={sa[0]}, explode={sa[1]} -> style={sb[0]}, explode={sb[1]}", oat, nat)
            self.docs(a, oat, b, nat, f"parameter `{name}`", keys=("description", "example", "examples"))
            if "schema" in a or "schema" in b:
                self.schema(a.get("schema", {}), f"{oat}/schema", b.get("schema", {}), f"{nat}/schema", REQUEST,
                            f"parameter `{name}`")

    def request_body(self, oop: dict[str, Any], optr: str, nop: dict[str, Any], nptr: str) -> None:
        oat, nat = f"{optr}/requestBody", f"{nptr}/requestBody"
        a, oat2 = follow_refs(self.o, oop.get("requestBody"), oat) if "requestBody" in oop else (None, oat)
        b, nat2 = follow_refs(self.n, nop.get("requestBody"), nat) if "requestBody" in nop else (None, nat)
        oat, nat = oat2 or oat, nat2 or nat
        if not isinstance(a, dict) and not isinstance(b, dict):
            return
        a, b = a if isinstance(a, dict) else {}, b if isinstance(b, dict) else {}
        if b.get("required") is True and a.get("required") is not True:
            self.add("request-body-became-required", "the request body is now required",
                     oat if a else optr, nat)
        elif a.get("required") is True and b.get("required") is not True:
            self.add("request-body-became-optional", "the request body is now optional", oat, nat if b else nptr)
        self.docs(a, oat, b, nat, "the request body's", keys=("description",))
        self.content(a.get("content") or {}, f"{oat}/content", b.get("content") or {}, f"{nat}/content", REQUEST,
                     "request body")

    def responses(self, oop: dict[str, Any], optr: str, nop: dict[str, Any], nptr: str) -> None:
        old, new = oop.get("responses") or {}, nop.get("responses") or {}
        oat, nat = f"{optr}/responses", f"{nptr}/responses"
        for code in old:
            if code not in new:
                rule = "response-success-status-removed" if str(code).startswith("2") else "response-status-removed"
                self.add(rule, f"response `{code}` was removed", jp.join([*jp.split(oat), code]), nat)
        for code in new:
            if code not in old:
                if "default" in old:
                    self.add("response-status-added-with-default", f"new response `{code}` (the `default` response "
                             "covered it before)", oat, jp.join([*jp.split(nat), code]))
                else:
                    self.add("response-status-added", f"new response status `{code}`: clients written for "
                             f"{', '.join(map(str, old))} do not handle it", oat, jp.join([*jp.split(nat), code]))
        for code in old:
            if code not in new:
                continue
            ocp, ncp = jp.join([*jp.split(oat), code]), jp.join([*jp.split(nat), code])
            a, ocp2 = follow_refs(self.o, old[code], ocp)
            b, ncp2 = follow_refs(self.n, new[code], ncp)
            if not isinstance(a, dict) or not isinstance(b, dict):
                continue
            ocp, ncp = ocp2 or ocp, ncp2 or ncp
            self.docs(a, ocp, b, ncp, f"response `{code}`'s", keys=("description",))
            self.headers(a.get("headers") or {}, f"{ocp}/headers", b.get("headers") or {}, f"{ncp}/headers", code)
            self.content(a.get("content") or {}, f"{ocp}/content", b.get("content") or {}, f"{ncp}/content",
                         RESPONSE, f"response `{code}`")

    def headers(self, old: dict[str, Any], oat: str, new: dict[str, Any], nat: str, code: str) -> None:
        lo = {k.lower(): k for k in old}
        ln = {k.lower(): k for k in new}
        for k, name in lo.items():
            if k not in ln:
                self.add("response-header-removed", f"response `{code}` no longer sends header `{name}`",
                         jp.join([*jp.split(oat), name]), nat)
        for k, name in ln.items():
            if k not in lo:
                self.add("response-header-added", f"response `{code}` now sends header `{name}`", oat,
                         jp.join([*jp.split(nat), name]))
                continue
            optr, nptr = jp.join([*jp.split(oat), lo[k]]), jp.join([*jp.split(nat), name])
            a, optr2 = follow_refs(self.o, old[lo[k]], optr)
            b, nptr2 = follow_refs(self.n, new[name], nptr)
            if not isinstance(a, dict) or not isinstance(b, dict):
                continue
            optr, nptr = optr2 or optr, nptr2 or nptr
            if a.get("required") is True and b.get("required") is not True:
                self.add("response-header-became-optional", f"response header `{name}` is no longer always sent",
                         optr, nptr)
            self.docs(a, optr, b, nptr, f"header `{name}`", keys=("description",))
            if "schema" in a and "schema" in b:
                self.schema(a["schema"], f"{optr}/schema", b["schema"], f"{nptr}/schema", RESPONSE,
                            f"header `{name}`")

    def content(self, old: dict[str, Any], oat: str, new: dict[str, Any], nat: str, direction: str, what: str) -> None:
        for mt in old:
            if mt not in new:
                rule = f"{direction}-media-type-removed"
                self.add(rule, f"{what}: content type `{mt}` was removed", jp.join([*jp.split(oat), mt]), nat)
        for mt in new:
            if mt not in old:
                self.add(f"{direction}-media-type-added", f"{what}: content type `{mt}` was added", oat,
                         jp.join([*jp.split(nat), mt]))
                continue
            a, b = old[mt] or {}, new[mt] or {}
            optr, nptr = jp.join([*jp.split(oat), mt]), jp.join([*jp.split(nat), mt])
            self.docs(a, optr, b, nptr, f"{what} `{mt}`", keys=("example", "examples"))
            if "schema" in a or "schema" in b:
                self.schema(a.get("schema", {}), f"{optr}/schema", b.get("schema", {}), f"{nptr}/schema",
                            direction, what + (" events" if mt == "text/event-stream" else ""),
                            stream=mt == "text/event-stream")

    # -- schemas ---------------------------------------------------------------------------------------------
    def docs(self, a: dict[str, Any], optr: str, b: dict[str, Any], nptr: str, what: str,
             keys: tuple[str, ...] = _DOC_KEYS) -> None:
        changed = [k for k in keys if canon(a.get(k)) != canon(b.get(k))]
        if changed:
            self.add("docs-changed", f"{what} {', '.join(changed)} changed", optr, nptr)

    def schema(self, oraw: Any, optr: str, nraw: Any, nptr: str, direction: str, what: str,
               stream: bool = False) -> None:
        o = normalise(self.o, oraw, optr)
        n = normalise(self.n, nraw, nptr)
        key = (direction, o.ptr, n.ptr)
        if key in self._entered:
            return
        self._entered.add(key)
        self.docs(o.node, o.ptr, n.node, n.ptr, f"{what}:", keys=("description", "title", "example", "examples"))
        if o.node.get("deprecated") is not True and n.node.get("deprecated") is True:
            self.add("operation-deprecated", f"{what} is now deprecated", o.ptr, n.ptr)
        if canon(o.node.get("default")) != canon(n.node.get("default")) and "default" in o.node:
            self.add("default-changed", f"{what}: default `{canon(o.node.get('default'))}` -> "
                     f"`{canon(n.node.get('default'))}`", o.ptr, n.ptr)
        if o.node.get("format") != n.node.get("format") and o.node.get("format") and n.node.get("format"):
            self.add("schema-format-changed", f"{what}: format `{o.node['format']}` -> `{n.node['format']}`",
                     o.ptr, n.ptr)
        if o.variants is not None or n.variants is not None:
            self.variants(o, n, direction, what, stream)
        else:
            self.types(o, n, direction, what)
        self.nullable(o, n, direction, what)
        if (o.variants is None) != (n.variants is None):
            return  # a union on one side only: its branches were compared with the other side as a whole
        self.enums(o, n, direction, what)
        self.bounds(o, n, direction, what)
        self.properties(o, n, direction, what)
        oi, ni = o.node.get("items"), n.node.get("items")
        if isinstance(oi, dict) and isinstance(ni, dict):
            self.schema(oi, f"{o.ptr}/items", ni, f"{n.ptr}/items", direction, f"{what}[]")

    def nullable(self, o: Norm, n: Norm, direction: str, what: str) -> None:
        if o.nullable != n.nullable:
            if direction == REQUEST:
                rule = "request-nullable-added" if n.nullable else "request-nullable-removed"
            else:
                rule = "response-became-nullable" if n.nullable else "response-nullable-removed"
            self.add(rule, f"{what} {'may now be' if n.nullable else 'can no longer be'} null", o.ptr, n.ptr)

    def types(self, o: Norm, n: Norm, direction: str, what: str) -> None:
        if o.types == n.types:
            return

        def covers(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
            if a is None:
                return True
            if b is None:
                return False
            return all(t in a or (t == "integer" and "number" in a) for t in b)

        narrower, wider = not covers(n.types, o.types), not covers(o.types, n.types)
        shown = f"type `{_types(o.types)}` -> `{_types(n.types)}`"
        if direction == REQUEST:
            if narrower:
                self.add("request-type-changed", f"{what}: {shown}; values of the old type are rejected",
                         o.ptr, n.ptr)
            elif wider:
                self.add("request-type-widened", f"{what}: {shown}", o.ptr, n.ptr)
        elif wider:
            self.add("response-type-changed", f"{what}: {shown}; clients parse the old type", o.ptr, n.ptr)
        elif narrower:
            self.add("response-type-narrowed", f"{what}: {shown}", o.ptr, n.ptr)

    def enums(self, o: Norm, n: Norm, direction: str, what: str) -> None:
        if o.enum == n.enum:
            return
        removed = sorted(o.enum - n.enum) if o.enum is not None and n.enum is not None else []
        added = sorted(n.enum - o.enum) if o.enum is not None and n.enum is not None else []
        if o.enum is None:  # an enum appeared: the value is now restricted
            if direction == REQUEST:
                self.add("request-enum-value-removed", f"{what} is now restricted to {', '.join(sorted(n.enum or []))}",
                         o.ptr, n.ptr)
            return
        if n.enum is None:
            if direction == RESPONSE:
                self.add("response-enum-value-added", f"{what} is no longer restricted to "
                         f"{', '.join(sorted(o.enum))}", o.ptr, n.ptr)
            return
        if removed:
            self.add(f"{direction}-enum-value-removed", f"{what}: enum value{'s' * (len(removed) > 1)} {', '.join(removed)} removed", o.ptr, n.ptr)
        if added:
            self.add(f"{direction}-enum-value-added", f"{what}: enum value{'s' * (len(added) > 1)} {', '.join(added)} added", o.ptr, n.ptr)

    def bounds(self, o: Norm, n: Norm, direction: str, what: str) -> None:
        tighter: list[str] = []
        looser: list[str] = []

        def judge(name: str, old: Any, new: Any, tight: bool | None) -> None:
            if tight is not None:
                (tighter if tight else looser).append(f"{name} {_shown(old)} -> {_shown(new)}")

        lo, ln = lower_bound(o.node), lower_bound(n.node)
        if lo != ln:
            judge("minimum", lo, ln, ln is not None and (lo is None or ln > lo))
        uo, un = upper_bound(o.node), upper_bound(n.node)
        if uo != un:
            judge("maximum", uo, un, un is not None and (uo is None or (un[0], not un[1]) < (uo[0], not uo[1])))
        for keys, tighter_than in ((_MIN_KEYS, operator.gt), (_MAX_KEYS, operator.lt)):
            for k in keys:
                a, b = o.node.get(k), n.node.get(k)
                if a != b:
                    judge(k, a, b, b is not None and (a is None or tighter_than(b, a)))
        for k in ("pattern", "multipleOf"):
            a, b = o.node.get(k), n.node.get(k)
            if a != b:
                judge(k, a, b, b is not None)
        if bool(o.node.get("uniqueItems")) != bool(n.node.get("uniqueItems")):
            judge("uniqueItems", o.node.get("uniqueItems"), n.node.get("uniqueItems"), bool(n.node.get("uniqueItems")))
        if direction == REQUEST and o.node.get("additionalProperties") is not False \
                and n.node.get("additionalProperties") is False and (o.types or {"object"}) >= {"object"}:
            self.add("request-additional-properties-closed", f"{what} no longer accepts fields other than "
                     f"{', '.join(sorted(n.props)) or 'none'}", o.ptr, n.ptr)
        if tighter:
            self.add(f"{direction}-bound-tightened", f"{what}: {'; '.join(tighter)}", o.ptr, n.ptr)
        if looser:
            self.add(f"{direction}-bound-loosened", f"{what}: {'; '.join(looser)}", o.ptr, n.ptr)

    def properties(self, o: Norm, n: Norm, direction: str, what: str) -> None:
        req = direction == REQUEST
        closed = n.node.get("additionalProperties") is False
        for name, (at, _) in o.props.items():
            if name in n.props:
                continue
            if req:
                if closed:
                    self.add("request-property-removed", f"request field `{_field(what, name)}` was removed; "
                             "requests that send it are now rejected (no other fields are allowed)", at, n.ptr)
                else:
                    self.add("request-property-removed-open", f"request field `{_field(what, name)}` was "
                             "removed; it is now ignored", at, n.ptr)
            elif name in o.required:
                self.add("response-property-removed", f"response field `{_field(what, name)}` was removed",
                         at, n.ptr)
            else:
                self.add("response-optional-property-removed", f"optional response field "
                         f"`{_field(what, name)}` was removed", at, n.ptr)
        for name, (at, _) in n.props.items():
            if name in o.props:
                continue
            if req and name in n.required:
                self.add("request-required-property-added", f"new required request field "
                         f"`{_field(what, name)}`: existing requests do not send it", o.ptr, at)
            else:
                self.add("request-property-added" if req else "response-property-added",
                         f"new {'request' if req else 'response'} field `{_field(what, name)}`", o.ptr, at)
        for name in [k for k in o.props if k in n.props]:
            (oat, oraw), (nat, nraw) = o.props[name], n.props[name]
            now = name in n.required
            if (name in o.required) != now:
                state = "required" if now else "optional"
                self.add(f"{direction}-property-became-{state}",
                         f"{direction} field `{_field(what, name)}` is now {state}", oat, nat)
            self.schema(oraw, oat, nraw, nat, direction, _field(what, name))
        oa, na = o.node.get("additionalProperties"), n.node.get("additionalProperties")
        if isinstance(oa, dict) and isinstance(na, dict):
            self.schema(oa, f"{o.ptr}/additionalProperties", na, f"{n.ptr}/additionalProperties", direction,
                        f"{what}.*")

    def variants(self, o: Norm, n: Norm, direction: str, what: str, stream: bool) -> None:
        def keyed(data: Any, norm: Norm) -> dict[str, tuple[str, Any]]:
            out: dict[str, tuple[str, Any]] = {}
            for at, raw in norm.variants if norm.variants is not None else [(norm.ptr, norm.node)]:
                key = variant_key(data, at, raw)
                k, i = key, 1
                while k in out:
                    i += 1
                    k = f"{key}#{i}"
                out[k] = (at, raw)
            return out

        old, new = keyed(self.o, o), keyed(self.n, n)
        pairs = {k: k for k in old if k in new}
        # A branch moved between inline and a named component keeps no common key: pair the leftovers that have
        # the same JSON type, in order, and let the structural comparison find what really changed.
        lone_old = [k for k in old if k not in pairs]
        lone_new = [k for k in new if k not in pairs.values()]
        for k in list(lone_old):
            kind = _types(normalise(self.o, old[k][1], old[k][0]).types)
            for j in lone_new:
                if _types(normalise(self.n, new[j][1], new[j][0]).types) == kind:
                    pairs[k] = j
                    lone_new.remove(j)
                    break
        req = direction == REQUEST
        for k in lone_old:
            if k not in pairs:
                rule = ("stream-event-removed" if stream else "request-union-variant-removed" if req
                        else "response-union-variant-removed")
                self.add(rule, f"{what}: {'event' if stream else 'variant'} `{k}` was removed", old[k][0], n.ptr)
        for k in lone_new:
            rule = ("stream-event-added" if stream else "request-union-variant-added" if req
                    else "response-union-variant-added")
            self.add(rule, f"{what}: new {'event' if stream else 'variant'} `{k}`", o.ptr, new[k][0])
        for k, j in pairs.items():
            (oat, oraw), (nat, nraw) = old[k], new[j]
            if (oat, nat) == (o.ptr, n.ptr):
                continue  # both sides are the same single schema: already compared
            self.schema(oraw, oat, nraw, nat, direction, f"{what}<{j}>")


def _types(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def _shown(v: Any) -> str:
    if isinstance(v, tuple):
        return f"{v[0]}{' (exclusive)' if v[1] else ''}"
    return "none" if v is None else json.dumps(v)


def _field(what: str, name: str) -> str:
    """``request body`` + ``user`` -> ``user``; ``request body.messages[]`` + ``role`` -> ``messages[].role``."""
    for prefix in ("request body events", "request body", "events"):
        if what.startswith(prefix):
            what = what[len(prefix):]
            break
    if what.startswith("response `") and "`" in what[10:]:
        what = what[what.index("`", 10) + 1:]
        what = what[len(" events"):] if what.startswith(" events") else what
    what = what.lstrip(".: ")
    return f"{what}.{name}" if what else name


def diff_specs(old: Spec, new: Spec) -> list[Change]:
    """Every change from ``old`` to ``new``, breaking first, each with both locations."""
    return Differ(old, new).run()
