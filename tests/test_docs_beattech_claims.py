"""docs/beattech.md's prose claims, checked against both clients.

Each test quotes the claim it checks. The page's code blocks run elsewhere
(``tests/test_docs_examples_run.py``); these are the sentences around them: what a
call sends, what it returns, what it refuses before sending. Three were false and
were corrected (the ``base_url`` example, the device features' shapes, which
``streams`` maps read ``[]`` as ``{}``); the rest pin behaviour the page states.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.reports import ReportQueue, play_ended
from beatkit.errors import ConfigurationError, ResponseDecodeError

PAGE = Path(__file__).resolve().parent.parent / "docs" / "beattech.md"
USER_ID = "28392"

Answer = (
    tuple[int, Any] | tuple[int, Any, dict[str, str]] | Callable[[httpx.Request], httpx.Response]
)


class Server:
    """A token endpoint (every grant answers; user grants name ``USER_ID``) plus canned paths."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Answer] = {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/oauth2/token"):
            form = dict(parse_qsl(request.content.decode()))
            body: dict[str, Any] = {"access_token": "tok", "expires_in": 3600}
            if form["grant_type"] != "client_credentials":
                body |= {"refresh_token": "r", "user_id": USER_ID}
            return httpx.Response(200, json=body)
        path = request.url.path.removeprefix("/v2")
        answer = self.routes.get((request.method, path))
        if answer is None:
            return httpx.Response(404, json={"error": "not_found", "error_description": "no"})
        if callable(answer):
            return answer(request)
        headers = answer[2] if len(answer) > 2 else {}  # type: ignore[misc]
        return httpx.Response(answer[0], headers=headers, json=answer[1])

    def sync(self, **options: Any) -> BeatTech:
        options.setdefault("base_url", "https://api.prod.test.beat.no/v2")
        http = httpx.Client(transport=httpx.MockTransport(self))
        return BeatTech("test", client_id="c", client_secret="s", http_client=http, **options)

    def async_(self, **options: Any) -> AsyncBeatTech:
        options.setdefault("base_url", "https://api.prod.test.beat.no/v2")
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return AsyncBeatTech("test", client_id="c", client_secret="s", http_client=http, **options)


# --- "Connecting": base_url -------------------------------------------------------------


def documented_base_url() -> str:
    """The example host of the sentence on ``base_url=`` in "Connecting"."""
    text = PAGE.read_text()
    sentence = text[text.index("`base_url=` replaces it") :][:300]
    found = re.search(r"`(https://[^`]+)`", sentence)
    assert found, "the base_url sentence names an example URL"
    return found[1]


def test_the_base_url_example_is_a_url_the_client_can_use() -> None:
    # It read `https://api.{tenant}.beat.no/v2`: passed as written, the client sent
    # every request to the host "api.{tenant}.beat.no" (nothing fills it in).
    url = documented_base_url()
    assert "{" not in url and "}" not in url
    server = Server()
    server.routes["GET", "/tracks/1"] = (200, {"track": {"id": "1"}})
    with server.sync(base_url=url) as bt:
        bt.tracks.get("1")
    assert str(server.requests[-1].url) == url + "/tracks/1"


async def test_the_base_url_is_used_as_written_by_the_async_client_too() -> None:
    url = documented_base_url()
    server = Server()
    server.routes["GET", "/tracks/1"] = (200, {"track": {"id": "1"}})
    async with server.async_(base_url=url) as bt:
        await bt.tracks.get("1")
    assert str(server.requests[-1].url) == url + "/tracks/1"


def test_plain_http_to_a_remote_host_is_refused_when_the_client_is_made() -> None:
    # "plain `http://` to a remote host raise ConfigurationError when the client is made"
    server = Server()
    with pytest.raises(ConfigurationError):
        server.sync(base_url="http://api.fabel.beat.no/v2")
    with pytest.raises(ConfigurationError):
        server.async_(base_url="http://api.fabel.beat.no/v2")
    assert server.requests == []


# --- "Catalogue": device features -------------------------------------------------------

DEVICE_SHAPES = [
    {"features": [{"name": "can_stream"}]},
    {"features": {"name": "can_stream"}},
    {"feature": {"name": "can_stream"}},
]
NOT_DEVICE_SHAPES = [[{"name": "can_stream"}], {"can_stream": True}]


@pytest.mark.parametrize("body", DEVICE_SHAPES)
def test_a_device_lookup_reads_the_documented_shapes_as_a_list(body: Any) -> None:
    # "the shared {"features": [...]} list, or the one feature object under
    # `features` or `feature`; either way `features.list` returns a list"
    server = Server()
    server.routes["GET", "/features"] = (200, body)
    with server.sync() as bt:
        found = bt.features.list(entity_type="device", entity_ids="phone-1")
    assert [feature.name for feature in found] == ["can_stream"]


@pytest.mark.parametrize("body", NOT_DEVICE_SHAPES)
def test_a_device_lookup_in_another_shape_is_a_decode_error(body: Any) -> None:
    # "A bare JSON list, or a body with neither key, is a ResponseDecodeError."
    server = Server()
    server.routes["GET", "/features"] = (200, body)
    with server.sync() as bt, pytest.raises(ResponseDecodeError):
        bt.features.list(entity_type="device", entity_ids="phone-1")


@pytest.mark.parametrize("body", DEVICE_SHAPES + NOT_DEVICE_SHAPES)
async def test_the_async_device_lookup_reads_the_same_shapes(body: Any) -> None:
    server = Server()
    server.routes["GET", "/features"] = (200, body)
    async with server.async_() as bt:
        if body in NOT_DEVICE_SHAPES:
            with pytest.raises(ResponseDecodeError):
                await bt.features.list(entity_type="device", entity_ids="phone-1")
        else:
            found = await bt.features.list(entity_type="device", entity_ids="phone-1")
            assert [feature.name for feature in found] == ["can_stream"]


# --- "Catalogue": PHP's empty map -------------------------------------------------------


def test_the_streams_maps_the_page_names_read_an_empty_array_as_an_empty_map() -> None:
    # "a track's `streams` and those of `bt.streams.release` ... read `[]` as `{}`"
    # (it said "a release's `streams`": a release has no such field; an undeclared
    # key stays in `extra` as sent).
    server = Server()
    server.routes["GET", "/tracks/1"] = (200, {"track": {"id": "1", "streams": []}})
    server.routes["GET", "/streams/releases/1"] = (200, {"track": {"id": "1"}, "streams": []})
    server.routes["GET", "/releases/1"] = (
        200,
        {"release": {"id": "1", "cover": [], "streams": []}},
    )
    with server.sync() as bt:
        assert bt.tracks.get("1").streams == {}
        assert dict(bt.streams.release("1").streams) == {}
        release = bt.releases.get("1")
    assert release.cover == {}
    assert release.extra == {"streams": []}


async def test_the_async_streams_maps_read_an_empty_array_as_an_empty_map() -> None:
    server = Server()
    server.routes["GET", "/tracks/1"] = (200, {"track": {"id": "1", "streams": []}})
    server.routes["GET", "/streams/releases/1"] = (200, {"track": {"id": "1"}, "streams": []})
    async with server.async_() as bt:
        assert (await bt.tracks.get("1")).streams == {}
        assert dict((await bt.streams.release("1")).streams) == {}


# --- claims the page states, pinned ---------------------------------------------------


def test_types_and_include_go_out_as_bare_comma_lists() -> None:
    # "`types` is sent as the bare comma list ("album, single" goes out as
    # album,single)"; `include=` takes "the header's own comma list", sent as X-Include.
    server = Server()
    server.routes["GET", "/artists/101/releases/top"] = (200, {"releases": []})
    with server.sync() as bt:
        list(
            bt.artists.top_releases(
                "101", types="album, single", include="release-tracks, release-prices"
            )
        )
    sent = server.requests[-1]
    assert sent.url.params["types"] == "album,single"
    assert sent.headers["X-Include"] == "release-tracks,release-prices"


def test_an_empty_filter_list_is_refused_before_sending() -> None:
    # "A filter given as an empty list (`types=[]`, `names=[]`) is a ValueError before sending"
    server = Server()
    with server.sync() as bt:
        with pytest.raises(ValueError, match="types"):
            list(bt.artists.top_releases("101", types=[]))
        with pytest.raises(ValueError, match="names"):
            bt.features.list(entity_type="release", entity_ids=["1"], names=[])
    assert server.requests == []


def test_a_campaign_lookup_with_more_than_one_campaign_is_a_decode_error() -> None:
    # "an answer with more is a ResponseDecodeError, never the first of them"
    server = Server()
    server.routes["GET", "/campaigns"] = (200, {"campaigns": [{"id": "1"}, {"id": "2"}]})
    with server.sync() as bt, pytest.raises(ResponseDecodeError):
        bt.campaigns.lookup("spring-sale")


def test_an_already_confirmed_activation_returns_false() -> None:
    # "`activations.confirm` returns False for 208, "already confirmed""
    server = Server()
    server.routes["PATCH", "/activations/5"] = lambda request: httpx.Response(208)
    with server.sync() as bt:
        bt.auth.login("u", "p")
        assert bt.activations.confirm("5") is False


def test_a_403_names_the_token_scopes_and_the_accepted_ones() -> None:
    # "a 403's message ends with the X-OAuth-Scopes ... and X-Accepted-OAuth-Scopes"
    server = Server()
    scopes = {"X-OAuth-Scopes": "user", "X-Accepted-OAuth-Scopes": "editor"}
    server.routes["GET", "/tracks/2"] = (403, {"error": "forbidden"}, scopes)
    with server.sync() as bt, pytest.raises(Exception, match="editor") as info:
        bt.tracks.get("2")
    assert str(info.value).endswith("X-Accepted-OAuth-Scopes: editor)")


def test_a_400_never_triggers_a_refresh() -> None:
    # "A 400 from the API never triggers a refresh."
    server = Server()
    server.routes["GET", "/tracks/1"] = (400, {"error": "invalid_request"})
    with server.sync() as bt:
        bt.auth.login("u", "p")
        with pytest.raises(Exception, match="400"):
            bt.tracks.get("1")
    assert [r.url.path for r in server.requests] == ["/v2/oauth2/token", "/v2/tracks/1"]


def test_a_start_past_the_end_is_an_empty_page_with_the_416s_length() -> None:
    # "To the first request (a `start=` past the end) it is an empty page whose
    # `total` is the length its `Content-Range: <unit> */<length>` names"
    server = Server()
    server.routes["GET", "/tracks"] = (416, {}, {"Content-Range": "tracks */45"})
    with server.sync() as bt:
        page = next(iter(bt.tracks.search("q", start=100).pages()))
    assert list(page.items) == []
    assert page.total == 45


@pytest.mark.parametrize(
    ("status", "refused", "maybe_sent"),
    [
        (400, True, False),
        (413, True, False),
        (422, True, False),
        (401, False, False),
        (429, False, False),
        (500, False, True),
        (503, False, True),
    ],
)
def test_a_flush_result_says_refused_and_maybe_sent_as_the_page_lists(
    status: int, refused: bool, maybe_sent: bool
) -> None:
    # "`result.refused` says when (a 400, 413 or 422; a timeout, a 5xx, a 401 or a 429
    # is worth another flush later)"; "`maybe_sent` ... (a timeout, a 5xx ...) or
    # certainly did not (a 4xx, a 429 ...)"
    server = Server()
    server.routes["POST", "/reports"] = (status, {"error": "x"})
    queue = ReportQueue()
    queue.append(play_ended(track_id="1", time=int(time.time()), offline=True, duration=103))
    with server.sync(max_retries=0) as bt:
        result = queue.flush(bt)
    assert (result.refused, result.maybe_sent) == (refused, maybe_sent)
    assert len(queue) == 1


def test_a_charge_that_may_have_been_made_names_the_call_that_shows_it() -> None:
    # "the error's notes ... name the call that shows whether it was:
    # bt.charges.list(...), bt.charges.list_external(...) for an external charge,
    # bt.users.balances() for a top-up, the payment provider for a charge by email";
    # "A 4xx or a connection never made adds no note".
    server = Server()
    server.routes["POST", "/charges"] = (500, {"error": "x"})
    calls: list[tuple[dict[str, Any], str]] = [
        ({"entity_type": "track", "entity_id": "123"}, "bt.charges.list('track', '123')"),
        ({"entity_type": "balance", "amount": 100, "unit": "XCR"}, "bt.users.balances()"),
        (
            {"entity_type": "release", "entity_id": "1", "email": "a@example.com"},
            "payment provider",
        ),
    ]
    with server.sync() as bt:
        bt.auth.login("u", "p")
        for arguments, named in calls:
            with pytest.raises(Exception, match="500") as info:
                bt.charges.create("purchase", payment_type=1, source="tok", **arguments)
            assert named in " ".join(getattr(info.value, "__notes__", []))
        with pytest.raises(Exception, match="500") as info:
            bt.charges.create("external_charge", "release", entity_id="1", user_id="77")
        assert "bt.charges.list_external('77'" in " ".join(info.value.__notes__)
        server.routes["POST", "/charges"] = (400, {"error": "x"})
        with pytest.raises(Exception, match="400") as info:
            bt.charges.create("purchase", "track", entity_id="1", payment_type=1, source="t")
        assert not getattr(info.value, "__notes__", [])
    assert sum(r.url.path == "/v2/charges" for r in server.requests) == 5  # never twice


@pytest.mark.parametrize(
    ("method", "path", "status", "sent"),
    [
        ("GET", "/tracks/1", 500, 3),
        ("HEAD", "/users/28392/changes", 503, 3),
        ("DELETE", "/partnerusers/activations/1", 500, 1),
        ("PATCH", "/tracks/1", 500, 1),
        ("DELETE", "/partnerusers/activations/1", 429, 3),
    ],
)
def test_only_get_and_head_are_retried_after_a_server_error(
    method: str, path: str, status: int, sent: int
) -> None:
    # "only GET and HEAD are retried after a server error or a timeout; a write ... is
    # retried only after a 429 or a connection failure before sending"
    server = Server()
    server.routes[method, path] = (status, {"error": "x"}, {"Retry-After": "0"})
    calls = {
        "/tracks/1": lambda bt: bt.tracks.get("1") if method == "GET" else bt.tracks.favourite("1"),
        "/users/28392/changes": lambda bt: bt.sync.latest_change_id(),
        "/partnerusers/activations/1": lambda bt: bt.partner_users.end("1"),
    }
    with server.sync(max_retry_wait=0.01) as bt:
        bt.auth.login("u", "p")
        with pytest.raises(Exception, match=str(status)):
            calls[path](bt)
    assert sum(r.url.path == "/v2" + path for r in server.requests) == sent


def test_a_pull_asks_for_100_changes_and_drops_those_at_or_below_the_base() -> None:
    # "`pull` asks for 100 changes per request (the page's `changes=0-99`) and drops ids
    # at or below the base, however the server counts"; a pulled id "81" is change 81.
    server = Server()
    changes = [
        {"id": number, "method": "PATCH", "entity_type": "track", "entity_id": "1", "body": {}}
        for number in (3, 5, "6")
    ]
    range_ = {"Content-Range": "changes 0-99/3"}
    server.routes["GET", f"/users/{USER_ID}/changes"] = (206, {"changes": changes}, range_)
    with server.sync() as bt:
        bt.auth.login("u", "p")
        feed = bt.sync.pull(5)
    assert [change.id for change in feed.changes] == [6]
    assert feed.base_change_id == 6
    assert server.requests[-1].headers["Range"] == "changes=0-99"


async def test_the_async_pull_drops_the_same_changes() -> None:
    server = Server()
    changes = [
        {"id": number, "method": "PATCH", "entity_type": "track", "entity_id": "1", "body": {}}
        for number in (3, 5, "6")
    ]
    range_ = {"Content-Range": "changes 0-99/3"}
    server.routes["GET", f"/users/{USER_ID}/changes"] = (206, {"changes": changes}, range_)
    async with server.async_() as bt:
        await bt.auth.login("u", "p")
        feed = await bt.sync.pull(5)
    assert [change.id for change in feed.changes] == [6]


def test_the_tracker_reproduces_the_pages_example() -> None:
    # tracker.play_to(45) -> [progress 0-30]; tracker.seek(100) -> [progress 30-45];
    # "`play.ended` counts every second played"
    from beatkit.beattech.reports import PlaybackTracker

    tracker = PlaybackTracker("10001")
    assert [(e.start_position, e.stop_position) for e in tracker.play_to(45)] == [(0, 30)]
    assert [(e.start_position, e.stop_position) for e in tracker.seek(100)] == [(30, 45)]
    ended = tracker.end()
    assert ended[-1].kind == "play.ended"
    assert ended[-1].duration == 45


def test_send_many_checks_every_report_before_sending_any() -> None:
    # "a sequence, in order, every report checked first; one report alone, a dict, is a
    # TypeError"
    server = Server()
    report = {"event": "play.started", "track_id": "1", "time": int(time.time())}
    report |= {"offline": False, "start_position": 0}
    with server.sync() as bt:
        with pytest.raises(ValueError, match=r"reports\[2\]"):
            bt.reports.send_many([report, report, {"track_id": "1"}])
        with pytest.raises(TypeError, match="send one report with send"):
            bt.reports.send_many(report)
    assert server.requests == []


def test_a_window_asked_for_on_global_events_is_in_items() -> None:
    # "global events page in `items` (the page's example; the operation list says `events`)"
    server = Server()
    server.routes["GET", "/events"] = (206, {"events": []}, {"Content-Range": "items 0-9/0"})
    with server.sync() as bt:
        list(bt.events.list(page_size=10))
    assert server.requests[-1].headers["Range"] == "items=0-9"
