"""FileTokenStore against files and directories that are not what it expects.

Each case ends in the documented outcome: ``ConfigurationError`` naming the file for
one that holds no token, ``OSError`` for a path that cannot be read or written, or the
right behaviour; never a hang, a raw ``ValueError``/``TypeError``, or a secret shown.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from beatkit.auth import FileTokenStore, RefreshingAuth, Token
from beatkit.errors import ConfigurationError

SECRET = "s3cr3t"
# A bound on a hang, not a duration: the shared store's 160 saves are serialized, each
# with two fsyncs, and on a busy disk (CI, parallel jobs) they took more than 2 s.
WAIT = 30.0
THREADS = 8
SAVES = 20

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
not_root = pytest.mark.skipif(
    os.name == "posix" and os.geteuid() == 0, reason="root ignores permissions"
)


def _token(n: int = 0) -> Token:
    return Token(
        access_token=f"at-{SECRET}-{n}",
        refresh_token=f"rt-{SECRET}-{n}",
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
        extra={"n": n, "pad": "x" * (n * 97 % 4000)},
    )


def _stored(token_fields: object) -> bytes:
    return json.dumps({"version": 1, "token": token_fields}).encode()


CORRUPT = {
    "truncated": _stored(_token().to_dict())[:-7],
    "not json": f"access_token={SECRET}".encode(),
    "json list": json.dumps([_token().to_dict()]).encode(),
    "json string": json.dumps(SECRET).encode(),
    "token missing": b'{"version": 1}',
    "token a list": _stored([]),
    "access_token missing": _stored({"refresh_token": SECRET}),
    "access_token null": _stored({"access_token": None}),
    "access_token number": _stored({"access_token": 5}),
    "refresh_token number": _stored({"access_token": SECRET, "refresh_token": 5}),
    "expires_at number": _stored({"access_token": SECRET, "expires_at": 5}),
    "expires_at naive": _stored({"access_token": SECRET, "expires_at": "2030-01-01T00:00:00"}),
    "expires_at text": _stored({"access_token": SECRET, "expires_at": SECRET}),
    "scope list": _stored({"access_token": SECRET, "scope": ["a"]}),
    "token_type number": _stored({"access_token": SECRET, "token_type": 1}),
    "extra a list": _stored({"access_token": SECRET, "extra": [SECRET]}),
    "version text": b'{"version": "1", "token": {"access_token": "x"}}',
    "not utf-8": b"\xff\xfe\x00" + SECRET.encode(),
    "nul bytes": b"\x00" * 64,
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_a_file_without_a_token_is_a_configuration_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "token.json"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(ConfigurationError, match="corrupt") as info:
        FileTokenStore(path).load()
    assert str(path) in str(info.value)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert info.value.__cause__ is None
    # And through a manager built on the store: the same error, at construction.
    with pytest.raises(ConfigurationError, match="corrupt"):
        RefreshingAuth(
            "https://auth.example.com/token", "cid", store=FileTokenStore(path), hosts="a.example"
        )


def test_a_directory_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        FileTokenStore(tmp_path).load()
    with pytest.raises(IsADirectoryError):
        FileTokenStore(tmp_path).save(_token())


@posix_only
@not_root
def test_an_unreadable_file_is_an_os_error(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token())
    path.chmod(0)
    try:
        with pytest.raises(PermissionError):
            FileTokenStore(path).load()
    finally:
        path.chmod(0o600)


@posix_only
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer: a load that hung for ever.
    path = tmp_path / "token.json"
    os.mkfifo(path, 0o600)
    errors: list[BaseException] = []

    def load() -> None:
        try:
            FileTokenStore(path).load()
        except BaseException as exc:  # recorded for the assertions
            errors.append(exc)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(WAIT)
    if thread.is_alive():
        # Unblock the reader before failing, so no thread is left waiting.
        with open(path, "wb"):
            pass
        thread.join(WAIT)
        pytest.fail("load() waited for a writer on a FIFO")
    assert len(errors) == 1 and isinstance(errors[0], ConfigurationError), errors
    assert "not a regular file" in str(errors[0])


@posix_only
def test_a_symlink_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    # /dev/zero never ends: reading it whole would fill the memory.
    path = tmp_path / "token.json"
    path.symlink_to("/dev/zero")
    with pytest.raises(ConfigurationError, match="not a regular file"):
        FileTokenStore(path).load()


def test_a_file_too_large_to_be_a_token_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    with path.open("wb") as file:
        file.truncate(64 * 1024 * 1024)  # sparse: no disk used
    path.chmod(0o600)
    with pytest.raises(ConfigurationError, match="too large"):
        FileTokenStore(path).load()


@posix_only
def test_a_symlink_to_a_token_file_elsewhere_is_read_then_replaced_by_a_private_file(
    tmp_path: Path,
) -> None:
    # The link is read through; a save replaces the link with a file of its own
    # (atomic, mode 0600) and does not write through it to wherever it points.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.json"
    FileTokenStore(target).save(_token(1))
    link = tmp_path / "token.json"
    link.symlink_to(target)
    store = FileTokenStore(link)
    assert store.load() == _token(1)
    store.save(_token(2))
    assert not link.is_symlink()
    assert stat.S_IMODE(link.stat().st_mode) == 0o600
    assert store.load() == _token(2)
    assert FileTokenStore(target).load() == _token(1)


def test_a_dangling_symlink_loads_as_no_token(tmp_path: Path) -> None:
    link = tmp_path / "token.json"
    link.symlink_to(tmp_path / "missing.json")
    assert FileTokenStore(link).load() is None


def test_saving_into_missing_directories_creates_them(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "token.json"
    FileTokenStore(path).save(_token())
    assert FileTokenStore(path).load() == _token()


def test_saving_under_a_file_is_an_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a"
    blocker.write_bytes(b"not a directory")
    with pytest.raises(OSError):  # noqa: PT011 - which one is the platform's
        FileTokenStore(blocker / "token.json").save(_token())
    assert blocker.read_bytes() == b"not a directory"


@posix_only
@not_root
def test_saving_into_a_read_only_directory_is_an_os_error_and_keeps_the_old_file(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "ro"
    path = directory / "token.json"
    FileTokenStore(path).save(_token(1))
    directory.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            FileTokenStore(path).save(_token(2))
        assert FileTokenStore(path).load() == _token(1)
        assert sorted(p.name for p in directory.iterdir()) == ["token.json"]
    finally:
        directory.chmod(0o700)


@pytest.mark.parametrize("shared", [True, False], ids=["one store", "a store each"])
def test_concurrent_saves_leave_one_whole_private_token_and_no_temp_files(
    tmp_path: Path, shared: bool
) -> None:
    path = tmp_path / "token.json"
    one = FileTokenStore(path)
    start = threading.Barrier(THREADS + 1, timeout=WAIT)
    errors: list[BaseException] = []
    loaded: list[Token | None] = []

    def work(worker: int) -> None:
        store = one if shared else FileTokenStore(path)
        try:
            start.wait()
            for i in range(SAVES):
                store.save(_token(worker * 1000 + i))
                loaded.append(FileTokenStore(path).load())
        except BaseException as exc:  # recorded for the assertions
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    written = {_token(w * 1000 + i) for w in range(THREADS) for i in range(SAVES)}
    assert all(token in written for token in loaded)
    final = FileTokenStore(path).load()
    assert final in written
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["token.json"]


def test_a_directory_error_names_the_path_not_a_file_descriptor(tmp_path: Path) -> None:
    # os.fdopen() refused the directory before the store's own check, so the error
    # read "[Errno 21] Is a directory: 3": the number of a file descriptor, not the path.
    with pytest.raises(IsADirectoryError) as info:
        FileTokenStore(tmp_path).load()
    assert info.value.filename == str(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_an_empty_path_is_refused_when_the_store_is_made() -> None:
    # pathlib reads "" as the working directory: the store was made, and every load
    # failed later with "[Errno 21] Is a directory: '.'".
    with pytest.raises(ValueError, match="empty"):
        FileTokenStore("")
