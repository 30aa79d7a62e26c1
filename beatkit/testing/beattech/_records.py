"""The records of the Beat Technology fake's parties: clients, partners, users, tokens."""

from __future__ import annotations

import math

import attrs

__all__ = ["LIVE_STATES", "Caller", "FakeBeatTechUser", "FakeClient", "FakePartner", "Grant"]

LIVE_STATES = frozenset({1, 3, 5, 6, 9})
"""Subscription states that are still running; TRIALING, ACTIVE, RENEW_FAILURE, STOPPED
(until expiry) and INCOMPLETE; DEACTIVATED (7) and UNPAID (8) have ended."""


@attrs.frozen
class FakeClient:
    """An OAuth client registered with the fake (``client_id`` + ``client_secret``)."""

    client_id: str
    """The client id."""
    client_secret: str = attrs.field(repr=False)
    """The client secret (checked in the token endpoint's body)."""
    project: str = "fake-project"
    """Clients of one project may clone each other's user tokens (``clone_token``)."""
    user_admin: bool = False
    """Whether its app token may call user-admin operations."""
    scopes: frozenset[str] = frozenset()
    """The scopes its tokens carry when a grant asks for none (``external-charge``,
    ``return-password-code``...)."""


@attrs.frozen
class FakePartner:
    """A partner integration: its ``X-Auth-Client-Id`` / ``X-Auth-Client-Secret`` pair."""

    partner_id: str
    """The partner's id (external ids are unique per partner)."""
    client_id: str
    """The value of ``X-Auth-Client-Id``."""
    client_secret: str = attrs.field(repr=False)
    """The value of ``X-Auth-Client-Secret``."""


@attrs.frozen
class FakeBeatTechUser:
    """A user of the fake, as :meth:`~beatkit.testing.FakeBeatTech.add_user` made it."""

    id: str
    """The user id (a string, as every id of the API)."""
    username: str | None
    """The login name, if any."""
    email: str | None
    """The e-mail address, if any."""
    msisdn: str | None
    """The phone number, if any."""
    password: str = attrs.field(repr=False)
    """The password of the ``password`` grant."""


@attrs.define
class Grant:
    """What an access or refresh token stands for."""

    client_id: str
    user_id: str | None
    scope: str | None
    expires_at: float = math.inf


@attrs.frozen
class Caller:
    """Who the request being answered comes from (after its access check)."""

    client_id: str | None = None
    """The OAuth client of the bearer token."""
    user_id: str | None = None
    """The user of a user token (``None`` for app tokens and other callers)."""
    scope: frozenset[str] = frozenset()
    """The bearer token's scopes."""
    partner_id: str | None = None
    """The partner of ``X-Auth-Client-*`` headers."""
