"""``client.auth`` for the async Beatport client: PKCE, session login, tokens, introspection."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from beatkit._core._async.resource import AsyncResource
from beatkit._core._async.transport import AsyncTransport
from beatkit._core.cookies import keep_cookies_apart
from beatkit._core.logs import printable
from beatkit._core.redact import echo_spellings, mask_error, mask_values, redact_body
from beatkit._core.responses import error_from_response, read_body
from beatkit._core.validate import check_text
from beatkit.auth import (
    AuthorizationRequest,
    PKCEPair,
    RefreshingAuth,
    Token,
    authorization_code_grant,
    generate_state,
)
from beatkit.auth.pkce import check_redirect_uri
from beatkit.beatport.auth import (
    SERVICE,
    SpentCodes,
    build_authorization_request,
    endpoint_url,
    parse_authorization_response,
    to_token,
)
from beatkit.beatport.models import TokenIntrospection
from beatkit.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    TokenSaveError,
)

__all__ = ["AsyncBeatportAuth"]

logger = logging.getLogger("beatkit.beatport")


def _safe_body(response: httpx.Response, secrets: tuple[str, ...]) -> Any:
    """The response body for an exception: the caller's secrets masked where echoed, and
    credential keys redacted like every error body.

    JSON escapes a quote, a backslash or a non-ASCII letter (``\\u00e4``), so a
    password echoed in a JSON body may not appear in its text as typed: the parsed
    values are masked too.
    """
    text = response.text
    if any(secret and secret in text for secret in secrets):
        return redact_body(mask_values(text, secrets))
    return redact_body(mask_values(read_body(response), secrets))


def _masked_response(response: httpx.Response, secrets: tuple[str, ...]) -> httpx.Response:
    """``response`` with the caller's secrets masked in its body, for the error mapping.

    The core masks what a request sent wherever its answer quotes it; the authorize
    step's request never carries the password, so an answer quoting it would reach the
    exception's message as sent.
    """
    text = response.text
    masked = mask_values(text, secrets)
    if masked == text:
        return response
    # The body is decoded already: its length and encoding headers no longer describe it.
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-length", "content-encoding")
    ]
    encoding = response.encoding or "utf-8"
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=masked.encode(encoding, "replace"),
        request=response.request,
    )


class AsyncBeatportAuth(AsyncResource):
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

    The login steps are sent with the client's transport
    (:meth:`~beatkit._core._async.transport.AsyncTransport.send_raw`): paced, logged
    with their URLs redacted, never redirected, and kept out of its cookie jar.

    Args:
        transport: The client's transport.
        manager: The client's token manager; ``None`` on the internal host, which
            has no auth (every method but :attr:`token` then raises
            :class:`~beatkit.errors.ConfigurationError`).
        client_id: The OAuth client id.
    """

    def __init__(
        self, transport: AsyncTransport, manager: RefreshingAuth | None, client_id: str | None
    ) -> None:
        super().__init__(transport)
        self._manager = manager
        self._client_id = client_id
        self._spent_codes = SpentCodes()

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
                is blank or has a character an ``Authorization`` header cannot carry
                (a line break, a space, non-ASCII); the store is then untouched.
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
        self, redirect_uri: str | None = None, *, scope: str | None = None
    ) -> AuthorizationRequest:
        """Start the authorization code flow with PKCE (``S256``); no request is made.

        Send the user to ``request.url``. Beatport sends the browser back to
        ``redirect_uri`` with ``?code=...&state=...``; pass that URL (or the code)
        and this request to :meth:`exchange_code`. Keep the request object until
        then: it holds the state and the PKCE verifier (a secret, not in its
        ``repr``).

        Args:
            redirect_uri: Where Beatport sends the browser back; it must be one
                registered for your client id. Optional (RFC 6749 section 4.1.1):
                without it Beatport uses the client's registered redirect URI, and
                the code is exchanged without one.
            scope: Space-separated scopes to ask for (e.g. ``"app:locker
                user:dj"``); Beatport's default scopes when omitted.

        Returns:
            The request, with ``url``, ``state``, ``pkce`` and ``redirect_uri``.

        Raises:
            TypeError: ``redirect_uri`` or ``scope`` is not a string.
            ValueError: ``redirect_uri`` or ``scope`` is blank.
            ConfigurationError: The client uses the internal host, or ``redirect_uri``
                is not an absolute URI or has a fragment (RFC 6749 section 3.1.2).
        """
        if redirect_uri is not None:
            check_redirect_uri(check_text("redirect_uri", redirect_uri))
        if scope is not None:
            check_text("scope", scope)
        self._require_manager("authorization_url()")
        return build_authorization_request(
            self._base_url, self._require_client_id(), redirect_uri=redirect_uri, scope=scope
        )

    async def exchange_code(
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
            ValueError: ``code_or_redirect_url`` is blank, or holds a lone surrogate,
                or ``request`` was made for another authorization endpoint or client
                id than this client's (the code and its verifier belong to that one;
                nothing is sent).
            AuthenticationError: The redirect carries an ``error=``, no code,
                the wrong state, or a code or state more than once, or its code is one
                this client exchanged already or is exchanging (``code="invalid_grant"``,
                ``status_code`` 0; codes are single-use), nothing being sent then; or
                the token endpoint refused the code. The message names the step.
            ConfigurationError: The client uses the internal host.
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            ResponseDecodeError: The token endpoint's success answer holds no token
                (an HTML page, no ``access_token``); its code is spent.
            APIConnectionError: The token endpoint did not answer.
            TokenSaveError: The new token is the client's, but the store or
                ``on_token`` raised (their exception is the cause); its code is spent.
        """
        if not isinstance(request, AuthorizationRequest):
            raise TypeError(
                f"request must be the AuthorizationRequest from authorization_url(), "
                f"got {type(request).__name__}"
            )
        manager = self._require_manager("exchange_code()")
        self._check_own_request(request)
        code = parse_authorization_response(
            code_or_redirect_url, expected_state=request.state, step="redirect"
        )
        grant = authorization_code_grant(
            code, code_verifier=request.pkce.verifier, redirect_uri=request.redirect_uri
        )
        # A code is single-use: one this client exchanged (or is exchanging) is not
        # sent again, where the server could revoke the tokens issued for it.
        before = manager.token
        self._spent_codes.claim(code)
        try:
            token = await self._token_step(manager, grant, flow="authorization")
        except (TokenSaveError, ResponseDecodeError):
            # The server took the code and answered 2xx: its token is the client's, only
            # not saved, or it could not be read. Either way the code is spent.
            raise
        except BaseException:
            # A task cancelled while its token answer was read still installs it (see
            # AsyncFlow): the code is spent then too.
            if manager.token is before:
                self._spent_codes.release(code)
            raise
        logger.info("%s: obtained a token with an authorization code", SERVICE)
        return token

    # -- session-cookie login --------------------------------------------------

    async def login(
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
            ValueError: ``username``, ``password``, ``scope`` or ``redirect_uri`` is blank
                (nothing is sent).
            AuthenticationError: A step failed; the message says which: the login
                step (wrong credentials: usually 403 with Beatport's JSON; an HTML
                page there, a bot check or a proxy, is said to be one), the authorize
                step (no
                redirect, a redirect without a code, an OAuth error) or the token
                step.
            ConfigurationError: The client uses the internal host, or ``redirect_uri``
                is not an absolute URI or has a fragment (nothing is sent).
            RateLimitError: Beatport answered 429.
            ServerError: Beatport failed (5xx).
            ResponseDecodeError: The token endpoint's success answer holds no token
                (an HTML page, no ``access_token``).
            APIConnectionError: No response.
            TokenSaveError: The new token is the client's, but the store or
                ``on_token`` raised (their exception is the cause): do not log in
                again for it.
        """
        check_text("username", username)
        check_text("password", password)
        if scope is not None:
            check_text("scope", scope)
        if redirect_uri is not None:
            check_redirect_uri(check_text("redirect_uri", redirect_uri))
        manager = self._require_manager("login()")
        client_id = self._require_client_id()
        secrets = (password,)
        base_url = self._base_url

        # Step 1: the session.
        login_url = endpoint_url(base_url, "auth.login")
        response = await self._transport.send_raw(
            httpx.Request("POST", login_url, json={"username": username, "password": password})
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
        response = await self._transport.send_raw(authorize)
        code = self._code_from_redirect(response, state, secrets)

        # Step 3: the token, through the manager so it is stored and reported.
        grant = authorization_code_grant(
            code, code_verifier=pkce.verifier, redirect_uri=redirect_uri
        )
        token = await self._token_step(manager, grant, flow="login", secrets=secrets)
        logger.info("%s: logged in with the session-cookie flow", SERVICE)
        return token

    # -- introspection -----------------------------------------------------------

    async def introspect(self) -> TokenIntrospection:
        """Ask Beatport about the current token (``GET /auth/o/introspect/``).

        Returns:
            What Beatport says about the token (user, scopes, expiry...).

        Raises:
            ConfigurationError: The client uses the internal host, or has no token.
            AuthenticationError: Beatport refused the token.
        """
        self._require_manager("introspect()")
        return await self._call("auth.introspect", TokenIntrospection)

    # -- plumbing ----------------------------------------------------------------

    def _require_manager(self, what: str) -> RefreshingAuth:
        if self._manager is None:
            raise ConfigurationError(
                f"client.auth.{what} needs the public API (api.beatport.com): this client uses "
                "the internal host, which has no authentication. Create the client without "
                "internal=True."
            )
        return self._manager

    def _check_own_request(self, request: AuthorizationRequest) -> None:
        """Refuse a request this client did not make: its code and PKCE verifier belong
        to the authorization endpoint and client id in its URL (RFC 6749 section
        4.1.3), and would go to another token endpoint, or be refused as a spent code.

        Raises:
            ValueError: The request's URL names another endpoint or client id; the
                message names neither client id.
        """
        expected = endpoint_url(self._base_url, "auth.authorize")
        try:
            url = httpx.URL(request.url)
        except (httpx.InvalidURL, TypeError, ValueError):
            url = httpx.URL()
        same_endpoint = (url.scheme, url.host, url.port, url.path.rstrip("/")) == (
            expected.scheme,
            expected.host,
            expected.port,
            expected.path.rstrip("/"),
        )
        if not same_endpoint:
            port = "" if expected.port is None else f":{expected.port}"
            raise ValueError(
                "request was made for another authorization endpoint than this client's "
                f"({expected.scheme}://{expected.host}{port}{expected.path}): exchange its "
                "code with the client that made it (nothing was sent)"
            )
        if url.params.get_list("client_id") != [self._require_client_id()]:
            raise ValueError(
                "request was made for another client id than this client's: exchange its "
                "code with the client that made it (nothing was sent)"
            )

    @property
    def _base_url(self) -> httpx.URL:
        return self._transport.settings.base_url

    def _require_client_id(self) -> str:
        if not self._client_id:
            raise ConfigurationError("this client has no client_id: pass client_id=...")
        return self._client_id

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
        """The exception for an error status at one step of the login.

        Beatport's own error mapping reads the body; a 429 or 5xx is raised as
        anywhere else (``retry_after`` included), any other status is reworded to
        name the step.
        """
        # The core masks what this step's request sent; the password is masked here too,
        # for the steps that never sent it.
        masked = _masked_response(response, secrets)
        error = error_from_response(masked, self._transport.settings.spec)
        if isinstance(error, RateLimitError | ServerError):
            return error
        reason = f"HTTP {error.status_code}: {error.message}"
        if step == "login" and error.status_code in (400, 401, 403):
            if isinstance(read_body(response), dict | list):
                reason += " (check the username and password)"
            else:
                # An HTML page (a bot check, a firewall, a proxy) judged no credentials.
                media = response.headers.get("content-type", "").split(";")[0].strip()[:60]
                shown = printable(media) if media else "no JSON"
                reason += (
                    f" (the answer is {shown}, not Beatport's JSON: something in front of "
                    "the API, such as a bot check or a proxy, refused the request before "
                    "any credentials were checked)"
                )
        return self._auth_error(step, endpoint, reason, response, secrets, code=error.code)

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
            # login() never involved authorization_url(): its way to start again is a new
            # login.
            return parse_authorization_response(
                location, expected_state=state, step="authorize", restart="log in again"
            )
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

    async def _token_step(
        self,
        manager: RefreshingAuth,
        grant: dict[str, str],
        *,
        flow: str,
        secrets: tuple[str, ...] = (),
    ) -> Token:
        http = self._transport.open_client()
        try:
            # The token manager sends the exchange itself (it owns the token endpoint's
            # error mapping); its cookies stay out of the shared jar like a login step's.
            keep_cookies_apart(http.cookies)
            # The client's timeout, as the login's other steps: the httpx client may be
            # the caller's http_client, whose own timeout beatkit does not use.
            return await manager.alogin(http, grant, timeout=self._transport.settings.timeout)
        except APIError as exc:
            # The manager masks what the token request sent where the answer quotes it;
            # the login's password is not among that, so it is masked here.
            mask_error(exc, echo_spellings(secrets))
            if not isinstance(exc, AuthenticationError):
                raise
            # The manager words invalid_grant for refreshes ("log in again"); here
            # it means the code or the PKCE verifier was refused.
            said = self._transport.settings.spec.read_error(exc.status_code, exc.body)
            detail = said.message if said else exc.code or f"HTTP {exc.status_code}"
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
                method=exc.method,
                url=exc.url,
            ) from None
