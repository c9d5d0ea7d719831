"""Stage 5: the site. ``gateway-docs build`` = bundle check, validate, lint, then ``mkdocs build --strict``.

The reference pages are rendered inside the MkDocs build by :class:`GatewayDocsPlugin` (registered as the
``gateway-docs`` MkDocs plugin), so ``make docs``, ``mkdocs serve`` and this command all produce the same site.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path



def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs config (default: mkdocs.yml)")
    parser.add_argument("-d", "--site-dir", default="site", help="output folder (default: site)")
    parser.add_argument("--spec", default="specs/ai-gateway.openapi.json", help="the published spec to validate")
    parser.add_argument("--no-lint", action="store_true", help="skip 'gateway-docs lint'")


def run(args: argparse.Namespace) -> int:
    """Build the whole site: bundle check, validate, lint, reference pages, mkdocs build --strict."""
    from ..cli import main

    steps: list[list[str]] = []
    if Path("specs/src").is_dir():
        steps.append(["bundle", "--check"])
    steps.append(["validate", args.spec])
    if not args.no_lint and importlib.util.find_spec("gateway_docs.lint") is not None:
        steps.append(["lint", args.spec])
    for step in steps:
        print(f"gateway-docs {' '.join(step)}", flush=True)
        code = main(step)
        if code:
            return code
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", args.config_file, "-d", args.site_dir]
    print(" ".join(["mkdocs"] + cmd[3:]), flush=True)
    return subprocess.call(cmd)
