"""A URL whose port no socket has (0, or past 65535) is refused where it comes in.

httpx parses ``https://api.example.com:99999`` without complaint. The async client
then failed at its first request with a raw ``ExceptionGroup`` around an
``OverflowError`` (``connect(): port must be 0-65535``), and the sync client
connected to the port modulo 65536 (99999 is 34463): another service on the same
host got the request, and its credentials. A base URL and a token URL with such a
port are refused when the client or the manager is built.
"""

from __future__ import annotations

import pytest

from beatkit._core.http import ServiceSpec, check_base_url
from beatkit._core.settings import build_settings
from beatkit.auth import ClientCredentialsAuth, RefreshingAuth
from beatkit.errors import ConfigurationError

SPEC = ServiceSpec(name="svc", parse_error=lambda status, body: None)
BAD_PORTS = [0, 65536, 99999, 10**6]


@pytest.mark.parametrize("port", BAD_PORTS)
def test_a_base_url_with_a_port_out_of_range_is_refused(port: int) -> None:
    with pytest.raises(ConfigurationError, match="port"):
        build_settings(SPEC, base_url=f"https://api.example.com:{port}/v1")
    with pytest.raises(ConfigurationError, match="port"):
        check_base_url(f"http://127.0.0.1:{port}")


@pytest.mark.parametrize("port", [1, 443, 8443, 65535])
def test_a_base_url_with_a_usable_port_is_kept(port: int) -> None:
    assert check_base_url(f"https://api.example.com:{port}/v1").port in (port, None)


def test_the_refusal_does_not_show_credentials_of_the_url() -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_base_url("https://user:s3cr3t@api.example.com:70000/v1?key=s3cr3t")
    assert "s3cr3t" not in str(caught.value)


@pytest.mark.parametrize("port", BAD_PORTS)
def test_a_token_url_with_a_port_out_of_range_is_refused(port: int) -> None:
    url = f"https://auth.example.com:{port}/oauth/token"
    with pytest.raises(ConfigurationError, match="port"):
        ClientCredentialsAuth(url, "cid", client_secret="s", hosts="api.example.com")
    with pytest.raises(ConfigurationError, match="port"):
        RefreshingAuth(url, "cid", hosts="api.example.com")


@pytest.mark.parametrize("port", BAD_PORTS)
def test_an_operation_url_with_a_port_out_of_range_is_refused_before_sending(port: int) -> None:
    # A followed link or a media URL an answer gave: refused as httpx's own unbuildable
    # URLs are (ValueError, naming the operation), instead of the raw OverflowError.
    from typing import Any

    import httpx

    from beatkit._core.http import build_request
    from beatkit._core.operation import Operation
    from beatkit._core.settings import DEFAULT_TIMEOUT

    op = Operation(
        name="media.get", method="GET", path="", url=f"https://cdn.example.com:{port}/f", result=Any
    )
    with httpx.Client() as client, pytest.raises(ValueError, match=r"media\.get.*port"):
        build_request(
            client,
            op,
            base_url=httpx.URL("https://api.example.com"),
            headers={},
            timeout=DEFAULT_TIMEOUT,
        )
