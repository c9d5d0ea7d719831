"""Stage 2: structural validation (OpenAPI 3.0 and 3.1), reported with file:line:col.

``gateway-docs validate [SPEC]`` loads the spec (syntax and ``$ref`` errors come from :mod:`gateway_docs.load`),
then runs the structural engine (:mod:`gateway_docs.structure`: openapi-spec-validator's checks, done with
jsonschema-rs) and reports each problem at the node it is about. Lint's ``struct`` rule runs the same engine.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Iterable, TextIO

from .core.diagnostics import Problem, SpecError
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


def meta_validator(version: str) -> Any:
    """The compiled (jsonschema-rs) OpenAPI meta-schema of a version: a millisecond "is it valid?" answer."""
    from .structure import document_validator
    return document_validator(version)


def structurally_valid(spec: Spec) -> bool:
    """True when the structural engine finds nothing (False too when the version is not 3.0/3.1). In 3.1 the
    document meta-schema lets any Schema Object through; the engine checks those against their dialect too."""
    from .structure import check
    try:
        return not check(spec)
    except SpecError:
        return False


def iter_problems(spec: Spec) -> Iterable[Problem]:
    """Structural problems of an already loaded spec (empty when it is valid), each at the node it is about."""
    from .structure import check

    found = check(spec)
    located = spec.locate_many(f.pointer for f in found)
    for f in found:
        yield Problem(message=f.message, location=located[f.pointer], pointer=f.pointer, rule=f.rule)


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


def print_problems(problems: list[Problem], fmt: str, out: TextIO | None = None, ok_message: str | None = None) -> None:
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
