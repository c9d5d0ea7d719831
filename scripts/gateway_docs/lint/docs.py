"""The rules' docs page, ``docs/lint-rules.md``, generated from the rule modules' docstrings.

``python -m gateway_docs.lint.docs`` rewrites it (only when it changed); ``--check`` exits 1 when it is stale (the
test suite runs the check). Each rule has a section with an explicit anchor equal to its id, which is where every
finding's ``docs`` link points.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Rule

DEFAULT_PAGE = "docs/lint-rules.md"


def render(rules: dict[str, Rule]) -> str:
    """Markdown for the rule table: pure function, rules in, text out."""
    out = [
        "# Lint rules",
        "",
        "`gateway-docs lint` runs these rules. Presets, each holding the ones before it: `minimal` (only the rules "
        "marked minimal), `recommended` (the default for any spec: general OpenAPI rules only), `gateway` (adds this "
        "project's house rules: the Helicone gateway's Zod-derived contract, error envelope, examples and "
        "documentation policy; the project's own pyproject.toml selects it) and `all`. Change a rule's severity, "
        "turn it off, or silence one finding by its JSON pointer in `[tool.gateway-docs.lint]` (see the README).",
        "",
        # A plain sentence, not an HTML comment: a comment here broke Material's search on the built site.
        "*This page is generated from the rule modules' docstrings (`scripts/gateway_docs/lint/rules/`) by "
        "`python -m gateway_docs.lint.docs`.*",
        "",
        "| rule | severity | preset | what it checks |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules.values():
        out.append(f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {rule.preset} | {rule.summary} |")
    for rule in rules.values():
        out += ["", f'<a id="{rule.id}"></a>', "", f"## {rule.id}", "",
                f"*Severity:* `{rule.severity}` · *preset:* `{rule.preset}`", "", rule.summary]
        if rule.details:
            out += ["", rule.details]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    from ..core.files import page_generator_main
    from .rules import RULES

    return page_generator_main(argv, "python -m gateway_docs.lint.docs", __doc__.splitlines()[0], DEFAULT_PAGE,
                               lambda: render(RULES))


if __name__ == "__main__":
    sys.exit(main())
