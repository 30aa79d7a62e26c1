"""Checks of the URLs and hosts a client is configured with: base and token URLs read
from settings, loopback hosts, origins, and addresses no connection reaches."""

from __future__ import annotations

import contextlib
import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx

from beatkit._core.redact import redact_url
from beatkit.errors import ConfigurationError

__all__ = [
    "LOOPBACK_DIRECT",
    "address_problem",
    "check_base_url",
    "direct_mounts",
    "environment_proxy_error",
    "environment_proxies_checked",
    "is_loopback",
    "parse_setting_url",
    "same_origin",
]


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, 127.0.0.0/8, ``::1``).

    The same set on every Python: an IPv4-mapped IPv6 address (``::ffff:127.0.0.1``) is
    not in it, though ``ipaddress`` calls it loopback from Python 3.13 (and 3.12.4) on.
    """
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return False
    return address.is_loopback


LOOPBACK_DIRECT: dict[str, None] = {
    "all://localhost": None,
    "all://localhost.": None,
    "all://127.0.0.1": None,
    "all://[::1]": None,
}
"""Given as ``mounts`` to the httpx clients beatkit makes, so that the usual loopback
hosts are reached directly, never through a proxy from the environment (``HTTP_PROXY``,
``ALL_PROXY``); :func:`direct_mounts` adds the other loopback hosts a client is given.
Plain http carries credentials to a loopback host because such a request never leaves
the machine; through a proxy it would cross the network in clear text."""


def direct_mounts(*urls: httpx.URL | None) -> dict[str, None]:
    """:data:`LOOPBACK_DIRECT` and, for each of ``urls`` on a loopback host, that host.

    :func:`is_loopback` lets credentials go over plain http to any of 127.0.0.0/8 and
    any spelling of ``::1`` (``[0:0:0:0:0:0:0:1]``), which the fixed mounts do not
    name: the hosts a client sends credentials to (its base URL, its token URL) are
    mounted as they are spelt in the request URLs httpx matches them against.

    Args:
        urls: The URLs the client sends credentials to; ``None`` entries are skipped.

    Returns:
        A new ``mounts`` mapping for an httpx client.
    """
    mounts = dict(LOOPBACK_DIRECT)
    for url in urls:
        if url is not None and is_loopback(url.host):
            host = url.host
            mounts[f"all://[{host}]" if ":" in host else f"all://{host}"] = None
    return mounts


def same_origin(url: httpx.URL, other: httpx.URL) -> bool:
    """Whether two URLs share one origin: scheme, host and port (httpx leaves a
    scheme's default port out, so ``:443`` on https is no other origin).

    A rooted name (``api.example.com.``) is the host it names: one trailing dot is
    taken off both hosts before they are compared."""
    return (url.scheme, url.host.removesuffix("."), url.port) == (
        other.scheme,
        other.host.removesuffix("."),
        other.port,
    )


def address_problem(url: httpx.URL) -> str | None:
    """What makes the address of ``url`` one no connection can reach, or ``None``.

    httpx parses both of these without complaint, and they fail only at the request,
    in ways no beatkit error covers: a port outside 1 to 65535 (the async client
    raises a raw ``OverflowError`` inside an ``ExceptionGroup``, the sync client
    connects to the port modulo 65536: another service, on the same host), and a host
    name with an empty part (``api..example.com``), a part over 63 characters or over
    253 in all (the sync client raises Python's ``UnicodeError`` from its IDNA codec).

    Returns:
        The problem in words (naming no part of the URL but the port number), or
        ``None`` when the address is usable.
    """
    port = url.port
    if port is not None and not 0 < port < 65536:
        return f"names port {port}: a port is a number from 1 to 65535"
    host = url.raw_host.decode("ascii", "replace")  # IDNA-encoded: the lengths DNS counts
    if host and not host.startswith("[") and ":" not in host:
        labels = host.removesuffix(".").split(".")
        if len(host) > 253 or any(not label or len(label) > 63 for label in labels):
            return (
                "has a host name no resolver takes: an empty part (two dots in a row, "
                "a leading dot), a part over 63 characters, or over 253 in all"
            )
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODED_DELIMITER = re.compile(rb"%(?:3f|23)", re.IGNORECASE)


def _split(text: str) -> tuple[str, str, str, str, str] | None:
    """``text`` split as urllib does (scheme, netloc, path, query, fragment), or
    ``None`` when urllib refuses it (httpx then says what is wrong)."""
    try:
        return tuple(urlsplit(text))  # type: ignore[return-value]
    except ValueError:
        return None


def _surrogate_part(text: str) -> str | None:
    """The part of the URL ``text`` that holds a lone surrogate, or ``None``."""
    if _SURROGATE.search(text) is None:
        return None
    parts = _split(text)
    if parts is None:
        return "text"
    scheme, netloc, path, query, fragment = parts
    userinfo, _, host = netloc.rpartition("@")
    for part, value in (
        ("scheme", scheme),
        ("user name or password", userinfo),
        ("host name or port", host),
        ("path", path),
        ("query", query),
        ("fragment", fragment),
    ):
        if _SURROGATE.search(value) is not None:
            return part
    return "text"


def _port_is_digits(text: str) -> bool:
    """Whether the port of the URL ``text``, if it names one, is ASCII digits only."""
    parts = _split(text)
    if parts is None:
        return True
    host = parts[1].rpartition("@")[2]
    if host.startswith("["):  # an IPv6 address: the port follows its "]"
        host = host.partition("]")[2]
    mark, port = host.partition(":")[1:]
    return not mark or not port or (port.isascii() and port.isdigit())


def parse_setting_url(url: str | httpx.URL, name: str) -> httpx.URL:
    """``url`` (a setting named ``name``) as an ``httpx.URL``.

    Raises:
        ConfigurationError: httpx cannot parse it (a port that is not ASCII digits, a
            host name IDNA refuses, an unclosed ``[``, a lone surrogate). The message
            says which part, never quoting it: a password typed where the port goes
            would be shown.
    """
    text = str(url)
    if (part := _surrogate_part(text)) is not None:
        # httpx's UnicodeEncodeError names no part: it is not always the host.
        raise ConfigurationError(
            f"{name} cannot be used: its {part} holds a lone surrogate (a character "
            "no UTF-8 text has: text decoded with errors='surrogateescape'?)"
        )
    if not _port_is_digits(text):
        # httpx reads it with int(): full-width digits, "+80" or " 80" became port 80.
        raise ConfigurationError(f"{name} cannot be used: its port is not a number")
    try:
        parsed = httpx.URL(url)
        # Read once here: an "xn--" label is decoded only when the host is read (a
        # malformed one raises then, from wherever it is read first).
        parsed.host  # noqa: B018
    except (httpx.InvalidURL, ValueError) as exc:  # ValueError: IDNAError, UnicodeError
        text = str(exc)
        part = (
            "its port is not a number"
            if text.startswith("Invalid port")
            else "its host name is not a valid (internationalized) host name"
            if "IDNA" in text or isinstance(exc, UnicodeError)
            else "it is not a URL httpx can parse"
        )
        raise ConfigurationError(f"{name} cannot be used: {part}") from None
    return parsed


def check_base_url(url: str | httpx.URL, *, allow_http: bool = False) -> httpx.URL:
    """Validate a base URL: ``https``, or ``http`` to loopback or with explicit opt-in.

    Returns:
        The URL, its path's trailing ``/`` taken off; its percent-escapes are kept as
        given (``/a%2Fb`` is not ``/a/b``).

    Raises:
        ConfigurationError: The URL cannot be parsed, is not absolute, not http(s), has whitespace
            around it or a fragment, an encoded ``?`` or ``#`` in its path, has an
            address no connection reaches (see
            :func:`address_problem`), or is plain http to a remote host without
            ``allow_http``; or ``allow_http`` is not a ``bool``.
    """
    if not isinstance(allow_http, bool):
        # A truthy "false" read from a setting would send credentials in the clear.
        raise ConfigurationError(
            f"allow_http must be a bool (True or False), got {type(allow_http).__name__}"
        )
    if isinstance(url, str) and url != url.strip():
        # Read with it from a file or a setting, it is invisible in the quoted URL.
        raise ConfigurationError(
            "base_url must not start or end with whitespace (a space or a line break "
            "read with it from a file or a setting?)"
        )
    parsed = parse_setting_url(str(url), "base_url")
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        # Quoted redacted: a refused URL may still carry a gateway's password or key.
        raise ConfigurationError(
            f"base_url must be an absolute http(s) URL, got {redact_url(url)!r}"
        )
    if (problem := address_problem(parsed)) is not None:
        raise ConfigurationError(f"base_url {problem}")
    if "#" in str(url):
        # Never sent, but carried into every URL built on the base (an authorize URL
        # refuses one). Not quoted: a fragment may hold a token (an implicit grant's).
        raise ConfigurationError("base_url must not have a fragment (a '#' part)")
    if parsed.scheme == "http" and not is_loopback(parsed.host) and not allow_http:
        raise ConfigurationError(
            f"refusing plain http to {parsed.host}: credentials would travel unencrypted. "
            "Use https, or pass allow_http=True if you really mean it."
        )
    # The raw (still percent-encoded) path, as given: rebuilt from the decoded one, an
    # escaped "/" (a%2Fb) or "%" (a%252Fb) became another path, so another endpoint.
    path, mark, query = parsed.raw_path.partition(b"?")
    if _ENCODED_DELIMITER.search(path) is not None:
        # Services build their auth endpoints from the decoded path (base_url.path), in
        # which an encoded "?" or "#" would end it. Not quoted, as above.
        raise ConfigurationError("base_url's path must not hold an encoded '?' or '#' (%3F, %23)")
    return parsed.copy_with(raw_path=path.rstrip(b"/") + mark + query)


def environment_proxy_error(exc: Exception) -> ConfigurationError | None:
    """The error to raise for ``exc``, raised by httpx as it made a client that reads
    the proxies the environment names (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``),
    or ``None`` when ``exc`` is about something else.

    httpx's error quotes the port (``Invalid port: '...'``: a password typed where the
    port goes) or the proxy's URL: the error returned names the variables, never the value.
    A SOCKS proxy without the ``socksio`` package (httpx's ``ImportError``) is one too.

    Args:
        exc: What ``httpx.Client(...)`` or ``httpx.AsyncClient(...)`` raised.

    Returns:
        A :class:`~beatkit.errors.ConfigurationError` (raise it ``from None``), or ``None``.
    """
    text = str(exc)
    if isinstance(exc, ImportError) and "SOCKS" in text:
        return ConfigurationError(
            "the proxy named by the environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, "
            "in either case) is a SOCKS proxy, which needs the 'socksio' package: "
            "pip install 'httpx[socks]'"
        )
    if not isinstance(exc, httpx.InvalidURL) and not (
        isinstance(exc, ValueError) and "proxy" in text.lower()
    ):
        return None
    part = (
        "its port is not a number"
        if text.startswith("Invalid port")
        else "its scheme is not http, https, socks5 or socks5h"
        if text.startswith("Unknown scheme for proxy")
        else "it is not a URL httpx can parse"
    )
    return ConfigurationError(
        "the proxy named by the environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, "
        f"in either case) cannot be used: {part}. Correct it, or pass an "
        "http_client of your own"
    )


@contextlib.contextmanager
def environment_proxies_checked() -> Iterator[None]:
    """Around the making of an httpx client that reads the proxies the environment names:
    an unusable one is :func:`environment_proxy_error`'s error, raised ``from None`` (the
    API clients' transport and the HLS downloaders make theirs so).

    Raises:
        beatkit.errors.ConfigurationError: The environment names a proxy httpx cannot
            use; the message names the variables, never the value.
    """
    try:
        yield
    except (httpx.InvalidURL, ValueError, ImportError) as exc:
        # httpx's error quotes the port ("Invalid port: '...'") or the proxy's URL (or
        # asks for socksio).
        error = environment_proxy_error(exc)
        if error is None:
            raise
        raise error from None
