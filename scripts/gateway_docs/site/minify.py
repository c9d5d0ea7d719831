"""Post-processing of the built HTML pages.

``compact_whitespace``: Material's templates indent every nav item and TOC entry; on a reference page that is a
third of the navigation's bytes. A run of whitespace that holds a line break renders like one line break, so
every such run becomes a single ``\\n`` — except inside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``,
where whitespace is content. Inside ``<pre>``, Pygments wraps each whitespace token in ``<span class="w">``, a
class Material gives no style: the spans go and their whitespace stays (a tenth of the chat page's bytes).
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")
_WS_TOKEN = re.compile(r'<span class="w">(\s*)</span>')


def compact_whitespace(html: str) -> str:
    parts = _KEEP.split(html)
    out: list[str] = []
    # re.split with two groups yields [text, whole, tagname, text, whole, tagname, ...]
    for i in range(0, len(parts), 3):
        out.append(_RUN.sub("\n", parts[i]))
        if i + 1 < len(parts):
            kept = parts[i + 1]
            out.append(_WS_TOKEN.sub(r"\1", kept) if parts[i + 2].lower() == "pre" else kept)
    return "".join(out)
