"""The OAuth 2.0 token model shared by every token manager and store."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from beatkit._core.json_values import NUMBER_TEXT, parse_datetime_text
from beatkit.errors import ConfigurationError

__all__ = ["Token", "check_token_kind"]

# Keys of a token response that the model maps onto its own fields; anything
# else is kept in ``Token.extra`` so nothing the server sends is lost.
_KNOWN_KEYS = frozenset({"access_token", "token_type", "refresh_token", "expires_in", "scope"})

_REDACTED = "'***'"


def _redact_secret(value: object) -> str:
    return "None" if value is None else _REDACTED


def _redact_extra(extra: Mapping[str, Any]) -> str:
    # Keys only: a value under any name may be a credential (a session id, a signed
    # cookie, a one-time code), and no list of names can tell which.
    return "{" + ", ".join(f"{key!r}: {_REDACTED}" for key in extra) + "}"


def _copy_extra(value: Mapping[str, Any]) -> dict[str, Any]:
    # A private copy, so a caller mutating the dict it passed in cannot change
    # a frozen token behind its back.
    return dict(value)


def _require_aware(now: datetime, name: str = "now") -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return now.astimezone(UTC)


def _check_access_token(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # Checked when the token is built: a wrong value would otherwise fail only at the
    # first signed request. The messages never show the value.
    if not isinstance(value, str):
        raise TypeError(f"access_token must be a string, not {type(value).__name__}")
    if not value:
        raise ValueError("access_token must not be empty")


def _check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string or None, not {type(value).__name__}")


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, not {type(value).__name__}")


def _check_issuer(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not (
        isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)
    ):
        raise TypeError("issuer must be a (token_url, client_id) tuple of strings or None")


def _parse_issuer(value: object) -> tuple[str, str] | None:
    # Written by to_dict() as {"token_url": ..., "client_id": ...}; absent from the
    # tokens of beatkit versions before it (and from tokens built by hand).
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError("issuer must be an object")
    token_url, client_id = value.get("token_url"), value.get("client_id")
    if not isinstance(token_url, str) or not isinstance(client_id, str):
        raise ValueError("issuer must hold a token_url and a client_id")
    return (token_url, client_id)


def _check_moment(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # A naive datetime cannot be compared with the managers' aware clock (the first
    # request raised Python's TypeError from inside httpx), and FileTokenStore.load()
    # refuses the file it would be saved in as corrupt.
    if value is None:
        return
    if not isinstance(value, datetime):
        raise TypeError(f"{attribute.name} must be a datetime or None, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{attribute.name} must be a timezone-aware datetime "
            "(e.g. datetime(2030, 1, 1, tzinfo=UTC))"
        )


def _parse_expires_in(value: object) -> float | None:
    """Read ``expires_in`` as sent: a number, or a string of one (some servers quote it)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("expires_in must be a number")
    if isinstance(value, str):
        value = value.strip(" \t")
        # The JSON number grammar, in ASCII digits: float() also reads "1_000", "+5",
        # "5." and other scripts' digits ("٣٦٠٠"), none of which a JSON answer sends.
        if not NUMBER_TEXT.fullmatch(value):
            raise ValueError("expires_in must be a number")
    if isinstance(value, int | float | str):
        try:
            number = float(value)
        except ValueError:
            raise ValueError("expires_in must be a number") from None
        except OverflowError:  # an int of hundreds of digits
            raise ValueError("expires_in is out of range") from None
        if not math.isfinite(number):
            raise ValueError("expires_in must be a finite number")
        return number
    raise ValueError("expires_in must be a number")


def _parse_scope(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    # A few servers send the granted scopes as a JSON list rather than the
    # space-separated string RFC 6749 section 3.3 asks for.
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        # Joined only when the join splits back into the same list: an empty name,
        # or one with a space inside, would silently become other scopes.
        if not all(item and not any(char.isspace() for char in item) for item in value):
            raise ValueError("scope must be a list of non-empty scope names without spaces")
        return " ".join(value)
    raise ValueError("scope must be a string or a list of strings")


def _parse_datetime(value: object, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be an ISO 8601 string")
    try:
        # The form to_dict writes (isoformat); not a bare date or the basic form.
        parsed = parse_datetime_text(value)
    except ValueError:
        raise ValueError(f"{name} is not an ISO 8601 datetime") from None
    try:
        return _require_aware(parsed, name)
    except OverflowError:  # in UTC it would fall before year 1 or after 9999
        raise ValueError(f"{name} is out of range") from None


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


@attrs.frozen
class Token:
    """An OAuth 2.0 access token, as a token endpoint issued it.

    The access and refresh tokens never appear in ``repr()`` or ``str()``; nor does
    any value of :attr:`extra` (a session id or a one-time code may sit under any
    name): only its keys are shown.

    Build one from a token endpoint's JSON with :meth:`from_response`, store it
    with :meth:`to_dict` and read it back with :meth:`from_dict`.

    Raises:
        TypeError: A field of the wrong type (``access_token`` not a string,
            ``expires_at`` not a ``datetime``...); the message never shows the value.
        ValueError: An empty ``access_token``, or a naive ``expires_at`` or
            ``obtained_at`` (no time zone: it could not be compared with the
            managers' clock, nor read back from a token file).
    """

    access_token: str = attrs.field(repr=_redact_secret, validator=_check_access_token)
    """The bearer token sent in ``Authorization: Bearer ...``."""

    token_type: str = attrs.field(default="Bearer", validator=_check_text)
    """The token type the server named (``"Bearer"``; compared case-insensitively by servers)."""

    refresh_token: str | None = attrs.field(
        default=None, repr=_redact_secret, validator=_check_optional_text
    )
    """The refresh token, if the server issued one."""

    expires_at: datetime | None = attrs.field(default=None, validator=_check_moment)
    """When the access token expires (timezone-aware UTC); ``None`` if no lifetime was given."""

    scope: str | None = attrs.field(default=None, validator=_check_optional_text)
    """The granted scopes, space separated, if the server said."""

    obtained_at: datetime | None = attrs.field(default=None, validator=_check_moment)
    """When the token was received (timezone-aware UTC), if known."""

    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_copy_extra, repr=_redact_extra, hash=False
    )
    """Every other field of the token response, such as Beat Technology's ``user_id``."""

    issuer: tuple[str, str] | None = attrs.field(
        default=None, validator=_check_issuer, repr=False, eq=False
    )
    """The ``(token_url, client_id)`` of the manager that obtained the token (a login,
    a refresh, a client credentials grant), or ``None`` (a token built by hand, or read
    from a file written by a beatkit version that did not record it).

    A manager whose store holds a token of another issuer (another API host, tenant or
    OAuth client sharing the store) does not send it: it acts as if the store were
    empty. Not shown in ``repr()``, not compared by ``==``, and written by
    :meth:`to_dict` only when known."""

    @classmethod
    def from_response(cls, data: Mapping[str, Any], *, now: datetime) -> Token:
        """Build a token from a token endpoint's JSON body.

        ``expires_at`` is ``now + expires_in`` exactly as the server sent it; a
        response without ``expires_in`` gives a token without an expiry (no
        lifetime is ever assumed). Fields the model does not name are kept in
        :attr:`extra`.

        Args:
            data: The decoded JSON object of a successful token response.
            now: The time the response was received (timezone-aware).

        Returns:
            The token.

        Raises:
            ValueError: ``access_token`` is missing or a field has the wrong type.
                The message names the field, never its value.
        """
        now = _require_aware(now)
        access_token = data.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise ValueError("token response has no access_token")
        token_type = _optional_str(data, "token_type") or "Bearer"
        expires_in = _parse_expires_in(data.get("expires_in"))
        try:
            expires_at = None if expires_in is None else now + timedelta(seconds=expires_in)
        except OverflowError:  # beyond what a datetime holds
            raise ValueError("expires_in is out of range") from None
        return cls(
            access_token=access_token,
            token_type=token_type,
            refresh_token=_optional_str(data, "refresh_token"),
            expires_at=expires_at,
            scope=_parse_scope(data.get("scope")),
            obtained_at=now,
            extra={key: value for key, value in data.items() if key not in _KNOWN_KEYS},
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict for storage; :meth:`from_dict` reads it back.

        Returns:
            The token's fields, datetimes as ISO 8601 strings, and its
            :attr:`issuer` (``{"token_url": ..., "client_id": ...}``) when known. It
            holds the secrets in clear: store it as carefully as a password.
        """
        data: dict[str, Any] = {
            "access_token": self.access_token,
            "token_type": self.token_type,
            "refresh_token": self.refresh_token,
            "expires_at": None if self.expires_at is None else self.expires_at.isoformat(),
            "scope": self.scope,
            "obtained_at": None if self.obtained_at is None else self.obtained_at.isoformat(),
            "extra": dict(self.extra),
        }
        if self.issuer is not None:
            data["issuer"] = {"token_url": self.issuer[0], "client_id": self.issuer[1]}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        """Rebuild a token from the output of :meth:`to_dict`.

        Args:
            data: A mapping as :meth:`to_dict` returns it.

        Returns:
            The token.

        Raises:
            ValueError: A field is missing or has the wrong type (the message
                names the field, never its value).
        """
        access_token = data.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise ValueError("stored token has no access_token")
        extra = data.get("extra")
        if extra is None:
            extra = {}
        elif not isinstance(extra, Mapping):
            raise ValueError("extra must be an object")
        return cls(
            access_token=access_token,
            token_type=_optional_str(data, "token_type") or "Bearer",
            refresh_token=_optional_str(data, "refresh_token"),
            expires_at=_parse_datetime(data.get("expires_at"), "expires_at"),
            scope=_optional_str(data, "scope"),
            obtained_at=_parse_datetime(data.get("obtained_at"), "obtained_at"),
            extra=extra,
            issuer=_parse_issuer(data.get("issuer")),
        )

    @property
    def lifetime(self) -> timedelta | None:
        """How long the token was valid for when received, if both ends are known."""
        if self.expires_at is None or self.obtained_at is None:
            return None
        return self.expires_at - self.obtained_at

    def is_expired(self, now: datetime, buffer: float | timedelta = 0.0) -> bool:
        """Tell whether the token has expired, or will within ``buffer``.

        Args:
            now: The current time (timezone-aware).
            buffer: Seconds (or a timedelta) before the real expiry from which
                the token already counts as expired.

        Returns:
            ``True`` if ``now + buffer`` is at or past :attr:`expires_at`;
            always ``False`` for a token without an expiry.
        """
        if self.expires_at is None:
            return False
        now = _require_aware(now)
        try:
            margin = buffer if isinstance(buffer, timedelta) else timedelta(seconds=buffer)
            return now + margin >= self.expires_at
        except OverflowError:
            # now + buffer lies beyond the calendar (a buffer of centuries, 1e300 s):
            # past any expiry when the buffer is positive, before it when negative.
            return margin > timedelta(0) if isinstance(buffer, timedelta) else buffer > 0


def check_token_kind(token: object) -> None:
    """Refuse a ``token`` that is neither a :class:`~beatkit.auth.Token` nor ``None``.

    Else it was taken as it was, and every request failed inside httpx's auth flow with
    an ``AttributeError`` (``'str' object has no attribute 'refresh_token'``).

    Raises:
        ConfigurationError: It is another kind of value (named, never shown).
    """
    if token is not None and not isinstance(token, Token):
        raise ConfigurationError(
            f"token must be a Token (Token(access_token=..., refresh_token=...)) or None, "
            f"not {type(token).__name__}"
        )
