"""The MkDocs plugin (``plugins: [gateway-docs]``): reference pages from the spec on every build and in ``mkdocs serve``.

- ``on_config`` loads and validates the spec, renders the pages whose inputs changed (a per-page fingerprint of
  the spec nodes it reaches, its snippet folder and the templates), and puts the generated "API reference" section
  (grouped by tag, then schemas) in place of the ``API reference: reference/index.md`` nav entry.
- ``on_files`` adds the pages as in-memory files under ``reference/``: nothing is written into ``docs/``, so there
  is nothing to commit or to go stale (``docs/reference/`` is gitignored; ``gateway-docs reference`` writes there
  only for reading).
- ``on_serve`` watches the spec, the snippets and the templates. A spec that does not validate prints its problems
  (``FILE:LINE:COL: ...``) and the site keeps the last good reference pages; in ``mkdocs build`` it is an error.
- ``on_page_markdown`` lifts each page's HTML fragments (field lists: :mod:`gateway_docs.render.splice`) out of the
  Markdown, and ``on_page_content`` puts them back after Python-Markdown: converting 70,000 fields of a
  Stripe-size spec was most of its build. Material's search reads them as plain text (``_wrap_search_index``).
- ``on_post_build`` writes ``llms.txt``, ``llms-full.txt`` and a Markdown twin of every page.
- Past ``operations_in_nav`` operations the nav holds the reference index only. In ``mkdocs build`` the pages are
  rendered by forked workers (:meth:`Reference.render_many`); ``mkdocs serve`` renders in its own process.
- In ``mkdocs serve`` only: a page whose Markdown (and the snippet files it includes, and the set of pages) did not
  change since the last rebuild is not converted again (:class:`RenderCache`): a spec edit re-converts only the
  pages that read the edited nodes. While the spec does not validate, every page shows a banner with the problems
  (``FILE:LINE:COL: error: ...``) above the last good content.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..core.diagnostics import SpecError
from ..render.escape import html_text
from ..render import splice, try_it
from ..render.pages import BYTECODE, Reference
from ..render.schema import DEFAULT_MAX_REF_DEPTH
from ..snippets.include import paste, references
from . import llms
from .minify import compact_whitespace

#: Set by `mike deploy` for the builds it runs (mike.mkdocs_utils.docs_version_var).
MIKE_VERSION_VAR = "MIKE_DOCS_VERSION"

log = logging.getLogger("mkdocs.plugins.gateway_docs")


class GatewayDocsConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs' Config.__init_subclass__ is untyped
    spec = c.Type(str, default="specs/src")
    snippets = c.Type(str, default="docs/snippets")
    templates = c.Optional(c.Type(str))
    reference_dir = c.Type(str, default="reference")
    nav_title = c.Type(str, default="API reference")
    max_ref_depth = c.Type(int, default=DEFAULT_MAX_REF_DEPTH)
    schemas_in_nav = c.Type(int, default=0)  # schema pages are listed on the reference index
    # Past this many operations the nav holds only the reference index, which lists every operation by tag: Material
    # writes the whole nav into every page, and 500 entries on 1,500 pages took most of a Stripe-size build.
    operations_in_nav = c.Type(int, default=300)
    validate_spec = c.Type(bool, default=True)
    llms_txt = c.Type(bool, default=True)
    # Nav sections for the people who build the site, not API readers: listed in llms.txt, left out of llms-full.txt.
    toolchain_sections = c.Type(list, default=["Toolchain"])
    # Readers' pages too long for llms-full.txt's budget (generated tables): listed under "Optional" in llms.txt.
    llms_optional = c.Type(list, default=[])


@dataclass
class Rendered:
    """What ``Page.render`` computes, kept to restore it without converting the Markdown again."""

    content: str
    toc: Any
    title: str | None
    anchors: Any
    links: Any
    search_text: str | None = None  # the page's HTML as the search index reads it (see GatewayDocsPlugin.search_text)


class RenderCache:
    """Markdown -> HTML results of the last serve rebuild, keyed by the page's Markdown, the snippet files it
    includes, the list of pages (relative links depend on it) and the Markdown extensions' settings."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, Rendered]] = {}
        self.hits = 0

    @staticmethod
    def key(markdown: str, included: list[Path], site_files: str) -> str:
        h = hashlib.sha1(markdown.encode() + b"\0" + site_files.encode())
        for path in included:
            try:
                h.update(str(path).encode() + path.read_bytes())
            except OSError:
                h.update(str(path).encode() + b"\0missing")
        return h.hexdigest()

    def restore(self, page: Any, key: str) -> Rendered | None:
        hit = self.entries.get(page.file.src_uri)
        if hit is None or hit[0] != key:
            return None

        def render(config: Any, files: Any, _r: Rendered = hit[1]) -> None:
            page.content, page.toc, page._title_from_render = _r.content, _r.toc, _r.title
            page.present_anchor_ids, page.links_to_anchors = _r.anchors, _r.links

        page.render = render  # this Page object lives for one build only
        self.hits += 1
        return hit[1]

    def store(self, page: Any, key: str, search_text: str | None) -> None:
        self.entries[page.file.src_uri] = (key, Rendered(page.content, page.toc, page._title_from_render,
                                                         page.present_anchor_ids, page.links_to_anchors,
                                                         search_text))


def error_banner(text: str) -> str:
    return ('<div class="gd-error-banner" role="alert"><strong>gateway-docs: the spec does not validate; these '
            'pages are the last good version.</strong>\n' + html.escape(text) + "</div>")


class GatewayDocsPlugin(BasePlugin[GatewayDocsConfig]):  # type: ignore[no-untyped-call]  # the same, via BasePlugin
    def __init__(self) -> None:
        self.command = "build"
        self.reference: Reference | None = None
        self.pages: list[Any] = []
        self.cache: dict[str, tuple[str, str]] = {}  # path -> (fingerprint, markdown), kept across serve rebuilds
        self.plain_cache: dict[str, tuple[str, str]] = {}
        self.sources: dict[str, str] = {}  # page path -> spec file it comes from (edit links)
        self.last_regenerated: list[str] = []
        self.markdown: dict[str, tuple[str, str]] = {}  # src_uri -> (title, markdown) of hand-written pages
        self.spec_error: str | None = None  # serve: the problems of the last spec edit that did not validate
        self.render_cache = RenderCache()
        self._render_keys: dict[str, str] = {}
        self._site_files = ""
        self.fragments: dict[str, list[str]] = {}  # src_uri -> the HTML fragments lifted out of its Markdown
        self.search_text: dict[str, str] = {}  # page URL -> its HTML with fragments as plain text (search index)

    # -- events ---------------------------------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with it the page cache.
        self.command = command

    def on_config(self, config: Any) -> Any:
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.spec_path = self._abs(self.config.spec)
        self.snippets_dir = self._abs(self.config.snippets)
        templates = self.config.templates or ("docs/templates" if (root / "docs/templates").is_dir() else None)
        self.templates_dir = self._abs(templates) if templates else None
        # Snippet includes resolve against absolute folders, so the build works from any working directory.
        snippets_cfg = config.mdx_configs.get("pymdownx.snippets")
        if isinstance(snippets_cfg, dict) and snippets_cfg.get("base_path"):
            base = snippets_cfg["base_path"]
            snippets_cfg["base_path"] = [str(self._abs(b)) for b in ([base] if isinstance(base, str) else base)]
        # Material's version selector fetches /versions.json, which only a mike deployment has: in a plain build
        # (make docs, mkdocs serve) every page would log a 404, so the selector is on only when mike builds.
        extra = config["extra"]
        version = extra.get("version") if extra else None
        if isinstance(version, dict) and version.get("provider") == "mike" and not os.environ.get(MIKE_VERSION_VAR):
            del extra["version"]
        self._refresh()
        if config.nav is not None:
            config.nav = self._splice_nav(config.nav)
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        prefix = self.config.reference_dir.strip("/") + "/"
        for f in list(files):
            if f.src_uri.startswith(prefix):  # stale copies from `gateway-docs reference`: the spec decides
                files.remove(f)
        for page in self.pages:
            files.append(File.generated(config, prefix + page.path, content=self.cache[page.path][1]))
        if self.reference is not None:  # the try-it console's data: request schema and examples per operation
            for slug, data in try_it.all_console_data(self.reference.data).items():
                files.append(File.generated(config, f"{try_it.DATA_DIR}/{slug}.json",
                                            content=json.dumps(data, ensure_ascii=False)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        self.markdown[page.file.src_uri] = (page.title or "", markdown)
        if self.command == "serve":
            if not self._site_files:  # the pages and the Markdown settings (mkdocs.yml can change while serving)
                self._site_files = hashlib.sha1("\n".join(sorted(f.src_uri for f in files)).encode() + repr(
                    (config.markdown_extensions, config.mdx_configs)).encode()).hexdigest()
            included = [self.snippets_dir / ref for ref in sorted(references(markdown))]
            key = RenderCache.key(markdown, included, self._site_files)
            restored = self.render_cache.restore(page, key)
            if restored is not None:
                if restored.search_text is not None:
                    self.search_text[page.url] = restored.search_text
                return markdown
            self._render_keys[page.file.src_uri] = key
        if splice.START in markdown:
            markdown, self.fragments[page.file.src_uri] = splice.lift(markdown)
        return markdown

    def on_page_content(self, html_text: str, *, page: Any, config: Any, files: Any) -> str:
        fragments = self.fragments.pop(page.file.src_uri, None)
        if fragments:
            light = splice.put_back(html_text, [splice.text_only(f) for f in fragments], lambda _: None)
            html_text = splice.put_back(html_text, fragments, lambda path: self._url(path, page, files))
            self.search_text[page.url] = light
        key = self._render_keys.pop(page.file.src_uri, None)
        if key is not None:
            page.content = html_text
            self.render_cache.store(page, key, self.search_text.get(page.url))
        return html_text

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        source = self.sources.get(page.file.src_uri)
        if source and config.repo_url and config.edit_uri:
            # A generated page is edited in the spec fragment it comes from, not in docs/.
            branch = re.match(r"^(?:edit|blob)/([^/]+)/", config.edit_uri or "")
            base = config.repo_url.rstrip("/") + f"/edit/{branch.group(1) if branch else 'main'}/"
            page.edit_url = base + source
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.spec_error:
            output = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + error_banner(self.spec_error or ""), output,
                            count=1)
        return compact_whitespace(output)

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        # The theme's templates, compiled once per serve session instead of once per rebuild.
        if self.command == "serve" and env.bytecode_cache is None:
            env.bytecode_cache = BYTECODE
        return env

    def on_pre_build(self, *, config: Any) -> None:
        self._site_files = ""
        self.render_cache.hits = 0
        self.search_text = {}
        self._wrap_search_index(config)

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.nav_order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
        self.toolchain_pages = set()
        for p in nav.pages:
            parent = p.parent
            while parent is not None:
                if parent.title in self.config.toolchain_sections:
                    self.toolchain_pages.add(p.file.src_uri)
                    break
                parent = parent.parent
        return nav

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        for path in (self.spec_path, self.spec_path.parent if self.spec_path.is_file() else None,
                     self.snippets_dir, self.templates_dir):
            if path is not None and path.exists():
                server.watch(str(path))
        # MkDocs polls the watched folders every 0.5 s; 0.1 s takes a quarter second off the preview of an edit.
        for emitter in getattr(getattr(server, "observer", None), "emitters", ()):
            if hasattr(emitter, "_timeout"):
                emitter._timeout = 0.1
        return server

    def on_post_build(self, *, config: Any) -> None:
        if not self.config.llms_txt or self.reference is None:
            return
        prefix = self.config.reference_dir.strip("/") + "/"
        pages: list[llms.LlmsPage] = []
        for src_uri, (title, markdown) in sorted(self.markdown.items(), key=lambda kv: self._nav_rank(kv[0])):
            if src_uri.startswith(prefix):
                continue
            section = "Toolchain" if src_uri in getattr(self, "toolchain_pages", ()) else \
                "Reference tables" if src_uri in self.config.llms_optional else "Guides"
            pages.append(llms.LlmsPage(src_uri, title, section, paste(markdown, self.snippets_dir)))
        todo = [p for p in self.pages if (self.plain_cache.get(p.path) or ("",))[0] != self.cache[p.path][0]]
        for page, text in zip(todo, self.reference.render_many(todo, plain=True, jobs=self._jobs()).values()):
            self.plain_cache[page.path] = (self.cache[page.path][0], text)
        for page in self.pages:
            hit = self.plain_cache[page.path]
            section = {"schema": "Schemas", "operation": "API reference", "index": "API reference"}[page.kind]
            summary = ""
            if page.kind == "operation":
                op = self.reference.by_slug[page.key]
                summary = f"{op.method.upper()} {op.path}"
            pages.append(llms.LlmsPage(prefix + page.path, page.title, section, hit[1], summary))
        base = config.site_url or ""
        llms.write_all(Path(config.site_dir), config.site_name, config.site_description or "", pages, base)

    # -- helpers --------------------------------------------------------------------------------------------------
    def _wrap_search_index(self, config: Any) -> None:
        """Material's search plugin parses every page's HTML (this build's SearchIndex.add_entry_from_context):
        - a reference page is read with its field lists as plain text (:attr:`search_text`): the same words, in
          the same sections, without parsing 70,000 fields' markup on a Stripe-size spec;
        - in serve, a page whose HTML did not change since the last rebuild reuses its entries."""
        index = next((getattr(p, "search_index", None) for p in config.plugins.values()
                      if getattr(p, "search_index", None) is not None), None)
        if index is None or getattr(index, "_gateway_docs_wrapped", False):
            return
        cache: dict[str, tuple[str, list[Any]]] = self.__dict__.setdefault("_search_cache", {})
        original = index.add_entry_from_context
        serve = self.command == "serve"

        def add_entry_from_context(page: Any) -> None:
            content = self.search_text.get(page.url, page.content)
            key = hashlib.sha1(f"{page.title}\0{page.meta.get('search')}\0{content}".encode()).hexdigest()
            hit = cache.get(page.url) if serve else None
            if hit is not None and hit[0] == key:
                index.entries.extend(dict(e) for e in hit[1])
                return
            before = len(index.entries)
            full, page.content = page.content, content
            try:
                original(page)
            finally:
                page.content = full
            if serve:
                cache[page.url] = (key, [dict(e) for e in index.entries[before:]])

        index.add_entry_from_context = add_entry_from_context
        index._gateway_docs_wrapped = True

    def _url(self, path: str, page: Any, files: Any) -> str | None:
        """The URL, relative to ``page``, of a page a fragment links to as ``path`` (relative to the page's file)."""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), path))
        found = files.get_file_from_path(target)
        if found is None:
            log.warning(f"gateway-docs: {page.file.src_uri} links to {path}, which is not a page of the site")
            return None
        return str(found.url_relative_to(page.file))

    def _jobs(self) -> int | None:
        """Processes for rendering many pages: forked workers in `mkdocs build`; one in `mkdocs serve`, whose
        server and file watcher threads a fork would copy mid-flight."""
        return None if self.command == "build" else 1

    def _abs(self, path: str) -> Path:
        p = Path(path)
        return p if p.is_absolute() else self.root / p

    def _nav_rank(self, src_uri: str) -> tuple[Any, ...]:
        order = getattr(self, "nav_order", {})
        return (order.get(src_uri, len(order)), src_uri)

    def _refresh(self) -> None:
        """Load + validate the spec; render the pages whose fingerprint changed. Keeps the last good pages in serve."""
        from ..load import load_spec
        from ..validate import iter_problems

        crash = None
        try:
            spec = load_spec(str(self.spec_path))
            problems = list(iter_problems(spec)) if self.config.validate_spec else []
        except SpecError as e:
            spec, problems = None, e.problems
        except Exception as e:  # the validator tripped over the document: still a broken spec, not a crash
            spec, problems, crash = None, [], f"{self.spec_path}: cannot validate: {type(e).__name__}: {e}"
        if problems or crash:
            text = crash or "\n".join(p.format() for p in problems)
            if self.command == "serve" and self.reference is not None:
                print(f"gateway-docs: the spec does not validate; keeping the last good reference pages:\n{text}",
                      file=sys.stderr, flush=True)
                self.spec_error = text
                return
            raise PluginError(f"gateway-docs: the spec {self.spec_path} does not validate:\n{text}")
        self.spec_error = None
        assert spec is not None  # every path without a spec returned or raised above
        reference = Reference(spec.data, self.snippets_dir if self.snippets_dir.is_dir() else None,
                              self.templates_dir, max_ref_depth=self.config.max_ref_depth, refs=spec.refs)
        pages = reference.pages()
        todo = [p for p in pages if (self.cache.get(p.path) or ("",))[0] != p.fingerprint]
        for page, (path, text) in zip(todo, reference.render_many(todo, jobs=self._jobs()).items()):
            self.cache[path] = (page.fingerprint, text)
        regenerated = [p.path for p in todo]
        wanted = {p.path for p in pages}
        for path in list(self.cache):
            if path not in wanted:
                del self.cache[path]
        self.reference, self.pages, self.last_regenerated = reference, pages, regenerated
        prefix = self.config.reference_dir.strip("/") + "/"
        located = spec.locate_many([p.pointer for p in pages if p.pointer])
        self.sources = {}
        for p in pages:
            loc = located.get(p.pointer)
            if loc is not None:
                try:
                    self.sources[prefix + p.path] = Path(loc.file).resolve().relative_to(self.root).as_posix()
                except ValueError:
                    pass
        log.info(f"gateway-docs: {len(regenerated)} of {len(pages)} reference pages regenerated")

    def _splice_nav(self, nav: list[Any]) -> list[Any]:
        """Replace the ``API reference: reference/index.md`` entry with the generated section."""
        index = self.config.reference_dir.strip("/") + "/index.md"
        out = []
        for item in nav:
            if isinstance(item, dict) and len(item) == 1:
                (key, value), = item.items()
                if value == index or (key == self.config.nav_title and isinstance(value, str)):
                    out.append({key: self._reference_nav()})
                    continue
                if isinstance(value, list):
                    out.append({key: self._splice_nav(value)})
                    continue
            elif item == index:
                out.append({self.config.nav_title: self._reference_nav()})
                continue
            out.append(item)
        return out

    def _reference_nav(self) -> list[Any]:
        prefix = self.config.reference_dir.strip("/") + "/"
        section: list[Any] = [{"Overview": prefix + "index.md"}]
        operations = [p for p in self.pages if p.kind == "operation"]
        if len(operations) > self.config.operations_in_nav:
            return section
        for tag in self.reference.tags() if self.reference else []:
            section.append({html_text(tag): [{p.nav_title: prefix + p.path} for p in self.pages
                                  if p.kind == "operation" and p.group == tag]})
        schemas = [p for p in self.pages if p.kind == "schema"]
        if schemas and len(schemas) <= self.config.schemas_in_nav:
            section.append({"Schemas": [{p.nav_title: prefix + p.path} for p in schemas]})
        return section
