"""What a token manager asks of the requests it signs: whether one may carry the API's
credentials, whether it can be replayed after a refresh, and which request a response
answers."""

from __future__ import annotations

import httpx

from beatkit._core.http import PLAIN_HTTP_CHOSEN, REPLAYABLE_BODY, is_loopback
from beatkit.auth._hosts import on_hosts
from beatkit.errors import ConfigurationError

__all__ = [
    "answered_host",
    "answered_with_token",
    "carries_credentials",
    "is_replayable",
    "rewound",
    "wait_limit",
]


def answered_with_token(response: httpx.Response, request: httpx.Request) -> bool:
    """Whether ``response`` answers a request that carried ``request``'s token: the
    request itself, or a redirect hop httpx built from it that kept ``Authorization``
    (to the same origin). A hop to another origin lost it, and its 401 is no refusal of
    the token."""
    try:
        answered = response.request
    except RuntimeError:  # a response made without its request: the one sent
        return True
    if answered is request:
        return True
    return bool(answered.headers.get("Authorization") == request.headers.get("Authorization"))


def answered_host(response: httpx.Response) -> str:
    """The host of the request ``response`` answers, for a log line."""
    try:
        return response.request.url.host
    except RuntimeError:
        return "?"


def is_replayable(request: httpx.Request) -> bool:
    """Whether the request can be sent a second time: its body is in memory, or it is a
    stream of files beatkit opened itself, which :func:`rewound` takes back to their
    start (the request's :data:`~beatkit._core.http.REPLAYABLE_BODY` extension)."""
    try:
        request.content  # noqa: B018 - raises for a streaming body not yet read
    except httpx.RequestNotRead:
        return callable(request.extensions.get(REPLAYABLE_BODY))
    return True


def rewound(request: httpx.Request) -> bool:
    """Rewind the files of a request :func:`is_replayable` found replayable, for its
    replay; ``False`` when one could not go back (nothing to do for a body in memory)."""
    rewind = request.extensions.get(REPLAYABLE_BODY)
    if rewind is None:
        return True
    try:
        return rewind() is True
    except Exception:  # a file closed meanwhile, or an odd file object: sent once
        return False


def wait_limit(timeout: httpx.Timeout | None) -> float | None:
    """How long a request with ``timeout`` may wait for another caller's token refresh:
    its pool timeout (the wait for a connection, the nearest thing), else its connect
    timeout, else its read timeout; ``None`` (as long as it takes) when it has none."""
    if timeout is None:
        return None
    for limit in (timeout.pool, timeout.connect, timeout.read):
        if limit is not None:
            return limit
    return None


def carries_credentials(
    request: httpx.Request,
    any_port_hosts: frozenset[str],
    origins: frozenset[tuple[str, int]],
    service: str,
    what: str,
) -> bool:
    """Whether ``request`` gets credentials meant for the API hosts (a bearer token, a
    partner pair, HTTP Basic): on one of them (:func:`on_hosts`), over https, or plain
    http to a loopback host or on a client built with a plain http base URL.

    The one rule every credential follows.

    Raises:
        ConfigurationError: Plain http (or another scheme) to a remote API host: the
            credentials would cross the network in clear text. The message names
            ``what`` and the host, never a credential.
    """
    url = request.url
    if not on_hosts(url, any_port_hosts, origins):
        return False
    # The client's own choice is read before is_loopback, which parses the host as
    # an IP address: on a client with a plain http base URL (loopback, or
    # allow_http=True) that cost every request as much as the rest of the flow.
    if (
        url.scheme == "https"
        or request.extensions.get(PLAIN_HTTP_CHOSEN) is True
        or is_loopback(url.host)
    ):
        return True
    raise ConfigurationError(
        f"{service}: refusing to send {what} to {url.host} over plain "
        f"http (it would cross the network unencrypted): use an https URL"
    )
