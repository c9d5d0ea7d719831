"""The ``bundle`` verb: publish the YAML fragments of ``specs/src/`` into the published ``specs/ai-gateway.openapi.json``.

The JSON file is what Mintlify, client generators and the mock read. It is generated, never edited by hand:
``gateway-docs bundle`` rewrites it (atomically, only when it changed) and ``gateway-docs bundle --check`` exits 1
when it is stale, which CI and the test suite use.
"""
from __future__ import annotations

import argparse
import sys

from ..core.diagnostics import SpecError
from ..core.files import sync_generated
from . import dumps, load_spec

DEFAULT_SOURCE = "specs/src"
DEFAULT_OUTPUT = "specs/ai-gateway.openapi.json"


def bundle_text(source: str) -> str:
    """The bundled JSON text of a spec source (a fragment folder or a file with external $refs)."""
    return dumps(load_spec(source).data)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", default=DEFAULT_SOURCE,
                        help=f"fragment folder or spec file (default: {DEFAULT_SOURCE})")
    parser.add_argument("-o", "--output", default=DEFAULT_OUTPUT, help=f"bundled JSON (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--check", action="store_true", help="exit 1 if the output is stale; write nothing")


def run(args: argparse.Namespace) -> int:
    """Bundle the spec source into one self-contained JSON file (every $ref internal)."""
    try:
        text = bundle_text(args.source)
    except SpecError as e:
        print(str(e), file=sys.stderr)
        return 1
    return sync_generated(args.output, text, args.check, "gateway-docs bundle")
