"""How the fake shows its records: the catalog objects and users as the API answers them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import Base
from beatkit.testing.beattech._http import fail, found, image_sizes, image_upload, includes

__all__ = ["BOOKMARK_FIELDS", "IMAGE_URL", "PROGRESS_FIELDS", "Views", "image_urls"]

IMAGE_URL = "https://images.beat.test"
"""Where image URLs point (never fetched by the fake)."""


def image_urls(kind: str, record_id: str, sizes: list[str] | None) -> dict[str, str]:
    """A record's image URL in each of ``sizes`` (none when ``None``), e.g.
    ``{"300x300": "https://images.beat.test/offers/1/300x300.jpg"}``."""
    return {size: f"{IMAGE_URL}/{kind}/{record_id}/{size}.jpg" for size in sizes or ()}


_BITRATES = {"high": 256, "normal": 128, "low": 64}
# A user's keys; the first four are its base object's (other users' lists).
_USER_KEYS = (
    "id", "username", "firstname", "lastname", "email", "msisdn", "newsletter",
    "profile_type", "region", "privacy_profile_private", "payment_type",
)  # fmt: skip
BOOKMARK_FIELDS = (
    "note", "position_type", "position", "reader_position_selector", "reader_position_ratio",
)  # fmt: skip
"""A bookmark's own fields, which its writes send (besides the entity it marks)."""
PROGRESS_FIELDS = ("position_type", "stop_position", "reader_position_selector",
                   "reader_position_ratio")  # fmt: skip
"""A progress record's position fields, which its writes send (with ``changed``)."""
_BOOKMARK_KEYS = ("id", "entity_type", "entity_id", *BOOKMARK_FIELDS)
_RATING_KEYS = ("id", "entity_type", "entity_id", "value", "note")
_PROGRESS_KEYS = ("id", "entity_type", "entity_id", "changed", *PROGRESS_FIELDS)


class Views(Base):
    """Record -> answer object, with the image sizes, ``X-Include`` and favourite flags."""

    # -- lookups: a 404 for an unknown id ------------------------------------------------

    def _track(self, raw: str) -> Record:
        return found(self.catalog.tracks, raw, "Track")

    def _artist(self, raw: str) -> Record:
        return found(self.catalog.artists, raw, "Artist")

    def _release(self, raw: str) -> Record:
        return found(self.catalog.releases, raw, "Release")

    def _series_record(self, raw: str) -> Record:
        return found(self.catalog.series, raw, "Series")

    def _banner(self, banner_id: str) -> Record:
        return found(self.catalog.banners, banner_id, "Banner")

    def _releases(self, ids: Iterable[str]) -> list[Record]:
        """The releases of ``ids`` that exist, in order (an id gone from the catalog is
        left out)."""
        return [self.catalog.releases[i] for i in ids if i in self.catalog.releases]

    def _visible_banner_group(self, group_id: str) -> Record:
        """A banner group; a hidden one only for editors (403 for anyone else)."""
        group = found(self.catalog.banner_groups, group_id, "Banner group")
        if not group["visible"] and not self._is_editor():
            raise fail(403, "access_denied", f"Banner group {group_id} is not visible.")
        return group

    # -- views -----------------------------------------------------------------------------

    def _imaged(
        self, view: dict[str, Any], request: httpx.Request, header: str, kind: str,
        record_id: str, key: str = "image", upload: Record | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """``view`` with ``key``: the image URLs in the sizes ``header`` asks for (no
        ``key`` without the header); an ``upload`` (see :meth:`_store_upload`) versions
        them by its digest."""
        sizes = image_sizes(request, header)
        if sizes is not None:
            urls = image_urls(kind, record_id, sizes)
            if upload is not None:
                urls = {size: f"{url}?v={upload['sha256'][:12]}" for size, url in urls.items()}
            view[key] = urls
        return view

    def _latest_progresses(self, user_id: str) -> list[Record]:
        """A user's progress records, the latest ``changed`` first (the newer record
        first on a tie)."""
        return sorted(
            (p for p in self.progresses.values() if p["user_id"] == user_id),
            key=lambda p: (p["changed"], int(p["id"])), reverse=True,
        )  # fmt: skip

    def _favourite(self, entity_type: str, entity_id: str) -> bool:
        mine = self.favourites.get(self.caller.user_id or "", set())
        return (entity_type, entity_id) in mine

    def _favouritees(self, entity_type: str, entity_id: str) -> int:
        return sum((entity_type, entity_id) in marks for marks in self.favourites.values())

    def _actor_view(self, actor: Record, sizes: list[str] | None) -> dict[str, Any]:
        # sort_name stays internal (it orders actors.list): the page documents no such key.
        view = {key: actor[key] for key in ("id", "name", "role")}
        if sizes is not None:
            view["image"] = image_urls("actors", actor["id"], sizes)
        return view

    def artist_view(self, request: httpx.Request, artist: Record) -> dict[str, Any]:
        """An artist: id, name, favourite status, counts (and ``image`` when sizes are asked)."""
        releases = [
            r for r in self.catalog.releases.values()
            if any(actor["id"] == artist["id"] for actor in r["actors"])
        ]  # fmt: skip
        # The page documents none of these keys; sort_name and url are left out, the two
        # counts stay because tests of the fake assert them (a strict client refuses them).
        view: dict[str, Any] = {
            "id": artist["id"], "name": artist["name"],
            "favourite": self._favourite("artist", artist["id"]),
            "favouritees_count": self._favouritees("artist", artist["id"]),
            "releases_count": len(releases),
        }  # fmt: skip
        return self._imaged(view, request, "X-Artist-Image-Sizes", "artists", artist["id"])

    def release_view(self, request: httpx.Request, release: Record) -> dict[str, Any]:
        """A release (base object): title, type, actors with roles, ``cover`` by size."""
        actor_sizes = image_sizes(request, "X-Actor-Image-Sizes")
        view: dict[str, Any] = {
            "id": release["id"], "title": release["title"], "type": release["type"],
            "favourite": self._favourite("release", release["id"]),
            "actors": [self._actor_view(actor, actor_sizes) for actor in release["actors"]],
        }  # fmt: skip
        return self._imaged(
            view, request, "X-Release-Cover-Sizes", "covers", release["id"], key="cover"
        )

    def _release_full_view(
        self, request: httpx.Request, release: Record, wanted: set[str] | None = None,
        *, numbered: bool = True,
    ) -> dict[str, Any]:  # fmt: skip
        """A release with its identifiers and the ``X-Include`` objects asked for (or
        ``wanted``): ``release-tracks``, ``release-prices`` and ``release-reviews``
        (rated with a note). ``numbered=False`` leaves ``release_number`` out (a group's
        embedded releases, which never carried it)."""
        view = self.release_view(request, release)
        # isbn, upc and series_id are lookup keys on the page, not documented response
        # keys: they stay internal. release_number is what the page's Range filters by.
        if numbered and release["release_number"] is not None:
            view["release_number"] = release["release_number"]
        wanted = includes(request) if wanted is None else wanted
        tracks = [self.catalog.tracks[track_id] for track_id in release["track_ids"]]
        if "release-tracks" in wanted:
            keys = ("id", "title")  # as public clients read them; no more is documented
            view["tracks"] = [{key: track[key] for key in keys} for track in tracks]
        if "release-prices" in wanted:
            prices = [track["price"] for track in tracks if track["price"]]
            view["prices"] = [
                {"type": "purchase", "amount": sum(p["amount"] for p in prices),
                 "currency": prices[0]["currency"]}
            ] if prices else []  # fmt: skip
        if "release-reviews" in wanted:
            view["reviews"] = [
                dict(rating) for rating in self.ratings.values()
                if rating["entity_type"] == "release" and rating["entity_id"] == release["id"]
                and rating["note"]
            ]  # fmt: skip
        return view

    def track_view(self, request: httpx.Request, track: Record) -> dict[str, Any]:
        """An extended track; ``X-Include: track-prices, track-streams`` add those objects."""
        release = self.catalog.releases[track["release_id"]]
        main = track["actors"][0]
        actor_sizes = image_sizes(request, "X-Actor-Image-Sizes")
        view: dict[str, Any] = {
            "id": track["id"], "title": track["title"], "subtitle": track["subtitle"],
            "duration": track["duration"],
            "favourite": self._favourite("track", track["id"]),
            "artist": {"id": main["id"], "name": main["name"]},
            "actors": [self._actor_view(actor, actor_sizes) for actor in track["actors"]],
            "release": self.release_view(request, release),
        }  # fmt: skip
        wanted = includes(request)
        if "track-prices" in wanted:
            price = track["price"]
            view["prices"] = [] if price is None else [{"type": "purchase", **price}]
        if "track-streams" in wanted:
            view["streams"] = {
                name: {"format": name, "bitrate": _BITRATES[name.split("/")[1]]}
                for name in track["formats"]
            }
        return view

    def user_view(self, request: httpx.Request, user: Record) -> dict[str, Any]:
        """A user as ``GET /users/{id}`` shows it: no password, no internal fields."""
        return self._user_object(request, user, _USER_KEYS)

    def base_user_view(self, request: httpx.Request, user: Record) -> dict[str, Any]:
        """A user's base object (other users' lists): no e-mail, msisdn or settings."""
        return self._user_object(request, user, _USER_KEYS[:4])

    def _user_object(
        self, request: httpx.Request, user: Record, keys: tuple[str, ...]
    ) -> dict[str, Any]:
        view: dict[str, Any] = {key: user[key] for key in keys}
        view["favourite"] = self._favourite("user", user["id"])
        return self._imaged(view, request, "X-User-Image-Sizes", "users", user["id"])

    # -- personal data: one view each, whichever route shows it ------------------------------

    @staticmethod
    def bookmark_view(bookmark: Record) -> dict[str, Any]:
        """A bookmark as its owner sees it (no ``user_id``)."""
        return {key: bookmark[key] for key in _BOOKMARK_KEYS}

    @staticmethod
    def rating_view(rating: Record) -> dict[str, Any]:
        """A rating (no ``user_id``)."""
        return {key: rating[key] for key in _RATING_KEYS}

    @staticmethod
    def progress_view(progress: Record) -> dict[str, Any]:
        """A progress record as its owner sees it (no ``user_id``)."""
        return {key: progress[key] for key in _PROGRESS_KEYS}

    def _personal(self, kind: str) -> tuple[dict[str, Record], Callable[[Record], dict[str, Any]]]:
        """The store of ``kind`` (``bookmark``, ``rating`` or ``progress``) and how its
        owner sees a record."""
        return {
            "bookmark": (self.bookmarks, self.bookmark_view),
            "rating": (self.ratings, self.rating_view),
            "progress": (self.progresses, self.progress_view),
        }[kind]

    # -- uploaded images -------------------------------------------------------------------

    def _store_upload(
        self, request: httpx.Request, kind: str, record: Record, *, jpeg_only: bool = False
    ) -> dict[str, Any]:
        """Keep the ``image`` part of an upload: its bytes in :attr:`uploaded_images`, what
        it is on the record (``image``: its name, type, size and digest). Answers ``{}``.

        Args:
            request: The multipart upload.
            kind: The record's kind in :attr:`uploaded_images` (``"actors"``...).
            record: The record the image belongs to.
            jpeg_only: The page takes only a JPEG (actors, series); else JPEG or PNG.
        """
        types = ("image/jpeg",) if jpeg_only else ("image/jpeg", "image/png")
        meta, content = image_upload(request, types)
        with self._lock:
            self.uploaded_images[(kind, record["id"])] = content
            record["image"] = meta
        return {}
