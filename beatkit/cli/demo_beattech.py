"""The Beat Technology part of ``beatkit demo``: sign up and log in, a search over Range
pages, favourites made offline and synced, a playback tracked and reported."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

import httpx

from beatkit.beattech import BeatTech, PendingChange
from beatkit.beattech.reports import PlaybackEvent, PlaybackTracker, ReportQueue
from beatkit.errors import ConfigurationError
from beatkit.testing.beattech import FakeBeatTech

__all__ = ["beattech_tour"]

# A fixed clock keeps the tour's output the same on every run (2026-04-01 12:00 UTC).
_NOW = 1_775_044_800


def _heading(out: TextIO, title: str) -> None:
    out.write(f"\n== {title} ==\n")


def _event(event: PlaybackEvent) -> str:
    if event.kind == "play.progress":
        return f"progress {event.start_position}-{event.stop_position}"
    if event.kind == "play.started":
        return f"started at {event.start_position}"
    return f"ended after {event.duration} s played"


def beattech_tour(out: TextIO) -> None:
    """Sign up, log in, page a search, favourite offline and sync, report a playback."""
    fake = FakeBeatTech(clock=lambda: _NOW)
    # The httpx client is the tour's (beatkit never closes an http_client): closed here,
    # a tour that fails half-way (the output's reader gone) included.
    with (
        httpx.Client(transport=fake.transport()) as http,
        BeatTech(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        ) as bt,
    ):
        _heading(out, "Beat Technology: sign up on the app token, then log in")
        email, password = "listener@example.com", secrets.token_urlsafe(12)
        bt.credentials.request_verification(8, email)
        user = bt.users.create(
            username=email, email=email, email_token=fake.email_token(email), password=password
        )
        out.write(f"  signed up user {user.id} ({user.username}) with the app token\n")
        try:
            bt.bookmarks.get("1")
        except ConfigurationError:
            out.write("  a user-only call before logging in is refused before sending\n")
        bt.auth.login(email, password)
        out.write(f"  logged in: user {bt.auth.user_id}; {bt!r}\n")

        _heading(out, "Beat Technology: search tracks across Range pages")
        before = len(fake.requests)
        pager = bt.tracks.search("the", page_size=5, limit=12)
        pages = list(pager.pages())
        sizes = [len(page.items) for page in pages]
        ranges = [r.headers.get("range") for r in fake.requests[before:]]
        out.write(f"  {sum(sizes)} tracks in {len(pages)} windows {sizes}: Range {ranges}\n")
        tracks = [track for page in pages for track in page.items]
        for track in tracks[:3]:
            out.write(f"    {track.id:<6} {track.title}\n")

        _heading(out, "Beat Technology: favourites made offline, then synced")
        base = bt.sync.latest_change_id()
        when = datetime.fromtimestamp(_NOW - 600, UTC)
        pending = [
            PendingChange.favourite("track", tracks[0].id, True, changed_at=when),
            PendingChange.favourite("track", tracks[1].id, True, changed_at=when),
        ]
        # Meanwhile another device of the same user favourites a release.
        release_id = next(iter(fake.catalog.releases))
        fake.add_change(bt.auth.user_id or "", "PATCH", "release", {"id": release_id})
        result = bt.sync.run(pending, base_change_id=base)
        out.write(
            f"  pushed {len(result.pushed)} edits with X-Base-Change {base}; "
            f"pulled {len(result.pulled)} changes; new base {result.base_change_id}\n"
        )
        for change in result.pulled:
            out.write(
                f"    change {change.id}: {change.method} {change.entity_type} {change.entity_id}\n"
            )

        _heading(out, "Beat Technology: a playback, tracked and reported")
        tracker = PlaybackTracker(tracks[0].id)
        steps: list[tuple[str, Callable[[], list[PlaybackEvent]]]] = [
            ("play to 45", lambda: tracker.play_to(45)),
            ("seek to 100", lambda: tracker.seek(100)),
            ("play to 103", lambda: tracker.play_to(103)),
            ("skip to 133", lambda: tracker.seek(133)),
            ("skip to 163", lambda: tracker.seek(163)),
            ("play to 203", lambda: tracker.play_to(203)),
            ("pause", tracker.pause),
            ("resume", tracker.resume),
            ("play to 218", lambda: tracker.play_to(218)),
            ("next track", tracker.end),
        ]
        out.write(f"  start          -> {_event(tracker.events[0])}\n")
        for label, step in steps:
            reported = ", ".join(_event(e) for e in step()) or "-"
            out.write(f"  {label:<14} -> {reported}\n")
        clock = [_NOW]
        queue = ReportQueue(clock=lambda: clock[0])
        for event in tracker.events:
            queue.append(event.body(time=_NOW, offline=True, user_id=bt.auth.user_id, version=3))
        clock[0] = _NOW + 3600
        fake.fail_next(503)  # still offline-ish: the first flush meets an outage
        first = queue.flush(bt)
        kept = len(queue)
        second = queue.flush(bt)
        out.write(
            f"  {len(tracker.events)} reports queued offline; flush: {len(first.sent)} sent "
            f"({type(first.error).__name__}), {kept} kept in order; "
            f"flush again: {len(second.sent)} sent, {len(queue)} left\n"
        )
        ended = fake.report_bodies("play.ended")
        out.write(f"  the server got play.ended with duration {ended[0]['duration']}\n")
