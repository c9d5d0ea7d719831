"""Diff report formats, each a pure function of the report: ``text``, ``json``, ``markdown`` (a pull-request
comment), ``sarif`` and ``github`` (the last two through the lint formatters, so code scanning and annotations look
the same for both verbs).

The JSON shape (``version`` 1) is stable::

    {"version": 1, "old": "...", "new": "...",
     "summary": {"breaking": N, "accepted": N, "warning": N, "safe": N},
     "changes": [{"rule", "severity", "message", "operation", "accepted", "reason",
                  "old": {"file", "line", "column", "pointer"}, "new": {...}}],
     "unused_accepted": [{"rule", "location", "reason"}]}
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Callable

from ..render.escape import md_inline
from .accepted import Accepted
from .compare import Change
from .rules import RULES

if TYPE_CHECKING:
    from ..lint.engine import LintResult

FORMATS = ("text", "json", "markdown", "sarif", "github")
DOCS_PAGE = "docs/diff-rules.md"


@dataclass
class Report:
    old: str
    new: str
    changes: list[Change]
    unused: list[Accepted] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for c in self.changes if c.severity == severity and not (severity == "breaking" and c.accepted))

    @property
    def accepted(self) -> int:
        return sum(1 for c in self.changes if c.severity == "breaking" and c.accepted)

    @property
    def failing(self) -> bool:
        return self.count("breaking") > 0

    def summary(self) -> str:
        return (f"{self.count('breaking')} breaking, {self.accepted} accepted, {self.count('warning')} "
                f"warning{'s' * (self.count('warning') != 1)}, {self.count('safe')} safe")


def format_text(report: Report) -> str:
    out = [c.format() for c in report.changes]
    out += [f"accepted-changes: entry matches no change: {a.rule} at {a.location}" for a in report.unused]
    out.append(f"{report.old} -> {report.new}: {report.summary()}")
    return "\n".join(out) + "\n"


def format_json(report: Report) -> str:
    return json.dumps({
        "version": 1, "old": report.old, "new": report.new,
        "summary": {"breaking": report.count("breaking"), "accepted": report.accepted,
                    "warning": report.count("warning"), "safe": report.count("safe")},
        "changes": [c.as_dict() for c in report.changes],
        "unused_accepted": [{"rule": a.rule, "location": a.location, "reason": a.reason} for a in report.unused],
    }, indent=2, ensure_ascii=False) + "\n"


def format_markdown(report: Report) -> str:
    """A pull-request comment: verdict first, then one table per classification (safe ones folded)."""
    if report.failing:
        head = (f"### :x: Spec diff: {report.count('breaking')} breaking change"
                f"{'s' * (report.count('breaking') != 1)}\n\nClients written against `{report.old}` break. "
                "Fix the spec, or accept each change in `specs/accepted-changes.yaml` (rule, location, reason).")
    elif report.changes:
        head = "### :white_check_mark: Spec diff: no unaccepted breaking changes"
    else:
        head = "### :white_check_mark: Spec diff: no changes to the contract"
    out = [head, "", f"{report.summary()} (`{report.old}` → `{report.new}`)", ""]
    groups = [("Breaking", [c for c in report.changes if c.severity == "breaking" and not c.accepted]),
              ("Accepted breaking", [c for c in report.changes if c.severity == "breaking" and c.accepted]),
              ("Warnings", [c for c in report.changes if c.severity == "warning"]),
              ("Safe", [c for c in report.changes if c.severity == "safe"])]
    for title, changes in groups:
        if not changes:
            continue
        table = ["| rule | change | old | new |", "| --- | --- | --- | --- |"]
        for c in changes:
            reason = f" *Accepted: {md_inline(c.accepted)}*" if c.accepted else ""
            table.append(f"| [`{c.rule}`]({DOCS_PAGE}#{c.rule}) | {md_inline(c.message)}{reason} | `{c.old}` | `{c.new}` |")
        if title == "Safe":
            out += [f"<details><summary>{title} ({len(changes)})</summary>", "", *table, "", "</details>", ""]
        else:
            out += [f"#### {title} ({len(changes)})", "", *table, ""]
    for a in report.unused:
        out.append(f"- `specs/accepted-changes.yaml`: entry `{a.rule}` at `{a.location}` matches no change")
    return "\n".join(out).rstrip() + "\n"


def _lint_result(report: Report) -> "LintResult":
    from ..lint.engine import LintResult
    problems = []
    for c in report.changes:
        if not c.accepted:
            p = c.problem()
            p.docs = f"{DOCS_PAGE}#{c.rule}"
            problems.append(p)
    return LintResult(problems, {}, report.new)


def format_sarif(report: Report) -> str:
    from ..lint.output import format_sarif as sarif
    # The lint formatter reads lint severities from the rule table: give it our rules in those terms.
    rules = {r.id: SimpleNamespace(summary=r.summary, doc=r.doc, severity=r.lint_severity) for r in RULES.values()}
    return sarif(_lint_result(report), rules=rules).replace('"gateway-docs lint"', '"gateway-docs diff"')


def format_github(report: Report) -> str:
    from ..lint.output import format_github as github
    lines = github(_lint_result(report)).splitlines()[:-1]  # its summary line counts lint severities
    return "\n".join([*lines, f"{report.old} -> {report.new}: {report.summary()}"]) + "\n"


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text, "json": format_json, "markdown": format_markdown, "sarif": format_sarif,
    "github": format_github,
}
