"""Decoding a download's ``gzip`` or ``deflate`` body to its last byte, or failing.

httpx's decoders stop where the compressed data stops: a stream cut short ends the
body with no error (a truncated file saved as if whole), and of a ``gzip`` body made
of several members (RFC 1952 section 2.2, what ``cat a.gz b.gz`` gives) only the first
is decoded, the rest dropped. A file must be all or nothing, so a download decodes its
body here instead.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from httpx._decoders import SUPPORTED_DECODERS

__all__ = ["CONTENT_CODINGS", "BodyCutShort", "StrictDecoder", "check_decodable"]

_GZIP_MAGIC = b"\x1f\x8b"

CONTENT_CODINGS = frozenset(
    {
        "aes128gcm",
        "br",
        "compress",
        "dcb",
        "dcz",
        "deflate",
        "exi",
        "gzip",
        "pack200-gzip",
        "x-compress",
        "x-gzip",
        "zstd",
    }
)
"""The content codings IANA registers (identity aside)."""


def check_decodable(response: httpx.Response) -> None:
    """Refuse a body in a registered content coding httpx has no decoder for.

    httpx passes such a body through as it is (``compress``, ``x-gzip``, or ``br``
    without brotli installed): a download would be saved still encoded, as if it were
    the file. A label that names no registered coding (``none``, ``binary``, from
    misconfigured servers) is ignored, as browsers ignore it.

    Raises:
        httpx.DecodingError: The body is in such a coding.
    """
    labels = response.headers.get_list("Content-Encoding", split_commas=True)
    codings = [label.strip().lower() for label in labels]
    if all(coding not in CONTENT_CODINGS or coding in SUPPORTED_DECODERS for coding in codings):
        return
    raise httpx.DecodingError(
        "no decoder for it is available here: refused, not written still encoded",
        request=response.request,
    )


class BodyCutShort(httpx.RemoteProtocolError):
    """The body ended inside its compressed data: the transfer was cut short.

    A transport error (the server's answer did not arrive whole), so a download is
    retried from its first byte as for a body shorter than its ``Content-Length``.
    """

    def __init__(self, coding: str, request: httpx.Request) -> None:
        self.detail = f"the body ends inside its {coding} data: the transfer was cut short"
        super().__init__(self.detail, request=request)


class StrictDecoder:
    """Decodes one ``gzip`` (every member) or ``deflate`` body, and checks its end.

    Args:
        coding: ``"gzip"`` or ``"deflate"``.
        request: The request the body answers, for the errors.
    """

    def __init__(self, coding: str, request: httpx.Request) -> None:
        self.coding = coding
        self._request = request
        self._gzip = coding == "gzip"
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._first = True
        # A "deflate" body's first byte, held until a second one comes: a zlib header
        # (two bytes) cannot be told from raw deflate data on one.
        self._head = b""
        self._ended = False
        # After a member's end: bytes not yet known to start another one (or padding).
        self._after = b""

    @classmethod
    def take(cls, response: httpx.Response) -> StrictDecoder | None:
        """The decoder for ``response``'s body when it is one ``gzip`` or ``deflate``
        coding httpx has not decoded yet; ``None`` to leave the body to httpx (no
        coding, another one, several, or a body a test double's transport read whole).
        """
        if response.is_stream_consumed:
            return None
        codings = [
            value.strip().lower()
            for value in response.headers.get_list("content-encoding", split_commas=True)
        ]
        codings = [coding for coding in codings if coding not in ("", "identity")]
        if len(codings) != 1 or codings[0] not in ("gzip", "deflate"):
            return None
        return cls(codings[0], response.request)

    @contextmanager
    def raw(self, response: httpx.Response) -> Iterator[None]:
        """While the block runs, ``response``'s ``aiter_bytes``/``iter_bytes`` yield the
        body as sent (httpx picks its decoder from ``Content-Encoding`` as the iteration
        starts); the header is put back after, for the messages that quote it."""
        values = response.headers.get_list("content-encoding")
        del response.headers["content-encoding"]
        try:
            yield
        finally:
            response.headers["Content-Encoding"] = ", ".join(values)

    def decode(self, data: bytes) -> bytes:
        """The decoded bytes of the next piece of the body.

        Raises:
            httpx.DecodingError: The body is not what its coding says.
        """
        if self._first and not self._gzip:
            data = self._head + data
            self._head = data if len(data) < 2 else b""
            if self._head:
                return b""
        out: list[bytes] = []
        while data:
            if self._ended:
                data = self._next_member(data)
                continue
            try:
                out.append(self._zlib.decompress(data))
            except zlib.error as exc:
                if self._first and not self._gzip:
                    # "deflate" is meant to be zlib-wrapped, and is often sent raw.
                    self._first = False
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise self._error(str(exc)) from exc
            self._first = False
            data = b""
            if self._zlib.eof:
                self._ended = True
                data = self._zlib.unused_data
        return b"".join(out)

    def _next_member(self, data: bytes) -> bytes:
        """Read ``data`` after the end of a member: another ``gzip`` member starts
        (returned, to decode), NUL padding (dropped, as Python's ``gzip`` does), or
        something else (an error)."""
        pending = self._after + data
        self._after = b""
        if not pending.strip(b"\x00"):
            return b""
        pending = pending.lstrip(b"\x00") if self._gzip else pending
        if self._gzip and len(pending) < len(_GZIP_MAGIC):
            self._after = pending
            return b""
        if not self._gzip or not pending.startswith(_GZIP_MAGIC):
            raise self._error(f"bytes follow the end of its {self.coding} data")
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._ended = False
        return pending

    def finish(self) -> bytes:
        """The last decoded bytes, once the body has ended.

        Raises:
            BodyCutShort: The body ended inside its compressed data.
            httpx.DecodingError: Bytes that start no member follow its end.
        """
        if self._after:
            raise self._error(f"bytes follow the end of its {self.coding} data")
        if self._ended:
            return b""
        if self._head:
            # One byte of deflate data: no deflate stream is that short (its end code
            # alone is seven bits past a three-bit block header).
            raise BodyCutShort(self.coding, self._request)
        if self._first:
            # No byte at all: an empty body (a server that does not compress an empty
            # file may still label it), which is an empty file, as httpx reads it.
            return b""
        tail = self._zlib.flush()
        if not self._zlib.eof:
            raise BodyCutShort(self.coding, self._request)
        return tail

    def _error(self, reason: str) -> httpx.DecodingError:
        return httpx.DecodingError(reason, request=self._request)
