"""Shared fixtures and the suite's rule that no test silently fails to run.

The package is importable from scripts/ even when it is not installed (e.g. a bare pytest run).

A green run that tested less than it says is worse than a red one, so the run fails (exit status 1, each case named
in a "tests that did not run" section) when

- a test is skipped: on a fresh clone that means a fixture or tool `make test` should have provided. The only
  exception is a test marked ``@pytest.mark.optional_tier("NAME")`` where NAME is listed under "Optional test
  tiers" in README.md;
- two tests share a node id: pytest-xdist's ``--dist loadgroup`` (``make test``) runs only one of them.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Screenshots the browser tests take (for a reviewer to look at). The committed ones in benchmarks/results/screenshots
# are refreshed only on request (GATEWAY_DOCS_SCREENSHOTS=1), so a test run leaves the tree clean.
SCREENSHOTS = (ROOT / "benchmarks" / "results" / "screenshots" if os.environ.get("GATEWAY_DOCS_SCREENSHOTS")
               else Path(os.environ.get("TMPDIR", "/tmp")) / "gateway-docs-screenshots")
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

_TIER_HEADING = "### Optional test tiers"


def optional_tiers(readme: Path = ROOT / "README.md") -> set[str]:
    """The tier names README.md lists (``- `name`: ...`` lines) under its "Optional test tiers" heading."""
    try:
        text = readme.read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    _, found, rest = text.partition(_TIER_HEADING + "\n")
    if not found:
        return set()
    section = re.split(r"\n#{1,3} ", rest, maxsplit=1)[0]
    return set(re.findall(r"^- `([\w.-]+)`", section, flags=re.M))


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (file, line, "Skipped: reason")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


class NothingSilentlyUnrun:
    """Collects skips (other than approved optional tiers) and duplicate node ids; fails the session on any."""

    def __init__(self, config):
        self.config = config
        self.skips: dict[str, str] = {}  # nodeid -> why (dict: xdist workers may report one module twice)
        self.duplicates: dict[str, int] = {}  # nodeid -> how many tests have it

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = (yield).get_result()
        marker = item.get_closest_marker("optional_tier")
        if marker is not None:  # an attribute of the report, so xdist carries it to the controller
            report.optional_tier = str(marker.args[0]) if marker.args else ""

    def pytest_runtest_logreport(self, report):
        if not report.skipped or hasattr(report, "wasxfail"):  # an xfail is declared, not silent
            return
        tier = getattr(report, "optional_tier", None)
        if tier is not None and tier in optional_tiers():
            return
        why = _skip_reason(report)
        if tier is not None:
            why += f" [optional_tier({tier!r}) is not listed under '{_TIER_HEADING}' in README.md]"
        self.skips[report.nodeid] = why

    def pytest_collectreport(self, report):
        if report.skipped:
            self.skips[report.nodeid] = f"{_skip_reason(report)} (the whole module)"

    def _count_ids(self, nodeids) -> None:
        self.duplicates.update((nodeid, n) for nodeid, n in Counter(nodeids).items() if n > 1)

    def pytest_collection_finish(self, session):  # a serial run (and each xdist worker)
        self._count_ids(item.nodeid for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids):  # the xdist controller, once per worker
        self._count_ids(ids)

    def _is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")  # an xdist worker: the controller sees all reports and decides

    def pytest_sessionfinish(self, session):
        if (self.skips or self.duplicates) and not self._is_worker() and session.exitstatus in (
                pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if not (self.skips or self.duplicates) or self._is_worker():
            return
        write = terminalreporter.line
        terminalreporter.section("tests that did not run: the run fails", sep="=", red=True, bold=True)
        for nodeid, why in self.skips.items():
            write(f"SKIPPED {nodeid}: {why}", red=True)
        if self.skips:
            write(f"{len(self.skips)} test(s) skipped. A test may only skip when it is marked "
                  f"@pytest.mark.optional_tier(NAME) with NAME listed under '{_TIER_HEADING}' in README.md. "
                  "Otherwise give it what it needs: `make test` installs the tools, fixtures live in tests/fixtures/.")
        for nodeid, n in self.duplicates.items():
            write(f"DUPLICATE {nodeid}: {n} tests have this node id and pytest-xdist runs only one of them; give "
                  "each its own test function or parameter id", red=True)


def pytest_configure(config):
    config.pluginmanager.register(NothingSilentlyUnrun(config), "nothing-silently-unrun")


# -- the built site and a browser: tests/test_site_browser.py and tests/test_try_it.py (one build, one Chromium) --
@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our site, built once per session with --strict from a directory that is not the project root."""
    out = tmp_path_factory.mktemp("site") / "site"
    # `gateway-docs build`: bundle check, validate, then mkdocs build --strict (lint has its own tests).
    proc = subprocess.run([sys.executable, "-m", "gateway_docs", "build", "--no-lint", "-d", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return out


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site over HTTP on a free loopback port (no trailing slash)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium is not installed at {CHROMIUM}: run make system-deps (make test does)",
                    pytrace=False)
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


