"""Where token managers keep tokens between runs: in memory or in a private file."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import threading
import warnings
import weakref
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from beatkit._core.files import atomic_file, path_text
from beatkit.auth.token import Token
from beatkit.errors import ConfigurationError

__all__ = ["FileTokenStore", "InsecureTokenFileWarning", "MemoryTokenStore", "TokenStore"]


class InsecureTokenFileWarning(UserWarning):
    """A token file that users other than its owner can read or change.

    :meth:`FileTokenStore.load` still reads it; ``chmod 600`` the file to fix it.
    """


# The file format version, so a later beatkit can read (or refuse) older files.
_FORMAT_VERSION = 1


@runtime_checkable
class TokenStore(Protocol):
    """Somewhere to keep a token. Implementations must be safe to call from several threads."""

    def load(self) -> Token | None:
        """Return the stored token, or ``None`` if there is none."""
        ...

    def save(self, token: Token) -> None:
        """Store ``token``, replacing any previous one."""
        ...

    def clear(self) -> None:
        """Forget the stored token (a no-op when there is none)."""
        ...


class MemoryTokenStore:
    """A token store that lives as long as the object: for tests and short scripts.

    Args:
        token: A token to start with.

    Raises:
        TypeError: ``token`` is neither a :class:`~beatkit.auth.Token` nor ``None``.
    """

    def __init__(self, token: Token | None = None) -> None:
        self._token = None if token is None else _checked(token)

    def load(self) -> Token | None:
        """Return the stored token, or ``None``."""
        return self._token

    def save(self, token: Token) -> None:
        """Store ``token``.

        Raises:
            TypeError: ``token`` is not a :class:`~beatkit.auth.Token`.
        """
        self._token = _checked(token)

    def clear(self) -> None:
        """Forget the stored token."""
        self._token = None

    def __repr__(self) -> str:
        return f"MemoryTokenStore(has_token={self._token is not None})"


class FileTokenStore:
    """A token store backed by one JSON file readable by its owner only.

    Writes are atomic: the token goes to a temporary file in the same directory,
    created with mode ``0600`` (so it is never readable by others, not even for an
    instant), flushed to disk with ``fsync`` and moved over the old file with
    ``os.replace``. A reader therefore sees the old token or the new one,
    never half a file, and a failed write leaves the old file intact.

    A file that exists but cannot be read as a token (truncated, edited by hand,
    not JSON) makes :meth:`load` raise :class:`~beatkit.errors.ConfigurationError`
    rather than silently acting as if no one were logged in: the message names
    the file, so the user can delete it (or call :meth:`clear`) and log in again.

    A store pickles and copies as its path: the copy (in a worker process, say) reads
    and writes the same file.

    Token managers whose stores are one file, in one process or in several, refresh
    one at a time: a refresh holds an advisory lock on a file next to it, named as it
    is with ``.lock`` added (empty, mode ``0600``, deleted on release on POSIX), so a
    process that finds the token stale meanwhile takes the refreshed one from the file
    instead of sending the refresh token again.

    Args:
        path: The file; a leading ``~`` is the home directory (as in a shell), and
            a relative path is taken from the working directory now (a later
            ``os.chdir()`` does not move the store).
            Missing parent directories are created when the token is saved, each
            with mode ``0700`` (whatever the umask); existing ones are left as they are.

    Raises:
        TypeError: ``path`` is not a path (a ``str`` or an ``os.PathLike`` of one).
        ValueError: ``path`` is empty, ends with a path separator (``tokens/``
            names a directory, not the token file), or starts with a ``~`` whose home
            directory cannot be found (``~nosuchuser/``, or no ``HOME`` and no passwd
            entry for this user).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        text = path_text(path, "FileTokenStore path")
        if text == "":
            # pathlib reads "" as the working directory, a directory no load can read.
            raise ValueError("FileTokenStore needs a file path, got an empty one")
        if text.endswith((os.sep, os.altsep or os.sep)):
            # pathlib drops the separator: "tokens/" would save to a file named "tokens".
            raise ValueError(
                f"FileTokenStore needs a file path, got {text!r}, which names a directory "
                f"(it ends with {text[-1]!r}): add the file's name"
            )
        # Expanded here, once: "~/.config/app/token.json" would otherwise create a
        # directory named "~" in whatever the working directory happens to be. Made
        # absolute here too (symlinks left alone): after a chdir() a relative path
        # named another folder's file, away from the token loaded and its lock.
        try:
            expanded = Path(path).expanduser()
        except RuntimeError:
            # pathlib's bare "Could not determine home directory.", naming nothing.
            raise ValueError(
                f"FileTokenStore path {text!r} starts with ~, but that home directory "
                "cannot be found (an unknown user, or no HOME and no passwd entry for "
                "this user): give a full path"
            ) from None
        self.path: Path = expanded.absolute()
        """The token file (``~`` expanded, relative to the working directory when the
        store was made)."""
        self._lock = threading.Lock()
        _FILE_STORES.add(self)

    def load(self) -> Token | None:
        """Read the token from the file.

        A file that users other than its owner can read or change (one copied in,
        restored from a backup, written by another tool) is still read, with an
        :class:`InsecureTokenFileWarning` naming it and the fix (``chmod 600``).
        A file owned by another user (neither the effective user nor root) is
        refused: its owner would choose the token. Running as root, only root's own
        files are read.

        Returns:
            The token, or ``None`` when the file does not exist.

        Raises:
            ConfigurationError: The file exists but does not hold a token, or the
                path names no regular file (a FIFO, a device: not read), one larger
                than any token file (over 1 MiB: not read), or (POSIX) a file owned
                by a user other than the effective one or root (through a symlink
                too: not read). The message names the path, never the content.
            OSError: The path cannot be read (a directory, no permission).
        """
        with self._lock:
            try:
                mode, raw = _read_token_file(self.path)
            except FileNotFoundError:
                return None
        _warn_if_shared(self.path, mode)
        try:
            try:
                data = json.loads(raw)
            except RecursionError:  # ``[[[[...`` deeper than the parser goes
                raise ValueError("nested too deeply") from None
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            version = data.get("version", _FORMAT_VERSION)
            if type(version) is not int or version != _FORMAT_VERSION:
                # Only a number is shown: anything else may be a credential.
                shown = version if type(version) is int else f"of type {type(version).__name__}"
                raise ValueError(f"unsupported format version {shown}")
            token_data = data.get("token")
            if not isinstance(token_data, dict):
                raise ValueError("no token object")
            return Token.from_dict(token_data)
        except (ValueError, TypeError) as exc:
            # The cause is dropped on purpose: a JSONDecodeError carries the whole
            # document, which holds the tokens.
            reason = _describe(exc)
            raise ConfigurationError(
                f"the token file {self.path} is corrupt ({reason}); delete it and log in again"
            ) from None

    def save(self, token: Token) -> None:
        """Write ``token`` to the file atomically, with mode ``0600`` (whatever the umask).

        Args:
            token: The token to store.

        Raises:
            TypeError: ``token`` is not a :class:`~beatkit.auth.Token`, or its
                :attr:`~beatkit.auth.Token.extra` holds a value JSON cannot carry (a
                set, an object, NaN or an infinity, a value that contains itself);
                nothing is written.
            ValueError: The token takes more than 1 MiB as JSON (its
                :attr:`~beatkit.auth.Token.extra`, say): more than :meth:`load` reads
                back; nothing is written.
            OSError: The file could not be written; the previous file is unchanged.
        """
        document = {"version": _FORMAT_VERSION, "token": _checked(token).to_dict()}
        try:
            # allow_nan=False: NaN and infinities are no JSON; written as the tokens NaN
            # and Infinity, they would make a file no other JSON reader takes.
            text = json.dumps(document, indent=2, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as exc:
            # TypeError's message names a type only; ValueError's (a NaN, a circular
            # reference) is replaced: nothing of the token is shown.
            reason = str(exc) if isinstance(exc, TypeError) else _NOT_JSON_VALUE
            raise TypeError(
                f"the token's extra holds a value JSON cannot carry ({reason}); nothing was written"
            ) from None
        payload = text.encode("utf-8")
        if len(payload) > _MAX_FILE:
            # The indentation grows with the square of the nesting (an extra nested 800
            # deep, 1.6 KB of JSON, took 1.3 MB): written compact, load() reads it.
            payload = json.dumps(
                document, separators=(",", ":"), sort_keys=True, allow_nan=False
            ).encode()
        if len(payload) > _MAX_FILE:
            # load() refuses such a file as no token file: nothing is written.
            raise ValueError(
                f"the token is too large to store ({len(payload)} bytes as JSON, over "
                f"{_MAX_FILE // 1024} KiB, which load() would refuse); nothing was written"
            )
        directory = self.path.parent
        with self._lock:
            _make_private_directories(directory)
            # The temporary file is created with mode 0600 and O_EXCL, so no other
            # user can read it and no planted name or symlink is followed; atomic_file
            # fsyncs the directory after the rename (POSIX), so the rename is durable.
            with atomic_file(self.path, mode=0o600) as output:
                _make_private(output.fileno(), 0o600)
                output.write(payload)

    def clear(self) -> None:
        """Delete the file, if it exists.

        Raises:
            OSError: The file cannot be deleted (a directory stands at the path, or
                its folder is not writable).
        """
        with self._lock:
            self.path.unlink(missing_ok=True)

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    def __getstate__(self) -> dict[str, Any]:
        # A store is its path: a copy, or the store rebuilt in a worker process, uses
        # the same file. The lock only orders this process's threads and cannot be
        # pickled, so the copy gets a lock of its own.
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path = state["path"]
        self._lock = threading.Lock()
        _FILE_STORES.add(self)


_FILE_STORES: weakref.WeakSet[FileTokenStore] = weakref.WeakSet()
"""Every file store of this process, for :func:`_after_fork_in_child`."""


def _after_fork_in_child() -> None:
    """In a forked child: each file store's lock afresh. One held by a thread of the
    parent (saving a token as the child was forked) would never be released in the
    child, whose loads and saves through that store would wait for ever."""
    for store in list(_FILE_STORES):
        store._lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)


_NOT_JSON_VALUE = "a NaN or infinite number, or a value that contains itself"

_MAX_FILE = 1024 * 1024
"""The largest token file read, in bytes; a token with its extra fields is a few KiB."""


def _read_token_file(path: Path) -> tuple[int, bytes]:
    """The mode and the content of the token file at ``path``.

    Opened without waiting (a FIFO would wait for a writer), and read only if it is a
    regular file of at most :data:`_MAX_FILE` bytes (``/dev/zero`` never ends).

    Raises:
        FileNotFoundError: There is no file (or a dangling symlink).
        IsADirectoryError: ``path`` is a directory.
        ConfigurationError: Not a regular file, or too large.
        OSError: It cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        # The mode of the file read, not of whatever the path names later. Checked
        # before os.fdopen(), which refuses a directory itself, naming the descriptor
        # ("Is a directory: 3") rather than the path.
        info = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    if stat.S_ISDIR(info.st_mode):
        os.close(fd)
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not _owned_by_us(info):
        os.close(fd)
        raise ConfigurationError(
            f"the token file {path} belongs to another user (uid {info.st_uid}), who "
            "could choose the token used or read the one saved: not read. Delete it, "
            "or log in again (a save replaces it with a file of your own)"
        )
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(info.st_mode):
            raise ConfigurationError(
                f"the token file {path} is not a regular file (a FIFO, a device or a "
                "socket); point the store at a file"
            )
        raw = file.read(_MAX_FILE + 1)
    if info.st_size > _MAX_FILE or len(raw) > _MAX_FILE:
        raise ConfigurationError(
            f"the token file {path} is too large to be a token file (over "
            f"{_MAX_FILE // 1024} KiB); delete it and log in again"
        )
    return info.st_mode, raw


def _owned_by_us(info: os.stat_result) -> bool:
    """Whether the file ``info`` describes belongs to the effective user, or to root
    (an administrator's file: root can change any file anyway). POSIX only.

    Root gets no exemption for other users' files: a root process reading a token file
    a user owns (a ``sudo`` run with the user's home) would act with whatever token
    that user put there.
    """
    geteuid = getattr(os, "geteuid", None)
    if os.name != "posix" or geteuid is None:
        return True
    return info.st_uid in (geteuid(), 0)


def _warn_if_shared(path: Path, mode: int) -> None:
    """Warn when the group or others may read or write the token file (POSIX)."""
    if os.name != "posix" or not mode & (stat.S_IRWXG | stat.S_IRWXO) & ~0o111:
        return
    who = "read" if mode & 0o044 else "change"
    if mode & 0o044 and mode & 0o022:
        who = "read and change"
    warnings.warn(
        f"the token file {path} has mode {stat.S_IMODE(mode):o}: other users can {who} "
        f"the credentials in it; make it private with: chmod 600 {path}",
        InsecureTokenFileWarning,
        stacklevel=3,
    )


def _checked(token: Token) -> Token:
    """``token``, if it is a :class:`Token` (the message never shows what else it was)."""
    if not isinstance(token, Token):
        raise TypeError(f"a token store keeps a Token, not a {type(token).__name__}")
    return token


def _describe(exc: Exception) -> str:
    """Say what was wrong with a token file without quoting any of it."""
    if isinstance(exc, json.JSONDecodeError):
        # JSONDecodeError's own str() is safe (position only); its .doc is not.
        return f"invalid JSON at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    # Our own ValueErrors name fields, never values.
    return str(exc) if type(exc) is ValueError else type(exc).__name__


def _make_private_directories(directory: Path) -> None:
    """Create ``directory`` and its missing parents, each with mode ``0700``.

    ``Path.mkdir(parents=True)`` would give the parents the default mode (``0777``
    less the umask); directories that already exist are left as they are.
    """
    if directory.is_dir():
        return
    if directory.parent != directory:
        _make_private_directories(directory.parent)
    try:
        directory.mkdir(mode=0o700)
    except FileExistsError:
        if directory.is_dir():  # made meanwhile (another process's save): left as it is
            return
        raise
    if os.name == "posix":
        # The umask may have taken the owner's own bits: under ``umask 277`` the folder
        # was 0500, and the save that made it could not create the token file in it.
        with contextlib.suppress(OSError):
            os.chmod(directory, 0o700)


def _make_private(fd: int, mode: int) -> None:
    """Give the file open as ``fd`` exactly ``mode`` (POSIX).

    It was created with ``mode`` less the umask, never wider; but a umask that takes the
    owner's own bits (``umask 277``, ``477``) made a token file its owner could not read
    back, and a lock file other processes of that owner could not open. A file system
    that refuses modes (a FAT or SMB mount), or a file of another user's, keeps the
    mode it was created with.
    """
    if os.name == "posix" and hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, mode)
