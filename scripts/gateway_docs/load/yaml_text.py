"""YAML spec files: composed into nodes (kept for positions), checked for alias bombs and duplicate keys, then
built into plain data."""
from __future__ import annotations

import re
from typing import Any, Iterable

import yaml

from ..core import pointer as jp
from ..core.diagnostics import SpecError, problem
from ..core.numbers import exact_decimal
from .locate import Document

#: A YAML document whose aliases would expand past this many nodes is refused (a "billion laughs" bomb).
MAX_EXPANDED_NODES = 5_000_000


class YamlLocator:
    """Line/column of pointers in YAML, from the composed node tree (kept from parsing)."""

    def __init__(self, root: yaml.Node):
        self.root = root

    def locate_many(self, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        out = {}
        for ptr in pointers:
            node, mark = self.root, self.root.start_mark
            found = True
            for token in jp.split(ptr):
                if isinstance(node, yaml.MappingNode):
                    for k, v in node.value:
                        if str(k.value) == token:
                            node, mark = v, k.start_mark
                            break
                    else:
                        found = False
                elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                    node = node.value[int(token)]
                    mark = node.start_mark
                else:
                    found = False
                if not found:
                    break
            if found:
                out[ptr] = (mark.line + 1, mark.column + 1)
        return out


# --------------------------------------------------------------------------------------------------------------
# Parsing one file.



class _Constructor(yaml.constructor.SafeConstructor):
    pass


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document has once every alias is expanded (memoised over shared nodes)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        kids = [x for pair in node.value for x in pair] if isinstance(node, yaml.MappingNode) else node.value
        if done:
            total = 1 + sum(sizes.get(id(k), 0) for k in kids)
            sizes[id(node)] = min(total, MAX_EXPANDED_NODES + 1)
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(root)]


def parse_yaml(text: str, path: str) -> Document:
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = " ".join(x for x in (e.context, e.problem) if x)
        raise SpecError(
            problem(f"invalid YAML: {msg}", path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                     rule="syntax")) from None
    except yaml.YAMLError as e:
        raise SpecError(problem(f"invalid YAML: {e}", path, rule="syntax")) from None
    if root is None:
        return Document(path, text, None, YamlLocator(yaml.ScalarNode("tag:yaml.org,2002:null", "")))
    if _has_token(text, "&") and _has_token(text, "*"):  # nothing expands without an anchor and an alias to it
        size = _expanded_size(root)
        if size > MAX_EXPANDED_NODES:
            raise SpecError(problem(
                f"refused: YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb?)",
                path, root.start_mark.line + 1, root.start_mark.column + 1, rule="syntax"))
    data = _construct(root, path)
    return Document(path, text, data, YamlLocator(root))


def _has_token(text: str, sigil: str) -> bool:
    """Whether ``text`` may have an anchor (``&name``) or alias (``*name``) token: the sigil after whitespace or at
    the start of a line or flow entry, followed by a name (an over-approximation: it must never miss one). Prose with an ampersand or emphasis ("R&D", "**Note**") almost never matches,
    so big specs skip the alias-bomb count (1.5 s on OpenAI's spec); a false match only costs that count."""
    i = text.find(sigil)
    while i != -1:
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        before = text[j] if j >= 0 else "\n"
        nxt = text[i + 1: i + 2]
        # after whitespace (a value, an item, or a tag's end: "!t &a") or right after a flow/line start
        if nxt and nxt not in " \t\r\n,[]{}" + sigil and (j < i - 1 or before in "\n[{,"):
            return True
        i = text.find(sigil, i + 1)
    return False


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"
_DECIMAL = re.compile(r"[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")


def _construct(root: yaml.Node, path: str) -> Any:
    """Build plain Python data from composed nodes: string keys (YAML's ``200:`` becomes ``"200"``),
    timestamps kept as the text written, duplicate keys refused."""
    ctor = _Constructor()
    memo: dict[int, Any] = {}

    def build(node: yaml.Node) -> Any:
        nid = id(node)
        if nid in memo:
            return memo[nid]
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR or node.tag == _TIMESTAMP:  # str: what SafeConstructor returns, without its overhead
                value = node.value
            elif node.tag == _FLOAT and _DECIMAL.fullmatch(node.value):
                value = exact_decimal(node.value)  # a float would round 0.1000000000000000000001
            else:
                value = ctor.construct_object(node)
            memo[nid] = value
            return value
        if isinstance(node, yaml.SequenceNode):
            out: list[Any] = []
            memo[nid] = out
            out.extend(build(v) for v in node.value)
            return out
        assert isinstance(node, yaml.MappingNode)  # composed nodes are scalars, sequences or mappings
        ctor.flatten_mapping(node)
        out_d: dict[str, Any] = {}
        memo[nid] = out_d
        for k, v in node.value:
            key = build(k)
            if isinstance(key, bool) or key is None:
                key = k.value
            elif not isinstance(key, str):
                key = str(key)
            if key in out_d:
                raise SpecError(problem(f"duplicate key {key!r} in a YAML mapping", path, k.start_mark.line + 1,
                                         k.start_mark.column + 1, rule="syntax"))
            out_d[key] = build(v)
        return out_d

    try:
        return build(root)
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark
        raise SpecError(problem(f"invalid YAML: {e.problem}", path, mark.line + 1 if mark else 0,
                                 mark.column + 1 if mark else 0, rule="syntax")) from None
