"""Typed BeatConnect resources: beats, genres, users and producers, orders, search results."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from attrs import field, frozen

from beatkit._core.enums import OpenEnum
from beatkit._core.model import ExactModel

__all__ = [
    "Beat",
    "BeatSort",
    "Genre",
    "Order",
    "OrderItem",
    "OrderStatus",
    "SearchResults",
    "SearchType",
    "User",
    "UserRole",
]


class BeatSort(OpenEnum):
    """Orders accepted by ``beats.list(sort=...)``."""

    NEWEST = "newest"
    POPULAR = "popular"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"


class SearchType(OpenEnum):
    """What ``search()`` looks through."""

    BEATS = "beats"
    PRODUCERS = "producers"
    ALL = "all"


class OrderStatus(OpenEnum):
    """An order's state. Unknown states from the API are kept (``status.is_known`` is False)."""

    COMPLETED = "completed"
    PENDING = "pending"
    FAILED = "failed"


class UserRole(OpenEnum):
    """A user's role on the marketplace."""

    PRODUCER = "producer"
    BUYER = "buyer"


@frozen(kw_only=True)
class Genre(ExactModel):
    """A genre, as listed by ``genres.list()`` or embedded in a beat (``{id, name}``)."""

    id: int
    """The genre's id (what ``beats.list(genre=...)`` takes)."""
    name: str
    """Display name, e.g. ``"Amapiano"``."""
    slug: str | None = None
    """URL-friendly name, when listed."""
    beats_count: int | None = None
    """How many beats the genre has, when listed."""


@frozen(kw_only=True)
class Beat(ExactModel):
    """A beat for sale.

    The vendor shows two shapes and both are read, each key into its own field: the
    API page's (``user_id``, ``producer_name``, ``duration`` in seconds, ``audio_url``)
    and the API explorer's (``producer``, ``length`` as ``"m:ss"``, ``audio_preview``).
    """

    id: int
    """The beat's id."""
    title: str
    """The title."""
    user_id: int | None = None
    """The producer's user id."""
    producer_name: str | None = None
    """The producer's display name."""
    producer: str | None = None
    """The producer's display name as the API explorer's answers send it
    (``"KayzBeatz"``); the API page's send ``producer_name``."""
    genre: Genre | None = None
    """The beat's genre."""
    price: Decimal | None = None
    """Price in the marketplace currency (a ``Decimal``; money is never a float here)."""
    duration: int | None = None
    """Length in seconds."""
    length: str | None = None
    """Length as ``"m:ss"`` (``"3:24"``), as the API explorer's answers send it."""
    bpm: int | None = None
    """Tempo in beats per minute."""
    key: str | None = None
    """Musical key as the producer wrote it, e.g. ``"C minor"``."""
    audio_url: str | None = None
    """Preview audio URL."""
    audio_preview: str | None = None
    """Preview audio URL as the API explorer's answers name it."""
    cover_image: str | None = None
    """Cover image URL."""
    created_at: datetime | None = None
    """When the beat was uploaded (tz-aware)."""
    play_count: int | None = None
    """Plays so far."""
    download_count: int | None = None
    """Downloads so far."""


@frozen(kw_only=True)
class User(ExactModel):
    """A user profile; producers are users with ``role == UserRole.PRODUCER``."""

    id: int
    """The user's id."""
    username: str | None = None
    """Login-style handle."""
    display_name: str | None = None
    """Name shown on the marketplace."""
    role: UserRole | None = None
    """Producer or buyer."""
    bio: str | None = None
    """Profile text."""
    avatar_url: str | None = None
    """Profile picture URL."""
    country: str | None = None
    """Country as the user gave it."""
    beats_count: int | None = None
    """Beats published (producers)."""
    followers_count: int | None = None
    """Followers."""
    created_at: datetime | None = None
    """When the account was created (tz-aware)."""


@frozen(kw_only=True)
class OrderItem(ExactModel):
    """One beat licence in an order."""

    beat_id: int
    """The beat bought."""
    title: str | None = None
    """The beat's title at purchase time."""
    license_type: str | None = None
    """Licence bought, e.g. ``"Premium"``."""
    price: Decimal | None = None
    """Price paid for this item."""


@frozen(kw_only=True)
class Order(ExactModel):
    """An order of the authenticated user."""

    id: int
    """The order's id."""
    status: OrderStatus
    """Completed, pending or failed (or a state this version does not know)."""
    items: list[OrderItem] = field(factory=list)
    """What was bought."""
    total: Decimal | None = None
    """Order total."""
    currency: str | None = None
    """ISO 4217 currency code of the amounts."""
    created_at: datetime | None = None
    """When the order was placed (tz-aware)."""


@frozen(kw_only=True)
class SearchResults(ExactModel):
    """One page of a search across beats and producers."""

    query: str | None = None
    """The query as the API understood it."""
    type: SearchType | None = None
    """What was searched."""
    beats: list[Beat] = field(factory=list)
    """Matching beats on this page (empty for ``type="producers"``)."""
    producers: list[User] = field(factory=list)
    """Matching producers on this page (empty for ``type="beats"``)."""
    total: int | None = None
    """Matches over all pages (for ``all``; the larger of the two lists)."""
    page: int | None = None
    """This page's number."""
    last_page: int | None = None
    """The last page's number."""
