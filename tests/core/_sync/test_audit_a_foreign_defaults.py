# GENERATED from tests/core/_async/test_audit_a_foreign_defaults.py by scripts/unasync.py: edit the async source.
"""A file fetched from another host than the API's carries none of the defaults of the
caller's ``http_client``: no default query parameters (a gateway's ``?apikey=``), no
cookies set without a domain, no default headers beyond the plain ones every request
has. ``save_download`` sent the first two to the CDN (httpx's ``build_request`` merges
them); the API's own calls keep them all.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.beatport import Beatport
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]
SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)


def test_the_file_request_gets_no_client_params_cookies_or_headers(
    tmp_path: Path, http_clients: list[httpx.Client]
) -> None:
    fake = FakeBeatport()
    api_host = httpx.URL(fake.base_url).host
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return fake.handle(request)

    http = httpx.Client(
        transport=httpx.MockTransport(handle),
        params={"apikey": "zzz"},
        headers={"X-Gateway": "g"},
    )
    http.cookies.set("sid", "s1")  # no domain: httpx's jar sends it to every host
    http_clients.append(http)
    client = Beatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=http,
        max_retries=0,
    )
    with client:
        saved = client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    assert saved.bytes_written > 0
    files = [request for request in seen if request.url.host != api_host]
    assert files, "no request reached the file's host"
    for request in files:
        assert "apikey" not in request.url.params
        assert "zzz" not in str(request.url)
        assert "Cookie" not in request.headers
        assert "X-Gateway" not in request.headers
        assert "Authorization" not in request.headers
    api = [request for request in seen if request.url.host == api_host]
    assert api
    for request in api:
        # The API's calls keep the caller's defaults: they were given for it.
        assert request.url.params["apikey"] == "zzz"
        assert request.headers["X-Gateway"] == "g"


def test_a_download_redirected_to_another_host_gets_no_domainless_cookie(
    tmp_path: Path, http_clients: list[httpx.Client]
) -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.test":
            return httpx.Response(302, headers={"Location": "https://cdn.example/f.mp3?sig=1"})
        return httpx.Response(200, content=b"abc", headers={"Content-Type": "audio/mpeg"})

    http = httpx.Client(transport=httpx.MockTransport(handle), params={"apikey": "zzz"})
    http.cookies.set("sid", "s1")
    http.cookies.set("scoped", "s2", domain="cdn.example")
    http_clients.append(http)
    settings = build_settings(SPEC, base_url="https://api.test/v1", max_retries=0)
    with APIClient(settings, http) as client:
        download = Operation(name="tracks.download", method="GET", path="/download")
        client._transport.save(download, tmp_path / "a.mp3")
    assert [r.url.host for r in seen] == ["api.test", "cdn.example"]
    # The API's request carries the client's defaults; the hop to the CDN none of them
    # but the cookie scoped to it.
    assert seen[0].url.params["apikey"] == "zzz"
    assert "sid=s1" in seen[0].headers["Cookie"]
    assert seen[1].url.params == httpx.QueryParams({"sig": "1"})
    assert seen[1].headers.get("Cookie") == "scoped=s2"
