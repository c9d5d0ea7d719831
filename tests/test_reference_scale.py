"""Big specs: field lists as HTML fragments spliced in after Python-Markdown, forked rendering, batched writes, and
a navigation that does not list 500 operations on every page."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from gateway_docs.core.files import commit_staged, stage_files
from gateway_docs.load import load_spec
from gateway_docs.render import Reference, splice
from gateway_docs.render.html import markdown_html

from conftest import QuietHandler
from test_site_plugin import make_project

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"
GITHUB = ROOT / "tests" / "corpus" / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"


# ------------------------------------------------------------------------------------------------- fragments
def test_fragments_lift_out_and_go_back_with_site_links():
    md = ("# T\n\nText.\n\n" + splice.START + "\n<div class=\"gd-fields\">\n<p><a href=\"schemas/a.md#x\">A</a> "
          "<a href=\"https://e.com/b.md\">web</a></p>\n</div>\n" + splice.END + "\n\n!!! note\n    " + splice.START +
          "\n    <p>indented</p>\n    " + splice.END + "\n")
    skeleton, fragments = splice.lift(md)
    assert splice.START not in skeleton and len(fragments) == 2 and fragments[1] == "<p>indented</p>"
    html = skeleton.replace("<!--gd-slot:1-->", "<p><!--gd-slot:1--></p>")  # inline, as inside an admonition
    out = splice.put_back(html, fragments, lambda path: "../schemas/a/" if path == "schemas/a.md" else None)
    assert '<a href="../schemas/a/#x">A</a>' in out and 'href="https://e.com/b.md"' in out
    assert "<p><p>" not in out and "gd-slot" not in out
    assert splice.text_only("<div><p><code>a</code> &lt;b&gt; x</p></div>") == "<p>a &lt;b&gt; x</p>"


def test_fragment_html_has_no_blank_line_even_for_preformatted_text():
    html = markdown_html('<pre>line 1\n\nline 3</pre>\n\nafter')
    assert "\n\n" not in html and "line 1\n&#10;line 3" in html
    body = splice.body("<div>\n\n<p>a</p>\n   \n</div>")
    assert body == "<div>\n<p>a</p>\n</div>"


def test_a_page_is_the_same_through_python_markdown_and_through_the_splice():
    """The Markdown that `gateway-docs reference` writes (raw HTML blocks) and the site's splice give the same HTML."""
    import markdown

    page = Reference(json.loads(SPEC.read_text())).render_all()["post-v1-chat-completions.md"]
    extensions = ["attr_list", "md_in_html", "tables", "pymdownx.superfences", "pymdownx.details",
                  {"pymdownx.tabbed": {"alternate_style": True}}]
    exts = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    configs = {k: v for e in extensions if isinstance(e, dict) for k, v in e.items()}
    whole = markdown.markdown(page, extensions=exts, extension_configs=configs)
    skeleton, fragments = splice.lift(page)
    spliced = splice.put_back(markdown.markdown(skeleton, extensions=exts, extension_configs=configs), fragments,
                              lambda _: None)
    def norm(h: str) -> str:  # md_in_html re-serialises the raw HTML it parses: `open` becomes `open="open"`
        h = re.sub(r'\b(\w+)="\1"', r"\1", h.replace(splice.START, "").replace(splice.END, ""))
        return re.sub(r"\s+", " ", h).replace("> <", "><")
    assert norm(spliced) == norm(whole)
    assert 'id="req-messages-content"' in spliced


# ------------------------------------------------------------------------------------------------- rendering
def test_forked_rendering_gives_the_same_pages_as_one_process():
    spec = load_spec(str(GITHUB))
    ref = Reference(spec.data)
    pages = ref.pages(fingerprints=False)[:260]  # past PARALLEL_MIN_PAGES, so workers are forked
    one = ref.render_many(pages, jobs=1)
    two = Reference(spec.data, refs=spec.refs).render_many(pages, jobs=2)  # and the $refs as loading found them
    assert spec.refs is not None and len(spec.refs) > 10000
    assert list(one) == list(two) == [p.path for p in pages]
    assert one == two


def test_batched_writes_skip_unchanged_files_and_keep_their_mode(tmp_path):
    same, changed, new = tmp_path / "same.md", tmp_path / "changed.md", tmp_path / "sub" / "new.md"
    same.write_text("a")
    changed.write_text("old")
    changed.chmod(0o600)
    before = same.stat().st_mtime_ns
    flags, staged = stage_files([(same, "a"), (changed, "new"), (new, "n")])
    assert flags == [False, True, True] and changed.read_text() == "old"  # nothing replaced before the commit
    commit_staged(staged)
    assert same.stat().st_mtime_ns == before and changed.read_text() == "new" and new.read_text() == "n"
    assert changed.stat().st_mode & 0o777 == 0o600 and new.stat().st_mode & 0o777 == 0o644
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failed_batch_leaves_no_temporary_files_and_no_half_written_page(tmp_path):
    (tmp_path / "blocker").write_text("a file where a folder should be")
    good = tmp_path / "good.md"
    good.write_text("before")
    with pytest.raises(OSError):
        stage_files([(good, "after"), (tmp_path / "blocker" / "x.md", "x")])
    assert good.read_text() == "before" and not list(tmp_path.rglob("*.tmp"))


# ------------------------------------------------------------------------------------------------- the site
def test_built_pages_have_their_fragments_spliced_in_with_site_links(site: Path):
    chat = (site / "reference" / "post-v1-chat-completions" / "index.html").read_text()
    assert "gd-html" not in chat and "gd-slot" not in chat
    assert '<div id="req-messages-content">' in chat
    links = re.findall(r'<div class="gd-fields">.*', chat, re.S)[0]
    targets = set(re.findall(r'href="(\.\./schemas/[^"#]+)"', links))
    assert targets and not re.search(r'href="[^"]*\.md"', chat)
    for t in targets:  # every link of a field list resolves to a built page
        assert (site / "reference" / "post-v1-chat-completions" / t / "index.html").resolve().is_file(), t
    index = json.loads((site / "search" / "search_index.json").read_text())
    texts = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("reference/post-v1-chat-completions/"))
    assert "The conversation so far, oldest first." in texts  # a field's description, searchable


@pytest.mark.slow
def test_big_spec_nav_and_an_operation_without_examples(tmp_path, browser):
    """Past `operations_in_nav` the nav holds the reference index only; an operation with no example at all (common
    in other people's specs) gives its fields the whole width at 1440 px instead of leaving an empty column."""
    spec = json.loads(SPEC.read_text())
    spec["paths"]["/v1/ping"] = {"get": {"operationId": "ping", "summary": "Ping", "tags": ["Models"],
                                         "responses": {"200": {"description": "OK", "content": {"application/json": {
                                             "schema": {"$ref": "#/components/schemas/Model"}}}}}}}
    config_file = make_project(tmp_path, spec)
    config = yaml.safe_load(config_file.read_text())
    config["plugins"][1]["gateway-docs"]["operations_in_nav"] = 2
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!ENV", ""))
    config["extra_css"], config["extra_javascript"] = ours["extra_css"], ours["extra_javascript"]
    for folder in ("stylesheets", "javascripts", "assets"):
        shutil.copytree(ROOT / "docs" / folder, tmp_path / "docs" / folder)
    config_file.write_text(yaml.safe_dump(config, sort_keys=False))
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d",
                           str(site)], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    page = (site / "reference" / "post-v1-chat-completions" / "index.html").read_text()
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index("md-sidebar--secondary")]
    assert "get-v1-models" not in nav and "post-v1-responses" not in nav
    assert re.search(r'<a href="\.\./" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*API reference', nav)
    index = (site / "reference" / "index.html").read_text()  # the index still lists every operation
    assert all(f'href="{slug}/"' in index for slug in ("post-v1-chat-completions", "post-v1-responses",
                                                      "get-v1-models", "get-v1-ping"))

    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        pg = context.new_page()
        widths = {}
        for slug in ("get-v1-ping", "get-v1-models"):
            pg.goto(f"http://127.0.0.1:{httpd.server_address[1]}/reference/{slug}/")
            widths[slug] = pg.evaluate("""() => {
                const op = document.querySelector('.gd-op').getBoundingClientRect().width;
                const main = document.querySelector('.gd-op__main').getBoundingClientRect().width;
                const ex = document.querySelector('.gd-op__examples');
                return [main / op, ex ? ex.getBoundingClientRect().width : 0];
            }""")
        pg.set_viewport_size({"width": 390, "height": 844})
        pg.goto(f"http://127.0.0.1:{httpd.server_address[1]}/reference/get-v1-ping/")
        overflow = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        context.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert widths["get-v1-ping"][0] > 0.99 and widths["get-v1-ping"][1] == 0  # no example: one full-width column
    assert widths["get-v1-models"][0] < 0.6 and widths["get-v1-models"][1] > 300  # examples beside the fields
    assert overflow <= 0


def test_a_worker_that_fails_leaves_no_temporary_files(tmp_path, monkeypatch, capsys):
    """The command stages pages in forked workers and renames them only when all succeeded: a failure in one worker
    leaves the output folder as it was (no temporary files, no half of the pages replaced)."""
    from gateway_docs.cli import main
    from gateway_docs.render import pages as render_pages

    out = tmp_path / "ref"
    spec = json.loads(GITHUB.read_text())
    small = tmp_path / "spec.json"
    keep = dict(list(spec["paths"].items())[:150])  # ~250 operations: past PARALLEL_MIN_PAGES with the schemas
    small.write_text(json.dumps({**spec, "paths": keep}))
    assert main(["reference", "--spec", str(small), "--out", str(out), "--jobs", "2"]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*.md")}
    assert len(before) > render_pages.PARALLEL_MIN_PAGES

    original = render_pages.Reference.render

    def render(self, page, plain=False):
        if page.path.endswith("repository.md"):  # only in one worker's share
            raise RuntimeError("worker failed")
        return original(self, page, plain) + "changed\n"

    monkeypatch.setattr(render_pages.Reference, "render", render)
    capsys.readouterr()
    assert main(["reference", "--spec", str(small), "--out", str(out), "--jobs", "2"]) != 0
    assert "worker failed" in capsys.readouterr().err
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert {p: p.read_bytes() for p in out.rglob("*.md")} == before
