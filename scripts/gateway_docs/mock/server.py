"""A lean HTTP/1.1 server for the mock gateway: asyncio.Protocol + httptools (+ uvloop when installed).

Why not a framework: the mock must beat Prism by 3x with full request validation on a 2-core machine, so the whole
request path is one parser callback chain and one ``transport.write`` per reply. Keep-alive and pipelining are
supported (replies go out in request order); SSE streams use chunked transfer encoding, ending right after the last
event so clients that read to the end of the body never hang.

Run as a shared service, every connection's cost is bounded (:class:`Limits`, the ``gateway-docs mock`` flags):
timeouts for a request's head and body, for an idle keep-alive connection and for a client that leaves replies
unread; caps on the head's size, its number of headers and the request line; back-pressure on pipelined requests (at
most ``max_pipeline`` queued, then the socket is not read until replies drain) and on replies (nothing more is
written or dispatched while the transport's write buffer is above its high-water mark); a cap on connections; and a
graceful stop that lets in-flight requests and streams finish. Timeouts are checked by one sweeper task every
``Limits.tick`` (a quarter of the shortest timeout, at most 1 s) rather than a timer per request; the sweeper also
publishes each phase's deadline as of its tick (``MockServer.header_at`` ...: tick time + one tick + the timeout), so
the request path copies one attribute instead of reading the clock. A timeout T therefore fires after T to T + 2 ticks.
"""
from __future__ import annotations

import asyncio
import collections
import threading
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Callable, Optional

import httptools

from .app import CORS_HEADERS, Gateway, Reply, error_body

try:  # uvloop is a dependency, but the server works (slower) without it
    import uvloop
except ImportError:  # pragma: no cover
    uvloop = None  # type: ignore[assignment]

_REASONS = {s.value: s.phrase.encode() for s in HTTPStatus}
_TIMEOUT_HOLD = 120.0  # x-mock-fault: timeout holds the request this long (or until the client gives up)
_INF = float("inf")
# a closing connection: how long the rest of a refused request is read and dropped (so the client gets the error
# reply rather than a reset), and how long a graceful close may wait for a client that does not read to flush
_LINGER = 2.0
_WRITE_HIGH = 64 * 1024  # the transport's write buffer above this: pause replies (asyncio's default, made explicit)
_SLICE = 64 * 1024  # parse at most this much of one read before checking back-pressure
_SLICE_QUEUED = 4 * 1024  # ... and this much while requests are already queued

# a connection's phase: waiting for a request (nothing of it received); reading its head; reading its body; answering
# it (nothing more to read); dropping what arrives (a refused request whose error waits behind earlier replies);
# closing (error sent and lingering, or a graceful close flushing)
_IDLE, _HEAD, _BODY, _ANSWER, _DISCARD, _CLOSING = range(6)


@dataclass(frozen=True)
class Limits:
    """What one client may cost the server. The defaults are the documented ones (README, "Running the mock as a
    service"); each is a ``gateway-docs mock`` flag with the same name (``header_timeout`` -> ``--header-timeout``)."""

    header_timeout: float = 10.0  # s for a request line and headers (a new connection's first request: from accept)
    keepalive_timeout: float = 15.0  # s an idle keep-alive connection is kept between requests
    body_timeout: float = 30.0  # s for the whole body once the headers are in
    send_timeout: float = 30.0  # s a client may leave the write buffer full (not reading replies) before it is dropped
    max_header_bytes: int = 16 * 1024  # request line + header lines; more -> 431 and close
    max_headers: int = 100  # header fields; more -> 431 and close
    max_request_line: int = 8 * 1024  # method, target and version; more -> 414 and close
    max_pipeline: int = 16  # complete requests queued behind the one being answered; then the socket is not read
    max_connections: int = 10_000  # open connections; past it, new ones get 503 and are closed
    shutdown_grace: float = 10.0  # s in-flight requests and streams get to finish on SIGTERM/SIGINT

    def check(self) -> None:
        """Raise ValueError naming the first field out of range."""
        for name in ("header_timeout", "keepalive_timeout", "body_timeout", "send_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"--{name.replace('_', '-')} must be a positive number of seconds")
        if self.shutdown_grace < 0:
            raise ValueError("--shutdown-grace must not be negative")
        for name in ("max_header_bytes", "max_headers", "max_request_line", "max_pipeline", "max_connections"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name.replace('_', '-')} must be a positive integer")

    @property
    def tick(self) -> float:
        """How often the sweeper checks deadlines: a quarter of the shortest timeout, between 50 ms and 1 s."""
        shortest = min(self.header_timeout, self.keepalive_timeout, self.body_timeout, self.send_timeout)
        return min(max(shortest / 4, 0.05), 1.0)


class _Reject(Exception):
    """Raised from a parser callback to stop parsing and answer ``status`` (then close)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class _Stop(Exception):
    """Raised from a parser callback to stop parsing: the connection is closing, what follows is not read."""


_CODES = {408: "request_timeout", 413: "request_too_large", 414: "request_line_too_long",
          431: "request_headers_too_large", 503: "server_overloaded"}


def new_event_loop() -> asyncio.AbstractEventLoop:
    return uvloop.new_event_loop() if uvloop is not None else asyncio.new_event_loop()


# a parsed request: method, url, headers, body, error to answer instead (status, message) or None, keep-alive
_Request = tuple[str, str, dict[str, str], bytes, Optional[tuple[int, str]], bool]


class _Connection(asyncio.Protocol):
    # slots: attribute access on the request path stays fast (a plain instance dict of this many keys is slower)
    __slots__ = ("server", "gateway", "limits", "clock", "parser", "transport", "pending", "busy", "task", "phase",
                 "deadline", "write_deadline", "write_paused", "writable", "held", "parsing", "served", "begins",
                 "head_bytes", "_line_check", "_head_budget", "_max_pipeline", "url", "headers",
                 "body", "size", "too_large", "head_left", "n_headers")

    def __init__(self, server: "MockServer"):
        self.server = server
        self.gateway: Gateway = server.gateway
        self.limits: Limits = server.limits
        self.clock: Callable[[], float] = server.clock
        self.parser = httptools.HttpRequestParser(self)
        self.transport: Any = None  # an asyncio.Transport (uvloop's or asyncio's)
        self.pending: collections.deque[_Request] = collections.deque()
        self.busy = False  # a reply is being produced by self.task (delay, slow stream, fault)
        self.task: asyncio.Task[None] | None = None
        self.phase = _IDLE
        self.deadline = _INF  # when the current phase times out (loop time)
        self.write_deadline = _INF  # while the write buffer is full: when the client is dropped
        self.write_paused = False
        self.writable: asyncio.Future[None] | None = None  # a stream waiting for the write buffer to drain
        self.held: list[bytes] | None = None  # reading is paused (back-pressure): data not parsed yet
        self.parsing = False
        self.served = False  # a request was read on this connection
        self.begins = 0  # requests begun in the slice being parsed
        self.head_bytes = 0  # bytes of the current head seen by the raw guard (see _parse)
        self._line_check = self.limits.max_request_line - 64  # past this URL length, measure the request line
        self._head_budget = self.limits.max_header_bytes - 14  # "GET " + " HTTP/1.1\r\n" + the blank line, about
        self._max_pipeline = self.limits.max_pipeline
        # the current request
        self.url = b""
        self.headers: dict[str, str] = {}
        self.body: list[bytes] = []
        self.size = 0
        self.too_large = False
        self.head_left = self._head_budget  # bytes the target and header lines may still take
        self.n_headers = 0

    # -- asyncio.Protocol ------------------------------------------------------------------------------------------
    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        server = self.server
        transport.set_write_buffer_limits(_WRITE_HIGH)
        if server.draining:
            transport.abort()
            return
        full = len(server.connections) >= self.limits.max_connections
        server.connections.add(self)
        if full:  # refuse cleanly: a 503 the client can read, then close (lingering, so it is not lost to a reset)
            self._send_error(503, f"Too many connections: the mock serves at most {self.limits.max_connections} at "
                                  "once (--max-connections); retry later", "server_error", [("retry-after", "1")])
            return
        self.deadline = server.header_at

    def connection_lost(self, exc: Exception | None) -> None:
        server = self.server
        server.connections.discard(self)
        if server.draining and not server.connections:
            server.emptied.set()
        if self.task is not None:
            self.task.cancel()
        if self.writable is not None and not self.writable.done():
            self.writable.cancel()
        self.pending.clear()
        self.held = None
        self.phase = _CLOSING
        self.transport = None

    def pause_writing(self) -> None:
        self.write_paused = True
        self.write_deadline = self.clock() + self.limits.send_timeout

    def resume_writing(self) -> None:
        self.write_paused = False
        self.write_deadline = _INF
        if self.writable is not None:
            if not self.writable.done():
                self.writable.set_result(None)
            self.writable = None
        if not self.busy:
            self._drain()

    def data_received(self, data: bytes) -> None:
        if self.phase >= _DISCARD:
            return
        if self.held is not None:  # reading is paused; a read already under way still lands here
            self.held.append(data)
            return
        if self.pending or len(data) > _SLICE:
            self._feed(data)
            return
        self._parse(data)  # the common case, kept short: nothing queued, one small read
        if self.pending and len(self.pending) >= self._max_pipeline and self.phase < _DISCARD:
            self._hold(b"")

    # -- reading: parsing with back-pressure and head limits -------------------------------------------------------
    def _feed(self, data: bytes) -> None:
        """Big reads and reads behind queued requests: a slice at a time, so at most a slice's worth of requests
        is parsed past the ``max_pipeline`` cap."""
        size = len(data)
        self.parsing = True
        try:
            view, pos = memoryview(data), 0
            while pos < size and self.phase < _DISCARD:
                end = pos + (_SLICE_QUEUED if self.pending else _SLICE)
                self._parse(view[pos:end])
                pos = end
                if len(self.pending) >= self._max_pipeline and pos < size and self.phase < _DISCARD:
                    self._hold(bytes(view[pos:]))
                    return
        finally:
            self.parsing = False
        if len(self.pending) >= self._max_pipeline and self.phase < _DISCARD and self.held is None:
            self._hold(b"")

    def _parse(self, data: bytes | memoryview) -> None:
        start, self.begins = self.phase, 0
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(400, "Protocol upgrades are not supported")
            return
        except httptools.HttpParserError as e:
            cause = e.__context__
            if isinstance(cause, _Reject):
                self._fail(cause.status, cause.message)
            else:
                self._fail(400, f"Malformed HTTP request: {e}")
            return
        if self.phase == _HEAD:
            # httptools buffers a header line until it is complete, so one huge line would grow without the callbacks
            # seeing it: count the raw bytes of slices that were all head (the slice a head began in counts only when
            # the head began at its start, since where a previous request ended inside a slice is unknown)
            if (self.begins == 0) if start == _HEAD else (self.begins == 1 and start != _BODY):
                self.head_bytes += len(data)
                if self.head_bytes > self.limits.max_header_bytes:
                    self._fail(431, self._head_message())

    def _hold(self, rest: bytes) -> None:
        """Stop reading until replies drain (``max_pipeline`` requests queued)."""
        self.held = [rest] if rest else []
        self.deadline = _INF  # the client is not slow: we are not reading
        self.transport.pause_reading()

    def _drain(self) -> None:
        """Answer queued requests while nothing is in the way; then read again; then, if idle, start keep-alive."""
        while self.pending and not self.busy and not self.write_paused and self.phase < _CLOSING:
            self._dispatch(self.pending.popleft())
        if self.phase >= _CLOSING or self.parsing:
            return
        if self.held is not None and not self.write_paused and len(self.pending) < self._max_pipeline:
            data = b"".join(self.held)
            self.held = None
            self.transport.resume_reading()
            if self.phase == _HEAD:
                self.deadline = self.server.header_at
            elif self.phase == _BODY:
                self.deadline = self.server.body_at
            if data:
                self._feed(data)  # sliced, and held again if it fills the queue
        if self.phase == _ANSWER and not (self.busy or self.pending or self.write_paused) and self.held is None:
            self.phase = _IDLE
            self.deadline = self.server.keepalive_at

    def _head_message(self) -> str:
        return (f"Request header fields too large: the request line and headers are limited to "
                f"{self.limits.max_header_bytes} bytes (--max-header-bytes)")

    # -- httptools callbacks ---------------------------------------------------------------------------------------
    def on_message_begin(self) -> None:
        if self.phase >= _DISCARD:  # e.g. pipelined after a request that closes the connection: not read
            raise _Stop
        if self.served:  # a later request on a keep-alive connection; the first one's clock runs from accept
            self.deadline = self.server.header_at
        self.phase = _HEAD
        self.begins += 1
        self.head_bytes = 0
        self.url = b""
        self.headers = {}
        self.body = []
        self.size = 0
        self.too_large = False
        self.head_left = self._head_budget
        self.n_headers = 0

    def on_url(self, url: bytes) -> None:
        self.url += url
        if len(self.url) > self._line_check:
            line = len(self.parser.get_method()) + len(self.url) + 11  # "M target HTTP/1.1\r\n"
            if line > self.limits.max_request_line:
                raise _Reject(414, f"Request line too long: the limit is {self.limits.max_request_line} bytes "
                                   "(--max-request-line)")

    def on_header(self, name: bytes, value: bytes) -> None:
        # the size is checked line by line; the count once the head is in (the size limit bounds it meanwhile)
        self.head_left -= len(name) + len(value) + 4
        self.n_headers += 1
        if self.head_left < len(self.url):
            raise _Reject(431, self._head_message())
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        if self.n_headers > self.limits.max_headers:
            raise _Reject(431, f"Too many header fields: the limit is {self.limits.max_headers} (--max-headers)")
        self.phase = _BODY
        self.deadline = self.server.body_at
        length = self.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.gateway.opts.max_body:
            self.too_large = True
        if self.headers.get("expect", "").lower() == "100-continue":
            if self.too_large:  # answer now: the client will not send the body at all
                raise _Reject(413, self._too_large_message())
            if not (self.busy or self.pending):  # never ahead of an earlier reply (the client sends after a wait)
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
        self.served = True
        request = (self.parser.get_method().decode(), self.url.decode("latin-1"), self.headers, b"".join(self.body),
                   (413, self._too_large_message()) if self.too_large else None, self.parser.should_keep_alive())
        if self.busy or self.pending or self.write_paused:  # behind another reply: queued, no read timeout meanwhile
            self.phase, self.deadline = _ANSWER, _INF
            self.pending.append(request)
            return
        self.phase = _ANSWER
        self._dispatch(request)
        if self.phase == _ANSWER:
            if self.busy or self.write_paused:  # a slow reply, or one the client has not read yet
                self.deadline = _INF
            else:  # answered and sent: idle again
                self.phase, self.deadline = _IDLE, self.server.keepalive_at

    # -- timeouts, errors, closing ---------------------------------------------------------------------------------
    def expire(self, now: float) -> None:
        """Called by the sweeper when a deadline has passed."""
        if self.write_deadline <= now or self.phase >= _DISCARD:  # not reading replies; or closing for too long
            self._close(abort=True)
        elif self.phase == _IDLE:  # nothing of a request received: close without a word (as nginx does)
            self._close()
        elif self.phase == _HEAD:
            self._fail(408, f"Request timeout: the request line and headers did not arrive within "
                            f"{self.limits.header_timeout:g} s (--header-timeout)")
        elif self.phase == _BODY:
            self._fail(408, f"Request timeout: the body did not arrive within {self.limits.body_timeout:g} s "
                            "(--body-timeout)")
        else:
            self.deadline = _INF

    def _fail(self, status: int, message: str) -> None:
        """A request that cannot be read on: answer ``status`` after the replies before it, then close."""
        if self.phase >= _DISCARD or self.transport is None:
            return
        if self.held is not None:
            self.held = None
            self.transport.resume_reading()  # read and drop from now on
        if self.busy or self.pending or self.write_paused:
            self.pending.append(("", "", {}, b"", (status, message), False))
            self.phase, self.deadline = _DISCARD, _INF
            return
        self._send_error(status, message)

    def _send_error(self, status: int, message: str, type_: str = "invalid_request_error",
                    headers: list[tuple[str, str]] | None = None) -> None:
        """An error reply with ``connection: close``, then a lingering close (the rest of the request is dropped)."""
        if self.transport is None or self.phase == _CLOSING:
            return
        if self.held is not None:  # reading was paused: read again (and drop), so the client's FIN is seen
            self.held = None
            self.transport.resume_reading()
        # CORS too: the browser's try-it console must see a 413 or 431 as that error, not as a network failure
        reply = Reply(status, error_body(message, type_, None, _CODES.get(status, "invalid_request")),
                      headers=[*(headers or []), *CORS_HEADERS])
        lines = self._headers(reply, False)
        lines.append(b"content-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(reply.body))
        lines.append(reply.body)
        self.transport.write(b"".join(lines))
        self.phase, self.deadline = _CLOSING, self.clock() + _LINGER
        if self.transport.can_write_eof():
            self.transport.write_eof()  # the client sees the end of the reply; its FIN (eof_received) closes
        else:  # pragma: no cover
            self.transport.close()

    def _close(self, abort: bool = False) -> None:
        if self.transport is None:
            return
        if abort:
            self.transport.abort()
        elif self.phase != _CLOSING:
            self.phase, self.deadline = _CLOSING, self.clock() + _LINGER  # a client not reading: abort then
            self.transport.close()

    def shut_down(self) -> None:
        """The server is stopping: close now if idle; otherwise after the reply in progress (which says so)."""
        if self.phase == _IDLE and not self.busy and not self.pending:
            self._close()

    # -- replies ---------------------------------------------------------------------------------------------------
    def _too_large_message(self) -> str:
        return f"Request body too large: the limit is {self.gateway.opts.max_body} bytes (--max-body)"

    def _dispatch(self, request: _Request) -> None:
        method, url, headers, body, refused, keep_alive = request
        if refused is not None:
            self._send_error(*refused)
            return
        reply = self.gateway.handle(method, url, headers, body)
        head_only = method == "HEAD"
        if reply.delay <= 0 and reply.action is None and not (reply.frames and self.server.chunk_delay(headers)):
            self._write(reply, keep_alive, head_only)
            return
        self.busy = True
        self.task = asyncio.get_running_loop().create_task(self._slow(reply, keep_alive, head_only, headers))

    async def _slow(self, reply: Reply, keep_alive: bool, head_only: bool, headers: dict[str, str]) -> None:
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
                keep_alive = self._write_head(reply, keep_alive)
                for frame in reply.frames:
                    await asyncio.sleep(pause)
                    if self.write_paused:  # the client is not reading: wait (--send-timeout drops it)
                        self.writable = asyncio.get_running_loop().create_future()
                        await self.writable
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
        self._drain()

    def _headers(self, reply: Reply, keep_alive: bool) -> list[bytes]:
        lines = [b"HTTP/1.1 %d %b\r\n" % (reply.status, _REASONS.get(reply.status, b"Unknown")),
                 b"x-request-id: " + self.gateway.request_id().encode() + b"\r\nserver: gateway-docs-mock\r\n"]
        for name, value in reply.headers:
            lines.append(f"{name}: {value}\r\n".encode("latin-1"))
        if not keep_alive:
            lines.append(b"connection: close\r\n")
        return lines

    def _write_head(self, reply: Reply, keep_alive: bool) -> bool:
        """The head of an SSE stream; returns whether the connection stays open after it."""
        keep_alive = keep_alive and not self.server.draining
        lines = self._headers(reply, keep_alive)
        lines.append(b"content-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n"
                     b"transfer-encoding: chunked\r\n\r\n")
        self.transport.write(b"".join(lines))
        return keep_alive

    def _finish_stream(self, reply: Reply, keep_alive: bool) -> None:
        if reply.action == "cut":  # x-mock-fault: drop on a stream: half the events, then a dead connection
            self._close(abort=True)
            return
        self.transport.write(b"0\r\n\r\n")
        if not keep_alive or self.server.draining:
            self._close()

    def _write(self, reply: Reply, keep_alive: bool, head_only: bool = False) -> None:
        if self.transport is None:
            return
        if reply.frames is not None:
            frames = reply.frames[: max(1, len(reply.frames) // 2)] if reply.action == "cut" else reply.frames
            keep_alive = self._write_head(reply, keep_alive)
            self.transport.write(b"".join(b"%x\r\n%b\r\n" % (len(f), f) for f in frames))
            self._finish_stream(reply, keep_alive)
            return
        keep_alive = keep_alive and not self.server.draining
        lines = self._headers(reply, keep_alive)
        lines.append(b"content-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(reply.body))
        if not head_only:
            lines.append(reply.body)
        self.transport.write(b"".join(lines))
        if not keep_alive:
            self._close()


class MockServer:
    """The listening socket and its connections. ``await start()``, ``url``, ``await stop(grace)``."""

    def __init__(self, gateway: Gateway, host: str = "127.0.0.1", port: int = 8080, chunk_delay_ms: float = 0.0,
                 limits: Limits | None = None):
        self.gateway, self.host, self.port = gateway, host, port
        self.default_chunk_delay = chunk_delay_ms / 1000.0
        self.limits = limits or Limits()
        self.connections: set[_Connection] = set()
        self.draining = False  # stop() has begun: replies say connection: close, idle connections are closed
        self.emptied = asyncio.Event()
        self.clock: Callable[[], float] = lambda: 0.0
        # deadlines for a phase starting now, refreshed by the sweeper every tick (never early: one tick is added)
        self.header_at = self.body_at = self.keepalive_at = _INF
        self._server: asyncio.AbstractServer | None = None
        self._sweeper: asyncio.Task[None] | None = None

    def chunk_delay(self, headers: dict[str, str]) -> float:
        raw = headers.get("x-mock-chunk-delay-ms")
        if raw is None:
            return self.default_chunk_delay
        try:
            return min(max(float(raw), 0.0), 10_000.0) / 1000.0
        except ValueError:
            return self.default_chunk_delay

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.clock = loop.time
        self._stamp()
        self.emptied = asyncio.Event()
        self._server = await loop.create_server(lambda: _Connection(self), self.host, self.port, backlog=1024,
                                                reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]
        self._sweeper = loop.create_task(self._sweep())

    def _stamp(self) -> None:
        limits = self.limits
        base = self.clock() + limits.tick
        self.header_at = base + limits.header_timeout
        self.body_at = base + limits.body_timeout
        self.keepalive_at = base + limits.keepalive_timeout

    async def _sweep(self) -> None:
        tick = self.limits.tick
        while True:
            await asyncio.sleep(tick)
            self._stamp()
            now = self.clock()
            for conn in [c for c in self.connections if c.deadline <= now or c.write_deadline <= now]:
                conn.expire(now)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    async def stop(self, grace: float = 0.0) -> None:
        """Stop accepting; close idle connections; let requests and streams in flight finish for up to ``grace``
        seconds (their replies carry ``connection: close``); then drop what is left."""
        if self._server is None:
            return
        self.draining = True
        self._server.close()
        for conn in list(self.connections):
            conn.shut_down()
        if grace > 0 and self.connections:
            try:
                await asyncio.wait_for(self.emptied.wait(), grace)
            except asyncio.TimeoutError:
                pass
        for conn in list(self.connections):
            if conn.phase != _CLOSING or grace > 0:  # graceful closes started above may still flush when grace=0
                conn._close(abort=True)
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        await self._server.wait_closed()
        self._server = None

    def abort_all(self) -> None:
        """A second SIGTERM/SIGINT while draining: drop every connection now."""
        for conn in list(self.connections):
            conn._close(abort=True)


class ThreadedMock:
    """The mock in a background thread with its own event loop (for tests and scripts).

    >>> with ThreadedMock(gateway) as mock:
    ...     OpenAI(base_url=mock.url, api_key="sk-test")
    """

    def __init__(self, gateway: Gateway, host: str = "127.0.0.1", port: int = 0, chunk_delay_ms: float = 0.0,
                 limits: Limits | None = None):
        self.server = MockServer(gateway, host, port, chunk_delay_ms, limits)
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

    def __exit__(self, *exc: object) -> None:
        self.stop()
