"""Mintlify's own published checks on what ``gateway-docs mintlify`` generates, all offline:

- ``mint openapi-check SPEC`` (the CLI, @mintlify/cli 4.0.1552) on the bundled spec;
- ``@mintlify/openapi-parser`` ``validate()``;
- ``@mintlify/validation`` ``validateDocsConfig()`` on the merged docs.json;
- ``@mintlify/prebuild`` ``prebuild(dir, {strict: true})``, the step ``mint dev`` runs before the preview: it reads
  docs.json, resolves every ``"METHOD /path"`` entry against the spec and fails on any warning.

``mint validate`` is not run: it downloads Mintlify's client first and stops with "requires an internet connection".
Each check is also run on a broken input, to show it can fail.
"""
from __future__ import annotations

import json
import os
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
UPSTREAM_DOCS = ROOT / "tests" / "fixtures" / "upstream" / "helicone" / "docs.json"

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
    assert main(["mintlify", "--docs-json", str(dst / "docs.json"), "--spec", str(SPEC), *args]) == 0
    return dst


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


def test_merge_adds_no_docs_json_issue_upstream(tmp_path):
    docs = tmp_path / "up" / "docs.json"
    docs.parent.mkdir()
    shutil.copyfile(UPSTREAM_DOCS, docs)
    # The reference copy has its analytics keys replaced by "REDACTED", which the schema rejects (posthog keys
    # start with phc_): that issue is there before the merge, and the merge must not add any.
    before = node_check(tmp_path, "docs-json", docs)["errors"]
    for style in ("nav", "mdx"):
        assert main(["mintlify", "--docs-json", str(docs), "--spec", str(SPEC), "--anchor", "API Reference",
                     "--style", style]) == 0
        assert node_check(tmp_path, "docs-json", docs)["errors"] == before


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
