"""Every BeatPass operation against the stateful fake, through the public client."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from beatkit import (
    APITimeoutError,
    AuthenticationError,
    BackstageRequestPendingError,
    BackstageRequestRevokedError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)
from beatkit._core.files import FileProgress
from beatkit._core.ratelimit import RateLimiter
from beatkit.beatpass import (
    Album,
    Artist,
    AsyncBeatPass,
    BackstageRequestStatus,
    BlockReason,
    FingerprintState,
    Playlist,
    ScanStatus,
    Track,
    UploadProgress,
    UploadStep,
)
from beatkit.testing.beatpass import FakeBeatPass


class FakeTime:
    """One clock for the fake, the rate limiter and the client's sleeps: sleeping advances it."""

    def __init__(self) -> None:
        self.now = 1_767_225_600.0  # 2026-01-01, inside every seeded token's lifetime
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def make_client(
    fake: FakeBeatPass, *, token: str | None = "fake", clock: FakeTime | None = None, **kwargs: Any
) -> tuple[AsyncBeatPass, list[float]]:
    """A client on the fake's in-process transport whose sleeps are recorded, not slept.

    ``token="fake"`` means the fake's owner token; ``None`` an anonymous client.
    """
    time = clock or FakeTime()
    client = AsyncBeatPass(
        fake.token if token == "fake" else token,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        **kwargs,
    )
    transport = client._transport
    limiter = RateLimiter(
        requests_per_second=transport.settings.limiter.requests_per_second,
        clock=time,
        wall_clock=time,
    )
    transport.settings = attrs.evolve(transport.settings, async_sleep=time.sleep, limiter=limiter)
    return client, time.waits


@pytest.fixture(autouse=True)
def _no_token_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)


@pytest.fixture
def clock() -> FakeTime:
    return FakeTime()


@pytest.fixture
def fake(clock: FakeTime) -> FakeBeatPass:
    return FakeBeatPass(clock=clock)


def auth_header(request: httpx.Request) -> str | None:
    value: str | None = request.headers.get("authorization")
    return value


# --- auth ---------------------------------------------------------------------------------------


async def test_login_installs_the_token(
    fake: FakeBeatPass, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    client, _ = make_client(fake, token=None)
    assert not client.has_token
    result = await client.login(fake.email, fake.password, token_name="tests")
    assert client.has_token and result.user.id == fake.user_id
    assert result.access_token and result.access_token not in repr(result)
    assert fake.requests[-1].headers.get("authorization") is None
    playlist = await client.playlists.create("From a login")
    assert auth_header(fake.requests[-1]) == f"Bearer {result.access_token}"
    assert playlist.owner_id == fake.user_id
    for secret in (result.access_token, fake.password):
        assert secret not in caplog.text and secret not in repr(client)


async def test_login_with_wrong_password_is_a_field_error(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, token=None)
    with pytest.raises(UnprocessableEntityError) as info:
        await client.login(fake.email, "not-the-password")
    assert "email" in info.value.field_errors
    assert "not-the-password" not in str(info.value) and not client.has_token


async def test_token_from_the_environment(
    fake: FakeBeatPass, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEATPASS_TOKEN", fake.token)
    async with AsyncBeatPass(
        base_url=fake.base_url, http_client=httpx.AsyncClient(transport=fake.transport())
    ) as client:
        track = await client.tracks.get(fake.track_id)
    assert auth_header(fake.requests[0]) == f"Bearer {fake.token}"
    assert track.bpm is not None  # full fields come with a token


async def test_bad_token_is_authentication_error(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, token="wrong-token")
    with pytest.raises(AuthenticationError) as info:
        await client.tracks.get(fake.track_id)
    assert info.value.message == "Unauthenticated."
    assert "wrong-token" not in str(info.value) and "wrong-token" not in repr(info.value)


async def test_empty_token_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        AsyncBeatPass("  ")
    with pytest.raises(ConfigurationError, match="http"):
        AsyncBeatPass(base_url="http://open.beatpass.ca/api/v1")


@pytest.mark.parametrize("token", ["abcSECRET\ndef", "abcSECRET\r\nX-Evil: 1", "abc\x7fSECRET"])
async def test_a_token_http_cannot_carry_is_refused_without_echoing_it(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sent, it failed in httpx with "Illegal header value b'Bearer abcSECRET...'" as the cause.
    with pytest.raises(ConfigurationError) as info:
        AsyncBeatPass(token)
    assert "SECRET" not in str(info.value) and "SECRET" not in repr(info.value)
    monkeypatch.setenv("BEATPASS_TOKEN", token)
    with pytest.raises(ConfigurationError, match="BEATPASS_TOKEN") as info:
        AsyncBeatPass()
    assert "SECRET" not in str(info.value)


# --- anonymous reads and the write guard -----------------------------------------------


async def test_anonymous_reads_get_minimal_fields(fake: FakeBeatPass) -> None:
    anonymous, _ = make_client(fake, token=None, strict=True)
    track = await anonymous.tracks.get(fake.track_id)
    assert track.name and track.artists and track.model_type == "track"
    assert track.bpm is None and track.is_liked is None and track.description is None
    assert auth_header(fake.requests[-1]) is None
    full, _ = make_client(fake, strict=True)
    detailed = await full.tracks.get(fake.track_id)
    assert detailed.bpm is not None and detailed.is_liked is True
    assert isinstance(detailed.price, Decimal)


WRITES: list[tuple[str, Callable[[AsyncBeatPass], Any]]] = [
    ("tracks.create", lambda c: c.tracks.create("x")),
    ("tracks.update", lambda c: c.tracks.update(1, name="y")),
    ("tracks.delete", lambda c: c.tracks.delete([1, 2])),
    ("tracks.extract_metadata", lambda c: c.tracks.extract_metadata(1)),
    ("albums.create", lambda c: c.albums.create("x")),
    ("albums.delete", lambda c: c.albums.delete(1)),
    ("artists.pin", lambda c: c.artists.pin(1, 1)),
    ("backstage.create", lambda c: c.backstage.create("become-artist", artist_name="A", data={})),
    ("backstage.revoke", lambda c: c.backstage.revoke(1)),
    ("credits.create", lambda c: c.credits.create(1, role="producer", title="T")),
    ("credits.create_album", lambda c: c.credits.create_album(1, role="producer", album_name="A")),
    ("credits.delete", lambda c: c.credits.delete(1, 1)),
    ("playlists.create", lambda c: c.playlists.create("x")),
    ("playlists.follow", lambda c: c.playlists.follow(1)),
    ("playlists.invite", lambda c: c.playlists.invite(1, 2)),
    ("lyrics.update", lambda c: c.lyrics.update(1, text="la")),
    ("fingerprints.generate", lambda c: c.fingerprints.generate(1)),
    ("cover_art.preview", lambda c: c.cover_art.preview(1)),
    ("purchases.initiate", lambda c: c.purchases.initiate(1)),
    ("licenses.revoke", lambda c: c.licenses.revoke("u")),
    ("coupons.validate", lambda c: c.coupons.validate("WELCOME10")),
]


@pytest.mark.parametrize(("name", "call"), WRITES, ids=[w[0] for w in WRITES])
async def test_writes_without_a_token_fail_before_sending(
    fake: FakeBeatPass, name: str, call: Callable[[AsyncBeatPass], Any]
) -> None:
    client, _ = make_client(fake, token=None)
    with pytest.raises(ConfigurationError, match="token"):
        await call(client)
    assert fake.requests == []


async def test_anonymous_plays_are_allowed(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, token=None)
    before = fake.db.tracks[fake.track_id]["plays"]
    play = await client.tracks.log_play(fake.track_id)
    assert play.play_id is not None
    updated = await client.tracks.update_play_duration(fake.track_id, 42_000)
    assert updated.play_id == play.play_id and updated.duration == 42_000
    assert fake.db.tracks[fake.track_id]["plays"] == before + 1
    waves = await client.tracks.wave_batch([1, 2])
    assert set(waves.waves) == {"1", "2"}


# --- tracks -------------------------------------------------------------------------------------


async def test_list_tracks_walks_every_page(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    pager = client.tracks.list(per_page=50)
    assert fake.requests == []
    tracks = [t async for t in pager]
    assert len(tracks) == len(fake.db.tracks) == 120
    assert len({t.id for t in tracks}) == 120
    assert [r.url.params["page"] for r in fake.requests[1:]] == ["2", "3"]
    page = await client.tracks.list(per_page=25).first_page()
    assert page.total == 120 and page.has_next and len(page.items) == 25


async def test_list_tracks_query_and_limit(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    word = fake.db.tracks[1]["name"].split()[0]
    found = [t async for t in client.tracks.list(query=word)]
    assert found and all(word.casefold() in (t.name or "").casefold() for t in found)
    limited = [t async for t in client.tracks.list(per_page=7, limit=10)]
    assert len(limited) == 10


async def test_get_track_with_includes(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    track = await client.tracks.get(fake.track_id, include=["album", "genres", "tags"])
    assert fake.requests[-1].url.params["with"] == "album,genres,tags"
    assert track.genres and track.tags
    assert isinstance(track.release_date, date)
    assert track.created_at is not None and track.created_at.tzinfo is not None


async def test_track_crud_round_trip(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    created = await client.tracks.create(
        "Night Drive", duration=180_000, genre="trap", bpm=140, key="A minor", tags=["dark"]
    )
    assert isinstance(created, Track) and created.name == "Night Drive"
    assert created.bpm == 140
    fetched = await client.tracks.get(created.id, include=["tags"])
    assert fetched.tags is not None and [t.name for t in fetched.tags] == ["dark"]
    updated = await client.tracks.update(created.id, name="Night Drive (remix)", price="29.99")
    assert updated.name == "Night Drive (remix)" and updated.price == Decimal("29.99")
    await client.tracks.delete(created.id)
    with pytest.raises(NotFoundError):
        await client.tracks.get(created.id)


async def test_delete_several_tracks_in_one_request(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    ids = [(await client.tracks.create(f"Beat {n}")).id for n in range(3)]
    await client.tracks.delete(ids)
    request = fake.requests[-1]
    assert request.method == "DELETE"
    assert request.url.path.endswith("/tracks/" + ",".join(map(str, ids)))
    assert not set(ids) & set(fake.db.tracks)


async def test_validation_error_exposes_fields(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    with pytest.raises(UnprocessableEntityError) as info:
        await client.tracks.create("Bad", bpm=0, release_date="someday")
    assert set(info.value.field_errors) == {"bpm", "release_date"}
    assert info.value.status_code == 422 and info.value.message


async def test_someone_elses_track_is_forbidden(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    with pytest.raises(PermissionDeniedError) as info:
        await client.tracks.update(fake.other_track_id, name="mine now")
    assert info.value.status_code == 403
    with pytest.raises(PermissionDeniedError):
        await client.tracks.engagement_metrics(fake.other_track_id)


async def test_waveforms(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    wave = await client.tracks.wave(fake.track_id)
    assert len(wave.peaks) == 64 and all(0 <= p <= 1 for p in wave.peaks)
    batch = await client.tracks.wave_batch([1, 2, 3])
    assert batch.waves["1"] == wave.peaks


async def test_track_analytics(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    metrics = await client.tracks.engagement_metrics(fake.track_id)
    assert metrics.figures["track_id"] == fake.track_id and "plays" in metrics.figures
    analytics = await client.tracks.producer_analytics(fake.track_id)
    assert analytics.figures["plays_by_day"] and "status" not in analytics.figures


# --- downloads ------------------------------------------------------------------------------------


async def test_download_writes_the_exact_bytes(fake: FakeBeatPass, tmp_path: Path) -> None:
    client, _ = make_client(fake, token=None)
    seen: list[FileProgress] = []
    dest = tmp_path / "beat.wav"
    saved = await client.tracks.download(fake.free_track_id, dest, progress=seen.append)
    expected = fake.audio_bytes(fake.free_track_id)
    assert dest.read_bytes() == expected
    assert saved.bytes_written == len(expected) and saved.content_type == "audio/wav"
    assert seen and seen[-1].bytes_written == len(expected) == seen[-1].bytes_total


async def test_failed_download_leaves_the_old_file(fake: FakeBeatPass, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    dest = tmp_path / "beat.wav"
    dest.write_bytes(b"previous version")
    with pytest.raises(PermissionDeniedError):
        await client.tracks.download(fake.purchasable_track_id, dest)
    assert dest.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["beat.wav"]


async def test_download_is_retried_after_a_dropped_connection(
    fake: FakeBeatPass, tmp_path: Path
) -> None:
    client, waits = make_client(fake)
    fake.timeout_next()
    dest = tmp_path / "mine.wav"
    await client.tracks.download(fake.track_id, dest)
    assert dest.read_bytes() == fake.audio_bytes(fake.track_id)
    assert len(fake.requests) == 2 and len(waits) == 1


# --- albums and artists ---------------------------------------------------------------------------


async def test_albums(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    albums = [a async for a in client.albums.list(per_page=100)]
    assert len(albums) == 40 and all(isinstance(a, Album) for a in albums)
    album = await client.albums.get(fake.album_id, include=["tracks", "genres", "tags"])
    assert album.tracks is not None and album.genres is not None
    created = await client.albums.create(
        "Coda", description="Eight tracks.", release_date=date(2024, 1, 1), artist_id=1
    )
    assert created.release_date == date(2024, 1, 1)
    updated = await client.albums.update(created.id, name="Coda II")
    assert updated.name == "Coda II"
    analytics = await client.albums.producer_analytics(created.id)
    assert analytics.figures["album_id"] == created.id
    await client.albums.delete([created.id])
    with pytest.raises(NotFoundError):
        await client.albums.get(created.id)


async def test_artists(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    artists = [a async for a in client.artists.list(per_page=100)]
    assert len(artists) == 30 and all(isinstance(a, Artist) for a in artists)
    artist = await client.artists.get(fake.artist_id, include=["albums", "genres", "topTracks"])
    assert artist.albums is not None and artist.albums.data
    assert artist.top_tracks is not None and artist.profile is not None
    tracks = [t async for t in client.artists.tracks(fake.artist_id, per_page=2)]
    assert {t.id for t in tracks} >= {1, 2, 3, 4, 5}
    assert fake.requests[-1].url.params["perPage"] == "2"
    albums = [a async for a in client.artists.albums(fake.artist_id)]
    assert {a.id for a in albums} >= {1, 2}


async def test_artist_analytics_achievements_and_ownership(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    assert (await client.artists.producer_analytics(fake.artist_id)).figures
    assert (await client.artists.downloads_analytics(fake.artist_id)).figures
    achievements = await client.artists.achievements(fake.artist_id)
    assert achievements.level is not None and achievements.achievements
    assert (await client.artists.check_ownership(fake.artist_id)).is_owner is True
    other = await client.artists.check_ownership(fake.other_artist_id)
    assert other.is_owner is False and other.artist_id == fake.other_artist_id
    with pytest.raises(PermissionDeniedError):
        await client.artists.producer_analytics(fake.other_artist_id)


# --- playlists ------------------------------------------------------------------------------------


async def test_playlist_crud_and_tracks(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    playlist = await client.playlists.create(
        "Late night", description="Instrumentals for the small hours.", public=True
    )
    assert isinstance(playlist, Playlist) and playlist.public is True
    added = await client.playlists.add_tracks(playlist.id, [5, 6, 7])
    assert added.tracks_count == 3
    reordered = await client.playlists.reorder_tracks(playlist.id, [7, 5])
    assert reordered.id == playlist.id
    order = [t.id async for t in client.playlists.tracks(playlist.id)]
    assert order == [7, 5, 6]
    removed = await client.playlists.remove_tracks(playlist.id, [5])
    assert removed.tracks_count == 2
    fetched = await client.playlists.get(playlist.id)
    assert fetched.tracks is not None and [t.id for t in fetched.tracks.data] == [7, 6]
    assert fetched.total_duration == sum(fake.db.tracks[i]["duration"] for i in (7, 6))
    updated = await client.playlists.update(playlist.id, name="Later night", collaborative=True)
    assert updated.name == "Later night" and updated.collaborative is True
    await client.playlists.delete(playlist.id)
    with pytest.raises(NotFoundError):
        await client.playlists.get(playlist.id)


async def test_playlists_list_and_follow(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    playlists = [p async for p in client.playlists.list(per_page=5)]
    assert len(playlists) >= 3 and len({p.id for p in playlists}) == len(playlists)
    await client.playlists.follow(fake.other_playlist_id)
    assert (await client.playlists.get(fake.other_playlist_id)).is_following is True
    await client.playlists.unfollow(fake.other_playlist_id)
    assert (await client.playlists.get(fake.other_playlist_id)).is_following is False
    with pytest.raises(PermissionDeniedError):
        await client.playlists.update(fake.other_playlist_id, name="taken")


async def test_acknowledgements_keep_the_status_the_api_sent(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    followed = await client.playlists.follow(fake.other_playlist_id)
    assert followed.status == "success"
    assert (await client.playlists.unfollow(fake.other_playlist_id)).status == "success"
    await client.artists.pin(fake.artist_id, 3)
    unpinned = await client.artists.unpin(fake.artist_id, 3)
    assert (unpinned.status, unpinned.message) == ("success", "Track unpinned.")


async def test_collaboration_invite_accept_and_remove(fake: FakeBeatPass) -> None:
    owner, _ = make_client(fake)
    guest, _ = make_client(fake, token=fake.other_token)
    invitation = await owner.playlists.invite(fake.playlist_id, fake.other_user_id)
    assert invitation.status == "pending" and invitation.user_id == fake.other_user_id
    assert invitation.message == "Invitation sent successfully"
    assert invitation.expires_at is not None and invitation.invited_at is not None
    joined = await guest.playlists.accept_invite(fake.playlist_id)
    assert joined.editors is not None and fake.other_user_id in {u.id for u in joined.editors}
    await guest.playlists.add_tracks(fake.playlist_id, [100])  # editors may change tracks
    await owner.playlists.remove_editor(fake.playlist_id, fake.other_user_id)
    # Re-inviting within 24 hours is refused.
    with pytest.raises(UnprocessableEntityError) as info:
        await owner.playlists.invite(fake.playlist_id, fake.other_user_id)
    assert "user_id" in info.value.field_errors


async def test_collaboration_decline_expiry_and_limit(fake: FakeBeatPass, clock: FakeTime) -> None:
    owner, _ = make_client(fake, clock=clock)
    guest, _ = make_client(fake, token=fake.other_token, clock=clock)
    await owner.playlists.invite(fake.playlist_id, fake.other_user_id)
    await guest.playlists.decline_invite(fake.playlist_id)
    with pytest.raises(NotFoundError):
        await guest.playlists.accept_invite(fake.playlist_id)
    clock.now += 25 * 3600  # past the re-invite cooldown
    await owner.playlists.invite(fake.playlist_id, fake.other_user_id)
    clock.now += 8 * 86400  # invitations expire after 7 days
    with pytest.raises(NotFoundError, match="expired"):
        await guest.playlists.accept_invite(fake.playlist_id)
    editors = [fake.add_user(f"Editor {n}") for n in range(10)]
    for editor in editors:
        await owner.playlists.invite(fake.playlist_id, editor.id)
        editor_client, _ = make_client(fake, token=editor.token, clock=clock)
        await editor_client.playlists.accept_invite(fake.playlist_id)
    late = fake.add_user("Eleventh")
    with pytest.raises(UnprocessableEntityError, match="10 editors"):
        await owner.playlists.invite(fake.playlist_id, late.id)


# --- errors, retries and pacing --------------------------------------------------------


async def test_not_found_message(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    with pytest.raises(NotFoundError) as info:
        await client.tracks.get(999_999)
    assert "999999" in info.value.message and info.value.service == "beatpass"


async def test_rate_limited_read_waits_retry_after(fake: FakeBeatPass) -> None:
    client, waits = make_client(fake)
    fake.fail_next(429, headers={"Retry-After": "7"})
    assert (await client.tracks.get(fake.track_id)).id == fake.track_id
    assert 7.0 in waits and len(fake.requests) == 2


async def test_rate_limit_body_value_is_used_without_a_header(fake: FakeBeatPass) -> None:
    client, waits = make_client(fake, max_retries=0)
    fake.fail_next(429, body={"message": "Too Many Attempts.", "retry_after": 42})
    with pytest.raises(RateLimitError) as info:
        await client.tracks.get(fake.track_id)
    assert info.value.retry_after == 42
    retrying, waits = make_client(fake)
    fake.fail_next(429, body={"message": "Too Many Attempts.", "retry_after": 42})
    await retrying.tracks.get(fake.track_id)
    assert 42.0 in waits


async def test_rate_limited_write_is_retried(fake: FakeBeatPass) -> None:
    # A 429 means the server did nothing: even a POST may be sent again.
    client, waits = make_client(fake)
    fake.fail_next(429, headers={"Retry-After": "1"})
    playlist = await client.playlists.create("Retried")
    assert playlist.name == "Retried" and waits == [1.0]
    assert sum(1 for p in fake.db.playlists.values() if p["name"] == "Retried") == 1


async def test_long_retry_after_raises_at_once(fake: FakeBeatPass) -> None:
    client, waits = make_client(fake, max_retry_wait=30)
    fake.fail_next(429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitError) as info:
        await client.tracks.get(1)
    assert info.value.retry_after == 3600 and waits == [] and len(fake.requests) == 1


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("PUT", lambda c: c.tracks.update(1, name="x")),
        ("DELETE", lambda c: c.tracks.delete(2)),
        ("POST", lambda c: c.playlists.create("x")),
    ],
)
async def test_writes_are_never_replayed_after_a_server_error(
    fake: FakeBeatPass, name: str, call: Callable[[AsyncBeatPass], Any]
) -> None:
    client, waits = make_client(fake, max_retries=3)
    fake.fail_next(503, count=5)
    with pytest.raises(ServerError):
        await call(client)
    assert len(fake.requests) == 1 and waits == []
    assert fake.requests[0].method == name


async def test_writes_are_never_replayed_after_a_timeout(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, max_retries=3)
    fake.timeout_next()
    with pytest.raises(APITimeoutError):
        await client.tracks.update(1, name="x")
    assert len(fake.requests) == 1


async def test_writes_that_never_left_are_retried(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    fake.disconnect_next()  # a connect failure: nothing reached the server
    await client.tracks.update(1, name="Resent")
    assert fake.db.tracks[1]["name"] == "Resent" and len(fake.requests) == 2


async def test_reads_are_retried_after_server_errors(fake: FakeBeatPass) -> None:
    client, waits = make_client(fake, max_retries=2)
    fake.fail_next(503, count=2)
    assert (await client.tracks.get(1)).id == 1
    assert len(fake.requests) == 3 and len(waits) == 2


async def test_pacing_from_rate_limit_headers(clock: FakeTime) -> None:
    fake = FakeBeatPass(rate_limit=5, rate_limit_window=60, clock=clock)
    client, waits = make_client(fake, clock=clock)
    for _ in range(8):
        await client.genres.get(fake.genre_name)
    # The client waited for the window instead of being answered 429 (and retrying).
    assert len(fake.requests) == 8
    assert waits and max(waits) <= 60
    assert clock.now - 1_767_225_600.0 >= 55  # the fake's window rolled over by fake time
    state = client.rate_limit
    assert state is not None and state.limit == 5 and state.reset_at is not None


async def test_garbage_body_is_decode_error(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    fake.garbage_next(status=200)
    with pytest.raises(ResponseDecodeError):
        await client.tracks.get(1)


async def test_over_a_real_loopback_socket(fake: FakeBeatPass) -> None:
    with fake.serve() as server:
        async with AsyncBeatPass(fake.token, base_url=server.base_url) as client:
            tracks = [t async for t in client.tracks.list(per_page=100, limit=110)]
            assert len(tracks) == 110
            playlist = await client.playlists.create("Over a socket")
            assert playlist.owner_id == fake.user_id


async def test_caller_http_client_is_not_closed(fake: FakeBeatPass) -> None:
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatPass(fake.token, base_url=fake.base_url, http_client=http) as client:
        await client.tracks.get(1)
    assert not http.is_closed
    await http.aclose()


# --- backstage -----------------------------------------------------------------------------------


async def test_backstage_submission_and_pending_guard(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    status = await client.backstage.submission_status()
    assert status.can_submit is True and status.block_reason is None
    request = await client.backstage.create(
        "become-artist",
        artist_name="Nova Keys",
        data={"first_name": "Nova", "beats_url": "https://example.com/beats"},
    )
    assert request.status is BackstageRequestStatus.PENDING and request.data is not None
    blocked = await client.backstage.submission_status()
    assert blocked.can_submit is False and blocked.block_reason is BlockReason.PENDING
    assert blocked.blocking_request_id == request.id
    with pytest.raises(BackstageRequestPendingError) as info:
        await client.backstage.create(
            "claim-artist", artist_name="Nova", data={}, artist_id="CURRENT_USER"
        )
    assert info.value.status_code == 409 and info.value.code == "backstage_request_pending"
    assert "under review" in info.value.message and info.value.contact_url is None


async def test_backstage_revoked_guard_and_admin_revoke(fake: FakeBeatPass) -> None:
    admin, _ = make_client(fake, token=fake.admin_token)
    owner, _ = make_client(fake)
    request = await owner.backstage.create("become-artist", artist_name="Nova", data={})
    fake.set_backstage_status(request.id, "approved")
    with pytest.raises(PermissionDeniedError):
        await owner.backstage.revoke(request.id)
    revoked = await admin.backstage.revoke(request.id, notes="Terms violation")
    assert revoked.status is BackstageRequestStatus.REVOKED and revoked.notes == "Terms violation"
    status = await owner.backstage.submission_status()
    assert status.block_reason is BlockReason.REVOKED and status.contact_url == "/contact"
    with pytest.raises(BackstageRequestRevokedError) as info:
        await owner.backstage.create("become-artist", artist_name="Nova again", data={})
    assert info.value.contact_url == "/contact" and "revoked" in info.value.message


async def test_backstage_validation(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake)
    with pytest.raises(UnprocessableEntityError) as info:
        await client.backstage.create("verify-artist", artist_name="Nova", data={})
    assert "artist_id" in info.value.field_errors
    with pytest.raises(ValueError, match="type"):
        await client.backstage.create("become-a-star", artist_name="Nova", data={})


# --- credits and pinning --------------------------------------------------------------------------


async def test_credits_crud_and_reorder(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    roles = await client.credits.roles()
    assert {r.name for r in roles} >= {"Producer", "Engineer", "Songwriter"}
    credits = await client.credits.list(fake.artist_id)
    assert [c.position for c in credits] == sorted(c.position or 0 for c in credits)
    track_credit = await client.credits.create(
        fake.artist_id, role="Producer", title="Midnight Run", spotify_id="abc"
    )
    assert track_credit.type == "track" and track_credit.role == "producer"
    album_credit = await client.credits.create_album(
        fake.artist_id, role="mixing-engineer", album_name="Night Tapes"
    )
    assert album_credit.type == "album" and album_credit.album_name == "Night Tapes"
    updated = await client.credits.update(fake.artist_id, track_credit.id, title="Midnight Run II")
    assert updated.title == "Midnight Run II"
    ids = [c.id for c in await client.credits.list(fake.artist_id)]
    reordered = await client.credits.reorder(fake.artist_id, list(reversed(ids)))
    assert [c.id for c in reordered] == list(reversed(ids))
    await client.credits.delete(fake.artist_id, album_credit.id)
    assert album_credit.id not in {c.id for c in await client.credits.list(fake.artist_id)}
    with pytest.raises(PermissionDeniedError):
        await client.credits.create(fake.other_artist_id, role="producer", title="Not mine")


async def test_credit_roles_are_public(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, token=None)
    assert await client.credits.roles()
    assert auth_header(fake.requests[-1]) is None


async def test_spotify_lookup_for_credits(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    found = await client.credits.spotify_search("night drive", type="album")
    assert found.results and all(item.type == "album" for item in found.results)
    album = await client.credits.spotify_album(found.results[0].id)
    assert album.id == found.results[0].id and album.tracks
    assert fake.requests[-1].url.params["id"] == found.results[0].id


async def test_pinning(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    assert (await client.artists.pinned_track(fake.artist_id)).track is None
    pinned = await client.artists.pin(fake.artist_id, 3)
    assert pinned.track is not None and pinned.track.id == 3
    anonymous, _ = make_client(fake, token=None)
    shown = await anonymous.artists.pinned_track(fake.artist_id)
    assert shown.track is not None and shown.track.id == 3
    await client.artists.unpin(fake.artist_id, 3)
    assert (await client.artists.pinned_track(fake.artist_id)).track is None
    with pytest.raises(UnprocessableEntityError):
        await client.artists.pin(fake.artist_id, fake.other_track_id)


async def test_a_pinned_track_that_is_not_an_object_is_a_decode_error(fake: FakeBeatPass) -> None:
    # It was read as "nothing pinned". PHP's empty array ([]) still means none.
    client, _ = make_client(fake)
    for answer in ({"track": "3"}, {"pinned_track": 3}, {"data": [{"id": 3}]}):
        fake.fail_next(200, body=answer)
        with pytest.raises(ResponseDecodeError, match="track"):
            await client.artists.pinned_track(fake.artist_id)
    for answer in ({"track": []}, {"track": None}, {"status": "ok"}):
        fake.fail_next(200, body=answer)
        assert (await client.artists.pinned_track(fake.artist_id)).track is None


# --- lyrics, fingerprints, Audio Recon ------------------------------------------------------------


async def test_lyrics(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    lyrics = [x async for x in client.lyrics.list(per_page=7)]
    assert len(lyrics) == 20 and len(fake.requests) == 3
    lyric = await client.lyrics.for_track(fake.track_id)
    assert lyric.id == fake.lyric_id and lyric.text
    created = await client.lyrics.create(3, "[Hook]\nla la", is_synced=False)
    assert created.track_id == 3
    updated = await client.lyrics.update(created.id, text="[Hook]\nna na")
    assert updated.text == "[Hook]\nna na"
    await client.lyrics.delete([created.id])
    with pytest.raises(NotFoundError):
        await client.lyrics.for_track(3)


async def test_fingerprints(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    job = await client.fingerprints.generate(fake.track_id)
    assert job.fingerprint_id is not None and job.message
    states = [
        (await client.fingerprints.status(fake.track_id)).fingerprint_status for _ in range(2)
    ]
    assert states == [FingerprintState.PROCESSING, FingerprintState.COMPLETED]
    fake.fail_fingerprint(fake.track_id)
    failed = await client.fingerprints.status(fake.track_id)
    assert failed.fingerprint_status is FingerprintState.FAILED
    retried = await client.fingerprints.retry(job.fingerprint_id)
    assert retried.fingerprint_id == job.fingerprint_id
    # Track 21 is seeded with the same audio as track 20.
    duplicates = await client.fingerprints.check_duplicates([20])
    assert [(d.track_id, d.duplicate_track_id) for d in duplicates.duplicates] == [(20, 21)]
    assert (await client.fingerprints.check_duplicates([1])).duplicates == []


async def test_audio_recon_placements(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    result = await client.recon.placements(fake.track_id)
    assert result.scan_status is ScanStatus.COMPLETE and result.artist_verified is True
    scores = [p.confidence_score or 0 for p in result.placements]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 90
    assert result.total_count == len(result.placements)
    assert result.scanned_at is not None and result.scanned_at.tzinfo is not None
    states = [(await client.recon.placements(t)).scan_status for t in (2, 3, 4, 5)]
    assert states == [ScanStatus.NO_RESULTS, ScanStatus.PROCESSING, ScanStatus.FAILED, None]
    unverified = await client.recon.placements(fake.unverified_track_id)
    assert unverified.artist_verified is False and unverified.placements == []


async def test_audio_recon_documented_errors(fake: FakeBeatPass) -> None:
    anonymous, _ = make_client(fake, token=None)
    with pytest.raises(AuthenticationError):
        await anonymous.recon.placements(fake.track_id)
    client, _ = make_client(fake)
    with pytest.raises(PermissionDeniedError, match="credited"):
        await client.recon.placements(fake.other_track_id)
    with pytest.raises(NotFoundError):
        await client.recon.placements(999_999)


# --- cover art, search and discovery --------------------------------------------------------------


async def test_cover_art(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    templates = await client.cover_art.templates()
    assert len(templates) == 12
    template = await client.cover_art.template(fake.template_id)
    assert template == templates[0]
    preview = await client.cover_art.preview(template.id, title="Night Drive", artist="Nova")
    assert preview.preview_url and preview.template_id == template.id
    matching = await client.cover_art.matching_templates(genre=template.genre, mood=template.mood)
    assert template.id in {t.id for t in matching}
    assert all(t.genre == template.genre and t.mood == template.mood for t in matching)


async def test_search(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    word = fake.db.tracks[1]["name"].split()[0]
    results = await client.search(word, types=["track", "album"], limit=5)
    assert results.query == word and results.tracks and len(results.tracks) <= 5
    assert results.artists == [] and results.users == []
    assert fake.requests[-1].url.params["types"] == "track,album"
    everything = await client.search(word)
    assert everything.tracks


async def test_suggestions_and_audio_search(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    name = fake.db.artists[1]["name"]
    artists = await client.search.artist_suggestions(name[:4])
    assert fake.artist_id in {s.id for s in artists}
    one = await client.search.artist_suggestion(fake.artist_id)
    assert one.name == name and one.model_type == "artist"
    albums = await client.search.album_suggestions(fake.db.albums[1]["name"])
    assert fake.album_id in {s.id for s in albums}
    assert (await client.search.album_suggestion(fake.album_id)).id == fake.album_id
    similar = await client.search.audio(fake.track_id, "Nova Keys", "Crimson Dreams")
    assert similar.tracks and fake.track_id not in {t.id for t in similar.tracks}
    assert similar.query is not None and similar.query["artist"] == "Nova Keys"


async def test_genres_tags_and_radio(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    genres = [g async for g in client.genres.list(per_page=5)]
    assert len(genres) == 14 and len(fake.requests) == 3
    genre = await client.genres.get(fake.genre_name)
    assert genre.name == fake.genre_name and genre.display_name
    tag_tracks = [t async for t in client.tags.tracks(fake.tag_name, per_page=10)]
    assert tag_tracks and fake.requests[-1].url.params["perPage"] == "10"
    tag_albums = [a async for a in client.tags.albums(fake.tag_name)]
    assert tag_albums
    with pytest.raises(NotFoundError):
        await client.tags.tracks("no-such-tag").first_page()
    radio = await client.radio.get("track", fake.track_id)
    assert radio.type == "track" and radio.tracks and radio.seed is not None
    by_genre = await client.radio.get("genre", genre.id or 0)
    assert by_genre.tracks
    with pytest.raises(ValueError, match="type"):
        await client.radio.get("mood", 1)


# --- commerce and licensing -----------------------------------------------------------------------


async def test_price_and_coupon(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    price = await client.purchases.calculate_price(fake.purchasable_track_id)
    base = Decimal(str(fake.db.tracks[fake.purchasable_track_id]["price"]))
    assert price.base_price == base and isinstance(price.total, Decimal)
    assert price.total == price.base_price + (price.platform_fee or 0)
    discounted = await client.purchases.calculate_price(
        fake.purchasable_track_id, coupon_code="WELCOME10"
    )
    assert discounted.discount_amount == (base / 10).quantize(Decimal("0.01"))
    exclusive = await client.purchases.calculate_price(fake.purchasable_track_id, is_exclusive=True)
    assert exclusive.is_exclusive is True and (exclusive.total or 0) > (price.total or 0)
    coupon = await client.coupons.validate("SUMMER25", amount=Decimal("40.00"))
    assert coupon.valid and coupon.final_amount == Decimal("30.0")
    assert coupon.coupon is not None and coupon.coupon.discount_value == Decimal("25.0")
    with pytest.raises(UnprocessableEntityError) as info:
        await client.coupons.validate("EXPIRED2023")
    assert "code" in info.value.field_errors
    with pytest.raises(UnprocessableEntityError):
        await client.purchases.calculate_price(fake.exclusive_sold_track_id)


async def test_purchase_flow_never_leaks_the_client_secret(
    fake: FakeBeatPass, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client, _ = make_client(fake, strict=True)
    intent = await client.purchases.initiate(fake.purchasable_track_id)
    secret = intent.client_secret
    assert secret and "_secret_" in secret and intent.purchase_id is not None
    assert secret not in repr(intent) and secret not in str(intent)
    logging.getLogger("beatkit.tests").debug("intent: %r", intent)
    status = await client.purchases.status(fake.purchasable_track_id)
    assert status.purchased is False and status.purchase is not None
    assert status.purchase.status == "pending"
    fake.complete_purchase(intent.purchase_id)
    status = await client.purchases.status(fake.purchasable_track_id)
    assert status.purchased is True
    purchases = [p async for p in client.purchases.list(per_page=1)]
    assert intent.purchase_id in {p.id for p in purchases}
    assert all(isinstance(p.amount, Decimal) for p in purchases)
    assert secret not in caplog.text


async def test_initiate_is_not_replayed(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, max_retries=3)
    fake.fail_next(502)
    with pytest.raises(ServerError):
        await client.purchases.initiate(fake.purchasable_track_id)
    assert len(fake.requests) == 1


async def test_licenses(fake: FakeBeatPass, tmp_path: Path) -> None:
    client, _ = make_client(fake, strict=True)
    track = fake.purchased_track_id
    check = await client.licenses.check(track)
    assert check.has_license and check.license_details is not None
    assert check.license_details.uuid == fake.license_uuid
    generated = await client.licenses.generate(track, license_type="basic")
    assert generated.uuid == fake.license_uuid
    batch = await client.licenses.check_batch([track, fake.purchasable_track_id])
    assert batch.licenses == {str(track): True, str(fake.purchasable_track_id): False}
    certificate = await client.licenses.certificate(track)
    assert certificate.license is not None and certificate.track is not None
    assert certificate.issued_at is not None
    dest = tmp_path / "license.pdf"
    saved = await client.licenses.download_pdf(track, dest)
    assert dest.read_bytes() == fake.license_pdf_bytes(fake.license_uuid)
    assert saved.content_type == "application/pdf" and dest.read_bytes().startswith(b"%PDF")
    listed = [x async for x in client.licenses.list()]
    assert fake.license_uuid in {x.uuid for x in listed}
    with pytest.raises(PermissionDeniedError):
        await client.licenses.generate(fake.purchasable_track_id, license_type="basic")


async def test_a_license_check_without_a_license_has_no_details(fake: FakeBeatPass) -> None:
    client, _ = make_client(fake, strict=True)
    check = await client.licenses.check(fake.purchasable_track_id)
    assert check.has_license is False and check.license_details is None


async def test_license_pdf_failure_keeps_nothing(fake: FakeBeatPass, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    with pytest.raises(NotFoundError):
        await client.licenses.download_pdf(fake.purchasable_track_id, tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


async def test_verify_and_revoke_a_license(fake: FakeBeatPass) -> None:
    anonymous, _ = make_client(fake, token=None, strict=True)
    verified = await anonymous.licenses.verify(fake.sold_license_uuid)
    assert verified.valid is True and verified.license_details is not None
    seller, _ = make_client(fake)
    await seller.licenses.revoke(fake.sold_license_uuid)
    assert (await anonymous.licenses.verify(fake.sold_license_uuid)).valid is False
    with pytest.raises(NotFoundError):
        await anonymous.licenses.verify("00000000-0000-4000-8000-000000000000")
    buyer, _ = make_client(fake, token=fake.other_token)
    with pytest.raises(PermissionDeniedError):
        await buyer.licenses.revoke(fake.license_uuid)


# --- uploads ---------------------------------------------------------------------------


async def test_upload_flow_creates_a_track(fake: FakeBeatPass, tmp_path: Path) -> None:
    audio = fake.audio_bytes(30)  # a real WAV file
    source = tmp_path / "late_night-drive.wav"
    source.write_bytes(audio)
    seen: list[UploadProgress] = []
    client, _ = make_client(fake, strict=True)
    track = await client.tracks.upload(source, progress=seen.append, tags=["night"], bpm=95)
    assert isinstance(track, Track) and track.name == "Late Night Drive"
    assert track.bpm == 95 and track.file_entry_id is not None
    steps = [p.step for p in seen]
    assert steps[-3:] == [UploadStep.EXTRACT_METADATA, UploadStep.CREATE_TRACK, UploadStep.DONE]
    uploads = [p for p in seen if p.step is UploadStep.UPLOAD]
    assert uploads and uploads[-1].bytes_sent == uploads[-1].bytes_total == len(audio)
    upload_request = fake.requests_to("/uploads", "POST")[0]
    assert upload_request.headers["content-type"].startswith("multipart/form-data")
    created = fake.requests_to("/tracks", "POST")[-1]
    assert b'"file_entry_id"' in created.content
    dest = tmp_path / "back.wav"
    await client.tracks.download(track.id, dest)
    assert dest.read_bytes() == audio  # the uploaded audio, byte for byte


@pytest.mark.parametrize(
    ("file_name", "title"),
    [
        ("café_noir.wav", "Café Noir"),
        ("ナイト.wav", "ナイト"),
        ('the "one".wav', 'The "One"'),
    ],
)
async def test_the_fake_reads_a_file_name_as_it_was_sent(
    fake: FakeBeatPass, tmp_path: Path, file_name: str, title: str
) -> None:
    # httpx writes a multipart file name in UTF-8, a quote as %22: the fake read the
    # bytes as Latin-1 ("CafÃ© Noir") and kept the escape ("The %22One%22").
    source = tmp_path / file_name
    source.write_bytes(fake.audio_bytes(5))
    client, _ = make_client(fake, strict=True)
    entry = await client.uploads.create(source)
    assert entry.name == file_name
    track = await client.tracks.upload(source)
    assert track.name == title


async def test_upload_checks_the_path_and_token_first(fake: FakeBeatPass, tmp_path: Path) -> None:
    client, _ = make_client(fake)
    with pytest.raises(FileNotFoundError):
        await client.tracks.upload(tmp_path / "missing.mp3")
    with pytest.raises(IsADirectoryError):
        await client.tracks.upload(tmp_path)
    (tmp_path / "empty.mp3").write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        await client.uploads.create(tmp_path / "empty.mp3")
    anonymous, _ = make_client(fake, token=None)
    (tmp_path / "beat.mp3").write_bytes(b"ID3" + bytes(64))
    with pytest.raises(ConfigurationError):
        await anonymous.tracks.upload(tmp_path / "beat.mp3")
    # A bad name would be refused only at the last step, after the upload.
    with pytest.raises(ValueError, match="name"):
        await client.tracks.upload(tmp_path / "beat.mp3", name="  ")
    with pytest.raises(TypeError, match="name"):
        await client.tracks.upload(tmp_path / "beat.mp3", name=None)
    assert fake.requests == []


async def test_upload_steps_one_by_one(fake: FakeBeatPass, tmp_path: Path) -> None:
    source = tmp_path / "copy.wav"
    source.write_bytes(fake.audio_bytes(20))
    client, _ = make_client(fake, strict=True)
    entry = await client.uploads.create(source)
    assert entry.file_size == source.stat().st_size and entry.name == "copy.wav"
    metadata = await client.tracks.extract_metadata(entry.id)
    assert metadata.title == "Copy" and metadata.duration
    # The uploaded audio is already in the catalog: tracks 20 and 21 share it.
    duplicates = await client.fingerprints.check_duplicates(file_entry_id=entry.id)
    assert {d.duplicate_track_id for d in duplicates.duplicates} == {20, 21}
    track = await client.tracks.create("Copy", file_entry_id=entry.id)
    assert track.file_entry_id == entry.id
    notes = tmp_path / "notes.txt"
    notes.write_text("not audio")
    with pytest.raises(UnprocessableEntityError) as info:
        await client.uploads.create(notes)
    assert "file" in info.value.field_errors
