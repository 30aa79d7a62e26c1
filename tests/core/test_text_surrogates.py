"""Text arguments holding a lone surrogate (text decoded with ``surrogateescape``, such as
``os.environ`` or ``sys.argv`` on a non-UTF-8 system): refused by ``check_text`` naming
the argument, before anything is sent.

Form bodies (token requests) and the authorization URL were encoded by ``urllib``,
whose bare ``UnicodeEncodeError`` came out of ``login`` and ``authorization_url``
with the whole value, a password included, in its ``object`` attribute (found by
fuzzing the public methods).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from beatkit._core.validate import check_text
from beatkit.beatport import Beatport
from beatkit.beattech import BeatTech

SECRET = "hunter2\ud800sekret"


@pytest.mark.parametrize("value", ["\ud800", "caf\udce9", "x\udfff"])
def test_check_text_refuses_a_lone_surrogate(value: str) -> None:
    with pytest.raises(ValueError, match=r"^name holds a lone surrogate") as info:
        check_text("name", value)
    assert type(info.value) is ValueError  # not a UnicodeEncodeError carrying the text
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_check_text_message_does_not_show_the_text() -> None:
    with pytest.raises(ValueError, match=r"^password holds") as info:
        check_text("password", SECRET)
    assert "hunter2" not in str(info.value) and "sekret" not in str(info.value)


def test_check_text_keeps_any_other_text() -> None:
    for text in ["café", "日本", "😀", "a\nb", "\ufffd"]:
        assert check_text("name", text) == text


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def http(sent: list[httpx.Request]) -> Iterator[httpx.Client]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        yield client


BT_LOGINS: list[tuple[str, Callable[[BeatTech], Any]]] = [
    ("password", lambda bt: bt.auth.login("user@example.com", SECRET)),
    ("username", lambda bt: bt.auth.login(SECRET, "pw")),
    ("scope", lambda bt: bt.auth.login("user@example.com", "pw", scope=SECRET)),
    ("msisdn_signature", lambda bt: bt.auth.login_signed_msisdn("4712345678", SECRET)),
    ("handle", lambda bt: bt.auth.login_openid_handle(SECRET)),
    ("access_token", lambda bt: bt.auth.clone_token(SECRET)),
]


@pytest.mark.parametrize(("name", "call"), BT_LOGINS, ids=[n for n, _ in BT_LOGINS])
def test_a_beattech_login_refuses_a_lone_surrogate_before_sending(
    http: httpx.Client, sent: list[httpx.Request], name: str, call: Callable[[BeatTech], Any]
) -> None:
    bt = BeatTech("test", client_id="a", client_secret="b", http_client=http)
    with bt, pytest.raises(ValueError, match=rf"^{name} holds a lone surrogate") as info:
        call(bt)
    assert type(info.value) is ValueError
    assert "hunter2" not in str(info.value)
    assert sent == []


@pytest.mark.parametrize("name", ["password", "username"])
def test_a_beatport_login_refuses_a_lone_surrogate_before_sending(
    http: httpx.Client, sent: list[httpx.Request], name: str
) -> None:
    args = {"username": "dj", "password": "pw", name: SECRET}
    bp = Beatport("client-id", http_client=http)
    with bp, pytest.raises(ValueError, match=rf"^{name} holds a lone surrogate") as info:
        bp.auth.login(**args)
    assert type(info.value) is ValueError
    assert "hunter2" not in str(info.value)
    assert sent == []


@pytest.mark.parametrize("name", ["redirect_uri", "scope"])
def test_an_authorization_url_refuses_a_lone_surrogate(name: str) -> None:
    args = {"redirect_uri": "https://app.example/cb", name: "x\ud800"}
    bp = Beatport("client-id")
    with bp, pytest.raises(ValueError, match=rf"^{name} holds a lone surrogate") as info:
        bp.auth.authorization_url(**args)
    assert type(info.value) is ValueError
