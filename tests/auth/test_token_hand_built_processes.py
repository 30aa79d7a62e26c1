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
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import beatkit
import tests.auth.test_token_store_processes as shared
from beatkit.auth import FileTokenStore, Token
from tests.auth.test_token_store_processes import (  # the same child and rotating endpoint
    _CHILD,
    RUN,
    STARTUP,
    _RotatingServer,
    _wait_for,
)

rotating = shared.rotating  # the fixture, as that file's tests use it

pytestmark = pytest.mark.skipif(
    sys.platform == "emscripten" or sys.platform == "wasi", reason="needs processes"
)


def _hand_built_file(path: Path) -> None:
    FileTokenStore(path).save(
        Token(
            access_token="at-0",
            refresh_token="rt-0",
            expires_at=datetime.now(UTC) - timedelta(hours=1),
        )
    )


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
