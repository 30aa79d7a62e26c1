"""Which URLs the HLS downloader fetches: the core's loopback rule, not a narrower copy."""

from __future__ import annotations

import pytest

from beatkit._core.http import is_loopback
from beatkit.hls._plan import check_fetch_url
from beatkit.hls.errors import InsecureURLError


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.8.9.10", "[::1]"]
)
def test_plain_http_to_any_loopback_host_is_fetched(host: str) -> None:
    # "localhost." (the rooted name) is loopback to the core's base-URL check; the
    # downloader had its own copy of the rule and refused it.
    assert is_loopback(host)
    check_fetch_url(f"http://{host}:8080/a.m3u8", secure_context=False)


@pytest.mark.parametrize("host", ["localhost.example", "10.0.0.1", "[::2]", "127.0.0.1.nip.io"])
def test_plain_http_elsewhere_is_refused(host: str) -> None:
    with pytest.raises(InsecureURLError, match="only https"):
        check_fetch_url(f"http://{host}/a.m3u8", secure_context=False)
