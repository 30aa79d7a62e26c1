"""Which hosts count as loopback (plain http allowed, credentials included) is the same on
every Python: ``localhost``, 127.0.0.0/8 and ``::1``, as docs/auth.md and docs/hls.md
list them.

Python 3.13 (and 3.12.4) changed ``ipaddress``: ``IPv6Address.is_loopback`` answers
``True`` for an IPv4-mapped address (``::ffff:127.0.0.1``), which 3.11 and 3.12.1
call not loopback. beatkit asked ``ipaddress`` alone, so on 3.13 a plain http base URL
``http://[::ffff:127.0.0.1]:8080`` was taken without ``allow_http=True`` (and an https
download's redirect to such a host was followed, an http playlist's segment on it was
fetched), while the same code on 3.11 refused it.
"""

from __future__ import annotations

import pytest

from beatkit import BeatConnect, ConfigurationError
from beatkit._core.http import is_loopback

MAPPED = [
    "::ffff:127.0.0.1",
    "[::ffff:127.0.0.1]",
    "::ffff:7f00:1",
    "0:0:0:0:0:ffff:7f00:0001",
    "::ffff:127.9.8.7",
]


@pytest.mark.parametrize("host", MAPPED)
def test_an_ipv4_mapped_loopback_address_is_not_loopback_on_any_python(host: str) -> None:
    """Failed on Python 3.13 (``ipaddress`` answers ``True`` there), passed on 3.11."""
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.9.8.7", "::1", "[::1]", "localhost"])
def test_the_documented_loopback_hosts_still_are(host: str) -> None:
    assert is_loopback(host)


def test_a_plain_http_base_url_on_a_mapped_address_needs_allow_http() -> None:
    """Failed on Python 3.13: the client was built, and would send the key in clear."""
    url = "http://[::ffff:127.0.0.1]:8080"
    with pytest.raises(ConfigurationError, match="refusing plain http"):
        BeatConnect(api_key="k", base_url=url)
    with BeatConnect(api_key="k", base_url=url, allow_http=True) as client:
        assert client is not None
