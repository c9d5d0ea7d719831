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

import importlib.util
import os

from ..engine import Kind, Rule

_META: dict = {}


def _meta_validator(version: str):
    """A compiled jsonschema-rs validator for the OpenAPI meta-schema, read from openapi-spec-validator's files
    without importing that package (whose imports cost more than the check)."""
    if version not in _META:
        import jsonschema_rs
        import orjson
        spec = importlib.util.find_spec("openapi_spec_validator")
        base = list(spec.submodule_search_locations)[0]
        path = os.path.join(base, "resources", "schemas", "v" + version, "schema.json")
        with open(path, "rb") as fh:
            schema = orjson.loads(fh.read())
        _META[version] = jsonschema_rs.validator_for(schema)
    return _META[version]


def make(ctx):
    def root(data, at):
        from ...core.diagnostics import SpecError
        from ...validate import detect_version, iter_problems
        try:
            version = detect_version(ctx.spec)
            if _meta_validator(version).is_valid(data):
                return
            problems = list(iter_problems(ctx.spec))
        except SpecError as e:
            problems = e.problems
        for p in problems:
            ctx.report(p.message, p.pointer or "")

    return {Kind.ROOT: root}


RULE = Rule("struct", "error", "minimal", make, __doc__)
