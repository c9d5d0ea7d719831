"""The try-it console on the reference pages, in Debian's Chromium (Playwright) against the mock gateway: the site is
served from one origin and the mock from another, so every request goes through a real CORS preflight."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import SCREENSHOTS
from gateway_docs.mock import running

ROOT = Path(__file__).resolve().parents[1]
SHOTS = SCREENSHOTS
KEY = "sk-console-secret-4242"
CHAT = "reference/post-v1-chat-completions/"

pytestmark = pytest.mark.xdist_group("site")


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    # a pause between streamed events, so the test can see the events arrive one after another
    with running(chunk_delay_ms=40) as m:
        yield m.url.removesuffix("/v1")


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.sent = []  # every request the page makes: (url, headers)
    pg.on("request", lambda r: pg.sent.append((r.url, r.headers)))
    pg.page_errors = errors
    yield pg
    context.close()


def open_console(page: Any, server: str, mock: str, slug: str = CHAT) -> Any:
    page.goto(f"{server}/{slug}")
    page.wait_for_function("window.ajv2020 !== undefined")
    page.select_option("#try-it-base", "custom")
    page.fill("#try-it-custom", mock)
    page.fill("#try-it-key", KEY)
    return page.locator(".try-it")


@pytest.mark.browser
def test_send_a_chat_request_and_see_the_answer(page: Any, server: str, mock: str) -> None:
    console = open_console(page, server, mock)
    assert '"Say hello in one sentence."' in page.input_value("#try-it-body")  # prefilled with the spec's example
    page.click(".try-it__send")
    page.wait_for_selector(".try-it__status-line:has-text('HTTP 200')")
    body = json.loads(console.locator(".try-it__out").inner_text())
    assert body["object"] == "chat.completion"
    assert body["choices"][0]["message"]["content"] == "Hello! How can I help you today?"
    headers = console.locator(".try-it__headers").text_content()
    assert "x-request-id: req_" in headers and "content-type: application/json" in headers
    assert any(u.startswith(mock) and "authorization" in h for u, h in page.sent)
    assert page.page_errors == []


@pytest.mark.browser
def test_stream_shows_events_as_they_arrive(page: Any, server: str, mock: str) -> None:
    console = open_console(page, server, mock)
    page.select_option("#try-it-example", "1")  # the spec's streaming example
    assert '"stream": true' in page.input_value("#try-it-body")
    page.click(".try-it__send")
    events = console.locator(".try-it__events li")
    events.first.wait_for()
    early = events.count()
    page.wait_for_selector(".try-it__status:has-text('Done: HTTP 200')", timeout=20_000)
    total = events.count()
    assert 1 <= early < total, (early, total)  # seen while the stream was still coming in
    assert events.last.inner_text() == "message [DONE]"
    assert "Load balancers hum softly" in console.locator(".try-it__text").inner_text() or \
        console.locator(".try-it__text").inner_text().count("\n") == 2  # a haiku: three lines
    assert page.page_errors == []


@pytest.mark.browser
def test_invalid_body_shows_the_field_error_without_sending(page: Any, server: str, mock: str) -> None:
    console = open_console(page, server, mock)
    page.fill("#try-it-body", json.dumps({"model": "gpt-4o-mini", "temperature": "hot",
                                          "messages": [{"role": "user", "content": "hi"}]}, indent=2))
    page.click(".try-it__send")
    errors = console.locator(".try-it__errors")
    errors.wait_for()
    assert "temperature" in errors.inner_text() and "must be number" in errors.inner_text()
    assert page.get_attribute("#try-it-body", "aria-invalid") == "true"
    # the error points at the field: "Go to field" selects it in the editor
    errors.locator("li[data-pointer='/temperature'] .try-it__goto").click()
    selected = page.evaluate("(() => { const t = document.getElementById('try-it-body');"
                             " return t.value.slice(t.selectionStart, t.selectionEnd); })()")
    assert selected.startswith('"temperature"')
    page.fill("#try-it-body", '{"model": "gpt-4o-mini", "messages": [{"role": "wizard", "content": "hi"}]}')
    page.click(".try-it__send")
    assert "messages[0].role: must be one of " in errors.inner_text() and '"user"' in errors.inner_text()
    assert errors.locator("li").count() == 1, errors.inner_text()  # one line for the six branches of the oneOf
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content=".md-header, .md-top { visibility: hidden !important; }")
    console.screenshot(path=str(SHOTS / "try-it-invalid-1440.png"))
    page.fill("#try-it-body", '{"model": ')
    page.click(".try-it__send")
    assert "not valid JSON" in errors.inner_text()
    assert not [u for u, _ in page.sent if u.startswith(mock)], "an invalid body must not be sent"
    assert page.page_errors == []


@pytest.mark.browser
def test_key_stays_in_session_storage_only(page: Any, server: str, mock: str) -> None:
    open_console(page, server, mock)
    page.click(".try-it__send")
    page.wait_for_selector(".try-it__status-line:has-text('HTTP 200')")
    assert page.evaluate("sessionStorage.getItem('gateway-docs.try-it.api-key')") == KEY
    local = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert KEY not in local and KEY not in page.url and KEY not in page.content()
    assert KEY not in page.locator(".try-it__curl").inner_text()  # the copied command reads $HELICONE_API_KEY
    for url, headers in page.sent:  # the key went to the chosen base URL, and nowhere else
        if KEY in json.dumps(headers) or KEY in url:
            assert url.startswith(mock) and KEY not in url, url
    # a reload in the same tab keeps it; a new tab (context) does not have it
    page.reload()
    assert page.input_value("#try-it-key") == KEY
    other = page.context.browser.new_context().new_page()
    other.goto(page.url)
    assert other.input_value("#try-it-key") == ""
    other.context.close()


@pytest.mark.browser
def test_copy_as_curl_reproduces_the_request(page: Any, server: str, mock: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is installed by make system-deps")
    console = open_console(page, server, mock)
    page.select_option("#try-it-example", "2")  # tool result turn: quotes and a nested JSON string in the body
    page.click(".try-it__send")
    page.wait_for_selector(".try-it__status-line:has-text('HTTP 200')")
    shown = json.loads(console.locator(".try-it__out").inner_text())
    page.click(".try-it__copy")
    page.wait_for_selector(".try-it__status:has-text('Copied')")
    command = page.evaluate("navigator.clipboard.readText()")
    assert command == console.locator(".try-it__curl").inner_text()
    assert command.startswith(f"curl -X POST '{mock}/v1/chat/completions'")
    proc = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30,
                          env={"PATH": os.environ["PATH"], "HELICONE_API_KEY": "sk-from-the-shell"})
    assert proc.returncode == 0, proc.stderr
    again = json.loads(proc.stdout)
    assert again["choices"] == shown["choices"] and again["usage"] == shown["usage"]
    assert shown["choices"][0]["message"]["content"] == "It's 18 °C and cloudy in Paris right now."


@pytest.mark.browser
def test_an_example_picked_before_the_console_data_arrives_still_applies(page: Any, server: str, mock: str) -> None:
    """A reader on a slow network picks an example before the console's data file has loaded: the pick applies
    when it arrives (it used to be dropped, and the first example was sent)."""
    held: list[Any] = []  # the data file's request, held until the example is picked
    page.route("**/assets/try-it/operations/*.json", lambda route: held.append(route))
    page.goto(f"{server}/{CHAT}", wait_until="domcontentloaded")
    page.select_option("#try-it-example", "2")
    assert '"Say hello in one sentence."' in page.input_value("#try-it-body")  # the data is not there yet
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_function("!document.querySelector('#try-it-body').value.includes('Say hello in one sentence.')")
    assert '"tool"' in page.input_value("#try-it-body")  # the tool-result turn, as picked
    assert page.page_errors == []


@pytest.mark.browser
def test_keyboard_only(page: Any, server: str, mock: str) -> None:
    open_console(page, server, mock)
    page.focus("#try-it-body")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('try-it__send')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".try-it__status-line:has-text('HTTP 200')")
    page.focus("#try-it-body")
    page.keyboard.press("Control+Enter")  # send from the editor
    page.wait_for_selector(".try-it__status:has-text('Done: HTTP 200')")
    assert len([u for u, _ in page.sent if u.startswith(mock) and u.endswith("/completions")]) >= 2


@pytest.mark.browser
def test_models_page_sends_a_get_without_body(page: Any, server: str, mock: str) -> None:
    console = open_console(page, server, mock, "reference/get-v1-models/")
    assert page.locator("#try-it-body").count() == 0
    page.click(".try-it__send")
    page.wait_for_selector(".try-it__status-line:has-text('HTTP 200')")
    assert json.loads(console.locator(".try-it__out").inner_text())["object"] == "list"
    assert "--data-raw" not in console.locator(".try-it__curl").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_console_fits_and_screenshots(page: Any, server: str, mock: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    console = open_console(page, server, mock)
    page.select_option("#try-it-example", "1")
    page.click(".try-it__send")
    page.wait_for_selector(".try-it__status:has-text('Done: HTTP 200')", timeout=20_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scroll at {width}px"
    box = console.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    # the page as a reader sees it (sticky header included), scrolled to the console's heading
    page.locator("#try-it").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('try-it').scrollIntoView()")
    page.screenshot(path=str(SHOTS / f"try-it-page-{width}.png"))
    # the whole console; Material's sticky header and back-to-top button would cover part of an element shot
    page.add_style_tag(content=".md-header, .md-top { visibility: hidden !important; }")
    console.screenshot(path=str(SHOTS / f"try-it-console-{width}.png"))


def test_vendored_validator_matches_its_source_note() -> None:
    note = (ROOT / "docs" / "assets" / "try-it" / "SOURCE.md").read_text()
    digest = hashlib.sha256((ROOT / "docs" / "assets" / "try-it" / "ajv2020.min.js").read_bytes()).hexdigest()
    assert f"`{digest}`" in note and "MIT" in note
    assert re.search(r"ajv-dist@8\.17\.1", note)


def test_console_scripts_are_served_by_the_site(site: Path) -> None:
    """No CDN: every script and stylesheet of an operation page is a file of the site itself."""
    html = (site / CHAT / "index.html").read_text()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert any("try-it/try-it.js" in s for s in sources) and any("ajv2020.min.js" in s for s in sources)
    assert all("//" not in s for s in sources), sources
    data = json.loads((site / "assets" / "try-it" / "operations" / "post-v1-chat-completions.json").read_text())
    assert data["method"] == "POST" and data["schema"]["$schema"].endswith("2020-12/schema")


@pytest.mark.browser
def test_responses_stream_in_the_console(page: Any, server: str, mock: str) -> None:
    console = open_console(page, server, mock, "reference/post-v1-responses/")
    page.select_option("#try-it-example", "2")  # reasoning + stream + fallback chain
    page.click(".try-it__send")
    page.wait_for_selector(".try-it__status:has-text('Done: HTTP 200')", timeout=20_000)
    events = console.locator(".try-it__events").inner_text()
    assert "response.created" in events and "response.completed" in events
    assert "sky" in console.locator(".try-it__text").inner_text()  # "Why is the sky blue?" answered
