"""Lint report formats: ``text`` (people), ``json`` (scripts), ``sarif`` (GitHub code scanning) and ``github``
(workflow annotations). Each is a pure function: findings in, text out."""
from __future__ import annotations

import json
from typing import Any, Callable

from .engine import LintResult

FORMATS = ("text", "json", "sarif", "github")
_COLOURS = {"error": "\033[31m", "warn": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def summary_line(result: LintResult) -> str:
    counts = {s: result.count(s) for s in ("error", "warn", "info")}
    names = {"error": ("error", "errors"), "warn": ("warning", "warnings"), "info": ("note", "notes")}
    parts = [f"{n} {names[s][n != 1]}" for s, n in counts.items() if n]
    line = f"{result.source}: " + (", ".join(parts) if parts else "no problems")
    cov = result.stats.get("property_descriptions")
    if cov and cov["total"]:
        line += f"; property descriptions {cov['described']}/{cov['total']} ({100 * cov['described'] / cov['total']:.1f}%)"
    return line


def format_text(result: LintResult, colour: bool = False) -> str:
    """One line per finding in the shared diagnostic form (``FILE:LINE:COL: severity: message [rule] (pointer)``),
    then a summary line. On a terminal the severity is coloured."""
    out: list[str] = []
    for f in result.findings:
        line = f.format()
        if colour:
            sev = f": {f.severity}: "
            line = line.replace(sev, f": {_COLOURS[f.severity]}{f.severity}{_RESET}: ", 1)
        out.append(line)
    if out:
        out.append("")
    out.append(summary_line(result))
    return "\n".join(out) + "\n"


def format_json(result: LintResult, colour: bool = False) -> str:
    return json.dumps({
        "source": result.source,
        "summary": {s: result.count(s) for s in ("error", "warn", "info")},
        "stats": result.stats,
        "findings": [f.as_dict() for f in result.findings],
    }, indent=2) + "\n"


_SARIF_LEVEL = {"error": "error", "warn": "warning", "info": "note"}


def format_sarif(result: LintResult, colour: bool = False, rules: dict[str, Any] | None = None) -> str:
    """SARIF 2.1.0 with one run; rule metadata for every rule that has a finding (GitHub shows its help)."""
    from .rules import RULES
    rules = rules or RULES
    used = sorted({f.rule for f in result.findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    docs = {f.rule: f.docs for f in result.findings}
    descriptors = []
    for rule_id in used:
        rule = rules.get(rule_id)
        d = {"id": rule_id, "name": rule_id,
             "shortDescription": {"text": rule.summary if rule else rule_id},
             "fullDescription": {"text": rule.doc.strip() if rule else rule_id},
             "help": {"text": f"{rule.summary if rule else rule_id} See {docs[rule_id]}"},
             "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity] if rule else "error"}}
        if docs[rule_id].startswith(("http://", "https://")):
            d["helpUri"] = docs[rule_id]
        descriptors.append(d)
    results = []
    for f in result.findings:
        region = {"startLine": max(f.location.line, 1), "startColumn": max(f.location.col, 1)}
        results.append({
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message} [{f.pointer or '/'}]"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.location.file.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
                "region": region}}],
            "partialFingerprints": {"jsonPointer/v1": f"{f.rule}:{f.pointer}"},
        })
    from .. import __version__
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gateway-docs lint", "version": __version__, "rules": descriptors}},
            "results": results,
        }],
    }
    return json.dumps(sarif, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GH_LEVEL = {"error": "error", "warn": "warning", "info": "notice"}


def format_github(result: LintResult, colour: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=RULE::message``."""
    lines = []
    for f in result.findings:
        props = f"file={_gh_escape(f.location.file, True)},line={max(f.location.line, 1)}," \
                f"col={max(f.location.col, 1)},title={_gh_escape(f.rule, True)}"
        lines.append(f"::{_GH_LEVEL[f.severity]} {props}::{_gh_escape(f'{f.message} [{f.pointer or chr(47)}] ({f.docs})')}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


FORMATTERS: dict[str, Callable[..., str]] = {
    "text": format_text, "json": format_json, "sarif": format_sarif, "github": format_github,
}
