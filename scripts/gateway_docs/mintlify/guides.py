"""The MkDocs guides (``docs/*.md``, Material flavour) as Mintlify MDX pages.

What changes on the way:

- ``--8<--`` includes are pasted (:func:`..snippets.include.paste`), so a page shows the snippet files CI runs;
- admonitions ``!!! note "Title"`` become ``<Note>``, ``<Info>``, ``<Tip>``, ``<Warning>`` or ``<Check>``, the
  title as a bold first line; collapsible ones (``??? note "Title"``) become ``<Accordion title="Title">``;
- content tabs ``=== "Python"`` become ``<CodeGroup>`` when every tab is one code block, else ``<Tabs>``/``<Tab>``;
- a code block's ``title="Output"`` becomes Mintlify's ``lang Title`` meta;
- links to other guides become their Mintlify route (``streaming.md#x`` -> ``/guides/streaming#x``), links to an
  operation's reference page (``reference/<slug>.md``) the route of its Mintlify page; links to pages Mintlify does
  not have (schema pages, the reference index) keep their text and lose the link;
- the first ``# Heading`` becomes the ``title`` (front matter ``title``/``description`` are kept as they are);
- outside code, the characters MDX would read as JSX or expressions (``{``, ``}``, ``<``) are escaped and
  ``<https://...>`` autolinks (not MDX) become ``[https://...](https://...)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from ..snippets.include import paste
from ..core.front_matter import split_front_matter
from .mdx import front_matter

CALLOUTS = {"note": "Note", "abstract": "Info", "info": "Info", "todo": "Info", "example": "Info", "quote": "Info",
            "tip": "Tip", "hint": "Tip", "success": "Check", "check": "Check", "done": "Check",
            "question": "Info", "help": "Info", "faq": "Info", "warning": "Warning", "caution": "Warning",
            "attention": "Warning", "failure": "Warning", "fail": "Warning", "missing": "Warning",
            "danger": "Warning", "error": "Warning", "bug": "Warning"}
_ADMONITION = re.compile(r'^(?P<ind>[ \t]*)(?P<mark>!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
_TAB = re.compile(r'^(?P<ind>[ \t]*)===\+?[ \t]+"(?P<label>[^"]*)"[ \t]*$')
_FENCE = re.compile(r"^(?P<ind>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<href>[^)\s]+)(?P<rest>[^)]*)\)")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto):[^>\s]+)>")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


@dataclass(frozen=True)
class Guide:
    source: Path  # docs/<name>.md
    name: str  # file stem, the page slug
    title: str  # from mkdocs.yml nav


def guides_from_mkdocs(mkdocs_yml: Path, section: str = "Guides") -> list[Guide]:
    """The pages of the ``section`` of mkdocs.yml's nav, in nav order (the guides as the MkDocs site lists them)."""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name or !ENV tags; the nav needs none of them.
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader) or {}
    docs_dir = mkdocs_yml.parent / str(config.get("docs_dir") or "docs")
    for item in config.get("nav") or []:
        if isinstance(item, dict) and section in item:
            out = []
            for entry in item[section] or []:
                if isinstance(entry, dict):
                    (title, page), = entry.items()
                else:
                    title, page = None, entry
                if isinstance(page, str) and page.endswith(".md"):
                    out.append(Guide(docs_dir / page, Path(page).with_suffix("").as_posix(), title or ""))
            return out
    return []


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    head, body = split_front_matter(text)
    meta = yaml.safe_load(head) if head else None
    return (meta if isinstance(meta, dict) else {}), body


def _dedent(lines: list[str], width: int) -> list[str]:
    return [line[width:] if line[:width].strip() == "" else line.lstrip() for line in lines]


def _block(lines: list[str], i: int, ind: int) -> tuple[list[str], int]:
    """The lines indented deeper than ``ind`` from ``i`` on (blank lines included while the block goes on)."""
    body: list[str] = []
    while i < len(lines):
        line = lines[i]
        if line.strip() == "" or len(line) - len(line.lstrip()) > ind:
            body.append(line)
            i += 1
        else:
            break
    while body and not body[-1].strip():
        body.pop()
        i -= 1
    while body and not body[0].strip():
        body.pop(0)
    width = min((len(x) - len(x.lstrip()) for x in body if x.strip()), default=ind + 4)
    return _dedent(body, width), i


def _fence_meta(info: str) -> str:
    """pymdownx ``python title="Output"`` -> Mintlify ``python Output``."""
    m = re.search(r'title="([^"]*)"', info)
    lang = info.split()[0] if info.split() and not info.split()[0].startswith(("title=", "{")) else ""
    if m:
        return f"{lang or 'text'} {m.group(1)}"
    return lang


def _only_code(body: list[str]) -> bool:
    """True when ``body`` is exactly one fenced block."""
    text = [x for x in body if x.strip()]
    if len(text) < 2:
        return False
    first, last = _FENCE.match(text[0]), _FENCE.match(text[-1])
    if not first or not last or last.group("info").strip():
        return False
    inner = text[1:-1]
    return not any((m := _FENCE.match(x)) and m.group("fence")[0] == first.group("fence")[0]
                   and len(m.group("fence")) >= len(first.group("fence")) and not m.group("info").strip()
                   for x in inner)


class Converter:
    """Markdown (Material for MkDocs) -> Mintlify MDX.

    ``route`` maps a docs-relative ``.md`` path to ``(Mintlify route, whether the page's heading anchors are the
    same)``, or None when Mintlify has no such page. A converted guide keeps its headings, so its anchors hold; an
    operation page is Mintlify's own, so an MkDocs anchor into it is dropped rather than left dangling."""

    def __init__(self, route: Callable[[str], tuple[str, bool] | None]) -> None:
        self.route = route

    def blocks(self, lines: list[str]) -> list[str]:
        """Structure (admonitions, tabs, fences) converted; prose lines escaped for MDX."""
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            fence = _FENCE.match(line)
            if fence:  # copy a code block as it is, with its meta converted
                ind, mark = fence.group("ind"), fence.group("fence")
                out.append(f"{ind}{mark}{_fence_meta(fence.group('info').strip())}")
                i += 1
                while i < len(lines):
                    out.append(lines[i])
                    close = _FENCE.match(lines[i])
                    i += 1
                    if close and close.group("fence")[0] == mark[0] and len(close.group("fence")) >= len(mark) \
                            and not close.group("info").strip():
                        break
                continue
            adm = _ADMONITION.match(line)
            if adm:
                ind = adm.group("ind")
                body, i = _block(lines, i + 1, len(ind))
                title = adm.group("title")
                if adm.group("mark") != "!!!":  # collapsible (pymdownx.details): Mintlify's <Accordion>
                    label = title if title else adm.group("kind").capitalize()
                    head, inner = f'<Accordion title="{self.attr(label)}">', self.blocks(body)
                    tag = "Accordion"
                else:
                    tag = CALLOUTS.get(adm.group("kind").lower(), "Note")
                    head = f"<{tag}>"
                    inner = ([f"**{self.inline(title)}**", ""] if title else []) + self.blocks(body)
                out += [f"{ind}{head}", ""] + [f"{ind}{x}" if x else x for x in inner] + ["", f"{ind}</{tag}>"]
                continue
            tab = _TAB.match(line)
            if tab:
                ind = tab.group("ind")
                tabs: list[tuple[str, list[str]]] = []
                while i < len(lines) and (t := _TAB.match(lines[i])) and t.group("ind") == ind:
                    body, i = _block(lines, i + 1, len(ind))
                    tabs.append((t.group("label"), body))
                    j = i
                    while j < len(lines) and not lines[j].strip():
                        j += 1
                    if j < len(lines) and (t2 := _TAB.match(lines[j])) and t2.group("ind") == ind:
                        i = j
                out += [f"{ind}{x}" if x else x for x in self.tabs(tabs)]
                continue
            out.append(self.prose(line))
            i += 1
        return out

    def tabs(self, tabs: list[tuple[str, list[str]]]) -> list[str]:
        if all(_only_code(body) for _, body in tabs):
            out = ["<CodeGroup>", ""]
            for label, body in tabs:
                text = [x for x in body if x.strip()]
                m = _FENCE.match(text[0])
                assert m is not None
                lang = _fence_meta(m.group("info").strip()).split(" ")[0] or "text"
                out += [f"{m.group('fence')}{lang} {label}"] + body[body.index(text[0]) + 1:] + [""]
            return out + ["</CodeGroup>"]
        out = ["<Tabs>"]
        for label, body in tabs:
            out += [f'  <Tab title="{self.attr(label)}">', ""] + self.blocks(body) + ["", "  </Tab>"]
        return out + ["</Tabs>"]

    @staticmethod
    def attr(text: str) -> str:
        return text.replace("&", "&amp;").replace('"', "&quot;")

    def link(self, m: re.Match[str]) -> str:
        """A Markdown link with its text escaped and, for a docs page, its Mintlify route."""
        href, label = m.group("href"), self._escape(m.group("text"))
        path, _, anchor = href.partition("#")
        if not m.group("bang") and not re.match(r"^[a-z][a-z0-9+.-]*:|^/", href) and path.endswith(".md"):
            found = self.route(path)
            if found is None:
                return label  # Mintlify has no such page: keep the words
            route, same_anchors = found
            href = route + ("#" + anchor if anchor and same_anchors else "")
        return f"{m.group('bang')}[{label}]({href}{m.group('rest')})"

    def inline(self, text: str) -> str:
        """Escape MDX-active characters and rewrite links, leaving code spans as they are.

        Code spans, autolinks and links are swapped for placeholders first, so escaping never reaches inside a
        code span or a link target, and a link whose text holds a code span is still found."""
        kept: list[str] = []

        def hold(value: str) -> str:
            kept.append(value)
            return f"\x00{len(kept) - 1}\x00"

        text = _CODE_SPAN.sub(lambda m: hold(m.group(0)), text)
        text = _AUTOLINK.sub(lambda m: hold(f"[{m.group('url')}]({m.group('url')})"), text)
        text = _LINK.sub(lambda m: hold(self.link(m)), text)
        text = self._escape(text)
        while "\x00" in text:
            text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
        return text

    @staticmethod
    def _escape(text: str) -> str:
        # the guides are Markdown: any "{", "}" or "<" in prose is text, never an MDX expression or JSX
        return text.replace("{", "\\{").replace("}", "\\}").replace("<", "&lt;")

    def prose(self, line: str) -> str:
        if line.lstrip().startswith("<!--") and line.rstrip().endswith("-->"):
            return line.replace("<!--", "{/*", 1)[::-1].replace(">--", "/*}", 1)[::-1]
        return self.inline(line)


def guide_page(guide: Guide, text: str, marker: str, snippets_dir: Path | None,
               route: Callable[[str], tuple[str, bool] | None]) -> str:
    """The MDX page of one guide: front matter (title, description), our marker, the converted body."""
    meta, body = _split_front_matter(text)
    body = paste(body, snippets_dir)
    lines = body.split("\n")
    title = meta.get("title")
    for k, line in enumerate(lines):
        if line.strip():
            h1 = re.match(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", line)
            if h1:
                title = title or h1.group(1)
                del lines[k]
            break
    fields = {"title": title or guide.title or guide.name, "description": meta.get("description")}
    converted = "\n".join(Converter(route).blocks(lines)).strip("\n")
    return f"{front_matter(fields)}\n{marker}\n\n{converted}\n"
