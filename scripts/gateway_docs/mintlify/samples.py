"""Our tested snippets in Mintlify: ``x-codeSamples`` on each operation of the bundled spec, and the
``<RequestExample>``/``<ResponseExample>`` blocks of MDX pages.

The source of every sample is the snippet file's text, byte for byte (the ``title:`` comment included): the exact
file CI runs against the mock and the real gateway, so what Mintlify shows is what was tested.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from ..snippets.examples import Example, examples
from .mdx import Operation

#: Snippet extension -> x-codeSamples ``lang``. Redocly's names, which Mintlify also reads; TypeScript snippets are
#: labelled TypeScript but use ``JavaScript``, the nearest language both tools know.
SAMPLE_LANG = {"sh": "cURL", "py": "Python", "ts": "JavaScript"}


def _label(example: Example, tab: str, many: bool) -> str:
    return f"{example.title} ({tab})" if many else tab


def code_samples(snippets_dir: Path | None, slug: str) -> list[dict[str, str]]:
    """The ``x-codeSamples`` list of one operation, empty when ``docs/snippets/<slug>/`` has no snippet."""
    found = examples(snippets_dir, slug)
    many = len(found) > 1
    return [{"lang": SAMPLE_LANG[s.ext], "label": _label(e, s.language.tab, many),
             "source": s.path.read_text(encoding="utf-8")} for e in found for s in e.files]


def with_code_samples(data: dict[str, Any], ops: list[Operation], snippets_dir: Path | None) -> dict[str, Any]:
    """A copy of the spec with ``x-codeSamples`` on every operation that has snippets (an existing list in the
    spec is replaced: the snippets folder is the one source of examples)."""
    out = copy.deepcopy(data)
    for op in ops:
        samples = code_samples(snippets_dir, op.slug)
        if samples:
            out["paths"][op.path][op.method]["x-codeSamples"] = samples
    return out


def fence(text: str, info: str) -> str:
    """A fenced block for ``text`` whose fence is longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}{info}\n{text.rstrip(chr(10))}\n{ticks}"


def example_blocks(snippets_dir: Path | None, slug: str) -> str:
    """``<RequestExample>`` with every snippet of the operation and ``<ResponseExample>`` with their recorded
    output (``.out``), or "" when the operation has no snippets."""
    found = examples(snippets_dir, slug)
    if not found:
        return ""
    many = len(found) > 1
    requests = [fence(s.path.read_text(encoding="utf-8"), f"{s.language.name} {_label(e, s.language.tab, many)}")
                for e in found for s in e.files]
    outputs = [fence(s.expected, f"text {_label(e, s.language.tab, many)} output")
               for e in found for s in e.files if s.expected is not None]
    out = "<RequestExample>\n\n" + "\n\n".join(requests) + "\n\n</RequestExample>\n"
    if outputs:
        out += "\n<ResponseExample>\n\n" + "\n\n".join(outputs) + "\n\n</ResponseExample>\n"
    return out
