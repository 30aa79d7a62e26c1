"""One verifying TLS context for the whole process."""

from __future__ import annotations

import functools
import os
import ssl

import httpx

from beatkit.errors import ConfigurationError

__all__ = ["default_ssl_context"]


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """httpx's default certificate-verifying context, built once and shared.

    Building it loads the CA bundle, about 30 ms; an ``httpx.Client`` made without a
    ``verify=`` argument pays that every time, which dominated short HLS downloads.
    An ``SSLContext`` is safe to share between clients and threads. httpx loads the
    certificates ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` names, when set, instead of
    certifi's bundle.

    Returns:
        The context (the same one on every call, once one was built).

    Raises:
        beatkit.errors.ConfigurationError: The certificates cannot be loaded (the file
            ``SSL_CERT_FILE`` names is missing, unreadable or holds no certificate);
            nothing is kept, so a later call tries again.
    """
    try:
        return httpx.create_ssl_context()
    except OSError as exc:  # ssl.SSLError too
        named = [name for name in ("SSL_CERT_FILE", "SSL_CERT_DIR") if os.environ.get(name)]
        where = (
            f"the certificates {' or '.join(named)} names"
            if named
            else "the default CA certificates (certifi's bundle)"
        )
        reason = exc.strerror or type(exc).__name__
        raise ConfigurationError(
            f"cannot verify TLS: {where} cannot be loaded ({reason})"
        ) from None
