"""Prunes OpenAI's OpenAPI description to the three operations the gateway is compatible with and what they
reference, into specs/vendor/openai/openapi.yaml (with SOURCE.md). Run when updating the vendored copy:

    .venv/bin/python tests/tools/vendor_openai.py PATH/TO/openai/openapi.yaml
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml

from gateway_docs.core import pointer as jp
from gateway_docs.core.refs import reachable_refs, ref_pointer

OUT = Path(__file__).resolve().parents[2] / "specs" / "vendor" / "openai"
KEEP = {"/chat/completions": "post", "/responses": "post", "/models": "get"}


def prune(data: dict) -> dict:
    paths = {p: {m: data["paths"][p][m]} for p, m in KEEP.items()}
    refs = reachable_refs(data, paths)
    components: dict = {}
    for ref in refs:
        parts = jp.split(ref_pointer(ref) or "")
        if len(parts) == 3 and parts[0] == "components":
            components.setdefault(parts[1], {})[parts[2]] = data["components"][parts[1]][parts[2]]
    components = {k: dict(sorted(v.items())) for k, v in components.items()}
    components["securitySchemes"] = data["components"]["securitySchemes"]
    out = {k: data[k] for k in ("openapi", "info", "servers", "security") if k in data}
    out["paths"] = paths
    out["components"] = components
    return out


def main(src: str) -> None:
    raw = Path(src).read_bytes()
    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    pruned = prune(data)
    text = yaml.dump(pruned, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, width=110,
                     allow_unicode=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "openapi.yaml").write_text(text, encoding="utf-8")
    print(f"{OUT / 'openapi.yaml'}: {len(pruned['components'].get('schemas', {}))} schemas, "
          f"sha256 {hashlib.sha256(text.encode()).hexdigest()}; source sha256 {hashlib.sha256(raw).hexdigest()}")


if __name__ == "__main__":
    main(sys.argv[1])
