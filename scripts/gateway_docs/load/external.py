"""``$ref``s at load time: where each one points, whether it is allowed (inside the spec's folder, not remote unless
asked), cycles, and bundling: external targets are copied into the document (schemas into ``components/schemas``),
so every later stage sees only internal refs."""
from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Any

from ..core import pointer as jp
from ..core.diagnostics import Location, Problem, SpecError, problem
from ..core.refs import iter_refs
from .locate import Document, display_path
from .read import parse_text, read_document
from .spec import Spec


class Loader:
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
            import urllib.request  # only with --allow-remote: 20 ms of start-up otherwise
            with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (only with --allow-remote)
                text = resp.read().decode("utf-8")
        except Exception as e:  # network errors of every kind are the user's to see, not a traceback
            raise SpecError(problem(f"cannot fetch remote $ref target: {e}", url)) from None
        return parse_text(text, url)

    def target_key(self, ref: str, doc_key: str, doc: Document, holder: str) -> tuple[str, str] | None:
        """Where a ``$ref`` points: (document key, pointer); ``doc_key`` itself for an internal ref.
        None when the ref is unusable (the problem is recorded)."""
        def where() -> Location:  # only when there is a problem: locating every $ref made big specs take minutes
            return doc.locate(f"{holder}/$ref")

        if not isinstance(ref, str):
            self.problems.append(Problem("$ref must be a string", where(), f"{holder}/$ref", rule="ref"))
            return None
        target, _, frag = ref.partition("#")
        frag = urllib.parse.unquote(frag)
        if frag and not frag.startswith("/"):
            self.problems.append(Problem(f"$ref {ref!r}: the part after '#' must be a JSON pointer starting with '/'",
                                         where(), f"{holder}/$ref", rule="ref"))
            return None
        if not target:
            return doc_key, frag
        parsed = urllib.parse.urlparse(target)
        if parsed.scheme in ("http", "https") or doc_key.startswith(("http://", "https://")):
            url = urllib.parse.urljoin(doc_key if doc_key.startswith("http") else "", target)
            if not self.allow_remote:
                self.problems.append(Problem(
                    f"remote $ref {ref!r} is not fetched; inline it, or pass --allow-remote to fetch it",
                    where(), f"{holder}/$ref", rule="ref"))
                return None
            return url, frag
        if parsed.scheme:
            self.problems.append(Problem(f"$ref {ref!r}: unsupported scheme {parsed.scheme!r}", where(),
                                         f"{holder}/$ref", rule="ref"))
            return None
        path = (Path(doc_key).parent / urllib.parse.unquote(parsed.path)).resolve()
        if self.root_dir not in path.parents and path != self.root_dir:
            self.problems.append(Problem(
                f"$ref {ref!r} points outside the spec's folder ({display_path(self.root_dir)}); "
                "move the file inside it", where(), f"{holder}/$ref", rule="ref"))
            return None
        if not path.is_file():
            self.problems.append(Problem(f"$ref {ref!r}: file {display_path(path)} does not exist", where(),
                                         f"{holder}/$ref", rule="ref"))
            return None
        return str(path), frag



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

def check_and_bundle(spec: Spec, loader: Loader, root_key: str | None) -> None:
    """Check every $ref (existence, folder, remote, cycles) and pull external targets into ``spec.data``."""
    data = spec.data
    keys = {id(d): k for k, d in spec.documents.items()}
    external: list[tuple[str, str, str]] = []  # (holder pointer in data, target doc key, target pointer)
    refs = list(iter_refs(data))  # walked once: the cycle check reads the same list unless bundling adds refs
    for holder, ref in refs:
        doc, src = spec.origin(holder)
        doc_key = root_key or keys[id(doc)]
        target = loader.target_key(ref, doc_key, doc, src)
        if target is None:
            continue  # the problem is recorded
        key, frag = target
        if key == doc_key:
            if not jp.exists(data, frag):
                loader.problems.append(Problem(f"$ref {ref!r} does not resolve: nothing at {frag or '/'}",
                                               doc.locate(f"{src}/$ref"), f"{holder}/$ref", rule="ref"))
            continue
        external.append((holder, key, frag))
    if not loader.problems and external:
        _bundle_external(spec, loader, external)
        refs = list(iter_refs(data))
    if not loader.problems:
        _check_alias_cycles(spec, loader, refs)
        spec.refs = refs
    if loader.problems:
        raise SpecError(loader.problems)


def _check_alias_cycles(spec: Spec, loader: Loader, refs: list[tuple[str, Any]]) -> None:
    """A chain of $refs that only point at other $refs and comes back to itself has no value: refuse it.
    (Recursive schemas through properties/items are fine and are not reported.)"""
    data = spec.data
    for holder, ref in refs:
        seen = [holder]
        node_ref = ref
        while isinstance(node_ref, str) and node_ref.startswith("#"):
            target = urllib.parse.unquote(node_ref[1:])
            if target in seen:
                chain = " -> ".join(seen + [target])
                loader.problems.append(Problem(f"circular $ref: {chain} (each only points at the next)",
                                               spec.locate(f"{holder}/$ref"), f"{holder}/$ref", rule="ref"))
                break
            seen.append(target)
            node = jp.get(data, target, None)
            node_ref = node.get("$ref") if isinstance(node, dict) else None
        if len(loader.problems) > 50:
            break


def _bundle_external(spec: Spec, loader: Loader, external: list[tuple[str, str, str]]) -> None:
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
                                           target_doc.locate(""), frag, rule="ref"))
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
                target_doc.locate(frag), frag, rule="ref"))
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


