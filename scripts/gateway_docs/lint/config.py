"""Lint configuration: ``[tool.gateway-docs.lint]`` in the nearest pyproject.toml (from the current folder
upwards), or a TOML file given with ``--config`` (its ``[tool.gateway-docs.lint]`` table, or its top level).

```toml
[tool.gateway-docs.lint]
preset = "recommended"                       # minimal | recommended | gateway | all
error-schema = "#/components/schemas/Error"  # for gateway-error-schema
docs-url = "https://docs.example.com/lint-rules/"   # where finding links point (default docs/lint-rules.md)

[tool.gateway-docs.lint.rules]
operation-description = "off"                # or "error" / "warn" / "info"

[[tool.gateway-docs.lint.ignore]]            # silence one finding, not the rule
rule = "no-zod-null-branch"
pointer = "/components/schemas/Legacy/anyOf/1"   # exact pointer; end with "/**" for a whole subtree
reason = "kept for wire compatibility"       # optional: why, for the reviewer
```

Mistakes (an unknown rule, a bad severity, an unknown key) are errors naming the file and line: a typo must not
silently turn a rule off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import UsageError
from .engine import DOCS_PAGE, PRESETS, Rule

SEVERITY_CHOICES = ("error", "warn", "info", "off")
_KEYS = {"preset", "rules", "ignore", "error-schema", "docs-url"}


@dataclass
class Ignore:
    rule: str
    pointer: str

    def matches(self, rule: str, pointer: str) -> bool:
        if rule != self.rule:
            return False
        if self.pointer.endswith("/**"):
            base = self.pointer[:-3]
            return pointer == base or pointer.startswith(base + "/")
        return pointer == self.pointer


@dataclass
class LintConfig:
    preset: str = "recommended"
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> severity or "off"
    ignores: list[Ignore] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    docs_url: str = DOCS_PAGE
    source: str | None = None  # the file it came from

    def active_rules(self, table: dict[str, Rule], preset: str | None = None) -> list[tuple[Rule, str]]:
        """``(rule, severity)`` for every rule that runs."""
        preset = preset or self.preset
        out = []
        for rule_id, rule in table.items():
            severity = self.rules.get(rule_id) or (rule.severity if rule.in_preset(preset) else "off")
            if severity != "off":
                out.append((rule, severity))
        return out

    def ignored(self, rule: str, pointer: str) -> bool:
        return any(i.matches(rule, pointer) for i in self.ignores)


def find_pyproject(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _line_of(text: str, needle: str) -> int:
    """The first line mentioning ``needle`` as a key or a quoted value (tomllib keeps no positions)."""
    pattern = re.compile(r'(^|[\s{,])"?' + re.escape(needle) + r'"?\s*=|["\']' + re.escape(needle) + r'["\']')
    for n, line in enumerate(text.splitlines(), 1):
        if pattern.search(line):
            return n
    return 1


def load_config(path: str | Path | None, table: dict[str, Rule], explicit: bool = False) -> LintConfig:
    """Read the config (``path`` None: the nearest pyproject.toml; no file or no table: the defaults)."""
    import tomllib

    if path is None:
        path = find_pyproject()
        if path is None:
            return LintConfig()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: config file not found") from None
    except OSError as e:
        raise UsageError(f"{path}: cannot read the config: {e.strerror}") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # tomllib's message ends with "(at line L, column C)": turn that into FILE:L:C
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        where = f"{path}:{m.group(1)}:{m.group(2)}" if m else str(path)
        raise UsageError(f"{where}: invalid TOML: {re.sub(r' [(]at line.*', '', str(e))}") from None
    section = doc.get("tool", {}).get("gateway-docs", {}).get("lint")
    if section is None:
        if path.name == "pyproject.toml" or not explicit:
            return LintConfig(source=str(path))
        section = doc
    return parse_config(section, table, str(path), text)


def parse_config(section: Any, table: dict[str, Rule], source: str = "<config>", text: str = "") -> LintConfig:
    def fail(message: str, needle: str) -> UsageError:
        return UsageError(f"{source}:{_line_of(text, needle)}: {message}")

    if not isinstance(section, dict):
        raise UsageError(f"{source}: [tool.gateway-docs.lint] must be a table")
    for key in section:
        if key not in _KEYS:
            raise fail(f"unknown lint setting {key!r} (known: {', '.join(sorted(_KEYS))})", key)
    cfg = LintConfig(source=source)
    preset = section.get("preset", "recommended")
    if preset not in PRESETS:
        raise fail(f"unknown preset {preset!r} (choose from {', '.join(PRESETS)})", "preset")
    cfg.preset = preset
    rules = section.get("rules", {})
    if not isinstance(rules, dict):
        raise fail("'rules' must be a table of rule = severity", "rules")
    for rule_id, severity in rules.items():
        if rule_id not in table:
            raise fail(f"unknown rule {rule_id!r}{_suggest(rule_id, table)}", rule_id)
        if severity not in SEVERITY_CHOICES:
            raise fail(f"rule {rule_id!r}: severity must be one of {', '.join(SEVERITY_CHOICES)}, "
                       f"not {severity!r}", rule_id)
        cfg.rules[rule_id] = severity
    ignores = section.get("ignore", [])
    if not isinstance(ignores, list):
        raise fail("'ignore' must be an array of {rule = ..., pointer = ...} tables", "ignore")
    for entry in ignores:
        if not isinstance(entry, dict) or not {"rule", "pointer"} <= set(entry) <= {"rule", "pointer", "reason"}:
            raise fail("each ignore entry needs 'rule' and 'pointer' (and optionally 'reason')", "ignore")
        rule_id, pointer = entry["rule"], entry["pointer"]
        if rule_id not in table:
            raise fail(f"unknown rule {rule_id!r} in an ignore entry{_suggest(rule_id, table)}", rule_id)
        if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
            raise fail(f"ignore pointer {pointer!r} must be a JSON pointer starting with '/'", str(pointer))
        cfg.ignores.append(Ignore(rule_id, pointer))
    if "error-schema" in section:
        ref = section["error-schema"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise fail("error-schema must be an internal $ref like '#/components/schemas/Error'", "error-schema")
        cfg.options["error-schema"] = ref
    if "docs-url" in section:
        cfg.docs_url = str(section["docs-url"])
    return cfg


def _suggest(name: str, table: dict[str, Rule]) -> str:
    import difflib
    close = difflib.get_close_matches(name, list(table), n=1)
    return f" (did you mean {close[0]!r}?)" if close else " (see docs/lint-rules.md for the list)"
