"""docs/testing.md's prose claims, checked against the fakes and their fixtures.

Each test quotes the claim it checks. The page's code blocks run elsewhere
(``tests/test_docs_examples_run.py``, ``tests/test_docs_fake_recipe.py``); these are the
sentences around them: the fixtures' defaults, the BeatConnect fake's data and answers,
the hosts a fake answers, fault injection and what is checked when a fault or fake is
made. One was wider than the code (which constructors refuse a blank credential) and
now names the arguments that are checked.
"""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from beatkit.testing import (
    Abort,
    FakeBeatConnect,
    FakeBeatPass,
    FakeBeatport,
    FakeBeatTech,
    FakeServer,
    FakeService,
    Route,
    UnservedOriginError,
    serve,
)

AUTH = {"Authorization": "Bearer test-api-key"}


def beatconnect_client(fake: FakeBeatConnect, **options: Any) -> httpx.Client:
    return httpx.Client(transport=fake.transport(**options), base_url=fake.base_url, headers=AUTH)


# --- The pytest fixtures ----------------------------------------------------------------


def test_the_fixtures_defaults_are_as_tabled(
    beatconnect_fake: FakeBeatConnect,
    beatport_fake: FakeBeatport,
    beatpass_fake: FakeBeatPass,
    beattech_fake: FakeBeatTech,
) -> None:
    # The fixture table: "(default seed, API key test-api-key)", "(client id
    # beatkit-fake-client, user dj@example.com / fake-password)", "(token
    # fake-beatpass-token, user producer@example.com / fake-password)", "(tenant fabel,
    # client beatkit-fake-client / fake-client-secret, user reader@example.com / fake-password)"
    assert beatconnect_fake.api_key == "test-api-key"
    assert beatconnect_fake.beats == FakeBeatConnect().beats
    assert (beatport_fake.client_id, beatport_fake.username, beatport_fake.password) == (
        "beatkit-fake-client",
        "dj@example.com",
        "fake-password",
    )
    assert (beatpass_fake.token, beatpass_fake.email, beatpass_fake.password) == (
        "fake-beatpass-token",
        "producer@example.com",
        "fake-password",
    )
    assert (beattech_fake.tenant, beattech_fake.client_id, beattech_fake.client_secret) == (
        "fabel",
        "beatkit-fake-client",
        "fake-client-secret",
    )
    user = beattech_fake.users[str(beattech_fake.user_id)]
    assert user["email"] == "reader@example.com"


def test_the_server_fixtures_serve_the_same_fake_with_a_1_second_hang(
    beatconnect_server: FakeServer[FakeBeatConnect],
    beatconnect_fake: FakeBeatConnect,
    beattech_server: FakeServer[FakeBeatTech],
) -> None:
    # "`beatconnect_server` | that same fake served on 127.0.0.1: a FakeServer with .base_url
    # (http://127.0.0.1:PORT/v1) and .fake"; "`beattech_server` ... (.base_url ends in
    # /v2)"; "The *_server fixtures hold a timeout_next() connection for 1 second (hang=1.0)"
    assert beatconnect_server.fake is beatconnect_fake
    assert beatconnect_server.base_url == f"http://127.0.0.1:{beatconnect_server.port}/v1"
    assert beattech_server.base_url.endswith("/v2")
    beatconnect_fake.timeout_next()
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(beatconnect_server.base_url + "/genres", headers=AUTH, timeout=0.5)
    # The held connection is released after hang=1.0; the next request is answered.
    answer = httpx.get(beatconnect_server.base_url + "/genres", headers=AUTH, timeout=5)
    assert answer.status_code == 200


def test_serve_and_fake_serve_default_to_a_2_second_hang() -> None:
    # "`serve()` and `fake.serve()` default to 2."
    fake = FakeBeatConnect()
    with serve(fake) as server:
        fake.timeout_next()
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(server.base_url + "/genres", headers=AUTH, timeout=1.4)
    with fake.serve() as server:
        assert isinstance(server, FakeServer)
        assert server.fake is fake


# --- The hosts a fake answers -----------------------------------------------------------


def test_a_request_to_another_origin_is_an_assertion_error_naming_method_origin_and_path() -> None:
    # "transport() raises beatkit.testing.UnservedOriginError, which names the fake, the
    # request's method, origin and path (never its query), and the origins the fake
    # serves"; "The error is an AssertionError ... It keeps the refused request, its
    # origin and the served origins; the request is not in fake.requests and uses no
    # fault or rate-limit slot."
    fake = FakeBeatConnect(base_url="https://other.example/v1")
    fake.fail_next(500)
    with (
        httpx.Client(transport=fake.transport()) as http,
        pytest.raises(UnservedOriginError) as caught,
    ):
        http.get("https://api.beatconnectafrica.com/v1/beats/1234?token=SEKRET")
    error = caught.value
    assert isinstance(error, AssertionError)
    message = str(error)
    assert message.startswith(
        "FakeBeatConnect does not serve https://api.beatconnectafrica.com: it was sent GET "
        "https://api.beatconnectafrica.com/v1/beats/1234, and serves only https://other.example."
    )
    assert "SEKRET" not in message
    assert error.origin == "https://api.beatconnectafrica.com"
    assert error.served == ("https://other.example",)
    assert error.request.url.params["token"] == "SEKRET"
    assert fake.requests == []
    assert fake.pending_faults == 1


def test_any_origin_answers_every_host_as_the_fakes_own() -> None:
    # "fake.transport(*, any_origin=False) with any_origin=True answers every host as the
    # fake's own"
    fake = FakeBeatConnect()
    with httpx.Client(transport=fake.transport(any_origin=True), headers=AUTH) as http:
        answer = http.get("https://proxy.example/v1/beats/1234")
    assert answer.json()["data"]["beat"]["title"] == "Summer Vibes"


def test_the_origins_list_the_cdn_and_stream_hosts_and_follow_a_changed_cdn_url() -> None:
    # "fake.origins lists them (as scheme://host[:port], read at each request, so a changed
    # cdn_url counts at once)"; "a FakeBeatTech on a loopback base_url ... serves that
    # origin too" (the other loopback name on that port)
    beatport = FakeBeatport()
    assert beatport.origins == ("https://api.beatport.com", "https://needledrop.beatport.test")
    beatport.cdn_url = "https://cdn.example:8443"
    assert beatport.origins[1] == "https://cdn.example:8443"
    beattech = FakeBeatTech(base_url="http://127.0.0.1:8123/v2")
    assert "http://127.0.0.1:8123" in beattech.origins
    assert "http://localhost:8123" in beattech.origins


# --- The BeatConnect fake ---------------------------------------------------------------


def test_the_beatconnect_catalogue_is_as_described() -> None:
    # "253 beats, ids 1001-1253, including ... beat 1234 "Summer Vibes" by DJ Maphorisa
    # (user 5678); 40 users, ids 5660-5699: 25 producers, then 15 buyers; the API key
    # belongs to buyer fake.owner_id (5699), who has 30 orders (ids 8001-8030); 12 genres:
    # Amapiano (id 1), Afrobeats, ..."
    fake = FakeBeatConnect()
    assert sorted(beat["id"] for beat in fake.beats) == list(range(1001, 1254))
    beat = next(beat for beat in fake.beats if beat["id"] == 1234)
    assert (beat["title"], beat["producer_name"], beat["user_id"]) == (
        "Summer Vibes",
        "DJ Maphorisa",
        5678,
    )
    users = sorted(fake.users, key=lambda user: user["id"])
    assert [user["id"] for user in users] == list(range(5660, 5700))
    assert [user["role"] for user in users] == ["producer"] * 25 + ["buyer"] * 15
    assert fake.owner_id == 5699
    assert sorted(order["id"] for order in fake.orders) == list(range(8001, 8031))
    assert [(genre["id"], genre["name"]) for genre in fake.genres] == list(
        enumerate(
            [
                "Amapiano",
                "Afrobeats",
                "Gqom",
                "Afro House",
                "Hip Hop",
                "Kwaito",
                "Bongo Flava",
                "Highlife",
                "Drill",
                "Trap",
                "R&B",
                "Dancehall",
            ],
            start=1,
        )
    )


def test_the_beatconnect_fakes_error_answers_are_as_described() -> None:
    # "a bad parameter is a 400 invalid_request whose details names it, an unknown id a
    # 404 not_found, a missing or wrong key a 401 unauthorized, another method a 405
    # method_not_allowed. A request to a path it does not serve (a client pointed at /v2
    # ...) is a 404 not_found whose message names the method and path (FakeBeatConnect has
    # no route for GET /v2/beats/1234), and a 405's the methods the path answers."
    fake = FakeBeatConnect()
    with beatconnect_client(fake) as http:
        bad = http.get("/beats", params={"genre": "x"})
        assert bad.status_code == 400
        assert bad.json()["error"]["code"] == "invalid_request"
        assert "genre" in bad.json()["error"]["details"]
        missing = http.get("/beats/99999")
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
        wrong_key = http.get("/beats/1234", headers={"Authorization": "Bearer nope"})
        assert (wrong_key.status_code, wrong_key.json()["error"]["code"]) == (401, "unauthorized")
        other = http.post("/beats/1234")
        assert (other.status_code, other.json()["error"]["code"]) == (405, "method_not_allowed")
        assert "it answers GET there" in other.json()["error"]["message"]
        v2 = http.get("https://api.beatconnectafrica.com/v2/beats/1234")
    assert v2.status_code == 404
    assert v2.json()["error"]["message"] == "FakeBeatConnect has no route for GET /v2/beats/1234"


def test_pagination_links_are_absolute_and_keep_the_other_parameters() -> None:
    # "Pagination links are absolute, built from the URL the client used (so they point at
    # the socket server when served), and keep the other query parameters."
    fake = FakeBeatConnect()
    with serve(fake) as server:
        answer = httpx.get(
            server.base_url + "/beats", params={"genre": 1, "limit": 2}, headers=AUTH
        )
    link = httpx.URL(answer.json()["data"]["pagination"]["next_page_url"])
    assert str(link).startswith(server.base_url + "/beats?")
    assert dict(link.params) == {"genre": "1", "limit": "2", "page": "2"}


def test_every_answer_carries_the_request_id_and_rate_limit_headers_then_429() -> None:
    # "Every response carries X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining and
    # X-RateLimit-Reset. After rate_limit requests within a window the fake answers 429
    # rate_limit_exceeded with Retry-After." and the clock example; "a 429 from
    # FakeBeatConnect ... carries the API's own Retry-After (a whole rate_limit_window)"
    now = [1_700_000_000.0]
    fake = FakeBeatConnect(rate_limit=2, clock=lambda: now[0])
    with beatconnect_client(fake) as http:
        answers = [http.get("/genres") for _ in range(3)]
        assert [answer.status_code for answer in answers] == [200, 200, 429]
        for answer in answers:
            for name in ("X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining"):
                assert name in answer.headers
            assert "X-RateLimit-Reset" in answer.headers
        assert answers[2].json()["error"]["code"] == "rate_limit_exceeded"
        assert answers[2].headers["Retry-After"] == "60"
        now[0] += 60
        assert http.get("/genres").status_code == 200


def test_the_alternative_envelope_is_success_data_meta() -> None:
    # "envelope="alternative" switches success bodies to ... {"success": true, "data": ...,
    # "meta": {"page", "limit", "total"}}"
    fake = FakeBeatConnect(envelope="alternative")
    with beatconnect_client(fake) as http:
        body = http.get("/beats", params={"limit": 2}).json()
    assert body["success"] is True
    assert set(body) == {"success", "data", "meta"}
    assert body["meta"] == {"page": 1, "limit": 2, "total": 253}


# --- The BeatPass fake ------------------------------------------------------------------


def test_beatpass_reads_without_a_token_get_fewer_fields_and_writes_get_401() -> None:
    # "Reads without a token get the minimal fields; writes without one get 401."
    fake = FakeBeatPass()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        anonymous = http.get(f"/tracks/{fake.track_id}").json()["track"]
        auth = {"Authorization": f"Bearer {fake.token}"}
        full = http.get(f"/tracks/{fake.track_id}", headers=auth).json()["track"]
        assert set(anonymous) < set(full)
        assert http.post("/playlists", json={"name": "x"}).status_code == 401


def test_beatpass_serves_both_paths_of_plays_and_playlist_updates() -> None:
    # "a play is logged at POST /tracks/{track}/plays and POST /tracks/plays/{track}/log, a
    # playlist updated at PUT /playlists/{playlist} and PUT /playlists (the id then in the body)"
    fake = FakeBeatPass()
    auth = {"Authorization": f"Bearer {fake.token}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=auth) as http:
        first = http.post(f"/tracks/{fake.track_id}/plays").json()["play_id"]
        second = http.post(f"/tracks/plays/{fake.track_id}/log").json()["play_id"]
        assert second == first + 1
        http.put(f"/playlists/{fake.playlist_id}", json={"name": "one"})
        assert http.get(f"/playlists/{fake.playlist_id}").json()["playlist"]["name"] == "one"
        http.put("/playlists", json={"id": fake.playlist_id, "name": "two"})
        assert http.get(f"/playlists/{fake.playlist_id}").json()["playlist"]["name"] == "two"


# --- Fault injection and the request log ------------------------------------------------


def test_the_faults_in_process_are_as_tabled_and_logged() -> None:
    # The fault table's "in process" column, and "Each fake records every request it
    # receives in fake.requests ..., including the ones a fault swallowed"
    fake = FakeBeatConnect()
    with beatconnect_client(fake) as http:
        fake.fail_next(503)
        failed = http.get("/beats/1234")
        assert failed.status_code == 503
        assert failed.json()["status"] == "error"  # the API's error envelope
        fake.fail_next(204)
        assert http.get("/beats/1234").content == b""
        fake.timeout_next()
        with pytest.raises(httpx.ReadTimeout):
            http.get("/beats/1234")
        fake.disconnect_next()
        with pytest.raises(httpx.ConnectError):
            http.get("/beats/1234")
        fake.garbage_next()
        garbage = http.get("/beats/1234")
        assert garbage.status_code == 200
        assert garbage.text.lstrip().lower().startswith("<!doctype html")
        fake.garbage_next(status=502)
        assert http.get("/beats/1234").status_code == 502
    assert len(fake.requests_to("/beats/1234")) == 6


def test_requests_to_ignores_a_trailing_slash_and_filters_by_method() -> None:
    # "fake.requests_to(path, method=None) picks those to one path below the base path, a
    # trailing slash aside ("/catalog/tracks/1" also finds Beatport's /catalog/tracks/1/)"
    fake = FakeBeatport()
    token = fake.issue_token()["access_token"]
    track = fake.tracks[0]["id"]
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {token}"},
    ) as http:
        http.get(f"/catalog/tracks/{track}/")
        http.head(f"/catalog/tracks/{track}/")
    assert len(fake.requests_to(f"/catalog/tracks/{track}")) == 2
    assert len(fake.requests_to(f"/catalog/tracks/{track}", method="HEAD")) == 1


@pytest.mark.parametrize(
    ("make", "label"),
    [
        (FakeBeatPass, "application/json"),
        (FakeBeatConnect, "application/json"),
        (FakeBeatport, None),
        (FakeBeatTech, None),
    ],
)
def test_a_text_or_bytes_fault_body_is_sent_as_is_labelled_as_the_fake_labels(
    make: type[FakeService], label: str | None
) -> None:
    # "A fail_next body given as str or bytes is sent as is, labelled as the fake labels
    # its answers: Content-Type: application/json on FakeBeatPass and FakeBeatConnect, no
    # label on FakeBeatport and FakeBeatTech (any other body is sent as JSON). A fault's
    # headers are set last, over the fake's own"
    fake = make()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        fake.fail_next(502, body="<html>Bad Gateway</html>")
        text = http.get("/anything")
        fake.fail_next(502, body=b"\xff\xfe")
        raw = http.get("/anything")
        fake.fail_next(500, body={"a": 1})
        json_body = http.get("/anything")
        fake.fail_next(502, body="<html/>", headers={"Content-Type": "text/html; charset=utf-8"})
        html = http.get("/anything")
    assert (text.text, text.headers.get("Content-Type")) == ("<html>Bad Gateway</html>", label)
    assert (raw.content, raw.headers.get("Content-Type")) == (b"\xff\xfe", label)
    assert (json_body.json(), json_body.headers["Content-Type"]) == ({"a": 1}, "application/json")
    assert html.headers["Content-Type"] == "text/html; charset=utf-8"


def test_pending_faults_counts_requests_and_clear_faults_drops_them() -> None:
    # "fake.pending_faults is how many requests the queued faults will still affect, and
    # fake.clear_faults() drops them"
    fake = FakeBeatConnect()
    fake.fail_next(503, count=2)
    fake.timeout_next()
    assert fake.pending_faults == 3
    fake.clear_faults()
    assert fake.pending_faults == 0
    with beatconnect_client(fake) as http:
        assert http.get("/genres").status_code == 200


@pytest.mark.parametrize(
    ("queue", "error"),
    [
        (lambda f: f.fail_next(503, count=1.0), TypeError),
        (lambda f: f.fail_next(503.0), TypeError),
        (lambda f: f.fail_next(503, count=0), ValueError),
        (lambda f: f.timeout_next(0), ValueError),
        (lambda f: f.disconnect_next(count=0), ValueError),
        (lambda f: f.fail_next(101), ValueError),
        (lambda f: f.fail_next(600), ValueError),
        (lambda f: f.garbage_next(status=199), ValueError),
        (lambda f: f.fail_next(500, headers={"X Y": "v"}), ValueError),
        (lambda f: f.fail_next(500, headers={"X": "a\nb"}), ValueError),
        (lambda f: f.fail_next(500, headers={"X": "a\x01b"}), ValueError),
        (lambda f: f.fail_next(500, headers={"X": "é"}), ValueError),
        (lambda f: f.fail_next(500, body={"a": math.nan}), ValueError),
        (lambda f: f.fail_next(500, body=[math.inf]), ValueError),
        (lambda f: f.fail_next(500, body="half an emoji \ud83d"), ValueError),
    ],
)
def test_a_faults_arguments_are_checked_when_it_is_queued(
    queue: Any, error: type[Exception]
) -> None:
    # "A fault's arguments are checked when it is queued (TypeError for a count or status
    # that is not an int, ValueError for a count below 1, a status outside 200-599 ..., a
    # header whose name is not an HTTP token or whose value holds a line break, a control
    # character or non-ASCII, or a body holding a NaN, an infinity or text that cannot be
    # sent as UTF-8"
    fake = FakeBeatConnect()
    with pytest.raises(error):
        queue(fake)
    assert fake.pending_faults == 0


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ((FakeBeatConnect,), TypeError),
        ((FakeBeatConnect(),), None),
    ],
)
def test_serve_refuses_anything_but_a_fake_instance(
    arguments: tuple[Any, ...], error: type[Exception] | None
) -> None:
    # "serve() refuses anything but a fake instance"
    if error is None:
        with serve(*arguments) as server:
            assert server.port > 0
        return
    with pytest.raises(error), serve(*arguments):
        pass


@pytest.mark.parametrize("hang", [-1, math.inf, math.nan])
def test_serve_refuses_a_hang_that_is_not_finite_and_0_or_more(hang: float) -> None:
    # "and a hang that is not a finite number of seconds, 0 or more, before it binds a port"
    with pytest.raises(ValueError, match="hang"), serve(FakeBeatConnect(), hang=hang):
        pass
    with serve(FakeBeatConnect(), hang=0):
        pass


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: FakeBeatConnect(seed=None), TypeError),
        (lambda: FakeBeatPass(seed=1.5), TypeError),
        (lambda: FakeBeatport(seed=True), TypeError),
        (lambda: FakeBeatTech(seed="1"), TypeError),
        (lambda: FakeBeatConnect(clock=5), TypeError),
        (lambda: FakeBeatTech(clock=None), TypeError),
        (lambda: FakeBeatConnect(api_key=" "), ValueError),
        (lambda: FakeBeatConnect(api_key=5), TypeError),
        (lambda: FakeBeatPass(token=""), ValueError),
        (lambda: FakeBeatport(client_id=" "), ValueError),
        (lambda: FakeBeatport(username=""), ValueError),
        (lambda: FakeBeatport(password=""), ValueError),
    ],
)
def test_the_fakes_constructors_check_seed_clock_and_the_credentials_they_accept(
    make: Any, error: type[Exception]
) -> None:
    # "seed is an int (seed=None is a TypeError ...), clock is callable, and the key or
    # token a fake accepts is non-blank text (FakeBeatConnect's api_key, FakeBeatPass's
    # token, FakeBeatport's client_id, username and password)."
    with pytest.raises(error):
        make()


# --- Writing a fake for another service -------------------------------------------------


class FakeThing(FakeService):
    default_base_url = "https://api.thing.example/v2"

    def __init__(self) -> None:
        super().__init__(None)
        self.add_route("GET", "/things/{thing_id}", self.get_thing)
        self.finalized = 0

    def get_thing(self, request: httpx.Request, thing_id: str) -> httpx.Response:
        if thing_id == "teapot":
            raise Abort(httpx.Response(418))
        return self.json_response({"id": thing_id})

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        self.finalized += 1
        response.headers["X-Finalized"] = str(self.finalized)
        return response


def test_a_written_fake_routes_heads_404s_405s_and_aborts_as_described() -> None:
    # "the handler receives the request and the template's {name} segments as keyword
    # arguments, as strings. fake.routes lists what is registered, as Route entries
    # (method, template, compiled pattern, handler). A HEAD is answered as a GET ...
    # without the body but with the GET's Content-Length ...; a path no route matches gets
    # a 404 ... with the message FakeThing has no route for GET /v2/thingz, and a method
    # the path has no route for a 405 that names the methods it answers."; "raise
    # Abort(response) ...; finalize() still runs."
    fake = FakeThing()
    (route,) = fake.routes
    assert isinstance(route, Route)
    assert (route.method, route.template) == ("GET", "/things/{thing_id}")
    assert route.pattern.fullmatch("/things/7") is not None
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        got = http.get("/things/7")
        assert got.json() == {"id": "7"}
        head = http.head("/things/7")
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["Content-Length"] == got.headers["Content-Length"]
        missing = http.get("/thingz")
        assert missing.status_code == 404
        assert "FakeThing has no route for GET /v2/thingz" in missing.text
        other = http.delete("/things/7")
        assert other.status_code == 405
        assert "GET" in other.text
        teapot = http.get("/things/teapot")
        assert teapot.status_code == 418
        assert teapot.headers["X-Finalized"] == str(fake.finalized)


def test_operations_given_as_text_are_refused_with_type_error_when_the_fake_is_made() -> None:
    # "`"GET /things/{id}"` text is not accepted there: the fake refuses it with a
    # TypeError when it is made"
    class Texts(FakeService):
        default_base_url = "https://api.thing.example/v2"
        operations = {"things.get": "GET /things/{id}"}  # type: ignore[assignment]  # noqa: RUF012

    with pytest.raises(TypeError, match=r"SPEC\.routes"):
        Texts()


# --- The Beat Technology fake -----------------------------------------------------------


def beattech_http(fake: FakeBeatTech) -> httpx.Client:
    return httpx.Client(transport=fake.transport(), base_url=fake.base_url)


def token_form(fake: FakeBeatTech, **fields: str) -> dict[str, str]:
    return {"client_id": fake.client_id, "client_secret": fake.client_secret, **fields}


def test_beattech_tokens_carry_exactly_their_grants_fields_and_refresh_rotates() -> None:
    # "client_credentials answers access_token, expires_in, token_type: "bearer" and
    # nothing else; the user grants ... add refresh_token and user_id; refresh_token rotates
    # both tokens and answers without user_id"; "Wrong passwords ... and unknown or used
    # refresh tokens are 400 invalid_grant"; "(wrong: 401 invalid_client)"
    fake = FakeBeatTech()
    with beattech_http(fake) as http:
        app = http.post(
            "/oauth2/token", data=token_form(fake, grant_type="client_credentials")
        ).json()
        assert set(app) == {"access_token", "expires_in", "token_type"}
        assert app["token_type"] == "bearer"
        wrong_client = http.post(
            "/oauth2/token",
            data={**token_form(fake, grant_type="client_credentials"), "client_secret": "no"},
        )
        assert (wrong_client.status_code, wrong_client.json()["error"]) == (401, "invalid_client")
        login = {"grant_type": "password", "username": "reader@example.com"}
        wrong = http.post("/oauth2/token", data=token_form(fake, **login, password="x"))
        assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
        user = http.post(
            "/oauth2/token", data=token_form(fake, **login, password="fake-password")
        ).json()
        assert set(user) == {"access_token", "expires_in", "token_type", "refresh_token", "user_id"}
        assert str(user["user_id"]) == str(fake.user_id) == "5667"
        refresh = token_form(fake, grant_type="refresh_token", refresh_token=user["refresh_token"])
        rotated = http.post("/oauth2/token", data=refresh).json()
        assert "user_id" not in rotated
        assert rotated["refresh_token"] != user["refresh_token"]
        used = http.post("/oauth2/token", data=refresh)
        assert (used.status_code, used.json()["error"]) == (400, "invalid_grant")


def test_beattech_fixed_tables_and_the_default_user() -> None:
    # "24 products with ids 201-224"; "fake.user_id (5667, reader@example.com /
    # fake-password) has an ACTIVE subscription (9000) and a child profile
    # (fake.profile_user_id)"
    fake = FakeBeatTech()
    assert sorted(fake.products) == [str(number) for number in range(201, 225)]
    token = fake.issue_token(fake.user_id)["access_token"]
    with beattech_http(fake) as http:
        answer = http.get(
            f"/users/{fake.user_id}/subscriptions", headers={"Authorization": f"Bearer {token}"}
        )
    assert [(s["id"], s["state"]) for s in answer.json()["subscriptions"]] == [("9000", 3)]
    profile = fake.users[str(fake.profile_user_id)]
    assert profile["account"] == fake.users[str(fake.user_id)]["account"]


def test_beattech_range_paging_answers_206_416_and_400_as_described() -> None:
    # "Every list answers 206 with Accept-Ranges: <unit> and Content-Range: <unit>
    # <first>-<last>/<length> for the window that was asked for, even when fewer items are
    # left; without Range the first 20 items. A window past the end ... is 416 with
    # Content-Range: <unit> */<length>, ... and another unit or a malformed header a 400
    # naming the expected unit."
    fake = FakeBeatTech()
    app = fake.issue_token()["access_token"]
    auth = {"Authorization": f"Bearer {app}"}
    with beattech_http(fake) as http:
        first = http.get("/products", headers=auth)
        assert first.status_code == 206
        assert first.headers["Accept-Ranges"] == "products"
        assert first.headers["Content-Range"] == "products 0-19/24"
        assert len(first.json()["products"]) == 20
        wide = http.get("/products", headers={**auth, "Range": "products=0-99"})
        assert wide.headers["Content-Range"] == "products 0-99/24"
        assert len(wide.json()["products"]) == 24
        past = http.get("/products", headers={**auth, "Range": "products=30-40"})
        assert (past.status_code, past.headers["Content-Range"]) == (416, "products */24")
        for header in ("items=0-5", "products 0-5"):
            bad = http.get("/products", headers={**auth, "Range": header})
            assert bad.status_code == 400
            assert bad.json()["error_developer"]["unit"] == "products"


def test_beattech_access_levels_answer_as_tabled() -> None:
    # The access table: `any` -> "401 unauthorized without one, 401 invalid_token for an
    # unknown, revoked or expired one"; `user` -> "403 access_denied for an app token";
    # `partner` -> "401 with an empty body, a bearer token alone included"
    fake = FakeBeatTech()
    app = {"Authorization": f"Bearer {fake.issue_token()['access_token']}"}
    with beattech_http(fake) as http:
        missing = http.get("/products")
        assert (missing.status_code, missing.json()["error"]) == (401, "unauthorized")
        unknown = http.get("/products", headers={"Authorization": "Bearer nope"})
        assert (unknown.status_code, unknown.json()["error"]) == (401, "invalid_token")
        as_app = http.get(f"/users/{fake.user_id}/subscriptions", headers=app)
        assert (as_app.status_code, as_app.json()["error"]) == (403, "access_denied")
        partner = http.post("/partnerusers/activations", headers=app, json={})
        assert (partner.status_code, partner.content) == (401, b"")


@pytest.mark.parametrize(
    "url",
    [
        "https://api.beatconnectafrica.example/v1/genres",  # another host
        "http://api.beatconnectafrica.com/v1/genres",  # http for https
        "https://api.beatconnectafrica.com:8443/v1/genres",  # another port
    ],
)
def test_another_host_scheme_or_port_never_reaches_the_fake(url: str) -> None:
    # "A request for any other origin, another host, http for https or another port, never
    # reaches the fake"
    fake = FakeBeatConnect()
    with beatconnect_client(fake) as http, pytest.raises(UnservedOriginError):
        http.get(url)
    assert fake.requests == []


def test_add_beat_checks_fields_as_the_api_sends_them_and_serves_the_price_as_given() -> None:
    # "fake.add_beat(**fields) adds a beat with sensible defaults (its fields are checked as
    # the API would send them: ints for ids and counts, a price served as given, never
    # rounded, created_at as ISO 8601 text or an aware datetime; a wrong one is a TypeError
    # or ValueError)"
    from datetime import UTC, datetime

    fake = FakeBeatConnect()
    beat = fake.add_beat(price=1.005, created_at=datetime(2024, 1, 1, tzinfo=UTC))
    with beatconnect_client(fake) as http:
        served = http.get(f"/beats/{beat['id']}").json()["data"]["beat"]
    assert served["price"] == 1.005
    assert served["created_at"] == "2024-01-01T00:00:00Z"
    for fields, error in [
        ({"id": "5"}, TypeError),
        ({"bpm": True}, TypeError),
        ({"play_count": 1.0}, TypeError),
        ({"price": "1.00"}, TypeError),
        ({"created_at": datetime(2024, 1, 1)}, ValueError),
        ({"created_at": "yesterday"}, ValueError),
    ]:
        with pytest.raises(error):
            fake.add_beat(**fields)


def test_webhook_takes_only_the_two_signature_header_names() -> None:
    # "its header= takes one of the two signature header names only, so to test a delivery
    # without a signature, drop the header from the dict it returns"
    fake = FakeBeatConnect()
    body, headers = fake.webhook("beat.created", {"id": 1}, "whsec")
    assert isinstance(body, bytes)
    assert "X-Webhook-Signature" in headers
    _, other = fake.webhook("beat.created", {"id": 1}, "whsec", header="BeatConnect-Signature")
    assert "BeatConnect-Signature" in other
    with pytest.raises(ValueError, match="X-Webhook-Signature, BeatConnect-Signature"):
        fake.webhook("beat.created", {"id": 1}, "whsec", header="X-Other")


def test_both_clients_read_the_alternative_envelope() -> None:
    # "envelope="alternative" switches success bodies to the second shape the vendor
    # documents ..., so a client can be tested against both."
    import asyncio

    from beatkit import AsyncBeatConnect, BeatConnect

    fake = FakeBeatConnect(envelope="alternative")
    http = httpx.Client(transport=fake.transport())
    with BeatConnect(api_key=fake.api_key, http_client=http) as bc:
        assert bc.beats.get(1234).title == "Summer Vibes"
        assert len(list(bc.beats.list(limit=130))) == 130
        assert len(list(bc.orders.list())) == 30

    async def main() -> list[Any]:
        transport = fake.transport()
        async with AsyncBeatConnect(
            api_key=fake.api_key, http_client=httpx.AsyncClient(transport=transport)
        ) as bc:
            return [beat async for beat in bc.beats.list(genre=1, limit=30)]

    assert {beat.genre.id for beat in asyncio.run(main()) if beat.genre} == {1}


def strict_beattech(fake: FakeBeatTech) -> Any:
    from beatkit import BeatTech

    bt = BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        strict=True,
    )
    bt.auth.login("reader@example.com", "fake-password")
    return bt


def test_a_strict_beattech_client_decodes_what_the_page_says_is_strict_clean() -> None:
    # "a BeatTech(..., strict=True) decodes its releases (with release-tracks), release
    # searches, artists' top releases, actors, series, release groups, release ratings, the
    # user, subscriptions and gift cards without a ResponseDecodeError"
    fake = FakeBeatTech()
    plain = [r for r in fake.catalog.releases.values() if not r.get("series_id")]
    release = plain[0]
    artist = release["actors"][0]["id"]
    series = next(iter(fake.catalog.series.values()))["id"]
    with strict_beattech(fake) as bt:
        assert bt.releases.get(release["id"], include=["release-tracks"]).tracks
        assert release["id"] in [r.id for r in bt.releases.search(release["title"], limit=20)]
        list(bt.artists.top_releases(artist, limit=20))
        assert list(bt.actors.list("author", limit=20))
        bt.series.get(series)
        bt.release_groups.get("601")
        list(bt.release_groups.list(limit=20))
        list(bt.releases.ratings(release["id"], limit=20))
        bt.users.get()
        assert list(bt.subscriptions.list())
        assert list(bt.coupons.offers())


def test_a_strict_beattech_client_refuses_the_keys_the_page_says_are_not_yet_clean() -> None:
    # "Not yet strict-clean: artists (favouritees_count, releases_count), tracks (artist,
    # subtitle), streams (format), products (currency, price and interval fields), events,
    # features (value), ..., the X-Include extras (prices, reviews), and release_number,
    # which every release of a series carries wherever it is served (a release search that
    # finds one included)" (the page named only subtitle for tracks, and no currency)
    from beatkit.errors import ResponseDecodeError

    fake = FakeBeatTech()
    release = next(r for r in fake.catalog.releases.values() if not r.get("series_id"))
    in_series = next(r for r in fake.catalog.releases.values() if r.get("series_id"))
    track = next(iter(fake.catalog.tracks.values()))["id"]
    artist = release["actors"][0]["id"]
    with strict_beattech(fake) as bt:
        refused: dict[str, Any] = {
            "favouritees_count, releases_count": lambda: bt.artists.get(artist),
            "artist, subtitle": lambda: bt.tracks.get(track),
            "format": lambda: bt.streams.online(track),
            "currency, recurring_interval, recurring_interval_unit, recurring_price, "
            "trial_interval, trial_interval_unit": lambda: list(bt.products.list()),
            "value": lambda: list(bt.features.list()),
            "prices": lambda: bt.releases.get(release["id"], include=["release-prices"]),
            "reviews": lambda: bt.releases.get(release["id"], include=["release-reviews"]),
            "release_number": lambda: bt.releases.get(in_series["id"]),
            "release_number ": lambda: list(bt.releases.search(in_series["title"], limit=20)),
        }
        for keys, call in refused.items():
            with pytest.raises(ResponseDecodeError) as caught:
                call()
            assert f"unknown keys {keys.strip()}" in str(caught.value), keys


@pytest.mark.parametrize("make", [FakeBeatport, FakeBeatTech])
def test_faults_are_consumed_in_order_by_any_request_the_stream_hosts_included(
    make: type[FakeService],
) -> None:
    # "Faults are queued and consumed in order by the next requests, whatever their path
    # (on Beatport and Beat Technology the stream host's requests too)"
    fake = make()
    stream_origin = fake.origins[1]
    fake.fail_next(503)
    fake.fail_next(429)
    with httpx.Client(transport=fake.transport()) as http:
        first = http.get(stream_origin + "/anything")
        second = http.get(fake.base_url + "/whatever")
    assert (first.status_code, second.status_code) == (503, 429)
    assert fake.pending_faults == 0
    assert [str(r.url) for r in fake.requests] == [
        stream_origin + "/anything",
        fake.base_url + "/whatever",
    ]
