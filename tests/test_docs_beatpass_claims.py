"""docs/beatpass.md's prose claims, checked against both clients.

Each test quotes (or paraphrases) the sentence it checks. The page's code blocks run in
``tests/test_docs_examples_run.py``, its operation table's signatures are bound in
``tests/test_docs_prose_calls.py`` and its error table is checked row by row in
``tests/test_docs_auth_claims.py``; these are the other sentences: what needs a token,
what is checked before sending and how, how the three object shapes, PHP's ``[]`` and
the page shapes are read, what is retried, what is redacted.

One sentence ("A non-empty list there is no object: it raises ``ResponseDecodeError``")
was wider than the code: an action's ``ActionResult`` reads no object and keeps such a
list in ``extra``; the page now says so. A playlist invitation, which is an object,
still reads such a list as an empty invitation: a code defect, reported, its test
``xfail(strict=True)``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    BackstageRequestRevokedError,
    ConfigurationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)

API = "https://open.beatpass.ca/api/v1"
FACADES = ["sync", "async"]
Handler = Callable[[httpx.Request], httpx.Response]
OK: dict[str, Any] = {"status": "success", "message": "ok"}


def answer(status: int, body: Any, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(status, json=body, headers=headers)


class Recorder:
    """Records every request, answers with ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    def sent_json(self) -> Any:
        return json.loads(self.requests[-1].content)


def run(facade: str, handler: Handler, action: Callable[[Any], Any], **options: Any) -> Any:
    """``action(client)`` on a sync or async client answered by ``handler``; pagers listed."""
    options.setdefault("token", "1|tok")
    options.setdefault("max_retries", 0)
    transport = httpx.MockTransport(handler)
    if facade == "sync":
        with BeatPass(http_client=httpx.Client(transport=transport), **options) as client:
            result = action(client)
            return list(result) if hasattr(result, "first_page") else result

    async def main() -> Any:
        http = httpx.AsyncClient(transport=transport)
        async with AsyncBeatPass(http_client=http, **options) as client:
            result = action(client)
            if inspect.isawaitable(result):
                return await result
            if hasattr(result, "__aiter__"):
                return [item async for item in result]
            return result

    return asyncio.run(main())


@pytest.fixture(autouse=True)
def _no_token_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)


# --- "Connecting" -------------------------------------------------------------------------

WRITES = [
    ("tracks.create", lambda bp: bp.tracks.create("Night Drive")),
    ("tracks.delete", lambda bp: bp.tracks.delete(1)),
    ("playlists.update", lambda bp: bp.playlists.update(1, name="x")),
    ("playlists.follow", lambda bp: bp.playlists.follow(1)),
    ("purchases.calculate_price", lambda bp: bp.purchases.calculate_price(1)),
    ("licenses.check_batch", lambda bp: bp.licenses.check_batch([1])),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("name", "call"), WRITES, ids=[name for name, _ in WRITES])
def test_a_write_without_a_token_is_refused_before_sending(
    facade: str, name: str, call: Any
) -> None:
    # "a `POST`, `PUT`, `PATCH` or `DELETE` without one raises ConfigurationError before
    # anything is sent"
    server = Recorder(answer(200, OK))
    with pytest.raises(ConfigurationError, match=name):
        run(facade, server, call, token=None)
    assert server.requests == []


ANONYMOUS = [
    ("log_play", lambda bp: bp.tracks.log_play(1), {"status": "success", "play_id": 3}),
    (
        "update_play_duration",
        lambda bp: bp.tracks.update_play_duration(1, 30),
        {"status": "success", "play_id": 3},
    ),
    ("wave_batch", lambda bp: bp.tracks.wave_batch([1]), {"status": "success", "waves": {}}),
    (
        "login",
        lambda bp: bp.login("producer@example.com", "pw"),
        {"status": "success", "user": {"id": 1, "access_token": "2|new"}},
    ),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("name", "call", "body"), ANONYMOUS, ids=[n for n, _, _ in ANONYMOUS])
def test_the_writes_the_api_accepts_anonymously_are_sent_without_a_token(
    facade: str, name: str, call: Any, body: Any
) -> None:
    # "The exceptions are `login` and three calls the API accepts anonymously:
    # `tracks.log_play`, `tracks.update_play_duration` and `tracks.wave_batch`."
    server = Recorder(answer(200, body))
    run(facade, server, call, token=None)
    (request,) = server.requests
    assert request.method == "POST"
    assert "Authorization" not in request.headers


def test_reads_work_without_a_token_every_field_but_the_id_optional() -> None:
    # "Reads work without a token: the API then answers with minimal fields"
    server = Recorder(answer(200, {"status": "success", "track": {"id": 9}}))
    track = run("sync", server, lambda bp: bp.tracks.get(9), token=None)
    assert track.id == 9 and track.name is None
    assert "Authorization" not in server.requests[0].headers


@pytest.mark.parametrize("facade", FACADES)
def test_whitespace_around_a_token_is_stripped(facade: str) -> None:
    # "Whitespace around a token (the newline of a file it was read from) is stripped"
    server = Recorder(answer(200, {"status": "success", "track": {"id": 9}}))
    run(facade, server, lambda bp: bp.tracks.get(9), token="  1|tok\n")
    assert server.requests[0].headers["Authorization"] == "Bearer 1|tok"


@pytest.mark.parametrize("token", ["1|a\nb", "1|a\x7fb", "1|a b", "1|tök"])
@pytest.mark.parametrize("cls", [BeatPass, AsyncBeatPass])
def test_a_token_no_header_can_carry_is_refused_when_made_without_showing_it(
    cls: type, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "a token with a line break, another control character, a space or a non-ASCII
    # letter inside it ... raises `ConfigurationError` when the client is made, without
    # showing the token (the message names `BEATPASS_TOKEN` when it came from there)"
    with pytest.raises(ConfigurationError) as info:
        cls(token=token)
    assert token not in str(info.value)
    monkeypatch.setenv("BEATPASS_TOKEN", token)
    with pytest.raises(ConfigurationError, match="BEATPASS_TOKEN") as info:
        cls()
    assert token not in str(info.value)


LOGIN_ANSWERS = [
    ({"status": "success", "user": {"id": 1, "access_token": "2|new"}}, True),
    ({"status": "success", "user": {"id": 1}, "access_token": "2|new"}, True),
    ({"status": "success", "user": {"id": 1}, "token": "2|new"}, True),
    ({"status": "success", "data": {"user": {"id": 1}, "token": "2|new"}}, True),
    ({"status": "success", "data": {"user": {"id": 1, "access_token": "2|new"}}}, True),
    ({"status": "success", "access_token": "2|new"}, False),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("body", "has_user"), LOGIN_ANSWERS)
def test_login_reads_the_token_where_the_page_says_and_installs_it(
    facade: str, body: Any, has_user: bool
) -> None:
    # "The token is read from `user.access_token` ..., or beside the user as
    # `access_token` or `token`, also under `data`; an answer without a user still
    # installs its token (`result.user` is `None`)" ... "(`repr(result)` leaves it out)"
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login"):
            return httpx.Response(200, json=body)
        return httpx.Response(200, json={"status": "success", "track": {"id": 1}})

    server = Recorder(handler)

    def flow(bp: Any) -> Any:
        async def both() -> Any:
            result = await bp.login("producer@example.com", "pw", token_name="my-script")
            await bp.tracks.get(1)
            return result

        if isinstance(bp, AsyncBeatPass):
            return both()
        result = bp.login("producer@example.com", "pw", token_name="my-script")
        bp.tracks.get(1)
        return result

    result = run(facade, server, flow, token="1|old")
    login, after = server.requests
    assert login.method == "POST" and login.url.path == "/api/v1/auth/login"
    assert json.loads(login.content) == {
        "email": "producer@example.com",
        "password": "pw",
        "token_name": "my-script",
    }
    assert after.headers["Authorization"] == "Bearer 2|new"
    assert result.access_token == "2|new"
    assert (result.user is not None) is has_user
    assert "2|new" not in repr(result)


@pytest.mark.parametrize("facade", FACADES)
def test_a_login_answer_without_a_token_is_a_decode_error_and_keeps_the_old_token(
    facade: str,
) -> None:
    # "one without a token raises `ResponseDecodeError` and leaves the client's token as
    # it was"
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login"):
            return httpx.Response(200, json={"status": "success", "user": {"id": 1}})
        return httpx.Response(200, json={"status": "success", "track": {"id": 1}})

    server = Recorder(handler)

    def flow(bp: Any) -> Any:
        async def both() -> None:
            with pytest.raises(ResponseDecodeError):
                await bp.login("producer@example.com", "pw")
            await bp.tracks.get(1)

        if isinstance(bp, AsyncBeatPass):
            return both()
        with pytest.raises(ResponseDecodeError):
            bp.login("producer@example.com", "pw")
        bp.tracks.get(1)
        return None

    run(facade, server, flow, token="1|old")
    assert server.requests[-1].headers["Authorization"] == "Bearer 1|old"


def test_a_logins_token_expiry_lands_in_extra() -> None:
    # "a login's token expiry lands in `result.extra`"
    body = {"status": "success", "access_token": "2|new", "expires_at": "2027-03-01T00:00:00Z"}
    result = run("sync", answer(200, body), lambda bp: bp.login("a@example.com", "pw"))
    assert result.extra == {"expires_at": "2027-03-01T00:00:00Z"}


# --- "Operations": arguments checked before sending ----------------------------------------


def _gen() -> Any:
    yield 1
    yield 2


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "ids",
    [1, [1, 2], (1, 2), range(1, 3), "generator"],
    ids=["int", "list", "tuple", "range", "gen"],
)
def test_several_ids_come_as_an_int_or_a_sequence(facade: str, ids: Any) -> None:
    # "several ids (`track_ids`, ...) come as an `int` or a list, tuple, range or
    # generator of them"
    ids = _gen() if ids == "generator" else ids
    server = Recorder(answer(204, None))
    run(facade, server, lambda bp: bp.tracks.delete(ids))
    assert server.requests[0].url.path in {"/api/v1/tracks/1", "/api/v1/tracks/1,2"}


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "ids",
    [{1: 2}, {1, 2}, frozenset({1}), b"\x01", bytearray(b"\x01"), True, "1"],
    ids=["dict", "set", "frozenset", "bytes", "bytearray", "bool", "str"],
)
def test_several_ids_refuse_other_kinds_with_a_type_error(facade: str, ids: Any) -> None:
    # "never as a dict, a set (a reorder in hash order), bytes or a `bytearray`
    # (`TypeError`)"; "ids are positive `int`s"
    server = Recorder(answer(204, None))
    with pytest.raises(TypeError):
        run(facade, server, lambda bp: bp.credits.reorder(1, ids))
    assert server.requests == []


REFUSED_VALUES = [
    ("id 0", lambda bp: bp.tracks.get(0)),
    ("search types=[]", lambda bp: bp.search("x", types=[])),
    ("include", lambda bp: bp.tracks.get(1, include="plays")),
    ("description 19", lambda bp: bp.playlists.create("Mix", description="x" * 19)),
    ("description 171", lambda bp: bp.playlists.create("Mix", description="x" * 171)),
    ("backstage type", lambda bp: bp.backstage.create("become-label", artist_name="A", data={})),
    ("radio type", lambda bp: bp.radio.get("album", 1)),
    ("amount ' 49.99'", lambda bp: bp.coupons.validate("C", amount=" 49.99")),
    ("amount '1_000'", lambda bp: bp.coupons.validate("C", amount="1_000")),
    ("amount other digits", lambda bp: bp.coupons.validate("C", amount="\u0664\u0669")),
    ("amount 1e5000", lambda bp: bp.coupons.validate("C", amount="1e5000")),
    ("amount Decimal 1e-5000", lambda bp: bp.coupons.validate("C", amount=Decimal("1e-5000"))),
    ("page 0", lambda bp: bp.tracks.list(page=0)),
    ("page 10**18", lambda bp: bp.tracks.list(page=10**18)),
    ("per_page 10**18", lambda bp: bp.tracks.list(per_page=10**18)),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("name", "call"), REFUSED_VALUES, ids=[n for n, _ in REFUSED_VALUES])
def test_values_out_of_their_documented_set_are_value_errors_before_sending(
    facade: str, name: str, call: Any
) -> None:
    server = Recorder(answer(200, OK))
    with pytest.raises(ValueError, match=r"\S"):
        run(facade, server, call)
    assert server.requests == []


REFUSED_TYPES = [
    ("float amount", lambda bp: bp.coupons.validate("C", amount=49.99)),
    ("set field", lambda bp: bp.tracks.create("Night Drive", tags={"trap"})),
    (
        "naive datetime field",
        lambda bp: bp.lyrics.create(1, "la la", synced_at=datetime(2024, 1, 2, 3, 4)),
    ),
    ("unknown list keyword", lambda bp: bp.tracks.list(sort="new")),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("name", "call"), REFUSED_TYPES, ids=[n for n, _ in REFUSED_TYPES])
def test_values_of_the_wrong_type_are_type_errors_before_sending(
    facade: str, name: str, call: Any
) -> None:
    server = Recorder(answer(200, OK))
    with pytest.raises(TypeError):
        run(facade, server, call)
    assert server.requests == []


def test_a_nan_field_is_a_value_error_naming_it() -> None:
    # "a value JSON cannot carry (a set, a NaN, a naive `datetime`) raises `TypeError` or
    # `ValueError` naming the field, before anything is sent"
    server = Recorder(answer(200, OK))
    with pytest.raises(ValueError, match="loudness"):
        run("sync", server, lambda bp: bp.tracks.create("Night Drive", loudness=float("nan")))
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    ("amount", "sent"),
    [
        (Decimal("199.50"), "199.5"),
        ("49.99", "49.99"),
        ("1E+3", "1000"),
        (50, "50"),
        (Decimal("0.1000000000000000055511151231257827"), '"0.1000000000000000055511151231257827"'),
    ],
)
def test_an_amount_is_sent_as_the_json_number_of_its_value(
    facade: str, amount: Any, sent: str
) -> None:
    # "an amount is sent as the JSON number of its value (`Decimal("199.50")` as `199.5`),
    # or as numeric text only when no JSON float holds it exactly"
    server = Recorder(answer(200, {"status": "success", "valid": True}))
    run(facade, server, lambda bp: bp.coupons.validate("SPRING", amount=amount))
    raw = server.requests[0].content.decode()
    assert f'"amount":{sent}' in raw


@pytest.mark.parametrize("facade", FACADES)
def test_free_form_fields_take_what_the_models_hand_out(facade: str) -> None:
    # "a `date` is sent as `YYYY-MM-DD` ..., an aware `datetime` as ISO 8601, a `Decimal`
    # as its JSON number"
    server = Recorder(answer(200, {"status": "success", "credit": {"id": 3}}))
    run(
        facade,
        server,
        lambda bp: bp.credits.update(
            1,
            3,
            release_date=date(2024, 1, 2),
            confirmed_at=datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
            fee=Decimal("1.50"),
        ),
    )
    assert server.sent_json() == {
        "release_date": "2024-01-02",
        "confirmed_at": "2024-01-02T03:04:00Z",
        "fee": 1.5,
    }


@pytest.mark.parametrize("facade", FACADES)
def test_an_update_sends_only_the_keywords_given_and_clear_sends_null(facade: str) -> None:
    # "leaving a keyword out of an update sends nothing;
    # `bp.playlists.update(5, clear=["description", "image"])` sends those two as `null`"
    server = Recorder(answer(200, {"status": "success", "playlist": {"id": 5}}))
    run(facade, server, lambda bp: bp.playlists.update(5, clear=["description", "image"]))
    assert server.requests[0].method == "PUT"
    assert server.requests[0].url.path == "/api/v1/playlists/5"
    assert server.sent_json() == {"description": None, "image": None}
    run(facade, server, lambda bp: bp.playlists.update(5, name="Late"))
    assert server.sent_json() == {"name": "Late"}


@pytest.mark.parametrize("facade", FACADES)
def test_read_criteria_go_into_the_query_bools_as_1_or_0_lists_comma_separated(
    facade: str,
) -> None:
    # "a `bool` as `1` or `0` ..., a list comma-separated"
    server = Recorder(answer(200, {"status": "success", "templates": []}))
    run(
        facade,
        server,
        lambda bp: bp.cover_art.matching_templates(
            genre="trap", explicit=True, dark=False, colors=["red", "blue"]
        ),
    )
    params = server.requests[0].url.params
    assert (params["explicit"], params["dark"], params["colors"]) == ("1", "0", "red,blue")


@pytest.mark.parametrize("facade", FACADES)
def test_analytics_figures_under_the_apis_own_keys(facade: str) -> None:
    # "return an `Analytics` whose `figures` dict holds every figure under the API's own
    # key (`bp.tracks.engagement_metrics(1).figures["plays"]`)"
    body = {"status": "success", "data": {"plays": 12, "unique_listeners": 7}}
    found = run(facade, answer(200, body), lambda bp: bp.tracks.engagement_metrics(1))
    assert found.figures == {"plays": 12, "unique_listeners": 7}


# --- "Single objects" ---------------------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "body",
    [
        {"status": "success", "track": {"id": 9, "name": "N"}},
        {"status": "success", "data": {"id": 9, "name": "N"}},
        {"status": "success", "id": 9, "name": "N"},
    ],
    ids=["named", "data", "flat"],
)
def test_one_object_in_any_of_the_three_shapes(facade: str, body: Any) -> None:
    # "One object comes under its name ..., under `data`, or flat ...: all three are
    # read. In a flat answer, `"status": "success"` is the envelope's and is dropped"
    track = run(facade, answer(200, body), lambda bp: bp.tracks.get(9))
    assert (track.id, track.name) == (9, "N")
    assert "status" not in track.extra


@pytest.mark.parametrize("facade", FACADES)
def test_a_flat_objects_own_status_and_data_are_kept(facade: str) -> None:
    # "any other `status` belongs to the object (a backstage request's `"pending"`...)";
    # "A backstage request has a `data` field of its own: answered flat, it stays the
    # request's"
    body = {"status": "pending", "id": 3, "type": "become-artist", "data": {"first_name": "Ada"}}
    found = run(
        facade,
        answer(200, body),
        lambda bp: bp.backstage.create("become-artist", artist_name="A", data={}),
    )
    assert found.status == "pending"
    assert found.data == {"first_name": "Ada"}


@pytest.mark.parametrize("facade", FACADES)
def test_phps_empty_payload_reads_as_the_status_and_message(facade: str) -> None:
    # "`{"status": "success", "message": "Playlist followed.", "data": []}` reads as that
    # status and message"
    body = {"status": "success", "message": "Playlist followed.", "data": []}
    found = run(facade, answer(200, body), lambda bp: bp.playlists.follow(1))
    assert (found.status, found.message, found.extra) == ("success", "Playlist followed.", {})


OBJECT_READS = [
    ("duplicate check", lambda bp: bp.fingerprints.check_duplicates([1])),
    ("waveform", lambda bp: bp.tracks.wave(1)),
    ("purchase intent", lambda bp: bp.purchases.initiate(1)),
    ("fingerprint job", lambda bp: bp.fingerprints.generate(1)),
    ("accepted playlist", lambda bp: bp.playlists.accept_invite(1)),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("name", "call"), OBJECT_READS, ids=[n for n, _ in OBJECT_READS])
def test_a_non_empty_list_under_data_is_no_object(facade: str, name: str, call: Any) -> None:
    # "A non-empty list there is no object: where an object is read, it raises
    # `ResponseDecodeError` rather than reading as an object with nothing in it"
    body = {"status": "success", "message": "ok", "data": [{"id": 1}]}
    with pytest.raises(ResponseDecodeError):
        run(facade, answer(200, body), call)


@pytest.mark.parametrize("facade", FACADES)
def test_an_action_result_keeps_a_non_empty_list_in_extra(facade: str) -> None:
    # "an action's `ActionResult` (a follow, an unpin), which reads no object, keeps it
    # in `extra`" (the page said every such answer raised).
    body = {"status": "success", "message": "Playlist followed.", "data": [1]}
    found = run(facade, answer(200, body), lambda bp: bp.playlists.follow(1))
    assert (found.status, found.message) == ("success", "Playlist followed.")
    assert found.extra == {"data": [1]}


@pytest.mark.parametrize("facade", FACADES)
def test_a_non_empty_list_under_data_is_no_invitation(facade: str) -> None:
    body = {"status": "success", "message": "Invitation sent", "data": [{"id": 1}]}
    with pytest.raises(ResponseDecodeError):
        run(facade, answer(200, body), lambda bp: bp.playlists.invite(1, 2))


PHP_EMPTY = [
    ("backstage data", lambda bp: bp.backstage.create("become-artist", artist_name="A", data={}),
     {"status": "success", "backstage_request": {"id": 3, "data": []}}, lambda r: r.data == {}),
    ("waves", lambda bp: bp.tracks.wave_batch([1]), {"status": "success", "waves": []},
     lambda r: dict(r.waves) == {}),
    ("licenses", lambda bp: bp.licenses.check_batch([1]), {"status": "success", "licenses": []},
     lambda r: dict(r.licenses) == {}),
    ("analytics data", lambda bp: bp.tracks.engagement_metrics(1),
     {"status": "success", "data": []}, lambda r: r.figures == {}),
    ("analytics bare", lambda bp: bp.artists.producer_analytics(1), [], lambda r: r.figures == {}),
    ("license_details []", lambda bp: bp.licenses.check(1),
     {"status": "success", "has_license": False, "license_details": []},
     lambda r: r.license_details is None),
    ("license_details {}", lambda bp: bp.licenses.check(1),
     {"status": "success", "has_license": False, "license_details": {}},
     lambda r: r.license_details is None),
    ("purchase", lambda bp: bp.purchases.status(1),
     {"status": "success", "purchased": False, "purchase": []}, lambda r: r.purchase is None),
    ("playlist tracks", lambda bp: bp.playlists.get(1),
     {"status": "success", "playlist": {"id": 1, "name": "p", "tracks": []}},
     lambda r: r.tracks is None),
]  # fmt: skip


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    ("name", "call", "body", "check"), PHP_EMPTY, ids=[c[0] for c in PHP_EMPTY]
)
def test_phps_empty_array_where_a_map_or_an_optional_object_goes(
    facade: str, name: str, call: Any, body: Any, check: Any
) -> None:
    # "a map field ... reads `[]` as `{}`; so does an empty batch or report ...; and an
    # optional object (a license check's `license_details`, a purchase status's
    # `purchase`, a playlist's `tracks` page) reads `[]` as `None`. So does `{}` for an
    # object that cannot be empty"
    assert check(run(facade, answer(200, body), call))


@pytest.mark.parametrize("facade", FACADES)
def test_a_non_empty_array_for_an_optional_object_is_still_a_decode_error(facade: str) -> None:
    # "A non-empty array, or an object missing a required field, still raises
    # `ResponseDecodeError`."
    body = {"status": "success", "has_license": True, "license_details": [{"id": 1}]}
    with pytest.raises(ResponseDecodeError):
        run(facade, answer(200, body), lambda bp: bp.licenses.check(1))


# --- "Lists and pages" ---------------------------------------------------------------------


def laravel(page: int, **changes: Any) -> dict[str, Any]:
    numbers: dict[str, Any] = {
        "current_page": page,
        "last_page": 3,
        "per_page": 1,
        "total": 3,
        "from": page,
        "to": page,
        "data": [{"id": page}],
    }
    numbers.update(changes)
    return {"status": "success", "tracks": {k: v for k, v in numbers.items() if v is not ...}}


def pages_of(build: Callable[[int], Any]) -> Recorder:
    return Recorder(
        lambda request: httpx.Response(200, json=build(int(request.url.params.get("page", "1"))))
    )


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "build",
    [
        lambda p: laravel(p),
        lambda p: laravel(p, current_page=str(p), last_page="3", total="3"),
        lambda p: laravel(p, current_page=...),
        lambda p: {
            "data": [{"id": p}],
            "links": {"next": None},
            "meta": {"current_page": p, "last_page": 3, "total": 3, "per_page": 1},
        },
    ],
    ids=["laravel", "digits", "no-current_page", "resource-collection"],
)
def test_every_page_is_reached_in_order(facade: str, build: Any) -> None:
    # "The counts may come as ints or as digits"; "A page without `current_page` ... is
    # placed by its `from` and `per_page`, so the walk still reaches `last_page`"; "A
    # Laravel API resource collection ... is read too, its counts from `meta`."
    server = pages_of(build)
    assert [t.id for t in run(facade, server, lambda bp: bp.tracks.list())] == [1, 2, 3]
    assert len(server.requests) == 3


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("bad", [True, 2.5, "abc", -1, "\u0663"])
def test_a_count_of_another_kind_is_a_decode_error(facade: str, bad: Any) -> None:
    # "any other value (`true`, `2.5`, `"abc"`) raises `ResponseDecodeError` rather than
    # ending the walk early"
    with pytest.raises(ResponseDecodeError):
        run(facade, pages_of(lambda p: laravel(p, last_page=bad)), lambda bp: bp.tracks.list())


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("shape", ["next_page_url", "links.next"])
def test_a_page_that_counts_no_pages_is_walked_while_one_follows_and_is_not_empty(
    facade: str, shape: str
) -> None:
    # "A page that counts no pages (Laravel's `simplePaginate`: no `last_page`, only
    # `next_page_url`, or `links.next` in a resource collection) is walked one page after
    # the other, by number, while a page says another follows and is not empty"
    def build(page: int) -> Any:
        items = [{"id": page}] if page <= 2 else []
        link = f"{API}/tracks?page={page + 1}"
        if shape == "next_page_url":
            return {
                "status": "success",
                "tracks": {
                    "current_page": page,
                    "per_page": 1,
                    "data": items,
                    "next_page_url": link,
                },
            }
        return {
            "data": items,
            "links": {"next": link},
            "meta": {"current_page": page, "per_page": 1},
        }

    server = pages_of(build)
    assert [t.id for t in run(facade, server, lambda bp: bp.tracks.list())] == [1, 2]
    assert len(server.requests) == 3


# --- "Downloads" and "Errors" --------------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("which", ["track", "license pdf"])
def test_a_success_status_saying_error_is_an_api_error_leaving_dest_as_it_was(
    facade: str, which: str, tmp_path: Path
) -> None:
    # "it raises `APIError` with the body's message (and `error_code`, if any) ...; a
    # download answered so raises the same error and leaves its destination file as it
    # was"; "(`status_code` 200; never retried)"
    dest = tmp_path / "dest.mp3"
    dest.write_bytes(b"before")
    body = {"status": "error", "message": "Not purchased.", "error_code": "not_purchased"}
    server = Recorder(answer(200, body))
    if which == "track":
        call: Callable[[Any], Any] = lambda bp: bp.tracks.download(1, dest)  # noqa: E731
    else:
        call = lambda bp: bp.licenses.download_pdf(1, dest)  # noqa: E731
    with pytest.raises(APIError) as info:
        run(facade, server, call, max_retries=3)
    assert (info.value.status_code, info.value.code) == (200, "not_purchased")
    assert "Not purchased." in str(info.value)
    assert len(server.requests) == 1
    assert dest.read_bytes() == b"before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dest.mp3"]


@pytest.mark.parametrize("facade", FACADES)
def test_a_download_short_of_its_length_leaves_dest_untouched(facade: str, tmp_path: Path) -> None:
    # "a failed download leaves `dest` untouched"
    dest = tmp_path / "beat.mp3"
    dest.write_bytes(b"before")

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "audio/mpeg", "Content-Length": "10"}
        return httpx.Response(200, content=b"abc", headers=headers)

    with pytest.raises(APIConnectionError):
        run(facade, handler, lambda bp: bp.tracks.download(1, dest))
    assert dest.read_bytes() == b"before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beat.mp3"]


@pytest.mark.parametrize("facade", FACADES)
def test_only_texts_are_field_messages_the_rest_stays_in_details(facade: str) -> None:
    # "Only the texts the API sent are messages: anything else in a field's list (`null`,
    # a number, an object) stays in `details` and `body` as sent, never turned into text"
    errors = {"title": ["The title field is required.", None, 3], "bpm": [{"max": 300}]}
    with pytest.raises(UnprocessableEntityError) as info:
        run(facade, answer(422, {"errors": errors}), lambda bp: bp.tracks.create("x"))
    assert info.value.field_errors == {"title": ["The title field is required."]}
    assert info.value.details == errors
    assert info.value.body == {"errors": errors}


@pytest.mark.parametrize("facade", FACADES)
def test_a_revoked_backstage_request_reads_the_contact_url_from_the_message(facade: str) -> None:
    # `exc.contact_url`: "/contact", read from the message
    body = {
        "message": "Your access was revoked. Appeal at /contact.",
        "error_code": "backstage_request_revoked",
    }
    with pytest.raises(BackstageRequestRevokedError) as info:
        run(
            facade,
            answer(409, body),
            lambda bp: bp.backstage.create("become-artist", artist_name="A", data={}),
        )
    assert info.value.contact_url == "/contact"


# --- "Rate limits and retries" -------------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
def test_the_bodys_retry_after_is_used_when_the_header_is_missing(facade: str) -> None:
    # "A 429 is retried after `Retry-After` (or the body's `retry_after` when the header
    # is missing), unless that is longer than `max_retry_wait`: then
    # `RateLimitError.retry_after` says how long to wait."
    server = Recorder(answer(429, {"message": "Too Many Attempts.", "retry_after": 120}))
    with pytest.raises(RateLimitError) as info:
        run(facade, server, lambda bp: bp.tracks.get(1), max_retries=2, max_retry_wait=60)
    assert info.value.retry_after == 120
    assert len(server.requests) == 1


@pytest.mark.parametrize("facade", FACADES)
def test_rate_limit_shows_the_last_headers(facade: str) -> None:
    # "the client paces itself from them and shows the last values in `bp.rate_limit`"
    headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299"}
    handler = answer(200, {"status": "success", "track": {"id": 1}}, headers)

    def flow(bp: Any) -> Any:
        async def both() -> Any:
            await bp.tracks.get(1)
            return bp.rate_limit

        if isinstance(bp, AsyncBeatPass):
            return both()
        bp.tracks.get(1)
        return bp.rate_limit

    state = run(facade, handler, flow)
    assert (state.limit, state.remaining) == (300, 299)


@pytest.mark.parametrize("facade", FACADES)
def test_a_write_is_retried_after_a_429(facade: str) -> None:
    # "Only a 429, or a connection that failed before the request was sent, is retried."
    def handler(request: httpx.Request) -> httpx.Response:
        if len(server.requests) == 1:
            return httpx.Response(429, json={"message": "x"}, headers={"Retry-After": "0"})
        return httpx.Response(200, json={"status": "success", "playlist": {"id": 4}})

    server = Recorder(handler)
    found = run(facade, server, lambda bp: bp.playlists.create("Mix"), max_retries=2)
    assert found.id == 4
    assert [r.method for r in server.requests] == ["POST", "POST"]


def _raise(kind: type[Exception]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise kind("boom", request=request)

    return handler


INITIATE_FAILURES = [
    ("5xx", answer(500, {"message": "Server Error"}), ServerError, True),
    ("read timeout", _raise(httpx.ReadTimeout), APITimeoutError, True),
    (
        "unreadable answer",
        lambda request: httpx.Response(200, content=b"<html>"),
        ResponseDecodeError,
        True,
    ),
    ("4xx", answer(422, {"message": "Invalid."}), UnprocessableEntityError, False),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    ("name", "handler", "cls", "noted"), INITIATE_FAILURES, ids=[f[0] for f in INITIATE_FAILURES]
)
def test_an_initiate_that_may_have_started_carries_a_note(
    facade: str, name: str, handler: Handler, cls: type, noted: bool
) -> None:
    # "An error of `purchases.initiate` after which the purchase may have been started (a
    # 5xx answer, a timeout or broken connection, an answer that could not be read)
    # carries a note saying so ...; a refusal (a 4xx) carries none."; writes never sent
    # twice.
    server = Recorder(handler)
    with pytest.raises(cls) as info:
        run(facade, server, lambda bp: bp.purchases.initiate(7), max_retries=2, max_retry_wait=0)
    notes = getattr(info.value, "__notes__", [])
    assert bool(notes) is noted
    if noted:
        assert "bp.purchases.status(7)" in notes[0]
    assert len(server.requests) == 1
    if name == "read timeout":
        assert str(info.value).endswith(
            "(not retried: it may have reached the server; check before sending it again)"
        )


# --- "Secrets" -----------------------------------------------------------------------------


def test_the_stripe_client_secret_is_left_out_of_repr() -> None:
    # "`PurchaseIntent.client_secret` is left out of `repr`"
    body = {"status": "success", "purchase_id": 5, "client_secret": "pi_123_secret_456"}
    intent = run("sync", answer(200, body), lambda bp: bp.purchases.initiate(1))
    assert intent.client_secret == "pi_123_secret_456"
    assert "pi_123_secret_456" not in repr(intent)


@pytest.mark.parametrize("facade", FACADES)
def test_an_errors_body_has_laravels_token_names_redacted(facade: str) -> None:
    # "The body (and details) an error carries, an `APIError` or a `ResponseDecodeError`,
    # has these values replaced by `REDACTED`, Laravel's own names for a token
    # (Sanctum's `plainTextToken`, the token guard's `api_token`) among them."
    leaked = {
        "plainTextToken": "3|abc",
        "api_token": "xyz",
        "client_secret": "pi_s",
        "password": "pw",
    }
    with pytest.raises(APIError) as failed:
        run(
            facade,
            answer(200, {"status": "error", "message": "no", **leaked}),
            lambda bp: bp.tracks.get(1),
        )
    with pytest.raises(ResponseDecodeError) as undecoded:
        run(
            facade,
            answer(200, {"status": "success", "track": {"id": "nine", **leaked}}),
            lambda bp: bp.tracks.get(1),
        )
    assert all(failed.value.body[key] == "REDACTED" for key in leaked)
    assert all(undecoded.value.body["track"][key] == "REDACTED" for key in leaked)
    for error in (failed.value, undecoded.value):
        for value in leaked.values():
            assert value not in str(error)


# --- "Operations": include= and types= ------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
def test_include_takes_one_name_or_a_list_sent_as_with(facade: str) -> None:
    # "`include=` takes one name or a list of names ... the values the API lists for
    # `with` (tracks: `tags`, `genres`, `artists`, `album`)"
    server = Recorder(answer(200, {"status": "success", "track": {"id": 1}}))
    run(facade, server, lambda bp: bp.tracks.get(1, include="tags"))
    run(facade, server, lambda bp: bp.tracks.get(1, include=["tags", "album"]))
    assert [r.url.params["with"] for r in server.requests] == ["tags", "tags,album"]
    with pytest.raises(ValueError, match="include"):
        run(facade, server, lambda bp: bp.tracks.get(1, include="tags,album"))
    assert len(server.requests) == 2


@pytest.mark.parametrize("facade", FACADES)
def test_types_takes_a_list_or_a_comma_separated_string(facade: str) -> None:
    # "`types=` also a comma-separated string"
    server = Recorder(answer(200, {"status": "success", "results": {}}))
    run(facade, server, lambda bp: bp.search("drive", types="track, album"))
    run(facade, server, lambda bp: bp.search("drive", types=["track", "album"]))
    assert [r.url.params["types"] for r in server.requests] == ["track,album", "track,album"]
    with pytest.raises(ValueError, match="types"):
        run(facade, server, lambda bp: bp.search("drive", types="track,albums"))
    assert len(server.requests) == 2


# --- "Uploading a track" ---------------------------------------------------------------------


def upload_server(metadata: dict[str, Any]) -> Recorder:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/uploads"):
            return httpx.Response(201, json={"fileEntry": {"id": 55, "name": "night-drive.mp3"}})
        if path.endswith("/extract-metadata"):
            return httpx.Response(200, json={"status": "success", "metadata": metadata})
        return httpx.Response(201, json={"status": "success", "track": {"id": 9}})

    return Recorder(handler)


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    ("title", "name"), [("Real Title", "Real Title"), (None, "night-drive"), ("  ", "night-drive")]
)
def test_upload_runs_the_three_steps_and_takes_the_extracted_fields(
    facade: str, title: str | None, name: str, tmp_path: Path
) -> None:
    # "upload the audio file to get a *file entry*, extract its metadata ..., create the
    # track from the metadata and the file entry; BeatPass then fingerprints the audio
    # itself"; "The track takes the extracted title (else the file name without its
    # extension), duration, genre, BPM and key; keyword arguments override them and add
    # more fields."; "`POST /uploads` with the multipart field `file`"
    path = tmp_path / "night-drive.mp3"
    path.write_bytes(b"ID3 audio")
    metadata = {"title": title, "duration": 180000, "genre": "Trap", "bpm": 140, "key": "A minor"}
    server = upload_server(metadata)
    steps: list[str] = []
    track = run(
        facade,
        server,
        lambda bp: bp.tracks.upload(
            path, progress=lambda p: steps.append(p.step), bpm=150, tags=["trap"]
        ),
    )
    assert track.id == 9
    upload, extract, create = server.requests
    assert (upload.method, upload.url.path) == ("POST", "/api/v1/uploads")
    assert b'name="file"' in upload.content and b"ID3 audio" in upload.content
    assert extract.url.path == "/api/v1/tracks/55/extract-metadata"
    assert json.loads(create.content) == {
        "file_entry_id": 55,
        "name": name,
        "duration": 180000,
        "genre": "Trap",
        "bpm": 150,
        "key": "A minor",
        "tags": ["trap"],
    }
    assert steps[-3:] == ["extract_metadata", "create_track", "done"]
    assert set(steps[:-3]) == {"upload"}


UPLOAD_REFUSALS = [
    ({"colour": "red"}, TypeError),
    ({"bpm": "140"}, TypeError),
    ({"downloadable": 1}, TypeError),
    ({"tags": "trap"}, TypeError),
    ({"price": 1.5}, TypeError),
    ({"name": "   "}, ValueError),
    ({"bpm": 0}, ValueError),
    ({"price": "1e5000"}, ValueError),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    ("fields", "cls"), UPLOAD_REFUSALS, ids=[str(f) for f, _ in UPLOAD_REFUSALS]
)
def test_a_bad_field_is_refused_before_the_upload(
    facade: str, fields: dict[str, Any], cls: type, tmp_path: Path
) -> None:
    # "an unknown name or a value of the wrong type raises `TypeError`, a blank text or a
    # number out of range (or with more digits than Python writes) `ValueError`, so a bad
    # field never leaves an orphaned upload behind"
    path = tmp_path / "night-drive.mp3"
    path.write_bytes(b"ID3 audio")
    server = upload_server({})
    with pytest.raises(cls):
        run(facade, server, lambda bp: bp.tracks.upload(path, **fields))
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
def test_a_bad_path_or_no_token_is_refused_before_the_upload(facade: str, tmp_path: Path) -> None:
    # "A missing, empty or directory path raises (`FileNotFoundError`, `ValueError`,
    # `IsADirectoryError`) before anything is sent too, as does a client without a token."
    (tmp_path / "empty.mp3").write_bytes(b"")
    (tmp_path / "dir.mp3").mkdir()
    (tmp_path / "ok.mp3").write_bytes(b"ID3")
    server = upload_server({})
    for name, cls in (
        ("missing.mp3", FileNotFoundError),
        ("empty.mp3", ValueError),
        ("dir.mp3", IsADirectoryError),
    ):
        with pytest.raises(cls):
            run(facade, server, lambda bp, name=name: bp.tracks.upload(tmp_path / name))
    with pytest.raises(ConfigurationError):
        run(facade, server, lambda bp: bp.tracks.upload(tmp_path / "ok.mp3"), token=None)
    assert server.requests == []


# --- "Operations": the API column ------------------------------------------------------------

PAGE = Path(__file__).resolve().parent.parent / "docs" / "beatpass.md"


def _table_routes() -> list[tuple[str, str]]:
    """``(row, "METHOD /path")`` for each route the operation table's API column names.

    The column shortens: ```GET /albums`, `/albums/{album}``` (a second path whose first
    segment is the first path's last, or a single segment, replaces that last segment),
    ```GET`, `POST /artists/{artist}/credits``` (both methods), ``[/{id}]`` (with and
    without). A row written ``/albums...`` names no path and is left out.
    """
    import re

    routes = []
    for row in PAGE.read_text().splitlines():
        if not row.startswith("| `") or "..." in row.split("|")[1]:
            continue
        methods: list[str] = []
        paths: list[str] = []
        for span in re.findall(r"`([^`]+)`", row.split("|")[1]):
            found = re.fullmatch(r"(GET|POST|PUT|PATCH|DELETE)(?: (.+))?", span)
            if found:
                methods.append(found[1])
                paths += [found[2]] if found[2] else []
            else:
                paths.append(span)
        base = paths[0].strip("/").split("/")
        full = [paths[0]]
        for short in paths[1:]:
            segments = short.strip("/").split("/")
            if segments[0] == base[-1] or len(segments) == 1:
                full.append("/" + "/".join(base[:-1] + segments))
            else:
                full.append(short)
        for path in full:
            optional = re.search(r"\[(.*)\]", path)
            variants = [path]
            if optional:
                variants = [path.replace(optional[0], ""), path.replace(optional[0], optional[1])]
            for variant in variants:
                routes += [(row, f"{method} {variant}") for method in methods]
    return routes


def test_every_route_of_the_operation_table_is_one_the_client_sends() -> None:
    # "Paths follow the operation list of the Content Management API ... Both are single
    # lines of `beatkit.beatpass.wire.PATHS`": each API-column route of the table is a
    # route of the table the client sends its requests by (placeholders by position).
    import re

    from beatkit.beatpass.wire import PATHS

    def shape(route: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", route)

    sent = {shape(route) for route in PATHS.values()}
    routes = _table_routes()
    assert len(routes) >= 70
    wrong = [(row[:60], route) for row, route in routes if shape(route) not in sent]
    assert wrong == []
    assert "POST /tracks/{}/plays" in {shape(r) for _, r in routes}
    assert "PUT /playlists/{}" in sent


@pytest.mark.parametrize("facade", FACADES)
def test_the_remaining_pages_are_fetched_a_few_at_a_time_yielded_in_order(facade: str) -> None:
    # "The pager reads `current_page` and `last_page` from the first answer and then
    # knows every remaining page, so it fetches them a few at a time concurrently, still
    # yielding items in order."
    import threading
    import time

    lock = threading.Lock()
    busy = [0, 0]  # in flight, most in flight at once

    def enter() -> None:
        with lock:
            busy[0] += 1
            busy[1] = max(busy)

    def leave(page: int) -> httpx.Response:
        with lock:
            busy[0] -= 1
        return httpx.Response(200, json=laravel(page, last_page=6, total=6))

    def delay(page: int) -> float:
        return 0.15 if page % 2 else 0.02  # odd pages answer last

    def sync_handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        enter()
        time.sleep(delay(page))
        return leave(page)

    async def async_handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        enter()
        await asyncio.sleep(delay(page))
        return leave(page)

    handler: Any = sync_handler if facade == "sync" else async_handler
    found = run(facade, handler, lambda bp: bp.tracks.list())
    assert [t.id for t in found] == [1, 2, 3, 4, 5, 6]
    assert busy[1] > 1


MINIMAL_READS = [
    ("track", lambda bp: bp.tracks.get(1)),
    ("album", lambda bp: bp.albums.get(1)),
    ("artist", lambda bp: bp.artists.get(1)),
    ("playlist", lambda bp: bp.playlists.get(1)),
    ("genre", lambda bp: bp.genres.get("trap")),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("key", "call"), MINIMAL_READS, ids=[k for k, _ in MINIMAL_READS])
def test_an_anonymous_read_of_the_id_alone_decodes(facade: str, key: str, call: Any) -> None:
    # "Reads work without a token: the API then answers with minimal fields ..., so every
    # model field but the id is optional."
    found = run(facade, answer(200, {"status": "success", key: {"id": 1}}), call, token=None)
    assert found.id == 1


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "build",
    [
        lambda p: {
            "status": "success",
            "tracks": {"last_page": 3, "total": 3, "data": [{"id": p}]},
        },
        lambda p: {"data": [{"id": p}], "meta": {"last_page": 3, "total": 3}},
        lambda p: {
            "status": "success",
            "tracks": {"data": [{"id": p}], "next_page_url": f"{API}/tracks?page={p + 1}"}
            if p < 3
            else {"data": [{"id": p}], "next_page_url": None},
        },
        lambda p: {
            "data": [{"id": p}],
            "links": {"next": f"{API}/tracks?page={p + 1}" if p < 3 else None},
        },
    ],
    ids=["last_page", "meta.last_page", "next_page_url", "links.next"],
)
def test_a_page_that_says_more_follow_without_its_number_is_not_the_last(
    facade: str, build: Any
) -> None:
    # "A page without `current_page` (the OpenAPI file requires none of the counts) is
    # placed by its `from` and `per_page`, so the walk still reaches `last_page`"; "is
    # walked one page after the other, by number, while a page says another follows and
    # is not empty". Without `from` either, the walk ends at the first page: reaching every
    # page (by the number asked for) or a ResponseDecodeError would both be true to the
    # page; a silent end is not.
    server = pages_of(build)
    try:
        found = run(facade, server, lambda bp: bp.tracks.list())
    except ResponseDecodeError:
        return
    assert [t.id for t in found] == [1, 2, 3]
