"""A raw-deflate body is decoded whatever size its first read is.

``deflate`` is meant to be zlib-wrapped and is often sent raw: the decoder tries the
zlib header and falls back to raw deflate. Judged on a first read of one byte, before
a zlib header (two bytes) could be told from raw data, the fallback never happened:
"incorrect header check" on the second read, and a good file refused.
"""

from __future__ import annotations

import zlib

import httpx
import pytest

from beatkit._core.encoding import BodyCutShort, StrictDecoder

PAYLOAD = bytes(range(256)) * 64
REQUEST = httpx.Request("GET", "https://cdn.test/file.mp4")


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


def _decoded(body: bytes, sizes: list[int]) -> bytes:
    decoder = StrictDecoder("deflate", REQUEST)
    out = []
    start = 0
    for size in sizes:
        out.append(decoder.decode(body[start : start + size]))
        start += size
    out.append(decoder.decode(body[start:]))
    out.append(decoder.finish())
    return b"".join(out)


@pytest.mark.parametrize("wrapped", [False, True], ids=["raw", "zlib"])
@pytest.mark.parametrize("sizes", [[1], [1, 1], [1, 1, 1], [0, 1], [2], [3]])
def test_a_deflate_body_whose_first_reads_are_short_is_decoded(
    wrapped: bool, sizes: list[int]
) -> None:
    body = zlib.compress(PAYLOAD) if wrapped else _raw_deflate(PAYLOAD)
    assert _decoded(body, sizes) == PAYLOAD


def test_the_reproducer_of_the_report() -> None:
    raw = _raw_deflate(PAYLOAD)
    decoder = StrictDecoder("deflate", REQUEST)
    out = decoder.decode(raw[:1]) + decoder.decode(raw[1:]) + decoder.finish()
    assert out == PAYLOAD


@pytest.mark.parametrize("body", [b"x", _raw_deflate(PAYLOAD)[:1], zlib.compress(PAYLOAD)[:1]])
def test_a_body_of_one_byte_is_cut_short_not_an_empty_file(body: bytes) -> None:
    decoder = StrictDecoder("deflate", REQUEST)
    assert decoder.decode(body) == b""
    with pytest.raises(BodyCutShort):
        decoder.finish()


def test_an_empty_body_is_still_an_empty_file() -> None:
    decoder = StrictDecoder("deflate", REQUEST)
    assert decoder.decode(b"") == b""
    assert decoder.finish() == b""


def test_bytes_that_are_no_deflate_data_are_still_refused() -> None:
    decoder = StrictDecoder("deflate", REQUEST)
    assert decoder.decode(b"\xff") == b""  # held: one byte says nothing yet
    with pytest.raises(httpx.DecodingError):
        decoder.decode(b"\xff" * 64)
