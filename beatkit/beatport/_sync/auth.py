# GENERATED from beatkit/beatport/_async/auth.py by scripts/unasync.py: edit the async source.
"""``client.auth`` for the Beatport client: PKCE, session login, tokens, introspection."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from http.cookiejar import Cookie
from typing import TYPE_CHECKING, Any

import httpx

from beatkit._core.http import error_from_response, read_body, redact_url
from beatkit._core.validate import check_text
from beatkit.auth import (
    AuthorizationRequest,
    PKCEPair,
    RefreshingAuth,
    Token,
    authorization_code_grant,
    generate_state,
)
from beatkit.beatport.auth import (
    SERVICE,
    build_authorization_request,
    endpoint_url,
    parse_authorization_response,
    to_token,
)
from beatkit.beatport.wire import SPEC
from beatkit.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
)

if TYPE_CHECKING:
    from beatkit.beatport._sync.client import Beatport
    from beatkit.beatport.models import TokenIntrospection

__all__ = ["BeatportAuth"]

logger = logging.getLogger("beatkit.beatport")

_CookieKey = tuple[str, str, str]


def _cookie_map(cookies: httpx.Cookies) -> dict[_CookieKey, Cookie]:
    return {(c.domain, c.path, c.name): c for c in cookies.jar}


@contextlib.contextmanager
def _cookies_untouched(cookies: httpx.Cookies) -> Iterator[None]:
    """Undo every change the wrapped requests make to the shared client's cookie jar.

    httpx stores the cookies of every response in the client's jar, and the API
    requests built from that client would then carry the login session next to
    the bearer token. The session belongs to the login alone.
    """
    before = _cookie_map(cookies)
    try:
        yield
    finally:
        after = _cookie_map(cookies)
        for key, cookie in after.items():
            if before.get(key) is not cookie:
                cookies.jar.clear(*key)
        for key, cookie in before.items():
            if after.get(key) is not cookie:
                cookies.jar.set_cookie(cookie)


def _scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _error_detail(body: Any, secrets: tuple[str, ...]) -> str | None:
    """The server's own words from an error body (DRF ``detail`` or an OAuth error)."""
    if isinstance(body, dict):
        parts = []
        error = body.get("error")
        if isinstance(error, str) and error:
            parts.append(error)
        for key in ("error_description", "detail", "message"):
            value = body.get(key)
            if isinstance(value, str) and value:
                parts.append(value)
                break
        if parts:
            return _scrub(": ".join(parts), secrets)
    if isinstance(body, str) and body.strip() and not body.lstrip().startswith("<"):
        return _scrub(body.strip()[:200], secrets)
    return None


def _safe_body(response: httpx.Response, secrets: tuple[str, ...]) -> Any:
    """The response body for an exception, with the caller's secrets masked if echoed."""
    text = response.text
    if any(secret and secret in text for secret in secrets):
        return _scrub(text, secrets)
    return read_body(response)


class BeatportAuth:
    """``client.auth``: log in, hold and inspect the client's Beatport token.

    Three ways to get a token:

    * :meth:`authorization_url` + :meth:`exchange_code`: the OAuth 2.0
      authorization code flow with PKCE, for apps that can send the user to a
      browser and receive the redirect.
    * :meth:`login`: the session-cookie login Beatport's own web player uses
      (username and password, no browser).
    * :meth:`set_token`, or ``token=``/``store=`` on the client: a token you
      already have.

    However obtained, the token is saved to the client's ``store``, passed to
    ``on_token`` (when a login obtained it) and refreshed ahead of expiry.

    Args:
        client: The client this object belongs to.
        manager: The client's token manager; ``None`` on the internal host, which
            has no auth (every method but :attr:`token` then raises
            :class:`~beatkit.errors.ConfigurationError`).
        client_id: The OAuth client id.
    """

    def __init__(
        self, client: Beatport, manager: RefreshingAuth | None, client_id: str | None
    ) -> None:
        self._client = client
        self._manager = manager
        self._client_id = client_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}(has_token={self.token is not None})"

    # -- the token -------------------------------------------------------------

    @property
    def token(self) -> Token | None:
        """The current token (possibly stale; ``None`` before a login). No request is made."""
        return None if self._manager is None else self._manager.token

    @property
    def manager(self) -> RefreshingAuth | None:
        """The client's token manager (``None`` on the internal host)."""
        return self._manager

    def set_token(self, token: str | Token) -> None:
        """Make ``token`` the client's token and save it to the store.

        ``on_token`` is not called: it reports tokens beatkit obtained itself.

        Args:
            token: A :class:`~beatkit.auth.Token` (refreshed ahead of expiry when it
                has a refresh token), or an access token string (used until
                Beatport refuses it).

        Raises:
            ConfigurationError: The client uses the internal host, or the token
                is blank.
        """
        self._require_manager("set_token()").set_token(to_token(token))

    def clear_token(self) -> None:
        """Forget the token and clear the store: log out locally (nothing is sent).

        Raises:
            ConfigurationError: The client uses the internal host.
        """
        self._require_manager("clear_token()").clear_token()

    # -- authorization code flow with PKCE --------------------------------------

    def authorization_url(
        self, redirect_uri: str, *, scope: str | None = None
    ) -> AuthorizationRequest:
        """Start the authorization code flow with PKCE (``S256``); no request is made.

        Send the user to ``request.url``. Beatport sends the browser back to
        ``redirect_uri`` with ``?code=...&state=...``; pass that URL (or the code)
        and this request to :meth:`exchange_code`. Keep the request object until
        then: it holds the state and the PKCE verifier (a secret, not in its
        ``repr``).

        Args:
            redirect_uri: Where Beatport sends the browser back; it must be one
                registered for your client id.
            scope: Space-separated scopes to ask for (e.g. ``"app:locker
                user:dj"``); Beatport's default scopes when omitted.

        Returns:
            The request: ``url``, ``state``, ``pkce`` and ``redirect_uri``.

        Raises:
            TypeError: ``redirect_uri`` or ``scope`` is not a string.
            ValueError: ``redirect_uri`` is blank.
            ConfigurationError: The client uses the internal host.
        """
        check_text("redirect_uri", redirect_uri)
        if scope is not None:
            check_text("scope", scope)
        self._require_manager("authorization_url()")
        return build_authorization_request(
            self._client.base_url, self._require_client_id(), redirect_uri=redirect_uri, scope=scope
        )

    def exchange_code(
        self, code_or_redirect_url: str, request: AuthorizationRequest
    ) -> Token:
        """Finish the authorization code flow: check the redirect, get and keep the token.

        Args:
            code_or_redirect_url: The full URL Beatport redirected the browser to
                (its ``state`` is checked), or just the ``code`` from it.
            request: What :meth:`authorization_url` returned.

        Returns:
            The new token, now the client's (saved to the store, passed to
            ``on_token``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``code_or_redirect_url`` is blank.
            AuthenticationError: The redirect carries an ``error=``, no code or
                the wrong state (nothing is sent then), or the token endpoint
                refused the code; the message names the step.
            ConfigurationError: The client uses the internal host.
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
        """
        if not isinstance(request, AuthorizationRequest):
            raise TypeError(
                f"request must be the AuthorizationRequest from authorization_url(), "
                f"got {type(request).__name__}"
            )
        manager = self._require_manager("exchange_code()")
        code = parse_authorization_response(
            code_or_redirect_url, expected_state=request.state, step="redirect"
        )
        grant = authorization_code_grant(
            code, code_verifier=request.pkce.verifier, redirect_uri=request.redirect_uri
        )
        token = self._token_step(manager, grant, flow="authorization")
        logger.info("%s: obtained a token with an authorization code", SERVICE)
        return token

    # -- session-cookie login --------------------------------------------------

    def login(
        self,
        username: str,
        password: str,
        *,
        scope: str | None = None,
        redirect_uri: str | None = None,
    ) -> Token:
        """Log in with a Beatport username and password (the session-cookie flow).

        Three requests, all to the API host: ``POST /auth/login/`` with the
        credentials (Beatport answers with a ``sessionid`` cookie); ``GET
        /auth/o/authorize/`` with that cookie, a PKCE challenge and a state,
        whose redirect is not followed but read for the code; ``POST
        /auth/o/token/`` to exchange the code. The session cookie is used for the
        second request only: it never enters the client's cookie jar.

        Args:
            username: The Beatport username or e-mail address.
            password: The password (never logged, never in an exception).
            scope: Space-separated scopes to ask for; Beatport's default scopes
                when omitted.
            redirect_uri: A redirect URI registered for your client id, when
                Beatport needs one to issue the code; not sent when omitted.

        Returns:
            The new token, now the client's (saved to the store, passed to
            ``on_token``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``username`` or ``password`` is blank.
            AuthenticationError: A step failed; the message says which: the login
                step (wrong credentials: usually 403), the authorize step (no
                redirect, a redirect without a code, an OAuth error) or the token
                step.
            ConfigurationError: The client uses the internal host.
            RateLimitError: Beatport answered 429.
            ServerError: Beatport failed (5xx).
            APIConnectionError: No response.
        """
        check_text("username", username)
        check_text("password", password)
        if scope is not None:
            check_text("scope", scope)
        if redirect_uri is not None:
            check_text("redirect_uri", redirect_uri)
        manager = self._require_manager("login()")
        client_id = self._require_client_id()
        secrets = (password,)
        http = self._client._transport.http_client
        base_url = self._client.base_url

        # Step 1: the session.
        login_url = endpoint_url(base_url, "auth.login")
        response = self._send_step(
            http,
            httpx.Request("POST", login_url, json={"username": username, "password": password}),
        )
        session = httpx.Cookies()
        session.extract_cookies(response)
        if response.status_code >= 400:
            raise self._step_error("login", "POST /auth/login/", response, secrets)
        if not response.is_success:
            raise self._auth_error(
                "login",
                "POST /auth/login/",
                f"expected 200, got HTTP {response.status_code}",
                response,
                secrets,
            )
        if not list(session.jar):
            raise self._auth_error(
                "login", "POST /auth/login/", "the answer set no session cookie", response, secrets
            )

        # Step 2: the code, read from the redirect instead of following it.
        pkce = PKCEPair.generate()
        state = generate_state()
        params = {"client_id": client_id, "response_type": "code"}
        if redirect_uri is not None:
            params["redirect_uri"] = redirect_uri
        if scope is not None:
            params["scope"] = scope
        params.update(
            {"code_challenge": pkce.challenge, "code_challenge_method": "S256", "state": state}
        )
        authorize = httpx.Request("GET", endpoint_url(base_url, "auth.authorize"), params=params)
        session.set_cookie_header(authorize)
        response = self._send_step(http, authorize)
        code = self._code_from_redirect(response, state, secrets)

        # Step 3: the token, through the manager so it is stored and reported.
        grant = authorization_code_grant(
            code, code_verifier=pkce.verifier, redirect_uri=redirect_uri
        )
        token = self._token_step(manager, grant, flow="login")
        logger.info("%s: logged in with the session-cookie flow", SERVICE)
        return token

    # -- introspection -----------------------------------------------------------

    def introspect(self) -> TokenIntrospection:
        """Ask Beatport about the current token (``GET /auth/o/introspect/``).

        Returns:
            What Beatport says about the token (user, scopes, expiry...).

        Raises:
            ConfigurationError: The client uses the internal host, or has no token.
            AuthenticationError: Beatport refused the token.
        """
        self._require_manager("introspect()")
        return self._client._request(self._client._ops.introspect())

    # -- plumbing ----------------------------------------------------------------

    def _require_manager(self, what: str) -> RefreshingAuth:
        if self._manager is None:
            raise ConfigurationError(
                f"client.auth.{what} needs the public API (api.beatport.com): this client uses "
                "the internal host, which has no authentication. Create the client without "
                "internal=True."
            )
        return self._manager

    def _require_client_id(self) -> str:
        if not self._client_id:
            raise ConfigurationError("this client has no client_id: pass client_id=...")
        return self._client_id

    def _send_step(self, http: httpx.Client, request: httpx.Request) -> httpx.Response:
        """Send one login request: paced, no redirects, no client auth or cookies, body read."""
        settings = self._client._transport.settings
        for name, value in settings.headers.items():
            request.headers.setdefault(name, value)
        request.extensions["timeout"] = settings.timeout.as_dict()
        delay = settings.limiter.reserve()
        if delay > 0:
            settings.sleep(min(delay, settings.retry.max_wait))
        url = redact_url(request.url)
        try:
            # Streamed, so that the cookies httpx has just put in the shared jar are
            # taken out again before anything else can run and send them.
            with _cookies_untouched(http.cookies):
                response = http.send(request, auth=None, follow_redirects=False, stream=True)
            try:
                response.read()
            finally:
                response.close()
        except httpx.TimeoutException:
            raise APITimeoutError(
                f"{SERVICE}: {request.method} {url} timed out",
                service=SERVICE,
                method=request.method,
                url=url,
            ) from None
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"{SERVICE}: {request.method} {url} failed: {type(exc).__name__}",
                service=SERVICE,
                method=request.method,
                url=url,
            ) from None
        logger.debug("%s: %s %s -> %s", SERVICE, request.method, url, response.status_code)
        return response

    def _auth_error(
        self,
        step: str,
        endpoint: str,
        reason: str,
        response: httpx.Response,
        secrets: tuple[str, ...],
        *,
        code: str | None = None,
    ) -> AuthenticationError:
        return AuthenticationError(
            f"Beatport login failed at the {step} step ({endpoint}): {reason}",
            status_code=response.status_code,
            service=SERVICE,
            code=code,
            body=_safe_body(response, secrets),
        )

    def _step_error(
        self, step: str, endpoint: str, response: httpx.Response, secrets: tuple[str, ...]
    ) -> Exception:
        """The exception for an error status at one step of the login."""
        status = response.status_code
        if status == 429 or status >= 500:
            # Typed as anywhere else (retry_after included); the message is Beatport's.
            return error_from_response(response, SPEC)
        body = read_body(response)
        detail = _error_detail(body, secrets)
        reason = f"HTTP {status}" + (f": {detail}" if detail else "")
        if step == "login" and status in (400, 401, 403):
            reason += " (check the username and password)"
        code = body.get("error") if isinstance(body, dict) else None
        return self._auth_error(
            step, endpoint, reason, response, secrets, code=code if isinstance(code, str) else None
        )

    def _code_from_redirect(
        self, response: httpx.Response, state: str, secrets: tuple[str, ...]
    ) -> str:
        endpoint = "GET /auth/o/authorize/"
        if response.status_code >= 400:
            raise self._step_error("authorize", endpoint, response, secrets)
        location = response.headers.get("Location")
        if not response.is_redirect or not location:
            raise self._auth_error(
                "authorize",
                endpoint,
                f"expected a redirect carrying the code, got HTTP {response.status_code} "
                "(if Beatport asks the user to approve the app, use authorization_url() and "
                "exchange_code() in a browser instead)",
                response,
                secrets,
            )
        try:
            return parse_authorization_response(location, expected_state=state, step="authorize")
        except AuthenticationError as exc:
            reason = exc.message.split(": ", 1)[-1]
            if exc.code == "missing_code":
                reason += (
                    ": the session cookie was not accepted (Beatport redirects to its login "
                    "page then); log in again"
                )
            raise self._auth_error(
                "authorize", endpoint, reason, response, secrets, code=exc.code
            ) from None

    def _token_step(
        self, manager: RefreshingAuth, grant: dict[str, str], *, flow: str
    ) -> Token:
        http = self._client._transport.http_client
        try:
            with _cookies_untouched(http.cookies):
                return manager.login(http, grant)
        except AuthenticationError as exc:
            # The manager words invalid_grant for refreshes ("log in again"); here
            # it means the code or the PKCE verifier was refused.
            detail = _error_detail(exc.body, ()) or exc.code or f"HTTP {exc.status_code}"
            hint = ""
            if exc.code == "invalid_grant":
                hint = (
                    " (the authorization code was refused: codes are single-use and "
                    "short-lived, and must come with their own PKCE verifier)"
                )
            raise AuthenticationError(
                f"Beatport {flow} failed at the token step (POST /auth/o/token/): {detail}{hint}",
                status_code=exc.status_code,
                service=SERVICE,
                code=exc.code,
                request_id=exc.request_id,
                body=exc.body,
            ) from None
