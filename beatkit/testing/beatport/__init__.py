"""A stateful, deterministic fake of the Beatport v4 API and its stream CDN, for tests.

One module per part of the API; each answers its operations by their key in
:data:`beatkit.beatport.wire.PATHS`, and :class:`FakeBeatport` puts them together.
"""

from __future__ import annotations

from beatkit.testing.beatport._base import (
    DEFAULT_CDN_URL,
    DEFAULT_CLIENT_ID,
    DEFAULT_SCOPE,
    DEFAULT_SEED,
    QUALITIES,
)
from beatkit.testing.beatport._data import RECORDED_ISRC, RECORDED_TRACK_IDS
from beatkit.testing.beatport.auth import Auth
from beatkit.testing.beatport.catalog import Catalog
from beatkit.testing.beatport.media import Media

__all__ = [
    "DEFAULT_CDN_URL",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_SCOPE",
    "DEFAULT_SEED",
    "QUALITIES",
    "RECORDED_ISRC",
    "RECORDED_TRACK_IDS",
    "FakeBeatport",
]


class FakeBeatport(Auth, Catalog, Media):
    """An in-memory Beatport v4 API, its OAuth server and its stream/download CDN.

    **Catalog.** 303 tracks: the three recorded ones (ids
    :data:`~beatkit.testing.beatport.RECORDED_TRACK_IDS`, ISRC
    :data:`~beatkit.testing.beatport.RECORDED_ISRC`, served verbatim, so
    ``GET /catalog/tracks/?isrc=GBDUW0000058`` returns exactly the recorded body) and
    300 generated ones, shaped key for key like the recorded tracks (41 keys). Beside
    them 76 artists (Daft Punk, 3547, included), 21 labels (97547 included), 84
    releases (default seed), 30 genres with 34 sub-genres, the 24
    keys (minor key ``n``A has id ``n``, major key ``n``B has id ``12 + n``), 2 chord
    types (1 Minor, 2 Major), 20 charts, 8 playlists, the auxiliary tables and 12
    curation pages. The same ``seed`` always gives the same data; the lists are public
    attributes that tests may edit.

    **Lists** are Django REST Framework pages ``{"results", "next", "previous",
    "count", "page", "per_page"}`` with absolute ``next``/``previous`` links (query
    parameters sorted, ``page`` dropped for page 1, as DRF does). ``per_page``
    defaults to 10 (100 on the two top-100 lists), 1..100; more is ``400
    {"per_page": ["Ensure this value is less than or equal to 100."]}``. A page past
    the end is ``404 {"detail": "Invalid page."}``. ``page`` is rendered as the
    string ``"N/M"`` (as recorded) on every ``/catalog/...`` list except
    ``/catalog/genres/``, and as an int (as the write-up documents) on
    ``/catalog/genres/``, ``/auxiliary/*``, ``/curation/*`` and
    ``/my/beatport/tracks/``; set :attr:`page_format` to force one style.
    ``/catalog/tracks/`` filters by ids (``genre_id=5,6``: any of them), by text
    (``isrc`` and ``catalog_number`` whole, ``name``, ``mix_name``, ``artist_name`` and
    ``label_name`` by containment; commas separate alternatives), by ``bpm`` and
    ``publish_date`` (a value or a ``low:high`` slice, either end open) and orders
    by ``order_by`` (every :class:`~beatkit.beatport.models.TrackOrder`, plus ``id``,
    ``bpm``, ``length_ms``...). ``/catalog/charts/`` filters by ``genre_id`` (any of
    them) and ``name`` (by containment, commas separating alternatives).

    **Auth.** With ``require_auth=True`` (the public host) ``/catalog/*`` needs
    ``Authorization: Bearer <token>``; with ``False`` (the internal host) it is open.
    ``/my/*``, ``/auth/o/introspect/`` and the track ``/stream/`` and ``/download/``
    endpoints always need a token; ``/auxiliary/*`` and ``/curation/*`` never do. A
    missing, unknown, revoked or expired token is ``401 {"detail": "Authentication
    credentials were not provided."}`` (what Beatport answers in every case) with a
    ``WWW-Authenticate: Bearer realm="api"`` header that adds
    ``error="invalid_token"`` and a description for a bad token. Tokens come from
    the session flow (``POST /auth/login/`` -> ``GET /auth/o/authorize/`` -> ``POST
    /auth/o/token/``), from PKCE, from the ``refresh_token`` grant (which rotates the
    refresh token and revokes the old access token) or from :meth:`issue_token`.
    Login failures are ``403 {"detail": "Incorrect authentication credentials."}``
    (missing or blank fields: DRF field errors, 400); a login body labelled neither
    ``application/json`` nor a form is DRF's ``415 {"detail": "Unsupported media type
    ..."}``, and the token endpoint reads only a body labelled
    ``application/x-www-form-urlencoded`` (any other carries no parameter). ``/auth/o/authorize/``
    without a ``sessionid`` cookie redirects (302) to ``<base>/auth/login/?next=...``
    with no code; an unknown ``client_id`` is ``400 {"error": "invalid_request",
    "error_description": "Invalid client_id parameter value."}``. The token endpoint
    answers OAuth errors: 401 ``{"error": "invalid_client"}``, 400 ``invalid_grant``
    (bad, used or expired code or refresh token, PKCE or ``redirect_uri``
    mismatch), ``invalid_request`` (a missing parameter or ``code_verifier``) and
    ``unsupported_grant_type``, each with an ``error_description`` except
    ``invalid_client``.

    **Media.** ``/stream/`` returns a signed HLS URL on the CDN (:attr:`cdn_url`):
    a VOD media playlist with one ``#EXT-X-KEY:METHOD=AES-128`` whose segments,
    encrypted with :func:`beatkit.hls.encrypt_segment`, decrypt to
    :meth:`stream_plaintext`. ``/download/`` returns a signed file URL whose body is
    :meth:`download_bytes`. The CDN refuses requests carrying ``Authorization``
    (400, recorded in :attr:`leaked_authorization`) and URLs issued before
    :meth:`expire_stream_urls` (403). Through
    :meth:`~beatkit.testing.FakeService.transport` the CDN is its own host. Over a
    loopback server (:meth:`serve` or :func:`beatkit.testing.serve`) both share the
    port, and media URLs name the
    other loopback host (``localhost`` when the API was reached as ``127.0.0.1``,
    and the reverse, a loopback ``base_url`` of the fake's own included), so
    host-scoped auth still keeps the token off the CDN.

    Beatport sends no rate-limit headers and neither does the fake. Faults
    (``fail_next`` and friends) hit the next request whichever host it is for.

    Example::

        fake = FakeBeatport()
        token = fake.issue_token()["access_token"]
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            http.get("/catalog/tracks/", params={"isrc": "GBDUW0000058"},
                     headers={"Authorization": f"Bearer {token}"})

    Args:
        base_url: Where the API pretends to live (the public or the internal host).
        cdn_url: Where stream and download URLs point (another host than the API).
        client_id: The only OAuth client id the fake knows.
        username: The one user's login name.
        password: The one user's password.
        token_lifetime: Access token lifetime in seconds (``expires_in``).
        require_auth: Whether ``/catalog/*`` needs a bearer token (``False`` models
            the internal host).
        clock: Returns the current time as epoch seconds; inject one to expire
            tokens, codes and URLs without sleeping.
        seed: Seed of the data generator, an ``int``.

    Raises:
        TypeError: ``seed`` or ``token_lifetime`` is not an ``int``, ``clock`` not callable,
            ``cdn_url``, ``client_id``, ``username`` or ``password`` not a ``str``, or
            ``require_auth`` not a ``bool``.
        ValueError: ``token_lifetime`` is below 1, ``client_id``, ``username`` or
            ``password`` empty or blank, or ``cdn_url`` not an absolute http(s) URL on another host
            (one with blanks in it included).
    """
