"""A small Beat Technology server on httpx.MockTransport, for the client's tests.

The full fake (``beatkit.testing.beattech``) is built elsewhere; this one holds the
token endpoint (all nine grants, with the page's answers) and lets each test
answer the API paths it calls. It records every request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

TENANT = "test"
HOST = "api.prod.test.beat.no"
BASE = f"https://{HOST}/v2"
CLIENT_ID = "cid-1"
CLIENT_SECRET = "csecret-TOPSECRET-9"
USER_ID = "28392"
USERNAME = "user@example.com"
PASSWORD = "pw-TOPSECRET-1"

Responder = Callable[[httpx.Request], httpx.Response]


class FakeBeat:
    """The token endpoint of a tenant plus whatever API paths a test answers.

    Tokens: ``app-N`` (client credentials, no refresh token), ``user-N`` with
    ``refresh-N`` (user grants). Answers follow the page: the password grant's
    carries ``user_id``, a refresh answer none (L1107-1131).

    Attributes:
        forms: The form of every token request, in order.
        api: Every API request (not the token endpoint), in order.
        valid: The access tokens the API accepts.
        refresh_sends_refresh_token: Whether a refresh answer carries a new
            refresh token (the page says it is optional).
        token_replies: Canned token endpoint answers, used first.
    """

    tenant = TENANT
    host = HOST
    base = BASE
    client_id = CLIENT_ID
    client_secret = CLIENT_SECRET
    user_id = USER_ID
    username = USERNAME
    password = PASSWORD

    def __init__(self) -> None:
        self.forms: list[dict[str, str]] = []
        self.api: list[httpx.Request] = []
        self.authorizations: list[str | None] = []
        self.valid: set[str] = set()
        self.refresh: dict[str, str | None] = {}
        self.expires_in: int = 3600
        self.refresh_sends_refresh_token = True
        self.token_replies: list[httpx.Response] = []
        self.responders: dict[tuple[str, str], Responder] = {}
        self._issued = 0
        self._lock = threading.Lock()

    # -- set-up ------------------------------------------------------------------------

    def on(self, method: str, path: str, responder: Responder | httpx.Response) -> None:
        """Answer ``method path`` (``"/v2/..."``) with ``responder``."""
        if isinstance(responder, httpx.Response):
            canned = responder

            def answer(_: httpx.Request) -> httpx.Response:
                return httpx.Response(
                    canned.status_code, headers=canned.headers, content=canned.content
                )

            self.responders[(method, path)] = answer
        else:
            self.responders[(method, path)] = responder

    def bearer(self, request: httpx.Request) -> str | None:
        value = request.headers.get("authorization")
        return value.removeprefix("Bearer ") if value and value.startswith("Bearer ") else value

    def tokens_seen(self) -> list[str | None]:
        """The ``Authorization`` of every API request as it arrived, in order."""
        return list(self.authorizations)

    def grants(self) -> list[str]:
        return [form.get("grant_type", "?") for form in self.forms]

    # -- the handler -------------------------------------------------------------------

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v2/oauth2/token":
            return self._token(request)
        with self._lock:
            self.api.append(request)
            # Read now: a replayed request is the same object, signed again.
            self.authorizations.append(request.headers.get("authorization"))
        responder = self.responders.get((request.method, request.url.path))
        if responder is None:
            return httpx.Response(
                404, json={"error": "error_not_found", "error_description": "Not found"}
            )
        return responder(request)

    @staticmethod
    def ranged(
        request: httpx.Request, key: str, unit: str, items: list[Any], default: int = 20
    ) -> httpx.Response:
        """A Range list: the default window without ``Range``, else the one asked for; 416
        past the end."""
        header = request.headers.get("range")
        if header is None:
            first, last = 0, default - 1
        else:
            asked_unit, _, span = header.partition("=")
            assert asked_unit == unit, header
            first, last = (int(part) for part in span.split("-"))
            if first >= len(items) and items:
                return httpx.Response(416, headers={"Content-Range": f"{unit} */{len(items)}"})
        return httpx.Response(
            206,
            json={key: items[first : last + 1]},
            headers={"Content-Range": f"{unit} {first}-{last}/{len(items)}", "Accept-Ranges": unit},
        )

    @staticmethod
    def json(request: httpx.Request) -> Any:
        return json.loads(request.content)

    def _issue(self, kind: str) -> tuple[str, str]:
        with self._lock:
            self._issued += 1
            n = self._issued
        token = f"{kind}-{n}"
        self.valid.add(token)
        return token, f"refresh-{n}"

    def _token(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        assert "authorization" not in request.headers
        form = dict(parse_qsl(request.content.decode()))
        self.forms.append(form)
        if self.token_replies:
            return self.token_replies.pop(0)
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        grant = form.get("grant_type")
        if grant == "client_credentials":
            token, _ = self._issue("app")
            return httpx.Response(
                200,
                json={"access_token": token, "expires_in": self.expires_in, "token_type": "bearer"},
            )
        if grant == "refresh_token":
            if form.get("refresh_token") not in self.refresh:
                return _oauth_error(400, "invalid_grant", "The refresh token is invalid")
            del self.refresh[form["refresh_token"]]
            token, refresh = self._issue("user")
            body: dict[str, Any] = {
                "access_token": token,
                "expires_in": self.expires_in,
                "token_type": "bearer",
                "scope": "",
            }
            if self.refresh_sends_refresh_token:
                body["refresh_token"] = refresh
                self.refresh[refresh] = None
            return httpx.Response(200, json=body)
        if grant == "password" and (form.get("username"), form.get("password")) != (
            USERNAME,
            PASSWORD,
        ):
            return _oauth_error(400, "invalid_grant", "Invalid username and password combination")
        token, refresh = self._issue("user")
        self.refresh[refresh] = USER_ID
        body = {
            "access_token": token,
            "expires_in": self.expires_in,
            "token_type": "Bearer",
            "refresh_token": refresh,
        }
        if grant != "account_user":
            body["user_id"] = USER_ID
        return httpx.Response(200, json=body)


def _oauth_error(status: int, code: str, description: str) -> httpx.Response:
    return httpx.Response(status, json={"error": code, "error_description": description})


@pytest.fixture
def beat() -> FakeBeat:
    return FakeBeat()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BEATTECH_TENANT", "BEATTECH_CLIENT_ID", "BEATTECH_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
