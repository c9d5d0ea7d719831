"""Stage 2: structural validation with openapi-spec-validator (OpenAPI 3.0 and 3.1), reported with file:line:col.

``gateway-docs validate [SPEC]`` loads the spec (syntax and ``$ref`` errors come from :mod:`gateway_docs.load`),
then runs openapi-spec-validator and turns each of its errors into a :class:`Problem` at the exact node. For
``anyOf``/``oneOf`` failures of the OpenAPI meta-schema it digs out the real cause instead of repeating
"is not valid under any of the given schemas".
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, Iterable

from .core import pointer as jp
from .core.diagnostics import Problem, SpecError
from .core.refs import follow_refs
from .core.slugs import schema_slug
from .load import Spec, load_spec

DEFAULT_SPEC = "specs/ai-gateway.openapi.json"


def detect_version(spec: Spec) -> str:
    """'3.0' or '3.1'; a SpecError for anything else."""
    data = spec.data
    raw = data.get("openapi")
    if raw is None:
        if "swagger" in data:
            raise SpecError(spec.problem("Swagger 2.0 is not supported: convert the document to OpenAPI 3", "/swagger"))
        raise SpecError(spec.problem("not an OpenAPI document: the top-level 'openapi' field is missing", ""))
    version = str(raw)
    for prefix in ("3.0", "3.1"):
        if version == prefix or version.startswith(prefix + "."):
            return prefix
    raise SpecError(spec.problem(f"unsupported OpenAPI version {version!r}: expected 3.0.x or 3.1.x", "/openapi"))


_META: dict[str, Any] = {}


def meta_validator(version: str) -> Any:
    """A compiled jsonschema-rs validator for the OpenAPI meta-schema, read from openapi-spec-validator's files
    without importing that package (whose imports cost more than the check)."""
    if version not in _META:
        import importlib.util
        import os

        import jsonschema_rs
        import orjson
        found = importlib.util.find_spec("openapi_spec_validator")
        assert found is not None and found.submodule_search_locations is not None
        base = list(found.submodule_search_locations)[0]
        path = os.path.join(base, "resources", "schemas", "v" + version, "schema.json")
        with open(path, "rb") as fh:
            schema = orjson.loads(fh.read())
        _META[version] = jsonschema_rs.validator_for(schema)
    return _META[version]


def structurally_valid(spec: Spec) -> bool:
    """True when the document passes the OpenAPI meta-schema (False too when its version is not 3.0/3.1)."""
    try:
        return bool(meta_validator(detect_version(spec)).is_valid(spec.data))
    except SpecError:
        return False


_CLASSES: dict[str, tuple[type, type]] = {}


def _validator_classes(version: str) -> tuple[type, type]:
    """(fast validator, detailed validator) for a version.

    The fast one is openapi-spec-validator as shipped (jsonschema-rs backend when installed) and answers "valid?".
    The detailed one re-runs only when something is wrong: the meta-schema through the pure-Python jsonschema
    (whose errors carry anyOf/oneOf context) and keyword validators that remember which node they were checking.
    """
    if version in _CLASSES:
        return _CLASSES[version]
    import jsonschema.validators
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    fast = OpenAPIV30SpecValidator if version == "3.0" else OpenAPIV31SpecValidator
    meta = dict(schema_v30 if version == "3.0" else schema_v31)
    meta_validator = jsonschema.validators.validator_for(meta)(meta)

    def tracking(cls: type) -> type:
        original = cls.__call__

        def __call__(self, *args, **kwargs):
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            for err in original(self, *args, **kwargs):
                if where is not None and getattr(err, "gd_parts", None) is None:
                    err.gd_parts = where.parts
                yield err

        return type(cls.__name__, (cls,), {"__call__": __call__})

    detailed = type("Detailed" + fast.__name__, (fast,), {
        "schema_validator": meta_validator,
        "keyword_validators": {k: tracking(v) for k, v in fast.keyword_validators.items()},
    })
    _CLASSES[version] = (fast, detailed)
    return fast, detailed


def _real_pointer(data: Any, parts: Iterable[Any]) -> str:
    """The pointer of a logical path that may run through $refs (openapi-spec-validator follows them)."""
    node, ptr = data, ""
    for part in parts:
        node, at = follow_refs(data, node, ptr)
        ptr = at if at is not None else ptr
        key = str(part)
        if isinstance(node, dict) and key in node:
            node, ptr = node[key], f"{ptr}/{jp.escape(key)}"
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node, ptr = node[int(key)], f"{ptr}/{key}"
        else:
            break
    return ptr


def _error_depth(err) -> int:
    return len(err.absolute_path)


def _best_cause(err):
    """Descend through anyOf/oneOf contexts to the error that explains the failure.

    The OpenAPI meta-schema says e.g. "a schema is a Reference or a Schema": when both fail, the useful error is
    in the branch that matches what the author wrote ($ref present -> Reference branch, otherwise Schema), and
    within it the deepest one.
    """
    from jsonschema.exceptions import best_match, relevance

    while err.context:
        instance = err.instance
        candidates = list(err.context)
        if isinstance(instance, dict):
            has_ref = "$ref" in instance
            preferred = [c for c in candidates if _mentions_ref(c.schema) == has_ref]
            candidates = preferred or candidates
            # A branch that failed only on a 'required' keyword is usually the wrong branch.
            not_required = [c for c in candidates if c.validator != "required"]
            candidates = not_required or candidates
        deepest = max(_error_depth(c) for c in candidates)
        candidates = [c for c in candidates if _error_depth(c) == deepest]
        err = best_match(candidates, key=relevance)
        if err is None:
            break
    return err


def _mentions_ref(schema: Any) -> bool:
    if isinstance(schema, dict):
        if "$ref" in (schema.get("required") or []):
            return True
        return "$ref" in (schema.get("properties") or {})
    return False


def _message(err) -> tuple[str, list[Any]]:
    """A readable message and the path to point at (the offending key for 'additionalProperties')."""
    path = list(err.absolute_path)
    v = err.validator
    if v == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set((err.schema.get("properties") or {}))
        patterns = list((err.schema.get("patternProperties") or {}))
        extras = [k for k in err.instance if k not in allowed and not any(re.search(p, k) for p in patterns)]
        if extras:
            where = "/".join(str(p) for p in path) or "the top level"
            return f"unexpected field {extras[0]!r} in {where}" + (
                f" (allowed: {', '.join(sorted(allowed))})" if 0 < len(allowed) <= 12 else ""), path + [extras[0]]
    if v == "unevaluatedProperties" and isinstance(err.instance, dict):
        m = re.search(r"\('([^']+)'[^)]*(?:was|were) unexpected\)", err.message)
        if m and m.group(1) in err.instance:
            where = "/".join(str(p) for p in path) or "the top level"
            return f"unexpected field {m.group(1)!r} in {where}", path + [m.group(1)]
    if v == "required":
        return err.message.replace("is a required property", "is required here"), path
    return err.message, path


def _safe_errors(validator) -> Iterable[Any]:
    """openapi-spec-validator's errors. Its keyword validators assume the meta-schema passed and can crash on an
    ill-typed node (e.g. ``responses: "nope"``); the meta-schema errors come first and explain the problem, so
    the walk stops there instead of turning the user's mistake into a traceback."""
    from jsonschema.exceptions import ValidationError

    it = iter(validator.iter_errors())
    produced = False
    while True:
        try:
            err = next(it)
        except StopIteration:
            return
        except Exception as e:  # noqa: BLE001
            if not produced:
                yield ValidationError(f"openapi-spec-validator could not check this document: {type(e).__name__}: {e}")
            return
        produced = True
        yield err


def iter_problems(spec: Spec) -> Iterable[Problem]:
    """Structural problems of an already loaded spec (empty when it is valid)."""
    version = detect_version(spec)
    fast, detailed = _validator_classes(version)
    try:
        if fast(spec.data).is_valid():
            return
    except Exception:  # noqa: BLE001 - its keyword walk can crash on ill-typed nodes; the detailed pass reports them
        pass
    found: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    meta_pointers: set[str] = set()
    for err in _safe_errors(detailed(spec.data)):
        cause = _best_cause(err)
        message, path = _message(cause)
        parts = getattr(err, "gd_parts", None)
        if parts is not None:  # a keyword validator's error: relative to the node it was checking
            path = list(parts) + list(path)
        pointer = _real_pointer(spec.data, path)
        if parts is None:
            meta_pointers.add(pointer)
        elif pointer in meta_pointers:
            continue  # the meta-schema already said what is wrong here
        code = _rule_of(err)
        if (message, pointer) not in seen:
            seen.add((message, pointer))
            found.append((message, pointer, code))
    located = spec.locate_many(p for _, p, _ in found)
    for message, pointer, code in found:
        yield Problem(message=message, location=located[pointer], pointer=pointer, rule=code)


def _rule_of(err: Exception) -> str:
    """The rule id of a validator error: ``structure`` for schema errors, the kebab-case class name for
    openapi-spec-validator's own checks (``DuplicateOperationIDError`` -> ``duplicate-operation-id``)."""
    name = type(err).__name__
    if name in ("ValidationError", "OpenAPIValidationError"):
        return "structure"
    return schema_slug(name.removesuffix("Error"))


def validate_spec(path: str, allow_remote: bool = False) -> tuple[Spec | None, list[Problem]]:
    """Load + validate. Returns (spec or None when it could not be loaded, problems)."""
    try:
        spec = load_spec(path, allow_remote=allow_remote)
    except SpecError as e:
        return None, e.problems
    try:
        return spec, list(iter_problems(spec))
    except SpecError as e:
        return spec, e.problems


def print_problems(problems: list[Problem], fmt: str, out=None, ok_message: str | None = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump({"valid": not problems, "problems": [p.as_dict() for p in problems]}, out, indent=2)
        out.write("\n")
        return
    for p in problems:
        out.write(p.format() + "\n")
    if not problems and ok_message:
        out.write(ok_message + "\n")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="*", default=[DEFAULT_SPEC],
                        help=f"spec file(s) or fragment folder(s) (default: {DEFAULT_SPEC})")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--allow-remote", action="store_true", help="fetch http(s) $ref targets (off by default)")


def run(args: argparse.Namespace) -> int:
    """Validate OpenAPI 3.0/3.1 documents: syntax, $refs, and structure (openapi-spec-validator)."""
    status = 0
    all_problems: list[Problem] = []
    for path in args.spec:
        spec, problems = validate_spec(path, allow_remote=args.allow_remote)
        all_problems.extend(problems)
        if args.format == "text":
            print_problems(problems, "text", ok_message=f"{path}: valid OpenAPI {detect_version(spec)}"
                           if spec is not None and not problems else None)
        if problems:
            status = 1
    if args.format == "json":
        print_problems(all_problems, "json")
    return status
