"""The document is a structurally valid OpenAPI 3.0/3.1 description.

The same structural engine as `gateway-docs validate`, so both report the same findings: the document against the
official OpenAPI meta-schema, then openapi-spec-validator's checks (each Schema Object against its dialect,
`default` values, unique `operationId`s, path parameters, duplicate parameters and tags), done with jsonschema-rs
(about a second for OpenAI's 3 MB spec), each finding at the file, line and column of the node it is about.

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

from typing import Any

from ..engine import Context, Kind, Rule, Visitor


def make(ctx: Context) -> Visitor:
    def root(data: dict[str, Any], at: Any) -> None:
        from ...core.diagnostics import SpecError
        from ...validate import iter_problems
        try:
            problems = list(iter_problems(ctx.spec))
        except SpecError as e:
            problems = e.problems
        for p in problems:
            ctx.report(p.message, p.pointer or "")

    return {Kind.ROOT: root}


RULE = Rule("struct", "error", "minimal", make, __doc__)
