"""A stateful, deterministic fake of the Beat Technology Core API v2, for tests.

One module per resource group; each answers its operations by their key in
:data:`beatkit.beattech.wire.PATHS`, and :class:`FakeBeatTech` puts them together.

Adding an operation: write ``on_<key, dots as underscores>(self, request, *path_values)``
in its group's module (its path stays in ``wire.PATHS``; the unserved 501 goes away by
itself). The access check of its ``PATHS`` row has run when it is called, and
``self.caller`` says who called. Read bodies with ``_http.json_body`` and ``_http.Fields``
(exact fields, typed, a 400 naming the field), refuse with ``raise _http.fail(status,
code, description, developer)`` (``_http.invalid`` for a 400 naming one parameter,
``_http.found`` for a lookup's 404), answer a dict (200 JSON) or an ``httpx.Response``. A
list answers ``self._page(request, items, namespace)``, in the unit the client gives its
operation (``beatkit.beattech.wire.RANGE_UNITS``). Objects are shown through the ``_views.Views``
helpers (image sizes, ``X-Include``, favourite flags). New state is an attribute documented in
``Base.__init__``; a personal-data write appends to :attr:`~FakeBeatTech.changes`
(``add_change``) so that the Changes API and batch see it.
"""

from __future__ import annotations

from beatkit.testing.beattech._base import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_SEED,
    DEFAULT_TENANT,
    TOKEN_LIFETIME,
    FakeBeatTechUser,
    FakeClient,
    FakePartner,
)
from beatkit.testing.beattech._media import STREAM_URL_LIFETIME
from beatkit.testing.beattech._paging import DEFAULT_WINDOW, UNITS, RangeSettings
from beatkit.testing.beattech.auth import Auth
from beatkit.testing.beattech.catalog import Catalog
from beatkit.testing.beattech.commerce import Commerce
from beatkit.testing.beattech.editorial import Editorial
from beatkit.testing.beattech.partners import Partners
from beatkit.testing.beattech.personal import Personal
from beatkit.testing.beattech.reports import Reports
from beatkit.testing.beattech.sync import Sync

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_SEED",
    "DEFAULT_TENANT",
    "DEFAULT_WINDOW",
    "STREAM_URL_LIFETIME",
    "TOKEN_LIFETIME",
    "UNITS",
    "FakeBeatTech",
    "FakeBeatTechUser",
    "FakeClient",
    "FakePartner",
    "RangeSettings",
]


class FakeBeatTech(Auth, Catalog, Editorial, Personal, Partners, Commerce, Sync, Reports):
    """An in-memory Beat Technology Core API v2 (``https://api.prod.{tenant}.beat.no/v2``).

    **Data.** The same ``seed`` always gives the same catalog: 14 musicians with albums
    and singles (role ``main-artist``), 8 authors and 6 narrators with audiobooks
    (roles ``author`` and ``narrator``, 10 chapters each) and e-book editions of every
    other audiobook (the same ``work_id``), 3 series, 7 banners (one pointing at a
    release that does not exist), 2 banner groups (one hidden), the ``home`` and
    ``podcasts`` layouts and 3 editorial release groups (one hidden)
    (:attr:`catalog`); 24 products (ids 201-224;
    202, 209 and 218 start with a trial); the accounts of :attr:`user_id` (with
    ACTIVE subscription 9000 and the child profile :attr:`profile_user_id`),
    :attr:`editor_user_id` and :attr:`msisdn_user_id`. New users get ids from 28392,
    subscriptions from 9001, partner activations from 9001 (the page's examples). Commerce:
    gift-card offers 1234-1236, the coupons ``WELCOME-2026``, ``FAMILY-2026`` and
    ``USED-2025`` (redeemed), the campaigns ``spring-sale`` (products 201 and 203) and
    ``welcome``.

    **Tokens.** ``POST /oauth2/token`` takes form bodies only (JSON is a 400
    ``invalid_request``) and checks ``client_id`` + ``client_secret`` in the body
    (401 ``invalid_client``). It serves the nine grants with their exact fields (a
    field of another grant is a 400 ``invalid_request``): ``client_credentials``
    answers ``access_token``, ``expires_in``, ``token_type: "bearer"`` only; the user
    grants add ``refresh_token`` and ``user_id`` (``token_type: "Bearer"``); a refresh
    rotates both tokens and answers without ``user_id``. Unknown or used refresh
    tokens, wrong passwords, codes, signatures and handles are 400 ``invalid_grant``.
    Every answer carries ``Cache-Control: no-store``. Helpers stand in for the
    out-of-band steps: :meth:`last_code` (``POST /codes``), :meth:`msisdn_signature`,
    :meth:`complete_openid` (the partner's callback), :meth:`email_token`
    (``POST /credentials``), :meth:`complete_setup_intent` (the card form),
    :meth:`password_reset_code` (``POST /passwords/requests``). A grant asking for no
    ``scope`` gets the scopes of its client (``add_client(..., scopes=[...])``).

    **Access.** Each operation is checked against the access level of its ``PATHS``
    row: ``any`` needs a live bearer token (401 ``unauthorized`` without one, 401
    ``invalid_token`` for an unknown, revoked or expired one); ``user`` a user's token
    (an app token is a 403); ``editor`` a user with the ``editor`` role; ``app`` the
    app token of a user-admin client (the default client is one unless
    ``user_admin=False``); ``partner`` the ``X-Auth-Client-Id`` /
    ``X-Auth-Client-Secret`` of a registered partner (else 401 with an empty body);
    ``basic`` the LCP provider's HTTP Basic credentials. A scope-gated call on a token
    without its scope is a 403 ``insufficient_scope`` carrying ``X-OAuth-Scopes`` (the
    token's) and ``X-Accepted-OAuth-Scopes`` (the one needed). Errors are
    ``{"error", "error_description", "error_developer"?}``.

    **Lists** page by ``Range`` exactly as the page says (see :attr:`ranges`):
    ``206`` + ``Content-Range: <unit> <first>-<last>/<length>`` for the requested
    window, 20 items without ``Range``, ``416`` + ``<unit> */<length>`` past the end
    or for ``first > last``, an empty ``206`` for an empty list, a 400 for another
    unit. :attr:`ranges` switches to ``*`` lengths, no lengths, or ignoring ``Range``.

    **Streams.** ``/streams/online|offline/{track_id}`` and ``/streams/releases/{id}``
    need a user with a running subscription (or an ``X-Stream-Context``); previews need
    neither. Each answers a URL on :attr:`stream_url`, signed and valid for
    :data:`~beatkit.testing.beattech.STREAM_URL_LIFETIME` seconds; that host serves
    :meth:`stream_bytes`, refuses
    ``Authorization`` (400, recorded in :attr:`leaked_authorization`) and expired URLs
    (403).

    **Personal data.** Favourites, bookmarks, ratings and users' release groups are
    stored (:attr:`favourites`, :attr:`bookmarks`, :attr:`ratings`,
    :attr:`release_groups`, :attr:`shelves`); every write of them appends to
    :attr:`changes` and answers ``X-Change: <id>``. Progress records
    (:attr:`progresses`) are stored too but are not the Changes API's (its scope:
    favourites, release groups, bookmarks, ratings): their writes log no change and
    send no ``X-Change``. A PATCH or DELETE of the Changes API's data, called directly
    or inside ``POST /batch``, follows the Changes API's rule as the notes read it:
    ``X-Base-Change`` (default 0) above the user's latest change id is a 400; below the
    object's latest change, ``X-Change-Timestamp`` (UTC, default now) decides, the
    latest winning (on a tie, the one arriving); a losing change answers 200 with the
    server's current object and no ``X-Change``.

    Every operation of ``PATHS`` is served (a test keeps it so).

    Example::

        fake = FakeBeatTech()
        token = fake.issue_token(fake.user_id)["access_token"]
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            http.get("/tracks", params={"query": "night"},
                     headers={"Authorization": f"Bearer {token}", "Range": "tracks=0-9"})

    Args:
        tenant: The tenant of the base URL (``fabel``, ``skoobe``...).
        base_url: Where the fake pretends to live; overrides ``tenant``'s URL.
        client_id: The default OAuth client's id.
        client_secret: Its secret.
        user_admin: Whether the default client is a user-admin client.
        partner: Whether the default client's id and secret are also a partner's
            ``X-Auth-Client-*`` pair (partner id ``"1"``).
        lcp_credentials: The LCP provider's HTTP Basic ``(user, password)``.
        stream_url: Where stream URLs point (another host than the API).
        token_lifetime: ``expires_in`` of issued access tokens, in seconds.
        clock: Returns the current time as epoch seconds; inject one to expire tokens
            and stream URLs, and to date subscriptions (one that does not renew ends at
            its expiry date), without sleeping.
        seed: Seed of the catalog generator and of issued secrets, an ``int``.

    Raises:
        TypeError: ``seed`` or ``token_lifetime`` is not an ``int``, ``clock`` not callable,
            ``client_id``, ``client_secret`` or a part of ``lcp_credentials`` not a ``str``,
            or ``lcp_credentials`` not a tuple or list.
        ValueError: ``tenant`` is not one DNS label, ``token_lifetime`` below 1,
            ``stream_url`` not an http(s) URL on another host, a blank credential,
            ``lcp_credentials`` not two items, or its user with a colon.
    """
