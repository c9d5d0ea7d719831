"""The diff rules' docs page, ``docs/diff-rules.md``, generated from :mod:`.rules`.

``python -m gateway_docs.diff.rules_page`` rewrites it (only when it changed); ``--check`` exits 1 when it is stale (the
test suite runs the check). Each rule has an anchor equal to its id, where the markdown report links.
"""
from __future__ import annotations

import sys

from .rules import RULES, SEVERITIES, ChangeRule

DEFAULT_PAGE = "docs/diff-rules.md"

# oasdiff's documented check groups (its ~250 checks, BREAKING-CHANGES.md), and where ours stand against each.
OASDIFF_CATEGORIES = [
    ("Endpoints: removed paths/operations, deprecation and sunset", "path-removed, operation-removed, "
     "operation-deprecated (no sunset-date policy)"),
    ("Operation id and tags changes", "operation-id-changed (tags: not checked)"),
    ("Request parameters: added/removed/required/type/enum/pattern/bounds/default", "request-parameter-*, and the "
     "request schema rules on the parameter's schema"),
    ("Request body: required, media types, properties, enums, bounds, nullability, one/any/all-of",
     "request-body-*, request-media-type-*, request-property-*, request-enum-*, request-bound-*, request-nullable-*, "
     "request-union-*"),
    ("Response: status codes, media types, headers, properties, enums, nullability, one/any/all-of",
     "response-status-*, response-media-type-*, response-header-*, response-property-*, response-enum-*, "
     "response-became-nullable, response-union-*"),
    ("Security: global and per-operation requirements, scopes, component schemes",
     "security-added, security-alternative-*, security-scheme-changed (OAuth scope lists: not checked)"),
    ("Type and format changes (request and response)", "request-type-*, response-type-*, schema-format-changed"),
    ("Default values", "default-changed"),
    ("Extensible enums (x-extensible-enum), discriminator mapping, readOnly/writeOnly", "not checked: every enum "
     "is treated as closed"),
    ("(not in oasdiff) server URLs, SSE stream event types, additionalProperties closing",
     "server-*, stream-event-*, request-additional-properties-closed"),
]


def _row(rule: ChangeRule) -> str:
    return f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {rule.summary} |"


def render(rules: dict[str, ChangeRule]) -> str:
    out = [
        "# Diff rules",
        "",
        "`gateway-docs diff OLD NEW` reports every change between two versions of the contract with one of these "
        "rules. *Breaking* fails CI unless the change is accepted in `specs/accepted-changes.yaml`; *warning* and "
        "*safe* never fail. Requests are what clients send (a change that accepts less breaks them), responses "
        "what clients receive (a change that may return more breaks them).",
        "",
        "*This page is generated from `scripts/gateway_docs/diff/rules.py` by `python -m gateway_docs.diff.rules_page`.*",
        "",
        "Before comparing, schemas are normalised, so these spellings are equal: a `$ref` and the same schema "
        "inline; `allOf` with one element (several are merged); `anyOf: [X, {type: null}]`, the Zod null branch, "
        "`nullable: true` and `type: [X, \"null\"]`; `const: v` and `enum: [v]`; 3.0 boolean and 3.1 numeric "
        "`exclusiveMinimum`/`exclusiveMaximum`; key order; `{id}` and `{item_id}` in the same path position. "
        "`$ref` cycles are followed once.",
        "",
    ]
    for severity in SEVERITIES:
        out += [f"## {severity.capitalize()}", "", "| rule | class | what it means |", "| --- | --- | --- |"]
        out += [_row(r) for r in rules.values() if r.severity == severity]
        out.append("")
    # Each rule's heading is HTML, not "###": the tables above link every rule, and 68 Markdown headings would also
    # fill the table of contents Material puts in the page's navigation, past its 15 KB budget.
    out += ["## Rules and examples", ""]
    for rule in rules.values():
        out += [f'<a id="{rule.id}"></a>', "", f"<h3 class=\"gd-rule\"><code>{rule.id}</code></h3>", "", f"*Class:* `{rule.severity}`", "",
                rule.summary, "", f"Example: {rule.example}", ""]
    out += ["## Output", "",
            "`--format text` (default) prints one change per entry in the shared diagnostic form, "
            "`FILE:LINE:COL: class: message [rule] (pointer)`, then its `old:` and `new:` positions. "
            "`--format markdown` is the pull-request comment, `sarif` feeds code scanning, `github` prints workflow "
            "annotations. `--format json` has this stable shape (version 1):", "",
            "```json",
            '{"version": 1, "old": "git:BASE:specs/src", "new": "specs/src",',
            ' "summary": {"breaking": 0, "accepted": 1, "warning": 0, "safe": 3},',
            ' "changes": [{"rule": "request-property-removed", "severity": "breaking", "message": "...",',
            '              "operation": "POST /v1/chat/completions", "accepted": true, "reason": "...",',
            '              "old": {"file": "...", "line": 230, "column": 9, "pointer": "/components/..."},',
            '              "new": {"file": "...", "line": 178, "column": 5, "pointer": "/components/..."}}],',
            ' "unused_accepted": [{"rule": "...", "location": "...", "reason": "..."}]}',
            "```", "",
            "Exit status: 1 when a breaking change is not accepted in `specs/accepted-changes.yaml`, 2 when a side "
            "cannot be read, else 0.", ""]
    out += ["## Compared with oasdiff", "",
            "[oasdiff](https://github.com/oasdiff/oasdiff) (Go, about 250 checks) is the reference breaking-change "
            "checker. Its check groups, and the rules here that cover each:", "",
            "| oasdiff check group | gateway-docs rules |", "| --- | --- |"]
    out += [f"| {a} | {b} |" for a, b in OASDIFF_CATEGORIES]
    out += ["", "Per rule, the nearest oasdiff check id:", "", "| rule | oasdiff |", "| --- | --- |"]
    out += [f"| `{r.id}` | {r.oasdiff or '-'} |" for r in rules.values()]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    from ..core.files import page_generator_main

    return page_generator_main(argv, "python -m gateway_docs.diff.rules_page", (__doc__ or "").splitlines()[0],
                               DEFAULT_PAGE, lambda: render(RULES))


if __name__ == "__main__":
    sys.exit(main())
