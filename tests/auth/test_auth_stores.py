"""Tests for the token stores."""

from __future__ import annotations

import json
import os
import stat
import sys
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from beatkit.auth import (
    FileTokenStore,
    InsecureTokenFileWarning,
    MemoryTokenStore,
    Token,
    TokenStore,
)
from beatkit.errors import ConfigurationError

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")

# Files written here by hand get the umask's mode (0644): their warning is tested on its own.
pytestmark = pytest.mark.filterwarnings("ignore::beatkit.auth.InsecureTokenFileWarning")

SECRET = "s3cr3t"
START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def _token(n: int = 1) -> Token:
    return Token.from_response(
        {
            "access_token": f"at-{SECRET}-{n}",
            "refresh_token": f"rt-{SECRET}-{n}",
            "expires_in": 600,
            "user_id": "u-7",
        },
        now=START,
    )


def test_memory_store_round_trip() -> None:
    store = MemoryTokenStore()
    assert isinstance(store, TokenStore)
    assert store.load() is None
    store.save(_token())
    assert store.load() == _token()
    store.clear()
    assert store.load() is None
    assert SECRET not in repr(MemoryTokenStore(_token()))


def test_file_store_round_trip(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "nested" / "token.json")
    assert isinstance(store, TokenStore)
    assert store.load() is None
    store.save(_token(1))
    assert store.load() == _token(1)
    store.save(_token(2))
    assert store.load() == _token(2)
    assert FileTokenStore(store.path).load() == _token(2)
    store.clear()
    assert store.load() is None
    store.clear()  # clearing twice is fine


@posix_only
def test_file_store_mode_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    old = os.umask(0)
    try:
        FileTokenStore(path).save(_token())
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@posix_only
def test_temp_file_is_created_with_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modes: list[int] = []
    real_open = os.open

    def spy(path: str, flags: int, mode: int = 0o777, *args: object) -> int:
        if str(path).endswith(".part"):  # the temporary file
            modes.append(mode)
            assert flags & os.O_EXCL
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", spy)
    FileTokenStore(tmp_path / "token.json").save(_token())
    assert modes == [0o600]


def test_no_temp_files_are_left(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    for n in range(3):
        store.save(_token(n))
    assert [p.name for p in tmp_path.iterdir()] == ["token.json"]


def test_failed_replace_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    store.save(_token(1))
    before = store.path.read_bytes()

    def boom(src: object, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        store.save(_token(2))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert store.load() == _token(1)
    assert [p.name for p in tmp_path.iterdir()] == ["token.json"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json " + SECRET.encode(),
        b"\xff\xfe",
        b"[]",
        b'{"version": 1}',
        b'{"version": 99, "token": {}}',
        b'{"version": 1, "token": {"access_token": 5}}',
        b'{"version": 1, "token": {"access_token": "a", "expires_at": "tomorrow"}}',
    ],
)
def test_corrupt_file_raises_configuration_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "token.json"
    path.write_bytes(content)
    with pytest.raises(ConfigurationError, match="corrupt") as info:
        FileTokenStore(path).load()
    assert str(path) in str(info.value)
    assert SECRET not in str(info.value)
    assert info.value.__cause__ is None


def test_corrupt_file_message_does_not_quote_tokens(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token())
    path.write_bytes(path.read_bytes()[:-5])  # truncated mid-write by something else
    with pytest.raises(ConfigurationError) as info:
        FileTokenStore(path).load()
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value)


@pytest.mark.parametrize(
    "version", [f'"{SECRET}"', f'["{SECRET}"]', f'{{"access_token": "{SECRET}"}}', "99"]
)
def test_an_unknown_format_version_is_named_without_quoting_the_file(
    tmp_path: Path, version: str
) -> None:
    # Another tool's file (or one edited by hand) may hold a credential where the
    # version goes: the message used to quote it.
    path = tmp_path / "token.json"
    path.write_text(f'{{"version": {version}, "token": {{"access_token": "a"}}}}')
    with pytest.raises(ConfigurationError, match="unsupported format version") as info:
        FileTokenStore(path).load()
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(("version", "shown"), [("true", "of type bool"), ("1.0", "of type float")])
def test_a_version_equal_to_1_but_not_the_integer_is_refused(
    tmp_path: Path, version: str, shown: str
) -> None:
    # ``True == 1`` and ``1.0 == 1`` in Python: the file must say the integer 1.
    path = tmp_path / "token.json"
    path.write_text(f'{{"version": {version}, "token": {{"access_token": "a"}}}}')
    with pytest.raises(ConfigurationError, match=f"unsupported format version {shown}"):
        FileTokenStore(path).load()


def test_stored_token_keeps_expiry_and_extra(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    store.save(_token())
    loaded = store.load()
    assert loaded is not None
    assert loaded.expires_at == START + timedelta(seconds=600)
    assert loaded.extra == {"user_id": "u-7"}
    assert SECRET not in repr(store)


@pytest.mark.parametrize("expires_at", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00"])
def test_expiry_beyond_utc_range_is_a_corrupt_file(tmp_path: Path, expires_at: str) -> None:
    path = tmp_path / "token.json"
    token = {"access_token": f"at-{SECRET}", "expires_at": expires_at}
    path.write_text(json.dumps({"version": 1, "token": token}))
    with pytest.raises(ConfigurationError, match="corrupt") as info:
        FileTokenStore(path).load()
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b'{"version": 1, "token": {"access_token": "a", "extra": {"x": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}}",
    ],
)
def test_file_nested_too_deeply_is_a_corrupt_file(tmp_path: Path, content: bytes) -> None:
    # json.loads gives up with RecursionError on such a file: still a corrupt file.
    path = tmp_path / "token.json"
    path.write_bytes(content)
    with pytest.raises(ConfigurationError, match="corrupt") as info:
        FileTokenStore(path).load()
    assert info.value.__cause__ is None


@posix_only
def test_every_missing_parent_directory_is_created_0700(tmp_path: Path) -> None:
    # The docstring: "Missing parent directories are created (mode 0700)"; not only
    # the last one (Path.mkdir(parents=True) gives the others the default mode).
    (tmp_path / "home").mkdir(mode=0o755)
    path = tmp_path / "home" / "config" / "beatkit" / "token.json"
    old = os.umask(0)
    try:
        FileTokenStore(path).save(_token())
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "home" / "config").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "home").st_mode) == 0o755  # existing: untouched
    assert FileTokenStore(path).load() == _token()


@pytest.mark.parametrize("bad", [None, "at-" + SECRET, {"access_token": "at-" + SECRET}])
def test_stores_refuse_what_is_not_a_token(tmp_path: Path, bad: object) -> None:
    # Refused on the way in with a TypeError that does not show the value, rather than
    # an AttributeError from save() or, for the memory store, kept and handed to a
    # token manager that fails on it at its first request.
    path = tmp_path / "token.json"
    with pytest.raises(TypeError, match="Token") as info:
        FileTokenStore(path).save(bad)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)
    assert not path.exists()
    memory = MemoryTokenStore(_token())
    with pytest.raises(TypeError, match="Token") as info:
        memory.save(bad)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)
    assert memory.load() == _token()
    if bad is not None:
        with pytest.raises(TypeError, match="Token"):
            MemoryTokenStore(bad)  # type: ignore[arg-type]


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o606])
def test_a_token_file_other_users_can_read_or_change_is_warned_about(
    tmp_path: Path, mode: int
) -> None:
    # A file copied in, restored from a backup or written by another tool may be
    # readable by the group or everyone: the token was read from it silently.
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token())
    path.chmod(mode)
    with pytest.warns(InsecureTokenFileWarning) as record:
        token = FileTokenStore(path).load()
    assert token == _token()  # still read: the warning says how to fix it
    (warning,) = record
    message = str(warning.message)
    assert str(path) in message
    assert "chmod 600" in message
    assert oct(mode)[2:] in message
    assert SECRET not in message
    assert warning.filename == __file__  # points at the caller, not at beatkit
    assert issubclass(InsecureTokenFileWarning, UserWarning)


@posix_only
def test_a_private_token_file_loads_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token())
    for mode in (0o600, 0o400):
        path.chmod(mode)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert FileTokenStore(path).load() == _token()


def _circular() -> dict[str, object]:
    extra: dict[str, object] = {}
    extra["self"] = extra
    return extra


@pytest.mark.parametrize(
    "extra",
    [{"ids": {1, 2}}, {"n": float("nan")}, {"n": float("inf")}, {"nested": [-float("inf")]}],
    ids=["set", "nan", "inf", "nested-inf"],
)
def test_extra_json_cannot_carry_is_refused_and_nothing_is_written(
    tmp_path: Path, extra: dict[str, object]
) -> None:
    # NaN and infinities are no JSON: written as the tokens NaN and Infinity, the file
    # would be one that no other JSON reader takes.
    path = tmp_path / "token.json"
    store = FileTokenStore(path)
    store.save(Token(access_token="old"))
    before = path.read_bytes()
    with pytest.raises(TypeError, match="extra"):
        store.save(Token(access_token="new", extra=extra))
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["token.json"]


def test_a_circular_extra_is_refused_with_a_type_error(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    with pytest.raises(TypeError, match="extra"):
        FileTokenStore(path).save(Token(access_token="new", extra=_circular()))
    assert not path.exists()
