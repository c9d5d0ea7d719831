"""Reading one spec file: bytes -> text (UTF-8) -> a parsed :class:`~.locate.Document`, by file extension."""
from __future__ import annotations

import os
from pathlib import Path

from ..core.diagnostics import SpecError, problem
from .json_text import parse_json
from .locate import Document, display_path
from .yaml_text import parse_yaml


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


def read_document(path: str | os.PathLike[str]) -> Document:
    shown = display_path(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SpecError(problem("file not found", shown)) from None
    except IsADirectoryError:
        raise SpecError(problem("is a folder, not a file", shown)) from None
    except OSError as e:
        raise SpecError(problem(f"cannot read: {e.strerror}", shown)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SpecError(problem("not UTF-8 text", shown, line, 1, rule="syntax")) from None
    return parse_text(text, shown)
