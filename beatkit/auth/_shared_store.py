"""What token managers sharing one token store need: one refresh lock per token file,
and which token found in the store a manager may take over instead of refreshing."""

from __future__ import annotations

import os
import threading

from beatkit._core.concurrency import AsyncLock, Lock
from beatkit.auth.stores import FileTokenStore, TokenStore
from beatkit.auth.token import Token

__all__ = ["refresh_locks", "takes_over"]

_FILE_LOCKS: dict[str, tuple[Lock, AsyncLock]] = {}
"""The refresh lock of each token file managers of this process share, by real path."""
_FILE_LOCKS_GUARD = threading.Lock()


def refresh_locks(store: TokenStore | None) -> tuple[Lock, AsyncLock]:
    """The refresh lock of a manager with ``store``, and its asyncio twin.

    Managers whose stores are one :class:`~beatkit.auth.FileTokenStore` file (two
    clients of one process, however the path is spelt) share one: the second to find
    the token stale waits for the first one's refresh, then reads its answer from the
    file (see :func:`takes_over`), instead of sending the same refresh token at the
    same moment (refused with ``invalid_grant`` by a server that rotates refresh
    tokens). Any other store gets a lock of its own.
    """
    if isinstance(store, FileTokenStore):
        key = os.path.realpath(store.path)
        with _FILE_LOCKS_GUARD:
            pair = _FILE_LOCKS.get(key)
            if pair is None:
                lock = Lock()
                pair = _FILE_LOCKS[key] = (lock, AsyncLock(lock))
            return pair
    lock = Lock()
    return lock, AsyncLock(lock)


def takes_over(stored: Token, held: Token) -> bool:
    """Whether the token found in the store replaces ``held``, the stale one a manager
    was about to refresh: another process (or manager) refreshed it and saved the answer.

    It must have been obtained later (both times known), with other credentials, and
    for the same grant (:func:`_same_grant`). An older token in the store (the save of
    ``held`` failed) is never taken back.
    """
    if stored.obtained_at is None or held.obtained_at is None:
        return False
    if stored.obtained_at <= held.obtained_at:
        return False
    if stored.access_token == held.access_token and stored.refresh_token == held.refresh_token:
        return False
    return _same_grant(stored, held)


def _same_grant(stored: Token, held: Token) -> bool:
    """Whether a token another process saved is for what ``held`` is for: the same
    ``user_id`` (Beat Technology's, in :attr:`Token.extra`) and the same scopes, where
    both tokens say. A process that switched profiles, or logged in with other scopes,
    does not hand its token to one that did not.

    A token with a ``user_id`` or a refresh token (a user's login) and one without (an
    app's client-credentials token) are never the same grant, either way round: a
    process given the app token's file as its user token store (or the reverse) must
    not make the app's calls act as the user."""
    if ("user_id" in stored.extra) != ("user_id" in held.extra) or (
        bool(stored.refresh_token) != bool(held.refresh_token)
    ):
        return False
    if (
        "user_id" in stored.extra
        and "user_id" in held.extra
        and str(stored.extra["user_id"]) != str(held.extra["user_id"])
    ):
        return False
    if stored.scope is not None and held.scope is not None:
        return set(stored.scope.split()) == set(held.scope.split())
    return True
