"""Slow and idle clients against `recoupe serve` itself, over real sockets on 127.0.0.1 (issue 16, item 11): a
request whose headers or body do not arrive in time is answered 408 and closed, connections beyond the cap get
503, a refused request (no token) is answered before its body is sent, and none of it fills the log with
tracebacks. Counts and waits are small and bounded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "limits-test-token-0123456789"
HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.0
MAX_CONNECTIONS = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("limits")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    log_path = folder / "serve.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "recoupe.cli", "serve", "--db", str(folder / "limits.db"), "--port", str(port),
         "--token", TOKEN, "--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT),
         "--max-connections", str(MAX_CONNECTIONS)],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while True:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/stories",
                                         headers={"authorization": f"Bearer {TOKEN}"})
            urllib.request.urlopen(req, timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"recoupe serve did not start: {log_path.read_text()}")
            time.sleep(0.2)
    yield {"port": port, "log": log_path}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    return s


def _answer(s: socket.socket, within: float) -> bytes:
    """What the server sends before closing or within `within` seconds (b"" if it closed without a word)."""
    s.settimeout(within)
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                break
    except TimeoutError:
        return b"<still open>" + data
    return data


def _get(port: int, path: str = "/api/stories") -> bytes:
    s = _connect(port)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
              "Connection: close\r\n\r\n".encode())
    out = _answer(s, 5)
    s.close()
    return out


def test_requests_whose_headers_never_finish_are_closed(server):
    sockets = []
    for _ in range(30):
        s = _connect(server["port"])
        s.sendall(b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
        sockets.append(s)
    started = time.monotonic()
    answers = [_answer(s, HEADER_TIMEOUT + 4 - (time.monotonic() - started)) for s in sockets]
    for s in sockets:
        s.close()
    still_open = [a for a in answers if a.startswith(b"<still open>")]
    assert not still_open, f"{len(still_open)} of 30 half-sent requests still open after {HEADER_TIMEOUT + 4} s"
    assert all(a == b"" or a.startswith(b"HTTP/1.1 408") for a in answers)
    assert _get(server["port"]).startswith(b"HTTP/1.1 200")


def test_a_body_that_stalls_is_answered_408(server):
    s = _connect(server["port"])
    s.sendall(f"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
              "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n[{\"title\": \"x\"".encode())
    answer = _answer(s, BODY_TIMEOUT + 5)
    s.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]


def test_the_token_is_checked_before_the_body_is_read(server):
    s = _connect(server["port"])
    t0 = time.monotonic()
    s.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"X-Requested-With: test\r\nContent-Length: 50000000\r\n\r\n")  # no token, and no body sent
    answer = _answer(s, 3)
    s.close()
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert time.monotonic() - t0 < BODY_TIMEOUT + 0.5  # refused at once, not after waiting for the body


def test_connections_beyond_the_cap_get_503_and_the_log_stays_clean(server):
    idle = []
    for _ in range(MAX_CONNECTIONS + 5):
        s = _connect(server["port"])
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # idle, headers unfinished
        idle.append(s)
    time.sleep(0.3)
    assert _get(server["port"]).startswith(b"HTTP/1.1 503")
    for s in idle:
        s.close()
    time.sleep(HEADER_TIMEOUT + 0.5)
    assert _get(server["port"]).startswith(b"HTTP/1.1 200")
    log = server["log"].read_text()
    assert "Traceback" not in log, log[-3000:]
