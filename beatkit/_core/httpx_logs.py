"""A filter for httpx's own ``httpx`` logger: the URLs it logs, credentials redacted.

httpx logs every request at INFO (``HTTP Request: GET <url> "HTTP/1.1 200 OK"``).
For beatkit's requests that URL can be a signed download, stream or key URL, so an
application that turns on INFO logging (``logging.basicConfig(level=logging.INFO)``)
would write the signature to its log. ``beatkit/__init__`` adds
:func:`redact_httpx_urls` to the ``httpx`` logger: it rewrites the URL arguments of a
record with :func:`~beatkit._core.redact.redact_url`, the rule of beatkit's own log
lines, and never drops a record. Other code's httpx requests in the same process get
the same redaction, which only ever replaces credential values.

It imports nothing until a record reaches it, so ``import beatkit`` stays light.
"""

from __future__ import annotations

import logging

__all__ = ["redact_httpx_urls"]


def redact_httpx_urls(record: logging.LogRecord) -> bool:
    """Replace each ``httpx.URL`` among ``record``'s arguments by its redacted text.

    Args:
        record: A record of the ``httpx`` logger, not yet formatted.

    Returns:
        ``True``: the record is always kept.
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
