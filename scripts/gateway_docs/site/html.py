"""Post-processing of the built HTML pages.

``compact_whitespace``: Material's templates indent every nav item and TOC entry; on a reference page that is a
third of the navigation's bytes. A run of whitespace that holds a line break renders like one line break, so
every such run becomes a single ``\\n`` — except inside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``,
where whitespace is content.
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")


def compact_whitespace(html: str) -> str:
    parts = _KEEP.split(html)
    out: list[str] = []
    # re.split with two groups yields [text, whole, tagname, text, whole, tagname, ...]
    for i in range(0, len(parts), 3):
        out.append(_RUN.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
