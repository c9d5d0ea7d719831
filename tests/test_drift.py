"""gateway-docs drift: the contract against the vendored OpenAI spec, the compatibility page, and the mock
accepting the OpenAI fields the contract gained."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from gateway_docs.diff.drift import drift
from gateway_docs.load import load_spec
from gateway_docs.mock import running

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "specs" / "vendor" / "openai"

# The request fields OpenAI's API had and the contract lacked when drift was introduced (issue #16).
CLOSED_GAPS: dict[str, dict[str, Any]] = {
    "chat": {"audio": {"voice": "alloy", "format": "mp3"}, "moderation": {"model": "omni-moderation-latest"},
             "web_search_options": {"search_context_size": "low"}, "prompt_cache_options": {"ttl": "1h"},
             "prompt_cache_retention": "24h"},
    "responses": {"prompt_cache_options": {}, "prompt_cache_retention": "in_memory", "moderation": None,
                  "metadata": {"k": "v"}, "store": False, "background": False, "previous_response_id": "resp_1",
                  "conversation": "conv_1", "context_management": [{"type": "compaction"}],
                  "prompt": {"id": "pmpt_1"}},
}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gateway_docs", *args], cwd=ROOT, capture_output=True, text=True)


def test_vendored_spec_matches_its_source_note() -> None:
    note = (VENDOR / "SOURCE.md").read_text()
    digest = hashlib.sha256((VENDOR / "openapi.yaml").read_bytes()).hexdigest()
    assert f"`{digest}`" in note
    info = yaml.safe_load((VENDOR / "openapi.yaml").read_text())["info"]
    assert f"version {info['version']}" in note and info["license"]["name"] == "MIT"


def test_drift_reports_nothing_unintended_and_page_is_current() -> None:
    r = _cli("drift", "--check", "--format", "json")
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    r = _cli("drift", "--no-page", "--format", "json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["summary"]["breaking"] == 0 and report["summary"]["accepted"] > 0
    assert report["unused_accepted"] == []


def test_drift_finds_a_missing_request_field_and_the_page_says_so(tmp_path: Path) -> None:
    openai, ours = load_spec(VENDOR / "openapi.yaml"), load_spec(ROOT / "specs" / "src")
    props = ours.data["components"]["schemas"]["CreateChatCompletionRequest"]["properties"]
    props.pop("seed")
    changes = [c for c in drift(openai, ours) if c.rule == "request-property-removed"]
    assert len(changes) == 1 and changes[0].old_pointer.endswith("/properties/seed")  # OpenAI's side
    assert changes[0].new_pointer == "/components/schemas/CreateChatCompletionRequest"
    assert "accepted by OpenAI but not by the gateway" in changes[0].message
    assert changes[0].old is not None and changes[0].old.file.endswith("openapi.yaml") and changes[0].old.line > 1


def test_compatibility_page_classifies_fields() -> None:
    page = (ROOT / "docs" / "openai-compatibility.md").read_text()
    chat = page.split("\n## POST /v1/chat/completions")[1].split("\n## ")[0]
    for name in CLOSED_GAPS["chat"]:
        assert f"| `{name}` | accepted and ignored |" in chat
    assert "| `temperature` | supported |" in chat
    assert "| `cache_control` | gateway extension |" in chat
    responses = page.split("## POST /v1/responses")[1]
    assert re.search(r"\| `type=response\.audio\.delta` \| not supported \|", responses)
    assert "| `previous_response_id` | accepted and ignored |" in responses


def _post(url: str, body: dict) -> int:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer sk-test", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def test_mock_accepts_the_openai_fields_the_contract_gained() -> None:
    chat = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
    responses = {"model": "gpt-4o-mini", "input": "hi"}
    with running() as server:
        for name, value in CLOSED_GAPS["chat"].items():
            assert _post(f"{server.url}/chat/completions", {**chat, name: value}) == 200, name
        for name, value in CLOSED_GAPS["responses"].items():
            assert _post(f"{server.url}/responses", {**responses, name: value}) == 200, name
        assert _post(f"{server.url}/responses", {**responses, "not_an_openai_field": 1}) == 400
