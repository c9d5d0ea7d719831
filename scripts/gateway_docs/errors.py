"""Errors a user can trigger. Each one names where the problem is (file, line, column, JSON pointer) and what it is.

The CLI prints them as ``FILE:LINE:COL: message`` and exits non-zero; it never shows a traceback for them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


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


class GatewayDocsError(Exception):
    """Base for every error that is the user's input, not our bug: printed without a traceback."""

    exit_code = 1


class UsageError(GatewayDocsError):
    """Bad command-line usage or configuration."""

    exit_code = 2


@dataclass
class Problem:
    """One problem in a spec file: where, what, and the JSON pointer of the node."""

    message: str
    location: Location
    pointer: str = ""
    severity: str = "error"
    code: str = "structure"
    extra: dict = field(default_factory=dict)

    def format(self) -> str:
        where = f" [{self.pointer or '/'}]" if self.pointer is not None else ""
        return f"{self.location}: {self.severity}: {self.message}{where}"

    def as_dict(self) -> dict:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.col,
            "pointer": self.pointer,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class SpecError(GatewayDocsError):
    """The spec cannot be loaded (syntax error, bad $ref, alias bomb...). Carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(p.format() for p in self.problems))
