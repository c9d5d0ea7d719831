"""The try-it console of an operation page: what the partial ``partials/try_it.md.j2`` shows, and the JSON file the
browser script (docs/assets/try-it/try-it.js) loads: method, path, base URLs, example bodies and the request
schema as JSON Schema 2020-12 (the same conversion the mock validates requests with, so the console rejects what the
gateway would reject, before sending)."""
from __future__ import annotations

import html
import json
from typing import Any

from ..core import pointer as jp
from ..core.http import iter_operations
from ..core.oas_schema import SchemaConverter, request_schema_pointer
from ..core.media_examples import media_examples
from ..core.slugs import operation_slugs

#: `make serve` starts the mock here (Makefile); the console offers it next to the spec's servers.
LOCAL_MOCK_URL = "http://127.0.0.1:8080"
#: where the plugin writes each operation's console data, relative to the site root
DATA_DIR = "assets/try-it/operations"


def console_data(spec: dict[str, Any], slug: str) -> dict[str, Any] | None:
    """Everything the console needs for the operation whose page is ``slug``; None for an unknown slug."""
    slugs = operation_slugs(spec)
    ref = next((r for r in iter_operations(spec) if slugs.get((r.method, r.path)) == slug), None)
    return None if ref is None else _console_data(spec, ref)


def all_console_data(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """:func:`console_data` of every operation, by slug (one pass: a spec with 500 operations)."""
    slugs = operation_slugs(spec)
    return {slugs[(r.method, r.path)]: _console_data(spec, r) for r in iter_operations(spec)
            if (r.method, r.path) in slugs}


def _console_data(spec: dict[str, Any], ref: Any) -> dict[str, Any]:
    servers = _servers(spec, ref.op, ref.path_item)
    ptr = request_schema_pointer(spec, ref.pointer)
    examples = media_examples(spec, ref.op.get("requestBody"))
    return {
        "method": ref.method.upper(), "path": ref.path, "servers": servers,
        "examples": examples,
        # a fresh converter per operation: its $defs hold only the schemas this request reaches
        "schema": SchemaConverter(spec).json_schema(ptr) if ptr else None,
    }


def console_context(spec: dict[str, Any], op_pointer: str, slug: str, method: str, path: str) -> dict[str, Any]:
    """The template's view (cheap: no schema conversion; the browser loads that from ``data_url``). The first
    example body is pretty-printed and HTML-escaped, so the editor is filled even before the script runs."""
    op = jp.get(spec, op_pointer, {})
    path_item = jp.get(spec, jp.parent(op_pointer), {})
    examples = media_examples(spec, op.get("requestBody") if isinstance(op, dict) else None)
    body = json.dumps(examples[0]["value"], indent=2, ensure_ascii=False) if examples else ""
    return {"slug": slug, "data_url": f"{DATA_DIR}/{slug}.json", "method": method.upper(), "path": path,
            "has_body": request_schema_pointer(spec, op_pointer) is not None, "body_html": html.escape(body),
            "examples": [{"name": html.escape(e["name"]), "label": html.escape(e["label"])} for e in examples],
            "servers": [{"url": html.escape(s["url"]), "label": html.escape(s["label"])}
                        for s in _servers(spec, op, path_item)]}


def _servers(spec: dict[str, Any], op: Any, path_item: Any) -> list[dict[str, str]]:
    """The operation's servers (else the path's, else the document's), then the local mock."""
    found = ((op.get("servers") if isinstance(op, dict) else None)
             or (path_item.get("servers") if isinstance(path_item, dict) else None) or spec.get("servers"))
    out = [{"url": str(s["url"]).rstrip("/"), "label": str(s.get("description") or s["url"]).rstrip(".")}
           for s in found or [] if isinstance(s, dict) and isinstance(s.get("url"), str)]
    return [*out, {"url": LOCAL_MOCK_URL, "label": "local mock gateway (make serve)"}]
