"""A URL whose address no connection reaches is refused where it comes in.

httpx parses ``https://api.example.com:99999`` and ``https://api..example.com``
without complaint. For a port outside 1 to 65535 the async client then failed at its
first request with a raw ``ExceptionGroup`` around an ``OverflowError`` (``connect():
port must be 0-65535``), and the sync client connected to the port modulo 65536
(99999 is 34463): another service on the same host got the request, and its
credentials. For a host name with an empty part (a doubled dot), a part over 63
characters or over 253 in all, the sync client raised Python's raw ``UnicodeError``
(``encoding with 'idna' codec failed``).

A base URL and a token URL with such an address are refused when the client or the
manager is built (``ConfigurationError``), an operation's own URL (a followed link, a
media URL an answer gave) when its request is built (``ValueError``, as for the URLs
httpx cannot build).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit._core.http import ServiceSpec, build_request, check_base_url
from beatkit._core.operation import Operation
from beatkit._core.settings import DEFAULT_TIMEOUT, build_settings
from beatkit.auth import ClientCredentialsAuth, RefreshingAuth
from beatkit.errors import ConfigurationError

SPEC = ServiceSpec(name="svc", parse_error=lambda status, body: None)
BAD_PORTS = [0, 65536, 99999, 10**6]
BAD_HOSTS = ["api..example.com", ".example.com", "a" * 64 + ".example.com", "a." * 127 + "com"]


@pytest.mark.parametrize("port", BAD_PORTS)
def test_a_base_url_with_a_port_out_of_range_is_refused(port: int) -> None:
    with pytest.raises(ConfigurationError, match="port"):
        build_settings(SPEC, base_url=f"https://api.example.com:{port}/v1")
    with pytest.raises(ConfigurationError, match="port"):
        check_base_url(f"http://127.0.0.1:{port}")


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_base_url_with_an_unusable_host_name_is_refused(host: str) -> None:
    with pytest.raises(ConfigurationError, match="host name"):
        build_settings(SPEC, base_url=f"https://{host}/v1")


@pytest.mark.parametrize("port", [1, 443, 8443, 65535])
def test_a_base_url_with_a_usable_port_is_kept(port: int) -> None:
    assert check_base_url(f"https://api.example.com:{port}/v1").port in (port, None)


@pytest.mark.parametrize(
    "host",
    ["api.example.com.", "a" * 63 + ".example.com", "127.0.0.1", "[::1]", "localhost", "bücher.de"],
)
def test_usable_host_names_are_kept(host: str) -> None:
    assert check_base_url(f"https://{host}/v1").host


def test_the_refusal_does_not_show_credentials_of_the_url() -> None:
    for url in (
        "https://user:s3cr3t@api.example.com:70000/v1?key=s3cr3t",
        "https://user:s3cr3t@api..example.com/v1?key=s3cr3t",
    ):
        with pytest.raises(ConfigurationError) as caught:
            check_base_url(url)
        assert "s3cr3t" not in str(caught.value)


@pytest.mark.parametrize("port", BAD_PORTS)
def test_a_token_url_with_a_port_out_of_range_is_refused(port: int) -> None:
    url = f"https://auth.example.com:{port}/oauth/token"
    with pytest.raises(ConfigurationError, match="port"):
        ClientCredentialsAuth(url, "cid", client_secret="s", hosts="api.example.com")
    with pytest.raises(ConfigurationError, match="port"):
        RefreshingAuth(url, "cid", hosts="api.example.com")


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_token_url_with_an_unusable_host_name_is_refused(host: str) -> None:
    with pytest.raises(ConfigurationError, match="host name"):
        RefreshingAuth(f"https://{host}/token", "cid", hosts="api.example.com")


def _refused_by_build_request(url: str, problem: str) -> None:
    op = Operation(name="media.get", method="GET", path="", url=url, result=Any)
    with httpx.Client() as client, pytest.raises(ValueError, match=rf"media\.get.*{problem}"):
        build_request(
            client,
            op,
            base_url=httpx.URL("https://api.example.com"),
            headers={},
            timeout=DEFAULT_TIMEOUT,
        )


@pytest.mark.parametrize("port", BAD_PORTS)
def test_an_operation_url_with_a_port_out_of_range_is_refused_before_sending(port: int) -> None:
    _refused_by_build_request(f"https://cdn.example.com:{port}/f", "port")


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_an_operation_url_with_an_unusable_host_name_is_refused_before_sending(host: str) -> None:
    _refused_by_build_request(f"https://{host}/f", "host name")


# URLs httpx itself refuses to parse: its InvalidURL (or the idna package's IDNAError)
# came out of the client's constructor and the token manager's raw, quoting the part
# it could not read (a password typed where the port goes, say).
UNPARSABLE = [
    "https://api.example.com:s3cr3t/v1",
    "https://[::1/v1",
    "https://\u2603.example.com/v1",
    "https://xn--zz.example.com/v1",
    "https://" + "\u00e9" * 70 + ".example.com/v1",
]


@pytest.mark.parametrize("url", UNPARSABLE)
def test_a_base_url_httpx_cannot_parse_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url") as caught:
        build_settings(SPEC, base_url=url)
    assert "s3cr3t" not in str(caught.value)
    assert caught.value.__cause__ is None


@pytest.mark.parametrize("url", UNPARSABLE)
def test_a_token_url_httpx_cannot_parse_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError, match="token_url") as caught:
        RefreshingAuth(url, "cid", hosts="api.example.com")
    assert "s3cr3t" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_an_operation_url_with_a_malformed_idna_host_is_refused_before_sending() -> None:
    # httpx decodes an "xn--" label only when the host is read: the token manager read
    # it first, and Python's raw UnicodeError came out of the auth flow.
    _refused_by_build_request("https://xn--zz.example.com/f", "host name")
