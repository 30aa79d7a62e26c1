# GENERATED from tests/beattech/_async/test_page_vectors.py by scripts/unasync.py: edit the async source.
"""The page's worked examples, run through the public client (notes 1i; lines of the page).

Token answers as the page prints them, its Range/Content-Range examples, the range
windows it asks for, the rate-limit headers it exposes and the device shape of the
features lookup. Written once for asyncio; ``scripts/unasync.py`` generates the twin
in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech, Feature
from beatkit.errors import ResponseDecodeError

Make = Callable[..., BeatTech]

# --- token answers (L252-256, L320-326, L905-912, L1265-1272) --------------------------------

APP_ANSWER = {"access_token": "2YotnFZFEjr1zCsicMWpAA", "expires_in": 3600, "token_type": "bearer"}
WALKTHROUGH_ANSWER = {
    "access_token": "7924bef2b848a895",
    "expires_in": 3600,
    "token_type": "Bearer",
    "refresh_token": "b3aa9e0c635923",
    "user_id": "28392",
}
PROSE_ANSWER = {
    "access_token": "2YotnFZFEjr1zCsicMWpAA",
    "expires_in": 3600,
    "token_type": "example",
    "scope": "",
    "refresh_token": "tGzv3JOkF0XG5Qx2TlKWI",
    "user_id": "5667asdf",
}
SAMPLE_ANSWER = {
    "access_token": "2YotnFZFEjr1zCsicMWpAA",
    "token_type": "bearer",
    "expires_in": 3600,
    "scope": "read write",
    "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA",
    "user_id": "5667",
}


@pytest.mark.parametrize("answer", [WALKTHROUGH_ANSWER, PROSE_ANSWER, SAMPLE_ANSWER])
def test_a_user_token_answer_of_the_page_signs_with_bearer(
    beat: Any, make: Make, answer: dict[str, Any]
) -> None:
    # token_type is "bearer", "Bearer" or "example" on the page: the header is always Bearer.
    bt = make()
    beat.token_replies.append(httpx.Response(200, json=answer))
    token = bt.auth.login(beat.username, beat.password)
    assert token.access_token == answer["access_token"]
    assert token.refresh_token == answer["refresh_token"]
    assert bt.auth.user_id == answer["user_id"]
    beat.valid.add(answer["access_token"])
    beat.on("GET", "/v2/artists/7", httpx.Response(200, json={"artist": {"id": "7"}}))
    bt.artists.get(7)
    assert beat.tokens_seen() == [f"Bearer {answer['access_token']}"]


def test_the_app_token_answer_of_the_page_has_no_refresh_token(beat: Any, make: Make) -> None:
    # L252-256, L1104: client_credentials answers no refresh_token and no user_id.
    bt = make()
    beat.token_replies.append(httpx.Response(200, json=APP_ANSWER))
    token = bt.auth.app_token()
    assert (token.access_token, token.refresh_token) == ("2YotnFZFEjr1zCsicMWpAA", None)
    assert bt.auth.user_id is None and bt.auth.token is None
    beat.on("GET", "/v2/artists/7", httpx.Response(200, json={"artist": {"id": "7"}}))
    bt.artists.get(7)
    assert beat.tokens_seen() == ["Bearer 2YotnFZFEjr1zCsicMWpAA"]
    assert beat.grants() == ["client_credentials"]


# --- Range / Content-Range (L70-113) ----------------------------------------------------------

TRACKS = [{"id": str(i)} for i in range(45)]


def window(request: httpx.Request, default: tuple[int, int] = (0, 19)) -> tuple[int, int]:
    header = request.headers.get("range")
    if header is None:
        return default
    first, _, last = header.partition("=")[2].partition("-")
    return int(first), int(last)


def tracks_answer(
    *, length: str | None = "45", short_at: int | None = None, count: int = 45
) -> Callable[[httpx.Request], httpx.Response]:
    """Windows of ``count`` tracks; ``length=None`` writes ``tracks 0-49`` without ``/length``
    (L81); the window starting at ``short_at`` holds 5 items only (L90)."""

    def answer(request: httpx.Request) -> httpx.Response:
        first, last = window(request)
        if first >= count:
            return httpx.Response(416, headers={"Content-Range": f"tracks */{count}"})
        items = TRACKS[first : min(last + 1, count)]
        if first == short_at:
            items = items[:5]
        content_range = f"tracks {first}-{last}" + ("" if length is None else f"/{length}")
        return httpx.Response(206, json={"tracks": items}, headers={"Content-Range": content_range})

    return answer


def test_next_page_vector(beat: Any, make: Make) -> None:
    # L98-106: "Content-Range: tracks 0-19/21" -> 21 > 19 + 1, next "Range: tracks=20-39".
    bt = make()
    beat.on("GET", "/v2/tracks", tracks_answer(length="21", count=21))
    found = [t.id for t in bt.tracks.search("x")]
    assert found == [str(i) for i in range(21)]
    assert [r.headers.get("range") for r in beat.api] == [None, "tracks=20-39"]


def test_a_short_page_continues_after_the_requested_range(beat: Any, make: Make) -> None:
    # L90: the body may hold fewer items than the window; Content-Range reflects the
    # requested range, so the walk goes on at last + 1 (40), never at first + items (25).
    bt = make()
    beat.on("GET", "/v2/tracks", tracks_answer(short_at=20))
    found = [t.id for t in bt.tracks.search("x")]
    assert found == [str(i) for i in [*range(20), *range(20, 25), *range(40, 45)]]
    assert [r.headers.get("range") for r in beat.api] == [None, "tracks=20-39", "tracks=40-59"]


def test_short_last_page_vector(beat: Any, make: Make) -> None:
    # L90: window tracks=40-59, length 45, 5 items -> no next page.
    bt = make()
    beat.on("GET", "/v2/tracks", tracks_answer())
    page = bt.tracks.search("x", start=40, page_size=20).first_page()
    assert [t.id for t in page.items] == [str(i) for i in range(40, 45)]
    assert page.total == 45 and not page.has_next
    assert [t.id for t in bt.tracks.search("x", start=40, page_size=20)] == page_ids(40)
    assert [r.headers["range"] for r in beat.api] == ["tracks=40-59", "tracks=40-59"]


def page_ids(first: int) -> list[str]:
    return [str(i) for i in range(first, 45)]


def test_a_content_range_without_length_is_an_unknown_length(beat: Any, make: Make) -> None:
    # L81 writes "Content-Range: tracks 0-49" without "/length" (L85 requires it): read as
    # an unknown length, the walk continues while pages are non-empty; a 416 ends it.
    bt = make()
    beat.on("GET", "/v2/tracks", tracks_answer(length=None))
    found = [t.id for t in bt.tracks.search("x")]
    assert found == page_ids(0)
    assert [r.headers.get("range") for r in beat.api] == [
        None,
        "tracks=20-39",
        "tracks=40-59",
        "tracks=60-79",
    ]


def test_unknown_length_vector(beat: Any, make: Make) -> None:
    # L85-86: "items 20-39/*" with 17 items -> continue; the 416 past the end ends the walk.
    bt = make()
    events = [{"id": str(i)} for i in range(37)]

    def answer(request: httpx.Request) -> httpx.Response:
        first, last = window(request)
        if first >= len(events):
            return httpx.Response(416, headers={"Content-Range": "items */*"})
        return httpx.Response(
            206,
            json={"events": events[first : last + 1]},
            headers={"Content-Range": f"items {first}-{last}/*"},
        )

    beat.on("GET", "/v2/events", answer)
    found = [e.id for e in bt.events.list()]
    assert found == [str(i) for i in range(37)]
    assert [r.headers.get("range") for r in beat.api] == [None, "items=20-39", "items=40-59"]


def test_a_206_must_not_carry_the_star_range(beat: Any, make: Make) -> None:
    # L87: "A 206 response MUST NOT use '*' as the range."
    bt = make()
    answer = httpx.Response(206, json={"tracks": []}, headers={"Content-Range": "tracks */45"})
    beat.on("GET", "/v2/tracks", answer)
    with pytest.raises(ResponseDecodeError, match=r"\*"):
        bt.tracks.search("x").to_list()


def test_an_empty_collection_is_an_empty_206(beat: Any, make: Make) -> None:
    # L4796: no match answers an empty 206 ("tracks 0-19/0"): an empty list, one request.
    bt = make()
    empty = httpx.Response(206, json={"tracks": []}, headers={"Content-Range": "tracks 0-19/0"})
    beat.on("GET", "/v2/tracks", empty)
    assert bt.tracks.search("nothing").to_list() == []
    assert len(beat.api) == 1


# Each window the page writes, asked for through the call that lists in it.
WINDOWS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    # (window, method path, items key, call, arguments)
    ("products=20-39", "/v2/products", "products", "products.list", {}),  # L400
    ("items=0-49", "/v2/progresses", "progresses", "progresses.list", {}),  # L3521
    ("items=0-49", "/v2/users/28392/events", "events", "users.events", {}),  # L5796
    ("changes=0-99", "/v2/users/28392/changes", "changes", "users.changes", {"base": 0}),  # L5876
    ("actors=0-19", "/v2/actors", "actors", "actors.list", {"role": "author"}),  # L515
    ("artists=20-39", "/v2/artists", "artists", "artists.search", {"query": "x"}),  # L734
    ("releases=20-39", "/v2/releases", "releases", "releases.search", {"query": "x"}),  # L4867
    ("bookmarks=20-39", "/v2/tracks/5/bookmarks", "bookmarks", "tracks.bookmarks", {"id": 5}),
    ("items=0-9", "/v2/events", "events", "events.list", {}),  # L2805
    ("tracks=0-49", "/v2/tracks", "tracks", "tracks.search", {"query": "x"}),  # L80
]


def list_call(bt: BeatTech, call: str, arguments: dict[str, Any], **pages: int) -> Any:
    group, name = call.split(".")
    method = getattr(getattr(bt, group), name)
    if "base" in arguments:
        return method(arguments["base"], **pages)
    positional = [value for key, value in arguments.items() if key in ("id", "role", "query")]
    return method(*positional, **pages)


@pytest.mark.parametrize(("window_", "path", "key", "call", "arguments"), WINDOWS)
def test_the_pages_windows_are_sent_verbatim(
    beat: Any,
    make: Make,
    window_: str,
    path: str,
    key: str,
    call: str,
    arguments: dict[str, Any],
) -> None:
    bt = make()
    bt.auth.login(beat.username, beat.password)
    unit, _, span = window_.partition("=")
    first, last = (int(part) for part in span.split("-"))

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            206,
            json={key: []},
            headers={"Content-Range": f"{unit} {first}-{last}/{last + 1}"},
        )

    beat.on("GET", path, answer)
    page = list_call(
        bt, call, arguments, start=first, page_size=last - first + 1
    ).first_page()
    assert page.items == [] and not page.has_next
    assert [r.headers["range"] for r in beat.api] == [window_]


# --- exposed response headers (L216, L226) ----------------------------------------------------


def test_the_rate_limit_headers_are_read(beat: Any, make: Make) -> None:
    bt = make()
    assert bt.rate_limit is None
    answer = httpx.Response(
        200,
        json={"artist": {"id": "7"}},
        headers={"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "99"},
    )
    beat.on("GET", "/v2/artists/7", answer)
    bt.artists.get(7)
    state = bt.rate_limit
    assert state is not None and (state.limit, state.remaining) == (100, 99)


# --- features of a device (L2886) -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"features": [{"name": "can_stream", "value": True}]},
        # "the response shape differs from release": one feature, not a list of them.
        {"features": {"name": "can_stream", "value": True}},
        {"feature": {"name": "can_stream", "value": True}},
    ],
)
def test_the_one_feature_of_a_device_in_either_shape(
    beat: Any, make: Make, body: dict[str, Any]
) -> None:
    bt = make()
    beat.on("GET", "/v2/features", httpx.Response(200, json=body))
    (feature,) = bt.features.list(entity_type="device", entity_ids="phone-1")
    assert isinstance(feature, Feature)
    assert feature.name == "can_stream" and feature.extra["value"] is True
    assert dict(beat.api[0].url.params) == {"entity_type": "device", "entity_id": "phone-1"}


def test_a_single_feature_answers_a_release_lookup_is_a_decode_error(
    beat: Any, make: Make
) -> None:
    # Only a device answers one feature; releases answer the list of the shared schema.
    bt = make()
    beat.on("GET", "/v2/features", httpx.Response(200, json={"features": {"name": "x"}}))
    with pytest.raises(ResponseDecodeError):
        bt.features.list(entity_type="release", entity_ids="1001")
