"""A lean HTTP/1.1 server for the mock gateway: asyncio.Protocol + httptools (+ uvloop when installed).

Why not a framework: the mock must beat Prism by 3x with full request validation on a 2-core machine, so the whole
request path is one parser callback chain and one ``transport.write`` per reply. Keep-alive and pipelining are
supported (replies go out in request order); SSE streams use chunked transfer encoding, ending right after the last
event so clients that read to the end of the body never hang.
"""
from __future__ import annotations

import asyncio
import collections
import threading
from http import HTTPStatus

import httptools

from .app import Gateway, Reply, error_body

try:  # uvloop is a dependency, but the server works (slower) without it
    import uvloop
except ImportError:  # pragma: no cover
    uvloop = None

_REASONS = {s.value: s.phrase.encode() for s in HTTPStatus}
_TIMEOUT_HOLD = 120.0  # x-mock-fault: timeout holds the request this long (or until the client gives up)


def new_event_loop() -> asyncio.AbstractEventLoop:
    return uvloop.new_event_loop() if uvloop is not None else asyncio.new_event_loop()


class _Connection(asyncio.Protocol):
    def __init__(self, server: "MockServer"):
        self.server = server
        self.gateway: Gateway = server.gateway
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.pending: collections.deque = collections.deque()
        self.busy = False
        self.task: asyncio.Task | None = None
        self._reset()

    def _reset(self) -> None:
        self.url = b""
        self.headers: dict[str, str] = {}
        self.body: list[bytes] = []
        self.size = 0
        self.too_large = False
        self.answered_early = False

    # -- asyncio.Protocol ------------------------------------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport
        self.server.connections.add(self)

    def connection_lost(self, exc) -> None:
        self.server.connections.discard(self)
        if self.task is not None:
            self.task.cancel()
        self.transport = None

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._send_error(400, "Protocol upgrades are not supported", close=True)
        except httptools.HttpParserError as e:
            self._send_error(400, f"Malformed HTTP request: {e}", close=True)

    # -- httptools callbacks ---------------------------------------------------------------------------------------
    def on_message_begin(self) -> None:
        self._reset()

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        length = self.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.gateway.opts.max_body:
            self.too_large = True
        if self.headers.get("expect", "").lower() == "100-continue" and self.transport is not None:
            if self.too_large:  # answer now: the client will not send the body at all
                self.answered_early = True
                self._send_error(413, self._too_large_message(), close=True)
            else:
                self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, chunk: bytes) -> None:
        if self.too_large:
            return
        self.size += len(chunk)
        if self.size > self.gateway.opts.max_body:
            self.too_large, self.body = True, []
        else:
            self.body.append(chunk)

    def on_message_complete(self) -> None:
        if self.answered_early:
            return
        request = (self.parser.get_method().decode(), self.url.decode("latin-1"), self.headers, b"".join(self.body),
                   self.too_large, self.parser.should_keep_alive())
        if self.busy:
            self.pending.append(request)
        else:
            self._dispatch(request)

    # -- replies ---------------------------------------------------------------------------------------------------
    def _too_large_message(self) -> str:
        return f"Request body too large: the limit is {self.gateway.opts.max_body} bytes (--max-body)"

    def _dispatch(self, request: tuple) -> None:
        method, url, headers, body, too_large, keep_alive = request
        if too_large:
            self._send_error(413, self._too_large_message(), close=True)
            return
        reply = self.gateway.handle(method, url, headers, body)
        head_only = method == "HEAD"
        if reply.delay <= 0 and reply.action is None and not (reply.frames and self.server.chunk_delay(headers)):
            self._write(reply, keep_alive, head_only)
            return
        self.busy = True
        self.task = asyncio.get_running_loop().create_task(self._slow(reply, keep_alive, head_only, headers))

    async def _slow(self, reply: Reply, keep_alive: bool, head_only: bool, headers: dict) -> None:
        try:
            if reply.delay > 0:
                await asyncio.sleep(reply.delay)
            if self.transport is None:
                return
            if reply.action == "timeout":
                await asyncio.sleep(_TIMEOUT_HOLD)
                self._close(abort=True)
                return
            if reply.action == "drop":
                self._close(abort=True)
                return
            pause = self.server.chunk_delay(headers)
            if reply.frames and pause:
                self._write_head(reply, keep_alive)
                for frame in reply.frames:
                    await asyncio.sleep(pause)
                    if self.transport is None:
                        return
                    self.transport.write(b"%x\r\n%b\r\n" % (len(frame), frame))
                self._finish_stream(reply, keep_alive)
            else:
                self._write(reply, keep_alive, head_only)
        except asyncio.CancelledError:
            return
        self.busy = False
        self.task = None
        while self.pending and not self.busy and self.transport is not None:
            self._dispatch(self.pending.popleft())

    def _headers(self, reply: Reply, keep_alive: bool) -> list[bytes]:
        lines = [b"HTTP/1.1 %d %b\r\n" % (reply.status, _REASONS.get(reply.status, b"Unknown")),
                 b"x-request-id: " + self.gateway.request_id().encode() + b"\r\nserver: gateway-docs-mock\r\n"]
        for name, value in reply.headers:
            lines.append(f"{name}: {value}\r\n".encode("latin-1"))
        if not keep_alive:
            lines.append(b"connection: close\r\n")
        return lines

    def _write_head(self, reply: Reply, keep_alive: bool) -> None:
        lines = self._headers(reply, keep_alive)
        lines.append(b"content-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n"
                     b"transfer-encoding: chunked\r\n\r\n")
        self.transport.write(b"".join(lines))

    def _finish_stream(self, reply: Reply, keep_alive: bool) -> None:
        if reply.action == "cut":  # x-mock-fault: drop on a stream: half the events, then a dead connection
            self._close(abort=True)
            return
        self.transport.write(b"0\r\n\r\n")
        if not keep_alive:
            self._close()

    def _write(self, reply: Reply, keep_alive: bool, head_only: bool = False) -> None:
        if self.transport is None:
            return
        if reply.frames is not None:
            frames = reply.frames[: max(1, len(reply.frames) // 2)] if reply.action == "cut" else reply.frames
            self._write_head(reply, keep_alive)
            self.transport.write(b"".join(b"%x\r\n%b\r\n" % (len(f), f) for f in frames))
            self._finish_stream(reply, keep_alive)
            return
        lines = self._headers(reply, keep_alive)
        lines.append(b"content-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(reply.body))
        if not head_only:
            lines.append(reply.body)
        self.transport.write(b"".join(lines))
        if not keep_alive:
            self._close()

    def _send_error(self, status: int, message: str, close: bool) -> None:
        code = "request_too_large" if status == 413 else "invalid_request"
        self._write(Reply(status, error_body(message, "invalid_request_error", None, code)), keep_alive=not close)

    def _close(self, abort: bool = False) -> None:
        if self.transport is not None:
            (self.transport.abort if abort else self.transport.close)()


class MockServer:
    """The listening socket and its connections. ``await start()``, ``url``, ``await stop()``."""

    def __init__(self, gateway: Gateway, host: str = "127.0.0.1", port: int = 8080, chunk_delay_ms: float = 0.0):
        self.gateway, self.host, self.port = gateway, host, port
        self.default_chunk_delay = chunk_delay_ms / 1000.0
        self.connections: set[_Connection] = set()
        self._server: asyncio.AbstractServer | None = None

    def chunk_delay(self, headers: dict) -> float:
        raw = headers.get("x-mock-chunk-delay-ms")
        if raw is None:
            return self.default_chunk_delay
        try:
            return min(max(float(raw), 0.0), 10_000.0) / 1000.0
        except ValueError:
            return self.default_chunk_delay

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _Connection(self), self.host, self.port, backlog=1024,
                                                reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for conn in list(self.connections):
                conn._close(abort=conn.busy)
            await self._server.wait_closed()
            self._server = None


class ThreadedMock:
    """The mock in a background thread with its own event loop (for tests and scripts).

    >>> with ThreadedMock(gateway) as mock:
    ...     OpenAI(base_url=mock.url, api_key="sk-test")
    """

    def __init__(self, gateway: Gateway, host: str = "127.0.0.1", port: int = 0, chunk_delay_ms: float = 0.0):
        self.server = MockServer(gateway, host, port, chunk_delay_ms)
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> "ThreadedMock":
        self._thread = threading.Thread(target=self._run, name="gateway-docs-mock", daemon=True)
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        self.loop = new_event_loop()
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self.server.start())
        except BaseException as e:  # e.g. the port is taken: re-raised in start()
            self._error = e
            self._ready.set()
            return
        self._ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.server.stop())
        self.loop.close()

    def stop(self) -> None:
        if self.loop is not None and self._thread is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)

    def __enter__(self) -> "ThreadedMock":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
