"""Keys, IVs and segments given as any bytes-like object are measured in bytes.

``len()`` of a memoryview counts items, not bytes: a 16-byte key viewed as four
32-bit integers was refused as "got 4", a segment so viewed was judged 4x too short,
and ``encrypt_segment`` let cryptography's own ValueError out. A non-contiguous view
failed with a raw ``BufferError``.
"""

from __future__ import annotations

import os
from array import array

import pytest

from beatkit.hls import DecryptionError, decrypt_segment, encrypt_segment

KEY = bytes(range(16))
IV = bytes(range(16, 32))


def test_a_key_and_iv_viewed_as_wider_items_are_their_bytes() -> None:
    clear = os.urandom(100)
    data = encrypt_segment(clear, KEY, IV)
    assert decrypt_segment(data, memoryview(KEY).cast("I"), memoryview(IV).cast("Q")) == clear
    assert encrypt_segment(clear, array("I", KEY), memoryview(IV).cast("I")) == data


def test_a_segment_viewed_as_wider_items_is_its_bytes() -> None:
    clear = os.urandom(64)
    data = encrypt_segment(clear, KEY, IV)
    assert decrypt_segment(memoryview(data).cast("I"), KEY, IV) == clear
    assert encrypt_segment(memoryview(clear).cast("I"), KEY, IV) == data


def test_a_non_contiguous_view_is_read_in_order() -> None:
    clear = os.urandom(48)
    data = encrypt_segment(clear, KEY, IV)
    spread = bytearray(2 * len(data))
    spread[::2] = data
    assert decrypt_segment(memoryview(spread)[::2], KEY, IV) == clear
    assert encrypt_segment(memoryview(bytes(2 * len(clear)))[::2], KEY, IV) == encrypt_segment(
        bytes(len(clear)), KEY, IV
    )


def test_a_wrong_size_is_said_in_bytes() -> None:
    with pytest.raises(DecryptionError, match="exactly 16 bytes, got 32"):
        decrypt_segment(bytes(16), memoryview(bytes(32)).cast("I"), IV)
    with pytest.raises(DecryptionError, match="ciphertext length 20 "):
        decrypt_segment(memoryview(bytes(20)).cast("I"), KEY, IV)


@pytest.mark.parametrize("bad", ["0123456789abcdef", 16, [0] * 16])
def test_what_is_not_bytes_like_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        decrypt_segment(bytes(16), bad, IV)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encrypt_segment(bad, KEY, IV)  # type: ignore[arg-type]
