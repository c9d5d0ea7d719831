"""Turning text from a spec into Markdown that renders as that text and nothing more.

A spec is input we do not control (`gateway-docs reference --spec OTHER.json`), and its descriptions end up inside
our pages: inside table cells, content tabs and collapsible blocks. A description must not be able to add HTML
(`<script>`, `<img onerror>`), links (`[x](javascript:...)`), attributes (attr_list's `{: onclick=...}`), snippet
includes (`--8<--`), headings, or break the page around it with an unbalanced `**`, backtick or `|`.

What is kept, because real descriptions use it: balanced inline code spans, balanced `*`/`_` emphasis, paragraphs
and simple lists (`md_block` only), bare URLs (pymdownx.magiclink turns http(s) URLs into links), and a safe subset
of HTML (`<code>`, `<br>`, `<table>`..., sanitised by nh3 in :mod:`.html`; in plain output, :data:`PLAIN`, HTML
becomes text). Everything else is shown literally.
"""
from __future__ import annotations

import contextvars
import functools
import html as _html
import re

from ..core.numbers import dumps_text
from ..snippets.include import escape as escape_includes
from . import html

#: Set while rendering plain Markdown for LLM tools (``--plain``, llms*.txt): HTML in descriptions becomes text.
PLAIN: contextvars.ContextVar[bool] = contextvars.ContextVar("gateway_docs_plain", default=False)

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
def _table(balanced: frozenset[str]) -> dict[int, str]:
    table = {ord(c): r for c, r in {**_HTML, **_BACKSLASH}.items()}
    table[0] = "\\`"
    for c in _EMPHASIS:
        if c not in balanced:
            table[ord(c)] = "&#%d;" % ord(c)
    return table


def _escape_text(text: str, balanced: frozenset[str]) -> str:
    return text.translate(_table(balanced))


def _text_pieces(text: str, with_html: bool) -> list[tuple[bool, str]]:
    """(is_tag, text): sanitised tags pass through; only for text that went through :func:`_prepare`."""
    return html.split_tags(text) if with_html else [(False, text)]


def _code(span: str) -> str:
    # Inside a code span Markdown escapes HTML itself; only a newline would end a table row.
    return span.replace("\n", " ")


#: A Markdown link to an absolute web or mail address: kept as a link (Stripe's descriptions are full of them).
#: Any other target (``javascript:``, a path relative to a site we are not) stays literal text.
_LINK = re.compile(r"\[([^\[\]\n`]+)\]\(((?:https?://|mailto:)[^\s()<>|\\`]+)\)")


def _inline(line: str, with_html: bool = False) -> str:
    # kinds: True code span, False kept as written (a sanitised HTML tag, a link's brackets and target), None text
    pieces: list[tuple[bool | None, str]] = []
    for is_code, t in _code_spans(line):
        if is_code:
            pieces.append((True, t))
            continue
        for is_tag, piece in html.split_tags(t) if with_html else [(False, t)]:
            if is_tag:
                pieces.append((False, piece))
                continue
            pos = 0
            for m in _LINK.finditer(piece):
                pieces += [(None, piece[pos:m.start()]), (False, "["), (None, m.group(1)),
                           (False, f"]({m.group(2)})")]
                pos = m.end()
            pieces.append((None, piece[pos:]))
    plain = "".join(t for kind, t in pieces if kind is None)
    # Emphasis markers are kept only when they pair up within this text, so "**" cannot bold the rest of a page.
    # Intraword underscores (max_tokens) are never emphasis in Python-Markdown: they do not count.
    plain = _INTRAWORD.sub("", plain)
    balanced = frozenset(c for c in _EMPHASIS if plain.count(c) % 2 == 0 and plain.count(c * 2) % 2 == 0)
    # a link's target is kept as written: both renderers read `_` and `*` in it as part of the address, not emphasis
    return "".join(_code(t) if kind is True else _escape_text(t, balanced) if kind is None else t
                   for kind, t in pieces if t)


_SPAN = re.compile("\ue000(\\d+)\ue001")


def _prepare(text: str) -> tuple[str, list[str]]:
    """Sanitise the HTML of ``text`` with its code spans set aside (their ``<`` is literal text, not markup).
    Returns the sanitised text with placeholders and the spans to put back."""
    spans: list[str] = []
    out = []
    for is_code, t in _code_spans(text):
        if is_code:
            out.append(f"\ue000{len(spans)}\ue001")
            spans.append(t)
        else:
            out.append(t.replace("\x00", "`"))
    return html.sanitize("".join(out)), spans


def _restore(text: str, spans: list[str], as_html: bool = False) -> str:
    """Put code spans back: as Markdown, or (inside a raw HTML block, where Markdown is off) as ``<code>``."""
    def put(m: re.Match[str]) -> str:
        span = spans[int(m.group(1))]
        if not as_html:
            return span
        return "<code>" + _html.escape(span.strip("`").strip()) + "</code>"
    return _SPAN.sub(put, text)


@functools.lru_cache(maxsize=65536)
def _md_inline(text: str, plain_html: bool = False) -> str:
    text = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    with_html = False
    if html.has_html(text):
        cleaned, spans = _prepare(text)
        if plain_html:
            text = _restore(html.cleaned_to_text(cleaned), spans)
        else:
            text, with_html = _restore(cleaned, spans), True
    paragraphs = [" ".join(p.split("\n")) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "<br><br>".join(_inline(p, with_html) for p in paragraphs)


def md_inline(text: object) -> str:
    """Spec text for one line of Markdown (table cell, heading, tab label): newlines become ``<br>``."""
    return "" if text is None else _md_inline(str(text), PLAIN.get())


_LIST_ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])( +)(.*)$")
# Line starts that open a block: setext underline or rule (only -*_=+ and spaces), fence, definition, details/tab
# marker, ordered or bullet list marker followed by a space.
_BLOCK_START = re.compile(r"^(?:[-*_=+ ]+$|[=:~?]|[-*+](?:\s|$)|\d+[.)](?:\s|$))")


def md_block(text: object) -> str:
    """Spec text as Markdown paragraphs: paragraphs and simple lists survive, no other block syntax does."""
    if text is None:
        return ""
    return _md_block(str(text), PLAIN.get())


@functools.lru_cache(maxsize=65536)
def _md_block(text: str, plain: bool) -> str:
    text = text.strip("\n").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    if html.has_html(text):
        cleaned, spans = _prepare(text)
        if plain:
            return _md_lines(_restore(html.cleaned_to_text(cleaned), spans), False)
        parts = []
        for is_block, segment in html.block_segments(cleaned):
            if is_block:  # raw HTML block: Markdown is off inside, so no Markdown escapes; no blank line inside
                body = "\n".join(ln for ln in _restore(segment, spans, as_html=True).split("\n") if ln.strip())
                parts.append(body)
            elif segment.strip():
                parts.append(_md_lines(_restore(segment, spans).strip("\n"), True))
        return "\n\n".join(p for p in parts if p)
    return _md_lines(text, False)


def _md_lines(text: str, with_html: bool) -> str:
    lines = []
    for raw in text.split("\n"):
        if not raw.strip():
            lines.append("")
            continue
        m = _LIST_ITEM.match(raw)
        if m and m.group(4).strip():
            lines.append(f"{m.group(2)} {_inline(m.group(4), with_html)}")
            continue
        body = _inline(raw.strip(), with_html)
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


def html_content(text: object) -> str:
    """Text for an HTML text node (the field lists' names and labels): ``&``, ``<`` and ``>`` escaped, quotes
    kept as they are, as in the rest of the page."""
    return _html.escape(str(text), quote=False)


def html_text(text: object) -> str:
    """Plain text for places that are HTML without escaping (MkDocs nav titles): no markup characters at all."""
    text = " ".join(str(text).split())
    # Material prints page titles through `striptags`, which *un*-escapes entities: so drop the characters
    # instead of escaping them, or `&lt;/title&gt;` would come back as a real `</title>`.
    return text.translate({ord("<"): "‹", ord(">"): "›", ord("&"): "+", ord('"'): "'"})
