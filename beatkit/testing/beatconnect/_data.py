"""The seeded catalogue behind :class:`FakeBeatConnect`: genres, users, beats, orders."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from beatkit.beatconnect.wire import DEFAULT_BASE_URL

if TYPE_CHECKING:
    from beatkit.testing.beatconnect._base import Base

__all__ = ["API_ROOT", "EXAMPLE_BEAT", "GENRES", "generate", "iso"]

API_ROOT = DEFAULT_BASE_URL.removesuffix("/v1")
"""Where the API's media (audio, images, avatars) live."""

GENRES: tuple[tuple[str, str, int, int], ...] = (
    ("Amapiano", "amapiano", 108, 116), ("Afrobeats", "afrobeats", 95, 110),
    ("Gqom", "gqom", 120, 128), ("Afro House", "afro-house", 118, 126),
    ("Hip Hop", "hip-hop", 80, 100), ("Kwaito", "kwaito", 100, 115),
    ("Bongo Flava", "bongo-flava", 90, 110), ("Highlife", "highlife", 100, 125),
    ("Drill", "drill", 138, 145), ("Trap", "trap", 130, 160), ("R&B", "rnb", 60, 90),
    ("Dancehall", "dancehall", 90, 105),
)  # fmt: skip

_FIRST = (
    "Sbu", "Thando", "Kofi", "Ama", "Zola", "Tendai", "Nia", "Juma", "Ayo", "Kwame",
    "Lindiwe", "Sipho", "Chidi", "Fola", "Neo", "Baraka", "Amara", "Lerato", "Tunde", "Zuri",
    "Kagiso", "Imani", "Jabu", "Efua", "Musa", "Nandi", "Obi", "Palesa", "Rudo", "Yaw",
    "Bongani", "Ngozi", "Themba", "Wanjiru", "Dayo", "Akosua", "Lwazi", "Mpho", "Sade", "Kiptoo",
)  # fmt: skip
_STAGE_PREFIX = ("DJ", "MC", "Lil", "Big", "Prod.", "King", "Queen")
_STAGE_SUFFIX = ("Beats", "On The Keys", "Sounds", "Musiq", "The Producer", "808")
_ADJECTIVES = (
    "Summer", "Midnight", "Golden", "Lagos", "Soweto", "Dusty", "Electric", "Velvet", "Rainy",
    "Savanna", "Neon", "Sunset", "Township", "Coastal", "Highveld", "Harmattan", "Lunar", "Royal",
)  # fmt: skip
_NOUNS = (
    "Vibes", "Groove", "Dreams", "Nights", "Drums", "Riddim", "Waves", "Log Drum", "Heat",
    "Journey", "Pulse", "Flame", "Roads", "Bounce", "Anthem", "Skies", "Motion", "Echoes",
)  # fmt: skip
_NOTES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_PRICES = (19.99, 24.99, 29.99, 34.99, 39.99, 49.99, 59.99, 79.99, 99.99, 149.99)
_COUNTRIES = ("ZA", "NG", "GH", "KE", "TZ", "UG", "CM", "SN", "ZW", "CI")
LICENSES = {"Basic": 1.0, "Premium": 2.0, "Exclusive": 10.0}
_ORDER_STATUSES = ("completed", "pending", "failed")
_EPOCH_START = int(datetime(2021, 1, 1, tzinfo=UTC).timestamp())
_EPOCH_END = int(datetime(2024, 6, 30, tzinfo=UTC).timestamp())

# The example beat of the vendor's documentation, so documented calls work verbatim.
EXAMPLE_BEAT: dict[str, Any] = {
    "id": 1234, "title": "Summer Vibes", "user_id": 5678, "producer_name": "DJ Maphorisa",
    "genre": {"id": 1, "name": "Amapiano"}, "price": 49.99, "duration": 180, "bpm": 115,
    "key": "C minor", "audio_url": f"{API_ROOT}/audio/1234.mp3",
    "cover_image": f"{API_ROOT}/images/1234.jpg", "created_at": "2023-04-15T12:34:56Z",
    "play_count": 3240, "download_count": 129,
}  # fmt: skip


def iso(epoch: int) -> str:
    """A BeatConnect timestamp, e.g. ``2023-04-15T12:34:56Z``."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(fake: Base, rng: random.Random) -> None:
    """Fill the fake's genres, users, beats and orders."""
    for index, (name, slug, _, _) in enumerate(GENRES, start=1):
        fake.genres.append({"id": index, "name": name, "slug": slug})
    names: set[str] = set()
    for position, user_id in enumerate(range(5660, 5700)):
        producer = position < 25
        if user_id == EXAMPLE_BEAT["user_id"]:
            display = EXAMPLE_BEAT["producer_name"]
        elif not producer:
            display = f"{_FIRST[position]} {rng.choice(_FIRST)[0]}."
        elif rng.random() < 0.5:
            display = f"{rng.choice(_STAGE_PREFIX)} {_FIRST[position]}"
        else:
            display = f"{_FIRST[position]} {rng.choice(_STAGE_SUFFIX)}"
        while display in names:
            display += " II"
        names.add(display)
        fake.users.append({
            "id": user_id, "username": re.sub(r"[^a-z0-9]+", "_", display.lower()).strip("_"),
            "display_name": display, "role": "producer" if producer else "buyer",
            "bio": (f"{display} makes music." if producer else None)
            if rng.random() < 0.8 else None,
            "avatar_url": f"{API_ROOT}/avatars/{user_id}.jpg" if rng.random() < 0.7 else None,
            "country": rng.choice(_COUNTRIES),
            "followers_count": rng.randint(0, 50_000) if producer else rng.randint(0, 50),
            "created_at": iso(rng.randint(_EPOCH_START, _EPOCH_START + 86400 * 300)),
        })  # fmt: skip
    producers = [u for u in fake.users if u["role"] == "producer"]
    fake.owner_id = fake.users[-1]["id"]
    for beat_id in range(1001, 1254):
        if beat_id == EXAMPLE_BEAT["id"]:
            fake.beats.append(dict(EXAMPLE_BEAT, genre=dict(EXAMPLE_BEAT["genre"])))
            continue
        genre_index = rng.randrange(len(GENRES))
        low, high = GENRES[genre_index][2:]
        producer_user = rng.choice(producers)
        fake.beats.append({
            "id": beat_id, "title": f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}",
            "user_id": producer_user["id"], "producer_name": producer_user["display_name"],
            "genre": {"id": genre_index + 1, "name": GENRES[genre_index][0]},
            "price": rng.choice(_PRICES), "duration": rng.randint(120, 300),
            "bpm": rng.randint(low, high),
            "key": f"{rng.choice(_NOTES)} {rng.choice(('major', 'minor'))}",
            "audio_url": f"{API_ROOT}/audio/{beat_id}.mp3",
            "cover_image": f"{API_ROOT}/images/{beat_id}.jpg",
            "created_at": iso(rng.randint(_EPOCH_START, _EPOCH_END)),
            "play_count": rng.randint(0, 20_000), "download_count": rng.randint(0, 800),
        })  # fmt: skip
    for order_id in range(8001, 8031):
        items = []
        for beat in rng.sample(fake.beats, rng.randint(1, 3)):
            license_type = rng.choice(tuple(LICENSES))
            price = round(beat["price"] * LICENSES[license_type], 2)
            items.append({"beat_id": beat["id"], "title": beat["title"],
                          "license_type": license_type, "price": price})  # fmt: skip
        fake.orders.append({
            "id": order_id, "status": rng.choices(_ORDER_STATUSES, weights=(6, 2, 1))[0],
            "items": items, "total": round(sum(item["price"] for item in items), 2),
            "currency": "USD", "created_at": iso(rng.randint(_EPOCH_START, _EPOCH_END)),
        })  # fmt: skip
