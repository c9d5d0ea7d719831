"""`make serve` as a reader of the preview sees it: a real `mkdocs serve` on a copy of the project, Chromium on it.

A spec edit shows in the browser within 3 s (only the pages that read the edited nodes are rendered and converted
again); a spec edit that does not validate shows a banner with file:line and the message on the page, above the
last good content; fixing it removes the banner.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PREVIEW_BUDGET_S = 3.0

pytestmark = [pytest.mark.xdist_group("site"), pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float, absent: bool = False) -> float:
    """Seconds until the page at `url` contains `text` (or no longer does)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if (text in _get(url)) != absent:
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"{url}: {'still' if absent else 'no'} {text!r} after {timeout} s")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`mkdocs serve` as `make serve` runs it (at /, no path prefix), on a copy of docs/, specs/ and mkdocs.yml."""
    project = tmp_path_factory.mktemp("preview")
    for name in ("docs", "specs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("reference", "node_modules"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/reference/get-v1-models/", "List models", timeout=180)
        yield project, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path}: no {old!r}"
    path.write_text(text.replace(old, new, 1))


def test_served_at_root_and_a_spec_edit_shows_within_budget(preview):
    project, base = preview
    assert "<title>" in _get(f"{base}/")  # no /gateway-docs/ prefix
    models = project / "specs" / "src" / "models.yaml"
    edit(models, "The model catalogue.", "The model catalogue (edited 1).")
    took = wait_for(f"{base}/reference/get-v1-models/", "The model catalogue (edited 1).", timeout=60)
    print(f"preview: spec edit visible after {took:.2f} s")
    assert took <= PREVIEW_BUDGET_S, f"spec edit took {took:.2f} s to show (budget {PREVIEW_BUDGET_S} s)"


def test_snippet_edit_shows_within_budget(preview):
    project, base = preview
    snippet = project / "docs" / "snippets" / "get-v1-models" / "minimal.sh"
    snippet.write_text(snippet.read_text() + "# edited snippet line\n")
    took = wait_for(f"{base}/reference/get-v1-models/", "edited snippet line", timeout=60)
    print(f"preview: snippet edit visible after {took:.2f} s")
    assert took <= PREVIEW_BUDGET_S, f"snippet edit took {took:.2f} s to show (budget {PREVIEW_BUDGET_S} s)"


def test_invalid_spec_edit_shows_a_banner_with_file_and_line(preview, browser):
    # The session's browser (conftest): a second sync_playwright in the same worker process fails once the
    # session's is running.
    project, base = preview
    models = project / "specs" / "src" / "models.yaml"
    good = models.read_text()
    edit(models, "operationId: listModels", "operationId: listModels\n      responses: 12")
    try:
        wait_for(f"{base}/reference/get-v1-models/", "gd-error-banner", timeout=60)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"{base}/reference/get-v1-models/")
            banner = page.locator(".gd-error-banner")
            assert banner.is_visible()
            text = banner.inner_text()
            assert "models.yaml:" in text and "error" in text, text
            box = banner.bounding_box()
            assert box is not None and box["y"] < 100  # at the top of the page, not below the fold
            assert "List models" in page.locator("article h1").inner_text()  # last good page still served
        finally:
            context.close()
    finally:
        models.write_text(good)
    wait_for(f"{base}/reference/get-v1-models/", "gd-error-banner", timeout=60, absent=True)
