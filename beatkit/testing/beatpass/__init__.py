"""A stateful, deterministic fake of the BeatPass Content Management API for tests.

One module per resource group; each answers its operations by their key in
:data:`beatkit.beatpass.wire.PATHS`, and :class:`FakeBeatPass` puts them together.
"""

from __future__ import annotations

from beatkit.testing.beatpass._base import (
    DEFAULT_SEED,
    INVITATION_LIFETIME,
    MAX_EDITORS,
    PLATFORM_FEE,
    REINVITE_COOLDOWN,
    TOKEN_LIFETIME,
    FakeBeatPassUser,
)
from beatkit.testing.beatpass.account import Account
from beatkit.testing.beatpass.artists import Artists
from beatkit.testing.beatpass.commerce import Commerce
from beatkit.testing.beatpass.discovery import Discovery
from beatkit.testing.beatpass.playlists import Playlists
from beatkit.testing.beatpass.studio import Studio
from beatkit.testing.beatpass.tracks import Tracks

__all__ = [
    "DEFAULT_SEED",
    "INVITATION_LIFETIME",
    "MAX_EDITORS",
    "PLATFORM_FEE",
    "REINVITE_COOLDOWN",
    "TOKEN_LIFETIME",
    "FakeBeatPass",
    "FakeBeatPassUser",
]


class FakeBeatPass(Account, Tracks, Artists, Playlists, Studio, Discovery, Commerce):
    """An in-memory BeatPass API (``https://open.beatpass.ca/api/v1``) with seeded data.

    The catalogue: 15 users (1 is the owner of :attr:`token`, 2 a listener with
    :attr:`other_token`, 3 an admin with :attr:`admin_token`), 30 artists (1 is the
    owner's verified profile, 2 the owner's unverified one, 3 belongs to user 2),
    40 albums, 120 tracks (1-5 by artist 1, 6-8 by artist 2), 15 playlists, 14
    genres, 18 tags, 20 lyrics, credits, Audio Recon scans, cover-art templates,
    purchases and licenses. The same seed always gives the same data; the ids
    tests lean on are the class attributes below.

    Reads work without a token and then return minimal fields (id, name, image,
    model_type and basic metadata, as the API's description says); with a valid
    token they return full fields plus the caller's like/purchase/follow status.
    Writes need a valid token (else 401 ``{"message": "Unauthenticated."}``).
    A body is read as JSON only when its ``Content-Type`` says JSON (``/json`` or
    ``+json``), as the Laravel server reads it: any other body is no input (a 422 for
    each required field).
    Every response carries ``X-RateLimit-Limit/Remaining/Reset``; over the limit
    the fake answers 429 ``{"message": "Too Many Attempts.", "retry_after": N}``
    with ``Retry-After`` until ``clock()`` reaches the window's reset time.

    Besides the documented operations it serves ``POST /uploads`` (multipart field
    ``file``, answering ``{"status": "success", "fileEntry": {...}}``): the seed's
    upload flow names "the file upload system" without a path. The OpenAPI file's paths
    for two operations the client sends elsewhere are served too: ``PUT /playlists``
    (the id in the body) and ``POST /tracks/plays/{track}/log``. Helpers act where the
    API has no endpoint: :meth:`add_user`, :meth:`complete_purchase` (Stripe's
    webhook), :meth:`set_backstage_status` (the admin's approve/deny),
    :meth:`fail_fingerprint`, and :attr:`db` holds every record.

    Example::

        fake = FakeBeatPass()
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            http.get("/tracks", headers={"Authorization": f"Bearer {fake.token}"})

    Args:
        base_url: Where the fake pretends to live.
        token: The personal access token of user 1.
        email: User 1's login email (for ``POST /auth/login``).
        password: User 1's login password.
        rate_limit: Requests allowed per window, per caller (token or anonymous).
        rate_limit_window: Length of a rate-limit window, in seconds.
        clock: Epoch seconds; inject one to test rate limits, invitation expiry,
            re-invite cooldowns and token expiry without sleeping.
        seed: Seed of the data generator, an ``int``.
        fingerprint_polls: How many status polls report ``processing`` before a
            started fingerprint reports ``completed``.

    Raises:
        TypeError: ``token``, ``email`` or ``password`` is not a ``str``, ``seed`` or
            ``rate_limit`` not an ``int``, ``rate_limit_window`` not a number, ``clock``
            not callable.
        ValueError: ``token``, ``email`` or ``password`` is blank, ``rate_limit`` below 1
            or ``rate_limit_window`` not positive.
    """
