"""A model's hash depends on its field values, so that sets and dicts of models stay fast.

Only the fields marked ``hash=True`` were hashed, and attrs leaves the default ``None``
there: every model of a class hashed alike, so ``set(tracks)`` or a dict keyed by
models compared each with every other (8,000 genres took seconds, 50,000 tracks
minutes). Equal models still hash alike, ``extra`` still left out.
"""

from __future__ import annotations

from beatkit.beatconnect.converter import converter
from beatkit.beatconnect.models import Beat, Genre


def test_different_models_hash_differently() -> None:
    genres = [Genre(id=number, name=f"genre {number}") for number in range(200)]
    assert len({hash(genre) for genre in genres}) > 190


def test_every_field_counts_in_the_hash() -> None:
    assert hash(Genre(id=1, name="a")) != hash(Genre(id=1, name="b"))


def test_equal_models_hash_alike_and_extra_stays_out() -> None:
    plain = Genre(id=1, name="Amapiano")
    assert hash(plain) == hash(Genre(id=1, name="Amapiano"))
    grown = Genre(id=1, name="Amapiano", extra={"colour": ["red"]})
    assert hash(grown) == hash(plain)


def test_decoded_models_hash_by_their_values() -> None:
    body = {
        "id": 1, "title": "t", "user_id": 2, "producer_name": "p",
        "genre": {"id": 1, "name": "g"}, "price": 1.5, "duration": 1, "bpm": 1, "key": "C",
        "audio_url": "https://a.example/x.mp3", "cover_image": "https://a.example/c.jpg",
        "created_at": "2023-01-01T00:00:00Z", "play_count": 1, "download_count": 1,
    }  # fmt: skip
    first = converter.structure(body, Beat)
    other = converter.structure({**body, "id": 2}, Beat)
    assert hash(first) == hash(converter.structure(body, Beat))
    assert hash(first) != hash(other)
