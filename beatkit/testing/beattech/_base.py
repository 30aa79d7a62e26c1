"""What every part of the Beat Technology fake shares: its state, the public helpers that
seed it, tokens and ids (routing is in ``_routing``, the caller checks in ``_access``, the
Changes API's rule in ``_changes``)."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import httpx

import beatkit.testing.beattech._data as _data
from beatkit._core.validate import check_int, check_text
from beatkit.beattech.wire import BASE_URL_TEMPLATE, TENANT_PATTERN
from beatkit.testing._crud import Record
from beatkit.testing._wire import check_fake
from beatkit.testing.beattech._changes import ChangeLog
from beatkit.testing.beattech._paging import RangeSettings, respond
from beatkit.testing.beattech._records import (
    LIVE_STATES,
    Caller,
    FakeBeatTechUser,
    FakeClient,
    FakePartner,
    Grant,
)
from beatkit.testing.beattech._routing import Routing

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_SEED",
    "DEFAULT_TENANT",
    "LIVE_STATES",
    "TOKEN_LIFETIME",
    "USER_DATA",
    "Base",
    "Caller",
    "FakeBeatTechUser",
    "FakeClient",
    "FakePartner",
    "Grant",
    "own",
]

DEFAULT_TENANT = "fabel"
"""The tenant of the fake's base URL when none is given (one the page names)."""
DEFAULT_SEED = 20250601
"""The seed used when none is given; every test sees the same catalog."""
DEFAULT_CLIENT_ID = "beatkit-fake-client"
"""The OAuth client the fake registers by default (a user-admin client and a partner)."""
DEFAULT_CLIENT_SECRET = "fake-client-secret"  # noqa: S105 - the fake's known test secret
"""That client's secret."""
TOKEN_LIFETIME = 3600
"""``expires_in`` of every access token the fake issues (the page's examples)."""
USER_DATA: dict[str, Callable[[], Any]] = {
    "metadata": dict, "contacts": list, "balances": dict, "credentials": list,
}  # fmt: skip
"""What the account operations keep on a user record, made on first use."""


MSISDN_FORM = re.compile(r"\+([1-9][0-9]{7,14})|00([1-9][0-9]{7,14})|([0-9]{8,15})")
"""A phone number (msisdn) in international form.

``+`` or ``00`` (the international prefix ``+`` stands for) before a country code, or
the digits alone; the page writes all three (``8801600000199`` L926, ``004712345678``
L6053, ``0029133437595305`` L977)."""


def msisdn_digits(text: str) -> str | None:
    """The digits of an msisdn without its international prefix, or ``None`` when
    ``text`` is no msisdn (``"+4791234567"``, ``"004791234567"`` -> ``"4791234567"``)."""
    match = MSISDN_FORM.fullmatch(text.strip())
    return None if match is None else next(group for group in match.groups() if group)


def msisdn_key(text: str | None) -> str:
    """What two msisdns are compared by: their digits (:func:`msisdn_digits`), else the
    text itself (case folded), so that a number stored in another form still matches
    itself."""
    if text is None:
        return ""
    return msisdn_digits(text) or text.strip().casefold()


def own(user: Record, name: str) -> Any:
    """The user's ``metadata``, ``contacts``, ``balances`` or ``credentials``."""
    return user.setdefault(name, USER_DATA[name]())


def _lcp_credentials(credentials: Any) -> tuple[str, str]:
    """``lcp_credentials`` checked: a ``(user, password)`` pair HTTP Basic can carry.

    Raises:
        TypeError: Not a tuple or list, or a part that is not a ``str``.
        ValueError: Not two parts, a blank part, or a colon in the user (Basic splits
            ``user:password`` at the first colon: no request could match it). The
            message never shows a part.
    """
    if not isinstance(credentials, tuple | list):
        raise TypeError(
            "lcp_credentials must be a (user, password) pair of str, "
            f"got {type(credentials).__name__}"
        )
    if len(credentials) != 2:
        raise ValueError(
            f"lcp_credentials must be a (user, password) pair, got {len(credentials)} items"
        )
    user = check_text("lcp_credentials' user", credentials[0])
    password = check_text("lcp_credentials' password", credentials[1])
    if ":" in user:
        raise ValueError(
            "lcp_credentials' user cannot contain a colon: HTTP Basic splits user and "
            "password at the first one"
        )
    return user, password


class Base(Routing, ChangeLog):
    """The Beat Technology fake's state and helpers; each resource group adds routes."""

    def __init__(
        self,
        tenant: str = DEFAULT_TENANT,
        *,
        base_url: str | None = None,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        user_admin: bool = True,
        partner: bool = True,
        lcp_credentials: tuple[str, str] = ("lcp-provider", "fake-lcp-password"),
        stream_url: str = "https://stream.beat.test",
        token_lifetime: int = TOKEN_LIFETIME,
        clock: Callable[[], float] = time.time,
        seed: int = DEFAULT_SEED,
    ) -> None:
        if not TENANT_PATTERN.fullmatch(tenant):
            raise ValueError(f"tenant must be one DNS label of a-z, 0-9 and '-', not {tenant!r}")
        check_fake(seed, clock)
        check_int("token_lifetime", token_lifetime, minimum=1)
        # As FakeBeatport's: a client id or secret no client sends (5, "") made a fake
        # that answered every token request 401, or that BeatTech(...) refuses to use.
        check_text("client_id", client_id)
        check_text("client_secret", client_secret)
        lcp_credentials = _lcp_credentials(lcp_credentials)
        stream = httpx.URL(stream_url)
        api = httpx.URL(base_url or BASE_URL_TEMPLATE.format(tenant=tenant))
        if stream.scheme not in ("http", "https") or not stream.host or stream.host == api.host:
            raise ValueError("stream_url must be an absolute http(s) URL on another host")
        self.tenant = tenant
        """The tenant in the base URL."""
        self.client_id = client_id
        """The default client's id (``client_credentials`` and every grant)."""
        self.client_secret = client_secret
        """The default client's secret."""
        self.lcp_credentials = lcp_credentials
        """The LCP provider's HTTP Basic ``(user, password)``."""
        self.stream_url: str = stream_url.rstrip("/")
        """Where stream URLs point (through :meth:`transport`); another host than the API."""
        self.token_lifetime = token_lifetime
        """``expires_in`` of the tokens issued from now on."""
        self.clock = clock
        """The time source, in epoch seconds."""
        self.ranges = RangeSettings()
        """How lists answer ``Range`` (lengths, ignoring it, default windows)."""
        self.rotate_refresh_tokens = True
        """Whether a refresh answers a new refresh token (the old one then fails); if not,
        the answer has none and the old one stays valid (the page calls it optional)."""
        self.streams_require_subscription = True
        """Whether stream URLs need a user with a running subscription (or an
        ``X-Stream-Context``); ``False`` lets any token stream."""
        self.web_url = f"https://www.{tenant}.beat.test"
        """Where the tenant's web pages (activation links) live."""
        self._seed = seed
        self._rng = random.Random(f"{seed}:secrets")
        self._secret_key = hashlib.sha256(f"beatkit-fake-beattech:{seed}".encode()).digest()
        tables = _data.seed_tables()
        self.catalog = _data.build_catalog(seed, tables)
        """Every catalog record (artists, releases, tracks, series, banners, layouts)."""
        self.products: dict[str, Record] = {p["id"]: p for p in tables["products"]}
        """The products by id."""
        self.users: dict[str, Record] = {}
        """Every user by id; profile fields plus ``account``, ``master``, ``roles``,
        ``password`` (never served)."""
        self.subscriptions: dict[str, Record] = {}
        """Every subscription by id."""
        self.clients: dict[str, FakeClient] = {}
        """The registered OAuth clients by id."""
        self.partners: dict[str, FakePartner] = {}
        """The registered partners by their ``X-Auth-Client-Id``."""
        self.openid_partners: dict[str, str] = dict(tables["openid_partners"])
        """OpenID partners by id -> their authorization URL."""
        self.login_coupons: dict[str, str] = dict(tables["login_coupons"])
        """Coupon codes of the deprecated ``coupon`` grant -> the user they log in."""
        self.install_referrers: list[tuple[str | None, str]] = []
        """``(user_id, install_referrer)`` of every grant that carried one."""
        self.caller = Caller()
        """Who the request being answered comes from."""
        self.favourites: dict[str, set[tuple[str, str]]] = {}
        """Each user's favourites as ``(entity_type, entity_id)`` pairs."""
        self.setup_intents: dict[str, Record] = {}
        """Billing setup intents by client secret (``payment_methods`` once completed)."""
        self.activations: dict[str, Record] = {}
        """Partner activations by id."""
        self.partner_links: dict[tuple[str, str], str] = {}
        """``(partner_id, external_id)`` -> the user it names."""
        self.lcp_checks: list[tuple[str, str, int]] = []
        """``(release_id, user_id, status)`` of every LCP status call (the page's audit event)."""
        self.lcp_licenses: set[tuple[str, str]] = set()
        """``(release_id, user_id)`` pairs entitled by an LCP license besides subscriptions."""
        self.reports: list[Record] = []
        """Every report received; ``{"endpoint", "user_id", "body"}``, in arrival order."""
        self.stream_grants: list[Record] = []
        """Every stream URL issued; track, user, kind (online/offline), format, context."""
        self.cdn_requests: list[httpx.Request] = []
        """Every request the stream host received (also in :attr:`requests`)."""
        self.leaked_authorization: list[httpx.Request] = []
        """Stream-host requests that carried ``Authorization`` (each answered 400)."""
        self.uploaded_images: dict[tuple[str, str], bytes] = {}
        """The bytes of every image upload by ``(kind, id)``; ``("actors", "101")``,
        ``("series", "301")``, ``("banners", "401")``, ``("release-groups", "601")``
        (the record keeps what the image is in its ``image``)."""
        self.deleted_users: dict[str, Record] = {}
        """Deleted users by id (``deleted``; ``"profile"`` or ``"gdpr"``, anonymised):
        gone from :attr:`users`, so their tokens no longer work."""
        # -- personal data (the Changes API) --------------------------------------------
        self.changes: list[Record] = []
        """The personal-data change log; ``{"id", "user_id", "method", "entity_type",
        "entity_id", "body", "timestamp"}`` in id order (the Changes API's rows). Every
        write of a favourite, bookmark, rating or user's release group through the API
        appends one (see ``_personal_write``); a progress record's write does not."""
        self.bookmarks: dict[str, Record] = {}
        """Bookmarks by id (from 1); ``user_id``, ``entity_type``, ``entity_id``,
        ``note``, ``position_type`` (``audio`` or ``ebook``), ``position``,
        ``reader_position_selector``, ``reader_position_ratio``."""
        self.ratings: dict[str, Record] = {}
        """Ratings by id (from 1); ``user_id``, ``entity_type``, ``entity_id``, ``value``
        (0-5), ``note`` (a release's ratings with a note are its reviews)."""
        self.progresses: dict[str, Record] = {}
        """Progress records by id (from 7001), one per user and entity; ``user_id``,
        ``entity_type``, ``entity_id``, ``changed`` (``YYYY-MM-DD hh:mm:ss`` UTC),
        ``position_type``, ``stop_position``, ``reader_position_selector``,
        ``reader_position_ratio``."""
        self.release_groups: dict[str, Record] = {
            group["id"]: group for group in _data.editorial_release_groups(seed, self.catalog)
        }
        """Every numeric release group by id, one id space; the editorial shelves
        (``owner`` ``None``; ``601``, ``602`` and the hidden draft ``603``) and the users'
        bookshelves (``owner`` their user id; new ids from 123, the page's example):
        ``id``, ``owner``, ``name``, ``description``, ``visible``, ``position`` (the
        editorial order; ``None`` for a bookshelf), ``release_ids`` (in order), ``image``
        (the last upload, or ``None``)."""
        self.shelves: dict[str, dict[str, list[str]]] = {}
        """Each user's synthetic release groups; user id -> alias (``purchased``,
        ``borrowed``, ``finished``, ``played``, ``wishlist``) -> release ids, in the order
        the group shows them (additions go to the end). ``played`` also shows the releases
        of the user's progress records first, ``borrowed`` its LCP-licensed ones last."""
        # -- commerce --------------------------------------------------------------------
        self.charges: dict[str, Record] = {}
        """One-time charges by id (from 7001); ``reason``, ``entity_type``, ``entity_id``,
        ``user_id`` (``None`` with an ``email``), ``email``, ``payment_type``, ``amount``,
        ``unit``, ``state`` (``completed`` or ``cancelled``), ``created``."""
        self.coupon_offers: dict[str, Record] = {o["id"]: o for o in tables["coupon_offers"]}
        """Gift-card offers by id; ``name``, ``product_id``, ``price``, ``currency``,
        ``interval``, ``interval_unit``."""
        self.coupons: dict[str, Record] = {c["code"]: c for c in tables["coupons"]}
        """Coupons and gift cards by code; ``id``, ``code``, ``type`` (``giftcard`` or
        ``subscription``), ``product_id``, ``offer_id``, ``owner`` (who generated or paid
        for it), ``paid``, ``redeemed_by``, ``interval`` and ``interval_unit`` (``day`` or
        ``month``: how long a redemption runs or extends a subscription). A coupon is
        valid when paid for and not redeemed."""
        self.redemptions: list[Record] = []
        """Every coupon redemption, in order; ``id`` (from 701), ``user_id``,
        ``coupon_id``, ``product_id``, ``subscription_id``, ``created``."""
        self.campaigns: dict[str, Record] = {c["id"]: c for c in tables["campaigns"]}
        """Campaigns by id; ``utm_campaign``, ``name``, ``product_id`` (or ``None``)."""
        self.password_resets: dict[tuple[str, str], Record] = {}
        """Pending password resets by ``("email", address)`` (case-folded) or
        ``("msisdn", digits)``: ``user_id``, ``code``, ``delivered`` (``False`` when the
        code was returned to the caller instead)."""
        self.lcp_exports: list[tuple[str, str, float]] = []
        """``(user_id, release_id, epoch)`` of every LCP export license generated."""
        self.lcp_export_limit = 3
        """Exports a user may make in :attr:`lcp_export_window_days` (the API's
        ``readiumlcp.limit.count``); one more is a 403 ``export_limit_reached``."""
        self.lcp_export_window_days = 30
        """The export window in days (``readiumlcp.limit.window_days``)."""
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}
        self._contexts: dict[str, Record] = {}
        self._codes: dict[str, str] = {}
        self._email_tokens: dict[tuple[int, str], str] = {}
        self._url_generation = 0
        self._counters = {
            "user": 28392, "account": 100, "subscription": 9001, "activation": 9001,
            "bookmark": 1, "rating": 1, "progress": 7001, "release_group": 123,
            "charge": 7001, "redemption": 701,
            "coupon": 1 + max((int(c["id"]) for c in self.coupons.values()), default=0),
        }  # fmt: skip
        self._operation = ""
        super().__init__(base_url or BASE_URL_TEMPLATE.format(tenant=tenant))
        self.add_client(client_id, client_secret, user_admin=user_admin)
        for client in tables["clients"]:
            self.add_client(**client)
        if partner:
            self.add_partner(client_id, client_secret, partner_id="1")
        for user in tables["users"]:
            self.users[user["id"]] = self._new_user(**user)
        for subscription in tables["subscriptions"]:
            self.add_subscription(**subscription)

    def __repr__(self) -> str:
        # Secrets, passwords and tokens stay out of reprs, like every other secret in beatkit.
        return (
            f"FakeBeatTech(base_url={self.base_url!r}, users={len(self.users)}, "
            f"tracks={len(self.catalog.tracks)})"
        )

    # -- public helpers ------------------------------------------------------------------

    user_id = "5667"
    """The seeded tenant user (``reader@example.com`` / ``fake-password``, an ACTIVE
    subscription); master of account 1."""
    username = "reader@example.com"
    """:attr:`user_id`'s login name."""
    password = "fake-password"  # noqa: S105 - the fake user's known test password
    """:attr:`user_id`'s password."""
    profile_user_id = "5668"
    """A child profile on :attr:`user_id`'s account (``account_user`` grant)."""
    editor_user_id = "5669"
    """A user with the editor role (``editor@example.com`` / ``fake-editor-password``)."""
    msisdn_user_id = "5670"
    """A user known by its Bangladeshi msisdn ``8801600000199`` (``signed_msisdn``)."""
    other_client_id = "beatkit-fake-web"
    """Another client of the default client's project (``clone_token``), not user-admin."""
    other_client_secret = "fake-web-secret"  # noqa: S105 - the fake's known test secret
    """Its secret."""

    def url(self, key: str, *values: object) -> str:
        """The absolute URL of an operation, e.g. ``url("users.get", "5667")``.

        Args:
            key: A ``PATHS`` key.
            values: Its placeholders' values, in order.

        Returns:
            The URL on :attr:`base_url`.
        """
        path = self.operations[key].path
        for value in values:
            start, end = path.index("{"), path.index("}")
            path = path[:start] + str(value) + path[end + 1 :]
        return self.base_url + path

    def add_client(
        self, client_id: str, client_secret: str, *, project: str = "fake-project",
        user_admin: bool = False, scopes: Iterable[str] = (),
    ) -> FakeClient:  # fmt: skip
        """Register an OAuth client.

        Args:
            client_id: Its id.
            client_secret: Its secret.
            project: Its project (``clone_token`` works between clients of one project).
            user_admin: Whether its app token may call user-admin operations.
            scopes: The scopes its tokens carry when a grant asks for none, as
                scopes granted to a client by Beat (``"external-charge"``,
                ``"return-password-code"``).

        Returns:
            The client.
        """
        client = FakeClient(client_id, client_secret, project, user_admin, frozenset(scopes))
        with self._lock:
            self.clients[client_id] = client
        return client

    def add_partner(
        self, client_id: str, client_secret: str, *, partner_id: str | None = None
    ) -> FakePartner:
        """Register a partner's ``X-Auth-Client-Id`` / ``X-Auth-Client-Secret`` pair.

        Args:
            client_id: The header's client id.
            client_secret: The header's secret.
            partner_id: The partner's id; by default one no other partner has.

        Returns:
            The partner.
        """
        with self._lock:
            if not partner_id:
                # Above how many there are, skipping ids given explicitly: one id, one partner.
                partner_id = str(len(self.partners) + 1)
                taken = {p.partner_id for p in self.partners.values()}
                while partner_id in taken:
                    partner_id = str(int(partner_id) + 1)
            partner = FakePartner(partner_id, client_id, client_secret)
            self.partners[client_id] = partner
        return partner

    def add_user(
        self,
        username: str | None = None,
        *,
        email: str | None = None,
        msisdn: str | None = None,
        password: str = "fake-password",  # noqa: S107 - test users' passwords are not secrets
        roles: Iterable[str] = (),
        firstname: str | None = None,
        lastname: str | None = None,
        profile_of: str | None = None,
        profile_type: str = "standard",
    ) -> FakeBeatTechUser:
        """Create a user that can log in, e.g. an editor (``roles=["editor"]``).

        Args:
            username: The login name; defaults to the e-mail, else the msisdn.
            email: The e-mail address (a login name of the ``password`` grant).
            msisdn: The phone number (also a login name).
            password: The password.
            roles: Roles such as ``"editor"``.
            firstname: The first name.
            lastname: The last name.
            profile_of: Make the user a profile on this user's account (else the
                master user of a new account).
            profile_type: ``"standard"`` or ``"child"``.

        Returns:
            The user.

        Raises:
            KeyError: ``profile_of`` names no user.
            ValueError: Another user already logs in with ``username``, ``email`` or
                ``msisdn`` (as the same text in any case, or the same phone number): the
                new user could never log in.
        """
        with self._lock:
            for login in (username, email, msisdn):
                if login is not None and self._user_by_login(login) is not None:
                    raise ValueError(f"another user already logs in as {login!r}")
            return self._add_user(
                username, email=email, msisdn=msisdn, password=password, roles=roles,
                firstname=firstname, lastname=lastname, profile_of=profile_of,
                profile_type=profile_type,
            )  # fmt: skip

    def _add_user(
        self,
        username: str | None,
        *,
        email: str | None,
        msisdn: str | None,
        password: str,
        roles: Iterable[str] = (),
        firstname: str | None = None,
        lastname: str | None = None,
        profile_of: str | None = None,
        profile_type: str = "standard",
    ) -> FakeBeatTechUser:
        """:meth:`add_user` without its check of the login names: the API's sign-up
        paths answer a name in use themselves (a 409, or the existing user)."""
        with self._lock:
            account = self.users[profile_of]["account"] if profile_of else self._next("account")
            user_id = self._next("user")
            self.users[user_id] = self._new_user(
                id=user_id, account=account, master=profile_of is None,
                username=username or email or msisdn, email=email, msisdn=msisdn,
                password=password, firstname=firstname, lastname=lastname, roles=list(roles),
                profile_type=profile_type,
            )  # fmt: skip
            return FakeBeatTechUser(user_id, username or email or msisdn, email, msisdn, password)

    def add_subscription(
        self, user_id: str, product_id: str, *, state: int = 3, renewable: bool = True,
        id: str | None = None,
    ) -> Record:  # fmt: skip
        """Give a user a subscription that starts now (as a migration would).

        Args:
            user_id: The user.
            product_id: One of :attr:`products`.
            state: The subscription state (1 TRIALING, 3 ACTIVE, ... 9 INCOMPLETE).
            renewable: Whether it renews (``next_billing_date`` is then its expiry).
            id: Its id; the next free one by default.

        Returns:
            The stored subscription.

        Raises:
            KeyError: No such user or product.
            ValueError: ``id`` is already a subscription's.
        """
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            if id is not None and id in self.subscriptions:
                raise ValueError(f"a subscription with id {id} already exists")
            product = self.products[product_id]
            now = self.clock()
            if state == 1:
                expiry = _data.add_period(now, product["trial_interval"], "day")
            else:
                interval = product["recurring_interval"], product["recurring_interval_unit"]
                expiry = _data.add_period(now, *interval)
            record = {
                "id": id or self._next("subscription", taken=self.subscriptions),
                "user_id": user_id,
                "product_id": product_id, "state": state, "renewable": renewable,
                "start_date": _data.utc_text(now), "expiry_date": expiry,
                "next_billing_date": expiry if renewable and state in (1, 3) else None,
                "partner_id": None, "payment_type": self.users[user_id]["payment_type"],
                "comment": None,
            }  # fmt: skip
            self.subscriptions[record["id"]] = record
            return record

    def issue_token(
        self, user_id: str | None = None, *, client_id: str | None = None,
        scope: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Issue a token as the token endpoint would, without a request.

        Args:
            user_id: The user of a user token; ``None`` for an app token.
            client_id: The client it is issued to (the default client by default).
            scope: The scope to grant (``"external-charge"``...); the client's
                scopes (see :meth:`add_client`) when ``None``.

        Returns:
            The token endpoint's answer, with ``access_token``, ``expires_in``, ``token_type``
            (``scope``), and for user tokens ``refresh_token`` and ``user_id``.

        Raises:
            KeyError: No such user or client.
        """
        with self._lock:
            if user_id is not None and user_id not in self.users:
                raise KeyError(user_id)
            client = self.clients[client_id or self.client_id]
            return self._issue(client.client_id, user_id, scope)

    def revoke_token(self, token: str) -> None:
        """Make an access or refresh token invalid (401 ``invalid_token`` / ``invalid_grant``).

        Args:
            token: A token the fake issued.
        """
        with self._lock:
            self._access.pop(token, None)
            self._refresh.pop(token, None)

    def expire_tokens(self) -> None:
        """Expire every access token issued so far (refresh tokens stay valid)."""
        with self._lock:
            now = self.clock()
            for grant in self._access.values():
                grant.expires_at = min(grant.expires_at, now)

    # -- shared plumbing -----------------------------------------------------------------

    def _user_by_login(self, login: str) -> Record | None:
        """The user who logs in as ``login``: its username or e-mail (any case), or
        its phone number (in any of the forms :func:`msisdn_key` reads)."""
        wanted = login.strip().casefold()
        for user in self.users.values():
            names = (user["username"], user["email"])
            if any(name is not None and name.casefold() == wanted for name in names):
                return user
            if user["msisdn"] is not None and msisdn_key(user["msisdn"]) == msisdn_key(login):
                return user
        return None

    def _next(self, kind: str, *, taken: Mapping[str, Any] | None = None) -> str:
        """The next id of ``kind`` (see ``_counters``), skipping the keys of ``taken``."""
        value = self._counters[kind]
        while taken is not None and str(value) in taken:
            value += 1
        self._counters[kind] = value + 1
        return str(value)

    def _secret(self, length: int = 32) -> str:
        return "".join(self._rng.choices("0123456789abcdef", k=length))

    def _sign(self, text: str) -> str:
        return hmac.new(self._secret_key, text.encode(), hashlib.sha256).hexdigest()

    def _issue(self, client_id: str, user_id: str | None, scope: str | None) -> dict[str, Any]:
        """A new token pair and the answer that carries it (user tokens have a refresh token).

        A grant that asks for no scope gets the client's scopes (see :meth:`add_client`).
        """
        client = self.clients.get(client_id)
        if scope is None and client is not None and client.scopes:
            scope = " ".join(sorted(client.scopes))
        access = self._secret()
        self._access[access] = Grant(client_id, user_id, scope, self.clock() + self.token_lifetime)
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": self.token_lifetime,
            # As the page's walkthrough: "bearer" for the app token, "Bearer" for users.
            "token_type": "bearer" if user_id is None else "Bearer",
        }
        if scope is not None:
            body["scope"] = scope
        if user_id is not None:
            refresh = self._secret()
            self._refresh[refresh] = Grant(client_id, user_id, scope)
            body["refresh_token"] = refresh
            body["user_id"] = user_id
        return body

    def _new_user(self, **fields: Any) -> Record:
        """A user record with every field the fake keeps (``fields`` override the defaults)."""
        record: Record = {
            "id": "", "account": "", "master": True, "username": None, "email": None,
            "msisdn": None, "password": None, "firstname": None, "lastname": None,
            "newsletter": False, "intent": None, "profile_type": "standard", "region": None,
            "avatar_id": None, "roles": [], "payment_type": None, "payment_methods": [],
            "privacy_profile_private": False,
        }  # fmt: skip
        record.update(fields)
        record["roles"] = list(record["roles"])
        return record

    @staticmethod
    def _end_subscription(subscription: Record) -> None:
        """End a subscription: DEACTIVATED (7), nothing more to bill."""
        subscription["state"], subscription["next_billing_date"] = 7, None

    def _running(self, subscription: Record) -> bool:
        """Whether a subscription is running: in a live state and, unless it renews, not
        past its expiry date.

        A STOPPED one is "live until expiry" and "will end at the end of the current
        period" (the page); so does one that was never renewable (a redeemed gift
        card's). A renewable one renews at its expiry (the fake bills nothing) and keeps
        running. The page names no state for a subscription that ran out: it keeps
        its last one (``state=all`` lists it so), but is running no more.
        """
        if subscription["state"] not in LIVE_STATES:
            return False
        renews = subscription["renewable"] and subscription["state"] != 6
        return renews or self.clock() < _data.utc_epoch(subscription["expiry_date"])

    def _paid_subscriptions(self, user_id: str) -> Iterator[Record]:
        """The subscriptions of the user's account that are running and paid, in order.

        TRIALING, ACTIVE, RENEW_FAILURE (dunning) and STOPPED (until expiry) count;
        INCOMPLETE (9) is a payment not yet confirmed. Profiles share their account's.
        """
        account = self.users[user_id]["account"]
        return (
            s for s in self.subscriptions.values()
            if s["state"] != 9 and self._running(s)
            and self.users[s["user_id"]]["account"] == account
        )  # fmt: skip

    def _entitled(self, user_id: str) -> bool:
        """Whether a subscription of the user's account is running and paid."""
        return next(self._paid_subscriptions(user_id), None) is not None

    def _page(self, request: httpx.Request, items: Sequence[Any], namespace: str) -> httpx.Response:
        """One Range window of ``items`` as ``{namespace: [...]}``, in the unit and default
        window of the operation being answered (see ``_paging``)."""
        return respond(
            request,
            key=self._operation,
            items=items,
            wrap=lambda page: {namespace: page},
            settings=self.ranges,
        )
