"""FakeBeatTech's resources with raw httpx: users, subscriptions, partners, streams, LCP..."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech, FakeServer
from tests.testing._beattech import bearer

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()
PLAY_ENDED = {
    "event": "play.ended", "track_id": "123456", "time": 1305552557, "offline": False,
    "duration": 103, "stream_context": "release/1", "shop": "music-no",
}  # fmt: skip


@pytest.fixture
def now() -> list[float]:
    return [NOW]


@pytest.fixture
def fake(now: list[float]) -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: now[0])


def partner(fake: FakeBeatTech) -> dict[str, str]:
    return {"X-Auth-Client-Id": fake.client_id, "X-Auth-Client-Secret": fake.client_secret}


def lcp(user: str = "lcp-provider", password: str = "fake-lcp-password") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


# -- users ---------------------------------------------------------------------------------


def test_signup_needs_the_email_token_unless_a_user_admin_calls(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    plain = bearer(fake, client_id=fake.other_client_id)
    body = {"email": "new@example.com", "password": "pw"}
    assert error(http.post("/users", json=body, headers=plain)) == (400, "validation_error")
    wrong = http.post("/users", json={**body, "email_token": "000000x"}, headers=plain)
    assert "email_token" in wrong.json()["error_description"]
    admin = http.post("/users", json=body, headers=bearer(fake))
    assert admin.status_code == 201
    assert fake.users[admin.json()["user"]["id"]]["master"] is True


def test_signup_with_a_taken_email_is_409(fake: FakeBeatTech, http: httpx.Client) -> None:
    headers = bearer(fake, client_id=fake.other_client_id)
    http.post("/credentials", json={"type": 8, "credential": "reader@example.com"},
              headers=headers)  # fmt: skip
    token = fake.email_token("READER@example.com")
    taken = http.post("/users", headers=headers, json={
        "email": "reader@example.com", "email_token": token, "password": "pw",
    })  # fmt: skip
    assert error(taken) == (409, "conflict")


def test_a_user_token_adds_a_profile_to_its_account(fake: FakeBeatTech, http: httpx.Client) -> None:
    created = http.post("/users", json={"firstname": "Kid", "profile_type": "child"},
                        headers=bearer(fake, fake.user_id))  # fmt: skip
    assert created.status_code == 201
    record = fake.users[created.json()["user"]["id"]]
    assert (record["master"], record["account"]) == (False, fake.users[fake.user_id]["account"])
    assert created.json()["user"]["profile_type"] == "child"


@pytest.mark.parametrize(
    "body",
    [
        {"msisdn": "4790000000", "password": "pw"},
        {"email": "a@example.com", "nickname": "x"},
        {"email": "a@example.com", "newsletter": "yes"},
        {"email": "a@example.com", "intent": "shopping"},
        {"firstname": "Nobody"},
    ],
)
def test_signup_validation(fake: FakeBeatTech, http: httpx.Client, body: dict[str, Any]) -> None:
    headers = bearer(fake, client_id=fake.other_client_id)
    assert error(http.post("/users", json=body, headers=headers)) == (400, "validation_error")


def test_json_endpoints_refuse_form_bodies(fake: FakeBeatTech, http: httpx.Client) -> None:
    response = http.post("/users", data={"email": "a@example.com"}, headers=bearer(fake))
    assert error(response) == (400, "validation_error")
    assert "application/json" in response.json()["error_description"]


def test_credential_verification_types(fake: FakeBeatTech, http: httpx.Client) -> None:
    headers = bearer(fake)
    for body in ({"type": 5, "credential": "cus_1"}, {"type": 8, "credential": "no-at-sign"},
                 {"type": "8", "credential": "a@example.com"}):  # fmt: skip
        assert http.post("/credentials", json=body, headers=headers).status_code == 400
    ok = http.post("/credentials", json={"type": 6, "credential": "b@example.com"},
                   headers=headers)  # fmt: skip
    assert ok.status_code == 202
    assert fake.email_token("b@example.com", type=6) is not None
    assert fake.email_token("b@example.com") is None


def test_get_user_self_profile_admin_and_others(fake: FakeBeatTech, http: httpx.Client) -> None:
    me = http.get(f"/users/{fake.user_id}", headers=bearer(fake, fake.user_id))
    assert me.json()["user"]["email"] == "reader@example.com"
    assert "password" not in me.json()["user"]
    profile = http.get(f"/users/{fake.profile_user_id}", headers=bearer(fake, fake.user_id))
    assert profile.status_code == 200
    other = http.get(f"/users/{fake.editor_user_id}", headers=bearer(fake, fake.user_id))
    assert error(other) == (403, "access_denied")
    admin = http.get(f"/users/{fake.editor_user_id}", headers=bearer(fake))
    assert admin.status_code == 200
    plain = bearer(fake, client_id=fake.other_client_id)
    assert http.get(f"/users/{fake.user_id}", headers=plain).status_code == 403
    assert error(http.get("/users/1", headers=bearer(fake))) == (404, "error_not_found")
    sized = http.get(f"/users/{fake.user_id}", headers={**bearer(fake, fake.user_id),
                                                       "X-User-Image-Sizes": "w50"})  # fmt: skip
    assert sized.json()["user"]["image"] == {
        "w50": f"https://images.beat.test/users/{fake.user_id}/w50.jpg"
    }


# -- migrations and subscriptions -----------------------------------------------------------


def test_migration_to_a_trial_product_and_its_rules(fake: FakeBeatTech, http: httpx.Client) -> None:
    user = fake.add_user(email="t@example.com")
    headers = bearer(fake, user.id)
    path = f"/users/{user.id}/migrations"
    assert error(http.post(path, json={"product_id": "999"}, headers=headers)) == (
        404, "error_not_found",
    )  # fmt: skip
    consent = http.post(path, json={"product_id": "202", "confirmed": False}, headers=headers)
    assert error(consent) == (403, "confirmation_required")
    assert consent.json()["error_developer"]["confirmation_url"].startswith("https://")
    assert http.post(path, json={"product_id": "202"}, headers=headers).status_code == 201
    (trial,) = http.get(f"/users/{user.id}/subscriptions", headers=headers).json()["subscriptions"]
    assert (trial["state"], trial["expiry_date"]) == (1, "2026-04-15T00:00:00Z")
    assert error(http.post(path, json={"product_id": "202"}, headers=headers)) == (409, "conflict")
    assert http.post(path, json={"product_id": "205", "renewable": False},
                     headers=headers).status_code == 201  # fmt: skip
    states = http.get(f"/users/{user.id}/subscriptions", params={"state": "all"}, headers=headers)
    by_product = {s["product_id"]: s for s in states.json()["subscriptions"]}
    assert by_product["202"]["state"] == 7
    assert by_product["205"]["expiry_date"] == "2027-04-01T00:00:00Z"
    assert by_product["205"]["next_billing_date"] is None


def test_migration_for_another_account_is_forbidden(fake: FakeBeatTech, http: httpx.Client) -> None:
    response = http.post(f"/users/{fake.editor_user_id}/migrations", json={"product_id": "201"},
                         headers=bearer(fake, fake.user_id))  # fmt: skip
    assert error(response) == (403, "access_denied")


def test_subscription_state_filter(fake: FakeBeatTech, http: httpx.Client) -> None:
    fake.add_subscription(fake.user_id, "204", state=8)
    headers = bearer(fake, fake.user_id)
    path = f"/users/{fake.user_id}/subscriptions"
    running = http.get(path, headers=headers).json()["subscriptions"]
    assert [s["id"] for s in running] == ["9000"]
    unpaid = http.get(path, params={"state": "8"}, headers=headers).json()["subscriptions"]
    assert [s["state"] for s in unpaid] == [8]
    everything = http.get(path, params={"state": "all"}, headers=headers)
    assert len(everything.json()["subscriptions"]) == 2
    assert error(http.get(path, params={"state": "any"}, headers=headers))[0] == 400


@pytest.mark.parametrize("state", [1, 4, 7, "6", True])
def test_subscription_update_takes_6_or_3_only(
    fake: FakeBeatTech, http: httpx.Client, state: Any
) -> None:
    response = http.patch(f"/users/{fake.user_id}/subscriptions/9000", json={"state": state},
                          headers=bearer(fake, fake.user_id))  # fmt: skip
    assert error(response) == (400, "validation_error")


def test_subscription_changes_are_for_the_owner(fake: FakeBeatTech, http: httpx.Client) -> None:
    profile = bearer(fake, fake.profile_user_id)
    stop = http.patch(f"/users/{fake.user_id}/subscriptions/9000", json={"state": 6},
                      headers=profile)  # fmt: skip
    assert error(stop) == (403, "access_denied")
    stranger = http.delete(f"/users/{fake.user_id}/subscriptions/9000",
                           headers=bearer(fake, fake.editor_user_id))  # fmt: skip
    assert stranger.status_code == 403
    unknown = http.delete(f"/users/{fake.user_id}/subscriptions/1",
                          headers=bearer(fake, fake.user_id))  # fmt: skip
    assert error(unknown) == (404, "error_not_found")


def test_deactivation_ends_once(fake: FakeBeatTech, http: httpx.Client) -> None:
    headers = bearer(fake, fake.user_id)
    path = f"/users/{fake.user_id}/subscriptions/9000"
    assert http.delete(path, headers=headers).json() == {}
    assert fake.subscriptions["9000"]["state"] == 7
    assert error(http.delete(path, headers=headers)) == (400, "validation_error")
    assert http.patch(path, json={"state": 3}, headers=headers).status_code == 400


# -- billing ---------------------------------------------------------------------------------


def test_billing_refuses_unknown_references_and_types(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    headers = bearer(fake, fake.user_id)
    assert http.post("/billing/setupintents", json={"payment_type": 9},
                     headers=headers).status_code == 400  # fmt: skip
    attach = http.post("/billing/paymentmethods",
                       json={"payment_type": 3, "reference": "pm_asdf9023jmkasdf02jkasdf"},
                       headers=headers)  # fmt: skip
    assert error(attach) == (400, "validation_error")
    assert http.get("/billing/paymentmethods", headers=headers).json() == []


def test_another_users_setup_intent_lists_nothing(fake: FakeBeatTech, http: httpx.Client) -> None:
    mine = http.post("/billing/setupintents", json={"payment_type": 4},
                     headers=bearer(fake, fake.user_id)).json()["client_secret"]  # fmt: skip
    fake.complete_setup_intent(mine)
    theirs = http.get("/billing/paymentmethods", params={"setupintent": mine},
                      headers=bearer(fake, fake.editor_user_id))  # fmt: skip
    assert theirs.json() == []


def test_attaching_moves_running_subscriptions_to_the_provider(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    headers = bearer(fake, fake.user_id)
    secret = http.post("/billing/setupintents", json={"payment_type": 4},
                       headers=headers).json()["client_secret"]  # fmt: skip
    reference = fake.complete_setup_intent(secret)
    wrong_type = http.post(
        "/billing/paymentmethods", json={"payment_type": 3, "reference": reference}, headers=headers
    )
    assert wrong_type.status_code == 400
    http.post("/billing/paymentmethods", json={"payment_type": 4, "reference": reference},
              headers=headers)  # fmt: skip
    assert fake.users[fake.user_id]["payment_type"] == 4
    assert fake.subscriptions["9000"]["payment_type"] == 4


def test_product_get(fake: FakeBeatTech, http: httpx.Client) -> None:
    product = http.get("/products/201", headers=bearer(fake)).json()["product"]
    assert (product["id"], product["name"]) == ("201", "Premium")
    assert http.get("/products/1", headers=bearer(fake)).status_code == 404


# -- partner users and activations -----------------------------------------------------------


def _activate(http: httpx.Client, fake: FakeBeatTech, **body: Any) -> httpx.Response:
    payload = {"partneruser": {"external_id": "PARTNER-USR-123"}, "product": {"id": "213"},
               **body}  # fmt: skip
    return http.post("/partnerusers/activations", json=payload, headers=partner(fake))


def test_partner_creates_a_user_with_an_incomplete_subscription(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    response = _activate(http, fake, user={"email": "ada@example.com", "firstname": "Ada",
                                           "lastname": "Lovelace"})  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"activation", "user"}
    assert body["activation"]["id"] == "9001"
    assert body["activation"]["url"] == "https://www.fabel.beat.test/activations/9001"
    assert "confirmation_code=" in body["activation"]["confirmation_url"]
    assert body["user"] == {"id": "28392", "was_user_created": True,
                            "was_requested_password_applied": False}  # fmt: skip
    (subscription,) = [s for s in fake.subscriptions.values() if s["user_id"] == "28392"]
    assert (subscription["state"], subscription["product_id"]) == (9, "213")


def test_partner_activation_confirmation_flow(fake: FakeBeatTech, http: httpx.Client) -> None:
    body = _activate(http, fake, user={"email": "new@example.com", "password": "chosen"}).json()
    assert body["user"]["was_requested_password_applied"] is True
    code = body["activation"]["confirmation_url"].split("confirmation_code=")[1]
    looked_up = http.get("/activations", params={"confirmation_code": code},
                         headers=bearer(fake)).json()["activations"]  # fmt: skip
    assert looked_up == [{"id": "9001", "state": "PENDING", "user_id": body["user"]["id"],
                          "product_id": "213", "was_user_created": True}]  # fmt: skip
    owner = bearer(fake, body["user"]["id"])
    assert http.patch("/activations/9001", json={"state": "NOPE"}, headers=owner).status_code == 400
    assert http.patch("/activations/9001", json={"state": "CONFIRMED"},
                      headers=bearer(fake, fake.user_id)).status_code == 403  # fmt: skip
    first = http.patch("/activations/9001", json={"state": "CONFIRMED"}, headers=owner)
    assert (first.status_code, first.json()) == (200, {})
    again = http.patch("/activations/9001", json={"state": "CONFIRMED"}, headers=owner)
    assert again.status_code == 208
    (subscription,) = [s for s in fake.subscriptions.values() if s["user_id"] == body["user"]["id"]]
    assert subscription["state"] == 3


def test_partner_matches_existing_users_and_products(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    first = _activate(http, fake, user={"email": "READER@example.com", "password": "x"}).json()
    assert first["user"] == {"id": fake.user_id, "was_user_created": False,
                             "was_requested_password_applied": False}  # fmt: skip
    same = _activate(http, fake).json()
    assert same["activation"]["id"] == first["activation"]["id"]
    moved = _activate(http, fake, product={"id": "214"}, state=2).json()
    assert moved["activation"]["id"] != first["activation"]["id"]
    partner_subs = {s["product_id"]: s["state"] for s in fake.subscriptions.values()
                    if s["partner_id"] == "1"}  # fmt: skip
    assert partner_subs == {"213": 7, "214": 3}


def test_partner_without_user_and_unknown_external_id_is_404(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    assert error(_activate(http, fake)) == (404, "error_not_found")
    no_contact = _activate(http, fake, user={"firstname": "Ada"})
    assert error(no_contact) == (400, "validation_error")


def test_partner_ends_an_activation_once(fake: FakeBeatTech, http: httpx.Client) -> None:
    activation = _activate(http, fake, user={"msisdn": "4790000001"}).json()["activation"]
    path = f"/partnerusers/activations/{activation['id']}"
    other = fake.add_partner("other-partner", "other-secret")
    foreign = http.delete(path, headers={"X-Auth-Client-Id": other.client_id,
                                         "X-Auth-Client-Secret": "other-secret"})  # fmt: skip
    assert error(foreign) == (404, "error_not_found")
    ended = http.delete(path, headers=partner(fake))
    assert (ended.status_code, ended.json()) == (200, {})
    assert error(http.delete(path, headers=partner(fake))) == (400, "validation_error")
    assert http.delete("/partnerusers/activations/1", headers=partner(fake)).status_code == 404


def test_no_partner_when_switched_off() -> None:
    fake = FakeBeatTech(partner=False)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        response = _activate(http, fake, user={"email": "x@example.com"})
    assert (response.status_code, response.content) == (401, b"")


# -- LCP license status ----------------------------------------------------------------------


def test_lcp_status_for_entitled_and_not(fake: FakeBeatTech, http: httpx.Client) -> None:
    release = next(iter(fake.catalog.releases))
    entitled = http.get(f"/lcp/license/status/{release}/{fake.user_id}", headers=lcp())
    assert (entitled.status_code, entitled.content) == (204, b"")
    refused = http.get(f"/lcp/license/status/{release}/{fake.editor_user_id}", headers=lcp())
    assert error(refused) == (403, "access_denied")
    fake.lcp_licenses.add((release, fake.editor_user_id))
    licensed = http.head(f"/lcp/license/status/{release}/{fake.editor_user_id}", headers=lcp())
    assert (licensed.status_code, licensed.content) == (204, b"")
    unknown = http.head(f"/lcp/license/status/1/{fake.user_id}", headers=lcp())
    assert (unknown.status_code, unknown.content) == (404, b"")
    assert [status for _, _, status in fake.lcp_checks] == [204, 403, 204, 404]


def test_lcp_status_follows_the_subscription(fake: FakeBeatTech, http: httpx.Client) -> None:
    release = next(iter(fake.catalog.releases))
    fake.subscriptions["9000"]["state"] = 9
    response = http.get(f"/lcp/license/status/{release}/{fake.user_id}", headers=lcp())
    assert response.status_code == 403


# -- catalog ---------------------------------------------------------------------------------


def test_artist_get_and_search(fake: FakeBeatTech, http: httpx.Client) -> None:
    artist = fake.catalog.artists["101"]
    got = http.get("/artists/101", headers={**bearer(fake), "X-Artist-Image-Sizes": "w50,h200"})
    view = got.json()["artist"]
    assert (view["id"], view["name"], view["favourite"]) == ("101", artist["name"], False)
    assert set(view["image"]) == {"w50", "h200"}
    assert view["releases_count"] >= 1
    assert "image" not in http.get("/artists/101", headers=bearer(fake)).json()["artist"]
    assert http.get("/artists/1", headers=bearer(fake)).status_code == 404
    found = http.get("/artists", params={"query": artist["name"].split()[-1]}, headers=bearer(fake))
    assert "101" in [a["id"] for a in found.json()["artists"]]
    assert found.headers["Accept-Ranges"] == "artists"
    assert http.get("/artists", params={"query": " "}, headers=bearer(fake)).status_code == 400
    assert http.get("/artists", headers=bearer(fake)).status_code == 400


def test_favourite_flags_follow_the_caller(fake: FakeBeatTech, http: httpx.Client) -> None:
    fake.favourites[fake.user_id] = {("artist", "101")}
    mine = http.get("/artists/101", headers=bearer(fake, fake.user_id)).json()["artist"]
    assert (mine["favourite"], mine["favouritees_count"]) == (True, 1)
    visitor = http.get("/artists/101", headers=bearer(fake)).json()["artist"]
    assert visitor["favourite"] is False


def test_track_get_with_includes_and_sizes(fake: FakeBeatTech, http: httpx.Client) -> None:
    track_id = next(t for t, v in fake.catalog.tracks.items() if v["price"])
    plain = http.get(f"/tracks/{track_id}", headers=bearer(fake)).json()["track"]
    assert "prices" not in plain and "streams" not in plain and "cover" not in plain["release"]
    headers = {**bearer(fake), "X-Include": "track-prices, track-streams",
               "X-Release-Cover-Sizes": "w800", "X-Actor-Image-Sizes": "w50"}  # fmt: skip
    track = http.get(f"/tracks/{track_id}", headers=headers).json()["track"]
    assert track["prices"] == [{"type": "purchase", "amount": 1200, "currency": "NOK"}]
    assert set(track["streams"]) == {"aac/high", "aac/normal", "aac/low"}
    assert track["release"]["cover"] == {
        "w800": f"https://images.beat.test/covers/{track['release']['id']}/w800.jpg"
    }
    assert set(track["actors"][0]["image"]) == {"w50"}
    assert error(http.get(f"/tracks/{track_id}", headers={**bearer(fake),
                 "X-Release-Cover-Sizes": "800"})) == (400, "validation_error")  # fmt: skip
    assert error(http.get("/tracks/1", headers=bearer(fake))) == (404, "error_not_found")


def test_track_search_finds_by_actor(fake: FakeBeatTech, http: httpx.Client) -> None:
    narrator = next(a for a in fake.catalog.artists.values() if a["kind"] == "narrator")
    wanted = {t["id"] for t in fake.catalog.tracks.values()
              if any(actor["id"] == narrator["id"] for actor in t["actors"])}  # fmt: skip
    response = http.get("/tracks", params={"query": narrator["name"]},
                        headers={**bearer(fake), "Range": "tracks=0-999"})  # fmt: skip
    assert {t["id"] for t in response.json()["tracks"]} == wanted


# -- streams ---------------------------------------------------------------------------------


def _music_track(fake: FakeBeatTech) -> str:
    return next(t for t, v in fake.catalog.tracks.items() if v["price"])


def test_online_stream_and_its_signed_url(fake: FakeBeatTech, http: httpx.Client) -> None:
    track_id = _music_track(fake)
    response = http.get(f"/streams/online/{track_id}", headers=bearer(fake, fake.user_id))
    stream = response.json()["stream"]
    assert set(stream) == {"id", "url", "type", "duration", "format"}
    assert (stream["id"], stream["format"]) == (track_id, "aac/normal")
    assert stream["duration"] == fake.catalog.tracks[track_id]["duration"]
    assert stream["url"].startswith(f"https://stream.beat.test/media/online/{track_id}/")
    media = http.get(stream["url"])
    assert media.content == fake.stream_bytes(track_id, "aac/normal")
    assert fake.stream_grants[-1]["kind"] == "online"


def test_stream_host_refuses_bearers_and_expired_urls(
    fake: FakeBeatTech, http: httpx.Client, now: list[float]
) -> None:
    url = http.get(f"/streams/offline/{_music_track(fake)}",
                   headers=bearer(fake, fake.user_id)).json()["stream"]["url"]  # fmt: skip
    assert "/media/offline/" in url
    leaked = http.get(url, headers={"Authorization": "Bearer x"})
    assert leaked.status_code == 400
    assert fake.leaked_authorization == [leaked.request]
    assert http.get(url.replace("signature=", "signature=0")).status_code == 403
    fake.expire_stream_urls()
    assert http.get(url).status_code == 403
    fresh = http.get(f"/streams/offline/{_music_track(fake)}",
                     headers=bearer(fake, fake.user_id)).json()["stream"]["url"]  # fmt: skip
    now[0] += 301
    assert http.get(fresh).status_code == 403


@pytest.mark.parametrize(
    ("formats", "chosen"),
    [("*/high", "aac/high"), ("h264/*, */low", "aac/low"), ("aac/normal", "aac/normal")],
)
def test_stream_formats_pick_the_first_match(
    fake: FakeBeatTech, http: httpx.Client, formats: str, chosen: str
) -> None:
    response = http.get(
        f"/streams/online/{_music_track(fake)}",
        headers={**bearer(fake, fake.user_id), "X-Stream-Formats": formats},
    )
    assert response.json()["stream"]["format"] == chosen


@pytest.mark.parametrize("formats", ["h264/*", "high", ""])
def test_unavailable_or_malformed_formats_are_400(
    fake: FakeBeatTech, http: httpx.Client, formats: str
) -> None:
    response = http.get(
        f"/streams/online/{_music_track(fake)}",
        headers={**bearer(fake, fake.user_id), "X-Stream-Formats": formats},
    )
    assert error(response) == (400, "validation_error")


def test_streaming_needs_a_subscription_or_a_context(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    path = f"/streams/online/{_music_track(fake)}"
    assert error(http.get(path, headers=bearer(fake))) == (403, "subscription_required")
    assert http.get(path, headers=bearer(fake, fake.editor_user_id)).status_code == 403
    promo = http.get(path, headers={**bearer(fake), "X-Stream-Context": "release/1"})
    assert promo.status_code == 200
    assert fake.stream_grants[-1]["context"] == "release/1"
    bad = http.get(path, headers={**bearer(fake), "X-Stream-Context": "release"})
    assert bad.status_code == 400
    fake.streams_require_subscription = False
    assert http.get(path, headers=bearer(fake)).status_code == 200


def test_stream_urls_over_a_socket_use_the_other_loopback_name(
    beattech_server: FakeServer,
) -> None:
    fake = beattech_server.fake
    assert isinstance(fake, FakeBeatTech)
    track_id = _music_track(fake)
    with httpx.Client(base_url=beattech_server.base_url, timeout=10) as http:
        stream = http.get(f"/streams/online/{track_id}",
                          headers=bearer(fake, fake.user_id)).json()["stream"]  # fmt: skip
        assert stream["url"].startswith(f"http://localhost:{beattech_server.port}/media/")
        media = httpx.get(stream["url"], timeout=10)
    assert media.content == fake.stream_bytes(track_id, "aac/normal")


# -- editorial -------------------------------------------------------------------------------


def test_banners_hide_dangling_links_by_default(fake: FakeBeatTech, http: httpx.Client) -> None:
    shown = http.get("/banners", headers=bearer(fake)).json()["banners"]
    everything = http.get("/banners", params={"filter_empty": "false"}, headers=bearer(fake))
    assert len(everything.json()["banners"]) == len(shown) + 1
    assert everything.headers["Content-Range"] == f"banners 0-19/{len(shown) + 1}"
    banner = http.get(
        f"/banners/{shown[0]['id']}", headers={**bearer(fake), "X-Banner-Image-Sizes": "w300"}
    ).json()["banner"]
    assert set(banner["image"]) == {"w300"}


def test_hidden_banner_groups_are_for_editors(fake: FakeBeatTech, http: httpx.Client) -> None:
    assert error(http.get("/banners/groups/502", headers=bearer(fake))) == (403, "access_denied")
    editor = bearer(fake, fake.editor_user_id)
    assert http.get("/banners/groups/502", headers=editor).status_code == 200
    visible = http.get("/banners/groups", headers=bearer(fake)).json()["groups"]
    assert [g["id"] for g in visible] == ["501"]
    assert all(isinstance(b, str) for b in visible[0]["banners"])
    expanded = http.get(
        "/banners/groups",
        params={"group_ids": "501,502"},
        headers={**editor, "X-Include": "group-banners"},
    ).json()["groups"]
    assert [g["id"] for g in expanded] == ["501", "502"]
    assert all(isinstance(b, dict) for b in expanded[0]["banners"])


def test_layouts_by_id_or_alias(fake: FakeBeatTech, http: httpx.Client) -> None:
    home = http.get("/layouts/home", headers=bearer(fake)).json()["layout"]
    assert http.get("/layouts/1", headers=bearer(fake)).json()["layout"] == home
    assert home["alias"] == "home"
    assert http.get("/layouts/nowhere", headers=bearer(fake)).status_code == 404
    listed = http.get("/layouts", headers={**bearer(fake, fake.user_id), "Range": "items=0-49"})
    assert listed.headers["Content-Range"] == "items 0-49/2"


# -- sync: batch and changes -----------------------------------------------------------------


def test_batch_runs_subrequests_in_order_and_keeps_failures(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    requests = [
        {"method": "GET", "url": "/v2/products/201"},
        {"method": "GET", "url": "/v2/products/1"},
        {"method": "GET", "url": "/v2/products", "headers": {"Range": "products=0-1"}},
        {"method": "GET", "url": f"/v2/users/{fake.user_id}", "headers": {"Authorization": ""}},
    ]
    response = http.post("/batch", json={"requests": requests}, headers=bearer(fake, fake.user_id))
    assert response.status_code == 200
    answers = response.json()["responses"]
    assert [a["status"] for a in answers] == [200, 404, 206, 401]
    assert answers[0]["body"]["product"]["id"] == "201"
    assert "headers" not in answers[1]
    assert answers[2]["headers"] == {"Content-Range": "products 0-1/24"}


def test_batch_leaves_the_batch_the_operation_being_answered(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    # Lists page by the operation being answered: a subrequest's must not outlive it.
    requests = [{"method": "GET", "url": "/v2/products", "headers": {"Range": "products=0-1"}}]
    response = http.post("/batch", json={"requests": requests}, headers=bearer(fake, fake.user_id))
    assert response.json()["responses"][0]["headers"] == {"Content-Range": "products 0-1/24"}
    assert fake._operation == "batch"


def test_batch_limits(fake: FakeBeatTech, http: httpx.Client) -> None:
    headers = bearer(fake)
    many = [{"method": "GET", "url": "/v2/products"}] * 21
    assert http.post("/batch", json={"requests": many}, headers=headers).status_code == 400
    nested = [{"method": "POST", "url": "/v2/batch", "body": {"requests": []}}]
    assert http.post("/batch", json={"requests": nested}, headers=headers).status_code == 400
    outside = [{"method": "GET", "url": "/products"}]
    assert http.post("/batch", json={"requests": outside}, headers=headers).status_code == 400


def test_changes_feed_and_latest_change(fake: FakeBeatTech, http: httpx.Client) -> None:
    headers = bearer(fake, fake.user_id)
    path = f"/users/{fake.user_id}/changes"
    assert http.head(path, headers=headers).headers["X-Change"] == "0"
    for number in range(101):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number)})
    fake.add_change(fake.editor_user_id, "POST", "group", {"id": "1"})
    assert http.head(path, headers=headers).headers["X-Change"] == "101"
    page = http.get(path, params={"base_change_id": "0"},
                    headers={**headers, "Range": "changes=0-99"})  # fmt: skip
    assert page.headers["Content-Range"] == "changes 0-99/101"
    assert page.json()["changes"][0] == {"id": 1, "method": "PATCH",
                                         "body": {"track": {"id": "10001"}}}  # fmt: skip
    after = http.get(path, params={"base_change_id": "99"}, headers=headers).json()["changes"]
    assert [c["id"] for c in after] == [100, 101]
    other = http.get(f"/users/{fake.profile_user_id}/changes", headers=headers)
    assert error(other) == (403, "access_denied")


# -- reports ---------------------------------------------------------------------------------


def test_reports_accept_the_page_example(fake: FakeBeatTech, http: httpx.Client) -> None:
    response = http.post("/reports", json=PLAY_ENDED, headers=bearer(fake, fake.user_id))
    assert (response.status_code, response.json()) == (200, {})
    assert fake.reports == [{"endpoint": "reports", "user_id": fake.user_id, "body": PLAY_ENDED}]


@pytest.mark.parametrize(
    "body",
    [
        {k: v for k, v in PLAY_ENDED.items() if k != "duration"},
        {**PLAY_ENDED, "offline": "false"},
        {"event": "play.paused"},
        {"event": "play.started", "action": "player.progress"},
        {"action": "player.progress", "version": 1},
    ],
)
def test_reports_refuse_incomplete_bodies(
    fake: FakeBeatTech, http: httpx.Client, body: dict[str, Any]
) -> None:
    assert http.post("/reports", json=body, headers=bearer(fake)).status_code == 400


def test_v3_progress_and_the_legacy_endpoint(fake: FakeBeatTech, http: httpx.Client) -> None:
    progress = {"action": "player.progress", "version": 3, "time": 1, "user_id": fake.user_id,
                "offline": False, "entity_type": "track", "entity_id": "10001",
                "start_position": 0, "stop_position": 30, "sent_time": 2}  # fmt: skip
    assert http.post("/reports", json=progress, headers=bearer(fake)).status_code == 200
    assert http.post("/player/reports", json={"anything": 1}, headers=bearer(fake)).json() == {}
    assert [r["endpoint"] for r in fake.reports] == ["reports", "player/reports"]


def test_profiles_share_their_accounts_subscription(fake: FakeBeatTech, http: httpx.Client) -> None:
    child = bearer(fake, fake.profile_user_id)
    assert http.get(f"/streams/online/{_music_track(fake)}", headers=child).status_code == 200
    release = next(iter(fake.catalog.releases))
    status = http.get(f"/lcp/license/status/{release}/{fake.profile_user_id}", headers=lcp())
    assert status.status_code == 204


def test_url_helper_and_constructor_checks(fake: FakeBeatTech) -> None:
    assert fake.url("users.get", "5667") == "https://api.prod.fabel.beat.no/v2/users/5667"
    assert fake.url("subscriptions.update", 1, 2).endswith("/users/1/subscriptions/2")
    assert FakeBeatTech("skoobe").base_url == "https://api.prod.skoobe.beat.no/v2"
    with pytest.raises(ValueError, match="tenant"):
        FakeBeatTech("Not A Tenant")
    with pytest.raises(ValueError, match="stream_url"):
        FakeBeatTech(stream_url="https://api.prod.fabel.beat.no")
