"""What the mock model "says": shared by chat completions and Responses, so both APIs answer alike.

Rules (documented in docs/guides/mock-gateway.md):
- If the conversation ends with tool results (chat ``tool`` messages, Responses ``function_call_output`` items),
  the answer is text that states them ("It's 18 °C and cloudy in Paris right now."): the final turn of a round trip.
- Otherwise, with function tools and ``tool_choice`` not ``none``: a named ``tool_choice`` calls that function;
  ``required`` calls the tools named in the last user message (or the first tool); ``auto`` (the default) calls
  the tools whose name appears in the last user message (case-insensitive, ``_`` may be a space). One call per
  tool, only the first when ``parallel_tool_calls`` is false. Arguments fit the tool's ``parameters`` schema and
  take their strings from the prompt where the parameter name says what it is (``city`` after "weather in Paris").
- Otherwise text: JSON that fits the schema for ``json_schema`` formats (string fields take words from the prompt
  when they fit), a JSON object for ``json_object``; for the rest the spec's example answer when the prompt is the
  one of the operation's request example, else a short reply to the last user message (textgen.reply). ``stop`` cuts before the first stop sequence; the token limit cuts with finish reason ``length``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.numbers import dumps

from . import textgen, values


@dataclass
class Call:
    call_id: str
    name: str
    arguments: str


@dataclass
class Answer:
    text: str | None
    calls: list[Call] = field(default_factory=list)
    finish: str = "stop"  # stop | length | tool_calls

    @property
    def output_tokens(self) -> int:
        return textgen.count(self.text) + sum(textgen.count(c.arguments) for c in self.calls)


@dataclass
class Turn:
    """The parts of a request the answer depends on, in an API-neutral form."""

    last_user: str = ""
    has_image: bool = False  # the last user message carries an image part
    example: str | None = None  # the spec's example answer for this prompt (set by the app), used verbatim
    tool_results: list[tuple[str, str]] = field(default_factory=list)  # (tool name, output) ending the conversation
    tools: dict[str, Any] = field(default_factory=dict)  # function name -> parameters schema (any JSON)
    choice: str | tuple[str, Any] = "auto"  # "none" | "auto" | "required" | ("function", name)
    parallel: bool = True
    fmt: tuple[Any, ...] | None = None  # ("json_schema", schema) | ("json_object",) | None
    limit: int | None = None
    stop: object = None


def respond(turn: Turn, seed: int, salt: int = 0) -> Answer:
    r = textgen.rng(seed, salt)
    if turn.tool_results:
        return _text(turn, textgen.tool_reply(turn.tool_results, r, turn.last_user))
    if turn.tools and turn.choice != "none":
        names = _chosen(turn)
        if names:
            calls = []
            for i, name in enumerate(names):
                args = values.generate(turn.tools[name] or {"type": "object", "properties": {}}, seed + 7919 * i + salt,
                                       hints=turn.last_user)
                calls.append(Call(f"call_{_hex(seed, salt * 64 + i)}", name, dumps(args).decode()))
            return Answer(None, calls, "tool_calls")
    if turn.fmt and turn.fmt[0] == "json_schema":
        return _text(turn, dumps(values.generate(turn.fmt[1], seed + salt, hints=turn.last_user)).decode())
    if turn.fmt and turn.fmt[0] == "json_object":
        return _text(turn, dumps({"answer": textgen.reply(turn.last_user, r, turn.has_image)}).decode())
    if turn.example is not None and salt == 0:  # n > 1: the other choices vary, as a model's samples would
        return _text(turn, turn.example)
    return _text(turn, textgen.reply(turn.last_user, r, turn.has_image))


def _chosen(turn: Turn) -> list[str]:
    if isinstance(turn.choice, tuple):
        return [turn.choice[1]] if turn.choice[1] in turn.tools else []
    said = turn.last_user.lower()
    named = [n for n in turn.tools if n.lower() in said or n.lower().replace("_", " ") in said]
    if not named and turn.choice == "required":
        named = [next(iter(turn.tools))]
    return named[:1] if not turn.parallel else named


def _text(turn: Turn, text: str) -> Answer:
    text, stopped = textgen.apply_stop(text, turn.stop)
    text, cut = textgen.truncate(text, turn.limit)
    return Answer(text, [], "length" if cut else "stop")


def _hex(seed: int, salt: int) -> str:
    return f"{(seed * 2654435761 + salt * 40503 + 12345) & 0xFFFFFFFFFFFFFFFFFFFFFFFF:024x}"


def ident(prefix: str, seed: int, salt: int = 0) -> str:
    """A deterministic id like ``chatcmpl-<24 hex>`` for this request."""
    return f"{prefix}{_hex(seed, salt)}"
