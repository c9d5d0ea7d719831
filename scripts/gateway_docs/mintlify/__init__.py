"""Mintlify output: the API-reference navigation in ``docs.json`` and the bundled spec Mintlify reads.

``gateway-docs mintlify [--docs-json PATH] [--check]`` owns exactly one thing in docs.json: the navigation group
named ``--group`` (default "AI Gateway API"), looked up under the anchor/tab/dropdown named ``--anchor`` when given,
else anywhere in ``navigation``. It replaces that group's value (or appends a new group when there is none) by a
text splice (:mod:`.jsonedit`), so every other byte of the file stays as it was. Two styles:

- ``nav`` (default): ``{"group": ..., "openapi": "<spec>", "pages": ["POST /v1/chat/completions", ...]}``;
  Mintlify generates one page per listed endpoint from the spec.
- ``mdx``: one stub page per operation (``<pages-dir>/<slug>.mdx`` whose front matter binds it with
  ``openapi: post /v1/chat/completions``), listed by path as the upstream Helicone site does; the spec is then
  registered in ``api.openapi`` (added to the list if missing, nothing else touched).

Operations marked ``x-excluded`` get no page and no entry; ``x-hidden`` ones get no navigation entry (in ``mdx``
style their page is still written, reachable by URL, as Mintlify does for ``x-hidden``). The spec is written next
to docs.json (``--spec-out``) with every ``$ref`` internal, which is all Mintlify accepts.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path, PurePosixPath

from ..core.diagnostics import GatewayDocsError, UsageError
from ..core.files import write_atomic
from ..core.refs import iter_refs
from ..load import dumps, load_spec
from .nav import DEFAULT_GROUP, SPEC_NAME, Target, merge_docs_json
from .mdx import DEFAULT_PAGES_DIR, MDX_MARKER, mdx_page, navigation_pages, operations

__all__ = ["MDX_MARKER", "Target", "merge_docs_json", "navigation_pages", "operations"]

DEFAULT_DOCS_JSON = "docs/mintlify/docs.json"
DEFAULT_SPEC = "specs/ai-gateway.openapi.json"


# The command


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--docs-json", default=DEFAULT_DOCS_JSON, help=f"Mintlify config (default: {DEFAULT_DOCS_JSON})")
    parser.add_argument("--spec", default=DEFAULT_SPEC, help=f"spec file or fragment folder (default: {DEFAULT_SPEC})")
    parser.add_argument("--spec-out", help=f"bundled spec Mintlify reads (default: <docs.json dir>/{SPEC_NAME})")
    parser.add_argument("--group", default=DEFAULT_GROUP, help=f"name of the managed group (default: {DEFAULT_GROUP})")
    parser.add_argument("--anchor", help="anchor/tab/dropdown the managed group lives under (needed when the "
                                         "group name is used more than once, or to create the group there)")
    parser.add_argument("--style", choices=("nav", "mdx"), default="nav",
                        help="nav: 'POST /path' entries (default); mdx: one stub .mdx page per operation")
    parser.add_argument("--pages-dir", default=DEFAULT_PAGES_DIR,
                        help=f"mdx style: folder of the pages, relative to docs.json (default: {DEFAULT_PAGES_DIR})")
    parser.add_argument("--by-tag", action="store_true", help="nest one group per tag inside the managed group")
    parser.add_argument("--check", action="store_true", help="exit 1 if anything is out of date; write nothing")


def plan(args: argparse.Namespace) -> tuple[dict[Path, str], list[Path]]:
    """Every file this run should have (path -> text), and stale generated pages to delete."""
    docs_json = Path(args.docs_json)
    try:
        text = docs_json.read_bytes().decode("utf-8")  # bytes: CRLF line ends must survive
    except FileNotFoundError:
        raise UsageError(f"{docs_json}: not found (pass --docs-json PATH to an existing Mintlify docs.json)") from None
    except UnicodeDecodeError as e:
        raise GatewayDocsError(f"{docs_json}: error: not UTF-8 text ({e.reason} at byte {e.start})") from None
    root = docs_json.parent
    spec_out = Path(args.spec_out) if args.spec_out else root / SPEC_NAME
    try:
        spec_rel = PurePosixPath(os.path.relpath(spec_out.resolve(), root.resolve()).replace(os.sep, "/"))
    except ValueError:
        spec_rel = PurePosixPath("..")
    if spec_rel.parts[:1] == ("..",):
        raise UsageError(f"--spec-out {spec_out} is outside {root}: Mintlify only reads files inside the docs folder")
    spec = load_spec(args.spec)
    external = sorted({ref for _, ref in iter_refs(spec.data) if not str(ref).startswith("#")})
    if external:  # load_spec bundles external refs, so this is a guard for our own bugs
        raise GatewayDocsError(f"{args.spec}: error: external $refs left after bundling: {', '.join(external)}")
    pages_dir = args.pages_dir.strip("/")
    files: dict[Path, str] = {spec_out: dumps(spec.data)}
    stale: list[Path] = []
    if args.style == "mdx":
        wanted = {root / pages_dir / f"{op.slug}.mdx": mdx_page(op) for op in operations(spec.data)}
        files.update(wanted)
        folder = root / pages_dir
        if folder.is_dir():
            stale = sorted(p for p in folder.glob("*.mdx") if p not in wanted
                           and MDX_MARKER in p.read_text(encoding="utf-8", errors="replace"))
    pages = navigation_pages(spec.data, args.style, pages_dir, args.by_tag)
    files[docs_json] = merge_docs_json(text, str(docs_json), pages, group=args.group, anchor=args.anchor,
                                       spec_rel=str(spec_rel), style=args.style)
    return files, stale


def run(args: argparse.Namespace) -> int:
    """Write the Mintlify API-reference navigation into docs.json (in place) and the bundled spec next to it."""
    files, stale = plan(args)
    if args.check:
        drift = [str(p) for p, text in files.items() if not p.is_file() or p.read_bytes() != text.encode("utf-8")]
        drift += [f"{p} (stale page)" for p in stale]
        if drift:
            print("out of date (run 'gateway-docs mintlify'): " + ", ".join(drift), file=sys.stderr)
            return 1
        print(f"{args.docs_json} is up to date")
        return 0
    docs_json = Path(args.docs_json)
    changed = [str(p) for p, text in files.items() if p != docs_json and write_atomic(p, text)]
    for p in stale:
        p.unlink()
    if write_atomic(docs_json, files[docs_json]):  # last, so it never names a spec or page not yet written
        changed.append(str(docs_json))
    print(("wrote " + ", ".join(changed)) if changed or stale else f"up to date: {docs_json}")
    for p in stale:
        print(f"removed stale page {p}")
    return 0

