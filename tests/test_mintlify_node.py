"""Mintlify's own published checks on what ``gateway-docs mintlify`` generates, all offline:

- ``mint openapi-check SPEC`` (the CLI, @mintlify/cli 4.0.1552) on the bundled spec;
- ``@mintlify/openapi-parser`` ``validate()``;
- ``@mintlify/validation`` ``validateDocsConfig()`` on the merged docs.json;
- ``@mintlify/prebuild`` ``prebuild(dir, {strict: true})``, the step ``mint dev`` runs before the preview: it reads
  docs.json, resolves every ``"METHOD /path"`` entry against the spec and fails on any warning;
- ``@mdx-js/mdx`` ``compile()`` (3.1.1, the compiler under Mintlify's @mintlify/mdx, with remark-frontmatter and
  remark-gfm) on every MDX page the command writes: API pages, guides, and the adopted upstream pages.

``mint validate`` is not run: it downloads Mintlify's client first and stops with "requires an internet connection".
Each check is also run on a broken input, to show it can fail.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gateway_docs.cli import main

ROOT = Path(__file__).resolve().parents[1]
MINT_DIR = ROOT / "tests" / "node" / "mintlify"
CHECK = MINT_DIR / "check.mjs"
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"
OUR_DOCS = ROOT / "docs" / "mintlify"
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "mintlify"  # the docs team's site (see its SOURCE.md)
UPSTREAM_DOCS = UPSTREAM / "docs.json"
COMPILE = MINT_DIR / "compile-mdx.mjs"
MINTLIFY_ARGS = ("--guides", "--guides-anchor", "Documentation")  # as the Makefile's MINTLIFY_ARGS

pytestmark = [pytest.mark.node, pytest.mark.slow, pytest.mark.xdist_group("mintlify-node")]


@pytest.fixture(scope="module", autouse=True)
def _mintlify_installed():
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the tests need Node.js 20 with npm (see README)", pytrace=False)
    if not (MINT_DIR / "node_modules" / "@mintlify" / "cli" / "package.json").exists():
        pytest.fail("tests/node/mintlify/node_modules is missing: run make node-deps (make test does)", pytrace=False)


def env(tmp_path: Path) -> dict:
    # Telemetry off, or every CLI run waits ~10 s for a network call; HOME kept out of the real one.
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "MINTLIFY_TELEMETRY_DISABLED": "1", "HOME": str(home), "CI": "true"}


def node_check(tmp_path: Path, what: str, target: Path) -> dict:
    proc = subprocess.run(["node", str(CHECK), what, str(target)], capture_output=True, text=True, timeout=180,
                          env=env(tmp_path), stdin=subprocess.DEVNULL)
    assert proc.stdout.strip(), proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (proc.returncode == 0) == result["ok"], proc.stderr
    return result


def site(tmp_path: Path, *args: str) -> Path:
    """Our docs/mintlify config (docs.json + index.mdx) in a scratch folder, with the generated output."""
    dst = tmp_path / "site"
    dst.mkdir()
    for name in ("docs.json", "index.mdx"):
        shutil.copyfile(OUR_DOCS / name, dst / name)
    assert main(["mintlify", "--docs-json", str(dst / "docs.json"), "--spec", str(SPEC), *MINTLIFY_ARGS, *args]) == 0
    return dst


def compile_mdx(tmp_path: Path, files: list[Path]) -> dict:
    proc = subprocess.run(["node", str(COMPILE), *map(str, files)], capture_output=True, text=True, timeout=300,
                          env=env(tmp_path), stdin=subprocess.DEVNULL)
    assert proc.stdout.strip(), proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (proc.returncode == 0) == result["ok"], proc.stderr
    return result


def break_spec(path: Path) -> None:
    # A structural error. (A dangling "$ref": "#/components/responses/DoesNotExist" would NOT do: with a
    # components section present, Mintlify's validator passes it. `gateway-docs validate` catches it.)
    data = json.loads(path.read_text())
    del data["paths"]["/v1/chat/completions"]["post"]["responses"]
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("broken", [False, True], ids=["generated", "broken"])
def test_mint_cli_openapi_check(tmp_path, broken):
    root = site(tmp_path)
    if broken:
        break_spec(root / "ai-gateway.openapi.json")
    # the CLI only reads files inside its working directory
    proc = subprocess.run([str(MINT_DIR / "node_modules" / ".bin" / "mint"), "openapi-check", "ai-gateway.openapi.json"],
                          cwd=root, capture_output=True, text=True, timeout=180, env=env(tmp_path),
                          stdin=subprocess.DEVNULL)
    out = proc.stdout + proc.stderr
    if broken:
        assert proc.returncode == 1, out
        assert "/v1/chat/completions/post: must have" in out and "'responses'" in out
    else:
        assert proc.returncode == 0, out
        assert "OpenAPI definition is valid" in out


def test_openapi_parser_validate(tmp_path):
    root = site(tmp_path)
    assert node_check(tmp_path, "openapi", root / "ai-gateway.openapi.json") == {"ok": True, "errors": []}
    break_spec(root / "ai-gateway.openapi.json")
    bad = node_check(tmp_path, "openapi", root / "ai-gateway.openapi.json")
    assert not bad["ok"] and "must have required property 'responses'" in bad["errors"]


def test_docs_json_schema_on_our_config(tmp_path):
    root = site(tmp_path)
    assert node_check(tmp_path, "docs-json", root / "docs.json") == {"ok": True, "errors": []}
    data = json.loads((root / "docs.json").read_text())
    data["api"] = {"openapi": 7}
    (root / "docs.json").write_text(json.dumps(data))
    bad = node_check(tmp_path, "docs-json", root / "docs.json")
    assert not bad["ok"] and any(e.startswith("api.openapi") for e in bad["errors"])


def upstream_site(tmp_path: Path) -> Path:
    docs = tmp_path / "up" / "docs.json"
    shutil.copytree(UPSTREAM, docs.parent, ignore=shutil.ignore_patterns("SOURCE.md"))
    return docs


def test_merge_adds_no_docs_json_issue_upstream(tmp_path):
    docs = upstream_site(tmp_path)
    # The reference copy has its analytics keys replaced by "REDACTED", which the schema rejects (posthog keys
    # start with phc_): that issue is there before the merge, and the merge must not add any.
    before = node_check(tmp_path, "docs-json", docs)["errors"]
    pages = [str(p) for p in (docs.parent / "rest" / "ai-gateway").glob("*.mdx")]
    for style in ("nav", "mdx"):
        assert main(["mintlify", "--docs-json", str(docs), "--spec", str(SPEC), "--anchor", "API Reference",
                     "--style", style, "--pages-dir", "rest/ai-gateway", "--guides", "--guides-anchor", "Guides",
                     "--guides-group", "AI Gateway guides", "--adopt", *pages]) == 0
        assert node_check(tmp_path, "docs-json", docs)["errors"] == before
    # the adopted pages, now generated, compile like the rest
    assert compile_mdx(tmp_path, sorted(docs.parent.rglob("*.mdx"))) == {"ok": True, "errors": []}


@pytest.mark.parametrize("style", ["nav", "mdx"])
def test_every_generated_mdx_page_compiles(tmp_path, style):
    root = site(tmp_path, "--style", style)
    pages = sorted(root.rglob("*.mdx"))
    from gateway_docs.mintlify.guides import guides_from_mkdocs

    guides = len(guides_from_mkdocs(ROOT / "mkdocs.yml"))
    assert guides >= 8
    assert len(pages) >= guides + (3 if style == "mdx" else 0) + 1  # guides, API pages, index
    assert compile_mdx(tmp_path, pages) == {"ok": True, "errors": []}
    assert compile_mdx(tmp_path, sorted((OUR_DOCS / "guides").glob("*.mdx"))) == {"ok": True, "errors": []}


def test_mdx_compiler_rejects_what_mintlify_would(tmp_path):
    bad = tmp_path / "bad.mdx"
    bad.write_text("---\ntitle: x\n---\n\nA prose {brace and a <b> tag.\n")
    result = compile_mdx(tmp_path, [bad])
    assert not result["ok"] and result["errors"][0]["file"].startswith(f"{bad}:5:")


def test_bundled_spec_carries_snippets_and_passes_openapi_check(tmp_path):
    root = site(tmp_path)
    spec = json.loads((root / "ai-gateway.openapi.json").read_text())
    ops = [op for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert ops and all(len(op.get("x-codeSamples", [])) >= 3 for op in ops)
    assert node_check(tmp_path, "openapi", root / "ai-gateway.openapi.json") == {"ok": True, "errors": []}


def test_guide_links_resolve_to_pages_prebuild_generates(tmp_path):
    root = site(tmp_path)
    result = node_check(tmp_path, "prebuild", root)
    assert result["ok"], result["errors"]
    hrefs: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("href"), str):
                hrefs.add(node["href"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(result["nav"])
    links = {m.split("#")[0] for page in (root / "guides").glob("*.mdx")
             for m in re.findall(r"\]\((/[^)\s]*)\)", page.read_text())}
    assert links and links <= hrefs, sorted(links - hrefs)


@pytest.mark.parametrize("style", ["nav", "mdx"])
def test_prebuild_resolves_every_entry_against_the_spec(tmp_path, style):
    root = site(tmp_path, "--style", style)
    result = node_check(tmp_path, "prebuild", root)
    assert result["ok"], result["errors"]
    spec = json.loads(SPEC.read_text())
    summaries = [op["summary"] for item in spec["paths"].values() for op in item.values()
                 if isinstance(op, dict) and "summary" in op]
    anchors = {a["anchor"]: a for a in result["nav"]["anchors"]}
    group = next(g for g in anchors["API Reference"]["groups"] if g["group"] == "AI Gateway API")
    assert [p["title"] for p in group["pages"]] == summaries  # Mintlify generated one page per operation


def test_prebuild_fails_on_an_entry_the_spec_does_not_have(tmp_path):
    root = site(tmp_path)
    text = (root / "docs.json").read_text()
    (root / "docs.json").write_text(text.replace('"GET /v1/models"', '"GET /v1/models/multimodal"'))
    result = node_check(tmp_path, "prebuild", root)
    assert not result["ok"]
    assert any("/v1/models/multimodal not found" in e for e in result["errors"]), result["errors"]
