"""A user's script over beatkit's public API, for ``mypy --strict`` (never run).

``tests/test_typing.py`` type-checks this file. Each ``assert_type`` pins the type a
user's checker sees: a result that turned into ``Any``, an overload that picked the
wrong return type, a type only importable from a private module or a parameter that
refuses what the docs pass all fail the check. The functions take their clients as
parameters and are never called, so nothing here sends a request.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, assert_type

import httpx

from beatkit import (
    AsyncBeatConnect,
    AsyncBeatPass,
    AsyncBeatport,
    AsyncBeatTech,
    AsyncPager,
    BeatConnect,
    BeatPass,
    Beatport,
    BeatTech,
    FileProgress,
    NotFoundError,
    Page,
    Pager,
    RateLimitError,
    RateLimitState,
    SavedFile,
    beatconnect,
    beatpass,
    beatport,
    beattech,
)
from beatkit.auth import FileTokenStore, MemoryTokenStore, Token, TokenStore
from beatkit.beatconnect.webhooks import BeatPurchased, EventPayload, construct_event
from beatkit.beattech import PendingChange, SyncResult
from beatkit.beattech.reports import PlaybackEvent, PlaybackTracker
from beatkit.hls import (
    AsyncHLSDownloader,
    DownloadResult,
    HLSDownloader,
    MasterPlaylist,
    MediaPlaylist,
    Progress,
    parse_playlist,
)
from beatkit.testing import (
    FakeBeatConnect,
    FakeBeatPass,
    FakeBeatport,
    FakeBeatTech,
    FakeServer,
    FakeService,
    serve,
)


def beatconnect_sync(bc: BeatConnect) -> None:
    pager = bc.beats.list(genre=1, sort="popular", limit=50)
    assert_type(pager, Pager[beatconnect.Beat])
    for beat in pager:
        assert_type(beat, beatconnect.Beat)
        assert_type(beat.price, Decimal | None)
    assert_type(pager.pages(), Generator[Page[beatconnect.Beat], None, None])
    page = pager.first_page()
    assert_type(page.items, list[beatconnect.Beat])
    assert_type(page.total, int | None)
    assert_type(pager.to_list(), list[beatconnect.Beat])
    assert_type(bc.beats.get(1234), beatconnect.Beat)
    assert_type(bc.search("amapiano", type="all"), beatconnect.SearchResults)
    assert_type(bc.orders.list(status=beatconnect.OrderStatus.COMPLETED), Pager[beatconnect.Order])
    assert_type(bc.genres.list(), list[beatconnect.Genre])
    assert_type(bc.rate_limit, RateLimitState | None)


async def beatconnect_async(bc: AsyncBeatConnect) -> None:
    pager = bc.beats.search("night", limit=10)
    assert_type(pager, AsyncPager[beatconnect.Beat])
    async for beat in pager:
        assert_type(beat, beatconnect.Beat)
    assert_type(pager.pages(), AsyncGenerator[Page[beatconnect.Beat], None])
    assert_type(await pager.first_page(), Page[beatconnect.Beat])
    assert_type(await pager.to_list(), list[beatconnect.Beat])
    assert_type(await bc.beats.get(1234), beatconnect.Beat)


def webhooks(body: bytes, headers: dict[str, str]) -> None:
    event = construct_event(body, headers, "secret")
    assert_type(event.payload, EventPayload | None)
    if isinstance(event.payload, BeatPurchased):
        assert_type(event.payload.amount, Decimal)


def beatport_sync(bp: Beatport) -> None:
    assert_type(bp.auth.token, Token | None)
    assert_type(bp.auth.login("dj@example.com", "password"), Token)
    for track in bp.tracks.list(isrc="GBDUW0000058"):
        assert_type(track, beatport.Track)
    assert_type(bp.genres.top100(6, limit=20), Pager[beatport.Track])
    assert_type(bp.tracks.save_stream(1, "track.aac"), DownloadResult)

    def on_progress(progress: FileProgress) -> None:
        print(progress.bytes_written, progress.bytes_total)

    saved = bp.tracks.save_download(1, Path("track.flac"), progress=on_progress)
    assert_type(saved, SavedFile)


async def beatport_async(bp: AsyncBeatport) -> None:
    assert_type(await bp.auth.login("dj@example.com", "password"), Token)
    top = [track async for track in bp.genres.top100(6, limit=10)]
    assert_type(top, list[beatport.Track])
    assert_type(await bp.tracks.save_stream(top[0].id, "number-one.aac"), DownloadResult)


def beatpass_sync(bp: BeatPass) -> None:
    assert_type(bp.tracks.list(limit=50), Pager[beatpass.Track])
    playlist = bp.playlists.create("Drafts", description="Unfinished beats.")
    assert_type(playlist, beatpass.Playlist)
    assert_type(bp.playlists.add_tracks(playlist.id, (1, 2, 3)), beatpass.Playlist)
    assert_type(bp.tracks.upload("beat.wav", name="Night Drive"), beatpass.Track)
    assert_type(bp.tracks.download(1, "night-drive.wav"), SavedFile)


async def beatpass_async(bp: AsyncBeatPass) -> None:
    assert_type(await bp.tracks.upload("beat.wav", name="Night Drive"), beatpass.Track)


def beattech_sync(bt: BeatTech, when: datetime) -> None:
    assert_type(bt.auth.login("reader@example.com", "pw"), Token)
    assert_type(bt.auth.user_id, str | None)
    for track in bt.tracks.search("gaga", limit=50):
        assert_type(track, beattech.Track)
        assert_type(bt.streams.online(track.id, formats=["*/high"]), beattech.Stream)
        change = PendingChange.favourite("track", track.id, True, changed_at=when)
        assert_type(bt.sync.run((change,), base_change_id=None), SyncResult)
    tracker = PlaybackTracker("8")
    tracker.play_to(45)
    tracker.end()
    assert_type(tracker.events, tuple[PlaybackEvent, ...])


async def beattech_async(bt: AsyncBeatTech) -> None:
    async for track in bt.tracks.search("gaga"):
        assert_type(await bt.streams.online(track.id), beattech.Stream)


def errors(bc: BeatConnect) -> None:
    try:
        bc.beats.get(42)
    except NotFoundError as exc:
        assert_type(exc.code, str | None)
        assert_type(exc.message, str)
        assert_type(exc.status_code, int)
        assert_type(exc.request_id, str | None)
    except RateLimitError as exc:
        assert_type(exc.retry_after, float | None)


class KeyringStore:
    """A user's own token store: any object with load, save and clear will do."""

    def load(self) -> Token | None:
        return None

    def save(self, token: Token) -> None:
        pass

    def clear(self) -> None:
        pass


def token_stores() -> None:
    stores: list[TokenStore] = [
        MemoryTokenStore(),
        FileTokenStore(Path("token.json")),
        FileTokenStore("token.json"),
        KeyringStore(),
    ]
    Beatport(client_id="id", store=stores[-1])


def hls(text: str) -> None:
    playlist = parse_playlist(text, "https://cdn.example.com/track.m3u8")
    assert_type(playlist, MediaPlaylist | MasterPlaylist)

    def on_progress(progress: Progress) -> None:
        pass

    result = HLSDownloader().download(
        "https://cdn.example.com/t.m3u8", "t.aac", progress=on_progress
    )
    assert_type(result, DownloadResult)


async def hls_async() -> None:
    result = await AsyncHLSDownloader().download("https://cdn.example.com/t.m3u8", "t.aac")
    assert_type(result, DownloadResult)


def fakes() -> None:
    fake = FakeBeatConnect()
    assert_type(fake.transport(), httpx.MockTransport)
    with serve(fake) as server:
        # The server keeps the fake's own type: its seed data is at hand.
        assert_type(server, FakeServer[FakeBeatConnect])
        assert_type(server.fake, FakeBeatConnect)
        assert_type(server.fake.beats, list[dict[str, Any]])
    with FakeBeatTech().serve() as tech:
        assert_type(tech.fake, FakeBeatTech)


def misspelt_names() -> None:
    # The lazy exports are not a module __getattr__ to the checker: a misspelt name is
    # an error, not Any (the ignore would be reported unused, strict's warn_unused_ignores).
    from beatkit import BeatConect  # type: ignore[attr-defined]
    from beatkit.testing import FakeBeatConect  # type: ignore[attr-defined]

    del BeatConect, FakeBeatConect


def any_server(server: FakeServer) -> FakeService:
    # A bare FakeServer (as annotated before it took a parameter) still means any fake.
    return server.fake


def fixtures(
    beatconnect_fake: FakeBeatConnect,
    beatconnect_server: FakeServer[FakeBeatConnect],
    beatport_server: FakeServer[FakeBeatport],
    beatpass_server: FakeServer[FakeBeatPass],
) -> None:
    assert beatconnect_server.fake is beatconnect_fake
    any_server(beatport_server)
    any_server(beatpass_server)


def plugin_fixture_types() -> Iterator[FakeServer[FakeBeatConnect]]:
    from beatkit.testing.pytest_plugin import beatconnect_server

    # The plugin's own annotation, as a user's conftest that wraps it would see it.
    yield from beatconnect_server(FakeBeatConnect())
