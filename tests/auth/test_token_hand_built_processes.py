"""Four processes sharing one token file that holds a token built by hand (no
``obtained_at``: ``set_token(Token(access_token=..., refresh_token=...))``), whose token
goes stale in all of them at once, send one refresh between them: the refresh runs under
the token file's lock whatever ``obtained_at`` is, and the processes that waited take
the refreshed token from the file instead of sending the spent refresh token. Before,
the lock was taken only for a token with ``obtained_at``: every process sent the same
refresh token, one refresh succeeded and the other three got ``invalid_grant`` (logged
out until a new login).

Real processes (``sys.executable``), a real token endpoint on 127.0.0.1 that rotates
refresh tokens and holds the first refresh until a second one comes (or a short while
passes), so that without the lock the refreshes always overlap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

import beatkit
from beatkit.auth import FileTokenStore, Token

pytestmark = pytest.mark.skipif(
    sys.platform == "emscripten" or sys.platform == "wasi", reason="needs processes"
)

HOLD = 2.0
"""How long the token endpoint holds the first refresh, waiting for a second one."""
STARTUP = 60.0
"""How long the test waits for each child to start (import beatkit, build its manager)."""
RUN = 60.0
"""How long the test waits for each child to finish once told to go."""

_CHILD = r"""
import asyncio, json, sys, time
from pathlib import Path
import httpx
from beatkit.auth import FileTokenStore, RefreshingAuth

path, base, mode, ready, go = sys.argv[1:6]
auth = RefreshingAuth(
    base + "/token", "cid", store=FileTokenStore(path), hosts=["127.0.0.1"], service="svc"
)
Path(ready).touch()
deadline = time.monotonic() + 60.0
while not Path(go).exists() and time.monotonic() < deadline:
    time.sleep(0.005)
timeout = httpx.Timeout(20.0)

async def main():
    async with httpx.AsyncClient(auth=auth, timeout=timeout) as http:
        return (await http.get(base + "/me")).status_code

try:
    if mode == "sync":
        with httpx.Client(auth=auth, timeout=timeout) as http:
            status = http.get(base + "/me").status_code
    else:
        status = asyncio.run(main())
    print(json.dumps({"status": status}))
except Exception as exc:
    print(json.dumps({"error": type(exc).__name__, "code": getattr(exc, "code", None)}))
"""


class _RotatingServer:
    """A token endpoint that rotates refresh tokens, and an API that takes the current
    access token only. The first refresh is held until a second one comes, at most
    :data:`HOLD` seconds."""

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.refresh_token = "rt-0"
        self.access_token = "at-0"
        self.refreshes = 0
        self.refused = 0
        self.second = threading.Event()

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        with self.guard:
            self.refreshes += 1
            first = self.refreshes == 1
        if first:
            self.second.wait(HOLD)
        else:
            self.second.set()
        with self.guard:
            if form.get("grant_type") != "refresh_token" or (
                form.get("refresh_token") != self.refresh_token
            ):
                self.refused += 1
                return 400, {"error": "invalid_grant"}
            n = self.refreshes
            self.refresh_token, self.access_token = f"rt-{n}", f"at-{n}"
            return 200, {
                "access_token": self.access_token,
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": self.refresh_token,
            }

    def api(self, authorization: str | None) -> int:
        with self.guard:
            return 200 if authorization == f"Bearer {self.access_token}" else 401


def _handler(state: _RotatingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(parse_qsl(self.rfile.read(length).decode()))
            self._answer(*state.token(form))

        def do_GET(self) -> None:
            self._answer(state.api(self.headers.get("Authorization")), {})

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def rotating() -> Iterator[tuple[_RotatingServer, str]]:
    state = _RotatingServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def _hand_built_file(path: Path) -> None:
    FileTokenStore(path).save(
        Token(
            access_token="at-0",
            refresh_token="rt-0",
            expires_at=datetime.now(UTC) - timedelta(hours=1),
        )
    )


def _wait_for(paths: list[Path], limit: float) -> None:
    deadline = time.monotonic() + limit
    while not all(path.exists() for path in paths) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_four_processes_on_a_hand_built_token_send_one_refresh(
    rotating: tuple[_RotatingServer, str], tmp_path: Path
) -> None:
    state, base = rotating
    path = tmp_path / "token.json"
    _hand_built_file(path)
    loaded = FileTokenStore(path).load()
    assert loaded is not None and loaded.obtained_at is None
    go = tmp_path / "go"
    env = dict(os.environ)
    root = str(Path(beatkit.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    modes = ("sync", "async", "sync", "async")
    children = []
    readies = []
    try:
        for n, mode in enumerate(modes):
            ready = tmp_path / f"ready-{n}"
            readies.append(ready)
            children.append(
                subprocess.Popen(
                    [sys.executable, "-c", _CHILD, str(path), base, mode, str(ready), str(go)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                )
            )
        _wait_for(readies, STARTUP)
        go.touch()  # every process holds the same stale token, and goes at once
        outputs = [child.communicate(timeout=RUN) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.communicate(timeout=10)

    results = []
    for (out, err), child in zip(outputs, children, strict=True):
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert results == [{"status": 200}] * 4  # every process ends with a working token
    assert state.refreshes == 1  # one refresh request between the four processes
    assert state.refused == 0
    stored = FileTokenStore(path).load()
    assert stored is not None and stored.access_token == state.access_token
