"""What the Beat Technology tests against pytest-httpx share: the page's base URL and
token answers (the walkthrough's user 28392, an app token), and readers of what was sent."""

from __future__ import annotations

import json
from typing import Any

import httpx
from pytest_httpx import HTTPXMock

BASE = "https://api.prod.fabel.beat.no/v2"
USER_TOKEN = {
    "access_token": "7924bef2b848a895",
    "expires_in": 3600,
    "token_type": "Bearer",
    "refresh_token": "b3aa9e0c635923",
    "user_id": "28392",
}
APP_TOKEN = {"access_token": "2YotnFZFEjr1zCsicMWpAA", "expires_in": 3600, "token_type": "bearer"}


def api(httpx_mock: HTTPXMock) -> list[httpx.Request]:
    """The API requests sent, in order (not the token endpoint)."""
    return [r for r in httpx_mock.get_requests() if not r.url.path.endswith("/oauth2/token")]


def sent(request: httpx.Request) -> Any:
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.content)
