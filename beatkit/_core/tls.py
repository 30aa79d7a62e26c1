"""One verifying TLS context for the whole process."""

from __future__ import annotations

import functools
import ssl

import httpx

__all__ = ["default_ssl_context"]


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """httpx's default certificate-verifying context, built once and shared.

    Building it loads the CA bundle, about 30 ms; an ``httpx.Client`` made without a
    ``verify=`` argument pays that every time, which dominated short HLS downloads.
    An ``SSLContext`` is safe to share between clients and threads.
    """
    return httpx.create_ssl_context()
