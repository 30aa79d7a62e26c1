"""Credentials holding a lone surrogate (text decoded with ``surrogateescape``, as
``os.environ`` and ``sys.argv`` are on a system whose locale is not UTF-8) are a
``ConfigurationError`` from the constructor that never shows them.

``lcp_credentials=("u", "p\\ud800")`` escaped as a raw ``UnicodeEncodeError`` from the
``BeatTech(...)`` constructor, whose ``object`` held the whole ``user:password`` text.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.auth import LcpBasicAuth, PartnerAuth
from beatkit.errors import ConfigurationError

SECRET = "PASSWORD-9"


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and every exception it carries as its cause or context."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _shows_nothing(error: BaseException, *secrets: str) -> None:
    for link in _chain(error):
        assert not isinstance(link, UnicodeError)
        for secret in secrets:
            assert secret not in str(link)
            assert secret not in repr(link)


CREDENTIALS = [
    ("lcp-user", SECRET + "\ud800"),
    ("lcp-user\udcff", SECRET),
    ("\udc80", "\udfff" + SECRET),
]
IDS = ["password", "user", "both"]


@pytest.mark.parametrize("facade", [BeatTech, AsyncBeatTech], ids=["sync", "async"])
@pytest.mark.parametrize("credentials", CREDENTIALS, ids=IDS)
def test_lcp_credentials_with_a_lone_surrogate_are_a_configuration_error(
    facade: Any, credentials: tuple[str, str]
) -> None:
    with pytest.raises(ConfigurationError, match=r"^lcp_credentials") as info:
        facade("test", client_id="a", client_secret="b", lcp_credentials=credentials)
    _shows_nothing(info.value, SECRET, "lcp-user")


@pytest.mark.parametrize("credentials", CREDENTIALS, ids=IDS)
def test_lcp_basic_auth_refuses_a_lone_surrogate(credentials: tuple[str, str]) -> None:
    with pytest.raises(ConfigurationError, match="LCP") as info:
        LcpBasicAuth("api.prod.test.beat.no", *credentials)
    _shows_nothing(info.value, SECRET, "lcp-user")


def test_non_ascii_lcp_credentials_still_work() -> None:
    # RFC 7617: UTF-8 user and password are fine; only text UTF-8 cannot encode is not.
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    auth = LcpBasicAuth("api.example.com", "usér", "pässword")
    with httpx.Client(transport=httpx.MockTransport(answer), auth=auth) as http:
        http.get("https://api.example.com/x")
    assert sent[0].headers["Authorization"] == "Basic dXPDqXI6cMOkc3N3b3Jk"


@pytest.mark.parametrize("facade", [BeatTech, AsyncBeatTech], ids=["sync", "async"])
@pytest.mark.parametrize(
    "options",
    [
        {"client_id": "a\ud800", "client_secret": "b"},
        {"client_id": "a", "client_secret": SECRET + "\ud800"},
        {
            "client_id": "a",
            "client_secret": "b",
            "partner_client_id": "p",
            "partner_client_secret": SECRET + "\ud800",
        },
        {
            "client_id": "a",
            "client_secret": "b",
            "partner_client_id": "p\udcff",
            "partner_client_secret": SECRET,
        },
    ],
    ids=["client-id", "client-secret", "partner-secret", "partner-id"],
)
def test_other_credentials_with_a_lone_surrogate_are_a_configuration_error(
    facade: Any, options: dict[str, str]
) -> None:
    # The same hole checked on the other credential paths: already refused, kept so.
    with pytest.raises(ConfigurationError) as info:
        facade("test", **options)
    _shows_nothing(info.value, SECRET)


def test_env_credentials_with_a_lone_surrogate_are_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BEATTECH_CLIENT_ID", "a")
    monkeypatch.setenv("BEATTECH_CLIENT_SECRET", SECRET + "\udcff")
    with pytest.raises(ConfigurationError) as info:
        BeatTech("test")
    _shows_nothing(info.value, SECRET)


def test_client_secret_with_a_lone_surrogate_as_partner_headers_never_encodes() -> None:
    # The client's own credentials stand in for the partner's: refused when used.
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    auth = PartnerAuth("api.example.com", "a", SECRET + "\ud800")
    http = httpx.Client(transport=httpx.MockTransport(answer), auth=auth)
    with http, pytest.raises(ConfigurationError) as info:
        http.get("https://api.example.com/x")
    assert sent == []
    _shows_nothing(info.value, SECRET)
