"""The reference pages of one spec: template contexts and Jinja2 rendering (spec in, Markdown out).

``Reference(data).pages()`` lists the pages (cheap: slugs, titles, fingerprints); ``.render(page)`` renders one.
Templates are looked up first in the project's folder (``--templates DIR``, default ``docs/templates/``), then in
the packaged ``gateway_docs/templates/reference/``: a project overrides any template or partial by giving a file
the same name.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from pathlib import Path
from typing import Any, Callable, TypeVar

import jinja2
import jinja2.bccache

from . import escape, splice, try_it
from .html import markdown_html
from ..core import pointer as jp
from ..core.http import join_url
from ..core.numbers import dumps_text
from ..core.slugs import schema_slugs
from ..snippets.include import include_line
from ..snippets.examples import examples
from .model import Fingerprints, Operation, PageInfo, collect_operations, snippets_fingerprint, tag_order
from .schema import DEFAULT_MAX_REF_DEPTH, Row, SchemaRenderer, View, assign_anchors

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "reference"
T = TypeVar("T")
ERROR_STATUS = ("4", "5", "default")
RETRY_STATUS = {"408", "409", "429"}  # and every 5xx: what the OpenAI SDKs retry by default


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, keyed by name and checked against the source's checksum: the MkDocs
    plugin makes a new environment on every `mkdocs serve` rebuild, and compiling the templates again was a
    third of a rebuild's time."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE = MemoryBytecodeCache()


def _environment(templates_dir: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    # Output is Markdown, not HTML: no autoescape; every piece of spec text goes through the escape filters.
    # auto_reload off: one Reference renders from one state of the templates (the plugin makes a new environment
    # per serve rebuild), and checking every template's mtime on every include was 6% of a big render.
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=False, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             bytecode_cache=BYTECODE, auto_reload=False)
    env.filters.update(md_inline=escape.md_inline, md_block=escape.md_block, md_attr=escape.md_attr,
                       code_span=escape.code_span, json_literal=escape.json_literal, html=escape.html_text,
                       md_html=markdown_html, fragment_body=splice.body,
                       text=escape.html_content)
    env.globals.update(code_block=escape.code_block, include_line=include_line, fragment_start=splice.START,
                       fragment_end=splice.END)
    return env


def _templates_hash(templates_dir: Path | None) -> str:
    h = hashlib.sha1()
    for folder in (PACKAGE_TEMPLATES, templates_dir):
        if folder is not None and Path(folder).is_dir():
            for f in sorted(Path(folder).rglob("*")):
                if f.is_file():
                    h.update(str(f.relative_to(folder)).encode() + f.read_bytes())
    return h.hexdigest()


class Reference:
    """All reference pages of a spec. ``data`` is a loaded spec (``Spec.data``): every ``$ref`` internal."""

    def __init__(self, data: dict[str, Any], snippets_dir: Path | str | None = None, templates_dir: Path | str | None = None,
                 max_ref_depth: int = DEFAULT_MAX_REF_DEPTH, row_budget: int = 200,
                 refs: list[tuple[str, Any]] | None = None):
        self.data = data
        self.max_ref_depth = max_ref_depth
        self.snippets_dir = Path(snippets_dir) if snippets_dir else None
        self.templates_dir = Path(templates_dir) if templates_dir else None
        self.env = _environment(self.templates_dir)
        self.operations = collect_operations(data)
        self.by_slug = {op.slug: op for op in self.operations}
        self.schema_pages = schema_slugs(data)
        self.schemas = (data.get("components") or {}).get("schemas") or {}
        # ``refs``: every $ref of ``data`` (Spec.refs), so rendering need not walk a 13 MB spec for them again
        self.renderer = SchemaRenderer(data, self._link_from_schema, max_ref_depth=max_ref_depth,
                                       row_budget=row_budget, refs=refs)
        self._fingerprints = Fingerprints(data)
        self._global = [data.get("servers"), data.get("security"), data.get("info"),
                        (data.get("components") or {}).get("securitySchemes"), _templates_hash(self.templates_dir),
                        max_ref_depth, row_budget]

    # ---------------------------------------------------------------------------------------------- listing
    def tags(self) -> list[str]:
        return tag_order(self.data, self.operations)

    def pages(self, fingerprints: bool = True) -> list[PageInfo]:
        """Every page; ``fingerprints=False`` skips hashing what each page reads (a one-off render needs none)."""
        fp: Any = self._fingerprints.of if fingerprints else _no_fingerprint
        out = [PageInfo("index.md", "index", "index", "API reference",
                        fingerprint=fp(
                            [[o.slug, o.method, o.path, o.title, o.tags, o.op.get("description")]
                             for o in self.operations], list(self.schema_pages.items()), self.data.get("tags"),
                            [[s.get("description"), s.get("title")] if isinstance(s, dict) else None
                             for s in self.schemas.values()],
                            self._global))]
        for op in self.operations:
            out.append(PageInfo(f"{op.slug}.md", "operation", op.slug, op.title, group=op.tags[0],
                                pointer=op.pointer, fingerprint=fp(
                                    op.op, op.path_item.get("parameters"), op.path, op.method, self._global,
                                    snippets_fingerprint(self.snippets_dir, op.slug))))
        for name, slug in self.schema_pages.items():
            pointer = jp.child("/components/schemas", name)
            out.append(PageInfo(f"schemas/{slug}.md", "schema", name, name, group="Schemas", pointer=pointer,
                                fingerprint=fp(self.schemas[name], name, self._global)))
        return out

    def render(self, page: PageInfo, plain: bool = False) -> str:
        # Operation pages expand the components they use (a reader of an operation wants its fields in one place).
        # A schema page shows its own fields and links each nested component to that component's page, as Stripe's
        # object pages do: expanding them again made GitHub's 969 schema pages 18 MB instead of 6. The plain
        # (llms.txt) flavour links them on every page: llms-full.txt then holds each shared schema once.
        self.renderer.max_ref_depth = 0 if plain else self._schema_depth(page.key) if page.kind == "schema" \
            else self.max_ref_depth
        token = escape.PLAIN.set(plain)  # plain output (for LLM tools) turns description HTML into text
        try:
            if page.kind == "operation":
                return self.render_operation(self.by_slug[page.key], plain)
            if page.kind == "schema":
                return self.render_schema(page.key, plain)
            return self.render_index(plain)
        finally:
            escape.PLAIN.reset(token)

    def _schema_depth(self, name: str) -> int:
        """0 for a schema page, but 1 for a union or a list of components (``ChatMessage``: one of six messages):
        the page of a schema with no fields of its own would otherwise be six links."""
        schema = self.deref(self.schemas.get(name))
        return 1 if isinstance(schema, dict) and not schema.get("properties") and (
            "oneOf" in schema or "anyOf" in schema or "items" in schema) else 0

    def render_all(self, plain: bool = False, jobs: int | None = None) -> dict[str, str]:
        return self.render_many(self.pages(fingerprints=False), plain, jobs)

    def render_many(self, pages: list[PageInfo], plain: bool = False, jobs: int | None = None) -> dict[str, str]:
        """{path: Markdown} of ``pages``, in their order (see :meth:`render_shares`)."""
        texts: dict[str, str] = {}
        for share in self.render_shares(pages, list, plain, jobs):
            texts.update(share)
        return {p.path: texts[p.path] for p in pages}

    def render_shares(self, pages: list[PageInfo], consume: Callable[[list[tuple[str, str]]], T], plain: bool = False,
                      jobs: int | None = None) -> list[T]:
        """Render ``pages`` and hand them, as (path, Markdown) pairs, to ``consume`` where they were rendered; its
        results, one per share. A big spec is rendered by ``jobs`` forked processes (default: one per CPU): pages are
        independent, and forking shares the loaded spec and this object's caches without pickling them; ``consume``
        (writing the files, say) runs in each worker, and only its result comes back. The pages go out in runs of
        neighbours (:func:`_shares`), handed to whichever worker is free. Callers with threads running
        (``mkdocs serve``) pass ``jobs=1``."""
        jobs = default_jobs() if jobs is None else jobs
        if jobs <= 1 or len(pages) < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
            return [consume([(p.path, self.render(p, plain)) for p in pages])]
        self.renderer.single_use("")  # a walk of the whole spec: once here, not once per worker
        global _SHARED
        _SHARED = (self, pages, plain, consume)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                return pool.map(_render_share, _shares(pages, jobs * SHARES_PER_JOB), chunksize=1)
        finally:
            _SHARED = None

    # ------------------------------------------------------------------------------------------------ links
    def _link_from_operation(self, name: str) -> str:
        return f"schemas/{self.schema_pages[name]}.md" if name in self.schema_pages else "#"

    def _link_from_schema(self, name: str) -> str:
        return f"{self.schema_pages[name]}.md" if name in self.schema_pages else "#"

    # -------------------------------------------------------------------------------------------- resolving
    def deref(self, node: Any) -> Any:
        return self.renderer.deref(node)[0] if isinstance(node, dict) and "$ref" in node else node

    def _examples(self, media: dict[str, Any], media_type: str) -> list[dict[str, Any]]:
        found = []
        if isinstance(media.get("examples"), dict):
            for name, ex in media["examples"].items():
                ex = self.deref(ex)
                if isinstance(ex, dict) and "value" in ex:
                    found.append({"name": str(name), "label": str(ex.get("summary") or name), "value": ex["value"],
                                  "description": escape.md_block(ex.get("description")) if ex.get("description")
                                  else "", "code": self._example_code(ex["value"], media_type)})
        elif "example" in media:
            found.append({"name": "example", "label": "Example", "description": "", "value": media["example"],
                          "code": self._example_code(media["example"], media_type)})
        return found

    @staticmethod
    def _example_code(value: Any, media_type: str) -> str:
        if isinstance(value, str) and "json" not in media_type:
            return escape.code_block(value, "text")
        return escape.code_block(dumps_text(value, indent=2, ensure_ascii=False), "json")

    def _contents(self, content: Any) -> list[dict[str, Any]]:
        out = []
        for media_type, media in (content or {}).items() if isinstance(content, dict) else []:
            media = self.deref(media) if isinstance(media, dict) else {}
            schema = media.get("schema")
            out.append({"media_type": str(media_type), "stream": str(media_type).startswith("text/event-stream"),
                        "view": self.renderer.root(schema) if isinstance(schema, dict) else None,
                        "examples": self._examples(media, str(media_type))})
        return out

    def _param_rows(self, op: Operation) -> dict[str, list[Any]]:
        params: dict[tuple[Any, ...], dict[str, Any]] = {}
        for raw in list(op.path_item.get("parameters") or []) + list(op.op.get("parameters") or []):
            p = self.deref(raw)
            if isinstance(p, dict) and "name" in p:
                params[(p.get("in"), p["name"])] = p  # operation-level wins over path-level
        groups: dict[str, list[Any]] = {}
        for (where, name), p in params.items():
            schema = p.get("schema")
            if not isinstance(schema, dict) and isinstance(p.get("content"), dict) and p["content"]:
                schema = next(iter(p["content"].values())).get("schema")
            schema = dict(schema) if isinstance(schema, dict) else {}
            if p.get("description"):
                schema = {"allOf": [schema], "description": p["description"]} if "$ref" in schema else {
                    **schema, "description": p["description"]}
            if p.get("deprecated"):
                schema["deprecated"] = True
            row = self.renderer._row(str(name), schema, bool(p.get("required") or where == "path"), (), 0, 0)
            groups.setdefault(str(where or "query"), []).append(row)
        return {k: groups[k] for k in ("path", "query", "header", "cookie") if k in groups}

    def _security(self, op: Operation) -> list[list[dict[str, Any]]] | None:
        requirements = op.op.get("security", self.data.get("security"))
        if not requirements:
            return None
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        out = []
        for req in requirements:
            group = []
            for name, scopes in (req or {}).items():
                s = self.deref(schemes.get(name) or {})
                group.append({"name": str(name), "type": str(s.get("type", "")), "scheme": str(s.get("scheme", "")),
                              "in": str(s.get("in", "")), "param": str(s.get("name", "")),
                              "format": str(s.get("bearerFormat", "")),
                              "description": escape.md_block(s.get("description")) if s.get("description") else "",
                              "scopes": [str(x) for x in scopes or []]})
            out.append(group)
        return out

    # ---------------------------------------------------------------------------------------------- pages
    def operation_context(self, op: Operation, plain: bool = False) -> dict[str, Any]:
        self.renderer.start_page(self._link_from_operation)
        o = op.op
        body = self.deref(o.get("requestBody")) if isinstance(o.get("requestBody"), dict) else None
        taken: set[str] = set()  # anchors used on this page
        parameters = self._param_rows(op)  # parameters, then the request body, then responses get the row budget
        for where, rows in parameters.items():
            assign_anchors(None, f"param-{where}", taken, rows)
        request_body: dict[str, Any] | None = None if body is None else {
            "required": bool(body.get("required")),
            "description": escape.md_block(body.get("description")) if body.get("description") else "",
            "contents": self._contents(body.get("content"))}
        for c in request_body["contents"] if request_body else []:
            assign_anchors(c["view"], "req", taken)
        responses = []
        for status, resp in (o.get("responses") or {}).items():
            resp = self.deref(resp) if isinstance(resp, dict) else {}
            headers = []
            for hname, h in (resp.get("headers") or {}).items():
                h = self.deref(h) if isinstance(h, dict) else {}
                schema = dict(h.get("schema") or {}) if isinstance(h.get("schema"), dict) else {}
                if h.get("description"):
                    schema = {**schema, "description": h["description"]} if "$ref" not in schema else {
                        "allOf": [schema], "description": h["description"]}
                headers.append(self.renderer._row(str(hname), schema, bool(h.get("required")), (), 0, 0))
            contents = self._contents(resp.get("content"))
            error = str(status).startswith(ERROR_STATUS)
            responses.append({"status": str(status), "description": escape.md_block(resp.get("description")),
                              "headers": headers, "contents": contents, "error": error,
                              **(self._error_facts(str(status), headers, contents) if error else {})})
        for r in responses:
            prefix = f"err-{r['status']}" if r["error"] else "res"
            for c in r["contents"]:
                assign_anchors(c["view"], "evt" if c["stream"] else prefix, taken)
        servers = [str(s.get("url")) for s in (o.get("servers") or op.path_item.get("servers")
                                               or self.data.get("servers") or []) if isinstance(s, dict)]
        return {
            "plain": plain, "slug": op.slug, "method": op.method.upper(), "path": op.path, "title": op.title,
            "summary": o.get("summary") or "", "operation_id": o.get("operationId") or "",
            "description": escape.md_block(o.get("description")) if o.get("description") else "",
            "deprecated": bool(o.get("deprecated")), "tags": op.tags, "servers": servers,
            "url": join_url(servers[0] if servers else "", op.path),
            "security": self._security(op), "parameters": parameters,
            "request_body": request_body,
            "responses": [r for r in responses if not r["error"]],
            "errors": [r for r in responses if r["error"]],
            "streams": [(r, c) for r in responses if not r["error"] for c in r["contents"] if c["stream"]],
            "snippets": examples(self.snippets_dir, op.slug),
            "try_it": try_it.console_context(self.data, op.pointer, op.slug, op.method, op.path),
        }

    @staticmethod
    def _error_facts(status: str, headers: list[Row], contents: list[dict[str, Any]]) -> dict[str, Any]:
        """What the errors table shows: the gateway's ``error.type``/``code`` (from the example), when to retry,
        and the body schema."""
        first = next((c for c in contents if c["examples"]), None)
        value = first["examples"][0].get("value") if first else None
        err = value.get("error") if isinstance(value, dict) else None
        err = err if isinstance(err, dict) else {}
        retry = status in RETRY_STATUS or status.startswith("5")
        waits = any(h.name.startswith("retry-after") for h in headers)
        view = next((c["view"] for c in contents if c["view"] is not None), None)
        return {"error_type": str(err.get("type") or ""), "error_code": str(err.get("code") or ""),
                "retry": ("Yes, after `retry-after-ms` / `retry-after`" if waits else "Yes, with backoff")
                if retry else "No: fix the request",
                "body": view.type if view is not None and view.kind == "link" else
                (f"[{escape.md_inline(view.ref)}]({view.link})" if view is not None and view.ref else "")}

    def render_operation(self, op: Operation, plain: bool = False) -> str:
        return self.env.get_template("operation.md.j2").render(self.operation_context(op, plain))

    def render_schema(self, name: str, plain: bool = False) -> str:
        self.renderer.start_page(self._link_from_schema)
        schema = self.schemas[name]
        view: View = self.renderer.root({"$ref": "#" + jp.child("/components/schemas", name)})
        assign_anchors(view, "field", set())
        return self.env.get_template("schema.md.j2").render(
            plain=plain, name=name, view=view, schema_title=schema.get("title") if isinstance(schema, dict) else None)

    def render_index(self, plain: bool = False) -> str:
        groups = []
        for tag in self.tags():
            ops = [{"title": op.title, "slug": op.slug, "method": op.method, "path": op.path,
                    "blurb": _first_sentence(op.op.get("description"))}
                   for op in self.operations if op.tags[0] == tag]
            info = next((t for t in self.data.get("tags") or [] if isinstance(t, dict) and t.get("name") == tag), {})
            groups.append({"name": tag, "description": escape.md_block(info.get("description"))
                           if info.get("description") else "", "operations": ops})
        schemas = []
        for name, slug in self.schema_pages.items():
            schema = self.schemas.get(name)
            schemas.append({"name": name, "slug": slug, "blurb": _first_sentence(
                schema.get("description") or schema.get("title") if isinstance(schema, dict) else None)})
        info = self.data.get("info") or {}
        return self.env.get_template("index.md.j2").render(
            plain=plain, groups=groups, schemas=schemas,
            title=str(info.get("title") or "API reference"),
            description=escape.md_block(info.get("description")) if info.get("description") else "",
            servers=[str(s.get("url")) for s in self.data.get("servers") or [] if isinstance(s, dict)])


#: Below this many pages, forking workers costs more than it saves.
PARALLEL_MIN_PAGES = 200
#: Runs of pages per worker (see _shares).
SHARES_PER_JOB = 8
_SHARED: tuple[Reference, list[PageInfo], bool, Callable[[list[tuple[str, str]]], Any]] | None = None  # see render_shares


def default_jobs() -> int:
    """Worker processes for a big render: ``GATEWAY_DOCS_JOBS``, else the CPUs this process may use."""
    env = os.environ.get("GATEWAY_DOCS_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _shares(pages: list[PageInfo], n: int) -> list[list[int]]:
    """``pages`` cut into ``n`` runs of neighbours (as page indexes). Neighbours (sorted paths, schemas in document
    order) read the same components, so a worker's memos of them pay off more often than with every n-th page; and
    with several runs per worker, handed out as workers free up, a run of heavy pages does not leave one waiting."""
    size = -(-len(pages) // n)
    return [list(range(k, min(k + size, len(pages)))) for k in range(0, len(pages), size)]


def _render_share(share: list[int]) -> Any:
    assert _SHARED is not None, "render_shares sets the job before forking"
    # A worker lives for one share: the cyclic collector would only walk the spec it inherited (copying its pages
    # of memory as it goes) to find cycles that rendering does not make.
    gc.disable()
    reference, pages, plain, consume = _SHARED
    return consume([(pages[i].path, reference.render(pages[i], plain)) for i in share])


def _no_fingerprint(*_: Any) -> str:
    return ""


def _first_sentence(text: Any, limit: int = 160) -> str:
    """The first sentence of a description, for one table cell (escaped Markdown)."""
    if not isinstance(text, str) or not text.strip():
        return ""
    first = " ".join(text.split())
    cut = first.find(". ")
    if 0 < cut < limit:
        first = first[:cut + 1]
    elif len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + "…"
    return escape.md_inline(first)
