"""Numbers of any size: big integers and high-precision decimals are read, checked and written exactly as the
spec wrote them, by every verb (OpenAI's spec has an integer literal past 2^63; orjson refuses those)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway_docs.cli import main
from gateway_docs.core.numbers import ExactFloat, dumps, dumps_text, exact_decimal
from gateway_docs.load import dumps as spec_dumps, load_spec

BIG = "123456789012345678901234567890"
PRECISE = "0.10000000000000000000001"

YAML = f"""openapi: 3.1.0
info: {{title: t, version: "1"}}
paths:
  /a:
    get:
      operationId: getA
      summary: A
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: integer, maximum: {BIG}, example: 99999999999999999999}}
              example: {{n: {BIG}, x: {PRECISE}, plain: 0.5}}
"""


def json_text() -> str:
    return (f'{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{"/a": {{"get": {{'
            f'"operationId": "getA", "summary": "A", "responses": {{"200": {{"description": "ok", "content": '
            f'{{"application/json": {{"schema": {{"type": "integer", "maximum": {BIG}, "example": 99999999999999999999}},'
            f' "example": {{"n": {BIG}, "x": {PRECISE}, "plain": 0.5}}}}}}}}}}}}}}}}}}')


@pytest.fixture(params=["yaml", "json"])
def spec_file(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / f"big.{request.param}"
    path.write_text(YAML if request.param == "yaml" else json_text())
    return path


def test_exact_decimal_only_when_a_float_would_round() -> None:
    assert type(exact_decimal("0.5")) is float and type(exact_decimal("1e-6")) is float
    x = exact_decimal(PRECISE)
    assert isinstance(x, ExactFloat) and x == 0.1 and repr(x) == PRECISE


def test_dumps_writes_every_number_as_read() -> None:
    value = {"n": int(BIG), "x": ExactFloat(PRECISE), "y": [1, 2.5, -int(BIG)]}
    assert json.loads(dumps(value)) == {"n": int(BIG), "x": 0.1, "y": [1, 2.5, -int(BIG)]}
    assert f'"x":{PRECISE}' in dumps(value).decode() and f'"n":{BIG}' in dumps(value).decode()
    assert dumps_text(value, indent=2).count(PRECISE) == 1
    assert dumps({"a": 1}) == b'{"a":1}'


def test_loaders_keep_big_and_precise_numbers(spec_file: Path) -> None:
    spec = load_spec(spec_file)
    media = spec.data["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"]["maximum"] == int(BIG)
    assert media["example"]["n"] == int(BIG) and repr(media["example"]["x"]) == PRECISE
    assert type(media["example"]["plain"]) is float
    text = spec_dumps(spec.data)
    assert BIG in text and PRECISE in text


def test_every_verb_reads_big_numbers(spec_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(spec_file)]) == 0
    assert main(["lint", str(spec_file)]) in (0, 1)  # findings are fine; a crash is exit 70
    assert main(["reference", "--spec", str(spec_file), "--out", str(tmp_path / "ref"),
                 "--snippets", str(tmp_path / "none")]) == 0
    page = (tmp_path / "ref" / "get-a.md").read_text()
    assert BIG in page and PRECISE in page and "99999999999999999999" in page
    docs = tmp_path / "mint" / "docs.json"
    docs.parent.mkdir()
    docs.write_text('{"name": "x", "navigation": {"groups": []}}\n')
    assert main(["mintlify", "--spec", str(spec_file), "--docs-json", str(docs)]) == 0
    published = (docs.parent / "ai-gateway.openapi.json").read_text()
    assert BIG in published and PRECISE in published
    assert "internal error" not in capsys.readouterr().err


def test_mock_keeps_big_integers_in_requests_and_answers() -> None:
    """A request with a 24-digit integer (orjson alone would read it as 1e+23) and a structured-output schema whose
    bound is past 2^64: the mock answers with an exact big integer, not an error."""
    import urllib.request

    from gateway_docs.mock import running

    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "response_format": {
        "type": "json_schema", "json_schema": {"name": "n", "strict": True, "schema": {
            "type": "object", "additionalProperties": False, "required": ["n"],
            "properties": {"n": {"type": "integer", "minimum": 10**23, "maximum": 10**23 + 100}}}}}}
    with running() as mock:
        req = urllib.request.Request(mock.url + "/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer sk-test", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            answer = json.loads(resp.read())
    n = json.loads(answer["choices"][0]["message"]["content"])["n"]
    assert isinstance(n, int) and 10**23 <= n <= 10**23 + 100


def test_pretty_json_is_the_stdlibs_bytes_whichever_writer_runs() -> None:
    """dumps_text(indent=2) takes orjson for values it writes like the stdlib, the stdlib for the rest: every example
    of the GitHub spec (the corpus) and edge cases come out byte for byte as json.dumps writes them."""
    from gateway_docs.core.numbers import dumps_text

    github = Path(__file__).parent / "corpus" / "node_modules" / "@octokit" / "openapi" / "generated" / \
        "api.github.com.json"
    values: list = ["a\x00\x1f\x7f\u2028", {"x": {}, "y": [[]]}, 2**63 - 1, -2**63, 2**64, 2**70, {"n": 1e16},
                    {"f": 0.1}, {1: "int key"}, ("tuple",), True, None]
    stack: list = [json.loads(github.read_text())]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            values.extend(e["value"] for e in (node.get("examples") or {}).values()
                          if isinstance(node.get("examples"), dict) and isinstance(e, dict) and "value" in e)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    assert len(values) > 1000
    for value in values:
        assert dumps_text(value, indent=2, ensure_ascii=False) == json.dumps(value, indent=2, ensure_ascii=False)
