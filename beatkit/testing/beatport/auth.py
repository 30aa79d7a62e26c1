"""Beatport auth: the session login, OAuth 2.0 (authorization code, PKCE, refresh), tokens."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from beatkit._core.validate import check_int
from beatkit.testing._wire import bearer, read_form, read_json
from beatkit.testing.beatport._base import DEFAULT_SCOPE, AuthorizationCode, Base, Grant

__all__ = ["Auth"]

_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_SESSION_AGE = 1_209_600  # Django's default SESSION_COOKIE_AGE: two weeks
_BAD_CREDENTIALS = "Incorrect authentication credentials."
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_FORM = "application/x-www-form-urlencoded"


def _media_type(request: httpx.Request) -> str:
    """The request's media type, without its parameters, in lower case."""
    label: str = request.headers.get("content-type", "")
    return label.split(";")[0].strip().lower()


class Auth(Base):
    """The login, authorize, token and introspect endpoints, and the token helpers."""

    def _new_secret(self, length: int = 30) -> str:
        return "".join(self._token_rng.choices(_ALPHANUMERIC, k=length))

    def _grant(
        self, client_id: str, username: str, scope: str, expires_in: int | None = None
    ) -> dict[str, Any]:
        now = self.clock()
        lifetime = self.token_lifetime if expires_in is None else expires_in
        access, refresh = self._new_secret(), self._new_secret()
        self._access_tokens[access] = Grant(client_id, username, scope, now + lifetime)
        expires_at = now + self.refresh_token_lifetime
        self._refresh_tokens[refresh] = Grant(
            client_id, username, scope, expires_at, access_token=access
        )
        return {
            "access_token": access, "expires_in": lifetime, "token_type": "Bearer", "scope": scope,
            "refresh_token": refresh,
        }  # fmt: skip

    def issue_token(
        self, *, expires_in: int | None = None, scope: str = DEFAULT_SCOPE
    ) -> dict[str, Any]:
        """Create a token pair for the user, as a successful token request would.

        Args:
            expires_in: The access token lifetime in seconds; defaults to
                :attr:`token_lifetime`. ``0`` gives an already expired token.
            scope: The granted scope.

        Returns:
            The token response body, with ``access_token``, ``expires_in``, ``token_type``
            (``"Bearer"``), ``scope`` and ``refresh_token``.

        Raises:
            TypeError: ``expires_in`` is not an ``int`` (a token answer carries a JSON
                integer), or ``scope`` not a ``str``.
            ValueError: ``expires_in`` is negative.
        """
        if expires_in is not None and check_int("expires_in", expires_in) < 0:
            raise ValueError("expires_in must not be negative")
        if not isinstance(scope, str):
            raise TypeError(f"scope must be a str, got {type(scope).__name__}")
        with self._lock:
            return self._grant(self.client_id, self.username, scope, expires_in)

    def revoke_refresh_tokens(self) -> None:
        """Invalidate every refresh token (later refreshes answer ``invalid_grant``).

        Access tokens stay valid until they expire.
        """
        with self._lock:
            self._refresh_tokens.clear()

    def expire_access_tokens(self) -> None:
        """Invalidate every access token now (the next API call answers 401).

        Refresh tokens stay valid, so a client can refresh and retry.
        """
        with self._lock:
            self._access_tokens.clear()

    def access_token_valid(self, token: str) -> bool:
        """Whether ``token`` is a live access token right now.

        Args:
            token: An access token.

        Returns:
            ``True`` if the fake would accept it.
        """
        with self._lock:
            grant = self._access_tokens.get(token)
            return grant is not None and self.clock() < grant.expires_at

    def _oauth_error(
        self, status: int, error: str, description: str | None = None
    ) -> httpx.Response:
        body = {"error": error}
        if description:
            body["error_description"] = description
        return self.json_response(body, status, _NO_STORE)

    # -- the session login ---------------------------------------------------------------

    def on_auth_login(self, request: httpx.Request) -> httpx.Response:
        data: Any = {}
        if _media_type(request) == _FORM:
            data = read_form(request)
        elif request.content:
            if _media_type(request) != "application/json":
                # DRF's parsers read JSON and forms by their label; any other is a 415.
                label = request.headers.get("content-type", "")
                raise self._detail(415, f'Unsupported media type "{label}" in request.')
            try:
                data = read_json(request.content)
            except (ValueError, UnicodeDecodeError) as exc:
                raise self._detail(400, f"JSON parse error - {exc}") from None
        if not isinstance(data, dict):
            got = type(data).__name__
            raise self._detail(400, f"Invalid data. Expected a dictionary, but got {got}.")
        errors: dict[str, list[str]] = {}
        for field in ("username", "password"):
            value = data.get(field)
            if value is None:
                errors[field] = ["This field is required."]
            elif not isinstance(value, str):
                errors[field] = ["Not a valid string."]
            elif not value.strip():
                errors[field] = ["This field may not be blank."]
        if errors:
            return self.json_response(errors, 400)
        if data["username"] != self.username or data["password"] != self.password:
            return self.json_response({"detail": _BAD_CREDENTIALS}, 403)
        session = self._new_secret(32).lower()
        self.sessions[session] = self.username
        cookie = f"sessionid={session}; HttpOnly; Max-Age={_SESSION_AGE}; Path=/; SameSite=Lax"
        if request.url.scheme == "https":
            cookie += "; Secure"
        return self.json_response(dict(self.account), 200, {"Set-Cookie": cookie})

    def _session_user(self, request: httpx.Request) -> str | None:
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(request.headers.get("cookie", ""))
        except CookieError:
            return None
        morsel = cookies.get("sessionid")
        return None if morsel is None else self.sessions.get(morsel.value)

    # -- OAuth 2.0 -----------------------------------------------------------------------

    def on_auth_authorize(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        client_id = params.get("client_id")
        if client_id != self.client_id:
            missing = "Missing client_id parameter."
            description = "Invalid client_id parameter value." if client_id else missing
            return self._oauth_error(400, "invalid_request", description)
        given_redirect = params.get("redirect_uri")
        redirect_uri = given_redirect or self.default_redirect_uri
        if given_redirect is not None and (
            not urlsplit(given_redirect).scheme
            or (self.redirect_uris is not None and given_redirect not in self.redirect_uris)
        ):
            return self._oauth_error(400, "invalid_request", "Mismatching redirect URI.")
        user = self._session_user(request)
        if user is None:
            # Not logged in: Django's login_required bounces to the login page, no code.
            origin = f"{request.url.scheme}://{request.headers.get('host', request.url.host)}"
            target = quote(request.url.raw_path.decode("ascii"), safe="")
            login = f"{origin}{self.base_path}{self.operations['auth.login'].path}?next={target}"
            return httpx.Response(302, headers={"Location": login})
        state = params.get("state")

        def redirect(**query: str) -> httpx.Response:
            if state is not None:
                query["state"] = state
            separator = "&" if urlsplit(redirect_uri).query else "?"
            location = f"{redirect_uri}{separator}{urlencode(query)}"
            return httpx.Response(302, headers={"Location": location})

        if params.get("response_type") != "code":
            return redirect(error="unsupported_response_type")
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method")
        if challenge is not None:
            method = method or "plain"
            if method not in ("S256", "plain"):
                bad = "Transform algorithm not supported."
                return redirect(error="invalid_request", error_description=bad)
            if not re.fullmatch(r"[A-Za-z0-9\-._~]{43,128}", challenge):
                bad = "Code challenge is not valid."
                return redirect(error="invalid_request", error_description=bad)
        elif method is not None:
            return redirect(error="invalid_request", error_description="Code challenge required.")
        code = self._new_secret()
        self._codes[code] = AuthorizationCode(
            client_id=client_id, username=user, scope=params.get("scope") or DEFAULT_SCOPE,
            expires_at=self.clock() + self.code_lifetime, redirect_uri=given_redirect,
            code_challenge=challenge, code_challenge_method=method,
        )  # fmt: skip
        return redirect(code=code)

    def _client_id(self, request: httpx.Request, form: Mapping[str, str]) -> str | None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return form.get("client_id")
        try:
            basic_id = base64.b64decode(value.strip(), validate=True).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            return None
        return basic_id if form.get("client_id") in (None, basic_id) else None

    def on_auth_token(self, request: httpx.Request) -> httpx.Response:
        # Django parses only a body labelled as a form (RFC 6749 4.1.3): any other
        # carries no parameter, whatever it holds.
        form = read_form(request) if _media_type(request) == _FORM else {}
        if self._client_id(request, form) != self.client_id:
            return self._oauth_error(401, "invalid_client")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(form)
        if grant_type == "refresh_token":
            return self._refresh(form)
        return self._oauth_error(400, "unsupported_grant_type")

    def _exchange_code(self, form: Mapping[str, str]) -> httpx.Response:
        code_value = form.get("code")
        if not code_value:
            return self._oauth_error(400, "invalid_request", "Missing code parameter.")
        code = self._codes.get(code_value)
        if code is None or self.clock() >= code.expires_at:
            self._codes.pop(code_value, None)
            return self._oauth_error(400, "invalid_grant", "Invalid or expired authorization code.")
        if code.client_id != form.get("client_id", code.client_id):
            return self._oauth_error(400, "invalid_grant", "Code was issued to another client.")
        if code.redirect_uri is not None and form.get("redirect_uri") != code.redirect_uri:
            return self._oauth_error(400, "invalid_grant", "Mismatching redirect URI.")
        if code.code_challenge is not None:
            verifier = form.get("code_verifier")
            if not verifier:
                return self._oauth_error(400, "invalid_request", "Code verifier required.")
            computed = verifier
            if code.code_challenge_method == "S256":
                digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
                computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if computed != code.code_challenge:
                return self._oauth_error(400, "invalid_grant", "PKCE verification failed.")
        del self._codes[code_value]
        body = self._grant(code.client_id, code.username, code.scope)
        return self.json_response(body, 200, _NO_STORE)

    def _refresh(self, form: Mapping[str, str]) -> httpx.Response:
        value = form.get("refresh_token")
        if not value:
            return self._oauth_error(400, "invalid_request", "Missing refresh token parameter.")
        grant = self._refresh_tokens.get(value)
        if grant is None or self.clock() >= grant.expires_at:
            return self._oauth_error(400, "invalid_grant", "Invalid refresh token.")
        if grant.client_id != form.get("client_id", grant.client_id):
            other = "Refresh token was issued to another client."
            return self._oauth_error(400, "invalid_grant", other)
        # Rotation, as django-oauth-toolkit does it: the old pair is revoked.
        del self._refresh_tokens[value]
        self._access_tokens.pop(grant.access_token or "", None)
        self.refresh_count += 1
        body = self._grant(grant.client_id, grant.username, grant.scope)
        return self.json_response(body, 200, _NO_STORE)

    def on_auth_introspect(self, request: httpx.Request) -> httpx.Response:
        grant = self._access_tokens.get(request.url.params.get("token") or bearer(request) or "")
        if grant is None or self.clock() >= grant.expires_at:
            return self.json_response({"active": False})
        account = self.account
        return self.json_response({
            "active": True, "scope": grant.scope, "exp": int(grant.expires_at),
            "client_id": grant.client_id, "username": grant.username, "user_id": account["id"],
            "email": account["email"], "first_name": account["first_name"],
            "last_name": account["last_name"], "subscription": self.subscription,
        })  # fmt: skip
