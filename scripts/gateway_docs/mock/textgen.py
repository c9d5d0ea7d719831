"""Deterministic text and the mock's token rule.

Token rule (documented in README and docs/guides/mock-gateway.md): a token is a run of word characters
(``\\w+``) or one other non-space character, together with the whitespace before it. ``"Hello, world!"`` is four
tokens: ``Hello`` ``,`` `` world`` ``!``. Streams send one token per delta, so the deltas concatenate to the text;
``usage`` counts the same tokens; ``max_tokens`` keeps the first N of them.
"""
from __future__ import annotations

import hashlib
import random
import re
from typing import Any

from ..core.numbers import dumps

_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])|\s+$")
_BARE_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORDS = (
    "the gateway routes each request to the cheapest healthy provider and falls back when one fails a mock answer "
    "keeps tests fast offline and deterministic so every run returns the same tokens for the same request while "
    "streaming clients see one delta per token until the final chunk reports usage"
).split()

# Fields that shape *how* the answer is delivered, not *what* it is: left out of the seed so the streamed answer
# equals the non-streamed one and max_tokens / stop cut the same text.
_DELIVERY_FIELDS = frozenset({"stream", "stream_options", "max_tokens", "max_completion_tokens", "max_output_tokens",
                              "stop", "n"})


def request_seed(body: dict, global_seed: int) -> int:
    """A 64-bit seed from the canonical request body (sorted keys, delivery fields removed) and ``--seed``."""
    core = {k: v for k, v in body.items() if k not in _DELIVERY_FIELDS}
    digest = hashlib.blake2b(dumps(core, sort_keys=True), digest_size=8,
                             key=str(global_seed).encode()).digest()
    return int.from_bytes(digest, "big")


def rng(seed: int, salt: int = 0) -> random.Random:
    return random.Random(seed * 1_000_003 + salt)


def sentence_text(r: random.Random, lead: str = "") -> str:
    """One to three sentences of mock prose, optionally starting with ``lead``.

    The exact words are part of the mock's contract: docs/snippets/*.out files record them, so changing this
    function (or the seed derivation) means regenerating those files."""
    sentences = []
    for _ in range(r.randint(1, 3)):
        words = [r.choice(_WORDS) for _ in range(r.randint(5, 12))]
        sentences.append(" ".join(words).capitalize() + ".")
    text = " ".join(sentences)
    return f"{lead} {text}" if lead else text


def tokens(text: str) -> list[str]:
    """The text split into tokens; ``"".join(tokens(t)) == t``."""
    return _TOKEN.findall(text)


def count(text: str | None) -> int:
    if not text:
        return 0
    return len(_BARE_TOKEN.findall(text))


def truncate(text: str, limit: int | None) -> tuple[str, bool]:
    """The first ``limit`` tokens of ``text`` and whether anything was cut."""
    if limit is None:
        return text, False
    parts = tokens(text)
    kept, n = [], 0
    for p in parts:
        if not p.isspace():
            if n >= limit:
                return "".join(kept), True
            n += 1
        kept.append(p)
    return text, False


def apply_stop(text: str, stop: Any) -> tuple[str, bool]:
    """Cut ``text`` before the earliest stop sequence (OpenAI semantics: the sequence itself is not returned)."""
    if not stop:
        return text, False
    seqs = [stop] if isinstance(stop, str) else [s for s in stop if isinstance(s, str) and s]
    cut = min((i for i in (text.find(s) for s in seqs) if i >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


def texts_of(content: Any) -> list[str]:
    """The text in a message ``content``: a string, or a list of parts with ``text`` (chat and Responses)."""
    if isinstance(content, str):
        return [content]
    out = []
    if isinstance(content, list):
        for part in content:
            if isinstance(part, dict):
                for key in ("text", "refusal"):
                    if isinstance(part.get(key), str):
                        out.append(part[key])
    return out
