"""One concept, one place: the shared concepts exist once, and the stages agree because they import them.

The grep checks read the package source: a second copy of a concept (a hand-written pointer escape, another list of
HTTP methods, another slug rule or include parser) fails here with the place to fix.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gateway_docs.cli import main
from gateway_docs.core.slugs import operation_slugs, unique
from gateway_docs.lint.engine import Kind, Rule, Walker
from gateway_docs.render import render_reference

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "gateway_docs"
SOURCES = {p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


def _hits(pattern: str) -> list[str]:
    """The modules with a code line (not a comment) matching ``pattern``, once per line."""
    rx = re.compile(pattern)
    return sorted(name for name, text in SOURCES.items()
                  for line in text.splitlines() if rx.search(line) and not line.lstrip().startswith("#"))


def test_pointer_escaping_is_written_once():
    assert _hits(r"""replace\(\s*["']~["']|replace\(\s*["']/["']\s*,\s*["']~1|["']~1["']\s*,\s*["']/""") == \
        ["core/pointer.py", "core/pointer.py"]


def test_one_list_of_http_methods():
    assert _hits(r"""["']get["'],\s*["']put["'],\s*["']post["']""") == ["core/http.py"]


def test_one_slug_rule():
    assert _hits(r"^\s*def (slugify|operation_slug|schema_slug|unique)\(") == ["core/slugs.py"] * 4
    assert _hits(r"a-z0-9_?\]\+") == ["core/slugs.py"]


def test_one_include_syntax():
    # a pattern for the marker (8<-{1,}) or code writing an include line (f'--8<-- "{path}"')
    hits = _hits(r"8<-\{|f['\"]-+8<-+")
    assert hits and set(hits) == {"snippets/include.py"}


def test_no_module_named_twice_and_no_reexport_only_modules():
    stems = [Path(n).stem for n in SOURCES if not n.endswith("__init__.py")]
    assert sorted({s for s in stems if stems.count(s) > 1}) == []
    for name, text in SOURCES.items():
        code = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith(("#", "from ", "import "))]
        body = re.sub(r'^"""(.|\n)*?"""', "", text.strip())
        defines = re.search(r"^(def |class |[A-Z_a-z]+\s*[:=])", body, re.M)
        assert defines or not code or name.endswith(("__init__.py", "__main__.py")), f"{name} only re-exports"


CLASH = {
    "openapi": "3.0.3",
    "info": {"title": "Clash", "version": "1"},
    "paths": {
        "/v1/a-b": {"post": {"summary": "Dash", "responses": {"200": {"description": "ok"}}}},
        "/v1/a/b": {"post": {"summary": "Slash", "responses": {"200": {"description": "ok"}}}},
    },
}


def test_slug_clash_gets_two_slugs():
    slugs = operation_slugs(CLASH)
    assert slugs == {("post", "/v1/a-b"): "post-v1-a-b", ("post", "/v1/a/b"): "post-v1-a-b-2"}
    assert unique(["a", "a", "a-2"]) == ["a", "a-3", "a-2"]  # a suffix never takes a slug another page has


def test_slug_clash_two_pages_in_every_output(tmp_path, capsys):
    pages = render_reference(CLASH)
    assert {"post-v1-a-b.md", "post-v1-a-b-2.md"} <= set(pages)
    assert "Dash" in pages["post-v1-a-b.md"] and "Slash" in pages["post-v1-a-b-2.md"]
    spec = tmp_path / "clash.json"
    spec.write_text(json.dumps(CLASH))
    docs = tmp_path / "docs.json"
    docs.write_text(json.dumps({"name": "x", "navigation": {"groups": []}}, indent=2))
    assert main(["mintlify", "--docs-json", str(docs), "--spec", str(spec), "--style", "mdx"]) == 0
    written = sorted(p.name for p in (tmp_path / "api-reference").glob("*.mdx"))
    assert written == ["post-v1-a-b-2.mdx", "post-v1-a-b.mdx"]
    assert "openapi: post /v1/a/b" in (tmp_path / "api-reference" / "post-v1-a-b-2.mdx").read_text()
    assert "openapi: post /v1/a-b" in (tmp_path / "api-reference" / "post-v1-a-b.mdx").read_text()
    nav = json.loads(docs.read_text())["navigation"]["groups"][0]["pages"]
    assert nav == ["api-reference/post-v1-a-b", "api-reference/post-v1-a-b-2"]


def test_rule_kinds_and_presets_are_checked():
    with pytest.raises(ValueError, match="preset 'recomended'"):
        Rule("x", "warn", "recomended", lambda ctx: {}, "doc")
    with pytest.raises(ValueError, match="severity 'wran'"):
        Rule("x", "wran", "recommended", lambda ctx: {}, "doc")
    with pytest.raises(TypeError, match="'operaton' is not a lint.engine.Kind"):
        Walker([("x", {"operaton": lambda *a: None})], ctx=None)  # type: ignore[dict-item, arg-type]
    with pytest.raises(AttributeError):
        getattr(Kind, "OPERATON")
