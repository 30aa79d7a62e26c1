"""A login answer whose ``user_id`` is not an id (``true``, ``5.5``, ``[5]``, ``""``) is
not taken for "no user id": the error that a call without ``user_id`` raises names the
malformed value's type, and a well-formed one (text or integer) is read as before."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import ConfigurationError


def _client(user_id: Any, *, send: bool = True) -> BeatTech:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            answer: dict[str, Any] = {
                "access_token": "user-1",
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": "refresh-1",
            }
            if send:
                answer["user_id"] = user_id
            return httpx.Response(200, json=answer)
        return httpx.Response(200, json={"user": {"id": request.url.path.rsplit("/", 1)[1]}})

    return BeatTech(
        "test",
        client_id="cid",
        client_secret="csecret",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


@pytest.mark.parametrize(
    ("value", "kind"),
    [(True, "bool"), (5.5, "float"), ([5], "list"), ("", "str"), ({"id": 5}, "dict")],
)
def test_a_malformed_user_id_in_the_login_answer_is_named(value: Any, kind: str) -> None:
    with _client(value) as bt:
        bt.auth.login("user@example.com", "pw")
        with pytest.raises(ConfigurationError, match=rf"user_id.*not an id \({kind}\)"):
            bt.users.get()
        assert bt.users.get("7").id == "7"  # an explicit id still works


def test_a_login_answer_without_user_id_keeps_its_message() -> None:
    with _client(None, send=False) as bt:
        bt.auth.login("user@example.com", "pw")
        with pytest.raises(ConfigurationError, match="no logged-in user whose id beatkit knows"):
            bt.users.get()


@pytest.mark.parametrize("value", ["28392", 28392])
def test_a_well_formed_user_id_is_read(value: Any) -> None:
    with _client(value) as bt:
        bt.auth.login("user@example.com", "pw")
        assert bt.users.get().id == "28392"
