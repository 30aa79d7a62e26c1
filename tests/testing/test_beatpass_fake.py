"""Tests of FakeBeatPass over raw httpx: routes, shapes, state, auth, paging, limits, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.testing.beatpass import (
    INVITATION_LIFETIME,
    MAX_EDITORS,
    REINVITE_COOLDOWN,
    TOKEN_LIFETIME,
    FakeBeatPass,
)
from beatkit.testing.beatpass._data import wav_bytes

DAY = 86400.0
PAGE_KEYS = {
    "current_page", "data", "first_page_url", "from", "last_page", "last_page_url",
    "next_page_url", "path", "per_page", "prev_page_url", "to", "total",
}  # fmt: skip
MINIMAL = {
    "track": {"id", "name", "image", "duration", "release_date", "model_type", "artists"},
    "album": {"id", "name", "image", "release_date", "model_type", "artists"},
    "artist": {"id", "name", "image_small", "verified", "model_type"},
    "playlist": {"id", "name", "public", "collaborative", "image", "model_type"},
}
ENHANCED = {
    "track": {"description", "bpm", "key", "is_liked", "is_purchased", "price", "created_at"},
    "album": {"description", "plays", "tracks_count", "created_at"},
    "artist": {"description", "user_id", "profile", "links", "followers_count"},
    "playlist": {"description", "owner_id", "editors", "is_following", "followers_count"},
}
PLACEMENT_KEYS = {
    "id", "title", "artist_name", "album_name", "release_date", "confidence_score",
    "spotify_url", "youtube_url", "deezer_url", "created_at",
}  # fmt: skip


class Clock:
    """A manual clock, so windows, expiries and cooldowns pass without sleeping."""

    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeBeatPass:
    return FakeBeatPass(clock=clock)


def _client(fake: FakeBeatPass, token: str | None) -> httpx.Client:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers)


@pytest.fixture
def anon(fake: FakeBeatPass) -> Iterator[httpx.Client]:
    with _client(fake, None) as http:
        yield http


@pytest.fixture
def owner(fake: FakeBeatPass) -> Iterator[httpx.Client]:
    with _client(fake, fake.token) as http:
        yield http


@pytest.fixture
def other(fake: FakeBeatPass) -> Iterator[httpx.Client]:
    with _client(fake, fake.other_token) as http:
        yield http


@pytest.fixture
def admin(fake: FakeBeatPass) -> Iterator[httpx.Client]:
    with _client(fake, fake.admin_token) as http:
        yield http


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/json"
    return response.json()


def success(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    body = ok(response, status)
    assert body["status"] == "success", body
    return body  # type: ignore[no-any-return]


def error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["message"], str)
    assert body["message"]
    return body  # type: ignore[no-any-return]


def invalid(response: httpx.Response, *fields: str) -> dict[str, Any]:
    body = error(response, 422)
    assert set(body) == {"status", "message", "errors"}
    assert body["status"] == "error"
    assert set(fields) <= set(body["errors"]), body["errors"]
    first = next(iter(body["errors"].values()))[0]
    assert body["message"].startswith(first)
    assert all(isinstance(m, str) for ms in body["errors"].values() for m in ms)
    return body


def page(body: dict[str, Any], key: str) -> dict[str, Any]:
    pager = body[key]
    assert set(pager) == PAGE_KEYS
    assert isinstance(pager["data"], list)
    return pager  # type: ignore[no-any-return]


# -- basics: headers, rate limits, errors, faults ------------------------------------------


def test_repr_hides_the_tokens(fake: FakeBeatPass) -> None:
    user = fake.add_user("Someone", password="hunter2")
    text = repr(fake) + repr(user)
    for secret in (fake.token, fake.other_token, fake.admin_token, user.token, "hunter2"):
        assert secret not in text


def test_every_response_carries_rate_limit_headers(
    fake: FakeBeatPass, anon: httpx.Client, clock: Clock
) -> None:
    responses = [anon.get("/tracks/1"), anon.get("/nowhere"), anon.post("/tracks", json={})]
    fake.fail_next(503)
    responses.append(anon.get("/tracks/1"))
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in responses]
    assert remaining == [299, 298, 297, 297]  # injected faults do not count
    for response in responses:
        assert response.headers["X-RateLimit-Limit"] == "300"
        assert int(response.headers["X-RateLimit-Reset"]) == int(clock.now + 60)


def test_rate_limit_answers_429_until_the_window_resets(clock: Clock) -> None:
    fake = FakeBeatPass(clock=clock, rate_limit=3, rate_limit_window=60)
    with _client(fake, None) as http:
        statuses = [http.get("/genres").status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        clock.advance(20)
        limited = http.get("/genres")
        body = error(limited, 429)
        assert body == {"message": "Too Many Attempts.", "retry_after": 40}
        assert limited.headers["Retry-After"] == "40"
        assert limited.headers["X-RateLimit-Remaining"] == "0"
        clock.advance(40)
        again = http.get("/genres")
        assert again.status_code == 200
        assert again.headers["X-RateLimit-Remaining"] == "2"


def test_rate_limit_windows_are_per_caller(clock: Clock) -> None:
    fake = FakeBeatPass(clock=clock, rate_limit=1)
    with _client(fake, None) as anon, _client(fake, fake.token) as owner:
        assert anon.get("/genres").status_code == 200
        assert anon.get("/genres").status_code == 429
        assert owner.get("/genres").status_code == 200


def test_bad_rate_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="rate_limit"):
        FakeBeatPass(rate_limit=0)


def test_unknown_route_and_wrong_method(anon: httpx.Client) -> None:
    body = error(anon.get("/nowhere"), 404)
    assert body == {"message": "The route api/v1/nowhere could not be found."}
    wrong = anon.patch("/tracks/1")
    assert error(wrong, 405) == {
        "message": "The PATCH method is not supported for route api/v1/tracks/1. "
        "Supported methods: DELETE, GET, PUT."
    }
    assert set(wrong.headers["Allow"].split(", ")) == {"DELETE", "GET", "PUT"}


@pytest.mark.parametrize(
    ("status", "message"),
    [(500, "Server Error"), (503, "Service Unavailable"), (403, "This action is unauthorized.")],
)
def test_injected_faults_use_the_laravel_envelope(
    fake: FakeBeatPass, anon: httpx.Client, status: int, message: str
) -> None:
    fake.fail_next(status)
    assert error(anon.get("/tracks"), status) == {"message": message}
    assert anon.get("/tracks").status_code == 200


def test_injected_429_carries_retry_after_in_the_body(
    fake: FakeBeatPass, anon: httpx.Client
) -> None:
    fake.fail_next(429, headers={"Retry-After": "7"})
    response = anon.get("/tracks")
    assert error(response, 429) == {"message": "Too Many Attempts.", "retry_after": 60}
    assert response.headers["Retry-After"] == "7"


def test_an_injected_429_without_headers_still_carries_retry_after(
    fake: FakeBeatPass, anon: httpx.Client
) -> None:
    # specs/README.md (BeatPass): a 429 body {"message": "Too Many Attempts.",
    # "retry_after": 60} comes "with a Retry-After header"; the two agree.
    fake.fail_next(429)
    response = anon.get("/tracks")
    assert error(response, 429) == {"message": "Too Many Attempts.", "retry_after": 60}
    assert response.headers["Retry-After"] == "60"


def test_transport_faults(fake: FakeBeatPass, anon: httpx.Client) -> None:
    fake.timeout_next()
    with pytest.raises(httpx.ReadTimeout):
        anon.get("/tracks")
    fake.disconnect_next()
    with pytest.raises(httpx.ConnectError):
        anon.get("/tracks")
    fake.garbage_next()
    assert anon.get("/tracks").headers["Content-Type"].startswith("text/html")
    assert len(fake.requests_to("/tracks", "GET")) == 3


def test_same_seed_same_data_other_seed_other_data() -> None:
    first, second, third = FakeBeatPass(), FakeBeatPass(), FakeBeatPass(seed=7)
    assert first.db.tracks == second.db.tracks
    assert first.license_uuid == second.license_uuid
    assert [t["name"] for t in first.db.tracks.values()] != [
        t["name"] for t in third.db.tracks.values()
    ]


# -- every operation of operations/beatpass.tsv is served ---------------------------------

# (method, path with sample values, auth level of the tsv, status for the owner's token, body)
ROUTES: list[tuple[str, str, str, int, Any]] = [
    ("GET", "/tracks", "optional", 200, None),
    ("GET", "/tracks/1", "optional", 200, None),
    ("POST", "/tracks", "required", 201, {"name": "Fresh"}),
    ("PUT", "/tracks/1", "required", 200, {"name": "Renamed"}),
    ("DELETE", "/tracks/2,3", "required", 200, None),
    ("GET", "/tracks/1/download", "optional", 200, None),
    ("GET", "/tracks/1/wave", "optional", 200, None),
    ("POST", "/tracks/wave-batch", "optional", 200, {"track_ids": [1]}),
    ("POST", "/tracks/901/extract-metadata", "required", 404, None),
    ("POST", "/tracks/1/plays", "optional", 200, None),
    ("POST", "/tracks/plays/1/update-duration", "optional", 404, {"duration": 5}),
    ("GET", "/tracks/1/engagement-metrics", "required", 200, None),
    ("GET", "/tracks/1/producer-analytics", "required", 200, None),
    ("GET", "/albums", "optional", 200, None),
    ("GET", "/albums/1", "optional", 200, None),
    ("POST", "/albums", "required", 201, {"name": "LP"}),
    ("PUT", "/albums/1", "required", 200, {"name": "LP 2"}),
    ("DELETE", "/albums/1", "required", 200, None),
    ("GET", "/albums/2/producer-analytics", "required", 200, None),
    ("GET", "/artists", "optional", 200, None),
    ("GET", "/artists/1", "optional", 200, None),
    ("GET", "/artists/1/tracks", "optional", 200, None),
    ("GET", "/artists/1/albums", "optional", 200, None),
    ("GET", "/artists/1/producer-analytics", "required", 200, None),
    ("GET", "/artists/1/downloads-analytics", "required", 200, None),
    ("GET", "/artists/1/producer-achievements", "optional", 200, None),
    ("GET", "/artists/1/check-ownership", "required", 200, None),
    ("GET", "/backstage-request/submission-status", "required", 200, None),
    ("POST", "/backstage-request", "required", 201,
     {"type": "become-artist", "artist_name": "Nova", "data": {"first_name": "Nova"}}),
    ("POST", "/backstage-request/411/revoke", "required", 403, {"notes": "no"}),
    ("GET", "/artists/1/credits", "optional", 200, None),
    ("POST", "/artists/1/credits", "required", 201, {"role": "producer", "title": "Hit"}),
    ("POST", "/artists/1/credits/album", "required", 201,
     {"role": "engineer", "album_name": "LP"}),
    ("PUT", "/artists/1/credits/1", "required", 200, {"title": "Hit 2"}),
    ("DELETE", "/artists/1/credits/1", "required", 200, None),
    ("POST", "/artists/1/credits/reorder", "required", 200, {"ids": [4, 3, 2, 1]}),
    ("GET", "/credits/spotify-search?query=dreams", "required", 200, None),
    ("GET", "/credits/spotify-album?id=4aawyAB9vmqN3uQ7FjRGTy", "required", 200, None),
    ("GET", "/credits/roles", "none", 200, None),
    ("POST", "/artists/1/tracks/1/pin", "required", 200, None),
    ("POST", "/artists/1/tracks/1/unpin", "required", 200, None),
    ("GET", "/artists/1/pinned-track", "optional", 200, None),
    ("GET", "/playlists", "optional", 200, None),
    ("GET", "/playlists/1", "optional", 200, None),
    ("POST", "/playlists", "required", 200, {"name": "Mine"}),
    ("PUT", "/playlists/1", "required", 200, {"name": "Ours"}),
    ("DELETE", "/playlists/2", "required", 200, None),
    ("POST", "/playlists/3/follow", "required", 200, None),
    ("POST", "/playlists/3/unfollow", "required", 200, None),
    ("GET", "/playlists/1/tracks", "optional", 200, None),
    ("POST", "/playlists/1/tracks/add", "required", 200, {"ids": [1]}),
    ("POST", "/playlists/1/tracks/remove", "required", 200, {"ids": [1]}),
    ("POST", "/playlists/1/tracks/order", "required", 200, {"ids": "<reversed>"}),
    ("POST", "/playlists/1/invite", "required", 200, {"user_id": 2}),
    ("POST", "/playlists/4/accept-invite", "required", 404, None),
    ("POST", "/playlists/4/decline-invite", "required", 404, None),
    ("POST", "/playlists/1/remove-editor", "required", 422, {"user_id": 5}),
    ("GET", "/lyrics", "optional", 200, None),
    ("GET", "/tracks/1/lyrics", "optional", 200, None),
    ("POST", "/lyrics", "required", 201, {"track_id": 3, "text": "la la"}),
    ("PUT", "/lyrics/1", "required", 200, {"text": "la"}),
    ("DELETE", "/lyrics/1,2", "required", 200, None),
    ("POST", "/tracks/1/fingerprint", "required", 200, None),
    ("GET", "/tracks/1/fingerprint/status", "required", 200, None),
    ("POST", "/tracks/check-duplicates", "required", 200, {"track_ids": [20]}),
    ("POST", "/fingerprints/704/retry", "required", 200, None),
    ("GET", "/tracks/1/placements", "required", 200, None),
    ("GET", "/cover-art/templates", "optional", 200, None),
    ("GET", "/cover-art/templates/1", "optional", 200, None),
    ("POST", "/cover-art/preview", "required", 200, {"template_id": 1, "title": "Cover"}),
    ("GET", "/cover-art/matching-templates?genre=trap", "optional", 200, None),
    ("POST", "/auth/login", "none", 200,
     {"email": "producer@example.com", "password": "fake-password", "token_name": "t"}),
    ("GET", "/search?query=a", "optional", 200, None),
    ("GET", "/search/suggestions/artist?query=n", "optional", 200, None),
    ("GET", "/search/suggestions/artist/1", "optional", 200, None),
    ("GET", "/search/suggestions/album?query=a", "optional", 200, None),
    ("GET", "/search/suggestions/album/1", "optional", 200, None),
    ("GET", "/search/audio/1/Nova%20Keys/Some%20Track", "optional", 200, None),
    ("GET", "/genres", "optional", 200, None),
    ("GET", "/genres/trap", "optional", 200, None),
    ("GET", "/tags/dark/tracks", "optional", 200, None),
    ("GET", "/tags/dark/albums", "optional", 200, None),
    ("GET", "/radio/genre/2", "optional", 200, None),
    ("POST", "/tracks/13/purchase/calculate-price", "required", 200, {}),
    ("POST", "/tracks/13/purchase/initiate", "required", 200, {}),
    ("GET", "/tracks/13/purchase/status", "required", 200, None),
    ("GET", "/purchases", "required", 200, None),
    ("POST", "/tracks/11/generate-license", "required", 200, {"license_type": "basic"}),
    ("GET", "/tracks/11/check-license", "required", 200, None),
    ("POST", "/tracks/check-licenses-batch", "required", 200, {"track_ids": [11]}),
    ("GET", "/tracks/11/license-certificate", "required", 200, None),
    ("GET", "/tracks/11/download-license-pdf", "required", 200, None),
    ("GET", "/verify-license/{license}", "none", 200, None),
    ("POST", "/licenses/{sold}/revoke", "required", 200, None),
    ("GET", "/user/licenses", "required", 200, None),
    ("POST", "/coupons/validate", "required", 200, {"code": "WELCOME10", "amount": 10}),
]  # fmt: skip


def _url(fake: FakeBeatPass, path: str) -> str:
    return path.format(license=fake.license_uuid, sold=fake.sold_license_uuid)


def _json(fake: FakeBeatPass, body: Any) -> Any:
    if body == {"ids": "<reversed>"}:
        return {"ids": fake.db.playlists[1]["track_ids"][::-1]}
    return body


def test_the_route_table_lists_the_96_operations() -> None:
    assert len(ROUTES) == 96
    assert len({(m, p) for m, p, *_ in ROUTES}) == 96


@pytest.mark.parametrize(("method", "path", "auth", "status", "body"), ROUTES)
def test_every_operation_answers_with_a_token(
    fake: FakeBeatPass, owner: httpx.Client, method: str, path: str, auth: str, status: int,
    body: Any,
) -> None:  # fmt: skip
    response = owner.request(method, _url(fake, path), json=_json(fake, body))
    assert response.status_code == status, response.text
    assert "could not be found" not in response.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [(m, p, b) for m, p, auth, _, b in ROUTES if auth == "required"],
)
def test_required_auth_routes_answer_401_without_a_token(
    fake: FakeBeatPass, anon: httpx.Client, method: str, path: str, body: Any
) -> None:
    response = anon.request(method, _url(fake, path), json=_json(fake, body))
    assert error(response, 401) == {"message": "Unauthenticated."}


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [(m, p, s, b) for m, p, auth, s, b in ROUTES if auth != "required" and s < 400],
)
def test_optional_and_public_routes_work_without_a_token(
    fake: FakeBeatPass, anon: httpx.Client, method: str, path: str, status: int, body: Any
) -> None:
    if path.endswith("/download"):
        path = f"/tracks/{fake.free_track_id}/download"
    response = anon.request(method, _url(fake, path), json=_json(fake, body))
    assert response.status_code == status, response.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [(m, p, b) for m, p, auth, _, b in ROUTES if auth == "optional"],
)
def test_a_bad_token_is_refused_even_on_reads(
    fake: FakeBeatPass, method: str, path: str, body: Any
) -> None:
    with _client(fake, "not-a-token") as http:
        response = http.request(method, _url(fake, path), json=_json(fake, body))
    assert error(response, 401) == {"message": "Unauthenticated."}


def test_public_routes_ignore_a_bad_token(fake: FakeBeatPass) -> None:
    with _client(fake, "not-a-token") as http:
        assert http.get("/credits/roles").status_code == 200
        assert http.get(f"/verify-license/{fake.license_uuid}").status_code == 200


# -- auth: login, tokens, minimal and full fields ------------------------------------------


def test_login_issues_a_new_working_token(fake: FakeBeatPass, anon: httpx.Client) -> None:
    credentials = {"email": fake.email, "password": fake.password, "token_name": "ci"}
    body = success(anon.post("/auth/login", json=credentials))
    user = body["user"]
    assert user["id"] == fake.user_id
    assert user["email"] == fake.email
    assert {"display_name", "avatar", "access_token"} <= set(user)
    token = user["access_token"]
    assert re.fullmatch(r"\d+\|[a-z0-9]{40}", token)
    assert token != fake.token
    second = success(anon.post("/auth/login", json=credentials))["user"]["access_token"]
    assert second != token
    with _client(fake, token) as http:
        assert ok(http.get("/backstage-request/submission-status"))["can_submit"] is True
        created = success(http.post("/playlists", json={"name": "Via login"}))
        assert created["playlist"]["owner_id"] == fake.user_id


def test_login_is_case_insensitive_on_the_email(fake: FakeBeatPass, anon: httpx.Client) -> None:
    body = {"email": fake.email.upper(), "password": fake.password, "token_name": "ci"}
    assert anon.post("/auth/login", json=body).status_code == 200


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ("email", "password", "token_name")),
        ({"email": "producer@example.com", "password": "nope", "token_name": "t"}, ("email",)),
        ({"email": "nobody@example.com", "password": "fake-password", "token_name": "t"},
         ("email",)),
        ({"email": "not-an-email", "password": "x", "token_name": "t"}, ("email",)),
        ({"email": "producer@example.com", "password": 5, "token_name": "t"}, ("password",)),
    ],
)  # fmt: skip
def test_login_refuses_bad_credentials(
    anon: httpx.Client, body: dict[str, Any], fields: tuple[str, ...]
) -> None:
    invalid(anon.post("/auth/login", json=body), *fields)


def test_wrong_credentials_say_so(fake: FakeBeatPass, anon: httpx.Client) -> None:
    body = {"email": fake.email, "password": "wrong", "token_name": "t"}
    errors = invalid(anon.post("/auth/login", json=body), "email")["errors"]
    assert errors == {"email": ["These credentials do not match our records."]}


def test_tokens_expire_after_90_days(fake: FakeBeatPass, clock: Clock) -> None:
    with _client(fake, fake.token) as http:
        clock.advance(TOKEN_LIFETIME - 1)
        assert http.get("/purchases").status_code == 200
        clock.advance(1)
        assert error(http.get("/purchases"), 401) == {"message": "Unauthenticated."}
    fresh = fake.issue_token(fake.user_id)
    with _client(fake, fresh) as http:
        assert http.get("/purchases").status_code == 200


def test_revoked_token_and_other_schemes_are_refused(fake: FakeBeatPass) -> None:
    fake.revoke_token(fake.other_token)
    with _client(fake, fake.other_token) as http:
        assert http.get("/purchases").status_code == 401
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        basic = {"Authorization": f"Basic {fake.token}"}
        assert http.get("/purchases", headers=basic).status_code == 401


def test_add_user_gives_a_working_token_and_login(fake: FakeBeatPass, anon: httpx.Client) -> None:
    user = fake.add_user("Guest Editor", email="guest@example.com", password="pw-123")
    assert user.id > fake.admin_user_id
    with _client(fake, user.token) as http:
        assert http.get("/purchases").status_code == 200
    body = {"email": "guest@example.com", "password": "pw-123", "token_name": "x"}
    assert success(anon.post("/auth/login", json=body))["user"]["id"] == user.id
    with pytest.raises(KeyError):
        fake.issue_token(10_000)


@pytest.mark.parametrize(
    ("kind", "path", "key"),
    [
        ("track", "/tracks/1", "track"),
        ("album", "/albums/1", "album"),
        ("artist", "/artists/1", "artist"),
        ("playlist", "/playlists/1", "playlist"),
    ],
)
def test_reads_without_a_token_return_minimal_fields(
    anon: httpx.Client, owner: httpx.Client, kind: str, path: str, key: str
) -> None:
    minimal = success(anon.get(path))[key]
    full = success(owner.get(path))[key]
    extra = {"totalDuration", "tracks"} if kind == "playlist" else set()
    assert set(minimal) == MINIMAL[kind] | extra
    assert ENHANCED[kind] <= set(full)
    assert ENHANCED[kind].isdisjoint(minimal)
    assert {k: full[k] for k in MINIMAL[kind] if k != "artists"} == {
        k: minimal[k] for k in MINIMAL[kind] if k != "artists"
    }


def test_lists_without_a_token_are_minimal_too(anon: httpx.Client) -> None:
    tracks = page(success(anon.get("/tracks")), "tracks")["data"]
    assert all(set(t) == MINIMAL["track"] for t in tracks)
    assert all(set(a) == MINIMAL["artist"] for t in tracks for a in t["artists"])


def test_enhanced_fields_follow_the_caller(fake: FakeBeatPass, owner: httpx.Client) -> None:
    liked = success(owner.get(f"/tracks/{fake.track_id}"))["track"]
    assert liked["is_liked"] is True
    bought = success(owner.get(f"/tracks/{fake.purchased_track_id}"))["track"]
    assert bought["is_purchased"] is True
    assert bought["is_liked"] is False
    with _client(fake, fake.other_token) as http:
        assert success(http.get(f"/tracks/{fake.track_id}"))["track"]["is_purchased"] is True
        assert success(http.get(f"/tracks/{fake.track_id}"))["track"]["is_liked"] is False


@pytest.mark.parametrize(
    ("path", "key", "includes"),
    [
        ("/tracks/1?with=album,genres,tags", "track", {"album", "genres", "tags"}),
        ("/albums/1?with=tracks,genres,tags,artists", "album", {"tracks", "genres", "tags"}),
        ("/artists/1?with=similar,genres,albums,topTracks", "artist",
         {"similar", "genres", "albums", "top_tracks"}),
    ],
)  # fmt: skip
def test_with_adds_related_data(
    anon: httpx.Client, path: str, key: str, includes: set[str]
) -> None:
    bare = success(anon.get(path.partition("?")[0]))[key]
    rich = success(anon.get(path))[key]
    assert includes.isdisjoint(bare)
    assert includes <= set(rich)
    if key == "artist":
        assert set(rich["albums"]) == PAGE_KEYS
        assert all(set(a) == MINIMAL["artist"] for a in rich["similar"])
    if key == "track":
        assert set(rich["album"]) >= MINIMAL["album"]
        assert {"id", "name", "display_name"} <= set(rich["genres"][0])


# -- Laravel pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "key", "total"),
    [
        ("/tracks", "tracks", 120),
        ("/albums", "albums", 40),
        ("/artists", "artists", 30),
        ("/playlists", "playlists", None),
        ("/lyrics", "pagination", 20),
        ("/genres", "pagination", 14),
        ("/artists/1/tracks", "pagination", 5),
        ("/artists/1/albums", "pagination", 2),
        ("/playlists/1/tracks", "pagination", 12),
        ("/tags/dark/tracks", "pagination", None),
        ("/tags/dark/albums", "pagination", None),
    ],
)
def test_collections_are_laravel_pages_under_their_key(
    anon: httpx.Client, path: str, key: str, total: int | None
) -> None:
    pager = page(success(anon.get(path)), key)
    assert pager["current_page"] == 1
    assert pager["per_page"] == 20
    if total is not None:
        assert pager["total"] == total
    assert pager["from"] == 1
    assert pager["to"] == min(20, pager["total"])
    assert pager["last_page"] == max(1, -(-pager["total"] // 20))


@pytest.mark.parametrize("name", ["per_page", "perPage"])
def test_paging_walks_every_item_once(anon: httpx.Client, name: str) -> None:
    seen: list[int] = []
    url: str | None = f"/tracks?{name}=25"
    for _ in range(10):
        assert url is not None
        pager = page(success(anon.get(url)), "tracks")
        assert pager["per_page"] == 25
        seen += [t["id"] for t in pager["data"]]
        url = pager["next_page_url"]
        if url is None:
            break
    assert url is None
    assert seen == list(range(1, 121))


def test_page_links_and_bounds(anon: httpx.Client) -> None:
    pager = page(success(anon.get("/albums?page=2&per_page=15&extra=1")), "albums")
    assert (pager["from"], pager["to"], pager["last_page"]) == (16, 30, 3)
    assert (
        pager["prev_page_url"]
        == "https://open.beatpass.ca/api/v1/albums?page=1&per_page=15&extra=1"
    )
    assert "page=3" in pager["next_page_url"]
    assert pager["path"] == "https://open.beatpass.ca/api/v1/albums"
    assert pager["last_page_url"].endswith("page=3&per_page=15&extra=1")
    beyond = page(success(anon.get("/albums?page=9")), "albums")
    assert beyond["data"] == []
    assert beyond["from"] is None
    assert beyond["to"] is None
    assert beyond["next_page_url"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [("per_page=101", "per_page"), ("perPage=0", "per_page"), ("page=0", "page"),
     ("page=abc", "page"), ("per_page=x", "per_page")],
)  # fmt: skip
def test_bad_paging_parameters_are_422(anon: httpx.Client, query: str, field: str) -> None:
    invalid(anon.get(f"/tracks?{query}"), field)


def test_track_query_filters_by_name(fake: FakeBeatPass, anon: httpx.Client) -> None:
    word = fake.db.tracks[1]["name"].split()[0]
    found = page(success(anon.get("/tracks", params={"query": word.lower()})), "tracks")
    expected = [t["id"] for t in fake.db.tracks.values() if word in t["name"]]
    assert [t["id"] for t in found["data"]] == expected[:20]
    assert found["total"] == len(expected)


# -- tracks --------------------------------------------------------------------------------


def test_track_crud_round_trip(fake: FakeBeatPass, owner: httpx.Client) -> None:
    body = {
        "name": "Night Drive",
        "description": "Synth heavy",
        "duration": 180000,
        "genre": "Trap",
        "artists": [1, 3],
        "bpm": 140,
        "key": "F minor",
        "tags": ["dark", "brand-new-tag"],
        "release_date": "2024-05-01",
    }
    created = success(owner.post("/tracks", json=body), 201)["track"]
    track_id = created["id"]
    assert track_id == 121
    assert created["name"] == "Night Drive"
    assert [a["id"] for a in created["artists"]] == [1, 3]
    assert [g["name"] for g in created["genres"]] == ["trap"]
    assert [t["name"] for t in created["tags"]] == ["dark", "brand-new-tag"]
    assert (created["bpm"], created["duration"], created["release_date"]) == (
        140, 180000, "2024-05-01"
    )  # fmt: skip
    assert success(owner.get(f"/tracks/{track_id}"))["track"]["description"] == "Synth heavy"
    assert page(success(owner.get("/tracks?page=7")), "tracks")["data"][-1]["id"] == track_id

    updated = success(owner.put(f"/tracks/{track_id}", json={"name": "Night Ride", "bpm": 90}))
    assert (updated["track"]["name"], updated["track"]["bpm"]) == ("Night Ride", 90)
    assert updated["track"]["description"] == "Synth heavy"
    assert success(owner.get(f"/tracks/{track_id}"))["track"]["name"] == "Night Ride"

    assert success(owner.delete(f"/tracks/{track_id}")) == {"status": "success"}
    error(owner.get(f"/tracks/{track_id}"), 404)


def test_new_genres_are_created_and_default_artist_is_yours(owner: httpx.Client) -> None:
    created = success(owner.post("/tracks", json={"name": "X", "genre": "Jersey Club"}), 201)
    assert [a["id"] for a in created["track"]["artists"]] == [1]
    assert created["track"]["genres"][0]["display_name"] == "Jersey Club"
    assert success(owner.get("/genres/jersey-club"))["genre"]["name"] == "jersey-club"


def test_delete_tracks_takes_comma_separated_ids_all_or_nothing(
    fake: FakeBeatPass, owner: httpx.Client
) -> None:
    error(owner.delete("/tracks/2,999"), 404)
    error(owner.delete(f"/tracks/2,{fake.other_track_id}"), 403)
    assert {2, fake.other_track_id} <= set(fake.db.tracks)
    in_playlist = fake.db.playlists[1]["track_ids"][0]
    fake.db.tracks[in_playlist]["owner_id"] = fake.user_id
    success(owner.delete(f"/tracks/2,3,{in_playlist}"))
    assert not {2, 3, in_playlist} & set(fake.db.tracks)
    assert in_playlist not in fake.db.playlists[1]["track_ids"]
    error(owner.get("/tracks/3"), 404)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ("name",)),
        ({"name": ""}, ("name",)),
        ({"name": 5}, ("name",)),
        ({"name": "x" * 256}, ("name",)),
        ({"name": "x", "artists": [1, 999]}, ("artists.1",)),
        ({"name": "x", "duration": "long"}, ("duration",)),
        ({"name": "x", "release_date": "May 1"}, ("release_date",)),
        ({"name": "x", "album_id": 999}, ("album_id",)),
        ({"name": "x", "file_entry_id": 5}, ("file_entry_id",)),
        ({"name": "x", "downloadable": "maybe"}, ("downloadable",)),
        ({"name": "x", "genre": 5}, ("genre",)),
        ({"name": "x", "tags": "dark"}, ("tags",)),
    ],
)
def test_track_validation(owner: httpx.Client, body: dict[str, Any], fields: tuple[str]) -> None:
    invalid(owner.post("/tracks", json=body), *fields)


def test_only_managers_update_tracks(fake: FakeBeatPass, owner: httpx.Client) -> None:
    error(owner.put(f"/tracks/{fake.other_track_id}", json={"name": "Mine now"}), 403)
    with _client(fake, fake.admin_token) as admin:
        success(admin.put(f"/tracks/{fake.other_track_id}", json={"name": "Moderated"}))
    error(owner.put("/tracks/abc", json={"name": "x"}), 404)


def test_download_serves_audio_bytes_with_headers(fake: FakeBeatPass, anon: httpx.Client) -> None:
    response = anon.get(f"/tracks/{fake.free_track_id}/download")
    assert response.status_code == 200
    assert response.content == fake.audio_bytes(fake.free_track_id)
    assert response.content[:4] == b"RIFF"
    assert response.headers["Content-Type"] == "audio/wav"
    assert response.headers["Content-Length"] == str(len(response.content))
    name = re.sub(r"[^A-Za-z0-9]+", "-", fake.db.tracks[fake.free_track_id]["name"])
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.wav"'


def test_download_needs_a_purchase_or_ownership(
    fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client, other: httpx.Client
) -> None:
    error(anon.get(f"/tracks/{fake.purchasable_track_id}/download"), 401)
    error(owner.get(f"/tracks/{fake.purchasable_track_id}/download"), 403)
    assert owner.get(f"/tracks/{fake.purchased_track_id}/download").status_code == 200
    assert owner.get(f"/tracks/{fake.track_id}/download").status_code == 200
    assert other.get(f"/tracks/{fake.track_id}/download").status_code == 200  # user 2 bought it
    error(owner.get("/tracks/999/download"), 404)
    no_audio = success(owner.post("/tracks", json={"name": "Silent"}), 201)["track"]["id"]
    assert error(owner.get(f"/tracks/{no_audio}/download"), 404)["message"] == (
        "This track has no audio file."
    )


def test_waveforms(fake: FakeBeatPass, anon: httpx.Client) -> None:
    wave = ok(anon.get("/tracks/1/wave"))
    assert set(wave) == {"peaks"}
    assert len(wave["peaks"]) == 64
    assert all(0 <= p <= 1 for p in wave["peaks"])
    assert ok(anon.get("/tracks/1/wave")) == wave
    assert ok(anon.get("/tracks/2/wave")) != wave
    error(anon.get("/tracks/999/wave"), 404)
    batch = success(anon.post("/tracks/wave-batch", json={"track_ids": [1, 2]}))
    assert batch["waves"]["1"] == wave["peaks"]
    assert set(batch["waves"]) == {"1", "2"}
    assert set(success(anon.post("/tracks/wave-batch", json={"ids": [3]}))["waves"]) == {"3"}
    invalid(anon.post("/tracks/wave-batch", json={}), "track_ids")
    invalid(anon.post("/tracks/wave-batch", json={"track_ids": [1, 999]}), "track_ids.1")


def test_a_play_is_logged_at_the_openapi_files_path_too(
    fake: FakeBeatPass, anon: httpx.Client
) -> None:
    # The operation list logs a play at POST /tracks/{track}/plays (the client's path), the
    # OpenAPI file at POST /tracks/plays/{track}/log: both are served, as PUT /playlists is.
    before = fake.db.tracks[1]["plays"]
    logged = success(anon.post("/tracks/plays/1/log"))
    assert fake.db.tracks[1]["plays"] == before + 1
    updated = success(anon.post("/tracks/plays/1/update-duration", json={"duration": 30}))
    assert updated["play_id"] == logged["play_id"]
    error(anon.post("/tracks/plays/999/log"), 404)


def test_plays_are_logged_then_their_duration_updated(
    fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client
) -> None:
    before = fake.db.tracks[1]["plays"]
    error(anon.post("/tracks/plays/1/update-duration", json={"duration": 30}), 404)
    logged = success(anon.post("/tracks/1/plays"))
    assert fake.db.tracks[1]["plays"] == before + 1
    updated = success(anon.post("/tracks/plays/1/update-duration", json={"duration": 30}))
    assert updated == {"status": "success", "play_id": logged["play_id"], "duration": 30}
    # Another caller has no active play of its own.
    error(owner.post("/tracks/plays/1/update-duration", json={"duration": 30}), 404)
    invalid(anon.post("/tracks/plays/1/update-duration", json={}), "duration")
    invalid(anon.post("/tracks/plays/1/update-duration", json={"duration": -1}), "duration")
    error(anon.post("/tracks/999/plays"), 404)


def test_track_analytics_are_for_managers(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client
) -> None:
    metrics = success(owner.get("/tracks/1/engagement-metrics"))
    assert metrics["track_id"] == 1
    assert metrics["plays"] == fake.db.tracks[1]["plays"]
    assert 0 <= metrics["completion_rate"] <= 1
    analytics = success(owner.get("/tracks/1/producer-analytics"))
    assert analytics["purchases"] == 1  # user 2 bought track 1
    assert len(analytics["plays_by_day"]) == 7
    assert {"date", "plays"} == set(analytics["plays_by_day"][0])
    error(other.get("/tracks/1/engagement-metrics"), 403)
    error(other.get("/tracks/1/producer-analytics"), 403)


# -- albums and artists --------------------------------------------------------------------


def test_album_crud_round_trip(fake: FakeBeatPass, owner: httpx.Client) -> None:
    body = {"name": "Tape One", "description": "Loops", "release_date": "2024-01-01",
            "artist_id": 1, "genre": "Lo-Fi", "tags": ["chill"]}  # fmt: skip
    created = success(owner.post("/albums", json=body), 201)["album"]
    assert created["id"] == 41
    assert (created["name"], created["release_date"]) == ("Tape One", "2024-01-01")
    assert [a["id"] for a in created["artists"]] == [1]
    assert [g["name"] for g in created["genres"]] == ["lo-fi"]
    fetched = success(owner.get("/albums/41?with=tracks"))["album"]
    assert fetched["tracks"] == []
    assert fetched["description"] == "Loops"
    updated = success(owner.put("/albums/41", json={"name": "Tape Two"}))["album"]
    assert updated["name"] == "Tape Two"
    assert success(owner.get("/albums/41"))["album"]["name"] == "Tape Two"
    success(owner.delete("/albums/41"))
    error(owner.get("/albums/41"), 404)


def test_album_rules(fake: FakeBeatPass, owner: httpx.Client) -> None:
    invalid(owner.post("/albums", json={}), "name")
    invalid(owner.post("/albums", json={"name": "x", "artist_id": 999}), "artist_id")
    invalid(owner.post("/albums", json={"name": "x", "release_date": "2024/01/01"}), "release_date")
    error(owner.post("/albums", json={"name": "x", "artist_id": fake.other_artist_id}), 403)
    error(owner.put("/albums/3", json={"name": "x"}), 403)  # album 3 is user 2's
    error(owner.delete("/albums/1,3"), 403)
    tracks = [t["id"] for t in fake.db.tracks.values() if t["album_id"] == 1]
    success(owner.delete("/albums/1"))
    assert all(fake.db.tracks[t]["album_id"] is None for t in tracks)


def test_album_analytics(owner: httpx.Client, other: httpx.Client) -> None:
    analytics = success(owner.get("/albums/1/producer-analytics"))
    assert analytics["album_id"] == 1
    assert {"plays", "tracks_count", "downloads", "plays_by_day", "top_tracks"} <= set(analytics)
    error(other.get("/albums/1/producer-analytics"), 403)
    error(owner.get("/albums/999/producer-analytics"), 404)


def test_artist_crud_round_trip(fake: FakeBeatPass, owner: httpx.Client) -> None:
    created = success(owner.post("/artists", json={"name": "Side Project"}), 201)["artist"]
    assert (created["id"], created["user_id"], created["verified"]) == (31, fake.user_id, False)
    assert success(owner.get("/artists/31/check-ownership"))["is_owner"] is True
    updated = success(owner.put("/artists/31", json={"description": "Alter ego"}))["artist"]
    assert updated["description"] == "Alter ego"
    assert success(owner.get("/artists/31"))["artist"]["description"] == "Alter ego"
    success(owner.delete("/artists/31"))
    error(owner.get("/artists/31"), 404)
    invalid(owner.post("/artists", json={}), "name")
    error(owner.put(f"/artists/{fake.other_artist_id}", json={"name": "x"}), 403)


def test_artist_tracks_and_albums(fake: FakeBeatPass, anon: httpx.Client) -> None:
    tracks = page(success(anon.get("/artists/1/tracks?perPage=2")), "pagination")
    assert tracks["total"] == 5
    assert [t["id"] for t in tracks["data"]] == [1, 2]
    albums = page(success(anon.get("/artists/1/albums")), "pagination")
    assert [a["id"] for a in albums["data"]] == [1, 2]
    error(anon.get("/artists/999/tracks"), 404)


def test_artist_dashboards(
    fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client, other: httpx.Client
) -> None:
    analytics = success(owner.get("/artists/1/producer-analytics"))
    assert analytics["total_tracks"] == 5
    assert analytics["total_sales"] == 1
    downloads = success(owner.get("/artists/1/downloads-analytics"))
    assert len(downloads["downloads_by_day"]) == 30
    assert downloads["total_downloads"] == sum(
        d["downloads"] for d in downloads["downloads_by_day"]
    )
    error(other.get("/artists/1/producer-analytics"), 403)
    error(other.get("/artists/1/downloads-analytics"), 403)
    achievements = success(anon.get("/artists/1/producer-achievements"))
    assert achievements["level"] == 1 + achievements["xp"] // 1000
    assert {"id", "key", "name", "description", "unlocked", "unlocked_at"} == set(
        achievements["achievements"][0]
    )
    assert success(other.get("/artists/1/check-ownership")) == {
        "status": "success", "artist_id": 1, "is_owner": False
    }  # fmt: skip


# -- playlists -----------------------------------------------------------------------------

DESCRIPTION = "Beats for the late night studio session."


def test_playlist_crud_round_trip(fake: FakeBeatPass, owner: httpx.Client) -> None:
    body = {"name": "Focus", "description": DESCRIPTION, "public": "true", "collaborative": 0}
    created = success(owner.post("/playlists", json=body))["playlist"]
    playlist_id = created["id"]
    assert (created["public"], created["collaborative"]) == (True, False)
    assert created["owner_id"] == fake.user_id
    fetched = success(owner.get(f"/playlists/{playlist_id}"))["playlist"]
    assert fetched["totalDuration"] == 0
    assert page(fetched, "tracks")["total"] == 0
    listed = page(success(owner.get("/playlists?per_page=100")), "playlists")["data"]
    assert playlist_id in [p["id"] for p in listed]
    renamed = success(owner.put(f"/playlists/{playlist_id}", json={"name": "Deep Focus"}))
    assert renamed["playlist"]["name"] == "Deep Focus"
    # The OpenAPI file's PUT /playlists carries the id in the body.
    again = success(owner.put("/playlists", json={"id": playlist_id, "public": False}))
    assert again["playlist"]["public"] is False
    invalid(owner.put("/playlists", json={"name": "No id"}), "id")
    success(owner.delete(f"/playlists/{playlist_id}"))
    error(owner.get(f"/playlists/{playlist_id}"), 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "name"), ({"name": "x" * 251}, "name"), ({"name": "x", "description": "short"},
     "description"), ({"name": "x", "description": "y" * 171}, "description"),
     ({"name": "x", "public": "sometimes"}, "public")],
)  # fmt: skip
def test_playlist_validation(owner: httpx.Client, body: dict[str, Any], field: str) -> None:
    invalid(owner.post("/playlists", json=body), field)


def test_playlist_tracks_add_remove_order(fake: FakeBeatPass, owner: httpx.Client) -> None:
    playlist_id = success(owner.post("/playlists", json={"name": "Set"}))["playlist"]["id"]
    path = f"/playlists/{playlist_id}/tracks"
    added = success(owner.post(f"{path}/add", json={"ids": [5, 1, 3, 1]}))["playlist"]
    assert added["tracks_count"] == 3
    assert [t["id"] for t in page(success(owner.get(path)), "pagination")["data"]] == [5, 1, 3]
    success(owner.post(f"{path}/order", json={"ids": [3, 5]}))
    assert [t["id"] for t in page(success(owner.get(path)), "pagination")["data"]] == [3, 5, 1]
    invalid(owner.post(f"{path}/order", json={"ids": [7]}), "ids")
    success(owner.post(f"{path}/remove", json={"ids": [5]}))
    assert [t["id"] for t in page(success(owner.get(path)), "pagination")["data"]] == [3, 1]
    invalid(owner.post(f"{path}/add", json={"ids": [999]}), "ids.0")
    invalid(owner.post(f"{path}/add", json={}), "ids")
    total = sum(fake.db.tracks[t]["duration"] for t in (3, 1))
    assert success(owner.get(f"/playlists/{playlist_id}"))["playlist"]["totalDuration"] == total


def test_playlist_tracks_page_with_per_page(fake: FakeBeatPass, anon: httpx.Client) -> None:
    pager = page(success(anon.get("/playlists/1/tracks?perPage=5&page=3")), "pagination")
    assert [t["id"] for t in pager["data"]] == fake.db.playlists[1]["track_ids"][10:]
    assert (pager["from"], pager["to"], pager["last_page"]) == (11, 12, 3)


def test_private_playlists_and_ownership(
    fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client, other: httpx.Client
) -> None:
    error(anon.get(f"/playlists/{fake.private_playlist_id}"), 403)
    error(other.get(f"/playlists/{fake.private_playlist_id}/tracks"), 403)
    assert owner.get(f"/playlists/{fake.private_playlist_id}").status_code == 200
    listed = page(success(anon.get("/playlists?per_page=100")), "playlists")["data"]
    assert fake.private_playlist_id not in [p["id"] for p in listed]
    mine = page(success(owner.get("/playlists?per_page=100")), "playlists")["data"]
    assert fake.private_playlist_id in [p["id"] for p in mine]
    error(owner.put(f"/playlists/{fake.other_playlist_id}", json={"name": "x"}), 403)
    error(owner.post(f"/playlists/{fake.other_playlist_id}/tracks/add", json={"ids": [1]}), 403)
    error(owner.delete(f"/playlists/1,{fake.other_playlist_id}"), 403)
    assert 1 in fake.db.playlists


def test_follow_and_unfollow(fake: FakeBeatPass, owner: httpx.Client) -> None:
    path = f"/playlists/{fake.other_playlist_id}"
    assert success(owner.get(path))["playlist"]["is_following"] is False
    assert success(owner.post(f"{path}/follow")) == {"status": "success"}
    assert success(owner.get(path))["playlist"]["is_following"] is True
    success(owner.post(f"{path}/unfollow"))
    assert success(owner.get(path))["playlist"]["is_following"] is False
    error(owner.post(f"/playlists/{fake.other_private_playlist_id}/follow"), 403)


# -- playlist collaboration ----------------------------------------------------------------


def test_invite_accept_edit_and_leave(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client
) -> None:
    sent = success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))
    assert sent["message"] == "Invitation sent successfully"
    assert sent["invitation"]["status"] == "pending"
    error(other.post("/playlists/1/tracks/add", json={"ids": [7]}), 403)
    accepted = success(other.post("/playlists/1/accept-invite"))["playlist"]
    assert [e["id"] for e in accepted["editors"]] == [fake.other_user_id]
    success(other.post("/playlists/1/tracks/add", json={"ids": [7]}))
    assert 7 in fake.db.playlists[1]["track_ids"]
    error(other.put("/playlists/1", json={"name": "Taken over"}), 403)
    error(other.post("/playlists/1/invite", json={"user_id": 5}), 403)
    # An editor may remove only themselves.
    error(other.post("/playlists/1/remove-editor", json={"user_id": fake.user_id}), 403)
    success(other.post("/playlists/1/remove-editor", json={"user_id": fake.other_user_id}))
    assert fake.db.playlists[1]["editor_ids"] == []
    error(other.post("/playlists/1/tracks/add", json={"ids": [8]}), 403)


def test_decline_and_owner_removal(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client, clock: Clock
) -> None:
    success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))
    assert success(other.post("/playlists/1/decline-invite")) == {"status": "success"}
    invitation = fake.invitation(1, fake.other_user_id)
    assert invitation is not None
    assert invitation["status"] == "declined"
    error(other.post("/playlists/1/accept-invite"), 404)
    clock.advance(REINVITE_COOLDOWN)
    success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))
    success(other.post("/playlists/1/accept-invite"))
    success(owner.post("/playlists/1/remove-editor", json={"user_id": fake.other_user_id}))
    assert fake.db.playlists[1]["editor_ids"] == []
    invalid(owner.post("/playlists/1/remove-editor", json={"user_id": 5}), "user_id")


def test_owner_can_cancel_a_pending_invitation(fake: FakeBeatPass, owner: httpx.Client) -> None:
    success(owner.post("/playlists/1/invite", json={"user_id": 5}))
    success(owner.post("/playlists/1/remove-editor", json={"user_id": 5}))
    invitation = fake.invitation(1, 5)
    assert invitation is not None
    assert invitation["status"] == "cancelled"


def test_invitations_expire_after_seven_days(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client, clock: Clock
) -> None:
    success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))
    clock.advance(INVITATION_LIFETIME - 1)
    assert fake.invitation(1, fake.other_user_id)["status"] == "pending"  # type: ignore[index]
    clock.advance(1)
    body = error(other.post("/playlists/1/accept-invite"), 404)
    assert body["message"] == "This invitation has expired."
    error(other.post("/playlists/1/decline-invite"), 404)
    # Expired and well past the cooldown: the owner may invite again.
    success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))
    success(other.post("/playlists/1/accept-invite"))


def test_reinvite_cooldown_is_24_hours(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client, clock: Clock
) -> None:
    success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))
    pending = invalid(owner.post("/playlists/1/invite", json={"user_id": 2}), "user_id")
    assert "pending" in pending["message"]
    success(other.post("/playlists/1/decline-invite"))
    clock.advance(REINVITE_COOLDOWN - 3600)
    cooling = invalid(owner.post("/playlists/1/invite", json={"user_id": 2}), "user_id")
    assert "again in 1 hour." in cooling["message"]
    clock.advance(3600)
    success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))


def test_at_most_ten_editors(fake: FakeBeatPass, owner: httpx.Client) -> None:
    users = [fake.add_user(f"Editor {n}") for n in range(MAX_EDITORS + 1)]
    for user in users[:MAX_EDITORS]:
        success(owner.post("/playlists/1/invite", json={"user_id": user.id}))
        with _client(fake, user.token) as http:
            success(http.post("/playlists/1/accept-invite"))
    assert len(fake.db.playlists[1]["editor_ids"]) == MAX_EDITORS
    full = invalid(owner.post("/playlists/1/invite", json={"user_id": users[-1].id}), "user_id")
    assert "up to 10 editors" in full["message"]


def test_an_invitation_cannot_be_accepted_once_the_playlist_is_full(
    fake: FakeBeatPass, owner: httpx.Client
) -> None:
    late = fake.add_user("Late")
    success(owner.post("/playlists/1/invite", json={"user_id": late.id}))
    fake.db.playlists[1]["editor_ids"].extend(range(100, 100 + MAX_EDITORS))
    with _client(fake, late.token) as http:
        invalid(http.post("/playlists/1/accept-invite"), "playlist")


@pytest.mark.parametrize(
    ("playlist", "user_id", "status", "field"),
    [
        (1, None, 422, "user_id"),
        (1, 999, 422, "user_id"),
        (1, 1, 422, "user_id"),  # the owner
        (2, 2, 422, "playlist"),  # not collaborative
        (3, 5, 403, None),  # not the owner
        (999, 2, 404, None),
    ],
)
def test_invite_errors(
    owner: httpx.Client, playlist: int, user_id: int | None, status: int, field: str | None
) -> None:
    response = owner.post(f"/playlists/{playlist}/invite", json={"user_id": user_id})
    if field is None:
        error(response, status)
    else:
        invalid(response, field)


def test_already_an_editor_cannot_be_invited(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client, clock: Clock
) -> None:
    success(owner.post("/playlists/1/invite", json={"user_id": fake.other_user_id}))
    success(other.post("/playlists/1/accept-invite"))
    clock.advance(REINVITE_COOLDOWN)
    body = invalid(owner.post("/playlists/1/invite", json={"user_id": 2}), "user_id")
    assert "already an editor" in body["message"]


# -- backstage guard -----------------------------------------------------------------------

REQUEST = {"type": "become-artist", "artist_name": "Nova", "data": {"first_name": "Nova"}}
PENDING = (
    "Your application is already under review. Please wait for the decision email before "
    "submitting another request."
)
REVOKED = (
    "Your producer access was revoked. To appeal, contact support at /contact so admins can "
    "review your request for reinstatement."
)


@pytest.mark.parametrize(
    ("existing", "outcome"),
    [
        ((), "allowed"),
        (("pending",), "pending"),
        (("revoked",), "revoked"),
        (("denied",), "allowed"),
        (("approved",), "allowed"),
        (("denied", "approved"), "allowed"),
        (("revoked", "pending"), "pending"),  # pending takes precedence
        (("pending", "revoked"), "pending"),
        (("approved", "revoked", "denied"), "revoked"),
    ],
)
def test_backstage_guard_table(
    fake: FakeBeatPass, owner: httpx.Client, existing: tuple[str, ...], outcome: str
) -> None:
    ids = [fake.add_backstage_request(fake.user_id, status)["id"] for status in existing]
    status = ok(owner.get("/backstage-request/submission-status"))
    response = owner.post("/backstage-request", json=REQUEST)
    if outcome == "allowed":
        assert status == {
            "can_submit": True, "block_reason": None, "message": None, "contact_url": None,
            "blocking_request_id": None,
        }  # fmt: skip
        created = success(response, 201)["request"]
        assert created["status"] == "pending"
        assert created["type"] == "become-artist"
        return
    blocker = ids[existing.index(outcome)]
    body = error(response, 409)
    assert body["error_code"] == f"backstage_request_{outcome}"
    assert body["message"] == (PENDING if outcome == "pending" else REVOKED)
    # beatpass-content-management-api.txt L215-224 ("Conflict Responses (Create)"): the
    # 409 is {"message", "error_code"}; contact_url and blocking_request_id belong to the
    # submission status (L168-183), not to the conflict.
    assert set(body) == {"message", "error_code"}
    assert status["can_submit"] is False
    assert status["block_reason"] == outcome
    assert status["message"] == body["message"]
    assert status["blocking_request_id"] == blocker


def test_a_new_request_then_blocks_the_next(fake: FakeBeatPass, owner: httpx.Client) -> None:
    created = success(owner.post("/backstage-request", json=REQUEST), 201)["request"]
    assert {"id", "user_id", "type", "status", "artist_name", "artist_id", "data", "notes",
            "created_at", "updated_at"} == set(created)  # fmt: skip
    assert created["data"] == REQUEST["data"]
    assert error(owner.post("/backstage-request", json=REQUEST), 409)["error_code"] == (
        "backstage_request_pending"
    )
    fake.set_backstage_status(created["id"], "denied")
    success(owner.post("/backstage-request", json=REQUEST), 201)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ("type", "artist_name", "data")),
        ({**REQUEST, "type": "become-label"}, ("type",)),
        ({**REQUEST, "data": "yes"}, ("data",)),
        ({**REQUEST, "type": "claim-artist"}, ("artist_id",)),
        ({**REQUEST, "type": "verify-artist", "artist_id": 999}, ("artist_id",)),
    ],
)
def test_backstage_validation(
    owner: httpx.Client, body: dict[str, Any], fields: tuple[str, ...]
) -> None:
    invalid(owner.post("/backstage-request", json=body), *fields)


@pytest.mark.parametrize("artist_id", [3, "3", "CURRENT_USER"])
def test_claims_take_an_artist_reference(owner: httpx.Client, artist_id: int | str) -> None:
    body = {**REQUEST, "type": "claim-artist", "artist_id": artist_id}
    created = success(owner.post("/backstage-request", json=body), 201)["request"]
    assert created["artist_id"] == (3 if artist_id == "3" else artist_id)


def test_admins_revoke_approved_requests(
    fake: FakeBeatPass, owner: httpx.Client, admin: httpx.Client
) -> None:
    request_id = fake.add_backstage_request(fake.user_id, "approved")["id"]
    error(owner.post(f"/backstage-request/{request_id}/revoke", json={}), 403)
    revoked = success(admin.post(f"/backstage-request/{request_id}/revoke", json={"notes": "Spam"}))
    assert (revoked["request"]["status"], revoked["request"]["notes"]) == ("revoked", "Spam")
    assert error(owner.post("/backstage-request", json=REQUEST), 409)["error_code"] == (
        "backstage_request_revoked"
    )
    invalid(admin.post(f"/backstage-request/{request_id}/revoke", json={}), "status")
    error(admin.post("/backstage-request/9999/revoke", json={}), 404)
    # Re-approved (the admin's approve endpoint), the user may submit again.
    fake.set_backstage_status(request_id, "approved")
    success(owner.post("/backstage-request", json=REQUEST), 201)


# -- credits and pinning -------------------------------------------------------------------


def test_credit_crud_and_reorder(
    fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client
) -> None:
    listed = success(anon.get("/artists/1/credits"))["credits"]
    assert [c["position"] for c in listed] == [0, 1, 2, 3]
    body = {"role": "Producer", "title": "Big Single", "artist_name": "Star",
            "release_date": "2023-03-03", "spotify_id": "abc"}  # fmt: skip
    credit = success(owner.post("/artists/1/credits", json=body), 201)["credit"]
    assert (credit["role"], credit["type"], credit["position"]) == ("producer", "track", 4)
    album = success(
        owner.post("/artists/1/credits/album", json={"role": "engineer", "album_name": "LP"}),
        201,
    )["credit"]
    assert (album["type"], album["title"], album["album_name"]) == ("album", "LP", "LP")
    updated = success(owner.put(f"/artists/1/credits/{credit['id']}", json={"title": "Bigger"}))
    assert updated["credit"]["title"] == "Bigger"
    success(owner.delete("/artists/1/credits/1"))
    ids = [c["id"] for c in success(anon.get("/artists/1/credits"))["credits"]]
    assert 1 not in ids
    reordered = success(owner.post("/artists/1/credits/reorder", json={"ids": ids[::-1]}))
    assert [c["id"] for c in reordered["credits"]] == ids[::-1]
    assert [c["position"] for c in reordered["credits"]] == list(range(len(ids)))
    assert [c["id"] for c in success(anon.get("/artists/1/credits"))["credits"]] == ids[::-1]
    invalid(owner.post("/artists/1/credits/reorder", json={"ids": ids[:2]}), "ids")


def test_credit_rules(fake: FakeBeatPass, owner: httpx.Client) -> None:
    invalid(owner.post("/artists/1/credits", json={"role": "Chef", "title": "x"}), "role")
    invalid(owner.post("/artists/1/credits", json={"role": "producer"}), "title")
    invalid(owner.post("/artists/1/credits/album", json={"role": "producer"}), "album_name")
    error(owner.post("/artists/3/credits", json={"role": "producer", "title": "x"}), 403)
    error(owner.put("/artists/1/credits/5", json={"title": "x"}), 404)  # credit 5 is artist 3's
    error(owner.delete("/artists/1/credits/999"), 404)


def test_credit_roles_and_spotify_lookups(anon: httpx.Client, owner: httpx.Client) -> None:
    roles = success(anon.get("/credits/roles"))["roles"]
    assert {"id": "producer", "name": "Producer"} in roles
    assert len(roles) == 8
    found = success(owner.get("/credits/spotify-search", params={"query": "dreams"}))["results"]
    assert len(found) == 5
    assert {"id", "type", "name", "artists", "album", "release_date", "image",
            "external_url"} == set(found[0])  # fmt: skip
    assert all(len(item["id"]) == 22 for item in found)
    again = success(owner.get("/credits/spotify-search", params={"query": "dreams"}))["results"]
    assert again == found
    albums = success(owner.get("/credits/spotify-search?query=dreams&type=album"))["results"]
    assert {a["type"] for a in albums} == {"album"}
    invalid(owner.get("/credits/spotify-search?query=x&type=artist"), "type")
    invalid(owner.get("/credits/spotify-search"), "query")
    album = success(owner.get("/credits/spotify-album", params={"id": "4aawyAB9vmqN3uQ7FjRGTy"}))
    assert album["album"]["id"] == "4aawyAB9vmqN3uQ7FjRGTy"
    assert [t["track_number"] for t in album["album"]["tracks"]] == list(
        range(1, len(album["album"]["tracks"]) + 1)
    )
    invalid(owner.get("/credits/spotify-album"), "id")


def test_pinning(fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client) -> None:
    assert success(anon.get("/artists/1/pinned-track"))["track"] is None
    pinned = success(owner.post("/artists/1/tracks/3/pin"))
    assert pinned["track"]["id"] == 3
    assert success(anon.get("/artists/1/pinned-track"))["track"]["id"] == 3
    success(owner.post("/artists/1/tracks/4/pin"))
    assert success(anon.get("/artists/1/pinned-track"))["track"]["id"] == 4
    success(owner.post("/artists/1/tracks/3/unpin"))  # not the pinned one: no change
    assert success(anon.get("/artists/1/pinned-track"))["track"]["id"] == 4
    success(owner.post("/artists/1/tracks/4/unpin"))
    assert success(anon.get("/artists/1/pinned-track"))["track"] is None
    invalid(owner.post(f"/artists/1/tracks/{fake.other_track_id}/pin"), "track")
    error(owner.post(f"/artists/3/tracks/{fake.other_track_id}/pin"), 403)
    error(owner.post("/artists/1/tracks/999/pin"), 404)


# -- lyrics, fingerprints, Audio Recon -----------------------------------------------------


def test_lyrics_crud_round_trip(
    fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client
) -> None:
    assert success(anon.get("/tracks/1/lyrics"))["lyric"] == {
        "id": 1, "text": fake.db.lyrics[1]["text"], "track_id": 1
    }  # fmt: skip
    error(anon.get("/tracks/3/lyrics"), 404)
    created = success(owner.post("/lyrics", json={"track_id": 3, "text": "Hook"}), 201)["lyric"]
    assert (created["track_id"], created["text"], created["is_synced"]) == (3, "Hook", False)
    assert success(anon.get("/tracks/3/lyrics"))["lyric"]["id"] == created["id"]
    updated = success(owner.put(f"/lyrics/{created['id']}", json={"text": "Verse", "is_synced": 1}))
    assert (updated["lyric"]["text"], updated["lyric"]["is_synced"]) == ("Verse", True)
    assert page(success(anon.get("/lyrics?per_page=50")), "pagination")["total"] == 21
    success(owner.delete(f"/lyrics/1,{created['id']}"))
    error(anon.get("/tracks/3/lyrics"), 404)
    error(anon.get("/tracks/1/lyrics"), 404)


def test_lyrics_rules(fake: FakeBeatPass, owner: httpx.Client) -> None:
    invalid(owner.post("/lyrics", json={}), "track_id", "text")
    invalid(owner.post("/lyrics", json={"track_id": 999, "text": "x"}), "track_id")
    invalid(owner.post("/lyrics", json={"track_id": 1, "text": "x"}), "track_id")  # has lyrics
    error(owner.post("/lyrics", json={"track_id": 50, "text": "x"}), 403)
    other_lyric = next(x["id"] for x in fake.db.lyrics.values() if x["track_id"] == 9)
    error(owner.put(f"/lyrics/{other_lyric}", json={"text": "x"}), 403)
    error(owner.delete(f"/lyrics/1,{other_lyric}"), 403)
    assert 1 in fake.db.lyrics


def test_fingerprint_generation_moves_through_its_states(clock: Clock) -> None:
    fake = FakeBeatPass(clock=clock, fingerprint_polls=2)
    with _client(fake, fake.token) as owner:
        before = success(owner.get("/tracks/1/fingerprint/status"))
        assert before == {
            "status": "success",
            "fingerprint_status": "completed",
            "fingerprint_id": 701,
        }
        started = success(owner.post("/tracks/1/fingerprint"))
        assert started["message"] == "Fingerprint generation started"
        states = [
            success(owner.get("/tracks/1/fingerprint/status"))["fingerprint_status"]
            for _ in range(4)
        ]
        assert states == ["processing", "processing", "completed", "completed"]


def test_fingerprint_retry_and_rules(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client
) -> None:
    assert success(owner.get("/tracks/4/fingerprint/status"))["fingerprint_status"] == "failed"
    invalid(owner.post("/fingerprints/701/retry"), "fingerprint")
    error(other.post("/fingerprints/704/retry"), 403)
    retried = success(owner.post("/fingerprints/704/retry"))
    assert retried["fingerprint_id"] == 704
    assert success(owner.get("/tracks/4/fingerprint/status"))["fingerprint_status"] == "processing"
    assert success(owner.get("/tracks/4/fingerprint/status"))["fingerprint_status"] == "completed"
    fake.fail_fingerprint(1)
    assert success(owner.get("/tracks/1/fingerprint/status"))["fingerprint_status"] == "failed"
    error(owner.post("/fingerprints/9999/retry"), 404)
    error(other.get("/tracks/1/fingerprint/status"), 403)
    error(other.post("/tracks/1/fingerprint"), 403)
    silent = success(owner.post("/tracks", json={"name": "No audio"}), 201)["track"]["id"]
    invalid(owner.post(f"/tracks/{silent}/fingerprint"), "track")
    assert success(owner.get(f"/tracks/{silent}/fingerprint/status"))["fingerprint_status"] is None


def test_duplicate_check(owner: httpx.Client) -> None:
    found = success(owner.post("/tracks/check-duplicates", json={"track_ids": [20, 21, 1]}))
    assert found["duplicates"] == [
        {"track_id": 20, "duplicate_track_id": 21, "similarity": 1.0},
        {"track_id": 21, "duplicate_track_id": 20, "similarity": 1.0},
    ]
    none = success(owner.post("/tracks/check-duplicates", json={"track_ids": [1]}))
    assert none["duplicates"] == []
    invalid(owner.post("/tracks/check-duplicates", json={}), "track_ids")
    invalid(owner.post("/tracks/check-duplicates", json={"file_entry_id": 5}), "file_entry_id")


def test_audio_recon_matches(fake: FakeBeatPass, owner: httpx.Client, admin: httpx.Client) -> None:
    body = ok(owner.get(f"/tracks/{fake.track_id}/placements"))
    assert set(body) == {
        "placements",
        "scan_status",
        "scanned_at",
        "total_count",
        "artist_verified",
    }
    assert (body["scan_status"], body["artist_verified"]) == ("complete", True)
    scores = [p["confidence_score"] for p in body["placements"]]
    assert scores == [97, 95, 92, 91]  # 88 and 75 are below the display threshold
    assert body["total_count"] == 4
    assert all(set(p) == PLACEMENT_KEYS for p in body["placements"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", body["scanned_at"])
    assert ok(admin.get(f"/tracks/{fake.track_id}/placements")) == body


@pytest.mark.parametrize(
    ("track", "scan_status", "verified"),
    [(2, "no_results", True), (3, "processing", True), (4, "failed", True), (5, None, True),
     (6, None, False)],
)  # fmt: skip
def test_audio_recon_scan_states(
    owner: httpx.Client, track: int, scan_status: str | None, verified: bool
) -> None:
    body = ok(owner.get(f"/tracks/{track}/placements"))
    assert body["placements"] == []
    assert body["total_count"] == 0
    assert (body["scan_status"], body["artist_verified"]) == (scan_status, verified)
    assert (body["scanned_at"] is None) == (scan_status is None)


def test_audio_recon_errors(fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client) -> None:
    assert error(anon.get("/tracks/1/placements"), 401) == {"message": "Unauthenticated."}
    forbidden = error(owner.get(f"/tracks/{fake.other_track_id}/placements"), 403)
    assert forbidden == {"message": "You are not a credited producer on this track."}
    error(owner.get("/tracks/999/placements"), 404)


# -- cover art, search and discovery -------------------------------------------------------


def test_cover_art(anon: httpx.Client, owner: httpx.Client) -> None:
    templates = success(anon.get("/cover-art/templates"))["templates"]
    assert len(templates) == 12
    assert {"id", "name", "preview_url", "genre", "mood"} <= set(templates[0])
    assert success(anon.get("/cover-art/templates/3"))["template"] == templates[2]
    error(anon.get("/cover-art/templates/99"), 404)
    body = {"template_id": 1, "title": "Night Drive", "artist": "Nova"}
    preview = success(owner.post("/cover-art/preview", json=body))
    assert re.fullmatch(r"https://open\.beatpass\.ca/.+/[0-9a-f]{32}\.jpg", preview["preview_url"])
    assert success(owner.post("/cover-art/preview", json=body)) == preview
    other = success(owner.post("/cover-art/preview", json={**body, "title": "Other"}))
    assert other["preview_url"] != preview["preview_url"]
    refused = invalid(owner.post("/cover-art/preview", json={"template_id": 99}), "template_id")
    assert set(refused["errors"]) == {"template_id"}  # the title is optional


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("genre=trap", lambda t: t["genre"] == "trap"),
        ("genre=Hip%20Hop", lambda t: t["genre"] == "hip-hop"),
        ("mood=dark", lambda t: t["mood"] == "dark"),
        ("genre=hip-hop&mood=dark", lambda t: (t["genre"], t["mood"]) == ("hip-hop", "dark")),
    ],
)
def test_matching_templates(anon: httpx.Client, query: str, check: Any) -> None:
    matches = success(anon.get(f"/cover-art/matching-templates?{query}"))["templates"]
    assert matches
    assert all(check(t) for t in matches)
    assert success(anon.get("/cover-art/matching-templates?mood=sleepy"))["templates"] == []


def test_search_across_types(fake: FakeBeatPass, anon: httpx.Client) -> None:
    body = success(anon.get("/search", params={"query": "nova"}))
    assert body["query"] == "nova"
    assert set(body["results"]) == {"albums", "artists", "playlists", "tracks", "users"}
    artists = [a["id"] for a in fake.db.artists.values() if "nova" in a["name"].lower()]
    assert [a["id"] for a in body["results"]["artists"]] == artists[:3]
    assert artists[:2] == [fake.artist_id, fake.unverified_artist_id]
    users = [u["id"] for u in fake.db.users.values() if "nova" in u["display_name"].lower()]
    assert [u["id"] for u in body["results"]["users"]] == users[:3]
    assert users[0] == fake.user_id
    word = fake.db.tracks[1]["name"].split()[1]
    limited = success(anon.get("/search", params={"query": word, "types": "track", "limit": 2}))
    assert set(limited["results"]) == {"tracks"}
    tracks = limited["results"]["tracks"]
    assert 1 <= len(tracks) <= 2
    assert all(word.lower() in t["name"].lower() for t in tracks)
    default = success(anon.get("/search", params={"query": "e", "types": "album,artist"}))
    assert all(len(items) == 3 for items in default["results"].values())


@pytest.mark.parametrize(
    ("query", "field"),
    [("", "query"), ("query=a&types=song", "types"), ("query=a&limit=0", "limit"),
     ("query=a&limit=51", "limit")],
)  # fmt: skip
def test_search_validation(anon: httpx.Client, query: str, field: str) -> None:
    invalid(anon.get(f"/search?{query}"), field)


def test_search_hides_private_playlists(fake: FakeBeatPass, anon: httpx.Client) -> None:
    name = fake.db.playlists[fake.private_playlist_id]["name"]
    hits = success(anon.get("/search", params={"query": name, "types": "playlist", "limit": 50}))
    assert fake.private_playlist_id not in [p["id"] for p in hits["results"]["playlists"]]


@pytest.mark.parametrize("kind", ["artist", "album"])
def test_suggestions(fake: FakeBeatPass, anon: httpx.Client, kind: str) -> None:
    results = success(anon.get(f"/search/suggestions/{kind}", params={"query": "e"}))["results"]
    assert 1 <= len(results) <= 10
    assert all(set(r) == {"id", "name", "image", "description", "model_type"} for r in results)
    assert all("e" in r["name"].lower() and r["model_type"] == kind for r in results)
    one = success(anon.get(f"/search/suggestions/{kind}/{results[0]['id']}"))[kind]
    assert one == results[0]
    error(anon.get(f"/search/suggestions/{kind}/999"), 404)
    error(anon.get("/search/suggestions/user"), 404)


def test_audio_search(fake: FakeBeatPass, anon: httpx.Client) -> None:
    body = success(anon.get("/search/audio/1/Nova%20Keys/Crimson%20Dreams"))
    assert body["query"] == {"track_id": 1, "artist": "Nova Keys", "track": "Crimson Dreams"}
    ids = [t["id"] for t in body["tracks"]]
    assert 1 not in ids
    assert 1 <= len(ids) <= 10
    genres = set(fake.db.tracks[1]["genre_ids"])
    assert all(genres & set(fake.db.tracks[i]["genre_ids"]) for i in ids)
    error(anon.get("/search/audio/999/a/b"), 404)


def test_genres_and_tags(fake: FakeBeatPass, anon: httpx.Client) -> None:
    genres = page(success(anon.get("/genres?perPage=5")), "pagination")
    assert (genres["total"], genres["last_page"], len(genres["data"])) == (14, 3, 5)
    assert {"id", "name", "display_name", "image", "model_type"} == set(genres["data"][0])
    for name in ("hip-hop", "Hip Hop", "HIP-HOP"):
        assert success(anon.get(f"/genres/{name}"))["genre"]["id"] == 1
    error(anon.get("/genres/polka"), 404)
    tagged = success(anon.get(f"/tags/{fake.tag_name}/tracks?perPage=100"))
    assert tagged["tag"]["name"] == fake.tag_name
    expected = [t["id"] for t in fake.db.tracks.values() if 1 in t["tag_ids"]]
    assert [t["id"] for t in page(tagged, "pagination")["data"]] == expected
    albums = page(success(anon.get(f"/tags/{fake.tag_name}/albums")), "pagination")
    assert {1, 2} <= {a["id"] for a in albums["data"]}
    error(anon.get("/tags/polka/tracks"), 404)
    error(anon.get("/tags/polka/albums"), 404)


@pytest.mark.parametrize(("kind", "item", "seed_key"), [
    ("artist", 1, "name"), ("track", 1, "name"), ("genre", 2, "display_name"),
    ("tag", 1, "display_name"),
])  # fmt: skip
def test_radio(anon: httpx.Client, kind: str, item: int, seed_key: str) -> None:
    body = success(anon.get(f"/radio/{kind}/{item}"))
    assert (body["type"], body["seed"]["id"]) == (kind, item)
    assert seed_key in body["seed"]
    assert 1 <= len(body["tracks"]) <= 20
    assert all(set(t) == MINIMAL["track"] for t in body["tracks"])
    error(anon.get(f"/radio/{kind}/999"), 404)


def test_radio_refuses_unknown_types(anon: httpx.Client) -> None:
    assert error(anon.get("/radio/mood/1"), 404)["message"] == "Unsupported radio type: mood."


# -- commerce and licensing ----------------------------------------------------------------


def test_price_calculation(fake: FakeBeatPass, owner: httpx.Client) -> None:
    track = fake.db.tracks[fake.purchasable_track_id]
    path = f"/tracks/{fake.purchasable_track_id}/purchase/calculate-price"
    body = success(owner.post(path, json={}))
    quote = body["data"]
    assert set(quote) == {"base_price", "discount_amount", "coupon_code", "platform_fee",
                          "total_amount", "currency", "is_exclusive"}  # fmt: skip
    assert quote["base_price"] == track["price"]
    assert quote["platform_fee"] == round(track["price"] * 0.15, 2)
    assert quote["total_amount"] == round(track["price"] + quote["platform_fee"], 2)
    assert (quote["currency"], quote["is_exclusive"]) == ("CAD", False)
    # The OpenAPI file's flat shape rides along.
    assert (body["base_price"], body["total_price"], body["currency"]) == (
        quote["base_price"], quote["total_amount"], "CAD"
    )  # fmt: skip
    exclusive = success(owner.post(path, json={"is_exclusive": True, "coupon_code": "summer25"}))
    quote = exclusive["data"]
    assert quote["base_price"] == track["exclusive_price"]
    assert quote["discount_amount"] == round(track["exclusive_price"] * 0.25, 2)
    assert quote["coupon_code"] == "SUMMER25"
    subtotal = round(quote["base_price"] - quote["discount_amount"], 2)
    assert quote["platform_fee"] == round(subtotal * 0.15, 2)


@pytest.mark.parametrize(
    ("track", "body", "field"),
    [
        (1, {}, "track"),  # your own track
        (12, {}, "track"),  # sold exclusively
        (10, {}, "track"),  # free
        (13, {"coupon_code": "NOPE"}, "coupon_code"),
        (13, {"coupon_code": "EXPIRED2023"}, "coupon_code"),
        (13, {"is_exclusive": "very"}, "is_exclusive"),
    ],
)
def test_purchase_refusals(
    owner: httpx.Client, track: int, body: dict[str, Any], field: str
) -> None:
    invalid(owner.post(f"/tracks/{track}/purchase/calculate-price", json=body), field)
    invalid(owner.post(f"/tracks/{track}/purchase/initiate", json=body), field)


def test_purchase_flow(fake: FakeBeatPass, owner: httpx.Client) -> None:
    track_id = fake.purchasable_track_id
    status = success(owner.get(f"/tracks/{track_id}/purchase/status"))
    assert (status["purchased"], status["purchase"]) == (False, None)
    intent = success(owner.post(f"/tracks/{track_id}/purchase/initiate", json={}))
    assert re.fullmatch(r"pi_[A-Za-z0-9]{24}_secret_[A-Za-z0-9]{24}", intent["client_secret"])
    purchase_id = intent["purchase_id"]
    pending = success(owner.get(f"/tracks/{track_id}/purchase/status"))
    assert pending["purchased"] is False
    assert (pending["purchase"]["id"], pending["purchase"]["status"]) == (purchase_id, "pending")
    assert intent["client_secret"] not in owner.get(f"/tracks/{track_id}/purchase/status").text
    error(owner.get(f"/tracks/{track_id}/license-certificate"), 404)
    fake.complete_purchase(purchase_id)
    done = success(owner.get(f"/tracks/{track_id}/purchase/status"))
    assert (done["purchased"], done["purchase"]["status"]) == (True, "completed")
    assert success(owner.get(f"/tracks/{track_id}"))["track"]["is_purchased"] is True
    assert owner.get(f"/tracks/{track_id}/download").status_code == 200
    assert success(owner.get(f"/tracks/{track_id}/check-license"))["has_license"] is True
    invalid(owner.post(f"/tracks/{track_id}/purchase/initiate", json={}), "track")


def test_an_exclusive_sale_takes_the_track_off_sale(
    fake: FakeBeatPass, owner: httpx.Client
) -> None:
    track_id = fake.purchasable_track_id
    intent = success(owner.post(f"/tracks/{track_id}/purchase/initiate", json={"is_exclusive": 1}))
    fake.complete_purchase(intent["purchase_id"])
    with _client(fake, fake.other_token) as other:
        invalid(other.post(f"/tracks/{track_id}/purchase/initiate", json={}), "track")
    licenses = [x for x in fake.db.licenses.values() if x["track_id"] == track_id]
    assert [x["license_type"] for x in licenses] == ["exclusive"]


def test_failed_purchases_grant_nothing(fake: FakeBeatPass, owner: httpx.Client) -> None:
    track_id = fake.purchasable_track_id
    intent = success(owner.post(f"/tracks/{track_id}/purchase/initiate", json={}))
    fake.complete_purchase(intent["purchase_id"], "failed")
    status = success(owner.get(f"/tracks/{track_id}/purchase/status"))
    assert (status["purchased"], status["purchase"]["status"]) == (False, "failed")
    error(owner.get(f"/tracks/{track_id}/download"), 403)


def test_purchases_list_is_a_bare_laravel_page(fake: FakeBeatPass, owner: httpx.Client) -> None:
    body = ok(owner.get("/purchases"))
    assert set(body) == PAGE_KEYS
    assert [p["id"] for p in body["data"]] == [503, 501]
    assert {"id", "track_id", "amount", "currency", "status", "is_exclusive", "created_at",
            "track"} == set(body["data"][0])  # fmt: skip
    with _client(fake, fake.other_token) as other:
        assert [p["track_id"] for p in ok(other.get("/purchases"))["data"]] == [1]


LICENSE_KEYS = {
    "uuid", "track_id", "purchase_id", "license_type", "usage_terms", "status", "created_at",
    "revoked_at", "buyer_id", "verification_url",
}  # fmt: skip


def test_license_lifecycle(fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client) -> None:
    track_id = fake.purchased_track_id
    checked = success(owner.get(f"/tracks/{track_id}/check-license"))
    assert checked["has_license"] is True
    details = checked["license_details"]
    assert set(details) == LICENSE_KEYS
    assert (details["uuid"], details["buyer_id"]) == (fake.license_uuid, fake.user_id)
    generated = success(owner.post(f"/tracks/{track_id}/generate-license",
                                   json={"license_type": "premium"}))  # fmt: skip
    assert generated["license"]["uuid"] == fake.license_uuid  # the active license is reused
    certificate = success(owner.get(f"/tracks/{track_id}/license-certificate"))["certificate"]
    assert set(certificate) == {"license", "track", "buyer", "seller", "issued_at",
                                "verification_url"}  # fmt: skip
    assert (certificate["track"]["id"], certificate["buyer"]["id"]) == (track_id, fake.user_id)
    verified = success(anon.get(f"/verify-license/{fake.license_uuid}"))
    assert (verified["valid"], verified["license_details"]["uuid"]) == (True, fake.license_uuid)
    error(anon.get("/verify-license/00000000-0000-4000-8000-000000000000"), 404)
    mine = ok(owner.get("/user/licenses"))
    assert set(mine) == PAGE_KEYS
    assert [x["uuid"] for x in mine["data"]] == [fake.license_uuid]


def test_a_license_check_without_a_license_still_sends_an_object(
    fake: FakeBeatPass, owner: httpx.Client
) -> None:
    # The OpenAPI file types license_details as an object that is not nullable.
    checked = success(owner.get(f"/tracks/{fake.purchasable_track_id}/check-license"))
    assert checked == {"status": "success", "has_license": False, "license_details": {}}


def test_generate_license_needs_a_purchase(fake: FakeBeatPass, owner: httpx.Client) -> None:
    path = f"/tracks/{fake.purchasable_track_id}/generate-license"
    error(owner.post(path, json={"license_type": "basic"}), 403)
    invalid(owner.post(path, json={}), "license_type")
    purchase = success(
        owner.post(f"/tracks/{fake.purchasable_track_id}/purchase/initiate", json={})
    )
    fake.complete_purchase(purchase["purchase_id"])
    # complete_purchase already issued a basic license; revoke it to see a new one made.
    first = success(owner.get(f"/tracks/{fake.purchasable_track_id}/check-license"))
    fake.db.licenses[first["license_details"]["uuid"]]["status"] = "revoked"
    body = {"license_type": "premium", "usage_terms": "Radio"}
    made = success(owner.post(path, json=body))["license"]
    assert (made["license_type"], made["usage_terms"], made["status"]) == (
        "premium",
        "Radio",
        "active",
    )
    assert made["uuid"] != first["license_details"]["uuid"]


def test_batch_license_check(fake: FakeBeatPass, owner: httpx.Client) -> None:
    body = {"track_ids": [fake.purchased_track_id, fake.purchasable_track_id]}
    result = success(owner.post("/tracks/check-licenses-batch", json=body))
    assert result["licenses"] == {"11": True, "13": False}
    invalid(owner.post("/tracks/check-licenses-batch", json={}), "track_ids")


def test_license_pdf(fake: FakeBeatPass, owner: httpx.Client) -> None:
    response = owner.get(f"/tracks/{fake.purchased_track_id}/download-license-pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-1.4")
    assert response.content.rstrip().endswith(b"%%EOF")
    assert response.headers["Content-Length"] == str(len(response.content))
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="license-{fake.license_uuid}.pdf"'
    )
    assert response.content == fake.license_pdf_bytes(fake.license_uuid)
    assert fake.license_uuid.encode() in response.content
    error(owner.get(f"/tracks/{fake.purchasable_track_id}/download-license-pdf"), 404)


def test_sellers_revoke_licenses(
    fake: FakeBeatPass, anon: httpx.Client, owner: httpx.Client, other: httpx.Client
) -> None:
    # The owner sold track 1 to user 2; user 2 cannot revoke it, the owner can.
    error(other.post(f"/licenses/{fake.sold_license_uuid}/revoke"), 403)
    error(owner.post(f"/licenses/{fake.license_uuid}/revoke"), 403)  # the owner is the buyer
    assert success(owner.post(f"/licenses/{fake.sold_license_uuid}/revoke")) == {
        "status": "success"
    }
    verified = success(anon.get(f"/verify-license/{fake.sold_license_uuid}"))
    assert verified["valid"] is False
    assert verified["license_details"]["status"] == "revoked"
    assert verified["license_details"]["revoked_at"] is not None
    assert success(other.get(f"/tracks/{fake.track_id}/check-license"))["has_license"] is False
    error(owner.post("/licenses/nope/revoke"), 404)
    with _client(fake, fake.admin_token) as admin:
        success(admin.post(f"/licenses/{fake.license_uuid}/revoke"))


@pytest.mark.parametrize(
    ("code", "amount", "discount"),
    [("WELCOME10", 50, 5.0), ("summer25", 20, 5.0), ("BEATS5", 20, 5.0), ("BEATS5", 3, 3.0)],
)
def test_coupon_validation(owner: httpx.Client, code: str, amount: float, discount: float) -> None:
    body = success(owner.post("/coupons/validate", json={"code": code, "amount": amount}))
    assert body["valid"] is True
    assert body["coupon"]["code"] == code.upper()
    assert {"id", "discount_type", "discount_value"} <= set(body["coupon"])
    assert (body["discount_amount"], body["savings"]) == (discount, discount)
    assert body["final_amount"] == round(amount - discount, 2)


def test_coupon_errors(owner: httpx.Client) -> None:
    bare = success(owner.post("/coupons/validate", json={"code": "BEATS5"}))
    assert not {"discount_amount", "final_amount", "savings"} & set(bare)
    invalid(owner.post("/coupons/validate", json={}), "code")
    invalid(owner.post("/coupons/validate", json={"code": "NOPE"}), "code")
    expired = invalid(owner.post("/coupons/validate", json={"code": "EXPIRED2023"}), "code")
    assert expired["errors"]["code"] == ["This coupon has expired."]
    invalid(owner.post("/coupons/validate", json={"code": "BEATS5", "amount": "x"}), "amount")


# -- the upload flow -----------------------------------------------------------------------


def test_upload_extract_create_download(fake: FakeBeatPass, owner: httpx.Client) -> None:
    audio = wav_bytes(4242, seconds=0.5)
    uploaded = owner.post("/uploads", files={"file": ("late_night-loop.wav", audio, "audio/wav")})
    entry = success(uploaded, 201)["fileEntry"]
    assert {"id", "name", "file_name", "file_size", "mime", "extension", "url", "hash",
            "created_at"} <= set(entry)  # fmt: skip
    assert (entry["name"], entry["file_size"], entry["mime"]) == (
        "late_night-loop.wav", len(audio), "audio/wav"
    )  # fmt: skip
    assert entry["extension"] == "wav"
    metadata = success(owner.post(f"/tracks/{entry['id']}/extract-metadata"))["metadata"]
    assert set(metadata) == {"title", "artist", "album", "genre", "duration", "bpm", "key",
                             "release_date"}  # fmt: skip
    assert (metadata["title"], metadata["artist"], metadata["duration"]) == (
        "Late Night Loop", "Nova Keys", 500
    )  # fmt: skip
    assert success(owner.post(f"/tracks/{entry['id']}/extract-metadata"))["metadata"] == metadata
    body = {"name": metadata["title"], "file_entry_id": entry["id"], "genre": metadata["genre"],
            "bpm": metadata["bpm"], "key": metadata["key"]}  # fmt: skip
    track = success(owner.post("/tracks", json=body), 201)["track"]
    assert (track["file_entry_id"], track["src"], track["duration"]) == (
        entry["id"], entry["url"], 500
    )  # fmt: skip
    download = owner.get(f"/tracks/{track['id']}/download")
    assert download.content == audio
    assert download.headers["Content-Type"] == "audio/wav"
    # Upload flow step 4: the new track was fingerprinted by itself.
    status = success(owner.get(f"/tracks/{track['id']}/fingerprint/status"))
    assert status["fingerprint_status"] == "processing"


def test_uploading_the_same_audio_twice_is_a_duplicate(
    fake: FakeBeatPass, owner: httpx.Client
) -> None:
    audio = fake.audio_bytes(20)
    entry = success(owner.post("/uploads", files={"file": ("copy.wav", audio)}), 201)["fileEntry"]
    found = success(owner.post("/tracks/check-duplicates", json={"file_entry_id": entry["id"]}))
    assert [d["duplicate_track_id"] for d in found["duplicates"]] == [20, 21]
    assert found["duplicates"][0]["file_entry_id"] == entry["id"]
    track = success(owner.post("/tracks", json={"name": "Copy", "file_entry_id": entry["id"]}), 201)
    again = success(
        owner.post("/tracks/check-duplicates", json={"track_ids": [track["track"]["id"]]})
    )
    assert [d["duplicate_track_id"] for d in again["duplicates"]] == [20, 21]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"other": ("a.wav", b"RIFF")}, "The file field is required."),
        ({"file": ("notes.txt", b"hello", "text/plain")}, "must be a file of type"),
        ({"file": ("empty.mp3", b"", "audio/mpeg")}, "The file field must be a file."),
    ],
)
def test_upload_validation(owner: httpx.Client, files: dict[str, Any], message: str) -> None:
    body = invalid(owner.post("/uploads", files=files), "file")
    assert message in body["message"]


def test_upload_needs_json_free_multipart_and_ownership(
    fake: FakeBeatPass, owner: httpx.Client, other: httpx.Client
) -> None:
    invalid(owner.post("/uploads", json={"file": "x"}), "file")
    entry = success(owner.post("/uploads", files={"file": ("a.mp3", b"ID3data")}), 201)["fileEntry"]
    assert entry["mime"] == "audio/mpeg"
    error(other.post(f"/tracks/{entry['id']}/extract-metadata"), 403)
    invalid(other.post("/tracks", json={"name": "Stolen", "file_entry_id": entry["id"]}),
            "file_entry_id")  # fmt: skip
    error(owner.post("/tracks/999/extract-metadata"), 404)
    # Not a WAV: the duration is estimated from the size at 320 kbps.
    metadata = success(owner.post(f"/tracks/{entry['id']}/extract-metadata"))["metadata"]
    assert metadata["duration"] == len(b"ID3data") * 8 // 320


# -- over a real loopback socket -----------------------------------------------------------


def test_served_over_loopback(fake: FakeBeatPass) -> None:
    with fake.serve() as server:
        base = server.base_url
        assert base == f"http://127.0.0.1:{server.port}/api/v1"
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {fake.token}"}) as http:
            response = http.get("/tracks", params={"per_page": 3})
            pager = page(success(response), "tracks")
            assert [t["id"] for t in pager["data"]] == [1, 2, 3]
            assert pager["next_page_url"] == f"{base}/tracks?per_page=3&page=2"
            assert "is_liked" in pager["data"][0]
            assert response.headers["X-RateLimit-Limit"] == "300"
            assert error(http.post("/playlists", json={}), 422)["errors"]["name"]
            assert httpx.get(base + "/purchases").status_code == 401


def test_upload_and_binary_download_over_loopback(fake: FakeBeatPass) -> None:
    audio = wav_bytes(77)
    with (
        fake.serve() as server,
        httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {fake.token}"}
        ) as http,
    ):
        entry = success(http.post("/uploads", files={"file": ("loop.wav", audio)}), 201)
        track = success(
            http.post("/tracks", json={"name": "Loop", "file_entry_id": entry["fileEntry"]["id"]}),
            201,
        )["track"]
        download = http.get(f"/tracks/{track['id']}/download")
        assert download.content == audio
        assert download.headers["Content-Length"] == str(len(audio))
        pdf = http.get(f"/tracks/{fake.purchased_track_id}/download-license-pdf")
        assert pdf.content.startswith(b"%PDF")
