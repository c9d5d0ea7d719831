"""Scanning JSON text by offset with the stdlib's C scanner: what the loader's locator and the docs.json splicer
both walk with (one whitespace rule, one value scanner, one string scanner)."""
from __future__ import annotations

import json.decoder
import re
from typing import Any, Callable

_WS = re.compile(r"[ \t\n\r]*")

#: One whole value (a scalar or a subtree) from an offset, at C speed: ``(value, end offset)``.
#: Neither attribute is in typeshed, hence the explicit types.
scan_value: Callable[[str, int], tuple[Any, int]] = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]
#: A string's contents from the offset just after its opening quote: ``(text, end offset)``.
scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def skip_ws(text: str, i: int) -> int:
    """The offset of the first non-whitespace character at or after ``i``."""
    m = _WS.match(text, i)
    return m.end() if m else i
