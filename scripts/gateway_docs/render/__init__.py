"""Stage 4: one Markdown reference page per operation and per component schema, from the spec.

``gateway-docs reference [--spec SPEC] [--out DIR] [--check]`` writes ``DIR/index.md``, ``DIR/<slug>.md`` per
operation and ``DIR/schemas/<slug>.md`` per component schema (slug rule: :mod:`gateway_docs.core.slugs`).
The site does not need this command: the MkDocs plugin (:mod:`gateway_docs.site.plugin`) renders the same pages in
memory on every build. The command is for reading the Markdown, for other static-site tools, and for checking
that any OpenAPI 3.x file renders (``--spec OTHER.json --out DIR``). Each page it writes carries :data:`MARKER`, and
a file without it is never overwritten.
"""
from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import Any

from ..core.diagnostics import ILL_TYPED, SpecError, UsageError
from ..core.files import commit_staged, leftover_temp_files, stage_files
from ..core.front_matter import split_front_matter
from .pages import PACKAGE_TEMPLATES, Reference
from .schema import DEFAULT_MAX_REF_DEPTH

__all__ = ["Reference", "render_reference", "MARKER", "with_marker", "PACKAGE_TEMPLATES", "default_templates", "DEFAULT_SPEC", "DEFAULT_OUT",
           "DEFAULT_SNIPPETS"]

DEFAULT_SPEC = "specs/ai-gateway.openapi.json"
DEFAULT_OUT = "docs/reference"
DEFAULT_SNIPPETS = "docs/snippets"
DEFAULT_TEMPLATES = "docs/templates"


def default_templates() -> Path | None:
    p = Path(DEFAULT_TEMPLATES)
    return p if p.is_dir() else None


#: The line after the front matter of every page the command writes: it overwrites only files that have it.
MARKER = "<!-- generated-by: gateway-docs reference; edit the spec or the templates, not this page -->"


def render_reference(data: dict[str, Any], snippets_dir: Path | str | None = None,
                     templates_dir: Path | str | None = None, plain: bool = False, jobs: int | None = None,
                     **options: Any) -> dict[str, str]:
    """Every page of a loaded spec: {relative path: Markdown}. Pure: reads only the spec and the snippet folder."""
    return Reference(data, snippets_dir, templates_dir, **options).render_all(plain=plain, jobs=jobs)


def with_marker(text: str) -> str:
    """A page as the command writes it: :data:`MARKER` after its front matter (which must stay first)."""
    _, body = split_front_matter(text)
    return text[:len(text) - len(body)] + MARKER + "\n" + body


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", default=DEFAULT_SPEC, help=f"OpenAPI file or fragment folder (default: {DEFAULT_SPEC})")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--snippets", default=DEFAULT_SNIPPETS,
                        help=f"runnable examples folder, <slug>/<name>.<sh|py|ts> (default: {DEFAULT_SNIPPETS})")
    parser.add_argument("--templates", default=None,
                        help=f"folder of templates overriding the packaged ones (default: {DEFAULT_TEMPLATES} if present)")
    parser.add_argument("--max-ref-depth", type=int, default=DEFAULT_MAX_REF_DEPTH,
                        help="levels of component objects expanded in place before only linking "
                             f"(default: {DEFAULT_MAX_REF_DEPTH}, as on the site)")
    parser.add_argument("--check", action="store_true", help="exit 1 if any page in --out is missing or stale")
    parser.add_argument("--plain", action="store_true",
                        help="plain Markdown (no content tabs, snippets pasted in), as published for LLM tools")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes rendering a big spec (default: one per CPU; env GATEWAY_DOCS_JOBS)")


def run(args: argparse.Namespace) -> int:
    """Render one Markdown reference page per operation (and per component schema) from the spec."""
    # One batch over one spec, which holds no reference cycles: the cyclic collector would only re-walk the
    # million objects of a big spec while it loads (and copy the workers' inherited memory as it walks).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if was_enabled:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    from ..load import load_spec

    templates = Path(args.templates) if args.templates else default_templates()
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    try:
        spec = load_spec(args.spec)
    except SpecError as e:
        print(str(e), file=sys.stderr)
        return 1
    snippets = Path(args.snippets) if args.snippets and Path(args.snippets).is_dir() else None
    reference = Reference(spec.data, snippets, templates, max_ref_depth=args.max_ref_depth, refs=spec.refs)
    out = Path(args.out)
    try:
        pages = reference.pages(fingerprints=False)
        if args.check:
            texts = reference.render_many(pages, plain=args.plain, jobs=args.jobs)
        else:
            # A file at a page's path that we did not write (no marker) is somebody's page: never overwritten.
            foreign = {p.path for p in pages if not _ours(out / p.path)}
            # Each worker writes the pages it rendered to temporary files (no Markdown travels back, file creation
            # overlaps); then one sync and the renames here, so every page is replaced or none is.
            try:
                results = reference.render_shares(
                    pages, lambda items: stage_files([(out / p, with_marker(t)) for p, t in items if p not in foreign]),
                    plain=args.plain, jobs=args.jobs)
            except BaseException:  # a worker failed: the others' temporary files must not stay behind
                for folder in {(out / p.path).parent for p in pages}:
                    for leftover in leftover_temp_files(folder, "*.md"):
                        leftover.unlink(missing_ok=True)
                raise
            commit_staged([pair for _, pairs in results for pair in pairs])
            changed = sum(sum(flags) for flags, _ in results)
    except ILL_TYPED:
        # A node of the wrong type (``required: 5``): say where the spec is invalid rather than crash.
        from ..validate import iter_problems
        problems = list(iter_problems(spec))
        if not problems:
            raise
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        print(f"gateway-docs reference: {args.spec} is not valid OpenAPI ({len(problems)} problem(s) above); "
              "fix them to render it", file=sys.stderr)
        return 1
    if args.check:
        texts = {p: with_marker(text) for p, text in texts.items()}
        stale = [p for p, text in texts.items() if _read(out / p) != text]
        extra = sorted(str(f.relative_to(out)) for f in out.rglob("*.md")
                       if str(f.relative_to(out)) not in texts and MARKER in (_read(f) or "")) if out.is_dir() else []
        for p in stale:
            print(f"{out / p}: out of date", file=sys.stderr)
        for p in extra:
            print(f"{out / p}: not generated from {args.spec} any more", file=sys.stderr)
        if stale or extra:
            print(f"{len(stale) + len(extra)} reference page(s) outdated: run 'gateway-docs reference'",
                  file=sys.stderr)
            return 1
        print(f"{out}: {len(texts)} reference pages up to date")
        return 0
    for p in sorted(foreign):
        print(f"{out / p}: not written: it has no '{MARKER}' line, so it is not ours to overwrite "
              "(move it, or choose another --out)", file=sys.stderr)
    print(f"{out}: {len(pages)} pages, {changed} written" + (f", {len(foreign)} not ours left alone" if foreign else ""))
    return 1 if foreign else 0


def _ours(path: Path) -> bool:
    """Whether we may write ``path``: it does not exist, or we wrote it (it has :data:`MARKER`)."""
    text = _read(path)
    return text is None or MARKER in text


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
