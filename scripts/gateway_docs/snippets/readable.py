"""Does a recorded output read like something a model (and a program) would print? The docs show every ``.out``
file under its snippet, so filler there teaches readers nothing: a doubled word ("back back"), lorem ipsum, or an
empty answer is a mock or snippet bug, caught before ``--update`` records it."""
from __future__ import annotations

import re

_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_FILLER = re.compile(r"\b(lorem|ipsum|dolor sit|consectetur|adipiscing|placeholder text|foo bar baz)\b",
                     re.IGNORECASE)
_EMPTY_VALUES = frozenset({"none", "null", "undefined", "''", '""', "[]", "{}"})


def problems(output: str) -> list[str]:
    """What makes ``output`` unreadable; [] when it reads fine."""
    found: list[str] = []
    if not output.strip():
        return ["the output is empty"]
    for n, line in enumerate(output.splitlines(), 1):
        m = _DOUBLED.search(line)
        if m:
            found.append(f"line {n}: doubled word {m.group(0)!r}")
        m = _FILLER.search(line)
        if m:
            found.append(f"line {n}: filler text {m.group(0)!r}")
        value = line.rsplit(":", 1)[-1].strip() if ":" in line else line.strip()
        if value.lower() in _EMPTY_VALUES or (line.rstrip().endswith(":") and line.strip() != ":"):
            found.append(f"line {n}: an empty answer ({line.strip()!r})")
    return found
