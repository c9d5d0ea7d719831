"""The document is a structurally valid OpenAPI 3.0/3.1 description.

The whole document is first checked against the official OpenAPI meta-schema with jsonschema-rs (milliseconds,
even for Stripe-size specs). Only when that check fails does the rule run the detailed validator of
`gateway-docs validate` (openapi-spec-validator), which pinpoints the real cause of each problem at its
file, line and column. `gateway-docs validate` also runs openapi-spec-validator's extra checks on every build.

Bad:

```yaml
paths:
  /a:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: strin}}}}
```

Good: `type: string`.
"""
from __future__ import annotations

from ..engine import Rule


def make(ctx):
    def root(data, at):
        from ...core.diagnostics import SpecError
        from ...validate import detect_version, iter_problems, meta_validator
        try:
            version = detect_version(ctx.spec)
            if meta_validator(version).is_valid(data):
                return
            problems = list(iter_problems(ctx.spec))
        except SpecError as e:
            problems = e.problems
        for p in problems:
            ctx.report(p.message, p.pointer or "")

    return {"root": root}


RULE = Rule("struct", "error", "minimal", make, __doc__)
