"""Typed Beat Technology resources.

The Core API v2 page shows almost no response schemas (its samples are collapsed to
``{"artist": { }}``). Each model declares the fields the page's walkthrough, its
Changes API and partner sections, and the public clients of the API show; every
other key the server sends is kept in the model's ``extra``. Ids are text, as the
page says they always are (numeric ids sent as JSON integers are read as their
decimal text: see ``beatkit.beattech.converter``); datetimes are timezone-aware
UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from attrs import field, fields, frozen

from beatkit._core.enums import OpenIntEnum
from beatkit._core.model import Model, content_hash
from beatkit._core.redact import REDACTED, redact_body, redact_url

__all__ = [
    "Activation",
    "Actor",
    "Artist",
    "ArtistBio",
    "AuthContext",
    "Balance",
    "Banner",
    "BannerGroup",
    "BatchRequest",
    "BatchResponse",
    "Bookmark",
    "Campaign",
    "Change",
    "ChangeFeed",
    "Charge",
    "ChargeRef",
    "Coupon",
    "CouponOffer",
    "CredentialType",
    "Event",
    "Favourite",
    "Feature",
    "Layout",
    "LayoutCondition",
    "LcpLicense",
    "PartnerActivation",
    "PartnerUser",
    "PaymentMethod",
    "PaymentType",
    "Product",
    "Progress",
    "PushResult",
    "Quota",
    "Rating",
    "Redemption",
    "Release",
    "ReleaseGroup",
    "ReleaseStreams",
    "Series",
    "SetupIntent",
    "Stream",
    "Subscription",
    "SubscriptionState",
    "SyncResult",
    "Track",
    "TrackRef",
    "Tracking",
    "User",
]


# --- enums ---------------------------------------------------------------------------------


class SubscriptionState(OpenIntEnum):
    """A subscription's state (L5913-5922). Values the page does not list (a partner
    call sets 2) are kept: ``state.is_known`` is then ``False``."""

    TRIALING = 1
    ACTIVE = 3
    RENEW_FAILURE = 5
    STOPPED = 6
    """Stopped; it runs to the end of the period, then expires (``subscriptions.stop``)."""
    DEACTIVATED = 7
    UNPAID = 8
    INCOMPLETE = 9
    """Created by a partner activation, waiting for its confirmation."""


class CredentialType(OpenIntEnum):
    """What a user credential is (L6505-6514; the page lists 1-6 but enumerates 5-10)."""

    STRIPE_CUSTOMER_ID = 5
    BOKBASEN_EMAIL = 6
    BOKBASEN_DDSID = 7
    EMAIL = 8
    """The user's e-mail address (the signup walkthrough's ``type: 8``)."""
    UNVERIFIED_MSISDN = 9
    PAYSTACK_CUSTOMER_ID = 10


class PaymentType(OpenIntEnum):
    """A payment provider; other values a tenant uses are kept."""

    STRIPE = 3
    REEPAY = 4
    """Billwerk / Reepay."""


# --- catalogue ------------------------------------------------------------------------------


@frozen(kw_only=True)
class Actor(Model):
    """A person credited on a release or track, with the role (``author``, ``narrator``,
    ``main-artist``...). Release actors may come without an id."""

    id: str | None = None
    """The actor's id, when sent."""
    name: str | None = None
    """Display name."""
    role: str | None = None
    """The role on this release or track."""
    image: Mapping[str, str] = field(factory=dict)
    """Image URLs keyed by size token, for the sizes asked for with
    ``X-Actor-Image-Sizes`` (without the header the page omits it, L493)."""


@frozen(kw_only=True)
class Artist(Model):
    """An artist (``GET /v2/artists/{id}``, searches, favourites)."""

    id: str
    """The artist's id."""
    name: str | None = None
    """Display name."""
    favourite: bool | None = None
    """Whether the logged-in user follows the artist (with a user token)."""
    image: Mapping[str, str] = field(factory=dict)
    """Image URLs keyed by size token, for the sizes asked for with
    ``X-Artist-Image-Sizes``."""


@frozen(kw_only=True)
class ArtistBio(Model):
    """An artist's biography (``{"bio": {...}}``): summary, full text, link and source."""

    summary: str | None = None
    """A short summary."""
    content: str | None = None
    """The full text (what an editor writes with ``update_bio``)."""
    url: str | None = None
    """A link to the source."""
    source: str | None = None
    """Where the biography comes from."""


@frozen(kw_only=True)
class TrackRef(Model):
    """A track as a release lists it: ``{"id", "title"}`` (more keys in ``extra``)."""

    id: str
    """The track's id."""
    title: str | None = None
    """The title."""


@frozen(kw_only=True)
class Release(Model):
    """A release: album, single, audiobook, e-book (``{"release": {...}}``)."""

    id: str
    """The release's id."""
    title: str | None = None
    """The title."""
    type: str | None = None
    """``album``, ``single``, ``video-album``... as the tenant names it."""
    actors: list[Actor] = field(factory=list)
    """Credited people with their roles (``author``, ``narrator``...)."""
    tracks: list[TrackRef] = field(factory=list)
    """The tracks, when sent (``X-Include: release-tracks``)."""
    cover: Mapping[str, str] = field(factory=dict)
    """Cover image URLs keyed by size token (``{"w800": "https://..."}``), for the
    sizes asked for with ``X-Release-Cover-Sizes``."""
    favourite: bool | None = None
    """Whether the logged-in user has it as a favourite (with a user token)."""


@frozen(kw_only=True)
class Track(Model):
    """A track (the page's "extended track": ``{"track": {...}}``, searches)."""

    id: str
    """The track's id."""
    title: str | None = None
    """The title."""
    duration: int | None = None
    """Length in seconds."""
    release: Release | None = None
    """The release it belongs to, when embedded."""
    actors: list[Actor] = field(factory=list)
    """Credited people with their roles."""
    streams: Mapping[str, Any] | None = None
    """The formats it can be streamed in (``X-Include: track-streams``); what
    ``streams.online(formats=...)`` takes."""
    favourite: bool | None = None
    """Whether the logged-in user has it as a favourite (with a user token)."""


@frozen(kw_only=True)
class Series(Model):
    """A series of releases (``release_number`` orders them)."""

    id: str
    """The series' id."""
    name: str | None = None
    """The name."""
    description: str | None = None
    """The description."""
    image: Mapping[str, str] = field(factory=dict)
    """Image URLs keyed by size token, for the sizes asked for with
    ``X-Series-Image-Sizes``."""


@frozen(kw_only=True)
class Stream(Model):
    """A stream: ``{"stream": {"id", "url", "type", "duration"}}``.

    The URL is short-lived and pre-signed: fetch a fresh one for every playback and
    never cache it. beatkit never sends the bearer token to the stream host.
    """

    id: str | None = None
    """The stream's (track's) id."""
    url: str = field(repr=False)
    """The pre-signed media URL (left out of ``repr``; it grants access)."""
    type: str | None = None
    """The stream's format."""
    duration: int | None = None
    """Length in seconds."""


@frozen(kw_only=True)
class ReleaseStreams(Model):
    """Streams of every track of a release: ``{"track": {...}, "streams": {...}}``.

    The page shows only those two keys. beatkit reads ``streams`` as a map of track
    id to :class:`Stream` and ``track`` as the track playback starts with (the
    release's first): the reading its fake serves. An answer without ``streams`` is a
    :class:`~beatkit.errors.ResponseDecodeError`, not a release without streams.
    """

    streams: Mapping[str, Stream]
    """One stream per track, keyed by track id (each URL short-lived; never cache it)."""
    track: Track | None = None
    """The track object the answer carries (the release's first track), when sent."""


# --- editorial ------------------------------------------------------------------------------


@frozen(kw_only=True)
class Banner(Model):
    """A banner: a link (``link_type`` + ``link_value``) with a title and images."""

    id: str
    """The banner's id."""
    title: str | None = None
    """The title."""
    subtitle: str | None = None
    """The subtitle."""
    link_type: str | None = None
    """``release``, ``artist``, ``banner-group``, ``release-group``, ``series``, ``url``,
    ``paginated-release-group``."""
    link_value: str | None = None
    """What the link points to (an id or a URL)."""
    image: Mapping[str, str] = field(factory=dict)
    """Image URLs keyed by size token, for the sizes asked for with
    ``X-Banner-Image-Sizes``."""


@frozen(kw_only=True)
class BannerGroup(Model):
    """A group of banners (``{"group": {...}}``)."""

    id: str
    """The group's id."""
    name: str | None = None
    """The name."""
    visible: bool | None = None
    """Whether non-editors may see it."""
    position: int | None = None
    """Its position among the groups."""
    banners: list[Banner | str] = field(factory=list)
    """Banner objects with ``X-Include: group-banners``, else banner ids."""
    source_link_type: str | None = None
    """Where the group's banners come from, when the catalogue fills it."""
    source_link_value: str | None = None
    """The source's id or value."""
    source_link_filter: str | None = None
    """The catalogue-service filter, as JSON-encoded text."""


@frozen(kw_only=True)
class ReleaseGroup(Model):
    """A group of releases: an editorial shelf, or a user's bookshelf (``{"group": {...}}``)."""

    id: str
    """The group's id (numeric text), or an alias (``wishlist``, ``purchased``...)."""
    name: str | None = None
    """The name."""
    description: str | None = None
    """The description."""
    visible: bool | None = None
    """Whether it is visible."""
    releases: list[Release | str] = field(factory=list)
    """Release objects with ``X-Include: group-releases``, else release ids."""
    image: Mapping[str, str] = field(factory=dict)
    """Image URLs keyed by size token, for the sizes asked for with
    ``X-Release-Group-Image-Sizes``."""


@frozen(kw_only=True)
class Layout(Model):
    """A screen layout (``home``, ``podcasts`` or a numeric id) with its sections."""

    id: str | None = None
    """The layout's id."""
    alias: str | None = None
    """Its alias (``home``, ``podcasts``), if it has one."""
    name: str | None = None
    """The name."""
    sections: list[Mapping[str, Any]] = field(factory=list)
    """The sections rendered on the screen, in order (objects as sent)."""


@frozen(kw_only=True)
class LayoutCondition(Model):
    """A condition on who is served a layout: a region, a product or a profile type.

    The page names what conditions test but not their fields; these are the names of
    the layout's deprecated fields they replace. Other keys land in ``extra``.
    """

    id: str | None = None
    """The condition's id, when sent."""
    region: str | None = None
    """The users' region (``NO``...)."""
    product_id: str | None = None
    """The product the users subscribe to."""
    profile_type: str | None = None
    """``standard`` or ``child``."""


@frozen(kw_only=True)
class Event(Model):
    """An event of the global feed or of a user's feed (fields as sent, in ``extra``)."""

    id: str | None = None
    """The event's id, when sent."""


@frozen(kw_only=True)
class Feature(Model):
    """A feature of the user, their subscription, a release or a device."""

    name: str | None = None
    """The feature's name (``can_stream``...)."""


# --- personal data --------------------------------------------------------------------------


@frozen(kw_only=True)
class Bookmark(Model):
    """A bookmark in a track, release or artist: an audio position or an e-book location."""

    id: str
    """The bookmark's id."""
    entity_type: str | None = None
    """``track``, ``release`` or ``artist``."""
    entity_id: str | None = None
    """The bookmarked entity's id."""
    note: str | None = None
    """The user's note."""
    position_type: str | None = None
    """``audio`` or ``ebook``."""
    position: int | None = None
    """Seconds from the start (audio)."""
    reader_position_selector: str | None = None
    """An EPUB CFI (e-book)."""
    reader_position_ratio: float | None = None
    """How far into the book, 0 to 1 (e-book)."""


@frozen(kw_only=True)
class Progress(Model):
    """How far the user got in a track or release."""

    id: str
    """The record's id."""
    entity_type: str | None = None
    """``track`` or ``release``."""
    entity_id: str | None = None
    """The entity's id."""
    changed: datetime | None = None
    """When the progress was made (sent as ``YYYY-MM-DD hh:mm:ss`` UTC)."""
    position_type: str | None = None
    """``audio`` or ``ebook``."""
    stop_position: int | None = None
    """Seconds from the start (audio)."""
    reader_position_selector: str | None = None
    """An EPUB CFI (e-book)."""
    reader_position_ratio: float | None = None
    """How far into the book, 0 to 1 (e-book)."""


@frozen(kw_only=True)
class Rating(Model):
    """A rating of a track, release or artist (0 to 5)."""

    id: str
    """The rating's id."""
    entity_type: str | None = None
    """``track``, ``release`` or ``artist``."""
    entity_id: str | None = None
    """The rated entity's id."""
    value: int | None = None
    """0 to 5."""
    note: str | None = None
    """The user's note."""


@frozen(kw_only=True)
class Favourite(Model):
    """One favourited entity (the lookup answers only favourited ones)."""

    entity_type: str | None = None
    """``artist``, ``release``, ``release-group``, ``track`` or ``user``."""
    entity_id: str | None = None
    """The entity's id."""
    favourited: bool | None = None
    """Always ``true`` in the lookup's answers."""


@frozen(kw_only=True)
class Quota(Model):
    """A streaming or download quota window and what is left of it.

    The page names the window (``quota_start``, ``quota_end``) and describes the rest
    without naming it; the other fields are beatkit's reading (other keys land in
    ``extra``).
    """

    quota_start: datetime | None = None
    """When the window starts."""
    quota_end: datetime | None = None
    """When the window ends."""
    seconds_allowed: int | None = None
    """Seconds of listening the window allows (``None`` when unlimited)."""
    seconds_used: int | None = None
    """Seconds used so far."""
    seconds_remaining: int | None = None
    """Seconds left (``None`` when unlimited)."""
    unlimited: bool | None = None
    """Whether access is unlimited."""
    stream: bool | None = None
    """Whether streaming is allowed."""
    download: bool | None = None
    """Whether downloads (offline streams) are allowed."""


@frozen(kw_only=True)
class LcpLicense(Model):
    """The answer to an LCP license request (the page shows ``{}``; any keys in ``extra``)."""


# --- accounts -------------------------------------------------------------------------------


@frozen(kw_only=True)
class User(Model):
    """A user (an account's master user or one of its profiles): ``{"user": {...}}``."""

    id: str
    """The user's id (``28392``); what ``user_id`` arguments take."""
    username: str | None = field(default=None, repr=False)
    """The user name (the walkthrough makes it the e-mail address; left out of
    ``repr``, as personal data)."""
    email: str | None = field(default=None, repr=False)
    """The e-mail address (own user, or a user-admin client; left out of ``repr``)."""
    msisdn: str | None = field(default=None, repr=False)
    """The phone number (own user, or a user-admin client; left out of ``repr``)."""
    firstname: str | None = None
    """First name."""
    lastname: str | None = None
    """Last name."""
    favourite: bool | None = None
    """Whether the logged-in user follows this user."""
    region: str | None = None
    """The region the user belongs to (``NO``)."""
    profile_type: str | None = None
    """``standard`` or ``child``."""
    newsletter: bool | None = None
    """Whether the user gets the e-mail newsletter."""
    privacy_profile_private: bool | None = None
    """Whether the profile is hidden from other users."""
    payment_type: PaymentType | None = None
    """The default payment provider (:class:`PaymentType`), once one is set."""
    image: Mapping[str, str] = field(factory=dict)
    """Profile image URLs keyed by size token, for the sizes asked for with
    ``image_sizes={"user": ...}`` (``X-User-Image-Sizes``, L6122; empty without it)."""


@frozen(kw_only=True)
class Subscription(Model):
    """A subscription of a user to a product.

    A state change (``stop``, ``resume``) answers with the subscription without its
    id, so :attr:`id` may be ``None`` there.
    """

    state: SubscriptionState
    """Where it stands (:class:`SubscriptionState`)."""
    id: str | None = None
    """The subscription's id (``9001``)."""
    product_id: str | None = None
    """The product subscribed to."""
    expiry_date: datetime | None = None
    """When the current period ends."""
    next_billing_date: datetime | None = None
    """When it is billed next; ``None`` once stopped."""


@frozen(kw_only=True)
class Tracking(Model):
    """A user's tracking identifier (fields as sent, in ``extra``)."""

    id: str | None = None
    """The identifier, when sent as ``id``."""


@frozen(kw_only=True)
class Activation(Model):
    """An activation of a partner subscription, confirmed by the user.

    A partner's ``activate`` answers :attr:`id`, :attr:`url` and
    :attr:`confirmation_url`. ``activations.lookup`` answers what its landing page
    needs to choose the next step (a login form, or a set-password form for a user
    the partner call created); the page names no fields for it, so they are in
    :attr:`extra` as sent (the fake sends ``state``, ``user_id``, ``product_id`` and
    ``was_user_created``).
    """

    id: str
    """The activation's id."""
    url: str | None = None
    """Where the user goes to activate."""
    confirmation_url: str | None = field(default=None, repr=False)
    """Where the user confirms the activation (it holds the one-time confirmation
    code, so it is left out of ``repr``)."""


@frozen(kw_only=True)
class PartnerUser(Model):
    """The user a partner activation matched or created."""

    id: str
    """The user's id."""
    was_user_created: bool | None = None
    """Whether the call created the user."""
    was_requested_password_applied: bool | None = None
    """Whether a password sent with the call was set."""


@frozen(kw_only=True)
class PartnerActivation(Model):
    """``POST /v2/partnerusers/activations``'s answer: ``{"activation", "user"}``."""

    activation: Activation
    """The created activation (the subscription is INCOMPLETE until confirmed)."""
    user: PartnerUser
    """The matched or created user."""


@frozen(kw_only=True)
class AuthContext(Model):
    """An OpenID auth context: send the user to :attr:`url`, then log in with
    :attr:`handle` (``bt.auth.login_openid_handle``) after the callback."""

    url: str | None = None
    """The partner's authorization URL."""
    handle: str | None = field(default=None, repr=False)
    """The context's handle; a login credential (left out of ``repr``)."""
    id: str | None = None
    """The context's id, when sent."""


# --- commerce -------------------------------------------------------------------------------


@frozen(kw_only=True)
class Product(Model):
    """A product a user can subscribe to (visibility depends on the token)."""

    id: str
    """The product's id (``201``); what ``users.migrate`` takes."""
    name: str | None = None
    """The name."""
    description: str | None = None
    """The description."""


@frozen(kw_only=True)
class SetupIntent(Model):
    """A setup intent: hand :attr:`client_secret` to the payment provider's SDK.

    Use the top-level ``client_secret``; the nested ``setup_intent.client_secret`` is
    deprecated. Neither is shown in ``repr``.
    """

    client_secret: str = field(repr=False)
    """The secret the payment SDK (Stripe Elements, the Reepay checkout) takes."""
    setup_intent: Mapping[str, Any] = field(factory=dict, repr=False)
    """The provider's setup intent, raw (``payment_type``, the deprecated secret...)."""


@frozen(kw_only=True)
class PaymentMethod(Model):
    """A tokenised payment method: ``{"reference": "pm_..."}``."""

    reference: str
    """What ``billing.attach_payment_method`` takes."""


@frozen(kw_only=True)
class Campaign(Model):
    """A marketing campaign (``utm_campaign``) and what it changes.

    The page shows no fields beyond the code; what a tenant sends (the product, a
    changed trial...) is in :attr:`extra` unless named here.
    """

    id: str | None = None
    """The campaign's id, when sent."""
    utm_campaign: str | None = None
    """The campaign code (what ``users.migrate(utm_campaign=...)`` takes)."""
    product_id: str | None = None
    """The product the campaign is for, when it is for one."""
    name: str | None = None
    """The campaign's name, when sent."""


@frozen(kw_only=True)
class Charge(Model):
    """A charge of a user for an entity (the fields of ``POST /v2/charges``).

    A gift card is charged for by its code (``entity_type="coupon"``,
    ``entity_id=<code>``), which redeems it: ``repr`` masks that ``entity_id``.
    """

    id: str | None = None
    """The charge's id."""
    reason: str | None = None
    """``offlining``, ``coupon``, ``purchase``, ``campaign``, ``external_charge``,
    ``vipps_initial_charge`` or ``vipps_renew``."""
    entity_type: str | None = None
    """``coupon``, ``release``, ``campaign``, ``track`` or ``balance``."""
    entity_id: str | None = None
    """The entity charged for."""
    user_id: str | None = None
    """The user charged, when sent."""
    amount: int | None = None
    """The amount, when sent."""
    unit: str | None = None
    """``XCR`` (credits) or ``EUR``, when sent."""
    state: str | None = None
    """The charge's state (``cancelled`` once an external charge is cancelled), when sent."""

    def __repr__(self) -> str:
        # A gift card is charged for by its code (entity_id), which redeems it.
        shown = []
        for attribute in fields(type(self)):
            if not attribute.repr:
                continue
            value = getattr(self, attribute.name)
            if attribute.name == "entity_id" and value is not None and self.entity_type == "coupon":
                shown.append(f"{attribute.name}={REDACTED!r}")
            else:
                shown.append(f"{attribute.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


@frozen(kw_only=True)
class ChargeRef(Model):
    """A created charge: ``{"id": ...}``."""

    id: str
    """The charge's id."""


@frozen(kw_only=True)
class CouponOffer(Model):
    """A gift card offer: an image, the product it grants, and optionally a price
    and an interval (what ``coupons.generate`` makes a gift card from)."""

    id: str | None = None
    """The offer's id (what ``coupons.generate`` takes)."""
    name: str | None = None
    """The offer's name, when sent."""
    image: Mapping[str, str] = field(factory=dict)
    """Image URLs keyed by size token, for the sizes asked for with
    ``X-Coupon-Offer-Image-Sizes`` (empty without them)."""
    product_id: str | None = None
    """The subscription product the gift card grants."""
    price: Decimal | None = None
    """The price, exactly as sent, when the offer has one."""
    currency: str | None = None
    """The price's currency, when sent."""
    interval: int | None = None
    """How long the product is granted for, in :attr:`interval_unit`, when sent."""
    interval_unit: str | None = None
    """``day``, ``month``... of :attr:`interval`, when sent."""


@frozen(kw_only=True)
class Coupon(Model):
    """A coupon or gift card."""

    id: str | None = None
    """The coupon's id, when sent."""
    code: str | None = field(default=None, repr=False)
    """The code that redeems it (left out of ``repr``; it is worth money)."""
    valid: bool | None = None
    """Whether it can be redeemed now (a gift card once it is paid for)."""
    type: str | None = None
    """``giftcard`` for gift cards, when sent."""
    offer: CouponOffer | None = None
    """The offer a gift card was generated from, when sent (its ``image`` filled for
    the sizes asked for)."""
    product_id: str | None = None
    """The product the coupon grants, when sent."""


@frozen(kw_only=True)
class Redemption(Model):
    """A redemption of a coupon by the user."""

    id: str | None = None
    """The redemption's id, when sent."""


@frozen(kw_only=True)
class Balance(Model):
    """A balance in one currency (``XCR`` credits, ``XCS`` seconds, or money).

    A currency the answer leaves out is a zero balance.
    """

    currency: str
    """The currency code."""
    amount: Decimal | None = None
    """The amount, exactly as sent."""


# --- batch and the Changes API ----------------------------------------------------------------


_SECRET_FIELDS = ("code", "coupon", "source")
"""Field names whose values are credentials for Beat Technology besides
:data:`~beatkit._core.redact.SECRET_KEYS`: a password reset's or a verification's
``code``, a coupon's or gift card's code (``code``, ``coupon``: whoever holds it can
redeem it) and a charge's payment ``source`` (a Stripe token)."""


_PERSONAL_FIELDS = ("email", "msisdn", "username", "credential")
"""Field names whose values name a person (a user's e-mail address, phone number and
user name, and a credential bound to a user: an e-mail address, an msisdn): masked in
the ``repr`` of change and batch bodies, as :class:`User` leaves them out of its own,
and (the service's ``personal_fields``) in every error body."""

# name=value of a personal field in a batch subrequest's query (``/v2/users?email=``).
_PERSONAL_PAIR = re.compile(
    r"(?<![A-Za-z0-9_.-])(" + "|".join(_PERSONAL_FIELDS) + r")=([^&#]*)", re.IGNORECASE
)


def _redacted_repr(value: Any) -> str:
    """A batch item's or a change's body or headers, ``repr``'d with credentials replaced (a
    ``password``, tokens, a setup intent's ``client_secret``, a subrequest's own
    ``Authorization``, which wins over the batch's, L1987, a coupon's ``code``) and
    personal data too (a user's ``email``, ``msisdn`` and ``username``): the value
    itself is kept."""
    try:
        return repr(redact_body(value, _SECRET_FIELDS + _PERSONAL_FIELDS))
    except RecursionError:
        return "<a value nested too deeply to show>"


def _redacted_url_repr(url: Any) -> str:
    """A batch item's path, ``repr``'d with secret query values replaced (a coupon lookup's
    ``?code=``, an activation lookup's ``?confirmation_code=``), and personal ones (a user
    search's ``?email=`` and ``?msisdn=``)."""
    if not isinstance(url, str):
        return repr(url)
    return repr(_PERSONAL_PAIR.sub(lambda m: f"{m.group(1)}={REDACTED}", redact_url(url)))


@frozen(kw_only=True)
class BatchRequest:
    """One subrequest of ``bt.batch``: ``{"method", "url", "body", "headers"}``.

    Args:
        method: ``GET``, ``POST``, ``PUT``, ``PATCH``, ``DELETE`` or ``HEAD``.
        url: The path with its ``/v2/`` prefix (``/v2/tracks/123``); never ``/v2/batch``.
        body: The JSON body, if any.
        headers: Headers that override the batch's own (``X-Base-Change``...); values
            are text, and an empty value is dropped by the server.

    Credentials in ``body`` (a ``password``, a token, a coupon code...), in ``headers``
    (``Authorization``) and in ``url``'s query (``?code=``) are left out of ``repr``.
    """

    __hash__ = content_hash  # by content: attrs' own hash raises on a list or dict

    method: str
    url: str = field(repr=_redacted_url_repr)
    body: Any = field(default=None, repr=_redacted_repr)
    headers: Mapping[str, str] | None = field(default=None, repr=_redacted_repr)


def _parse_change_id(value: Any) -> int | None:
    """A change id from an ``X-Change`` header or a batch entry (text or int), else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            try:
                return int(text)
            except ValueError:  # more digits than int() converts: no id of this API
                return None
    return None


@frozen(kw_only=True)
class BatchResponse(Model):
    """One answer of ``bt.batch``, in the order of the requests.

    A failing subrequest is an entry like any other (``ok`` is ``False``), never
    an exception: ``{"status": 404, "body": {"error_description": "Not found"}}``.
    """

    status: int
    """The subrequest's HTTP status."""
    body: Any = field(default=None, repr=_redacted_repr)
    """Its JSON body (credentials in it, a coupon's ``code`` among them, are left out of
    ``repr``)."""
    headers: Mapping[str, Any] = field(factory=dict, repr=_redacted_repr)
    """Its headers (``X-Change`` on accepted personal-data writes)."""

    @property
    def ok(self) -> bool:
        """Whether the subrequest succeeded (2xx, ``208 Already Reported`` included)."""
        return 200 <= self.status < 300

    @property
    def change_id(self) -> int | None:
        """The ``X-Change`` id of an accepted personal-data write, else ``None``.

        The page sends a JSON integer (L5863); its text (``"82"``) and a one-item list
        of either (``["82"]``, a PHP header bag's shape) read the same.
        """
        for name, value in self.headers.items():
            if name.lower() != "x-change":
                continue
            if isinstance(value, list) and len(value) == 1:
                value = value[0]
            if isinstance(value, str) and not (value.strip().isascii() and value.strip().isdigit()):
                continue  # no id: another spelling of the header may hold one
            if isinstance(value, int | str) and not isinstance(value, bool):
                return _parse_change_id(value)
        return None


@frozen(kw_only=True)
class Change(Model):
    """One record of a user's change feed (``GET /v2/users/{id}/changes``).

    ``{"id": 1, "method": "POST", "body": {"release": {"id": "123"}}}``: a POST or
    PATCH replaces the local object with :attr:`entity`; a DELETE removes the one
    with :attr:`entity_id`.
    """

    id: int
    """The change id (a JSON integer); the base the next pull starts after."""
    method: str
    """``POST``, ``PATCH`` or ``DELETE``."""
    body: Mapping[str, Any] = field(factory=dict, repr=_redacted_repr)
    """The changed object under its type; ``{"track": {...}}`` (credentials in it are
    left out of ``repr``; the value itself is kept)."""

    @property
    def entity_type(self) -> str | None:
        """The key of :attr:`body` (``track``, ``release``, ``artist``, ``group``...)."""
        return next(iter(self.body), None) if len(self.body) == 1 else None

    @property
    def entity(self) -> Mapping[str, Any]:
        """The changed object (``body[entity_type]``), empty when there is none."""
        kind = self.entity_type
        value = self.body.get(kind) if kind is not None else None
        return value if isinstance(value, Mapping) else {}

    @property
    def entity_id(self) -> str | None:
        """The changed object's id, as text."""
        value = self.entity.get("id")
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value if isinstance(value, str) else None


@frozen(kw_only=True)
class ChangeFeed:
    """What ``bt.sync.pull`` returns."""

    __hash__ = content_hash  # by content: attrs' own hash raises on a list or dict

    changes: list[Change]
    """The changes after the base, in id order."""
    base_change_id: int
    """The new base; the largest change id seen (or the old base)."""


def _conflicts(results: Iterable[BatchResponse]) -> list[BatchResponse]:
    """The answers of writes the server resolved against a newer change: a success
    without an ``X-Change`` (the body is the server's current object)."""
    return [result for result in results if result.ok and result.change_id is None]


@frozen(kw_only=True)
class PushResult:
    """What ``bt.sync.push`` returns."""

    __hash__ = content_hash  # by content: attrs' own hash raises on a list or dict

    results: list[BatchResponse]
    """One answer per pending change, in input order."""

    @property
    def conflicts(self) -> list[BatchResponse]:
        """Changes the server resolved against a newer one; answered with success but
        without an ``X-Change`` (their body is the server's current object)."""
        return _conflicts(self.results)


@frozen(kw_only=True)
class SyncResult:
    """What ``bt.sync.run`` returns."""

    __hash__ = content_hash  # by content: attrs' own hash raises on a list or dict

    pushed: list[BatchResponse]
    """The answers to the pushed changes, in input order."""
    pulled: list[Change]
    """The changes pulled from the base, in id order."""
    base_change_id: int
    """The new base to keep for the next run."""

    @property
    def conflicts(self) -> list[BatchResponse]:
        """Pushed changes the server resolved against a newer one; accepted without an
        ``X-Change`` (their body is the server's current object)."""
        return _conflicts(self.pushed)
