"""Filters for httpx's and httpcore's loggers: the URLs and headers they log, redacted.

httpx logs every request at INFO (``HTTP Request: GET <url> "HTTP/1.1 200 OK"``).
For beatkit's requests that URL can be a signed download, stream or key URL, so an
application that turns on INFO logging (``logging.basicConfig(level=logging.INFO)``)
would write the signature to its log. Importing this module adds
:func:`redact_httpx_urls` to the ``httpx`` logger: it rewrites the URL arguments of a
record with :func:`~beatkit._core.redact.redact_url`, the rule of beatkit's own log
lines, and never drops a record. Other code's httpx requests in the same process get
the same redaction, which only ever replaces credential values.

httpcore logs every response's headers at DEBUG, already formatted into the message
(``receive_response_headers.complete return_value=(b'HTTP/1.1', 200, b'OK',
[(b'Set-Cookie', b'session=...'), ...])``): an application that turns on DEBUG logging
to see what beatkit does would write session cookies and redirect URLs carrying an
authorization code to its log. Importing this module adds :func:`redact_httpcore_headers`
to httpcore's loggers: the values of credential headers (``Set-Cookie``, ``Cookie``,
``Authorization``...) become ``REDACTED`` and every other value goes through
:func:`~beatkit._core.redact.redact_text` (URLs and ``name=value`` pairs); for
beatkit's requests (whose trace calls :func:`remember_sent_credentials`), the
credentials the request sent (its credential headers, the secret fields of its form or
JSON body, its secret query parameters) are masked where a response header echoes them.
Header names, statuses and the other trace lines stay as they are. A step that failed on an
answer h11 could not parse (``receive_response_headers.failed exception=...("illegal
header line: bytearray(b'Set-Cookie : sid=...')")``) has the line it quotes masked by
:func:`~beatkit._core.redact.redact_wire_quotes`.

Through a SOCKS proxy (``proxy="socks5://user:password@host"``, or ``ALL_PROXY``),
httpcore's ``httpcore.socks`` logger writes at DEBUG, before each handshake, the proxy's
credentials in clear (``setup_socks5_connection.started ... auth=(b'user',
b'password')``): importing this module adds :func:`redact_httpcore_socks` to it, which
shows them as ``auth=REDACTED``, as :func:`~beatkit._core.redact.redact_url` masks a
URL's userinfo.

Over HTTP/2 (an ``http_client`` made with ``http2=True``), hpack's loggers write at
DEBUG the headers it encodes and decodes, in clear, and each whole header block, whose
Huffman coding decodes back to every header (``Authorization`` included): importing this
module adds :func:`redact_hpack_headers` to them, which masks the values as above and
replaces a block by its size.

The filters import nothing until a record reaches them. This module is imported by
``beatkit._core.http``, which every client and the HLS downloader load, not by
``import beatkit`` itself: pytest imports ``beatkit.testing.pytest_plugin`` (and so
``beatkit``) in every session of a project that installs beatkit, and a test that uses
no beatkit client must see httpx's and httpcore's log lines unchanged.
"""

from __future__ import annotations

import ast
import contextvars
import logging
import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "redact_hpack_headers",
    "redact_httpcore_headers",
    "redact_httpcore_socks",
    "redact_httpx_urls",
    "remember_sent_credentials",
]


def redact_httpx_urls(record: logging.LogRecord) -> bool:
    """Replace each ``httpx.URL`` among ``record``'s arguments by its redacted text.

    Args:
        record: A record of the ``httpx`` logger, not yet formatted.

    Returns:
        ``True``; the record is always kept.
    """
    args = record.args
    if isinstance(args, tuple) and args:
        # Imported here: httpx is loaded by the time it logs, and beatkit's root
        # package must not pull it in.
        import httpx

        from beatkit._core.redact import redact_url

        if any(isinstance(arg, httpx.URL) for arg in args):
            record.args = tuple(
                redact_url(arg) if isinstance(arg, httpx.URL) else arg for arg in args
            )
    return True


# One header as httpcore formats it: a tuple of two bytes literals, each in the quote
# repr() chose, with backslash escapes inside.
_HEADER = re.compile(
    r"""\((?P<key>b(?P<q>['"])(?P<name>[!#$%&*+.^_`|~0-9A-Za-z-]+)(?P=q)), """
    r"""(?P<value>b(?P<vq>['"])(?:\\.|(?!(?P=vq))[^\\])*(?P=vq))\)"""
)
# The httpcore loggers whose trace lines carry response headers.
_HTTPCORE_LOGGERS = ("httpcore.http11", "httpcore.http2", "httpcore.proxy")
_WIRE_LOGGERS = tuple(logging.getLogger(name) for name in _HTTPCORE_LOGGERS)


# The credentials the request being sent in this thread or task carried in its headers,
# set by the trace of beatkit's requests as they go out: a server that echoes one back
# in a response header of its own name (a request id made from the key) must not put it
# in the trace line of that answer.
_SENT: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "beatkit_sent_credentials", default=()
)


def remember_sent_credentials(info: Mapping[str, Any]) -> None:
    """Note the credentials of the request httpcore's ``send_request_headers.started``
    trace event names, for :func:`redact_httpcore_headers` to mask where the answer's
    headers echo them; nothing is done unless httpcore's trace lines are logged.

    Args:
        info: The event's information (``info["request"]``, an httpcore request).
    """
    if not any(wire.isEnabledFor(logging.DEBUG) for wire in _WIRE_LOGGERS):
        return
    sent: Any = info.get("request")
    headers = getattr(sent, "headers", None)
    if not headers:
        return
    import httpx

    from beatkit._core.redact import SECRET_VALUES, echo_secrets

    # A body in memory is read, and a token request's form (kept on its stream, as
    # redact reads it); a stream (an upload) never: it would be consumed.
    stream = getattr(sent, "stream", None)
    kept = getattr(stream, "body", None)
    if isinstance(kept, bytes):
        content = kept
    elif isinstance(stream, httpx.ByteStream):
        content = b"".join(stream)
    else:
        content = b""
    extensions = getattr(sent, "extensions", None) or {}

    def rebuilt(body: bytes) -> httpx.Request:
        return httpx.Request(
            sent.method,
            bytes(sent.url).decode("ascii", "replace"),
            headers=headers,
            content=body,
            extensions={SECRET_VALUES: extensions.get(SECRET_VALUES, ())},
        )

    try:
        try:
            # The Basic pair as sent too: an answer's header may quote it.
            secrets = echo_secrets(rebuilt(content))
        except RecursionError:
            # A JSON body nested deeper than Python's recursion limit, which json reads
            # and writes from Python 3.12 on (its own limit is higher there): the
            # credentials of the headers are noted, and the request goes on (the error
            # broke it, a request beatkit itself had written).
            secrets = echo_secrets(rebuilt(b""))
        _SENT.set(tuple(secrets))
    except (AttributeError, TypeError, ValueError, httpx.InvalidURL):  # pragma: no cover
        # Not the shape of an httpcore request: nothing noted, nothing broken.
        _SENT.set(())


def _redact_header(match: re.Match[str]) -> str:
    # A credential header loses its whole value; any other is redacted as text (a
    # Location with ?code=..., a Link with a signed URL), and the credentials the
    # request sent are masked where it echoes them.
    from beatkit._core.redact import REDACTED, SECRET_HEADERS, mask_values, redact_text

    name, literal = match["name"], match["value"]
    if name.lower() in SECRET_HEADERS:
        value = REDACTED.encode()
    else:
        try:
            raw = ast.literal_eval(literal)
        except (ValueError, SyntaxError):  # pragma: no cover - repr() of bytes always parses
            value = REDACTED.encode()
        else:
            text = raw.decode("latin-1")
            redacted = redact_text(text)
            sent = _SENT.get()
            if sent:
                redacted = mask_values(redacted, sent)
            if redacted == text:
                return match.group(0)
            value = redacted.encode("latin-1", "replace")
    return f"({match['key']}, {value!r})"


def redact_httpcore_headers(record: logging.LogRecord) -> bool:
    """Mask the credentials among the headers an httpcore trace line shows, and the
    line of an answer quoted by the error of a step that failed on it.

    Args:
        record: A record of an httpcore logger (its message already formatted).

    Returns:
        ``True``; the record is always kept.
    """
    message = record.msg
    if not isinstance(message, str):
        return True
    if ".failed exception=" in message:
        # A step that failed on an answer h11 could not parse quotes its line.
        from beatkit._core.redact import redact_wire_quotes

        record.msg = redact_wire_quotes(message)
    elif "headers" in message and "(b" in message:
        record.msg = _HEADER.sub(_redact_header, message)
    return True


# The SOCKS handshake's credentials as httpcore formats them: a tuple of two bytes
# literals (user, password), each in the quote repr() chose, with backslash escapes.
_BYTES_LITERAL = r"""b(?P<{0}>['"])(?:\\.|(?!(?P={0}))[^\\])*(?P={0})"""
_SOCKS_AUTH = re.compile(
    rf"""(?P<key> auth=)\({_BYTES_LITERAL.format("uq")}, {_BYTES_LITERAL.format("pq")}\)"""
)


def redact_httpcore_socks(record: logging.LogRecord) -> bool:
    """Mask the proxy's credentials in httpcore's SOCKS handshake trace line.

    Args:
        record: A record of the ``httpcore.socks`` logger (its message already
            formatted).

    Returns:
        ``True``; the record is always kept.
    """
    message = record.msg
    if not isinstance(message, str) or " auth=" not in message:
        return True
    from beatkit._core.redact import REDACTED

    masked, count = _SOCKS_AUTH.subn(rf"\g<key>{REDACTED}", message)
    if not count:
        # Some other shape (a later httpcore): everything from the credentials on goes.
        head, _, tail = message.partition(" auth=")
        masked = message if tail == "None" else f"{head} auth={REDACTED}"
    record.msg = masked
    return True


# hpack (HTTP/2, an http_client made with http2=True) logs at DEBUG the headers it adds
# to its table, evicts and decodes, in clear, and each whole header block, which its
# Huffman coding does not hide: it decodes back to every header, Authorization included.
_HPACK_LOGGERS = ("hpack.hpack", "hpack.table")
_HPACK_BLOCKS = ("Encoded header block", "Decoding ")
_HPACK_PAIRS = ("Adding ", "Evicting ")


def _header_value(name: object, value: object) -> object:
    """``value`` of the header ``name`` (``str`` or ``bytes``, as hpack has them), masked
    as :func:`redact_httpcore_headers` masks one."""
    from beatkit._core.redact import REDACTED, SECRET_HEADERS, redact_text

    def text(item: object) -> str | None:
        if isinstance(item, bytes | bytearray | memoryview):
            return bytes(item).decode("latin-1")
        return item if isinstance(item, str) else None

    name_text, value_text = text(name), text(value)
    if value_text is None:
        return value
    if name_text is not None and name_text.lower() in SECRET_HEADERS:
        masked = REDACTED
    else:
        masked = redact_text(value_text)
        if masked is value_text:
            return value
    return masked if isinstance(value, str) else masked.encode("latin-1", "replace")


def redact_hpack_headers(record: logging.LogRecord) -> bool:
    """Mask the credentials in an hpack trace line: a whole header block is replaced by
    its size, a header's value is masked as in httpcore's lines.

    Args:
        record: A record of an hpack logger, not yet formatted.

    Returns:
        ``True``; the record is always kept.
    """
    message, args = record.msg, record.args
    if not isinstance(message, str) or not isinstance(args, tuple) or not args:
        return True
    first = args[0]
    if message.startswith(_HPACK_BLOCKS) and isinstance(first, bytes | bytearray | memoryview):
        shown = f"<{len(bytes(first))} bytes of HPACK-coded headers, not shown>"
        record.args = (shown, *args[1:])
    elif message.startswith(_HPACK_PAIRS) and len(args) >= 2:
        record.args = (first, _header_value(first, args[1]), *args[2:])
    elif message.startswith("Decoded ") and isinstance(first, tuple) and len(first) == 2:
        name, value = first
        record.args = ((name, _header_value(name, value)), *args[1:])
    return True


# Filters on a logger see only its own records, not its children's: the httpx logger gets
# its own, each httpcore logger that writes headers gets it, and each hpack logger its own.
logging.getLogger("httpx").addFilter(redact_httpx_urls)
for _name in _HTTPCORE_LOGGERS:
    logging.getLogger(_name).addFilter(redact_httpcore_headers)
logging.getLogger("httpcore.socks").addFilter(redact_httpcore_socks)
for _name in _HPACK_LOGGERS:
    logging.getLogger(_name).addFilter(redact_hpack_headers)
