"""The seeded catalog behind :class:`FakeBeatport`, the recorded tracks included.

Every draw happens in a fixed order, so one seed always gives the same catalog.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from beatkit.beatport.wire import SPEC

if TYPE_CHECKING:
    from beatkit.testing.beatport._base import Base

__all__ = ["RECORDED_ISRC", "RECORDED_TRACK_IDS", "api_url", "artist_ref", "generate"]

RECORDED_ISRC = "GBDUW0000058"
"""The ISRC of the three recorded tracks (``GET /catalog/tracks/?isrc=GBDUW0000058``)."""

RECORDED_TRACK_IDS = (8291700, 6014317, 6014309)
"""The ids of the recorded tracks, in the order the recorded response lists them."""

PUBLIC_BASE_URL = "https://api.beatport.com/v4"
_MEDIA = "https://geo-media.beatport.com/image_size"
_SAMPLES = "https://geo-samples.beatport.com/track"

# Genre id, name, slug, BPM range and sub-genres (id, name). The ids of the genres the
# write-up lists are Beatport's own; the rest and every sub-genre id are made up.
_GENRES: tuple[tuple[int, str, str, int, int, tuple[tuple[int, str], ...]], ...] = (
    (1, "Drum & Bass", "drum-bass", 170, 176, ((1, "Liquid"), (2, "Jump Up"))),
    (2, "Hard Techno", "hard-techno", 145, 160, ()),
    (3, "Electronica", "electronica", 90, 130, ((3, "Ambient / Experimental"),)),
    (5, "House", "house", 118, 128, ((4, "Acid"), (5, "Soulful"), (6, "Funky"))),
    (6, "Techno (Peak Time / Driving)", "techno-peak-time-driving", 125, 140,
     ((7, "Peak Time"), (8, "Driving"))),
    (7, "Trance (Main Floor)", "trance-main-floor", 132, 140,
     ((9, "Progressive Trance"), (10, "Tech Trance"), (11, "Uplifting Trance"))),
    (8, "Hard Dance / Hardcore / Neo Rave", "hard-dance-hardcore-neo-rave", 150, 180,
     ((12, "Hardstyle"), (13, "Hardcore"))),
    (9, "Breaks / Breakbeat / UK Bass", "breaks-breakbeat-uk-bass", 125, 140, ()),
    (11, "Tech House", "tech-house", 124, 128, ((14, "Latin Tech"),)),
    (12, "Deep House", "deep-house", 118, 124, ()),
    (13, "Psy-Trance", "psy-trance", 138, 146, ((15, "Full-On"), (16, "Progressive Psy"))),
    (14, "Minimal / Deep Tech", "minimal-deep-tech", 122, 128, ((17, "Deep Tech"),)),
    (15, "Progressive House", "progressive-house", 120, 128, ()),
    (16, "DJ Tools", "dj-tools", 100, 140, ((18, "Acapellas"), (19, "Loops"))),
    (17, "Electro (Classic / Detroit / Modern)", "electro-classic-detroit-modern", 120, 135, ()),
    (18, "Dubstep", "dubstep", 138, 150, ((20, "Melodic Dubstep"),)),
    (37, "Indie Dance", "indie-dance", 110, 126, ((21, "Dark Disco"),)),
    (38, "Trap / Future Bass", "trap-future-bass", 130, 160, ((22, "Trap"), (23, "Future Bass"))),
    (39, "Dance / Pop", "dance-pop", 100, 128, ((24, "Pop"), (25, "Afro Pop"))),
    (50, "Nu Disco / Disco", "nu-disco-disco", 110, 124, ((26, "Italo"),)),
    (65, "Funky House", "funky-house", 120, 128, ()),
    (79, "Organic House / Downtempo", "organic-house-downtempo", 100, 122, ()),
    (85, "140 / Deep Dubstep / Grime", "140-deep-dubstep-grime", 138, 142, ()),
    (86, "UK Garage / Bassline", "uk-garage-bassline", 128, 140,
     ((27, "UK Garage"), (28, "Bassline"))),
    (89, "Afro House", "afro-house", 118, 124, ((29, "Afro / Tribal"), (30, "Afro Melodic"))),
    (90, "Melodic House & Techno", "melodic-house-techno", 118, 126,
     ((31, "Melodic House"), (32, "Melodic Techno"))),
    (91, "Bass House", "bass-house", 124, 130, ()),
    (92, "Techno (Raw / Deep / Hypnotic)", "techno-raw-deep-hypnotic", 125, 135,
     ((33, "Raw"), (34, "Deep / Hypnotic"))),
    (93, "Amapiano", "amapiano", 110, 116, ()),
    (96, "Mainstage", "mainstage", 126, 132, ()),
)  # fmt: skip

# Camelot number -> (minor key, major key) note names.
_CAMELOT: dict[int, tuple[str, str]] = {
    1: ("Ab", "B"), 2: ("Eb", "F#"), 3: ("Bb", "Db"), 4: ("F", "Ab"), 5: ("C", "Eb"),
    6: ("G", "Bb"), 7: ("D", "F"), 8: ("A", "C"), 9: ("E", "G"), 10: ("B", "D"),
    11: ("F#", "A"), 12: ("Db", "E"),
}  # fmt: skip

_FIRST = (
    "Kai", "Nora", "Felix", "Mira", "Oskar", "Lena", "Tomas", "Ines", "Rafael", "Yuki", "Dario",
    "Elif", "Jonah", "Sana", "Marco", "Alba", "Viktor", "Hana", "Luca", "Freya",
)  # fmt: skip
_LAST = (
    "Lindqvist", "Moreau", "Okafor", "Brandt", "Vega", "Sato", "Kowalski", "Haddad", "Rossi",
    "Novak", "Ferreira", "Jensen",
)  # fmt: skip
_ALIASES = (
    "Solar Drift", "Night Tactics", "Blue Meridian", "Ghost Signal", "Parallel Minds",
    "Velvet Static", "Echo Bureau", "Lunar Syntax", "Deep Current", "Nova Circuit", "Kinetic Fog",
    "Hollow Planet", "Mono Bloom", "Dust Theory", "Radial Youth",
)  # fmt: skip
_LABEL_WORDS = (
    "Midnight Transit", "Polar Grid", "Subsonic Garden", "Warehouse Nine", "Slow Orbit",
    "Paper Moon", "Black Lantern", "Coastline", "Static Bloom", "Northern Wire", "Open Field",
    "Glass Tower", "Low Tide", "Kinetik", "Phase Shift", "Red Cedar", "Afterhours Union",
    "Copper Sky", "Grey Matter", "Silk Route",
)  # fmt: skip
_LABEL_SUFFIX = ("Records", "Recordings", "Music", "Audio", "")
_ADJECTIVES = (
    "Afterglow", "Crimson", "Hollow", "Electric", "Silent", "Golden", "Neon", "Velvet", "Broken",
    "Endless", "Distant", "Frozen", "Hidden", "Liquid", "Lunar", "Solar", "Wild", "Restless",
    "Quiet", "Analog",
)  # fmt: skip
_NOUNS = (
    "Horizon", "Pulse", "Signal", "Garden", "Motion", "Tides", "Circuit", "Echoes", "Orbit",
    "Mirage", "Engine", "Shadows", "Fever", "Rituals", "Skyline", "Voltage", "Currents", "Visions",
    "Machines", "Dreams",
)  # fmt: skip
_MIXES = ("Original Mix", "Extended Mix", "Radio Edit", "Dub Mix", "Club Mix")
_PRICES = (1.29, 1.49, 1.69, 1.99, 2.49)
_COUNTRIES = ("GB", "DE", "NL", "US", "FR", "SE", "IT", "ES", "BE", "AU")
_CURRENT_STATUS = (
    (1, "New Release"), (2, "Early Access"), (3, "Exclusive"), (4, "Pre-Order"),
    (5, "Hype"), (10, "General Content"),
)  # fmt: skip
_SALE_TYPES = ((1, "purchase"), (2, "free"), (3, "pre-order"))
_EXCLUSIVE_PERIODS = ((1, 7, "1 week"), (2, 14, "2 weeks"), (3, 28, "4 weeks"))
_NAMED_TABLES = {
    "item-types": ("track", "release", "chart", "artist", "label", "playlist", "genre"),
    "page-module-types": ("Carousel", "Track List", "Release Grid", "Chart Grid", "Banner",
                          "Artist Grid", "Label Grid"),
    "page-types": ("Home", "Genre", "Label", "Artist", "Promo", "Campaign"),
    "source-types": ("Editorial", "Algorithmic", "Partner", "Sponsored"),
}  # fmt: skip
_PAGE_MODULE_STYLES = ("Default", "Compact", "Hero", "Grid", "List", "Spotlight")

# The key order of a track, as recorded; every track, recorded or generated, follows it.
_TRACK_KEYS = (
    "artists", "publish_status", "available_worldwide", "bpm", "bsrc_remixer", "catalog_number",
    "current_status", "encoded_date", "exclusive", "free_downloads", "free_download_start_date",
    "free_download_end_date", "genre", "id", "image", "is_available_for_streaming",
    "is_explicit", "is_ugc_remix", "is_dj_edit", "isrc", "key", "label_track_identifier",
    "length", "length_ms", "mix_name", "name", "new_release_date", "pre_order", "pre_order_date",
    "price", "publish_date", "release", "remixers", "sale_type", "sample_url", "sample_start_ms",
    "sample_end_ms", "slug", "sub_genre", "url", "is_hype",
)  # fmt: skip

# Fields of the recorded tracks that differ between the three; everything else is shared.
_RECORDED_VARIANTS: tuple[dict[str, Any], ...] = (
    {
        "catalog_number": "0724384960650",
        "encoded_date": "2016-08-19T00:50:00-06:00",
        "id": 8291700,
        "image": (14290659, "f6951ddd-ddcb-4c79-8048-38e5f11cd3eb"),
        "new_release_date": "2001-03-12",
        "pre_order_date": "2017-02-03",
        "publish_date": "2005-01-24",
        "release": (1835582, "Discovery", 47530077, "c10fd066-6bdb-4179-b085-50ac4b5f2882",
                    "discovery"),
        "sample": ("cd4b1b08-35c8-4e51-b2dd-c534f3eaea44", 240549),
    },
    {
        "catalog_number": "0094635840551",
        "encoded_date": "2014-11-05T10:58:38-07:00",
        "id": 6014317,
        "image": (15459640, "66e72113-d05f-4c16-a58b-67738cfb9efe"),
        "new_release_date": "2006-04-03",
        "pre_order_date": "2017-01-29",
        "publish_date": "2006-04-03",
        "release": (1414368, "Musique, Vol. 1", 40801117, "2357e8c5-fdd4-4bf1-8df4-f8160f8e4b48",
                    "musique-vol-1"),
        "sample": ("73a1d590-f1c4-414c-8279-0af6b1ceb954", 210549),
    },
    {
        "catalog_number": "0724389769951",
        "encoded_date": "2014-11-05T10:58:16-07:00",
        "id": 6014309,
        "image": (10451083, "d5717e4c-fa30-4881-bb17-57233c6095a6"),
        "new_release_date": "2001-06-08",
        "pre_order_date": "2017-01-10",
        "publish_date": "2001-06-11",
        "release": (1414366, "Digital Love", 40801233, "5bfbc9d0-df01-42b2-a9cd-3f62f2476047",
                    "digital-love"),
        "sample": ("bd425bba-290c-4b1d-819f-49387f0c7714", 210549),
    },
)  # fmt: skip
_RECORDED_ARTIST_ID = 3547


def api_url(root: str, key: str, value: object = None) -> str:
    """The URL of an operation's resource: ``root`` plus its ``PATHS`` path, filled in."""
    return root + re.sub(r"\{\w+\}", str(value), SPEC.routes[key].path)


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


def _offset_datetime(day: date, rng: random.Random) -> str:
    # Beatport stamps in America/Denver: -06:00 in summer, -07:00 in winter.
    offset = "-06:00" if 4 <= day.month <= 10 else "-07:00"
    clock = f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    return f"{day.isoformat()}T{clock}{offset}"


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ref(obj: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: obj[key] for key in keys}


def _track(**fields: Any) -> dict[str, Any]:
    """A track with the recorded key order; the fields every track shares are filled in."""
    fields.update(
        publish_status="published", bsrc_remixer=[], free_downloads=[],
        free_download_start_date=None, free_download_end_date=None, is_ugc_remix=False,
        is_dj_edit=False, pre_order=False,
    )  # fmt: skip
    return {key: fields[key] for key in _TRACK_KEYS}


def _recorded_label() -> dict[str, Any]:
    image = _image(5539566, "cda9862c-cf92-4d13-ac65-7e9277181f51", "500x500")
    return {"id": 97547, "name": "Daft Life Ltd./ADA France", "image": image,
            "slug": "daft-life-ltdada-france"}  # fmt: skip


def _recorded_artist_ref() -> dict[str, Any]:
    image = _image(7297019, "db2552bf-aae0-4ad4-8f44-8999db32b4b8", "590x404")
    url = api_url(PUBLIC_BASE_URL, "artists.get", _RECORDED_ARTIST_ID)
    return {"id": _RECORDED_ARTIST_ID, "image": image, "name": "Daft Punk", "slug": "daft-punk",
            "url": url}  # fmt: skip


def _recorded_track(variant: Mapping[str, Any]) -> dict[str, Any]:
    """One recorded track, key for key (its URLs point at the public host)."""
    image_id, image_uuid = variant["image"]
    release_id, release_name, release_image_id, release_uuid, release_slug = variant["release"]
    sample_uuid, sample_end = variant["sample"]
    root = PUBLIC_BASE_URL
    chord = {"id": 2, "name": "Major", "url": api_url(root, "chord_types.get", 2)}
    return _track(
        artists=[_recorded_artist_ref()], available_worldwide=False, bpm=125,
        catalog_number=variant["catalog_number"],
        current_status={"id": 10, "name": "General Content",
                        "url": api_url(root, "auxiliary.current_status", 10)},
        encoded_date=variant["encoded_date"], exclusive=False,
        genre={"id": 39, "name": "Dance / Pop", "slug": "dance-pop",
               "url": api_url(root, "genres.get", 39)},
        id=variant["id"], image=_image(image_id, image_uuid, "1500x250", "png"),
        is_available_for_streaming=True, is_explicit=False, isrc=RECORDED_ISRC,
        key={"camelot_number": 11, "camelot_letter": "B", "chord_type": chord, "id": 23,
             "is_sharp": False, "is_flat": False, "letter": "A", "name": "A Major",
             "url": api_url(root, "keys.get", 23)},
        label_track_identifier=None, length="5:01", length_ms=301373, mix_name="Original Mix",
        name="Digital Love", new_release_date=variant["new_release_date"],
        pre_order_date=variant["pre_order_date"], price=_price(1.49),
        publish_date=variant["publish_date"],
        release={"id": release_id, "name": release_name,
                 "image": _image(release_image_id, release_uuid, "1400x1400"),
                 "label": _recorded_label(), "slug": release_slug},
        remixers=[],
        sale_type={"id": 1, "name": "purchase", "url": api_url(root, "auxiliary.sale_type", 1)},
        sample_url=f"{_SAMPLES}/{sample_uuid}.LOFI.mp3", sample_start_ms=120549,
        sample_end_ms=sample_end, slug="digital-love", sub_genre=None,
        url=api_url(root, "tracks.get", variant["id"]), is_hype=False,
    )  # fmt: skip


def generate(fake: Base, rng: random.Random) -> None:
    """Fill the fake's catalog: reference tables, people, releases, collections, the user."""
    images = iter(rng.sample(range(10_000_000, 50_000_000), 2000))
    _reference_tables(fake)
    _people(fake, rng, images)
    _releases_and_tracks(fake, rng, images)
    _collections(fake, rng, images)
    local = fake.username.split("@", 1)[0]
    fake.account = {
        "id": 7301524, "username": fake.username,
        "email": fake.username if "@" in fake.username else f"{fake.username}@example.com",
        "first_name": local.capitalize(), "last_name": "Rivera",
        "created": "2019-04-02T10:11:12-06:00", "modified": "2025-11-30T08:15:00-07:00",
    }  # fmt: skip
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
            note = _CAMELOT[number][0 if letter == "A" else 1]
            key_id = number if letter == "A" else 12 + number
            flat = note.endswith("b") and len(note) == 2
            fake.keys.append({
                "camelot_number": number, "camelot_letter": letter, "chord_type": dict(chord),
                "id": key_id, "is_sharp": "#" in note, "is_flat": flat, "letter": note[0],
                "name": f"{note} {chord['name']}", "url": url("keys.get", key_id),
            })  # fmt: skip
    for genre_id, name, genre_slug, _, _, subs in _GENRES:
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
                           for i, n in _CURRENT_STATUS],
        "sale-types": [{"id": i, "name": n, "url": url("auxiliary.sale_type", i)}
                       for i, n in _SALE_TYPES],
        "exclusive-period": [{"id": i, "days": days, "description": text,
                              "url": url("auxiliary.exclusive_period", i)}
                             for i, days, text in _EXCLUSIVE_PERIODS],
        **{table: [{"id": i, "name": n} for i, n in enumerate(names, 1)]
           for table, names in _NAMED_TABLES.items()},
    }  # fmt: skip
    fake.page_module_styles = [
        {"id": i, "name": n, "slug": slug(n)} for i, n in enumerate(_PAGE_MODULE_STYLES, 1)
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
    bio = "French electronic duo formed in Paris in 1993."
    _artist(fake, _RECORDED_ARTIST_ID, "Daft Punk", _recorded_artist_ref()["image"], bio)
    names: list[str] = list(_ALIASES)
    pairs = [(f, last) for f in _FIRST for last in _LAST]
    names += [f"{f} {last}" for f, last in rng.sample(pairs, 60)]
    ids = rng.sample(range(10_000, 1_300_000), len(names))
    for artist_id, name in zip(ids, names, strict=True):
        about = f"{name} is a producer and DJ." if rng.random() < 0.7 else None
        _artist(fake, artist_id, name, _image(next(images), _uuid(rng), "590x404"), about)
        website = f"https://{slug(name)}.example.com" if rng.random() < 0.3 else None
        fake.artists[-1]["website"] = website
    fake.labels.append(_label(fake, _recorded_label(), "2006-04-03", rng))
    label_ids = rng.sample(range(1_000, 120_000), len(_LABEL_WORDS))
    for label_id, word in zip(label_ids, _LABEL_WORDS, strict=True):
        name = f"{word} {rng.choice(_LABEL_SUFFIX)}".strip()
        image = _image(next(images), _uuid(rng), "500x500")
        base = {"id": label_id, "name": name, "image": image, "slug": slug(name)}
        fake.labels.append(_label(fake, base, None, rng))


def _releases_and_tracks(fake: Base, rng: random.Random, images: Iterator[int]) -> None:
    for variant in _RECORDED_VARIANTS:
        track = _recorded_track(variant)
        fake.tracks.append(track)
        fake.popularity[track["id"]] = 40 + len(fake.tracks)
        _release(fake, track["release"], [track], [_recorded_artist_ref()], rng)
        fake.release_genre[track["release"]["id"]] = 39
    generated_artists, generated_labels = fake.artists[1:], fake.labels[1:]
    track_ids = iter(rng.sample(range(10_000_000, 23_000_000), 300))
    release_ids = rng.sample(range(3_000_000, 5_900_000), 300)
    isrc_numbers = iter(rng.sample(range(100_000), 300))
    first_day, last_day = date(2012, 1, 1).toordinal(), date(2025, 12, 31).toordinal()
    made = 0
    # Genres are dealt like cards, so every genre gets releases and tracks.
    genre_deck = [g for _ in range(10) for g in rng.sample(_GENRES, len(_GENRES))]
    for release_id, genre_row in zip(release_ids, genre_deck, strict=False):
        if made >= 300:
            break
        count = min(300 - made, rng.choice((1, 1, 2, 3, 4, 4, 5, 6, 8)))
        genre_id, _, _, bpm_low, bpm_high, subs = genre_row
        genre = next(g for g in fake.genres if g["id"] == genre_id)
        label = rng.choice(generated_labels)
        artists = rng.sample(generated_artists, rng.choice((1, 1, 1, 2)))
        published = date.fromordinal(rng.randint(first_day, last_day))
        name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
        release_ref = {
            "id": release_id, "name": name, "image": _image(next(images), _uuid(rng), "1400x1400"),
            "label": _ref(label, "id", "name", "image", "slug"), "slug": slug(name),
        }  # fmt: skip
        catalog_number = f"{label['slug'][:4].upper().replace('-', '')}{rng.randrange(1000):03d}"
        tracks = []
        for position in range(count):
            track_name = name if position == 0 else rng.choice(_NOUNS) + " " + rng.choice(_NOUNS)
            remixers = []
            mix = rng.choice(_MIXES)
            if rng.random() < 0.25:
                remixer = rng.choice(generated_artists)
                remixers = [artist_ref(remixer)]
                mix = f"{remixer['name']} Remix"
            sub_genre = None
            if subs and rng.random() < 0.4:
                sub_id = rng.choice(subs)[0]
                sub = next(s for s in fake.sub_genres if s["id"] == sub_id)
                sub_genre = _ref(sub, "id", "name", "slug", "url")
            country = rng.choice(_COUNTRIES)
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
        if label["latest_active_publish_date"] is None or (
            label["latest_active_publish_date"] < published.isoformat()
        ):
            label["latest_active_publish_date"] = published.isoformat()


def _generated_track(
    fake: Base, rng: random.Random, *, published: date, image_id: int, **fields: Any
) -> dict[str, Any]:
    length_ms = rng.randint(150_000, 480_000)
    sample_start = rng.randint(length_ms // 4, length_ms // 2)
    key = rng.choice(fake.keys)
    price = rng.choice(_PRICES)
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
        image=_image(image_id, _uuid(rng), "1500x250", "png"),
        is_available_for_streaming=rng.random() < 0.95, is_explicit=rng.random() < 0.05,
        key=_copy(key),
        label_track_identifier=f"{catalog_number}-{rng.randrange(100)}"
        if rng.random() < 0.2 else None,
        length=f"{length_ms // 60000}:{length_ms // 1000 % 60:02d}", length_ms=length_ms,
        new_release_date=published.isoformat(),
        pre_order_date=(published - timedelta(days=rng.randint(0, 21))).isoformat(),
        price=_price(price), publish_date=published.isoformat(),
        sale_type={"id": 1, "name": "purchase", "url": fake.url("auxiliary.sale_type", 1)},
        sample_url=f"{_SAMPLES}/{_uuid(rng)}.LOFI.mp3", sample_start_ms=sample_start,
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
        name = f"{curator['name']}'s {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
        published = _day(rng, date(2020, 1, 1), date(2025, 12, 31))
        fake.chart_track_ids[chart_id] = [t["id"] for t in picked]
        fake.charts.append({
            "id": chart_id, "name": name, "slug": slug(name),
            "description": f"Selected by {curator['name']}.", "artist": artist_ref(curator),
            "person": None, "genres": [_ref(g, "id", "name", "slug", "url") for g in genres],
            "image": _image(next(images), _uuid(rng), "1050x508"), "enabled": True,
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
        name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} Playlist"
        created = _day(rng, date(2021, 1, 1), date(2025, 6, 30))
        fake.playlist_track_ids[playlist_id] = [t["id"] for t in picked]
        fake.playlists.append({
            "id": playlist_id, "name": name, "description": f"{name}, curated by Beatport.",
            "genres": [_ref(g, "id", "name", "slug", "url") for g in genres],
            "image": _image(next(images), _uuid(rng), "500x500"), "is_public": True,
            "track_count": len(picked), "length_ms": sum(t["length_ms"] for t in picked),
            "bpm_range": {"min": min(t["bpm"] for t in picked),
                          "max": max(t["bpm"] for t in picked)},
            "created_date": _offset_datetime(created, rng),
            "updated_date": _offset_datetime(created + timedelta(days=30), rng),
            "url": fake.url("playlists.get", playlist_id),
        })  # fmt: skip
    for page_id in range(1, 13):
        page_type = rng.choice(fake.auxiliary["page-types"])
        name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {page_type['name']}"
        fake.curation_pages.append({
            "id": page_id, "name": name, "slug": slug(name), "page_type": dict(page_type),
            "enabled": rng.random() < 0.9, "module_count": rng.randint(2, 9),
        })  # fmt: skip
