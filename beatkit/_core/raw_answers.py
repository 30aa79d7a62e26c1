"""Raw sends (login steps): their 3xx answers handed back as they came.

A raw send is never followed, and its caller reads the ``Location`` itself; httpx
builds a redirect request for every 3xx even so, and fails on a ``Location`` it cannot
make one of. The response hook here keeps such a ``Location`` out of httpx's sight.
It does the same for a download's redirect (:data:`CHECK_LOCATION`) whose ``Location``
httpx could not make a request of, and marks the answer (:func:`unreadable_location`):
the download refuses it as the redirect it is, rather than as a failed transfer.
"""

from __future__ import annotations

import threading

import httpx

__all__ = [
    "CHECK_LOCATION",
    "RAW_ANSWER",
    "keep_raw_locations",
    "restore_location",
    "unreadable_location",
]


RAW_ANSWER = "beatkit.raw_answer"
"""A request extension; ``True`` on a request sent raw (a login step), whose 3xx answer
is handed back as it came, never followed: httpx's redirect request is not built for it
(see :func:`keep_raw_locations`)."""

CHECK_LOCATION = "beatkit.check_location"
"""A request extension; ``True`` on a download's request (and so on the redirect requests
httpx builds from it, which share its extensions): the ``Location`` of its 3xx answer is
hidden from httpx, as a raw send's is, only when httpx could not make a request of it,
and the answer is marked (see :func:`unreadable_location`)."""

_HIDDEN_LOCATION = "beatkit.hidden_location"
_UNREADABLE_LOCATION = "beatkit.unreadable_location"
_KEEPING = threading.Lock()


def _requestable(response: httpx.Response) -> bool:
    """Whether httpx can make the redirect request of ``response``'s ``Location``.

    The steps httpx takes to build it (``Client._redirect_url``, then the origin
    compare and ``Host`` of ``_redirect_headers``), on public ``httpx.URL`` calls: a
    port that is no number fails the parse, a scheme without host (``data:,x``,
    ``javascript:x``) gets the request's host and makes no URL, and a malformed
    ``xn--`` label fails idna's decoding of the host.
    """
    base = response.request.url
    try:
        url = httpx.URL(response.headers["Location"])
        if url.scheme and not url.host:
            url = url.copy_with(host=base.host)
        if url.is_relative_url:
            url = base.join(url)
        if base.fragment and not url.fragment:
            url = url.copy_with(fragment=base.fragment)
        # What httpx reads of the URL next (the origin compare, the Host header).
        _ = (url.scheme, url.host, url.port, url.netloc.decode("ascii"))
    except Exception:  # any failure here is one httpx would meet next
        return False
    return True


def _hide_location(response: httpx.Response) -> None:
    """Hide the ``Location`` of a 3xx answer to a :data:`RAW_ANSWER` request from httpx,
    and that of a :data:`CHECK_LOCATION` request's when httpx cannot make a request of it.

    httpx builds the redirect request of every 3xx, followed or not, and fails on a
    ``Location`` it cannot make one of: a redirect URI such as
    ``urn:ietf:wg:oauth:2.0:oob?code=...`` or ``myapp:cb?code=...``, to which it
    would lend the request's host. The answer was right, and the raw send's caller
    reads the ``Location`` itself: its headers are set aside for
    :func:`restore_location`, and httpx sees none. A download's answer whose
    ``Location`` cannot be requested (a port that is no number, a malformed ``xn--``
    host) was lost in httpx's ``RemoteProtocolError``: it is kept, and marked.
    """
    if not response.has_redirect_location:
        return
    extensions = response.request.extensions
    if extensions.get(RAW_ANSWER) is not True:
        if extensions.get(CHECK_LOCATION) is not True or _requestable(response):
            return
        response.extensions[_UNREADABLE_LOCATION] = True
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
    send's 3xx answer from httpx, and a download's one httpx cannot make a request of
    (see :func:`_hide_location`); it touches no other request's answer. Idempotent and
    thread-safe: call it before each raw send or download (hooks the caller replaced,
    ``client.event_hooks = ...``, get it again then). After the send,
    :func:`restore_location` puts the ``Location`` back.

    Args:
        client: The httpx client about to send a :data:`RAW_ANSWER` or
            :data:`CHECK_LOCATION` request.
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


def unreadable_location(response: httpx.Response) -> bool:
    """Whether ``response`` is the 3xx answer to a :data:`CHECK_LOCATION` request whose
    ``Location`` httpx could not make a request of (so it has no ``next_request``).

    Args:
        response: An answer, after :func:`restore_location`.

    Returns:
        ``True`` for such a redirect, which is not followed.
    """
    return response.extensions.get(_UNREADABLE_LOCATION) is True
