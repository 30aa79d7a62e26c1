"""``beatkit hls decrypt`` on inputs of any size: streamed, all or nothing, exact messages."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

import beatkit.cli.hls
from beatkit.hls import decrypt_segment, encrypt_segment
from tests.hls._cli import IV, KEY, run


def _decrypt(source: Path, target: Path) -> int:
    return run("hls", "decrypt", str(source), str(target), "--key", KEY.hex(), "--iv", IV.hex())


def test_a_large_input_is_decrypted_without_holding_it_in_memory(tmp_path: Path) -> None:
    # The command read the whole input, then built the clear text beside it and a copy
    # of that: three times the file in memory, and a MemoryError traceback for a file
    # larger than memory (or /dev/zero).
    size = 24 * 1024 * 1024
    clear = os.urandom(size)
    source = tmp_path / "in.ts"
    source.write_bytes(encrypt_segment(clear, KEY, IV))
    digest = hashlib.sha256(clear).digest()
    del clear
    target = tmp_path / "out.ts"
    tracemalloc.start()
    try:
        assert _decrypt(source, target) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < size // 3
    assert hashlib.sha256(target.read_bytes()).digest() == digest


@pytest.mark.parametrize("chunk", [16, 17, 48, 1000])
@pytest.mark.parametrize("length", [0, 1, 15, 16, 17, 31, 32, 33, 999, 1000, 4096])
def test_every_chunking_gives_the_one_shot_result(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, chunk: int, length: int
) -> None:
    monkeypatch.setattr(beatkit.cli.hls, "_DECRYPT_CHUNK", chunk)
    clear = bytes(index % 251 for index in range(length))
    source = tmp_path / "in.ts"
    source.write_bytes(encrypt_segment(clear, KEY, IV))
    target = tmp_path / "out.ts"
    assert _decrypt(source, target) == 0
    assert target.read_bytes() == clear == decrypt_segment(source.read_bytes(), KEY, IV)


def test_a_truncated_input_is_named_by_its_whole_length_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(beatkit.cli.hls, "_DECRYPT_CHUNK", 64)
    source = tmp_path / "in.ts"
    source.write_bytes(encrypt_segment(bytes(1000), KEY, IV)[:-5])
    assert _decrypt(source, tmp_path / "out.ts") == 1
    assert capsys.readouterr().err == (
        "beatkit hls: error: ciphertext length 1003 is not a multiple of 16 (truncated download?)\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.ts"]


def test_bad_padding_after_many_chunks_writes_nothing_and_keeps_the_old_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(beatkit.cli.hls, "_DECRYPT_CHUNK", 64)
    source = tmp_path / "in.ts"
    # A bit flipped in the last but one block flips the same bit of the last clear byte:
    # the padding, checked only once the whole input was read, is then wrong.
    data = bytearray(encrypt_segment(bytes(1000), KEY, IV))
    data[-17] ^= 0x01
    source.write_bytes(bytes(data))
    target = tmp_path / "out.ts"
    target.write_bytes(b"previous")
    assert _decrypt(source, target) == 1
    assert "bad PKCS#7 padding" in capsys.readouterr().err
    assert target.read_bytes() == b"previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.ts", "out.ts"]


def test_an_empty_input_is_refused_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.ts"
    source.write_bytes(b"")
    assert _decrypt(source, tmp_path / "out.ts") == 1
    assert capsys.readouterr().err == "beatkit hls: error: ciphertext is empty\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.ts"]


def test_a_missing_input_is_reported_before_the_output_is_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.ts"
    target.write_bytes(b"previous")
    assert _decrypt(tmp_path / "missing.ts", target) == 1
    assert "missing.ts" in capsys.readouterr().err
    assert target.read_bytes() == b"previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.ts"]
