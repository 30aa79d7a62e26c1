"""The async Beat Technology client: ``AsyncBeatTech``, its resources and ``bt.app``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import httpx

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core._async.resource import AsyncResource
from beatkit._core._async.transport import AsyncTransport
from beatkit._core.http import check_base_url
from beatkit._core.operation import RequestOptions
from beatkit._core.params import optional_text
from beatkit._core.redact import redact_url
from beatkit._core.settings import build_settings, pick_converter
from beatkit._core.validate import is_header_value
from beatkit.auth import Token, TokenStore
from beatkit.beattech._async.accounts import (
    AsyncActivations,
    AsyncCredentials,
    AsyncPartnerUsers,
    AsyncPasswords,
    AsyncSubscriptions,
)
from beatkit.beattech._async.auth import AsyncBeatTechAuth
from beatkit.beattech._async.catalog import (
    AsyncActors,
    AsyncArtists,
    AsyncEvents,
    AsyncFeatures,
    AsyncTracks,
)
from beatkit.beattech._async.commerce import (
    AsyncBilling,
    AsyncCampaigns,
    AsyncCharges,
    AsyncCoupons,
    AsyncProducts,
)
from beatkit.beattech._async.editorial import (
    AsyncBannerGroups,
    AsyncBanners,
    AsyncLayouts,
)
from beatkit.beattech._async.personal import (
    AsyncBookmarks,
    AsyncFavourites,
    AsyncLcp,
    AsyncProgresses,
    AsyncQuotas,
    AsyncRatings,
)
from beatkit.beattech._async.release_groups import AsyncReleaseGroups
from beatkit.beattech._async.releases import AsyncReleases
from beatkit.beattech._async.reports import AsyncReports
from beatkit.beattech._async.series import AsyncSeries
from beatkit.beattech._async.streams import AsyncStreams
from beatkit.beattech._async.sync import AsyncSync
from beatkit.beattech._async.users import AsyncUsers
from beatkit.beattech.auth import (
    DEFAULT_REFRESH_BUFFER,
    PartnerAuth,
    TokenRouter,
    lcp_auth,
    make_app_manager,
    make_user_manager,
    resolve_base_url,
    resolve_credentials,
)
from beatkit.beattech.context import ClientContext
from beatkit.beattech.converter import converter, get_strict_converter
from beatkit.beattech.headers import ImageKind, ImageSizes, image_sizes, stream_formats
from beatkit.beattech.models import BatchRequest, BatchResponse
from beatkit.beattech.sync import may_be_applied
from beatkit.beattech.wire import SPEC, batch_body, batch_responses, batch_secrets
from beatkit.errors import APIError, ConfigurationError

__all__ = ["AsyncBeatTech", "AsyncBeatTechApp", "AsyncBeatTechResources"]


class AsyncBeatTechResources(AsyncResource):
    """Every resource of a Beat Technology client, on one transport.

    The client itself is one (``bt.tracks``...), and so is ``bt.app``, whose
    transport sends every bearer call with the app token.
    """

    _context: ClientContext

    actors: AsyncActors
    """Actors (list by role, upload an image)."""
    artists: AsyncArtists
    """Artists (get, search, favourite, biography, top releases and tracks)."""
    banners: AsyncBanners
    """Banners (list, create, get, update, upload an image)."""
    banner_groups: AsyncBannerGroups
    """Banner groups (list, create, get, update)."""
    billing: AsyncBilling
    """Billing (setup intents and payment methods)."""
    bookmarks: AsyncBookmarks
    """Bookmarks (create, get, update, delete)."""
    campaigns: AsyncCampaigns
    """Campaigns (look one up by code)."""
    charges: AsyncCharges
    """Charges (list, create, cancel, a user's external charges)."""
    coupons: AsyncCoupons
    """Coupons (look up, generate a gift card, offers)."""
    credentials: AsyncCredentials
    """Credentials (ask for a verification code before a signup)."""
    events: AsyncEvents
    """The global event feed."""
    favourites: AsyncFavourites
    """Favourites (which of some entities the user favourited)."""
    features: AsyncFeatures
    """Features of the user, a release or a device."""
    layouts: AsyncLayouts
    """Layouts and their conditions."""
    lcp: AsyncLcp
    """Readium LCP (generate a license, check a license's status)."""
    passwords: AsyncPasswords
    """Password reset (request a code, set the new password)."""
    products: AsyncProducts
    """Products (list, get)."""
    progresses: AsyncProgresses
    """Progress records (list, create, get, update, delete)."""
    quotas: AsyncQuotas
    """The user's quotas."""
    ratings: AsyncRatings
    """Ratings (list, create, get, update, delete)."""
    releases: AsyncReleases
    """Releases (get, favourite, search, filters, alternates, bookmarks, ratings)."""
    release_groups: AsyncReleaseGroups
    """Release groups, the shelves (list, create, get, update, delete, their releases)."""
    reports: AsyncReports
    """Play and reader reports."""
    series: AsyncSeries
    """Series (search, get, update, upload an image)."""
    streams: AsyncStreams
    """Stream URLs (preview, online, offline, a release's)."""
    tracks: AsyncTracks
    """Tracks (search, get, favourite, bookmarks)."""
    users: AsyncUsers
    """Users (signup, profiles, favourites, metadata, migrations and more)."""
    subscriptions: AsyncSubscriptions
    """A user's subscriptions (list, stop, resume, update, deactivate)."""
    activations: AsyncActivations
    """Activations (confirm, look up by code)."""
    partner_users: AsyncPartnerUsers
    """Partner users, signed with the partner headers (activate, end)."""
    sync: AsyncSync
    """Offline personal data (the Changes API)."""

    def _attach_resources(self, context: ClientContext) -> None:
        """Hang every resource on this object, sharing its transport and ``context``."""
        transport, self._context = self._transport, context
        self.actors = AsyncActors(transport, context)
        self.artists = AsyncArtists(transport, context)
        self.banners = AsyncBanners(transport, context)
        self.banner_groups = AsyncBannerGroups(transport, context)
        self.billing = AsyncBilling(transport, context)
        self.bookmarks = AsyncBookmarks(transport, context)
        self.campaigns = AsyncCampaigns(transport, context)
        self.charges = AsyncCharges(transport, context)
        self.coupons = AsyncCoupons(transport, context)
        self.credentials = AsyncCredentials(transport, context)
        self.events = AsyncEvents(transport, context)
        self.favourites = AsyncFavourites(transport, context)
        self.features = AsyncFeatures(transport, context)
        self.layouts = AsyncLayouts(transport, context)
        self.lcp = AsyncLcp(transport, context)
        self.passwords = AsyncPasswords(transport, context)
        self.products = AsyncProducts(transport, context)
        self.progresses = AsyncProgresses(transport, context)
        self.quotas = AsyncQuotas(transport, context)
        self.ratings = AsyncRatings(transport, context)
        self.releases = AsyncReleases(transport, context)
        self.release_groups = AsyncReleaseGroups(transport, context)
        self.reports = AsyncReports(transport, context)
        self.series = AsyncSeries(transport, context)
        self.streams = AsyncStreams(transport, context)
        self.tracks = AsyncTracks(transport, context)
        self.users = AsyncUsers(transport, context)
        self.subscriptions = AsyncSubscriptions(transport, context)
        self.activations = AsyncActivations(transport, context)
        self.partner_users = AsyncPartnerUsers(transport, context)
        self.sync = AsyncSync(transport, context)

    async def batch(
        self, requests: Sequence[BatchRequest], *, options: RequestOptions | None = None
    ) -> list[BatchResponse]:
        """Send up to 20 requests in one call (``POST /v2/batch``).

        Deprecated by the API except as the Changes API's push channel
        (``bt.sync.push`` uses it). Each subrequest's headers are merged over the
        batch's own (``Authorization`` included), the subrequest's winning; the
        server drops empty header values. A batch is never sent twice by beatkit:
        after a failure it is unknown which subrequests ran. Personal data in the
        subrequests (``?email=``, ``?msisdn=``, a body's ``email``, ``username``...)
        is masked in log lines and errors, as ``users.search`` masks it.

        Args:
            requests: The subrequests, in order (1 to 20; no ``/v2/batch`` in them).
            options: Per-call timeout, retries or headers.

        Returns:
            One answer per request, in order. A failing subrequest is an answer with
            ``ok`` ``False`` (``status``, ``body``), never an exception.

        Raises:
            TypeError: An item is not a :class:`~beatkit.beattech.models.BatchRequest`.
            ValueError: No request, more than 20, or a nested ``/v2/batch`` (before
                anything is sent).
            beatkit.errors.BeatkitError: The batch failed as a whole. When it may have
                run (a timeout, a lost connection, a 5xx, an answer that cannot be
                read), a note says its subrequests may have run; when the server
                refused it (a 4xx), a note says none did.
        """
        body = batch_body(requests)
        count = len(body["requests"])
        try:
            return await self._call(
                "batch",
                list[BatchResponse],
                json=body,
                unwrap=batch_responses(count),
                secrets=batch_secrets(body),
                options=options,
                note_if_unsure=(
                    f"bt.batch: its {count} subrequests may have run (the batch failed after it "
                    "was sent, and beatkit never sends it twice): check their effects before "
                    "sending them again"
                ),
            )
        except APIError as exc:
            if not may_be_applied(exc):
                exc.add_note(
                    "bt.batch: the server refused the batch as a whole: none of its "
                    f"{count} subrequests ran"
                )
            raise


class AsyncBeatTechApp(AsyncBeatTechResources):
    """``bt.app``: every resource of the client, with the app token on every bearer call.

    For a signup while a user is logged in (``bt.app.users.create(...)``) and for
    user-admin clients. It shares the client's connections, rate limiter, token
    managers and defaults; only the routing differs. Partner and LCP calls keep
    their own schemes.

    Args:
        transport: The client's transport, derived with the app route.
        context: The client's context.
    """

    def __init__(self, transport: AsyncTransport, context: ClientContext) -> None:
        super().__init__(transport)
        self._attach_resources(context)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={redact_url(self._transport.settings.base_url)!r}>"


class AsyncBeatTech(AsyncAPIClient, AsyncBeatTechResources):
    """Async client for the Beat Technology Core API v2 (white-label streaming and
    audiobooks: catalogue, users and subscriptions, personal data, reports).

    Every call is signed according to the access its operation declares: with the
    user token when a user is logged in (``bt.auth.login(...)``), else with the app
    token (client credentials, fetched on first use); calls that need a user fail
    before anything is sent without one; partner and LCP calls use their own
    headers. ``bt.app`` is the same client on the app token. Tokens go to the API
    host only. Nothing is sent at construction.

    Example::

        async with AsyncBeatTech("fabel", client_id="...", client_secret="...") as bt:
            await bt.auth.login("user@example.com", "password")
            async for track in bt.tracks.search("gaga", limit=10):
                print(track.title)
            stream = await bt.streams.online(track.id, formats=["*/high"])

    Args:
        tenant: The tenant (``fabel`` -> ``https://api.prod.fabel.beat.no/v2``);
            defaults to ``$BEATTECH_TENANT``. Not needed with ``base_url``.
        client_id: Your client's id; defaults to ``$BEATTECH_CLIENT_ID``.
        client_secret: Your client's secret; defaults to ``$BEATTECH_CLIENT_SECRET``.
        base_url: The API root, instead of the tenant's (``https://api.fabel.beat.no/v2``,
            a proxy, a fake on loopback).
        token: A user token to start with (a ``Token``, refreshed with its refresh
            token; or an access token string, used until it is refused).
        store: Where the user token is loaded from and saved to.
        app_store: Where the app token is loaded from and saved to (a stored
            token lacking a scope of ``app_scope`` is fetched again).
        app_scope: Space-separated scopes the app token asks for (e.g.
            ``"external-charge"`` for external charges, ``"return-password-code"``
            for ``passwords.request_reset(return_code=True)``); the client's
            default scopes when omitted.
        on_token: Called with every user token beatkit obtains (logins, refreshes).
        refresh_buffer: Seconds before expiry from which a token is replaced (at
            most half its lifetime).
        partner_client_id: The partner client's id for ``bt.partner_users``; the
            client's own by default.
        partner_client_secret: Its secret; the client's own by default.
        lcp_credentials: ``(user, password)`` of the LCP provider, for
            ``bt.lcp.license_status``.
        image_sizes: Default image sizes, e.g. ``{"release_cover": "w800",
            "artist": ["w50", "h200"]}`` (kinds: ``release_cover``, ``artist``,
            ``actor``, ``banner``, ``release_group``, ``user``, ``series``,
            ``coupon_offer``); a call's own sizes win kind by kind.
        stream_formats: Default ``X-Stream-Formats`` (``["*/high"]``).
        timeout: Seconds (or an ``httpx.Timeout``) for each request.
        max_retries: Retries of failed requests where a retry is safe.
        max_retry_wait: The longest ``Retry-After`` beatkit will sleep; a longer one
            raises :class:`~beatkit.errors.RateLimitError` at once.
        requests_per_second: Pace requests to this rate (``None``: no pacing).
        http_client: An ``httpx.AsyncClient`` you own and close yourself.
        allow_http: Permit a plain ``http://`` base URL to a non-loopback host.
        strict: Raise on response keys the models do not know (tests, drift checks);
            by default they are kept in each model's ``extra``.

    Raises:
        beatkit.errors.ConfigurationError: No tenant nor base URL, a malformed
            tenant, no client id or secret, ``http://`` to a remote host, partner
            credentials a header cannot carry (non-ASCII, a control character), LCP
            credentials with a colon in the user or a control character, ``store`` and
            ``app_store`` that are one store (or one file), or another unusable option.
    """

    def __init__(
        self,
        tenant: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        token: str | Token | None = None,
        store: TokenStore | None = None,
        app_store: TokenStore | None = None,
        app_scope: str | None = None,
        on_token: Callable[[Token], object] | None = None,
        refresh_buffer: float = DEFAULT_REFRESH_BUFFER,
        partner_client_id: str | None = None,
        partner_client_secret: str | None = None,
        lcp_credentials: tuple[str, str] | None = None,
        image_sizes: ImageSizes | None = None,
        stream_formats: str | Sequence[str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        requests_per_second: float | None = None,
        http_client: httpx.AsyncClient | None = None,
        allow_http: bool = False,
        strict: bool = False,
    ) -> None:
        url = check_base_url(resolve_base_url(tenant, base_url), allow_http=allow_http)
        client_id, client_secret = resolve_credentials(client_id, client_secret)
        default_sizes, default_formats = _defaults(image_sizes, stream_formats)
        router = TokenRouter(
            user=make_user_manager(
                base_url=url,
                client_id=client_id,
                client_secret=client_secret,
                token=token,
                store=store,
                on_token=on_token,
                refresh_buffer=refresh_buffer,
            ),
            app=make_app_manager(
                base_url=url,
                client_id=client_id,
                client_secret=client_secret,
                store=app_store,
                refresh_buffer=refresh_buffer,
                scope=_scope(app_scope),
                user_store=store,
            ),
            partner=_partner_auth(
                url.host, partner_client_id, partner_client_secret, client_id, client_secret
            ),
            basic=lcp_auth(url.host, lcp_credentials),
        )
        settings = build_settings(
            SPEC,
            base_url=url,
            route=router.route,
            converter=pick_converter(strict, converter, get_strict_converter),
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            requests_per_second=requests_per_second,
            allow_http=allow_http,
        )
        super().__init__(settings, http_client)
        context = ClientContext(
            tokens=router, image_sizes=default_sizes, stream_formats=default_formats
        )
        self._attach_resources(context)
        self.auth: AsyncBeatTechAuth = AsyncBeatTechAuth(self._transport, context)
        """Logins (nine grants), the user and app tokens, the user's id."""
        app_settings = attrs.evolve(settings, route=router.app_route)
        app_transport = self._transport.derive(settings=app_settings)
        self.app: AsyncBeatTechApp = AsyncBeatTechApp(app_transport, context)
        """The same resources on the app token (signups while logged in, user-admin calls)."""

    def _repr_state(self) -> str:
        tokens = self._context.tokens
        if not tokens.logged_in:
            return "logged_in=False"
        return f"logged_in=True, user_id={tokens.user_id!r}"


def _defaults(
    sizes: ImageSizes | None, formats: str | Sequence[str] | None
) -> tuple[dict[ImageKind, str], str | None]:
    """The client's default headers, checked: a bad one is a configuration error."""
    try:
        return image_sizes(sizes), stream_formats(formats)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(str(exc)) from None


def _scope(scope: str | None) -> str | None:
    """The app token's scopes, checked: a bad value is a configuration error."""
    try:
        return optional_text("app_scope", scope)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(str(exc)) from None


def _partner_auth(
    host: str,
    partner_id: str | None,
    partner_secret: str | None,
    client_id: str,
    client_secret: str,
) -> PartnerAuth:
    """The partner headers (the partner client's credentials, else the client's own)."""
    if (partner_id is None) != (partner_secret is None):
        raise ConfigurationError(
            "give both partner_client_id and partner_client_secret, or neither"
        )
    if partner_id is None or partner_secret is None:
        return PartnerAuth(host, client_id, client_secret)
    if not isinstance(partner_id, str) or not isinstance(partner_secret, str):
        raise ConfigurationError("partner_client_id and partner_client_secret must be strings")
    if not partner_id.strip() or not partner_secret.strip():
        raise ConfigurationError("partner_client_id and partner_client_secret must not be blank")
    if not (is_header_value(partner_id.strip()) and is_header_value(partner_secret.strip())):
        # Both travel as headers: refused here, without showing them.
        raise ConfigurationError(
            "partner_client_id and partner_client_secret must be visible ASCII, without a "
            "line break or another control character (they are sent as headers)"
        )
    return PartnerAuth(host, partner_id.strip(), partner_secret.strip())
