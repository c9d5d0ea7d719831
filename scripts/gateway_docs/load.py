"""Stage 1 of the pipeline: load a spec (JSON, YAML, or a folder of YAML fragments) into one self-contained document.

What comes out is a :class:`Spec`: ``spec.data`` is the whole OpenAPI document with every ``$ref`` internal
(``#/...``), and ``spec.locate(pointer)`` maps any JSON pointer of it back to the file, line and column it came
from, through fragments and bundled external files alike. Every later stage (validate, lint, render, mock) takes
this object and never reads files itself.

Speed matters here because lint runs on every change: JSON is parsed with orjson and positions are computed
lazily, only for the pointers somebody asks about (see :class:`JsonLocator`).
"""
from __future__ import annotations

import bisect
import json
import json.decoder
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson
import yaml

from . import pointer as jp
from .errors import Location, Problem, SpecError

#: A YAML document whose aliases would expand past this many nodes is refused (a "billion laughs" bomb).
MAX_EXPANDED_NODES = 5_000_000
FRAGMENT_SUFFIXES = (".yaml", ".yml", ".json")
ROOT_FRAGMENT_NAMES = ("openapi.yaml", "openapi.yml", "openapi.json")


def _problem(message: str, file: str, line: int = 0, col: int = 0, pointer: str | None = None, code: str = "load"):
    return Problem(message=message, location=Location(str(file), line, col), pointer=pointer, code=code)


# --------------------------------------------------------------------------------------------------------------
# Positions: pointer -> (line, column), computed on demand.


class _Lines:
    """Offset -> (line, col) through a sorted list of newline offsets."""

    def __init__(self, text: str):
        self._nl = [m.start() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_left(self._nl, offset)
        start = self._nl[i - 1] + 1 if i else 0
        return i + 1, offset - start + 1


_WS = re.compile(r"[ \t\n\r]*")
_scan_once = json.decoder.JSONDecoder().scan_once  # the C scanner: parses one whole value at C speed
_scanstring = json.decoder.scanstring


class JsonLocator:
    """Finds the line/column of JSON pointers in JSON text without building a position map of the whole file.

    It descends only along the requested pointers; every sibling subtree on the way is skipped by the C JSON
    scanner. Asking for many pointers at once (``locate_many``) costs about one parse of the file.
    Object members are located at their key, array items at their first character.
    """

    def __init__(self, text: str):
        self.text = text
        self._lines: _Lines | None = None
        self._cache: dict[str, int] = {"": self._skip_ws(0)}

    def _skip_ws(self, i: int) -> int:
        return _WS.match(self.text, i).end()

    def _offsets(self, pointers: Iterable[str]) -> None:
        trie: dict = {}
        for ptr in pointers:
            if ptr in self._cache:
                continue
            node = trie
            for token in jp.split(ptr):
                node = node.setdefault(token, {})
            node[None] = ptr
        if trie:
            self._walk(self._cache[""], trie)

    def _walk(self, i: int, trie: dict) -> int:
        """Walk the value starting at ``i``, recording offsets for the pointers in ``trie``; return the end."""
        s = self.text
        c = s[i] if i < len(s) else ""
        if c == "{":
            i = self._skip_ws(i + 1)
            if s[i] == "}":
                return i + 1
            while True:
                key_at = i
                key, i = _scanstring(s, i + 1)
                i = self._skip_ws(i)
                i = self._skip_ws(i + 1)  # the ':'
                sub = trie.get(key)
                if sub is not None:
                    if None in sub:
                        self._cache[sub[None]] = key_at
                    i = self._walk(i, sub) if len(sub) > (None in sub) else _scan_once(s, i)[1]
                else:
                    i = _scan_once(s, i)[1]
                i = self._skip_ws(i)
                if s[i] == "}":
                    return i + 1
                i = self._skip_ws(i + 1)  # the ','
        if c == "[":
            i = self._skip_ws(i + 1)
            if s[i] == "]":
                return i + 1
            index = 0
            while True:
                sub = trie.get(str(index))
                if sub is not None:
                    if None in sub:
                        self._cache[sub[None]] = i
                    i = self._walk(i, sub) if len(sub) > (None in sub) else _scan_once(s, i)[1]
                else:
                    i = _scan_once(s, i)[1]
                i = self._skip_ws(i)
                if s[i] == "]":
                    return i + 1
                i = self._skip_ws(i + 1)
                index += 1
        return _scan_once(s, i)[1]

    def locate_many(self, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        pointers = list(pointers)
        self._offsets(pointers)
        if self._lines is None:
            self._lines = _Lines(self.text)
        return {p: self._lines.at(self._cache[p]) for p in pointers if p in self._cache}


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


@dataclass
class Document:
    """One parsed file: its text, its data, and a locator for its pointers."""

    path: str  # as given / displayed (relative when possible)
    text: str
    data: Any
    locator: Any

    def locate(self, pointer: str) -> Location:
        """Location of ``pointer``; of its nearest existing ancestor when the pointer itself does not exist."""
        ptr = pointer
        while True:
            pos = self.locator.locate_many([ptr]).get(ptr)
            if pos:
                return Location(self.path, *pos)
            if not ptr:
                return Location(self.path, 1, 1)
            ptr = jp.parent(ptr)


def display_path(path: str | os.PathLike) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def parse_json(text: str, path: str) -> Document:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        raise SpecError(_problem(f"invalid JSON: {e.msg}", path, e.lineno, e.colno, code="syntax")) from None
    return Document(path, text, data, JsonLocator(text))


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
            _problem(f"invalid YAML: {msg}", path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                     code="syntax")) from None
    except yaml.YAMLError as e:
        raise SpecError(_problem(f"invalid YAML: {e}", path, code="syntax")) from None
    if root is None:
        return Document(path, text, None, YamlLocator(yaml.ScalarNode("tag:yaml.org,2002:null", "")))
    if "&" in text:  # an alias needs an anchor (&name): without one nothing can expand, so skip the count
        size = _expanded_size(root)
        if size > MAX_EXPANDED_NODES:
            raise SpecError(_problem(
                f"refused: YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb?)",
                path, root.start_mark.line + 1, root.start_mark.column + 1, code="syntax"))
    data = _construct(root, path)
    return Document(path, text, data, YamlLocator(root))


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"


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
            else:
                value = ctor.construct_object(node)
            memo[nid] = value
            return value
        if isinstance(node, yaml.SequenceNode):
            out: list = []
            memo[nid] = out
            out.extend(build(v) for v in node.value)
            return out
        ctor.flatten_mapping(node)
        out_d: dict = {}
        memo[nid] = out_d
        for k, v in node.value:
            key = build(k)
            if isinstance(key, bool) or key is None:
                key = k.value
            elif not isinstance(key, str):
                key = str(key)
            if key in out_d:
                raise SpecError(_problem(f"duplicate key {key!r} in a YAML mapping", path, k.start_mark.line + 1,
                                         k.start_mark.column + 1, code="syntax"))
            out_d[key] = build(v)
        return out_d

    try:
        return build(root)
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark
        raise SpecError(_problem(f"invalid YAML: {e.problem}", path, mark.line + 1 if mark else 0,
                                 mark.column + 1 if mark else 0, code="syntax")) from None


def parse_text(text: str, path: str) -> Document:
    """Parse by extension; unknown extensions try JSON first, then YAML."""
    lower = path.lower()
    if lower.endswith(".json"):
        return parse_json(text, path)
    if lower.endswith((".yaml", ".yml")):
        return parse_yaml(text, path)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return parse_json(text, path)
    return parse_yaml(text, path)


def read_document(path: str | os.PathLike) -> Document:
    shown = display_path(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SpecError(_problem("file not found", shown)) from None
    except IsADirectoryError:
        raise SpecError(_problem("is a folder, not a file", shown)) from None
    except OSError as e:
        raise SpecError(_problem(f"cannot read: {e.strerror}", shown)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SpecError(_problem("not UTF-8 text", shown, line, 1, code="syntax")) from None
    return parse_text(text, shown)


# --------------------------------------------------------------------------------------------------------------
# The spec: fragments merged, references checked, external files bundled in.


def iter_refs(data: Any, base: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(pointer of the object holding $ref, ref value)`` for every ``$ref`` under ``data``."""
    # Paths are (parent, token) chains, turned into pointer strings only for the nodes holding a $ref: building a
    # string for every node made this the slowest part of loading a big spec.
    stack: list[tuple[Any, Any]] = [(None, data)]
    while stack:
        at, node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node:
                yield base + _chain_pointer(at), node["$ref"]
            for k, v in node.items():
                if isinstance(v, (dict, list)):
                    stack.append(((at, k), v))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                if isinstance(v, (dict, list)):
                    stack.append(((at, i), v))


def _chain_pointer(at: Any) -> str:
    tokens = []
    while at is not None:
        at, token = at
        tokens.append(token)
    return "".join("/" + jp.escape(t) for t in reversed(tokens))


@dataclass
class Spec:
    """A loaded spec: self-contained ``data`` plus the way back to the source of every node."""

    source: str  # the file or folder that was loaded, as displayed
    data: Any
    documents: dict[str, Document] = field(default_factory=dict)
    # pointer prefix in ``data`` -> (document, pointer prefix in that document). Longest prefix wins.
    origins: dict[str, tuple[Document, str]] = field(default_factory=dict)

    @property
    def root_document(self) -> Document:
        return next(iter(self.documents.values()))

    def origin(self, pointer: str) -> tuple[Document, str]:
        ptr = pointer
        while True:
            hit = self.origins.get(ptr)
            if hit is not None:
                doc, src = hit
                return doc, src + pointer[len(ptr):]
            if not ptr:
                return self.root_document, pointer
            ptr = jp.parent(ptr)

    def locate(self, pointer: str) -> Location:
        doc, src = self.origin(pointer)
        return doc.locate(src)

    def locate_many(self, pointers: Iterable[str]) -> dict[str, Location]:
        """Batch version of :meth:`locate` (one pass per source file)."""
        by_doc: dict[int, tuple[Document, dict[str, str]]] = {}
        for p in pointers:
            doc, src = self.origin(p)
            by_doc.setdefault(id(doc), (doc, {}))[1][p] = src
        out: dict[str, Location] = {}
        for doc, mapping in by_doc.values():
            found = doc.locator.locate_many(set(mapping.values()))
            for p, src in mapping.items():
                pos = found.get(src)
                out[p] = Location(doc.path, *pos) if pos else doc.locate(src)
        return out

    def resolve(self, node: Any) -> Any:
        """Follow internal ``$ref``s (``data`` has only internal ones) to the node they end at."""
        return jp.follow_refs(self.data, node)[0]

    def problem(self, message: str, pointer: str, code: str = "structure", severity: str = "error") -> Problem:
        return Problem(message=message, location=self.locate(pointer), pointer=pointer, code=code,
                       severity=severity)


class _Loader:
    def __init__(self, root_dir: Path, allow_remote: bool):
        self.root_dir = root_dir.resolve()
        self.allow_remote = allow_remote
        self.docs: dict[str, Document] = {}  # key: absolute path or URL
        self.problems: list[Problem] = []

    def load(self, key: str) -> Document:
        if key not in self.docs:
            if key.startswith(("http://", "https://")):
                self.docs[key] = self._fetch(key)
            else:
                self.docs[key] = read_document(key)
        return self.docs[key]

    def _fetch(self, url: str) -> Document:
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (only with --allow-remote)
                text = resp.read().decode("utf-8")
        except Exception as e:  # network errors of every kind are the user's to see, not a traceback
            raise SpecError(_problem(f"cannot fetch remote $ref target: {e}", url)) from None
        return parse_text(text, url)

    def target_key(self, ref: str, doc_key: str, doc: Document, holder: str) -> tuple[str, str] | None:
        """Where a ``$ref`` points: (document key, pointer); ``doc_key`` itself for an internal ref.
        None when the ref is unusable (the problem is recorded)."""
        def where() -> Location:  # only when there is a problem: locating every $ref made big specs take minutes
            return doc.locate(f"{holder}/$ref")

        if not isinstance(ref, str):
            self.problems.append(Problem("$ref must be a string", where(), f"{holder}/$ref", code="ref"))
            return None
        target, _, frag = ref.partition("#")
        frag = urllib.parse.unquote(frag)
        if frag and not frag.startswith("/"):
            self.problems.append(Problem(f"$ref {ref!r}: the part after '#' must be a JSON pointer starting with '/'",
                                         where(), f"{holder}/$ref", code="ref"))
            return None
        if not target:
            return doc_key, frag
        parsed = urllib.parse.urlparse(target)
        if parsed.scheme in ("http", "https") or doc_key.startswith(("http://", "https://")):
            url = urllib.parse.urljoin(doc_key if doc_key.startswith("http") else "", target)
            if not self.allow_remote:
                self.problems.append(Problem(
                    f"remote $ref {ref!r} is not fetched; inline it, or pass --allow-remote to fetch it",
                    where(), f"{holder}/$ref", code="ref"))
                return None
            return url, frag
        if parsed.scheme:
            self.problems.append(Problem(f"$ref {ref!r}: unsupported scheme {parsed.scheme!r}", where(),
                                         f"{holder}/$ref", code="ref"))
            return None
        path = (Path(doc_key).parent / urllib.parse.unquote(parsed.path)).resolve()
        if self.root_dir not in path.parents and path != self.root_dir:
            self.problems.append(Problem(
                f"$ref {ref!r} points outside the spec's folder ({display_path(self.root_dir)}); "
                "move the file inside it", where(), f"{holder}/$ref", code="ref"))
            return None
        if not path.is_file():
            self.problems.append(Problem(f"$ref {ref!r}: file {display_path(path)} does not exist", where(),
                                         f"{holder}/$ref", code="ref"))
            return None
        return str(path), frag


def _deep_merge(into: dict, new: dict, doc: Document, ptr: str, owners: dict[str, tuple[Document, str]],
                problems: list[Problem]) -> None:
    for key, value in new.items():
        p = f"{ptr}/{jp.escape(key)}"
        if key in into:
            if isinstance(into[key], dict) and isinstance(value, dict) and _mergeable(p):
                _deep_merge(into[key], value, doc, p, owners, problems)
                continue
            first_doc, first_src = owners.get(p) or _owner(owners, p)
            problems.append(Problem(
                f"{p} is defined twice: here and at {first_doc.locate(first_src)}", doc.locate(p), p, code="merge"))
            continue
        into[key] = value
        owners[p] = (doc, p)


def _mergeable(pointer: str) -> bool:
    """Fragments may each add entries to these maps; anything deeper (a schema, an operation) belongs to one file."""
    parts = jp.split(pointer)
    return len(parts) == 1 or (len(parts) == 2 and parts[0] in ("paths", "components", "webhooks"))


def _owner(owners: dict, p: str) -> tuple[Document, str]:
    q = p
    while q and q not in owners:
        q = jp.parent(q)
    doc, src = owners.get(q) or next(iter(owners.values()))
    return doc, src + p[len(q):]


def _schema_context(parts: list[str]) -> bool:
    """Is the object at this pointer a Schema Object (so an external one becomes a components/schemas entry)?"""
    if not parts:
        return False
    last = parts[-1]
    if last in ("schema", "items", "additionalProperties", "not"):
        return True
    if len(parts) >= 2 and parts[-2] in ("properties", "allOf", "anyOf", "oneOf", "schemas", "patternProperties"):
        return True
    return False


def load_spec(path: str | os.PathLike, allow_remote: bool = False) -> Spec:
    """Load a spec file, or a folder of fragments, into a :class:`Spec`. Raises :class:`SpecError`."""
    path = Path(path)
    shown = display_path(path)
    if path.is_dir():
        return _load_fragments(path, allow_remote)
    if not path.exists():
        raise SpecError(_problem("file not found", shown))
    loader = _Loader(path.parent, allow_remote)
    key = str(path.resolve())
    root = loader.load(key)
    spec = Spec(source=shown, data=root.data, documents={key: root}, origins={"": (root, "")})
    if not isinstance(root.data, dict):
        raise SpecError(_problem("an OpenAPI document must be a mapping (JSON object) at the top level", shown, 1, 1))
    _check_and_bundle(spec, loader, key)
    return spec


def _load_fragments(folder: Path, allow_remote: bool) -> Spec:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in FRAGMENT_SUFFIXES)
    files.sort(key=lambda p: (p.name not in ROOT_FRAGMENT_NAMES, p.name))
    shown = display_path(folder)
    if not files:
        raise SpecError(_problem("no .yaml/.yml/.json fragments in this folder", shown))
    loader = _Loader(folder, allow_remote)
    merged: dict = {}
    owners: dict[str, tuple[Document, str]] = {}
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    for f in files:
        key = str(f.resolve())
        doc = loader.load(key)
        documents[key] = doc
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(_problem("a fragment must be a mapping at the top level", doc.path, 1, 1, ""))
            continue
        _deep_merge(merged, doc.data, doc, "", owners, problems)
    if problems:
        raise SpecError(problems)
    owners.setdefault("", (documents[str(files[0].resolve())], ""))
    spec = Spec(source=shown, data=merged, documents=documents, origins=owners)
    # Fragments share one namespace: an internal "#/..." ref in any fragment points into the merged document.
    loader.docs = {k: Document(d.path, d.text, merged, d.locator) for k, d in documents.items()}
    _check_and_bundle(spec, loader, None)
    return spec


def _check_and_bundle(spec: Spec, loader: _Loader, root_key: str | None) -> None:
    """Check every $ref (existence, folder, remote, cycles) and pull external targets into ``spec.data``."""
    data = spec.data
    keys = {id(d): k for k, d in spec.documents.items()}
    external: list[tuple[str, str, str]] = []  # (holder pointer in data, target doc key, target pointer)
    for holder, ref in iter_refs(data):
        doc, src = spec.origin(holder)
        doc_key = root_key or keys[id(doc)]
        target = loader.target_key(ref, doc_key, doc, src)
        if target is None:
            continue  # the problem is recorded
        key, frag = target
        if key == doc_key:
            if not jp.exists(data, frag):
                loader.problems.append(Problem(f"$ref {ref!r} does not resolve: nothing at {frag or '/'}",
                                               doc.locate(f"{src}/$ref"), f"{holder}/$ref", code="ref"))
            continue
        external.append((holder, key, frag))
    if not loader.problems and external:
        _bundle_external(spec, loader, external)
    if not loader.problems:
        _check_alias_cycles(spec, loader)
    if loader.problems:
        raise SpecError(loader.problems)


def _check_alias_cycles(spec: Spec, loader: _Loader) -> None:
    """A chain of $refs that only point at other $refs and comes back to itself has no value: refuse it.
    (Recursive schemas through properties/items are fine and are not reported.)"""
    data = spec.data
    for holder, ref in iter_refs(data):
        seen = [holder]
        node_ref = ref
        while isinstance(node_ref, str) and node_ref.startswith("#"):
            target = urllib.parse.unquote(node_ref[1:])
            if target in seen:
                chain = " -> ".join(seen + [target])
                loader.problems.append(Problem(f"circular $ref: {chain} (each only points at the next)",
                                               spec.locate(f"{holder}/$ref"), f"{holder}/$ref", code="ref"))
                break
            seen.append(target)
            node = jp.get(data, target, None)
            node_ref = node.get("$ref") if isinstance(node, dict) else None
        if len(loader.problems) > 50:
            break


def _bundle_external(spec: Spec, loader: _Loader, external: list[tuple[str, str, str]]) -> None:
    """Copy external $ref targets into the document: schemas into components/schemas, everything else inline."""
    data = spec.data
    placed: dict[tuple[str, str], str] = {}
    used_names = set((data.get("components") or {}).get("schemas") or {})
    inlining: list[tuple[str, str]] = []

    def component_name(doc_key: str, frag: str) -> str:
        base = jp.split(frag)[-1] if frag else Path(doc_key).stem
        base = re.sub(r"[^A-Za-z0-9._-]", "_", base) or "Schema"
        name, n = base, 2
        while name in used_names:
            name, n = f"{base}{n}", n + 1
        used_names.add(name)
        return name

    def rewrite(node: Any, doc_key: str, parts: list[str], src_ptr: str) -> Any:
        """Copy ``node`` (from document ``doc_key``) with its refs resolved relative to that document."""
        if isinstance(node, list):
            return [rewrite(v, doc_key, parts + [str(i)], f"{src_ptr}/{i}") for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            target = loader.target_key(node["$ref"], doc_key, loader.docs[doc_key], src_ptr)
            if target is None:
                return node
            return resolve_external(target[0], target[1], parts, holder_src=src_ptr)
        return {k: rewrite(v, doc_key, parts + [k], f"{src_ptr}/{jp.escape(k)}") for k, v in node.items()}

    def resolve_external(doc_key: str, frag: str, parts: list[str], holder_src: str = "") -> Any:
        """The replacement for a ``{"$ref": ...}`` at ``parts``: an internal ref, or the inlined target."""
        key = (doc_key, frag)
        if key in placed:
            return {"$ref": "#" + placed[key]}
        target_doc = loader.docs.get(doc_key) or loader.load(doc_key)
        if not jp.exists(target_doc.data, frag):
            loader.problems.append(Problem(f"$ref target {frag or '/'} does not exist in {target_doc.path}",
                                           target_doc.locate(""), frag, code="ref"))
            return {"$ref": "#" + frag}
        if _schema_context(parts):
            name = component_name(doc_key, frag)
            new_ptr = f"/components/schemas/{jp.escape(name)}"
            placed[key] = new_ptr
            schemas = data.setdefault("components", {}).setdefault("schemas", {})
            schemas[name] = {}
            schemas[name] = rewrite(jp.get(target_doc.data, frag), doc_key, ["components", "schemas", name], frag)
            spec.origins[new_ptr] = (target_doc, frag)
            return {"$ref": "#" + new_ptr}
        if key in inlining:
            loader.problems.append(Problem(
                f"circular $ref through {frag or '/'} of {target_doc.path}: only schemas may be recursive",
                target_doc.locate(frag), frag, code="ref"))
            return {}
        inlining.append(key)
        try:
            value = rewrite(jp.get(target_doc.data, frag), doc_key, parts, frag)
        finally:
            inlining.pop()
        spec.origins[jp.join(parts)] = (target_doc, frag)
        return value

    for holder, doc_key, frag in external:
        parts = jp.split(holder)
        value = resolve_external(doc_key, frag, parts)
        if not parts:
            continue
        parent = jp.get(data, parts[:-1])
        parent[parts[-1] if isinstance(parent, dict) else int(parts[-1])] = value
    for key, doc in loader.docs.items():
        spec.documents.setdefault(key, doc)


def dumps(data: Any) -> str:
    """The canonical JSON text of a bundled spec: 2-space indent, key order kept, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
