"""A base URL with a fragment is refused when the client is made.

A fragment is never sent, so it meant nothing on API calls, but it was carried into
every URL built on the base: the Beatport login's authorize URL was then refused with
"the authorization endpoint URL must not have a fragment", blaming a URL the user
never set. The refusal names ``base_url`` and does not quote the fragment.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beatconnect import AsyncBeatConnect, BeatConnect
from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import ConfigurationError

BASES = {
    "beatport": "https://api.beatport.com/v4#sekret",
    "beatpass": "https://api.beatpass.example/api/v1#sekret",
    "beatconnect": "https://api.beatconnect.example/v1#sekret",
    "beattech": "https://api.beattech.example/v2#sekret",
}


def build(cls: type, service: str) -> object:
    base = BASES[service]
    if service == "beatport":
        return cls("cid", token="t", base_url=base)
    if service == "beattech":
        return cls(base_url=base, client_id="cid", client_secret="cs")
    if service == "beatconnect":
        return cls("key", base_url=base)
    return cls(token="t", base_url=base)


@pytest.mark.parametrize(
    ("cls", "service"),
    [
        (Beatport, "beatport"),
        (AsyncBeatport, "beatport"),
        (BeatPass, "beatpass"),
        (AsyncBeatPass, "beatpass"),
        (BeatConnect, "beatconnect"),
        (AsyncBeatConnect, "beatconnect"),
        (BeatTech, "beattech"),
        (AsyncBeatTech, "beattech"),
    ],
)
def test_a_base_url_with_a_fragment_is_refused(cls: type, service: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url") as info:
        build(cls, service)
    assert "sekret" not in str(info.value)


def test_an_empty_fragment_is_refused_too() -> None:
    with pytest.raises(ConfigurationError, match="fragment"):
        Beatport("cid", token="t", base_url="https://api.beatport.com/v4#")


def test_a_base_url_without_a_fragment_still_works() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"id": 1, "name": "House"})

    with Beatport(
        "cid",
        token="t",
        base_url="https://api.beatport.com/v4",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    ) as bp:
        bp.genres.get(1)
    assert seen == ["https://api.beatport.com/v4/catalog/genres/1/"]
