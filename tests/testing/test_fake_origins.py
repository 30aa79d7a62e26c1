"""In process, a fake answers only the origins it serves (scheme, host and port).

A fake that answered any host let a client configured with the wrong host, or a
library bug sending a request (a bearer token with it) to the wrong host, pass its
tests: ``FakeBeatConnect(base_url="https://other.example/v1")`` answered a request to
``api.beatconnectafrica.com`` with 200.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.testing import (
    FakeBeatConnect,
    FakeBeatPass,
    FakeBeatport,
    FakeBeatTech,
    FakeService,
    UnservedOriginError,
)


def test_reproducer_another_host_is_refused() -> None:
    fake = FakeBeatConnect(base_url="https://other.example/v1")
    with (
        httpx.Client(transport=fake.transport()) as http,
        pytest.raises(UnservedOriginError) as caught,
    ):
        http.get(
            "https://api.beatconnectafrica.com/v1/beats/1234",
            headers={"Authorization": f"Bearer {fake.api_key}"},
        )
    message = str(caught.value)
    assert "FakeBeatConnect" in message
    assert "GET https://api.beatconnectafrica.com/v1/beats/1234" in message
    assert "https://other.example" in message
    assert fake.api_key not in message
    assert caught.value.origin == "https://api.beatconnectafrica.com"
    assert caught.value.served == ("https://other.example",)
    assert caught.value.request.url.host == "api.beatconnectafrica.com"
    # Never reached the fake: no log entry, no rate-limit slot, no fault consumed.
    assert fake.requests == []


def test_the_query_stays_out_of_the_message() -> None:
    fake = FakeBeatConnect()
    with (
        httpx.Client(transport=fake.transport()) as http,
        pytest.raises(UnservedOriginError) as caught,
    ):
        http.get("https://elsewhere.example/v1/beats?signature=s3cret-value")
    assert "s3cret-value" not in str(caught.value)
    assert "GET https://elsewhere.example/v1/beats" in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://api.beatconnectafrica.com/v1/genres",  # plain http: another origin
        "https://api.beatconnectafrica.com:8443/v1/genres",  # another port
        "https://beatconnectafrica.com/v1/genres",
        "https://api.beatconnectafrica.com.evil.example/v1/genres",
    ],
)
def test_scheme_host_and_port_all_count(url: str) -> None:
    fake = FakeBeatConnect()
    with httpx.Client(transport=fake.transport()) as http, pytest.raises(UnservedOriginError):
        http.get(url, headers={"Authorization": f"Bearer {fake.api_key}"})


@pytest.mark.parametrize(
    "url",
    [
        "https://api.beatconnectafrica.com/v1/genres",
        "https://API.BeatConnectAfrica.com/v1/genres",  # host names have no case
        "https://api.beatconnectafrica.com:443/v1/genres",  # the default port, spelled out
    ],
)
def test_the_base_url_origin_is_served(url: str) -> None:
    fake = FakeBeatConnect()
    with httpx.Client(transport=fake.transport()) as http:
        response = http.get(url, headers={"Authorization": f"Bearer {fake.api_key}"})
    assert response.status_code == 200


def test_a_beatkit_client_on_the_wrong_host_fails_at_once() -> None:
    fake = FakeBeatConnect(base_url="https://other.example/v1")
    with (
        BeatConnect(
            api_key=fake.api_key, http_client=httpx.Client(transport=fake.transport())
        ) as bc,
        pytest.raises(UnservedOriginError, match="FakeBeatConnect"),
    ):
        bc.beats.get(1234)
    assert fake.requests == []


@pytest.mark.asyncio
async def test_async_clients_are_refused_too() -> None:
    fake = FakeBeatConnect(base_url="https://other.example/v1")
    async with AsyncBeatConnect(
        api_key=fake.api_key, http_client=httpx.AsyncClient(transport=fake.transport())
    ) as bc:
        with pytest.raises(UnservedOriginError):
            await bc.beats.get(1234)
    assert fake.requests == []


def test_other_fakes_refuse_another_host() -> None:
    fakes: list[FakeService] = [FakeBeatPass(), FakeBeatport(), FakeBeatTech()]
    for fake in fakes:
        with httpx.Client(transport=fake.transport()) as http:
            with pytest.raises(UnservedOriginError, match=type(fake).__name__):
                http.get("https://wrong.example/anything")
            # Their own base URL still answers (whatever the route says).
            assert http.get(fake.base_url + "/no-such-route").status_code in (401, 404)
        assert len(fake.requests) == 1


def test_beatport_serves_its_api_and_cdn() -> None:
    fake = FakeBeatport(cdn_url="https://cdn.example:8443")
    assert fake.origins == ("https://api.beatport.com", "https://cdn.example:8443")
    with httpx.Client(transport=fake.transport()) as http:
        assert http.get("https://cdn.example:8443/nothing").status_code == 404
        with pytest.raises(UnservedOriginError) as caught:
            http.get("https://cdn.example/nothing")  # port 443 is not the CDN's
    assert "https://api.beatport.com, https://cdn.example:8443" in str(caught.value)


def test_beattech_serves_its_api_and_stream_host() -> None:
    fake = FakeBeatTech(stream_url="http://stream.example")
    assert fake.origins == ("https://api.prod.fabel.beat.no", "http://stream.example")
    with httpx.Client(transport=fake.transport()) as http:
        assert http.get("http://stream.example/media/x").status_code == 404
        with pytest.raises(UnservedOriginError):
            http.get("https://stream.example/media/x")


def test_origins_follow_the_attributes() -> None:
    fake = FakeBeatport()
    fake.cdn_url = "https://moved.example"
    assert fake.origins[-1] == "https://moved.example"
    with httpx.Client(transport=fake.transport()) as http:
        assert http.get("https://moved.example/x").status_code == 404


def test_any_origin_opts_out() -> None:
    fake = FakeBeatConnect(base_url="https://other.example/v1")
    with httpx.Client(transport=fake.transport(any_origin=True)) as http:
        response = http.get(
            "https://api.beatconnectafrica.com/v1/beats/1234",
            headers={"Authorization": f"Bearer {fake.api_key}"},
        )
    assert response.status_code == 200


def test_any_origin_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="any_origin"):
        FakeBeatConnect().transport(any_origin="yes")  # type: ignore[arg-type]


def test_the_socket_server_answers_as_before() -> None:
    fake = FakeBeatConnect(base_url="https://other.example/v1")
    with fake.serve() as server:
        response = httpx.get(
            server.base_url + "/beats/1234", headers={"Authorization": f"Bearer {fake.api_key}"}
        )
    assert response.status_code == 200


def test_the_error_is_an_assertion_not_a_beatkit_error() -> None:
    # A test that expects a beatkit error (pytest.raises(BeatkitError)) must not pass
    # because its client went to the wrong host.
    from beatkit.errors import BeatkitError

    assert issubclass(UnservedOriginError, AssertionError)
    assert not issubclass(UnservedOriginError, BeatkitError | httpx.HTTPError)


def test_beattech_on_a_loopback_base_url_serves_the_stream_urls_it_issues() -> None:
    # On a loopback API host the fake issues stream URLs under the other loopback name
    # (same port), as it does over a socket: those are its own too.
    fake = FakeBeatTech(base_url="http://127.0.0.1:8080/v2")
    assert fake.origins == (
        "http://127.0.0.1:8080",
        "https://stream.beat.test",
        "http://localhost:8080",
    )
    track_id = next(iter(fake.catalog.tracks))
    token = fake.issue_token(fake.user_id)["access_token"]
    with httpx.Client(transport=fake.transport()) as http:
        answer = http.get(
            f"{fake.base_url}/streams/online/{track_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200, answer.text
        url = answer.json()["stream"]["url"]
        assert url.startswith("http://localhost:8080/media/")
        assert http.get(url).status_code == 200
