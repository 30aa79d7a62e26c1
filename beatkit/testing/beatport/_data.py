"""The seeded catalog behind :class:`FakeBeatport`, the recorded tracks included.

The name tables and Beatport's fixed answers are ``data/tables.json``; the recorded
tracks are the recorded response itself (``data/catalog-tracks-by-isrc.json``), served
verbatim, and their key order is every generated track's. Every draw happens in a fixed
order, so one seed always gives the same catalog.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from beatkit.testing._wire import load_data, random_uuid

if TYPE_CHECKING:
    from beatkit.testing.beatport._base import Base

__all__ = ["RECORDED_ISRC", "RECORDED_TRACK_IDS", "TABLES", "artist_ref", "generate"]

RECORDED_ISRC = "GBDUW0000058"
"""The ISRC of the three recorded tracks (``GET /catalog/tracks/?isrc=GBDUW0000058``)."""

RECORDED_TRACK_IDS = (8291700, 6014317, 6014309)
"""The ids of the recorded tracks, in the order the recorded response lists them."""

_MEDIA = "https://geo-media.beatport.com/image_size"
_SAMPLES = "https://geo-samples.beatport.com/track"
TABLES: dict[str, Any] = load_data("beatkit.testing.beatport", "tables.json")
"""The name tables and fixed answers (read-only; shared by every fake)."""
_RECORDED = load_data("beatkit.testing.beatport", "catalog-tracks-by-isrc.json")["body"]["results"]
_TRACK_KEYS = tuple(_RECORDED[0])


def artist_ref(artist: Mapping[str, Any]) -> dict[str, Any]:
    """An artist as nested in tracks, charts and ``/my/beatport/``."""
    return {
        "id": artist["id"], "image": dict(artist["image"]), "name": artist["name"],
        "slug": artist["slug"], "url": artist["url"],
    }  # fmt: skip


def _image(image_id: int, image_uuid: str, size: str, ext: str = "jpg") -> dict[str, Any]:
    return {
        "id": image_id,
        "uri": f"{_MEDIA}/{size}/{image_uuid}.{ext}",
        "dynamic_uri": f"{_MEDIA}/{{w}}x{{h}}/{image_uuid}.{ext}",
    }


def _copy(data: Any) -> Any:
    # A JSON round trip: the data is JSON anyway, and it is several times faster than deepcopy.
    return json.loads(json.dumps(data))


def slug(text: str) -> str:
    """A URL slug, as Beatport's."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _price(value: float) -> dict[str, Any]:
    return {"code": "USD", "symbol": "$", "value": value, "display": f"${value:.2f}"}


def _sunday(year: int, month: int, nth: int) -> date:
    """The ``nth`` Sunday of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))


def _daylight_time(day: date) -> tuple[date, date]:
    """The days US daylight time starts and ends (at 02:00 local) in ``day``'s year.

    The rules since 2007 (Energy Policy Act of 2005): every generated date is later.
    """
    return _sunday(day.year, 3, 2), _sunday(day.year, 11, 1)


def _offset_datetime(day: date, rng: random.Random) -> str:
    # Beatport stamps in America/Denver: -06:00 in daylight time, -07:00 otherwise,
    # switching at 02:00 local on the US days (not by month: late March is -06:00).
    hour, minute, second = rng.randrange(24), rng.randrange(60), rng.randrange(60)
    start, end = _daylight_time(day)
    if day == start and hour == 2:
        hour = 3  # 02:00-02:59 does not exist that day: the clocks jump to 03:00
    daylight = start < day < end or (day == start and hour >= 3) or (day == end and hour < 2)
    offset = "-06:00" if daylight else "-07:00"
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{offset}"


def _words(rng: random.Random, *tables: str) -> str:
    """A word of each named table, drawn in order, space-separated."""
    return " ".join(rng.choice(TABLES[table]) for table in tables)


def _ref(obj: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: obj[key] for key in keys}


def _track(**fields: Any) -> dict[str, Any]:
    """A track in the recorded key order; the fields every track shares are filled in."""
    fields.update(_copy(TABLES["track_defaults"]))
    return {key: fields[key] for key in _TRACK_KEYS}


def generate(fake: Base, rng: random.Random) -> None:
    """Fill the fake's catalog: reference tables, people, releases, collections, the user."""
    images = iter(rng.sample(range(10_000_000, 50_000_000), 2000))
    _reference_tables(fake)
    _people(fake, rng, images)
    _releases_and_tracks(fake, rng, images)
    _collections(fake, rng, images)
    name = fake.username
    email = name if "@" in name else f"{name}@example.com"
    first_name = name.split("@", 1)[0].capitalize()
    fake.account = {**TABLES["account"], "username": name, "email": email, "first_name": first_name}
    fake.favourite_track_ids = [t["id"] for t in rng.sample(fake.tracks, 35)]
    fake.favourite_artist_ids = [a["id"] for a in rng.sample(fake.artists, 5)]
    fake.favourite_label_ids = [label["id"] for label in rng.sample(fake.labels, 3)]


def _reference_tables(fake: Base) -> None:
    url = fake.url
    for chord_id, name in ((1, "Minor"), (2, "Major")):
        fake.chord_types.append(
            {"id": chord_id, "name": name, "url": url("chord_types.get", chord_id)}
        )
    for letter, chord in (("A", fake.chord_types[0]), ("B", fake.chord_types[1])):
        for number in range(1, 13):
            note = TABLES["camelot"][number - 1][0 if letter == "A" else 1]
            key_id = number if letter == "A" else 12 + number
            flat = note.endswith("b") and len(note) == 2
            fake.keys.append({
                "camelot_number": number, "camelot_letter": letter, "chord_type": dict(chord),
                "id": key_id, "is_sharp": "#" in note, "is_flat": flat, "letter": note[0],
                "name": f"{note} {chord['name']}", "url": url("keys.get", key_id),
            })  # fmt: skip
    for genre_id, name, genre_slug, _, _, subs in TABLES["genres"]:
        genre_ref = {"id": genre_id, "name": name, "slug": genre_slug,
                     "url": url("genres.get", genre_id)}  # fmt: skip
        sub_refs = []
        for sub_id, sub_name in subs:
            sub_ref = {"id": sub_id, "name": sub_name, "slug": slug(sub_name),
                       "url": url("sub_genres.get", sub_id)}  # fmt: skip
            sub_refs.append(sub_ref)
            fake.sub_genres.append({**sub_ref, "enabled": True, "genre": dict(genre_ref)})
        hype = genre_id not in (16, 96)
        fake.genres.append({**genre_ref, "enabled": True, "is_included_in_hype": hype,
                            "sub_genres": sub_refs})  # fmt: skip
    fake.auxiliary = {
        "current-status": [{"id": i, "name": n, "url": url("auxiliary.current_status", i)}
                           for i, n in TABLES["current_status"]],
        "sale-types": [{"id": i, "name": n, "url": url("auxiliary.sale_type", i)}
                       for i, n in TABLES["sale_types"]],
        "exclusive-period": [{"id": i, "days": days, "description": text,
                              "url": url("auxiliary.exclusive_period", i)}
                             for i, days, text in TABLES["exclusive_periods"]],
        **{table: [{"id": i, "name": n} for i, n in enumerate(names, 1)]
           for table, names in TABLES["named_tables"].items()},
    }  # fmt: skip
    fake.page_module_styles = [
        {"id": i, "name": n, "slug": slug(n)} for i, n in enumerate(TABLES["page_module_styles"], 1)
    ]


def _artist(fake: Base, artist_id: int, name: str, image: dict[str, Any], bio: str | None) -> None:
    fake.artists.append({
        "id": artist_id, "name": name, "slug": slug(name), "bio": bio, "website": None,
        "image": image, "dj_association": None, "enabled": True,
        "url": fake.url("artists.get", artist_id),
    })  # fmt: skip


def _label(
    fake: Base, base: Mapping[str, Any], latest: str | None, rng: random.Random
) -> dict[str, Any]:
    return {
        "id": base["id"], "name": base["name"], "slug": base["slug"],
        "bio": f"{base['name']} releases electronic music." if rng.random() < 0.6 else None,
        "image": dict(base["image"]), "enabled": True,
        "has_exclusive_contract": rng.random() < 0.2, "is_available_for_streaming": True,
        "is_available_for_bundle_subscription": rng.random() < 0.8,
        "is_available_for_hype": rng.random() < 0.5, "latest_active_publish_date": latest,
        "url": fake.url("labels.get", base["id"]),
    }  # fmt: skip


def _people(fake: Base, rng: random.Random, images: Iterator[int]) -> None:
    daft_punk = _RECORDED[0]["artists"][0]
    bio = "French electronic duo formed in Paris in 1993."
    _artist(fake, daft_punk["id"], daft_punk["name"], _copy(daft_punk["image"]), bio)
    names: list[str] = list(TABLES["aliases"])
    pairs = [(f, last) for f in TABLES["first_names"] for last in TABLES["last_names"]]
    names += [f"{f} {last}" for f, last in rng.sample(pairs, 60)]
    ids = rng.sample(range(10_000, 1_300_000), len(names))
    for artist_id, name in zip(ids, names, strict=True):
        about = f"{name} is a producer and DJ." if rng.random() < 0.7 else None
        _artist(fake, artist_id, name, _image(next(images), random_uuid(rng), "590x404"), about)
        website = f"https://{slug(name)}.example.com" if rng.random() < 0.3 else None
        fake.artists[-1]["website"] = website
    fake.labels.append(_label(fake, _RECORDED[0]["release"]["label"], "2006-04-03", rng))
    label_ids = rng.sample(range(1_000, 120_000), len(TABLES["label_words"]))
    for label_id, word in zip(label_ids, TABLES["label_words"], strict=True):
        name = f"{word} {rng.choice(TABLES['label_suffixes'])}".strip()
        image = _image(next(images), random_uuid(rng), "500x500")
        base = {"id": label_id, "name": name, "image": image, "slug": slug(name)}
        fake.labels.append(_label(fake, base, None, rng))


def _releases_and_tracks(fake: Base, rng: random.Random, images: Iterator[int]) -> None:
    for track in _copy(_RECORDED):
        fake.tracks.append(track)
        fake.popularity[track["id"]] = 40 + len(fake.tracks)
        _release(fake, track["release"], [track], _copy(track["artists"]), rng)
        fake.release_genre[track["release"]["id"]] = track["genre"]["id"]
    generated_artists, generated_labels = fake.artists[1:], fake.labels[1:]
    track_ids = iter(rng.sample(range(10_000_000, 23_000_000), 300))
    release_ids = rng.sample(range(3_000_000, 5_900_000), 300)
    isrc_numbers = iter(rng.sample(range(100_000), 300))
    first_day, last_day = date(2012, 1, 1).toordinal(), date(2025, 12, 31).toordinal()
    made = 0
    # Genres are dealt like cards, so every genre gets releases and tracks.
    genre_deck = [g for _ in range(10) for g in rng.sample(TABLES["genres"], len(TABLES["genres"]))]
    for release_id, genre_row in zip(release_ids, genre_deck, strict=False):
        if made >= 300:
            break
        count = min(300 - made, rng.choice((1, 1, 2, 3, 4, 4, 5, 6, 8)))
        genre_id, _, _, bpm_low, bpm_high, subs = genre_row
        genre = next(g for g in fake.genres if g["id"] == genre_id)
        label = rng.choice(generated_labels)
        artists = rng.sample(generated_artists, rng.choice((1, 1, 1, 2)))
        published = date.fromordinal(rng.randint(first_day, last_day))
        name = _words(rng, "adjectives", "nouns")
        release_ref = {
            "id": release_id, "name": name,
            "image": _image(next(images), random_uuid(rng), "1400x1400"),
            "label": _ref(label, "id", "name", "image", "slug"), "slug": slug(name),
        }  # fmt: skip
        catalog_number = f"{label['slug'][:4].upper().replace('-', '')}{rng.randrange(1000):03d}"
        tracks = []
        for position in range(count):
            track_name = name if position == 0 else _words(rng, "nouns", "nouns")
            remixers = []
            mix = rng.choice(TABLES["mixes"])
            if rng.random() < 0.25:
                remixer = rng.choice(generated_artists)
                remixers = [artist_ref(remixer)]
                mix = f"{remixer['name']} Remix"
            sub_genre = None
            if subs and rng.random() < 0.4:
                sub_id = rng.choice(subs)[0]
                sub = next(s for s in fake.sub_genres if s["id"] == sub_id)
                sub_genre = _ref(sub, "id", "name", "slug", "url")
            country = rng.choice(TABLES["countries"])
            code = "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=3))
            isrc = f"{country}{code}{published.year % 100:02d}"
            track = _generated_track(
                fake, rng, id=next(track_ids), name=track_name, mix_name=mix,
                artists=[artist_ref(a) for a in artists], remixers=remixers,
                genre=_ref(genre, "id", "name", "slug", "url"), sub_genre=sub_genre,
                bpm=rng.randint(bpm_low, bpm_high), release=release_ref,
                catalog_number=catalog_number, published=published,
                isrc=f"{isrc}{next(isrc_numbers):05d}", image_id=next(images),
            )  # fmt: skip
            tracks.append(track)
            fake.tracks.append(track)
            fake.popularity[track["id"]] = rng.randrange(10_000)
        made += count
        _release(fake, release_ref, tracks, [artist_ref(a) for a in artists], rng)
        fake.release_genre[release_id] = genre_id
        latest = label["latest_active_publish_date"] or ""
        label["latest_active_publish_date"] = max(latest, published.isoformat())


def _generated_track(
    fake: Base, rng: random.Random, *, published: date, image_id: int, **fields: Any
) -> dict[str, Any]:
    length_ms = rng.randint(150_000, 480_000)
    sample_start = rng.randint(length_ms // 4, length_ms // 2)
    key = rng.choice(fake.keys)
    price = rng.choice(TABLES["prices"])
    status_id, status_name = (
        (1, "New Release") if published.year >= 2025 else (10, "General Content")
    )
    encoded = published - timedelta(days=rng.randint(3, 60))
    catalog_number = fields["catalog_number"]
    fields["release"] = _copy(fields["release"])
    return _track(
        **fields, available_worldwide=rng.random() < 0.6,
        current_status={"id": status_id, "name": status_name,
                        "url": fake.url("auxiliary.current_status", status_id)},
        encoded_date=_offset_datetime(encoded, rng), exclusive=rng.random() < 0.1,
        image=_image(image_id, random_uuid(rng), "1500x250", "png"),
        is_available_for_streaming=rng.random() < 0.95, is_explicit=rng.random() < 0.05,
        key=_copy(key),
        label_track_identifier=f"{catalog_number}-{rng.randrange(100)}"
        if rng.random() < 0.2 else None,
        length=f"{length_ms // 60000}:{length_ms // 1000 % 60:02d}", length_ms=length_ms,
        new_release_date=published.isoformat(),
        pre_order_date=(published - timedelta(days=rng.randint(0, 21))).isoformat(),
        price=_price(price), publish_date=published.isoformat(),
        sale_type={"id": 1, "name": "purchase", "url": fake.url("auxiliary.sale_type", 1)},
        sample_url=f"{_SAMPLES}/{random_uuid(rng)}.LOFI.mp3", sample_start_ms=sample_start,
        sample_end_ms=min(sample_start + 120_000, length_ms), slug=slug(fields["name"]),
        url=fake.url("tracks.get", fields["id"]), is_hype=rng.random() < 0.05,
    )  # fmt: skip


def _release(
    fake: Base,
    ref: Mapping[str, Any],
    tracks: Sequence[Mapping[str, Any]],
    artists: list[dict[str, Any]],
    rng: random.Random,
) -> None:
    first, count = tracks[0], len(tracks)
    bpms = [t["bpm"] for t in tracks]
    remixers: dict[int, dict[str, Any]] = {}
    for track in tracks:
        for remixer in track["remixers"]:
            remixers.setdefault(remixer["id"], remixer)
    fake.releases.append({
        "id": ref["id"], "name": ref["name"], "slug": ref["slug"], "artists": artists,
        "remixers": list(remixers.values()), "label": _copy(ref["label"]),
        "catalog_number": first["catalog_number"],
        "upc": f"{rng.randrange(10**12):012d}{rng.randrange(10)}",
        "type": "Single" if count == 1 else "EP" if count <= 5 else "Album",
        "desc": f"{ref['name']} on {ref['label']['name']}.",
        "bpm_range": {"min": min(bpms), "max": max(bpms)}, "tracks": [t["url"] for t in tracks],
        "track_count": count, "price": _price(round(sum(t["price"]["value"] for t in tracks), 2)),
        "publish_date": first["publish_date"], "new_release_date": first["new_release_date"],
        "pre_order": False, "pre_order_date": first["pre_order_date"],
        "encoded_date": first["encoded_date"], "image": dict(ref["image"]),
        "exclusive": any(t["exclusive"] for t in tracks),
        "is_available_for_streaming": all(t["is_available_for_streaming"] for t in tracks),
        "is_hype": any(t["is_hype"] for t in tracks), "url": fake.url("releases.get", ref["id"]),
    })  # fmt: skip


def _day(rng: random.Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _collections(fake: Base, rng: random.Random, images: Iterator[int]) -> None:
    for chart_id in sorted(rng.sample(range(700_000, 900_000), 20)):
        curator = rng.choice(fake.artists[1:])
        genres = rng.sample(fake.genres, rng.choice((1, 1, 2)))
        pool = [t for t in fake.tracks if t["genre"]["id"] in {g["id"] for g in genres}]
        pool = pool if len(pool) >= 10 else fake.tracks
        picked = rng.sample(pool, min(len(pool), rng.randint(10, 30)))
        name = f"{curator['name']}'s {_words(rng, 'adjectives', 'nouns')}"
        published = _day(rng, date(2020, 1, 1), date(2025, 12, 31))
        fake.chart_track_ids[chart_id] = [t["id"] for t in picked]
        fake.charts.append({
            "id": chart_id, "name": name, "slug": slug(name),
            "description": f"Selected by {curator['name']}.", "artist": artist_ref(curator),
            "person": None, "genres": [_ref(g, "id", "name", "slug", "url") for g in genres],
            "image": _image(next(images), random_uuid(rng), "1050x508"), "enabled": True,
            "is_approved": True, "is_indexed": True, "is_published": True,
            "publish_date": published.isoformat(),
            "add_date": _offset_datetime(published - timedelta(days=2), rng),
            "change_date": _offset_datetime(published, rng), "track_count": len(picked),
            "price": _price(round(sum(t["price"]["value"] for t in picked), 2)),
            "url": fake.url("charts.get", chart_id),
        })  # fmt: skip
    for playlist_id in sorted(rng.sample(range(1_000_000, 6_000_000), 8)):
        genres = rng.sample(fake.genres, rng.choice((1, 2, 3)))
        picked = rng.sample(fake.tracks, rng.randint(12, 45))
        name = f"{_words(rng, 'adjectives', 'nouns')} Playlist"
        created = _day(rng, date(2021, 1, 1), date(2025, 6, 30))
        fake.playlist_track_ids[playlist_id] = [t["id"] for t in picked]
        fake.playlists.append({
            "id": playlist_id, "name": name, "description": f"{name}, curated by Beatport.",
            "genres": [_ref(g, "id", "name", "slug", "url") for g in genres],
            "image": _image(next(images), random_uuid(rng), "500x500"), "is_public": True,
            "track_count": len(picked), "length_ms": sum(t["length_ms"] for t in picked),
            "bpm_range": {"min": min(t["bpm"] for t in picked),
                          "max": max(t["bpm"] for t in picked)},
            "created_date": _offset_datetime(created, rng),
            "updated_date": _offset_datetime(created + timedelta(days=30), rng),
            "url": fake.url("playlists.get", playlist_id),
        })  # fmt: skip
    for page_id in range(1, 13):
        page_type = rng.choice(fake.auxiliary["page-types"])
        name = f"{_words(rng, 'adjectives', 'nouns')} {page_type['name']}"
        fake.curation_pages.append({
            "id": page_id, "name": name, "slug": slug(name), "page_type": dict(page_type),
            "enabled": rng.random() < 0.9, "module_count": rng.randint(2, 9),
        })  # fmt: skip
