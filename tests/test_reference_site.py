"""Issue #13: the reference pages on the built site, measured the way a reader meets them.

Budgets on the built files (page weight, navigation weight, llms-full.txt), then Chromium at 1440x900 and 390x844:
examples beside the fields and sticky, no horizontal overflow on a phone, field anchors, the variant switcher,
search ranking, and axe-core (no serious or critical violations). Screenshots of both widths go to
benchmarks/results/screenshots/ (the figures in the issue report come from these runs).
"""
from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any, Iterator

from conftest import SCREENSHOTS
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAT = "reference/post-v1-chat-completions"
AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = SCREENSHOTS  # committed copies refreshed only with GATEWAY_DOCS_SCREENSHOTS=1

KB = 1024  # as the issue measured them (198 KB = 202,739 bytes)
PAGE_BUDGET = 100 * KB  # HTML of the chat-completions page
NAV_BUDGET = 15 * KB  # the primary navigation, on every page
LLMS_FULL_BUDGET = 300 * KB

pytestmark = pytest.mark.xdist_group("site")


def primary_nav(html: str) -> str:
    """The <nav class="md-nav md-nav--primary"> element of a page, nested <nav>s included."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    depth = 0
    for m in re.finditer(r"<nav\b|</nav>", html[start:]):
        depth += 1 if m.group() == "<nav" else -1
        if depth == 0:
            return html[start:start + m.end()]
    raise AssertionError("unclosed primary nav")


# ------------------------------------------------------------------------------------------------------ budgets
def test_page_navigation_and_llms_budgets(site):
    chat = (site / CHAT / "index.html").read_bytes()
    assert len(chat) <= PAGE_BUDGET, f"chat page is {len(chat)} bytes (budget {PAGE_BUDGET})"
    heavy = {}
    for page in site.rglob("index.html"):
        size = len(primary_nav(page.read_text()).encode())
        if size > NAV_BUDGET:
            heavy[str(page.relative_to(site))] = size
    assert not heavy, f"navigation over {NAV_BUDGET} bytes: {heavy}"
    full = (site / "llms-full.txt").read_text()
    assert len(full.encode()) <= LLMS_FULL_BUDGET, f"llms-full.txt is {len(full.encode())} bytes"
    # Shared schemas once, referenced by name from the operations.
    sources = re.findall(r"<!-- source: (\S+) -->", full)
    assert len(sources) == len(set(sources))
    assert "<!-- source: reference/schemas/create-chat-completion-request.md -->" in full
    chat_md = full.split("<!-- source: reference/post-v1-chat-completions.md -->", 1)[1].split("<!-- source:", 1)[0]
    assert "Schema: [CreateChatCompletionRequest](schemas/create-chat-completion-request.md)" in chat_md
    assert "lint-rules.md" not in sources  # toolchain pages: in llms.txt, not in llms-full.txt
    assert "lint-rules.md" in (site / "llms.txt").read_text()


def test_readers_nav_and_toolchain_section(site):
    nav = primary_nav((site / "index.html").read_text())
    text = re.sub(r"<[^>]+>", " ", nav)
    assert "Guides" in text and "API reference" in text and "Toolchain" in text
    guides = text.split("Guides", 1)[1].split("API reference", 1)[0]
    assert "Lint rules" not in guides and "mock gateway" not in guides and "Contributing" not in guides
    toolchain = text.split("Toolchain", 1)[1]
    assert "Lint rules" in toolchain and "mock gateway" in toolchain and "Contributing" in toolchain
    assert "Schemas" not in text  # 150 schema pages are listed on the reference index, not in every page's nav


def test_errors_table_lists_gateway_statuses(site):
    html = (site / CHAT / "index.html").read_text()
    errors = html.split('id="errors"', 1)[1]
    table = errors.split("</table>", 1)[0]
    for status in ("400", "401", "403", "404", "413", "429", "500", "502", "503", "504"):
        assert f"<code>{status}</code>" in table, status
    assert "rate_limit_error" in table and "request_too_large" in table and "retry-after-ms" in table


# ------------------------------------------------------------------------------------------------------ browser
@contextlib.contextmanager
def open_page(browser, server, path: str, width: int, height: int) -> Iterator[Any]:
    """A page of the built site in a fresh browser context of the given viewport size."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{server}/{path}")
        yield page
    finally:
        context.close()


OVERFLOW_JS = """() => {
  const w = window.innerWidth, bad = [];
  // an ancestor that scrolls (or clips) horizontally and itself fits in the viewport
  const scrolls = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && a.getBoundingClientRect().right <= w + 1
          && a.getBoundingClientRect().left >= -1) return a; }
    return null; };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > w + 1 || r.left < -1) {
      const box = scrolls(el);
      // inside its own scrolling box (a table or code block that scrolls), which itself fits: fine
      if (box) continue;
      if (getComputedStyle(el).position === 'fixed' || el.closest('.md-sidebar, .md-search, [hidden]')) continue;
      bad.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className + ' ' + Math.round(r.right));
    }
  }
  return {bad: bad.slice(0, 20), count: bad.length, scrollWidth: document.documentElement.scrollWidth, w};
}"""


@pytest.mark.browser
def test_two_columns_with_sticky_examples_at_1440(browser, server):
    with open_page(browser, server, f"{CHAT}/", 1440, 900) as page:
        main = page.locator(".gd-op__main").bounding_box()
        examples = page.locator(".gd-op__examples").bounding_box()
        assert main and examples
        assert examples["x"] >= main["x"] + main["width"] - 1, (main, examples)  # beside, on the right
        assert examples["width"] > 400 and main["width"] > 500
        assert page.locator(".gd-op__examples").evaluate("e => getComputedStyle(e).position") == "sticky"
        page.locator("#req-tools").scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        stuck = page.locator(".gd-op__examples").bounding_box()
        assert stuck and 0 <= stuck["y"] <= 120, stuck  # still in view while the fields scroll
        assert page.locator(".gd-op__examples .tabbed-labels label").all_inner_texts()[:3] == [
            "cURL", "Python", "TypeScript"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.goto(f"{server}/{CHAT}/")
        page.screenshot(path=str(SHOTS / "chat-1440x900.png"))
        page.evaluate("document.getElementById('req-messages').scrollIntoView()")
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / "chat-fields-1440x900.png"))
        for name, path in (("index", "reference/"), ("schema", "reference/schemas/chat-message/")):
            page.goto(f"{server}/{path}")
            page.screenshot(path=str(SHOTS / f"{name}-1440x900.png"))
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=str(SHOTS / f"{name}-390x844.png"))
            page.set_viewport_size({"width": 1440, "height": 900})


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "reference/", f"{CHAT}/", "reference/post-v1-responses/",
                                  "reference/schemas/chat-message/", "errors-and-retries/", "lint-rules/"])
def test_no_horizontal_overflow_at_390(browser, server, path):
    with open_page(browser, server, path, 390, 844) as page:
        page.wait_for_timeout(300)
        # open every nested block and show every variant: hidden content must fit too
        page.evaluate("""() => { document.querySelectorAll('article details').forEach(d => d.open = true);
                                 document.querySelectorAll('.gd-variants > div').forEach(d => d.style.display = 'block'); }""")
        result = page.evaluate(OVERFLOW_JS)
        assert result["scrollWidth"] <= result["w"], result
        assert result["count"] == 0, result
        if path == f"{CHAT}/":
            examples = page.locator(".gd-op__examples").bounding_box()
            main = page.locator(".gd-op__main").bounding_box()
            h1 = page.locator("article h1").bounding_box()
            assert h1["y"] < examples["y"] < main["y"]  # one column: summary, examples, fields
            page.reload()  # as a reader sees it: nothing opened by the test
            page.wait_for_timeout(300)
            page.screenshot(path=str(SHOTS / "chat-390x844.png"))
            page.evaluate("document.getElementById('req-messages').scrollIntoView()")
            page.wait_for_timeout(200)
            page.screenshot(path=str(SHOTS / "chat-fields-390x844.png"))


@pytest.mark.browser
def test_field_anchors_scroll_to_the_field(browser, server):
    with open_page(browser, server, f"{CHAT}/#req-messages-content", 1440, 900) as page:
        page.wait_for_timeout(400)
        box = page.locator("#req-messages-content").bounding_box()
        assert box and 0 <= box["y"] <= 300, box
        link = page.locator("#req-messages-content > p:first-child > a.gd-anchor").first
        assert link.get_attribute("href") == "#req-messages-content"
        assert float(page.locator("#req-model > p:first-child > a.gd-anchor").first.evaluate(
            "e => getComputedStyle(e).opacity")) == 0
        page.locator("#req-model > p:first-child").hover()
        page.wait_for_timeout(100)
        assert float(page.locator("#req-model > p:first-child > a.gd-anchor").first.evaluate(
            "e => getComputedStyle(e).opacity")) == 1
        # a field two closed levels down: the link opens its <details> and scrolls to it
        page.goto(f"{server}/{CHAT}/#res-choices-message-tool_calls")
        page.wait_for_timeout(400)
        target = page.locator("#res-choices-message-tool_calls")
        assert target.is_visible()
        box = target.bounding_box()
        assert box and 0 <= box["y"] <= 400, box


@pytest.mark.browser
def test_variant_switcher(browser, server):
    with open_page(browser, server, f"{CHAT}/", 1440, 900) as page:
        switcher = page.locator("#req-messages .gd-variants").first
        labels = switcher.locator(":scope > .gd-variants__tabs > label")
        names = labels.all_inner_texts()
        assert names[:3] == ["developer", "system", "user"], names
        assert not any(n.startswith(("Either", "Or", "Option")) for n in names)
        panels = switcher.locator(":scope > div:not(.gd-variants__tabs)")
        assert panels.nth(0).is_visible() and not panels.nth(2).is_visible()
        labels.nth(2).click()
        assert panels.nth(2).is_visible() and not panels.nth(0).is_visible()
        assert "ChatUserMessage" in panels.nth(2).inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("query, expected", [("chat completions", "reference/post-v1-chat-completions/"),
                                             ("responses", "reference/post-v1-responses/"),
                                             ("list models", "reference/get-v1-models/")])
def test_search_ranks_the_operation_page_first(page, server, query, expected):
    page.goto(f"{server}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(300)
    href = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert href is not None and href.split("#")[0].split("?")[0].rstrip("/").endswith(expected.rstrip("/")), href


@pytest.mark.browser
@pytest.mark.parametrize("path", ["reference/", f"{CHAT}/", "reference/schemas/chat-message/"])
def test_axe_no_serious_or_critical_violations(browser, server, path):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (make node-deps)")
    with open_page(browser, server, path, 1440, 900) as page:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""")
        assert result == [], result
