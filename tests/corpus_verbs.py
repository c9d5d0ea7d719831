"""Every verb that reads a spec, run on someone else's spec: for tests/test_corpus.py, and by hand:

    .venv/bin/python tests/corpus_verbs.py [SPEC ...]      # default: the whole corpus; prints one line per verb

One worker process per spec runs validate, lint, reference (to a temp folder), mintlify (on a temp copy of a minimal
docs.json) and the mock (start on port 0, stop) through the CLI's own ``main``, so a spec costs one interpreter
start-up, and the caller's timeout catches a hang. What counts: the exit status (70 = internal error, a crash), and
whether every finding has a file:line:col.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "node_modules"
OPENAI = ROOT / "tests" / "fixtures" / "openai" / "openapi.yaml"
GITHUB = CORPUS / "@octokit" / "openapi" / "generated" / "api.github.com.json"
MINIMAL_DOCS_JSON = {
    "$schema": "https://mintlify.com/docs.json", "theme": "mint", "name": "Corpus",
    "colors": {"primary": "#0CA5E9"},
    "navigation": {"groups": [{"group": "Getting Started", "pages": ["index"]}]},
}
INTERNAL_ERROR = 70


def corpus_specs() -> list[Path]:
    """ReadMe's OAS examples (every 3.0 and 3.1 JSON file), then OpenAI's and GitHub's specs (the big ones)."""
    examples = CORPUS / "@readme" / "oas-examples"
    specs: list[Path] = []
    for version in ("3.0", "3.1"):
        specs += sorted((examples / version / "json").glob("*.json"))
    return specs + [OPENAI, GITHUB]


def _cli(argv: list[str]) -> dict[str, Any]:
    from gateway_docs.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:  # argparse
            code = int(e.code or 0)
    return {"verb": argv[0], "code": code, "stdout": out.getvalue()[-4000:], "stderr": err.getvalue()[-4000:],
            "json": out.getvalue() if "--format" in argv else ""}


def _mock(spec: Path) -> dict[str, Any]:
    """Start the mock on a free port and stop it, as ``gateway-docs mock --spec X --port 0`` then Ctrl-C."""
    from gateway_docs.core.diagnostics import GatewayDocsError
    from gateway_docs.mock import running

    try:
        with running(spec, port=0) as mock:
            url = mock.url
        return {"verb": "mock", "code": 0, "stdout": url, "stderr": "", "json": ""}
    except GatewayDocsError as e:  # a foreign spec without the gateway's operations: told, exit 2
        return {"verb": "mock", "code": e.exit_code, "stdout": "", "stderr": str(e), "json": ""}
    except Exception as e:  # noqa: BLE001 - a crash is what the corpus test looks for
        return {"verb": "mock", "code": INTERNAL_ERROR, "stdout": "", "json": "",
                "stderr": f"internal error: {type(e).__name__}: {e}"}


def run_in_process(spec: Path) -> list[dict[str, Any]]:
    spec = spec.resolve()
    with tempfile.TemporaryDirectory(prefix="gd-corpus-") as tmp:
        work = Path(tmp)
        os.chdir(work)  # no pyproject.toml above: a stranger's defaults (the recommended preset)
        results = [_cli(["validate", str(spec), "--format", "json"]),
                   _cli(["lint", str(spec), "--format", "json"]),
                   _cli(["reference", "--spec", str(spec), "--out", str(work / "ref"),
                         "--snippets", str(work / "none")])]
        (work / "mint").mkdir()
        (work / "mint" / "docs.json").write_text(json.dumps(MINIMAL_DOCS_JSON, indent=2) + "\n")
        results.append(_cli(["mintlify", "--spec", str(spec), "--docs-json", str(work / "mint" / "docs.json"),
                             "--style", "mdx"]))
        results.append(_mock(spec))
        results.append({"verb": "pages", "code": 0, "stdout": str(len(list((work / "ref").rglob("*.md")))),
                        "stderr": "", "json": ""})
    return results


def run_worker(spec: Path, timeout: float) -> list[dict[str, Any]] | None:
    """All verbs on ``spec`` in a fresh process; None when it did not finish within ``timeout`` (a hang)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        p = subprocess.run([sys.executable, str(Path(__file__)), "--worker", str(spec)], capture_output=True,
                           text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode != 0:
        return [{"verb": "worker", "code": INTERNAL_ERROR, "stdout": p.stdout[-2000:], "stderr": p.stderr[-4000:],
                 "json": ""}]
    return json.loads(p.stdout.splitlines()[-1])


def crashed(result: dict[str, Any]) -> bool:
    text = result["stderr"] + result["stdout"]
    return result["code"] == INTERNAL_ERROR or "internal error" in text or "Traceback (most recent" in text


def findings(result: dict[str, Any]) -> list[dict[str, Any]]:
    if not result["json"]:
        return []
    doc = json.loads(result["json"])
    return list(doc.get("problems") or doc.get("findings") or [])


def unlocated(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings without a position, or at 1:1 while being about a node inside the document."""
    return [f for f in findings(result) if not f.get("line")
            or (f.get("line"), f.get("column")) == (1, 1) and f.get("pointer") not in ("", None)]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        sys.path.insert(0, str(ROOT / "scripts"))
        print(json.dumps(run_in_process(Path(argv[1]))))
        return 0
    bad = 0
    for arg in argv or [str(s) for s in corpus_specs()]:
        results = run_worker(Path(arg), 900)
        if results is None:
            print(f"HANG  {arg}", flush=True)
            bad += 1
            continue
        for r in results:
            flag = "CRASH" if crashed(r) else "ok"
            bad += flag != "ok"
            print(f"{flag:5} {r['verb']:9} exit {r['code']} {len(findings(r)):5} findings "
                  f"{len(unlocated(r))} unlocated  {arg}", flush=True)
            if flag != "ok":
                print("     ", r["stderr"].strip().splitlines()[-3:], flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
