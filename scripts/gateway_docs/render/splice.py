"""HTML fragments in a Markdown reference page: written by the templates, lifted out and put back by the site.

The templates write each schema (field lists, variants) as one HTML fragment between :data:`START` and :data:`END`,
without a blank line inside: any Markdown renderer passes it through as a raw HTML block, so the Markdown that
``gateway-docs reference`` writes reads right anywhere. The MkDocs plugin does not make Python-Markdown parse them:
:func:`lift` swaps each for a one-line placeholder before conversion, and :func:`put_back` returns them into the
page's HTML afterwards, with their ``.md`` links turned into the site's URLs.
"""
from __future__ import annotations

import re
from typing import Callable

START = "<!--gd-html-->"
END = "<!--/gd-html-->"

_BLANK = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n?")
_FRAGMENT = re.compile(r"^([ \t]*)" + re.escape(START) + r"\n(.*?)\n[ \t]*" + re.escape(END) + r"[ \t]*$",
                       re.M | re.S)
_SLOT = re.compile(r"(?:<p>)?<!--gd-slot:(\d+)-->(?:</p>)?")
_MD_LINK = re.compile(r'href="([^":#?]+\.md)(#[^"]*)?"')


def body(html: str) -> str:
    """A fragment's HTML without blank lines (they would end the raw HTML block). Blank lines that are content,
    inside ``<pre>``, were already written as ``&#10;`` by :func:`gateway_docs.render.html.markdown_html`."""
    return _BLANK.sub("\n", html.strip("\n"))


def lift(markdown: str) -> tuple[str, list[str]]:
    """(the page with a placeholder per fragment, the fragments' HTML)."""
    found: list[str] = []

    def slot(m: re.Match[str]) -> str:
        indent = m.group(1)
        lines = m.group(2).split("\n")
        found.append("\n".join(ln[len(indent):] if ln.startswith(indent) else ln for ln in lines))
        return f"\n{indent}<!--gd-slot:{len(found) - 1}-->\n"

    return _FRAGMENT.sub(slot, markdown), found


def put_back(html: str, fragments: list[str], url_of: Callable[[str], str | None]) -> str:
    """The page's HTML with its fragments in place; ``url_of(path.md)`` gives a link's URL (None: keep it)."""
    def link(m: re.Match[str]) -> str:
        url = url_of(m.group(1))
        return m.group() if url is None else f'href="{url}{m.group(2) or ""}"'

    def fragment(m: re.Match[str]) -> str:
        text = fragments[int(m.group(1))]
        return _MD_LINK.sub(link, text) if ".md" in text else text

    return _SLOT.sub(fragment, html)


def text_only(fragment_html: str) -> str:
    """A fragment as one paragraph of its text: what the search index needs (fields have no headings, so they
    add no sections), parsed in a fraction of the time of the full markup."""
    import html as _html

    from .html import TAG  # the tag pattern the description sanitiser splits HTML with (quoted '>' included)
    text = " ".join(_html.unescape(TAG.sub(" ", fragment_html)).split())
    return f"<p>{_html.escape(text, quote=False)}</p>"
