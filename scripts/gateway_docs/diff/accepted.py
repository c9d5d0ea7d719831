"""``specs/accepted-changes.yaml``: breaking changes a reviewer has accepted, each with a reason.

```yaml
accepted:
  - rule: request-property-removed
    location: /components/schemas/CreateChatCompletionRequest/properties/user   # JSON pointer, old or new side
    reason: "user was never forwarded to any provider; announced in the March changelog"
```

An entry matches a change with the same rule whose old-side or new-side JSON pointer equals ``location`` (a
pointer survives line moves, a line number does not). ``location`` may also be the operation (``POST /v1/chat/
completions``) to accept every change of that rule in it, or a glob (``/components/schemas/Foo/**``). Entries
that match nothing are reported, so the file does not collect stale exceptions.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.diagnostics import UsageError
from .compare import Change
from .rules import RULES

DEFAULT_FILE = "specs/accepted-changes.yaml"


@dataclass(frozen=True)
class Accepted:
    rule: str
    location: str
    reason: str

    def matches(self, change: Change) -> bool:
        if self.rule != change.rule:
            return False
        places = (change.old_pointer, change.new_pointer, change.operation)
        if "*" in self.location:  # a glob over pointers: "/components/schemas/ResponseStreamEvent/**"
            return any(fnmatch.fnmatchcase(p, self.location) for p in places)
        return self.location in places


def load_accepted(path: str | Path) -> list[Accepted]:
    p = Path(path)
    if not p.exists():
        return []
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise UsageError(f"{p}: not valid YAML: {e}") from None
    entries = data.get("accepted") if isinstance(data, dict) else None
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise UsageError(f"{p}: 'accepted' must be a list of {{rule, location, reason}}")
    out = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry.get(k) for k in
                                                  ("rule", "location", "reason")):
            raise UsageError(f"{p}: entry {i + 1} needs rule, location and reason (all non-empty strings)")
        if entry["rule"] not in RULES:
            raise UsageError(f"{p}: entry {i + 1}: unknown rule {entry['rule']!r} (see docs/diff-rules.md)")
        out.append(Accepted(entry["rule"], entry["location"], entry["reason"]))
    return out


def apply_accepted(changes: list[Change], accepted: list[Accepted]) -> list[Accepted]:
    """Mark the accepted breaking changes; return the entries that matched nothing."""
    used: set[Accepted] = set()
    for c in changes:
        for a in accepted:
            if a.matches(c):
                c.accepted = a.reason
                used.add(a)
                break
    return [a for a in accepted if a not in used]
