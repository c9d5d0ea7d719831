"""A folder of YAML fragments (``specs/src/``) merged into one document.

Fragments may each add entries to the top-level maps and to ``paths``/``components``/``webhooks``; anything deeper
(a schema, an operation) belongs to exactly one file, and a second definition is an error naming both places.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core import pointer as jp
from ..core.diagnostics import Problem, SpecError, problem
from .locate import Document, display_path
from .external import Loader, check_and_bundle
from .spec import Spec

FRAGMENT_SUFFIXES = (".yaml", ".yml", ".json")
ROOT_FRAGMENT_NAMES = ("openapi.yaml", "openapi.yml", "openapi.json")


def _deep_merge(into: dict[str, Any], new: dict[str, Any], doc: Document, ptr: str, owners: dict[str, tuple[Document, str]],
                problems: list[Problem]) -> None:
    for key, value in new.items():
        p = f"{ptr}/{jp.escape(key)}"
        if key in into:
            if isinstance(into[key], dict) and isinstance(value, dict) and _mergeable(p):
                _deep_merge(into[key], value, doc, p, owners, problems)
                continue
            first_doc, first_src = owners.get(p) or _owner(owners, p)
            problems.append(Problem(
                f"{p} is defined twice: here and at {first_doc.locate(first_src)}", doc.locate(p), p, rule="merge"))
            continue
        into[key] = value
        owners[p] = (doc, p)


def _mergeable(pointer: str) -> bool:
    """Fragments may each add entries to these maps; anything deeper (a schema, an operation) belongs to one file."""
    parts = jp.split(pointer)
    return len(parts) == 1 or (len(parts) == 2 and parts[0] in ("paths", "components", "webhooks"))


def _owner(owners: dict[str, tuple[Document, str]], p: str) -> tuple[Document, str]:
    q = p
    while q and q not in owners:
        q = jp.parent(q)
    doc, src = owners.get(q) or next(iter(owners.values()))
    return doc, src + p[len(q):]



def load_fragments(folder: Path, allow_remote: bool) -> Spec:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in FRAGMENT_SUFFIXES)
    files.sort(key=lambda p: (p.name not in ROOT_FRAGMENT_NAMES, p.name))
    shown = display_path(folder)
    if not files:
        raise SpecError(problem("no .yaml/.yml/.json fragments in this folder", shown))
    loader = Loader(folder, allow_remote)
    merged: dict[str, Any] = {}
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
            problems.append(problem("a fragment must be a mapping at the top level", doc.path, 1, 1, ""))
            continue
        _deep_merge(merged, doc.data, doc, "", owners, problems)
    if problems:
        raise SpecError(problems)
    owners.setdefault("", (documents[str(files[0].resolve())], ""))
    spec = Spec(source=shown, data=merged, documents=documents, origins=owners)
    # Fragments share one namespace: an internal "#/..." ref in any fragment points into the merged document.
    loader.docs = {k: Document(d.path, d.text, merged, d.locator) for k, d in documents.items()}
    check_and_bundle(spec, loader, None)
    return spec
