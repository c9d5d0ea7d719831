"""Finding what we own in ``docs.json`` and splicing our group into it, every other byte kept."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..core.diagnostics import GatewayDocsError
from .jsonedit import Edits, Node, line_col, parse

DEFAULT_GROUP = "AI Gateway API"
SPEC_NAME = "ai-gateway.openapi.json"
#: Keys that name a navigation element Mintlify can nest groups under.
CONTAINER_KEYS = ("anchor", "tab", "dropdown", "version", "language", "product", "item")


def _label(node: Node) -> str | None:
    for key in CONTAINER_KEYS:
        v = node.get(key)
        if v is not None and v.kind == "scalar" and isinstance(v.value, str):
            return f'{key} "{v.value}"'
    return None


def _walk(node: Node, trail: tuple[str, ...], out: list[tuple[Node, tuple[str, ...]]]) -> None:
    """Every object under ``node`` with the labels of the containers above it."""
    if node.kind == "object":
        out.append((node, trail))
        label = _label(node)
        group = node.get("group")
        if group is not None and group.kind == "scalar":
            label = f'group "{group.value}"'
        for _, _, child in node.members:
            _walk(child, trail + ((label,) if label else ()), out)
    elif node.kind == "array":
        for child in node.items:
            _walk(child, trail, out)


class Target:
    """Where the managed group is in docs.json, or where a new one goes."""

    def __init__(self, text: str, root: Node, path: str, group: str, anchor: str | None, create: bool = True):
        self.text, self.path = text, path
        nav = root.get("navigation") if root.kind == "object" else None
        if nav is None or nav.kind != "object":
            raise GatewayDocsError(f"{path}:1:1: error: docs.json has no \"navigation\" object to add the API "
                                   "reference to")
        objects: list[tuple[Node, tuple[str, ...]]] = []
        _walk(nav, ("navigation",), objects)
        scope = nav
        if anchor is not None:
            found = [(n, t) for n, t in objects if any((v := n.get(k)) is not None and v.value == anchor
                                                        for k in CONTAINER_KEYS)]
            if len(found) != 1:
                names = sorted({lab for n, _ in objects if (lab := _label(n))})
                what = "no" if not found else f"{len(found)}"
                raise GatewayDocsError(
                    f"{path}:{self.where(nav)}: error: {what} anchor/tab named \"{anchor}\" in navigation"
                    + (f" ({', '.join(self.where(n) for n, _ in found)})" if found else "")
                    + (f"; navigation has: {', '.join(names)}" if names else ""))
            scope = found[0][0]
        self.scope = scope
        mine = [(n, t) for n, t in objects if self._inside(n, scope) and (g := n.get("group")) is not None
                and g.value == group]
        if len(mine) > 1:
            places = "; ".join(f"{path}:{self.where(n)} under {' > '.join(t)}" for n, t in mine)
            raise GatewayDocsError(
                f"{path}:{self.where(mine[0][0])}: error: the managed group \"{group}\" is ambiguous: found "
                f"{len(mine)} times ({places}). Pass --anchor NAME to pick one, or rename the other group.")
        self.group = mine[0][0] if mine else None
        self.parent_list: Node | None = None
        if self.group is None and create:  # (create=False: nothing to add, so no place needed)
            for key in ("groups", "pages"):
                lst = scope.get(key)
                if lst is not None and lst.kind == "array":
                    self.parent_list = lst
                    break
            else:
                names = sorted({lab for n, _ in objects if (lab := _label(n))})
                raise GatewayDocsError(
                    f"{path}:{self.where(scope)}: error: no group \"{group}\" and no \"groups\"/\"pages\" list to "
                    f"add it to here; pass --anchor NAME (navigation has: {', '.join(names) or 'nothing'})")

    def where(self, node: Node) -> str:
        line, col = line_col(self.text, node.start)
        return f"{line}:{col}"

    @staticmethod
    def _inside(node: Node, scope: Node) -> bool:
        return scope.start <= node.start and node.end <= scope.end


def _same_spec(value: Any, rel: str) -> bool:
    if isinstance(value, dict):
        value = value.get("source")
    return isinstance(value, str) and value.strip().lstrip("./").lstrip("/") == rel


def merge_docs_json(text: str, path: str, pages: list[Any], *, group: str = DEFAULT_GROUP, anchor: str | None = None,
                    spec_rel: str = SPEC_NAME, style: str = "nav") -> str:
    """docs.json text with our group (and, in mdx style, the ``api.openapi`` entry) in place; all else as it was."""
    data, root = parse(text, path)
    if not isinstance(data, dict):
        raise GatewayDocsError(f"{path}:1:1: error: docs.json must be a JSON object")
    target = Target(text, root, path, group, anchor, create=bool(pages))
    edits = Edits(text, root)
    old = json.loads(text[target.group.start:target.group.end]) if target.group else {}
    # Keys we do not own (icon, expanded...) keep their place and value; ours go in the usual order.
    new: dict[str, Any] = {"group": group}
    for key, value in old.items():
        if key not in ("group", "openapi", "pages"):
            new[key] = value
        elif key == "group" and style == "nav":
            new["openapi"] = spec_rel
    if style == "nav":
        new.setdefault("openapi", spec_rel)
    new["pages"] = pages
    if target.group is not None:
        if new != old or list(new) != list(old):
            edits.replace(target.group, new)
    elif pages and target.parent_list is not None:  # no empty group: every page is listed elsewhere already
        edits.append_item(target.parent_list, new)
    if style == "mdx":
        _register_api(data, root, edits, path, spec_rel)
    return edits.apply()


def _register_api(data: dict[str, Any], root: Node, edits: Edits, path: str, rel: str) -> None:
    api = root.get("api")
    if api is None:
        edits.add_member(root, "api", {"openapi": [rel]})
        return
    if api.kind != "object":
        raise GatewayDocsError(f"{path}:{':'.join(map(str, line_col(edits.text, api.start)))}: error: "
                               "\"api\" must be an object")
    cur = api.get("openapi")
    if cur is None:
        edits.add_member(api, "openapi", [rel])
    elif cur.kind == "array":
        if not any(_same_spec(v, rel) for v in data["api"]["openapi"]):
            edits.append_item(cur, rel)
    elif not _same_spec(data["api"]["openapi"], rel):
        if cur.kind == "scalar" and isinstance(cur.value, str):
            edits.replace(cur, [cur.value, rel])
        else:
            raise GatewayDocsError(f"{path}:{':'.join(map(str, line_col(edits.text, cur.start)))}: error: "
                                   f"api.openapi points at another spec; add \"{rel}\" to it by hand")


# --------------------------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------------------------
# Pages the navigation already lists for an operation


@dataclass(frozen=True)
class Listed:
    """A page listed in docs.json navigation whose front matter binds an operation (``openapi: get /v1/models``)."""

    entry: str  # as listed: "rest/ai-gateway/get-v1models"
    file: Path  # the page file it names
    in_group: bool  # listed inside the managed group (else elsewhere in the navigation)


def _walk_pages(node: Node, out: list[Node]) -> None:
    """Every string item of a ``pages`` list under ``node``, in document order."""
    if node.kind == "object":
        for key, _, child in node.members:
            if key == "pages" and child.kind == "array":
                out.extend(c for c in child.items if c.kind == "scalar" and isinstance(c.value, str))
            _walk_pages(child, out)
    elif node.kind == "array":
        for child in node.items:
            _walk_pages(child, out)


def listed_bindings(text: str, path: str, root: Path, group: str, anchor: str | None,
                    binding: Callable[[str], tuple[str, str] | None]) -> dict[tuple[str, str], Listed]:
    """``(method, path) -> Listed`` for every page entry of the navigation whose file (``<entry>.mdx`` or ``.md``
    under ``root``) binds an operation; the first listing wins. ``"METHOD /path"`` entries are not pages."""
    _, top = parse(text, path)
    nav = top.get("navigation") if top.kind == "object" else None
    if nav is None:
        return {}
    mine = Target(text, top, path, group, anchor, create=False).group
    entries: list[Node] = []
    _walk_pages(nav, entries)
    found: dict[tuple[str, str], Listed] = {}
    for node in entries:
        entry = str(node.value).strip().lstrip("/")
        if not entry or " " in entry:
            continue
        for suffix in (".mdx", ".md"):
            file = root / f"{entry}{suffix}"
            try:
                bound = binding(file.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            if bound is not None and bound not in found:
                inside = mine is not None and mine.start <= node.start < mine.end
                found[bound] = Listed(entry, file, inside)
            break
    return found


def group_entries(text: str, path: str, group: str, anchor: str | None) -> list[str]:
    """Every page entry of the managed group as it is now (nested groups flattened); [] when there is none."""
    _, top = parse(text, path)
    node = Target(text, top, path, group, anchor, create=False).group
    if node is None:
        return []
    out: list[Node] = []
    _walk_pages(node, out)
    return [str(n.value) for n in out]
