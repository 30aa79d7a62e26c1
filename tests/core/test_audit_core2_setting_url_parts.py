"""A base URL's refusal names the part at fault; a port is ASCII digits or refused.

A lone surrogate anywhere in the URL was reported as "its host name is not a valid
(internationalized) host name", also when it sat in the path or the query. A port
written in full-width or other non-ASCII digits, or with a sign or a space
(``+80``, `` 80``), was read by httpx's ``int()`` and silently became port 80.
"""

from __future__ import annotations

import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.auth import ClientCredentialsAuth
from beatkit.errors import ConfigurationError

PARTS = {
    "https://api.example/v\ud800": "path",
    "https://api.example/v1?x=\ud800": "query",
    "https://u\ud800:p@api.example/v1": "user name or password",
    "https://a\ud800.example/v1": "host name",
}
PORTS = [
    "https://api.example:\uff18\uff10/v1",  # full-width 80
    "https://api.example:\u0668\u0660/v1",  # Arabic-Indic 80
    "https://api.example:+80/v1",
    "https://api.example: 80/v1",
    "https://api.example:80 /v1",
]


@pytest.mark.parametrize("cls", [BeatConnect, AsyncBeatConnect])
@pytest.mark.parametrize(("base", "part"), PARTS.items())
def test_a_lone_surrogate_is_named_where_it_is(cls: type, base: str, part: str) -> None:
    with pytest.raises(ConfigurationError, match=f"its {part}") as caught:
        cls("key", base_url=base)
    assert "surrogate" in str(caught.value)
    if part != "host name":
        assert "host name" not in str(caught.value)


@pytest.mark.parametrize("cls", [BeatConnect, AsyncBeatConnect])
@pytest.mark.parametrize("base", PORTS)
def test_a_port_not_in_ascii_digits_is_refused(cls: type, base: str) -> None:
    with pytest.raises(ConfigurationError, match="its port is not a number"):
        cls("key", base_url=base)


def test_a_token_url_port_not_in_ascii_digits_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="token_url cannot be used: its port"):
        ClientCredentialsAuth(
            "https://auth.example:\uff18\uff10/token", "cid", client_secret="s", hosts="x"
        )


@pytest.mark.parametrize(
    "base",
    [
        "https://api.example:8443/v1",
        "https://api.example:0443/v1",
        "https://api.example:/v1",
        "https://[::1]:8443/v1",
        "https://[::1]/v1",
        "https://u:p:x@api.example:443/v1",
    ],
)
def test_ascii_ports_and_no_port_still_work(base: str) -> None:
    with BeatConnect("key", base_url=base) as client:
        assert client.base_url.host in {"api.example", "::1"}
