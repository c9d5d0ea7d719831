"""Stage 1 of the pipeline: load a spec (JSON, YAML, or a folder of YAML fragments) into one self-contained document.

What comes out is a :class:`~.spec.Spec`: ``spec.data`` is the whole OpenAPI document with every ``$ref`` internal
(``#/...``), and ``spec.locate(pointer)`` maps any JSON pointer of it back to the file, line and column it came
from, through fragments and bundled external files alike. Every later stage (validate, lint, render, mock) takes
this object and never reads files itself.

- :mod:`.json_text` and :mod:`.yaml_text` parse one file into a :class:`~.locate.Document` with a locator for its positions;
- :mod:`.fragments` merges a folder of fragments; :mod:`.external` checks ``$ref``s and bundles external files;
- :mod:`.publish` is the ``bundle`` verb, which writes the merged spec as ``specs/ai-gateway.openapi.json``.

Speed matters here because lint runs on every change: JSON is parsed with orjson and positions are computed
lazily, only for the pointers somebody asks about.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core.diagnostics import SpecError, problem
from ..core.numbers import dumps_text
from .fragments import load_fragments
from .locate import Document, display_path
from .read import parse_text, read_document
from .external import Loader, check_and_bundle
from .spec import Spec

__all__ = ["Document", "Spec", "dumps", "load_spec", "parse_text", "read_document"]


def load_spec(path: str | os.PathLike[str], allow_remote: bool = False) -> Spec:
    """Load a spec file, or a folder of fragments, into a :class:`Spec`. Raises :class:`SpecError`."""
    path = Path(path)
    shown = display_path(path)
    if path.is_dir():
        return load_fragments(path, allow_remote)
    if not path.exists():
        raise SpecError(problem("file not found", shown))
    loader = Loader(path.parent, allow_remote)
    key = str(path.resolve())
    root = loader.load(key)
    spec = Spec(source=shown, data=root.data, documents={key: root}, origins={"": (root, "")})
    if not isinstance(root.data, dict):
        raise SpecError(problem("an OpenAPI document must be a mapping (JSON object) at the top level", shown, 1, 1))
    check_and_bundle(spec, loader, key)
    return spec


def dumps(data: Any) -> str:
    """The canonical JSON text of a bundled spec: 2-space indent, key order kept, trailing newline."""
    return dumps_text(data, indent=2, ensure_ascii=False) + "\n"
