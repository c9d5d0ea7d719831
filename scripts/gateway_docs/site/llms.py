"""``llms.txt``, ``llms-full.txt`` and plain Markdown copies of the pages, written next to the built site.

LLM tools read Markdown better than HTML: every page gets a ``.md`` twin in the site (``reference/<slug>.md``,
``quickstart.md``...), with snippet includes pasted in and no Material-only syntax in the reference pages.
``llms.txt`` (https://llmstxt.org) lists them; ``llms-full.txt`` is all of them in one file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.files import write_atomic

OPTIONAL = ("Schemas", "Toolchain", "Reference tables")


@dataclass
class LlmsPage:
    url: str  # relative URL of the Markdown copy, e.g. "reference/post-v1-chat-completions.md"
    title: str
    section: str  # "Guides", "API reference", "Schemas", "Toolchain", "Reference tables" (the last three under
    # "Optional" in llms.txt)
    markdown: str
    summary: str = ""


def llms_txt(site_name: str, description: str, pages: list[LlmsPage], base_url: str = "") -> str:
    out = [f"# {site_name}", ""]
    if description:
        out += [f"> {' '.join(description.split())}", ""]
    for section in ("Guides", "API reference", "Optional"):
        items = [p for p in pages if (p.section in OPTIONAL) == (section == "Optional")
                 and (p.section == section or section == "Optional")]
        if not items:
            continue
        out += [f"## {section}", ""]
        for p in items:
            summary = f": {p.summary}" if p.summary else ""
            out.append(f"- [{_link_text(p.title)}]({base_url}{p.url}){summary}")
        out.append("")
    return "\n".join(out)


def llms_full(site_name: str, pages: list[LlmsPage]) -> str:
    """Every reader's page in one file: guides, operations, then each schema once. Toolchain pages and long
    generated reference tables (the OpenAI compatibility table, the changelog) stay out: llms.txt lists them."""
    parts = [f"# {site_name}\n"]
    for p in pages:
        if p.section in ("Toolchain", "Reference tables"):
            continue
        parts.append(f"\n<!-- source: {p.url} -->\n\n{p.markdown.strip()}\n")
    return "".join(parts)


def _link_text(text: str) -> str:
    return re.sub(r"[\[\]\n]", " ", text).strip()


def write_all(site_dir: Path, site_name: str, description: str, pages: list[LlmsPage], base_url: str = "") -> int:
    changed = 0
    for p in pages:
        changed += write_atomic(Path(site_dir) / p.url, p.markdown)
    changed += write_atomic(Path(site_dir) / "llms.txt", llms_txt(site_name, description, pages, base_url))
    changed += write_atomic(Path(site_dir) / "llms-full.txt", llms_full(site_name, pages))
    return changed
