"""BeatPass requests and the fake's answers, checked by machine against the OpenAPI file.

Every public method whose operation the vendor's OpenAPI file has (``tests/fixtures/
beatpass/openapi.json``, a copy of ``shared/specs/beatpass-openapi.json``) is called on
:class:`FakeBeatPass`, once with every optional argument and once with none. Each
request it sends must fit the operation: method and path, only declared query
parameters of the declared types, the required ones present, a JSON body (when the
operation has one) that validates with no undeclared key. Each answer of the fake must
validate against the operation's documented response schema. Then each operation's
response schema, filled from its ``example``s, is answered to a strict client: every
documented field must decode into a typed model field.

Where the OpenAPI file and the content API page (or the operation list) disagree the
client takes one of them and accepts both; :data:`ALSO_DOCUMENTED` lists what the
client sends from the other sources, each with its reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.beatpass.converter import converter
from beatkit.beatpass.wire import PATHS
from beatkit.errors import APIError, ConfigurationError
from beatkit.testing.beatpass import FakeBeatPass
from tests.beatpass._openapi import (
    check,
    check_request,
    document,
    find,
    instance,
    resolve,
    response_schema,
)

Call = Callable[[BeatPass, FakeBeatPass, Path], Any]


def _first(pager: Any) -> Any:
    return next(iter(pager), None)


# Each operation the OpenAPI file has: (every optional argument given, none given).
CALLS: Mapping[str, tuple[Call, Call]] = {
    "tracks.list": (
        lambda bp, f, d: _first(bp.tracks.list(query="dark", page=1, per_page=5)),
        lambda bp, f, d: _first(bp.tracks.list()),
    ),
    "tracks.get": (
        lambda bp, f, d: bp.tracks.get(f.track_id, include=["tags", "genres", "artists", "album"]),
        lambda bp, f, d: bp.tracks.get(f.track_id),
    ),
    "tracks.create": (
        lambda bp, f, d: bp.tracks.create(
            "New", description="A new beat", duration=180000, genre="trap", artists=[1]
        ),
        lambda bp, f, d: bp.tracks.create("New"),
    ),
    "tracks.download": (
        lambda bp, f, d: bp.tracks.download(f.free_track_id, d / "a.mp3"),
        lambda bp, f, d: bp.tracks.download(f.free_track_id, d / "b.mp3"),
    ),
    "tracks.wave": (
        lambda bp, f, d: bp.tracks.wave(f.track_id),
        lambda bp, f, d: bp.tracks.wave(f.track_id),
    ),
    "albums.list": (
        lambda bp, f, d: _first(bp.albums.list(page=2, per_page=3)),
        lambda bp, f, d: _first(bp.albums.list()),
    ),
    "albums.get": (
        lambda bp, f, d: bp.albums.get(f.album_id, include=["tags", "genres", "artists", "tracks"]),
        lambda bp, f, d: bp.albums.get(f.album_id),
    ),
    "albums.create": (
        lambda bp, f, d: bp.albums.create(
            "LP", description="An LP", release_date=date(2024, 1, 1), artist_id=f.artist_id
        ),
        lambda bp, f, d: bp.albums.create("LP"),
    ),
    "artists.list": (
        lambda bp, f, d: _first(bp.artists.list(page=1, per_page=4)),
        lambda bp, f, d: _first(bp.artists.list()),
    ),
    "artists.get": (
        lambda bp, f, d: bp.artists.get(
            f.artist_id, include=["similar", "genres", "albums", "topTracks"]
        ),
        lambda bp, f, d: bp.artists.get(f.artist_id),
    ),
    "artists.tracks": (
        lambda bp, f, d: _first(bp.artists.tracks(f.artist_id, page=1, per_page=2)),
        lambda bp, f, d: _first(bp.artists.tracks(f.artist_id)),
    ),
    "artists.albums": (
        lambda bp, f, d: _first(bp.artists.albums(f.artist_id, page=1, per_page=2)),
        lambda bp, f, d: _first(bp.artists.albums(f.artist_id)),
    ),
    "playlists.get": (
        lambda bp, f, d: bp.playlists.get(f.playlist_id),
        lambda bp, f, d: bp.playlists.get(f.playlist_id),
    ),
    "playlists.create": (
        lambda bp, f, d: bp.playlists.create(
            "Mix",
            description="A mix of the darkest beats of the year",
            image="https://example.com/a.jpg",
            public=True,
            collaborative=False,
        ),
        lambda bp, f, d: bp.playlists.create("Mix"),
    ),
    "playlists.delete": (
        lambda bp, f, d: bp.playlists.delete(f.private_playlist_id),
        lambda bp, f, d: bp.playlists.delete(f.private_playlist_id),
    ),
    "playlists.follow": (
        lambda bp, f, d: bp.playlists.follow(f.other_playlist_id),
        lambda bp, f, d: bp.playlists.follow(f.other_playlist_id),
    ),
    "playlists.unfollow": (
        lambda bp, f, d: bp.playlists.unfollow(f.other_playlist_id),
        lambda bp, f, d: bp.playlists.unfollow(f.other_playlist_id),
    ),
    "playlists.tracks": (
        lambda bp, f, d: _first(bp.playlists.tracks(f.playlist_id, page=1, per_page=3)),
        lambda bp, f, d: _first(bp.playlists.tracks(f.playlist_id)),
    ),
    "playlists.add_tracks": (
        lambda bp, f, d: bp.playlists.add_tracks(f.playlist_id, [30, 31]),
        lambda bp, f, d: bp.playlists.add_tracks(f.playlist_id, 32),
    ),
    "playlists.remove_tracks": (
        lambda bp, f, d: bp.playlists.remove_tracks(f.playlist_id, [30, 31]),
        lambda bp, f, d: bp.playlists.remove_tracks(f.playlist_id, 32),
    ),
    "playlists.invite": (
        lambda bp, f, d: bp.playlists.invite(f.playlist_id, 5),
        lambda bp, f, d: bp.playlists.invite(f.playlist_id, 6),
    ),
    "playlists.accept_invite": (
        lambda bp, f, d: bp.playlists.accept_invite(_invited(f)),
        lambda bp, f, d: bp.playlists.accept_invite(_invited(f)),
    ),
    "playlists.decline_invite": (
        lambda bp, f, d: bp.playlists.decline_invite(_invited(f)),
        lambda bp, f, d: bp.playlists.decline_invite(_invited(f)),
    ),
    "playlists.remove_editor": (
        lambda bp, f, d: (
            bp.playlists.invite(f.playlist_id, 5),
            bp.playlists.remove_editor(f.playlist_id, 5),
        ),
        lambda bp, f, d: (
            bp.playlists.invite(f.playlist_id, 5),
            bp.playlists.remove_editor(f.playlist_id, 5),
        ),
    ),
    "lyrics.for_track": (
        lambda bp, f, d: bp.lyrics.for_track(f.track_id),
        lambda bp, f, d: bp.lyrics.for_track(f.track_id),
    ),
    "fingerprints.generate": (
        lambda bp, f, d: bp.fingerprints.generate(f.track_id),
        lambda bp, f, d: bp.fingerprints.generate(f.track_id),
    ),
    "fingerprints.status": (
        lambda bp, f, d: bp.fingerprints.status(f.track_id),
        lambda bp, f, d: bp.fingerprints.status(f.track_id),
    ),
    "fingerprints.check_duplicates": (
        lambda bp, f, d: bp.fingerprints.check_duplicates([1, 2, 3]),
        lambda bp, f, d: bp.fingerprints.check_duplicates(1),
    ),
    "cover_art.templates": (
        lambda bp, f, d: bp.cover_art.templates(),
        lambda bp, f, d: bp.cover_art.templates(),
    ),
    "cover_art.preview": (
        lambda bp, f, d: bp.cover_art.preview(f.template_id, title="Night", artist="Me"),
        lambda bp, f, d: bp.cover_art.preview(f.template_id),
    ),
    "auth.login": (
        lambda bp, f, d: bp.login("producer@example.com", "fake-password", token_name="ci"),
        lambda bp, f, d: bp.login("producer@example.com", "fake-password"),
    ),
    "search": (
        lambda bp, f, d: bp.search("dark", types=["artist", "album", "track"], limit=2),
        lambda bp, f, d: bp.search("dark"),
    ),
    "genres.list": (
        lambda bp, f, d: _first(bp.genres.list(page=1, per_page=5)),
        lambda bp, f, d: _first(bp.genres.list()),
    ),
    "tags.tracks": (
        lambda bp, f, d: _first(bp.tags.tracks(f.tag_name, page=1, per_page=2)),
        lambda bp, f, d: _first(bp.tags.tracks(f.tag_name)),
    ),
    "tags.albums": (
        lambda bp, f, d: _first(bp.tags.albums(f.tag_name, page=1, per_page=2)),
        lambda bp, f, d: _first(bp.tags.albums(f.tag_name)),
    ),
    "radio.get": (
        lambda bp, f, d: bp.radio.get("artist", f.artist_id),
        lambda bp, f, d: bp.radio.get("track", f.track_id),
    ),
    "purchases.calculate_price": (
        lambda bp, f, d: bp.purchases.calculate_price(
            f.purchasable_track_id, is_exclusive=True, coupon_code="WELCOME10"
        ),
        lambda bp, f, d: bp.purchases.calculate_price(f.purchasable_track_id),
    ),
    "purchases.initiate": (
        lambda bp, f, d: bp.purchases.initiate(
            f.purchasable_track_id, is_exclusive=False, coupon_code="WELCOME10"
        ),
        lambda bp, f, d: bp.purchases.initiate(f.purchasable_track_id),
    ),
    "purchases.status": (
        lambda bp, f, d: bp.purchases.status(f.purchased_track_id),
        lambda bp, f, d: bp.purchases.status(f.purchasable_track_id),
    ),
    "purchases.list": (
        lambda bp, f, d: _first(bp.purchases.list(page=1, per_page=5)),
        lambda bp, f, d: _first(bp.purchases.list()),
    ),
    "licenses.generate": (
        lambda bp, f, d: bp.licenses.generate(
            f.purchased_track_id, license_type="basic", usage_terms="Commercial use allowed"
        ),
        lambda bp, f, d: bp.licenses.generate(f.purchased_track_id, license_type="basic"),
    ),
    "licenses.check": (
        lambda bp, f, d: bp.licenses.check(f.purchased_track_id),
        lambda bp, f, d: bp.licenses.check(f.purchasable_track_id),
    ),
    "licenses.certificate": (
        lambda bp, f, d: bp.licenses.certificate(f.purchased_track_id),
        lambda bp, f, d: bp.licenses.certificate(f.purchased_track_id),
    ),
    "licenses.download_pdf": (
        lambda bp, f, d: bp.licenses.download_pdf(f.purchased_track_id, d / "a.pdf"),
        lambda bp, f, d: bp.licenses.download_pdf(f.purchased_track_id, d / "b.pdf"),
    ),
    "licenses.verify": (
        lambda bp, f, d: bp.licenses.verify(_license_uuid(f)),
        lambda bp, f, d: bp.licenses.verify(_license_uuid(f)),
    ),
    "licenses.revoke": (
        lambda bp, f, d: bp.licenses.revoke(_license_uuid(f)),
        lambda bp, f, d: bp.licenses.revoke(_license_uuid(f)),
    ),
    "coupons.validate": (
        lambda bp, f, d: bp.coupons.validate(
            "WELCOME10", product_id=1, price_id=2, amount=Decimal("19.99")
        ),
        lambda bp, f, d: bp.coupons.validate("WELCOME10"),
    ),
}


def _license_uuid(fake: FakeBeatPass) -> str:
    """A license of a track the owner sells (user 2 bought track 1)."""
    return next(uuid for uuid, record in fake.db.licenses.items() if record["track_id"] == 1)


def _invited(fake: FakeBeatPass) -> int:
    """User 2's collaborative playlist, once user 2 invited the owner (user 1) to it."""
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as other:
        other.post(
            f"/playlists/{fake.other_private_playlist_id}/invite",
            json={"user_id": 1},
            headers={"Authorization": f"Bearer {fake.other_token}"},
        ).raise_for_status()
    return fake.other_private_playlist_id


def _in_openapi() -> list[str]:
    return [key for key, route in PATHS.items() if find(*route.split(" ", 1)) is not None]


class Recorder:
    """Answers from a fake and keeps each ``(request, response)``."""

    def __init__(self, fake: FakeBeatPass) -> None:
        self.fake = fake
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self.fake.handle(request)
        response.read()
        self.exchanges.append((request, response))
        return response


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
def recorder(fake: FakeBeatPass) -> Recorder:
    return Recorder(fake)


@pytest.fixture
def bp(
    fake: FakeBeatPass, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    with BeatPass(
        fake.token, base_url=fake.base_url, http_client=http, max_retries=0, strict=True
    ) as client:
        yield client


def _problems(key: str, exchanges: list[tuple[httpx.Request, httpx.Response]]) -> list[str]:
    method, route = PATHS[key].split(" ", 1)
    found = find(method, route)
    assert found is not None
    template, op = found
    problems: list[str] = []
    for request, response in exchanges:
        if request.method != method:
            problems.append(f"sent {request.method}, the file has {method}")
        problems += check_request(request, template, op)
        documented = response_schema(op, response.status_code)
        if documented is None:
            ok = [c for c in op.get("responses", {}) if c.startswith("2")]
            if response.is_success and str(response.status_code) not in ok:
                problems.append(f"answered {response.status_code}, the file has {ok}")
            continue
        media, schema = documented
        answered = response.headers.get("content-type", "").split(";")[0].strip()
        if media.endswith("/*"):
            if not answered.startswith(media[:-1]):
                problems.append(f"answered {answered}, the file has {media}")
            continue
        if answered != media:
            problems.append(f"answered {answered}, the file has {media}")
            continue
        if media == "application/json":
            problems += [f"answer {p}" for p in check(schema, response.json(), "answer")]
    allowed = ALSO_DOCUMENTED.get(key, ())
    return [p for p in problems if not p.startswith(allowed)]


# Where the client or the fake differ from the OpenAPI file on purpose, by problem text
# prefix, each with its source (README: "where the OpenAPI and the prose page disagree,
# the client must accept both").
_EMPTY_PAGE = ("answer answer.tracks.from: null", "answer answer.tracks.to: null")
ALSO_DOCUMENTED: Mapping[str, tuple[str, ...]] = {
    # The file documents no query for GET /genres, yet answers a Laravel page: the pager
    # asks for the next page with page (and per_page), as for every other list.
    "genres.list": ("query 'page' not declared", "query 'per_page' not declared"),
    # The file types both as string with a boolean default (false); Laravel's boolean
    # rule takes JSON true/false.
    "playlists.create": (
        "body.public: bool",
        "body.collaborative: bool",
        # A playlist created without an image has none: the file's update body marks
        # image nullable, and a cleared one reads back null.
        "answer answer.playlist.image: null",
    ),
    # The file shows no body; the operation list's answer carries is_exclusive and the
    # coupon flow a code, sent as a JSON object ({} when neither is given).
    "purchases.calculate_price": ("a body sent, none declared",),
    "purchases.initiate": ("a body sent, none declared",),
    # The file's schema has one object per type; its description (and every example of
    # the API) an array of them. tests: the decode test reads the object form too.
    "search": tuple(
        f"answer answer.results.{kind}: list"
        for kind in ("artists", "albums", "tracks", "playlists", "users")
    ),
    # Laravel's page with no item has from and to null (the file types them integer).
    "tracks.list": _EMPTY_PAGE,
    # The content API page's upload flow, step 3: "POST /tracks with metadata (title,
    # genre, tags, BPM, etc.) and the file entry reference"; the file's body has none.
    "tracks.create": tuple(
        f"body: {name!r} not declared" for name in ("file_entry_id", "src", "bpm", "key")
    ),
}


def test_the_table_covers_every_operation_the_openapi_file_has() -> None:
    assert sorted(CALLS) == sorted(_in_openapi())


# Where the fake refuses or answers what the file does not, and an existing test of the
# fake asserts it (tests/testing/test_beatpass_fake.py): reported, not changed here.
KNOWN: Mapping[tuple[str, bool], str] = {}
"""Calls whose no-optional-argument answer breaks the file, with why (none now)."""


def _cases() -> list[Any]:
    return [
        pytest.param(
            key,
            full,
            id=f"{key}-{'all-optional' if full else 'no-optional'}",
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN[key, full])]
            if (key, full) in KNOWN
            else [],
        )
        for key in sorted(CALLS)
        for full in (True, False)
    ]


@pytest.mark.parametrize(("key", "full"), _cases())
def test_requests_and_fake_answers_fit_the_openapi_file(
    key: str,
    full: bool,
    bp: BeatPass,
    fake: FakeBeatPass,
    recorder: Recorder,
    tmp_path: Path,
) -> None:
    call = CALLS[key][0 if full else 1]
    call(bp, fake, tmp_path)
    assert recorder.exchanges, "nothing was sent"
    problems = _problems(key, recorder.exchanges[-1:])
    assert not problems, "\n".join(problems)


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Each scalar of ``value`` with its path of keys (list positions left out)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v, path)
    else:
        yield path, value


def _decodable() -> list[str]:
    keys = []
    for key in sorted(CALLS):
        found = find(*PATHS[key].split(" ", 1))
        assert found is not None
        for code in ("200", "201"):
            documented = response_schema(found[1], int(code))
            if documented is not None and documented[0] == "application/json":
                keys.append(key)
    return keys


@pytest.mark.parametrize("nulls", [False, True], ids=["filled", "nullable-null"])
@pytest.mark.parametrize("key", _decodable())
def test_each_documented_answer_decodes_into_typed_fields(
    key: str, nulls: bool, fake: FakeBeatPass, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    method, route = PATHS[key].split(" ", 1)
    found = find(method, route)
    assert found is not None
    code, (_, schema) = next(
        (int(c), d) for c in ("200", "201") if (d := response_schema(found[1], int(c))) is not None
    )
    answer = PATCHES.get(key, lambda a: a)(instance(schema, nulls=nulls))
    assert check(schema, answer) == []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(code, json=answer)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with BeatPass(
        fake.token, base_url=fake.base_url, http_client=http, max_retries=0, strict=True
    ) as client:
        result = DECODE.get(key, CALLS[key][1])(client, fake, tmp_path)
    decoded = dict(_leaves(converter.unstructure(result)))
    wrong = []
    for path, value in _leaves(answer):
        if path[-1] in ENVELOPE:
            continue
        # The decoded model is the answer's payload: its paths are a tail of the answer's.
        tails = [path[i:] for i in range(len(path)) if path[i:] in decoded]
        if not tails:
            wrong.append(f"{'.'.join(path)}={value!r} not decoded")
        elif not _same(decoded[tails[0]], value):
            wrong.append(f"{'.'.join(path)}={value!r} decoded as {decoded[tails[0]]!r}")
    assert not wrong, "\n".join(wrong)


def _same(got: Any, sent: Any) -> bool:
    """Whether the model gives back the JSON value ``sent`` as the same value and kind."""
    if isinstance(sent, bool) or sent is None:
        return got is sent
    if isinstance(sent, int | float):
        # An amount is a Decimal (unstructured as a JSON number), a count an int.
        number = isinstance(got, int | float | Decimal) and not isinstance(got, bool)
        return number and Decimal(str(got)) == Decimal(str(sent))
    return isinstance(got, str) and got == sent


ENVELOPE = frozenset({"status", "current_page", "from", "to", "per_page", "last_page", "total"})
"""The envelope's and a page's keys: read by the wire layer, not kept in the model."""
DECODE: Mapping[str, Call] = {
    "playlists.accept_invite": lambda bp, f, d: bp.playlists.accept_invite(1),
    "playlists.decline_invite": lambda bp, f, d: bp.playlists.decline_invite(1),
    "playlists.remove_editor": lambda bp, f, d: bp.playlists.remove_editor(1, 5),
}
"""Calls whose table entry first sets the fake up: here one request, to the mock."""

PATCHES: Mapping[str, Callable[[Any], Any]] = {
    # The operation list (and the API) put the new token in the user; the file's User
    # schema has no field for it, and a login answer without one is refused clearly.
    "auth.login": lambda a: {**a, "user": {**a["user"], "access_token": "new-token"}},
    # The file types a purchase as an object with no properties; the client needs its id.
    "purchases.list": lambda a: {**a, "data": [{"id": 1}]},
}
"""What the file leaves out that the operation list documents, added to its example."""


# The fake also serves three operations of the file the client does not send (it sends
# the seed's paths, or has no method): their answers must fit the file too.
SERVED: Mapping[str, tuple[str, str, str, Any]] = {
    # The fake takes the playlist's id in the body: the file's path has none.
    "playlists.update_by_body": ("PUT", "/playlists", "/playlists", {"id": 1, "name": "New"}),
    "tracks.log_play_by_openapi_path": (
        "POST",
        "/tracks/plays/{track}/log",
        "/tracks/plays/1/log",
        None,
    ),
    "artists.create": ("POST", "/artists", "/artists", {"name": "New", "description": "Talent"}),
}


@pytest.mark.parametrize("key", sorted(SERVED))
def test_the_fakes_other_openapi_operations_answer_as_the_file_says(
    key: str, fake: FakeBeatPass
) -> None:
    method, template, path, body = SERVED[key]
    found = find(method, template)
    assert found is not None
    op = found[1]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        response = http.request(
            method, path, json=body, headers={"Authorization": f"Bearer {fake.token}"}
        )
    assert response.is_success, response.text
    ok = [c for c in op["responses"] if c.startswith("2")]
    assert str(response.status_code) in ok
    documented = response_schema(op, response.status_code)
    assert documented is not None
    assert check(documented[1], response.json(), "answer") == []


# The async facade shares the request and decoding code: a sample of its methods, one of
# each kind (a page, a read with a comma list, a JSON write, an action, a file).
ASYNC_SAMPLE: Mapping[str, Callable[[AsyncBeatPass, FakeBeatPass, Path], Awaitable[Any]]] = {
    "tracks.list": lambda bp, f, d: _afirst(bp.tracks.list(query="dark", page=1, per_page=5)),
    "artists.tracks": lambda bp, f, d: _afirst(bp.artists.tracks(f.artist_id, per_page=2)),
    "tracks.get": lambda bp, f, d: bp.tracks.get(f.track_id, include=["album", "tags"]),
    "search": lambda bp, f, d: bp.search("dark", types=["artist", "track"], limit=2),
    "albums.create": lambda bp, f, d: bp.albums.create(
        "LP", description="An LP", release_date=date(2024, 1, 1), artist_id=f.artist_id
    ),
    "playlists.create": lambda bp, f, d: bp.playlists.create("Mix", public=True),
    "playlists.add_tracks": lambda bp, f, d: bp.playlists.add_tracks(f.playlist_id, [30, 31]),
    "coupons.validate": lambda bp, f, d: bp.coupons.validate("WELCOME10", amount=Decimal("10")),
    "fingerprints.status": lambda bp, f, d: bp.fingerprints.status(f.track_id),
    "licenses.download_pdf": lambda bp, f, d: bp.licenses.download_pdf(
        f.purchased_track_id, d / "a.pdf"
    ),
}


async def _afirst(pager: Any) -> Any:
    async for item in pager:
        return item
    return None


@pytest.mark.parametrize("key", sorted(ASYNC_SAMPLE))
async def test_the_async_client_sends_and_reads_the_same(
    key: str,
    fake: FakeBeatPass,
    recorder: Recorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    async with AsyncBeatPass(
        fake.token, base_url=fake.base_url, http_client=http, max_retries=0, strict=True
    ) as client:
        await ASYNC_SAMPLE[key](client, fake, tmp_path)
    assert recorder.exchanges, "nothing was sent"
    problems = _problems(key, recorder.exchanges[-1:])
    assert not problems, "\n".join(problems)


def _enums(schema: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Each ``(path, value)`` an ``enum`` of ``schema`` allows, through objects."""
    s = resolve(schema)
    for value in s.get("enum", []):
        yield path, value
    for name, inner in s.get("properties", {}).items():
        yield from _enums(inner, (*path, name))


def _enum_cases() -> list[Any]:
    cases = []
    for key in _decodable():
        found = find(*PATHS[key].split(" ", 1))
        assert found is not None
        documented = response_schema(found[1], 200) or response_schema(found[1], 201)
        assert documented is not None
        for path, value in _enums(documented[1]):
            cases.append(pytest.param(key, path, value, id=f"{key}-{'.'.join(path)}-{value}"))
    return cases


@pytest.mark.parametrize(("key", "path", "value"), _enum_cases())
def test_each_enum_value_of_an_answer_decodes(
    key: str,
    path: tuple[str, ...],
    value: Any,
    fake: FakeBeatPass,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    found = find(*PATHS[key].split(" ", 1))
    assert found is not None
    documented = response_schema(found[1], 200)
    assert documented is not None
    answer = instance(documented[1])
    place = answer
    for name in path[:-1]:
        place = place[name]
    place[path[-1]] = value
    http = httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(200, json=answer)))
    with BeatPass(
        fake.token, base_url=fake.base_url, http_client=http, max_retries=0, strict=True
    ) as client:
        result = DECODE.get(key, CALLS[key][1])(client, fake, tmp_path)
    decoded = dict(_leaves(converter.unstructure(result)))
    # The model is the payload: its path is a tail of the answer's.
    tails = [path[i:] for i in range(len(path)) if path[i:] in decoded]
    assert tails and decoded[tails[0]] == value


def _security(key: str) -> str:
    """``"open"`` where the file lets the operation go without a token, else ``"token"``."""
    found = find(*PATHS[key].split(" ", 1))
    assert found is not None
    schemes = found[1].get("security", document()["security"])
    return "open" if not schemes or {} in schemes else "token"


@pytest.mark.parametrize("key", sorted(CALLS))
def test_a_call_without_a_token_follows_the_files_security(
    key: str,
    fake: FakeBeatPass,
    recorder: Recorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The file's "open" operations go without a token; of those it guards, the client
    # refuses the writes before sending and leaves the reads to the API (the operation
    # list marks most reads optional).
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    with BeatPass(base_url=fake.base_url, http_client=http, max_retries=0) as anonymous:
        write = PATHS[key].split(" ", 1)[0] != "GET"
        try:
            CALLS[key][1](anonymous, fake, tmp_path)
        except ConfigurationError:
            assert _security(key) == "token" and write
            assert not recorder.exchanges
            return
        except APIError:
            pass
        assert _security(key) == "open" or not write
        assert recorder.exchanges
        assert "authorization" not in recorder.exchanges[-1][0].headers


def _upload(bp: BeatPass, fake: FakeBeatPass, where: Path) -> Any:
    return bp.tracks.upload(_audio(where), name="Upload", genre="trap", description="Fresh")


# Other calls that end in an operation of the file: (operation, call).
MORE: Mapping[str, tuple[str, Call]] = {
    "tracks.upload": ("tracks.create", _upload),
    "tracks.create-file-entry": (
        "tracks.create",
        lambda bp, f, d: bp.tracks.create(
            "New", file_entry_id=bp.uploads.create(_audio(d)).id, artists=[f.artist_id]
        ),
    ),
    "playlists.delete-several": (
        "playlists.delete",
        lambda bp, f, d: bp.playlists.delete([f.playlist_id, f.private_playlist_id]),
    ),
}


def _audio(where: Path) -> Path:
    audio = where / "take.mp3"
    audio.write_bytes(b"ID3" + bytes(2000))
    return audio


@pytest.mark.parametrize("name", sorted(MORE))
def test_other_calls_of_an_operation_fit_the_file_too(
    name: str, bp: BeatPass, fake: FakeBeatPass, recorder: Recorder, tmp_path: Path
) -> None:
    key, call = MORE[name]
    call(bp, fake, tmp_path)
    problems = _problems(key, recorder.exchanges[-1:])
    # The content API page deletes several at once, by comma-separated ids in the path.
    if name == "playlists.delete-several":
        assert problems == [
            f"path parameter ID='{fake.playlist_id},{fake.private_playlist_id}' "
            "not {'type': 'integer', 'example': 1}"
        ]
        return
    assert not problems, "\n".join(problems)
