"""Run a mock Helicone AI Gateway that follows the spec: POST /v1/chat/completions, POST /v1/responses and
GET /v1/models (also without /v1). Requests are validated against the spec's request schemas; answers are
deterministic for a given request and --seed; faults (429, 5xx, timeouts, mid-stream errors) are injected per
request with x-mock-* headers or for every request with --fault. Every connection's cost is bounded (timeouts, header
limits, back-pressure, a connection cap; see Limits) and SIGTERM/SIGINT stop it gracefully. See docs/mock-gateway.md.
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import signal
import sys
from pathlib import Path
from typing import Any

from ..core.diagnostics import UsageError
from .app import FAULTS, Gateway, Options
from .catalog import Catalog
from .server import Limits, MockServer, ThreadedMock, new_event_loop

DEFAULT_SPEC = Path("specs/ai-gateway.openapi.json")

__all__ = ["Gateway", "Options", "Limits", "MockServer", "ThreadedMock", "build_gateway", "running", "configure",
           "run"]


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
            limits: Limits | None = None, **options: Any) -> ThreadedMock:
    """A context manager serving the mock from a background thread: ``with running() as mock: mock.url``."""
    return ThreadedMock(build_gateway(spec, **options), host, port, chunk_delay_ms, limits)


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
    d = Limits()
    group = parser.add_argument_group("limits (running the mock as a shared service)")
    group.add_argument("--header-timeout", type=float, default=d.header_timeout, metavar="S",
                       help="seconds to receive a request line and headers, a new connection's first request counted "
                            f"from accept; then 408 and close, or a silent close if nothing arrived "
                            f"(default: {d.header_timeout:g})")
    group.add_argument("--keepalive-timeout", type=float, default=d.keepalive_timeout, metavar="S",
                       help=f"seconds an idle keep-alive connection stays open (default: {d.keepalive_timeout:g})")
    group.add_argument("--body-timeout", type=float, default=d.body_timeout, metavar="S",
                       help=f"seconds to receive a whole body once the headers are in; then 408 and close "
                            f"(default: {d.body_timeout:g})")
    group.add_argument("--send-timeout", type=float, default=d.send_timeout, metavar="S",
                       help="seconds a client may leave replies unread with the write buffer full before it is "
                            f"dropped (default: {d.send_timeout:g})")
    group.add_argument("--max-header-bytes", type=int, default=d.max_header_bytes, metavar="BYTES",
                       help=f"request line and headers together; more gets 431 and close "
                            f"(default: {d.max_header_bytes}, 16 KiB)")
    group.add_argument("--max-headers", type=int, default=d.max_headers, metavar="N",
                       help=f"header fields per request; more gets 431 and close (default: {d.max_headers})")
    group.add_argument("--max-request-line", type=int, default=d.max_request_line, metavar="BYTES",
                       help=f"request line length; longer gets 414 and close (default: {d.max_request_line}, 8 KiB)")
    group.add_argument("--max-pipeline", type=int, default=d.max_pipeline, metavar="N",
                       help="pipelined requests queued per connection; past it the socket is not read until replies "
                            f"drain (default: {d.max_pipeline})")
    group.add_argument("--max-connections", type=int, default=d.max_connections, metavar="N",
                       help=f"open connections; past it new ones get 503 and are closed (default: {d.max_connections})")
    group.add_argument("--shutdown-grace", type=float, default=d.shutdown_grace, metavar="S",
                       help="on SIGTERM/SIGINT: seconds in-flight requests and streams get to finish; a second signal "
                            f"stops at once (default: {d.shutdown_grace:g})")


def limits_from(args: argparse.Namespace) -> Limits:
    """The Limits the command-line flags ask for (UsageError when one is out of range)."""
    limits = Limits(**{f.name: getattr(args, f.name) for f in dataclasses.fields(Limits)})
    try:
        limits.check()
    except ValueError as e:
        raise UsageError(str(e)) from None
    return limits


def _raise_fd_limit(wanted: int) -> None:
    """Let the process hold ``wanted`` sockets if the hard limit allows (as nginx's worker_rlimit_nofile)."""
    try:
        import resource
    except ImportError:  # pragma: no cover (Windows)
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        except (ValueError, OSError):
            new = soft
        if new < wanted:
            print(f"gateway-docs mock: warning: the open-file limit is {new}, below --max-connections plus a margin "
                  f"({wanted}); connections past it are refused by the OS", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Serve a mock AI gateway that follows the spec (validation, deterministic answers, SSE, faults)."""
    if args.max_body < 1:
        raise UsageError("--max-body must be a positive number of bytes")
    if args.latency_ms < 0 or args.chunk_delay_ms < 0:
        raise UsageError("--latency-ms and --chunk-delay-ms must not be negative")
    limits = limits_from(args)
    gateway = build_gateway(args.spec, args.catalog, args.seed, args.fault, args.latency_ms, args.max_body,
                            args.api_key, args.retry_after_ms)
    _raise_fd_limit(limits.max_connections + 64)
    server = MockServer(gateway, args.host, args.port, args.chunk_delay_ms, limits)
    loop = new_event_loop()
    asyncio.set_event_loop(loop)
    stop = asyncio.Event()
    try:
        loop.run_until_complete(server.start())
    except OSError as e:
        raise UsageError(f"gateway-docs mock: cannot listen on {args.host}:{args.port}: {e.strerror or e}") from None

    def on_signal() -> None:
        if stop.is_set():  # a second signal while draining: stop now
            server.abort_all()
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    print(f"gateway-docs mock: listening on {server.url}", flush=True)
    try:
        loop.run_until_complete(stop.wait())
        if server.connections:
            print(f"gateway-docs mock: stopping; {len(server.connections)} open connection(s) get up to "
                  f"{limits.shutdown_grace:g} s to finish", file=sys.stderr, flush=True)
        loop.run_until_complete(server.stop(limits.shutdown_grace))
    finally:
        loop.close()
    print("gateway-docs mock: stopped", file=sys.stderr, flush=True)
    return 0
