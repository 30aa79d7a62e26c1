"""BeatPass calls refused before anything is sent: the exact error, and no request made."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import RequestOptions
from beatkit.beatpass import AsyncBeatPass

# The call's coroutine (or, in the sync twin, its result).
Call = Callable[[AsyncBeatPass], Any]


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
async def client(
    sent: list[httpx.Request], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[AsyncBeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    transport = httpx.MockTransport(handler)
    async with AsyncBeatPass("tok", http_client=httpx.AsyncClient(transport=transport)) as bp:
        yield bp


EMPTY_UPDATES: list[tuple[str, Call]] = [
    ("albums.update", lambda bp: bp.albums.update(1)),
    ("credits.update", lambda bp: bp.credits.update(1, 2)),
    ("playlists.update", lambda bp: bp.playlists.update(1)),
    ("lyrics.update", lambda bp: bp.lyrics.update(1)),
    ("tracks.update", lambda bp: bp.tracks.update(1)),
]


@pytest.mark.parametrize(("name", "call"), EMPTY_UPDATES, ids=[n for n, _ in EMPTY_UPDATES])
async def test_an_update_without_fields_is_refused(
    client: AsyncBeatPass, sent: list[httpx.Request], name: str, call: Call
) -> None:
    with pytest.raises(ValueError, match=r"\.update: ") as info:
        await call(client)
    assert str(info.value) == f"{name}: give at least one field to change"
    assert sent == []


@pytest.mark.parametrize(
    "kwargs", [{}, {"track_ids": [1], "file_entry_id": 2}], ids=["neither", "both"]
)
async def test_check_duplicates_takes_exactly_one_source(
    client: AsyncBeatPass, sent: list[httpx.Request], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match=r"^check_duplicates: ") as info:
        await client.fingerprints.check_duplicates(**kwargs)
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
async def test_backstage_request_arguments_are_checked(
    client: AsyncBeatPass,
    sent: list[httpx.Request],
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error) as info:
        await client.backstage.create("claim-artist", artist_name="A", **kwargs)
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
async def test_upload_metadata_is_checked_before_the_file_is_sent(
    client: AsyncBeatPass,
    sent: list[httpx.Request],
    tmp_path: Path,
    fields: dict[str, Any],
    message: str,
) -> None:
    audio = tmp_path / "beat.mp3"
    audio.write_bytes(b"ID3")
    with pytest.raises(TypeError) as info:
        await client.tracks.upload(audio, **fields)
    assert str(info.value) == message
    assert sent == []


# Every argument that takes several ids: a mapping would send its keys, bytes-like
# values their bytes as ids, and a set an order of its own (a reorder in hash order).
ID_LISTS: list[tuple[str, Callable[[AsyncBeatPass, Any], Any]]] = [
    ("track_ids", lambda bp, ids: bp.tracks.delete(ids)),
    ("track_ids", lambda bp, ids: bp.tracks.wave_batch(ids)),
    ("artists", lambda bp, ids: bp.tracks.create("T", artists=ids)),
    ("artists", lambda bp, ids: bp.tracks.update(1, artists=ids)),
    ("album_ids", lambda bp, ids: bp.albums.delete(ids)),
    ("credit_ids", lambda bp, ids: bp.credits.reorder(1, ids)),
    ("playlist_ids", lambda bp, ids: bp.playlists.delete(ids)),
    ("track_ids", lambda bp, ids: bp.playlists.add_tracks(1, ids)),
    ("track_ids", lambda bp, ids: bp.playlists.remove_tracks(1, ids)),
    ("track_ids", lambda bp, ids: bp.playlists.reorder_tracks(1, ids)),
    ("lyric_ids", lambda bp, ids: bp.lyrics.delete(ids)),
    ("track_ids", lambda bp, ids: bp.fingerprints.check_duplicates(track_ids=ids)),
    ("track_ids", lambda bp, ids: bp.licenses.check_batch(ids)),
]
NOT_ID_SEQUENCES: list[Any] = [
    {3: "x", 1: "y"},
    {3, 1},
    frozenset({3, 1}),
    bytearray(b"\x03\x01"),
    memoryview(b"\x03\x01"),
]


@pytest.mark.parametrize("ids", NOT_ID_SEQUENCES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(
    ("name", "call"), ID_LISTS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ID_LISTS)]
)
async def test_ids_that_are_no_sequence_are_refused(
    client: AsyncBeatPass,
    sent: list[httpx.Request],
    name: str,
    call: Callable[[AsyncBeatPass, Any], Any],
    ids: Any,
) -> None:
    with pytest.raises(TypeError) as info:
        await call(client, ids)
    assert str(info.value) == (
        f"{name} must be an int or a sequence of ints, not a {type(ids).__name__}"
    )
    assert sent == []


async def test_ids_in_a_list_tuple_range_or_generator_are_taken(
    client: AsyncBeatPass, sent: list[httpx.Request]
) -> None:
    for ids in ([3, 1], (3, 1), range(3, 0, -2), (i for i in (3, 1))):
        with pytest.raises(Exception, match="500"):
            await client.playlists.reorder_tracks(1, ids)
    assert [r.content for r in sent] == [b'{"ids":[3,1]}'] * 4


NAME_LISTS: list[tuple[str, Callable[[AsyncBeatPass, Any], Any]]] = [
    ("include", lambda bp, v: bp.tracks.get(1, include=v)),
    ("include", lambda bp, v: bp.albums.get(1, include=v)),
    ("include", lambda bp, v: bp.artists.get(1, include=v)),
    ("types", lambda bp, v: bp.search("q", types=v)),
]


@pytest.mark.parametrize(
    "value", [{"tags": 1}, {"tags"}, frozenset({"tags"}), bytearray(b"tags")], ids=repr
)
@pytest.mark.parametrize(
    ("name", "call"), NAME_LISTS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(NAME_LISTS)]
)
async def test_names_that_are_no_sequence_are_refused(
    client: AsyncBeatPass,
    sent: list[httpx.Request],
    name: str,
    call: Callable[[AsyncBeatPass, Any], Any],
    value: Any,
) -> None:
    with pytest.raises(TypeError) as info:
        await call(client, value)
    assert str(info.value) == (
        f"{name} must be a str or a sequence of str, not a {type(value).__name__}"
    )
    assert sent == []


@pytest.mark.parametrize("types", [[], ()], ids=repr)
async def test_search_with_no_type_is_refused(
    client: AsyncBeatPass, sent: list[httpx.Request], types: Any
) -> None:
    # Sent, the empty list would vanish and the API would search every type.
    with pytest.raises(ValueError, match=r"^types must not be empty") as info:
        await client.search("q", types=types)
    assert str(info.value) == "types must not be empty (leave it out to search every type)"
    assert sent == []


async def test_an_upload_that_could_get_no_name_is_refused_before_sending(
    client: AsyncBeatPass, sent: list[httpx.Request], tmp_path: Path
) -> None:
    # Without a title tag the track would be nameless: found out after the upload, the
    # ValueError would orphan the file entry.
    audio = tmp_path / "   "
    audio.write_bytes(b"ID3")
    with pytest.raises(ValueError, match=r"^the file name '   ' is blank: give the track a name=$"):
        await client.tracks.upload(audio)
    assert sent == []


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (float("nan"), ValueError, "style must be a finite number, got nan"),
        (float("inf"), ValueError, "style must be a finite number, got inf"),
        ({"dark": 1}, TypeError, "style cannot be sent as a query parameter (a dict)"),
        ({"dark", "red"}, TypeError, "style cannot be sent as a query parameter (a set)"),
        (b"dark", TypeError, "style cannot be sent as a query parameter (a bytes)"),
        (bytearray(b"d"), TypeError, "style cannot be sent as a query parameter (a bytearray)"),
        (object(), TypeError, "style cannot be sent as a query parameter (a object)"),
        (["dark", None], TypeError, "style[1] must be a str or an int, not a NoneType"),
        (["dark", 1.5], TypeError, "style[1] must be a str or an int, not a float"),
        (["dark", True], TypeError, "style[1] must be a str or an int, not a bool"),
    ],
)
async def test_matching_template_criteria_are_checked(
    client: AsyncBeatPass,
    sent: list[httpx.Request],
    value: Any,
    error: type[Exception],
    message: str,
) -> None:
    # Sent as they were, a NaN went out as "nan", a dict as its keys, bytes as the
    # numbers of their bytes ("120" for b"x").
    with pytest.raises(error) as info:
        await client.cover_art.matching_templates(style=value)
    assert str(info.value) == message
    assert sent == []


async def test_matching_template_criteria_that_a_query_carries_are_sent(
    client: AsyncBeatPass, sent: list[httpx.Request]
) -> None:
    with pytest.raises(Exception, match="500"):
        await client.cover_art.matching_templates(
            genre="trap",
            options=RequestOptions(max_retries=0),
            style="dark",
            size=3,
            ratio=1.5,
            colours=["red", "blue"],
            tag=None,
        )
    assert sent[0].url.params.multi_items() == [
        ("style", "dark"),
        ("size", "3"),
        ("ratio", "1.5"),
        ("colours", "red,blue"),
        ("genre", "trap"),
    ]
