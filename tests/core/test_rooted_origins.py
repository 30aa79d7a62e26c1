"""A rooted name (``api.example.com.``) is the host it names (docs/auth.md): the origin
checks compared hosts literally, so with a rooted base URL a download location or
next-page link on the unrooted name (or the reverse) went unsigned or was refused.
"""

from __future__ import annotations

from http.cookiejar import Cookie

import httpx
import pytest

from beatkit._core.cookies import _elsewhere, _Outgoing
from beatkit._core.http import ServiceSpec, same_origin
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import BearerAuth

SPEC = ServiceSpec(name="svc", parse_error=lambda status, body: None)
PAIRS = [
    ("https://api.example.com./v1/", "https://api.example.com/files/1.mp3"),
    ("https://api.example.com/v1/", "https://api.example.com./files/1.mp3"),
]


@pytest.mark.parametrize(("base", "url"), PAIRS)
def test_a_rooted_name_is_the_same_origin_as_its_host(base: str, url: str) -> None:
    assert same_origin(httpx.URL(base), httpx.URL(url))
    assert same_origin(httpx.URL(url), httpx.URL(base))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://api.example.com./", "https://api.example.com:8443/"),
        ("https://api.example.com./", "http://api.example.com/"),
        ("https://api.example.com../", "https://api.example.com/"),
        ("https://example.com./", "https://api.example.com/"),
    ],
)
def test_a_rooted_name_is_no_other_origin_than_its_host_s(one: str, other: str) -> None:
    # A rooted name on another port or scheme is still another origin; only one dot
    # is taken off (a name with two is no host at all).
    assert not same_origin(httpx.URL(one), httpx.URL(other))


@pytest.mark.parametrize(("base", "url"), PAIRS)
def test_a_file_location_on_the_other_spelling_is_signed(base: str, url: str) -> None:
    settings = build_settings(
        SPEC,
        base_url=base,
        auth=lambda u: BearerAuth("key", hosts=[u.host], service="svc"),
        timeout=5.0,
        max_retries=0,
        max_retry_wait=1.0,
        requests_per_second=None,
        allow_http=False,
    )
    op = Operation(name="tracks.file", method="GET", path="", url=url)
    assert settings.auth_for(op) is settings.auth


def _host_only(domain: str) -> Cookie:
    return Cookie(
        0, "sid", "x", None, False, domain, False, False, "/", False, False,
        None, False, None, None, {},
    )  # fmt: skip


def _probe(url: str) -> _Outgoing:
    return _Outgoing(httpx.Request("GET", url), cookie=False)


@pytest.mark.parametrize(
    ("domain", "url"),
    [
        ("api.example.com.", "https://api.example.com/"),
        ("api.example.com", "https://api.example.com./"),
    ],
)
def test_a_host_only_cookie_is_not_elsewhere_on_the_other_spelling(domain: str, url: str) -> None:
    assert not _elsewhere(_host_only(domain), _probe(url))
    assert _elsewhere(_host_only(domain), _probe("https://files.example.com/"))
