"""Filters for httpx's and httpcore's loggers: the URLs and headers they log, redacted.

httpx logs every request at INFO (``HTTP Request: GET <url> "HTTP/1.1 200 OK"``).
For beatkit's requests that URL can be a signed download, stream or key URL, so an
application that turns on INFO logging (``logging.basicConfig(level=logging.INFO)``)
would write the signature to its log. ``beatkit/__init__`` adds
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
:func:`~beatkit._core.redact.redact_text` (URLs and ``name=value`` pairs). Header
names, statuses and the other trace lines stay as they are.

Both filters import nothing until a record reaches them, so ``import beatkit`` stays
light.
"""

from __future__ import annotations

import ast
import logging
import re

__all__ = ["redact_httpcore_headers", "redact_httpx_urls"]


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


def _redact_header(match: re.Match[str]) -> str:
    # A credential header loses its whole value; any other is redacted as text (a
    # Location with ?code=..., a Link with a signed URL).
    from beatkit._core.redact import REDACTED, SECRET_HEADERS, redact_text

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
            if redacted is text:
                return match.group(0)
            value = redacted.encode("latin-1", "replace")
    return f"({match['key']}, {value!r})"


def redact_httpcore_headers(record: logging.LogRecord) -> bool:
    """Mask the credentials among the headers an httpcore trace line shows.

    Args:
        record: A record of an httpcore logger (its message already formatted).

    Returns:
        ``True``; the record is always kept.
    """
    message = record.msg
    if isinstance(message, str) and "headers" in message and "(b" in message:
        record.msg = _HEADER.sub(_redact_header, message)
    return True


# Filters on a logger see only its own records, not its children's: each httpcore
# logger that writes headers gets it.
for _name in _HTTPCORE_LOGGERS:
    logging.getLogger(_name).addFilter(redact_httpcore_headers)
