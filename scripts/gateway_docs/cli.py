"""The ``gateway-docs`` command: one verb per pipeline stage.

Verbs are imported lazily (only the one you run), so ``gateway-docs lint`` does not pay for Jinja2 or the mock
server at start-up. Each verb's module has ``configure(parser)`` and ``run(args) -> exit code``.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from . import __version__
from .core.diagnostics import GatewayDocsError

# verb -> (module, one-line help). Order is the pipeline's.
COMMANDS: dict[str, tuple[str, str]] = {
    "bundle": ("gateway_docs.load.publish", "merge specs/src/*.yaml into the published specs/ai-gateway.openapi.json"),
    "validate": ("gateway_docs.validate", "check syntax, $refs and OpenAPI structure (3.0/3.1)"),
    "lint": ("gateway_docs.lint", "run the style and contract rules over a spec"),
    "reference": ("gateway_docs.render", "render one Markdown reference page per operation"),
    "mintlify": ("gateway_docs.mintlify", "write Mintlify docs.json navigation and the bundled spec"),
    "build": ("gateway_docs.site.build", "build the whole site (validate, lint, generate, mkdocs build)"),
    "mock": ("gateway_docs.mock", "run a mock AI gateway that speaks the contract"),
    "snippets": ("gateway_docs.snippets", "list or run the example snippets against the mock gateway"),
    "diff": ("gateway_docs.diff", "classify the changes between two spec versions (breaking/warning/safe)"),
    "changelog": ("gateway_docs.diff.changelog", "write docs/changelog.md and the Mintlify changelog from git"),
    "drift": ("gateway_docs.diff.drift", "compare the contract with OpenAI's spec; write the compatibility page"),
}


def _available() -> dict[str, tuple[str, str]]:
    """The verbs whose module is installed, found on disk: ``find_spec("gateway_docs.diff.drift")`` would import
    ``gateway_docs.diff`` (and with it Jinja2) on every start of every verb."""
    package = Path(__file__).resolve().parent
    out = {}
    for verb, (module, text) in COMMANDS.items():
        where = package.joinpath(*module.split(".")[1:])
        if where.with_suffix(".py").is_file() or (where / "__init__.py").is_file():
            out[verb] = (module, text)
    return out


def _top_parser(commands: dict[str, tuple[str, str]]) -> argparse.ArgumentParser:
    lines = "\n".join(f"  {verb:<10} {text}" for verb, (_, text) in commands.items())
    parser = argparse.ArgumentParser(
        prog="gateway-docs",
        description="API contract, reference docs and mock gateway toolchain for the Helicone AI Gateway.",
        epilog=f"commands:\n{lines}\n\nRun 'gateway-docs COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gateway-docs {__version__}")
    parser.add_argument("command", nargs="?", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = _available()
    top = _top_parser(commands)
    if not argv or argv[0] in ("-h", "--help", "--version") or argv[0].startswith("-"):
        top.parse_args(argv[:1] if argv else ["--help"])
        return 0
    verb = argv[0]
    if verb not in commands:
        top.print_usage(sys.stderr)
        print(f"gateway-docs: error: unknown command {verb!r} (choose from {', '.join(commands)})", file=sys.stderr)
        return 2
    module = importlib.import_module(commands[verb][0])
    parser = argparse.ArgumentParser(prog=f"gateway-docs {verb}", description=(module.run.__doc__ or "").strip()
                                     or commands[verb][1])
    module.configure(parser)
    args = parser.parse_args(argv[1:])
    try:
        return int(module.run(args) or 0)
    except GatewayDocsError as e:
        print(str(e), file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except Exception as e:  # a bug of ours: say so briefly; the traceback only on request
        if os.environ.get("GATEWAY_DOCS_DEBUG"):
            raise
        print(f"gateway-docs {verb}: internal error: {type(e).__name__}: {e}\n"
              "(this is a bug in gateway-docs; rerun with GATEWAY_DOCS_DEBUG=1 for a traceback)", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
