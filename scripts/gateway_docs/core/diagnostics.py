"""The diagnostic every stage reports (validate, lint, snippet checks, the site build), and the errors a user can
trigger.

One ``Problem`` type, one text form and one JSON shape, so a script or an editor that reads one verb's output reads
them all:

- text: ``FILE:LINE:COL: severity: message [rule] (pointer)``; ``[rule]`` and ``(pointer)`` only when known.
- JSON: ``{"file", "line", "column", "severity", "rule", "message", "pointer"}`` (plus ``"docs"`` when the rule has
  a documentation link).

The CLI prints them and exits non-zero; it never shows a traceback for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warn", "info")


@dataclass(frozen=True)
class Location:
    """A place in a source file. ``line`` and ``col`` are 1-based; 0 means unknown."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


@dataclass
class Problem:
    """One problem: what, where (file position and the JSON pointer of the node), how bad, and which rule says so."""

    message: str
    location: Location
    pointer: str | None = ""
    severity: str = "error"
    rule: str = "structure"
    docs: str = ""  # a link to the rule's documentation, when it has one

    def format(self) -> str:
        rule = f" [{self.rule}]" if self.rule else ""
        where = f" ({self.pointer or '/'})" if self.pointer is not None else ""
        return f"{self.location}: {self.severity}: {self.message}{rule}{where}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.col,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "pointer": self.pointer,
        }
        if self.docs:
            out["docs"] = self.docs
        return out


def problem(message: str, file: str, line: int = 0, col: int = 0, pointer: str | None = None,
            rule: str = "load") -> Problem:
    """A problem at a known file position (parsers know line and column, not yet a pointer)."""
    return Problem(message=message, location=Location(str(file), line, col), pointer=pointer, rule=rule)


#: What code that reads a spec as OpenAPI says it is shaped raises on a node of the wrong type (``required: 5``) in
#: an invalid document. Callers catch these, and report the structural problems instead when there are any.
ILL_TYPED = (AttributeError, TypeError, KeyError, IndexError, ValueError)


class GatewayDocsError(Exception):
    """Base for every error that is the user's input, not our bug: printed without a traceback."""

    exit_code = 1


class UsageError(GatewayDocsError):
    """Bad command-line usage or configuration."""

    exit_code = 2


class SpecError(GatewayDocsError):
    """The spec cannot be loaded (syntax error, bad $ref, alias bomb...). Carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(p.format() for p in self.problems))
