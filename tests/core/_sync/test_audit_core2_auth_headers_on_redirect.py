# GENERATED from tests/core/_async/test_audit_core2_auth_headers_on_redirect.py by scripts/unasync.py: edit the async source.
"""A download redirected to another origin carries none of the headers auth added.

httpx drops only ``Authorization`` from a redirect to another origin, and beatkit
dropped the caller's and the call's headers as well; a header auth adds under another
name (Beat Technology's partner ``X-Auth-Client-Id`` / ``X-Auth-Client-Secret``, a
custom ``httpx.Auth``) went on to the CDN. Same-origin hops still carry them.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings

SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)
OP = Operation(name="tracks.download", method="GET", path="/tracks/1/download", result=Any)


class HeaderAuth(httpx.Auth):
    """Signs with two headers of its own, as the partner scheme does."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Auth-Client-Id"] = "cid"
        request.headers["X-Auth-Client-Secret"] = "s3cr3t"
        yield request


@pytest.mark.parametrize(
    ("location", "carried"),
    [
        ("https://cdn.example.com/f.bin", False),
        ("https://api.test:8443/f.bin", False),
        ("https://api.test/v1/files/f.bin", True),
    ],
)
def test_auth_headers_stay_on_the_origin(
    http_clients: list[httpx.Client], tmp_path: Path, location: str, carried: bool
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/download"):
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, content=b"file", headers={"Content-Type": "audio/mpeg"})

    settings = build_settings(SPEC, base_url="https://api.test/v1", auth=HeaderAuth())
    http = httpx.Client(transport=httpx.MockTransport(handler), headers={"X-Mine": "1"})
    http_clients.append(http)
    client = APIClient(settings, http)
    saved = client._transport.save(OP, tmp_path / "f.bin")
    assert saved.bytes_written == 4
    first, hop = sent
    assert first.headers["X-Auth-Client-Secret"] == "s3cr3t"
    assert ("X-Auth-Client-Secret" in hop.headers) is carried
    assert ("X-Auth-Client-Id" in hop.headers) is carried
    assert ("X-Mine" in hop.headers) is carried
    assert hop.headers["User-Agent"] == first.headers["User-Agent"]
    assert hop.headers["Accept"] == first.headers["Accept"]
