"""The official openai npm SDK (v6, Node 20) against the mock gateway: chat, streams and their helpers, responses."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gateway_docs.mock import running

NODE_DIR = Path(__file__).resolve().parent / "node"
pytestmark = [pytest.mark.node, pytest.mark.xdist_group("mock-node")]


@pytest.fixture(scope="module")
def mock():
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the tests need Node.js 20 with npm (see README)", pytrace=False)
    if not (NODE_DIR / "node_modules" / "openai" / "package.json").exists():
        pytest.fail("tests/node/node_modules is missing: run make node-deps (make test does)", pytrace=False)
    with running() as server:
        yield server


def run_script(name: str, url: str) -> dict:
    proc = subprocess.run(["node", str(NODE_DIR / name), url], capture_output=True, text=True, timeout=120,
                          cwd=NODE_DIR)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_chat_with_node_sdk(mock):
    out = run_script("mock_chat.mjs", mock.url)
    text = out["created"]["text"]
    assert text and out["created"]["requestId"].startswith("req_")
    assert out["raw"]["text"] == text and out["raw"]["chunks"] > 3
    assert out["helper"] == {"text": text, "deltas": text, "finish": "stop"}
    assert out["tool"]["name"] == "get_weather" and isinstance(out["tool"]["args"]["city"], str)
    assert out["tool"]["finish"] == "tool_calls"
    assert out["notFound"]["cls"] == "NotFoundError" and out["notFound"]["code"] == "model_not_found"
    assert out["notFound"]["status"] == 404 and out["notFound"]["requestID"].startswith("req_")
    assert out["midStream"]["cls"] == "APIError" and "mid-stream" in out["midStream"]["message"]
    assert out["retried"]["text"] == text
    usage = out["created"]["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_responses_with_node_sdk(mock):
    out = run_script("mock_responses.mjs", mock.url)
    assert out["created"]["status"] == "completed" and out["created"]["text"]
    assert out["raw"]["seq"] == list(range(len(out["raw"]["seq"])))
    assert out["helper"]["id"] == out["created"]["id"]
    assert out["helper"]["text"] == out["helper"]["deltas"] == out["created"]["text"]
    assert out["tool"]["types"] == ["reasoning", "function_call"] and isinstance(out["tool"]["args"]["city"], str)
    assert {"gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-flash"} <= set(out["models"])
