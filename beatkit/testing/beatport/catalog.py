"""Beatport's catalog: tracks and their filters, the other catalog records, search, the
auxiliary and curation tables, and the user's own data."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partialmethod
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing._wire import DIGITS, to_int
from beatkit.testing.beatport._base import Base, Listing
from beatkit.testing.beatport._data import TABLES, artist_ref

__all__ = ["Catalog"]

_SEARCH_TYPES = ("tracks", "artists", "labels", "releases", "charts")
# The catalog records read by id (besides genres, which are listed too).
_RECORDS = "tracks artists labels releases sub_genres charts playlists keys chord_types"
# Text filters of /catalog/tracks/: how a text matches (whole, or by case-insensitive
# containment), and the texts they look in. A comma separates alternatives, any may match.
_TEXT_FILTERS: tuple[tuple[str, Callable[[str, str], bool], Callable[[Record], list[str]]], ...] = (
    ("isrc", operator.eq, lambda t: [t["isrc"] or ""]),
    ("catalog_number", operator.eq, lambda t: [t["catalog_number"] or ""]),
    ("name", operator.contains, lambda t: [t["name"]]),
    ("mix_name", operator.contains, lambda t: [t["mix_name"]]),
    ("artist_name", operator.contains, lambda t: [a["name"] for a in t["artists"] + t["remixers"]]),
    ("label_name", operator.contains, lambda t: [t["release"]["label"]["name"]]),
)
# Id filters of /catalog/tracks/: the ids a track has for each.
_ID_FILTERS: Mapping[str, Callable[[Record], set[int]]] = {
    "id": lambda t: {t["id"]},
    "genre_id": lambda t: {t["genre"]["id"]},
    "sub_genre_id": lambda t: {t["sub_genre"]["id"]} if t["sub_genre"] else set(),
    "label_id": lambda t: {t["release"]["label"]["id"]},
    "release_id": lambda t: {t["release"]["id"]},
    "key_id": lambda t: {t["key"]["id"]},
    "artist_id": lambda t: {a["id"] for a in t["artists"] + t["remixers"]},
}


def _model(name: str) -> str:
    """A record's name in 404 answers: ``sub_genres`` -> ``SubGenre``."""
    return name.title().replace("_", "")[:-1]


def _needles(raw: str) -> list[str]:
    """A text filter's alternatives (a comma separates them), stripped and casefolded."""
    return [n.strip().casefold() for n in raw.split(",") if n.strip()]


def _date_value(text: str) -> str:
    return date.fromisoformat(text).isoformat()


def _int_value(text: str) -> int:
    if not DIGITS.fullmatch(text):
        raise ValueError(text)
    return to_int(text)


def _in_range(value: Any, bounds: tuple[Any, Any]) -> bool:
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def _score(needle: str, *texts: str) -> float | None:
    scores = [
        100.0 if needle == folded else round(40.0 + 50.0 * len(needle) / len(folded), 4)
        for folded in (text.casefold() for text in texts)
        if needle in folded
    ]
    return max(scores, default=None)


def _genre_docs(genres: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"genre_id": g["id"], "genre_name": g["name"]} for g in genres]


def _named(kind: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """A search document's ``<kind>_id`` and ``<kind>_name``."""
    return {f"{kind}_id": item["id"], f"{kind}_name": item["name"]}


def _credits(artists: Iterable[Mapping[str, Any]], role: str) -> list[dict[str, Any]]:
    """Search documents' ``artists``: each one's id and name, and its role on the record."""
    return [{**_named("artist", a), "artist_type_name": role} for a in artists]


def _images(kind: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """A search document's ``<kind>_image_uri`` and ``<kind>_image_dynamic_uri``."""
    image = item["image"]
    return {f"{kind}_image_uri": image["uri"], f"{kind}_image_dynamic_uri": image["dynamic_uri"]}


class Catalog(Base):
    """The catalog reads, search, the auxiliary and curation tables, and ``/my/*``."""

    _listings = (
        *(Listing(name=name, model=_model(name), ops="get") for name in _RECORDS.split()),
        Listing(name="genres", model="Genre", ops="list get", style="int"),
    )
    _auxiliary = tuple(
        Listing(name="auxiliary", model=model, ops=op, table=table, keys={op: key}, style="int")
        for key, table, model, op in (
            ("auxiliary.current_status", "current-status", "CurrentStatus", "get"),
            ("auxiliary.sale_type", "sale-types", "SaleType", "get"),
            ("auxiliary.exclusive_period", "exclusive-period", "ExclusivePeriod", "get"),
            ("auxiliary.item_types", "item-types", "", "list"),
            ("auxiliary.page_module_types", "page-module-types", "", "list"),
            ("auxiliary.page_types", "page-types", "", "list"),
            ("auxiliary.source_types", "source-types", "", "list"),
        )
    )
    _curation = (
        Listing(name="curation_pages", model="", ops="list", keys={"list": "curation.pages"},
                style="int"),
        Listing(name="page_module_styles", model="", ops="list", style="int",
                keys={"list": "curation.page_module_styles"}),
    )  # fmt: skip

    # -- tracks --------------------------------------------------------------------------

    def on_tracks_list(self, request: httpx.Request) -> httpx.Response:
        tracks: Iterable[Record] = self.tracks
        for name, matches, texts_of in _TEXT_FILTERS:
            raw = self._param(request, name)
            if not raw:
                continue
            needles = _needles(raw)
            tracks = [
                t
                for t in tracks
                if any(matches(v.casefold(), n) for n in needles for v in texts_of(t))
            ]
        bpm = self._range(request, "bpm", _int_value, "Enter a number.")
        if bpm is not None:
            tracks = [t for t in tracks if _in_range(t["bpm"], bpm)]
        published = self._range(request, "publish_date", _date_value, "Enter a valid date.")
        if published is not None:
            tracks = [t for t in tracks if _in_range(t["publish_date"], published)]
        for name, values_of in _ID_FILTERS.items():
            wanted = self._int_list(request, name)
            if wanted is not None:
                tracks = [t for t in tracks if values_of(t) & wanted]
        streamable = self._bool_param(request, "is_available_for_streaming")
        if streamable is not None:
            tracks = [t for t in tracks if t["is_available_for_streaming"] is streamable]
        ordered = self._ordered(request, sorted(tracks, key=lambda t: -t["id"]), None)
        return self._page(request, ordered)

    # -- the tracks of a genre, an artist, a label or a release --------------------------

    def _tracks_of(self, raw: str, model: str) -> list[Record]:
        """The tracks of the ``model`` (``"Genre"``, ``"Artist"``...) a path segment names:
        those the ``/catalog/tracks/`` filter ``<model>_id`` (e.g. ``genre_id``) finds."""
        kind = model.lower()
        number = self._find(getattr(self, f"{kind}s"), raw, model)["id"]
        ids_of = _ID_FILTERS[f"{kind}_id"]
        return [t for t in self.tracks if number in ids_of(t)]

    def _top_tracks(
        self, request: httpx.Request, raw: str, model: str, limit: int
    ) -> httpx.Response:
        """A page of the ``limit`` most popular tracks of the genre, artist or label ``raw``."""
        tracks = self._tracks_of(raw, model)
        ranked = sorted(tracks, key=lambda t: (-self.popularity.get(t["id"], 0), t["id"]))
        return self._page(request, ranked[:limit], default_per_page=limit)

    on_tracks_top = on_genres_top100 = partialmethod(_top_tracks, model="Genre", limit=100)
    on_genres_top10_tracks = partialmethod(_top_tracks, model="Genre", limit=10)
    on_artists_top10 = partialmethod(_top_tracks, model="Artist", limit=10)
    on_labels_top10 = partialmethod(_top_tracks, model="Label", limit=10)

    def on_artists_tracks(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        tracks = self._tracks_of(artist_id, "Artist")
        tracks.sort(key=lambda t: -t["id"])
        return self._page(request, self._ordered(request, tracks, "-publish_date"))

    def on_releases_tracks(self, request: httpx.Request, release_id: str) -> httpx.Response:
        tracks = self._tracks_of(release_id, "Release")
        return self._page(request, self._ordered(request, tracks, None))

    # -- releases, charts and playlists --------------------------------------------------

    def on_labels_releases(self, request: httpx.Request, label_id: str) -> httpx.Response:
        number = self._find(self.labels, label_id, "Label")["id"]
        releases = [r for r in self.releases if r["label"]["id"] == number]
        releases.sort(key=lambda r: (r["publish_date"], r["id"]), reverse=True)
        return self._page(request, releases)

    def on_genres_top10_releases(self, request: httpx.Request, genre_id: str) -> httpx.Response:
        number = self._find(self.genres, genre_id, "Genre")["id"]
        score: dict[int, int] = {}
        for track in self.tracks:
            release_id = track["release"]["id"]
            if self.release_genre.get(release_id) == number:
                score[release_id] = score.get(release_id, 0) + self.popularity.get(track["id"], 0)
        releases = [r for r in self.releases if r["id"] in score]
        releases.sort(key=lambda r: (-score[r["id"]], r["id"]))
        return self._page(request, releases[:10])

    def on_charts_list(self, request: httpx.Request) -> httpx.Response:
        charts: list[Record] = list(self.charts)
        genre_ids = self._int_list(request, "genre_id")
        if genre_ids is not None:
            charts = [c for c in charts if {g["id"] for g in c["genres"]} & genre_ids]
        name = self._param(request, "name")
        if name:
            # One text or several, any may match: as the tracks' text filters read them.
            needles = _needles(name)
            charts = [c for c in charts if any(n in c["name"].casefold() for n in needles)]
        charts.sort(key=lambda c: (c["publish_date"], c["id"]), reverse=True)
        return self._page(request, charts)

    def on_charts_tracks(self, request: httpx.Request, chart_id: str) -> httpx.Response:
        number = self._find(self.charts, chart_id, "Chart")["id"]
        return self._page(request, self._tracks_by_ids(self.chart_track_ids.get(number, [])))

    def on_playlists_tracks(self, request: httpx.Request, playlist_id: str) -> httpx.Response:
        number = self._find(self.playlists, playlist_id, "Playlist")["id"]
        tracks = self._tracks_by_ids(self.playlist_track_ids.get(number, []))
        # Playlist entries wrap the track with the entry's own id and position.
        items = [
            {"id": number * 1000 + position, "position": position, "track": track}
            for position, track in enumerate(tracks, start=1)
        ]
        return self._page(request, items)

    # -- search --------------------------------------------------------------------------

    def _matches(
        self, needle: str, kind: str, streamable: bool | None
    ) -> list[tuple[float, Record]]:
        found: list[tuple[float, Record]] = []
        for item in getattr(self, kind):
            texts = [item["name"]]
            if kind == "tracks":
                if streamable is not None and item["is_available_for_streaming"] is not streamable:
                    continue
                people = item["artists"] + item["remixers"]
                texts += [item["mix_name"], *(a["name"] for a in people)]
            score = _score(needle, *texts)
            if score is not None:
                found.append((score, item))
        found.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
        return found

    def _search_document(self, kind: str, score: float, item: Mapping[str, Any]) -> Record:
        if kind == "tracks":
            sub, release = item["sub_genre"], item["release"]
            artists = _credits(item["artists"], "Artist") + _credits(item["remixers"], "Remixer")
            return {
                "score": score, "track_id": item["id"], "track_name": item["name"],
                "mix_name": item["mix_name"], "artists": artists,
                "genre": _genre_docs([item["genre"]]),
                "sub_genre": sub and _named("sub_genre", sub),
                "label": _named("label", release["label"]),
                "release": {**_named("release", release), **_images("release", release)},
                "bpm": item["bpm"], "key_name": item["key"]["name"], "isrc": item["isrc"],
                "length": item["length_ms"], "publish_date": item["publish_date"],
                "catalog_number": item["catalog_number"], **_images("track", item),
                "sample_url": item["sample_url"],
                "is_available_for_streaming": item["is_available_for_streaming"],
            }  # fmt: skip
        doc = {"score": score, **_named(kind[:-1], item)}
        if kind == "artists":
            genres = {
                t["genre"]["id"]: t["genre"]
                for t in self.tracks
                if any(a["id"] == item["id"] for a in t["artists"])
            }
            return {**doc, "genre": _genre_docs(genres.values()), **_images("artist", item)}
        doc.update(_images(kind[:-1], item))
        if kind == "releases":
            genre_id = self.release_genre.get(item["id"])
            doc["artists"] = _credits(item["artists"], "Artist")
            doc["label"] = _named("label", item["label"])
            doc["genre"] = _genre_docs(g for g in self.genres if g["id"] == genre_id)
            keys: tuple[str, ...] = ("catalog_number", "upc", "publish_date", "track_count")
        elif kind == "charts":
            artist = item["artist"] or {}
            doc.update(artist_id=artist.get("id"), artist_name=artist.get("name"))
            doc["genres"] = _genre_docs(item["genres"])
            keys = ("publish_date", "track_count")
        else:
            keys = ()
        return {**doc, **{key: item[key] for key in keys}}

    def on_search(self, request: httpx.Request) -> httpx.Response:
        query = self._param(request, "q")
        if not query:
            raise self._field_error("q", "This field is required.")
        kind = self._param(request, "type")
        if kind is not None and kind not in _SEARCH_TYPES:
            raise self._field_error("type", f'"{kind}" is not a valid choice.')
        per_page = self._per_page(request, 10)
        raw_page = self._param(request, "page") or "1"
        if not DIGITS.fullmatch(raw_page) or to_int(raw_page) < 1:
            raise self._detail(404, "Invalid page.")
        page = to_int(raw_page)
        streamable = self._bool_param(request, "is_available_for_streaming")
        body: Record = {}
        for name in _SEARCH_TYPES if kind is None else (kind,):
            found = self._matches(query.casefold(), name, streamable)
            window = found[(page - 1) * per_page : page * per_page]
            if self.search_shape == "lists":
                body[name] = [item for _, item in window]
            else:
                body[name] = {"data": [self._search_document(name, s, i) for s, i in window]}
        return self.json_response(body)

    # -- the user's own data -------------------------------------------------------------

    def on_my_account(self, request: httpx.Request) -> httpx.Response:
        return self.json_response(self.account)

    def on_my_beatport(self, request: httpx.Request) -> httpx.Response:
        artists = [a for a in self.artists if a["id"] in self.favourite_artist_ids]
        labels = [label for label in self.labels if label["id"] in self.favourite_label_ids]
        body = {
            "id": self.account["id"],
            "username": self.account["username"],
            "artists": [artist_ref(a) for a in artists],
            "labels": [{k: label[k] for k in ("id", "name", "image", "slug")} for label in labels],
            "tracks_count": len(self.favourite_track_ids),
            "tracks_url": self.url("my.beatport_tracks"),
        }
        return self.json_response(body)

    def on_my_beatport_tracks(self, request: httpx.Request) -> httpx.Response:
        return self._page(request, self._tracks_by_ids(self.favourite_track_ids), style="int")

    def on_my_subscriptions(self, request: httpx.Request) -> httpx.Response:
        if self.subscription is None:
            return self.json_response([])
        code = self.subscription
        name = TABLES["subscription_names"].get(code, code)
        return self.json_response([{**TABLES["subscription"], "subscription": code, "name": name}])
