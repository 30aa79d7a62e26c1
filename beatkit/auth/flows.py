"""Token managers: ``httpx.Auth`` flows that attach, fetch and refresh bearer tokens.

:class:`BearerAuth` holds a fixed token; :class:`ClientCredentialsAuth` and
:class:`RefreshingAuth` fetch and refresh theirs at an OAuth token endpoint. What
they share (host restriction, staleness, single-flight refresh, the sync and async
drivers) lives in ``beatkit.auth._manager``, whose docstring states the two rules
that keep concurrent callers safe.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterable, Iterator, Mapping
from typing import Any

import attrs
import httpx

from beatkit._core.close_trace import share_close_trace
from beatkit._core.hidden import Hidden
from beatkit._core.logs import log_response, printable
from beatkit._core.redact import redact_url
from beatkit._core.validate import check_text
from beatkit.auth._hosts import check_token_url
from beatkit.auth._manager import (
    Clock,
    TokenCallback,
    _TokenAuth,
    sendable,
    utcnow,
)
from beatkit.auth._steps import (
    AsyncFlow,
    LockStep,
    Step,
    Steps,
    SyncFlow,
    run_async,
    run_sync,
    send_step,
    token_client,
    token_timeout,
)
from beatkit.auth.oauth import (
    ClientAuthMethod,
    _check_form_texts,
    build_token_request,
    client_credentials_grant,
    parse_token_response,
    refresh_token_grant,
)
from beatkit.auth.stores import TokenStore
from beatkit.auth.token import Token
from beatkit.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

__all__ = ["BearerAuth", "ClientCredentialsAuth", "RefreshingAuth"]

logger = logging.getLogger("beatkit.auth")


_STEP_NAMES = {
    "refresh_token": "token refresh (refresh_token grant)",
    "client_credentials": "client credentials token request",
    "authorization_code": "authorization code exchange",
    "password": "password login (password grant)",
}


def _step_name(grant_type: str) -> str:
    """What a token request with ``grant_type`` is for, in an error message."""
    known = _STEP_NAMES.get(grant_type)
    if known is not None:
        return known
    # A custom grant (Beat Technology's): its type, cut short and escaped.
    shown = grant_type if len(grant_type) <= 80 else grant_type[:77] + "..."
    return f"token request ({shown!r} grant)"


def _name_step(error: APIError, service: str, grant_type: str) -> None:
    """Put the service and the step in front of a token endpoint error's message."""
    error.message = f"{service}: the {_step_name(grant_type)} failed: {error.message}"
    error.args = (error.message, *error.args[1:])


class _SentOnce(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A token request's body (the client secret, a refresh token, a code), sent once.

    A token manager used as the ``auth`` of a plain ``httpx`` client made with
    ``follow_redirects=True`` has its token requests followed by httpx before it sees
    the answer, and on a 307 or 308 httpx sends the same body stream to wherever the
    ``Location`` points. Read a second time, this one refuses: the body goes no further
    than the configured token endpoint. (Not an ``httpx.ByteStream``: a transport that
    reads the request first, ``request.read()``, gets it replaced by one it can send.)
    """

    def __init__(self, body: bytes, service: str) -> None:
        self.body = body
        """The form body, for masking what an error answer quotes of it."""
        self._service = service
        self._sent = False

    def _take(self) -> bytes:
        if self._sent:
            raise AuthenticationError(
                f"{self._service}: the token endpoint answered with a redirect, which this "
                "httpx client follows (follow_redirects=True): the token request, whose body "
                "holds the client secret, refresh token or code, is not sent on. Configure "
                "the token URL it points to if you trust it, or use a client that does not "
                "follow redirects",
                status_code=0,
                service=self._service,
            )
        self._sent = True
        return self.body

    def __iter__(self) -> Iterator[bytes]:
        yield self._take()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._take()


def _sent_once(request: httpx.Request, service: str) -> httpx.Request:
    """``request`` (built by :func:`build_token_request`) with its body sent once."""
    return httpx.Request(
        request.method,
        request.url,
        headers=request.headers,  # Host, Content-Length, Content-Type: as built
        stream=_SentOnce(request.content, service),
        extensions=request.extensions,
    )


class BearerAuth(_TokenAuth):
    """A fixed bearer token: an API key or a personal access token.

    Nothing is refreshed; a 401 is returned as is. Without a token, requests go
    out unsigned until :meth:`set_token` installs one (for APIs whose reads are
    public, such as BeatPass).

    Args:
        token: The token (a string or a :class:`Token`), or ``None`` for none yet.
        hosts: The API host names the token may be sent to (``"api.example.com"``,
            on any port), or origins (``"api.example.com:8443"``, that port only);
            requests anywhere else get no ``Authorization`` header.
        service: The service name used in errors and log lines.

    Raises:
        ConfigurationError: The token is empty or ``hosts`` is empty.
    """

    def __init__(
        self, token: str | Token | None, *, hosts: str | Iterable[str], service: str = "api"
    ) -> None:
        super().__init__(
            hosts=hosts,
            token=None if token is None else _as_token(token),
            store=None,
            refresh_buffer=0.0,
            on_token=None,
            service=service,
            clock=utcnow,
        )

    def set_token(self, token: str | Token) -> None:
        """Replace the token.

        Args:
            token: The new token (a string or a :class:`Token`).
        """
        super().set_token(_as_token(token))

    # A fixed token never refreshes, so the step machinery the refreshing managers
    # need is skipped: on the hot path of every API-key request it costs more than
    # the rest of beatkit's per-request work.
    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Run the flow for ``httpx.Client`` (called by httpx)."""
        token = self._token
        if token is not None and self._carries_token(request):
            self._authorize(request, token)
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Run the flow for ``httpx.AsyncClient`` (called by httpx)."""
        token = self._token
        if token is not None and self._carries_token(request):
            self._authorize(request, token)
        yield request


def _as_token(token: str | Token) -> Token:
    if isinstance(token, Token):
        return sendable(token)
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError("the bearer token must be a non-empty string")
    return sendable(Token(access_token=token.strip()))


def _setting_text(name: str, value: object) -> str:
    """``value``, a setting sent in every token request, if it is non-blank text.

    Raises:
        ConfigurationError: Not a ``str`` (bytes would go out as their ``repr``), blank,
            or holding a lone surrogate; the message never shows the value.
    """
    try:
        return check_text(name, value)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(str(exc)) from None


def _extra_params(extra_params: object) -> dict[str, str]:
    """``extra_params`` as a dict of non-blank names to text.

    Raises:
        ConfigurationError: Not a mapping, a name that is not non-blank text, or a value
            that is not text (``None`` would go out as an empty field); a value is never
            shown.
    """
    if extra_params is None:
        return {}
    if not isinstance(extra_params, Mapping):
        raise ConfigurationError(
            "extra_params must be a mapping of form field names to str values, "
            f"not {type(extra_params).__name__}"
        )
    checked: dict[str, str] = {}
    for name, value in extra_params.items():
        _setting_text("extra_params keys", name)
        if not isinstance(value, str):
            raise ConfigurationError(
                f"extra_params[{printable(name)[:80]!r}] must be a str, not {type(value).__name__}"
            )
        checked[name] = value
    return checked


def _login_arguments(
    grant: object, defaults: object
) -> tuple[dict[str, str], Mapping[str, Any] | None]:
    """``grant`` and ``defaults`` of a ``login()``, checked before anything is sent.

    A grant value that is not text would go out as httpx writes it (a ``PKCEPair`` as
    its ``repr``, ``None`` as an empty field), and ``defaults`` of the wrong kind failed
    only once the answer came, the grant (a one-time code) spent and its token dropped.

    Raises:
        TypeError: ``grant`` is not a mapping of ``str`` to ``str``, or ``defaults`` is
            neither ``None`` nor a mapping (a field is named, never its value).
        ValueError: ``grant`` has no ``grant_type`` (RFC 6749 section 4: every token
            request names its grant).
    """
    if not isinstance(grant, Mapping):
        raise TypeError(
            "grant must be a mapping of form fields (str to str), such as "
            f"authorization_code_grant(...), not {type(grant).__name__}"
        )
    _check_form_texts("grant", grant)  # the token request builder's own check
    checked: dict[str, str] = dict(grant)
    if not checked.get("grant_type", "").strip():
        raise ValueError("grant has no grant_type (every token request names its grant)")
    if defaults is not None and not isinstance(defaults, Mapping):
        raise TypeError(
            "defaults must be a mapping of Token.extra fields or None, "
            f"not {type(defaults).__name__}"
        )
    return checked, defaults


class _OAuthTokenAuth(_TokenAuth):
    """A manager that talks to a token endpoint."""

    requires_response_body = True

    def __init__(
        self,
        token_url: str | httpx.URL,
        client_id: str,
        *,
        client_secret: str | None,
        auth_method: ClientAuthMethod,
        extra_params: Mapping[str, str] | None,
        hosts: str | Iterable[str],
        token: Token | None,
        store: TokenStore | None,
        refresh_buffer: float,
        on_token: TokenCallback | None,
        service: str,
        clock: Clock,
    ) -> None:
        client_id = _setting_text("client_id", client_id)
        if client_secret is not None:
            client_secret = _setting_text("client_secret", client_secret)
        if auth_method not in ("client_secret_post", "client_secret_basic"):
            raise ConfigurationError(f"unknown auth_method {auth_method!r}")
        if auth_method == "client_secret_basic" and client_secret is None:
            raise ConfigurationError("auth_method 'client_secret_basic' needs a client_secret")
        self._token_url = check_token_url(token_url)
        self._client_id = client_id
        # Recorded in every token this manager obtains; a stored token of another
        # issuer is not sent (see _TokenAuth._foreign). No secret: the endpoint's
        # origin and path (no user info, no query: either may carry one) and the id.
        url = self._token_url
        self._issuer = (f"{url.scheme}://{url.netloc.decode('ascii')}{url.path}", client_id)
        self._client_secret = None if client_secret is None else Hidden(client_secret)
        self._auth_method: ClientAuthMethod = auth_method
        self._extra_params = Hidden(_extra_params(extra_params))
        super().__init__(
            hosts=hosts,
            token=token,
            store=store,
            refresh_buffer=refresh_buffer,
            on_token=on_token,
            service=service,
            clock=clock,
        )

    @property
    def token_url(self) -> httpx.URL:
        """The token endpoint."""
        return self._token_url

    def _grant(self, current: Token | None) -> dict[str, str]:
        raise NotImplementedError

    def _merge(self, current: Token | None, new: Token) -> Token:
        return new

    def _translate_error(self, error: AuthenticationError, grant_type: str) -> AuthenticationError:
        return error

    def _token_steps(
        self,
        grant: Mapping[str, str],
        timeout: httpx.Timeout | None,
        needed_by: httpx.Request | None = None,
    ) -> Generator[Step, httpx.Response | None, Token]:
        """Send one token request with ``grant`` and parse the answer.

        ``needed_by`` is the API request it is sent for, if any: the token request is
        refused inside the pool when their client closes, as that request is
        (:func:`~beatkit._core.close_trace.share_close_trace`). Without it, a token request
        waiting for a pooled connection as the client closed got a new connection from
        the closed pool, went out, and the API request followed on that connection.
        """
        request = build_token_request(
            self._token_url,
            grant,
            client_id=self._client_id,
            client_secret=None if self._client_secret is None else self._client_secret.value,
            auth_method=self._auth_method,
            extra_params=self._extra_params.value,
            timeout=timeout,
        )
        request = _sent_once(request, self._service)
        if needed_by is not None:
            share_close_trace(needed_by, request)
        grant_type = grant.get("grant_type", "?")
        logger.debug("%s: requesting a token (%s grant)", self._service, grant_type)
        started = time.perf_counter()
        response = yield from send_step(request, token_request=True)
        # The line every attempt gets (the transport's never sees this one: it goes out
        # inside httpx's auth flow); its body is read by now.
        log_response(self._service, request, response.status_code, time.perf_counter() - started)
        try:
            token = parse_token_response(
                response, service=self._service, now=self._now(), sent=request
            )
        except ResponseDecodeError as exc:
            # The answer alone ("is not a JSON object") does not say which call needed
            # a token: name the service and the step (the grant type is no secret).
            raise ResponseDecodeError(
                f"{self._service}: the {_step_name(grant_type)} failed: {exc.message}",
                service=exc.service,
                status_code=exc.status_code,
                body=exc.body,
            ) from None
        except AuthenticationError as exc:
            logger.warning(
                "%s: the token endpoint refused the %s grant: HTTP %s %s",
                self._service,
                grant_type,
                exc.status_code,
                printable(exc.code or ""),
            )
            refused = self._translate_error(exc, grant_type)
            # What the server said alone ("Client authentication failed.") does not say
            # which call needed a token: name the service and the step, as above.
            _name_step(refused, self._service, grant_type)
            raise refused from None
        except (RateLimitError, ServerError) as exc:
            # An endpoint that is busy or down: its status, code, body and Retry-After
            # stay, and the message names the service and the step as a refusal's does.
            _name_step(exc, self._service, grant_type)
            raise
        token = attrs.evolve(token, issuer=self._issuer)
        lifetime = token.lifetime
        logger.info(
            "%s: obtained a new access token (%s grant, expires in %s)",
            self._service,
            grant_type,
            "unknown" if lifetime is None else f"{lifetime.total_seconds():.0f} s",
        )
        return token

    def _fetch_steps(
        self,
        current: Token | None,
        timeout: httpx.Timeout | None,
        needed_by: httpx.Request | None = None,
    ) -> Generator[Step, httpx.Response | None, Token]:
        token = yield from self._token_steps(self._grant(current), timeout, needed_by)
        return self._merge(current, token)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(service={self._service!r}, "
            f"token_url={redact_url(self._token_url)!r}, hosts={sorted(self._hosts)!r}, "
            f"has_token={self._token is not None})"
        )


class ClientCredentialsAuth(_OAuthTokenAuth):
    """An application token from the client credentials grant (RFC 6749 section 4.4).

    The token is fetched on first use, fetched again when it is about to expire
    or when the API answers 401 (then the request is replayed once). Concurrent
    requests, in threads or asyncio tasks, sync or async clients, share one
    fetch, and its failure. The token request uses the timeout of the request
    that needed it.

    Args:
        token_url: The token endpoint (https, or http on a loopback host).
        client_id: The OAuth client id.
        client_secret: The client secret.
        scope: Space-separated scopes to ask for, if any.
        hosts: The API host names the token may be sent to (``"api.example.com"``,
            on any port), or origins (``"api.example.com:8443"``, that port only);
            requests anywhere else get no ``Authorization`` header.
        store: Where to keep the token between runs; a stored token is loaded
            at construction. One that does not carry every scope of ``scope`` (or
            names none) was fetched for other scopes: it is neither loaded nor
            taken over when another client saves it, and a token of this
            manager's scopes is fetched (and saved over it).
        auth_method: Send the client credentials in the form body
            (``"client_secret_post"``) or as HTTP Basic (``"client_secret_basic"``).
        service: The service name used in errors and log lines.
        refresh_buffer: Seconds before expiry from which the token is replaced
            (at most half the token's lifetime).
        extra_params: Extra form fields sent with every token request.
        on_token: Called with each token obtained.
        clock: Returns the current time (timezone-aware); for tests.

    Raises:
        ConfigurationError: A setting is invalid, or the store's file is corrupt.
    """

    def __init__(
        self,
        token_url: str | httpx.URL,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        hosts: str | Iterable[str],
        store: TokenStore | None = None,
        auth_method: ClientAuthMethod = "client_secret_post",
        service: str = "oauth",
        refresh_buffer: float = 60.0,
        extra_params: Mapping[str, str] | None = None,
        on_token: TokenCallback | None = None,
        clock: Clock = utcnow,
    ) -> None:
        client_secret = _setting_text("client_secret", client_secret)
        self._scope = None if scope is None else _setting_text("scope", scope)
        super().__init__(
            token_url,
            client_id,
            client_secret=client_secret,
            auth_method=auth_method,
            extra_params=extra_params,
            hosts=hosts,
            token=None,
            store=store,
            refresh_buffer=refresh_buffer,
            on_token=on_token,
            service=service,
            clock=clock,
        )
        stored = self._token
        if stored is not None and not _holds_scopes(stored, self._scope):
            # Fetched for other scopes (the store kept from before the scope was asked
            # for, or shared with a client asking for others): sent as it is, every
            # call needing the scope would be refused (403) until it expired.
            logger.info(
                "%s: the stored app token does not carry the scopes asked for; fetching a new one",
                self._service,
            )
            self._token = None

    def _can_fetch(self, current: Token | None) -> bool:
        return True

    def _usable_stored(self, token: Token) -> bool:
        # Read while no token is held (another client saved one since): fetched for
        # other scopes, it is not this manager's.
        return _holds_scopes(token, self._scope)

    def _newer_stored(self, seen: Token | None) -> Token | None:
        # A token another client saved since, fetched for other scopes, is not this
        # one's (the store's rule takes it when either scope is unknown).
        stored = super()._newer_stored(seen)
        return stored if stored is None or _holds_scopes(stored, self._scope) else None

    def _grant(self, current: Token | None) -> dict[str, str]:
        return client_credentials_grant(self._scope)

    def _merge(self, current: Token | None, new: Token) -> Token:
        # RFC 6749 section 5.1: an answer without ``scope`` grants the scope asked for.
        return new if new.scope is not None else attrs.evolve(new, scope=self._scope)


def _holds_scopes(token: Token, scope: str | None) -> bool:
    """Whether ``token`` carries every scope of ``scope`` (space-separated, in any
    order); any token does when ``scope`` is ``None``, none whose scope is unknown
    otherwise."""
    if scope is None:
        return True
    if token.scope is None:
        return False
    return set(scope.split()) <= set(token.scope.split())


class RefreshingAuth(_OAuthTokenAuth):
    """A user's token, refreshed with its refresh token (RFC 6749 section 6).

    The token is refreshed when it is within ``refresh_buffer`` of its expiry,
    and once more when the API answers 401, after which the request is replayed
    once (a second 401 is returned as is). Concurrent requests, in threads or
    asyncio tasks, sync or async clients, share one refresh: one token request
    per stale token, whose new token or error every waiting request gets. The
    token request uses the timeout of the request that needed it. A refresh
    response without a new refresh token keeps the old one, one without
    ``scope`` keeps the old token's scope (RFC 6749 section 5.1), and fields of
    :attr:`Token.extra` the response leaves out (such as ``user_id``) are kept
    too.

    A token without a refresh token is used until the server rejects it. An
    ``invalid_grant`` answer to a refresh (HTTP 400 or 401) raises
    :class:`~beatkit.errors.AuthenticationError` with ``code="invalid_grant"``:
    the user must log in again. The token is kept (and the store untouched), so
    each later request raises the same error, without sending the refused
    refresh token again, until a new token is set.

    Args:
        token_url: The token endpoint (https, or http on a loopback host).
        client_id: The OAuth client id (also sent in the body for public clients).
        client_secret: The client secret, for confidential clients.
        token: The token to start with; when omitted it is loaded from ``store``.
        store: Where each new token is saved.
        hosts: The API host names the token may be sent to (``"api.example.com"``,
            on any port), or origins (``"api.example.com:8443"``, that port only);
            requests anywhere else get no ``Authorization`` header.
        refresh_buffer: Seconds before expiry from which the token is refreshed
            (at most half the token's lifetime).
        on_token: Called with each token obtained (refreshed or logged in).
        service: The service name used in errors and log lines.
        clock: Returns the current time (timezone-aware); for tests.
        auth_method: Send the client credentials in the form body
            (``"client_secret_post"``) or as HTTP Basic (``"client_secret_basic"``).
        extra_params: Extra form fields sent with every token request.

    Raises:
        ConfigurationError: A setting is invalid, or the store's file is corrupt.
    """

    def __init__(
        self,
        token_url: str | httpx.URL,
        client_id: str,
        *,
        client_secret: str | None = None,
        token: Token | None = None,
        store: TokenStore | None = None,
        hosts: str | Iterable[str],
        refresh_buffer: float = 300.0,
        on_token: TokenCallback | None = None,
        service: str = "oauth",
        clock: Clock = utcnow,
        auth_method: ClientAuthMethod = "client_secret_post",
        extra_params: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            token_url,
            client_id,
            client_secret=client_secret,
            auth_method=auth_method,
            extra_params=extra_params,
            hosts=hosts,
            token=token,
            store=store,
            refresh_buffer=refresh_buffer,
            on_token=on_token,
            service=service,
            clock=clock,
        )

    def login(
        self,
        client: httpx.Client,
        grant: Mapping[str, str],
        *,
        defaults: Mapping[str, Any] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> Token:
        """Obtain a token with any grant and make it current (saved, passed to ``on_token``).

        Use it to exchange an authorization code, a password or one of Beat
        Technology's custom grants.

        Args:
            client: Sends the token request (its own auth is not used).
            grant: The grant's form fields, e.g. from
                :func:`~beatkit.auth.oauth.authorization_code_grant`.
            defaults: :attr:`Token.extra` fields to record where the answer leaves
                them out (a profile switch's ``user_id``), before the token is saved
                and passed to ``on_token``.
            timeout: The token request's timeout: seconds or an ``httpx.Timeout``;
                ``None`` for ``client``'s own.

        Returns:
            The new token.

        Raises:
            TypeError: ``client`` is not an ``httpx.Client``, ``grant`` is not a
                mapping of ``str`` to ``str``, or ``defaults`` is neither ``None`` nor
                a mapping (nothing is sent).
            ValueError: ``grant`` has no ``grant_type`` (nothing is sent).
            ConfigurationError: ``timeout`` is not a positive number of seconds (up to
                a year) or an ``httpx.Timeout`` (nothing is sent).
            AuthenticationError: The token endpoint refused.
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
            TokenSaveError: The new token is current, but the store or ``on_token``
                raised (their exception is the cause).
        """
        client = token_client(client, httpx.Client, "login")
        grant, defaults = _login_arguments(grant, defaults)
        limit = token_timeout(client, timeout)
        run_sync(SyncFlow(self, self._login_steps(grant, limit, defaults)), client)
        return self._require_token()

    async def alogin(
        self,
        client: httpx.AsyncClient,
        grant: Mapping[str, str],
        *,
        defaults: Mapping[str, Any] | None = None,
        timeout: float | httpx.Timeout | None = None,  # noqa: ASYNC109 - the request's
    ) -> Token:
        """Async twin of :meth:`login`.

        Args:
            client: Sends the token request (its own auth is not used).
            grant: The grant's form fields.
            defaults: :attr:`Token.extra` fields to record where the answer leaves
                them out.
            timeout: The token request's timeout: seconds or an ``httpx.Timeout``;
                ``None`` for ``client``'s own.

        Returns:
            The new token.

        Raises:
            TypeError: ``client`` is not an ``httpx.AsyncClient``, ``grant`` is not
                a mapping of ``str`` to ``str``, or ``defaults`` is neither ``None``
                nor a mapping (nothing is sent).
            ValueError: ``grant`` has no ``grant_type`` (nothing is sent).
            ConfigurationError: ``timeout`` is not a positive number of seconds (up to
                a year) or an ``httpx.Timeout`` (nothing is sent).
            AuthenticationError: The token endpoint refused.
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
            TokenSaveError: The new token is current, but the store or ``on_token``
                raised (their exception is the cause).
        """
        client = token_client(client, httpx.AsyncClient, "alogin")
        grant, defaults = _login_arguments(grant, defaults)
        limit = token_timeout(client, timeout)
        await run_async(AsyncFlow(self, self._login_steps(grant, limit, defaults)), client)
        return self._require_token()

    def refresh(
        self, client: httpx.Client, *, timeout: float | httpx.Timeout | None = None
    ) -> Token:
        """Refresh the token now, whatever its expiry, and make the new one current.

        The same refresh as the automatic one: single-flight with any refresh
        already under way (a caller that waited gets the token that refresh
        obtained), the old refresh token, scope and :attr:`Token.extra` fields
        (such as ``user_id``) kept where the answer leaves them out, saved to the store,
        passed to ``on_token``.

        Args:
            client: Sends the token request (its own auth is not used).
            timeout: The token request's timeout: seconds or an ``httpx.Timeout``;
                ``None`` for ``client``'s own.

        Returns:
            The new token.

        Raises:
            TypeError: ``client`` is not an ``httpx.Client`` (nothing is sent).
            ConfigurationError: There is no token, or it has no refresh token, or
                ``timeout`` is not a positive number of seconds (up to a year) or an
                ``httpx.Timeout`` (nothing is sent).
            AuthenticationError: The token endpoint refused (``code="invalid_grant"``:
                log in again).
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
            TokenSaveError: The new token is current, but the store or ``on_token``
                raised (their exception is the cause).
        """
        client = token_client(client, httpx.Client, "refresh")
        limit = token_timeout(client, timeout)
        run_sync(SyncFlow(self, self._forced_refresh_steps(limit)), client)
        return self._require_token()

    async def arefresh(
        self,
        client: httpx.AsyncClient,
        *,
        timeout: float | httpx.Timeout | None = None,  # noqa: ASYNC109 - the request's
    ) -> Token:
        """Async twin of :meth:`refresh`.

        Args:
            client: Sends the token request (its own auth is not used).
            timeout: The token request's timeout: seconds or an ``httpx.Timeout``;
                ``None`` for ``client``'s own.

        Returns:
            The new token.

        Raises:
            TypeError: ``client`` is not an ``httpx.AsyncClient`` (nothing is sent).
            ConfigurationError: There is no token, or it has no refresh token, or
                ``timeout`` is not a positive number of seconds (up to a year) or an
                ``httpx.Timeout`` (nothing is sent).
            AuthenticationError: The token endpoint refused (``code="invalid_grant"``:
                log in again).
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
            TokenSaveError: The new token is current, but the store or ``on_token``
                raised (their exception is the cause).
        """
        client = token_client(client, httpx.AsyncClient, "arefresh")
        limit = token_timeout(client, timeout)
        await run_async(AsyncFlow(self, self._forced_refresh_steps(limit)), client)
        return self._require_token()

    def _forced_refresh_steps(self, timeout: httpx.Timeout) -> Steps:
        outcomes = self._outcomes
        # Held, or saved to the store since by another process (a login there).
        token = self._held_or_stored()
        # An empty refresh token (a login answer's "") is no refresh token either.
        if token is None or not token.refresh_token:
            raise ConfigurationError(
                f"{type(self).__name__} for {self._service} has no refresh token: log in first"
            )
        yield from self._refresh_steps(token, outcomes, timeout, forced=True)

    def _login_steps(
        self,
        grant: Mapping[str, str],
        timeout: httpx.Timeout,
        defaults: Mapping[str, Any] | None = None,
    ) -> Steps:
        yield LockStep.ACQUIRE
        token = yield from self._token_steps(grant, timeout)
        if defaults:
            token = attrs.evolve(token, extra={**defaults, **token.extra})
        self._install(token, obtained=True, login=True)
        yield LockStep.RELEASE

    def _can_fetch(self, current: Token | None) -> bool:
        return current is not None and bool(current.refresh_token)

    def _grant(self, current: Token | None) -> dict[str, str]:
        assert current is not None
        assert current.refresh_token
        return refresh_token_grant(current.refresh_token)

    def _merge(self, current: Token | None, new: Token) -> Token:
        if current is None:
            return new
        # RFC 6749 section 6: the server may keep the refresh token unchanged
        # and not resend it; and Beat Technology's user_id comes with the login
        # answer only. Keep both rather than lose them on the first refresh.
        # Section 5.1: an answer without ``scope`` grants the scope requested, and
        # a refresh grant without ``scope`` requests the one the old token had.
        return attrs.evolve(
            new,
            refresh_token=new.refresh_token or current.refresh_token,
            scope=current.scope if new.scope is None else new.scope,
            extra={**current.extra, **new.extra},
        )

    def _translate_error(self, error: AuthenticationError, grant_type: str) -> AuthenticationError:
        # A login's invalid_grant is its credentials refused, not its refresh token.
        if error.code != "invalid_grant" or grant_type != "refresh_token":
            return error
        detail = error.message if error.message != error.code else "the grant was rejected"
        return AuthenticationError(
            f"the refresh token was rejected ({detail}): log in again",
            status_code=error.status_code,
            service=error.service,
            code="invalid_grant",
            request_id=error.request_id,
            body=error.body,
            details=error.details,
            field_errors=error.field_errors,
            method=error.method,
            url=error.url,
        )
