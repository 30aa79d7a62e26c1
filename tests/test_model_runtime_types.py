"""Every decoded Beatport and BeatPass value is of the type its annotation tells a user.

A user's type checker trusts each model field's annotation (``Track.bpm: int | None``)
and each method's return annotation (``Pager[TrackHit | Track]``); a value of another
type at run time (a ``str`` where ``int`` is written, ``None`` in a field that is not
optional, a model of the wrong class in a list) breaks code the checker passed. Here
the recorded Beatport answers and the answers of the bundled fakes to calls across both
services are decoded through the public sync clients, and every value, nested models
included, is checked against the annotations (``typing.get_type_hints``).
"""

from __future__ import annotations

import inspect
import itertools
import json
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from beatkit import BeatPass, Beatport, Pager
from beatkit.auth import Token
from beatkit.beatport.converter import converter as beatport_converter
from beatkit.beatport.models import Track as BeatportTrack
from beatkit.testing.beatpass import FakeBeatPass
from beatkit.testing.beatport import FakeBeatport

RECORDED = Path(__file__).parent / "fixtures" / "real" / "beatport"
_HINTS: dict[type, dict[str, Any]] = {}


def _mismatches(value: Any, tp: Any, where: str, depth: int = 0) -> list[str]:
    """Where ``value`` is not of type ``tp`` (an empty list when it is)."""
    if depth > 40 or tp is Any or tp is object or isinstance(tp, typing.TypeVar):
        return []
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        found = [_mismatches(value, arg, where, depth + 1) for arg in args]
        return [] if any(not f for f in found) else [f"{where}: {value!r:.80} is not {tp}"]
    if tp is None or tp is type(None):
        return [] if value is None else [f"{where}: {value!r:.80} is not None"]
    if origin is typing.Literal:
        return [] if value in args else [f"{where}: {value!r:.80} is not {tp}"]
    if origin in (list, tuple, set, frozenset, Sequence, AbstractSet):
        if not isinstance(value, origin) or isinstance(value, str | bytes):
            return [f"{where}: a {type(value).__name__} is not {tp}"]
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            pairs = list(zip(value, args, strict=False))
        else:
            pairs = [(item, args[0] if args else Any) for item in value]
        return [
            problem
            for i, (item, arg) in enumerate(pairs)
            for problem in _mismatches(item, arg, f"{where}[{i}]", depth + 1)
        ]
    if origin in (dict, Mapping):
        if not isinstance(value, Mapping):
            return [f"{where}: a {type(value).__name__} is not {tp}"]
        key_type, value_type = args or (Any, Any)
        return [
            problem
            for key, item in value.items()
            for problem in _mismatches(key, key_type, f"{where} key", depth + 1)
            + _mismatches(item, value_type, f"{where}[{key!r}]", depth + 1)
        ]
    if origin is not None:
        return [] if isinstance(value, origin) else [f"{where}: {value!r:.80} is not {tp}"]
    assert inspect.isclass(tp), f"{where}: cannot check against {tp!r}"
    if tp is float and type(value) is int:
        return []  # PEP 484: an int is a float
    if (tp is int and isinstance(value, bool)) or not isinstance(value, tp):
        return [f"{where}: a {type(value).__name__} {value!r:.80} is not {tp.__name__}"]
    return _model_mismatches(value, where, depth + 1) if attrs.has(type(value)) else []


def _model_mismatches(model: Any, where: str, depth: int = 0) -> list[str]:
    cls = type(model)
    hints = _HINTS.setdefault(cls, typing.get_type_hints(cls))
    return [
        problem
        for field in attrs.fields(cls)
        for problem in _mismatches(
            getattr(model, field.name), hints[field.name], f"{where}.{field.name}", depth + 1
        )
    ]


def _checked(label: str, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``method`` and check what it returns against its return annotation."""
    returns = typing.get_type_hints(method)["return"]
    result = method(*args, **kwargs)
    if typing.get_origin(returns) is Pager:
        (item_type,) = typing.get_args(returns)
        items = list(itertools.islice(result, 25))
        problems = [p for item in items for p in _mismatches(item, item_type, label)]
        assert not problems, problems
        return items
    assert not (problems := _mismatches(result, returns, label)), problems
    return result


def test_the_checker_sees_a_wrong_type() -> None:
    bad = attrs.evolve(BeatportTrack(id=1, name="x"), bpm="125")
    assert _model_mismatches(bad, "track") == ["track.bpm: '125' is not int | None"]


def test_recorded_beatport_answers_decode_to_their_annotated_types() -> None:
    files = sorted(RECORDED.glob("*.json"))
    assert files
    for file in files:
        body = json.loads(file.read_text())["body"]
        for i, item in enumerate(body["results"]):
            track = beatport_converter.structure(item, BeatportTrack)
            assert not (problems := _model_mismatches(track, f"{file.name}[{i}]")), problems


@pytest.fixture
def beatport() -> Iterator[tuple[Beatport, FakeBeatport]]:
    fake = FakeBeatport()
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    with Beatport(
        client_id=fake.client_id,
        token=token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    ) as client:
        yield client, fake


def test_beatport_answers_decode_to_their_annotated_types(
    beatport: tuple[Beatport, FakeBeatport],
) -> None:
    bp, fake = beatport
    track = _checked("tracks.list", bp.tracks.list, per_page=20)[0]
    _checked("tracks.get", bp.tracks.get, track.id)
    _checked("tracks.stream", bp.tracks.stream, track.id)
    _checked("tracks.download", bp.tracks.download, track.id)
    _checked("search", bp.search, "a")
    for resource in (bp.tracks, bp.artists, bp.labels, bp.releases, bp.charts):
        _checked(f"{type(resource).__name__}.search", resource.search, "a")
    artist = track.artists[0]
    _checked("artists.get", bp.artists.get, artist.id)
    _checked("artists.top10", bp.artists.top10, artist.id)
    assert track.release is not None
    _checked("releases.get", bp.releases.get, track.release.id)
    _checked("releases.tracks", bp.releases.tracks, track.release.id)
    if track.release.label is not None:
        _checked("labels.get", bp.labels.get, track.release.label.id)
        _checked("labels.releases", bp.labels.releases, track.release.label.id)
    chart = _checked("charts.list", bp.charts.list)[0]
    _checked("charts.get", bp.charts.get, chart.id)
    _checked("charts.tracks", bp.charts.tracks, chart.id)
    genre = _checked("genres.list", bp.genres.list)[0]
    _checked("genres.get", bp.genres.get, genre.id)
    _checked("genres.top100", bp.genres.top100, genre.id)
    _checked("genres.top10_releases", bp.genres.top10_releases, genre.id)
    _checked("genres.top10_tracks", bp.genres.top10_tracks, genre.id)
    if track.key is not None:
        _checked("keys.get", bp.keys.get, track.key.id)
    for table in ("item_types", "page_module_types", "page_types", "source_types"):
        _checked(table, getattr(bp.auxiliary, table))
    _checked("curation.pages", bp.curation.pages)
    _checked("curation.page_module_styles", bp.curation.page_module_styles)
    _checked("my.account", bp.my.account)
    _checked("my.beatport", bp.my.beatport)
    _checked("my.subscriptions", bp.my.subscriptions)
    _checked("my.tracks", bp.my.tracks)
    playlist = fake.playlists[0]["id"]
    _checked("playlists.get", bp.playlists.get, playlist)
    _checked("playlists.tracks", bp.playlists.tracks, playlist)
    _checked("auth.introspect", bp.auth.introspect)


@pytest.mark.parametrize("owner", [True, False], ids=["with token", "anonymous"])
def test_beatpass_answers_decode_to_their_annotated_types(owner: bool) -> None:
    fake = FakeBeatPass(rate_limit=100_000)
    with BeatPass(
        fake.token if owner else None,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bp:
        _checked("tracks.list", bp.tracks.list)
        _checked("artists.list", bp.artists.list)
        _checked("albums.list", bp.albums.list)
        _checked("playlists.list", bp.playlists.list)
        _checked("lyrics.list", bp.lyrics.list)
        genre = _checked("genres.list", bp.genres.list)[0]
        _checked("genres.get", bp.genres.get, genre.name)
        for item in (1, 2, 6):
            _checked("tracks.get", bp.tracks.get, item)
            _checked("tracks.get", bp.tracks.get, item, include=["tags", "genres", "artists"])
            _checked("albums.get", bp.albums.get, item, include=["tags", "artists", "tracks"])
            _checked("artists.get", bp.artists.get, item, include=["similar", "topTracks"])
            _checked("artists.albums", bp.artists.albums, item)
            _checked("artists.tracks", bp.artists.tracks, item)
        _checked("search", type(bp.search).__call__, bp.search, "a")
        _checked("search.artist_suggestions", bp.search.artist_suggestions, "a")
        _checked("search.album_suggestions", bp.search.album_suggestions, "a")
        if not owner:
            return
        for item in (1, 2, 6):  # private playlists too
            _checked("playlists.get", bp.playlists.get, item)
            _checked("playlists.tracks", bp.playlists.tracks, item)
        _checked("artists.achievements", bp.artists.achievements, 1)
        _checked("artists.check_ownership", bp.artists.check_ownership, 1)
        _checked("artists.producer_analytics", bp.artists.producer_analytics, 1)
        _checked("artists.pin", bp.artists.pin, 1, 1)
        _checked("artists.pinned_track", bp.artists.pinned_track, 1)
        _checked("artists.unpin", bp.artists.unpin, 1, 1)
        _checked("albums.update", bp.albums.update, 1, name="Renamed")
        _checked("backstage.submission_status", bp.backstage.submission_status)
        template = _checked("cover_art.templates", bp.cover_art.templates)[0]
        _checked("cover_art.template", bp.cover_art.template, template.id)
        _checked("cover_art.preview", bp.cover_art.preview, template.id, title="T")
        _checked("credits.list", bp.credits.list, 1)
        _checked("credits.roles", bp.credits.roles)
        _checked("credits.create", bp.credits.create, 1, role="Producer", title="T")
        _checked("credits.spotify_search", bp.credits.spotify_search, "q")
        _checked("credits.spotify_album", bp.credits.spotify_album, "abc")
        _checked("fingerprints.check_duplicates", bp.fingerprints.check_duplicates, [1, 2])
        _checked("fingerprints.generate", bp.fingerprints.generate, 1)
        _checked("fingerprints.status", bp.fingerprints.status, 1)
        _checked("licenses.list", bp.licenses.list)
        _checked("licenses.check", bp.licenses.check, 1)
        _checked("licenses.check_batch", bp.licenses.check_batch, [1, 2, 3])
        _checked("lyrics.for_track", bp.lyrics.for_track, 1)
        _checked("purchases.list", bp.purchases.list)
        _checked("purchases.status", bp.purchases.status, 10)
        for kind in ("artist", "track", "genre", "tag"):
            _checked("radio.get", bp.radio.get, kind, 1)
        _checked("recon.placements", bp.recon.placements, 1)
        _checked("search.audio", bp.search.audio, 1, "a", "b")
        _checked("tracks.engagement_metrics", bp.tracks.engagement_metrics, 1)
        _checked("tracks.log_play", bp.tracks.log_play, 1)
        _checked("tracks.wave", bp.tracks.wave, 1)
        _checked("tracks.wave_batch", bp.tracks.wave_batch, [1, 2])
        _checked("tracks.update", bp.tracks.update, 1, name="Renamed")
        _checked("playlists.add_tracks", bp.playlists.add_tracks, 1, [3, 4])
        _checked("playlists.invite", bp.playlists.invite, 1, 5)
