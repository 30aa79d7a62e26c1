"""A redirect URI holding whitespace or a control character is refused when it is given.

RFC 3986 allows neither in a URI: ``http://127.0.0.1:8765/cb\\n`` (a line read from a
file) or ``.../my cb`` was accepted, sent percent-encoded, and refused by the server in
the user's browser as a redirect URI that matches none registered.
"""

from __future__ import annotations

import pytest

from beatkit import Beatport
from beatkit.auth.pkce import check_redirect_uri
from beatkit.errors import ConfigurationError

BAD = [
    "http://127.0.0.1:8765/cb\n",
    "http://127.0.0.1:8765/my cb",
    "http://127.0.0.1:8765/cb ",
    " http://127.0.0.1:8765/cb",
    "http://127.0.0.1:8765/cb\t",
    "http://127.0.0.1:8765/c\x00b",
    "http://127.0.0.1:8765/c\u200bb",
    "http://127.0.0.1:8765/c\u00a0b",
]


@pytest.mark.parametrize("uri", BAD)
def test_whitespace_or_a_control_character_is_refused(uri: str) -> None:
    with pytest.raises(ConfigurationError, match="redirect_uri") as caught:
        check_redirect_uri(uri)
    assert uri.strip() not in str(caught.value)


@pytest.mark.parametrize("uri", BAD[:2])
def test_the_client_refuses_it_before_building_the_url(uri: str) -> None:
    with pytest.raises(ConfigurationError, match="redirect_uri"):
        Beatport(client_id="x").auth.authorization_url(uri)


@pytest.mark.parametrize(
    "uri",
    ["http://127.0.0.1:8765/cb", "com.example.app:/cb", "https://app.example/cb?x=%20y"],
)
def test_a_usable_redirect_uri_is_kept_as_given(uri: str) -> None:
    assert check_redirect_uri(uri) == uri
