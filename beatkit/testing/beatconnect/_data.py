"""The seeded catalogue behind :class:`FakeBeatConnect`: genres, users, beats, orders."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from beatkit.beatconnect.wire import DEFAULT_BASE_URL
from beatkit.testing._wire import load_data, timestamp

if TYPE_CHECKING:
    from beatkit.testing.beatconnect._base import Base

__all__ = ["API_ROOT", "EXAMPLE_BEAT", "TABLES", "generate"]

API_ROOT = DEFAULT_BASE_URL.removesuffix("/v1")
"""Where the API's media (audio, images, avatars) live."""

TABLES: dict[str, Any] = load_data("beatkit.testing.beatconnect", "tables.json")
"""The name tables, the example beat and the error codes (read-only; shared by every fake)."""

EXAMPLE_BEAT: dict[str, Any] = TABLES["example_beat"]
"""The example beat of the vendor's documentation, so documented calls work verbatim."""

_EPOCH_START = int(datetime(2021, 1, 1, tzinfo=UTC).timestamp())
_EPOCH_END = int(datetime(2024, 6, 30, tzinfo=UTC).timestamp())


def generate(fake: Base, rng: random.Random) -> None:
    """Fill the fake's genres, users, beats and orders."""
    for index, (name, slug, _, _) in enumerate(TABLES["genres"], start=1):
        fake.genres.append({"id": index, "name": name, "slug": slug})
    names: set[str] = set()
    first = TABLES["first_names"]
    for position, user_id in enumerate(range(5660, 5700)):
        producer = position < 25
        if user_id == EXAMPLE_BEAT["user_id"]:
            display = EXAMPLE_BEAT["producer_name"]
        elif not producer:
            display = f"{first[position]} {rng.choice(first)[0]}."
        elif rng.random() < 0.5:
            display = f"{rng.choice(TABLES['stage_prefixes'])} {first[position]}"
        else:
            display = f"{first[position]} {rng.choice(TABLES['stage_suffixes'])}"
        while display in names:
            display += " II"
        names.add(display)
        fake.users.append({
            "id": user_id, "username": re.sub(r"[^a-z0-9]+", "_", display.lower()).strip("_"),
            "display_name": display, "role": "producer" if producer else "buyer",
            "bio": (f"{display} makes music." if producer else None)
            if rng.random() < 0.8 else None,
            "avatar_url": f"{API_ROOT}/avatars/{user_id}.jpg" if rng.random() < 0.7 else None,
            "country": rng.choice(TABLES["countries"]),
            "followers_count": rng.randint(0, 50_000) if producer else rng.randint(0, 50),
            "created_at": timestamp(rng.randint(_EPOCH_START, _EPOCH_START + 86400 * 300)),
        })  # fmt: skip
    producers = [u for u in fake.users if u["role"] == "producer"]
    fake.owner_id = fake.users[-1]["id"]
    for beat_id in range(1001, 1254):
        if beat_id == EXAMPLE_BEAT["id"]:
            fake.beats.append(dict(EXAMPLE_BEAT, genre=dict(EXAMPLE_BEAT["genre"])))
            continue
        genre_index = rng.randrange(len(TABLES["genres"]))
        name, _, low, high = TABLES["genres"][genre_index]
        producer_user = rng.choice(producers)
        title = f"{rng.choice(TABLES['adjectives'])} {rng.choice(TABLES['nouns'])}"
        fake.beats.append({
            "id": beat_id, "title": title,
            "user_id": producer_user["id"], "producer_name": producer_user["display_name"],
            "genre": {"id": genre_index + 1, "name": name},
            "price": rng.choice(TABLES["prices"]), "duration": rng.randint(120, 300),
            "bpm": rng.randint(low, high),
            "key": f"{rng.choice(TABLES['notes'])} {rng.choice(('major', 'minor'))}",
            "audio_url": f"{API_ROOT}/audio/{beat_id}.mp3",
            "cover_image": f"{API_ROOT}/images/{beat_id}.jpg",
            "created_at": timestamp(rng.randint(_EPOCH_START, _EPOCH_END)),
            "play_count": rng.randint(0, 20_000), "download_count": rng.randint(0, 800),
        })  # fmt: skip
    for order_id in range(8001, 8031):
        items = []
        for beat in rng.sample(fake.beats, rng.randint(1, 3)):
            license_type = rng.choice(list(TABLES["licenses"]))
            price = round(beat["price"] * TABLES["licenses"][license_type], 2)
            items.append({"beat_id": beat["id"], "title": beat["title"],
                          "license_type": license_type, "price": price})  # fmt: skip
        fake.orders.append({
            "id": order_id, "status": rng.choices(TABLES["order_statuses"], weights=(6, 2, 1))[0],
            "items": items, "total": round(sum(item["price"] for item in items), 2),
            "currency": "USD", "created_at": timestamp(rng.randint(_EPOCH_START, _EPOCH_END)),
        })  # fmt: skip
