"""Raw sends (login steps): their 3xx answers handed back as they came.

A raw send is never followed, and its caller reads the ``Location`` itself; httpx
builds a redirect request for every 3xx even so, and fails on a ``Location`` it cannot
make one of. The response hook here keeps such a ``Location`` out of httpx's sight.
"""

from __future__ import annotations

import threading

import httpx

__all__ = ["RAW_ANSWER", "keep_raw_locations", "restore_location"]


RAW_ANSWER = "beatkit.raw_answer"
"""A request extension; ``True`` on a request sent raw (a login step), whose 3xx answer
is handed back as it came, never followed: httpx's redirect request is not built for it
(see :func:`keep_raw_locations`)."""

_HIDDEN_LOCATION = "beatkit.hidden_location"
_KEEPING = threading.Lock()


def _hide_location(response: httpx.Response) -> None:
    """Hide the ``Location`` of a 3xx answer to a :data:`RAW_ANSWER` request from httpx.

    httpx builds the redirect request of every 3xx, followed or not, and fails on a
    ``Location`` it cannot make one of: a redirect URI such as
    ``urn:ietf:wg:oauth:2.0:oob?code=...`` or ``myapp:cb?code=...``, to which it
    would lend the request's host. The answer was right, and the raw send's caller
    reads the ``Location`` itself: its headers are set aside for
    :func:`restore_location`, and httpx sees none.
    """
    if response.request.extensions.get(RAW_ANSWER) is True and response.has_redirect_location:
        headers = response.headers
        response.extensions[_HIDDEN_LOCATION] = headers
        response.headers = httpx.Headers(
            [(name, value) for name, value in headers.raw if name.lower() != b"location"],
            encoding=headers.encoding,
        )


async def _ahide_location(response: httpx.Response) -> None:
    _hide_location(response)


def keep_raw_locations(client: httpx.Client | httpx.AsyncClient) -> None:
    """Add to ``client``'s response hooks the one that keeps the ``Location`` of a raw
    send's 3xx answer from httpx (see :func:`_hide_location`); it touches no other
    request's answer. Idempotent and thread-safe: call it before each raw send (hooks
    the caller replaced, ``client.event_hooks = ...``, get it again then). After the
    send, :func:`restore_location` puts the ``Location`` back.

    Args:
        client: The httpx client about to send a :data:`RAW_ANSWER` request.
    """
    hook = _ahide_location if isinstance(client, httpx.AsyncClient) else _hide_location
    with _KEEPING:
        hooks = client.event_hooks["response"]
        if hook not in hooks:
            hooks.append(hook)


def restore_location(response: httpx.Response) -> httpx.Response:
    """``response`` with the headers :func:`keep_raw_locations`' hook set aside, its
    ``Location`` included, put back.

    Args:
        response: An answer, hidden ``Location`` or not.

    Returns:
        ``response`` itself.
    """
    hidden = response.extensions.pop(_HIDDEN_LOCATION, None)
    if isinstance(hidden, httpx.Headers):
        response.headers = hidden
    return response
