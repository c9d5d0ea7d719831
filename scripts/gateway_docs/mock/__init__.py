"""Run a mock Helicone AI Gateway that follows the spec: POST /v1/chat/completions, POST /v1/responses and
GET /v1/models (also without /v1). Requests are validated against the spec's request schemas; answers are
deterministic for a given request and --seed; faults (429, 5xx, timeouts, mid-stream errors) are injected per
request with x-mock-* headers or for every request with --fault. See docs/guides/mock-gateway.md.
"""
from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from ..core.diagnostics import UsageError
from .app import FAULTS, Gateway, Options
from .catalog import Catalog
from .server import MockServer, ThreadedMock, new_event_loop

DEFAULT_SPEC = Path("specs/ai-gateway.openapi.json")

__all__ = ["Gateway", "Options", "MockServer", "ThreadedMock", "build_gateway", "running", "configure", "run"]


def _default_spec() -> Path:
    if DEFAULT_SPEC.exists():
        return DEFAULT_SPEC
    # run from elsewhere: the repository this package lives in
    return Path(__file__).resolve().parents[3] / DEFAULT_SPEC


def build_gateway(spec: str | Path | None = None, catalog: str | None = None, seed: int = 0, fault: str | None = None,
                  latency_ms: float = 0.0, max_body: int = 4 * 1024 * 1024, api_key: str | None = None,
                  retry_after_ms: int = 2) -> Gateway:
    from ..load import load_spec

    spec_data = load_spec(spec or _default_spec()).data
    kind, rate = _parse_fault(fault)
    return Gateway(Options(spec_data=spec_data, catalog=Catalog.load(catalog), seed=seed, fault=kind, fault_rate=rate,
                           latency_ms=latency_ms, max_body=max_body, api_key=api_key, retry_after_ms=retry_after_ms))


def running(spec: str | Path | None = None, host: str = "127.0.0.1", port: int = 0, chunk_delay_ms: float = 0.0,
            **options) -> ThreadedMock:
    """A context manager serving the mock from a background thread: ``with running() as mock: mock.url``."""
    return ThreadedMock(build_gateway(spec, **options), host, port, chunk_delay_ms)


def _parse_fault(value: str | None) -> tuple[str | None, float]:
    if not value:
        return None, 1.0
    kind, _, rate = value.partition(":")
    if kind not in FAULTS:
        raise UsageError(f"--fault: unknown fault {kind!r}; use one of {', '.join(FAULTS)} (optionally KIND:RATE)")
    try:
        fraction = float(rate) if rate else 1.0
    except ValueError:
        raise UsageError(f"--fault: rate must be a number between 0 and 1, got {rate!r}") from None
    if not 0 <= fraction <= 1:
        raise UsageError(f"--fault: rate must be between 0 and 1, got {rate}")
    return kind, fraction


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", help="OpenAPI spec to follow (default: specs/ai-gateway.openapi.json)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=8080, help="port (default: 8080; 0 picks a free one)")
    parser.add_argument("--catalog", help="JSON file with the models for /v1/models (a list, or a saved /v1/models)")
    parser.add_argument("--max-body", type=int, default=4 * 1024 * 1024, metavar="BYTES",
                        help="largest request body accepted; larger ones get 413 (default: 4 MiB)")
    parser.add_argument("--fault", metavar="KIND[:RATE]",
                        help=f"inject a fault into every request (or a fraction RATE of them): {', '.join(FAULTS)}")
    parser.add_argument("--latency-ms", type=float, default=0.0, metavar="N", help="delay before the first byte")
    parser.add_argument("--chunk-delay-ms", type=float, default=0.0, metavar="N",
                        help="pause between streamed events (default: 0, the whole stream at once)")
    parser.add_argument("--seed", type=int, default=0, help="varies every answer (default: 0)")
    parser.add_argument("--api-key", help="accept only this bearer token (default: any non-empty token)")
    parser.add_argument("--retry-after-ms", type=int, default=2, metavar="N",
                        help="retry-after-ms sent with injected 429/5xx (default: 2, so SDK retries are fast)")


def run(args: argparse.Namespace) -> int:
    """Serve a mock AI gateway that follows the spec (validation, deterministic answers, SSE, faults)."""
    if args.max_body < 1:
        raise UsageError("--max-body must be a positive number of bytes")
    if args.latency_ms < 0 or args.chunk_delay_ms < 0:
        raise UsageError("--latency-ms and --chunk-delay-ms must not be negative")
    gateway = build_gateway(args.spec, args.catalog, args.seed, args.fault, args.latency_ms, args.max_body,
                            args.api_key, args.retry_after_ms)
    server = MockServer(gateway, args.host, args.port, args.chunk_delay_ms)
    loop = new_event_loop()
    asyncio.set_event_loop(loop)
    stop = asyncio.Event()
    try:
        loop.run_until_complete(server.start())
    except OSError as e:
        raise UsageError(f"gateway-docs mock: cannot listen on {args.host}:{args.port}: {e.strerror or e}") from None
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(f"gateway-docs mock: listening on {server.url}", flush=True)
    try:
        loop.run_until_complete(stop.wait())
        loop.run_until_complete(server.stop())
    finally:
        loop.close()
    print("gateway-docs mock: stopped", file=sys.stderr, flush=True)
    return 0
