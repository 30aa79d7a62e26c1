"""Seeded catalogue, audio, waveform and PDF generators behind :class:`FakeBeatPass`.

The name tables, the fixed seed rows (the users, playlists, purchases... tests lean on)
and the API's fixed texts are ``data/tables.json``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import pickle
import random
import struct
import wave
from datetime import UTC, datetime, timedelta
from typing import Any

from beatkit.testing._wire import load_data, random_uuid, timestamp

__all__ = [
    "ADMIN_PERMISSION",
    "SITE",
    "TABLES",
    "Catalog",
    "build_catalog",
    "iso",
    "pdf_bytes",
    "waveform_peaks",
    "wav_bytes",
]

ADMIN_PERMISSION = "backstageRequests.handle"
"""The permission the backstage revoke endpoint requires."""

SITE = "https://open.beatpass.ca"
"""Where the site's media (images, audio, licenses) live."""

TABLES: dict[str, Any] = load_data("beatkit.testing.beatpass", "tables.json")
"""The name tables, fixed seed rows and texts (read-only; shared by every fake)."""

_KEYS = tuple(f"{n} {m}" for n in ("C", "D", "E", "F", "G", "A", "B") for m in ("major", "minor"))
_START = datetime(2023, 1, 1, tzinfo=UTC)


def iso(moment: float | datetime) -> str:
    """A Laravel timestamp, e.g. ``2024-03-01T12:00:00.000000Z``."""
    return timestamp(moment, ".000000Z")


class Catalog:
    """Every seeded record, as mutable dicts keyed by id (internal fields included)."""

    def __init__(self) -> None:
        self.users: dict[int, dict[str, Any]] = {}
        self.genres: dict[int, dict[str, Any]] = {}
        self.tags: dict[int, dict[str, Any]] = {}
        self.artists: dict[int, dict[str, Any]] = {}
        self.albums: dict[int, dict[str, Any]] = {}
        self.tracks: dict[int, dict[str, Any]] = {}
        self.playlists: dict[int, dict[str, Any]] = {}
        self.lyrics: dict[int, dict[str, Any]] = {}
        self.credits: dict[int, dict[str, Any]] = {}
        self.scans: dict[int, dict[str, Any]] = {}
        self.templates: dict[int, dict[str, Any]] = {}
        self.purchases: dict[int, dict[str, Any]] = {}
        self.licenses: dict[str, dict[str, Any]] = {}
        self.backstage: dict[int, dict[str, Any]] = {}
        self.fingerprints: dict[int, dict[str, Any]] = {}


def _when(rng: random.Random, days: int = 900) -> datetime:
    return _START + timedelta(seconds=rng.randrange(days * 86400))


def _title(rng: random.Random, nouns: str = "nouns", *, lower: bool = False) -> str:
    """An adjective and a noun (in lower case with ``lower``), e.g. ``Golden Skyline``."""
    adjective, noun = rng.choice(TABLES["adjectives"]), rng.choice(TABLES[nouns])
    return f"{adjective} {noun.lower() if lower else noun}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(TABLES['first_names'])} {rng.choice(TABLES['last_names'])}"


def build_catalog(seed: int, owner: tuple[str, str, str]) -> Catalog:
    """Generate the whole catalogue; the same seed always gives the same data.

    Each call returns a fresh, independent copy (generation runs once per seed and
    owner; later calls unpickle the first result, which is ten times faster).

    Args:
        seed: The generator seed.
        owner: ``(display_name, email, password)`` of user 1, the default token's owner.

    Returns:
        The catalogue.
    """
    # Bytes this very process pickled a moment ago: nothing untrusted is unpickled.
    return pickle.loads(_pickled_catalog(seed, owner))  # type: ignore[no-any-return]  # noqa: S301


@functools.lru_cache(maxsize=8)
def _pickled_catalog(seed: int, owner: tuple[str, str, str]) -> bytes:
    return pickle.dumps(_generate(seed, owner))


def _generate(seed: int, owner: tuple[str, str, str]) -> Catalog:
    rng = random.Random(seed)
    cat = Catalog()
    _users(rng, cat, owner)
    for index, (slug, display) in enumerate(TABLES["genres"], start=1):
        cat.genres[index] = {
            "id": index, "name": slug, "display_name": display,
            "image": f"{SITE}/storage/genres/{slug}.jpg", "model_type": "genre",
        }  # fmt: skip
    for index, name in enumerate(TABLES["tags"], start=1):
        cat.tags[index] = {"id": index, "name": name, "display_name": name.title()}
    _artists(rng, cat)
    _albums(rng, cat)
    _tracks(rng, cat)
    _playlists(rng, cat)
    _extras(rng, cat)
    return cat


def _users(rng: random.Random, cat: Catalog, owner: tuple[str, str, str]) -> None:
    fixed = [[*owner, []], *TABLES["seed"]["users"]]
    for user_id in range(1, 16):
        if user_id <= len(fixed):
            name, email, password, permissions = fixed[user_id - 1]
        else:
            name = f"{TABLES['first_names'][user_id + 3]} {rng.choice(TABLES['last_names'])}"
            email = f"user{user_id}@example.com"
            password, permissions = f"password-{user_id}", ()
        cat.users[user_id] = {
            "id": user_id, "display_name": name, "username": name.lower().replace(" ", "."),
            "email": email, "avatar": f"{SITE}/storage/avatars/{user_id}.jpg",
            "created_at": iso(_when(rng, 200)), "password": password,
            "permissions": set(permissions),
        }  # fmt: skip


def _artists(rng: random.Random, cat: Catalog) -> None:
    fixed = TABLES["seed"]["artists"]  # (user, name suffix, verified) of artists 1-3
    for artist_id in range(1, 31):
        user_id: int | None
        if artist_id <= len(fixed):
            user_id, suffix, verified = fixed[artist_id - 1]
            name = cat.users[user_id]["display_name"] + suffix
        else:
            first, last = TABLES["first_names"], TABLES["last_names"]
            name = f"{first[(artist_id * 7) % len(first)]} {last[artist_id % len(last)]}"
            user_id = artist_id - 1 if artist_id <= 16 else None
            verified = rng.random() < 0.5
        city, country = rng.choice(TABLES["cities"])
        bio, instagram = f"Beats by {name}.", f"https://instagram.com/artist{artist_id}"
        cat.artists[artist_id] = {
            "id": artist_id,
            "name": name,
            "image_small": f"{SITE}/storage/artists/{artist_id}-small.jpg",
            "verified": verified,
            "description": f"{name} is a producer from {city}.",
            "user_id": user_id,
            "genre_ids": sorted(rng.sample(list(cat.genres), 2)),
            "profile": {"id": artist_id, "description": bio, "city": city, "country": country},
            "profile_images": [{"id": artist_id, "url": f"{SITE}/storage/artists/{artist_id}.jpg"}],
            "links": [{"id": artist_id, "url": instagram, "title": "Instagram"}],
            "followers_count": rng.randrange(0, 20000),
            "created_at": iso(_when(rng, 300)),
            "pinned_track_id": None,
        }


def _albums(rng: random.Random, cat: Catalog) -> None:
    for album_id in range(1, 41):
        artist_id = 1 if album_id <= 2 else 3 if album_id == 3 else rng.randrange(4, 31)
        released = _when(rng)
        cat.albums[album_id] = {
            "id": album_id,
            "name": _title(rng),
            "image": f"{SITE}/storage/albums/{album_id}.jpg",
            "release_date": released.date().isoformat(),
            "description": None if rng.random() < 0.3 else "A collection of instrumentals.",
            "artist_ids": [artist_id],
            "genre_ids": sorted(rng.sample(list(cat.genres), 1)),
            # Tag 1 ("dark") is on the owner's albums, so it lists albums as well as tracks.
            "tag_ids": sorted({1, rng.randrange(2, len(cat.tags) + 1)})
            if album_id <= 2
            else sorted(rng.sample(list(cat.tags), 2)),
            "owner_id": cat.artists[artist_id]["user_id"] or 3,
            "plays": rng.randrange(0, 50000),
            "created_at": iso(released),
        }


def _tracks(rng: random.Random, cat: Catalog) -> None:
    fixed = TABLES["seed"]["track_artists"]  # the artist of tracks 1-9
    for track_id in range(1, 121):
        if track_id <= len(fixed):
            artist_ids = [fixed[track_id - 1]]
        else:
            artist_ids = sorted(rng.sample(range(3, 31), rng.choice((1, 1, 2))))
        owned = [a for a in cat.albums.values() if a["artist_ids"][0] == artist_ids[0]]
        album = rng.choice(owned) if owned and rng.random() < 0.6 else None
        released = _when(rng)
        price = rng.choice((19.99, 24.99, 29.99, 34.99, 49.99))
        owner = cat.artists[artist_ids[0]]["user_id"] or 3
        cat.tracks[track_id] = {
            "id": track_id, "name": _title(rng),
            "release_date": album["release_date"] if album else released.date().isoformat(),
            "image": album["image"] if album else f"{SITE}/storage/tracks/{track_id}.jpg",
            "duration": rng.randrange(95, 280) * 1000,
            "description": None if rng.random() < 0.4 else "Prod. for your next hit.",
            "artist_ids": artist_ids, "album_id": album["id"] if album else None,
            "genre_ids": sorted(rng.sample(list(cat.genres), rng.choice((1, 2)))),
            "tag_ids": sorted(rng.sample(list(cat.tags), 3)), "bpm": rng.randrange(70, 160),
            "key": rng.choice(_KEYS), "price": price,
            "exclusive_price": round(price * 10 + 0.09, 2),
            "downloadable": track_id == 10 or rng.random() < 0.1,
            "sold_exclusively": track_id == 12, "plays": rng.randrange(0, 100000),
            "likes": rng.randrange(0, 5000), "owner_id": owner, "file_entry_id": None,
            "src": f"{SITE}/storage/track_media/{track_id}.wav",
            "audio_seed": 20 if track_id == 21 else track_id, "liked_by": set(),
            "created_at": iso(released), "updated_at": iso(released),
        }  # fmt: skip
    # Every seeded track is fingerprinted; track 4's fingerprint failed (so retry has work).
    for track in cat.tracks.values():
        cat.fingerprints[700 + track["id"]] = {
            "id": 700 + track["id"], "track_id": track["id"],
            "status": "failed" if track["id"] == 4 else "completed", "polls_left": 0,
            "created_at": track["created_at"],
        }  # fmt: skip
    # Track 10 is free to download (above); the ones the commerce seeds use are for sale.
    for track_id in (1, 9, 11, 12, 13, 14):
        cat.tracks[track_id]["downloadable"] = False
    cat.tracks[1]["liked_by"].add(1)


def _playlists(rng: random.Random, cat: Catalog) -> None:
    plans = TABLES["seed"]["playlists"]
    for playlist_id in range(1, 16):
        drawn = (rng.randrange(4, 16), True, rng.random() < 0.3)  # drawn for the fixed ones too
        owner, public, collaborative = plans.get(str(playlist_id), drawn)
        created = _when(rng)
        cat.playlists[playlist_id] = {
            "id": playlist_id,
            "name": _title(rng, "playlist_nouns"),
            "description": "Hand-picked instrumentals for late night sessions.",
            "image": f"{SITE}/storage/playlists/{playlist_id}.jpg", "public": public,
            "collaborative": collaborative, "owner_id": owner,
            "track_ids": rng.sample(list(cat.tracks), 12 if playlist_id == 1 else 6),
            "follower_ids": set(rng.sample(range(4, 16), 3)), "editor_ids": [], "invitations": {},
            "created_at": iso(created), "updated_at": iso(created),
        }  # fmt: skip


def _extras(rng: random.Random, cat: Catalog) -> None:
    for lyric_id, track_id in enumerate((1, 2, 9, *rng.sample(range(13, 121), 17)), start=1):
        verse, hook = _title(rng, lower=True), _title(rng, lower=True)
        cat.lyrics[lyric_id] = {
            "id": lyric_id,
            "track_id": track_id,
            "text": f"[Verse]\n{verse} all night\n[Hook]\n{hook}",
            "is_synced": rng.random() < 0.3,
            "created_at": iso(_when(rng)),
        }
    for credit_id, artist_id in enumerate((1, 1, 1, 1, 3, 3, *range(4, 12)), start=1):
        title = _title(rng)
        spotify = hashlib.sha256(f"credit{credit_id}".encode()).hexdigest()[:22]
        cat.credits[credit_id] = {
            "id": credit_id, "artist_id": artist_id, "type": "track",
            "role": rng.choice(TABLES["credit_roles"])[0], "title": title,
            "artist_name": _person(rng),
            "album_name": _title(rng),
            "release_date": _when(rng).date().isoformat(),
            "image": f"https://i.scdn.co/image/{spotify}", "spotify_id": spotify,
            "spotify_url": f"https://open.spotify.com/track/{spotify}",
            "position": sum(1 for c in cat.credits.values() if c["artist_id"] == artist_id),
            "created_at": iso(_when(rng)),
        }  # fmt: skip
    _scans(rng, cat)
    _commerce(rng, cat)
    for template_id in range(1, 13):
        genre = cat.genres[(template_id - 1) % len(cat.genres) + 1]["name"]
        mood = TABLES["moods"][(template_id - 1) % len(TABLES["moods"])]
        cat.templates[template_id] = {
            "id": template_id,
            "name": f"{mood.title()} {('Minimal', 'Grunge', 'Neon', 'Retro')[template_id % 4]}",
            "preview_url": f"{SITE}/storage/cover-art/templates/{template_id}.jpg", "genre": genre,
            "mood": mood, "width": 3000, "height": 3000, "fields": ["title", "artist"],
        }  # fmt: skip


def _scans(rng: random.Random, cat: Catalog) -> None:
    """Audio Recon state: track 1 complete with matches, 2-5 the other scan states."""
    placement_id = 40
    for track_id, status in TABLES["seed"]["scans"].items():
        placements = []
        if status == "complete":
            for score in TABLES["seed"]["placement_scores"]:
                placement_id += 1
                slug = hashlib.sha256(f"placement{placement_id}".encode()).hexdigest()
                youtube = f"https://youtube.com/watch?v={slug[:11]}" if score != 91 else None
                deezer = f"https://deezer.com/track/{int(slug[:8], 16)}" if score > 92 else None
                placement = {
                    "id": placement_id,
                    "title": _title(rng),
                    "artist_name": _person(rng),
                    "album_name": _title(rng),
                    "release_date": _when(rng).date().isoformat(),
                    "confidence_score": score,
                    "spotify_url": f"https://open.spotify.com/track/{slug[:22]}",
                    "youtube_url": youtube,
                    "deezer_url": deezer,
                    "created_at": timestamp(_when(rng), "+00:00"),
                }
                placements.append(placement)
        cat.scans[int(track_id)] = {
            "scan_status": status,
            "scanned_at": None if status is None else timestamp(_when(rng), "+00:00"),
            "placements": placements,
        }


def _commerce(rng: random.Random, cat: Catalog) -> None:
    """Seeded purchases and licenses, and three backstage requests of other users."""
    # (purchase id, buyer, track, status, exclusive): the owner bought track 11; user 2
    # bought the owner's track 1, so the owner (its seller) can revoke that license.
    for purchase_id, buyer, track_id, status, exclusive in TABLES["seed"]["purchases"]:
        track = cat.tracks[track_id]
        base = track["exclusive_price"] if exclusive else track["price"]
        created = _when(rng)
        cat.purchases[purchase_id] = {
            "id": purchase_id, "user_id": buyer, "track_id": track_id,
            "amount": round(base * 1.15, 2), "currency": "CAD", "status": status,
            "is_exclusive": exclusive,
            "payment_intent_id": f"pi_{hashlib.sha256(str(purchase_id).encode()).hexdigest()[:24]}",
            "created_at": iso(created),
        }  # fmt: skip
        if status == "completed":
            kind = "exclusive" if exclusive else "basic"
            license_uuid = random_uuid(rng)
            cat.licenses[license_uuid] = {
                "uuid": license_uuid,
                "track_id": track_id,
                "user_id": buyer,
                "purchase_id": purchase_id,
                "license_type": kind,
                "usage_terms": TABLES["seed"]["usage_terms"][kind],
                "status": "active",
                "created_at": iso(created + timedelta(minutes=2)),
                "revoked_at": None,
            }
    for request_id, user_id, status in TABLES["seed"]["backstage"]:
        created = _when(rng)
        cat.backstage[request_id] = {
            "id": request_id, "user_id": user_id, "type": "become-artist", "status": status,
            "artist_name": cat.users[user_id]["display_name"], "artist_id": None,
            "data": {"first_name": cat.users[user_id]["display_name"].split()[0]}, "notes": None,
            "created_at": iso(created), "updated_at": iso(created),
        }  # fmt: skip


@functools.lru_cache(maxsize=256)
def wav_bytes(seed: int, *, seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A short, valid mono 16-bit WAV tone whose pitch follows ``seed`` (cached: immutable)."""
    frequency = 220.0 + (seed * 37) % 660
    frames = int(seconds * rate)
    samples = (int(12000 * math.sin(2 * math.pi * frequency * n / rate)) for n in range(frames))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{frames}h", *samples))
    return buffer.getvalue()


def waveform_peaks(seed: int, count: int = 64) -> list[float]:
    """Deterministic waveform peaks in ``[0, 1]`` for one audio file."""
    rng = random.Random(f"wave-{seed}")
    return [round(0.15 + 0.85 * abs(math.sin(n / 5 + rng.random())), 3) for n in range(count)]


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing ``title`` and ``lines``."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [(18, 760, title), *((11, 730 - 18 * n, line) for n, line in enumerate(lines))]
    text = (f"BT /F1 {size} Tf 72 {y} Td ({escape(row)}) Tj ET" for size, y, row in rows)
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def release_date(moment: float) -> str:
    """The date part of an epoch timestamp, e.g. ``2024-03-01``."""
    return datetime.fromtimestamp(moment, UTC).date().isoformat()
