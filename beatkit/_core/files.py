"""Writing downloads to disk: all or nothing, with progress reports."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from attrs import frozen

from beatkit._core.encoding import content_codings
from beatkit.errors import _printable

__all__ = [
    "FileProgress",
    "FileProgressCallback",
    "SavedFile",
    "atomic_file",
    "check_directory",
    "content_length",
    "expected_size",
    "path_text",
]


@frozen
class FileProgress:
    """A progress report, passed to a ``progress`` callback after each chunk is written."""

    bytes_written: int
    """Bytes written so far."""
    bytes_total: int | None
    """The size the server announced (``Content-Length``), or ``None`` when it did not
    (or sent the body compressed: its ``Content-Length`` then counts compressed bytes)."""


@frozen
class SavedFile:
    """What a download wrote."""

    path: Path
    """The destination file."""
    bytes_written: int
    """Size of the file in bytes."""
    content_type: str | None
    """The server's ``Content-Type``, if it sent one."""


FileProgressCallback = Callable[[FileProgress], object]
"""The type of ``progress=`` callbacks of file downloads."""


def content_length(value: str | None) -> int | None:
    """The ``Content-Length`` header as a number, or ``None`` when absent or malformed."""
    # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and other
    # scripts' digits ("٣", which int() reads as 3).
    text = "" if value is None else value.strip(" \t")
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def expected_size(headers: Mapping[str, str]) -> int | None:
    """The size of the file a body makes, as its headers announce it.

    ``Content-Length``, unless the body is content-encoded (``gzip``...): that length
    counts the bytes on the wire, and the file gets the decoded ones. A
    ``Content-Encoding`` label that names no registered coding (``none``, ``binary``,
    from misconfigured servers) is no coding: the body is written as sent, and is as
    long as its ``Content-Length`` says.

    Args:
        headers: The response's headers (looked up case-insensitively, as
            ``httpx.Headers`` does).

    Returns:
        The size in bytes, or ``None`` when it is unknown.
    """
    if content_codings(headers):
        return None
    return content_length(headers.get("Content-Length"))


def path_text(value: object, name: str) -> str:
    """``value`` as the text of a path, or a ``TypeError`` that names the argument.

    os.fspath's own "expected str, bytes or os.PathLike object" names no argument, and
    bytes get as far as pathlib's "argument should be a str object".

    Args:
        value: What the caller gave as a path.
        name: The argument, for the message (``"dest"``...).

    Raises:
        TypeError: ``value`` is not a ``str`` or an ``os.PathLike`` of one (``None``, a
            number, ``bytes``).
        ValueError: The text holds a NUL, which no file name can (``os.stat`` and
            ``open`` refuse it with a bare "embedded null byte" naming nothing).
    """
    text = os.fspath(value) if isinstance(value, os.PathLike) else value
    if not isinstance(text, str):
        raise TypeError(
            f"{name} must be a path (a str or an os.PathLike such as pathlib.Path), "
            f"got {type(value).__name__}"
        )
    if "\x00" in text:
        raise ValueError(f"{name} holds a NUL character, which no path can")
    return text


def check_directory(dest: str | os.PathLike[str]) -> None:
    """Fail early, before any request, when ``dest`` cannot be created for lack of a directory.

    Raises:
        FileNotFoundError: The directory of ``dest`` does not exist.
        IsADirectoryError: ``dest`` is itself a directory (the rename at the end
            would fail after the whole download), or its text ends with a path separator
            (``downloads/``) or a last name ``.`` (``downloads/.``), which names a
            directory whether or not it exists.
        PermissionError: The directory of ``dest`` cannot be written (no permission,
            or a read-only file system), so the temporary file could not be created;
            or ``dest`` belongs to another user in a sticky directory (``/tmp``), so
            the rename could not replace it.
        OSError: ``dest`` is a FIFO, a device or a socket, which the rename would replace,
            or is inside ``/proc`` (``/dev/fd/1``), where no file can be created; or
            its name is longer than the file system takes, or its directory's path
            leaves no room for the temporary file's name beside it (``errno``
            ``ENAMETOOLONG``).
        TypeError: ``dest`` is not a path (a ``str`` or an ``os.PathLike`` of one):
            ``None``, a number, ``bytes``.
        ValueError: ``dest`` is empty (pathlib reads ``""`` as the working directory).
    """
    text = path_text(dest, "dest")
    if text == "":
        raise ValueError("cannot save to an empty path: name the file to write")
    # A name that is not UTF-8 holds lone surrogates: shown as their escapes, or no
    # UTF-8 log handler (nor print()) could write the message.
    shown = _printable(text)
    if text.endswith((os.sep, os.altsep or os.sep)):
        # pathlib drops the separator: "downloads/" would become a file "downloads", and
        # "track.aac/" would replace the file track.aac, where open() refuses both.
        raise IsADirectoryError(
            f"cannot save to {shown}: it ends with {text[-1]!r}, so it names a directory, "
            "not a file: add the file's name"
        )
    last = text
    for separator in (os.sep, os.altsep or os.sep):
        last = last.rpartition(separator)[2]
    if last == "." and text != ".":
        # pathlib drops it too: "track.aac/." became track.aac, replaced, and
        # "downloads/." a file "downloads", where open() refuses both.
        raise IsADirectoryError(
            f"cannot save to {shown}: its last name is '.', so it names a directory, "
            "not a file: add the file's name"
        )
    directory = Path(dest).parent
    if not directory.is_dir():
        raise FileNotFoundError(
            f"cannot save to {shown}: no directory {_printable(str(directory))}"
        )
    if _in_proc(directory):
        # /dev/fd/1 or /proc/self/fd/1 naming a regular file passes the checks below, and
        # the temporary file could not be created there, after the request.
        raise OSError(
            f"cannot save to {shown}: it is inside /proc or /dev/fd (a process's open "
            "files), where no file can be created"
        )
    if Path(dest).is_dir():
        raise IsADirectoryError(f"cannot save to {shown}: it is a directory, not a file name")
    _refuse_special(dest)
    # The temporary file goes beside dest, so the directory must take a new file: found
    # out here, not after the request (and a short-lived download URL) went out.
    effective = os.access in os.supports_effective_ids
    if not os.access(directory, os.W_OK | os.X_OK, effective_ids=effective):
        raise PermissionError(
            f"cannot save to {shown}: the directory {_printable(str(directory))} is not writable"
        )
    if _sticky_keeps(directory, dest):
        raise PermissionError(
            f"cannot save to {shown}: it belongs to another user, and its directory "
            f"{_printable(str(directory))} is sticky (as /tmp is), so only its owner "
            "may replace it"
        )
    if _temp_room(_anchored(directory)) < 0:
        # Its path leaves no room for the temporary file's: refused now, of dest, not
        # after the request as "File name too long" of the hidden name.
        raise OSError(
            errno.ENAMETOOLONG,
            "File name too long: its directory's path leaves no room for the temporary "
            f"file beside it (a {_TEMP_EXTRA}-byte name or longer)",
            text,
        )


def _sticky_keeps(directory: Path, dest: str | os.PathLike[str]) -> bool:
    """Whether the rename over an existing ``dest`` would be refused by ``directory``'s
    sticky bit: only the owner of the file or of the directory (or root) may replace it."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return False
    user = geteuid()
    if user == 0:
        return False
    try:
        folder = os.stat(directory)
        target = os.lstat(dest)  # the entry the rename replaces: a link, not its target
    except OSError:
        return False
    return bool(folder.st_mode & stat.S_ISVTX) and user not in (folder.st_uid, target.st_uid)


def _in_proc(directory: Path) -> bool:
    """Whether ``directory`` is ``/proc`` or inside it, through links (Linux's ``/dev/fd``),
    or is ``/dev/fd`` where that is a file system of its own (macOS, the BSDs)."""
    real = os.path.realpath(directory)
    return any(real == top or real.startswith(f"{top}/") for top in ("/proc", "/dev/fd"))


def _special(kind: int) -> str | None:
    """What a file of mode ``kind`` is when it is no regular file or directory, else None."""
    if stat.S_ISREG(kind) or stat.S_ISDIR(kind) or stat.S_ISLNK(kind):
        return None
    return "a FIFO" if stat.S_ISFIFO(kind) else "a socket" if stat.S_ISSOCK(kind) else "a device"


def _refuse_special(dest: str | os.PathLike[str]) -> None:
    """Refuse a ``dest`` the rename would destroy: a FIFO, a device (``/dev/null``), a socket,
    or a symlink that leads to one or into ``/proc`` (``/dev/stdout``)."""
    try:
        kind = os.lstat(dest).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    shown = _printable(os.fspath(dest))
    what = _special(kind)
    if what is not None:
        raise OSError(f"cannot save to {shown}: it is {what}, not a regular file")
    if not stat.S_ISLNK(kind):
        return  # a directory fails at the rename
    # A symlink is replaced, not written through, as documented; but not one that names
    # a device or a process's open file, as /dev/stdout (-> /proc/self/fd/1) does: run
    # as root, the rename would swap the system's link for a file, whatever stdout is.
    if os.readlink(dest).startswith("/proc/"):
        raise OSError(
            f"cannot save to {shown}: it is a link into /proc (a process's open file, such "
            "as standard output), not a regular file"
        )
    try:
        what = _special(os.stat(dest).st_mode)
    except OSError:
        return  # dangling, or a loop: nothing behind it to keep
    if what is not None:
        raise OSError(f"cannot save to {shown}: it is a symlink to {what}, not a regular file")


# O_EXCL and O_NOFOLLOW: a planted file or symlink under the temporary name is never
# opened. The rest matter on Windows only (binary mode, not inherited by children).
_TEMP_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOINHERIT", 0)
)
_TEMP_ATTEMPTS = 100
# What the temporary name adds to its stem, in bytes: ".", ".XXXXXXXX.part".
_TEMP_EXTRA = len("..00000000.part")
# The longest file name and the usual longest path (with its NUL), in bytes, where the
# file system does not say.
_NAME_MAX = 255
_PATH_MAX = 4096


def _limit(directory: Path, name: str, default: int | None) -> int | None:
    """The file system's ``pathconf`` limit ``name`` in ``directory``, else ``default``."""
    pathconf = getattr(os, "pathconf", None)
    if pathconf is None:
        return default
    try:
        value = int(pathconf(directory, name))
    except (OSError, ValueError):
        return default
    return value if value > 0 else default  # -1: no limit said


def _temp_room(directory: Path) -> int:
    """How many bytes of the destination's name a temporary name in ``directory`` keeps.

    The temporary name must fit where the name itself does: in the file system's
    longest name (``NAME_MAX``: 255 bytes at most, fewer on some) and, with the
    directory before it, in the longest path (``PATH_MAX``: 4096 bytes with the NUL
    on Linux). Negative when even an empty stem does not fit.
    """
    # Never past 255: a file system that says more (FUSE, reiserfs) may still take no more.
    name_max = _limit(directory, "PC_NAME_MAX", _NAME_MAX) or _NAME_MAX
    room = min(name_max, _NAME_MAX) - _TEMP_EXTRA
    # Windows has no pathconf, and its limit is not one of bytes: none is applied there.
    path_max = _limit(directory, "PC_PATH_MAX", _PATH_MAX if os.name == "posix" else None)
    if path_max is not None:
        # The bytes before the name, as os.open gets them ("dir/", or none for ".").
        before = len(os.fsencode(str(directory / "x"))) - 1
        room = min(room, path_max - 1 - before - _TEMP_EXTRA)
    return room


def _temp_stem(directory: Path, name: str) -> str:
    """``name`` cut to fit in a temporary name: a name ``open()`` takes must work here too."""
    room = max(_temp_room(directory), 0)
    stem = name[:room]
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem


def _anchored(directory: Path) -> Path:
    """``directory`` made absolute once, so that an ``os.chdir()`` meanwhile (another
    thread's, a callback's) does not move where the temporary file is renamed, removed
    or fsynced. ``..`` is kept as it is (a symlink before it leads elsewhere than its
    text); kept relative when the working directory is gone, or its absolute path
    would leave no room for the temporary name that the relative one has room for."""
    if directory.is_absolute():
        return directory
    try:
        absolute = Path(os.getcwd()) / directory
    except OSError:
        return directory
    return absolute if _temp_room(absolute) >= 0 or _temp_room(directory) < 0 else directory


def _create_temp(directory: Path, name: str, mode: int, dest: Path) -> tuple[int, Path]:
    """Create a new, empty temporary file beside ``name`` in ``directory``; the umask
    applies to ``mode``. A lack of space is said of ``dest``, as the caller named it."""
    stem = _temp_stem(directory, name)
    for _ in range(_TEMP_ATTEMPTS):
        candidate = directory / f".{stem}.{secrets.token_hex(4)}.part"
        try:
            return os.open(candidate, _TEMP_FLAGS, mode), candidate
        except FileExistsError:
            continue
        except OSError as exc:
            # No inode or quota left for a new file: said of the destination, as a
            # write that fails for lack of space is, never of the hidden name.
            if exc.errno in _STORAGE_ERRORS and exc.strerror is not None:
                raise OSError(exc.errno, exc.strerror, str(dest)) from exc
            raise
    raise FileExistsError(
        f"no unused temporary file name beside {_printable(name)} in {_printable(str(directory))}"
    )


def _mode_of(path: Path) -> int | None:
    """The permission bits of an existing file, ``None`` when there is none (a dangling
    symlink, or a loop of them, leads to no file: the link itself is replaced)."""
    try:
        return path.stat().st_mode & 0o777
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise


# A write or fsync that fails for one of these says nothing of the file ("[Errno 28] No
# space left on device"): the destination is named in the error instead.
_STORAGE_ERRORS = frozenset(
    code
    for code in (
        errno.ENOSPC,
        getattr(errno, "EDQUOT", None),
        errno.EFBIG,
        errno.EIO,
        errno.EROFS,
    )
    if code is not None
)


def _named(exc: BaseException, dest: Path) -> BaseException:
    """``exc`` naming ``dest`` when it is a storage failure that names no file."""
    if (
        isinstance(exc, OSError)
        and exc.errno in _STORAGE_ERRORS
        and exc.filename is None
        and exc.strerror is not None
    ):
        return OSError(exc.errno, exc.strerror, str(dest))
    return exc


@contextlib.contextmanager
def atomic_file(dest: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``dest`` that replaces ``dest`` only on success.

    The temporary file is created with ``O_EXCL`` (never an existing file or a
    symlink), flushed and fsynced, then renamed over ``dest`` when the block
    ends normally, and the directory is fsynced (on POSIX) so that the rename
    outlives a power cut. On any exception (cancellation included) the temporary
    file is removed (left behind only when the OS refuses to delete it), ``dest``,
    if it existed, is left as it was, and the exception is raised as it came
    (neither a full disk failing the flush of what was still buffered nor a
    failed removal replaces it). A relative ``dest`` is the file it named when
    the block began: an ``os.chdir()`` meanwhile (another thread's, a callback's)
    does not move it.

    Permissions: by default the file gets the mode a plain ``open()`` would give
    it (``0666`` less the process umask, so a media server running as another
    user can read a download), and a file it replaces keeps its mode. ``mode``
    forces the permission bits from the first byte on, whatever file was there
    before (the token store passes ``0o600``); the umask still applies, so it can
    only make them stricter.

    Args:
        dest: The file to write.
        mode: The permission bits to create the file with, or ``None`` for the
            default above.

    Raises:
        FileNotFoundError: The directory of ``dest`` does not exist.
        IsADirectoryError: ``dest`` is a directory, or ends with a path separator
            (or a last name ``.``).
        PermissionError: The directory cannot be written, or is sticky and ``dest``
            belongs to another user.
        OSError: ``dest`` is a FIFO, a device or a socket (the rename would replace
            it with a file) or inside ``/proc``, its name is too long (or its
            directory's path leaves no room for the temporary file's), or writing
            failed (a full disk...). All but the
            last are raised before the block runs, and name ``dest``; creating the
            temporary file or writing it, when that fails for lack of space or
            quota, or a disk error, names ``dest`` too (``filename``), with the OS's
            ``errno``. A ``dest`` that is a file mounted on its own (a container's
            one-file volume) cannot be renamed over: ``errno.EBUSY``, naming ``dest``.
        TypeError: ``dest`` is not a ``str`` or an ``os.PathLike`` of one.
        ValueError: ``dest`` is empty.
    """
    # Said of dest, before anything is written: os.open would name the temporary file
    # ("No such file or directory: '.out.1f2e3d4c.part'"), and a directory at dest would
    # fail only at the rename, after the whole write. Checked before Path() turns ""
    # into ".".
    check_directory(dest)
    path = Path(dest)
    # Every step below goes to this one directory, whatever os.chdir() happens meanwhile;
    # errors still name dest as given.
    directory = _anchored(path.parent if str(path.parent) else Path())
    target = directory / path.name
    keep = _mode_of(target) if mode is None else None
    handle, temp = _create_temp(directory, path.name, 0o666 if mode is None else mode, path)
    try:
        try:
            output = os.fdopen(handle, "wb")
        except BaseException:
            os.close(handle)
            raise
        with output:
            if keep is not None and hasattr(os, "fchmod"):
                os.fchmod(output.fileno(), keep)
            try:
                yield output
            except BaseException:
                # Closing flushes what is still buffered; on a full disk that fails,
                # and its OSError must not take the place of the block's own error
                # (a Ctrl-C, a cancellation): the file is deleted anyway.
                with contextlib.suppress(OSError):
                    output.close()
                raise
            output.flush()
            os.fsync(output.fileno())
        try:
            os.replace(temp, target)
        except OSError as exc:
            if exc.errno != errno.EBUSY:
                raise
            # A file mounted on its own (a container's one-file volume) cannot be renamed
            # over: say so, naming dest, not the temporary file the rename came from.
            raise OSError(
                errno.EBUSY,
                "it is a mount point (a file mounted on its own, as a container volume of "
                "one file is), which cannot be replaced: mount its directory instead",
                str(path),
            ) from exc
    except BaseException as exc:
        # A temporary file that cannot be removed (an I/O error, a file system gone
        # read-only) is left behind; the error raised is still the one that failed the
        # write, never the cleanup's.
        with contextlib.suppress(OSError):
            os.unlink(temp)
        named = _named(exc, path)
        if named is not exc:
            raise named from exc
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable, where the platform allows it (POSIX).

    A failure is ignored: the file is in place by then, and some file systems refuse
    to fsync a directory.
    """
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
