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

from ..core.numbers import dumps, loads

_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])|\s+$")
_BARE_TOKEN = re.compile(r"\w+|[^\w\s]")
# Fields that shape *how* the answer is delivered, not *what* it is: left out of the seed so the streamed answer
# equals the non-streamed one and max_tokens / stop cut the same text.
_DELIVERY_FIELDS = frozenset({"stream", "stream_options", "max_tokens", "max_completion_tokens", "max_output_tokens",
                              "stop", "n"})


def request_seed(body: dict[str, Any], global_seed: int) -> int:
    """A 64-bit seed from the canonical request body (sorted keys, delivery fields removed) and ``--seed``."""
    core = {k: v for k, v in body.items() if k not in _DELIVERY_FIELDS}
    digest = hashlib.blake2b(dumps(core, sort_keys=True), digest_size=8,
                             key=str(global_seed).encode()).digest()
    return int.from_bytes(digest, "big")


def rng(seed: int, salt: int = 0) -> random.Random:
    return random.Random(seed * 1_000_003 + salt)


def reply(prompt: str, r: random.Random, has_image: bool = False) -> str:
    """A short answer to ``prompt`` that reads like a model's: grammatical, on topic, no word doubled.

    The reply is picked by what the prompt asks (a greeting, a poem, the weather, an image, a question, ...) and
    the topic words are lifted from the prompt, so "Write a haiku about gateways." gets a haiku about gateways.
    The variant comes from ``r`` (seeded by the request body), so the same request always gets the same words:
    docs/snippets/*.out record them, and changing the templates means regenerating those files."""
    text = " ".join(prompt.split())
    low = text.lower()
    topic = _about(text)
    if has_image or re.search(r"\b(image|picture|photo|screenshot)\b", low):
        return r.choice(_IMAGE)
    if re.search(r"\bhaiku\b", low):
        return r.choice(_HAIKU).format(topic=topic or "the network", Topic=_cap(topic or "the network"))
    if re.search(r"\b(poem|verse|limerick)\b", low):
        return r.choice(_POEM).format(topic=topic or "the network")
    if re.fullmatch(r"\W*ping\W*", low):
        return "Pong! I'm here and ready."
    if re.search(r"\b(hello|hi|hey|greet|greeting)\b", low):
        return r.choice(_HELLO)
    if re.search(r"\bweather\b", low):
        place = _place(text) or "your area"
        return r.choice(_WEATHER).format(place=place)
    if re.search(r"\bjoke\b", low):
        return r.choice(_JOKES)
    if re.search(r"\b(translate|translation)\b", low):
        return "Here is the translation: Bonjour, comment allez-vous ?"
    if re.search(r"\b(summari[sz]e|summary|tl;?dr)\b", low):
        return f"In short: {r.choice(_SUMMARY).format(topic=topic or 'the text')}"
    for pattern, answers in _FACTS:
        if re.search(pattern, low):
            return r.choice(answers)
    if re.search(r"\b(list|name|give me)\b.*\b(three|3|few|some)\b", low):
        return r.choice(_LISTS).format(topic=topic or "options")
    about = _about(text)
    if text.endswith("?") or re.match(r"(what|why|how|when|where|who|which|can|could|should|is|are|do|does)\b", low):
        return r.choice(_ANSWERS_ABOUT).format(topic=about) if about else r.choice(_ANSWERS)
    if not text:
        return r.choice(_HELLO)
    return r.choice(_ACKS_ABOUT).format(topic=about) if about else r.choice(_ACKS)


def tool_reply(results: list[tuple[str, str]], r: random.Random, prompt: str = "") -> str:
    """The final turn of a tool round trip: an answer that states what the tools returned."""
    parts = []
    for name, output in results:
        try:
            data = loads(output)
        except ValueError:  # not JSON (json.JSONDecodeError is a ValueError)
            data = output.strip()
        parts.append(_describe_result(name, data, prompt))
    return " ".join(parts)


def reasoning_summary(prompt: str, r: random.Random) -> str:
    about = _about(" ".join(prompt.split()))
    # the user's words are not quoted back: a summary reads as the model's own plan
    return r.choice(_REASONING).format(topic=f" about {about}" if about else "")


# -- the words ---------------------------------------------------------------------------------------------------
_HELLO = (
    "Hello! How can I help you today?",
    "Hi there! It's nice to meet you.",
    "Hello! I hope your day is going well.",
    "Hi! What can I do for you today?",
)
_HAIKU = (
    "Quiet {topic} wait,\nrequests drift like autumn leaves,\nanswers find their way.",
    "Through {topic} we pass,\none door opens to many,\nsilence, then reply.",
    "{Topic} hum softly,\npackets cross the midnight bridge,\nmorning finds them home.",
)
_POEM = (
    "Between the question and the answer stands {topic},\npatient as a lighthouse keeper,\n"
    "turning every ship toward a harbour it can reach.",
    "Here is a short verse about {topic}.\nSmall things, carefully arranged,\ncarry more than they appear to.",
)
_WEATHER = (
    "I can't check live conditions, but {place} is usually mild at this time of year; a weather service will "
    "have today's forecast.",
    "I don't have real-time data for {place}. Try a forecast site, or give me a weather tool and I'll look it up.",
)
_IMAGE = (
    "The image shows a wooden boardwalk running through tall green grass under a blue sky with scattered clouds.",
    "It's a landscape photo: a wooden path crosses a grassy meadow toward a line of trees on a bright day.",
)
_JOKES = (
    "Why did the load balancer go to therapy? It had trouble letting requests go.",
    "I told my router a joke about latency. It still hasn't gotten back to me.",
)
_SUMMARY = (
    "{topic} comes down to a few key points, and the main one is worth acting on first.",
    "the core idea of {topic} is simple, and the details support it well.",
)
_FACTS = (
    (r"\bsky\b.*\bblue\b", (
        "The sky looks blue because air molecules scatter short blue wavelengths of sunlight far more than red "
        "ones, so blue light reaches your eyes from every direction.",
        "Sunlight scatters off the gases in the atmosphere, and shorter blue wavelengths scatter most; that "
        "Rayleigh scattering is why the daytime sky appears blue.",
    )),
    (r"\bcapital of france\b", ("The capital of France is Paris.",)),
    (r"\b(2 ?\+ ?2|two plus two)\b", ("2 + 2 equals 4.",)),
    (r"\bload balanc", (
        "A load balancer spreads incoming requests across several servers, so no single one is overwhelmed and "
        "traffic keeps flowing when one fails.",
    )),
    (r"\b(gateway|fallback|provider)s?\b", (
        "A gateway sits between your app and the model providers: it routes each request, retries on failure and "
        "falls back to another provider when one is down.",
        "With a gateway in front of several providers, your app calls one API while routing, retries and fallbacks "
        "happen behind it.",
    )),
)
_LISTS = (
    "Here are three {topic}: the first is simple, the second is flexible, and the third scales best.",
    "Three good {topic} come to mind; start with the simplest one and compare as you go.",
)
_ANSWERS = (  # a question the mock has no canned answer for: a helpful, generic reply
    "Good question! The short answer is that it depends on your setup, but starting simple usually works best.",
    "Here's a quick answer: start with the simplest option, check the result, and adjust from there.",
    "That depends on a few details. Could you tell me more about your setup so I can give a precise answer?",
)
_ANSWERS_ABOUT = (
    "Good question about {topic}! In short, it depends on your setup, but the simplest approach usually works best.",
    "Here's a quick take on {topic}: start small, check the result, and adjust from there.",
)
_ACKS = (
    "Sure! Could you tell me a bit more about what you need, so I can help?",
    "Happy to help. Let's take it one step at a time, starting with the basics.",
    "Got it. Here's a plan: start with the simplest version, then refine it together.",
)
_ACKS_ABOUT = (
    "Sure! Here's a brief take on {topic}: keep it simple, and build from there.",
    "Happy to help with {topic}. Could you share a bit more detail about what you need?",
)
_REASONING = (
    "The user wants a short answer{topic}. Leading with the key reason and one concrete detail covers it.",
    "I should answer the question{topic} directly, give the main reason first, and keep it to one paragraph.",
)
def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _about(text: str) -> str:
    """The words after "about" ("a haiku about gateways" -> "gateways"), or ""."""
    m = re.search(r"\babout ([^.?!,;:]+)", text, re.IGNORECASE)
    return " ".join(m.group(1).split()[:5]).strip() if m else ""


def _place(text: str) -> str | None:
    """A capitalised place after "in"/"at"/"for" ("weather in Paris" -> "Paris")."""
    m = re.search(r"\b(?:in|at|for|near)\s+((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)*)", text)
    return m.group(1) if m else None


def _describe_result(name: str, data: Any, prompt: str) -> str:
    if isinstance(data, dict):
        temp = next((data[k] for k in ("temperature_c", "temp_c", "temperature", "temp") if k in data), None)
        sky = next((data[k] for k in ("conditions", "sky", "condition", "weather", "description") if k in data), None)
        place = data.get("city") or data.get("location") or _place(prompt)
        if temp is not None or sky is not None:
            bits = [f"{temp} °C" if isinstance(temp, (int, float)) else str(temp)] if temp is not None else []
            if sky is not None:
                bits.append(str(sky))
            where = f" in {place}" if place else ""
            return f"It's {' and '.join(bits)}{where} right now."
        shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in list(data.items())[:4])
        return f"According to {name}: {shown}." if shown else f"{name} returned no details."
    if isinstance(data, list):
        return f"{name} returned {len(data)} results."
    return f"According to {name}: {str(data).rstrip('.')}."


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
    kept: list[str] = []
    n = 0
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


def has_image(content: Any) -> bool:
    """Whether a message ``content`` has an image part (chat ``image_url``, Responses ``input_image``)."""
    return isinstance(content, list) and any(
        isinstance(p, dict) and p.get("type") in ("image_url", "input_image") for p in content)
