# GENERATED from tests/beatpass/_async/test_refused_before_sending.py by scripts/unasync.py: edit the async source.
"""BeatPass calls refused before anything is sent: the exact error, and no request made."""

from __future__ import annotations

from collections.abc import Iterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatpass import BeatPass

# The call's coroutine (or, in the sync twin, its result).
Call = Callable[[BeatPass], Any]


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(
    sent: list[httpx.Request], monkeypatch: pytest.MonkeyPatch
) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    transport = httpx.MockTransport(handler)
    with BeatPass("tok", http_client=httpx.Client(transport=transport)) as bp:
        yield bp


EMPTY_UPDATES: list[tuple[str, Call]] = [
    ("albums.update", lambda bp: bp.albums.update(1)),
    ("credits.update", lambda bp: bp.credits.update(1, 2)),
    ("playlists.update", lambda bp: bp.playlists.update(1)),
    ("lyrics.update", lambda bp: bp.lyrics.update(1)),
    ("tracks.update", lambda bp: bp.tracks.update(1)),
]


@pytest.mark.parametrize(("name", "call"), EMPTY_UPDATES, ids=[n for n, _ in EMPTY_UPDATES])
def test_an_update_without_fields_is_refused(
    client: BeatPass, sent: list[httpx.Request], name: str, call: Call
) -> None:
    with pytest.raises(ValueError, match=r"\.update: ") as info:
        call(client)
    assert str(info.value) == f"{name}: give at least one field to change"
    assert sent == []


@pytest.mark.parametrize(
    "kwargs", [{}, {"track_ids": [1], "file_entry_id": 2}], ids=["neither", "both"]
)
def test_check_duplicates_takes_exactly_one_source(
    client: BeatPass, sent: list[httpx.Request], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match=r"^check_duplicates: ") as info:
        client.fingerprints.check_duplicates(**kwargs)
    assert str(info.value) == "check_duplicates: give track_ids or file_entry_id (one of them)"
    assert sent == []


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"data": [("first_name", "A")]}, TypeError, "data must be a mapping, got list"),
        ({"data": {}, "artist_id": 0}, ValueError, "artist_id must be at least 1, got 0"),
        ({"data": {}, "artist_id": True}, TypeError, "artist_id must be an int, got bool"),
        ({"data": {}, "artist_id": 1.0}, TypeError, "artist_id must be an int, got float"),
    ],
)
def test_backstage_request_arguments_are_checked(
    client: BeatPass,
    sent: list[httpx.Request],
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error) as info:
        client.backstage.create("claim-artist", artist_name="A", **kwargs)
    assert str(info.value) == message
    assert sent == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"tags": "house,techno"}, "tags must be a sequence of str"),
        ({"tags": b"house"}, "tags must be a sequence of str"),
        ({"tags": 5}, "tags must be a sequence of str"),
        ({"colour": "red"}, "tracks.upload() got an unexpected keyword argument 'colour'"),
    ],
)
def test_upload_metadata_is_checked_before_the_file_is_sent(
    client: BeatPass,
    sent: list[httpx.Request],
    tmp_path: Path,
    fields: dict[str, Any],
    message: str,
) -> None:
    audio = tmp_path / "beat.mp3"
    audio.write_bytes(b"ID3")
    with pytest.raises(TypeError) as info:
        client.tracks.upload(audio, **fields)
    assert str(info.value) == message
    assert sent == []
