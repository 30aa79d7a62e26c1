"""Which hosts get a token manager's credentials: the ``hosts`` list, read once, and the
one rule every credential follows (:func:`carries_credentials`); the token URL's check."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from beatkit._core.http import address_problem, parse_setting_url
from beatkit._core.redact import redact_url
from beatkit.errors import ConfigurationError

__all__ = ["check_token_url", "normalize_hosts", "on_hosts"]

_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

_DEFAULT_PORTS = {"https": 443, "http": 80}
"""The port a URL of each scheme uses when it names none (httpx drops it from ``URL.port``)."""


def _parse_port(text: str, host: str) -> int:
    # ASCII digits only: int() also reads "+443", " 443" and other scripts' digits.
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 65536:
        # What stands after the colon is not shown: it may be a password typed there.
        raise ConfigurationError(
            f"hosts: the entry for {host!r} has no valid port after its colon "
            "(a number from 1 to 65535)"
        )
    return int(text)


def _parse_host_entry(name: str) -> tuple[str, int | None]:
    """``"api.example.com"``, ``"api.example.com:8443"``, ``"::1"`` or ``"[::1]:8080"`` as
    (host as httpx spells it, port or ``None`` for any port)."""
    entry = name.strip()
    port: int | None = None
    if entry.startswith("["):
        # A bracketed IPv6 literal, with or without a port.
        close = entry.find("]")
        rest = entry[close + 1 :] if close > 0 else ""
        if close <= 1 or (rest and not rest.startswith(":")):
            raise ConfigurationError(
                "hosts: an entry in brackets must be '[IPv6 address]' or '[IPv6 address]:port'"
            )
        host = entry[1:close]
        if rest:
            port = _parse_port(rest[1:], host)
    elif entry.count(":") == 1:
        host, _, port_text = entry.partition(":")
        port = _parse_port(port_text, host)
    else:
        host = entry  # a name, or a bare IPv6 literal such as "::1"
    host = host.lower().rstrip(".")
    if not host:
        raise ConfigurationError("hosts: an entry names a port but no host")
    return host, port


def _entry_text(host: str, port: int | None) -> str:
    if port is None:
        return host
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _url_hint(name: str) -> str:
    """For a URL passed as a host: the host to pass instead (never its userinfo, path or
    query, which may hold credentials)."""
    try:
        url = httpx.URL(name.strip())
    except httpx.InvalidURL:
        return ""
    if not url.host:
        return ""
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f": pass {host if url.port is None else f'{host}:{url.port}'!r}"


def on_hosts(
    url: httpx.URL, any_port_hosts: frozenset[str], origins: frozenset[tuple[str, int]]
) -> bool:
    """Whether ``url`` is on the API hosts :func:`normalize_hosts` made: a host of any
    port, or a host and effective port (a default one filled in). A rooted name
    (``api.example.com.``) is its host: the entries are kept without the dot."""
    host = url.host
    if host.endswith("."):
        host = host[:-1]
    if host in any_port_hosts:
        return True
    if not origins:
        return False
    port = url.port or _DEFAULT_PORTS.get(url.scheme)
    return port is not None and (host, port) in origins


def normalize_hosts(
    hosts: str | Iterable[str],
) -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, int]]]:
    """The entries as shown, the hosts any port of which gets the token, and the
    (host, port) origins that do."""
    names = [hosts] if isinstance(hosts, str) else list(hosts)
    shown: set[str] = set()
    any_port: set[str] = set()
    origins: set[tuple[str, int]] = set()
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ConfigurationError("hosts must be non-empty host names")
        if "://" in name or "/" in name:
            raise ConfigurationError(
                f"hosts takes host names such as 'api.example.com', not URLs{_url_hint(name)}"
            )
        if "@" in name:
            # Userinfo pasted with the host: not shown, it may hold a password.
            raise ConfigurationError(
                "hosts takes host names such as 'api.example.com': an entry holds an '@' "
                "(user information, which a token manager never sends)"
            )
        host, port = _parse_host_entry(name)
        shown.add(_entry_text(host, port))
        if port is None:
            any_port.add(host)
        else:
            origins.add((host, port))
    if not shown:
        raise ConfigurationError("hosts must name at least one API host the token may be sent to")
    return frozenset(shown), frozenset(any_port), frozenset(origins)


def check_token_url(token_url: str | httpx.URL) -> httpx.URL:
    url = parse_setting_url(token_url, "token_url")
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"token_url must be an absolute http(s) URL, not {redact_url(url)!r}"
        )
    if (problem := address_problem(url)) is not None:
        # Says what is wrong without quoting the URL (it may carry credentials).
        raise ConfigurationError(f"token_url {problem}")
    if url.scheme == "http" and url.host not in _LOOPBACK_HOSTS:
        raise ConfigurationError(
            "token_url must use https (plain http is only allowed for loopback hosts)"
        )
    return url
