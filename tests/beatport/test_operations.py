"""Beatport operations as data: the path table, argument checks, page reading, error bodies.

Each operation is the one its resource method hands to the transport: ``OPS`` calls
the method on a strict client whose transport records the operation instead of
sending it.
"""

from __future__ import annotations

import csv
import inspect
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import cattrs
import httpx
import pytest
from attrs import frozen
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.pagination import PagingError
from beatkit._core.responses import decoder, error_from_response
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beatport.converter import converter, strict_converter
from beatkit.beatport.models import Artist, DownloadQuality, SearchResults, Subscription, Track
from beatkit.beatport.wire import SPEC, parse_error, parse_page_number
from beatkit.errors import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    QualityNotAvailableError,
    TerritoryRestrictedError,
)

CHECKLIST = Path(__file__).resolve().parents[1] / "fixtures" / "beatport" / "operations.tsv"
BASE = "https://api.beatport.com/v4"
# The path of every row of the PATHS table (its rows read "METHOD /path").
PATHS = {key: route.path for key, route in SPEC.routes.items()}


@frozen(kw_only=True)
class Built(Operation[Any]):
    """An operation as a resource method built it, with the decoder the strict client uses."""

    def decode(self, body: Any) -> Any:
        return decoder(self, strict_converter)(body)


class Operations:
    """The resource methods by the names of the operation builders they replaced.

    Calling ``OPS.get_track(1)`` calls ``client.tracks.get(1)`` on a strict sync client
    whose transport records the operation it is handed (answering an empty page, or
    nothing), and returns that operation. A pager is asked for its first page, which
    is when it hands its operation over.
    """

    METHODS: ClassVar[dict[str, str]] = {
        "introspect": "auth.introspect",
        "list_tracks": "tracks.list",
        "get_track": "tracks.get",
        "top_tracks": "tracks.top",
        "track_stream": "tracks.stream",
        "get_artist": "artists.get",
        "artist_top10": "artists.top10",
        "artist_tracks": "artists.tracks",
        "get_label": "labels.get",
        "label_top10": "labels.top10",
        "label_releases": "labels.releases",
        "get_release": "releases.get",
        "release_tracks": "releases.tracks",
        "list_genres": "genres.list",
        "get_genre": "genres.get",
        "genre_top10_tracks": "genres.top10_tracks",
        "genre_top10_releases": "genres.top10_releases",
        "genre_top100": "genres.top100",
        "get_sub_genre": "sub_genres.get",
        "list_charts": "charts.list",
        "get_chart": "charts.get",
        "chart_tracks": "charts.tracks",
        "get_playlist": "playlists.get",
        "playlist_tracks": "playlists.tracks",
        "get_key": "keys.get",
        "get_chord_type": "chord_types.get",
        "search": "search",
        "search_tracks": "tracks.search",
        "search_artists": "artists.search",
        "search_labels": "labels.search",
        "search_releases": "releases.search",
        "search_charts": "charts.search",
        "current_status": "auxiliary.current_status",
        "sale_type": "auxiliary.sale_type",
        "exclusive_period": "auxiliary.exclusive_period",
        "item_types": "auxiliary.item_types",
        "page_module_types": "auxiliary.page_module_types",
        "page_types": "auxiliary.page_types",
        "source_types": "auxiliary.source_types",
        "curation_pages": "curation.pages",
        "page_module_styles": "curation.page_module_styles",
        "my_account": "my.account",
        "my_beatport": "my.beatport",
        "my_beatport_tracks": "my.tracks",
        "my_subscriptions": "my.subscriptions",
    }

    def __init__(self) -> None:
        refuse = httpx.MockTransport(lambda request: pytest.fail(f"sent {request.url}"))
        self._client = Beatport(
            client_id="test-client", strict=True, http_client=httpx.Client(transport=refuse)
        )
        self._sent: list[Operation[Any]] = []
        transport = self._client._transport
        transport.request = self._request  # type: ignore[method-assign]
        transport.send = self._send  # type: ignore[method-assign]

    def _request(self, op: Operation[Any], options: RequestOptions | None = None) -> Any:
        self._sent.append(op)

    def _send(
        self, op: Operation[Any], options: RequestOptions | None = None
    ) -> tuple[httpx.Response, Any]:
        self._sent.append(op)
        body = {"results": [], "next": None}
        return httpx.Response(200, json=body, request=httpx.Request("GET", BASE)), body

    def _built(self, method: Any, *args: Any, **kwargs: Any) -> Built:
        self._sent.clear()
        result = method(*args, **kwargs)
        if isinstance(result, Pager):
            result.first_page()
        (op,) = self._sent
        return Built(**{f.name: getattr(op, f.name) for f in attrs.fields(Operation)})

    def track_download(self, track_id: Any, quality: Any = DownloadQuality.MEDIUM) -> Built:
        return self._built(self._client.tracks.download, track_id, quality=quality)

    def __getattr__(self, name: str) -> Any:
        target: Any = self._client
        for part in self.METHODS[name].split("."):
            target = getattr(target, part)
        return lambda *args, **kwargs: self._built(target, *args, **kwargs)


OPS = Operations()


def checklist() -> list[dict[str, str]]:
    """The rows of beatport.tsv (a copy of the spec's checklist) that are HTTP operations."""
    lines = [line for line in CHECKLIST.read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [row for row in rows if row["method"] in {"GET", "POST"}]


def shape(path: str) -> str:
    """A path with anonymous placeholders: ``/a/{id}/`` and ``/a/{x_id}/`` compare equal."""
    return re.sub(r"\{[^}]*\}", "{}", path)


# Every operation builder, called with valid arguments: what the facades send.
BUILT: list[Built] = [
    OPS.introspect(),
    OPS.list_tracks(),
    OPS.get_track(1),
    OPS.top_tracks(6),
    OPS.track_stream(1),
    OPS.track_download(1, "high"),
    OPS.get_artist(1),
    OPS.artist_top10(1),
    OPS.artist_tracks(1),
    OPS.get_label(1),
    OPS.label_top10(1),
    OPS.label_releases(1),
    OPS.get_release(1),
    OPS.release_tracks(1),
    OPS.list_genres(),
    OPS.get_genre(1),
    OPS.genre_top10_tracks(1),
    OPS.genre_top10_releases(1),
    OPS.genre_top100(1),
    OPS.get_sub_genre(1),
    OPS.list_charts(),
    OPS.get_chart(1),
    OPS.chart_tracks(1),
    OPS.get_playlist(1),
    OPS.playlist_tracks(1),
    OPS.get_key(1),
    OPS.get_chord_type(1),
    OPS.search("x"),
    OPS.search_tracks("x"),
    OPS.search_artists("x"),
    OPS.search_labels("x"),
    OPS.search_releases("x"),
    OPS.search_charts("x"),
    OPS.current_status(1),
    OPS.sale_type(1),
    OPS.exclusive_period(1),
    OPS.item_types(),
    OPS.page_module_types(),
    OPS.page_types(),
    OPS.source_types(),
    OPS.curation_pages(),
    OPS.page_module_styles(),
    OPS.my_account(),
    OPS.my_beatport(),
    OPS.my_beatport_tracks(),
    OPS.my_subscriptions(),
]

# The facade method of each operation name (client attribute path), on both clients.
FACADE = {
    "auth.introspect": "auth.introspect",
    "tracks.list": "tracks.list",
    "tracks.get": "tracks.get",
    "tracks.top": "tracks.top",
    "tracks.stream": "tracks.stream",
    "tracks.download": "tracks.download",
    "artists.get": "artists.get",
    "artists.top10": "artists.top10",
    "artists.tracks": "artists.tracks",
    "labels.get": "labels.get",
    "labels.top10": "labels.top10",
    "labels.releases": "labels.releases",
    "releases.get": "releases.get",
    "releases.tracks": "releases.tracks",
    "genres.list": "genres.list",
    "genres.get": "genres.get",
    "genres.top10_tracks": "genres.top10_tracks",
    "genres.top10_releases": "genres.top10_releases",
    "genres.top100": "genres.top100",
    "sub_genres.get": "sub_genres.get",
    "charts.list": "charts.list",
    "charts.get": "charts.get",
    "charts.tracks": "charts.tracks",
    "playlists.get": "playlists.get",
    "playlists.tracks": "playlists.tracks",
    "keys.get": "keys.get",
    "chord_types.get": "chord_types.get",
    "search": "search",
    "search.tracks": "tracks.search",
    "search.artists": "artists.search",
    "search.labels": "labels.search",
    "search.releases": "releases.search",
    "search.charts": "charts.search",
    "auxiliary.current_status": "auxiliary.current_status",
    "auxiliary.sale_type": "auxiliary.sale_type",
    "auxiliary.exclusive_period": "auxiliary.exclusive_period",
    "auxiliary.item_types": "auxiliary.item_types",
    "auxiliary.page_module_types": "auxiliary.page_module_types",
    "auxiliary.page_types": "auxiliary.page_types",
    "auxiliary.source_types": "auxiliary.source_types",
    "curation.pages": "curation.pages",
    "curation.page_module_styles": "curation.page_module_styles",
    "my.account": "my.account",
    "my.beatport": "my.beatport",
    "my.beatport_tracks": "my.tracks",
    "my.subscriptions": "my.subscriptions",
}


# --- the checklist -----------------------------------------------------------------------------


def test_every_checklist_path_is_in_the_table() -> None:
    table = {shape(path) for path in PATHS.values()}
    missing = [row["path"] for row in checklist() if shape(row["path"]) not in table]
    assert missing == []
    # Paths are kept exactly as the sources write them, trailing slash or not.
    assert PATHS["genres.top10_releases"].endswith("top-10-releases")
    assert PATHS["my.subscriptions"] == "/my/subscriptions"


def test_every_checklist_operation_has_a_builder() -> None:
    built = {(op.method, shape(op.path)) for op in BUILT}
    # The three login steps are sent by client.auth itself, not as operations.
    login = {"/auth/login/", "/auth/o/authorize/", "/auth/o/token/"}
    wanted = {(r["method"], shape(r["path"])) for r in checklist() if r["path"] not in login}
    assert wanted - built == set()
    assert {op.name for op in BUILT} == set(FACADE)


@pytest.mark.parametrize("client_class", [AsyncBeatport, Beatport])
async def test_every_operation_has_a_method_on_both_facades(client_class: type[Any]) -> None:
    client = client_class(client_id="test-client")
    try:
        for name, attribute in FACADE.items():
            target: Any = client
            for part in attribute.split("."):
                target = getattr(target, part)
            assert callable(target), name
            returns = inspect.signature(target).return_annotation
            assert returns is not inspect.Signature.empty, name
            if client_class is Beatport:
                assert not inspect.iscoroutinefunction(target), name
    finally:
        if isinstance(client, AsyncBeatport):
            await client.aclose()
        else:
            client.close()


def test_the_sync_facade_is_not_async() -> None:
    assert inspect.iscoroutinefunction(AsyncBeatport.search)
    assert not inspect.iscoroutinefunction(Beatport.search)


# --- argument checks ---------------------------------------------------------------------------


def test_track_filters_become_query_parameters() -> None:
    op = OPS.list_tracks(
        isrc=["GBDUW0000058", "NLF712400123"],
        name="Digital Love",
        artist_id=[3547, 26182],
        genre_id=39,
        label_id=97547,
        bpm=(120, 128),
        publish_date=(date(2001, 1, 1), None),
        order_by="-publish_date",
        page=2,
        per_page=100,
    )
    assert op.params["isrc"] == ["GBDUW0000058", "NLF712400123"]
    assert op.params["artist_id"] == [3547, 26182]
    assert op.params["bpm"] == "120:128"
    assert op.params["publish_date"] == "2001-01-01:"
    assert op.params["order_by"] == "-publish_date"
    assert (op.params["page"], op.params["per_page"]) == (2, 100)
    request = httpx.Request("GET", BASE + op.path, params=_query(op))
    assert request.url.params["artist_id"] == "3547,26182"
    assert OPS.list_tracks(bpm=(None, 90)).params["bpm"] == ":90"
    assert OPS.list_tracks(bpm=128).params["bpm"] == "128"
    assert OPS.list_tracks(publish_date=date(2024, 1, 15)).params["publish_date"] == "2024-01-15"


def _query(op: Operation[Any]) -> list[tuple[str, str]]:
    out = []
    for key, value in op.params.items():
        if value is None:
            continue
        out.append((key, ",".join(map(str, value)) if isinstance(value, list) else str(value)))
    return out


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: OPS.list_tracks(per_page=101), ValueError),
        (lambda: OPS.list_tracks(per_page=0), ValueError),
        (lambda: OPS.list_tracks(page=0), ValueError),
        (lambda: OPS.list_tracks(genre_id="6"), TypeError),
        (lambda: OPS.list_tracks(genre_id=True), TypeError),
        (lambda: OPS.list_tracks(genre_id=[]), ValueError),
        (lambda: OPS.list_tracks(genre_id=[6, 0]), ValueError),
        (lambda: OPS.list_tracks(name=""), ValueError),
        (lambda: OPS.list_tracks(name="a,b"), ValueError),
        (lambda: OPS.list_tracks(name=7), TypeError),
        (lambda: OPS.list_tracks(bpm=(None, None)), ValueError),
        (lambda: OPS.list_tracks(bpm=(1, 2, 3)), ValueError),
        (lambda: OPS.list_tracks(bpm=-1), ValueError),
        (lambda: OPS.list_tracks(publish_date="2024-01-01"), TypeError),
        (lambda: OPS.list_tracks(publish_date=datetime(2024, 1, 1)), TypeError),
        (lambda: OPS.list_tracks(order_by="popularity"), ValueError),
        (lambda: OPS.get_track(0), ValueError),
        (lambda: OPS.get_track("1"), TypeError),
        (lambda: OPS.track_download(1, "ultra"), ValueError),
        (lambda: OPS.track_download(1, None), TypeError),
        (lambda: OPS.genre_top100(6, per_page=101), ValueError),
        (lambda: OPS.search(""), ValueError),
        (lambda: OPS.search_tracks("x", per_page=500), ValueError),
    ],
)
def test_bad_arguments_raise_before_any_request(build: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        build()


@pytest.mark.parametrize(
    "filters",
    [
        {"bpm": (130, 120)},
        {"publish_date": (date(2024, 3, 1), date(2024, 2, 1))},
    ],
)
def test_an_inverted_range_is_refused_before_any_request(filters: dict[str, Any]) -> None:
    # (high, low) matches nothing: a swapped pair, not a query worth sending.
    (name,) = filters
    with pytest.raises(ValueError, match=f"{name} range"):
        OPS.list_tracks(**filters)
    assert OPS.list_tracks(bpm=(128, 128)).params["bpm"] == "128:128"


def test_bytes_for_a_text_filter_are_named_as_bytes() -> None:
    # Bytes are a sequence of ints: the error must not blame an int the caller never passed.
    with pytest.raises(TypeError, match="name must be a str or a sequence of str, got bytes"):
        OPS.list_tracks(name=b"Techno")
    with pytest.raises(TypeError, match="isrc must be a str or a sequence of str, got bytes"):
        OPS.list_tracks(isrc=b"GBDUW0000058")


@pytest.mark.parametrize(
    ("value", "kind"),
    [({3547: "Daft Punk"}, "dict"), (bytearray(b"\x05"), "bytearray"), ({3547, 26182}, "set")],
)
def test_an_id_filter_takes_ints_or_a_sequence_of_them_only(value: Any, kind: str) -> None:
    # A dict's keys, a bytearray's bytes: sent as ids the caller never wrote. Refused,
    # like a text filter's non-sequence, naming what was passed.
    with pytest.raises(TypeError, match=f"artist_id must be an int or a sequence of ints.*{kind}"):
        OPS.list_tracks(artist_id=value)
    assert OPS.list_tracks(artist_id=(3547, 26182)).params["artist_id"] == [3547, 26182]
    assert OPS.list_tracks(artist_id=range(1, 3)).params["artist_id"] == [1, 2]


def test_list_keywords_are_checked() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'size'"):
        OPS.list_tracks(size=10)
    with pytest.raises(TypeError, match="unexpected keyword argument 'pag'"):
        OPS.search_tracks("x", pag=2)
    with pytest.raises(TypeError, match="unexpected keyword argument 'q'"):
        OPS.curation_pages(q="x")


def test_download_quality_choices() -> None:
    for quality in DownloadQuality:
        assert OPS.track_download(5, quality).params == {"quality": str(quality)}
    assert OPS.track_download(5).params == {"quality": "medium"}
    assert OPS.track_download(5, "lossless").path_params == {"track_id": 5}


def test_top_lists_ask_for_their_size() -> None:
    assert OPS.artist_top10(1).params == {"per_page": 10}
    assert OPS.genre_top100(1).params["per_page"] == 100
    assert OPS.genre_top100(1, per_page=20).params["per_page"] == 20
    assert OPS.genre_top100(1, per_page=None).params["per_page"] == 100


# --- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (None, None)),
        (1, (1, None)),
        ("3", (3, None)),
        ("1/1", (1, 1)),
        (" 2/7 ", (2, 7)),
    ],
)
def test_page_number_forms(value: Any, expected: tuple[int | None, int | None]) -> None:
    assert parse_page_number(value) == expected


@pytest.mark.parametrize("value", [0, -1, True, "0/3", "1/0", "a/b", "1/", "/3", 1.0, [1]])
def test_unreadable_page_numbers(value: Any) -> None:
    with pytest.raises(PagingError):
        parse_page_number(value)


@pytest.mark.parametrize(
    "value",
    ["\u0663", "\u0663/\u0665", "1/\u0665", "\u00b2", "\uff13", "+3", "3_0", "1" * 19, False],
)
def test_page_numbers_are_ascii_digits_only(value: Any) -> None:
    # str.isdigit() takes other scripts' digits and superscripts (int("\u00b2") then
    # raises a bare ValueError); only ASCII digits are a page number.
    with pytest.raises(PagingError):
        parse_page_number(value)


@pytest.mark.parametrize("value", ["\u00a01/1", "2/7\u2003", "\u30003", "\u00853\u0085"])
def test_page_numbers_are_trimmed_of_ascii_whitespace_only(value: str) -> None:
    # str.strip() also removes no-break and other Unicode spaces; like the core's
    # Content-Length reader, only ASCII spaces and tabs surround a page number.
    with pytest.raises(PagingError):
        parse_page_number(value)
    assert parse_page_number("\t3/4 ") == (3, 4)


@pytest.mark.parametrize(
    "numbers",
    [
        {"count": -1},
        {"count": True},
        {"count": 2.0},
        {"count": "5"},
        {"per_page": -2},
        {"per_page": True},
        {"page": "\u0663", "per_page": 2, "count": 9},
    ],
)
def test_page_counts_are_json_integers_from_zero(numbers: dict[str, Any]) -> None:
    with pytest.raises(PagingError):
        read(OPS.list_tracks(), {**numbers, "results": []})


@pytest.mark.parametrize("count", [-1, True, 2.0, "5"])
def test_search_counts_are_json_integers_from_zero(count: Any) -> None:
    with pytest.raises(PagingError):
        read(OPS.search_tracks("x"), {"count": count, "tracks": []}, BASE + "/catalog/search/")


@given(st.integers(1, 10_000), st.integers(1, 10_000))
def test_page_number_of_any_fraction(page: int, last: int) -> None:
    assert parse_page_number(f"{page}/{last}") == (page, last)
    assert parse_page_number(page) == (page, None)


def answer(body: Any, url: str = BASE + "/catalog/tracks/") -> httpx.Response:
    return httpx.Response(200, json=body, request=httpx.Request("GET", url))


def read(op: Operation[Any], body: Any, url: str = BASE + "/catalog/tracks/") -> Any:
    assert op.paging is not None
    return op.paging.read(op, answer(body, url), body)


def test_next_link_is_followed() -> None:
    op = OPS.list_tracks(per_page=2)
    body = {
        "next": BASE + "/catalog/tracks/?page=2&per_page=2",
        "previous": None,
        "count": 5,
        "page": "1/3",
        "per_page": 2,
        "results": [{"id": 1}, {"id": 2}],
    }
    raw = read(op, body)
    assert raw.total == 5
    assert raw.next is not None and raw.next.url == BASE + "/catalog/tracks/?page=2&per_page=2"
    last = read(op, {**body, "next": None, "page": "3/3", "results": [{"id": 5}]})
    assert last.next is None


def test_a_null_next_ends_the_walk_even_when_count_is_larger() -> None:
    # Top lists report a large count with one page; the link decides.
    raw = read(
        OPS.list_tracks(), {"next": None, "count": 100, "page": 1, "per_page": 10, "results": []}
    )
    assert raw.next is None and raw.total == 100


def test_pages_without_a_link_are_numbered() -> None:
    op = OPS.list_tracks(per_page=2)
    raw = read(op, {"count": 5, "page": "2/3", "per_page": 2, "results": [{"id": 3}, {"id": 4}]})
    assert raw.next is not None and raw.next.params["page"] == 3
    counted = read(op, {"count": 5, "page": 2, "per_page": 2, "results": [{"id": 3}]})
    assert counted.next is not None and counted.next.params["page"] == 3
    last = read(op, {"count": 5, "page": 3, "per_page": 2, "results": [{"id": 5}]})
    assert last.next is None


def test_documented_int_page_with_link() -> None:
    body = json.loads((CHECKLIST.parent / "tracks-page-2.json").read_text())
    internal = "https://api-internal.beatportprod.com/v4/catalog/tracks/top/6/?page=2&per_page=2"
    raw = read(OPS.top_tracks(6, per_page=2), body, internal)
    assert raw.next is not None and raw.next.url.endswith("?page=3&per_page=2")


def test_a_link_to_another_host_is_refused() -> None:
    with pytest.raises(PagingError):
        read(OPS.list_tracks(), {"next": "https://evil.test/v4/?page=2", "results": []})


@pytest.mark.parametrize(
    "body",
    [
        {"results": "nope"},
        {"next": 5, "results": []},
        {"page": "x", "results": []},
        {"count": "many", "results": []},
        "text",
    ],
)
def test_malformed_pages(body: Any) -> None:
    with pytest.raises(PagingError):
        read(OPS.list_tracks(), body)


def test_search_blocks_in_both_shapes() -> None:
    track = {"id": 1, "name": "One"}
    artist = {"id": 2, "name": "Two"}
    as_data = {"tracks": {"data": [track]}, "artists": {"data": [artist]}}
    as_lists = {"tracks": [track], "artists": [artist], "labels": []}
    for body in (as_data, as_lists):
        results = OPS.search("x").decode(body)
        assert isinstance(results, SearchResults)
        assert [t.id for t in results.tracks] == [1]
        assert [a.name for a in results.artists] == ["Two"]
        assert results.charts == []
    raw = read(OPS.search_tracks("x", per_page=5), as_data, BASE + "/catalog/search/")
    assert [item["id"] for item in raw.items] == [1] and raw.next is None
    paged = {
        "tracks": {"data": [track], "next": BASE + "/catalog/search/?q=x&type=tracks&page=2"},
    }
    nxt = read(OPS.search_tracks("x"), paged, BASE + "/catalog/search/").next
    assert nxt is not None and "page=2" in nxt.url
    top = {"artists": [artist], "next": BASE + "/catalog/search/?page=2", "count": 9}
    raw_top = read(OPS.search_artists("x"), top, BASE + "/catalog/search/")
    assert raw_top.total == 9 and raw_top.next is not None
    with pytest.raises(PagingError):
        read(OPS.search_tracks("x"), {"tracks": 5}, BASE + "/catalog/search/")


def test_a_search_keeps_keys_that_are_no_search_type() -> None:
    # Regression: the whole search kept only the five known types, so a type Beatport
    # adds (or any other key) was dropped: not in ``extra``, not refused in strict mode.
    body = {
        "tracks": {"data": [{"id": 1, "name": "One"}]},
        "playlists": {"data": [{"playlist_id": 7, "playlist_name": "Seven"}]},
        "took": 12,
    }
    op = OPS.search("x")
    results = decoder(op, converter)(body)
    assert isinstance(results, SearchResults)
    assert [t.id for t in results.tracks] == [1]
    assert results.extra == {"playlists": body["playlists"], "took": 12}
    with pytest.raises(cattrs.BaseValidationError):
        op.decode(body)
    # The DRF page numbers of a body of lists are paging, not results: strict reads them.
    numbered = {"tracks": [{"id": 1, "name": "One"}], "next": None, "count": 1, "page": "1/1"}
    assert op.decode(numbered).extra == {}


def test_search_without_numbers_pages_while_pages_are_full() -> None:
    url = BASE + "/catalog/search/"
    full = {"tracks": {"data": [{"track_id": n} for n in range(3)]}}
    short = {"tracks": {"data": [{"track_id": 9}]}}
    op = OPS.search_tracks("x", per_page=3)
    second = read(op, full, url).next
    assert second is not None and (second.params["page"], second.params["per_page"]) == (2, 3)
    assert read(second, short, url).next is None
    assert read(second, {"tracks": {"data": []}}, url).next is None
    # Without per_page, none is sent: the server keeps its own page size.
    guessed = read(OPS.search_tracks("x", page=4), full, url).next
    assert guessed is not None and (guessed.params["page"], guessed.params["per_page"]) == (5, None)
    assert read(OPS.search_tracks("x"), {"tracks": {"data": []}}, url).next is None


def test_search_without_numbers_stops_on_a_page_that_repeats_the_last() -> None:
    # A server (or a cache in front of it) that ignores ``page`` answers every page with
    # the first: full pages for ever. The walk ends with an error on the first repeat.
    url = BASE + "/catalog/search/"
    full = {"tracks": {"data": [{"track_id": n} for n in range(3)]}}
    second = read(OPS.search_tracks("x", per_page=3), full, url).next
    assert second is not None
    with pytest.raises(PagingError, match="page 2 repeats page 1"):
        read(second, full, url)
    # A different full page goes on.
    other = {"tracks": {"data": [{"track_id": n} for n in range(3, 6)]}}
    third = read(second, other, url).next
    assert third is not None and third.params["page"] == 3


def test_short_lists_read_pages_or_bare_lists() -> None:
    track = {"id": 1, "name": "One"}
    for body in ([track], {"results": [track], "next": None}):
        assert OPS.genre_top10_tracks(6).decode(body) == [Track(id=1, name="One")]
    subscriptions = OPS.my_subscriptions().decode
    sub = {"id": 3, "name": "Streaming Professional", "is_active": True}
    for body in ([sub], {"results": [sub]}, sub):
        assert subscriptions(body) == [
            Subscription(id=3, name="Streaming Professional", is_active=True)
        ]
    assert subscriptions([]) == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"results": None},
        {"results": "none"},
        {"results": [{"id": 3}], "next": "https://api.beatport.com/v4/my/subscriptions/?page=2"},
    ],
)
def test_subscription_answers_that_hold_no_whole_list_are_errors(body: object) -> None:
    # Read as one subscription with every field None, or as the first page only.
    with pytest.raises(PagingError):
        OPS.my_subscriptions().decode(body)


def test_decoders_build_models() -> None:
    assert OPS.get_artist(1).decode({"id": 1, "name": "A"}) == Artist(id=1, name="A")
    info = OPS.track_download(1).decode({"location": "https://x.test/f", "stream_quality": ".flac"})
    assert info.stream_quality == ".flac"
    price = OPS.get_track(1).decode({"id": 1, "name": "t", "price": {"code": "USD", "value": 1.29}})
    assert price.price is not None and price.price.value == Decimal("1.29")


# --- errors -------------------------------------------------------------------------------------


def error(status: int, body: Any) -> Any:
    request = httpx.Request("GET", BASE + "/catalog/tracks/1/stream/")
    kwargs: dict[str, Any] = {"json": body} if not isinstance(body, str) else {"text": body}
    return error_from_response(httpx.Response(status, request=request, **kwargs), SPEC)


def test_detail_is_the_message() -> None:
    exc = error(404, {"detail": "No Release matches the given query."})
    assert isinstance(exc, NotFoundError)
    assert exc.message == "No Release matches the given query."
    assert exc.service == "beatport" and exc.code is None


def test_territory_restricted_has_its_own_class() -> None:
    exc = error(403, {"detail": "Territory Restricted."})
    assert type(exc) is TerritoryRestrictedError
    assert isinstance(exc, PermissionDeniedError)
    assert exc.message == "Territory Restricted."


def test_other_forbidden_answers_keep_the_api_message() -> None:
    text = "You do not have permission to perform this action."
    exc = error(403, {"detail": text})
    assert type(exc) is PermissionDeniedError
    assert exc.message == text
    # The same words on another status are not a territory restriction.
    assert type(error(404, {"detail": "Territory Restricted."})) is NotFoundError


def test_field_errors_are_kept() -> None:
    exc = error(400, {"id": ["Enter a number."]})
    assert isinstance(exc, BadRequestError)
    assert exc.message == "id: Enter a number."
    assert exc.details == {"id": ["Enter a number."]}
    assert exc.field_errors == {"id": ["Enter a number."]}
    many = error(
        400,
        {
            "per_page": ["Ensure this value is less than or equal to 100."],
            "non_field_errors": ["Bad request."],
        },
    )
    assert many.details["per_page"] == ["Ensure this value is less than or equal to 100."]
    assert "per_page: Ensure" in many.message and "Bad request." in many.message


def test_oauth_errors_carry_their_code() -> None:
    exc = error(
        401, {"error": "invalid_client", "error_description": "Client authentication failed."}
    )
    assert isinstance(exc, AuthenticationError)
    assert exc.code == "invalid_client"
    assert exc.message == "Client authentication failed."
    bare = error(400, {"error": "invalid_grant"})
    assert bare.code == "invalid_grant" and bare.message == "invalid_grant"


def test_detail_with_documented_extras() -> None:
    exc = error(404, {"detail": "Not found.", "error": "not_found", "status_code": 404})
    assert exc.code == "not_found" and exc.message == "Not found."
    auth = error(401, {"detail": "Authentication credentials were not provided."})
    assert isinstance(auth, AuthenticationError)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (["Requested quality is not available."], "Requested quality is not available."),
        ({"detail": ["a", "b"]}, "a b"),
        ({}, None),
        ({"count": 3}, None),
        ("<html>oops</html>", None),
        (None, None),
    ],
)
def test_parse_error_shapes(body: Any, expected: str | None) -> None:
    info = parse_error(400, body)
    assert (info.message if info else None) == expected


def test_unavailable_quality_is_its_own_error() -> None:
    exc = error(400, {"detail": "Requested quality is not available."})
    assert type(exc) is QualityNotAvailableError
    assert isinstance(exc, BadRequestError)
    assert exc.code == "quality_not_available"
    assert exc.message == "Requested quality is not available."
    # Another 400 detail stays a plain BadRequestError.
    assert type(error(400, {"detail": "Invalid quality."})) is BadRequestError
