"""The mock gateway as a shared service, driven as a hostile client would: idle and slow connections, huge heads,
a pipelining flood, unread streams, a connection flood, SIGTERM mid-stream, and the bad bodies that already got a
400. Each case uses raw sockets against the real server (a ``gateway-docs mock`` subprocess with short timeouts),
bounds the growth of the process's memory (its peak RSS over the case: VmHWM after resetting it, minus VmRSS
before), and checks that a normal request is answered afterwards."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway_docs.mock import Limits, build_gateway, configure, limits_from, running
from gateway_docs.mock.server import MockServer, _Connection

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
MB = 1024 * 1024
CHAT = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}).encode()
STREAM = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
                     "stream": True}).encode()
# the shared server's timeouts: short, and distinct so each test can tell which one closed the connection
HEADER_T, KEEPALIVE_T, BODY_T, SEND_T = 1.0, 1.5, 1.0, 2.5
TICK = 0.25  # Limits.tick for these timeouts
# a timeout T ends a connection after T to T + 2 ticks (deadlines are stamped per tick, checked per tick); allow more
# on a machine others share, where the sweeper can be late. The lower bounds (never early) are exact.
LATE = 2 * TICK + 1.5
GROWTH: dict[str, float] = {}  # case -> peak memory growth (MB), printed at the end (pytest -s)
pytestmark = pytest.mark.xdist_group("mock-limits")


def post(path: str, body: bytes, extra: str = "", close: bool = False) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer sk-test\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}"
            f"{'Connection: close' + chr(13) + chr(10) if close else ''}\r\n").encode() + body


class Mock:
    """``gateway-docs mock --port 0 ARGS`` in a subprocess, with its memory and sockets observable via /proc."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "gateway_docs", "mock", "--port", "0", *args], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        if not line.startswith("gateway-docs mock: listening on "):
            self.proc.kill()
            raise AssertionError(f"mock did not start: {line!r} {self.proc.communicate()[1]}")
        url = urllib.parse.urlsplit(line.split()[-1])
        self.addr = (url.hostname or "127.0.0.1", url.port or 0)
        self.pid = self.proc.pid

    def _status(self, key: str) -> int:
        """A /proc/PID/status field in kB."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        raise KeyError(key)

    def rss_mb(self) -> float:
        return self._status("VmRSS") / 1024

    def sockets(self) -> int:
        """How many client connections the server process holds open (its sockets on its port, bar the listener)."""
        inodes = set()
        for fd in os.listdir(f"/proc/{self.pid}/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/{self.pid}/fd/{fd}")
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
        count = 0
        for table in ("tcp", "tcp6"):
            with contextlib.suppress(OSError), open(f"/proc/{self.pid}/net/{table}") as f:
                for row in f.readlines()[1:]:
                    local, state, inode = row.split()[1], row.split()[3], row.split()[9]
                    count += int(local.rsplit(":", 1)[1], 16) == self.addr[1] and state != "0A" and inode in inodes
        return count

    def settle(self, timeout: float = 3.0) -> int:
        """Wait (up to ``timeout``) for the server to hold no client connection; returns how many it holds."""
        end = time.monotonic() + timeout
        while (count := self.sockets()) and time.monotonic() < end:
            time.sleep(0.05)
        return count

    @contextlib.contextmanager
    def bounded(self, case: str, limit_mb: float) -> Iterator[None]:
        """The peak RSS during the block may exceed the RSS before it by less than ``limit_mb``."""
        before = self.rss_mb()
        with open(f"/proc/{self.pid}/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM (the peak) to the current RSS
        yield
        growth = self._status("VmHWM") / 1024 - before
        GROWTH[case] = growth
        assert growth < limit_mb, f"{case}: memory grew by {growth:.1f} MB (limit {limit_mb} MB)"

    def connect(self, timeout: float = 10.0) -> socket.socket:
        return socket.create_connection(self.addr, timeout=timeout)

    def assert_serves(self) -> None:
        """A normal request on a new connection gets a normal answer."""
        with self.connect() as s:
            s.sendall(post("/v1/chat/completions", CHAT, close=True))
            status, _, body = read_response(s)
        assert status == 200 and json.loads(body)["object"] == "chat.completion"

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.communicate()
        return self.proc.returncode


def read_head(s: socket.socket, buf: bytearray) -> tuple[int, dict[str, str]]:
    while b"\r\n\r\n" not in buf:
        data = s.recv(65536)
        if not data:
            raise EOFError(f"connection closed before a response head: {bytes(buf[:200])!r}")
        buf += data
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    buf[:] = rest
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers


def read_response(s: socket.socket, buf: bytearray | None = None) -> tuple[int, dict[str, str], bytes]:
    """One response (content-length or chunked) from a raw socket."""
    buf = bytearray() if buf is None else buf
    status, headers = read_head(s, buf)
    if headers.get("transfer-encoding") == "chunked":
        end = b"0\r\n\r\n"
        while end not in buf:  # our streams never contain this inside a chunk (events end in "\n\n")
            data = s.recv(65536)
            if not data:
                raise EOFError("stream cut before its last chunk")
            buf += data
        body, _, rest = bytes(buf).partition(end)
        buf[:] = rest
        return status, headers, body
    length = int(headers.get("content-length", 0))
    while len(buf) < length:
        data = s.recv(65536)
        if not data:
            raise EOFError("connection closed inside a body")
        buf += data
    body = bytes(buf[:length])
    del buf[:length]
    return status, headers, body


def closed_by_server(s: socket.socket, timeout: float) -> bytes:
    """Read until the server closes (EOF or reset) within ``timeout``; returns what arrived before."""
    s.settimeout(timeout)
    out = b""
    try:
        while data := s.recv(65536):
            out += data
    except ConnectionResetError:
        pass
    return out


def envelope(body: bytes) -> dict[str, Any]:
    err: dict[str, Any] = json.loads(body)["error"]
    assert set(err) == {"message", "type", "param", "code"}
    return err


def _send_all(s: socket.socket, chunks: Iterator[bytes], sent: list[int]) -> None:
    """Write until done or until the server stops taking data (a thread, so the test can read meanwhile)."""
    try:
        for chunk in chunks:
            s.sendall(chunk)
            sent[0] += len(chunk)
    except OSError:  # reset or broken pipe once the server has answered and closed
        pass


@pytest.fixture(scope="module")
def mock() -> Iterator[Mock]:
    server = Mock("--header-timeout", str(HEADER_T), "--keepalive-timeout", str(KEEPALIVE_T), "--body-timeout",
                  str(BODY_T), "--send-timeout", str(SEND_T))
    yield server
    code = server.stop()
    if GROWTH:
        print("\npeak memory growth per case: " + ", ".join(f"{k} {v:.1f} MB" for k, v in GROWTH.items()))
    assert code == 0


# -- defaults and flags --------------------------------------------------------------------------------------------
DOCUMENTED = {"header_timeout": 10.0, "keepalive_timeout": 15.0, "body_timeout": 30.0, "send_timeout": 30.0,
              "max_header_bytes": 16384, "max_headers": 100, "max_request_line": 8192, "max_pipeline": 16,
              "max_connections": 10_000, "shutdown_grace": 10.0}


def test_defaults_are_the_documented_ones_in_flags_help_and_docs() -> None:
    assert dataclasses.asdict(Limits()) == DOCUMENTED
    parser = argparse.ArgumentParser()
    configure(parser)
    assert limits_from(parser.parse_args([])) == Limits()
    help_text = " ".join(parser.format_help().split())
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running the mock as a service", 1)[1].split("\n## ", 1)[0]
    guide = (ROOT / "docs" / "mock-gateway.md").read_text()
    for name, value in DOCUMENTED.items():
        flag = "--" + name.replace("_", "-")
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        assert re.search(re.escape(flag) + r" [A-Z]+ .*?\(default: " + re.escape(shown) + r"\b", help_text), flag
        for doc in (section, guide):  # a table row: | `--flag` | default | ...
            assert re.search(r"\| `" + re.escape(flag) + r"[^|]*\| " + re.escape(shown) + r"\b", doc), (flag, doc[:80])
    tweaked = limits_from(parser.parse_args(["--header-timeout", "2.5", "--max-pipeline", "4"]))
    assert (tweaked.header_timeout, tweaked.max_pipeline, tweaked.tick) == (2.5, 4, 0.625)
    for bad in (["--header-timeout", "0"], ["--max-headers", "0"], ["--shutdown-grace", "-1"]):
        with pytest.raises(Exception, match=bad[0]) as raised:  # UsageError: a message, no traceback
            limits_from(parser.parse_args(bad))
        assert type(raised.value).__name__ == "UsageError"


# -- timeouts ------------------------------------------------------------------------------------------------------
def test_idle_connections_are_closed_after_the_header_timeout(mock: Mock) -> None:
    assert mock.settle() == 0
    with mock.bounded("200 idle connections", 16):
        conns = [mock.connect() for _ in range(200)]
        start = time.monotonic()
        deadline = start + 0.2
        while mock.sockets() < 200 and time.monotonic() < deadline + 2:
            time.sleep(0.05)
        assert mock.sockets() == 200  # all accepted and held
        time.sleep(max(start + 0.6 * HEADER_T - time.monotonic(), 0))
        for s in conns:  # none closed early: nothing to read yet, and no EOF
            s.setblocking(False)
            with pytest.raises(BlockingIOError):
                s.recv(1)
            s.setblocking(True)
        for s in conns:
            left = start + HEADER_T + LATE - time.monotonic()
            assert closed_by_server(s, max(left, 0.01)) == b""  # closed without a word, in time
        elapsed = time.monotonic() - start
    assert HEADER_T - 0.1 <= elapsed <= HEADER_T + LATE
    for s in conns:
        s.close()
    assert mock.settle(0.5) == 0
    mock.assert_serves()


def test_idle_keep_alive_connection_is_closed_after_the_keepalive_timeout(mock: Mock) -> None:
    with mock.connect() as s:
        buf = bytearray()
        for _ in range(4):  # requests 0.6 s apart over 1.8 s (> the keep-alive timeout): each restarts its clock
            s.sendall(post("/v1/chat/completions", CHAT))
            status, headers, _ = read_response(s, buf)
            assert status == 200 and "connection" not in headers
            time.sleep(0.6)
        start = time.monotonic() - 0.6
        assert closed_by_server(s, KEEPALIVE_T + LATE) == b""
        elapsed = time.monotonic() - start
    assert KEEPALIVE_T - 0.1 <= elapsed <= KEEPALIVE_T + LATE
    mock.assert_serves()


def _trickle(s: socket.socket, first: bytes, piece: bytes, every: float, stop: threading.Event) -> None:
    try:
        s.sendall(first)
        while not stop.wait(every):
            s.sendall(piece)
    except OSError:
        pass


@pytest.mark.parametrize("case", ["headers", "body"])
def test_slow_clients_get_408_and_are_closed(mock: Mock, case: str) -> None:
    """Slowloris: one header line (or one body byte) every 0.3 s is cut off at the header (body) timeout."""
    if case == "headers":
        first, piece, limit = b"POST /v1/chat/completions HTTP/1.1\r\nHost: mock\r\n", b"X-Slow: 1\r\n", HEADER_T
    else:
        first, piece, limit = post("/v1/chat/completions", CHAT)[:-len(CHAT)], CHAT[:1], BODY_T
    stop = threading.Event()
    with mock.bounded(f"slow {case}", 16), mock.connect() as s:
        start = time.monotonic()
        sender = threading.Thread(target=_trickle, args=(s, first, piece, 0.3, stop), daemon=True)
        sender.start()
        try:
            status, headers, body = read_response(s)
            elapsed = time.monotonic() - start
            rest = closed_by_server(s, 3.0)
        finally:
            stop.set()
            sender.join(5)
    err = envelope(body)
    assert status == 408 and headers["connection"] == "close" and err["code"] == "request_timeout"
    assert f"--{case[:4]}" in err["message"]  # --header-timeout or --body-timeout
    assert limit - 0.1 <= elapsed <= limit + LATE and rest == b""
    mock.assert_serves()


def test_a_request_timing_out_behind_a_slow_reply_is_answered_in_order(mock: Mock) -> None:
    """The 408 for a stalled pipelined request waits for the reply before it (here delayed 1.6 s)."""
    with mock.connect() as s:
        s.sendall(post("/v1/chat/completions", CHAT, "X-Mock-Latency-Ms: 1600\r\n")
                  + b"GET /v1/models HTTP/1.1\r\nHost: mock\r\n")  # ... and the rest of this head never comes
        buf = bytearray()
        first, second = read_response(s, buf), read_response(s, buf)
        rest = closed_by_server(s, 3.0)
    assert first[0] == 200 and json.loads(first[2])["object"] == "chat.completion"
    assert second[0] == 408 and envelope(second[2])["code"] == "request_timeout" and rest == b""


# -- head limits ---------------------------------------------------------------------------------------------------
def _pad_lines(total: int) -> Iterator[bytes]:
    line = b"X-Pad: " + b"a" * 8000 + b"\r\n"
    block = line * (MB // len(line))
    for _ in range(total // len(block)):
        yield block


def _one_line(total: int) -> Iterator[bytes]:
    yield b"X-Huge: "
    block = b"a" * MB
    for _ in range(total // MB):
        yield block


@pytest.mark.parametrize("shape", ["many lines", "one line"])
def test_64_mb_header_block_gets_431_with_bounded_memory(mock: Mock, shape: str) -> None:
    chunks = _pad_lines(64 * MB) if shape == "many lines" else _one_line(64 * MB)
    sent = [0]
    with mock.bounded(f"64 MB of headers ({shape})", 16), mock.connect() as s:
        s.sendall(b"GET /v1/models HTTP/1.1\r\nHost: mock\r\n")
        sender = threading.Thread(target=_send_all, args=(s, chunks, sent), daemon=True)
        sender.start()
        status, headers, body = read_response(s)
        rest = closed_by_server(s, 5.0)
        sender.join(10)
    err = envelope(body)
    assert status == 431 and headers["connection"] == "close" and err["code"] == "request_headers_too_large"
    assert "16384 bytes (--max-header-bytes)" in err["message"] and rest == b""
    mock.assert_serves()


def test_request_line_and_header_count_limits(mock: Mock) -> None:
    def ask(raw: bytes) -> tuple[int, dict[str, str], bytes]:
        with mock.connect() as s:
            s.sendall(raw)
            return read_response(s)

    status, headers, body = ask(b"GET /v1/models?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: mock\r\n\r\n")
    assert status == 414 and headers["connection"] == "close"
    assert envelope(body)["code"] == "request_line_too_long" and "8192" in envelope(body)["message"]
    many = b"".join(b"X-H%d: 1\r\n" % i for i in range(101))
    status, _, body = ask(b"GET /v1/models HTTP/1.1\r\nHost: mock\r\n" + many + b"\r\n")
    assert status == 431 and "the limit is 100 (--max-headers)" in envelope(body)["message"]
    # just inside every limit: answered normally
    line = b"GET /v1/models?q=" + b"a" * 8000 + b" HTTP/1.1\r\n"
    fields = b"".join(b"X-H%02d: %b\r\n" % (i, b"v" * 70) for i in range(98))
    status, _, body = ask(line + b"Host: mock\r\nConnection: close\r\n" + fields + b"\r\n")
    assert len(line + fields) < 16384 and status == 200 and json.loads(body)["object"] == "list"
    # a body announced too large with Expect: 100-continue is refused before it is sent
    status, headers, body = ask(b"POST /v1/chat/completions HTTP/1.1\r\nHost: mock\r\nExpect: 100-continue\r\n"
                                b"Content-Length: 5000000\r\n\r\n")
    assert status == 413 and headers["connection"] == "close" and envelope(body)["code"] == "request_too_large"
    # what is pipelined after a request that closes the connection is not read
    with mock.connect() as s:
        s.sendall(post("/v1/chat/completions", CHAT, close=True) + post("/v1/chat/completions", CHAT))
        assert closed_by_server(s, 3.0).count(b"HTTP/1.1 ") == 1
    mock.assert_serves()


# -- back-pressure -------------------------------------------------------------------------------------------------
def test_pipelining_flood_is_pushed_back_not_buffered(mock: Mock) -> None:
    """50,000 pipelined requests written without reading: the server stops reading once replies stop draining;
    memory stays bounded, and every request is answered once the client reads."""
    n = 50_000
    request = b"GET /v1/models HTTP/1.1\r\nHost: mock\r\nX-Pad: " + b"p" * 256 + b"\r\n\r\n"  # 15 MB in all:
    sent = [0]  # more than the kernel's socket buffers hold, so a server that stops reading holds the writer up
    with mock.bounded("pipelining flood", 32), mock.connect(timeout=30) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
        sender = threading.Thread(target=_send_all, args=(s, iter([request * 1000] * (n // 1000)), sent), daemon=True)
        sender.start()
        time.sleep(1.0)  # not reading: the server's write buffer fills, then it stops reading
        stalled_at = sent[0]
        answered, tail, marker = 0, b"", b"HTTP/1.1 200 OK\r\n"
        while answered < n and (data := s.recv(1 << 20)):
            chunk = tail + data
            answered += chunk.count(marker)
            tail = chunk[1 - len(marker):]
        sender.join(10)
    assert answered == n and sent[0] == n * len(request)
    assert stalled_at < sent[0]  # the writer was held up until replies were read: back-pressure reached the client
    mock.assert_serves()


def test_unread_streams_are_paused_then_dropped_after_the_send_timeout(mock: Mock) -> None:
    assert mock.settle() == 0
    with mock.bounded("unread SSE streams", 32), mock.connect() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        streams = post("/v1/chat/completions", STREAM) * 100  # 3,000 streams, about 10 MB of replies
        sender = threading.Thread(target=_send_all, args=(s, iter([streams] * 30), [0]), daemon=True)
        sender.start()
        start = time.monotonic()
        while mock.sockets() == 0 and time.monotonic() - start < 5:  # accepted (a busy server may take a moment)
            time.sleep(0.02)
        while mock.sockets() > 0 and time.monotonic() - start < SEND_T + LATE + 4:
            time.sleep(0.1)
        elapsed = time.monotonic() - start
        sender.join(5)
    assert mock.sockets() == 0, "the server still holds the connection of a client that stopped reading"
    assert SEND_T - 0.1 <= elapsed <= SEND_T + LATE + 4
    mock.assert_serves()


class _FakeTransport:
    """Records writes; the test plays the event loop's part in pause_writing/resume_writing."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def set_write_buffer_limits(self, high: int) -> None:
        pass

    def close(self) -> None:
        pass

    abort = pause_reading = resume_reading = write_eof = close

    def can_write_eof(self) -> bool:
        return True


def test_a_slow_stream_waits_while_the_write_buffer_is_full() -> None:
    """A stream written event by event (x-mock-chunk-delay-ms) stops at the transport's high-water mark
    (pause_writing) and carries on when it drains (resume_writing), instead of buffering the rest."""
    gateway = build_gateway()

    async def scenario() -> None:
        server = MockServer(gateway)
        server.clock = asyncio.get_running_loop().time
        reference, whole = _Connection(server), _FakeTransport()  # the same stream at once: how many events it has
        reference.connection_made(whole)
        reference.data_received(post("/v1/chat/completions", STREAM))
        events = b"".join(whole.writes).count(b"data: ")
        conn, transport = _Connection(server), _FakeTransport()
        conn.connection_made(transport)
        conn.data_received(post("/v1/chat/completions", STREAM, "X-Mock-Chunk-Delay-Ms: 5\r\n"))
        while len(transport.writes) < 3:  # the head and two events
            await asyncio.sleep(0.005)
        conn.pause_writing()
        written = len(transport.writes)
        await asyncio.sleep(0.2)  # 40 event delays: the whole stream, had it not waited
        assert len(transport.writes) == written
        conn.resume_writing()
        for _ in range(200):
            if transport.writes[-1] == b"0\r\n\r\n":
                break
            await asyncio.sleep(0.01)
        assert events > 3 and b"".join(transport.writes).count(b"data: ") == events
        assert transport.writes[-1] == b"0\r\n\r\n"

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()


# -- bad bodies (already a 400; must stay so) ----------------------------------------------------------------------
def test_hostile_bodies_get_a_400_and_the_server_carries_on(mock: Mock) -> None:
    cases = {
        "deep nesting": b'{"model": "gpt-4o-mini", "messages": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "100,000-digit integer": b'{"model": "gpt-4o-mini", "n": ' + b"7" * 100_000 + b"}",
        "invalid UTF-8": b'{"model": "gpt-4o-mini\xff\xfe", "messages": []}',
        "NUL character": b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "a\x00b"}]}',
        "1e999": b'{"model": "gpt-4o-mini", "messages": [], "temperature": 1e999}',
    }
    with mock.bounded("hostile bodies", 16):
        for name, body in cases.items():
            with mock.connect() as s:
                s.sendall(post("/v1/chat/completions", body, close=True))
                status, _, payload = read_response(s)
            err = envelope(payload)
            assert status == 400 and err["code"] == "invalid_json", (name, err)
            assert err["message"].startswith("We could not parse the JSON body of your request: "), (name, err)
            mock.assert_serves()


# -- connection cap and shutdown -----------------------------------------------------------------------------------
def test_connections_past_the_cap_are_refused_cleanly() -> None:
    server = Mock("--max-connections", "20", "--header-timeout", "5")
    try:
        held = [server.connect() for _ in range(20)]
        time.sleep(0.2)
        with server.connect() as s:  # the 21st: a 503 it can read, then the server closes
            s.sendall(post("/v1/chat/completions", CHAT))
            status, headers, body = read_response(s)
            assert closed_by_server(s, 3.0) == b""
        err = envelope(body)
        assert status == 503 and headers["connection"] == "close" and headers["retry-after"] == "1"
        assert err["code"] == "server_overloaded" and "--max-connections" in err["message"]
        for s in held[:5]:
            s.close()
        time.sleep(0.2)
        server.assert_serves()
        for s in held[5:]:
            s.close()
    finally:
        assert server.stop() == 0


def _stream_until_first_chunk(server: Mock, delay_ms: int) -> tuple[socket.socket, bytearray]:
    s = server.connect()
    s.sendall(post("/v1/chat/completions", STREAM, f"X-Mock-Chunk-Delay-Ms: {delay_ms}\r\n"))
    buf = bytearray()
    status, headers = read_head(s, buf)
    assert status == 200 and headers["transfer-encoding"] == "chunked"
    while not buf:
        buf += s.recv(65536)
    return s, buf


def test_sigterm_drains_in_flight_streams_then_exits_0() -> None:
    server = Mock("--shutdown-grace", "10")
    try:
        idle = server.connect()
        idle.sendall(post("/v1/chat/completions", CHAT))
        assert read_response(idle)[0] == 200
        with server.connect() as s:  # the same stream at once: how many events it has (answers are deterministic)
            s.sendall(post("/v1/chat/completions", STREAM, close=True))
            events = read_response(s)[2].count(b"data: ")
        stream, buf = _stream_until_first_chunk(server, 150)  # 150 ms per event: 1.5-2 s
        start = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        assert closed_by_server(idle, 1.0) == b""  # idle keep-alive connections are closed at once
        time.sleep(0.1)
        with pytest.raises(ConnectionRefusedError):  # no longer accepting
            server.connect(timeout=1)
        buf += closed_by_server(stream, 5.0)  # the stream runs to its end, then the server closes
        assert events > 3 and buf.endswith(b"data: [DONE]\n\n\r\n0\r\n\r\n") and buf.count(b"data: ") == events
        assert server.proc.wait(10) == 0 and time.monotonic() - start < 6  # the rest of the stream, then exit
        assert re.search(r"stopping; \d+ open connection\(s\) get up to 10 s to finish", server.proc.communicate()[1])
    finally:
        server.stop()


def test_sigterm_grace_period_bounds_the_wait() -> None:
    server = Mock("--shutdown-grace", "0.5")
    try:
        stream, buf = _stream_until_first_chunk(server, 400)  # 400 ms per event: far past the grace period
        start = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(5) == 0
        assert 0.4 <= time.monotonic() - start < 3.0
        buf += closed_by_server(stream, 2.0)
        assert not buf.endswith(b"0\r\n\r\n")  # cut off: the grace period was over
    finally:
        server.stop()


def test_server_level_errors_carry_cors_headers() -> None:
    """A reply the server sends itself (431 here) carries the allow-origin header, as app.py's replies do, so a
    browser page (the try-it console) can read the error instead of seeing a network failure."""
    with running(port=0, limits=Limits(max_header_bytes=1024)) as mock:
        host, port = mock.url.split("//")[1].split("/")[0].split(":")
        with socket.create_connection((host, int(port)), timeout=5) as s:
            s.sendall(b"GET /v1/models HTTP/1.1\r\nHost: x\r\nOrigin: http://127.0.0.1:8000\r\nX-Big: " + b"a" * 4096
                      + b"\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    head = data.split(b"\r\n\r\n")[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 431") and "access-control-allow-origin: *" in head
