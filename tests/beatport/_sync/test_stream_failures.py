# GENERATED from tests/beatport/_async/test_stream_failures.py by scripts/unasync.py: edit the async source.
"""save_stream when the stream host fails other than with an expired URL (sync twin generated).

Only a 403 (an expired signed URL) is worth a fresh stream URL; any other failure is raised
as the downloader raised it, with no second ``/stream/`` call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.hls import FetchError, SegmentError
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]

Handler = Callable[[httpx.Request], httpx.Response]


def client_with(fake: FakeBeatport, wrap: Callable[[Handler], Handler]) -> Beatport:
    return Beatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=httpx.Client(transport=httpx.MockTransport(wrap(fake.handle))),
    )


def stream_calls(fake: FakeBeatport) -> int:
    return sum(1 for r in fake.requests if r.url.path.endswith("/stream/"))


def segment_one_gone(fake: FakeBeatport, *, expire_first: bool) -> Callable[[Handler], Handler]:
    """The first segment (file "-1.aac") answers 404; with ``expire_first`` the first stream
    URL expires at once."""
    cdn_host = httpx.URL(fake.cdn_url).host
    expired = [not expire_first]

    def wrap(handler: Handler) -> Handler:
        def run(request: httpx.Request) -> httpx.Response:
            if request.url.host == cdn_host and request.url.path.endswith("-1.aac"):
                return httpx.Response(404, request=request)
            response = handler(request)
            if request.url.path.endswith("/stream/") and not expired[0]:
                expired[0] = True
                fake.expire_stream_urls()
            return response

        return run

    return wrap


@pytest.mark.parametrize("expire_first", [False, True], ids=["first-url", "fresh-url"])
def test_a_failure_that_is_not_a_403_is_raised_as_is(
    tmp_path: Path, expire_first: bool
) -> None:
    fake = FakeBeatport()
    dest = tmp_path / "t.aac"
    with client_with(fake, segment_one_gone(fake, expire_first=expire_first)) as client:
        with pytest.raises(SegmentError) as caught:
            client.tracks.save_stream(TRACK_ID, dest, concurrency=1)
    assert caught.value.index == 0  # the CDN numbers its segment files from 1
    cause = caught.value.__cause__
    assert isinstance(cause, FetchError)
    assert cause.status_code == 404
    assert "fresh" not in str(caught.value)
    # The first URL's 403 earned one fresh URL; the 404 none.
    assert stream_calls(fake) == (2 if expire_first else 1)
    assert list(tmp_path.iterdir()) == []
