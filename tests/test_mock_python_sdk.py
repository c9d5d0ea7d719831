"""The official openai Python SDK against the mock gateway, in strict response-validation mode."""
from __future__ import annotations

import json
import re

import jsonschema_rs
import openai
import pytest
from pydantic import BaseModel

from gateway_docs.mock import running

pytestmark = pytest.mark.xdist_group("mock-python")

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather for a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string", "minLength": 2},
                                                    "unit": {"type": "string", "enum": ["c", "f"]},
                                                    "days": {"type": "integer", "minimum": 1, "maximum": 7}},
                   "required": ["city", "unit", "days"], "additionalProperties": False}}}


class Event(BaseModel):
    name: str
    date: str
    attendees: list[str]
    priority: int


@pytest.fixture(scope="module")
def mock():
    with running() as server:
        yield server


@pytest.fixture()
def client(mock):
    return openai.OpenAI(base_url=mock.url, api_key="sk-test", max_retries=0, _strict_response_validation=True)


def ask(text: str = "Say hello in one sentence.") -> list[dict]:
    return [{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": text}]


def test_create_is_deterministic_and_counts_tokens(client):
    a = client.chat.completions.create(model="gpt-4o-mini", messages=ask())
    b = client.chat.completions.create(model="gpt-4o-mini", messages=ask())
    c = client.chat.completions.create(model="gpt-4o-mini", messages=ask("Something else entirely."))
    assert a.object == "chat.completion" and a.model == "gpt-4o-mini"
    assert a.choices[0].message.content == b.choices[0].message.content
    assert a.choices[0].message.content != c.choices[0].message.content
    assert a.choices[0].finish_reason == "stop"
    assert a._request_id and a._request_id != b._request_id
    # the documented token rule: runs of word characters or single punctuation marks
    assert a.usage.prompt_tokens == 6 + 6  # "You are a helpful assistant." + "Say hello in one sentence."
    words = re.findall(r"\w+|[^\w\s]", a.choices[0].message.content)  # "Hello!" is two tokens
    assert a.usage.completion_tokens == len(words)
    assert a.usage.total_tokens == a.usage.prompt_tokens + a.usage.completion_tokens


def test_n_choices_and_max_tokens_and_stop(client):
    full = client.chat.completions.create(model="gpt-4o", messages=ask(), n=3)
    assert [c.index for c in full.choices] == [0, 1, 2]
    text = full.choices[0].message.content
    cut = client.chat.completions.create(model="gpt-4o", messages=ask(), max_completion_tokens=3)
    assert cut.choices[0].finish_reason == "length" and cut.usage.completion_tokens == 3
    assert text.startswith(cut.choices[0].message.content)
    legacy = client.chat.completions.create(model="gpt-4o", messages=ask(), max_tokens=2)
    assert legacy.choices[0].finish_reason == "length" and legacy.usage.completion_tokens == 2
    word = text.split()[2]
    stopped = client.chat.completions.create(model="gpt-4o", messages=ask(), stop=[" " + word])
    assert stopped.choices[0].finish_reason == "stop"
    assert stopped.choices[0].message.content == text[: text.index(" " + word)]


def test_stream_raw_iteration_equals_create(client):
    whole = client.chat.completions.create(model="claude-sonnet-4", messages=ask(), n=2)
    stream = client.chat.completions.create(model="claude-sonnet-4", messages=ask(), n=2, stream=True,
                                            stream_options={"include_usage": True})
    texts, finish, usage, ids = {0: "", 1: ""}, {}, None, set()
    for chunk in stream:
        ids.add(chunk.id)
        if chunk.usage:
            usage = chunk.usage
            assert chunk.choices == []
        for ch in chunk.choices:
            texts[ch.index] += ch.delta.content or ""
            if ch.finish_reason:
                finish[ch.index] = ch.finish_reason
    assert len(ids) == 1
    assert texts == {c.index: c.message.content for c in whole.choices}
    assert finish == {0: "stop", 1: "stop"}
    assert usage.completion_tokens == whole.usage.completion_tokens


def test_stream_helper_final_completion(client):
    deltas = []
    with client.chat.completions.stream(model="gemini-2.5-flash", messages=ask()) as stream:
        for event in stream:
            if event.type == "content.delta":
                deltas.append(event.delta)
        final = stream.get_final_completion()
    assert "".join(deltas) == final.choices[0].message.content
    assert final.choices[0].message.content == client.chat.completions.create(
        model="gemini-2.5-flash", messages=ask()).choices[0].message.content


def test_tool_round_trip(client):
    messages = ask("What's the weather in Paris? Use get_weather.")
    first = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=[WEATHER])
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.content is None
    call = choice.message.tool_calls[0]
    assert call.function.name == "get_weather" and call.id.startswith("call_")
    args = json.loads(call.function.arguments)
    assert jsonschema_rs.validator_for(WEATHER["function"]["parameters"]).is_valid(args)
    messages += [choice.message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call.id, "content": '{"temp_c": 18, "sky": "cloudy"}'}]
    second = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=[WEATHER])
    assert second.choices[0].finish_reason == "stop"
    assert args["city"] == "Paris"  # taken from the prompt: the parameter is a place
    # the answer states the tool's result, as a model would
    assert second.choices[0].message.content == "It's 18 °C and cloudy in Paris right now."


def test_tool_choice_required_and_named_and_none(client):
    other = {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}}}
    req = client.chat.completions.create(model="gpt-4o-mini", messages=ask("hi"), tools=[other, WEATHER],
                                         tool_choice="required")
    assert [c.function.name for c in req.choices[0].message.tool_calls] == ["get_time"]
    named = client.chat.completions.create(model="gpt-4o-mini", messages=ask("hi"), tools=[other, WEATHER],
                                           tool_choice={"type": "function", "function": {"name": "get_weather"}})
    assert [c.function.name for c in named.choices[0].message.tool_calls] == ["get_weather"]
    none = client.chat.completions.create(model="gpt-4o-mini", messages=ask("use get_weather"), tools=[WEATHER],
                                          tool_choice="none")
    assert none.choices[0].message.tool_calls is None and none.choices[0].message.content
    both = client.chat.completions.create(model="gpt-4o-mini", messages=ask("get_time and get weather please"),
                                          tools=[other, WEATHER])
    assert [c.function.name for c in both.choices[0].message.tool_calls] == ["get_time", "get_weather"]


def test_streamed_tool_calls_with_helper(client):
    with client.chat.completions.stream(model="gpt-4o-mini", messages=ask("get_weather for Rome"),
                                        tools=[WEATHER]) as stream:
        final = stream.get_final_completion()
    call = final.choices[0].message.tool_calls[0]
    plain = client.chat.completions.create(model="gpt-4o-mini", messages=ask("get_weather for Rome"), tools=[WEATHER])
    assert call.function.arguments == plain.choices[0].message.tool_calls[0].function.arguments
    assert final.choices[0].finish_reason == "tool_calls"


def test_parse_with_pydantic_model(client):
    completion = client.chat.completions.parse(model="gpt-4o", messages=ask("Extract the event."),
                                               response_format=Event)
    event = completion.choices[0].message.parsed
    assert isinstance(event, Event) and isinstance(event.attendees, list)
    with client.chat.completions.stream(model="gpt-4o", messages=ask("Extract the event."),
                                        response_format=Event) as stream:
        assert stream.get_final_completion().choices[0].message.parsed == event


def test_json_object_format(client):
    out = client.chat.completions.create(model="gpt-4o", messages=ask("Reply in json."),
                                         response_format={"type": "json_object"})
    assert isinstance(json.loads(out.choices[0].message.content), dict)


def test_responses_create_and_stream(client):
    resp = client.responses.create(model="gpt-5", input="Say hello in one sentence.", instructions="Be brief.")
    assert resp.status == "completed" and resp.output_text
    assert resp.usage.input_tokens == 3 + 6 and resp.usage.total_tokens == resp.usage.input_tokens + \
        resp.usage.output_tokens
    raw = client.responses.create(model="gpt-5", input="Say hello in one sentence.", instructions="Be brief.",
                                  stream=True)
    events = list(raw)
    assert [e.sequence_number for e in events] == list(range(len(events)))
    assert events[0].type == "response.created" and events[-1].type == "response.completed"
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == resp.output_text
    with client.responses.stream(model="gpt-5", input="Say hello in one sentence.", instructions="Be brief.") as s:
        final = s.get_final_response()
    assert final.output_text == resp.output_text and final.id == resp.id


def test_responses_function_call_reasoning_and_parse(client):
    tool = {"type": "function", "name": "get_weather", "strict": True,
            "parameters": WEATHER["function"]["parameters"]}
    resp = client.responses.create(model="gpt-4o-mini", input="get_weather in Oslo", tools=[tool],
                                   reasoning={"effort": "low", "summary": "auto"})
    kinds = [item.type for item in resp.output]
    assert kinds == ["reasoning", "function_call"]
    call = resp.output[1]
    assert jsonschema_rs.validator_for(tool["parameters"]).is_valid(json.loads(call.arguments))
    with client.responses.stream(model="gpt-4o-mini", input="get_weather in Oslo", tools=[tool],
                                 reasoning={"effort": "low", "summary": "auto"}) as s:
        streamed = s.get_final_response()
    assert streamed.output[1].arguments == call.arguments
    done = client.responses.create(model="gpt-4o-mini", tools=[tool], input=[
        {"role": "user", "content": "get_weather in Oslo"},
        {"type": "function_call", "call_id": call.call_id, "name": call.name, "arguments": call.arguments},
        {"type": "function_call_output", "call_id": call.call_id, "output": "sunny"}])
    assert done.output_text == "According to get_weather: sunny."
    parsed = client.responses.parse(model="gpt-4o", input="Extract the event.", text_format=Event)
    assert isinstance(parsed.output_parsed, Event)


def test_models_list(client):
    ids = [m.id for m in client.models.list()]
    assert {"gpt-4o-mini", "gpt-4o", "gpt-5", "claude-sonnet-4", "claude-opus-4", "gemini-2.5-flash"} <= set(ids)


def test_model_grammar(client):
    for model, expect in [("gpt-4o-mini/openai", "gpt-4o-mini"), ("gpt-4o/azure/clm1a2b3c", "gpt-4o"),
                          ("gpt-9,claude-sonnet-4/anthropic,gpt-4o", "claude-sonnet-4"),
                          ("!openai,gpt-4o-mini", "gpt-4o-mini"), ("gpt-4o-mini/bedrock,gemini-2.5-flash", "gemini-2.5-flash"),
                          ("!openai,gpt-4o-mini/openai,o3", "o3")]:
        assert client.chat.completions.create(model=model, messages=ask()).model == expect, model
    with pytest.raises(openai.NotFoundError) as e:
        client.chat.completions.create(model="!openai,!azure,!openrouter,gpt-4o-mini", messages=ask())
    assert e.value.code == "model_not_found"
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="gpt-4o//", messages=ask())
    assert e.value.param == "model"


def test_error_classes(mock, client):
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                       temperature="hot")
    assert e.value.param == "temperature" and "temperature" in e.value.message and e.value.request_id
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "tool", "content": "x"}])
    assert e.value.param == "messages[0].tool_call_id" and e.value.code == "missing_required_parameter"
    bad_key = openai.OpenAI(base_url=mock.url, api_key="x", max_retries=0,
                            default_headers={"Authorization": "Token sk-test"})
    with pytest.raises(openai.AuthenticationError) as e:
        bad_key.chat.completions.create(model="gpt-4o-mini", messages=ask())
    assert e.value.code == "invalid_api_key"
    with pytest.raises(openai.NotFoundError) as e:
        client.responses.create(model="gpt-9-turbo", input="hi")
    assert e.value.code == "model_not_found" and "gpt-9-turbo" in e.value.message


def test_rate_limit_retries_are_observable(mock):
    retrying = openai.OpenAI(base_url=mock.url, api_key="sk-test", max_retries=2)
    raw = retrying.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=ask(), extra_headers={"x-mock-fault": "429", "x-mock-fault-count": "2"})
    assert raw.retries_taken == 2 and raw.parse().choices[0].message.content
    with pytest.raises(openai.RateLimitError) as e:
        retrying.chat.completions.create(model="gpt-4o-mini", messages=ask(),
                                         extra_headers={"x-mock-fault": "429", "x-mock-fault-count": "3"})
    assert e.value.response.headers["retry-after-ms"] == "2" and e.value.code == "rate_limited"
    with pytest.raises(openai.InternalServerError):
        retrying.with_options(max_retries=0).models.list(extra_headers={"x-mock-fault": "503"})


def test_mid_stream_error_and_timeout(mock, client):
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=ask(), stream=True,
                                            extra_headers={"x-mock-fault": "stream-error"})
    with pytest.raises(openai.APIError) as e:
        for _ in stream:
            pass
    assert "mid-stream" in e.value.message
    with pytest.raises(openai.APIError):
        with client.responses.stream(model="gpt-5", input="hi", extra_headers={"x-mock-fault": "stream-error"}) as s:
            s.get_final_response()
    slow = client.with_options(timeout=0.3)
    with pytest.raises(openai.APITimeoutError):
        slow.chat.completions.create(model="gpt-4o-mini", messages=ask(), extra_headers={"x-mock-fault": "timeout"})
    with pytest.raises(openai.APIConnectionError):
        client.chat.completions.create(model="gpt-4o-mini", messages=ask(), extra_headers={"x-mock-fault": "drop"})
