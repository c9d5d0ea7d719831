"""The structural engine behind ``validate`` and lint's ``struct`` rule: what openapi-spec-validator checks, on the
plain loaded data, with jsonschema-rs doing the schema work.

openapi-spec-validator walks the document through jsonschema-path objects and checks every Schema Object against
the OpenAPI dialect with the pure-Python jsonschema; on OpenAI's 3 MB 3.1 spec that is ~30 s. The same checks here:

1. the document against the OpenAPI meta-schema (jsonschema-rs; for an ``anyOf``/``oneOf`` failure the branch
   that matches what the author wrote gives the real cause);
2. its keyword checks, on the same nodes and with the same semantics (see ``openapi_spec_validator.validation.
   keywords``): each Schema Object reached from ``components/schemas``, parameters and response media types checked
   against its dialect's meta-schema (jsonschema-rs with the OpenAPI registry), ``default`` values against their
   schema, ``required`` names under ``allOf``, unique ``operationId``s, path parameters declared and used, no
   duplicate parameters or tag names.

Each finding names the node it is about (through ``$ref``s: the node where the referenced text lives) and every
distinct problem is its own finding. ``tests/test_corpus.py`` checks that the verdict and the problem nodes match
openapi-spec-validator's on every corpus spec.
"""
from __future__ import annotations

import functools
import os
import string
from dataclasses import dataclass
from typing import Any

from .core import pointer as jp
from .core.http import HTTP_METHODS
from .core.refs import follow_refs

OPERATIONS = HTTP_METHODS
OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"


@dataclass(frozen=True)
class Finding:
    message: str
    pointer: str  # the node the problem is about
    rule: str = "structure"
    owner: str = ""  # the object openapi-spec-validator would blame (the schema, operation...): for comparisons


# --------------------------------------------------------------------------------------------- meta-schemas
def _package_json(package: str, *parts: str) -> Any:
    import importlib.util

    import orjson
    found = importlib.util.find_spec(package)
    assert found is not None and found.submodule_search_locations is not None
    with open(os.path.join(list(found.submodule_search_locations)[0], *parts), "rb") as fh:
        return orjson.loads(fh.read())


@functools.lru_cache(maxsize=None)
def document_validator(version: str) -> Any:
    """jsonschema-rs for the OpenAPI meta-schema of ``version`` ('3.0' or '3.1'), read from openapi-spec-validator's
    files without importing that package (whose imports cost more than the check)."""
    import jsonschema_rs
    return jsonschema_rs.validator_for(_package_json("openapi_spec_validator", "resources", "schemas",
                                                     "v" + version, "schema.json"))


def _regex(text: str) -> bool:
    import re
    try:
        re.compile(text)
        return True
    except (re.error, TypeError, ValueError, OverflowError):
        return False


def _any(_: str) -> bool:
    return True


#: Formats as openapi-schema-validator's FORMAT_CHECKER judges them when it checks a Schema Object against the
#: meta-schema: a ``pattern`` must compile with Python's ``re``; the URI formats of ``$id``/``$ref``/``$schema`` are
#: not checked there (no rfc3987 checker), so not here either.
_META_FORMATS = {"regex": _regex, "uri": _any, "uri-reference": _any, "iri": _any, "iri-reference": _any,
                 "uri-template": _any, "json-pointer": _any, "relative-json-pointer": _any}


@functools.lru_cache(maxsize=None)
def schema_meta_validator(version: str, dialect: str) -> Any:
    """jsonschema-rs for the meta-schema a Schema Object is checked against (None: an unknown dialect). The files
    are read from openapi-schema-validator and jsonschema-specifications without importing either (their imports
    cost more than the checks)."""
    import jsonschema_rs
    options: dict[str, Any] = {"validate_formats": True, "formats": _META_FORMATS}
    if version == "3.0":  # openapi-schema-validator's OAS30Validator: draft 4 with OpenAPI keywords
        return jsonschema_rs.validator_for(_package_json("jsonschema_specifications", "schemas", "draft4",
                                                         "metaschema.json"), **options)
    oas = [_package_json("openapi_schema_validator", "schemas", "oas3.1", "metaschema.json"),
           _package_json("openapi_schema_validator", "schemas", "oas3.1", "vocabularies", "base")]
    registry = jsonschema_rs.Registry([(d["$id"], d) for d in oas])
    if dialect == OAS31_DIALECT:
        return jsonschema_rs.validator_for(oas[0], registry=registry, **options)
    from jsonschema.validators import validator_for
    cls = validator_for({"$schema": dialect}, default=None)
    if cls is None:
        return None
    return jsonschema_rs.validator_for(cls.META_SCHEMA, registry=registry, **options)


# --------------------------------------------------------------------------------------- document meta-schema
def _path_pointer(data: Any, base: str, node: Any, path: Any) -> str:
    """The pointer of ``path`` (keys/indices, possibly ints for numeric keys) below ``node`` at ``base``."""
    ptr = base
    for part in path:
        key = part if isinstance(node, list) else str(part)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            break
        ptr += "/" + jp.escape(str(key))
    return ptr


def _kind(err: Any) -> str:
    return type(err.kind).__name__


def _is_ref_branch(err: Any) -> bool:
    return any("Reference" in str(p) for p in err.schema_path) or (
        _kind(err) == "Required" and '"$ref"' in err.message)


def _best_cause(err: Any) -> Any:
    """Descend through anyOf/oneOf contexts to the error that explains the failure.

    The OpenAPI meta-schema says e.g. "a schema is a Reference or a Schema": when both fail, the useful error is in
    the branch that matches what the author wrote ($ref present -> Reference branch, otherwise Schema), and within
    it the deepest one, preferring anything over a missing-property error of the wrong branch.
    """
    for _ in range(64):
        context = getattr(err.kind, "context", None)
        if not context:
            return err
        candidates = [c for branch in context for c in branch]
        if not candidates:
            return err
        if isinstance(err.instance, dict):
            has_ref = "$ref" in err.instance
            candidates = [c for c in candidates if _is_ref_branch(c) == has_ref] or candidates
            candidates = [c for c in candidates if _kind(c) != "Required"] or candidates
        deepest = max(len(list(c.instance_path)) for c in candidates)
        err = next(c for c in candidates if len(list(c.instance_path)) == deepest)
    return err


def _message(err: Any, data: Any, base: str, node: Any) -> tuple[str, str]:
    """A readable message and the pointer to point at (the offending key for unexpected fields)."""
    path = list(err.instance_path)
    kind = _kind(err)
    if kind in ("AdditionalProperties", "UnevaluatedProperties"):
        extras = list(getattr(err.kind, "unexpected", []) or [])
        if extras:
            where = "/".join(str(p) for p in path) or "the top level"
            return f"unexpected field {extras[0]!r} in {where}", _path_pointer(data, base, node, path + [extras[0]])
    return _text(err, kind), _path_pointer(data, base, node, path)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _text(err: Any, kind: str) -> str:
    """The message in Python's notation, as openapi-spec-validator words it ('strin' is not one of [...])."""
    k = err.kind
    if kind == "Required":
        return f"{getattr(k, 'property', '?')!r} is required here"
    if kind == "Enum":
        return f"{_short(err.instance)} is not one of {_short(list(getattr(k, 'options', [])))}"
    if kind == "Type":
        types = getattr(k, "types", [])
        return f"{_short(err.instance)} is not of type {', '.join(repr(t) for t in types)}"
    if kind == "Constant":
        return f"{_short(getattr(k, 'expected_value', None))} was expected"
    if kind == "UniqueItems":
        return f"{_short(err.instance)} has non-unique elements"
    return str(err.message)


def _rs_findings(validator: Any, data: Any, node: Any, base: str, owner: str | None = None) -> list[Finding]:
    out = []
    for err in validator.iter_errors(node):
        cause = _best_cause(err)
        message, pointer = _message(cause, data, base, node)
        out.append(Finding(message, pointer, "structure",
                           owner if owner is not None else _path_pointer(data, base, node, err.instance_path)))
    return out


# ------------------------------------------------------------------------------------------- keyword checks
class _Keywords:
    """openapi-spec-validator's keyword validators, on plain data (``$ref``s followed to where the text lives)."""

    def __init__(self, data: dict[str, Any], version: str):
        self.data = data
        self.version = version
        self.found: list[Finding] = []
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self.operation_ids: set[Any] = set()
        dialect = data.get("jsonSchemaDialect", OAS31_DIALECT)
        self.dialect = dialect if isinstance(dialect, str) else OAS31_DIALECT
        self._value_resolver: Any = None

    def add(self, message: str, pointer: str, rule: str = "structure", owner: str | None = None) -> None:
        self.found.append(Finding(message, pointer, rule, pointer if owner is None else owner))

    def resolve(self, node: Any, at: str) -> tuple[Any, str]:
        target, where = follow_refs(self.data, node, at)
        return target, (where if where is not None else at)

    # -- the document --------------------------------------------------------------------------------------
    def run(self) -> None:
        data = self.data
        tags = data.get("tags")
        if isinstance(tags, list):
            seen: set[Any] = set()
            for i, tag in enumerate(tags):
                tag, at = self.resolve(tag, f"/tags/{i}")
                name = tag.get("name") if isinstance(tag, dict) else None
                if name in seen:
                    self.add(f"Duplicate tag name {name!r}", at + "/name", owner="/tags")
                seen.add(name)
        paths = data.get("paths")
        if isinstance(paths, dict):
            for url, item in paths.items():
                item, at = self.resolve(item, "/paths/" + jp.escape(str(url)))
                if isinstance(item, dict):
                    self.path_item(str(url), item, at)
        comps = data.get("components")
        if isinstance(comps, dict) and isinstance(comps.get("schemas"), dict):
            for name, schema in comps["schemas"].items():
                self.schema(schema, "/components/schemas/" + jp.escape(str(name)))

    def path_item(self, url: str, item: dict[str, Any], at: str) -> None:
        params = item.get("parameters")
        params_at = at + "/parameters"
        if params is not None:
            self.parameters(params, params_at)
        for method, op in item.items():
            if method in OPERATIONS:
                op, op_at = self.resolve(op, f"{at}/{method}")
                if isinstance(op, dict):
                    self.operation(url, method, op, op_at, params if params is not None else None, params_at)

    def operation(self, url: str, method: str, op: dict[str, Any], at: str, path_params: Any, path_params_at: str) -> None:
        if "operationId" in op:
            op_id = op["operationId"]
            if op_id is not None and _hashable(op_id) in self.operation_ids:
                self.add(f"Operation ID {op_id!r} for {method!r} in {url!r} is not unique", at + "/operationId",
                         "duplicate-operation-id", owner=at)
            self.operation_ids.add(_hashable(op_id))
        responses, r_at = self.resolve(op.get("responses"), at + "/responses")
        if isinstance(responses, dict):
            for code, resp in responses.items():
                resp, resp_at = self.resolve(resp, f"{r_at}/{jp.escape(str(code))}")
                if isinstance(resp, dict) and "content" in resp:
                    self.content(resp["content"], resp_at + "/content")
        names: dict[str, str] = {}  # declared path parameter -> its pointer
        if "parameters" in op:
            self.parameters(op["parameters"], at + "/parameters")
            names.update(self.path_param_names(op["parameters"], at + "/parameters"))
        if path_params is not None:
            for name, where in self.path_param_names(path_params, path_params_at).items():
                names.setdefault(name, where)
        in_url = {p for _, p, _, _ in string.Formatter().parse(url) if p} if _formattable(url) else set()
        for name in sorted(in_url):
            if name not in names:
                self.add(f"Path parameter {name!r} for {method!r} operation in {url!r} was not resolved", at,
                         "unresolvable-parameter")
        for name in sorted(names):
            if name not in in_url:
                self.add(f"Path parameter {name!r} for {method!r} operation in {url!r} was not resolved",
                         names[name], "unresolvable-parameter", owner=at)

    def path_param_names(self, params: Any, at: str) -> dict[str, str]:
        out: dict[str, str] = {}
        params, at = self.resolve(params, at)
        for i, p in enumerate(params if isinstance(params, list) else []):
            p, p_at = self.resolve(p, f"{at}/{i}")
            if isinstance(p, dict) and p.get("in") == "path" and isinstance(p.get("name"), str):
                out.setdefault(p["name"], p_at)
        return out

    def parameters(self, params: Any, at: str) -> None:
        params, at = self.resolve(params, at)
        if not isinstance(params, list):
            return
        seen: set[tuple[Any, Any]] = set()
        for i, p in enumerate(params):
            p, p_at = self.resolve(p, f"{at}/{i}")
            if not isinstance(p, dict):
                continue
            if "schema" in p:
                self.schema(p["schema"], p_at + "/schema")
            key = (_hashable(p.get("name")), _hashable(p.get("in")))
            if key in seen:
                self.add(f"Duplicate parameter {p.get('name')!r}", p_at, "parameter-duplicate", owner=at)
            seen.add(key)

    def content(self, content: Any, at: str) -> None:
        content, at = self.resolve(content, at)
        if not isinstance(content, dict):
            return
        for mime, media in content.items():
            media, m_at = self.resolve(media, f"{at}/{jp.escape(str(mime))}")
            if isinstance(media, dict) and "schema" in media:
                self.schema(media["schema"], m_at + "/schema")

    # -- Schema Objects ------------------------------------------------------------------------------------
    def schema(self, node: Any, at: str, require_properties: bool = True, meta_checked: bool = False) -> None:
        node, at = self.resolve(node, at)
        if node is None:
            return  # a dangling ref: the loader reports it
        if not isinstance(node, (dict, bool)):
            self.add(f"{node!r} is not of type 'object', 'boolean'", at)
            return
        sid = id(node)
        if not meta_checked and sid not in self.meta_checked:
            self.meta_checked.add(sid)
            if self.meta_check(node, at):
                return  # like openapi-spec-validator: an invalid schema is not walked further
        if sid in self.visited or not isinstance(node, dict):
            return
        self.visited.add(sid)
        nested: set[str] = set()
        for key in ("allOf", "anyOf", "oneOf"):
            branches = node.get(key)
            if isinstance(branches, list):
                for i, sub in enumerate(branches):
                    self.schema(sub, f"{at}/{key}/{i}", False, True)
                    if key == "allOf":
                        nested |= self.collect_properties(sub)
        for key in ("not", "items"):
            if key in node:
                self.schema(node[key], f"{at}/{key}", False, True)
        props = node.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                self.schema(sub, f"{at}/properties/{jp.escape(str(name))}", False, True)
        if "allOf" in node and require_properties:
            required = node.get("required") or []
            declared = set(props) if isinstance(props, dict) else set()
            extra = [r for r in (required if isinstance(required, list) else []) if _hashable(r) not in declared
                     and _hashable(r) not in nested]
            if extra:
                self.add(f"Required list has not defined properties: {extra}", at + "/required", "extra-parameters",
                         owner=at)
        if "default" in node:
            value = node["default"]
            if value is not None or node.get("nullable") is not True:
                self.check_default(node, at, value)

    def collect_properties(self, node: Any, depth: int = 0) -> set[str]:
        node, _ = self.resolve(node, "")
        if not isinstance(node, dict) or depth > 64:
            return set()
        props = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
        for key in ("allOf", "anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                for sub in node[key]:
                    props |= self.collect_properties(sub, depth + 1)
        for key in ("items", "not"):
            if key in node:
                props |= self.collect_properties(node[key], depth + 1)
        return props

    def meta_check(self, node: Any, at: str) -> bool:
        """Check a Schema Object against its dialect's meta-schema; True when it failed (reported)."""
        dialect = self.dialect
        if self.version == "3.1" and isinstance(node, dict) and "$schema" in node:
            if not isinstance(node["$schema"], str):
                self.add(f"Unknown JSON Schema dialect: {node['$schema']!r}", at + "/$schema", owner=at)
                return True
            dialect = node["$schema"]
        validator = schema_meta_validator(self.version, dialect)
        if validator is None:
            self.add(f"Unknown JSON Schema dialect: {dialect!r}", at, owner=at)
            return True
        if validator.is_valid(node):
            return False
        self.found.extend(_rs_findings(validator, self.data, node, at, owner=at))
        return True

    def check_default(self, schema: dict[str, Any], at: str, value: Any) -> None:
        """``default`` against its schema, with openapi-schema-validator's OAS validator (defaults are few and
        small, and this keeps the OpenAPI-specific semantics: ``nullable``, formats, ``$ref`` siblings).
        A default that :func:`_plainly_valid` accepts needs no validator: importing one was half of linting a
        small spec."""
        if _plainly_valid(schema, value):
            return
        from openapi_schema_validator import OAS30Validator, OAS31Validator
        from openapi_schema_validator._format import oas30_format_checker, oas31_format_checker
        cls, formats = (OAS30Validator, oas30_format_checker) if self.version == "3.0" else \
            (OAS31Validator, oas31_format_checker)
        try:
            validator = cls(schema, _resolver=self.value_resolver(), format_checker=formats)
            errors = list(validator.iter_errors(value))
        except Exception as e:  # noqa: BLE001 - an unresolvable ref or a bad regex inside the schema
            self.add(f"cannot check the default value: {type(e).__name__}: {e}", at + "/default", owner=at)
            return
        for err in errors:
            self.add(f"default value: {err.message}", _path_pointer(self.data, at + "/default", value, err.absolute_path), owner=at)

    def value_resolver(self) -> Any:
        """A resolver that finds ``#/...`` refs in this document (openapi-spec-validator roots it the same way)."""
        if self._value_resolver is None:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT4, DRAFT202012
            spec = DRAFT4 if self.version == "3.0" else DRAFT202012
            registry: Any = Registry().with_resource("urn:gateway-docs:spec",
                                                     Resource.from_contents(self.data, default_specification=spec))
            self._value_resolver = registry.resolver(base_uri="urn:gateway-docs:spec")
        return self._value_resolver


#: Keywords :func:`_plainly_valid` checks itself, and those that do not constrain a value.
_PLAIN_KEYWORDS = frozenset({"type", "enum", "minimum", "maximum", "default", "description", "title", "example",
                             "examples", "deprecated", "readOnly", "writeOnly", "nullable"})
_EMPTY_OK = frozenset({"items", "properties", "additionalProperties"})
_PLAIN_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "number": (int, float),
                                             "boolean": (bool,), "array": (list,), "object": (dict,)}


def _plainly_valid(schema: dict[str, Any], value: Any) -> bool:
    """True only when ``value`` obviously meets ``schema``: a single ``type`` plus at most ``enum``, ``minimum``
    and ``maximum``, and a value of that type that is not a bool standing in for a number (JSON Schema tells them
    apart). Anything else (``format``, ``$ref``, combinators, null, a failure) is left to the real validator."""
    empty = value == [] or value == {}  # meets any `items`, `properties` or `additionalProperties`
    if not all(k in _PLAIN_KEYWORDS or k.startswith("x-") or (empty and k in _EMPTY_OK) for k in schema):
        return False
    kind = schema.get("type")
    if not isinstance(kind, str) or kind not in _PLAIN_TYPES or value is None:
        return False
    if isinstance(value, bool) != (kind == "boolean") or not isinstance(value, _PLAIN_TYPES[kind]):
        return False
    enum = schema.get("enum")
    if enum is not None and not (isinstance(enum, list) and any(type(e) is type(value) and e == value for e in enum)):
        return False
    for bound in ("minimum", "maximum"):
        if bound in schema:
            b = schema[bound]
            if isinstance(b, bool) or not isinstance(b, (int, float)) or not isinstance(value, (int, float)):
                return False
            if (value < b) if bound == "minimum" else (value > b):
                return False
    return True


def _hashable(value: Any) -> Any:
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def _formattable(url: str) -> bool:
    try:
        list(string.Formatter().parse(url))
        return True
    except ValueError:
        return False


def check(spec: Any, merge: bool = True) -> list[Finding]:
    """Every structural problem of a loaded spec, one per distinct (message, node), in document order of checks.
    ``merge=False`` keeps every check's findings (to compare the blamed nodes with openapi-spec-validator's)."""
    from .validate import detect_version

    version = detect_version(spec)
    data = spec.data
    found = _rs_findings(document_validator(version), data, data, "")
    keywords = _Keywords(data, version)
    try:
        keywords.run()
    except RecursionError:  # pragma: no cover - a pathological nesting; what was found so far still counts
        pass
    # The meta-schema already said what is wrong at a node: the keyword check's wording of it adds nothing.
    at_meta = {f.pointer for f in found} if merge else set()
    found.extend(f for f in keywords.found if f.pointer not in at_meta)
    unique: dict[tuple[str, str], Finding] = {}
    for f in found:  # a node reached twice (a shared schema) is one problem
        unique.setdefault((f.message, f.pointer), f)
    return list(unique.values())
