"""Beat Technology authentication, the pure part: configuration, grants, token managers, routing.

* :func:`resolve_base_url` and :func:`resolve_credentials`: the tenant, base URL and
  client credentials from the arguments or the ``BEATTECH_*`` environment variables.
* The grants: the form fields of each of the token endpoint's nine grants, besides
  ``client_id`` and ``client_secret`` (which every grant sends in the body, L1188).
* :func:`make_user_manager` / :func:`make_app_manager`: the user token
  (:class:`~beatkit.auth.RefreshingAuth`) and the app token
  (:class:`~beatkit.auth.ClientCredentialsAuth`).
* :class:`PartnerAuth` and :class:`LcpBasicAuth`: the two header-based schemes.
* :class:`TokenRouter`: which of them signs an operation, from its declared access.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable, Generator, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import httpx

from beatkit._core.hidden import Hidden
from beatkit._core.http import join_path
from beatkit._core.operation import Operation
from beatkit._core.validate import has_lone_surrogate, is_header_value, writable_int
from beatkit.auth import ClientCredentialsAuth, FileTokenStore, RefreshingAuth, Token, TokenStore
from beatkit.auth._hosts import normalize_hosts
from beatkit.auth._manager import TokenCallback, check_store
from beatkit.auth._requests import carries_credentials
from beatkit.beattech.wire import (
    BASE_URL_TEMPLATE,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_TENANT,
    SPEC,
    TENANT_PATTERN,
)
from beatkit.errors import ConfigurationError

__all__ = [
    "DEFAULT_REFRESH_BUFFER",
    "SERVICE",
    "LcpBasicAuth",
    "PartnerAuth",
    "TokenRouter",
    "account_user_grant",
    "clone_token_grant",
    "coupon_grant",
    "lcp_auth",
    "make_app_manager",
    "make_user_manager",
    "openid_handle_grant",
    "password_grant",
    "resolve_base_url",
    "resolve_credentials",
    "signed_msisdn_grant",
    "to_token",
    "token_url",
    "user_id_of",
    "verification_code_grant",
]

SERVICE: Final = SPEC.name
"""The service name used in errors and log lines."""

DEFAULT_REFRESH_BUFFER: Final = 300.0
"""Seconds before expiry from which a token is replaced."""

# --- configuration ----------------------------------------------------------------------------


def resolve_base_url(tenant: str | None, base_url: str | httpx.URL | None) -> str | httpx.URL:
    """The API root: ``base_url``, else ``https://api.prod.{tenant}.beat.no/v2``.

    The tenant is the argument, else ``$BEATTECH_TENANT``.

    Raises:
        ConfigurationError: Neither a base URL nor a tenant, or a tenant that is not
            one DNS label (lower-case letters, digits and inner hyphens).
    """
    if base_url is not None:
        return base_url
    if tenant is not None and not isinstance(tenant, str):
        raise ConfigurationError(f"tenant must be a str, got {type(tenant).__name__}")
    name = tenant if tenant is not None else os.environ.get(ENV_TENANT)
    if name is None or not name.strip():
        raise ConfigurationError(
            "Beat Technology needs a tenant (the name in api.prod.{tenant}.beat.no, such as "
            f"'fabel'): pass it as the first argument, set {ENV_TENANT}, or pass base_url=..."
        )
    name = name.strip()
    if not TENANT_PATTERN.fullmatch(name):
        # A URL or host name here is the likeliest slip: say where it belongs.
        hint = (
            "; to name the API's address, pass base_url=..." if "." in name or ":" in name else ""
        )
        source = "tenant" if tenant is not None else ENV_TENANT  # where to fix it
        raise ConfigurationError(
            f"{source} {name!r} is not a tenant name: one DNS label of lower-case letters, "
            f"digits and inner hyphens (e.g. 'fabel'){hint}"
        )
    return BASE_URL_TEMPLATE.format(tenant=name)


def _credential(value: str | None, argument: str, variable: str) -> str:
    if value is not None and not isinstance(value, str):
        raise ConfigurationError(f"{argument} must be a str, got {type(value).__name__}")
    found = value if value is not None else os.environ.get(variable)
    if found is None or not found.strip():
        raise ConfigurationError(
            f"Beat Technology needs your client's {argument} (every token request sends "
            f"it): pass {argument}=... or set {variable}"
        )
    return found.strip()


def resolve_credentials(client_id: str | None, client_secret: str | None) -> tuple[str, str]:
    """The client id and secret: the arguments, else ``$BEATTECH_CLIENT_ID`` and
    ``$BEATTECH_CLIENT_SECRET``.

    Raises:
        ConfigurationError: One is missing or blank (the message never shows a value).
    """
    return (
        _credential(client_id, "client_id", ENV_CLIENT_ID),
        _credential(client_secret, "client_secret", ENV_CLIENT_SECRET),
    )


def token_url(base_url: httpx.URL) -> httpx.URL:
    """The token endpoint under ``base_url``: ``{base}/oauth2/token``."""
    # The raw path: the base URL's percent-escapes stay as its API calls send them.
    return join_path(base_url, SPEC.routes["auth.token"].path)


def to_token(token: str | Token) -> Token:
    """A :class:`~beatkit.auth.Token`, or an access token string as one (no refresh).

    Raises:
        ConfigurationError: A blank string, or neither type.
    """
    if isinstance(token, Token):
        return token
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError("token must be a non-empty string or a Token")
    return Token(access_token=token.strip())


def user_id_of(token: Token | None) -> str | None:
    """The ``user_id`` a login answer carried (kept through refreshes), as text.

    The page sends it as a string; an integer is read as its decimal text (the
    same id, see :mod:`beatkit.beattech.converter`). A value no id has is ``None``,
    as no user id is (see :meth:`ClientContext.user_id
    <beatkit.beattech.context.ClientContext.user_id>`, which says it is not an id):
    a negative integer, or text that is blank, has whitespace around it, or holds
    a control character or a lone surrogate (an id argument is refused such text,
    and no path could carry it as the id it names).
    """
    if token is None:
        return None
    value = token.extra.get("user_id")
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            return None
        try:
            return str(writable_int("user_id", value))
        except ValueError:  # more digits than Python writes out
            return None
    return value if isinstance(value, str) and _is_id_text(value) else None


def _is_id_text(value: str) -> bool:
    """Whether ``value`` can be an id as sent: not blank, nothing stripped from it, no
    control character (C0, DEL or C1) and no lone surrogate."""
    return (
        bool(value)
        and value == value.strip()
        and not _ID_CONTROL.search(value)
        and not has_lone_surrogate(value)
    )


_ID_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# --- the grants -------------------------------------------------------------------------------


def _grant(grant_type: str, scope: str | None, **fields: str | None) -> dict[str, str]:
    form = {"grant_type": grant_type}
    form.update({name: value for name, value in fields.items() if value is not None})
    if scope is not None:
        form["scope"] = scope
    return form


def password_grant(
    username: str, password: str, *, install_referrer: str | None = None, scope: str | None = None
) -> dict[str, str]:
    """``grant_type=password``: ``username`` (an msisdn or an e-mail) and ``password``.

    Args:
        username: The msisdn or e-mail address.
        password: The password.
        install_referrer: Google Play's install referrer, sent with the first
            successful login only (L1139).
        scope: Scopes to ask for, if any.
    """
    return _grant(
        "password", scope, username=username, password=password, install_referrer=install_referrer
    )


def signed_msisdn_grant(
    msisdn: str, msisdn_signature: str, *, scope: str | None = None
) -> dict[str, str]:
    """``grant_type=signed_msisdn``: a phone number signed by the carrier's nginx."""
    return _grant("signed_msisdn", scope, msisdn=msisdn, msisdn_signature=msisdn_signature)


def coupon_grant(code: str, *, scope: str | None = None) -> dict[str, str]:
    """``grant_type=coupon`` (deprecated by the API): a coupon code."""
    return _grant("coupon", scope, code=code)


def verification_code_grant(
    code: str, *, msisdn: str | None = None, user_id: str | None = None, scope: str | None = None
) -> dict[str, str]:
    """``grant_type=verification_code``: a code from ``POST /v2/codes`` and exactly one
    of ``msisdn`` / ``user_id``.

    Raises:
        ValueError: Neither or both of ``msisdn`` and ``user_id``.
    """
    if (msisdn is None) == (user_id is None):
        raise ValueError("give exactly one of msisdn and user_id")
    return _grant("verification_code", scope, msisdn=msisdn, user_id=user_id, code=code)


def clone_token_grant(access_token: str, *, scope: str | None = None) -> dict[str, str]:
    """``grant_type=clone_token``: a user token issued to *another* client of the project."""
    return _grant("clone_token", scope, access_token=access_token)


def account_user_grant(
    access_token: str, user_id: str, *, scope: str | None = None
) -> dict[str, str]:
    """``grant_type=account_user``: switch to ``user_id``, a profile of the same account."""
    return _grant("account_user", scope, access_token=access_token, user_id=user_id)


def openid_handle_grant(handle: str, *, scope: str | None = None) -> dict[str, str]:
    """``grant_type=openid_handle``: the handle of a finished OpenID auth context."""
    return _grant("openid_handle", scope, handle=handle)


# --- the token managers -----------------------------------------------------------------------


def _utcnow() -> datetime:
    return datetime.now(UTC)


def make_user_manager(
    *,
    base_url: httpx.URL,
    client_id: str,
    client_secret: str,
    token: str | Token | None,
    store: TokenStore | None,
    on_token: TokenCallback | None,
    refresh_buffer: float,
    clock: Callable[[], datetime] | None = None,
) -> RefreshingAuth:
    """The user token's manager: refreshed ahead of expiry and once on a 401.

    The client credentials go in the form body (``client_secret_post``); the
    token is sent to ``base_url``'s host only. A refresh answer without
    ``user_id`` or a refresh token keeps the login's.

    Raises:
        ConfigurationError: A setting is invalid, or the store's file is corrupt.
    """
    return RefreshingAuth(
        token_url(base_url),
        client_id,
        client_secret=client_secret,
        token=None if token is None else to_token(token),
        store=store,
        hosts=[base_url.host],
        refresh_buffer=refresh_buffer,
        on_token=on_token,
        service=SERVICE,
        clock=clock or _utcnow,
        auth_method="client_secret_post",
    )


def _same_store(store: TokenStore, other: TokenStore | None) -> bool:
    if store is other:
        return True
    if isinstance(store, FileTokenStore) and isinstance(other, FileTokenStore):
        # realpath: "dir/./token.json" and a symlink to the file are that file.
        return os.path.realpath(store.path) == os.path.realpath(other.path)
    return False


def make_app_manager(
    *,
    base_url: httpx.URL,
    client_id: str,
    client_secret: str,
    store: TokenStore | None,
    refresh_buffer: float,
    scope: str | None = None,
    clock: Callable[[], datetime] | None = None,
    user_store: TokenStore | None = None,
) -> ClientCredentialsAuth:
    """The app token's manager: fetched on first use (one request for all callers),
    again near expiry or on a 401.

    Args:
        user_store: The user token's store (the client's ``store=``), which ``store``
            must not be.

    Raises:
        ConfigurationError: A setting is invalid, the store's file is corrupt, or
            ``store`` is ``user_store`` (or a ``FileTokenStore`` of the same file).
    """
    # The client's option is app_store (store= is the user token's): named so.
    check_store(store, "app_store")
    if store is not None and _same_store(store, user_store):
        # Each manager would save its token over the other's, and a manager about to
        # refresh takes a newer token from its store: the app token would become the
        # user's, or the user's the app's.
        raise ConfigurationError(
            "store and app_store are the same token store (or the same file): the user "
            "token and the app token each need their own; give app_store another file, "
            "or leave it out (the app token is then fetched again in each process)"
        )
    return ClientCredentialsAuth(
        token_url(base_url),
        client_id,
        client_secret,
        hosts=[base_url.host],
        store=store,
        auth_method="client_secret_post",
        service=SERVICE,
        refresh_buffer=refresh_buffer,
        scope=scope,
        clock=clock or _utcnow,
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _HostAuth(httpx.Auth):
    """Adds fixed headers to requests for one host only; anything else goes out untouched.

    The bearer tokens' rule (:func:`~beatkit.auth._requests.carries_credentials`): the
    host on any port, over https, or plain http only to a loopback host or on a client
    whose base URL is plain http; plain http to the remote API host is refused.
    """

    _what = "credentials"

    def __init__(self, host: str, headers: Mapping[str, str]) -> None:
        self._host = host.lower()
        _, self._any_port_hosts, self._origins = normalize_hosts(host)
        # Behind Hidden: a dump of the attributes (vars(auth), pprint) shows no secret.
        self._headers = Hidden(dict(headers))

    def _carries(self, request: httpx.Request) -> bool:
        """Whether ``request`` gets the headers.

        Raises:
            ConfigurationError: Plain http to the remote API host.
        """
        return carries_credentials(
            request, self._any_port_hosts, self._origins, SERVICE, self._what
        )

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._carries(request):
            request.headers.update(self._headers.value)
        yield request


class PartnerAuth(_HostAuth):
    """The partner scheme: ``X-Auth-Client-Id`` / ``X-Auth-Client-Secret``, no bearer.

    Sent as bearer tokens are: to the API host over https (plain http only to a
    loopback host, or on a client built with a plain http base URL).

    Args:
        host: The API host (the headers go to no other).
        client_id: The partner client's id.
        client_secret: The partner client's secret (never in ``repr``).
    """

    def __init__(self, host: str, client_id: str, client_secret: str) -> None:
        super().__init__(
            host, {"X-Auth-Client-Id": client_id, "X-Auth-Client-Secret": client_secret}
        )
        self._client_id = client_id
        self._what = "the partner credentials"
        # The client's own credentials stand in when no partner pair is given: fit for a
        # form body, they may not fit a header. Refused when a partner call is made, not
        # at construction (most clients never make one).
        self._fit = is_header_value(client_id) and is_header_value(client_secret)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if not self._fit and self._carries(request):
            # Else httpx raises a UnicodeEncodeError, or a line break splits the header.
            raise ConfigurationError(
                "the partner credentials sent as X-Auth-Client-Id / X-Auth-Client-Secret "
                "have a character a header cannot carry (a line break, a control "
                "character, non-ASCII): pass partner_client_id and partner_client_secret"
            )
        yield from super().auth_flow(request)

    def __repr__(self) -> str:
        return f"PartnerAuth(host={self._host!r}, client_id={self._client_id!r})"


class LcpBasicAuth(_HostAuth):
    """HTTP Basic with the LCP provider's credentials, to the API host only, over https
    (plain http only to a loopback host, or on a client built with a plain http base URL).

    Args:
        host: The API host.
        username: The LCP provider's user.
        password: Its password (never in ``repr``).

    Raises:
        ConfigurationError: The user or the password holds a lone surrogate (text
            decoded with ``surrogateescape``), which UTF-8 cannot encode; the message
            shows neither.
    """

    def __init__(self, host: str, username: str, password: str) -> None:
        # Checked, not encoded and caught: the encoder's UnicodeEncodeError holds the
        # whole "user:password" text in its ``object``, and would stay as __context__.
        if has_lone_surrogate(username) or has_lone_surrogate(password):
            raise ConfigurationError(
                "the LCP credentials hold a lone surrogate (text decoded with "
                "surrogateescape?), which UTF-8 cannot encode"
            )
        pair = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        super().__init__(host, {"Authorization": f"Basic {pair}"})
        self._username = username
        self._what = "the LCP credentials"

    def __repr__(self) -> str:
        return f"LcpBasicAuth(host={self._host!r}, username={self._username!r})"


def lcp_auth(host: str, credentials: Any) -> LcpBasicAuth | None:
    """The LCP status checks' auth from ``lcp_credentials=(user, password)``, if given.

    Raises:
        ConfigurationError: Not a pair of non-blank strings, a user with a colon, or a
            user or password with a control character or a lone surrogate (the message
            shows neither).
    """
    if credentials is None:
        return None
    if (
        not isinstance(credentials, tuple | list)
        or len(credentials) != 2
        or not all(isinstance(part, str) and part for part in credentials)
    ):
        raise ConfigurationError("lcp_credentials must be a (user, password) pair of strings")
    user, password = credentials
    # RFC 7617: the server splits user:password at the first colon, so ("a:b", "c")
    # would log in as "a" with "b:c"; and neither part may hold a control character.
    if ":" in user or _CONTROL.search(user) or _CONTROL.search(password):
        raise ConfigurationError(
            "lcp_credentials: the user cannot contain a colon, and neither the user nor "
            "the password a control character (a line break...)"
        )
    if has_lone_surrogate(user) or has_lone_surrogate(password):
        raise ConfigurationError(
            "lcp_credentials: neither the user nor the password can hold a lone surrogate "
            "(text decoded with surrogateescape?), which UTF-8 cannot encode"
        )
    return LcpBasicAuth(host, user, password)


# --- routing ----------------------------------------------------------------------------------


class TokenRouter:
    """Picks what signs each operation, from the access its ``PATHS`` row declares.

    ==========  ================================================================
    access      signed with
    ==========  ================================================================
    public      nothing (the token endpoint, auth contexts)
    any         the user token when one is held, else the app token
    user        the user token; without one, ConfigurationError before sending
    editor      as ``user`` (the user must have the editorial role)
    app         the app token (user-admin clients)
    partner     ``X-Auth-Client-Id`` / ``X-Auth-Client-Secret``, no bearer
    basic       HTTP Basic with ``lcp_credentials``; without them, ConfigurationError
    ==========  ================================================================

    :meth:`app_route` is ``bt.app``'s: every bearer operation on the app token.

    Args:
        user: The user token's manager.
        app: The app token's manager.
        partner: The partner headers.
        basic: The LCP provider's HTTP Basic, if configured.
    """

    def __init__(
        self,
        *,
        user: RefreshingAuth,
        app: ClientCredentialsAuth,
        partner: PartnerAuth,
        basic: LcpBasicAuth | None,
    ) -> None:
        self.user = user
        self.app = app
        self.partner = partner
        self.basic = basic

    def __repr__(self) -> str:
        return f"TokenRouter(logged_in={self.logged_in}, lcp={self.basic is not None})"

    @property
    def logged_in(self) -> bool:
        """Whether a user token is held (possibly stale; it refreshes on use)."""
        return self.user.token is not None

    @property
    def user_id(self) -> str | None:
        """The logged-in user's id, from the login answer; ``None`` without one."""
        return user_id_of(self.user.token)

    def route(self, op: Operation[Any]) -> httpx.Auth | None:
        """The auth of ``op`` on the client (``bt.<resource>``).

        Raises:
            ConfigurationError: A ``user``/``editor`` operation without a logged-in
                user, or a ``basic`` one without ``lcp_credentials``.
        """
        access = op.access
        if access in ("user", "editor"):
            # Not held: a login another process saved to the store since counts (read
            # only here, where the call would fail; "any" calls take the app token).
            if not self.logged_in and self.user._held_or_stored() is None:
                raise ConfigurationError(
                    f"{op.name} needs a logged-in user: call bt.auth.login(...) (or another "
                    "login) first (the app token is refused here)"
                )
            return self.user
        if access == "any":
            return self.user if self.logged_in else self.app
        return self._fixed(op)

    def app_route(self, op: Operation[Any]) -> httpx.Auth | None:
        """The auth of ``op`` on ``bt.app``: the app token for every bearer operation.

        Raises:
            ConfigurationError: A ``basic`` operation without ``lcp_credentials``.
        """
        if op.access in ("any", "user", "editor", "app"):
            return self.app
        return self._fixed(op)

    def _fixed(self, op: Operation[Any]) -> httpx.Auth | None:
        access = op.access
        if access == "app":
            return self.app
        if access == "partner":
            return self.partner
        if access == "basic":
            if self.basic is None:
                raise ConfigurationError(
                    f"{op.name} uses HTTP Basic with the LCP provider's credentials: "
                    "pass lcp_credentials=(user, password) to the client"
                )
            return self.basic
        if access == "public":
            return None
        raise ConfigurationError(f"{op.name} declares an unknown access level {access!r}")
