"""Stage 3 of the pipeline: ``gateway-docs lint``, style and contract rules over a loaded spec.

Imports stay lean on purpose (lint runs on every save and in pre-commit): the rule table is small pure-Python
modules; jsonschema-rs, openapi-spec-validator and tomllib are imported only when a rule or the config needs them.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..load.spec import Spec
    from .config import LintConfig
    from .engine import LintResult

DEFAULT_SPEC = "specs/ai-gateway.openapi.json"


def lint_spec(spec: Spec, config: LintConfig | None = None, preset: str | None = None) -> LintResult:
    """Lint a loaded :class:`~gateway_docs.load.Spec`; returns a :class:`~.engine.LintResult` (ignores applied)."""
    from .config import LintConfig
    from .engine import run_rules
    from .rules import RULES

    config = config or LintConfig()
    result = run_rules(spec, config.active_rules(RULES, preset), config.options, config.docs_url)
    if config.ignores:
        result.findings = [f for f in result.findings if not config.ignored(f.rule, cast(str, f.pointer))]
    return result


def lint_path(path: str, config: LintConfig | None = None, preset: str | None = None,
              allow_remote: bool = False) -> LintResult:
    """Load and lint a spec file or fragment folder. A spec that cannot be loaded because of ``$ref`` problems
    gives ``no-unresolved-refs`` findings; any other load error (syntax...) raises SpecError."""
    from ..core.diagnostics import Problem, SpecError
    from ..load import load_spec
    from .config import LintConfig
    from .engine import LintResult
    from .rules import RULES

    config = config or LintConfig()
    try:
        spec = load_spec(path, allow_remote=allow_remote)
    except SpecError as e:
        if not all(p.rule == "ref" for p in e.problems):
            raise
        severity = dict((r.id, s) for r, s in config.active_rules(RULES, preset)).get("no-unresolved-refs")
        if severity is None:
            raise
        findings = [Problem(p.message, p.location, p.pointer or "", severity, "no-unresolved-refs",
                            f"{config.docs_url}#no-unresolved-refs") for p in e.problems
                    if not config.ignored("no-unresolved-refs", p.pointer or "")]
        return LintResult(findings, {}, str(path))
    return lint_spec(spec, config, preset)


def configure(parser: argparse.ArgumentParser) -> None:
    from .engine import PRESETS
    from .output import FORMATS

    parser.add_argument("spec", nargs="*", default=[DEFAULT_SPEC],
                        help=f"spec file(s) or fragment folder(s) (default: {DEFAULT_SPEC})")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (grouped, coloured on a terminal), json, sarif (GitHub code scanning) or github "
                             "(workflow annotations)")
    parser.add_argument("--preset", choices=PRESETS, default=None,
                        help="rule preset: recommended = general OpenAPI rules (the default when the config sets none), "
                             "gateway = plus the Helicone gateway's house rules")
    parser.add_argument("--config", metavar="FILE", default=None,
                        help="TOML config file (default: [tool.gateway-docs.lint] in the nearest pyproject.toml)")
    parser.add_argument("--fail-on", choices=("error", "warn"), default="error",
                        help="exit 1 when there is a finding of this severity or worse (default: error)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the text format (auto: only on a terminal, and not with NO_COLOR)")
    parser.add_argument("--allow-remote", action="store_true", help="fetch http(s) $ref targets (off by default)")
    parser.add_argument("--list-rules", action="store_true", help="list the rules with their presets and exit")


def run(args: argparse.Namespace) -> int:
    """Lint OpenAPI documents with the style and contract rules (see docs/lint-rules.md)."""
    from .config import load_config
    from .engine import SEVERITY_RANK
    from .output import FORMATTERS
    from .rules import RULES

    config = load_config(args.config, RULES, explicit=args.config is not None)
    if args.list_rules:
        active = {r.id: s for r, s in config.active_rules(RULES, args.preset)}
        print(f"{'rule':<34} {'now':<5} {'preset':<11} summary (preset in use: {args.preset or config.preset})")
        for rule_id, rule in RULES.items():
            print(f"{rule_id:<34} {active.get(rule_id, 'off'):<5} {rule.preset:<11} {rule.summary}")
        return 0
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                        and not os.environ.get("NO_COLOR"))
    threshold = SEVERITY_RANK[args.fail_on]
    status = 0
    for path in args.spec:
        result = lint_path(path, config, args.preset, allow_remote=args.allow_remote)
        sys.stdout.write(FORMATTERS[args.format](result, colour=colour))
        if any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings):
            status = 1
    return status
