"""``beatkit demo``: an offline tour of the clients against the bundled fake services."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import httpx

from beatkit.beatconnect import BeatConnect
from beatkit.beatconnect.webhooks import construct_event
from beatkit.beatconnect.wire import ENV_API_KEY as BEATCONNECT_KEY
from beatkit.beatpass import BeatPass
from beatkit.beatpass.wire import ENV_TOKEN as BEATPASS_TOKEN
from beatkit.beatport import Beatport
from beatkit.beatport.auth import ENV_CLIENT_ID as BEATPORT_CLIENT_ID
from beatkit.beattech.wire import ENV_CLIENT_ID as BEATTECH_CLIENT_ID
from beatkit.beattech.wire import ENV_CLIENT_SECRET as BEATTECH_CLIENT_SECRET
from beatkit.beattech.wire import ENV_TENANT as BEATTECH_TENANT
from beatkit.cli.demo_beattech import beattech_tour
from beatkit.errors import BackstageRequestPendingError, ConfigurationError
from beatkit.testing.beatconnect import FakeBeatConnect
from beatkit.testing.beatpass import FakeBeatPass
from beatkit.testing.beatport import FakeBeatport

__all__ = ["run"]


# A fixed time for the webhook, so that the tour prints the same on every run, as the
# Beat Technology part does (2026-04-01 12:00 UTC).
_WEBHOOK_CREATED = 1_775_044_800


def _heading(out: TextIO, title: str) -> None:
    out.write(f"\n== {title} ==\n")


def _beatconnect_tour(out: TextIO) -> None:
    """List, page, search and receive a webhook against the BeatConnect fake."""
    fake = FakeBeatConnect()
    # The httpx client is the tour's (beatkit never closes an http_client): closed here.
    with (
        httpx.Client(transport=fake.transport()) as http,
        BeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as bc,
    ):
        _heading(out, "BeatConnect: the five most popular Amapiano beats")
        for beat in bc.beats.list(genre=1, sort="popular", limit=5):
            genre = beat.genre.name if beat.genre else "?"
            out.write(
                f"  #{beat.id:<5} {beat.title:<24} {beat.bpm} bpm  ${beat.price}  ({genre})\n"
            )

        _heading(out, "BeatConnect: paging through the whole catalogue")
        pager = bc.beats.list(per_page=100)
        sizes = [len(page.items) for page in pager.pages()]
        out.write(f"  {sum(sizes)} beats in {len(sizes)} requests (page sizes {sizes})\n")

        _heading(out, "BeatConnect: search 'night'")
        results = bc.search("night", per_page=3)
        out.write(f"  {results.total} matches; first page:\n")
        for beat in results.beats:
            out.write(f"    beat     {beat.title} by {beat.producer_name}\n")
        for user in results.producers:
            out.write(f"    producer {user.display_name} (@{user.username})\n")
        # Read after one request on its own: after pages fetched ahead at once, it is the
        # count of whichever answer came last, which changes from run to run.
        if bc.rate_limit is not None:
            out.write(
                f"  rate limit: {bc.rate_limit.remaining}/{bc.rate_limit.limit} left this window\n"
            )

    _heading(out, "BeatConnect: a signed webhook, verified and parsed")
    secret = secrets.token_hex(16)
    body, headers = fake.webhook(
        "beat.purchased",
        {
            "beat_id": 1234,
            "title": "Summer Vibes",
            "producer_id": 5678,
            "producer_name": "DJ Maphorisa",
            "license_type": "Premium",
            "amount": 49.99,
            "currency": "USD",
            "purchaser_id": 9012,
        },
        secret,
        created=_WEBHOOK_CREATED,
    )
    event = construct_event(body, headers, secret)
    out.write(f"  {event.type} {event.id} at {event.created:%Y-%m-%d %H:%M} UTC\n")
    out.write(f"  payload: {event.payload!r}\n")
    tampered = body.replace(b"49.99", b"0.99")
    try:
        construct_event(tampered, headers, secret)
    except Exception as exc:  # the demo shows the error, whatever its class
        out.write(f"  a tampered body is refused: {type(exc).__name__}: {exc}\n")


def _beatport_tour(out: TextIO) -> None:
    """Log in, search, page through a top 100 and save a decrypted stream, on the Beatport fake."""
    fake = FakeBeatport()
    # Beatport is paced at 2 requests/s by default (it suspends accounts that hammer
    # it); the in-process fake does not mind, so the demo does not wait.
    with (
        httpx.Client(transport=fake.transport()) as http,
        Beatport(
            client_id=fake.client_id,
            base_url=fake.base_url,
            http_client=http,
            requests_per_second=None,
        ) as bp,
    ):
        _heading(out, "Beatport: session login (login, authorize, token)")
        token = bp.auth.login(fake.username, fake.password)
        lifetime = token.lifetime
        hours = f"{lifetime.total_seconds() / 3600:.0f} h" if lifetime else "an unknown time"
        out.write(f"  logged in as {fake.username}; the token lasts {hours}, refreshed ahead\n")

        _heading(out, "Beatport: search 'digital love'")
        results = bp.search("digital love", per_page=3)
        for hit in results.tracks:
            out.write(f"    track    {hit.name} (#{hit.id})\n")
        for artist in results.artists:
            out.write(f"    artist   {artist.name} (#{artist.id})\n")

        _heading(out, "Beatport: a genre's top 100, 5 per page")
        genre = bp.genres.get(6)
        pages = list(bp.genres.top100(genre.id, per_page=5).pages())
        first = pages[0].items[0]
        out.write(
            f"  {genre.name}: {sum(len(p.items) for p in pages)} tracks in {len(pages)} "
            f"requests; number one is {first.full_name} ({first.bpm} bpm)\n"
        )

        _heading(out, "Beatport: save a track's stream, decrypted")
        with tempfile.TemporaryDirectory() as folder:
            dest = Path(folder) / f"{first.id}.aac"
            result = bp.tracks.save_stream(first.id, dest)
            same = dest.read_bytes() == fake.stream_plaintext(first.id)
            out.write(
                f"  {result.segments} AES-128 segments -> {dest.name}, "
                f"{dest.stat().st_size:,} bytes ({'matches' if same else 'DIFFERS FROM'} "
                "the clear audio)\n"
            )
        leaked = len(fake.leaked_authorization)
        out.write(f"  requests to the stream host that carried the token: {leaked}\n")


def _beatpass_tour(out: TextIO) -> None:
    """Read anonymously, log in, build a playlist, page and meet the backstage guard."""
    fake = FakeBeatPass()
    with (
        httpx.Client(transport=fake.transport()) as http,
        BeatPass(base_url=fake.base_url, http_client=http) as bp,  # no token yet
    ):
        _heading(out, "BeatPass: reading without a token")
        track = bp.tracks.get(fake.track_id)
        out.write(f"  track #{track.id} {track.name!r}: minimal fields (bpm={track.bpm})\n")
        try:
            bp.playlists.create("Late Night Drafts")
        except ConfigurationError as exc:
            out.write(f"  a write without a token is refused before sending: {exc}\n")

        label = "beatkit-demo"  # the new token's name, shown in Account Settings
        result = bp.login(fake.email, fake.password, token_name=label)
        who = result.user.display_name if result.user is not None else "(no user sent)"
        out.write(f"  logged in as {who}; writes are allowed now\n")

        _heading(out, "BeatPass: a playlist with five tracks")
        playlist = bp.playlists.create(
            "Late Night Drafts", description="Unfinished beats for the late shift.", public=False
        )
        track_ids = [t.id for t in bp.tracks.list(limit=5)]
        bp.playlists.add_tracks(playlist.id, track_ids)
        names = [t.name or f"#{t.id}" for t in bp.playlists.tracks(playlist.id)]
        out.write(f"  playlist #{playlist.id} {playlist.name!r}: {', '.join(names)}\n")

        _heading(out, "BeatPass: paging through every track")
        sizes = [len(page.items) for page in bp.tracks.list(per_page=50).pages()]
        out.write(f"  {sum(sizes)} tracks in {len(sizes)} requests (page sizes {sizes})\n")
        # As for BeatConnect: read after one request on its own, not after pages fetched
        # ahead at once (then the count of whichever answer came last).
        bp.tracks.get(fake.track_id)
        if bp.rate_limit is not None:
            out.write(
                f"  rate limit: {bp.rate_limit.remaining}/{bp.rate_limit.limit} left this window\n"
            )

        _heading(out, "BeatPass: the backstage guard")
        first = bp.backstage.create(
            "become-artist", artist_name="Night Shift", data={"bio": "Beats after midnight."}
        )
        out.write(f"  request #{first.id} submitted: {first.status}\n")
        try:
            bp.backstage.create(
                "become-artist", artist_name="Night Shift", data={"bio": "Asking again."}
            )
        except BackstageRequestPendingError as exc:
            out.write(f"  a second request is refused: {type(exc).__name__} [{exc.code}]\n")
            out.write(f"    {exc.message}\n")


# The variables the clients read settings from when none are passed.
_USER_SETTINGS = (
    BEATCONNECT_KEY,
    BEATPASS_TOKEN,
    BEATPORT_CLIENT_ID,
    BEATTECH_TENANT,
    BEATTECH_CLIENT_ID,
    BEATTECH_CLIENT_SECRET,
)


@contextmanager
def _without_user_settings() -> Iterator[None]:
    """Hide the user's own service settings from the clients while the tour runs.

    The tour shows a first-time user against the fakes: a real ``BEATPASS_TOKEN``
    would be sent to the fake (which refuses it) and would skip the anonymous part.
    """
    saved = {name: os.environ.pop(name) for name in _USER_SETTINGS if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def run(out: TextIO) -> int:
    """Run every part of the tour, writing to ``out``; return the exit status."""
    out.write(
        "beatkit demo: everything below talks to in-process fakes; nothing leaves this machine.\n"
    )
    with _without_user_settings():
        _beatconnect_tour(out)
        _beatport_tour(out)
        _beatpass_tour(out)
        beattech_tour(out)
    out.write("\nDone.\n")
    return 0
