"""The answers the BeatPass sources show, served over HTTP to the public client.

Each body the content API page or the OpenAPI file shows is answered to the call that
reads it (pytest-httpx), and the result is compared field for field with what was sent:
the model unstructures to the JSON object it was read from, and the errors carry the
class, code, message, ``contact_url`` and ``retry_after`` the answer says, also after a
pickle round trip (as a worker process hands them back). Written once for asyncio;
``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatpass import AsyncBeatPass
from beatkit.beatpass.converter import converter
from beatkit.beatpass.models import BlockReason, ScanStatus
from beatkit.errors import (
    APIError,
    BackstageRequestPendingError,
    BackstageRequestRevokedError,
    RateLimitError,
    UnprocessableEntityError,
)

BASE = "https://open.beatpass.ca/api/v1"

ARTIST = {"id": 1, "name": "Led Zeppelin", "image_small": "https://example.com/a.jpg"}
ARTIST["verified"] = True
TRACK = {
    "id": 1,
    "name": "Hey Hey What Can I Do",
    "release_date": "1982-11-19",
    "image": "https://example.com/image1.jpg",
    "duration": 5645848548,
    "description": None,
    "artists": [ARTIST],
}
ALBUM = {
    "id": 1,
    "name": "Coda",
    "image": "https://example.com/image1.jpg",
    "release_date": "1982-11-19",
    "description": None,
    "tracks": [TRACK],
    "artists": [ARTIST],
}
PLAYLIST = {
    "id": 3,
    "name": "Some Playlist",
    "public": True,
    "collaborative": False,
    "image": "https://example.com/image1.jpg",
    "description": None,
    "totalDuration": 386493,
}
CAN_SUBMIT = {
    "can_submit": True,
    "block_reason": None,
    "message": None,
    "contact_url": None,
    "blocking_request_id": None,
}
REVOKED_TEXT = (
    "Your producer access was revoked. To appeal, contact support at /contact so admins "
    "can review your request for reinstatement."
)
BLOCKED = {
    "can_submit": False,
    "block_reason": "revoked",
    "message": REVOKED_TEXT,
    "contact_url": "/contact",
    "blocking_request_id": 412,
}
RECON = {
    "placements": [
        {
            "id": 42,
            "title": "Song Title",
            "artist_name": "Artist Name",
            "album_name": "Album Name",
            "release_date": "2025-06-15",
            "confidence_score": 95,
            "spotify_url": "https://open.spotify.com/track/...",
            "youtube_url": "https://youtube.com/watch?v=...",
            "deezer_url": "https://deezer.com/track/...",
            "created_at": "2026-02-20T12:00:00Z",
        }
    ],
    "scan_status": "complete",
    "scanned_at": "2026-02-26T02:15:00Z",
    "total_count": 1,
    "artist_verified": True,
}
PRICE = {"base_price": 100.0, "platform_fee": 15.0, "total_price": 115.0, "currency": "CAD"}

# The call's coroutine (or, in the sync twin, its result).
Call = Callable[[AsyncBeatPass], Any]

# (call, method, path, body, the object of the body the result is read from)
ANSWERS: list[tuple[str, Call, str, str, Any, Any]] = [
    ("tracks.get", lambda bp: bp.tracks.get(1), "GET", "/tracks/1", {"track": TRACK}, TRACK),
    ("albums.get", lambda bp: bp.albums.get(1), "GET", "/albums/1", {"album": ALBUM}, ALBUM),
    ("artists.get", lambda bp: bp.artists.get(1), "GET", "/artists/1", {"artist": ARTIST}, ARTIST),
    (
        "playlists.get",
        lambda bp: bp.playlists.get(3),
        "GET",
        "/playlists/3",
        {"playlist": PLAYLIST},
        PLAYLIST,
    ),
    (
        "submission_status",
        lambda bp: bp.backstage.submission_status(),
        "GET",
        "/backstage-request/submission-status",
        CAN_SUBMIT,
        CAN_SUBMIT,
    ),
    (
        "submission_status blocked",
        lambda bp: bp.backstage.submission_status(),
        "GET",
        "/backstage-request/submission-status",
        BLOCKED,
        BLOCKED,
    ),
    (
        "recon.placements",
        lambda bp: bp.recon.placements(7),
        "GET",
        "/tracks/7/placements",
        RECON,
        RECON,
    ),
    (
        "purchases.calculate_price",
        lambda bp: bp.purchases.calculate_price(1),
        "POST",
        "/tracks/1/purchase/calculate-price",
        PRICE,
        PRICE,
    ),
]


@pytest.fixture
async def bp() -> AsyncIterator[AsyncBeatPass]:
    async with AsyncBeatPass(token="tok", max_retries=0) as client:
        yield client


@pytest.mark.parametrize(
    ("call", "method", "path", "body", "sent"),
    [answer[1:] for answer in ANSWERS],
    ids=[answer[0] for answer in ANSWERS],
)
async def test_an_answer_the_sources_show_reads_back_field_for_field(
    bp: AsyncBeatPass,
    httpx_mock: HTTPXMock,
    call: Call,
    method: str,
    path: str,
    body: Any,
    sent: Any,
) -> None:
    httpx_mock.add_response(method=method, url=BASE + path, json={"status": "success", **body})
    result = await call(bp)
    assert converter.unstructure(result) == sent
    assert result.extra == {}
    unpickled = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own bytes
    for twin in (unpickled, copy.copy(result), copy.deepcopy(result)):
        assert twin == result
        assert hash(twin) == hash(result)
        assert converter.unstructure(twin) == sent


async def test_the_spec_values_are_typed_as_documented(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=BASE + "/tracks/7/placements", json=RECON)
    httpx_mock.add_response(url=BASE + "/backstage-request/submission-status", json=BLOCKED)
    httpx_mock.add_response(url=BASE + "/tracks/1/purchase/calculate-price", json=PRICE)
    recon = await bp.recon.placements(7)
    placement = recon.placements[0]
    assert placement.release_date == date(2025, 6, 15)
    assert placement.created_at == datetime(2026, 2, 20, 12, tzinfo=UTC)
    assert recon.scan_status is ScanStatus.COMPLETE
    assert recon.scanned_at == datetime(2026, 2, 26, 2, 15, tzinfo=UTC)
    status = await bp.backstage.submission_status()
    assert status.block_reason is BlockReason.REVOKED
    assert status.blocking_request_id == 412
    price = await bp.purchases.calculate_price(1)
    assert price.total == Decimal("115.0")
    assert price.base_price == Decimal("100.0") and price.platform_fee == Decimal("15.0")


def _same_after_pickle(error: APIError) -> APIError:
    twin = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(twin) is type(error)
    assert vars(twin) == vars(error)
    assert (str(twin), repr(twin)) == (str(error), repr(error))
    return twin


@pytest.mark.parametrize(
    ("code", "cls", "contact_url"),
    [
        ("backstage_request_pending", BackstageRequestPendingError, None),
        ("backstage_request_revoked", BackstageRequestRevokedError, "/contact"),
    ],
)
async def test_the_backstage_conflicts_the_page_shows(
    bp: AsyncBeatPass,
    httpx_mock: HTTPXMock,
    code: str,
    cls: type[APIError],
    contact_url: str | None,
) -> None:
    message = (
        REVOKED_TEXT
        if code.endswith("revoked")
        else "Your application is already under review. Please wait for the decision "
        "email before submitting another request."
    )
    answer = {"message": message, "error_code": code}
    httpx_mock.add_response(
        method="POST", url=BASE + "/backstage-request", status_code=409, json=answer
    )
    with pytest.raises(cls) as info:
        await bp.backstage.create("become-artist", artist_name="X", data={"role": "producer"})
    error = _same_after_pickle(info.value)
    assert (error.status_code, error.code, error.message) == (409, code, message)
    assert getattr(error, "contact_url") == contact_url  # noqa: B009 - not on APIError
    assert error.body == answer
    assert error.method == "POST" and error.url == BASE + "/backstage-request"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({"X-Request-Id": "r-1"}, 60.0), ({"Retry-After": "30"}, 30.0)],
    ids=["the body's", "the header's over the body's"],
)
async def test_a_429_says_how_long_to_wait(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock, headers: dict[str, str], expected: float
) -> None:
    answer = {"message": "Too Many Attempts.", "retry_after": 60}
    httpx_mock.add_response(status_code=429, json=answer, headers=headers)
    with pytest.raises(RateLimitError) as info:
        await bp.tracks.get(1)
    error = _same_after_pickle(info.value)
    assert isinstance(error, RateLimitError)
    assert isinstance(error.retry_after, float) and error.retry_after == expected
    assert error.message == "Too Many Attempts."
    assert error.request_id == headers.get("X-Request-Id")


@pytest.mark.parametrize(
    "errors",
    [
        {"email": ["The email has already been taken."]},
        {"email": "The email has already been taken."},  # the OpenAPI file's form
    ],
)
async def test_a_422_in_either_documented_form(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock, errors: dict[str, Any]
) -> None:
    answer = {"message": "The given data was invalid.", "errors": errors}
    httpx_mock.add_response(status_code=422, json=answer)
    with pytest.raises(UnprocessableEntityError) as info:
        await bp.tracks.get(1)
    error = _same_after_pickle(info.value)
    assert error.field_errors == {"email": ["The email has already been taken."]}
    assert error.details == errors and error.body == answer
