"""Turning text from a spec into Markdown that renders as that text and nothing more.

A spec is input we do not control (`gateway-docs reference --spec OTHER.json`), and its descriptions end up inside
our pages: inside table cells, content tabs and collapsible blocks. A description must not be able to add HTML
(`<script>`, `<img onerror>`), links (`[x](javascript:...)`), attributes (attr_list's `{: onclick=...}`), snippet
includes (`--8<--`), headings, or break the page around it with an unbalanced `**`, backtick or `|`.

What is kept, because real descriptions use it: balanced inline code spans, balanced `*`/`_` emphasis, paragraphs
and simple lists (`md_block` only), bare URLs (pymdownx.magiclink turns http(s) URLs into links). Everything else
is shown literally.
"""
from __future__ import annotations

import functools
import re

from ..core.numbers import dumps_text
from ..snippets.include import escape as escape_includes

_CODE_RUN = re.compile(r"`+")
# Characters escaped with a backslash outside code spans (all are in Python-Markdown's escapable set, `|` through
# the tables extension). `\` first, so an author's `\[` cannot un-escape our `\[`.
_BACKSLASH = {c: "\\" + c for c in "\\[]{}#|!"}
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_EMPHASIS = ("*", "_", "~", "=", "^")
_INTRAWORD = re.compile(r"(?<=[A-Za-z0-9])_(?=[A-Za-z0-9])")


def _code_spans(text: str) -> list[tuple[bool, str]]:
    """Split into (is_code, text) pieces. A backtick run opens a span only if a run of the same length closes it."""
    runs = list(_CODE_RUN.finditer(text))
    pieces: list[tuple[bool, str]] = []
    pos = 0
    i = 0
    while i < len(runs):
        opener = runs[i]
        closer = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opener.group())), None)
        if closer is None:  # unbalanced: escape every backtick of this run
            pieces.append((False, text[pos:opener.start()]))
            pieces.append((False, "\x00" * len(opener.group())))
            pos = opener.end()
            i += 1
            continue
        pieces.append((False, text[pos:opener.start()]))
        pieces.append((True, text[opener.start():runs[closer].end()]))
        pos = runs[closer].end()
        i = closer + 1
    pieces.append((False, text[pos:]))
    return [p for p in pieces if p[1]]


@functools.lru_cache(maxsize=64)
def _table(balanced: frozenset) -> dict:
    table = {ord(c): r for c, r in {**_HTML, **_BACKSLASH}.items()}
    table[0] = "\\`"
    for c in _EMPHASIS:
        if c not in balanced:
            table[ord(c)] = "&#%d;" % ord(c)
    return table


def _escape_text(text: str, balanced: frozenset) -> str:
    return text.translate(_table(balanced))


def _code(span: str) -> str:
    # Inside a code span Markdown escapes HTML itself; only a newline would end a table row.
    return span.replace("\n", " ")


def _inline(line: str) -> str:
    pieces = _code_spans(line)
    plain = "".join(t for is_code, t in pieces if not is_code)
    # Emphasis markers are kept only when they pair up within this text, so "**" cannot bold the rest of a page.
    # Intraword underscores (max_tokens) are never emphasis in Python-Markdown: they do not count.
    plain = _INTRAWORD.sub("", plain)
    balanced = frozenset(c for c in _EMPHASIS if plain.count(c) % 2 == 0 and plain.count(c * 2) % 2 == 0)
    return "".join(_code(t) if is_code else _escape_text(t, balanced) for is_code, t in pieces)


@functools.lru_cache(maxsize=65536)
def _md_inline(text: str) -> str:
    text = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(p.split("\n")) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "<br><br>".join(_inline(p) for p in paragraphs)


def md_inline(text: object) -> str:
    """Spec text for one line of Markdown (table cell, heading, tab label): newlines become ``<br>``."""
    return "" if text is None else _md_inline(str(text))


_LIST_ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])( +)(.*)$")
# Line starts that open a block: setext underline or rule (only -*_=+ and spaces), fence, definition, details/tab
# marker, ordered or bullet list marker followed by a space.
_BLOCK_START = re.compile(r"^(?:[-*_=+ ]+$|[=:~?]|[-*+](?:\s|$)|\d+[.)](?:\s|$))")


def md_block(text: object) -> str:
    """Spec text as Markdown paragraphs: paragraphs and simple lists survive, no other block syntax does."""
    if text is None:
        return ""
    text = str(text).strip("\n").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    lines = []
    for raw in text.split("\n"):
        if not raw.strip():
            lines.append("")
            continue
        m = _LIST_ITEM.match(raw)
        if m and m.group(4).strip():
            lines.append(f"{m.group(2)} {_inline(m.group(4))}")
            continue
        body = _inline(raw.strip())
        # A line must not start a heading, setext underline, fence, admonition, tab, definition or quote.
        if _BLOCK_START.match(body):
            body = "&#%d;%s" % (ord(body[0]), body[1:])
        lines.append(body)
    return "\n".join(lines).strip("\n")


def code_span(value: object) -> str:
    """A literal as an inline code span, safe in a table cell (any backticks inside get a longer fence)."""
    text = str(value).replace("\n", " ")
    longest = max((len(m.group()) for m in _CODE_RUN.finditer(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def json_literal(value: object, limit: int = 120) -> str:
    """A JSON value as a code span (``"auto"``, ``0``, ``null``), shortened when long."""
    text = dumps_text(value, ensure_ascii=False, separators=(", ", ": "))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return code_span(text)


def code_block(text: str, lang: str = "", title: str | None = None) -> str:
    """A fenced code block whose fence is longer than any backtick run inside, with snippet markers escaped."""
    body = str(text).replace("\r\n", "\n").rstrip("\n")
    body = escape_includes(body)
    longest = max((len(m.group()) for m in _CODE_RUN.finditer(body)), default=0)
    fence = "`" * max(3, longest + 1)
    attrs = lang
    if title:
        attrs += ' title="%s"' % md_attr(title)
    return f"{fence}{attrs}\n{body}\n{fence}"


def md_attr(text: object) -> str:
    """Text for a quoted label (tab titles, admonition titles, code block titles)."""
    return md_inline(text).replace('"', "&quot;")


def html_text(text: object) -> str:
    """Plain text for places that are HTML without escaping (MkDocs nav titles): no markup characters at all."""
    text = " ".join(str(text).split())
    # Material prints page titles through `striptags`, which *un*-escapes entities: so drop the characters
    # instead of escaping them, or `&lt;/title&gt;` would come back as a real `</title>`.
    return text.translate({ord("<"): "‹", ord(">"): "›", ord("&"): "+", ord('"'): "'"})
