"""Every example snippet in docs/snippets/ runs against one mock gateway and prints what it declares; every snippet
is used by a page and every page include exists (FastAPI's docs_src discipline)."""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gateway_docs import snippets as sn
from gateway_docs.snippets import readable
from gateway_docs.snippets.runner import fault_plan, snippet_key
from gateway_docs.core.slugs import operation_slugs

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"
ALL = sn.discover()


def _slugs() -> set[str]:
    return set(operation_slugs(json.loads(SPEC.read_text())).values())


@pytest.fixture(scope="session")
def mock_url():
    with sn.running_mock() as url:
        yield url


def _run_selected(wanted: list[str]) -> dict[str, dict]:
    chosen = [s for s in ALL if s.rel in set(wanted)]
    start = time.perf_counter()
    with sn.running_mock() as url:
        results = sn.run_all(chosen, url, timeout=60)
    print(f"\nran {len(chosen)} snippets against one mock in {time.perf_counter() - start:.2f} s")
    return {r.snippet.rel: {"ok": r.ok, "reason": r.reason, "diff": r.diff, "stdout": r.stdout,
                            "stderr": r.stderr} for r in results}


@pytest.fixture(scope="session")
def snippet_results(request, tmp_path_factory):
    """Run every collected snippet (all of them, or the ones -k selected) once, in parallel, against one mock.

    Under pytest-xdist every worker asks for this fixture, so the first one runs the snippets under a file lock and
    the others read its results: one mock, one run, whichever worker gets which test. (xdist_group would be the
    tool for this, but pytest-xdist 3.8 does not apply groups under pytest 9: it writes item._nodeid, which
    pytest 9 no longer reads.)"""
    wanted = sorted(item.callspec.params["snippet"].rel for item in request.session.items
                    if getattr(item, "originalname", "") == "test_snippet" and hasattr(item, "callspec"))
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _run_selected(wanted)
    shared = tmp_path_factory.getbasetemp().parent
    key = hashlib.sha256("\n".join(wanted).encode()).hexdigest()[:16]
    data = shared / f"snippet-results-{key}.json"
    with open(shared / "snippet-results.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if data.is_file():
            return json.loads(data.read_text())
        results = _run_selected(wanted)
        data.write_text(json.dumps(results))
        return results


@pytest.mark.parametrize("snippet", ALL, ids=[s.rel for s in ALL])
def test_snippet(snippet, snippet_results):
    """Exit 0, within the timeout, printing exactly the declared <snippet>.out (when there is one)."""
    r = snippet_results[snippet.rel]
    assert r["ok"], (f"{snippet.rel}: {r['reason']}\n{r['diff']}\n--- stdout\n{r['stdout'][-3000:]}\n"
                     f"--- stderr\n{r['stderr'][-3000:]}")


def test_snippets_exist():
    assert len(ALL) >= 30
    assert {s.ext for s in ALL} == set(sn.LANGUAGES)


def test_every_snippet_is_used_and_every_include_exists():
    problems = sn.check_usage(ALL, slugs=_slugs())
    assert problems == [], "\n".join(p.format() for p in problems)


def test_coverage_of_the_issue():
    """A minimal call per operation in all three languages, and each guide topic the docs promise."""
    have = {s.rel for s in ALL}
    for slug in _slugs():
        for ext in sn.LANGUAGES:
            assert f"{slug}/minimal.{ext}" in have, f"no {ext} minimal snippet for operation {slug}"
    for rel in ["streaming/chat.py", "streaming/chat.ts", "streaming/responses.py", "streaming/responses.ts",
                "tool-calling/round-trip.py", "tool-calling/round-trip.ts", "structured-outputs/parse.py",
                "structured-outputs/parse.ts", "vision/image-url.py", "vision/image-url.ts",
                "model-routing/provider.py", "model-routing/fallback.py", "errors-and-retries/retries.py",
                "errors-and-retries/retries.ts"]:
        assert rel in have
    text = {s.rel: s.path.read_text() for s in ALL}
    assert '"role": "tool"' in text["tool-calling/round-trip.py"] and "tool_call_id" in text["tool-calling/round-trip.ts"]
    assert ".parse(" in text["structured-outputs/parse.py"] and "zodResponseFormat" in text["structured-outputs/parse.ts"]
    assert "image_url" in text["vision/image-url.py"]
    assert "," in text["model-routing/fallback.py"].split('model="')[1].split('"')[0]


@pytest.mark.parametrize("snippet", ALL, ids=[s.rel for s in ALL])
def test_snippet_conventions(snippet):
    """Titled, reads the gateway URL (with the public default) and key from the environment, declared output is
    non-empty and newline-terminated."""
    text = snippet.path.read_text()
    assert snippet.title, f"{snippet.rel}: first line should be '{snippet.language.comment} title: ...'"
    assert "HELICONE_BASE_URL" in text and sn.DEFAULT_BASE_URL in text
    if snippet.rel != "get-v1-models/minimal.sh":  # the model list is public
        assert "HELICONE_API_KEY" in text
    assert "127.0.0.1" not in text and "localhost" not in text
    if snippet.expected is not None:
        assert snippet.expected.strip() and snippet.expected.endswith("\n")


# ----------------------------------------------------------------------------------------- the checks can fail
def _write(tmp_path: Path, rel: str, text: str, out: str | None = None) -> sn.Snippet:
    path = tmp_path / "snippets" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if out is not None:
        path.with_name(path.name + ".out").write_text(out)
    return next(s for s in sn.discover(tmp_path / "snippets") if s.rel == rel)


def test_runner_reports_wrong_output_exit_code_and_timeout(tmp_path):
    env = sn.environment("http://127.0.0.1:9/v1", "k")
    good = _write(tmp_path, "g/good.py", "# title: Good\nimport os\nprint(os.environ['HELICONE_BASE_URL'])\n",
                  out="http://127.0.0.1:9/v1\n")
    assert good.title == "Good" and sn.run_snippet(good, env).ok
    wrong = _write(tmp_path, "g/wrong.py", "print('hello')\n", out="goodbye\n")
    r = sn.run_snippet(wrong, env)
    assert not r.ok and r.reason == "output differs" and "-goodbye" in r.diff and "+hello" in r.diff
    crash = _write(tmp_path, "g/crash.sh", "echo partial\nfalse\necho never\n")
    r = sn.run_snippet(crash, env)
    assert not r.ok and r.reason == "exit 1" and "never" not in r.stdout
    slow = _write(tmp_path, "g/slow.py", "import time\ntime.sleep(30)\n")
    r = sn.run_snippet(slow, env, timeout=1)
    assert not r.ok and r.reason.startswith("timeout")


def test_environment_points_at_the_gateway_only():
    env = sn.environment("http://x/v1", "key", base={"OPENAI_BASE_URL": "http://evil", "OPENAI_API_KEY": "sk",
                                                     "PATH": "/bin"})
    assert env["HELICONE_BASE_URL"] == "http://x/v1" and env["HELICONE_API_KEY"] == "key"
    assert "OPENAI_BASE_URL" not in env and "OPENAI_API_KEY" not in env and "127.0.0.1" in env["NO_PROXY"]


def test_usage_check_finds_unused_missing_and_orphan_outputs(tmp_path):
    docs = tmp_path / "docs"
    snippets_dir = docs / "snippets"
    for rel in ["post-v1-x/minimal.py", "guide/used.py", "guide/unused.ts", "guide/ranged.sh"]:
        (snippets_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (snippets_dir / rel).write_text("# title: t\n")
    (snippets_dir / "guide" / "gone.py.out").write_text("x\n")
    (docs / "guide.md").write_text('=== "Python"\n\n    ```python\n    --8<-- "guide/used.py"\n    ```\n\n'
                                   '--8<-- "guide/ranged.sh:2:5"\n\n;--8<-- "guide/escaped.py"\n'
                                   '--8<-- "guide/missing.py"\n')
    found = sn.discover(snippets_dir)
    problems = [p.format() for p in sn.check_usage(found, docs_dir=docs, snippets_dir=snippets_dir, slugs={"post-v1-x"})]
    assert len(problems) == 3, problems
    assert any("guide.md:10:" in p and "guide/missing.py" in p for p in problems)
    assert any("unused.ts:1:" in p and "not used by any page" in p for p in problems)
    assert any("gone.py.out" in p for p in problems)
    # with the folder renamed away from an operation slug, the reference page no longer includes it
    assert any("post-v1-x/minimal.py" in p.format() for p in sn.check_usage(found, docs_dir=docs, snippets_dir=snippets_dir))


def test_references_parse_pymdownx_snippet_syntax():
    md = ('--8<-- "a/b.py"\n'
          "    --8<-- 'c/d.ts'\n"
          '--8<-- "docs/snippets/e/f.sh:3:9"\n'
          '--8<-- "g/h.py:section"\n'
          '--8<-- "l/m.py:2:"\n'
          '--8<-- "n/o.ts::8"\n'
          ';--8<-- "escaped/no.py"\n'
          "--8<--\n"
          "i/j.py\n"
          ";k/escaped.py\n"
          "--8<--\n"
          "text --8<-- \"not/at/start.py\"\n")
    assert sn.references(md) == {"a/b.py", "c/d.ts", "e/f.sh", "g/h.py", "i/j.py", "l/m.py", "n/o.ts"}


def test_operation_slugs_follow_the_page_rule():
    spec = {"paths": {"/v1/chat/completions": {"post": {}, "parameters": []}, "/v1/models": {"get": {}}}}
    assert set(operation_slugs(spec).values()) == {"post-v1-chat-completions", "get-v1-models"}


def test_command_for_each_language():
    by_ext = {s.ext: s for s in ALL}
    assert sn.command_for(by_ext["py"])[0] == sys.executable
    assert sn.command_for(by_ext["sh"])[:2] == ["bash", "-e"]
    ts = sn.command_for(by_ext["ts"])
    assert ts[0] == "node" and ts[-1] == str(by_ext["ts"].path) and ts[ts.index("--import") + 1].endswith(
        "snippet-runtime.mjs")


def test_curl_http_errors_fail_the_snippet(tmp_path, mock_url):
    """A cURL snippet that gets a 4xx fails (the runner's .curlrc adds fail-with-body), so a broken request in the
    docs cannot pass just because curl printed the error body."""
    bad = _write(tmp_path, "g/bad.sh", '# title: t\ncurl "$HELICONE_BASE_URL/chat/completions" '
                 '-H "Authorization: Bearer $HELICONE_API_KEY" -H "Content-Type: application/json" -d \'{"x": 1}\'\n')
    [r] = sn.run_all([bad], mock_url)
    assert not r.ok and r.reason == "exit 22", (r.reason, r.stdout, r.stderr)
    assert '"error"' in r.stdout  # the body still reaches the reader


def test_cli_runs_a_snippet_with_its_own_mock():
    if shutil.which("curl") is None:
        pytest.fail("curl is not installed: run make system-deps (make test does)", pytrace=False)
    proc = subprocess.run([sys.executable, "-m", "gateway_docs", "snippets", "run", "post-v1-chat-completions/minimal.py",
                           "docs/snippets/get-v1-models"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT / "scripts")))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed, 0 failed" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "gateway_docs", "snippets", "run", "no/such.py"], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "scripts")))
    assert proc.returncode != 0 and "no/such.py: no snippet there" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.node
def test_typescript_snippets_type_check():
    """The TypeScript snippets are real TypeScript: tsc (strict) accepts them against the openai and zod types, so
    a reader who pastes one into a typed project gets no errors. (tsx, which runs them, only strips types.)"""
    tsc = ROOT / "tests" / "node" / "node_modules" / ".bin" / "tsc"
    assert tsc.exists(), "run make node-deps (tests/node: npm ci)"
    proc = subprocess.run([str(tsc), "-p", "tsconfig.snippets.json"], cwd=ROOT / "tests" / "node",
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ----------------------------------------------------------------------------------------- outputs read like answers
@pytest.mark.parametrize("snippet", [s for s in ALL if s.expected is not None],
                         ids=[s.rel for s in ALL if s.expected is not None])
def test_recorded_output_reads_like_an_answer(snippet):
    """No doubled word, no lorem ipsum, no empty answer in what the pages show under the code."""
    assert readable.problems(snippet.expected) == [], snippet.rel


def test_readable_check_rejects_filler(tmp_path):
    # the mock's old word-salad answer, verbatim from a recorded output
    assert readable.problems("While while one deterministic token back back a so tests the.\n")
    assert readable.problems("Lorem ipsum dolor sit amet.\n")
    assert readable.problems("served by: gpt-4o-mini\nNone\n")
    assert readable.problems("answer:\n") and readable.problems("\n")
    assert readable.problems("Hello! How can I help you today?\n") == []
    filler = _write(tmp_path, "g/filler.py", "print('back back to the start')\n", out="back back to the start\n")
    r = sn.run_snippet(filler, sn.environment("http://127.0.0.1:9/v1", "k"))
    assert not r.ok and r.reason == "unreadable output" and "doubled word" in r.diff


def test_fault_plan_keeps_mock_headers_out_of_shown_code():
    """The retry examples meet 429s because the harness runs them with a reserved key (docs/snippets/faults.json),
    not because their code asks the mock for it: no shown snippet carries an x-mock-* header or a fault key."""
    plan = fault_plan(ROOT / "docs" / "snippets")
    assert {"errors-and-retries/retries.py", "errors-and-retries/retries.ts"} <= set(plan)
    for s in ALL:
        text = s.path.read_text().lower()
        assert "x-mock-" not in text and "sk-mock-fault" not in text, s.rel
    retries = next(s for s in ALL if s.rel == "errors-and-retries/retries.py")
    assert snippet_key(retries, "k", plan) == "sk-mock-fault-429-2"
