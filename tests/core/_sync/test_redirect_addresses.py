# GENERATED from tests/core/_async/test_redirect_addresses.py by scripts/unasync.py: edit the async source.
"""A download redirected to an address no connection reaches is a RedirectError.

The client raised a raw ``ExceptionGroup`` (an ``OverflowError`` inside) for a
``Location`` such as ``https://cdn.example.com:99999/f``, and the sync client sent the
hop to the port modulo 65536; for a host name with an empty part
(``cdn..example.com``) the sync client raised Python's raw ``UnicodeError``.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import RedirectError

SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)


def _no_sleep(seconds: float) -> None:
    return None


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("cdn.example.com:0", "port"),
        ("cdn.example.com:65536", "port"),
        ("cdn.example.com:99999", "port"),
        ("cdn..example.com", "host name"),
        ("a" * 64 + ".example.com", "host name"),
    ],
)
def test_a_redirect_to_an_unusable_address_is_refused(
    http_clients: list[httpx.Client], tmp_path: Path, address: str, problem: str
) -> None:
    sent: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        return httpx.Response(302, headers={"Location": f"https://{address}/f?sig=s3cr3t"})

    settings = build_settings(
        SPEC, base_url="https://api.test/v1", max_retries=2, sleep=_no_sleep
    )
    http = httpx.Client(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    client = APIClient(settings, http)
    dest = tmp_path / "a.bin"
    op = Operation(name="tracks.download", method="GET", path="/tracks/1/download", result=Any)
    with pytest.raises(RedirectError, match=problem) as caught:
        client._transport.save(op, dest)
    assert "s3cr3t" not in str(caught.value)
    assert [url.host for url in sent] == ["api.test"]  # not retried, no hop sent
    assert list(tmp_path.iterdir()) == []


def _fetch(client: APIClient, op: Operation[Any], dest: Path, *, download: bool) -> None:
    if download:
        client._transport.save(op, dest)
    else:
        client._transport.request(op)


@pytest.mark.parametrize("download", [False, True])
def test_a_location_whose_host_name_does_not_decode_is_a_beatkit_error(
    http_clients: list[httpx.Client], tmp_path: Path, download: bool
) -> None:
    # httpx reads the Location of every 3xx, followed or not, and decodes an "xn--"
    # label as it does: a malformed one came out of the client as idna's IDNAError.
    # Now a RedirectError, never retried, for a download and an API call alike.
    sent = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        return httpx.Response(302, headers={"Location": "https://xn--zz.example.com/f"})

    settings = build_settings(
        SPEC, base_url="https://api.test/v1", max_retries=1, sleep=_no_sleep
    )
    http = httpx.Client(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    client = APIClient(settings, http)
    op = Operation(name="tracks.get", method="GET", path="/tracks/1", result=Any)
    with pytest.raises(RedirectError, match="redirect"):
        _fetch(client, op, tmp_path / "a.bin", download=download)
    assert sent == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("location", ["javascript:alert(1)", "data:,s3cr3t", "mailto:a@b.example"])
@pytest.mark.parametrize("download", [False, True])
def test_a_location_of_a_scheme_without_host_is_a_beatkit_error(
    http_clients: list[httpx.Client], tmp_path: Path, download: bool, location: str
) -> None:
    # httpx lends such a Location the request's host as it reads it, and the result is no
    # URL: its InvalidURL came out of the client raw (a traceback in the CLI). Now, like
    # any Location httpx cannot read, a RedirectError, never retried, for a download
    # and an API call alike.
    sent = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        return httpx.Response(302, headers={"Location": location})

    settings = build_settings(
        SPEC, base_url="https://api.test/v1", max_retries=1, sleep=_no_sleep
    )
    http = httpx.Client(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    client = APIClient(settings, http)
    op = Operation(name="tracks.get", method="GET", path="/tracks/1", result=Any)
    with pytest.raises(RedirectError, match="redirect") as caught:
        _fetch(client, op, tmp_path / "a.bin", download=download)
    assert "s3cr3t" not in str(caught.value)
    assert sent == 1
    assert list(tmp_path.iterdir()) == []
