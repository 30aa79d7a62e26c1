"""Fakes and fixtures for the auth tests: a settable clock and an in-process OAuth server + API.

The tests run in pytest's importlib mode, where sibling modules cannot be imported, so
the fakes live here and reach the tests as fixtures.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from beatkit.auth import Token

# Every credential in these tests contains this marker, so a leak check is one
# substring search.
SECRET = "s3cr3t"
CLIENT_SECRET = f"client-{SECRET}-value"
TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"
CDN = "https://cdn.example.com"
START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
GATE_SECONDS = 10.0


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeOAuth:
    """A token endpoint and an API on one MockTransport handler.

    The token endpoint issues ``at-s3cr3t-N`` / ``rt-s3cr3t-N`` pairs; the API
    answers 200 to a currently valid access token and 401 otherwise. Queue
    canned token endpoint answers in ``token_replies``.
    """

    def __init__(self, *, expires_in: int | None = 3600, delay: float = 0.0) -> None:
        self.expires_in = expires_in
        self.delay = delay
        self.token_requests: list[dict[str, str]] = []
        self.token_headers: list[httpx.Headers] = []
        self.token_timeouts: list[object] = []
        # The token endpoint answers only once the API has had this many calls
        # (bounded by GATE_SECONDS), so every caller is waiting on the refresh.
        self.token_gate = 0
        self.api_auth: list[str | None] = []
        self.cdn_auth: list[str | None] = []
        self.valid_access: set[str] = set()
        self.valid_refresh: set[str] = set()
        self.token_replies: deque[httpx.Response] = deque()
        self.extra_fields: dict[str, Any] = {}
        self.include_refresh_token = True
        self._issued = 0
        self._guard = threading.Lock()

    # -- helpers for tests -------------------------------------------------------

    def seed(self, *, expires_at: datetime | None, refresh: bool = True) -> Token:
        """Issue a token directly (as a past login would have) and return it."""
        with self._guard:
            self._issued += 1
            n = self._issued
        access, refresh_token = f"at-{SECRET}-{n}", f"rt-{SECRET}-{n}"
        self.valid_access.add(access)
        if refresh:
            self.valid_refresh.add(refresh_token)
        return Token(
            access_token=access,
            refresh_token=refresh_token if refresh else None,
            expires_at=expires_at,
            obtained_at=None if expires_at is None else expires_at - timedelta(hours=1),
        )

    def grants(self, grant_type: str) -> int:
        return sum(1 for form in self.token_requests if form.get("grant_type") == grant_type)

    # -- the handlers ------------------------------------------------------------

    def _gate_open(self) -> bool:
        with self._guard:
            return len(self.api_auth) >= self.token_gate

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com" or request.url.path == "/oauth/token":
            self.token_timeouts.append(request.extensions.get("timeout"))
            if self.delay:
                time.sleep(self.delay)  # widen the race window for thread tests
            deadline = time.monotonic() + GATE_SECONDS
            while not self._gate_open() and time.monotonic() < deadline:
                time.sleep(0.001)
            return self._token(request)
        return self._resource(request)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com" or request.url.path == "/oauth/token":
            self.token_timeouts.append(request.extensions.get("timeout"))
            if self.delay:
                await asyncio.sleep(self.delay)
            deadline = time.monotonic() + GATE_SECONDS
            while not self._gate_open() and time.monotonic() < deadline:
                await asyncio.sleep(0.001)
            return self._token(request)
        await asyncio.sleep(0)
        return self._resource(request)

    def _resource(self, request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization")
        if request.url.host == "cdn.example.com":
            self.cdn_auth.append(auth)
            return httpx.Response(200, content=b"segment")
        with self._guard:
            self.api_auth.append(auth)
        if auth is None or not auth.startswith("Bearer "):
            return httpx.Response(401, json={"detail": "Authentication required."})
        if auth.removeprefix("Bearer ") not in self.valid_access:
            return httpx.Response(401, json={"detail": "Invalid token."})
        return httpx.Response(200, json={"ok": True})

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        with self._guard:
            self.token_requests.append(form)
            self.token_headers.append(request.headers)
            if self.token_replies:
                return self.token_replies.popleft()
            grant = form.get("grant_type")
            if grant == "refresh_token":
                if form.get("refresh_token") not in self.valid_refresh:
                    return httpx.Response(
                        400,
                        json={"error": "invalid_grant", "error_description": "Token expired."},
                    )
                # Rotation: the old refresh token and access tokens stop working.
                self.valid_refresh.discard(form["refresh_token"])
            self._issued += 1
            n = self._issued
        body: dict[str, Any] = {
            "access_token": f"at-{SECRET}-{n}",
            "token_type": "Bearer",
            **self.extra_fields,
        }
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        if self.include_refresh_token:
            body["refresh_token"] = f"rt-{SECRET}-{n}"
            self.valid_refresh.add(body["refresh_token"])
        self.valid_access.add(body["access_token"])
        return httpx.Response(200, json=body)

    def revoke_all_access(self) -> None:
        self.valid_access.clear()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server() -> FakeOAuth:
    return FakeOAuth()
