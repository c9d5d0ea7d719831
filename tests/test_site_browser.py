"""The built site: a strict MkDocs build of our spec, the plugin's serve behaviour, and Chromium (Playwright) on it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OPERATION_PAGES = ["post-v1-chat-completions", "post-v1-responses", "get-v1-models"]

pytestmark = pytest.mark.xdist_group("site")


def mkdocs_build(config: Path, site: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def test_strict_build_of_our_spec(site, tmp_path):
    # also from another working directory, straight through mkdocs: paths resolve against mkdocs.yml
    other = tmp_path / "elsewhere"
    proc = mkdocs_build(ROOT / "mkdocs.yml", other, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert (other / "reference" / "get-v1-models" / "index.html").is_file()
    for slug in OPERATION_PAGES:
        html = (site / "reference" / slug / "index.html").read_text()
        assert "<table>" in html
    assert (site / "reference" / "schemas" / "chat-message" / "index.html").is_file()
    assert not (site / "snippets").exists() and not (site / "templates").exists()
    index = (site / "index.html").read_text()
    assert "API reference" in index and "Create a chat completion" in index
    assert re.search(r">\s*Chat\s*<", index) and re.search(r">\s*Toolchain\s*<", index)  # nav grouped by tag


def test_snippets_are_included_not_pasted(site):
    snippet = ROOT / "docs" / "snippets" / "post-v1-chat-completions" / "minimal.py"
    assert snippet.is_file(), f"{snippet} is gone: point this test at another snippet of the chat page"
    html = (site / "reference" / "post-v1-chat-completions" / "index.html").read_text()
    assert "--8&lt;--" not in html and "--8<--" not in html
    assert "from" in html and "OpenAI" in html  # the file's code made it into the page


def test_llms_txt_and_markdown_copies(site):
    llms = (site / "llms.txt").read_text()
    assert llms.startswith("# Helicone AI Gateway")
    for slug in OPERATION_PAGES:
        assert f"reference/{slug}.md" in llms
        md = (site / "reference" / f"{slug}.md").read_text()
        assert md.startswith("# ") and "===" not in md and "--8<--" not in md
    full = (site / "llms-full.txt").read_text()
    assert "tool_choice" in full and "## Request body" in full
    assert (site / "quickstart.md").is_file()


def test_generated_pages_edit_link_points_at_the_spec_fragment(site):
    html = (site / "reference" / "post-v1-chat-completions" / "index.html").read_text()
    assert "gateway-docs/edit/main/specs/src/chat.yaml" in html


# ----------------------------------------------------------------------------------------------- browser
# Fixtures `site`, `server`, `browser` and `page` live in conftest.py (shared with test_reference_site.py).
@pytest.mark.browser
@pytest.mark.parametrize("slug", OPERATION_PAGES)
def test_reference_page_renders_property_tables(page, server, slug):
    page.goto(f"{server}/reference/{slug}/")
    page.wait_for_selector("article table")
    headers = page.locator("article table").first.locator("th").all_inner_texts()
    assert headers[:2] == ["Field", "Type"] or headers[:2] == ["Status", "Meaning"] or "Field" in headers
    assert page.locator("article table:visible").count() >= 1
    assert page.locator("article h1").inner_text().strip()
    assert page.console_errors == []


@pytest.mark.browser
def test_content_tabs_switch(page, server):
    page.goto(f"{server}/reference/post-v1-chat-completions/")
    tabset = page.locator("article .tabbed-set:visible").first
    labels = tabset.locator(":scope > .tabbed-labels > label")
    assert labels.count() >= 2
    blocks = tabset.locator(":scope > .tabbed-content > .tabbed-block")
    assert blocks.nth(0).is_visible() and not blocks.nth(1).is_visible()
    labels.nth(1).click()
    page.wait_for_timeout(100)
    assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()
    assert page.console_errors == []


@pytest.mark.browser
def test_search_finds_tool_choice(page, server):
    page.goto(f"{server}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("tool_choice", delay=20)  # real key events: Material's search listens to keys
    result = page.locator(".md-search-result__item").first
    result.wait_for(state="visible", timeout=60_000)  # the search index loads in a worker: slow on a busy CI box
    assert "tool_choice" in page.locator(".md-search-result").inner_text()
    assert page.console_errors == []


@pytest.mark.browser
def test_palette_toggle_switches_scheme(page, server):
    page.goto(f"{server}/quickstart/")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert before != after
    copy = "article button[data-md-type='copy']"  # code copy buttons, added by Material's JS
    page.wait_for_selector(copy, state="attached")
    assert page.locator(copy).count() >= 1
    assert page.console_errors == []
