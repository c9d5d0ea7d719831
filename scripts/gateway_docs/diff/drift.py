"""``gateway-docs drift [OPENAI_SPEC]``: where the contract and OpenAI's API differ, and the compatibility page.

OpenAI's spec plays the part of the *old* version and ours the *new* one, with OpenAI's operations mapped onto ours
by operationId (``createChatCompletion``, ``createResponse``, ``listModels``), then the diff engine classifies every
difference in request and response fields, enum values and stream event types: a request field OpenAI accepts and
we lack is ``request-property-removed`` (breaking: a client written for OpenAI gets a 400), a response field we never
send is ``response-property-removed``, a field only we have is ``*-added`` (safe). Differences we intend (fields the
gateway does not support yet) are listed with a reason in ``specs/openai-drift.yaml`` (the accepted-changes format);
anything else is unintended and exits 1.

It also writes ``docs/openai-compatibility.md``: per operation, every top-level request and response field and
every stream event, as *supported*, *accepted and ignored* (in the contract with ``x-gateway-support: ignored``),
*not supported* (OpenAI only) or *gateway extension* (ours only), then every remaining difference.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import pointer as jp
from ..core.diagnostics import SpecError, UsageError
from ..core.files import sync_generated
from ..core.http import iter_operations
from ..load import load_spec
from ..load.spec import Spec
from ..render.escape import md_inline
from .accepted import apply_accepted, load_accepted
from .compare import Change, Differ
from .normalize import normalise, variant_key
from .report import FORMATTERS, Report

DEFAULT_OPENAI = "specs/vendor/openai/openapi.yaml"
DEFAULT_SPEC = "specs/src"
DEFAULT_INTENDED = "specs/openai-drift.yaml"
DEFAULT_PAGE = "docs/openai-compatibility.md"

#: What drift is about: fields, enum values, types and events. Operation metadata (servers, security, status codes,
#: headers, docs, defaults) legitimately differs between a gateway and OpenAI and is left to `diff`.
_DRIFT_PREFIXES = ("request-property", "request-required-property", "request-enum", "request-type",
                   "request-nullable", "request-union", "request-additional-properties", "request-bound",
                   "response-property", "response-optional-property", "response-enum", "response-type",
                   "response-became-nullable", "response-nullable", "response-union", "response-bound", "stream-event")

#: The diff's words are about versions; in drift OLD is OpenAI and NEW is the gateway.
_WORDING = [
    ("; requests that send it are now rejected (no other fields are allowed)",
     " is accepted by OpenAI but not by the gateway: requests that send it get 400"),
    ("; it is now ignored", " is accepted by OpenAI but not described by the gateway"),
    ("` was removed", "` is in OpenAI's API but not in the gateway's"),
    (" was removed", " is in OpenAI's API but not in the gateway's"),
    ("new request field", "gateway-only request field"), ("new response field", "gateway-only response field"),
    (": new variant", ": gateway-only variant"), (": new event", ": gateway-only event"),
    (" is now required", " is required by the gateway, optional in OpenAI's API"),
    (" is now optional", " is optional in the gateway, required in OpenAI's API"),
    (" -> ", " (OpenAI) -> "),
]


def _reword(message: str) -> str:
    for old, new in _WORDING:
        message = message.replace(old, new)
    return message


def _operations(spec: Spec) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {op.op["operationId"]: (op.path, op.method, op.op) for op in iter_operations(spec.data)
            if isinstance(op.op.get("operationId"), str)}


def openai_as_ours(openai: Spec, ours: Spec) -> Spec:
    """OpenAI's spec with its operations moved to our paths (same operationId), so the diff pairs them; positions
    still point into OpenAI's file. Operations we do not serve are dropped."""
    theirs = _operations(openai)
    paths: dict[str, dict[str, Any]] = {}
    origins = dict(openai.origins)
    for op_id, (path, method, _) in _operations(ours).items():
        if op_id in theirs:
            tpath, tmethod, top = theirs[op_id]
            paths.setdefault(path, {})[method] = top
            origins[jp.join(["paths", path, method])] = (openai.root_document, jp.join(["paths", tpath, tmethod]))
    data = {**openai.data, "paths": paths, "servers": ours.data.get("servers"),
            "security": ours.data.get("security")}
    return Spec(openai.source, data, openai.documents, origins)


def drift(openai: Spec, ours: Spec) -> list[Change]:
    changes = [c for c in Differ(openai_as_ours(openai, ours), ours).run() if c.rule.startswith(_DRIFT_PREFIXES)]
    for c in changes:
        c.message = _reword(c.message)
    return changes


# -- the compatibility page ------------------------------------------------------------------------------------
@dataclass
class Row:
    name: str
    status: str
    note: str = ""


def _body_schema(data: Any, op: dict[str, Any], at: str, media: str, response: bool) -> tuple[Any, str] | None:
    if response:
        holder = (op.get("responses") or {}).get("200") or {}
        at = f"{at}/responses/200"
    else:
        holder = op.get("requestBody") or {}
        at = f"{at}/requestBody"
    holder = Spec("", data).resolve(holder) or {}
    schema = ((holder.get("content") or {}).get(media) or {}).get("schema")
    return (schema, jp.join([*jp.split(at), "content", media, "schema"])) if schema is not None else None


def _fields(spec: Spec, op: dict[str, Any], at: str, response: bool) -> dict[str, Any]:
    found = _body_schema(spec.data, op, at, "application/json", response)
    if found is None:
        return {}
    n = normalise(spec.data, *found)
    return {name: spec.resolve(raw) or {} for name, (_, raw) in n.props.items()}


def _events(spec: Spec, op: dict[str, Any], at: str) -> set[str]:
    found = _body_schema(spec.data, op, at, "text/event-stream", True)
    if found is None:
        return set()
    n = normalise(spec.data, *found)
    return {variant_key(spec.data, p, raw) for p, raw in (n.variants or [])}


def _rows(theirs: dict[str, Any], ours: dict[str, Any], request: bool = False) -> list[Row]:
    rows = []
    for name in sorted(theirs.keys() | ours.keys()):
        mine = ours.get(name)
        if mine is None:
            rows.append(Row(name, "not supported", "a client that sends it gets 400" if request else ""))
        elif name not in theirs:
            rows.append(Row(name, "gateway extension"))
        elif mine.get("x-gateway-support") == "ignored":
            rows.append(Row(name, "accepted and ignored"))
        else:
            rows.append(Row(name, "supported"))
    return rows


def _table(title: str, rows: list[Row], field_word: str) -> list[str]:
    if not rows:
        return []
    out = [f"### {title}", "", f"| {field_word} | status |", "| --- | --- |"]
    out += [f"| `{r.name}` | {r.status}{' (' + r.note + ')' if r.note else ''} |" for r in rows]
    return out + [""]


def render_page(openai: Spec, ours: Spec, report: Report) -> str:
    theirs = _operations(openai)
    version = (openai.data.get("info") or {}).get("version", "?")
    out = ["# OpenAI compatibility", "",
           f"How the gateway's contract compares with OpenAI's API (OpenAI spec version {version}, vendored in "
           f"`{DEFAULT_OPENAI}`), per field. *Supported*: in both, the gateway acts on it. *Accepted and ignored*: "
           "the gateway accepts it (no 400) but does not act on it. *Not supported*: only in OpenAI's API. "
           "*Gateway extension*: only in the gateway.", "",
           "*This page is generated by `gateway-docs drift`; the test suite checks it is current.*", ""]
    for op_id, (path, method, op) in _operations(ours).items():
        if op_id not in theirs:
            continue
        tpath, tmethod, top = theirs[op_id]
        at, tat = jp.join(["paths", path, method]), jp.join(["paths", tpath, tmethod])
        out += [f"## {method.upper()} {path}", "", f"OpenAI: `{tmethod.upper()} {tpath}` (`{op_id}`).", ""]
        out += _table("Request fields", _rows(_fields(openai, top, tat, False), _fields(ours, op, at, False), True),
                      "field")
        out += _table("Response fields", _rows(_fields(openai, top, tat, True), _fields(ours, op, at, True)),
                      "field")
        ev_theirs, ev_ours = _events(openai, top, tat), _events(ours, op, at)
        out += _table("Stream events", _rows({e: {} for e in ev_theirs}, {e: {} for e in ev_ours}), "event")
    out += ["## Every difference", "",
            f"{report.summary()}. Breaking differences are ones a client written for OpenAI notices; the accepted "
            f"ones are listed with their reason in `{DEFAULT_INTENDED}`.", "",
            "| class | rule | difference | reason |", "| --- | --- | --- | --- |"]
    for c in report.changes:
        klass = "accepted" if c.accepted else c.severity
        out.append(f"| {klass} | `{c.rule}` | {md_inline(c.message)} | {md_inline(c.accepted)} |")
    return "\n".join(out) + "\n"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("openai", nargs="?", default=DEFAULT_OPENAI,
                        help=f"OpenAI's OpenAPI spec (default: the vendored {DEFAULT_OPENAI})")
    parser.add_argument("--spec", default=DEFAULT_SPEC, help=f"our contract (default: {DEFAULT_SPEC})")
    parser.add_argument("--format", choices=tuple(FORMATTERS), default="text")
    parser.add_argument("--intended", default=DEFAULT_INTENDED,
                        help=f"differences we intend, with reasons (default: {DEFAULT_INTENDED})")
    parser.add_argument("--page", default=DEFAULT_PAGE, help=f"compatibility page to write (default: {DEFAULT_PAGE})")
    parser.add_argument("--no-page", action="store_true", help="do not write the compatibility page")
    parser.add_argument("--check", action="store_true", help="exit 1 if the compatibility page is stale; write nothing")


def run(args: argparse.Namespace) -> int:
    """Report where the contract differs from OpenAI's API and write the compatibility page."""
    try:
        openai, ours = load_spec(args.openai), load_spec(args.spec)
    except SpecError as e:
        print(str(e), file=sys.stderr)
        return 2
    changes = drift(openai, ours)
    try:
        unused = apply_accepted(changes, load_accepted(args.intended))
    except UsageError as e:
        print(f"gateway-docs drift: {e}", file=sys.stderr)
        return 2
    report = Report(openai.source, ours.source, changes, unused)
    if args.check or not args.no_page:
        code = sync_generated(Path(args.page), render_page(openai, ours, report), args.check, "gateway-docs drift")
        if code:
            return code
    if not args.check:
        sys.stdout.write(FORMATTERS[args.format](report))
    return 1 if report.failing else 0
