"""BeatPass operations as data: the path table, argument checks, body readers, error mapping."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core.http import build_request, error_from_response
from beatkit._core.operation import Operation
from beatkit.beatpass import AsyncBeatPass, BeatPass, UploadProgress, UploadStep
from beatkit.beatpass._async.client import AsyncUploads
from beatkit.beatpass.converter import converter
from beatkit.beatpass.models import FileEntry, TrackMetadata
from beatkit.beatpass.operations import (
    PATHS,
    SPEC,
    TOKEN_OPTIONAL_WRITES,
    BeatPassOperations,
    UploadReader,
    check_upload_path,
    laravel_page,
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

OPS = BeatPassOperations(converter)

Build = Callable[[BeatPassOperations], Operation[Any]]

# Every row of the operation list (operations/beatpass.tsv), in its order: method, path,
# the facade method that serves it, and a call of its builder.
ROWS: list[tuple[str, str, str, Build]] = [
    (
        "GET",
        "/tracks",
        "tracks.list",
        lambda o: o.list_tracks(query=None, page=None, per_page=None),
    ),
    ("GET", "/tracks/{track}", "tracks.get", lambda o: o.get_track(1, include=None)),
    (
        "POST",
        "/tracks",
        "tracks.create",
        lambda o: o.create_track(
            "x",
            file_entry_id=None,
            description=None,
            duration=None,
            genre=None,
            artists=None,
            fields=None,
        ),
    ),
    (
        "PUT",
        "/tracks/{track}",
        "tracks.update",
        lambda o: o.update_track(
            1, name="x", description=None, duration=None, genre=None, artists=None, fields=None
        ),
    ),
    ("DELETE", "/tracks/{ids}", "tracks.delete", lambda o: o.delete_tracks([1, 2])),
    ("GET", "/tracks/{track}/download", "tracks.download", lambda o: o.download_track(1)),
    ("GET", "/tracks/{track}/wave", "tracks.wave", lambda o: o.track_wave(1)),
    ("POST", "/tracks/wave-batch", "tracks.wave_batch", lambda o: o.wave_batch([1])),
    (
        "POST",
        "/tracks/{fileEntry}/extract-metadata",
        "tracks.extract_metadata",
        lambda o: o.extract_metadata(1),
    ),
    ("POST", "/tracks/{track}/plays", "tracks.log_play", lambda o: o.log_play(1)),
    (
        "POST",
        "/tracks/plays/{track}/update-duration",
        "tracks.update_play_duration",
        lambda o: o.update_play_duration(1, duration=5),
    ),
    (
        "GET",
        "/tracks/{track}/engagement-metrics",
        "tracks.engagement_metrics",
        lambda o: o.track_engagement(1),
    ),
    (
        "GET",
        "/tracks/{track}/producer-analytics",
        "tracks.producer_analytics",
        lambda o: o.track_analytics(1),
    ),
    ("GET", "/albums", "albums.list", lambda o: o.list_albums(page=None, per_page=None)),
    ("GET", "/albums/{album}", "albums.get", lambda o: o.get_album(1, include=None)),
    (
        "POST",
        "/albums",
        "albums.create",
        lambda o: o.create_album(
            "x", description=None, release_date=None, artist_id=None, fields=None
        ),
    ),
    (
        "PUT",
        "/albums/{album}",
        "albums.update",
        lambda o: o.update_album(
            1, name="y", description=None, release_date=None, artist_id=None, fields=None
        ),
    ),
    ("DELETE", "/albums/{ids}", "albums.delete", lambda o: o.delete_albums(1)),
    (
        "GET",
        "/albums/{album}/producer-analytics",
        "albums.producer_analytics",
        lambda o: o.album_analytics(1),
    ),
    ("GET", "/artists", "artists.list", lambda o: o.list_artists(page=None, per_page=None)),
    ("GET", "/artists/{artist}", "artists.get", lambda o: o.get_artist(1, include=None)),
    (
        "GET",
        "/artists/{artist}/tracks",
        "artists.tracks",
        lambda o: o.artist_tracks(1, page=None, per_page=None),
    ),
    (
        "GET",
        "/artists/{artist}/albums",
        "artists.albums",
        lambda o: o.artist_albums(1, page=None, per_page=None),
    ),
    (
        "GET",
        "/artists/{artist}/producer-analytics",
        "artists.producer_analytics",
        lambda o: o.artist_analytics(1),
    ),
    (
        "GET",
        "/artists/{artist}/downloads-analytics",
        "artists.downloads_analytics",
        lambda o: o.artist_downloads(1),
    ),
    (
        "GET",
        "/artists/{artist}/producer-achievements",
        "artists.achievements",
        lambda o: o.artist_achievements(1),
    ),
    (
        "GET",
        "/artists/{artist}/check-ownership",
        "artists.check_ownership",
        lambda o: o.check_ownership(1),
    ),
    (
        "GET",
        "/backstage-request/submission-status",
        "backstage.submission_status",
        lambda o: o.submission_status(),
    ),
    (
        "POST",
        "/backstage-request",
        "backstage.create",
        lambda o: o.create_backstage_request(
            "become-artist", artist_name="A", data={}, artist_id=None
        ),
    ),
    (
        "POST",
        "/backstage-request/{backstageRequest}/revoke",
        "backstage.revoke",
        lambda o: o.revoke_backstage_request(1, notes=None),
    ),
    ("GET", "/artists/{artist}/credits", "credits.list", lambda o: o.list_credits(1)),
    (
        "POST",
        "/artists/{artist}/credits",
        "credits.create",
        lambda o: o.create_credit(1, role="Producer", title="T", fields=None),
    ),
    (
        "POST",
        "/artists/{artist}/credits/album",
        "credits.create_album",
        lambda o: o.create_credit(1, role="Producer", title=None, fields=None, album_name="A"),
    ),
    (
        "PUT",
        "/artists/{artist}/credits/{credit}",
        "credits.update",
        lambda o: o.update_credit(1, 2, role="Mixer", title=None, fields=None),
    ),
    (
        "DELETE",
        "/artists/{artist}/credits/{credit}",
        "credits.delete",
        lambda o: o.delete_credit(1, 2),
    ),
    (
        "POST",
        "/artists/{artist}/credits/reorder",
        "credits.reorder",
        lambda o: o.reorder_credits(1, [2, 3]),
    ),
    (
        "GET",
        "/credits/spotify-search",
        "credits.spotify_search",
        lambda o: o.spotify_search("q", kind=None),
    ),
    ("GET", "/credits/spotify-album", "credits.spotify_album", lambda o: o.spotify_album("abc")),
    ("GET", "/credits/roles", "credits.roles", lambda o: o.credit_roles()),
    (
        "POST",
        "/artists/{artistId}/tracks/{trackId}/pin",
        "artists.pin",
        lambda o: o.pin_track(1, 2),
    ),
    (
        "POST",
        "/artists/{artistId}/tracks/{trackId}/unpin",
        "artists.unpin",
        lambda o: o.unpin_track(1, 2),
    ),
    (
        "GET",
        "/artists/{artistId}/pinned-track",
        "artists.pinned_track",
        lambda o: o.pinned_track(1),
    ),
    (
        "GET",
        "/playlists",
        "playlists.list",
        lambda o: o.list_playlists(page=None, per_page=None),
    ),
    ("GET", "/playlists/{id}", "playlists.get", lambda o: o.get_playlist(1)),
    (
        "POST",
        "/playlists",
        "playlists.create",
        lambda o: o.create_playlist(
            "x", description=None, image=None, public=None, collaborative=None
        ),
    ),
    (
        "PUT",
        "/playlists/{playlist}",
        "playlists.update",
        lambda o: o.update_playlist(
            1, name="x", description=None, image=None, public=None, collaborative=None
        ),
    ),
    ("DELETE", "/playlists/{ids}", "playlists.delete", lambda o: o.delete_playlists([1])),
    ("POST", "/playlists/{id}/follow", "playlists.follow", lambda o: o.follow_playlist(1)),
    ("POST", "/playlists/{id}/unfollow", "playlists.unfollow", lambda o: o.unfollow_playlist(1)),
    (
        "GET",
        "/playlists/{id}/tracks",
        "playlists.tracks",
        lambda o: o.playlist_tracks(1, page=None, per_page=None),
    ),
    (
        "POST",
        "/playlists/{playlist}/tracks/add",
        "playlists.add_tracks",
        lambda o: o.add_playlist_tracks(1, [2]),
    ),
    (
        "POST",
        "/playlists/{playlist}/tracks/remove",
        "playlists.remove_tracks",
        lambda o: o.remove_playlist_tracks(1, [2]),
    ),
    (
        "POST",
        "/playlists/{playlist}/tracks/order",
        "playlists.reorder_tracks",
        lambda o: o.reorder_playlist_tracks(1, [2, 3]),
    ),
    ("POST", "/playlists/{playlist}/invite", "playlists.invite", lambda o: o.invite_editor(1, 2)),
    (
        "POST",
        "/playlists/{playlist}/accept-invite",
        "playlists.accept_invite",
        lambda o: o.accept_invite(1),
    ),
    (
        "POST",
        "/playlists/{playlist}/decline-invite",
        "playlists.decline_invite",
        lambda o: o.decline_invite(1),
    ),
    (
        "POST",
        "/playlists/{playlist}/remove-editor",
        "playlists.remove_editor",
        lambda o: o.remove_editor(1, 2),
    ),
    ("GET", "/lyrics", "lyrics.list", lambda o: o.list_lyrics(page=None, per_page=None)),
    ("GET", "/tracks/{id}/lyrics", "lyrics.for_track", lambda o: o.track_lyrics(1)),
    ("POST", "/lyrics", "lyrics.create", lambda o: o.create_lyrics(1, "la", fields=None)),
    ("PUT", "/lyrics/{id}", "lyrics.update", lambda o: o.update_lyrics(1, text="la", fields=None)),
    ("DELETE", "/lyrics/{ids}", "lyrics.delete", lambda o: o.delete_lyrics(1)),
    (
        "POST",
        "/tracks/{track}/fingerprint",
        "fingerprints.generate",
        lambda o: o.generate_fingerprint(1),
    ),
    (
        "GET",
        "/tracks/{track}/fingerprint/status",
        "fingerprints.status",
        lambda o: o.fingerprint_status(1),
    ),
    (
        "POST",
        "/tracks/check-duplicates",
        "fingerprints.check_duplicates",
        lambda o: o.check_duplicates([1], file_entry_id=None),
    ),
    (
        "POST",
        "/fingerprints/{fingerprint}/retry",
        "fingerprints.retry",
        lambda o: o.retry_fingerprint(1),
    ),
    ("GET", "/tracks/{track}/placements", "recon.placements", lambda o: o.placements(1)),
    ("GET", "/cover-art/templates", "cover_art.templates", lambda o: o.cover_art_templates()),
    (
        "GET",
        "/cover-art/templates/{template}",
        "cover_art.template",
        lambda o: o.cover_art_template(1),
    ),
    (
        "POST",
        "/cover-art/preview",
        "cover_art.preview",
        lambda o: o.cover_art_preview(1, title=None, artist=None, fields=None),
    ),
    (
        "GET",
        "/cover-art/matching-templates",
        "cover_art.matching_templates",
        lambda o: o.matching_templates(genre="trap", mood=None, criteria=None),
    ),
    ("POST", "/auth/login", "login", lambda o: o.login("a@b.c", "pw", token_name="t")),
    ("GET", "/search", "search.__call__", lambda o: o.search("q", types=None, limit=None)),
    (
        "GET",
        "/search/suggestions/artist",
        "search.artist_suggestions",
        lambda o: o.suggestions("artist", "q"),
    ),
    (
        "GET",
        "/search/suggestions/artist/{id}",
        "search.artist_suggestion",
        lambda o: o.suggestion("artist", 1),
    ),
    (
        "GET",
        "/search/suggestions/album",
        "search.album_suggestions",
        lambda o: o.suggestions("album", "q"),
    ),
    (
        "GET",
        "/search/suggestions/album/{id}",
        "search.album_suggestion",
        lambda o: o.suggestion("album", 1),
    ),
    (
        "GET",
        "/search/audio/{trackId}/{artistName}/{trackName}",
        "search.audio",
        lambda o: o.audio_search(1, "A", "T"),
    ),
    ("GET", "/genres", "genres.list", lambda o: o.list_genres(page=None, per_page=None)),
    ("GET", "/genres/{name}", "genres.get", lambda o: o.get_genre("rock")),
    (
        "GET",
        "/tags/{tagName}/tracks",
        "tags.tracks",
        lambda o: o.tag_tracks("chill", page=None, per_page=None),
    ),
    (
        "GET",
        "/tags/{tagName}/albums",
        "tags.albums",
        lambda o: o.tag_albums("chill", page=None, per_page=None),
    ),
    ("GET", "/radio/{type}/{id}", "radio.get", lambda o: o.radio("artist", 1)),
    (
        "POST",
        "/tracks/{track}/purchase/calculate-price",
        "purchases.calculate_price",
        lambda o: o.calculate_price(1, is_exclusive=None, coupon_code=None),
    ),
    (
        "POST",
        "/tracks/{track}/purchase/initiate",
        "purchases.initiate",
        lambda o: o.initiate_purchase(1, is_exclusive=None, coupon_code=None),
    ),
    (
        "GET",
        "/tracks/{track}/purchase/status",
        "purchases.status",
        lambda o: o.purchase_status(1),
    ),
    ("GET", "/purchases", "purchases.list", lambda o: o.list_purchases(page=None, per_page=None)),
    (
        "POST",
        "/tracks/{track}/generate-license",
        "licenses.generate",
        lambda o: o.generate_license(1, license_type="exclusive", usage_terms=None),
    ),
    ("GET", "/tracks/{track}/check-license", "licenses.check", lambda o: o.check_license(1)),
    (
        "POST",
        "/tracks/check-licenses-batch",
        "licenses.check_batch",
        lambda o: o.check_licenses([1, 2]),
    ),
    (
        "GET",
        "/tracks/{track}/license-certificate",
        "licenses.certificate",
        lambda o: o.license_certificate(1),
    ),
    (
        "GET",
        "/tracks/{track}/download-license-pdf",
        "licenses.download_pdf",
        lambda o: o.license_pdf(1),
    ),
    ("GET", "/verify-license/{uuid}", "licenses.verify", lambda o: o.verify_license("u-1")),
    ("POST", "/licenses/{uuid}/revoke", "licenses.revoke", lambda o: o.revoke_license("u-1")),
    ("GET", "/user/licenses", "licenses.list", lambda o: o.list_licenses(page=None, per_page=None)),
    (
        "POST",
        "/coupons/validate",
        "coupons.validate",
        lambda o: o.validate_coupon("SAVE", product_id=None, price_id=None, amount=None),
    ),
]


def test_every_row_of_the_operation_list_is_covered_once() -> None:
    # The list has 96 operations (97 lines with its header row).
    assert len(ROWS) == 96
    assert len({(method, path) for method, path, _, _ in ROWS}) == 96
    # One table: every path (plus the inferred upload endpoint) and nothing else.
    assert set(PATHS.values()) == {path for _, path, _, _ in ROWS} | {"/uploads"}


@pytest.mark.parametrize(("method", "path", "facade", "build"), ROWS, ids=[r[2] for r in ROWS])
def test_builder_matches_the_row(method: str, path: str, facade: str, build: Build) -> None:
    op = build(OPS)
    assert op.method == method
    assert op.path == path == PATHS[op.name]
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


def test_inferred_upload_endpoint_is_marked() -> None:
    source = Path(__file__).parents[2] / "beatkit" / "beatpass" / "operations.py"
    lines = source.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith('"uploads.create"'))
    assert any("inferred" in line for line in lines[at - 3 : at])
    assert "inferred" in (OPS.upload_file.__doc__ or "")
    assert "inferred" in (AsyncUploads.create.__doc__ or "")


@pytest.mark.parametrize(
    ("name", "openapi"),
    [("tracks.log_play", "POST /tracks/plays/{track}/log"), ("playlists.update", "PUT /playlists")],
)
def test_paths_where_the_openapi_file_differs_follow_the_seed_and_say_so(
    name: str, openapi: str
) -> None:
    source = Path(__file__).parents[2] / "beatkit" / "beatpass" / "operations.py"
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
    request = _request(OPS.delete_tracks([3, 1, 2]))
    assert request.method == "DELETE"
    assert request.url.path == "/api/v1/tracks/3,1,2"


def test_get_include_becomes_with() -> None:
    request = _request(OPS.get_track(7, include=["album", "tags"]))
    assert request.url.params["with"] == "album,tags"
    assert "with" not in _request(OPS.get_track(7, include=None)).url.params


def test_paged_lists_send_the_documented_page_size_parameter() -> None:
    tracks = _request(OPS.list_tracks(query="lofi", page=2, per_page=30))
    assert dict(tracks.url.params) == {"query": "lofi", "page": "2", "per_page": "30"}
    nested = _request(OPS.artist_tracks(1, page=None, per_page=10))
    assert dict(nested.url.params) == {"perPage": "10"}


def test_create_track_body_drops_unset_fields_and_keeps_extra_ones() -> None:
    op = OPS.create_track(
        "Night Drive",
        file_entry_id=9,
        description=None,
        duration=180_000,
        genre="trap",
        artists=[1, 2],
        fields={"tags": ["dark"], "bpm": 140},
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


def test_uploaded_track_takes_extracted_metadata_under_the_callers_fields() -> None:
    entry = FileEntry(id=5, url="https://cdn.example/a.mp3")
    meta = TrackMetadata(title="From Tags", duration=1000, bpm=90, key="Am", genre="lofi")
    op = OPS.create_uploaded_track(entry, meta, default_name="file", fields={"bpm": 92})
    assert op.json == {
        "file_entry_id": 5,
        "src": "https://cdn.example/a.mp3",
        "name": "From Tags",
        "duration": 1000,
        "genre": "lofi",
        "bpm": 92,
        "key": "Am",
    }
    bare = OPS.create_uploaded_track(
        FileEntry(id=5), TrackMetadata(), default_name="beat", fields={}
    )
    assert bare.json == {"file_entry_id": 5, "name": "beat"}


def test_login_body_and_backstage_body() -> None:
    login = OPS.login("me@example.com", "s3cret", token_name="cli")
    assert login.json == {"email": "me@example.com", "password": "s3cret", "token_name": "cli"}
    backstage = OPS.create_backstage_request(
        "claim-artist", artist_name="DJ", data={"role": "producer"}, artist_id="CURRENT_USER"
    )
    assert backstage.json == {
        "type": "claim-artist",
        "artist_name": "DJ",
        "artist_id": "CURRENT_USER",
        "data": {"role": "producer"},
    }


def test_coupon_amount_is_an_exact_json_number() -> None:
    op = OPS.validate_coupon("SAVE10", product_id=1, price_id=None, amount=Decimal("49.99"))
    assert json.loads(_request(op).content) == {"code": "SAVE10", "product_id": 1, "amount": 49.99}


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda o: o.get_track(0, include=None), ValueError),
        (lambda o: o.get_track("1", include=None), TypeError),
        (lambda o: o.get_track(1, include=["lyrics"]), ValueError),
        (lambda o: o.delete_tracks([]), ValueError),
        (lambda o: o.delete_tracks("1,2"), TypeError),
        (lambda o: o.delete_tracks([1, True]), TypeError),
        (lambda o: o.list_tracks(query=None, page=0, per_page=None), ValueError),
        (lambda o: o.list_albums(page=None, per_page=0), ValueError),
        (
            lambda o: o.update_track(
                1, name=None, description=None, duration=None, genre=None, artists=None, fields=None
            ),
            ValueError,
        ),
        (
            lambda o: o.create_track(
                " ",
                file_entry_id=None,
                description=None,
                duration=None,
                genre=None,
                artists=None,
                fields=None,
            ),
            ValueError,
        ),
        (
            lambda o: o.create_playlist(
                "p", description="too short", image=None, public=None, collaborative=None
            ),
            ValueError,
        ),
        (
            lambda o: o.create_playlist(
                "p", description=None, image=None, public="yes", collaborative=None
            ),
            TypeError,
        ),
        (
            lambda o: o.create_backstage_request(
                "become-producer", artist_name="A", data={}, artist_id=None
            ),
            ValueError,
        ),
        (
            lambda o: o.create_backstage_request(
                "become-artist", artist_name="A", data=[], artist_id=None
            ),
            TypeError,
        ),
        (lambda o: o.search("", types=None, limit=None), ValueError),
        (lambda o: o.search("q", types=["song"], limit=None), ValueError),
        (lambda o: o.radio("mood", 1), ValueError),
        (lambda o: o.validate_coupon("X", product_id=None, price_id=None, amount=1.5), TypeError),
        (
            lambda o: o.validate_coupon("X", product_id=None, price_id=None, amount="-1"),
            ValueError,
        ),
        (
            lambda o: o.create_album(
                "A", description=None, release_date="19/11/1982", artist_id=None, fields=None
            ),
            ValueError,
        ),
        (lambda o: o.update_play_duration(1, duration=-1), ValueError),
        (lambda o: o.login("a@b.c", "", token_name="t"), ValueError),
    ],
)
def test_bad_arguments_raise_before_anything_is_built(build: Build, error: type[Exception]) -> None:
    with pytest.raises(error):
        build(OPS)


# --- the write guard --------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "facade", "build"), ROWS, ids=[r[2] for r in ROWS])
def test_writes_need_a_token_reads_do_not(
    method: str, path: str, facade: str, build: Build
) -> None:
    op = build(OPS)
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


@given(current=st.integers(1, 50), extra=st.integers(0, 50))
def test_page_number_paging_asks_for_every_remaining_page(current: int, extra: int) -> None:
    op = OPS.list_tracks(query=None, page=None, per_page=None)
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
        check_upload_path(tmp_path / "missing.mp3")
    with pytest.raises(IsADirectoryError):
        check_upload_path(tmp_path)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        check_upload_path(empty)
    with pytest.raises(TypeError):
        check_upload_path(b"/tmp/x.mp3")
    good = tmp_path / "beat.mp3"
    good.write_bytes(b"ID3")
    assert check_upload_path(str(good)) == good


def test_upload_reader_counts_and_restarts_on_rewind() -> None:
    seen: list[UploadProgress] = []
    reader = UploadReader(io.BytesIO(b"x" * 10), 10, seen.append)
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
    with source.open("rb") as file:
        op = OPS.upload_file(UploadReader(file, 103, None), filename="beat.mp3")
        request = _request(op)
        body = request.read()
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b'name="file"; filename="beat.mp3"' in body
    assert int(request.headers["content-length"]) == len(body)
