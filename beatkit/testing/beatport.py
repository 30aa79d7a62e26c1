"""A stateful, deterministic fake of the Beatport v4 API and its stream CDN, for tests."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import operator
import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from http.cookies import CookieError, SimpleCookie
from typing import Any, Literal
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import attrs
import httpx

from beatkit.hls.crypto import encrypt_segment
from beatkit.testing._app import Abort, FakeService

__all__ = [
    "DEFAULT_CDN_URL",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_SCOPE",
    "DEFAULT_SEED",
    "QUALITIES",
    "RECORDED_ISRC",
    "RECORDED_TRACK_IDS",
    "FakeBeatport",
]

DEFAULT_SEED = 20260129
"""The seed used when none is given: every test sees the same catalog."""

DEFAULT_CDN_URL = "https://needledrop.beatport.test"
"""Where stream playlists, keys, segments and download files are served by default."""

DEFAULT_CLIENT_ID = "beatkit-fake-client"
"""The OAuth client id the fake accepts by default (Beatport's own ids are never shipped)."""

DEFAULT_SCOPE = "app:locker user:dj"
"""The scope granted when an authorization request names none (as Beatport answers)."""

RECORDED_ISRC = "GBDUW0000058"
"""The ISRC of the three recorded tracks (``GET /catalog/tracks/?isrc=GBDUW0000058``)."""

RECORDED_TRACK_IDS = (8291700, 6014317, 6014309)
"""The ids of the recorded tracks, in the order the recorded response lists them."""

QUALITIES: Mapping[str, tuple[str, str]] = {
    "medium": (".128k.aac.mp4", "audio/mp4"),
    "high": (".256k.aac.mp4", "audio/mp4"),
    "lossless": (".flac", "audio/flac"),
}
"""Download quality -> (``stream_quality`` as the API reports it, the file's content type)."""

_PUBLIC_BASE_URL = "https://api.beatport.com/v4"
_MEDIA = "https://geo-media.beatport.com/image_size"
_SAMPLES = "https://geo-samples.beatport.com/track"
_MAX_PER_PAGE = 100
_DEFAULT_PER_PAGE = 10  # what the recorded response shows when per_page is not sent
_SESSION_AGE = 1_209_600  # Django's default SESSION_COOKIE_AGE: two weeks
_SEARCH_TYPES = ("tracks", "artists", "labels", "releases", "charts")
_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_DIGITS = re.compile(r"[0-9]+")
_CDN_PATH = re.compile(
    r"/(?P<issued>[0-9]+)_(?P<sig>[0-9a-f]{24})/[0-9a-f]{2}/[0-9a-f]{2}/"
    r"(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?P<suffix>\..+)"
)
_SEGMENT_SUFFIX = re.compile(r"\.128k\.aac-(?P<number>[0-9]+)\.aac")
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

_NOT_AUTHENTICATED = "Authentication credentials were not provided."
_NO_PERMISSION = "You do not have permission to perform this action."
_TERRITORY = "Territory Restricted."
_QUALITY_UNAVAILABLE = "Requested quality is not available."
_BAD_CREDENTIALS = "Incorrect authentication credentials."

_DJANGO_404 = (
    b'<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n'
    b"  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n"
    b"</body>\n</html>\n"
)
_CDN_403 = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Request has expired or its signature does not match</Message></Error>\n"
)
_CDN_400_AUTH = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code>'
    b"<Message>Only one auth mechanism allowed; the URL is signed, so no Authorization "
    b"header may be sent</Message></Error>\n"
)
_CDN_404 = b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code></Error>\n'

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
_ITEM_TYPES = ("track", "release", "chart", "artist", "label", "playlist", "genre")
_PAGE_MODULE_TYPES = (
    "Carousel", "Track List", "Release Grid", "Chart Grid", "Banner", "Artist Grid", "Label Grid",
)  # fmt: skip
_PAGE_TYPES = ("Home", "Genre", "Label", "Artist", "Promo", "Campaign")
_SOURCE_TYPES = ("Editorial", "Algorithmic", "Partner", "Sponsored")
_PAGE_MODULE_STYLES = ("Default", "Compact", "Hero", "Grid", "List", "Spotlight")
_SUBSCRIPTION_NAMES = {
    "bp_basic": "Beatport Streaming Essential",
    "bp_link": "Beatport Streaming Advanced",
    "bp_link_pro": "Beatport Streaming Professional",
}

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
_RECORDED_LABEL_ID = 97547
_RECORDED_API = _PUBLIC_BASE_URL  # the recorded tracks' url fields point at the public host


def _image(image_id: int, image_uuid: str, size: str, ext: str = "jpg") -> dict[str, Any]:
    return {
        "id": image_id,
        "uri": f"{_MEDIA}/{size}/{image_uuid}.{ext}",
        "dynamic_uri": f"{_MEDIA}/{{w}}x{{h}}/{image_uuid}.{ext}",
    }


def _recorded_label() -> dict[str, Any]:
    return {
        "id": _RECORDED_LABEL_ID,
        "name": "Daft Life Ltd./ADA France",
        "image": _image(5539566, "cda9862c-cf92-4d13-ac65-7e9277181f51", "500x500"),
        "slug": "daft-life-ltdada-france",
    }


def _recorded_artist_ref() -> dict[str, Any]:
    return {
        "id": _RECORDED_ARTIST_ID,
        "image": _image(7297019, "db2552bf-aae0-4ad4-8f44-8999db32b4b8", "590x404"),
        "name": "Daft Punk",
        "slug": "daft-punk",
        "url": f"{_RECORDED_API}/catalog/artists/{_RECORDED_ARTIST_ID}/",
    }


def _recorded_track(variant: Mapping[str, Any]) -> dict[str, Any]:
    """One recorded track, key for key and in the recorded key order."""
    image_id, image_uuid = variant["image"]
    release_id, release_name, release_image_id, release_uuid, release_slug = variant["release"]
    sample_uuid, sample_end = variant["sample"]
    track_id = variant["id"]
    return {
        "artists": [_recorded_artist_ref()],
        "publish_status": "published",
        "available_worldwide": False,
        "bpm": 125,
        "bsrc_remixer": [],
        "catalog_number": variant["catalog_number"],
        "current_status": {
            "id": 10,
            "name": "General Content",
            "url": f"{_RECORDED_API}/auxiliary/current-status/10/",
        },
        "encoded_date": variant["encoded_date"],
        "exclusive": False,
        "free_downloads": [],
        "free_download_start_date": None,
        "free_download_end_date": None,
        "genre": {
            "id": 39,
            "name": "Dance / Pop",
            "slug": "dance-pop",
            "url": f"{_RECORDED_API}/catalog/genres/39/",
        },
        "id": track_id,
        "image": _image(image_id, image_uuid, "1500x250", "png"),
        "is_available_for_streaming": True,
        "is_explicit": False,
        "is_ugc_remix": False,
        "is_dj_edit": False,
        "isrc": RECORDED_ISRC,
        "key": {
            "camelot_number": 11,
            "camelot_letter": "B",
            "chord_type": {
                "id": 2,
                "name": "Major",
                "url": f"{_RECORDED_API}/catalog/chord-types/2/",
            },
            "id": 23,
            "is_sharp": False,
            "is_flat": False,
            "letter": "A",
            "name": "A Major",
            "url": f"{_RECORDED_API}/catalog/keys/23/",
        },
        "label_track_identifier": None,
        "length": "5:01",
        "length_ms": 301373,
        "mix_name": "Original Mix",
        "name": "Digital Love",
        "new_release_date": variant["new_release_date"],
        "pre_order": False,
        "pre_order_date": variant["pre_order_date"],
        "price": {"code": "USD", "symbol": "$", "value": 1.49, "display": "$1.49"},
        "publish_date": variant["publish_date"],
        "release": {
            "id": release_id,
            "name": release_name,
            "image": _image(release_image_id, release_uuid, "1400x1400"),
            "label": _recorded_label(),
            "slug": release_slug,
        },
        "remixers": [],
        "sale_type": {
            "id": 1,
            "name": "purchase",
            "url": f"{_RECORDED_API}/auxiliary/sale-types/1/",
        },
        "sample_url": f"{_SAMPLES}/{sample_uuid}.LOFI.mp3",
        "sample_start_ms": 120549,
        "sample_end_ms": sample_end,
        "slug": "digital-love",
        "sub_genre": None,
        "url": f"{_RECORDED_API}/catalog/tracks/{track_id}/",
        "is_hype": False,
    }


def _int_value(text: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise ValueError(text)
    return int(text)


def _date_value(text: str) -> str:
    return date.fromisoformat(text).isoformat()


def _in_range(value: Any, bounds: tuple[Any, Any]) -> bool:
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def _copy(data: Any) -> Any:
    # A JSON round trip: the data is JSON anyway, and it is several times faster than deepcopy.
    return json.loads(json.dumps(data))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _price(value: float) -> dict[str, Any]:
    return {"code": "USD", "symbol": "$", "value": value, "display": f"${value:.2f}"}


def _length(ms: int) -> str:
    return f"{ms // 60000}:{ms // 1000 % 60:02d}"


def _offset_datetime(day: date, rng: random.Random) -> str:
    # Beatport stamps in America/Denver: -06:00 in summer, -07:00 in winter.
    offset = "-06:00" if 4 <= day.month <= 10 else "-07:00"
    clock = f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    return f"{day.isoformat()}T{clock}{offset}"


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ref(obj: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: obj[key] for key in keys}


def _replace_param(url: str, key: str, value: str | None) -> str:
    """Set (or, with ``None``, remove) one query parameter, sorting them as DRF does."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    if value is None:
        query.pop(key, None)
    else:
        query[key] = [value]
    encoded = urlencode(sorted(query.items()), doseq=True)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, encoded, parts.fragment))


@attrs.define
class _AccessToken:
    client_id: str
    username: str
    scope: str
    issued_at: float
    expires_at: float
    refresh_token: str | None = attrs.field(default=None, repr=False)


@attrs.define
class _RefreshToken:
    client_id: str
    username: str
    scope: str
    expires_at: float
    access_token: str = attrs.field(repr=False)


@attrs.define
class _AuthorizationCode:
    client_id: str
    redirect_uri: str | None
    code_challenge: str | None = attrs.field(repr=False)
    code_challenge_method: str | None
    username: str
    scope: str
    expires_at: float


@attrs.frozen
class _Stream:
    key: bytes = attrs.field(repr=False)
    iv: bytes
    clear: tuple[bytes, ...] = attrs.field(repr=False)
    encrypted: tuple[bytes, ...] = attrs.field(repr=False)


class FakeBeatport(FakeService):
    """An in-memory Beatport v4 API, its OAuth server and its stream/download CDN.

    **Catalog.** 303 tracks: the three recorded ones (ids :data:`RECORDED_TRACK_IDS`,
    ISRC :data:`RECORDED_ISRC`, served verbatim, so ``GET /catalog/tracks/?isrc=GBDUW0000058``
    returns exactly the recorded body) and 300 generated ones, shaped key for key like
    the recorded tracks (41 keys). Beside them 76 artists (Daft Punk, 3547, included),
    21 labels (97547 included), 84 releases (default seed), 30 genres with 34 sub-genres, the 24
    keys (minor key ``n``A has id ``n``, major key ``n``B has id ``12 + n``), 2 chord
    types (1 Minor, 2 Major), 20 charts, 8 playlists, the auxiliary tables and 12
    curation pages. The same ``seed`` always gives the same data; the lists are public
    attributes that tests may edit.

    **Lists** are Django REST Framework pages ``{"results", "next", "previous",
    "count", "page", "per_page"}`` with absolute ``next``/``previous`` links (query
    parameters sorted, ``page`` dropped for page 1, as DRF does). ``per_page``
    defaults to 10 (100 on the two top-100 lists), 1..100; more is ``400
    {"per_page": ["Ensure this value is less than or equal to 100."]}``. A page past
    the end is ``404 {"detail": "Invalid page."}``. ``page`` is rendered as the
    string ``"N/M"`` (as recorded) on every ``/catalog/...`` list except
    ``/catalog/genres/``, and as an int (as the write-up documents) on
    ``/catalog/genres/``, ``/auxiliary/*``, ``/curation/*`` and
    ``/my/beatport/tracks/``; set :attr:`page_format` to force one style.
    ``/catalog/tracks/`` filters by ids (``genre_id=5,6``: any of them), by text
    (``isrc`` and ``catalog_number`` whole, ``name``, ``mix_name``, ``artist_name`` and
    ``label_name`` by containment; commas separate alternatives), by ``bpm`` and
    ``publish_date`` (a value or a ``low:high`` slice, either end open) and orders
    by ``order_by`` (every :class:`~beatkit.beatport.models.TrackOrder`, plus ``id``,
    ``bpm``, ``length_ms``...).

    **Auth.** With ``require_auth=True`` (the public host) ``/catalog/*`` needs
    ``Authorization: Bearer <token>``; with ``False`` (the internal host) it is open.
    ``/my/*``, ``/auth/o/introspect/`` and the track ``/stream/`` and ``/download/``
    endpoints always need a token; ``/auxiliary/*`` and ``/curation/*`` never do. A
    missing, unknown, revoked or expired token is ``401 {"detail": "Authentication
    credentials were not provided."}`` (what Beatport answers in every case) with a
    ``WWW-Authenticate: Bearer realm="api"`` header that adds
    ``error="invalid_token"`` and a description for a bad token. Tokens come from
    the session flow (``POST /auth/login/`` -> ``GET /auth/o/authorize/`` -> ``POST
    /auth/o/token/``), from PKCE, from the ``refresh_token`` grant (which rotates the
    refresh token and revokes the old access token) or from :meth:`issue_token`.
    Login failures are ``403 {"detail": "Incorrect authentication credentials."}``
    (missing or blank fields: DRF field errors, 400). ``/auth/o/authorize/``
    without a ``sessionid`` cookie redirects (302) to ``<base>/auth/login/?next=...``
    with no code; an unknown ``client_id`` is ``400 {"error": "invalid_request",
    "error_description": "Invalid client_id parameter value."}``. The token endpoint
    answers OAuth errors: 401 ``{"error": "invalid_client"}``, 400 ``invalid_grant``
    (bad, used or expired code or refresh token, PKCE or ``redirect_uri``
    mismatch), ``invalid_request`` (a missing parameter or ``code_verifier``) and
    ``unsupported_grant_type``, each with an ``error_description`` except
    ``invalid_client``.

    **Media.** ``/stream/`` returns a signed HLS URL on the CDN (:attr:`cdn_url`):
    a VOD media playlist with one ``#EXT-X-KEY:METHOD=AES-128`` whose segments,
    encrypted with :func:`beatkit.hls.crypto.encrypt_segment`, decrypt to
    :meth:`stream_plaintext`. ``/download/`` returns a signed file URL whose body is
    :meth:`download_bytes`. The CDN refuses requests carrying ``Authorization``
    (400, recorded in :attr:`leaked_authorization`) and URLs issued before
    :meth:`expire_stream_urls` (403). Through :meth:`transport` the CDN is its own
    host. Over a loopback server (:meth:`serve` or
    :func:`beatkit.testing.serve`) both share the port, and media URLs name the
    other loopback host (``localhost`` when the API was reached as ``127.0.0.1``,
    and the reverse), so host-scoped auth still keeps the token off the CDN.

    Beatport sends no rate-limit headers and neither does the fake. Faults
    (``fail_next`` and friends) hit the next request whichever host it is for.

    Example::

        fake = FakeBeatport()
        token = fake.issue_token()["access_token"]
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            http.get("/catalog/tracks/", params={"isrc": "GBDUW0000058"},
                     headers={"Authorization": f"Bearer {token}"})

    Args:
        base_url: Where the API pretends to live (the public or the internal host).
        cdn_url: Where stream and download URLs point (another host than the API).
        client_id: The only OAuth client id the fake knows.
        username: The one user's login name.
        password: The one user's password.
        token_lifetime: Access token lifetime in seconds (``expires_in``).
        require_auth: Whether ``/catalog/*`` needs a bearer token (``False`` models
            the internal host).
        clock: Returns the current time as epoch seconds; inject one to expire
            tokens, codes and URLs without sleeping.
        seed: Seed of the data generator.
    """

    default_base_url = _PUBLIC_BASE_URL

    def __init__(
        self,
        *,
        base_url: str = _PUBLIC_BASE_URL,
        cdn_url: str = DEFAULT_CDN_URL,
        client_id: str = DEFAULT_CLIENT_ID,
        username: str = "dj@example.com",
        password: str = "fake-password",  # noqa: S107 - the fake user's known test password
        token_lifetime: int = 36000,
        require_auth: bool = True,
        clock: Callable[[], float] = time.time,
        seed: int = DEFAULT_SEED,
    ) -> None:
        super().__init__(base_url)
        if token_lifetime < 1:
            raise ValueError("token_lifetime must be at least 1 second")
        if not client_id or not username or not password:
            raise ValueError("client_id, username and password must be non-empty")
        cdn = httpx.URL(cdn_url)
        if cdn.scheme not in ("http", "https") or not cdn.host:
            raise ValueError(f"cdn_url must be an absolute http(s) URL, not {cdn_url!r}")
        if cdn.host == httpx.URL(self.base_url).host:
            raise ValueError("cdn_url must be on another host than base_url")
        self.cdn_url: str = cdn_url.rstrip("/")
        """Where media URLs point (through :meth:`transport`)."""
        self.client_id = client_id
        """The OAuth client id the fake accepts."""
        self.username = username
        """The user's login name (``POST /auth/login/``)."""
        self.password = password
        """The user's password."""
        self.token_lifetime = token_lifetime
        """Access token lifetime in seconds; change it to affect later tokens."""
        self.refresh_token_lifetime: float = 31 * 86400
        """Refresh token lifetime in seconds (about 31 days, as Beatport's)."""
        self.code_lifetime: float = 60.0
        """Authorization code lifetime in seconds (django-oauth-toolkit's default)."""
        self.require_auth = require_auth
        """Whether ``/catalog/*`` needs a token; may be switched between requests."""
        self.clock = clock
        """The time source, in epoch seconds."""
        self.redirect_uris: set[str] | None = None
        """The redirect URIs the client may use; ``None`` accepts any absolute URI."""
        self.default_redirect_uri: str = f"{self.base_url}/auth/o/post-message/"
        """The redirect URI used when an authorization request names none."""
        self.territory_restricted: set[int] = set()
        """Track ids whose stream and download answer 403 ``Territory Restricted.``."""
        self.subscription: str | None = "bp_link_pro"
        """The user's subscription code; ``None`` makes stream and download answer 403."""
        self.available_qualities: set[str] = set(QUALITIES)
        """Download qualities served; others answer ``400 {"detail": "Requested quality...``."""
        self.page_format: Literal["mixed", "fraction", "int"] = "mixed"
        """``"mixed"`` (per endpoint, see the class docs), or force ``"N/M"`` or int pages."""
        self.scheme_less_links = False
        """Send ``next``/``previous`` without the scheme (``api.beatport.com/v4/...``), as
        the real API does."""
        self.search_shape: Literal["data", "lists"] = "data"
        """``"data"``: ``{"tracks": {"data": [search documents]}, ...}`` as the write-up shows;
        ``"lists"``: ``{"tracks": [catalog tracks], ...}`` as some public clients read it."""
        self.stream_segments: int = 5
        """How many segments a stream playlist has."""
        self.stream_segment_size: int = 4096
        """Clear bytes per segment (the last one is shorter)."""
        self.stream_explicit_iv: bool = True
        """Whether the ``#EXT-X-KEY`` tag carries ``IV=``; if not, the IV is the sequence number."""
        self.stream_url_lifetime: float | None = None
        """If set, media URLs also expire this many seconds after they were issued."""
        self.refresh_count: int = 0
        """How many ``refresh_token`` grants succeeded."""
        self.cdn_requests: list[httpx.Request] = []
        """Every request the CDN received (also in :attr:`requests`)."""
        self.leaked_authorization: list[httpx.Request] = []
        """CDN requests that carried an ``Authorization`` header (each answered 400)."""
        self.sessions: dict[str, str] = {}
        """Live ``sessionid`` cookie values -> user name."""

        self._seed = seed
        self._secret = hashlib.sha256(f"beatkit-fake-beatport:{seed}".encode()).hexdigest()
        self._token_rng = random.Random(f"{seed}:tokens")
        self._access_tokens: dict[str, _AccessToken] = {}
        self._refresh_tokens: dict[str, _RefreshToken] = {}
        self._codes: dict[str, _AuthorizationCode] = {}
        self._url_generation = 0
        self._media_uuids: dict[int, str] = {}
        self._media_tracks: dict[str, int] = {}
        self._streams: dict[tuple[int, int, int, bool], _Stream] = {}

        self.tracks: list[dict[str, Any]] = []
        """The tracks exactly as the API returns them."""
        self.artists: list[dict[str, Any]] = []
        """The artists (detail shape)."""
        self.labels: list[dict[str, Any]] = []
        """The labels (detail shape)."""
        self.releases: list[dict[str, Any]] = []
        """The releases (detail shape)."""
        self.genres: list[dict[str, Any]] = []
        """The genres (detail shape, with their ``sub_genres``)."""
        self.sub_genres: list[dict[str, Any]] = []
        """The sub-genres (detail shape)."""
        self.keys: list[dict[str, Any]] = []
        """The 24 musical keys."""
        self.chord_types: list[dict[str, Any]] = []
        """The chord types (1 Minor, 2 Major)."""
        self.charts: list[dict[str, Any]] = []
        """The charts (detail shape)."""
        self.playlists: list[dict[str, Any]] = []
        """The playlists (detail shape)."""
        self.chart_track_ids: dict[int, list[int]] = {}
        """Chart id -> its track ids, in chart order."""
        self.playlist_track_ids: dict[int, list[int]] = {}
        """Playlist id -> its track ids, in playlist order."""
        self.popularity: dict[int, int] = {}
        """Track id -> a popularity score; the top lists sort by it."""
        self.release_genre: dict[int, int] = {}
        """Release id -> its genre id (the top-10-releases lists use it)."""
        self.auxiliary: dict[str, list[dict[str, Any]]] = {}
        """Auxiliary tables by path segment (``"current-status"``, ``"item-types"``...)."""
        self.curation_pages: list[dict[str, Any]] = []
        """The curation pages."""
        self.page_module_styles: list[dict[str, Any]] = []
        """The curation page-module styles."""
        self.account: dict[str, Any] = {}
        """The user's account as ``/my/account/`` returns it."""
        self.favourite_track_ids: list[int] = []
        """The tracks of ``/my/beatport/tracks/``."""
        self.favourite_artist_ids: list[int] = []
        """The artists ``/my/beatport/`` lists."""
        self.favourite_label_ids: list[int] = []
        """The labels ``/my/beatport/`` lists."""
        self._generate(random.Random(seed))
        self._register_routes()

    def __repr__(self) -> str:
        # The password and tokens stay out of reprs, like every other secret in beatkit.
        return (
            f"FakeBeatport(base_url={self.base_url!r}, cdn_url={self.cdn_url!r}, "
            f"tracks={len(self.tracks)}, require_auth={self.require_auth})"
        )

    # -- data generation -----------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def _generate(self, rng: random.Random) -> None:
        image_ids = iter(rng.sample(range(10_000_000, 50_000_000), 2000))
        self._generate_reference_tables()
        self._generate_people(rng, image_ids)
        self._generate_releases_and_tracks(rng, image_ids)
        self._generate_collections(rng, image_ids)
        self._generate_user(rng)

    def _generate_reference_tables(self) -> None:
        for chord_id, name in ((1, "Minor"), (2, "Major")):
            self.chord_types.append(
                {
                    "id": chord_id,
                    "name": name,
                    "url": self._url(f"/catalog/chord-types/{chord_id}/"),
                }
            )
        for letter, chord in (("A", self.chord_types[0]), ("B", self.chord_types[1])):
            for number in range(1, 13):
                note = _CAMELOT[number][0 if letter == "A" else 1]
                key_id = number if letter == "A" else 12 + number
                self.keys.append(
                    {
                        "camelot_number": number,
                        "camelot_letter": letter,
                        "chord_type": dict(chord),
                        "id": key_id,
                        "is_sharp": "#" in note,
                        "is_flat": note.endswith("b") and len(note) == 2,
                        "letter": note[0],
                        "name": f"{note} {chord['name']}",
                        "url": self._url(f"/catalog/keys/{key_id}/"),
                    }
                )
        for genre_id, name, slug, _, _, subs in _GENRES:
            genre_ref = {
                "id": genre_id,
                "name": name,
                "slug": slug,
                "url": self._url(f"/catalog/genres/{genre_id}/"),
            }
            sub_refs = []
            for sub_id, sub_name in subs:
                sub_ref = {
                    "id": sub_id,
                    "name": sub_name,
                    "slug": _slug(sub_name),
                    "url": self._url(f"/catalog/sub-genres/{sub_id}/"),
                }
                sub_refs.append(sub_ref)
                self.sub_genres.append({**sub_ref, "enabled": True, "genre": dict(genre_ref)})
            self.genres.append(
                {
                    **genre_ref,
                    "enabled": True,
                    "is_included_in_hype": genre_id not in (16, 96),
                    "sub_genres": sub_refs,
                }
            )
        self.auxiliary = {
            "current-status": [
                {"id": i, "name": n, "url": self._url(f"/auxiliary/current-status/{i}/")}
                for i, n in _CURRENT_STATUS
            ],
            "sale-types": [
                {"id": i, "name": n, "url": self._url(f"/auxiliary/sale-types/{i}/")}
                for i, n in _SALE_TYPES
            ],
            "exclusive-period": [
                {
                    "id": i,
                    "days": days,
                    "description": text,
                    "url": self._url(f"/auxiliary/exclusive-period/{i}/"),
                }
                for i, days, text in _EXCLUSIVE_PERIODS
            ],
            "item-types": [{"id": i, "name": n} for i, n in enumerate(_ITEM_TYPES, 1)],
            "page-module-types": [
                {"id": i, "name": n} for i, n in enumerate(_PAGE_MODULE_TYPES, 1)
            ],
            "page-types": [{"id": i, "name": n} for i, n in enumerate(_PAGE_TYPES, 1)],
            "source-types": [{"id": i, "name": n} for i, n in enumerate(_SOURCE_TYPES, 1)],
        }
        self.page_module_styles = [
            {"id": i, "name": n, "slug": _slug(n)} for i, n in enumerate(_PAGE_MODULE_STYLES, 1)
        ]

    def _artist(self, artist_id: int, name: str, image: dict[str, Any], bio: str | None) -> None:
        self.artists.append(
            {
                "id": artist_id,
                "name": name,
                "slug": _slug(name),
                "bio": bio,
                "website": None,
                "image": image,
                "dj_association": None,
                "enabled": True,
                "url": self._url(f"/catalog/artists/{artist_id}/"),
            }
        )

    def _generate_people(self, rng: random.Random, image_ids: Iterable[int]) -> None:
        images = iter(image_ids)
        self._artist(
            _RECORDED_ARTIST_ID,
            "Daft Punk",
            _recorded_artist_ref()["image"],
            "French electronic duo formed in Paris in 1993.",
        )
        names: list[str] = list(_ALIASES)
        pairs = [(f, last) for f in _FIRST for last in _LAST]
        names += [f"{f} {last}" for f, last in rng.sample(pairs, 60)]
        ids = rng.sample(range(10_000, 1_300_000), len(names))
        for artist_id, name in zip(ids, names, strict=True):
            bio = f"{name} is a producer and DJ." if rng.random() < 0.7 else None
            image = _image(next(images), _uuid(rng), "590x404")
            self._artist(artist_id, name, image, bio)
            self.artists[-1]["website"] = (
                f"https://{_slug(name)}.example.com" if rng.random() < 0.3 else None
            )

        recorded = _recorded_label()
        self.labels.append(self._label_detail(recorded, "2006-04-03", rng))
        label_ids = rng.sample(range(1_000, 120_000), len(_LABEL_WORDS))
        for label_id, word in zip(label_ids, _LABEL_WORDS, strict=True):
            name = f"{word} {rng.choice(_LABEL_SUFFIX)}".strip()
            base = {
                "id": label_id,
                "name": name,
                "image": _image(next(images), _uuid(rng), "500x500"),
                "slug": _slug(name),
            }
            self.labels.append(self._label_detail(base, None, rng))

    def _label_detail(
        self, base: Mapping[str, Any], latest: str | None, rng: random.Random
    ) -> dict[str, Any]:
        return {
            "id": base["id"],
            "name": base["name"],
            "slug": base["slug"],
            "bio": f"{base['name']} releases electronic music." if rng.random() < 0.6 else None,
            "image": dict(base["image"]),
            "enabled": True,
            "has_exclusive_contract": rng.random() < 0.2,
            "is_available_for_streaming": True,
            "is_available_for_bundle_subscription": rng.random() < 0.8,
            "is_available_for_hype": rng.random() < 0.5,
            "latest_active_publish_date": latest,
            "url": self._url(f"/catalog/labels/{base['id']}/"),
        }

    def _artist_ref(self, artist: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": artist["id"],
            "image": dict(artist["image"]),
            "name": artist["name"],
            "slug": artist["slug"],
            "url": artist["url"],
        }

    def _generate_releases_and_tracks(self, rng: random.Random, image_ids: Iterable[int]) -> None:
        images = iter(image_ids)
        for variant in _RECORDED_VARIANTS:
            track = _recorded_track(variant)
            self.tracks.append(track)
            self.popularity[track["id"]] = 40 + len(self.tracks)
            self._release_detail(track["release"], [track], [_recorded_artist_ref()], rng)
            self.release_genre[track["release"]["id"]] = 39

        generated_artists = self.artists[1:]
        generated_labels = self.labels[1:]
        track_ids = iter(rng.sample(range(10_000_000, 23_000_000), 300))
        release_ids = rng.sample(range(3_000_000, 5_900_000), 300)
        isrc_numbers = iter(rng.sample(range(100_000), 300))
        first_day = date(2012, 1, 1).toordinal()
        last_day = date(2025, 12, 31).toordinal()
        made = 0
        # Genres are dealt like cards, so every genre gets releases and tracks.
        genre_deck = [g for _ in range(10) for g in rng.sample(_GENRES, len(_GENRES))]
        for release_id, genre_row in zip(release_ids, genre_deck, strict=False):
            if made >= 300:
                break
            count = min(300 - made, rng.choice((1, 1, 2, 3, 4, 4, 5, 6, 8)))
            genre_id, _, _, bpm_low, bpm_high, subs = genre_row
            genre = next(g for g in self.genres if g["id"] == genre_id)
            label = rng.choice(generated_labels)
            artists = rng.sample(generated_artists, rng.choice((1, 1, 1, 2)))
            published = date.fromordinal(rng.randint(first_day, last_day))
            name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
            release_ref = {
                "id": release_id,
                "name": name,
                "image": _image(next(images), _uuid(rng), "1400x1400"),
                "label": _ref(label, "id", "name", "image", "slug"),
                "slug": _slug(name),
            }
            catalog_number = (
                f"{label['slug'][:4].upper().replace('-', '')}{rng.randrange(1000):03d}"
            )
            tracks = []
            for position in range(count):
                track_name = (
                    name if position == 0 else rng.choice(_NOUNS) + " " + rng.choice(_NOUNS)
                )
                remixers = []
                mix = rng.choice(_MIXES)
                if rng.random() < 0.25:
                    remixer = rng.choice(generated_artists)
                    remixers = [self._artist_ref(remixer)]
                    mix = f"{remixer['name']} Remix"
                sub_genre = None
                if subs and rng.random() < 0.4:
                    sub_id = rng.choice(subs)[0]
                    sub = next(s for s in self.sub_genres if s["id"] == sub_id)
                    sub_genre = _ref(sub, "id", "name", "slug", "url")
                isrc = (
                    f"{rng.choice(_COUNTRIES)}"
                    f"{''.join(rng.choices('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', k=3))}"
                    f"{published.year % 100:02d}{next(isrc_numbers):05d}"
                )
                track = self._make_track(
                    rng,
                    track_id=next(track_ids),
                    name=track_name,
                    mix=mix,
                    artists=[self._artist_ref(a) for a in artists],
                    remixers=remixers,
                    genre=_ref(genre, "id", "name", "slug", "url"),
                    sub_genre=sub_genre,
                    bpm=rng.randint(bpm_low, bpm_high),
                    release=release_ref,
                    catalog_number=catalog_number,
                    published=published,
                    isrc=isrc,
                    image_id=next(images),
                )
                tracks.append(track)
                self.tracks.append(track)
                self.popularity[track["id"]] = rng.randrange(10_000)
            made += count
            self._release_detail(release_ref, tracks, [self._artist_ref(a) for a in artists], rng)
            self.release_genre[release_id] = genre_id
            if label["latest_active_publish_date"] is None or (
                label["latest_active_publish_date"] < published.isoformat()
            ):
                label["latest_active_publish_date"] = published.isoformat()

    def _make_track(
        self,
        rng: random.Random,
        *,
        track_id: int,
        name: str,
        mix: str,
        artists: list[dict[str, Any]],
        remixers: list[dict[str, Any]],
        genre: dict[str, Any],
        sub_genre: dict[str, Any] | None,
        bpm: int,
        release: dict[str, Any],
        catalog_number: str,
        published: date,
        isrc: str,
        image_id: int,
    ) -> dict[str, Any]:
        length_ms = rng.randint(150_000, 480_000)
        sample_start = rng.randint(length_ms // 4, length_ms // 2)
        key = rng.choice(self.keys)
        price = rng.choice(_PRICES)
        status_id, status_name = (
            (1, "New Release") if published.year >= 2025 else (10, "General Content")
        )
        encoded = published - timedelta(days=rng.randint(3, 60))
        return {
            "artists": artists,
            "publish_status": "published",
            "available_worldwide": rng.random() < 0.6,
            "bpm": bpm,
            "bsrc_remixer": [],
            "catalog_number": catalog_number,
            "current_status": {
                "id": status_id,
                "name": status_name,
                "url": self._url(f"/auxiliary/current-status/{status_id}/"),
            },
            "encoded_date": _offset_datetime(encoded, rng),
            "exclusive": rng.random() < 0.1,
            "free_downloads": [],
            "free_download_start_date": None,
            "free_download_end_date": None,
            "genre": genre,
            "id": track_id,
            "image": _image(image_id, _uuid(rng), "1500x250", "png"),
            "is_available_for_streaming": rng.random() < 0.95,
            "is_explicit": rng.random() < 0.05,
            "is_ugc_remix": False,
            "is_dj_edit": False,
            "isrc": isrc,
            "key": _copy(key),
            "label_track_identifier": f"{catalog_number}-{rng.randrange(100)}"
            if rng.random() < 0.2
            else None,
            "length": _length(length_ms),
            "length_ms": length_ms,
            "mix_name": mix,
            "name": name,
            "new_release_date": published.isoformat(),
            "pre_order": False,
            "pre_order_date": (published - timedelta(days=rng.randint(0, 21))).isoformat(),
            "price": _price(price),
            "publish_date": published.isoformat(),
            "release": _copy(release),
            "remixers": remixers,
            "sale_type": {
                "id": 1,
                "name": "purchase",
                "url": self._url("/auxiliary/sale-types/1/"),
            },
            "sample_url": f"{_SAMPLES}/{_uuid(rng)}.LOFI.mp3",
            "sample_start_ms": sample_start,
            "sample_end_ms": min(sample_start + 120_000, length_ms),
            "slug": _slug(name),
            "sub_genre": sub_genre,
            "url": self._url(f"/catalog/tracks/{track_id}/"),
            "is_hype": rng.random() < 0.05,
        }

    def _release_detail(
        self,
        ref: Mapping[str, Any],
        tracks: Sequence[Mapping[str, Any]],
        artists: list[dict[str, Any]],
        rng: random.Random,
    ) -> None:
        first = tracks[0]
        count = len(tracks)
        bpms = [t["bpm"] for t in tracks]
        remixers: dict[int, dict[str, Any]] = {}
        for track in tracks:
            for remixer in track["remixers"]:
                remixers.setdefault(remixer["id"], remixer)
        total = round(sum(t["price"]["value"] for t in tracks), 2)
        self.releases.append(
            {
                "id": ref["id"],
                "name": ref["name"],
                "slug": ref["slug"],
                "artists": artists,
                "remixers": list(remixers.values()),
                "label": _copy(ref["label"]),
                "catalog_number": first["catalog_number"],
                "upc": f"{rng.randrange(10**12):012d}{rng.randrange(10)}",
                "type": "Single" if count == 1 else "EP" if count <= 5 else "Album",
                "desc": f"{ref['name']} on {ref['label']['name']}.",
                "bpm_range": {"min": min(bpms), "max": max(bpms)},
                "tracks": [t["url"] for t in tracks],
                "track_count": count,
                "price": _price(total),
                "publish_date": first["publish_date"],
                "new_release_date": first["new_release_date"],
                "pre_order": False,
                "pre_order_date": first["pre_order_date"],
                "encoded_date": first["encoded_date"],
                "image": dict(ref["image"]),
                "exclusive": any(t["exclusive"] for t in tracks),
                "is_available_for_streaming": all(t["is_available_for_streaming"] for t in tracks),
                "is_hype": any(t["is_hype"] for t in tracks),
                "url": self._url(f"/catalog/releases/{ref['id']}/"),
            }
        )

    def _generate_collections(self, rng: random.Random, image_ids: Iterable[int]) -> None:
        images = iter(image_ids)
        chart_ids = sorted(rng.sample(range(700_000, 900_000), 20))
        for chart_id in chart_ids:
            curator = rng.choice(self.artists[1:])
            genres = rng.sample(self.genres, rng.choice((1, 1, 2)))
            pool = [t for t in self.tracks if t["genre"]["id"] in {g["id"] for g in genres}]
            pool = pool if len(pool) >= 10 else self.tracks
            picked = rng.sample(pool, min(len(pool), rng.randint(10, 30)))
            name = f"{curator['name']}'s {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
            published = date.fromordinal(
                rng.randint(date(2020, 1, 1).toordinal(), date(2025, 12, 31).toordinal())
            )
            self.chart_track_ids[chart_id] = [t["id"] for t in picked]
            self.charts.append(
                {
                    "id": chart_id,
                    "name": name,
                    "slug": _slug(name),
                    "description": f"Selected by {curator['name']}.",
                    "artist": self._artist_ref(curator),
                    "person": None,
                    "genres": [_ref(g, "id", "name", "slug", "url") for g in genres],
                    "image": _image(next(images), _uuid(rng), "1050x508"),
                    "enabled": True,
                    "is_approved": True,
                    "is_indexed": True,
                    "is_published": True,
                    "publish_date": published.isoformat(),
                    "add_date": _offset_datetime(published - timedelta(days=2), rng),
                    "change_date": _offset_datetime(published, rng),
                    "track_count": len(picked),
                    "price": _price(round(sum(t["price"]["value"] for t in picked), 2)),
                    "url": self._url(f"/catalog/charts/{chart_id}/"),
                }
            )
        playlist_ids = sorted(rng.sample(range(1_000_000, 6_000_000), 8))
        for playlist_id in playlist_ids:
            genres = rng.sample(self.genres, rng.choice((1, 2, 3)))
            picked = rng.sample(self.tracks, rng.randint(12, 45))
            name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} Playlist"
            created = date.fromordinal(
                rng.randint(date(2021, 1, 1).toordinal(), date(2025, 6, 30).toordinal())
            )
            self.playlist_track_ids[playlist_id] = [t["id"] for t in picked]
            self.playlists.append(
                {
                    "id": playlist_id,
                    "name": name,
                    "description": f"{name}, curated by Beatport.",
                    "genres": [_ref(g, "id", "name", "slug", "url") for g in genres],
                    "image": _image(next(images), _uuid(rng), "500x500"),
                    "is_public": True,
                    "track_count": len(picked),
                    "length_ms": sum(t["length_ms"] for t in picked),
                    "bpm_range": {
                        "min": min(t["bpm"] for t in picked),
                        "max": max(t["bpm"] for t in picked),
                    },
                    "created_date": _offset_datetime(created, rng),
                    "updated_date": _offset_datetime(created + timedelta(days=30), rng),
                    "url": self._url(f"/catalog/playlists/{playlist_id}/"),
                }
            )
        for page_id in range(1, 13):
            page_type = rng.choice(self.auxiliary["page-types"])
            name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {page_type['name']}"
            self.curation_pages.append(
                {
                    "id": page_id,
                    "name": name,
                    "slug": _slug(name),
                    "page_type": dict(page_type),
                    "enabled": rng.random() < 0.9,
                    "module_count": rng.randint(2, 9),
                }
            )

    def _generate_user(self, rng: random.Random) -> None:
        local = self.username.split("@", 1)[0]
        email = self.username if "@" in self.username else f"{self.username}@example.com"
        self.account = {
            "id": 7301524,
            "username": self.username,
            "email": email,
            "first_name": local.capitalize(),
            "last_name": "Rivera",
            "created": "2019-04-02T10:11:12-06:00",
            "modified": "2025-11-30T08:15:00-07:00",
        }
        self.favourite_track_ids = [t["id"] for t in rng.sample(self.tracks, 35)]
        self.favourite_artist_ids = [a["id"] for a in rng.sample(self.artists, 5)]
        self.favourite_label_ids = [label["id"] for label in rng.sample(self.labels, 3)]

    # -- public helpers ------------------------------------------------------------------

    def track(self, track_id: int) -> dict[str, Any]:
        """The stored track with this id (the same object the fake serves).

        Args:
            track_id: The track id.

        Returns:
            The track dict.

        Raises:
            KeyError: No such track.
        """
        for track in self.tracks:
            if track["id"] == track_id:
                return track
        raise KeyError(track_id)

    def _new_secret(self, length: int = 30) -> str:
        return "".join(self._token_rng.choices(_ALPHANUMERIC, k=length))

    def _grant(
        self, client_id: str, username: str, scope: str, expires_in: int | None = None
    ) -> dict[str, Any]:
        now = self.clock()
        lifetime = self.token_lifetime if expires_in is None else expires_in
        access = self._new_secret()
        refresh = self._new_secret()
        self._access_tokens[access] = _AccessToken(
            client_id, username, scope, now, now + lifetime, refresh
        )
        self._refresh_tokens[refresh] = _RefreshToken(
            client_id, username, scope, now + self.refresh_token_lifetime, access
        )
        return {
            "access_token": access,
            "expires_in": lifetime,
            "token_type": "Bearer",
            "scope": scope,
            "refresh_token": refresh,
        }

    def issue_token(
        self, *, expires_in: int | None = None, scope: str = DEFAULT_SCOPE
    ) -> dict[str, Any]:
        """Create a token pair for the user, as a successful token request would.

        Args:
            expires_in: The access token lifetime in seconds; defaults to
                :attr:`token_lifetime`. ``0`` gives an already expired token.
            scope: The granted scope.

        Returns:
            The token response body: ``access_token``, ``expires_in``, ``token_type``
            (``"Bearer"``), ``scope`` and ``refresh_token``.

        Raises:
            ValueError: ``expires_in`` is negative.
        """
        if expires_in is not None and expires_in < 0:
            raise ValueError("expires_in must not be negative")
        with self._lock:
            return self._grant(self.client_id, self.username, scope, expires_in)

    def revoke_refresh_tokens(self) -> None:
        """Invalidate every refresh token (later refreshes answer ``invalid_grant``).

        Access tokens stay valid until they expire.
        """
        with self._lock:
            self._refresh_tokens.clear()

    def expire_access_tokens(self) -> None:
        """Invalidate every access token now (the next API call answers 401).

        Refresh tokens stay valid, so a client can refresh and retry.
        """
        with self._lock:
            self._access_tokens.clear()

    def access_token_valid(self, token: str) -> bool:
        """Whether ``token`` is a live access token right now.

        Args:
            token: An access token.

        Returns:
            ``True`` if the fake would accept it.
        """
        with self._lock:
            grant = self._access_tokens.get(token)
            return grant is not None and self.clock() < grant.expires_at

    def expire_stream_urls(self) -> None:
        """Make every stream and download URL issued so far answer 403 on the CDN."""
        with self._lock:
            self._url_generation += 1

    def _stream(self, track_id: int) -> _Stream:
        length = self.track(track_id)["length_ms"]
        cache_key = (
            track_id,
            self.stream_segments,
            self.stream_segment_size,
            self.stream_explicit_iv,
        )
        cached = self._streams.get(cache_key)
        if cached is not None:
            return cached
        count = self.stream_segments
        size = self.stream_segment_size
        if count < 1 or size < 1:
            raise ValueError("stream_segments and stream_segment_size must be at least 1")
        rng = random.Random(f"{self._seed}:stream:{track_id}:{length}")
        # The last segment is shorter and rarely a multiple of 16, so padding is exercised.
        total = count * size - (track_id % max(1, size // 2))
        clear_bytes = rng.randbytes(max(total, count))
        clear = tuple(clear_bytes[i * size : (i + 1) * size] for i in range(count))
        clear = tuple(part for part in clear if part)
        key = rng.randbytes(16)
        iv = rng.randbytes(16)
        encrypted = tuple(
            encrypt_segment(part, key, iv if self.stream_explicit_iv else i.to_bytes(16, "big"))
            for i, part in enumerate(clear)
        )
        stream = _Stream(key, iv, clear, encrypted)
        self._streams[cache_key] = stream
        return stream

    def stream_plaintext(self, track_id: int) -> bytes:
        """The clear bytes a track's HLS stream decrypts to (all segments, in order).

        Args:
            track_id: The track id.

        Returns:
            The bytes; deterministic for a seed, track and stream settings.

        Raises:
            KeyError: No such track.
        """
        with self._lock:
            return b"".join(self._stream(track_id).clear)

    def stream_key(self, track_id: int) -> bytes:
        """The 16-byte AES-128 key of a track's stream (what the key URI serves).

        Args:
            track_id: The track id.

        Returns:
            The key.

        Raises:
            KeyError: No such track.
        """
        with self._lock:
            return self._stream(track_id).key

    def download_bytes(self, track_id: int, quality: str) -> bytes:
        """The file a track's download URL serves for ``quality``.

        Sizes are 8 KiB (medium), 16 KiB (high) and 32 KiB (lossless); medium and high
        start with an MP4 ``ftyp`` box, lossless with ``fLaC``.

        Args:
            track_id: The track id.
            quality: ``"medium"``, ``"high"`` or ``"lossless"``.

        Returns:
            The bytes; deterministic for a seed, track and quality.

        Raises:
            KeyError: No such track.
            ValueError: Unknown quality.
        """
        if quality not in QUALITIES:
            raise ValueError(f"quality must be one of {', '.join(QUALITIES)}, not {quality!r}")
        with self._lock:
            self.track(track_id)
        size = {"medium": 8192, "high": 16384, "lossless": 32768}[quality]
        header = b"fLaC" if quality == "lossless" else b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00"
        body = random.Random(f"{self._seed}:download:{track_id}:{quality}").randbytes(size)
        return header + body[len(header) :]

    # -- routing -------------------------------------------------------------------------

    def _register_routes(self) -> None:
        routes: list[tuple[str, str, Callable[..., httpx.Response], str]] = [
            ("POST", "/auth/login", self._login, "open"),
            ("GET", "/auth/o/authorize", self._authorize, "open"),
            ("POST", "/auth/o/token", self._token, "open"),
            ("GET", "/auth/o/introspect", self._introspect, "user"),
            ("GET", "/catalog/tracks", self._list_tracks, "catalog"),
            ("GET", "/catalog/tracks/top/{genre_id}", self._genre_top_100, "catalog"),
            ("GET", "/catalog/tracks/{track_id}", self._get_track, "catalog"),
            ("GET", "/catalog/tracks/{track_id}/stream", self._track_stream, "user"),
            ("GET", "/catalog/tracks/{track_id}/download", self._track_download, "user"),
            ("GET", "/catalog/artists/{artist_id}", self._get_artist, "catalog"),
            ("GET", "/catalog/artists/{artist_id}/top-10-tracks", self._artist_top, "catalog"),
            ("GET", "/catalog/artists/{artist_id}/tracks", self._artist_tracks, "catalog"),
            ("GET", "/catalog/labels/{label_id}", self._get_label, "catalog"),
            ("GET", "/catalog/labels/{label_id}/top-10-tracks", self._label_top, "catalog"),
            ("GET", "/catalog/labels/{label_id}/releases", self._label_releases, "catalog"),
            ("GET", "/catalog/releases/{release_id}", self._get_release, "catalog"),
            ("GET", "/catalog/releases/{release_id}/tracks", self._release_tracks, "catalog"),
            ("GET", "/catalog/genres", self._list_genres, "catalog"),
            ("GET", "/catalog/genres/{genre_id}", self._get_genre, "catalog"),
            ("GET", "/catalog/genres/{genre_id}/top-10-tracks", self._genre_top_tracks, "catalog"),
            ("GET", "/catalog/genres/{genre_id}/top-10-releases", self._genre_top_releases,
             "catalog"),
            ("GET", "/catalog/genres/{genre_id}/top/100", self._genre_top_100, "catalog"),
            ("GET", "/catalog/sub-genres/{sub_genre_id}", self._get_sub_genre, "catalog"),
            ("GET", "/catalog/charts", self._list_charts, "catalog"),
            ("GET", "/catalog/charts/{chart_id}", self._get_chart, "catalog"),
            ("GET", "/catalog/charts/{chart_id}/tracks", self._chart_tracks, "catalog"),
            ("GET", "/catalog/playlists/{playlist_id}", self._get_playlist, "catalog"),
            ("GET", "/catalog/playlists/{playlist_id}/tracks", self._playlist_tracks, "catalog"),
            ("GET", "/catalog/keys/{key_id}", self._get_key, "catalog"),
            ("GET", "/catalog/chord-types/{chord_type_id}", self._get_chord_type, "catalog"),
            ("GET", "/catalog/search", self._search, "catalog"),
            ("GET", "/auxiliary/current-status/{item_id}",
             self._aux_detail("current-status", "CurrentStatus"), "open"),
            ("GET", "/auxiliary/sale-types/{item_id}",
             self._aux_detail("sale-types", "SaleType"), "open"),
            ("GET", "/auxiliary/exclusive-period/{item_id}",
             self._aux_detail("exclusive-period", "ExclusivePeriod"), "open"),
            ("GET", "/auxiliary/item-types", self._aux_list("item-types"), "open"),
            ("GET", "/auxiliary/page-module-types", self._aux_list("page-module-types"), "open"),
            ("GET", "/auxiliary/page-types", self._aux_list("page-types"), "open"),
            ("GET", "/auxiliary/source-types", self._aux_list("source-types"), "open"),
            ("GET", "/curation/pages", self._curation_pages, "open"),
            ("GET", "/curation/page-module-styles", self._curation_styles, "open"),
            ("GET", "/my/account", self._my_account, "user"),
            ("GET", "/my/beatport", self._my_beatport, "user"),
            ("GET", "/my/beatport/tracks", self._my_tracks, "user"),
            ("GET", "/my/subscriptions", self._my_subscriptions, "user"),
        ]  # fmt: skip
        for method, template, handler, guard in routes:
            self.add_route(method, template, self._guarded(handler, guard))

    def _guarded(
        self, handler: Callable[..., httpx.Response], guard: str
    ) -> Callable[..., httpx.Response]:
        def run(request: httpx.Request, **params: str) -> httpx.Response:
            if guard == "user" or (guard == "catalog" and self.require_auth):
                self._authenticate(request)
            return handler(request, **params)

        return run

    # -- hooks ---------------------------------------------------------------------------

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Answer CDN requests (by host, or by their signed path on a loopback server)."""
        path = self._cdn_path(request)
        if path is None:
            return None
        return self._cdn(request, path)

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Add the ``Vary`` header the API sends (no rate-limit headers: Beatport has none)."""
        if self._cdn_path(request) is None:
            response.headers.setdefault("Vary", "origin, Authorization")
        return response

    def error_response(
        self,
        request: httpx.Request,
        status: int,
        code: str | None = None,
        message: str | None = None,
        details: Any = None,
    ) -> httpx.Response:
        """Beatport's error bodies: DRF ``{"detail": ...}``, or the gateways' own pages for 5xx."""
        if status == 500:
            return httpx.Response(
                500,
                content=b"<h1>Server Error (500)</h1>",
                headers={"Content-Type": "text/html"},
            )
        if status in (502, 503, 504):
            text = {
                502: "upstream connect error or disconnect/reset before headers. "
                "reset reason: protocol error",
                503: "upstream connect error or disconnect/reset before headers. "
                "reset reason: connection failure",
                504: "upstream request timeout",
            }[status]
            return httpx.Response(status, text=text, headers={"Content-Type": "text/plain"})
        detail = {
            401: _NOT_AUTHENTICATED,
            403: _NO_PERMISSION,
            404: "Not found.",
            405: f'Method "{request.method}" not allowed.',
            429: "Request was throttled.",
        }.get(status, httpx.codes.get_reason_phrase(status) or "Error")
        response = self.json_response({"detail": detail}, status)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def not_found(self, request: httpx.Request) -> httpx.Response:
        """Django's own HTML 404 page, as for any URL no view matches."""
        return httpx.Response(
            404, content=_DJANGO_404, headers={"Content-Type": "text/html; charset=utf-8"}
        )

    # -- request helpers -----------------------------------------------------------------

    @staticmethod
    def _host(request: httpx.Request) -> tuple[str, int]:
        """The host and port the client addressed (the Host header, as Django reads it)."""
        raw = request.headers.get("host")
        url = httpx.URL(f"{request.url.scheme}://{raw}/") if raw else request.url
        port = url.port or (443 if url.scheme == "https" else 80)
        return url.host, port

    def _absolute(self, request: httpx.Request) -> str:
        raw = request.headers.get("host") or request.url.netloc.decode("ascii")
        return f"{request.url.scheme}://{raw}{request.url.raw_path.decode('ascii')}"

    def _cdn_base(self, request: httpx.Request) -> str:
        host, port = self._host(request)
        api_host = httpx.URL(self.base_url).host
        cdn_host = httpx.URL(self.cdn_url).host
        if host != api_host and host in _LOOPBACK and cdn_host not in _LOOPBACK:
            # Served on a loopback socket: same port, the other loopback name.
            other = "127.0.0.1" if host == "localhost" else "localhost"
            return f"{request.url.scheme}://{other}:{port}"
        return self.cdn_url

    def _cdn_path(self, request: httpx.Request) -> str | None:
        cdn = httpx.URL(self.cdn_url)
        cdn_port = cdn.port or (443 if cdn.scheme == "https" else 80)
        path = request.url.path
        prefix = cdn.path.rstrip("/")
        if self._host(request) == (cdn.host, cdn_port):
            if prefix and path.startswith(prefix + "/"):
                path = path[len(prefix) :]
            return path
        if _CDN_PATH.fullmatch(path):
            return path
        return None

    def _detail(self, status: int, detail: str, headers: Mapping[str, str] | None = None) -> Abort:
        return Abort(self.json_response({"detail": detail}, status, headers))

    def _field_error(self, field: str, message: str) -> Abort:
        return Abort(self.json_response({field: [message]}, 400))

    def _oauth_error(
        self, status: int, error: str, description: str | None = None
    ) -> httpx.Response:
        body = {"error": error}
        if description:
            body["error_description"] = description
        return self.json_response(body, status, {"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _authenticate(self, request: httpx.Request) -> _AccessToken:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        unauthenticated = {"WWW-Authenticate": 'Bearer realm="api"'}
        if scheme.lower() != "bearer" or not value.strip():
            raise self._detail(401, _NOT_AUTHENTICATED, unauthenticated)
        grant = self._access_tokens.get(value.strip())
        if grant is None or self.clock() >= grant.expires_at:
            reason = (
                "The access token is invalid." if grant is None else "The access token has expired."
            )
            header = f'Bearer realm="api",error="invalid_token",error_description="{reason}"'
            raise self._detail(401, _NOT_AUTHENTICATED, {"WWW-Authenticate": header})
        return grant

    def _param(self, request: httpx.Request, name: str) -> str | None:
        value = request.url.params.get(name)
        return None if value is None else value.strip()

    def _int_list(self, request: httpx.Request, name: str) -> set[int] | None:
        raw = self._param(request, name)
        if raw is None or raw == "":
            return None
        parts = [p.strip() for p in raw.split(",")]
        if not all(_DIGITS.fullmatch(p) for p in parts):
            raise self._field_error(name, "Enter a number.")
        return {int(p) for p in parts}

    def _range(
        self, request: httpx.Request, name: str, parse: Callable[[str], Any], message: str
    ) -> tuple[Any, Any] | None:
        """An exact value or a ``low:high`` slice (either end open), as ``(low, high)``."""
        raw = self._param(request, name)
        if raw is None or raw == "":
            return None
        ends = raw.split(":") if ":" in raw else [raw, raw]
        if len(ends) != 2 or ends == ["", ""]:
            raise self._field_error(name, message)
        try:
            low, high = (parse(end.strip()) if end.strip() else None for end in ends)
        except ValueError:
            raise self._field_error(name, message) from None
        return low, high

    def _bool_param(self, request: httpx.Request, name: str) -> bool | None:
        raw = self._param(request, name)
        if raw is None or raw == "":
            return None
        lowered = raw.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise self._field_error(
            name, "Select a valid choice. That choice is not one of the available choices."
        )

    def _per_page(self, request: httpx.Request, default: int) -> int:
        raw = self._param(request, "per_page")
        if raw is None or raw == "":
            return default
        if not re.fullmatch(r"-?[0-9]+", raw):
            raise self._field_error("per_page", "A valid integer is required.")
        value = int(raw)
        if value > _MAX_PER_PAGE:
            raise self._field_error(
                "per_page", f"Ensure this value is less than or equal to {_MAX_PER_PAGE}."
            )
        if value < 1:
            raise self._field_error("per_page", "Ensure this value is greater than or equal to 1.")
        return value

    def _page_number(self, request: httpx.Request, last: int) -> int:
        raw = self._param(request, "page")
        if raw is None or raw == "":
            return 1
        if raw == "last":
            return last
        if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= last:
            raise self._detail(404, "Invalid page.")
        return int(raw)

    def _page(
        self,
        request: httpx.Request,
        items: Sequence[Any],
        *,
        style: Literal["fraction", "int"] = "fraction",
        default_per_page: int = _DEFAULT_PER_PAGE,
    ) -> httpx.Response:
        per_page = self._per_page(request, default_per_page)
        count = len(items)
        last = max(1, math.ceil(count / per_page))
        page = self._page_number(request, last)
        url = self._absolute(request)
        next_url = _replace_param(url, "page", str(page + 1)) if page < last else None
        previous_url = None
        if page > 1:
            previous_url = _replace_param(url, "page", None if page == 2 else str(page - 1))
        if self.scheme_less_links:
            next_url, previous_url = (
                link and link.split("://", 1)[1] for link in (next_url, previous_url)
            )
        fraction = (
            style == "fraction" if self.page_format == "mixed" else (self.page_format == "fraction")
        )
        return self.json_response(
            {
                "results": list(items[(page - 1) * per_page : page * per_page]),
                "next": next_url,
                "previous": previous_url,
                "count": count,
                "page": f"{page}/{last}" if fraction else page,
                "per_page": per_page,
            }
        )

    @staticmethod
    def _id(value: str) -> int:
        if not _DIGITS.fullmatch(value):
            raise Abort(FakeService.json_response({"detail": "Not found."}, 404))
        return int(value)

    def _find(self, items: Iterable[dict[str, Any]], value: str, model: str) -> dict[str, Any]:
        number = self._id(value)
        for item in items:
            if item["id"] == number:
                return item
        raise self._detail(404, f"No {model} matches the given query.")

    def _tracks_by_ids(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        by_id = {t["id"]: t for t in self.tracks}
        return [by_id[i] for i in ids if i in by_id]

    _ORDER_FIELDS: Mapping[str, Callable[[dict[str, Any]], Any]] = {
        **{
            name: operator.itemgetter(name)
            for name in (
                "id",
                "name",
                "mix_name",
                "publish_date",
                "new_release_date",
                "bpm",
                "length_ms",
            )
        },
        "release_date": lambda t: t["new_release_date"],
        "release_id": lambda t: t["release"]["id"],
        "genre": lambda t: t["genre"]["name"],
        "label": lambda t: t["release"]["label"]["name"],
    }

    def _ordered(
        self, request: httpx.Request, tracks: Sequence[dict[str, Any]], default: str | None
    ) -> list[dict[str, Any]]:
        raw = self._param(request, "order_by") or default
        result = list(tracks)
        if not raw:
            return result
        fields = [f.strip() for f in raw.split(",") if f.strip()]
        # DRF's OrderingFilter ignores fields it does not allow, and so does the fake.
        valid = [f for f in fields if f.lstrip("-") in self._ORDER_FIELDS]
        for field in reversed(valid):
            value_of = self._ORDER_FIELDS[field.lstrip("-")]

            def sort_key(
                track: dict[str, Any], value_of: Callable[[dict[str, Any]], Any] = value_of
            ) -> Any:
                value = value_of(track)
                return value.casefold() if isinstance(value, str) else value

            result.sort(key=sort_key, reverse=field.startswith("-"))
        return result

    def _top(self, tracks: Iterable[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
        ranked = sorted(tracks, key=lambda t: (-self.popularity.get(t["id"], 0), t["id"]))
        return ranked[:limit]

    # -- auth routes ---------------------------------------------------------------------

    def _login(self, request: httpx.Request) -> httpx.Response:
        content_type = request.headers.get("content-type", "")
        data: Any
        if content_type.startswith("application/x-www-form-urlencoded"):
            data = {
                k: v[-1]
                for k, v in parse_qs(request.content.decode(), keep_blank_values=True).items()
            }
        elif not request.content:
            data = {}
        else:
            try:
                data = json.loads(request.content)
            except (ValueError, UnicodeDecodeError) as exc:
                raise self._detail(400, f"JSON parse error - {exc}") from None
        if not isinstance(data, dict):
            got = type(data).__name__
            raise self._detail(400, f"Invalid data. Expected a dictionary, but got {got}.")
        errors: dict[str, list[str]] = {}
        for field in ("username", "password"):
            value = data.get(field)
            if value is None:
                errors[field] = ["This field is required."]
            elif not isinstance(value, str):
                errors[field] = ["Not a valid string."]
            elif not value.strip():
                errors[field] = ["This field may not be blank."]
        if errors:
            return self.json_response(errors, 400)
        if data["username"] != self.username or data["password"] != self.password:
            return self.json_response({"detail": _BAD_CREDENTIALS}, 403)
        session = self._new_secret(32).lower()
        self.sessions[session] = self.username
        cookie = f"sessionid={session}; HttpOnly; Max-Age={_SESSION_AGE}; Path=/; SameSite=Lax"
        if request.url.scheme == "https":
            cookie += "; Secure"
        return self.json_response(dict(self.account), 200, {"Set-Cookie": cookie})

    def _session_user(self, request: httpx.Request) -> str | None:
        raw = request.headers.get("cookie")
        if not raw:
            return None
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(raw)
        except CookieError:
            return None
        morsel = cookies.get("sessionid")
        return None if morsel is None else self.sessions.get(morsel.value)

    def _authorize(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        client_id = params.get("client_id")
        if client_id != self.client_id:
            description = (
                "Missing client_id parameter."
                if not client_id
                else "Invalid client_id parameter value."
            )
            return self._oauth_error(400, "invalid_request", description)
        given_redirect = params.get("redirect_uri")
        redirect_uri = given_redirect or self.default_redirect_uri
        if given_redirect is not None and (
            not urlsplit(given_redirect).scheme
            or (self.redirect_uris is not None and given_redirect not in self.redirect_uris)
        ):
            return self._oauth_error(400, "invalid_request", "Mismatching redirect URI.")
        user = self._session_user(request)
        if user is None:
            # Not logged in: Django's login_required bounces to the login page, no code.
            origin = f"{request.url.scheme}://{request.headers.get('host', request.url.host)}"
            target = quote(request.url.raw_path.decode("ascii"), safe="")
            login = f"{origin}{self.base_path}/auth/login/?next={target}"
            return httpx.Response(302, headers={"Location": login})
        state = params.get("state")

        def redirect(**query: str) -> httpx.Response:
            if state is not None:
                query["state"] = state
            separator = "&" if urlsplit(redirect_uri).query else "?"
            return httpx.Response(
                302, headers={"Location": f"{redirect_uri}{separator}{urlencode(query)}"}
            )

        if params.get("response_type") != "code":
            return redirect(error="unsupported_response_type")
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method")
        if challenge is not None:
            method = method or "plain"
            if method not in ("S256", "plain"):
                return redirect(
                    error="invalid_request", error_description="Transform algorithm not supported."
                )
            if not re.fullmatch(r"[A-Za-z0-9\-._~]{43,128}", challenge):
                return redirect(
                    error="invalid_request", error_description="Code challenge is not valid."
                )
        elif method is not None:
            return redirect(error="invalid_request", error_description="Code challenge required.")
        code = self._new_secret()
        self._codes[code] = _AuthorizationCode(
            client_id=client_id,
            redirect_uri=given_redirect,
            code_challenge=challenge,
            code_challenge_method=method if challenge is not None else None,
            username=user,
            scope=params.get("scope") or DEFAULT_SCOPE,
            expires_at=self.clock() + self.code_lifetime,
        )
        return redirect(code=code)

    def _client_id(self, request: httpx.Request, form: Mapping[str, str]) -> str | None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return None
            basic_id = decoded.partition(":")[0]
            if form.get("client_id") not in (None, basic_id):
                return None
            return basic_id
        return form.get("client_id")

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = {
            k: v[-1]
            for k, v in parse_qs(
                request.content.decode("utf-8", "replace"), keep_blank_values=True
            ).items()
        }
        if self._client_id(request, form) != self.client_id:
            return self._oauth_error(401, "invalid_client")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(form)
        if grant_type == "refresh_token":
            return self._refresh(form)
        return self._oauth_error(400, "unsupported_grant_type")

    def _exchange_code(self, form: Mapping[str, str]) -> httpx.Response:
        code_value = form.get("code")
        if not code_value:
            return self._oauth_error(400, "invalid_request", "Missing code parameter.")
        code = self._codes.get(code_value)
        if code is None or self.clock() >= code.expires_at:
            self._codes.pop(code_value, None)
            return self._oauth_error(400, "invalid_grant", "Invalid or expired authorization code.")
        if code.client_id != form.get("client_id", code.client_id):
            return self._oauth_error(400, "invalid_grant", "Code was issued to another client.")
        if code.redirect_uri is not None and form.get("redirect_uri") != code.redirect_uri:
            return self._oauth_error(400, "invalid_grant", "Mismatching redirect URI.")
        if code.code_challenge is not None:
            verifier = form.get("code_verifier")
            if not verifier:
                return self._oauth_error(400, "invalid_request", "Code verifier required.")
            if code.code_challenge_method == "S256":
                digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
                computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            else:
                computed = verifier
            if computed != code.code_challenge:
                return self._oauth_error(400, "invalid_grant", "PKCE verification failed.")
        del self._codes[code_value]
        body = self._grant(code.client_id, code.username, code.scope)
        return self.json_response(body, 200, {"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _refresh(self, form: Mapping[str, str]) -> httpx.Response:
        value = form.get("refresh_token")
        if not value:
            return self._oauth_error(400, "invalid_request", "Missing refresh token parameter.")
        grant = self._refresh_tokens.get(value)
        if grant is None or self.clock() >= grant.expires_at:
            return self._oauth_error(400, "invalid_grant", "Invalid refresh token.")
        if grant.client_id != form.get("client_id", grant.client_id):
            return self._oauth_error(
                400, "invalid_grant", "Refresh token was issued to another client."
            )
        # Rotation, as django-oauth-toolkit does it: the old pair is revoked.
        del self._refresh_tokens[value]
        self._access_tokens.pop(grant.access_token, None)
        self.refresh_count += 1
        body = self._grant(grant.client_id, grant.username, grant.scope)
        return self.json_response(body, 200, {"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _introspect(self, request: httpx.Request) -> httpx.Response:
        bearer = request.headers.get("authorization", "").partition(" ")[2].strip()
        token = request.url.params.get("token") or bearer
        grant = self._access_tokens.get(token)
        if grant is None or self.clock() >= grant.expires_at:
            return self.json_response({"active": False})
        return self.json_response(
            {
                "active": True,
                "scope": grant.scope,
                "exp": int(grant.expires_at),
                "client_id": grant.client_id,
                "username": grant.username,
                "user_id": self.account["id"],
                "email": self.account["email"],
                "first_name": self.account["first_name"],
                "last_name": self.account["last_name"],
                "subscription": self.subscription,
            }
        )

    # -- catalog routes ------------------------------------------------------------------

    def _list_tracks(self, request: httpx.Request) -> httpx.Response:
        tracks: Iterable[dict[str, Any]] = self.tracks
        # Text filters: a comma separates alternatives, any of which matches; ISRCs and
        # catalog numbers match whole, the others by case-insensitive containment.
        texts: list[tuple[str, bool, Callable[[dict[str, Any]], list[str]]]] = [
            ("isrc", True, lambda t: [t["isrc"] or ""]),
            ("catalog_number", True, lambda t: [t["catalog_number"] or ""]),
            ("name", False, lambda t: [t["name"]]),
            ("mix_name", False, lambda t: [t["mix_name"]]),
            ("artist_name", False, lambda t: [a["name"] for a in t["artists"] + t["remixers"]]),
            ("label_name", False, lambda t: [t["release"]["label"]["name"]]),
        ]
        for name, whole, texts_of in texts:
            raw = self._param(request, name)
            if not raw:
                continue
            needles = [n.strip().casefold() for n in raw.split(",") if n.strip()]
            tracks = [
                t
                for t in tracks
                if any(
                    (n == v.casefold()) if whole else (n in v.casefold())
                    for n in needles
                    for v in texts_of(t)
                )
            ]
        bpm = self._range(request, "bpm", _int_value, "Enter a number.")
        if bpm is not None:
            tracks = [t for t in tracks if _in_range(t["bpm"], bpm)]
        published = self._range(request, "publish_date", _date_value, "Enter a valid date.")
        if published is not None:
            tracks = [t for t in tracks if _in_range(t["publish_date"], published)]
        filters: list[tuple[str, Callable[[dict[str, Any]], set[int]]]] = [
            ("id", lambda t: {t["id"]}),
            ("genre_id", lambda t: {t["genre"]["id"]}),
            ("sub_genre_id", lambda t: {t["sub_genre"]["id"]} if t["sub_genre"] else set()),
            ("label_id", lambda t: {t["release"]["label"]["id"]}),
            ("release_id", lambda t: {t["release"]["id"]}),
            ("key_id", lambda t: {t["key"]["id"]}),
            ("artist_id", lambda t: {a["id"] for a in t["artists"] + t["remixers"]}),
        ]
        for name, values_of in filters:
            wanted = self._int_list(request, name)
            if wanted is not None:
                tracks = [t for t in tracks if values_of(t) & wanted]
        streamable = self._bool_param(request, "is_available_for_streaming")
        if streamable is not None:
            tracks = [t for t in tracks if t["is_available_for_streaming"] is streamable]
        ordered = self._ordered(request, sorted(tracks, key=lambda t: -t["id"]), None)
        return self._page(request, ordered)

    def _get_track(self, request: httpx.Request, track_id: str) -> httpx.Response:
        return self.json_response(self._find(self.tracks, track_id, "Track"))

    def _media_url(
        self, request: httpx.Request, track: Mapping[str, Any], kind: str, suffix: str
    ) -> str:
        track_id = track["id"]
        media_uuid = self._media_uuids.get(track_id)
        if media_uuid is None:
            digest = hashlib.sha256(f"{self._seed}:media:{track_id}".encode()).digest()
            media_uuid = str(uuid.UUID(bytes=digest[:16], version=4))
            self._media_uuids[track_id] = media_uuid
            self._media_tracks[media_uuid] = track_id
        issued = int(self.clock())
        signature = self._sign(issued, track_id, kind, self._url_generation)
        folder = f"{media_uuid[:2]}/{media_uuid[2:4]}"
        return (
            f"{self._cdn_base(request)}/{issued}_{signature}/{folder}/{media_uuid}{suffix}"
            f"?start=0&end={track['length_ms']}"
        )

    def _sign(self, issued: int, track_id: int, kind: str, generation: int) -> str:
        text = f"{self._secret}:{generation}:{issued}:{track_id}:{kind}"
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    def _media_check(self, track: Mapping[str, Any]) -> None:
        if track["id"] in self.territory_restricted:
            raise self._detail(403, _TERRITORY)
        if self.subscription is None:
            raise self._detail(403, _NO_PERMISSION)

    def _track_stream(self, request: httpx.Request, track_id: str) -> httpx.Response:
        track = self._find(self.tracks, track_id, "Track")
        self._media_check(track)
        return self.json_response(
            {
                "stream_url": self._media_url(request, track, "stream", ".128k.aac.m3u8"),
                "sample_start_ms": 0,
                "sample_end_ms": track["length_ms"],
            }
        )

    def _track_download(self, request: httpx.Request, track_id: str) -> httpx.Response:
        track = self._find(self.tracks, track_id, "Track")
        self._media_check(track)
        quality = self._param(request, "quality")
        if not quality:
            raise self._field_error("quality", "This field is required.")
        if quality not in QUALITIES:
            raise self._field_error("quality", f'"{quality}" is not a valid choice.')
        if quality not in self.available_qualities:
            raise self._detail(400, _QUALITY_UNAVAILABLE)
        suffix = QUALITIES[quality][0]
        return self.json_response(
            {"location": self._media_url(request, track, quality, suffix), "stream_quality": suffix}
        )

    def _get_artist(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        return self.json_response(self._find(self.artists, artist_id, "Artist"))

    def _artist_track_list(self, artist_id: str) -> list[dict[str, Any]]:
        number = self._find(self.artists, artist_id, "Artist")["id"]
        return [
            t for t in self.tracks if any(a["id"] == number for a in t["artists"] + t["remixers"])
        ]

    def _artist_top(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        return self._page(request, self._top(self._artist_track_list(artist_id), 10))

    def _artist_tracks(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        tracks = sorted(self._artist_track_list(artist_id), key=lambda t: -t["id"])
        return self._page(request, self._ordered(request, tracks, "-publish_date"))

    def _get_label(self, request: httpx.Request, label_id: str) -> httpx.Response:
        return self.json_response(self._find(self.labels, label_id, "Label"))

    def _label_top(self, request: httpx.Request, label_id: str) -> httpx.Response:
        number = self._find(self.labels, label_id, "Label")["id"]
        tracks = [t for t in self.tracks if t["release"]["label"]["id"] == number]
        return self._page(request, self._top(tracks, 10))

    def _label_releases(self, request: httpx.Request, label_id: str) -> httpx.Response:
        number = self._find(self.labels, label_id, "Label")["id"]
        releases = [r for r in self.releases if r["label"]["id"] == number]
        releases.sort(key=lambda r: (r["publish_date"], r["id"]), reverse=True)
        return self._page(request, releases)

    def _get_release(self, request: httpx.Request, release_id: str) -> httpx.Response:
        return self.json_response(self._find(self.releases, release_id, "Release"))

    def _release_tracks(self, request: httpx.Request, release_id: str) -> httpx.Response:
        number = self._find(self.releases, release_id, "Release")["id"]
        tracks = [t for t in self.tracks if t["release"]["id"] == number]
        return self._page(request, self._ordered(request, tracks, None))

    def _list_genres(self, request: httpx.Request) -> httpx.Response:
        return self._page(request, self.genres, style="int")

    def _get_genre(self, request: httpx.Request, genre_id: str) -> httpx.Response:
        return self.json_response(self._find(self.genres, genre_id, "Genre"))

    def _genre_tracks(self, genre_id: str) -> list[dict[str, Any]]:
        number = self._find(self.genres, genre_id, "Genre")["id"]
        return [t for t in self.tracks if t["genre"]["id"] == number]

    def _genre_top_tracks(self, request: httpx.Request, genre_id: str) -> httpx.Response:
        return self._page(request, self._top(self._genre_tracks(genre_id), 10))

    def _genre_top_100(self, request: httpx.Request, genre_id: str) -> httpx.Response:
        return self._page(
            request, self._top(self._genre_tracks(genre_id), 100), default_per_page=100
        )

    def _genre_top_releases(self, request: httpx.Request, genre_id: str) -> httpx.Response:
        number = self._find(self.genres, genre_id, "Genre")["id"]
        score: dict[int, int] = {}
        for track in self.tracks:
            release_id = track["release"]["id"]
            if self.release_genre.get(release_id) == number:
                score[release_id] = score.get(release_id, 0) + self.popularity.get(track["id"], 0)
        releases = [r for r in self.releases if r["id"] in score]
        releases.sort(key=lambda r: (-score[r["id"]], r["id"]))
        return self._page(request, releases[:10])

    def _get_sub_genre(self, request: httpx.Request, sub_genre_id: str) -> httpx.Response:
        return self.json_response(self._find(self.sub_genres, sub_genre_id, "SubGenre"))

    def _list_charts(self, request: httpx.Request) -> httpx.Response:
        charts: list[dict[str, Any]] = list(self.charts)
        genre_ids = self._int_list(request, "genre_id")
        if genre_ids is not None:
            charts = [c for c in charts if {g["id"] for g in c["genres"]} & genre_ids]
        name = self._param(request, "name")
        if name:
            charts = [c for c in charts if name.casefold() in c["name"].casefold()]
        charts.sort(key=lambda c: (c["publish_date"], c["id"]), reverse=True)
        return self._page(request, charts)

    def _get_chart(self, request: httpx.Request, chart_id: str) -> httpx.Response:
        return self.json_response(self._find(self.charts, chart_id, "Chart"))

    def _chart_tracks(self, request: httpx.Request, chart_id: str) -> httpx.Response:
        number = self._find(self.charts, chart_id, "Chart")["id"]
        tracks = self._tracks_by_ids(self.chart_track_ids.get(number, []))
        return self._page(request, tracks)

    def _get_playlist(self, request: httpx.Request, playlist_id: str) -> httpx.Response:
        return self.json_response(self._find(self.playlists, playlist_id, "Playlist"))

    def _playlist_tracks(self, request: httpx.Request, playlist_id: str) -> httpx.Response:
        number = self._find(self.playlists, playlist_id, "Playlist")["id"]
        tracks = self._tracks_by_ids(self.playlist_track_ids.get(number, []))
        # Playlist entries wrap the track with the entry's own id and position.
        items = [
            {"id": number * 1000 + position, "position": position, "track": track}
            for position, track in enumerate(tracks, start=1)
        ]
        return self._page(request, items)

    def _get_key(self, request: httpx.Request, key_id: str) -> httpx.Response:
        return self.json_response(self._find(self.keys, key_id, "Key"))

    def _get_chord_type(self, request: httpx.Request, chord_type_id: str) -> httpx.Response:
        return self.json_response(self._find(self.chord_types, chord_type_id, "ChordType"))

    # -- search --------------------------------------------------------------------------

    @staticmethod
    def _score(needle: str, *texts: str) -> float | None:
        best: float | None = None
        for text in texts:
            folded = text.casefold()
            if needle == folded:
                score = 100.0
            elif needle in folded:
                score = round(40.0 + 50.0 * len(needle) / len(folded), 4)
            else:
                continue
            best = score if best is None else max(best, score)
        return best

    def _matches(
        self, needle: str, kind: str, streamable: bool | None
    ) -> list[tuple[float, dict[str, Any]]]:
        found: list[tuple[float, dict[str, Any]]] = []
        if kind == "tracks":
            for track in self.tracks:
                if streamable is not None and track["is_available_for_streaming"] is not streamable:
                    continue
                names = [a["name"] for a in track["artists"] + track["remixers"]]
                score = self._score(needle, track["name"], track["mix_name"], *names)
                if score is not None:
                    found.append((score, track))
        else:
            items = {
                "artists": self.artists,
                "labels": self.labels,
                "releases": self.releases,
                "charts": self.charts,
            }[kind]
            for item in items:
                score = self._score(needle, item["name"])
                if score is not None:
                    found.append((score, item))
        found.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
        return found

    @staticmethod
    def _genre_docs(genres: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{"genre_id": g["id"], "genre_name": g["name"]} for g in genres]

    def _search_document(self, kind: str, score: float, item: Mapping[str, Any]) -> dict[str, Any]:
        if kind == "tracks":
            people = [(a, "Artist") for a in item["artists"]]
            people += [(a, "Remixer") for a in item["remixers"]]
            sub = item["sub_genre"]
            return {
                "score": score,
                "track_id": item["id"],
                "track_name": item["name"],
                "mix_name": item["mix_name"],
                "artists": [
                    {"artist_id": a["id"], "artist_name": a["name"], "artist_type_name": role}
                    for a, role in people
                ],
                "genre": self._genre_docs([item["genre"]]),
                "sub_genre": None
                if sub is None
                else {"sub_genre_id": sub["id"], "sub_genre_name": sub["name"]},
                "label": {
                    "label_id": item["release"]["label"]["id"],
                    "label_name": item["release"]["label"]["name"],
                },
                "release": {
                    "release_id": item["release"]["id"],
                    "release_name": item["release"]["name"],
                    "release_image_uri": item["release"]["image"]["uri"],
                    "release_image_dynamic_uri": item["release"]["image"]["dynamic_uri"],
                },
                "bpm": item["bpm"],
                "key_name": item["key"]["name"],
                "isrc": item["isrc"],
                "length": item["length_ms"],
                "publish_date": item["publish_date"],
                "catalog_number": item["catalog_number"],
                "track_image_uri": item["image"]["uri"],
                "track_image_dynamic_uri": item["image"]["dynamic_uri"],
                "sample_url": item["sample_url"],
                "is_available_for_streaming": item["is_available_for_streaming"],
            }
        if kind == "artists":
            genres = {
                t["genre"]["id"]: t["genre"]
                for t in self.tracks
                if any(a["id"] == item["id"] for a in t["artists"])
            }
            return {
                "score": score,
                "artist_id": item["id"],
                "artist_name": item["name"],
                "genre": self._genre_docs(genres.values()),
                "artist_image_uri": item["image"]["uri"],
                "artist_image_dynamic_uri": item["image"]["dynamic_uri"],
            }
        if kind == "labels":
            return {
                "score": score,
                "label_id": item["id"],
                "label_name": item["name"],
                "label_image_uri": item["image"]["uri"],
                "label_image_dynamic_uri": item["image"]["dynamic_uri"],
            }
        if kind == "releases":
            genre_id = self.release_genre.get(item["id"])
            release_genres = [g for g in self.genres if g["id"] == genre_id]
            return {
                "score": score,
                "release_id": item["id"],
                "release_name": item["name"],
                "release_image_uri": item["image"]["uri"],
                "release_image_dynamic_uri": item["image"]["dynamic_uri"],
                "artists": [
                    {"artist_id": a["id"], "artist_name": a["name"], "artist_type_name": "Artist"}
                    for a in item["artists"]
                ],
                "label": {"label_id": item["label"]["id"], "label_name": item["label"]["name"]},
                "genre": self._genre_docs(release_genres),
                "catalog_number": item["catalog_number"],
                "upc": item["upc"],
                "publish_date": item["publish_date"],
                "track_count": item["track_count"],
            }
        artist = item["artist"]
        return {
            "score": score,
            "chart_id": item["id"],
            "chart_name": item["name"],
            "chart_image_uri": item["image"]["uri"],
            "chart_image_dynamic_uri": item["image"]["dynamic_uri"],
            "artist_id": None if artist is None else artist["id"],
            "artist_name": None if artist is None else artist["name"],
            "genres": self._genre_docs(item["genres"]),
            "publish_date": item["publish_date"],
            "track_count": item["track_count"],
        }

    def _search(self, request: httpx.Request) -> httpx.Response:
        query = self._param(request, "q")
        if not query:
            raise self._field_error("q", "This field is required.")
        kind = self._param(request, "type")
        if kind is not None and kind not in _SEARCH_TYPES:
            raise self._field_error("type", f'"{kind}" is not a valid choice.')
        per_page = self._per_page(request, _DEFAULT_PER_PAGE)
        raw_page = self._param(request, "page") or "1"
        if not _DIGITS.fullmatch(raw_page) or int(raw_page) < 1:
            raise self._detail(404, "Invalid page.")
        page = int(raw_page)
        streamable = self._bool_param(request, "is_available_for_streaming")
        needle = query.casefold()
        body: dict[str, Any] = {}
        for name in _SEARCH_TYPES if kind is None else (kind,):
            window = self._matches(needle, name, streamable)[
                (page - 1) * per_page : page * per_page
            ]
            if self.search_shape == "lists":
                body[name] = [item for _, item in window]
            else:
                body[name] = {"data": [self._search_document(name, s, i) for s, i in window]}
        return self.json_response(body)

    # -- auxiliary and curation ----------------------------------------------------------

    def _aux_detail(self, table: str, model: str) -> Callable[..., httpx.Response]:
        def handler(request: httpx.Request, item_id: str) -> httpx.Response:
            return self.json_response(self._find(self.auxiliary[table], item_id, model))

        return handler

    def _aux_list(self, table: str) -> Callable[..., httpx.Response]:
        def handler(request: httpx.Request) -> httpx.Response:
            return self._page(request, self.auxiliary[table], style="int")

        return handler

    def _curation_pages(self, request: httpx.Request) -> httpx.Response:
        return self._page(request, self.curation_pages, style="int")

    def _curation_styles(self, request: httpx.Request) -> httpx.Response:
        return self._page(request, self.page_module_styles, style="int")

    # -- the user's own data -------------------------------------------------------------

    def _my_account(self, request: httpx.Request) -> httpx.Response:
        return self.json_response(self.account)

    def _my_beatport(self, request: httpx.Request) -> httpx.Response:
        artists = [a for a in self.artists if a["id"] in self.favourite_artist_ids]
        labels = [label for label in self.labels if label["id"] in self.favourite_label_ids]
        return self.json_response(
            {
                "id": self.account["id"],
                "username": self.account["username"],
                "artists": [self._artist_ref(a) for a in artists],
                "labels": [_ref(label, "id", "name", "image", "slug") for label in labels],
                "tracks_count": len(self.favourite_track_ids),
                "tracks_url": self._url("/my/beatport/tracks/"),
            }
        )

    def _my_tracks(self, request: httpx.Request) -> httpx.Response:
        tracks = self._tracks_by_ids(self.favourite_track_ids)
        return self._page(request, tracks, style="int")

    def _my_subscriptions(self, request: httpx.Request) -> httpx.Response:
        if self.subscription is None:
            return self.json_response([])
        return self.json_response(
            [
                {
                    "id": 1,
                    "subscription": self.subscription,
                    "name": _SUBSCRIPTION_NAMES.get(self.subscription, self.subscription),
                    "status": "active",
                    "is_trial": False,
                    "start_date": "2025-01-15",
                    "renewal_date": "2026-02-15",
                }
            ]
        )

    # -- the CDN -------------------------------------------------------------------------

    def _cdn(self, request: httpx.Request, path: str) -> httpx.Response:
        self.cdn_requests.append(request)
        if "authorization" in request.headers:
            self.leaked_authorization.append(request)
            return httpx.Response(
                400, content=_CDN_400_AUTH, headers={"Content-Type": "application/xml"}
            )
        match = _CDN_PATH.fullmatch(path)
        track_id = None if match is None else self._media_tracks.get(match["uuid"])
        if request.method != "GET" or match is None or track_id is None:
            return httpx.Response(
                404, content=_CDN_404, headers={"Content-Type": "application/xml"}
            )
        suffix = match["suffix"]
        segment = _SEGMENT_SUFFIX.fullmatch(suffix)
        kind = next((q for q, (ext, _) in QUALITIES.items() if suffix == ext), "stream")
        if (
            kind == "stream"
            and segment is None
            and suffix not in (".128k.aac.m3u8", ".128k.aac.key")
        ):
            return httpx.Response(
                404, content=_CDN_404, headers={"Content-Type": "application/xml"}
            )
        issued = int(match["issued"])
        expected = self._sign(issued, track_id, kind, self._url_generation)
        expired = self.stream_url_lifetime is not None and (
            self.clock() > issued + self.stream_url_lifetime
        )
        if match["sig"] != expected or expired:
            return httpx.Response(
                403, content=_CDN_403, headers={"Content-Type": "application/xml"}
            )
        if kind != "stream":
            return httpx.Response(
                200,
                content=self.download_bytes(track_id, kind),
                headers={"Content-Type": QUALITIES[kind][1]},
            )
        stream = self._stream(track_id)
        if suffix == ".128k.aac.key":
            return httpx.Response(
                200, content=stream.key, headers={"Content-Type": "application/octet-stream"}
            )
        if segment is not None:
            number = int(segment["number"])
            if not 1 <= number <= len(stream.encrypted):
                return httpx.Response(
                    404, content=_CDN_404, headers={"Content-Type": "application/xml"}
                )
            return httpx.Response(
                200, content=stream.encrypted[number - 1], headers={"Content-Type": "audio/aac"}
            )
        return httpx.Response(
            200,
            text=self._playlist(track_id, match["uuid"], stream),
            headers={"Content-Type": "application/vnd.apple.mpegurl"},
        )

    def _playlist(self, track_id: int, media_uuid: str, stream: _Stream) -> str:
        length_ms = self.track(track_id)["length_ms"]
        query = f"?start=0&end={length_ms}"
        name = f"{media_uuid}.128k.aac"
        duration = length_ms / 1000 / len(stream.encrypted)
        key = f'#EXT-X-KEY:METHOD=AES-128,URI="{name}.key{query}"'
        if self.stream_explicit_iv:
            key += f",IV=0x{stream.iv.hex()}"
        lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-PLAYLIST-TYPE:VOD",
            "#EXT-X-MEDIA-SEQUENCE:0",
            f"#EXT-X-TARGETDURATION:{math.ceil(duration)}",
            key,
        ]
        for number in range(1, len(stream.encrypted) + 1):
            lines += [f"#EXTINF:{duration:.6f},", f"{name}-{number}.aac{query}"]
        lines.append("#EXT-X-ENDLIST")
        return "\n".join(lines) + "\n"
