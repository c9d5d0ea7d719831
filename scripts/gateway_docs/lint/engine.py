"""The lint engine: one walk over the loaded spec, dispatching each typed node to the rules that asked for it.

A rule (see ``rules/``) is a factory ``make(ctx) -> Visitor``; a visitor maps node kinds (``operation``,
``schema``, ``media_type``...) to callbacks and may have a ``done`` callback for whole-document conclusions.
Redocly's design, kept fast for big specs:

- the document is walked once for all rules; a kind nobody listens to costs one dict lookup;
- a node's JSON pointer is never built unless a rule reports on it: callbacks get a lazy path ``at`` (a
  ``(parent_at, token)`` chain) and ``ctx.report(...)`` turns it into a pointer only then;
- file/line/column of every finding come from one batched ``spec.locate_many`` call at the end.

``$ref`` objects are not followed by the walk (their targets are walked where they live, in ``components``), so
each node is visited once; rules that need the target call ``ctx.resolve``.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..core import pointer as jp
from ..core.diagnostics import ILL_TYPED, SEVERITIES, Problem
from ..core.http import HTTP_METHODS
from ..core.refs import chain_pointer, follow_refs

if TYPE_CHECKING:  # imported on first use at run time (jsonschema-rs)
    from ..core.oas_schema import SchemaConverter
    from ..load.spec import Spec

#: Each preset holds the ones before it. ``recommended`` (the default for any spec) holds only general OpenAPI rules
#: a stranger would agree with; ``gateway`` adds this project's house rules (its Zod-derived contract, error
#: envelope, examples and documentation policy), which the project's own pyproject.toml selects.
PRESETS = ("minimal", "recommended", "gateway", "all")
SEVERITY_RANK = {"error": 3, "warn": 2, "info": 1, "off": 0}
DOCS_PAGE = "docs/lint-rules.md"



class Kind(str, enum.Enum):
    """The node kinds the walk dispatches. Rules key their visitors by these members, so a misspelt kind is an
    AttributeError (and a plain string that is not a kind is refused by :class:`Walker`), never a silent no-op."""

    ROOT = "root"
    SERVER = "server"
    TAG = "tag"
    PATH = "path"
    OPERATION = "operation"
    PARAMETER = "parameter"
    REQUEST_BODY = "request_body"
    RESPONSE = "response"
    MEDIA_TYPE = "media_type"
    HEADER = "header"
    SCHEMA = "schema"
    SECURITY_SCHEME = "security_scheme"
    COMPONENTS = "components"
    REF = "ref"
    DONE = "done"  # after the walk: whole-document conclusions


Visitor = dict[Kind, Callable[..., None]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, default severity, the smallest preset that enables it, and its factory."""

    id: str
    severity: str
    preset: str  # the smallest preset holding the rule (see PRESETS: each preset holds the ones before it)
    make: Callable[["Context"], Visitor]
    doc: str  # the rule module's docstring: first line = summary, the rest = the docs page text

    def __post_init__(self) -> None:
        # Rules are built at import (``RULE = Rule(...)``), so a misspelt severity or preset fails there.
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        if self.preset not in PRESETS:
            raise ValueError(f"rule {self.id}: preset {self.preset!r} is not one of {', '.join(PRESETS)}")

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line."""
        return " ".join(self.doc.strip().split("\n\n")[0].split())

    @property
    def details(self) -> str:
        """The docstring after its first paragraph (Markdown)."""
        import textwrap
        parts = self.doc.strip().split("\n\n", 1)
        return textwrap.dedent(parts[1]).strip() if len(parts) > 1 else ""

    def in_preset(self, preset: str) -> bool:
        return PRESETS.index(self.preset) <= PRESETS.index(preset)


@dataclass
class LintResult:
    findings: list[Problem]
    stats: dict[str, Any]
    source: str

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


class Context:
    """What a rule sees: the spec, options, shared caches, and ``report``."""

    def __init__(self, spec: Spec, options: dict[str, Any] | None = None):
        self.spec = spec
        self.data = spec.data
        self.options = options or {}
        self.stats: dict[str, Any] = {}
        self._raw: list[tuple[str, str, str]] = []  # (rule id, message, pointer)
        self.rule_id = ""
        self._converter: SchemaConverter | None = None
        # Rules read the spec as OpenAPI says it is shaped; on a structurally invalid document (``responses:
        # "nope"``) they may trip over a node of the wrong type. The struct rule reports the real problem, so
        # such an error is kept here and only raised (as our bug) when the document is structurally valid.
        self.ill_typed: list[Exception] = []

    def report(self, message: str, at: Any, *more: str | int) -> None:
        """Record a finding of the current rule at ``at`` (lazy path or pointer), optionally descending ``more``."""
        ptr = chain_pointer(at)
        for token in more:
            ptr += "/" + jp.escape(token)
        self._raw.append((self.rule_id, message, ptr))

    def resolve(self, node: Any) -> Any:
        """Follow internal $refs; a dangling one resolves to None (another rule reports it)."""
        return follow_refs(self.data, node)[0]

    def resolve_at(self, node: Any, at: Any) -> tuple[Any, Any]:
        """Like :meth:`resolve`, also returning where the target lives (the original ``at`` if not a ref)."""
        return follow_refs(self.data, node, at)

    @property
    def converter(self) -> SchemaConverter:
        """The spec's :class:`~gateway_docs.core.oas_schema.SchemaConverter` (imported on first use: jsonschema-rs)."""
        if self._converter is None:
            from ..core.oas_schema import SchemaConverter
            self._converter = SchemaConverter(self.data)
        return self._converter


# ----------------------------------------------------------------------------------------------------------------
# The walk: each node is dispatched to the visitors of its :class:`Kind`.


class Walker:
    def __init__(self, visitors: list[tuple[str, Visitor]], ctx: Context):
        self.ctx = ctx
        self.by_kind: dict[str, list[tuple[str, Callable[..., None]]]] = {}
        for rule_id, visitor in visitors:
            for kind, fn in visitor.items():
                if not isinstance(kind, Kind):
                    raise TypeError(f"rule {rule_id}: visitor key {kind!r} is not a lint.engine.Kind member")
                self.by_kind.setdefault(kind.value, []).append((rule_id, fn))

    def emit(self, kind: str, *args: Any) -> None:
        handlers = self.by_kind.get(kind)
        if handlers:
            ctx = self.ctx
            for rule_id, fn in handlers:
                ctx.rule_id = rule_id
                try:
                    fn(*args)
                except ILL_TYPED as e:
                    ctx.ill_typed.append(e)

    def is_ref(self, node: Any, at: Any) -> bool:
        if isinstance(node, dict) and "$ref" in node:
            self.emit("ref", node, at)
            return True
        return False

    # -- document structure --------------------------------------------------------------------------------
    def walk(self, data: dict[str, Any]) -> None:
        self.emit("root", data, None)
        for i, server in enumerate(_list(data.get("servers"))):
            self.emit("server", server, ((None, "servers"), i))
        for i, tag in enumerate(_list(data.get("tags"))):
            self.emit("tag", tag, ((None, "tags"), i))
        paths = data.get("paths")
        if isinstance(paths, dict):
            paths_at = (None, "paths")
            for path, item in paths.items():
                self.path_item(item, (paths_at, path), path)
        webhooks = data.get("webhooks")
        if isinstance(webhooks, dict):
            for name, item in webhooks.items():
                self.path_item(item, ((None, "webhooks"), name), None)
        comps = data.get("components")
        if isinstance(comps, dict):
            self.components(comps, (None, "components"))
        self.emit("done")

    def path_item(self, item: Any, at: Any, path: str | None) -> None:
        if not isinstance(item, dict) or self.is_ref(item, at):
            return
        self.emit("path", item, at, path)
        for i, server in enumerate(_list(item.get("servers"))):
            self.emit("server", server, ((at, "servers"), i))
        self.parameters(item.get("parameters"), (at, "parameters"))
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                self.operation(op, (at, method), path, method, item)

    def operation(self, op: dict[str, Any], at: Any, path: str | None, method: str, item: dict[str, Any]) -> None:
        self.emit("operation", op, at, path, method, item)
        for i, server in enumerate(_list(op.get("servers"))):
            self.emit("server", server, ((at, "servers"), i))
        self.parameters(op.get("parameters"), (at, "parameters"))
        body = op.get("requestBody")
        if body is not None:
            self.request_body(body, (at, "requestBody"))
        responses = op.get("responses")
        if isinstance(responses, dict):
            r_at = (at, "responses")
            for code, resp in responses.items():
                self.response(resp, (r_at, code), str(code))
        callbacks = op.get("callbacks")
        if isinstance(callbacks, dict):
            for name, cb in callbacks.items():
                cb_at = ((at, "callbacks"), name)
                if isinstance(cb, dict) and not self.is_ref(cb, cb_at):
                    for expr, item in cb.items():
                        self.path_item(item, (cb_at, expr), None)

    def parameters(self, params: Any, at: Any) -> None:
        for i, p in enumerate(_list(params)):
            self.parameter(p, (at, i))

    def parameter(self, p: Any, at: Any) -> None:
        if not isinstance(p, dict) or self.is_ref(p, at):
            return
        self.emit("parameter", p, at)
        self.examples(p.get("examples"), at)
        if "schema" in p:
            self.schema(p["schema"], (at, "schema"))
        self.content(p.get("content"), (at, "content"))

    def request_body(self, body: Any, at: Any) -> None:
        if not isinstance(body, dict) or self.is_ref(body, at):
            return
        self.emit("request_body", body, at)
        self.content(body.get("content"), (at, "content"), "request")

    def response(self, resp: Any, at: Any, code: str | None) -> None:
        if not isinstance(resp, dict) or self.is_ref(resp, at):
            return
        self.emit("response", resp, at, code)
        headers = resp.get("headers")
        if isinstance(headers, dict):
            for name, h in headers.items():
                self.header(h, ((at, "headers"), name))
        self.content(resp.get("content"), (at, "content"), "response")

    def header(self, h: Any, at: Any) -> None:
        if not isinstance(h, dict) or self.is_ref(h, at):
            return
        self.emit("header", h, at)
        self.examples(h.get("examples"), at)
        if "schema" in h:
            self.schema(h["schema"], (at, "schema"))
        self.content(h.get("content"), (at, "content"))

    def content(self, content: Any, at: Any, role: str = "parameter") -> None:
        if not isinstance(content, dict):
            return
        for mtype, media in content.items():
            if isinstance(media, dict):
                m_at = (at, mtype)
                self.emit("media_type", media, m_at, mtype, role)
                self.examples(media.get("examples"), m_at)
                if "schema" in media:
                    self.schema(media["schema"], (m_at, "schema"))

    def examples(self, examples: Any, at: Any) -> None:
        if isinstance(examples, dict):
            e_at = (at, "examples")
            for name, ex in examples.items():
                self.is_ref(ex, (e_at, name))

    def components(self, comps: dict[str, Any], at: Any) -> None:
        self.emit("components", comps, at)
        for kind, walk in (("schemas", self.schema), ("parameters", self.parameter),
                           ("requestBodies", self.request_body), ("headers", self.header)):
            group = comps.get(kind)
            if isinstance(group, dict):
                g_at = (at, kind)
                for name, node in group.items():
                    walk(node, (g_at, name))
        group = comps.get("responses")
        if isinstance(group, dict):
            for name, node in group.items():
                self.response(node, ((at, "responses"), name), None)
        group = comps.get("securitySchemes")
        if isinstance(group, dict):
            for name, node in group.items():
                if not self.is_ref(node, ((at, "securitySchemes"), name)):
                    self.emit("security_scheme", node, ((at, "securitySchemes"), name), name)
        group = comps.get("examples")
        if isinstance(group, dict):
            self.examples(group, at)
        group = comps.get("pathItems")
        if isinstance(group, dict):
            for name, node in group.items():
                self.path_item(node, ((at, "pathItems"), name), None)

    # -- schemas: the bulk of any big spec, so this loop is the hot path ------------------------------------
    def schema(self, node: Any, at: Any) -> None:
        handlers = self.by_kind.get("schema") or ()
        ref_handlers = self.by_kind.get("ref") or ()
        ctx = self.ctx
        stack = [(node, at)]
        pop, push = stack.pop, stack.append
        while stack:
            node, at = pop()
            if not isinstance(node, dict):
                continue
            if "$ref" in node:
                for rule_id, fn in ref_handlers:
                    ctx.rule_id = rule_id
                    fn(node, at)
                continue
            for rule_id, fn in handlers:
                ctx.rule_id = rule_id
                try:  # free in 3.11+ when nothing is raised
                    fn(node, at)
                except ILL_TYPED as e:
                    ctx.ill_typed.append(e)
            for key in _SCHEMA_MAPS:
                sub = node.get(key)
                if sub.__class__ is dict:
                    s_at = (at, key)
                    for name, child in sub.items():
                        push((child, (s_at, name)))
            for key in _SCHEMA_LISTS:
                sub = node.get(key)
                if sub.__class__ is list:
                    s_at = (at, key)
                    for i, child in enumerate(sub):
                        push((child, (s_at, i)))
            for key in _SCHEMA_ONE:
                sub = node.get(key)
                if sub.__class__ is dict:
                    push((sub, (at, key)))


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE = ("items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames",
               "unevaluatedProperties", "unevaluatedItems")


def _list(x: Any) -> list[Any]:
    return x if isinstance(x, list) else []


# ----------------------------------------------------------------------------------------------------------------


def run_rules(spec: Spec, rules: Iterable[tuple[Rule, str]], options: dict[str, Any] | None = None,
              docs_url: str = DOCS_PAGE) -> LintResult:
    """Run ``(rule, severity)`` pairs over a loaded spec; findings come back located and sorted."""
    ctx = Context(spec, options)
    severities: dict[str, str] = {}
    visitors: list[tuple[str, Visitor]] = []
    for rule, severity in rules:
        severities[rule.id] = severity
        ctx.rule_id = rule.id
        visitors.append((rule.id, rule.make(ctx)))
    Walker(visitors, ctx).walk(spec.data)
    if ctx.ill_typed:
        from ..validate import structurally_valid
        if structurally_valid(spec):
            raise ctx.ill_typed[0]
    raw = list(dict.fromkeys(ctx._raw))  # a node reachable two ways (nested unions) is reported once
    located = spec.locate_many({ptr for _, _, ptr in raw}) if raw else {}
    findings = [Problem(message, located[ptr], ptr, severities[rule_id], rule_id, f"{docs_url}#{rule_id}")
                for rule_id, message, ptr in raw]
    findings.sort(key=lambda f: (f.location.file, f.location.line, f.location.col, f.rule, f.message))
    return LintResult(findings, ctx.stats, spec.source)
