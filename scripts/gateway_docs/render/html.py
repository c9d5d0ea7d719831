"""HTML inside spec descriptions (``<code>``, ``<br>``, ``<table>``: common in real specs): a safe subset kept.

Descriptions are input we do not control. :func:`sanitize` keeps a small set of presentational tags and drops
everything else with nh3 (ammonia): ``<script>``/``<style>`` with their content, event-handler and other
attributes, and any URL scheme but http(s)/mailto. Its output is balanced HTML whose text is entity-escaped, so
the Markdown escaper (:mod:`.escape`) can split it into tags (kept verbatim) and text (escaped as before).
:func:`to_text` turns it into plain text for places that must not carry markup (``llms*.txt``, Mintlify
frontmatter).
:func:`markdown_html` turns the safe Markdown the escaper writes into HTML for the field lists, which the site
splices into pages after Python-Markdown has run (see :mod:`gateway_docs.site.plugin`).
"""
from __future__ import annotations

import functools
import html
import re

#: Tags a description may use; the rest is removed (their text kept).
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "hr", "i", "kbd", "li", "ol",
    "p", "pre", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul",
})
SAFE_ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: Anything that looks like a tag or an HTML comment: only then does a description take the HTML path.
_TAG_LIKE = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>])|!--)")
#: A tag in nh3's output (attribute values always double-quoted there, and may hold '>').
TAG = re.compile(r'<[A-Za-z/][^"<>]*(?:"[^"]*"[^"<>]*)*>')
_BLOCK_BREAK = re.compile(r"<(?:br|/p|/tr|/li|/dt|/dd|/h[1-6]|/pre|/blockquote|hr)\b[^>]*>", re.I)


def has_html(text: str) -> bool:
    return "<" in text and _TAG_LIKE.search(text) is not None


@functools.lru_cache(maxsize=4096)
def sanitize(text: str) -> str:
    """The safe subset of ``text``'s HTML: allowed tags kept (balanced), everything else escaped or dropped."""
    import nh3
    return nh3.clean(text, tags=set(SAFE_TAGS), attributes={k: set(v) for k, v in SAFE_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer", strip_comments=True)


def split_tags(cleaned: str) -> list[tuple[bool, str]]:
    """(is_tag, text) pieces of sanitised HTML; text pieces are entity-decoded (the caller escapes them again)."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in TAG.finditer(cleaned):
        if m.start() > pos:
            out.append((False, html.unescape(cleaned[pos:m.start()])))
        out.append((True, m.group()))
        pos = m.end()
    if pos < len(cleaned):
        out.append((False, html.unescape(cleaned[pos:])))
    return out


def to_text(text: str) -> str:
    """Plain text of a description that may hold HTML: line breaks and list items kept as text, tags gone."""
    return cleaned_to_text(sanitize(text)) if has_html(text) else text


def cleaned_to_text(cleaned: str) -> str:
    """:func:`to_text` of already sanitised HTML."""
    cleaned = _BLOCK_BREAK.sub("\n", cleaned)
    cleaned = re.sub(r"<li\b[^>]*>", "- ", cleaned)
    cleaned = re.sub(r"</t[dh]>", " ", cleaned)
    return html.unescape(TAG.sub("", cleaned))


#: Block-level tags: Python-Markdown takes a line starting with one as a raw HTML block (no Markdown inside).
BLOCK_TAGS = frozenset({"blockquote", "dl", "hr", "ol", "p", "pre", "table", "ul"})
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")


def block_segments(cleaned: str) -> list[tuple[bool, str]]:
    """Split sanitised HTML into top-level block elements (True) and the text between them (False)."""
    out: list[tuple[bool, str]] = []
    pos = 0
    depth = 0
    start = 0
    for m in TAG.finditer(cleaned):
        name = _TAG_NAME.match(m.group())
        if name is None or name.group(2).lower() not in BLOCK_TAGS:
            continue
        closing = name.group(1) == "/"
        if name.group(2).lower() == "hr":
            if depth == 0:
                out.append((False, cleaned[pos:m.start()]))
                out.append((True, m.group()))
                pos = m.end()
            continue
        if not closing:
            if depth == 0:
                out.append((False, cleaned[pos:m.start()]))
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((True, cleaned[start:m.end()]))
                pos = m.end()
    if depth:  # cannot happen with nh3's balanced output; keep the rest as one block anyway
        out.append((True, cleaned[start:]))
    else:
        out.append((False, cleaned[pos:]))
    return [(b, t) for b, t in out if t]


#: A blank line ends a raw HTML block in Markdown; inside <pre> it is content, so it is written as an entity.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@functools.lru_cache(maxsize=65536)
def markdown_html(text: str, inline: bool = False) -> str:
    """HTML of Markdown written by :mod:`.escape` (its text is already escaped and its HTML sanitised), rendered by
    cmark-gfm (GitHub's C CommonMark, the renderer PyPI uses for READMEs): about a thousand times faster than
    Python-Markdown, whose md_in_html pass over every field list made a Stripe-size site take minutes.
    GFM's autolinks stand in for pymdownx.magiclink. ``inline`` drops the paragraph around one line of text."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    out = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE).strip()
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    if "&quot;" in out:  # cmark escapes quotes in text too; Python-Markdown, which writes the rest, does not
        out = _unquote_text(out)
    return _BLANK_LINE.sub("\n&#10;", out)


def _unquote_text(out: str) -> str:
    """``&quot;`` back to ``"`` in text only: never inside a tag, where it keeps an attribute value closed."""
    parts = []
    pos = 0
    for m in TAG.finditer(out):
        parts.append(out[pos:m.start()].replace("&quot;", '"'))
        parts.append(m.group())
        pos = m.end()
    parts.append(out[pos:].replace("&quot;", '"'))
    return "".join(parts)
