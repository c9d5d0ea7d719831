"""Mintlify output: pages, the bundled spec and the navigation of a Mintlify site, never at the cost of a page a
person wrote.

``gateway-docs mintlify [--docs-json PATH] [--style nav|mdx] [--guides] [--adopt PATH...] [--check]``

Ownership (:mod:`.ownership`). Every file the command writes carries its marker: MDX pages an MDX comment naming
the tool and the source, the bundled spec ``info.x-generated-by``. A file in the way without the marker is a
*conflict*: the command lists each one with what to do and exits 1 before writing anything. ``--adopt PATH`` hands
such a file over. The run is planned in full first (create/update/delete/conflict per file plus the docs.json
navigation change; ``--check`` prints it and exits 1 when anything would change), then written file by file through
an atomic rename, docs.json last, so a killed run leaves each file either old or new.

docs.json is merged, not owned: the command changes the navigation group named ``--group`` (default
"AI Gateway API"; under ``--anchor`` when given) and, in mdx style, ``api.openapi``, by a text splice
(:mod:`.jsonedit`) that keeps every other byte. Two styles:

- ``nav`` (default): ``{"group": ..., "openapi": "<spec>", "pages": ["POST /v1/chat/completions", ...]}``;
  Mintlify generates one page per listed endpoint from the spec.
- ``mdx``: one page per operation (``<pages-dir>/<slug>.mdx``, bound by ``openapi: post /v1/chat/completions``
  front matter) with the operation's tested snippets as ``<RequestExample>``/``<ResponseExample>``.

A page the navigation already lists for an operation (its front matter binds it) is used, not duplicated: in nav
style it stays as it is (listed in the managed group if it was there, else left where it is and the operation
gets no second entry); in mdx style it is the page written for the operation (a conflict unless it is ours or
adopted), at the place the navigation already has it.

The bundled spec (``--spec-out``, next to docs.json) has every ``$ref`` internal and ``x-codeSamples`` on each
operation: the snippet files of ``docs/snippets/<operation-slug>/``, verbatim. ``--guides`` converts the MkDocs
guides (mkdocs.yml's "Guides" section) to MDX pages in ``--guides-dir`` and lists them in the "Guides" group
(``--guides-group``, under ``--guides-anchor``). Operations marked ``x-excluded`` get no page and no entry;
``x-hidden`` ones get no navigation entry (an mdx page is still written, reachable by URL, as Mintlify does).
"""
from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path, PurePosixPath

from ..core.diagnostics import GatewayDocsError, UsageError
from ..core.files import leftover_temp_files, write_atomic
from ..core.refs import iter_refs
from ..load import dumps, load_spec
from ..snippets.examples import ROOT, SNIPPETS_DIR, show_path
from .guides import guide_page, guides_from_mkdocs
from .nav import DEFAULT_GROUP, SPEC_NAME, Listed, Target, group_entries, listed_bindings, merge_docs_json
from .ownership import GENERATED_KEY, MDX_MARKER, Change, classify, is_marked, json_marker, mdx_marker
from .mdx import DEFAULT_PAGES_DIR, mdx_page, nav_route, navigation_pages, operations, page_binding
from .samples import example_blocks, with_code_samples

__all__ = ["MDX_MARKER", "Target", "merge_docs_json", "navigation_pages", "operations"]

DEFAULT_DOCS_JSON = "docs/mintlify/docs.json"
DEFAULT_SPEC = "specs/ai-gateway.openapi.json"
DEFAULT_GUIDES_DIR = "guides"
DEFAULT_GUIDES_GROUP = "Guides"


# The command


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--docs-json", default=DEFAULT_DOCS_JSON, help=f"Mintlify config (default: {DEFAULT_DOCS_JSON})")
    parser.add_argument("--spec", default=DEFAULT_SPEC, help=f"spec file or fragment folder (default: {DEFAULT_SPEC})")
    parser.add_argument("--spec-out", help=f"bundled spec Mintlify reads (default: <docs.json dir>/{SPEC_NAME})")
    parser.add_argument("--group", default=DEFAULT_GROUP, help=f"name of the managed group (default: {DEFAULT_GROUP})")
    parser.add_argument("--anchor", help="anchor/tab/dropdown the managed group lives under (needed when the "
                                         "group name is used more than once, or to create the group there)")
    parser.add_argument("--style", choices=("nav", "mdx"), default="nav",
                        help="nav: 'POST /path' entries (default); mdx: one .mdx page per operation")
    parser.add_argument("--pages-dir", default=DEFAULT_PAGES_DIR,
                        help=f"mdx style: folder of the pages, relative to docs.json (default: {DEFAULT_PAGES_DIR})")
    parser.add_argument("--by-tag", action="store_true", help="nest one group per tag inside the managed group")
    parser.add_argument("--snippets", default=str(SNIPPETS_DIR),
                        help="snippet folder: <operation-slug>/ and <guide>/ subfolders (default: docs/snippets)")
    parser.add_argument("--guides", action="store_true",
                        help="also convert the MkDocs guides (mkdocs.yml nav section 'Guides') to MDX pages")
    parser.add_argument("--mkdocs-yml", default=str(ROOT / "mkdocs.yml"), help="where the guides are listed")
    parser.add_argument("--guides-dir", default=DEFAULT_GUIDES_DIR,
                        help=f"folder of the guide pages, relative to docs.json (default: {DEFAULT_GUIDES_DIR})")
    parser.add_argument("--guides-group", default=DEFAULT_GUIDES_GROUP,
                        help=f"navigation group of the guides (default: {DEFAULT_GUIDES_GROUP})")
    parser.add_argument("--guides-anchor", help="anchor/tab the guides group lives under")
    parser.add_argument("--adopt", nargs="+", default=[], metavar="PATH",
                        help="hand these existing files over to gateway-docs: they are overwritten (or deleted) "
                             "like generated files even though they lack the generated-by marker")
    parser.add_argument("--check", action="store_true",
                        help="print the plan (create/update/delete/conflict per file, the docs.json change) and "
                             "exit 1 if anything would change; write nothing")


def _read_docs_json(docs_json: Path) -> str:
    try:
        return docs_json.read_bytes().decode("utf-8")  # bytes: CRLF line ends must survive
    except FileNotFoundError:
        raise UsageError(f"{docs_json}: not found (pass --docs-json PATH to an existing Mintlify docs.json)") from None
    except UnicodeDecodeError as e:
        raise GatewayDocsError(f"{docs_json}: error: not UTF-8 text ({e.reason} at byte {e.start})") from None


def _inside(path: Path, root: Path, what: str) -> PurePosixPath:
    """``path`` relative to the docs folder, as docs.json spells paths; Mintlify reads nothing outside it."""
    try:
        rel = PurePosixPath(os.path.relpath(path.resolve(), root.resolve()).replace(os.sep, "/"))
    except ValueError:
        rel = PurePosixPath("..")
    if rel.parts[:1] == ("..",):
        raise UsageError(f"{what} {path} is outside {root}: Mintlify only reads files inside the docs folder")
    return rel


def _source(path: str | Path) -> str:
    """How markers name a source: repository-relative (as `make mintlify` passes it), so output is stable."""
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return show_path(p)


class Plan:
    """Everything one run would do; built without writing a byte."""

    def __init__(self, changes: list[Change], docs_json: Path, docs_old: str, docs_new: str,
                 unused_adopt: list[Path], page_dirs: list[Path]) -> None:
        self.changes, self.docs_json, self.docs_old, self.docs_new = changes, docs_json, docs_old, docs_new
        self.unused_adopt = unused_adopt
        self.page_dirs = page_dirs  # folders of generated pages (mdx pages, guides)

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.action == "conflict"]

    @property
    def pending(self) -> list[Change]:
        return [c for c in self.changes if c.action in ("create", "update", "delete")]


def plan(args: argparse.Namespace) -> Plan:
    """What this run would write, update, delete, and where it must not."""
    docs_json = Path(args.docs_json)
    text = _read_docs_json(docs_json)
    root = docs_json.parent
    spec_out = Path(args.spec_out) if args.spec_out else root / SPEC_NAME
    spec_rel = _inside(spec_out, root, "--spec-out")
    spec = load_spec(args.spec)
    external = sorted({ref for _, ref in iter_refs(spec.data) if not str(ref).startswith("#")})
    if external:  # load_spec bundles external refs, so this is a guard for our own bugs
        raise GatewayDocsError(f"{args.spec}: error: external $refs left after bundling: {', '.join(external)}")
    snippets = Path(args.snippets) if args.snippets else None
    source = _source(args.spec)
    pages_dir = args.pages_dir.strip("/")
    ops = operations(spec.data)
    data = with_code_samples(spec.data, ops, snippets)
    info = data.setdefault("info", {})
    data["info"] = {**info, GENERATED_KEY: json_marker(source)}
    wanted: dict[Path, str] = {spec_out: dumps(data)}
    why: dict[Path, str] = {spec_out: "a spec file without info.x-generated-by: not written by gateway-docs"}
    stale: list[Path] = []

    listed: dict[tuple[str, str], Listed] = listed_bindings(text, str(docs_json), root, args.group, args.anchor,
                                                            page_binding)
    keep: dict[tuple[str, str], str | None] = {k: (v.entry if v.in_group else None) for k, v in listed.items()}
    route_of: dict[str, str] = {}
    if args.style == "mdx":
        marker = mdx_marker(source)
        for op in ops:
            bound = listed.get((op.method, op.path))
            path = bound.file if bound else root / pages_dir / f"{op.slug}.mdx"
            wanted[path] = mdx_page(op, marker, example_blocks(snippets, op.slug))
            route_of[op.slug] = "/" + (bound.entry if bound else f"{pages_dir}/{op.slug}")
            if bound:
                why[path] = (f"a hand-written page (no gateway-docs marker) that docs.json lists for "
                             f"{op.method} {op.path}; the mdx style writes that operation's page here")
            else:
                why[path] = f"a hand-written page (no gateway-docs marker) where the page of {op.method} {op.path} goes"
        folder = root / pages_dir
        if folder.is_dir():
            stale = sorted(p for p in folder.glob("*.mdx") if p not in wanted)
    else:
        for op in ops:
            bound = listed.get((op.method, op.path))
            route_of[op.slug] = "/" + bound.entry if bound else nav_route(op)
    pages = navigation_pages(spec.data, args.style, pages_dir, args.by_tag, keep)
    new_text = merge_docs_json(text, str(docs_json), pages, group=args.group, anchor=args.anchor,
                               spec_rel=str(spec_rel), style=args.style)

    if args.guides:
        guides = guides_from_mkdocs(Path(args.mkdocs_yml))
        if not guides:
            raise UsageError(f"{args.mkdocs_yml}: no 'Guides' section in nav to convert")
        guides_dir = args.guides_dir.strip("/")
        _inside(root / guides_dir, root, "--guides-dir")
        names = {g.name for g in guides}

        def route(md: str) -> tuple[str, bool] | None:
            name = PurePosixPath(md).with_suffix("").as_posix().lstrip("./")
            if name in names:
                return f"/{guides_dir}/{name}", True
            ref = route_of.get(name.split("/", 1)[1]) if name.startswith("reference/") else None
            return (ref, False) if ref else None  # None: schema pages, the reference index

        for g in guides:
            path = root / guides_dir / f"{g.name}.mdx"
            try:
                md = g.source.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise UsageError(f"{g.source}: listed in {args.mkdocs_yml} but missing") from None
            wanted[path] = guide_page(g, md, mdx_marker(_source(g.source)), snippets, route)
            why[path] = f"a hand-written page (no gateway-docs marker) where the guide {g.source.name} goes"
        gfolder = root / guides_dir
        if gfolder.is_dir():
            stale += sorted(p for p in gfolder.glob("*.mdx") if p not in wanted)
        new_text = merge_docs_json(new_text, str(docs_json), [f"{guides_dir}/{g.name}" for g in guides],
                                   group=args.guides_group, anchor=args.guides_anchor, spec_rel=str(spec_rel),
                                   style="pages")
    adopt = {Path(p).resolve() for p in args.adopt}
    changes = classify(wanted, stale, adopt, why)
    changes += _dropped_from_nav(text, new_text, docs_json, args, adopt)
    touched = {c.path.resolve() for c in changes}
    unused = sorted(p for p in adopt if p not in touched)
    page_dirs = ([root / pages_dir] if args.style == "mdx" else []) + \
        ([root / args.guides_dir.strip("/")] if args.guides else [])
    return Plan(changes, docs_json, text, new_text, unused, page_dirs)


def _dropped_from_nav(old: str, new: str, docs_json: Path, args: argparse.Namespace,
                      adopt: set[Path]) -> list[Change]:
    """A managed group is replaced as a whole, so a page listed in it that we did not write would silently leave
    the navigation: each such entry (no page file with our marker, not adopted) is a conflict. A missing file counts:
    the docs.json under test may list pages that are not in this checkout, and they are still someone's work."""
    groups = [(args.group, args.anchor)] + ([(args.guides_group, args.guides_anchor)] if args.guides else [])
    out: list[Change] = []
    for group, anchor in groups:
        after = set(group_entries(new, str(docs_json), group, anchor))
        for entry in group_entries(old, str(docs_json), group, anchor):
            if entry in after or " " in entry.strip():  # "METHOD /path" entries are generated by Mintlify
                continue
            base = docs_json.parent / entry.strip().lstrip("/")
            files = [f for f in (base.with_name(base.name + ".mdx"), base.with_name(base.name + ".md")) if f.is_file()]
            file = files[0] if files else base.with_name(base.name + ".mdx")
            if not is_marked(file) and file.resolve() not in adopt:
                out.append(Change(file, "conflict", None,
                                  f'listed in the navigation group "{group}" and not written by gateway-docs: '
                                  "this run replaces that group, so the page would leave the navigation (choose "
                                  "another group name, e.g. --guides-group/--group)"))
    return out


def _print_plan(p: Plan) -> None:
    for c in p.changes:
        if c.action != "unchanged":
            print(f"{c.action:8} {c.path}" + (f"  ({c.reason})" if c.reason and c.action != "conflict" else ""))
    if p.docs_new != p.docs_old:
        print(f"merge    {p.docs_json}  (navigation/api change below; every other byte kept)")
        diff = difflib.unified_diff(p.docs_old.splitlines(), p.docs_new.splitlines(), str(p.docs_json),
                                    str(p.docs_json), n=1, lineterm="")
        for line in list(diff)[2:]:
            print(f"    {line}")


def _print_conflicts(p: Plan) -> None:
    print(f"error: {len(p.conflicts)} file(s) in the way were not written by gateway-docs (no generated-by "
          "marker); nothing was written:", file=sys.stderr)
    for c in p.conflicts:
        print(f"  {c.path}: {c.reason or 'not generated by gateway-docs'}", file=sys.stderr)
    print("To go on, for each file either:\n"
          "  - hand it over: rerun with --adopt PATH (its content is replaced by the generated one; keep what you\n"
          "    need first, e.g. move prose into the spec's description), or\n"
          "  - keep it: move or rename it, choose another --pages-dir/--guides-dir/--spec-out, or (for an API page\n"
          "    that binds an operation with `openapi:` front matter) use --style nav, which leaves such pages as they\n"
          "    are and shows the spec's x-codeSamples on them.", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Plan everything, refuse on any conflict, else write each file atomically (docs.json last)."""
    p = plan(args)
    for path in p.unused_adopt:
        print(f"warning: --adopt {path}: this run does not write that file; nothing to adopt", file=sys.stderr)
    if args.check:
        _print_plan(p)
        if p.conflicts:
            _print_conflicts(p)
            return 1
        if p.pending or p.docs_new != p.docs_old:
            print("out of date (run 'gateway-docs mintlify'): "
                  + ", ".join(f"{c.path} ({c.action})" for c in p.pending)
                  + (f"{', ' if p.pending else ''}{p.docs_json}" if p.docs_new != p.docs_old else ""),
                  file=sys.stderr)
            return 1
        print(f"{args.docs_json} is up to date")
        return 0
    if p.conflicts:
        _print_conflicts(p)
        return 1
    done: list[str] = []
    for c in p.changes:  # temp files of a run killed mid-write: only ever named after a file we own
        if c.action != "conflict":
            for tmp in leftover_temp_files(c.path):
                tmp.unlink(missing_ok=True)
    for tmp in leftover_temp_files(p.docs_json) + [t for d in p.page_dirs for t in leftover_temp_files(d, "*.mdx")]:
        tmp.unlink(missing_ok=True)
    # Order for a run killed at any point: pages and spec first, then docs.json (so it never names a page not yet
    # written), then deletions (so it never names a page already gone; a page left behind is ours and marked, and
    # the next run deletes it).
    for c in p.pending:
        if c.action != "delete" and c.text is not None and write_atomic(c.path, c.text):
            done.append(f"{'created' if c.action == 'create' else 'updated'} {c.path}"
                        + (" (adopted)" if c.reason == "adopted" else ""))
    if write_atomic(p.docs_json, p.docs_new):
        done.append(f"merged {p.docs_json}")
    for c in p.pending:
        if c.action == "delete":
            c.path.unlink(missing_ok=True)
            done.append(f"removed {c.path}")
    print("\n".join(done) if done else f"up to date: {p.docs_json}")
    return 0
