"""Pure OAuth 2.0 helpers: build token requests, parse token responses and OAuth errors."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Literal
from urllib.parse import quote

import httpx

from beatkit._core.http import TOKEN_REQUEST
from beatkit._core.raw_answers import RAW_ANSWER, restore_location
from beatkit._core.redact import (
    ECHO_MASK,
    REDACTED,
    echo_spellings,
    map_strings,
    mask_echoed,
    mask_error,
    name_request,
    redact_body,
    redact_error,
    sent_secrets,
    shorten_message,
)
from beatkit._core.responses import load_json
from beatkit._core.retry import retry_after_of
from beatkit._core.validate import has_lone_surrogate, is_bearer_token
from beatkit.auth.token import Token
from beatkit.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

__all__ = [
    "ClientAuthMethod",
    "authorization_code_grant",
    "build_token_request",
    "client_credentials_grant",
    "parse_token_response",
    "password_grant",
    "refresh_token_grant",
    "token_error",
]

ClientAuthMethod = Literal["client_secret_post", "client_secret_basic"]
"""How the client authenticates to the token endpoint (RFC 6749 section 2.3.1)."""

# Error bodies can be whole HTML pages; keep enough to debug, not megabytes.
_MAX_TEXT_BODY = 2000


def client_credentials_grant(scope: str | None = None) -> dict[str, str]:
    """Form fields of a client credentials grant (RFC 6749 section 4.4).

    Args:
        scope: Space-separated scopes to ask for, if any.

    Returns:
        The grant's form fields (client authentication is added separately).
    """
    form = {"grant_type": "client_credentials"}
    if scope is not None:
        form["scope"] = scope
    return form


def refresh_token_grant(refresh_token: str, scope: str | None = None) -> dict[str, str]:
    """Form fields of a refresh token grant (RFC 6749 section 6).

    Args:
        refresh_token: The refresh token.
        scope: Scopes to narrow the new token to, if any.

    Returns:
        The grant's form fields.
    """
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    if scope is not None:
        form["scope"] = scope
    return form


def authorization_code_grant(
    code: str, *, code_verifier: str | None = None, redirect_uri: str | None = None
) -> dict[str, str]:
    """Form fields of an authorization code grant (RFC 6749 section 4.1.3, RFC 7636).

    Args:
        code: The authorization code from the redirect.
        code_verifier: The PKCE verifier, when the authorization request had a challenge.
        redirect_uri: The redirect URI, when the authorization request had one.

    Returns:
        The grant's form fields.
    """
    form = {"grant_type": "authorization_code", "code": code}
    if code_verifier is not None:
        form["code_verifier"] = code_verifier
    if redirect_uri is not None:
        form["redirect_uri"] = redirect_uri
    return form


def password_grant(username: str, password: str, scope: str | None = None) -> dict[str, str]:
    """Form fields of a resource owner password grant (RFC 6749 section 4.3).

    Args:
        username: The user's name or e-mail address.
        password: The user's password.
        scope: Space-separated scopes to ask for, if any.

    Returns:
        The grant's form fields.
    """
    form = {"grant_type": "password", "username": username, "password": password}
    if scope is not None:
        form["scope"] = scope
    return form


def build_token_request(
    token_url: str | httpx.URL,
    grant: Mapping[str, str],
    *,
    client_id: str,
    client_secret: str | None = None,
    auth_method: ClientAuthMethod = "client_secret_post",
    extra_params: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | None = None,
) -> httpx.Request:
    """Build a ``POST`` to a token endpoint.

    The body is ``application/x-www-form-urlencoded``: ``extra_params``, then the
    grant's fields, then the client's credentials. With ``client_secret_post``
    (or no secret: a public client) ``client_id`` and ``client_secret`` go in the
    body; with ``client_secret_basic`` they go in an ``Authorization: Basic``
    header, each form-encoded first as RFC 6749 section 2.3.1 requires.

    Args:
        token_url: The token endpoint.
        grant: The grant's form fields (see :func:`refresh_token_grant` and friends).
        client_id: The OAuth client id.
        client_secret: The client secret, for confidential clients.
        auth_method: Where the client credentials go.
        extra_params: More form fields, e.g. a custom grant's parameters.
        timeout: The timeout httpx applies when the request is sent (as the
            ``timeout`` request extension). A request built here does not get
            the client's timeout by itself: ``client.send()`` takes the request's
            own, and without one it waits for ever.

    Returns:
        The request, ready to send without further auth.

    Raises:
        TypeError: ``client_id``, ``client_secret`` (unless ``None``), a name or value
            of ``grant`` or ``extra_params`` is not a ``str`` (the message names the
            field, never a value).
        ConfigurationError: A value holds a lone surrogate, which no form encoding
            carries (a refresh token from a store or a server that escaped one in
            JSON). The message names the field, never a value: encoding it failed
            with a ``UnicodeEncodeError`` that held the whole form, the client
            secret included.
    """
    _check_form_texts("extra_params", extra_params or {})
    _check_form_texts("grant", grant)
    for name, value in (("client_id", client_id), ("client_secret", client_secret)):
        if not isinstance(value, str) and not (name == "client_secret" and value is None):
            # httpx would write it into the form as it writes any object (None as an
            # empty field, bytes as their repr); urllib's quote() refused it with words
            # of its own.
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    form: dict[str, str] = dict(extra_params or {})
    form.update(grant)
    credentials = {"client_id": client_id, "client_secret": client_secret or ""}
    for name, value in {**form, **credentials}.items():
        if isinstance(value, str) and has_lone_surrogate(value):
            raise ConfigurationError(
                f"the token request's {name} holds a lone surrogate (text no request can "
                "carry): it cannot be sent"
            )
    headers = {"Accept": "application/json"}
    if client_secret is not None and auth_method == "client_secret_basic":
        pair = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    else:
        form["client_id"] = client_id
        if client_secret is not None:
            form["client_secret"] = client_secret
    # Raw: its 3xx answer comes back as it came, whatever its Location (one httpx makes
    # no request of, a port that is no number, would fail the send instead of being the
    # redirect it is: see keep_raw_locations); parse_token_response reads it.
    extensions: dict[str, Any] = {TOKEN_REQUEST: True, RAW_ANSWER: True}
    if timeout is not None:
        extensions["timeout"] = timeout.as_dict()
    return httpx.Request("POST", token_url, data=form, headers=headers, extensions=extensions)


def _check_form_texts(what: str, fields: Mapping[str, str]) -> None:
    """Refuse a name or value of ``fields`` that is not a ``str`` (named, never shown)."""
    for name, value in fields.items():
        if not isinstance(name, str):
            raise TypeError(f"{what}'s field names must be str, not {type(name).__name__}")
        if not isinstance(value, str):
            shown = repr(name[:80]).encode("ascii", "backslashreplace").decode("ascii")
            raise TypeError(f"{what}[{shown}] must be a str, not {type(value).__name__}")


def parse_token_response(
    response: httpx.Response,
    *,
    service: str,
    now: datetime,
    sent: httpx.Request | None = None,
) -> Token:
    """Turn a token endpoint's response into a :class:`Token`, or raise its error.

    The response body must have been read.

    Args:
        response: The token endpoint's response.
        service: The service name for errors (``"beatport"``...).
        now: When the response was received (timezone-aware).
        sent: The token request as sent: an answer to a request for another URL was
            reached through a redirect (an httpx client that follows them) and is
            refused.

    Returns:
        The token.

    Raises:
        ValueError: ``now`` is naive.
        AuthenticationError: The endpoint refused (any 4xx but 429, or a 2xx
            body carrying an OAuth ``error``); ``code`` is the OAuth error code. Also
            a redirect: a token request never follows one.
        RateLimitError: 429.
        ServerError: 5xx.
        ResponseDecodeError: A 2xx whose body is not a token (one whose
            ``expires_in`` is negative included: it is a lifetime in seconds).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        # A caller bug, not a bad response: keep it out of ResponseDecodeError.
        raise ValueError("now must be a timezone-aware datetime")
    # A raw send's Location, kept from httpx (see build_token_request), is put back.
    restore_location(response)
    if response.is_redirect or (sent is not None and _answers_elsewhere(response, sent)):
        raise _redirect_error(response, service=service)
    if not response.is_success:
        raise token_error(response, service=service)
    data = _json_body(response)
    if data is _NOT_JSON:
        # An HTML error page or a form-encoded answer: its media type says which.
        media = response.headers.get("content-type", "").split(";")[0].strip()[:60]
        shown = f" ({media!r})" if media else ""
        raise _not_a_token(response, service, data, f"is not JSON{shown}")
    if not isinstance(data, dict):
        raise _not_a_token(response, service, data, "is not a JSON object")
    if not data.get("access_token") and isinstance(data.get("error"), str):
        # Some servers report OAuth errors with a 200, a few writing every field of
        # their answer: ``"access_token": null`` (or ``""``) beside the ``error``.
        raise token_error(response, service=service)
    try:
        token = Token.from_response(data, now=now)
    except ValueError as exc:
        raise _not_a_token(response, service, data, f"is not a valid token: {exc}") from None
    lifetime = token.lifetime
    if lifetime is not None and lifetime < timedelta(0):
        # RFC 6749 section 5.1: the token's lifetime in seconds. A negative one is no
        # lifetime; read as "already expired", it had every request refresh the token.
        detail = "is not a valid token: expires_in must not be negative (a lifetime in seconds)"
        raise _not_a_token(response, service, data, detail)
    if not is_bearer_token(token.access_token):
        # Refused here, not installed and saved: every request would fail with it.
        detail = "holds an access_token an Authorization header cannot carry"
        raise _not_a_token(response, service, data, detail)
    if token.refresh_token is not None and has_lone_surrogate(token.refresh_token):
        # JSON escapes a lone surrogate ("\ud800"); installed and saved, the token's
        # every refresh would fail to encode its form.
        detail = "holds a refresh_token that cannot be sent back (a lone surrogate)"
        raise _not_a_token(response, service, data, detail)
    return token


def _not_a_token(
    response: httpx.Response, service: str, data: Any, detail: str
) -> ResponseDecodeError:
    """The error for a successful answer that holds no token (not raised).

    Its body may quote the grant as an error would: what the request sent is masked.
    An answer carrying an ``access_token`` is a token's: the values of its fields other
    than those the token is read from are masked whatever their names, as a
    :class:`~beatkit.auth.Token` keeps its ``extra`` values out of its ``repr`` (a
    session id or a device secret may come under any name).
    """
    if isinstance(data, dict) and "access_token" in data:
        data = {
            key: value if key in _TOKEN_FIELDS_SHOWN or value is None else REDACTED
            for key, value in data.items()
        }
    return ResponseDecodeError(
        f"the token endpoint's response {detail}",
        service=service,
        status_code=response.status_code,
        body=_mask_echoes(_safe_body(response, data), _sent_secrets(response)),
    )


_TOKEN_FIELDS_SHOWN = frozenset({"token_type", "expires_in", "scope"})
"""The fields of a refused token answer whose values its error shows: what the token is
read from besides the tokens, and what tells why it was refused."""


def _redirect_error(response: httpx.Response, *, service: str) -> AuthenticationError:
    """The error for a token request answered with a redirect (not raised).

    A token request's body holds credentials (a client secret, a refresh token, an
    authorization code): it is never sent on to where a redirect points, and an
    answer reached through one (an ``httpx.Client(follow_redirects=True)`` that
    followed it before the token manager saw it) was not issued by the configured
    token endpoint. The body is not attached: it is not the endpoint's.

    Args:
        response: The redirect, or the answer reached through one.
        service: The service name for the error.

    Returns:
        An :class:`~beatkit.errors.AuthenticationError` with the redirect's status.
    """
    first = next((hop for hop in response.history if hop.is_redirect), response)
    try:
        host = httpx.URL(first.headers.get("location", "")).host
    except (httpx.InvalidURL, ValueError):  # no URL (a port that is no number), or its
        host = ""  # host no IDNA codec takes ("xn--zz"): name no host
    where = f" to {host}" if host else ""
    return AuthenticationError(
        f"the token endpoint answered HTTP {first.status_code} with a redirect{where}; "
        "token requests never follow redirects (their body holds credentials): "
        "configure the token URL the redirect points to, if you trust it",
        status_code=first.status_code,
        service=service,
        request_id=_request_id(first),
    )


def _answers_elsewhere(response: httpx.Response, sent: httpx.Request) -> bool:
    try:
        answered = response.request
    except RuntimeError:  # a response made by hand, without the request it answers
        return False
    return answered is not sent and answered.url != sent.url


def token_error(response: httpx.Response, *, service: str) -> APIError:
    """Map a failed token endpoint response to a beatkit exception (not raised).

    An OAuth error body ``{"error": ..., "error_description": ...}`` gives the
    ``code`` and the message; any other body (an HTML 502 page...) gives a
    message built from the status.

    Args:
        response: The token endpoint's response, body read.
        service: The service name for the error.

    Returns:
        :class:`~beatkit.errors.ServerError` for 5xx,
        :class:`~beatkit.errors.RateLimitError` for 429, else
        :class:`~beatkit.errors.AuthenticationError`.
    """
    data = _json_body(response)
    code: str | None = None
    message: str | None = None
    if isinstance(data, dict):
        error = data.get("error")
        description = data.get("error_description")
        if isinstance(error, str) and error:
            code = error
        if isinstance(description, str) and description:
            message = description
        elif isinstance(data.get("detail"), str):
            # Django REST Framework style, as Beatport answers some failures.
            message = data["detail"]
        elif isinstance(data.get("message"), str):
            message = data["message"]
    if message is None:
        message = code or _status_message(response)
    kwargs: dict[str, Any] = {
        "status_code": response.status_code,
        "service": service,
        "code": code,
        "request_id": _request_id(response),
        "body": _safe_body(response, data),
    }
    failure: APIError
    # Read as the transport reads it: delay-seconds or an HTTP-date.
    retry_after = retry_after_of(response.headers)
    if response.status_code >= 500:
        failure = ServerError(message, retry_after=retry_after, **kwargs)
    elif response.status_code == 429:
        failure = RateLimitError(message, retry_after=retry_after, **kwargs)
    else:
        failure = AuthenticationError(message, **kwargs)
    # A token endpoint that quotes the grant must not put its password, code or
    # assertion into the exception (a token request's ``code`` is always a credential),
    # nor its client secret or refresh token: not as sent, nor encoded, nor in part.
    mask_echoed(failure, response, _GRANT_SECRET_FIELDS)
    mask_error(failure, _sent_secrets(response), _mask_echoes)
    # The message and code come from the body: redacted by the body's rules.
    return name_request(shorten_message(redact_error(failure)), response, _GRANT_SECRET_FIELDS)


_GRANT_SECRET_FIELDS = ("code",)

_MIN_ECHO = 8
"""The shortest run of a credential's characters masked where it is quoted in part."""
_HIDDEN_WINDOW = b"\x01" * _MIN_ECHO


def _sent_secrets(response: httpx.Response) -> list[str]:
    """The credentials the token request ``response`` answers sent (none for a
    response made by hand), each also as a server quoting it may spell it."""
    return echo_spellings(sent_secrets(response, _GRANT_SECRET_FIELDS))


def _mask_echoes(value: Any, secrets: list[str]) -> Any:
    """``value`` (text, or JSON of lists and objects) with each of ``secrets`` masked
    where it is quoted whole, and any run of at least :data:`_MIN_ECHO` of its
    characters (a quote cut short: ``"token rt-8f3a9c..."``) where it is quoted in
    part. ``None`` for JSON nested too deeply to walk."""
    return map_strings(value, lambda text: _mask_text(text, secrets))


def _mask_text(text: str, secrets: list[str]) -> str:
    # Linear in the text: each position's _MIN_ECHO-character window is looked up in a
    # set of the secret's windows (an echo grown window by window from its matches
    # took minutes on a long repetitive body). A run of overlapping matched windows
    # is masked whole, which may mask a little more than one contiguous quote.
    hidden = bytearray(len(text))
    for secret in secrets:
        if not secret:
            continue
        if len(secret) < _MIN_ECHO:
            start = text.find(secret)
            while start != -1:
                hidden[start : start + len(secret)] = b"\x01" * len(secret)
                start = text.find(secret, start + 1)
            continue
        windows = {secret[i : i + _MIN_ECHO] for i in range(len(secret) - _MIN_ECHO + 1)}
        for start in range(len(text) - _MIN_ECHO + 1):
            if text[start : start + _MIN_ECHO] in windows:
                hidden[start : start + _MIN_ECHO] = _HIDDEN_WINDOW
    if not any(hidden):
        return text
    out: list[str] = []
    done = 0
    while done < len(text):
        start = hidden.find(1, done)
        if start == -1:
            out.append(text[done:])
            break
        out.append(text[done:start])
        out.append(ECHO_MASK)
        end = hidden.find(0, start)
        done = len(text) if end == -1 else end
    return "".join(out)


def _status_message(response: httpx.Response) -> str:
    reason = response.reason_phrase
    text = f"the token endpoint answered HTTP {response.status_code}"
    return f"{text} {reason}" if reason else text


_NOT_JSON = object()


def _json_body(response: httpx.Response) -> Any:
    try:
        return load_json(response.content)
    except (ValueError, RecursionError):  # ValueError covers UnicodeDecodeError
        # Nested deeper than the parser goes (``[[[[...``): not JSON this can read.
        return _NOT_JSON


def _safe_body(response: httpx.Response, data: Any) -> Any:
    """The body to attach to an exception (exceptions get logged): credentials masked.

    Parsed JSON, or the text when it is not JSON (a form-encoded token answer, an
    HTML page), through the one redaction every error body gets.
    """
    if data is _NOT_JSON:
        return redact_body(response.text[:_MAX_TEXT_BODY])
    try:
        return redact_body(data)
    except RecursionError:
        # Too deeply nested to check for credentials: not kept at all.
        return None


def _request_id(response: httpx.Response) -> str | None:
    for name in ("x-request-id", "request-id", "x-correlation-id"):
        value = response.headers.get(name)
        if value:
            return str(value)
    return None
