"""``gateway-docs diff OLD NEW``: what a spec change does to clients.

Every change between two versions of the contract is classified ``breaking``, ``warning`` or ``safe`` by a rule
(:mod:`.rules`, listed with examples in ``docs/diff-rules.md``), with both locations. OLD and NEW are spec files,
fragment folders or ``git:REV:path``. Exit 1 when a breaking change is not accepted in
``specs/accepted-changes.yaml``, 2 when a side cannot be read, 0 otherwise.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.diagnostics import SpecError, UsageError
from .accepted import DEFAULT_FILE, apply_accepted, load_accepted
from .compare import Change, diff_specs
from .report import FORMATTERS, Report
from .sources import load_pair

__all__ = ["Change", "compare", "configure", "run"]


def compare(old: str, new: str, accepted_file: str | None = DEFAULT_FILE) -> Report:
    """Load both sides and diff them. Raises SpecError (unreadable side) or UsageError."""
    changes = diff_specs(*load_pair(old, new))
    unused = apply_accepted(changes, load_accepted(accepted_file)) if accepted_file else []
    return Report(old, new, changes, unused)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the base: spec file, fragment folder or git:REV:path (git:origin/main:specs/src)")
    parser.add_argument("new", help="the change: spec file, fragment folder or git:REV:path")
    parser.add_argument("--format", choices=tuple(FORMATTERS), default="text",
                        help="text (default), json (stable shape), markdown (PR comment), sarif, github (annotations)")
    parser.add_argument("--accepted", default=DEFAULT_FILE,
                        help=f"accepted breaking changes (default: {DEFAULT_FILE}; missing file: none)")
    parser.add_argument("-o", "--output", help="write the report here instead of standard output")


def run(args: argparse.Namespace) -> int:
    """Classify every change between two versions of the spec (breaking / warning / safe)."""
    try:
        report = compare(args.old, args.new, args.accepted)
    except SpecError as e:
        print(str(e), file=sys.stderr)
        return 2
    except UsageError as e:
        print(f"gateway-docs diff: {e}", file=sys.stderr)
        return 2
    text = FORMATTERS[args.format](report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"{report.old} -> {report.new}: {report.summary()}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if report.failing else 0
