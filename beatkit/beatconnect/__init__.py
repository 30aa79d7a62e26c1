"""The BeatConnect API client: beats, users, genres, search, orders and webhooks.

Import the clients from here or from the top-level package::

    from beatkit.beatconnect import BeatConnect, AsyncBeatConnect
"""

from beatkit.beatconnect._async.client import AsyncBeatConnect
from beatkit.beatconnect._sync.client import BeatConnect
from beatkit.beatconnect.models import (
    Beat,
    BeatSort,
    Genre,
    Order,
    OrderItem,
    OrderStatus,
    SearchResults,
    SearchType,
    User,
    UserRole,
)
from beatkit.beatconnect.webhooks import WebhookHeaders
from beatkit.beatconnect.wire import DEFAULT_BASE_URL, ENV_API_KEY, PageArgs

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_API_KEY",
    "AsyncBeatConnect",
    "Beat",
    "BeatConnect",
    "BeatSort",
    "Genre",
    "Order",
    "OrderItem",
    "OrderStatus",
    "PageArgs",
    "SearchResults",
    "SearchType",
    "User",
    "UserRole",
    "WebhookHeaders",
]
