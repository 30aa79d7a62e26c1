# GENERATED from tests/beatport/_async/test_media.py by scripts/unasync.py: edit the async source.
"""Saving Beatport streams and downloads against FakeBeatport: bytes, secrets, expiry, atomicity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from beatkit import RequestOptions
from beatkit._core.files import FileProgress
from beatkit.beatport import Beatport
from beatkit.errors import (
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    QualityNotAvailableError,
    ResponseDecodeError,
    ServerError,
    TerritoryRestrictedError,
)
from beatkit.hls import FetchError, Progress
from beatkit.testing.beatport import QUALITIES, RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(
    fake: FakeBeatport, *, wrap: Callable[[Handler], Handler] | None = None, **kwargs: Any
) -> tuple[Beatport, list[float]]:
    """A logged-in client on the fake's in-process transport; sleeps are recorded, not slept."""
    waits: list[float] = []

    def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    handler: Handler = fake.handle
    if wrap is not None:
        handler = wrap(handler)
    client = Beatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **kwargs,
    )
    transport = client._transport
    transport.settings = attrs.evolve(transport.settings, sleep=fake_sleep)
    return client, waits


def api_calls(fake: FakeBeatport, suffix: str) -> list[httpx.Request]:
    return [r for r in fake.requests if r.url.path.endswith(suffix)]


def expire_after(fake: FakeBeatport, matches: Callable[[httpx.Request], bool], times: int = 1):  # type: ignore[no-untyped-def]
    """A wrapper that expires every issued media URL right after the first ``times`` matches."""
    seen = [0]

    def wrap(handler: Handler) -> Handler:
        def run(request: httpx.Request) -> httpx.Response:
            response = handler(request)
            if matches(request) and seen[0] < times:
                seen[0] += 1
                fake.expire_stream_urls()
            return response

        return run

    return wrap


def is_stream_call(request: httpx.Request) -> bool:
    return request.url.path.endswith("/stream/")


def is_cdn(fake: FakeBeatport, suffix: str) -> Callable[[httpx.Request], bool]:
    cdn_host = httpx.URL(fake.cdn_url).host
    return lambda r: r.url.host == cdn_host and r.url.path.endswith(suffix)


def only_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture
def fake() -> FakeBeatport:
    return FakeBeatport()


# -- streams ------------------------------------------------------------------------------


def test_save_stream_decrypts_the_whole_track(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    reports: list[Progress] = []
    dest = tmp_path / "track.aac"
    result = client.tracks.save_stream(TRACK_ID, dest, progress=reports.append)

    plaintext = fake.stream_plaintext(TRACK_ID)
    assert dest.read_bytes() == plaintext
    assert result.path == dest
    assert result.bytes_written == len(plaintext)
    assert result.segments == fake.stream_segments
    assert reports[-1] == Progress(fake.stream_segments, fake.stream_segments, len(plaintext))
    assert [r.segments_done for r in reports] == list(range(1, fake.stream_segments + 1))
    assert only_files(tmp_path) == ["track.aac"]


def test_the_token_never_reaches_the_stream_host(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    client.tracks.save_stream(TRACK_ID, tmp_path / "t.aac", concurrency=2)
    assert fake.leaked_authorization == []
    # Playlist, key and every segment came from the CDN, none with credentials.
    assert len(fake.cdn_requests) == 2 + fake.stream_segments
    for request in fake.cdn_requests:
        assert "authorization" not in request.headers
        assert "cookie" not in request.headers
    # The API call that issued the URL did carry the token.
    (stream_call,) = api_calls(fake, "/stream/")
    assert stream_call.headers["authorization"].startswith("Bearer ")


def test_stream_without_explicit_iv(fake: FakeBeatport, tmp_path: Path) -> None:
    fake.stream_explicit_iv = False
    client, _ = make_client(fake)
    dest = tmp_path / "t.aac"
    client.tracks.save_stream(TRACK_ID, dest)
    assert dest.read_bytes() == fake.stream_plaintext(TRACK_ID)


@pytest.mark.parametrize(
    "stage",
    ["playlist", "key", "segment"],
)
def test_an_expired_stream_url_is_fetched_again_once(
    fake: FakeBeatport, tmp_path: Path, stage: str
) -> None:
    matches = {
        "playlist": is_stream_call,  # expired before the playlist is fetched
        "key": is_cdn(fake, ".m3u8"),  # expired between the playlist and the key
        "segment": is_cdn(fake, "-1.aac"),  # expired after the first segment
    }[stage]
    client, _ = make_client(fake, wrap=expire_after(fake, matches))
    dest = tmp_path / "t.aac"
    reports: list[Progress] = []
    client.tracks.save_stream(TRACK_ID, dest, progress=reports.append, concurrency=1)
    assert dest.read_bytes() == fake.stream_plaintext(TRACK_ID)
    assert len(api_calls(fake, "/stream/")) == 2
    assert only_files(tmp_path) == ["t.aac"]
    assert reports[-1].segments_done == fake.stream_segments
    assert fake.leaked_authorization == []


def test_a_second_expiry_raises(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(fake, wrap=expire_after(fake, is_stream_call, times=2))
    dest = tmp_path / "t.aac"
    dest.write_bytes(b"previous file")
    with pytest.raises(FetchError) as caught:
        client.tracks.save_stream(TRACK_ID, dest)
    assert caught.value.status_code == 403
    assert "fresh" in str(caught.value)
    assert len(api_calls(fake, "/stream/")) == 2  # exactly one re-fetch
    assert dest.read_bytes() == b"previous file"
    assert only_files(tmp_path) == ["t.aac"]


def test_stream_territory_restricted(fake: FakeBeatport, tmp_path: Path) -> None:
    fake.territory_restricted.add(TRACK_ID)
    client, _ = make_client(fake)
    with pytest.raises(TerritoryRestrictedError, match="Territory Restricted"):
        client.tracks.save_stream(TRACK_ID, tmp_path / "t.aac")
    assert fake.cdn_requests == []
    assert only_files(tmp_path) == []


def test_stream_needs_a_subscription(fake: FakeBeatport, tmp_path: Path) -> None:
    fake.subscription = None
    client, _ = make_client(fake)
    with pytest.raises(PermissionDeniedError) as caught:
        client.tracks.save_stream(TRACK_ID, tmp_path / "t.aac")
    assert not isinstance(caught.value, TerritoryRestrictedError)
    assert "permission" in str(caught.value)
    assert fake.cdn_requests == []


def test_stream_of_an_unknown_track(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    with pytest.raises(NotFoundError):
        client.tracks.save_stream(1, tmp_path / "t.aac")


def test_stream_arguments_are_checked_first(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    with pytest.raises(ValueError, match="concurrency"):
        client.tracks.save_stream(TRACK_ID, tmp_path / "t.aac", concurrency=0)
    with pytest.raises(TypeError, match="concurrency"):
        client.tracks.save_stream(TRACK_ID, tmp_path / "t.aac", concurrency=2.0)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        client.tracks.save_stream(TRACK_ID, tmp_path / "missing" / "t.aac")
    with pytest.raises(FileNotFoundError):
        client.tracks.save_download(TRACK_ID, tmp_path / "missing" / "t.mp4")
    assert fake.requests == []


# -- downloads ----------------------------------------------------------------------------


@pytest.mark.parametrize("quality", sorted(QUALITIES))
def test_save_download_writes_the_file(
    fake: FakeBeatport, tmp_path: Path, quality: str
) -> None:
    client, _ = make_client(fake)
    reports: list[FileProgress] = []
    dest = tmp_path / f"track{QUALITIES[quality][0]}"
    saved = client.tracks.save_download(
        TRACK_ID, dest, quality=quality, progress=reports.append
    )
    expected = fake.download_bytes(TRACK_ID, quality)
    assert dest.read_bytes() == expected
    assert saved.path == dest
    assert saved.bytes_written == len(expected)
    assert saved.content_type == QUALITIES[quality][1]
    assert reports and reports[-1] == FileProgress(len(expected), len(expected))
    (call,) = api_calls(fake, "/download/")
    assert call.url.params["quality"] == quality
    assert fake.leaked_authorization == []
    assert all("authorization" not in r.headers for r in fake.cdn_requests)
    assert only_files(tmp_path) == [dest.name]


def test_save_download_replaces_an_existing_file(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    dest = tmp_path / "t.mp4"
    dest.write_bytes(b"old")
    client.tracks.save_download(TRACK_ID, dest)
    assert dest.read_bytes() == fake.download_bytes(TRACK_ID, "medium")


def test_unknown_quality_is_refused_before_any_request(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    client, _ = make_client(fake)
    with pytest.raises(ValueError, match="quality"):
        client.tracks.save_download(TRACK_ID, tmp_path / "t", quality="ultra")
    assert fake.requests == []


def test_unavailable_quality_is_a_clear_error(fake: FakeBeatport, tmp_path: Path) -> None:
    fake.available_qualities = {"medium"}
    client, _ = make_client(fake)
    with pytest.raises(QualityNotAvailableError) as caught:
        client.tracks.save_download(TRACK_ID, tmp_path / "t.flac", quality="lossless")
    error = caught.value
    assert isinstance(error, BadRequestError) and error.status_code == 400
    assert error.code == "quality_not_available"
    assert error.message == "Requested quality is not available."
    assert fake.cdn_requests == []
    assert only_files(tmp_path) == []


def test_download_territory_and_permission(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    fake.territory_restricted.add(TRACK_ID)
    with pytest.raises(TerritoryRestrictedError):
        client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    fake.territory_restricted.clear()
    fake.subscription = None
    with pytest.raises(PermissionDeniedError) as caught:
        client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    assert not isinstance(caught.value, TerritoryRestrictedError)
    assert fake.cdn_requests == []
    assert only_files(tmp_path) == []


def test_failed_download_leaves_the_old_file(fake: FakeBeatport, tmp_path: Path) -> None:
    cdn_host = httpx.URL(fake.cdn_url).host

    def wrap(handler: Handler) -> Handler:
        def run(request: httpx.Request) -> httpx.Response:
            if request.url.host == cdn_host:
                return httpx.Response(503, text="upstream connect error")
            return handler(request)

        return run

    client, waits = make_client(fake, wrap=wrap, max_retries=2)
    dest = tmp_path / "t.mp4"
    dest.write_bytes(b"keep me")
    with pytest.raises(ServerError):
        client.tracks.save_download(TRACK_ID, dest)
    assert dest.read_bytes() == b"keep me"
    assert only_files(tmp_path) == ["t.mp4"]
    assert len(api_calls(fake, "/download/")) == 1
    assert len(waits) >= 2  # the file request was retried, waiting through the fake sleep


def test_expired_download_url_leaves_no_file(fake: FakeBeatport, tmp_path: Path) -> None:
    client, _ = make_client(
        fake, wrap=expire_after(fake, lambda r: r.url.path.endswith("/download/"))
    )
    with pytest.raises(PermissionDeniedError):
        client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    assert only_files(tmp_path) == []


@pytest.mark.parametrize(
    "location",
    [
        "",
        "/v4/catalog/tracks/1/file.mp4",
        "assets.beatportprod.com/f.mp4",
        "ftp://assets.beatportprod.com/f.mp4",
        "file:///etc/passwd",
        "http://assets.beatportprod.com/1700000000_abcdef12/f.mp4",
        "https://assets.beatportprod.com/f\x7f.mp4",
    ],
)
def test_a_download_location_that_is_not_an_https_url_is_refused(
    fake: FakeBeatport, tmp_path: Path, location: str
) -> None:
    sent: list[str] = []

    def wrap(handler: Handler) -> Handler:
        def run(request: httpx.Request) -> httpx.Response:
            sent.append(request.url.path)
            if request.url.path.endswith("/download/"):
                return httpx.Response(200, json={"location": location, "stream_quality": ".mp4"})
            return handler(request)

        return run

    client, _ = make_client(fake, wrap=wrap)
    dest = tmp_path / "t.mp4"
    dest.write_bytes(b"keep me")
    with pytest.raises(ResponseDecodeError, match="location") as caught:
        client.tracks.save_download(TRACK_ID, dest)
    assert caught.value.service == "beatport"
    assert "abcdef12" not in str(caught.value)  # a signed URL is not quoted
    assert sent == [f"/v4/catalog/tracks/{TRACK_ID}/download/"]  # the file was never asked for
    assert dest.read_bytes() == b"keep me"
    assert only_files(tmp_path) == ["t.mp4"]


# -- per-call options ---------------------------------------------------------------------


def test_save_download_takes_options_for_both_requests_headers_for_the_api_only(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    cdn_host = httpx.URL(fake.cdn_url).host
    cdn_calls = [0]

    def wrap(handler: Handler) -> Handler:
        def run(request: httpx.Request) -> httpx.Response:
            if request.url.host == cdn_host:
                cdn_calls[0] += 1
                return httpx.Response(503, text="upstream connect error")
            return handler(request)

        return run

    client, _ = make_client(fake, wrap=wrap, max_retries=2)
    options = RequestOptions(timeout=7.0, max_retries=0, headers={"X-Trace": "t-1"})
    with pytest.raises(ServerError):
        client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4", options=options)
    (call,) = api_calls(fake, "/download/")
    assert call.headers["x-trace"] == "t-1"
    assert call.extensions["timeout"]["read"] == 7.0
    assert cdn_calls == [1]  # the file request was not retried (the client would, twice)
    assert only_files(tmp_path) == []


def test_save_download_options_timeout_reaches_the_file_host_but_no_header(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    client, _ = make_client(fake)
    options = RequestOptions(timeout=7.0, headers={"X-Trace": "t-1"})
    dest = tmp_path / "t.mp4"
    client.tracks.save_download(TRACK_ID, dest, options=options)
    assert dest.read_bytes() == fake.download_bytes(TRACK_ID, "medium")
    (file_call,) = fake.cdn_requests
    assert file_call.extensions["timeout"]["read"] == 7.0
    assert "x-trace" not in file_call.headers


def test_save_stream_takes_options_for_its_api_requests(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    client, _ = make_client(fake)
    options = RequestOptions(timeout=7.0, headers={"X-Trace": "t-1"})
    client.tracks.save_stream(TRACK_ID, tmp_path / "t.aac", options=options)
    (call,) = api_calls(fake, "/stream/")
    assert call.headers["x-trace"] == "t-1"
    assert call.extensions["timeout"]["read"] == 7.0
    assert fake.cdn_requests
    assert all("x-trace" not in r.headers for r in fake.cdn_requests)


def test_options_of_the_wrong_type_are_refused_before_sending(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    client, _ = make_client(fake)
    with pytest.raises(TypeError, match="RequestOptions"):
        client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4", options={"timeout": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="RequestOptions"):
        client.tracks.save_stream(TRACK_ID, tmp_path / "t.aac", options="fast")  # type: ignore[arg-type]
    assert fake.requests == []
