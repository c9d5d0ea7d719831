"""Editing a JSON file in place: change the values we own and keep every other byte of the file as it was.

Re-serialising a hand-maintained config (Mintlify's ``docs.json``) would reflow its arrays, reorder nothing but
still rewrite whitespace, and produce a diff far larger than the change. Instead we parse the text once into
nodes that know their byte span (:func:`parse`), and splice new text into those spans (:class:`Edits`). The new
text is indented to match the line it lands on and the file's own indent unit, so a second run with the same
values produces the same bytes (idempotence).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..core.diagnostics import GatewayDocsError
from ..core.json_scan import scan_string, scan_value, skip_ws



@dataclass
class Node:
    """A JSON value and where it sits in the text: ``text[start:end]`` is exactly the value."""

    start: int
    end: int
    kind: str  # "object" | "array" | "scalar"
    value: Any = None  # scalars only
    members: list[tuple[str, int, "Node"]] = field(default_factory=list)  # object: (key, key offset, value)
    items: list["Node"] = field(default_factory=list)  # array

    def get(self, key: str) -> "Node | None":
        for k, _, node in self.members:
            if k == key:
                return node
        return None


def _node(text: str, i: int) -> Node:
    i = skip_ws(text, i)
    c = text[i]
    if c == "{":
        node = Node(i, 0, "object")
        j = skip_ws(text, i + 1)
        if text[j] == "}":
            node.end = j + 1
            return node
        while True:
            key, after = scan_string(text, j + 1)
            colon = skip_ws(text, after)
            child = _node(text, colon + 1)
            node.members.append((key, j, child))
            j = skip_ws(text, child.end)
            if text[j] == ",":
                j = skip_ws(text, j + 1)
                continue
            node.end = j + 1
            return node
    if c == "[":
        node = Node(i, 0, "array")
        j = skip_ws(text, i + 1)
        if text[j] == "]":
            node.end = j + 1
            return node
        while True:
            child = _node(text, j)
            node.items.append(child)
            j = skip_ws(text, child.end)
            if text[j] == ",":
                j = skip_ws(text, j + 1)
                continue
            node.end = j + 1
            return node
    value, end = scan_value(text, i)
    return Node(i, end, "scalar", value=value)


def parse(text: str, path: str) -> tuple[Any, Node]:
    """``(python value, root node)``. Invalid JSON raises an error naming ``path:line:col`` and what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise GatewayDocsError(f"{path}:{e.lineno}:{e.colno}: error: not valid JSON: {e.msg}") from None
    return data, _node(text, 0)


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def line_indent(text: str, offset: int) -> str:
    """The leading whitespace of the line that contains ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[start:end]


def indent_unit(text: str, root: Node) -> str:
    """The file's indent step: the extra indent of the first child written on its own line. Default two spaces."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        children = [c for _, _, c in node.members] if node.kind == "object" else node.items
        if children and "\n" in text[node.start:children[0].start]:
            outer, inner = line_indent(text, node.start), line_indent(text, children[0].start)
            if len(inner) > len(outer) and inner.startswith(outer):
                return inner[len(outer):]
        stack.extend(children)
    return "  "


class Edits:
    """Splices collected against one text, applied together (spans must not overlap)."""

    def __init__(self, text: str, root: Node):
        self.text = text
        self.unit = indent_unit(text, root)
        self.nl = "\r\n" if "\r\n" in text else "\n"  # new lines end like the file's own
        self._edits: list[tuple[int, int, str]] = []

    def dump(self, value: Any, base: str) -> str:
        """``value`` as JSON indented with the file's unit, continuation lines starting at ``base``."""
        out = json.dumps(value, indent=self.unit, ensure_ascii=False)
        return out.replace("\n", self.nl + base)

    def replace(self, node: Node, value: Any) -> None:
        self._edits.append((node.start, node.end, self.dump(value, line_indent(self.text, node.start))))

    def _multiline(self, container: Node, first_start: int) -> bool:
        return "\n" in self.text[container.start:first_start]

    def append_item(self, array: Node, value: Any) -> None:
        if not array.items:
            self.replace(array, [value])
            return
        last = array.items[-1]
        if self._multiline(array, array.items[0].start):
            ind = line_indent(self.text, array.items[0].start)
            self._edits.append((last.end, last.end, "," + self.nl + ind + self.dump(value, ind)))
        else:  # an inline list stays inline
            self._edits.append((last.end, last.end, ", " + json.dumps(value, ensure_ascii=False)))

    def add_member(self, obj: Node, key: str, value: Any) -> None:
        if not obj.members:
            self.replace(obj, {key: value})
            return
        last = obj.members[-1][2]
        first_key = obj.members[0][1]
        k = json.dumps(key, ensure_ascii=False)
        if self._multiline(obj, first_key):
            ind = line_indent(self.text, first_key)
            self._edits.append((last.end, last.end, "," + self.nl + ind + k + ": " + self.dump(value, ind)))
        else:
            self._edits.append((last.end, last.end, ", " + k + ": " + json.dumps(value, ensure_ascii=False)))

    def apply(self) -> str:
        out = self.text
        for start, end, new in sorted(self._edits, key=lambda e: (e[0], e[1]), reverse=True):
            out = out[:start] + new + out[end:]
        return out
