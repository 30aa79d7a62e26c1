"""The Beat Technology fake's data: the tables of ``data/seed.json`` and a catalog per seed."""

from __future__ import annotations

import calendar
import copy
import random
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs

from beatkit.testing._crud import Record
from beatkit.testing._wire import load_data, timestamp

__all__ = [
    "CatalogRecords",
    "add_period",
    "build_catalog",
    "editorial_release_groups",
    "isbn13",
    "seed_tables",
    "utc_epoch",
    "utc_text",
]

_MUSIC_FORMATS = ("aac/high", "aac/normal", "aac/low")
_BOOK_FORMATS = ("mp3/normal", "mp3/low")
_FIRST_DAY = date(2015, 1, 1)


def seed_tables() -> dict[str, Any]:
    """A fresh copy of ``data/seed.json`` (accounts, products, clients and name tables)."""
    tables: dict[str, Any] = copy.deepcopy(load_data("beatkit.testing.beattech", "seed.json"))
    return tables


def isbn13(rng: random.Random) -> str:
    """A random ISBN-13 of the Norwegian range, with a valid check digit."""
    digits = "97882" + "".join(str(rng.randrange(10)) for _ in range(7))
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


@attrs.define
class CatalogRecords:
    """The generated catalog, as mutable records keyed by id (ids are strings, as the API's)."""

    artists: dict[str, Record] = attrs.Factory(dict)
    """Musicians, authors and narrators; each is also the actor of its releases."""
    releases: dict[str, Record] = attrs.Factory(dict)
    """Albums, singles, audiobooks and e-books (no tracks), with their actors and track
    ids; editions of one work share its ``work_id``."""
    tracks: dict[str, Record] = attrs.Factory(dict)
    """Songs and audiobook chapters."""
    series: dict[str, Record] = attrs.Factory(dict)
    """Audiobook series; their releases carry ``series_id`` and ``release_number``."""
    banners: dict[str, Record] = attrs.Factory(dict)
    """Editorial banners."""
    banner_groups: dict[str, Record] = attrs.Factory(dict)
    """Banner groups (one visible, one hidden)."""
    layouts: dict[str, Record] = attrs.Factory(dict)
    """Screen layouts by id (``home`` and ``podcasts`` are their aliases)."""


class _Builder:
    def __init__(self, seed: int, tables: dict[str, Any]) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.tables = tables
        self.catalog = CatalogRecords()

    def title(self, low: int, high: int) -> str:
        words = self.tables["title_words"]
        return " ".join(self.rng.sample(words, self.rng.randint(low, high)))

    def day(self) -> str:
        return (_FIRST_DAY + timedelta(days=self.rng.randrange(3650))).isoformat()

    def artist(self, name: str, kind: str) -> Record:
        artist_id = str(101 + len(self.catalog.artists))
        parts = name.split()
        person = kind != "musician" and len(parts) == 2
        record = {
            "id": artist_id, "name": name, "kind": kind,
            "sort_name": f"{parts[1]}, {parts[0]}" if person else name,
            "bio": f"{name} is a {kind} invented for beatkit's tests.",
        }  # fmt: skip
        self.catalog.artists[artist_id] = record
        return record

    def release(self, kind: str, title: str, actors: list[Record], tracks: int) -> Record:
        release_id = str(1001 + len(self.catalog.releases))
        audiobook = kind == "audiobook"
        year = self.day()
        record: Record = {
            "id": release_id, "title": title, "type": kind, "release_date": year,
            "copyright": f"(P) {year[:4]} {actors[0]['name']}",
            "actors": [dict(actor) for actor in actors], "track_ids": [],
            "upc": None if audiobook else "".join(str(self.rng.randrange(10)) for _ in range(12)),
            "isbn": isbn13(self.rng) if audiobook else None,
            "series_id": None, "release_number": None,
            # The same work in every edition (``releases.alternates``); who licenses it
            # and when its media may be fetched (``releases.list?media_available_from=``).
            "work_id": release_id, "licensor_id": "702" if audiobook else "701",
            "media_available_from": year,
        }  # fmt: skip
        self.catalog.releases[release_id] = record
        for number in range(1, tracks + 1):
            self.track(record, number)
        return record

    def track(self, release: Record, number: int) -> None:
        track_id = str(10001 + len(self.catalog.tracks))
        audiobook = release["type"] == "audiobook"
        title = f"Chapter {number}" if audiobook else self.title(1, 3)
        duration = self.rng.randint(900, 2700) if audiobook else self.rng.randint(150, 360)
        self.catalog.tracks[track_id] = {
            "id": track_id, "title": title, "subtitle": release["title"] if audiobook else None,
            "duration": duration, "number": number, "release_id": release["id"],
            "actors": [dict(actor) for actor in release["actors"]],
            "formats": list(_BOOK_FORMATS if audiobook else _MUSIC_FORMATS),
            "price": None if audiobook else {"amount": 1200, "currency": "NOK"},
            "popularity": self.rng.randrange(1000),
        }  # fmt: skip
        release["track_ids"].append(track_id)

    @staticmethod
    def actor(artist: Record, role: str) -> Record:
        return {"id": artist["id"], "name": artist["name"], "sort_name": artist["sort_name"],
                "role": role}  # fmt: skip

    def music(self) -> None:
        for name in self.tables["musicians"]:
            artist = self.artist(name, "musician")
            actors = [self.actor(artist, "main-artist")]
            for _ in range(self.rng.randint(1, 2)):
                self.release("album", self.title(1, 2), actors, self.rng.randint(6, 12))
            for _ in range(self.rng.randint(0, 2)):
                self.release("single", self.title(1, 3), actors, self.rng.randint(1, 2))

    def books(self) -> None:
        authors = [self.artist(name, "author") for name in self.tables["authors"]]
        narrators = [self.artist(name, "narrator") for name in self.tables["narrators"]]
        books: list[Record] = []
        for author in authors:
            for _ in range(self.rng.randint(1, 2)):
                narrator = self.rng.choice(narrators)
                actors = [self.actor(author, "author"), self.actor(narrator, "narrator")]
                books.append(self.release("audiobook", self.title(2, 3), actors, 10))
        for index, name in enumerate(self.tables["series"]):
            series_id = str(301 + index)
            members = books[index * 3 : index * 3 + 3]
            self.catalog.series[series_id] = {
                "id": series_id, "name": name, "description": f"{name}, in {len(members)} books.",
                "release_ids": [book["id"] for book in members],
            }  # fmt: skip
            for number, book in enumerate(members, start=1):
                book["series_id"], book["release_number"] = series_id, number

    def editorial(self) -> None:
        releases = list(self.catalog.releases.values())
        artists = list(self.catalog.artists.values())
        targets = [
            ("release", self.rng.choice(releases)["id"]),
            ("artist", self.rng.choice(artists)["id"]),
            ("series", "301"), ("release", self.rng.choice(releases)["id"]),
            ("url", "https://www.beat.test/campaign"), ("artist", self.rng.choice(artists)["id"]),
            # A banner whose release is gone: lists hide it unless filter_empty=false.
            ("release", "999999"),
        ]  # fmt: skip
        for index, (title, (link_type, link_value)) in enumerate(
            zip(self.tables["banner_titles"], targets, strict=True)
        ):
            banner_id = str(401 + index)
            self.catalog.banners[banner_id] = {
                "id": banner_id, "title": title, "subtitle": None,
                "link_type": link_type, "link_value": link_value,
            }  # fmt: skip
        ids = list(self.catalog.banners)
        self.catalog.banner_groups["501"] = {
            "id": "501", "name": "Front page", "visible": True, "position": 1, "banner_ids": ids[:4]
        }  # fmt: skip
        self.catalog.banner_groups["502"] = {
            "id": "502", "name": "Drafts", "visible": False, "position": 2, "banner_ids": ids[4:6]
        }  # fmt: skip
        for layout in self.tables["layouts"]:
            self.catalog.layouts[layout["id"]] = {
                **layout, "sections": [{"type": "banner_group", "id": "501"}], "conditions": []
            }  # fmt: skip

    def ebooks(self) -> None:
        """An e-book edition of every other audiobook: the same work, by its author only.

        Drawn last, from a generator of its own, so the rest of the catalog is the same
        with or without them.
        """
        rng = random.Random(f"{self.seed}:ebooks")
        books = [r for r in self.catalog.releases.values() if r["type"] == "audiobook"]
        for book in books[::2]:
            release_id = str(1001 + len(self.catalog.releases))
            author = [dict(actor) for actor in book["actors"] if actor["role"] == "author"]
            self.catalog.releases[release_id] = {
                **book, "id": release_id, "type": "ebook", "actors": author, "track_ids": [],
                "isbn": isbn13(rng), "series_id": None, "release_number": None,
            }  # fmt: skip


def build_catalog(seed: int, tables: dict[str, Any]) -> CatalogRecords:
    """Generate the catalog: the same seed and tables always give the same records.

    Args:
        seed: The generator's seed.
        tables: The name tables (see :func:`seed_tables`).

    Returns:
        The catalog.
    """
    builder = _Builder(seed, tables)
    builder.music()
    builder.books()
    builder.editorial()
    builder.ebooks()
    return builder.catalog


def editorial_release_groups(seed: int, catalog: CatalogRecords) -> list[Record]:
    """The editors' release groups the fake starts with: two visible shelves, then one
    hidden draft (ids 601-603), five releases each (the second of audiobooks only).

    Args:
        seed: The catalog's seed (the groups' releases are drawn from a generator of
            their own, so the catalog is the same with or without them).
        catalog: The catalog they pick from (e-books left out).

    Returns:
        The group records (the shape of ``FakeBeatTech.release_groups``).
    """
    rng = random.Random(f"{seed}:release-groups")
    releases = [r for r in catalog.releases.values() if r["type"] != "ebook"]
    shelves = [
        ("Staff favourites", True), ("Audiobooks to start with", True), ("Draft shelf", False)
    ]  # fmt: skip
    groups = []
    for index, (name, visible) in enumerate(shelves):
        kind = "audiobook" if "Audiobooks" in name else None
        pool = [r for r in releases if kind is None or r["type"] == kind]
        groups.append({
            "id": str(601 + index), "owner": None, "name": name,
            "description": f"{name}, picked by the editors.", "visible": visible,
            "position": index + 1, "release_ids": [r["id"] for r in rng.sample(pool, 5)],
            "image": None,
        })  # fmt: skip
    return groups


# Exactly the page's datetime (L45-59): strptime alone also takes "2024-1-2T3:4:5Z" and
# a lower-case "t" or "z".
_UTC_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def utc_epoch(text: str) -> float:
    """``YYYY-MM-DDThh:mm:ssZ`` as epoch seconds (``ValueError`` for anything else)."""
    if _UTC_TEXT.fullmatch(text) is None:
        raise ValueError(f"not YYYY-MM-DDThh:mm:ssZ: {text[:40]!r}")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()


def utc_text(epoch: float) -> str:
    """``YYYY-MM-DDThh:mm:ssZ``, the API's datetime format."""
    return timestamp(int(epoch))


def add_period(epoch: float, count: int, unit: str) -> str:
    """Midnight UTC ``count`` days or months after ``epoch``'s day, as API datetime text.

    Months keep the day of the month (clamped to the month's length), so a
    subscription started on 2026-04-01 expires at ``2026-05-01T00:00:00Z``.
    """
    start = datetime.fromtimestamp(int(epoch), UTC).date()
    if unit == "day":
        end = start + timedelta(days=count)
    else:
        months = start.month - 1 + count
        year, month = start.year + months // 12, months % 12 + 1
        end = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    return f"{end.isoformat()}T00:00:00Z"
