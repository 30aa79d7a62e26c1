"""Decoding a download's ``gzip`` or ``deflate`` body to its last byte, or failing.

httpx's decoders stop where the compressed data stops: a stream cut short ends the
body with no error (a truncated file saved as if whole), and of a ``gzip`` body made
of several members (RFC 1952 section 2.2, what ``cat a.gz b.gz`` gives) only the first
is decoded, the rest dropped. A file must be all or nothing, so a download decodes its
body here instead (:class:`StrictDecoding`), in as many codings as it is in, in bounded
pieces.

Only httpx's public API is used: which codings httpx decodes is found out by asking it
(:func:`httpx_decodes`), not read from its private decoder table, which any release
may move.
"""

from __future__ import annotations

import contextlib
import functools
import zlib
from collections.abc import Iterator, Mapping, Sequence

import httpx

__all__ = [
    "CONTENT_CODINGS",
    "DECODE_STEP",
    "BodyCutShort",
    "StrictDecoder",
    "StrictDecoding",
    "check_decodable",
    "content_codings",
    "decodable",
    "httpx_decodes",
]

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
"""The content codings IANA registers (RFC 9110 section 8.4.1), identity aside.

Each really transforms the body. A label outside them (``none``, ``binary``, sent by
misconfigured servers with a plain body) names no coding, and is ignored, as httpx,
curl and browsers ignore it."""


def content_codings(headers: Mapping[str, str]) -> list[str]:
    """The registered content codings a body is in, as its headers list them.

    In the order they were applied (the last one is to be undone first); labels that
    name no registered coding (``identity``, ``none``, ``binary``) are left out: a
    body under those only is as sent.

    Args:
        headers: The response's headers (``httpx.Headers``, which joins repeated
            ``Content-Encoding`` headers with commas and is looked up
            case-insensitively).

    Returns:
        The codings, lower-cased; empty when the body is in none.
    """
    labels = (label.strip().lower() for label in headers.get("Content-Encoding", "").split(","))
    return [label for label in labels if label in CONTENT_CODINGS]


# Bytes in no content coding: a decoder fails on them (or changes them); httpx gives
# them back as they are for a coding it has no decoder for.
_NOT_ENCODED = b"\xff\x00beatkit: these bytes are in no content coding\xff\xff"


@functools.cache
def _decoded_by_httpx() -> frozenset[str]:
    """The registered codings httpx decodes, asked once of its public API."""
    decoded = set()
    for coding in CONTENT_CODINGS:
        try:  # (a response made from bytes reads them at once)
            probe = httpx.Response(200, headers={"Content-Encoding": coding}, content=_NOT_ENCODED)
            if probe.content != _NOT_ENCODED:
                decoded.add(coding)
        except httpx.DecodingError:
            decoded.add(coding)
    return frozenset(decoded)


def httpx_decodes(coding: str) -> bool:
    """Whether httpx decodes a body in the registered ``coding`` (it passes a body in
    one it has no decoder for through, as sent).

    Asked of httpx's public API, not of its private decoder table (which any release
    may move): bytes in no coding are read through a response labelled with each
    registered coding, once. ``br`` and ``zstd`` are decoded only when brotli or
    zstandard is installed.

    Args:
        coding: A content coding, lower-case (one of :data:`CONTENT_CODINGS`).

    Returns:
        ``True`` when httpx decodes it; ``False`` for one it does not, and for a
        label that names no registered coding (httpx ignores those).
    """
    return coding in _decoded_by_httpx()


def decodable(headers: Mapping[str, str]) -> bool:
    """Whether httpx decodes every registered content coding ``headers`` name (labels
    that name none are ignored): ``False`` for a body it would pass through still
    encoded (``compress``, ``x-gzip``, or ``br`` without brotli installed).

    Args:
        headers: The response's headers.

    Returns:
        ``True`` when the body reads as the resource itself once httpx decodes it.
    """
    return all(httpx_decodes(coding) for coding in content_codings(headers))


def check_decodable(response: httpx.Response) -> None:
    """Refuse a body in a registered content coding httpx has no decoder for.

    httpx passes such a body through as it is (``compress``, ``x-gzip``, or ``br``
    without brotli installed): a download would be saved still encoded, as if it were
    the file. A label that names no registered coding (``none``, ``binary``, from
    misconfigured servers) is ignored, as browsers ignore it.

    Raises:
        httpx.DecodingError: The body is in such a coding.
    """
    if decodable(response.headers):
        return
    raise httpx.DecodingError(
        "no decoder for it is available here: refused, not written still encoded",
        request=response.request,
    )


# The longest Content-Encoding label quoted in a message, before "...".
_MAX_LABEL = 60


def read_early(response: httpx.Response) -> str | None:
    """Why a ``gzip`` or ``deflate`` body, read off the connection before the caller
    could check it, must be refused; ``None`` when it need not be.

    A response hook of the caller's ``http_client`` that reads every body (to log it)
    makes httpx read and decode it inside ``send``, leniently: a body cut short inside
    its compressed data decodes without an error, a multi-member ``gzip`` body to its
    first member, and bytes after the end of the data are dropped. Its bytes as sent
    are gone, so :class:`StrictDecoding` cannot check it (:meth:`StrictDecoding.take`
    gives ``None``). Each caller raises its own error with the reason, not retried:
    the hook reads every answer. A body an in-process test double gave whole
    (``httpx.Response(content=...)``, no ``network_stream`` extension) is left to
    httpx, as is one in no coding or in another (``br``, ``zstd``: decoded by httpx,
    or refused by :func:`check_decodable`).

    Args:
        response: The answer, its body not read by the caller yet.

    Returns:
        The reason, for the caller's error message; ``None`` to go on.
    """
    codings = content_codings(response.headers)
    if not codings or not response.is_stream_consumed:
        return None
    if not all(coding in ("gzip", "deflate") for coding in codings):
        return None
    if "network_stream" not in response.extensions:
        return None
    label = response.headers.get("Content-Encoding", "")
    shown = label if len(label) <= _MAX_LABEL else f"{label[:_MAX_LABEL]}..."
    return (
        "a response hook of the http client read the body before it could be checked "
        f"against its Content-Encoding ({shown}): refused, as a body cut short inside "
        "its compressed data would pass for whole"
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

    @contextlib.contextmanager
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


DECODE_STEP = 4096
"""How many compressed bytes a :class:`StrictDecoder` of a :class:`StrictDecoding` is
given at a time: deflate decodes to at most 1032 times as many, so each decoded piece
is at most about 4 MiB, however much the body or a coding inflates."""


class StrictDecoding:
    """Decodes a body in ``gzip`` and ``deflate`` codings, one or several, each to its end.

    Each coding is decoded by a :class:`StrictDecoder` (every ``gzip`` member kept, a
    cut or trailing bytes refused), the last one applied first. The decoded bytes come
    in pieces of at most about 4 MiB (each decoder is given :data:`DECODE_STEP` bytes at
    a time), for a size limit to be checked, or a piece written, before more is
    decoded: a 64 KiB read of ``gzip`` decodes to up to 64 MiB, and in two codings a
    few KiB to gigabytes.

    Args:
        codings: The codings, in the order they were applied (as
            :func:`content_codings` gives them): each ``"gzip"`` or ``"deflate"``.
        request: The request the body answers, for the errors.
    """

    def __init__(self, codings: Sequence[str], request: httpx.Request) -> None:
        if not codings or any(coding not in ("gzip", "deflate") for coding in codings):
            raise ValueError(f"StrictDecoding decodes gzip and deflate only, not {codings!r}")
        self.codings = tuple(codings)
        self._decoders = [StrictDecoder(coding, request) for coding in reversed(codings)]

    @classmethod
    def take(cls, response: httpx.Response) -> StrictDecoding | None:
        """The decoding of ``response``'s body when it is in ``gzip`` or ``deflate`` (one
        or several of them, labels that name no coding aside), httpx not having decoded
        it yet.

        Returns:
            The decoding, or ``None`` to leave the body to httpx when it is in no
            coding, also in another coding (``br`` or ``zstd``, decoded by httpx when
            brotli or zstandard is installed, to be refused by
            :func:`check_decodable` otherwise), or read whole already by a test
            double's transport.
        """
        codings = content_codings(response.headers)
        if not codings or response.is_stream_consumed:
            return None
        if not all(coding in ("gzip", "deflate") for coding in codings):
            return None
        return cls(codings, response.request)

    def raw(self, response: httpx.Response) -> contextlib.AbstractContextManager[None]:
        """While the block runs, ``response``'s ``aiter_bytes``/``iter_bytes`` yield the
        body as sent, for :meth:`decode` (see :meth:`StrictDecoder.raw`)."""
        return self._decoders[0].raw(response)

    def decode(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of the next piece of the body (none empty).

        Raises:
            httpx.DecodingError: The body is not what its codings say.
        """
        return self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        """The last decoded pieces, once the body has ended (none empty).

        Raises:
            BodyCutShort: The body ended inside the compressed data of a coding.
            httpx.DecodingError: Bytes that start no member follow the end of a
                coding's data.
        """
        for stage, decoder in enumerate(self._decoders):
            yield from self._through(stage + 1, decoder.finish())

    def _through(self, stage: int, data: bytes) -> Iterator[bytes]:
        """``data`` decoded by the decoders from ``stage`` on, a step at a time."""
        if stage == len(self._decoders):
            if data:
                yield data
            return
        decoder = self._decoders[stage]
        for start in range(0, len(data), DECODE_STEP):
            yield from self._through(stage + 1, decoder.decode(data[start : start + DECODE_STEP]))
