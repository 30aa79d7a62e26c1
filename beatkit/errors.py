"""The exceptions beatkit raises.

Every failure is a :class:`BeatkitError`; catching that one class catches all of
them. The tree::

    BeatkitError
    ├── ConfigurationError            bad or missing settings, found before any request
    ├── ClientClosedError             a client used after it (or its event loop) was closed
    ├── APIConnectionError            no usable HTTP response (DNS, refused, reset, TLS)
    │   └── APITimeoutError           a connect/read/write/pool timeout
    ├── TokenSaveError                a token obtained and in use, that its store or on_token
    │                                 failed to keep (the API request was not sent)
    ├── ResponseDecodeError           a body that is not what the API promised: a value of the
    │                                 wrong type (names the model and field), not JSON, nested
    │                                 too deeply, or not decodable as its Content-Encoding says
    ├── APIError                      the API answered with an error status (``field_errors``)
    │   ├── RedirectError                   3xx: API calls never follow redirects (``location``)
    │   ├── BadRequestError                 400
    │   │   └── QualityNotAvailableError    "Requested quality is not available." (Beatport)
    │   ├── AuthenticationError             401, OAuth errors, failed logins and refreshes
    │   ├── PermissionDeniedError           403
    │   │   ├── TerritoryRestrictedError    403 "Territory Restricted." (Beatport)
    │   │   └── ExportLimitReachedError     403 ``export_limit_reached`` (Beat Technology LCP)
    │   ├── NotFoundError                   404
    │   ├── ConflictError                   409
    │   │   ├── BackstageRequestPendingError    (BeatPass)
    │   │   └── BackstageRequestRevokedError    (BeatPass)
    │   ├── RangeNotSatisfiableError        416
    │   ├── UnprocessableEntityError        422 validation
    │   ├── RateLimitError                  429, with ``retry_after``
    │   └── ServerError                     5xx
    ├── HLSError                      playlists, keys and segments (see :mod:`beatkit.hls`)
    ├── WebhookVerificationError      a webhook whose signature is missing or wrong
    └── WebhookPayloadError           a verified webhook whose body is not a valid event

Messages never contain tokens, keys or passwords. The exception carries the
response body for debugging, with the values of these credential keys replaced by
``REDACTED`` at any depth of a JSON body and in form-encoded text
(``access_token=...&refresh_token=...``), so a login answer that fails to decode
does not carry the new token along: ``access_token``, ``api_key``, ``apikey``,
``authorization``, ``client_secret``, ``code_verifier``, ``cookie``, ``email_token``,
``handle``, ``id_token``, ``msisdn_signature``, ``password``,
``proxy-authorization``, ``refresh_token``, ``secret``, ``set-cookie``,
``set-cookie2``, ``token`` and ``x-auth-client-secret`` (any case; the header
names cover a request's headers quoted in a body). When a server quotes the
request in its error, the values of those fields the request sent (and the
service's own secret fields, such as Beat Technology's ``code``, its secret query
values and the credentials of its ``Authorization`` header) are masked as ``***`` in
the message, details, body and field errors.

URLs in messages, in :attr:`APIConnectionError.url` and in log lines have their
userinfo, secret query values (the keys above and ``code``, ``confirmation_code``, ``key``,
``setupintent``, ``sig``, ``signature``, ``policy``, ``hmac``, ``hdnts``, ``hdnea``,
``x-amz-credential``, ``x-amz-security-token``, ``x-amz-signature``,
``x-goog-credential``, ``x-goog-signature``; in any case and
spelling: ``accessToken``, ``client-secret``),
path-embedded signatures (Beatport's ``/{timestamp}_{hash}/``) and HLS key file
names (``.../REDACTED.key``) replaced by ``REDACTED``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from copyreg import __newobj__  # type: ignore[attr-defined]  # CPython's, not in typeshed
from typing import Any, Required, TypedDict, Unpack

from beatkit._core.json_values import copy_json, needs_flat_pickle, picklable_json

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BackstageRequestPendingError",
    "BackstageRequestRevokedError",
    "BadRequestError",
    "BeatkitError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "ExportLimitReachedError",
    "HLSError",
    "NotFoundError",
    "PermissionDeniedError",
    "QualityNotAvailableError",
    "RangeNotSatisfiableError",
    "RateLimitError",
    "RedirectError",
    "ResponseDecodeError",
    "ServerError",
    "TerritoryRestrictedError",
    "TokenSaveError",
    "UnprocessableEntityError",
    "WebhookPayloadError",
    "WebhookVerificationError",
]


_UNSHOWN = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)
"""What :func:`_printable` escapes: the C0 controls but tab, DEL, the C1 controls, the
bidi controls and marks (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the
line and paragraph separators (U+2028, U+2029) and lone surrogates."""


def _escape(match: re.Match[str]) -> str:
    return match[0].encode("unicode_escape").decode("ascii")


def _printable(text: str) -> str:
    """``text`` with each character that could forge or hide what is shown written as
    its escape, as ``repr()`` writes it (``\\n``, ``\\x1b``, ``\\u202e``, ``\\ud83d``).

    Text a server sent (an error message or code) goes into log lines, tracebacks and
    terminals: a line break there writes a second, forged log line, ``ESC [ 2 J``
    clears the terminal the log is read on, a bidi override (U+202E) shows what
    follows reversed. A lone surrogate, which JSON may escape (JavaScript's
    ``JSON.stringify`` writes one for a message cut in the middle of an emoji), is
    taken by no UTF-8 stream: ``print(error)`` would raise ``UnicodeEncodeError`` and a
    log line of it would be lost. Escaped: the C0 controls but tab, DEL, the C1
    controls, the bidi controls and marks, U+2028 and U+2029, and lone surrogates;
    any other text (tab, non-ASCII letters, emoji with their joiners) is kept.
    """
    if text.isprintable():  # no control, format, separator or surrogate character
        return text
    return _UNSHOWN.sub(_escape, text)


class BeatkitError(Exception):
    """Base class of every exception raised by beatkit.

    Every beatkit exception can be pickled, copied and deep-copied with its
    attributes, so it can cross a process boundary (``multiprocessing``,
    ``concurrent.futures``, task queues) as the same class with the same message.

    ``str()`` writes the control characters the message quotes (a server's text) as
    their escapes, as ``repr()`` does: a line break (``\\n``), ``ESC`` (``\\x1b``),
    DEL and the C1 controls, the bidi controls (``\\u202e``), U+2028 and U+2029 and
    a lone surrogate (``\\ud83d``), so that the error can be printed and logged
    without forging a log line, driving the terminal or reordering the text; tab
    and any other text stay. The message and the other attributes keep the text as
    it came.
    """

    def __str__(self) -> str:
        return _printable(super().__str__())

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own __reduce__ rebuilds with ``type(self)(*self.args)``, which
        # fails for every subclass with keyword-only arguments (``status_code``,
        # ``service``...) and would run an __init__ that formats or redacts the message
        # a second time. Create the object without __init__ instead (``args`` as they
        # are), then restore the attributes from ``__dict__``, ``__notes__`` included.
        # A ``body`` the server nested deeper than pickle's recursion goes (hundreds of
        # levels, which the parser reads) is written flat, and read back as it was.
        state = self.__dict__
        if any(map(needs_flat_pickle, state.values())):
            state = {name: picklable_json(value) for name, value in state.items()}
        return (__newobj__, (type(self), *self.args), state)

    def __copy__(self) -> Any:
        new = type(self).__new__(type(self), *self.args)
        new.__dict__.update(self.__dict__)
        return new

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        # As copy.deepcopy does through __reduce__, but a ``body`` nested deeper than
        # its recursion goes is copied by a walk with a stack.
        def leaf(value: Any) -> Any:
            return copy.deepcopy(value, memo)

        new = type(self).__new__(type(self), *copy_json(list(self.args), leaf))
        memo[id(self)] = new
        new.__dict__.update(
            {name: copy_json(value, leaf, memo) for name, value in self.__dict__.items()}
        )
        return new


class ConfigurationError(BeatkitError, ValueError):
    """A client was configured wrongly, e.g. a missing API key or an ``http://`` base URL.

    Raised at construction or before a request is sent, never after.
    """


class ClientClosedError(BeatkitError, RuntimeError):
    """The client (or the ``http_client`` it sends with) was closed before this request,
    or an async client was used after the event loop its connections belong to closed,
    or from another event loop while that one is still open.

    A closed client, or one used from another open loop, sends nothing (a call that
    waited for a pooled connection while its pool was closed included); on a closed event
    loop, or for a call already on the wire when its client was closed, the request
    may have been written before the failure. Never retried.
    Create a new client (inside the event loop that uses it); a closed one cannot be
    reopened. A ``RuntimeError`` too, as httpx's and asyncio's own errors are.
    """


class APIConnectionError(BeatkitError):
    """The request did not produce an HTTP response.

    Attributes:
        service: Which API was being called (``"beatconnect"``, ``"beatport"``...).
        method: The HTTP method.
        url: The request URL, with secrets in the query string redacted.
    """

    def __init__(self, message: str, *, service: str, method: str, url: str) -> None:
        super().__init__(message)
        self.message = message
        self.service = service
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or waiting for a pooled connection)."""


class TokenSaveError(BeatkitError):
    """A token manager obtained a new token, but its store or ``on_token`` failed to keep it.

    Raised by the call whose refresh (or login, or client credentials fetch)
    obtained the token, once both hooks were tried (``on_token`` is called even when
    the store failed: it may be the application's own persistence). The new token
    is current and in use by this client, its rotated refresh token included, and
    the callers that waited on that refresh use it; it was not saved, so a new
    process would start from the old one. The API request that needed the token
    was **not sent**: retrying the call is safe, and sends it with the new token
    without another token request.

    The message names the service, the hook (``the token store`` or ``on_token``)
    and the type of the exception it raised, never the token nor that exception's
    own message (which may quote the token); that exception is ``__cause__``. When
    both hooks failed, this error is about the store and a note names the
    ``on_token`` failure's type. Explicit ``set_token()`` and ``clear_token()`` raise
    the store's own error instead, as before.

    Attributes:
        service: The service whose token it is.
        hook: ``"the token store"`` or ``"on_token"``: the first one that failed.
    """

    def __init__(self, message: str, *, service: str, hook: str) -> None:
        super().__init__(message)
        self.message = message
        self.service = service
        self.hook = hook


class ResponseDecodeError(BeatkitError):
    """A response could not be decoded into the documented type.

    Raised for a successful answer whose body is not JSON, is nested too deeply to
    parse, or holds a value of the wrong type, e.g.
    ``beatport: tracks.get: Track.name: expected str, got null`` (the service, the
    operation, the model, the field path and the JSON type found). Also raised,
    whatever the status, for a body that does not decode as its
    ``Content-Encoding`` header says (``gzip`` that is not gzip); such a failure is
    not retried.

    Attributes:
        service: Which API answered.
        status_code: The HTTP status of the response; 0 when the ``http_client``'s
            transport failed to decode the body before handing the answer over.
        body: The raw body (text, or the parsed JSON when it parsed), with credential
            values redacted; ``None`` when it could not be read or checked.
    """

    def __init__(self, message: str, *, service: str, status_code: int, body: Any) -> None:
        super().__init__(message)
        self.message = message
        self.service = service
        self.status_code = status_code
        self.body = body


_SHOWN = 200
"""How much of a code or a request id ``str()`` and ``repr()`` of an :class:`APIError`
show: they come from the server, and go into every log line and traceback."""


def _shown(text: object) -> object:
    """``text`` cut to :data:`_SHOWN` characters (with ``...``) when it is a longer string."""
    if isinstance(text, str) and len(text) > _SHOWN:
        return text[:_SHOWN] + "..."
    return text


class _APIErrorArgs(TypedDict, total=False):
    """The keywords every :class:`APIError` subclass passes on to :class:`APIError`."""

    status_code: Required[int]
    service: Required[str]
    code: str | None
    request_id: str | None
    body: Any
    details: Any
    field_errors: Mapping[str, list[str]] | None
    method: str | None
    url: str | None


class APIError(BeatkitError):
    """The API answered with an error status.

    Attributes:
        status_code: The HTTP status; 0 for an error found without an answer (a
            Beatport authorization redirect with an ``error``, no code or another
            ``state``), whose message then shows no status.
        code: The API's own error code (``"not_found"``, ``"invalid_grant"``...), if it sent one.
        message: The API's human-readable message, or the HTTP reason phrase.
        service: Which API answered.
        request_id: The request id the server sent back, if any (quote it to the vendor).
        body: The decoded JSON body, or the text when the body was not JSON.
        details: Extra detail the API attached to the error, if any.
        field_errors: ``{field: [message, ...]}`` when the API blamed particular
            fields (validation errors), else empty.
        method: The HTTP method of the request that got this answer (``"GET"``), as
            :attr:`APIConnectionError.method`; ``None`` for an error found without
            an answer, or made by hand.
        url: That request's URL, redacted as :attr:`APIConnectionError.url` is (for a
            failed token refresh or login step: the token endpoint's, not the API
            call's); ``None`` when :attr:`method` is.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        service: str,
        code: str | None = None,
        request_id: str | None = None,
        body: Any = None,
        details: Any = None,
        field_errors: Mapping[str, list[str]] | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.service = service
        self.code = code
        self.request_id = request_id
        self.body = body
        self.details = details
        self.field_errors: dict[str, list[str]] = dict(field_errors or {})
        self.method = method
        self.url = url

    def __str__(self) -> str:
        # 0 is no HTTP status: the error was found without an answer (a Beatport
        # authorization redirect checked before anything is sent).
        # A code or a request id as long as a body would flood every log line: shown
        # cut, as the message is; the attributes keep what the server sent.
        parts = [f"{self.service} {self.status_code}" if self.status_code else self.service]
        if self.code:
            parts.append(f"[{_shown(self.code)}]")
        parts.append(self.message)
        text = " ".join(parts)
        if self.request_id:
            text += f" (request id {_shown(self.request_id)})"
        return _printable(text)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, service={self.service!r}, "
            f"code={_shown(self.code)!r}, message={self.message!r})"
        )


class RedirectError(APIError):
    """3xx: the API answered an API call with a redirect.

    beatkit never follows redirects on API calls (a redirect could carry the
    request, and its credentials, somewhere else), so a redirect is an answer of
    its own kind rather than a success that fails to decode. File downloads
    (``save``) do follow them.

    Attributes:
        location: Where the API pointed (absolute, with credential-like query
            values redacted), or ``None`` when it sent no ``Location``.
    """

    def __init__(
        self, message: str, *, location: str | None = None, **kwargs: Unpack[_APIErrorArgs]
    ) -> None:
        super().__init__(message, **kwargs)
        self.location = location


class BadRequestError(APIError):
    """400: the request was malformed or had invalid parameters."""


class QualityNotAvailableError(BadRequestError):
    """Beatport has no file of the requested quality for this track (its 400
    "Requested quality is not available."); ask for another quality."""


class AuthenticationError(APIError):
    """401, or an OAuth / login failure: credentials are missing, wrong or expired.

    Also raised for failures of the token endpoint (``invalid_grant`` on refresh
    means the refresh token is gone: log in again) and for failed login steps, in
    which case :attr:`status_code` is the status of the failing step.
    """


class PermissionDeniedError(APIError):
    """403: authenticated, but not allowed (missing role, subscription tier...)."""


class TerritoryRestrictedError(PermissionDeniedError):
    """403 "Territory Restricted.": the content is not available in the caller's country."""


class ExportLimitReachedError(PermissionDeniedError):
    """403 ``export_limit_reached``: the user's LCP license window is used up (Beat Technology)."""


class NotFoundError(APIError):
    """404: the resource does not exist."""


class ConflictError(APIError):
    """409: the request conflicts with the resource's current state."""


class _BackstageRequestError(ConflictError):
    """A 409 about a backstage request (BeatPass), with the API's ``contact_url``."""

    def __init__(
        self, message: str, *, contact_url: str | None = None, **kwargs: Unpack[_APIErrorArgs]
    ) -> None:
        super().__init__(message, **kwargs)
        self.contact_url = contact_url


class BackstageRequestPendingError(_BackstageRequestError):
    """409 ``backstage_request_pending``: a backstage request is already under review.

    Attributes:
        contact_url: Where the API says to ask for help, if it sent one.
    """


class BackstageRequestRevokedError(_BackstageRequestError):
    """409 ``backstage_request_revoked``: backstage access was revoked.

    Attributes:
        contact_url: Where the API says to ask for help, if it sent one.
    """


class RangeNotSatisfiableError(APIError):
    """416: the requested ``Range`` lies beyond the collection.

    :attr:`content_range` is the answer's ``Content-Range`` (``tracks */21``: the unit
    and the collection's length), or ``None`` when it sent none.
    """

    def __init__(
        self, message: str, *, content_range: str | None = None, **kwargs: Unpack[_APIErrorArgs]
    ) -> None:
        super().__init__(message, **kwargs)
        self.content_range = content_range


class UnprocessableEntityError(APIError):
    """422: validation failed; :attr:`field_errors` says which fields and why."""


class RateLimitError(APIError):
    """429: too many requests, after beatkit's own retries were used up or the wait was too long.

    Also raised before anything is sent, with ``status_code`` 429 and no body, when
    an earlier answer said the rate limit is used up for longer than
    ``max_retry_wait`` (``X-RateLimit-Remaining: 0`` with its reset, or a 429's
    ``Retry-After``): a request sent then would only meet the same 429.

    Attributes:
        retry_after: Seconds the server asked to wait, if it said.
    """

    def __init__(
        self, message: str, *, retry_after: float | None = None, **kwargs: Unpack[_APIErrorArgs]
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the server failed.

    Attributes:
        retry_after: Seconds the server asked to wait (503 with ``Retry-After``), if it said.
    """

    def __init__(
        self, message: str, *, retry_after: float | None = None, **kwargs: Unpack[_APIErrorArgs]
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class HLSError(BeatkitError):
    """Base class of the HLS module's errors (parsing, keys, decryption, download).

    ``str()`` escapes the control characters of a URL or a playlist line it quotes,
    as every beatkit error does; the attributes (``reason``, ``uri``...) keep them.
    """


class WebhookVerificationError(BeatkitError):
    """A webhook request's signature is missing, malformed or does not match its body."""


class WebhookPayloadError(BeatkitError, ValueError):
    """A webhook body is not a valid event (bad JSON, missing or mistyped fields).

    Raised after the signature verified (or when parsing without verifying), so it
    means the sender and this library disagree about the format, not that the
    delivery is forged.
    """
