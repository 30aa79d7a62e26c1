"""Beat Technology on the wire: the one table of its paths, access levels and errors.

The Core API v2 page lost most operation paths. Every path sits in :data:`PATHS`,
one row per operation: ``"METHOD /path access [inferred]"``. ``inferred`` marks a
path the page does not publish (derived from its documented siblings), so that a
wrong guess is a one-line fix; rows commented ``client`` are paths seen in public
clients of the API, the rest are written in the page.

Access levels (the page's "Authorization" section, one per operation):

* ``public``: no token (the token endpoint, auth contexts).
* ``any``: any bearer token; the user token when a user is logged in, else the app
  (client credentials) token. Rows that also allow user-admin clients, scope-gated
  callers or "varies by parameter" are ``any`` too: the server decides.
* ``user``: a logged-in user's token; without one the call fails before sending.
* ``editor``: a user token whose user has the editorial role (routed as ``user``).
* ``app``: the app token of a user-admin client (client credentials).
* ``partner``: ``X-Auth-Client-Id`` / ``X-Auth-Client-Secret`` headers, no bearer.
* ``basic``: HTTP Basic with the LCP provider's credentials, no bearer.

Errors: ``{"error": code, "error_description": text, "error_developer": {...}}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import unquote, unquote_plus, urlsplit

from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.json_fields import field_values
from beatkit._core.validate import header_name_problem
from beatkit.beattech.models import _PERSONAL_FIELDS, _SECRET_FIELDS, BatchRequest
from beatkit.errors import ExportLimitReachedError

__all__ = [
    "ACCESS_LEVELS",
    "MAX_LOOKUP_IDS",
    "BASE_URL_TEMPLATE",
    "ENV_CLIENT_ID",
    "ENV_CLIENT_SECRET",
    "ENV_TENANT",
    "MAX_BATCH",
    "NOT_CALLABLE",
    "PATHS",
    "RANGE_UNITS",
    "SPEC",
    "TENANT_PATTERN",
    "batch_body",
    "batch_secrets",
    "batch_responses",
    "charge_ref",
    "device_features",
    "items_in",
    "metadata_bag",
    "object_answer",
    "parse_error",
    "payment_method_list",
]

BASE_URL_TEMPLATE: Final = "https://api.prod.{tenant}.beat.no/v2"
"""The API root of a tenant (``fabel``, ``skoobe``, ``chapter``...)."""
TENANT_PATTERN: Final = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
"""A tenant is one DNS label; lower-case letters, digits and inner hyphens."""
ENV_TENANT: Final = "BEATTECH_TENANT"
"""The environment variable read when no tenant is passed."""
ENV_CLIENT_ID: Final = "BEATTECH_CLIENT_ID"
"""The environment variable read when no ``client_id`` is passed."""
ENV_CLIENT_SECRET: Final = "BEATTECH_CLIENT_SECRET"  # noqa: S105 - a variable's name
"""The environment variable read when no ``client_secret`` is passed."""

MAX_LOOKUP_IDS: Final = 1000
"""The most ids one comma-list lookup takes (charges, favourites, synthetic groups)."""

ACCESS_LEVELS: Final = frozenset({"public", "any", "user", "editor", "app", "partner", "basic"})
"""The access levels a :data:`PATHS` row may name."""

PATHS: Final[Mapping[str, str]] = {
    "actors.list": "GET /actors any inferred",
    "actors.upload_image": "POST /actors/{actor_id}/image editor inferred",
    "artists.get": "GET /artists/{artist_id} any",  # client
    "artists.favourite": "PATCH /artists/{artist_id} user",
    "artists.bio": "GET /artists/{artist_id}/bio any",  # client
    "artists.update_bio": "PUT /artists/{artist_id}/bio editor inferred",
    "artists.search": "GET /artists any",  # client
    "artists.top_releases": "GET /artists/{artist_id}/releases/top any",  # client
    "artists.top_tracks": "GET /artists/{artist_id}/tracks/top any",  # client
    "auth.token": "POST /oauth2/token public",
    "auth.contexts": "POST /oauth2/contexts public inferred",
    "auth.codes": "POST /codes any",
    "banners.list": "GET /banners any inferred",
    "banners.create": "POST /banners editor inferred",
    "banners.get": "GET /banners/{banner_id} any inferred",
    "banners.update": "PATCH /banners/{banner_id} editor inferred",
    "banners.upload_image": "POST /banners/{banner_id}/image editor inferred",
    "banner_groups.list": "GET /banners/groups any inferred",
    "banner_groups.create": "POST /banners/groups editor inferred",
    "banner_groups.get": "GET /banners/groups/{group_id} any",  # client
    "banner_groups.update": "PATCH /banners/groups/{group_id} editor inferred",
    "batch": "POST /batch any",
    "billing.create_setup_intent": "POST /billing/setupintents user",
    "billing.payment_methods": "GET /billing/paymentmethods user",
    "billing.attach_payment_method": "POST /billing/paymentmethods user",
    "bookmarks.create": "POST /bookmarks user inferred",
    "bookmarks.get": "GET /bookmarks/{bookmark_id} user inferred",
    "bookmarks.update": "PATCH /bookmarks/{bookmark_id} user inferred",
    "bookmarks.delete": "DELETE /bookmarks/{bookmark_id} user inferred",
    "campaigns.lookup": "GET /campaigns any inferred",
    "charges.list": "GET /charges any inferred",
    "charges.create": "POST /charges any",
    "charges.cancel": "DELETE /charges/{charge_id} any inferred",
    "charges.list_external": "GET /users/{user_id}/charges any inferred",
    "coupons.lookup": "GET /coupons any inferred",
    "coupons.generate": "POST /coupons any",
    "coupons.offers": "GET /coupons/offers any",
    "events.list": "GET /events any inferred",
    "favourites.lookup": "GET /favourites user inferred",
    "features.list": "GET /features any inferred",
    "layouts.list": "GET /layouts user inferred",
    "layouts.get": "GET /layouts/{id} any",
    "layouts.update": "PATCH /layouts/{id} editor inferred",
    "layouts.conditions": "GET /layouts/{id}/conditions user inferred",
    "layouts.replace_conditions": "PUT /layouts/{id}/conditions editor inferred",
    "lcp.generate_license": "POST /releases/{release_id}/lcp/license user",
    # The page documents the prefix /lcp/license/status; the tail is inferred.
    "lcp.license_status": "GET /lcp/license/status/{release_id}/{user_id} basic inferred",
    "lcp.license_status_head": ("HEAD /lcp/license/status/{release_id}/{user_id} basic inferred"),
    "passwords.reset": "POST /passwords any",
    "passwords.request_reset": "POST /passwords/requests any",
    "products.get": "GET /products/{product_id} any inferred",
    "products.list": "GET /products any",
    "progresses.list": "GET /progresses user",
    "progresses.create": "POST /progresses user inferred",
    "progresses.get": "GET /progresses/{progress_id} user inferred",
    "progresses.update": "PATCH /progresses/{progress_id} user inferred",
    "progresses.delete": "DELETE /progresses/{progress_id} user inferred",
    "quotas.list": "GET /quotas user inferred",
    "ratings.list": "GET /ratings user inferred",
    "ratings.create": "POST /ratings user",
    "ratings.get": "GET /ratings/{rating_id} user inferred",
    "ratings.update": "PATCH /ratings/{rating_id} user inferred",
    "ratings.delete": "DELETE /ratings/{rating_id} user inferred",
    "releases.get": "GET /releases/{release_id} any",
    "releases.favourite": "PATCH /releases/{release_id} user",
    "releases.alternates": "GET /releases/{release_id}/alternates any inferred",
    "releases.bookmarks": "GET /releases/{release_id}/bookmarks user inferred",
    "release_groups.delete": "DELETE /releases/groups/{group_id} user",
    "release_groups.get": "GET /releases/groups/{group_id} any",  # client
    "release_groups.update": "PATCH /releases/groups/{group_id} user inferred",
    "release_groups.remove_release": (
        "DELETE /releases/groups/{group_id}/releases/{release_id} user inferred"
    ),
    "release_groups.releases": "GET /releases/groups/{group_id}/releases user inferred",
    "release_groups.add_release": "POST /releases/groups/{group_id}/releases user inferred",
    "release_groups.list": "GET /releases/groups any inferred",
    "release_groups.create": "POST /releases/groups user",
    "release_groups.reorder": "PUT /releases/groups editor inferred",
    "release_groups.upload_image": "POST /releases/groups/{group_id}/image editor inferred",
    "releases.ratings": "GET /releases/{release_id}/ratings any inferred",
    "releases.track_bookmarks": "GET /releases/{release_id}/tracks/bookmarks user inferred",
    "releases.track_progresses": "GET /releases/{release_id}/tracks/progresses user inferred",
    "releases.get_by_upc": "GET /releases/upc/{upc_code} any inferred",
    "releases.list": "GET /releases any",  # client
    "reports.send_legacy": "POST /player/reports any",
    "reports.send": "POST /reports any",
    "series.search": "GET /series any inferred",
    "series.get": "GET /series/{series_id} any inferred",
    "series.update": "PATCH /series/{series_id} editor inferred",
    "series.upload_image": "POST /series/{series_id}/image editor inferred",
    "streams.preview": "GET /streams/previews/{id} any",
    "streams.online": "GET /streams/online/{track_id} any",
    "streams.offline": "GET /streams/offline/{track_id} any",
    "streams.release": "GET /streams/releases/{release_id} any inferred",
    "tracks.search": "GET /tracks any",
    "tracks.get": "GET /tracks/{track_id} any",
    "tracks.favourite": "PATCH /tracks/{track_id} user",
    "tracks.bookmarks": "GET /tracks/{track_id}/bookmarks user inferred",
    "tracks.progress": "GET /tracks/{track_id}/progress user inferred",
    "users.search": "GET /users any",
    "users.create": "POST /users any",
    "users.delete": "DELETE /users/{user_id} user",
    "users.update": "PATCH /users/{user_id} any",
    "users.get": "GET /users/{user_id} any",
    "users.gdpr_delete": "DELETE /users/{user_id}/gdpr app inferred",
    "users.attach_card": "POST /users/{user_id}/cards user inferred",
    "users.changes": "GET /users/{user_id}/changes user",
    "users.latest_change": "HEAD /users/{user_id}/changes user",
    "users.coupons": "GET /users/{user_id}/coupons user",
    "users.redemptions": "GET /users/{user_id}/coupons/redemptions user inferred",
    "users.redeem_coupon": "POST /users/{user_id}/coupons/redemptions user",
    "users.add_credential": "POST /users/{user_id}/credentials user",
    "credentials.request_verification": "POST /credentials any",
    "users.verify_credential": "POST /users/{user_id}/credentials/verifications any",
    "users.events": "GET /users/{user_id}/events user",
    "users.registered_friends": "GET /users/{user_id}/friends/registered user",
    "users.favouritees": "GET /users/{user_id}/favouritees user inferred",
    "users.favourite_artists": "GET /users/{user_id}/favourites/artists user",  # client
    "users.favourite_releases": "GET /users/{user_id}/favourites/releases user",
    "users.favourite_tracks": "GET /users/{user_id}/favourites/tracks user",  # client
    "users.favourite_users": "GET /users/{user_id}/favourites/users user inferred",
    "users.favourites": "GET /users/{user_id}/favourites user inferred",
    "users.metadata": "GET /users/{user_id}/metadata any inferred",
    "users.update_metadata": "PATCH /users/{user_id}/metadata app inferred",
    "users.delete_metadata": "DELETE /users/{user_id}/metadata/{key} app inferred",
    "users.migrate": "POST /users/{user_id}/migrations user",
    "users.tracking": "GET /users/{user_id}/tracking user inferred",
    "subscriptions.list": "GET /users/{user_id}/subscriptions user",
    "subscriptions.update": "PATCH /users/{user_id}/subscriptions/{subscription_id} user",
    # The operation's line says "Logged-in user required", its text that a user admin
    # client ends a subscription administratively (L7183): both may call it.
    "subscriptions.deactivate": "DELETE /users/{user_id}/subscriptions/{subscription_id} any",
    "users.balances": "GET /users/{user_id}/balances user inferred",
    "users.charge": "POST /users/{user_id}/charges any",
    "users.release_groups": "GET /users/{user_id}/releases/groups user inferred",
    "users.synthetic_group": "GET /users/{user_id}/releases/groups/{synthetic} any inferred",
    "users.add_release_to_group": (
        "POST /users/{user_id}/releases/groups/{group_id}/releases any inferred"
    ),
    "activations.confirm": "PATCH /activations/{activation_id} user inferred",
    "activations.lookup": "GET /activations any inferred",
    "partner_users.activate": "POST /partnerusers/activations partner",
    "partner_users.end": "DELETE /partnerusers/activations/{activation_id} partner",
}
"""Every operation's method, path (relative to ``https://api.prod.{tenant}.beat.no/v2``),
access level and whether the path is inferred."""

RANGE_UNITS: Final[Mapping[str, str]] = {
    "actors.list": "actors",
    "artists.search": "artists",
    "artists.top_releases": "releases",
    "artists.top_tracks": "tracks",
    "banners.list": "banners",  # guessed
    "banner_groups.list": "groups",  # guessed
    "campaigns.lookup": "campaigns",  # guessed
    "coupons.lookup": "coupons",  # guessed
    "coupons.offers": "offers",  # guessed
    # The operation list says "events"; the page asks for "items=0-9" (L2805).
    "events.list": "items",
    "layouts.list": "items",
    "products.list": "products",
    "progresses.list": "items",
    "ratings.list": "ratings",  # guessed
    "releases.bookmarks": "bookmarks",  # guessed
    "release_groups.releases": "releases",  # guessed
    "release_groups.list": "groups",  # guessed
    "releases.ratings": "ratings",  # guessed
    "releases.track_bookmarks": "bookmarks",  # guessed
    "releases.track_progresses": "progresses",  # guessed
    "releases.list": "releases",
    "series.search": "series",  # guessed
    "tracks.search": "tracks",
    "tracks.bookmarks": "bookmarks",
    "users.search": "users",  # guessed
    "users.changes": "changes",
    "users.coupons": "coupons",  # guessed
    "users.redemptions": "items",
    "users.events": "items",
    "users.favouritees": "users",  # guessed
    "users.favourite_artists": "artists",  # guessed
    "users.favourite_releases": "releases",  # guessed
    "users.favourite_tracks": "tracks",  # guessed
    "users.favourite_users": "users",  # guessed
    "users.favourites": "releases",  # guessed
    "subscriptions.list": "subscriptions",  # guessed
    "users.balances": "balances",  # guessed
    "users.release_groups": "groups",  # guessed
}
"""The range unit of every Range-paged list, as the page or the operation list names it.

Lists send no ``Range`` on their first request and continue in the unit the answer
names; this unit is used only for a window asked for before any answer (a
``page_size`` or ``start``). Rows marked ``guessed`` are units the page never shows."""

NOT_CALLABLE: Final[Mapping[str, str]] = {
    "Callback for OpenID auth": "a browser redirect target of the OpenID flow",
    "Finish OpenID auth session": "a browser landing page of the OpenID flow",
    "Handle a webhook callback from Stripe / Reepay / Paystack": "webhooks Beat receives",
    "CORS preflight handlers": "browser-only OPTIONS answers",
}
"""Rows of the operation list that are not client calls, and why."""


def parse_error(status: int, body: Any) -> ErrorInfo | None:
    """Read ``{"error", "error_description", "error_developer"}``.

    ``export_limit_reached`` (LCP, 403) is an
    :class:`~beatkit.errors.ExportLimitReachedError`; the page names it as
    ``error_code=``, so that key is read as well as ``error``.
    """
    if not isinstance(body, Mapping):
        return None
    code = body.get("error")
    if not isinstance(code, str) or not code:
        code = body.get("error_code") if isinstance(body.get("error_code"), str) else None
    description = body.get("error_description")
    message = description if isinstance(description, str) and description else None
    if code is None and message is None:
        return None
    error_class = (
        ExportLimitReachedError
        if status == 403 and "export_limit_reached" in (code, body.get("error_code"))
        else None
    )
    return ErrorInfo(
        message=message or code or f"HTTP {status}",
        code=code,
        details=body.get("error_developer"),
        error_class=error_class,
    )


def items_in(key: str) -> Callable[[Any], Sequence[Any]]:
    """Reads the ``key`` list of a page (``{"artists": [...]}``).

    Raises:
        TypeError: The body has no ``key`` list (a decode failure).
    """

    def extract(body: Any) -> Sequence[Any]:
        items = body.get(key) if isinstance(body, Mapping) else None
        if not isinstance(items, list):
            raise TypeError(f"expected a {key!r} list in the body")
        return items

    return extract


def device_features(body: Any) -> Any:
    """The features of a device lookup, as a list.

    The page says a device answers "a single ``can_stream`` feature" in "a shape that
    differs from release" (L2886) and shows no sample of it: the shared
    ``{"features": [...]}`` list, one object under ``features`` or one under
    ``feature`` are all read.

    Raises:
        TypeError: None of those shapes (a decode failure).
    """
    if isinstance(body, Mapping):
        for key in ("features", "feature"):
            found = body.get(key)
            if isinstance(found, list):
                return found
            if isinstance(found, Mapping):
                return [found]
    raise TypeError("expected a 'features' list or one 'feature' object in the body")


def charge_ref(body: Any) -> Any:
    """A created charge, in either of the page's forms.

    The operation's sample is ``{"id": "string"}`` (L2584, L7310); the page's rule for
    every answer (L170-177) calls such a root "missing namespace" and asks for
    ``{"charge": {...}}``. A body with an ``id`` is read as the sample's form; one
    without an ``id`` but with a ``charge`` object is read as that object. Anything
    else is passed on as it is (and fails to decode as a charge).
    """
    if isinstance(body, Mapping) and "id" not in body:
        inner = body.get("charge")
        if isinstance(inner, Mapping):
            return inner
    return body


def metadata_bag(body: Any) -> Any:
    """A user's metadata bag, in either of the page's forms.

    The operation's sample is the bare key/value map (L6875-6878); the page's rule for
    every answer (L170-177) puts it under a namespace: ``{"metadata": {...}}``. A value
    of the bag is text (at most 500 characters), so a body whose only key is
    ``metadata`` and holds an object (or ``[]``, PHP's empty map) is the namespaced
    form; ``{"metadata": "text"}`` stays a bare bag with one entry.
    """
    if isinstance(body, Mapping) and len(body) == 1 and "metadata" in body:
        inner = body["metadata"]
        if isinstance(inner, Mapping) or (type(inner) is list and not inner):
            return inner
    return body


def object_answer(body: Any) -> Any:
    """An answer the page shows as an object, with PHP's empty map (``[]``) read as ``{}``.

    The backend is PHP: ``json_encode`` writes an empty map as ``[]``, as the converter
    reads it for every map field. Any other body is passed on as it is.
    """
    return {} if type(body) is list and not body else body


_PAYMENT_METHOD_KEYS: Final = ("paymentmethods", "payment_methods")


def payment_method_list(body: Any) -> Any:
    """The saved payment methods, in either of the page's forms.

    The operation's sample is a bare array (L364-371, L2137-2140); the page's rule for
    every answer (L170-177) says the root "is an object (never a bare array)" keyed by
    a namespace, and names none for this list. A bare array is read as it is; an
    object whose only key is ``paymentmethods`` (the path's last segment, as other
    lists are named) or ``payment_methods`` (its snake-case name) is read as the list
    under it. Any other shape is passed on as it is (and fails to decode).
    """
    if isinstance(body, Mapping) and len(body) == 1:
        key = next(iter(body))
        if key in _PAYMENT_METHOD_KEYS and isinstance(body[key], list):
            return body[key]
    return body


MAX_BATCH: Final = 20
"""The most subrequests one ``POST /v2/batch`` takes (L1985)."""

_BATCH_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})
# Subrequest URLs carry the /v2 prefix; the batch's own path is its PATHS row.
_BATCH_URL = "/v2" + PATHS["batch"].split()[1]


def _is_batch_url(url: str) -> bool:
    """Whether ``url`` names ``/v2/batch`` however spelled: any case, doubled or trailing
    slashes, a query or a fragment, percent-encoded characters (``%62atch``) or dot
    segments (``/v2/x/../batch``), all of which a server reads as that path."""
    # Decoded whole: a server that decodes "%2F" into a "/" reads "batch%2F" as
    # "batch/", and one that does not reads no batch there (refusing it is harmless).
    path = unquote(re.split(r"[?#]", url, maxsplit=1)[0])
    segments: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment.lower())
    return segments == ["v2", "batch"]


# Whitespace and control characters (C0, DEL, C1): none may stand in a URL or header.
_URL_BREAKERS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# What a header value cannot hold (RFC 9110 5.5): a line break, another control character.
_VALUE_BREAKERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# An RFC 9110 token.


def batch_body(requests: Sequence[Any]) -> dict[str, Any]:
    """``{"requests": [{method, url, body, headers}...]}`` for ``POST /v2/batch``.

    Args:
        requests: :class:`~beatkit.beattech.models.BatchRequest` values.

    Raises:
        TypeError: An item is not a ``BatchRequest``, a field has the wrong type, or a
            body is not plain JSON (a value JSON has no form for, a key that is not text).
        ValueError: No subrequest, more than :data:`MAX_BATCH`, an unknown method, a
            URL that is not a ``/v2/`` path or holds whitespace or a control character,
            a nested ``/v2/batch`` (however spelled), a header that is not a token name
            or whose value holds a line break, or a NaN or an infinity in a body.
    """
    # Here, not at the top: report_bodies reads context, which reads this module.
    from beatkit.beattech.report_bodies import plain_json

    if isinstance(requests, str | bytes) or not isinstance(requests, Sequence):
        raise TypeError("requests must be a sequence of BatchRequest")
    if not requests:
        raise ValueError("a batch needs at least one request")
    if len(requests) > MAX_BATCH:
        raise ValueError(f"a batch takes at most {MAX_BATCH} requests, got {len(requests)}")
    rows = []
    for index, request in enumerate(requests):
        if not isinstance(request, BatchRequest):
            raise TypeError(f"requests[{index}] must be a BatchRequest")
        method = request.method.upper() if isinstance(request.method, str) else None
        if method not in _BATCH_METHODS:
            raise ValueError(f"requests[{index}] has an unknown method {request.method!r}")
        url = request.url
        if not isinstance(url, str) or not url.startswith("/v2/"):
            raise ValueError(f"requests[{index}].url must be a path starting with /v2/")
        # Sent as JSON text, not through httpx: what a request line cannot hold (a
        # space, a line break) is refused here, as httpx would refuse it.
        if _URL_BREAKERS.search(url):
            raise ValueError(f"requests[{index}].url has whitespace or a control character")
        if _is_batch_url(url):
            raise ValueError(f"requests[{index}]: a batch cannot contain {_BATCH_URL}")
        row: dict[str, Any] = {"method": method, "url": url}
        if request.body is not None:
            # {1: 2} would be sent as {"1": 2}, NaN as invalid JSON: refused, with its index.
            row["body"] = plain_json(f"requests[{index}].body", request.body)
        if request.headers:
            headers = dict(request.headers)
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
                raise TypeError(f"requests[{index}].headers must map text to text")
            for name, value in headers.items():
                # Described, not echoed: a name with a space inside may hold a token.
                if (problem := header_name_problem(name)) is not None:
                    raise ValueError(f"requests[{index}].headers: {problem}")
                if _VALUE_BREAKERS.search(value):
                    raise ValueError(
                        f"requests[{index}].headers: the value of {name!r} holds a line "
                        "break or a control character (not shown)"
                    )
            row["headers"] = headers
        rows.append(row)
    return {"requests": rows}


def batch_secrets(body: Mapping[str, Any]) -> tuple[str, ...]:
    """The personal data a :func:`batch_body` carries, to mark as the batch's secrets.

    A subrequest may search a user by e-mail address or phone number
    (``/v2/users?email=...``) or send a personal field in its body; the batch request
    carries them inside its JSON body, where nothing else would mask them. Marked
    like ``users.search``'s, they are masked wherever beatkit shows the request and
    wherever a server quotes them back.

    Args:
        body: What :func:`batch_body` returned.

    Returns:
        The values of personal query parameters (:data:`_PERSONAL_FIELDS`, as written
        and decoded) of the subrequests' URLs, then those of personal fields in their
        bodies.
    """
    names = {name.lower() for name in _PERSONAL_FIELDS}
    found: list[str] = []
    for row in body["requests"]:
        for pair in urlsplit(row["url"]).query.split("&"):
            name, sep, value = pair.partition("=")
            if sep and unquote_plus(name).lower() in names:
                found += [value, unquote(value), unquote_plus(value)]
        if "body" in row:
            found += field_values(row["body"], names)
    return tuple(dict.fromkeys(found))


def batch_responses(count: int) -> Callable[[Any], Any]:
    """Reads ``{"responses": [...]}``, which must hold one answer per request.

    Raises:
        ValueError: Another number of answers (a decode failure).
    """

    def unwrap(body: Any) -> Any:
        responses = items_in("responses")(body)
        if len(responses) != count:
            raise ValueError(f"{count} requests got {len(responses)} responses")
        return responses

    return unwrap


# The page sets no retry policy. Only GET and HEAD are retried after a server error or
# a timeout (a replayed DELETE of a partner activation answers 400 "already canceled",
# L7616): writes, PUT and DELETE included, are retried only after a 429 or a failure
# before sending.
SPEC: Final = ServiceSpec(
    name="beattech",
    parse_error=parse_error,
    routes=PATHS,
    replay_writes=False,
    # A password reset's and a verification's ``code`` are credentials too, and so are a
    # redeemed coupon's code (``coupon``: a gift card's value) and a charge's payment
    # ``source`` (a Stripe token): masked wherever an error quotes them back.
    secret_fields=_SECRET_FIELDS,
    # A user's e-mail address, msisdn, user name or credential names a person: an
    # error body that holds one (anyone's, not only what was sent) keeps it masked.
    personal_fields=_PERSONAL_FIELDS,
    # A 403 names the token's scopes and the ones the operation accepts (the page, L216).
    error_headers=("X-OAuth-Scopes", "X-Accepted-OAuth-Scopes"),
)
"""How the shared transport talks to Beat Technology."""
