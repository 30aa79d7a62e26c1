"""BeatPass operations as data: the path table, argument checks, body readers, error mapping.

Each test takes the :class:`Operation` a client's resource method hands to its transport
(:func:`capture`), without sending anything.
"""

from __future__ import annotations

import inspect
import io
import json
import textwrap
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.transport import Transport
from beatkit._core.http import build_request
from beatkit._core.operation import Operation
from beatkit._core.responses import error_from_response
from beatkit._core.uploads import UploadReader, check_upload_path
from beatkit.beatpass import AsyncBeatPass, BeatPass, UploadProgress, UploadStep
from beatkit.beatpass._async.tracks import AsyncUploads
from beatkit.beatpass._sync.tracks import Uploads
from beatkit.beatpass.models import FileEntry, LoginResult, TrackMetadata, User
from beatkit.beatpass.uploads import sending
from beatkit.beatpass.wire import (
    PATHS,
    SPEC,
    TOKEN_OPTIONAL_WRITES,
    laravel_page,
    login_result,
    parse_error,
    require_token,
)
from beatkit.errors import (
    AuthenticationError,
    BackstageRequestPendingError,
    BackstageRequestRevokedError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

BASE_URL = "https://open.beatpass.ca/api/v1"

Build = Callable[[BeatPass], Any]

# What the transport answers, in place of the API, where a method reads the answer.
ANSWERS: Mapping[str, Any] = {"auth.login": LoginResult(user=User(id=1), access_token="t")}


def capture(
    build: Build,
    answers: Mapping[str, Any] = ANSWERS,
    inspect: Callable[[Operation[Any]], None] | None = None,
) -> Operation[Any]:
    """The operation ``build`` (a call on a client) hands to the transport; nothing is sent.

    The transport's ``request``, ``send`` and ``save`` record the operation and answer
    from ``answers`` (an empty page for lists); a flow of several calls gives its last.
    A pager's first page is asked for, so its operation is the one it would send.
    """
    seen: list[Operation[Any]] = []

    def record(transport: Transport, op: Operation[Any], *args: Any, **kwargs: Any) -> Any:
        seen.append(op)
        if inspect is not None:
            inspect(op)
        if op.paging is not None:
            return httpx.Response(200, request=httpx.Request(op.method, BASE_URL)), {"data": []}
        return answers.get(op.name)

    with (
        patch.object(Transport, "request", record),
        patch.object(Transport, "send", record),
        patch.object(Transport, "save", record),
        BeatPass("token", base_url=BASE_URL) as client,
    ):
        result = build(client)
        if isinstance(result, Pager):
            result.first_page()
    return seen[-1]


# Every row of the operation list (operations/beatpass.tsv), in its order: method, path,
# the facade method that serves it, and a call that builds its operation.
ROWS: list[tuple[str, str, str, Build]] = [
    (
        "GET",
        "/tracks",
        "tracks.list",
        lambda c: c.tracks.list(),
    ),
    ("GET", "/tracks/{track}", "tracks.get", lambda c: c.tracks.get(1)),
    (
        "POST",
        "/tracks",
        "tracks.create",
        lambda c: c.tracks.create("x"),
    ),
    (
        "PUT",
        "/tracks/{track}",
        "tracks.update",
        lambda c: c.tracks.update(1, name="x"),
    ),
    ("DELETE", "/tracks/{ids}", "tracks.delete", lambda c: c.tracks.delete([1, 2])),
    (
        "GET",
        "/tracks/{track}/download",
        "tracks.download",
        lambda c: c.tracks.download(1, "beat.mp3"),
    ),
    ("GET", "/tracks/{track}/wave", "tracks.wave", lambda c: c.tracks.wave(1)),
    ("POST", "/tracks/wave-batch", "tracks.wave_batch", lambda c: c.tracks.wave_batch([1])),
    (
        "POST",
        "/tracks/{fileEntry}/extract-metadata",
        "tracks.extract_metadata",
        lambda c: c.tracks.extract_metadata(1),
    ),
    ("POST", "/tracks/{track}/plays", "tracks.log_play", lambda c: c.tracks.log_play(1)),
    (
        "POST",
        "/tracks/plays/{track}/update-duration",
        "tracks.update_play_duration",
        lambda c: c.tracks.update_play_duration(1, 5),
    ),
    (
        "GET",
        "/tracks/{track}/engagement-metrics",
        "tracks.engagement_metrics",
        lambda c: c.tracks.engagement_metrics(1),
    ),
    (
        "GET",
        "/tracks/{track}/producer-analytics",
        "tracks.producer_analytics",
        lambda c: c.tracks.producer_analytics(1),
    ),
    ("GET", "/albums", "albums.list", lambda c: c.albums.list()),
    ("GET", "/albums/{album}", "albums.get", lambda c: c.albums.get(1)),
    (
        "POST",
        "/albums",
        "albums.create",
        lambda c: c.albums.create("x"),
    ),
    (
        "PUT",
        "/albums/{album}",
        "albums.update",
        lambda c: c.albums.update(1, name="y"),
    ),
    ("DELETE", "/albums/{ids}", "albums.delete", lambda c: c.albums.delete(1)),
    (
        "GET",
        "/albums/{album}/producer-analytics",
        "albums.producer_analytics",
        lambda c: c.albums.producer_analytics(1),
    ),
    ("GET", "/artists", "artists.list", lambda c: c.artists.list()),
    ("GET", "/artists/{artist}", "artists.get", lambda c: c.artists.get(1)),
    (
        "GET",
        "/artists/{artist}/tracks",
        "artists.tracks",
        lambda c: c.artists.tracks(1),
    ),
    (
        "GET",
        "/artists/{artist}/albums",
        "artists.albums",
        lambda c: c.artists.albums(1),
    ),
    (
        "GET",
        "/artists/{artist}/producer-analytics",
        "artists.producer_analytics",
        lambda c: c.artists.producer_analytics(1),
    ),
    (
        "GET",
        "/artists/{artist}/downloads-analytics",
        "artists.downloads_analytics",
        lambda c: c.artists.downloads_analytics(1),
    ),
    (
        "GET",
        "/artists/{artist}/producer-achievements",
        "artists.achievements",
        lambda c: c.artists.achievements(1),
    ),
    (
        "GET",
        "/artists/{artist}/check-ownership",
        "artists.check_ownership",
        lambda c: c.artists.check_ownership(1),
    ),
    (
        "GET",
        "/backstage-request/submission-status",
        "backstage.submission_status",
        lambda c: c.backstage.submission_status(),
    ),
    (
        "POST",
        "/backstage-request",
        "backstage.create",
        lambda c: c.backstage.create("become-artist", artist_name="A", data={}),
    ),
    (
        "POST",
        "/backstage-request/{backstageRequest}/revoke",
        "backstage.revoke",
        lambda c: c.backstage.revoke(1),
    ),
    ("GET", "/artists/{artist}/credits", "credits.list", lambda c: c.credits.list(1)),
    (
        "POST",
        "/artists/{artist}/credits",
        "credits.create",
        lambda c: c.credits.create(1, role="Producer", title="T"),
    ),
    (
        "POST",
        "/artists/{artist}/credits/album",
        "credits.create_album",
        lambda c: c.credits.create_album(1, role="Producer", album_name="A"),
    ),
    (
        "PUT",
        "/artists/{artist}/credits/{credit}",
        "credits.update",
        lambda c: c.credits.update(1, 2, role="Mixer"),
    ),
    (
        "DELETE",
        "/artists/{artist}/credits/{credit}",
        "credits.delete",
        lambda c: c.credits.delete(1, 2),
    ),
    (
        "POST",
        "/artists/{artist}/credits/reorder",
        "credits.reorder",
        lambda c: c.credits.reorder(1, [2, 3]),
    ),
    (
        "GET",
        "/credits/spotify-search",
        "credits.spotify_search",
        lambda c: c.credits.spotify_search("q"),
    ),
    (
        "GET",
        "/credits/spotify-album",
        "credits.spotify_album",
        lambda c: c.credits.spotify_album("abc"),
    ),
    ("GET", "/credits/roles", "credits.roles", lambda c: c.credits.roles()),
    (
        "POST",
        "/artists/{artistId}/tracks/{trackId}/pin",
        "artists.pin",
        lambda c: c.artists.pin(1, 2),
    ),
    (
        "POST",
        "/artists/{artistId}/tracks/{trackId}/unpin",
        "artists.unpin",
        lambda c: c.artists.unpin(1, 2),
    ),
    (
        "GET",
        "/artists/{artistId}/pinned-track",
        "artists.pinned_track",
        lambda c: c.artists.pinned_track(1),
    ),
    (
        "GET",
        "/playlists",
        "playlists.list",
        lambda c: c.playlists.list(),
    ),
    ("GET", "/playlists/{id}", "playlists.get", lambda c: c.playlists.get(1)),
    (
        "POST",
        "/playlists",
        "playlists.create",
        lambda c: c.playlists.create("x"),
    ),
    (
        "PUT",
        "/playlists/{playlist}",
        "playlists.update",
        lambda c: c.playlists.update(1, name="x"),
    ),
    ("DELETE", "/playlists/{ids}", "playlists.delete", lambda c: c.playlists.delete([1])),
    ("POST", "/playlists/{id}/follow", "playlists.follow", lambda c: c.playlists.follow(1)),
    ("POST", "/playlists/{id}/unfollow", "playlists.unfollow", lambda c: c.playlists.unfollow(1)),
    (
        "GET",
        "/playlists/{id}/tracks",
        "playlists.tracks",
        lambda c: c.playlists.tracks(1),
    ),
    (
        "POST",
        "/playlists/{playlist}/tracks/add",
        "playlists.add_tracks",
        lambda c: c.playlists.add_tracks(1, [2]),
    ),
    (
        "POST",
        "/playlists/{playlist}/tracks/remove",
        "playlists.remove_tracks",
        lambda c: c.playlists.remove_tracks(1, [2]),
    ),
    (
        "POST",
        "/playlists/{playlist}/tracks/order",
        "playlists.reorder_tracks",
        lambda c: c.playlists.reorder_tracks(1, [2, 3]),
    ),
    (
        "POST",
        "/playlists/{playlist}/invite",
        "playlists.invite",
        lambda c: c.playlists.invite(1, 2),
    ),
    (
        "POST",
        "/playlists/{playlist}/accept-invite",
        "playlists.accept_invite",
        lambda c: c.playlists.accept_invite(1),
    ),
    (
        "POST",
        "/playlists/{playlist}/decline-invite",
        "playlists.decline_invite",
        lambda c: c.playlists.decline_invite(1),
    ),
    (
        "POST",
        "/playlists/{playlist}/remove-editor",
        "playlists.remove_editor",
        lambda c: c.playlists.remove_editor(1, 2),
    ),
    ("GET", "/lyrics", "lyrics.list", lambda c: c.lyrics.list()),
    ("GET", "/tracks/{id}/lyrics", "lyrics.for_track", lambda c: c.lyrics.for_track(1)),
    ("POST", "/lyrics", "lyrics.create", lambda c: c.lyrics.create(1, "la")),
    ("PUT", "/lyrics/{id}", "lyrics.update", lambda c: c.lyrics.update(1, text="la")),
    ("DELETE", "/lyrics/{ids}", "lyrics.delete", lambda c: c.lyrics.delete(1)),
    (
        "POST",
        "/tracks/{track}/fingerprint",
        "fingerprints.generate",
        lambda c: c.fingerprints.generate(1),
    ),
    (
        "GET",
        "/tracks/{track}/fingerprint/status",
        "fingerprints.status",
        lambda c: c.fingerprints.status(1),
    ),
    (
        "POST",
        "/tracks/check-duplicates",
        "fingerprints.check_duplicates",
        lambda c: c.fingerprints.check_duplicates([1]),
    ),
    (
        "POST",
        "/fingerprints/{fingerprint}/retry",
        "fingerprints.retry",
        lambda c: c.fingerprints.retry(1),
    ),
    ("GET", "/tracks/{track}/placements", "recon.placements", lambda c: c.recon.placements(1)),
    ("GET", "/cover-art/templates", "cover_art.templates", lambda c: c.cover_art.templates()),
    (
        "GET",
        "/cover-art/templates/{template}",
        "cover_art.template",
        lambda c: c.cover_art.template(1),
    ),
    (
        "POST",
        "/cover-art/preview",
        "cover_art.preview",
        lambda c: c.cover_art.preview(1),
    ),
    (
        "GET",
        "/cover-art/matching-templates",
        "cover_art.matching_templates",
        lambda c: c.cover_art.matching_templates(genre="trap"),
    ),
    ("POST", "/auth/login", "login", lambda c: c.login("a@b.c", "pw", token_name="t")),
    ("GET", "/search", "search.__call__", lambda c: c.search("q")),
    (
        "GET",
        "/search/suggestions/artist",
        "search.artist_suggestions",
        lambda c: c.search.artist_suggestions("q"),
    ),
    (
        "GET",
        "/search/suggestions/artist/{id}",
        "search.artist_suggestion",
        lambda c: c.search.artist_suggestion(1),
    ),
    (
        "GET",
        "/search/suggestions/album",
        "search.album_suggestions",
        lambda c: c.search.album_suggestions("q"),
    ),
    (
        "GET",
        "/search/suggestions/album/{id}",
        "search.album_suggestion",
        lambda c: c.search.album_suggestion(1),
    ),
    (
        "GET",
        "/search/audio/{trackId}/{artistName}/{trackName}",
        "search.audio",
        lambda c: c.search.audio(1, "A", "T"),
    ),
    ("GET", "/genres", "genres.list", lambda c: c.genres.list()),
    ("GET", "/genres/{name}", "genres.get", lambda c: c.genres.get("rock")),
    (
        "GET",
        "/tags/{tagName}/tracks",
        "tags.tracks",
        lambda c: c.tags.tracks("chill"),
    ),
    (
        "GET",
        "/tags/{tagName}/albums",
        "tags.albums",
        lambda c: c.tags.albums("chill"),
    ),
    ("GET", "/radio/{type}/{id}", "radio.get", lambda c: c.radio.get("artist", 1)),
    (
        "POST",
        "/tracks/{track}/purchase/calculate-price",
        "purchases.calculate_price",
        lambda c: c.purchases.calculate_price(1),
    ),
    (
        "POST",
        "/tracks/{track}/purchase/initiate",
        "purchases.initiate",
        lambda c: c.purchases.initiate(1),
    ),
    (
        "GET",
        "/tracks/{track}/purchase/status",
        "purchases.status",
        lambda c: c.purchases.status(1),
    ),
    ("GET", "/purchases", "purchases.list", lambda c: c.purchases.list()),
    (
        "POST",
        "/tracks/{track}/generate-license",
        "licenses.generate",
        lambda c: c.licenses.generate(1, license_type="exclusive"),
    ),
    ("GET", "/tracks/{track}/check-license", "licenses.check", lambda c: c.licenses.check(1)),
    (
        "POST",
        "/tracks/check-licenses-batch",
        "licenses.check_batch",
        lambda c: c.licenses.check_batch([1, 2]),
    ),
    (
        "GET",
        "/tracks/{track}/license-certificate",
        "licenses.certificate",
        lambda c: c.licenses.certificate(1),
    ),
    (
        "GET",
        "/tracks/{track}/download-license-pdf",
        "licenses.download_pdf",
        lambda c: c.licenses.download_pdf(1, "license.pdf"),
    ),
    ("GET", "/verify-license/{uuid}", "licenses.verify", lambda c: c.licenses.verify("u-1")),
    ("POST", "/licenses/{uuid}/revoke", "licenses.revoke", lambda c: c.licenses.revoke("u-1")),
    ("GET", "/user/licenses", "licenses.list", lambda c: c.licenses.list()),
    (
        "POST",
        "/coupons/validate",
        "coupons.validate",
        lambda c: c.coupons.validate("SAVE"),
    ),
]


def test_every_row_of_the_operation_list_is_covered_once() -> None:
    # The list has 96 operations (97 lines with its header row).
    assert len(ROWS) == 96
    assert len({(method, path) for method, path, _, _ in ROWS}) == 96
    # One table: every path (plus the inferred upload endpoint) and nothing else.
    assert set(PATHS.values()) == {f"{m} {path}" for m, path, _, _ in ROWS} | {"POST /uploads"}


@pytest.mark.parametrize(("method", "path", "facade", "build"), ROWS, ids=[r[2] for r in ROWS])
def test_builder_matches_the_row(method: str, path: str, facade: str, build: Build) -> None:
    op = capture(build)
    assert op.method == method
    assert op.path == path and PATHS[op.name] == f"{method} {path}"
    # Writes are never replayed once they may have reached the server.
    assert op.idempotent is (method == "GET")


async def test_both_facades_have_a_documented_method_per_row() -> None:
    async with AsyncBeatPass(base_url="http://127.0.0.1:9/api/v1") as async_client:
        with BeatPass(base_url="http://127.0.0.1:9/api/v1") as sync_client:
            for client in (async_client, sync_client):
                for _, _, facade, _ in ROWS:
                    owner: Any = client
                    for part in facade.split("."):
                        owner = getattr(owner, part)
                    assert callable(owner), facade
                    assert (owner.__doc__ or "").strip(), facade


@pytest.mark.parametrize("client_class", [AsyncBeatPass, BeatPass])
def test_every_public_method_documents_args_returns_and_raises(client_class: type[Any]) -> None:
    client = client_class(base_url="http://127.0.0.1:9/api/v1")
    resources = [client, *(v for k, v in vars(client).items() if not k.startswith("_"))]
    methods = [
        getattr(resource, name)
        for resource in resources
        for name, member in vars(type(resource)).items()
        if callable(member) and (name == "__call__" or not name.startswith("_"))
    ]
    assert len(methods) == 98  # a method per path (97, login among them) and the upload flow
    for method in methods:
        # Read at a method's indentation on every version: Python 3.13 strips the
        # indentation of docstrings when it compiles them, 3.11 and 3.12 keep it.
        doc = textwrap.indent(inspect.cleandoc(method.__doc__ or ""), " " * 8)
        for section in ("Args:", "Returns:", "Raises:"):
            assert f"\n\n        {section}\n" in doc, f"{method.__qualname__} lacks {section}"


def test_inferred_upload_endpoint_is_marked() -> None:
    source = Path(__file__).parents[2] / "beatkit" / "beatpass" / "wire.py"
    lines = source.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith('"uploads.create"'))
    assert any("inferred" in line for line in lines[at - 3 : at])
    assert "inferred" in (Uploads.create.__doc__ or "")
    assert "inferred" in (AsyncUploads.create.__doc__ or "")


@pytest.mark.parametrize(
    ("name", "openapi"),
    [("tracks.log_play", "POST /tracks/plays/{track}/log"), ("playlists.update", "PUT /playlists")],
)
def test_paths_where_the_openapi_file_differs_follow_the_seed_and_say_so(
    name: str, openapi: str
) -> None:
    source = Path(__file__).parents[2] / "beatkit" / "beatpass" / "wire.py"
    lines = source.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f'"{name}"'))
    assert any("OpenAPI" in line for line in lines[at - 2 : at])
    guide = (Path(__file__).parents[2] / "docs" / "beatpass.md").read_text("utf-8")
    assert f"(OpenAPI: `{openapi}`" in guide and f"{PATHS[name]}`" in guide


# --- request details ------------------------------------------------------------------------


def _request(op: Operation[Any]) -> httpx.Request:
    return build_request(
        httpx.Client(),
        op,
        base_url=httpx.URL("https://open.beatpass.ca/api/v1"),
        headers={},
        timeout=httpx.Timeout(5),
    )


def test_delete_sends_comma_separated_ids() -> None:
    request = _request(capture(lambda c: c.tracks.delete([3, 1, 2])))
    assert request.method == "DELETE"
    assert request.url.path == "/api/v1/tracks/3,1,2"


def test_get_include_becomes_with() -> None:
    request = _request(capture(lambda c: c.tracks.get(7, include=["album", "tags"])))
    assert request.url.params["with"] == "album,tags"
    assert "with" not in _request(capture(lambda c: c.tracks.get(7))).url.params


def test_paged_lists_send_the_documented_page_size_parameter() -> None:
    tracks = _request(capture(lambda c: c.tracks.list(query="lofi", page=2, per_page=30)))
    assert dict(tracks.url.params) == {"query": "lofi", "page": "2", "per_page": "30"}
    nested = _request(capture(lambda c: c.artists.tracks(1, per_page=10)))
    assert dict(nested.url.params) == {"perPage": "10"}


def test_list_keywords_are_checked_and_limit_reaches_the_pager() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'pag'"):
        capture(lambda c: c.albums.list(pag=2))
    with pytest.raises(TypeError, match="unexpected keyword argument 'sort'"):
        capture(lambda c: c.artists.tracks(1, sort="new"))
    with BeatPass(base_url=BASE_URL) as client:
        assert "limit=3" in repr(client.tags.tracks("lofi", limit=3))


def test_create_track_body_drops_unset_fields_and_keeps_extra_ones() -> None:
    op = capture(
        lambda c: c.tracks.create(
            "Night Drive",
            file_entry_id=9,
            duration=180_000,
            genre="trap",
            artists=[1, 2],
            tags=["dark"],
            bpm=140,
        )
    )
    assert op.json == {
        "name": "Night Drive",
        "file_entry_id": 9,
        "duration": 180_000,
        "genre": "trap",
        "artists": [1, 2],
        "tags": ["dark"],
        "bpm": 140,
    }


def test_uploaded_track_takes_extracted_metadata_under_the_callers_fields(tmp_path: Path) -> None:
    source = tmp_path / "beat.mp3"
    source.write_bytes(b"ID3" + bytes(10))
    entry = FileEntry(id=5, url="https://cdn.example/a.mp3")
    meta = TrackMetadata(title="From Tags", duration=1000, bpm=90, key="Am", genre="lofi")
    answers = {"uploads.create": entry, "tracks.extract_metadata": meta}
    op = capture(lambda c: c.tracks.upload(source, bpm=92), answers)
    assert op.name == "tracks.create"
    assert op.json == {
        "file_entry_id": 5,
        "src": "https://cdn.example/a.mp3",
        "name": "From Tags",
        "duration": 1000,
        "genre": "lofi",
        "bpm": 92,
        "key": "Am",
    }
    answers = {"uploads.create": FileEntry(id=5), "tracks.extract_metadata": TrackMetadata()}
    bare = capture(lambda c: c.tracks.upload(source), answers)
    assert bare.json == {"file_entry_id": 5, "name": "beat"}


def test_a_blank_extracted_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    # A title tag of spaces (an ID3v1 field is padded) raised ValueError after the upload
    # and the extraction, leaving the file entry orphaned, instead of naming the track.
    source = tmp_path / "night-drive.mp3"
    source.write_bytes(b"ID3" + bytes(10))
    answers = {
        "uploads.create": FileEntry(id=5),
        "tracks.extract_metadata": TrackMetadata(title="   "),
    }
    op = capture(lambda c: c.tracks.upload(source), answers)
    assert op.name == "tracks.create" and op.json == {"file_entry_id": 5, "name": "night-drive"}


def test_a_blank_file_stem_falls_back_to_the_whole_file_name(tmp_path: Path) -> None:
    # "   .mp3" without a title tag: the stem of spaces raised ValueError only after the
    # upload and the extraction, leaving the file entry orphaned.
    source = tmp_path / "   .mp3"
    source.write_bytes(b"ID3" + bytes(10))
    answers = {"uploads.create": FileEntry(id=5), "tracks.extract_metadata": TrackMetadata()}
    op = capture(lambda c: c.tracks.upload(source), answers)
    assert op.name == "tracks.create" and op.json == {"file_entry_id": 5, "name": "   .mp3"}


def test_a_login_token_http_cannot_carry_is_refused_without_echoing_it() -> None:
    body = {"status": "success", "user": {"id": 1, "access_token": "abcSECRET\r\nX-Evil: 1"}}
    with pytest.raises(ValueError, match="access_token") as info:
        login_result(body)
    assert "SECRET" not in str(info.value)


def test_login_body_and_backstage_body() -> None:
    login = capture(lambda c: c.login("me@example.com", "s3cret", token_name="cli"))
    assert login.json == {"email": "me@example.com", "password": "s3cret", "token_name": "cli"}
    backstage = capture(
        lambda c: c.backstage.create(
            "claim-artist", artist_name="DJ", data={"role": "producer"}, artist_id="CURRENT_USER"
        )
    )
    assert backstage.json == {
        "type": "claim-artist",
        "artist_name": "DJ",
        "artist_id": "CURRENT_USER",
        "data": {"role": "producer"},
    }


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_backstage_artist_id_is_a_value_error(blank: str) -> None:
    # Text ids ("CURRENT_USER") are accepted: a blank one was a TypeError saying the id
    # "must be an int, got str".
    with pytest.raises(ValueError, match="artist_id must not be blank"):
        capture(
            lambda c: c.backstage.create("claim-artist", artist_name="DJ", data={}, artist_id=blank)
        )


@pytest.mark.parametrize(
    "build",
    [
        lambda c, money: c.tracks.create("Night Drive", **money),
        lambda c, money: c.tracks.update(3, **money),
    ],
    ids=["create", "update"],
)
def test_track_prices_are_exact_json_numbers(build: Callable[..., Any]) -> None:
    money = {"price": Decimal("29.99"), "exclusive_price": 250}
    sent = json.loads(_request(capture(lambda c: build(c, money))).content)
    assert (sent["price"], sent["exclusive_price"]) == (29.99, 250)
    as_text = {"price": "0.1", "exclusive_price": Decimal("1000")}
    sent = json.loads(_request(capture(lambda c: build(c, as_text))).content)
    assert (sent["price"], sent["exclusive_price"]) == (0.1, 1000)
    # A trailing zero is the same number; only digits no JSON float carries go as text.
    trailing = {"price": Decimal("199.50"), "exclusive_price": Decimal("1E+3")}
    sent = json.loads(_request(capture(lambda c: build(c, trailing))).content)
    assert (sent["price"], sent["exclusive_price"]) == (199.5, 1000)
    long = {"price": Decimal("12345678901234567.89")}
    sent = json.loads(_request(capture(lambda c: build(c, long))).content)
    assert sent["price"] == "12345678901234567.89"


@pytest.mark.parametrize("name", ["price", "exclusive_price"])
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (29.99, TypeError),  # a float may already have lost the cents
        (True, TypeError),
        ("29,99", ValueError),
        ("-1", ValueError),
        (Decimal("NaN"), ValueError),
    ],
)
def test_track_prices_refuse_floats_and_non_amounts(
    name: str, value: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match=name):
        capture(lambda c: c.tracks.create("Night Drive", **{name: value}))
    with pytest.raises(error, match=name):
        capture(lambda c: c.tracks.update(3, **{name: value}))


def test_coupon_amount_is_an_exact_json_number() -> None:
    op = capture(lambda c: c.coupons.validate("SAVE10", product_id=1, amount=Decimal("49.99")))
    assert json.loads(_request(op).content) == {"code": "SAVE10", "product_id": 1, "amount": 49.99}


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda c: c.tracks.get(0), ValueError),
        (lambda c: c.tracks.get("1"), TypeError),
        (lambda c: c.tracks.get(1, include=["lyrics"]), ValueError),
        (lambda c: c.tracks.delete([]), ValueError),
        (lambda c: c.tracks.delete("1,2"), TypeError),
        (lambda c: c.tracks.delete([1, True]), TypeError),
        (lambda c: c.tracks.list(page=0), ValueError),
        (lambda c: c.albums.list(per_page=0), ValueError),
        (
            lambda c: c.tracks.update(1),
            ValueError,
        ),
        (
            lambda c: c.tracks.create(" "),
            ValueError,
        ),
        (
            lambda c: c.playlists.create("p", description="too short"),
            ValueError,
        ),
        (
            lambda c: c.playlists.create("p", public="yes"),
            TypeError,
        ),
        (
            lambda c: c.backstage.create("become-producer", artist_name="A", data={}),
            ValueError,
        ),
        (
            lambda c: c.backstage.create("become-artist", artist_name="A", data=[]),
            TypeError,
        ),
        (lambda c: c.search(""), ValueError),
        (lambda c: c.search("q", types=["song"]), ValueError),
        (lambda c: c.radio.get("mood", 1), ValueError),
        (lambda c: c.coupons.validate("X", amount=1.5), TypeError),
        (
            lambda c: c.coupons.validate("X", amount="-1"),
            ValueError,
        ),
        (
            lambda c: c.albums.create("A", release_date="19/11/1982"),
            ValueError,
        ),
        (lambda c: c.tracks.update_play_duration(1, -1), ValueError),
        (lambda c: c.login("a@b.c", "", token_name="t"), ValueError),
    ],
)
def test_bad_arguments_raise_before_anything_is_built(build: Build, error: type[Exception]) -> None:
    with pytest.raises(error):
        capture(build)


# --- the write guard --------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "facade", "build"), ROWS, ids=[r[2] for r in ROWS])
def test_writes_need_a_token_reads_do_not(
    method: str, path: str, facade: str, build: Build
) -> None:
    op = capture(build)
    require_token(op, True)
    if method == "GET" or op.name in TOKEN_OPTIONAL_WRITES:
        require_token(op, False)
    else:
        with pytest.raises(ConfigurationError, match="token"):
            require_token(op, False)


def test_only_login_and_the_documented_optional_auth_posts_skip_the_guard() -> None:
    assert {
        "auth.login",
        "tracks.wave_batch",
        "tracks.log_play",
        "tracks.update_play_duration",
    } == TOKEN_OPTIONAL_WRITES


# --- body readers -------------------------------------------------------------------------------


def test_laravel_page_under_its_collection_key() -> None:
    body = {
        "status": "success",
        "tracks": {
            "current_page": 2,
            "from": 26,
            "to": 50,
            "per_page": 25,
            "last_page": 4,
            "total": 90,
            "data": [{"id": 1}],
        },
    }
    page = laravel_page(body, ("tracks",))
    assert (page.page, page.last_page, page.total, list(page.items)) == (2, 4, 90, [{"id": 1}])


def test_laravel_page_other_shapes() -> None:
    nested = laravel_page({"pagination": {"current_page": 1, "last_page": 1, "data": []}}, ("x",))
    assert nested.page == 1 and nested.last_page == 1
    flat = laravel_page({"current_page": 3, "last_page": 3, "total": "7", "data": [1]}, ("p",))
    assert (flat.page, flat.total) == (3, 7)
    plain = laravel_page({"genres": [{"id": 1}, {"id": 2}]}, ("genres",))
    assert plain.total == 2 and plain.last_page is None
    assert laravel_page([{"id": 1}], ("x",)).total == 1
    with pytest.raises(ValueError, match="Laravel page"):
        laravel_page({"status": "success"}, ("tracks",))


@pytest.mark.parametrize(
    "bad", ["\u0663", "\u00b2", "0\u0663", True, 2.5, 2.0, "abc", -1, "-1", " 3"]
)
@pytest.mark.parametrize("key", ["current_page", "last_page", "total"])
def test_laravel_page_numbers_are_ascii_digits_or_an_error(key: str, bad: Any) -> None:
    # "\u0663" (Arabic-Indic three) was read as 3; True, 2.5 or "abc" as "unknown",
    # which ended the walk after the first page: silently missing pages.
    pager = {"current_page": 1, "last_page": 3, "total": 7, "data": [{"id": 1}], key: bad}
    with pytest.raises(ValueError, match=key):
        laravel_page({"tracks": pager}, ("tracks",))
    pager[key] = None  # null is "not given", as an absent key is
    laravel_page({"tracks": pager}, ("tracks",))


@given(current=st.integers(1, 50), extra=st.integers(0, 50))
def test_page_number_paging_asks_for_every_remaining_page(current: int, extra: int) -> None:
    op = capture(lambda c: c.tracks.list())
    assert op.paging is not None
    last = current + extra
    body = {"tracks": {"current_page": current, "last_page": last, "data": []}}
    response = httpx.Response(200, request=httpx.Request("GET", "https://x.test/tracks"))
    raw = op.paging.read(op, response, body)
    assert [o.params["page"] for o in raw.rest or []] == list(range(current + 1, last + 1))
    assert (raw.next is None) is (extra == 0)


# --- errors -------------------------------------------------------------------------------------


def _error(status: int, body: Any, headers: dict[str, str] | None = None) -> Exception:
    response = httpx.Response(
        status,
        json=body,
        headers=headers,
        request=httpx.Request("POST", "https://open.beatpass.ca/api/v1/backstage-request"),
    )
    return error_from_response(response, SPEC)


@pytest.mark.parametrize(
    ("status", "cls"),
    [(401, AuthenticationError), (403, PermissionDeniedError), (404, NotFoundError)],
)
def test_message_errors(status: int, cls: type[Exception]) -> None:
    exc = _error(status, {"message": "Unauthenticated."})
    assert type(exc) is cls
    assert exc.message == "Unauthenticated."  # type: ignore[attr-defined]
    assert exc.service == "beatpass"  # type: ignore[attr-defined]


def test_validation_errors_expose_fields_in_both_documented_forms() -> None:
    exc = _error(
        422,
        {
            "message": "The given data was invalid.",
            "errors": {"name": ["The name field is required."], "email": "Bad e-mail"},
        },
    )
    assert isinstance(exc, UnprocessableEntityError)
    assert exc.field_errors == {"name": ["The name field is required."], "email": ["Bad e-mail"]}
    assert exc.message == "The given data was invalid."


def test_backstage_pending_conflict() -> None:
    exc = _error(
        409,
        {
            "message": "Your application is already under review. Please wait for the "
            "decision email before submitting another request.",
            "error_code": "backstage_request_pending",
        },
    )
    assert isinstance(exc, BackstageRequestPendingError)
    assert exc.code == "backstage_request_pending"
    assert exc.contact_url is None
    assert "under review" in exc.message


def test_backstage_revoked_conflict_finds_the_contact_url() -> None:
    exc = _error(
        409,
        {
            "message": "Your producer access was revoked. To appeal, contact support at "
            "/contact so admins can review your request for reinstatement.",
            "error_code": "backstage_request_revoked",
        },
    )
    assert isinstance(exc, BackstageRequestRevokedError)
    assert exc.contact_url == "/contact"
    explicit = _error(
        409,
        {"message": "Revoked.", "error_code": "backstage_request_revoked", "contact_url": "/help"},
    )
    assert isinstance(explicit, BackstageRequestRevokedError) and explicit.contact_url == "/help"


def test_other_conflicts_stay_plain() -> None:
    exc = _error(409, {"message": "Already invited.", "error_code": "invite_cooldown"})
    assert type(exc) is ConflictError and exc.code == "invite_cooldown"


def test_rate_limit_uses_the_header_else_the_body() -> None:
    body = {"message": "Too Many Attempts.", "retry_after": 60}
    with_header = _error(429, body, {"Retry-After": "12"})
    assert isinstance(with_header, RateLimitError) and with_header.retry_after == 12
    without = _error(429, body)
    assert isinstance(without, RateLimitError) and without.retry_after == 60
    neither = _error(429, {"message": "Too Many Attempts."})
    assert isinstance(neither, RateLimitError) and neither.retry_after is None


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        (30, 30),
        (1.5, 1.5),
        ("45", 45),
        ("\u0663", None),  # Arabic-Indic 3: float() reads it, delay-seconds is ASCII
        ("1_000", None),
        (1e20, None),  # centuries: a misread, not a lockout
        ("99999999999999999999", None),
        (True, None),
        ("soon", None),
    ],
)
def test_rate_limit_body_seconds_are_read_as_the_header_is(sent: object, read: object) -> None:
    exc = _error(429, {"message": "Too Many Attempts.", "retry_after": sent})
    assert isinstance(exc, RateLimitError) and exc.retry_after == read


def test_non_beatpass_bodies_are_left_to_the_core() -> None:
    assert parse_error(502, "<html>Bad gateway</html>") is None
    assert parse_error(500, {"unexpected": True}) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(status=st.integers(400, 599), body=json_values)
def test_parse_error_never_raises(status: int, body: Any) -> None:
    info = parse_error(status, body)
    assert info is None or isinstance(info.message, str)


# --- uploads ------------------------------------------------------------------------------------


def test_upload_path_checks(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no audio file"):
        check_upload_path(tmp_path / "missing.mp3", "audio file")
    with pytest.raises(IsADirectoryError):
        check_upload_path(tmp_path, "audio file")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        check_upload_path(empty, "audio file")
    with pytest.raises(TypeError):
        check_upload_path(b"/tmp/x.mp3", "audio file")
    good = tmp_path / "beat.mp3"
    good.write_bytes(b"ID3")
    assert check_upload_path(str(good), "audio file") == good


def test_upload_reader_counts_and_restarts_on_rewind() -> None:
    seen: list[UploadProgress] = []
    reader = UploadReader(io.BytesIO(b"x" * 10), 10, sending(seen.append))
    assert reader.read(4) == b"xxxx"
    assert reader.read() == b"x" * 6
    assert reader.read() == b""
    assert [p.bytes_sent for p in seen] == [4, 10]
    assert all(p.step is UploadStep.UPLOAD and p.bytes_total == 10 for p in seen)
    reader.seek(0)
    assert reader.sent == 0 and reader.tell() == 0


def test_upload_operation_is_multipart_with_field_file(tmp_path: Path) -> None:
    source = tmp_path / "beat.mp3"
    source.write_bytes(b"ID3" + bytes(100))
    sent: list[tuple[httpx.Request, bytes]] = []

    def read(op: Operation[Any]) -> None:
        # The file is open only while the transport sends: read the request then.
        request = _request(op)
        sent.append((request, request.read()))

    capture(lambda c: c.uploads.create(source), inspect=read)
    [(request, body)] = sent
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b'name="file"; filename="beat.mp3"' in body
    assert int(request.headers["content-length"]) == len(body)


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda c, day: c.tracks.create("Night Drive", release_date=day), "release_date"),
        (lambda c, day: c.tracks.update(3, release_date=day), "release_date"),
        (lambda c, day: c.albums.create("Coda", recorded_on=day), "recorded_on"),
        (
            lambda c, day: c.credits.create(1, role="Producer", title="T", release_date=day),
            "release_date",
        ),
        (
            lambda c, day: c.credits.create_album(
                1, role="Producer", album_name="A", release_date=day
            ),
            "release_date",
        ),
        (lambda c, day: c.credits.update(1, 2, release_date=day), "release_date"),
        (lambda c, day: c.lyrics.create(1, "la la", synced_on=day), "synced_on"),
        (lambda c, day: c.lyrics.update(1, synced_on=day), "synced_on"),
        (lambda c, day: c.cover_art.preview(1, release_date=day), "release_date"),
    ],
)
def test_a_date_among_the_other_fields_is_sent_as_iso_text(
    build: Callable[..., Any], key: str
) -> None:
    # A Credit's or Track's own release_date (a date) fed back into an update raised
    # "Object of type date is not JSON serializable" from the JSON encoder.
    from datetime import date

    sent = json.loads(_request(capture(lambda c: build(c, date(2024, 3, 9)))).content)
    assert sent[key] == "2024-03-09"


def test_dates_inside_a_backstage_request_payload_are_iso_text() -> None:
    from datetime import UTC, date, datetime

    op = capture(
        lambda c: c.backstage.create(
            "become-artist",
            artist_name="DJ",
            data={
                "born": date(1990, 1, 2),
                "links": [{"since": datetime(2024, 1, 2, 3, 4, tzinfo=UTC)}],
            },
        )
    )
    sent = json.loads(_request(op).content)
    assert sent["data"] == {"born": "1990-01-02", "links": [{"since": "2024-01-02T03:04:00Z"}]}
    with pytest.raises(TypeError, match="time zone"):
        capture(
            lambda c: c.backstage.create(
                "become-artist", artist_name="DJ", data={"since": datetime(2024, 1, 2)}
            )
        )


def test_values_json_cannot_carry_are_refused_before_sending_naming_the_field() -> None:
    # Not a bare "Object of type set is not JSON serializable", and no NaN token (not JSON).
    with pytest.raises(TypeError, match="mood"):
        capture(lambda c: c.tracks.create("Night Drive", mood={"dark"}))
    with pytest.raises(ValueError, match="bpm"):
        capture(lambda c: c.tracks.update(3, bpm=float("nan")))
    with pytest.raises(TypeError, match="when"):
        capture(
            lambda c: c.backstage.create("become-artist", artist_name="DJ", data={"when": object()})
        )


def test_search_types_as_text_may_have_spaces_after_the_commas() -> None:
    # "artist, track" was refused ("got ' track'") though the docstring takes a
    # comma-separated string; the API gets the documented form, "artist,track".
    request = _request(capture(lambda c: c.search("night", types="artist, track")))
    assert request.url.params["types"] == "artist,track"
    with pytest.raises(ValueError, match="types"):
        capture(lambda c: c.search("night", types="artist, tracks"))
