"""The mock's schema-driven value generator: every generated value validates against its schema."""
from __future__ import annotations

from typing import Literal, Optional

from pathlib import Path

import jsonschema_rs
import pytest
from pydantic import BaseModel, Field

from gateway_docs.mock import textgen
from gateway_docs.mock.catalog import Catalog, ModelStringError
from gateway_docs.mock.values import generate

ROOT = Path(__file__).resolve().parents[1]


class Address(BaseModel):
    street: str
    zip_code: str = Field(min_length=5, max_length=5)


class Person(BaseModel):
    name: str
    age: int = Field(ge=0, le=130)
    email: Optional[str] = None
    role: Literal["admin", "user"]
    addresses: list[Address] = Field(min_length=1, max_length=3)
    manager: Optional["Person"] = None
    scores: dict[str, float]


SCHEMAS = [
    Person.model_json_schema(),
    {"type": "object", "properties": {"n": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1,
                                            "multipleOf": 0.25}}, "required": ["n"]},
    {"type": "array", "items": {"type": "integer", "multipleOf": 7, "minimum": 10}, "minItems": 2, "uniqueItems": True},
    {"type": "string", "format": "uuid"},
    {"oneOf": [{"type": "string", "format": "email"}, {"type": "integer", "maximum": -5}]},
    {"allOf": [{"type": "object", "properties": {"a": {"const": 1}}, "required": ["a"]},
               {"properties": {"b": {"type": "boolean"}}, "required": ["b"]}]},
    {"type": "object", "minProperties": 3, "additionalProperties": {"type": "string", "format": "date"}},
    {"type": ["null", "string"], "minLength": 12},
]


@pytest.mark.parametrize("schema", SCHEMAS, ids=range(len(SCHEMAS)))
def test_generated_values_are_valid(schema):
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    values = [generate(schema, seed) for seed in range(25)]
    for value in values:
        assert validator.is_valid(value), value
    assert generate(schema, 3) == generate(schema, 3)


def test_pydantic_round_trip():
    for seed in range(10):
        Person.model_validate(generate(Person.model_json_schema(), seed))


def test_token_rule():
    assert textgen.tokens("Hello, world!") == ["Hello", ",", " world", "!"]
    assert textgen.count("Hello, world!") == 4
    assert textgen.truncate("one two three", 2) == ("one two", True)
    assert textgen.apply_stop("a b STOP c", ["STOP", "c"]) == ("a b ", True)
    text = 'x = {"a": [1, 2]}  \n'
    assert "".join(textgen.tokens(text)) == text


def test_model_grammar():
    cat = Catalog.load(None)
    assert cat.resolve("gpt-4o-mini") == "gpt-4o-mini"
    assert cat.resolve("nope,claude-sonnet-4/bedrock") == "claude-sonnet-4"
    assert cat.resolve("gpt-4o-mini/anthropic") is None
    assert cat.resolve("!openai,!azure,!openrouter,gpt-4o") is None
    for bad in ["gpt-4o//", "!", "!Open AI,gpt-4o", "!openai", "a/b/c/d"]:
        with pytest.raises(ModelStringError):
            cat.resolve(bad)


def test_values_take_plausible_words_from_the_prompt():
    schema = {"type": "object", "additionalProperties": False, "required": ["location", "unit", "days"],
              "properties": {"location": {"type": "string"}, "unit": {"enum": ["celsius", "fahrenheit"]},
                             "days": {"type": "integer", "minimum": 1, "maximum": 5}}}
    for seed in range(20):
        v = generate(schema, seed, hints="What's the weather in Paris this week?")
        assert v["location"] == "Paris" and v["unit"] in ("celsius", "fahrenheit") and 1 <= v["days"] <= 5
    event = {"type": "object", "properties": {"name": {"type": "string"}, "date": {"type": "string"},
                                              "participants": {"type": "array", "items": {"type": "string"}}}}
    assert generate(event, 1, hints="Alice and Bob are going to a science fair on Friday.") == {
        "name": "Science fair", "date": "Friday", "participants": ["Alice", "Bob"]}
    # a hint that breaks the schema is dropped, not forced
    assert generate({"type": "object", "properties": {"city": {"type": "string", "maxLength": 3}}}, 1,
                    hints="weather in Paris")["city"] != "Paris"


def test_string_values_never_double_a_word():
    for seed in range(200):
        words = generate({"type": "string"}, seed).split()
        assert all(a != b for a, b in zip(words, words[1:]))


def test_patterns_are_deterministic_across_processes():
    """rstr draws a negated class from a set; the mock sorts it so PYTHONHASHSEED cannot change a recorded answer."""
    import subprocess
    import sys
    code = ("import sys; sys.path.insert(0, 'scripts'); from gateway_docs.mock.values import generate; "
            "print(generate({'type': 'string', 'pattern': '^[^aeiou]{12}$'}, 5))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT),
                           env={"PYTHONHASHSEED": str(h), "PATH": "/usr/bin:/bin"}).stdout for h in (1, 2, 3)}
    assert len(outs) == 1 and len(outs.pop().strip()) == 12


PROMPTS = ["Say hello in one sentence.", "hi", "ping", "Write a haiku about gateways.", "Write a haiku.",
           "Write a poem about the sea.", "What's the weather in Paris?", "Tell me a joke.", "Why is the sky blue?",
           "Summarize this article about load balancers.", "Give me three ideas for a birthday party.",
           "How do I reset my password?", "Plan my trip to Rome", "What is in this image?", "", "?",
           "Explain retries", "Translate 'good morning' into French.", "What is the capital of France?",
           "Can you help me about fallback chains?", "the the the"]


@pytest.mark.parametrize("prompt", PROMPTS)
def test_replies_read_like_a_model(prompt):
    from gateway_docs.snippets import readable

    for seed in range(6):
        text = textgen.reply(prompt, textgen.rng(seed))
        assert text and text == textgen.reply(prompt, textgen.rng(seed)), prompt
        assert readable.problems(text + "\n") == [], (prompt, text)
        assert text[0].isupper() and text.rstrip()[-1] in ".!?", (prompt, text)
    summary = textgen.reasoning_summary(prompt, textgen.rng(1))
    assert readable.problems(summary + "\n") == [], summary


def test_tool_results_are_stated():
    r = textgen.rng(0)
    assert textgen.tool_reply([("get_weather", '{"temp_c": 18, "sky": "cloudy"}')], r,
                              "What's the weather in Paris?") == "It's 18 °C and cloudy in Paris right now."
    assert textgen.tool_reply([("lookup", '{"order_id": "A1", "status": "shipped"}')], r) == \
        "According to lookup: order id A1, status shipped."
