"""Shared fixtures. The package is importable from scripts/ even when it is not installed (e.g. a bare pytest run)."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))


# ------------------------------------------------------------------ the built site and a browser on it (session)
@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """Our site, built once per session with --strict from a directory that is not the project root."""
    out = tmp_path_factory.mktemp("site") / "site"
    # `gateway-docs build`: bundle check, validate, then mkdocs build --strict (lint has its own tests).
    proc = subprocess.run([sys.executable, "-m", "gateway_docs", "build", "--no-lint", "-d", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return out


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (tests/setup/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []

    def on_console(msg):
        # The only outside request is Material's GitHub repository badge (api.github.com), which cannot resolve in
        # an offline test; anything that fails on our own origin, or any script error, counts.
        where = (msg.location or {}).get("url", "")
        if msg.type == "error" and (where.startswith("http://127.0.0.1") or not where):
            errors.append(f"{msg.text} ({where})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("requestfailed", lambda r: errors.append(f"failed: {r.url}") if r.url.startswith("http://127.0.0.1")
          else None)
    pg.console_errors = errors
    yield pg
    context.close()


