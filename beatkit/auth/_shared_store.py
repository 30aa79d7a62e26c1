"""What token managers sharing one token store need: one refresh lock per token file
(shared by the managers of one process, and seen by other processes through a lock
file next to the token file) or per store object of another kind, and which token
found in the store a manager may take over instead of refreshing."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import threading
import time
import weakref
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from beatkit._core.concurrency import AsyncLock, Lock, async_sleep
from beatkit.auth.stores import (
    FileTokenStore,
    TokenStore,
    _make_private,
    _make_private_directories,
)
from beatkit.auth.token import Token

if TYPE_CHECKING:
    import httpx

__all__ = [
    "HeldProcessLock",
    "ProcessLock",
    "SharedLocks",
    "lock_file",
    "process_wait",
    "refresh_locks",
    "takes_over",
    "written_over",
]

if sys.platform == "win32":  # pragma: no cover - the tests run on POSIX
    import msvcrt

    _BUSY = frozenset({errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK)})

    def _try_lock(fd: int) -> bool:
        """Lock the first byte of the file without waiting; ``False`` if another has it."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """``flock`` the file without waiting; ``False`` if another holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # EWOULDBLOCK: held by another open file
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


_FIRST_PAUSE = 0.005
"""The first pause between two tries of a busy process lock (seconds); it doubles."""
_LAST_PAUSE = 0.1
"""The longest pause between two tries (seconds)."""


def _pauses(timeout: float) -> Iterator[float]:
    """The pauses between the tries of a busy lock: from :data:`_FIRST_PAUSE`, doubling
    up to :data:`_LAST_PAUSE`, none past ``timeout`` seconds from now, and never more of
    them than ``timeout`` holds first pauses (bounded in count as in time)."""
    deadline = time.monotonic() + timeout
    pause = _FIRST_PAUSE
    for _ in range(int(timeout / _FIRST_PAUSE) + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            return
        yield min(pause, left)
        pause = min(pause * 2, _LAST_PAUSE)


_PROCESS_WAIT = 30.0
"""How long a refresh waits for another process's, when its timeout sets no limit (s)."""
_PROCESS_WAIT_MAX = 300.0
"""The longest a refresh waits for another process's refresh (seconds)."""


def process_wait(timeout: httpx.Timeout | None) -> float:
    """How long a refresh with the token request timeout ``timeout`` waits for the
    token file's process lock, held by another process's refresh: as long as one token
    request may take under that timeout (its connect, write, read and pool timeouts
    added up), :data:`_PROCESS_WAIT` when it sets none, at most
    :data:`_PROCESS_WAIT_MAX`."""
    limits = [] if timeout is None else [timeout.connect, timeout.write, timeout.read, timeout.pool]
    total = sum(limit for limit in limits if limit is not None)
    if not limits or all(limit is None for limit in limits) or total != total:  # NaN
        return _PROCESS_WAIT
    return min(max(float(total), 0.0), _PROCESS_WAIT_MAX)


class _OpenLockFile:
    """A lock file this process has open: its descriptor, closed once.

    A child forked meanwhile (``multiprocessing``'s fork start, while a thread of the
    parent refreshes) gets a copy of the descriptor, and with ``flock`` the lock goes
    with the open file, not with the process: a parent that died holding the lock left
    it held for as long as the child lived, and a child that released its copy
    (a refresh flow of its parent's, closed there) released the parent's lock and
    deleted its lock file in the middle of the parent's refresh. So a forked child
    closes its copies at once (see :func:`_close_in_child`), unlocking nothing.
    """

    __slots__ = ("__weakref__", "fd")

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd
        _OPEN_FILES.add(self)

    def take(self) -> int | None:
        """The descriptor, for the caller to close; ``None`` if it was closed already."""
        fd, self.fd = self.fd, None
        _OPEN_FILES.discard(self)
        return fd

    def close(self) -> None:
        fd = self.take()
        if fd is not None:
            os.close(fd)

    def __del__(self) -> None:
        # Dropped unreleased (an interrupt between a take and its keeper): the file is
        # closed, which releases its lock, rather than kept open by this process.
        with contextlib.suppress(Exception):
            self.close()


_OPEN_FILES: weakref.WeakSet[_OpenLockFile] = weakref.WeakSet()
"""The lock files this process has open (held or waited on)."""


def _close_in_child() -> None:
    """In a forked child: close the lock files inherited from the parent, unlocking
    nothing (the locks are the parent's, on files the parent still has open)."""
    for opened in list(_OPEN_FILES):
        with contextlib.suppress(OSError):
            opened.close()


class HeldProcessLock:
    """A :class:`ProcessLock` taken: :meth:`release` it (once; later calls do nothing)."""

    def __init__(self, opened: _OpenLockFile, path: Path) -> None:
        self._file = opened
        self._path = path

    def release(self) -> None:
        """Delete the lock file (POSIX), then release the lock and close the file.

        Deleted while still held: a process waiting on this file finds, once it gets
        the lock, that the path no longer names it, and locks the path's new file
        instead (see :meth:`ProcessLock.acquire`). So no lock file stays behind. (In
        a child forked while it was held, it was closed as the child started: the
        parent's lock is left alone.)
        """
        fd = self._file.take()
        if fd is None:
            return
        try:
            if sys.platform != "win32":  # Windows cannot delete a file open elsewhere
                with contextlib.suppress(OSError):
                    os.unlink(self._path)
            with contextlib.suppress(OSError):  # closing the file releases it too (POSIX)
                _unlock(fd)
        finally:
            os.close(fd)


class ProcessLock:
    """An advisory lock that other processes see: ``flock`` (POSIX) or
    ``msvcrt.locking`` (Windows) on the file ``path``, created empty (nothing is ever
    written to it) with mode ``0600``, its missing directories with ``0700``.

    Advisory: it orders the processes that take it, nothing else. The file is opened
    for each :meth:`acquire` and closed on release, so a process keeps no descriptor
    between refreshes, and the system releases the lock of a process that dies. On
    POSIX the holder deletes the file as it releases it (no file is left next to the
    token file); on Windows, which cannot delete a file another process has open,
    it stays.

    Args:
        path: The lock file (the token file's path with ``.lock`` added).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.waited = False
        """Whether the last :meth:`acquire` (or :meth:`aacquire`) that took the lock
        found it held by another process first, and waited for it: that process was
        refreshing the token, and saved its answer to the token file. Written and read
        under the refresh lock that the managers of this file in this process share."""

    def acquire(self, limit: float) -> HeldProcessLock | None:
        """Take the lock, waiting (in this thread) at most ``limit`` seconds.

        Returns:
            The lock held, or ``None`` when another process held it all that time.

        Raises:
            OSError: The lock file cannot be opened or locked (a read-only directory,
                a file system without locks).
        """
        tries = self._tries(limit)
        try:
            while True:
                time.sleep(next(tries))
        except StopIteration as stop:
            held: HeldProcessLock | None = stop.value
            return held
        finally:
            tries.close()  # an interrupted sleep: the file is closed, nothing kept

    async def aacquire(self, limit: float) -> HeldProcessLock | None:
        """Async twin of :meth:`acquire`: tries without blocking, and sleeps with
        ``asyncio.sleep`` between tries, so the event loop runs on while it waits (a
        cancellation closes the file, keeping nothing)."""
        tries = self._tries(limit)
        try:
            while True:
                await async_sleep(next(tries))
        except StopIteration as stop:
            held: HeldProcessLock | None = stop.value
            return held
        finally:
            tries.close()

    def _tries(self, limit: float) -> Generator[float, None, HeldProcessLock | None]:
        """Try to lock the file without waiting, yielding the pause to sleep before the
        next try, until it is locked (returned) or ``limit`` seconds have passed
        (``None``), in at most as many tries as :func:`_pauses` allows."""
        pauses = _pauses(limit)
        opened: _OpenLockFile | None = None
        self.waited = waited = False
        try:
            while True:
                if opened is None:
                    opened = _OpenLockFile(self._open())
                fd = opened.fd
                if fd is None:  # closed in a forked child: nothing to go on with
                    return None
                locked = _try_lock(fd)
                if locked and self._names(fd):
                    held, opened = HeldProcessLock(opened, self.path), None
                    self.waited = waited
                    return held
                if locked:
                    # Deleted by its last holder as it released it: lock the new file.
                    opened.close()
                    opened = None
                pause = next(pauses, None)
                if pause is None:
                    return None
                if not locked:
                    waited = True
                    yield pause
        finally:
            if opened is not None:
                opened.close()

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT
        # O_NOFOLLOW: a symlink planted at the lock file's name is not followed (the
        # file would be created wherever it points); no descriptor leaks to children.
        for name in ("O_CLOEXEC", "O_NOFOLLOW", "O_NOINHERIT", "O_BINARY"):
            flags |= getattr(os, name, 0)
        try:
            fd = os.open(self.path, flags, 0o600)
        except FileNotFoundError:
            # No token file yet either: its directory is made as a save makes it.
            _make_private_directories(self.path.parent)
            fd = os.open(self.path, flags, 0o600)
        # Exactly 0600: made 0400 under ``umask 277``, the other processes could not
        # open it (O_RDWR) and refreshed without the lock.
        _make_private(fd, 0o600)
        return fd

    def _names(self, fd: int) -> bool:
        """Whether :attr:`path` still names the file ``fd`` has open (locked): a holder
        deletes it as it releases it (POSIX), and a new one takes its place."""
        if sys.platform == "win32":  # pragma: no cover - never deleted there
            return True
        try:
            named = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        opened = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)

    def __repr__(self) -> str:
        return f"ProcessLock({str(self.path)!r})"


def lock_file(path: Path) -> Path:
    """The lock file of the token file ``path``: next to it, named as it is with
    ``.lock`` added (``token.json.lock``)."""
    return path.with_name(path.name + ".lock")


class SharedLocks:
    """The refresh locks of the managers of one token store: the thread lock, its
    asyncio twin, and the lock other processes see (``None`` for stores other than a
    :class:`~beatkit.auth.FileTokenStore`).

    Kept alive by the managers that hold it: once the last manager of a token file (or
    store) is gone, so is its entry in :data:`_FILE_LOCKS` (or :data:`_STORE_LOCKS`).
    """

    __slots__ = ("__weakref__", "async_lock", "lock", "process_lock")

    def __init__(self, process_lock: ProcessLock | None = None) -> None:
        self.lock = Lock()
        self.async_lock = AsyncLock(self.lock)
        self.process_lock = process_lock


_FILE_LOCKS: weakref.WeakValueDictionary[str, SharedLocks] = weakref.WeakValueDictionary()
"""The refresh locks of each token file managers of this process share, by the real
path of its directory and its name (:func:`_lock_key`), while a manager of that file
lives."""
_STORE_LOCKS: weakref.WeakValueDictionary[int, SharedLocks] = weakref.WeakValueDictionary()
"""The refresh locks the managers of one store object of another kind share, by the
store's ``id()``, while a manager of that store lives. Each such manager holds the
store, so the store outlives the entry and its ``id()`` names no other object meanwhile
(a store need not be hashable, nor take weak references)."""
_FILE_LOCKS_GUARD = threading.Lock()


def _after_fork_in_child() -> None:
    """In a forked child: close the lock files inherited (:func:`_close_in_child`),
    and start the per-file (and per-store) locks afresh. A thread of the parent that held a file's
    refresh lock (or the guard) does not run in the child, so the child's managers of
    that file would have waited for it for ever; the process lock still keeps the
    child's refreshes and the parent's apart."""
    global _FILE_LOCKS, _FILE_LOCKS_GUARD, _STORE_LOCKS
    _close_in_child()
    _FILE_LOCKS = weakref.WeakValueDictionary()
    _STORE_LOCKS = weakref.WeakValueDictionary()
    _FILE_LOCKS_GUARD = threading.Lock()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)


def refresh_locks(store: TokenStore | None) -> SharedLocks:
    """The refresh locks of a manager with ``store``; the manager keeps the object
    (it holds the entry of its token file alive).

    Managers whose stores are one :class:`~beatkit.auth.FileTokenStore` file (two
    clients of one process, however its directory is spelt; see :func:`_lock_key`)
    share one: the second to find
    the token stale waits for the first one's refresh, then reads its answer from the
    file (see :func:`takes_over`), instead of sending the same refresh token at the
    same moment (refused with ``invalid_grant`` by a server that rotates refresh
    tokens). Their :class:`ProcessLock` (``<token file>.lock``) does the same between
    processes. Managers given one store object of another kind (a
    :class:`~beatkit.auth.MemoryTokenStore`, a store of the user's own making) share
    one too, for the same reason, with no process lock; no store, locks of its own.
    """
    if store is None:
        return SharedLocks()
    with _FILE_LOCKS_GUARD:
        if isinstance(store, FileTokenStore):
            key = _lock_key(store.path)
            locks = _FILE_LOCKS.get(key)
            if locks is None:
                locks = _FILE_LOCKS[key] = SharedLocks(ProcessLock(lock_file(Path(key))))
            return locks
        shared = _STORE_LOCKS.get(id(store))
        if shared is None:
            shared = _STORE_LOCKS[id(store)] = SharedLocks()
        return shared


def _lock_key(path: Path) -> str:
    """The token file ``path`` as the store writes it: its directory's real path (any
    spelling of it, through any symlinked directory), and its own name.

    A symlink at ``path`` itself is not followed: the store's first save replaces it
    with a file of its own, so the link's target is not the file the managers share.
    Keyed (and locked, ``<key>.lock``) by the target, the managers made before that
    save and those made after it had two locks, refreshed the same token at once, and
    on a server that rotates refresh tokens one of them got ``invalid_grant``; the lock
    file went next to the target too, in a directory the store never writes.
    """
    if path.name in ("", ".", ".."):  # pragma: no cover - no file name to keep
        return os.path.realpath(path)
    return os.path.join(os.path.realpath(path.parent), path.name)


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


def written_over(stored: Token, held: Token) -> bool:
    """Whether the token found in the store replaces ``held``, the stale one a manager
    was about to refresh, once the caller knows the store was written by another
    process or manager since it last read or wrote it (see
    ``_TokenAuth._newer_stored``): the order of the writes tells which token is newer
    where times cannot (``held`` has no ``obtained_at``, or a wall clock set back
    between the two refreshes put the newer one's before it).

    It must hold another refresh token (the one ``held`` holds is the one the other
    process spent), and be for the same grant (:func:`_same_grant`).
    """
    if stored.refresh_token == held.refresh_token:
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
