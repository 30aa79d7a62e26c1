"""Tests of AES-128-CBC segment decryption."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beatkit.hls import DecryptionError, decrypt_segment, encrypt_segment

KEY = bytes(range(16))
IV = bytes(range(16, 32))


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=2000),
    st.binary(min_size=16, max_size=16),
    st.binary(min_size=16, max_size=16),
)
def test_round_trip(data: bytes, key: bytes, iv: bytes) -> None:
    ciphertext = encrypt_segment(data, key, iv)
    assert len(ciphertext) % 16 == 0
    assert len(ciphertext) > len(data)
    assert decrypt_segment(ciphertext, key, iv) == data
    assert decrypt_segment(bytearray(ciphertext), key, iv) == data
    assert decrypt_segment(memoryview(ciphertext), key, iv) == data


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_matches_openssl(tmp_path: object) -> None:
    data = os.urandom(5000)
    result = subprocess.run(
        ["openssl", "enc", "-aes-128-cbc", "-K", KEY.hex(), "-iv", IV.hex()],  # noqa: S607
        input=data,
        capture_output=True,
        check=True,
        timeout=30,
    )
    assert decrypt_segment(result.stdout, KEY, IV) == data
    assert encrypt_segment(data, KEY, IV) == result.stdout


@pytest.mark.parametrize("size", [0, 15, 17, 24, 32, 64])
def test_key_must_be_16_bytes(size: int) -> None:
    key = b"\xaa" * size
    with pytest.raises(DecryptionError, match=f"got {size}") as info:
        decrypt_segment(b"\0" * 32, key, IV)
    if key:
        assert key.hex() not in str(info.value)


def test_html_page_as_key() -> None:
    with pytest.raises(DecryptionError, match="HTML"):
        decrypt_segment(b"\0" * 32, b"<html><body>403 Forbidden</body></html>", IV)


@pytest.mark.parametrize("size", [0, 8, 32])
def test_iv_must_be_16_bytes(size: int) -> None:
    with pytest.raises(DecryptionError, match="IV"):
        decrypt_segment(b"\0" * 32, KEY, b"\0" * size)


def test_empty_and_truncated_ciphertext() -> None:
    with pytest.raises(DecryptionError, match="empty"):
        decrypt_segment(b"", KEY, IV)
    ciphertext = encrypt_segment(b"x" * 100, KEY, IV)
    with pytest.raises(DecryptionError, match="multiple of 16"):
        decrypt_segment(ciphertext[:-3], KEY, IV)


def test_bad_padding_is_rejected_strictly() -> None:
    # Last block decrypts to ...0x02 0x03: the final byte claims 3 bytes of padding,
    # but they are not all 0x03.
    clear = b"a" * 13 + b"\x02\x03\x03"
    with_extra = encrypt_segment(clear, KEY, IV)[:16]  # drop the padding block
    with pytest.raises(DecryptionError, match="padding"):
        decrypt_segment(with_extra, KEY, IV)
    for bad_last in (b"\x00", b"\x11"):
        block = encrypt_segment(b"b" * 15 + bad_last, KEY, IV)[:16]
        with pytest.raises(DecryptionError, match="padding"):
            decrypt_segment(block, KEY, IV)


def test_wrong_key_fails_the_padding_check() -> None:
    ciphertext = encrypt_segment(bytes(range(256)) * 4, KEY, IV)
    with pytest.raises(DecryptionError, match="padding"):
        decrypt_segment(ciphertext, bytes(16), IV)
