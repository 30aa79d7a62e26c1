"""FakeBeatport's constructor refuses arguments of the wrong type with its own clear
``TypeError``/``ValueError``, before any data is generated, as the other fakes do
(``check_text`` for their keys and tokens).

Before: ``cdn_url=123`` raised httpx's ``Invalid type for url``, ``username=b"dj"`` a bare
``a bytes-like object is required``, and ``client_id=5``, ``password=5`` or
``require_auth="no"`` were taken, giving a fake whose every token request is
``invalid_client``, whose every login is refused, or which wants tokens it was told not to.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.testing.beatport import FakeBeatport


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cdn_url": 123}, "cdn_url must be a str, got int"),
        ({"cdn_url": httpx.URL("https://cdn.test")}, "cdn_url must be a str, got URL"),
        ({"client_id": 5}, "client_id must be a str, got int"),
        ({"client_id": None}, "client_id must be a str, got NoneType"),
        ({"username": b"dj@example.com"}, "username must be a str, got bytes"),
        ({"password": 5}, "password must be a str, got int"),
        ({"require_auth": "no"}, "require_auth must be a bool, got str"),
        ({"require_auth": 0}, "require_auth must be a bool, got int"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_type_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError) as info:
        FakeBeatport(**kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("client_id", ""),
        ("client_id", "  "),
        ("username", ""),
        ("password", " "),
        ("cdn_url", ""),
        ("cdn_url", "https://needle drop.test"),
        ("cdn_url", " https://needledrop.test"),
        ("cdn_url", "https://needledrop.test/\n"),
        ("cdn_url", "ftp://needledrop.test"),
        ("cdn_url", "needledrop.test"),
        ("cdn_url", "https://api.beatport.com/cdn"),
        ("cdn_url", "https://[::1"),
    ],
)
def test_a_value_that_cannot_work_is_a_value_error(name: str, value: str) -> None:
    said = "cdn_url " if name == "cdn_url" else "client_id, username and password must be non-"
    with pytest.raises(ValueError, match=f"^{said}") as info:
        FakeBeatport(**{name: value})
    assert not isinstance(info.value, TypeError)
    assert type(info.value) is ValueError  # not httpx.InvalidURL or another subclass


def test_good_values_still_make_a_working_fake(tmp_path: Any) -> None:
    fake = FakeBeatport(
        cdn_url="https://cdn.example.test/media",
        client_id="my-client",
        username="someone",
        password="pass word",
        require_auth=False,
    )
    http = httpx.Client(transport=fake.transport())
    with Beatport("my-client", http_client=http, requests_per_second=None) as bp:
        bp.auth.login("someone", "pass word")
        bp.tracks.save_stream(8291700, tmp_path / "t.aac")
    assert (tmp_path / "t.aac").read_bytes() == fake.stream_plaintext(8291700)
    assert fake.leaked_authorization == []
