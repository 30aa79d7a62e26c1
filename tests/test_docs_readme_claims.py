"""What README.md, docs/quickstart.md, docs/beatconnect*.md and docs/hls.md say, as a user meets it.

Each test reproduces one claim of those pages (a default, a limit, an error, a retry, a
message) against the public API, offline: the bundled fakes or an ``httpx.MockTransport``
standing for an odd-but-legal server. Both facades where the claim covers both.
"""

from __future__ import annotations

import asyncio
import re
import tomllib
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import (
    AsyncBeatConnect,
    BeatConnect,
    BeatPass,
    Beatport,
    ConfigurationError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)
from beatkit.beatconnect.webhooks import construct_event, parse_event, verify_signature
from beatkit.errors import WebhookPayloadError, WebhookVerificationError
from beatkit.hls import (
    AsyncHLSDownloader,
    FetchError,
    HLSDownloader,
    KeyFetchError,
    SegmentError,
    encrypt_segment,
    parse_playlist,
)
from beatkit.testing import FakeBeatConnect, FakeBeatPass

ROOT = Path(__file__).resolve().parent.parent
BEAT = {"id": 1, "title": "t", "user_id": 2, "price": 49.99, "bpm": 120}


def _page(name: str) -> str:
    return re.sub(r"\s+", " ", (ROOT / name).read_text())


def _mock(handler: Callable[[httpx.Request], httpx.Response], log: list[str]) -> BeatConnect:
    def record(request: httpx.Request) -> httpx.Response:
        log.append(str(request.url))
        return handler(request)

    return BeatConnect(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(record)))


# -- README and quickstart: install, defaults, environment ------------------------------


def test_the_quickstart_names_the_runtime_dependencies() -> None:
    # "It depends on httpx (0.28 or newer), attrs (24.1 or newer), cattrs, cryptography,
    # authlib, tenacity and sniffio", and "Python 3.11 or newer".
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0] for dep in project["dependencies"]}
    text = _page("docs/quickstart.md")
    assert names == {"httpx", "attrs", "cattrs", "cryptography", "authlib", "tenacity", "sniffio"}
    assert all(name in text for name in names)
    assert "httpx>=0.28" in project["dependencies"] and "attrs>=24.1" in project["dependencies"]
    assert project["requires-python"] == ">=3.11" and "Python 3.11 or newer" in text


def test_the_readme_opens_with_the_demo_and_the_test_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.DOTALL)
    assert (
        blocks[0] == "python3.11 -m venv .venv && .venv/bin/pip install . && .venv/bin/beatkit demo"
    )
    assert blocks[1] == (
        "python3.11 -m venv .venv && .venv/bin/pip install -e '.[test]'"
        " && .venv/bin/python -m pytest"
    )
    # The extras the README's development command installs exist, and the nox sessions
    # it names are defined.
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert {"test", "dev", "docs"} <= set(extras)
    noxfile = (ROOT / "noxfile.py").read_text()
    for session in ("tests", "lint", "typecheck", "generated", "docs", "bench"):
        assert re.search(rf"^def {session}\(session", noxfile, flags=re.MULTILINE), session


def test_beatport_is_paced_at_two_requests_a_second_by_default() -> None:
    import inspect

    parameters = inspect.signature(Beatport).parameters
    assert parameters["requests_per_second"].default == 2.0
    assert "paced at 2 per second by default (`requests_per_second=`)" in _page("README.md")


def test_beatpass_reads_work_without_a_token_and_writes_fail_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    fake = FakeBeatPass()
    with BeatPass(http_client=httpx.Client(transport=fake.transport())) as bp:
        assert len(list(bp.tracks.list(limit=3))) == 3
        sent = len(fake.requests)
        with pytest.raises(ConfigurationError, match="BEATPASS_TOKEN"):
            bp.playlists.create("Drafts")
        assert len(fake.requests) == sent


def test_api_errors_carry_what_the_readme_lists() -> None:
    fake = FakeBeatConnect()
    client = httpx.Client(transport=fake.transport())
    with BeatConnect(fake.api_key, http_client=client) as bc, pytest.raises(NotFoundError) as info:
        bc.beats.get(42)
    error = info.value
    assert (error.status_code, error.code, error.service) == (404, "not_found", "beatconnect")
    assert error.message and error.request_id and isinstance(error.body, dict)


# -- docs/beatconnect.md ----------------------------------------------------------------


def test_the_api_key_is_stripped_read_from_the_environment_or_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeBeatConnect()
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)
    for cls in (BeatConnect, AsyncBeatConnect):
        with pytest.raises(ConfigurationError, match="BEATCONNECT_API_KEY"):
            cls()
        for bad in ("a b", "line\nbreak", "é", "\x00"):
            with pytest.raises(ConfigurationError) as info:
                cls(api_key=bad)
            assert bad not in str(info.value)
        with pytest.raises(ConfigurationError):
            cls(api_key=5)  # type: ignore[arg-type]
    with BeatConnect(
        api_key=f"  {fake.api_key}\n", http_client=httpx.Client(transport=fake.transport())
    ) as bc:
        assert bc.genres.list()
    monkeypatch.setenv("BEATCONNECT_API_KEY", fake.api_key)
    with BeatConnect(http_client=httpx.Client(transport=fake.transport())) as bc:
        assert bc.genres.list()


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda bc: bc.beats.list(page=0), ValueError),
        (lambda bc: bc.beats.list(page=10**18), ValueError),
        (lambda bc: bc.beats.list(per_page=0), ValueError),
        (lambda bc: bc.beats.list(per_page=101), ValueError),
        (lambda bc: bc.beats.list(sort="oldest"), ValueError),
        (lambda bc: bc.beats.list(limit=-1), ValueError),
        (lambda bc: bc.beats.list(page=True), TypeError),
        (lambda bc: bc.beats.list(offset=3), TypeError),
        (lambda bc: bc.beats.search("a", per_page=51), ValueError),
        (lambda bc: bc.users.search_producers("a", per_page=51), ValueError),
        (lambda bc: bc.orders.list(status="refunded"), ValueError),
    ],
)
def test_pager_limits_are_checked_when_the_call_is_made(call: Any, error: type) -> None:
    # "Limits are checked before sending", and a wrong argument raises "like any Python
    # function": at the call, before the pager is iterated, on both facades.
    log: list[str] = []
    bc = _mock(lambda request: httpx.Response(500), log)
    abc = AsyncBeatConnect(
        api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(lambda r: None))
    )
    for client in (bc, abc):
        with pytest.raises(error):
            call(client)
    assert log == []


def test_the_limits_accept_their_documented_ends() -> None:
    fake = FakeBeatConnect()
    with BeatConnect(fake.api_key, http_client=httpx.Client(transport=fake.transport())) as bc:
        assert list(bc.beats.list(page=10**18 - 1)) == []
        assert len(list(bc.beats.list(per_page=100, limit=100))) == 100
        assert list(bc.beats.search("a", per_page=50, limit=1))
        beat_id = fake.beats[0]["id"]
        assert len(bc.beats.similar(beat_id, limit=20)) <= 20
        for limit in (0, 21):
            with pytest.raises(ValueError, match="limit"):
                bc.beats.similar(beat_id, limit=limit)
        with pytest.raises(ValueError, match="per_page"):
            bc.search("a", per_page=51)


def test_a_next_page_link_keeps_the_filters_it_leaves_out_and_stays_on_the_host() -> None:
    def answer(next_url: str | None) -> httpx.Response:
        pagination = {"total": 2, "next_page_url": next_url}
        return httpx.Response(
            200, json={"status": "success", "data": {"beats": [BEAT], "pagination": pagination}}
        )

    log: list[str] = []
    bc = _mock(
        lambda r: answer(
            "https://api.beatconnectafrica.com/v1/beats?page=2"
            if r.url.params.get("page") is None
            else None
        ),
        log,
    )
    assert len(list(bc.beats.list(genre=1, sort="popular", per_page=1))) == 2
    second = httpx.URL(log[1]).params
    assert (second["page"], second["genre"], second["sort"], second["limit"]) == (
        "2",
        "1",
        "popular",
        "1",
    )
    log.clear()
    bc = _mock(lambda r: answer("https://elsewhere.example/v1/beats?page=2"), log)
    with pytest.raises(ResponseDecodeError, match="another host"):
        list(bc.beats.list())
    assert len(log) == 1


def test_the_second_envelope_counts_pages_from_meta_and_ignores_a_meta_without_counts() -> None:
    log: list[str] = []

    def paged(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        meta = {"page": page, "limit": 1, "total": 3}
        return httpx.Response(
            200, json={"success": True, "data": [{**BEAT, "id": page}], "meta": meta}
        )

    assert [b.id for b in _mock(paged, log).beats.list(per_page=1)] == [1, 2, 3]
    lone = {"success": True, "data": [BEAT], "meta": {"request_id": "x"}}
    bc = _mock(lambda r: httpx.Response(200, json=lone), [])
    assert [b.id for b in bc.beats.list(per_page=1)] == [1]


def test_a_bare_search_list_is_taken_for_one_type_and_refused_for_all() -> None:
    bc = _mock(lambda r: httpx.Response(200, json={"success": True, "data": [BEAT]}), [])
    with pytest.raises(ResponseDecodeError):
        bc.search("a")
    results = bc.search("a", type="beats")
    assert [b.id for b in results.beats] == [1] and results.producers == []
    assert results.query is None and results.type is None


def test_an_error_envelope_under_200_quotes_the_apis_message_and_code() -> None:
    body = {"status": "error", "error": {"code": "x_code", "message": "boom msg"}}
    bc = _mock(lambda r: httpx.Response(200, json=body), [])
    with pytest.raises(ResponseDecodeError, match=r"boom msg \(x_code\)"):
        bc.beats.get(1)


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"success": False, "message": "m", "code": "c"}, "c", "m"),
        ({"success": False, "error": "the_code", "message": "m"}, "the_code", "m"),
        ({"success": False, "error": "only a message"}, None, "only a message"),
    ],
)
def test_the_flat_error_forms_are_read(
    body: dict[str, Any], code: str | None, message: str
) -> None:
    bc = _mock(lambda r: httpx.Response(404, json=body), [])
    with pytest.raises(NotFoundError) as info:
        bc.beats.get(1)
    assert (info.value.code, info.value.message) == (code, message)


def test_amounts_are_exact_text_is_refused_and_unknown_order_states_kept() -> None:
    def beat(price: Any) -> httpx.Response:
        return httpx.Response(200, json={"status": "success", "data": {**BEAT, "price": price}})

    assert str(_mock(lambda r: beat(49.99), []).beats.get(1).price) == "49.99"
    assert str(_mock(lambda r: beat(-0.0), []).beats.get(1).price) == "-0.0"
    with pytest.raises(ResponseDecodeError):
        _mock(lambda r: beat("49.99"), []).beats.get(1)
    order = {"id": 1, "status": "refunded", "total": 1, "currency": "USD", "items": []}
    body = {"status": "success", "data": {"orders": [order], "pagination": {"total": 1}}}
    (got,) = _mock(lambda r: httpx.Response(200, json=body), []).orders.list()
    assert got.status == "refunded" and not got.status.is_known


def test_server_errors_are_retried_and_a_long_rate_limit_wait_is_not_waited() -> None:
    log: list[str] = []
    error = {"status": "error", "error": {"code": "server_error", "message": "x"}}
    bc = BeatConnect(
        api_key="k",
        max_retry_wait=0.01,
        http_client=httpx.Client(
            transport=httpx.MockTransport(
                lambda r: (log.append("x"), httpx.Response(500, json=error))[1]
            )
        ),
    )
    with pytest.raises(ServerError):
        bc.beats.get(1)
    assert len(log) == 3  # max_retries=2
    log.clear()
    limited = {"status": "error", "error": {"code": "rate_limit_exceeded", "message": "x"}}
    bc = _mock(lambda r: httpx.Response(429, json=limited, headers={"Retry-After": "120"}), log)
    with pytest.raises(RateLimitError) as info:
        bc.beats.get(1)
    assert len(log) == 1 and info.value.retry_after is not None
    assert info.value.retry_after > 60


def test_rate_limit_is_none_until_a_response_carried_the_headers() -> None:
    fake = FakeBeatConnect()
    with BeatConnect(fake.api_key, http_client=httpx.Client(transport=fake.transport())) as bc:
        assert bc.rate_limit is None
        bc.beats.get(fake.beats[0]["id"])
        state = bc.rate_limit
        assert state is not None and state.limit and state.reset_at.tzinfo is not None


# -- docs/beatconnect-webhooks.md -------------------------------------------------------

DATA = {
    "beat_id": 1234,
    "title": "Summer Vibes",
    "producer_id": 5678,
    "producer_name": "DJ Maphorisa",
    "license_type": "Premium",
    "amount": 49.99,
    "currency": "USD",
    "purchaser_id": 9012,
}


def _delivery() -> tuple[bytes, str]:
    body, headers = FakeBeatConnect().webhook("beat.purchased", DATA, secret="s")
    return body, headers["X-Webhook-Signature"]


class _Lines:
    """Headers shown as lines, a name repeated (werkzeug's ``Headers``, Starlette)."""

    def __init__(self, *pairs: tuple[str, str]) -> None:
        self.pairs = pairs

    def items(self) -> list[tuple[str, str]]:
        return list(self.pairs)


def test_the_signature_forms_the_rules_accept() -> None:
    body, sig = _delivery()
    for value in (sig, sig.upper(), "sha256=" + sig, " \t" + sig + "\t ", f"{sig}, {sig}"):
        verify_signature(body, {"x-webhook-signature": value}, "s")
    verify_signature(body, {"BeatConnect-Signature": sig}, "s")
    verify_signature(body, {b"x-webhook-signature": sig.encode()}, "s")
    verify_signature(body, httpx.Headers({"X-Webhook-Signature": sig}), "s")


def test_every_signature_shown_must_verify() -> None:
    body, sig = _delivery()
    bad = "0" * 64
    for headers in (
        {"X-Webhook-Signature": sig, "BeatConnect-Signature": bad},
        {"X-Webhook-Signature": f"{sig}, {bad}"},
        _Lines(("X-Webhook-Signature", sig), ("x-webhook-signature", bad)),
        httpx.Headers([("X-Webhook-Signature", sig), ("X-Webhook-Signature", bad)]),
    ):
        with pytest.raises(WebhookVerificationError, match="does not match"):
            verify_signature(body, headers, "s")  # type: ignore[arg-type]


def test_each_failure_has_its_own_message() -> None:
    body, sig = _delivery()
    cases = [
        ({}, "no signature"),
        ({"X-Webhook-Signature": ""}, "empty"),
        ({"X-Webhook-Signature": sig + "\n"}, "malformed"),
        ({"X-Webhook-Signature": "zz"}, "malformed"),
        ({"HTTP_X_WEBHOOK_SIGNATURE": sig}, "request.headers"),
    ]
    for headers, words in cases:
        with pytest.raises(WebhookVerificationError, match=words):
            verify_signature(body, headers, "s")
    with pytest.raises(WebhookVerificationError, match="whitespace") as info:
        verify_signature(body, {"X-Webhook-Signature": sig}, "s\n")
    assert "s\n" not in str(info.value)
    with pytest.raises(TypeError, match="bytes"):
        verify_signature(body.decode(), {"X-Webhook-Signature": sig}, "s")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        verify_signature(body, [("X-Webhook-Signature", sig)], "s")  # type: ignore[arg-type]
    for secret in ("", "\udcff"):
        with pytest.raises(ConfigurationError):
            verify_signature(body, {"X-Webhook-Signature": sig}, secret)


def test_the_tolerance_bounds_the_events_age_after_the_signature() -> None:
    body, sig = _delivery()
    headers = {"X-Webhook-Signature": sig}
    created = parse_event(body).created.timestamp()
    assert construct_event(body, headers, "s", clock=lambda: created + 10**9).id  # none by default
    for tolerance in (300, timedelta(minutes=5)):
        assert construct_event(body, headers, "s", tolerance=tolerance, clock=lambda: created + 299)
        with pytest.raises(WebhookVerificationError, match="300 seconds"):
            construct_event(body, headers, "s", tolerance=tolerance, clock=lambda: created + 301)
    # An event dated ahead of the clock is accepted.
    assert construct_event(body, headers, "s", tolerance=300, clock=lambda: created - 10**4)
    # The signature first: a forged body is a verification error, whatever its age.
    with pytest.raises(WebhookVerificationError, match="does not match"):
        construct_event(body + b" ", headers, "s", tolerance=300, clock=lambda: created + 10**6)


def test_the_events_table() -> None:
    body, _ = _delivery()
    event = parse_event(body)
    assert event.created.tzinfo is UTC and event.type == "beat.purchased"
    assert str(event.payload.amount) == "49.99"  # type: ignore[union-attr]
    assert {event, parse_event(body)} == {event}
    raw = event.raw
    for missing in DATA:
        data = {k: v for k, v in DATA.items() if k != missing}
        with pytest.raises(WebhookPayloadError, match=missing):
            parse_event({**raw, "data": data})
    assert parse_event({**raw, "type": "beat.created", "data": {"id": 5}}).payload.beat_id == 5  # type: ignore[union-attr]
    assert parse_event({**raw, "type": "user.updated", "data": {"id": 6}}).payload.user_id == 6  # type: ignore[union-attr]
    completed = parse_event({**raw, "type": "purchase.completed", "data": {"id": 7, "total": 3.5}})
    assert completed.payload.order_id == 7 and str(completed.payload.amount) == "3.5"  # type: ignore[union-attr]
    assert parse_event({**raw, "type": "x.y", "data": {"id": 5}}).payload is None
    for created in (10**30, -(10**13)):
        with pytest.raises(WebhookPayloadError) as info:
            parse_event({**raw, "created": created})
        assert str(created) not in str(info.value)
    assert isinstance(WebhookPayloadError("x"), ValueError)


# -- docs/hls.md ------------------------------------------------------------------------

PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nseg0.ts\n#EXT-X-ENDLIST\n"


def _run(
    handler: Callable[[httpx.Request], httpx.Response],
    dest: Path,
    url: str = "https://127.0.0.1/p.m3u8",
    **options: Any,
) -> list[Any]:
    """Download with both downloaders; each one's result or raised exception."""
    outcomes: list[Any] = []
    sync = HLSDownloader(httpx.Client(transport=httpx.MockTransport(handler)), retry_backoff=0)
    try:
        outcomes.append(sync.download(url, dest, **options))
    except Exception as exc:
        outcomes.append(exc)
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    downloader = AsyncHLSDownloader(client, retry_backoff=0)
    try:
        outcomes.append(asyncio.run(downloader.download(url, dest, **options)))
    except Exception as exc:
        outcomes.append(exc)
    return outcomes


def test_the_downloaders_defaults_are_the_documented_ones() -> None:
    import inspect

    for cls in (HLSDownloader, AsyncHLSDownloader):
        made = inspect.signature(cls).parameters
        assert made["retries"].default == 3
        assert made["max_segment_bytes"].default == 256 * 2**20
        assert made["fetch_deadline"].default == 600
        assert inspect.signature(cls.download).parameters["concurrency"].default == 4


@pytest.mark.parametrize(
    ("status", "headers", "attempts"),
    [
        (429, {}, 4),
        (500, {}, 4),
        (502, {}, 4),
        (503, {}, 4),
        (504, {}, 4),
        (501, {}, 1),
        (505, {}, 1),
        (403, {}, 1),
        (503, {"Retry-After": "61"}, 1),
        (304, {"Location": "https://127.0.0.1/other.ts"}, 1),
        (300, {"Location": "https://127.0.0.1/other.ts"}, 1),
    ],
)
def test_which_segment_answers_are_retried(
    tmp_path: Path, status: int, headers: dict[str, str], attempts: int
) -> None:
    count = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, text=PLAYLIST)
        count[0] += 1
        return httpx.Response(status, headers=headers)

    for outcome in _run(handler, tmp_path / "o.ts"):
        assert isinstance(outcome, SegmentError) and outcome.index == 0
        if "Retry-After" in headers:
            assert "61 s" in str(outcome)
    assert count[0] == 2 * attempts
    assert list(tmp_path.iterdir()) == []


def test_redirects_at_most_five_and_one_request_per_key_uri(tmp_path: Path) -> None:
    keys = {"k0": bytes(range(16)), "k1": bytes(range(1, 17))}
    lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:1"]
    for i in range(14):  # two keys rotating seven times
        lines += [f'#EXT-X-KEY:METHOD=AES-128,URI="k{i % 2}.key"', "#EXTINF:1,", f"s{i}.ts"]
    text = "\n".join([*lines, "#EXT-X-ENDLIST", ""])

    def make(hops: int, key_length: int = 16) -> tuple[Any, dict[str, int]]:
        counts: dict[str, int] = {}

        def handler(request: httpx.Request) -> httpx.Response:
            path = request.url.path
            counts[path] = counts.get(path, 0) + 1
            if path.startswith("/r"):
                hop = int(path[2:])
                target = f"/r{hop + 1}" if hop + 1 < hops else "/p.m3u8"
                return httpx.Response(302, headers={"Location": target})
            if path == "/p.m3u8":
                return httpx.Response(200, text=text)
            if path.endswith(".key"):
                return httpx.Response(200, content=(keys[path[1:3]] * 2)[:key_length])
            index = int(path[2:-3])
            clear = b"segment %d" % index
            encrypted = encrypt_segment(clear, keys[f"k{index % 2}"], index.to_bytes(16, "big"))
            return httpx.Response(200, content=encrypted)

        return handler, counts

    handler, counts = make(5)
    for outcome in _run(handler, tmp_path / "o.ts", "https://127.0.0.1/r0", concurrency=8):
        assert outcome.segments == 14
    assert (counts["/k0.key"], counts["/k1.key"]) == (2, 2)  # one each, per downloader
    handler, counts = make(6)
    for outcome in _run(handler, tmp_path / "p.ts", "https://127.0.0.1/r0"):
        assert isinstance(outcome, FetchError) and "too many redirects" in str(outcome)
    handler, counts = make(0, key_length=32)
    for outcome in _run(handler, tmp_path / "q.ts"):
        assert isinstance(outcome, KeyFetchError) and "32 bytes" in str(outcome)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.ts"]


def test_fetch_errors_say_what_was_fetched_and_where(tmp_path: Path) -> None:
    master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nv/p.m3u8\n"

    def missing_variant(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, text=master)
        return httpx.Response(404)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    url = "https://cdn.example/p.m3u8"
    for outcome in _run(missing_variant, tmp_path / "o.ts", url):
        assert str(outcome) == "variant playlist: HTTP 404 for https://cdn.example/v/p.m3u8"
    for outcome in _run(refused, tmp_path / "o.ts", url + "?token=SECRET"):
        assert str(outcome) == (
            "playlist (https://cdn.example/p.m3u8?token=REDACTED): ConnectError: refused "
            "(after 4 attempts)"
        )


def test_settings_are_checked_before_any_request(tmp_path: Path) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(404)

    made: list[tuple[Any, Any]] = [
        (HLSDownloader, lambda: httpx.Client(transport=httpx.MockTransport(handler))),
        (AsyncHLSDownloader, lambda: httpx.AsyncClient(transport=httpx.MockTransport(handler))),
    ]
    for cls, client in made:
        for options, error in [
            ({"retries": 1.0}, TypeError),
            ({"timeout": 0}, ValueError),
            ({"timeout": float("inf")}, ValueError),
            ({"timeout": 365 * 86400 + 1}, ValueError),
            ({"retry_backoff": -1}, ValueError),
        ]:
            with pytest.raises(error):
                cls(client(), **options)
    with pytest.raises(TypeError, match="use AsyncHLSDownloader"):
        HLSDownloader(httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="use HLSDownloader"):
        AsyncHLSDownloader(httpx.Client())  # type: ignore[arg-type]
    sync = HLSDownloader(made[0][1]())
    asynchronous = AsyncHLSDownloader(made[1][1]())
    for options, error in [
        ({"concurrency": 0}, ValueError),
        ({"concurrency": 1.0}, TypeError),
        ({"variant": "mid"}, ValueError),
        ({"variant": -1}, ValueError),
        ({"variant": 1.5}, TypeError),
        ({"variant": True}, TypeError),
        ({"variant": None}, TypeError),
        ({"progress": _async_progress}, TypeError),
        ({"headers": {"Content-Length": "5"}}, ValueError),
        ({"headers": {"Authorization": "Bearer x\n"}}, ValueError),
        ({"headers": {"Authorization": 5}}, TypeError),
    ]:
        url, dest = "https://127.0.0.1/p.m3u8", tmp_path / "o.ts"
        with pytest.raises(error):
            sync.download(url, dest, **options)
        with pytest.raises(error):
            asyncio.run(asynchronous.download(url, dest, **options))
    assert sent == []


async def _async_progress(progress: object) -> None:
    del progress


# -- A defect in a file this round's docs audit does not own (beatkit/hls/playlist.py) --


def test_program_date_time_is_an_aware_datetime_or_a_clear_error() -> None:
    def parse(value: str) -> Any:
        text = f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-PROGRAM-DATE-TIME:{value}\n"
        text += "#EXTINF:1,\ns.ts\n#EXT-X-ENDLIST\n"
        return parse_playlist(text, base_url="https://a.example/p.m3u8").segments[0]

    assert parse("2024-01-01T10:00:00Z").program_date_time.tzinfo is not None
    assert parse("2024-01-01T10:00:00").program_date_time.tzinfo is not None
    for value in ("2024-01-01", "2024-W01-1"):
        with pytest.raises(Exception, match="PROGRAM-DATE-TIME"):
            parse(value)


# -- docs/hls.md and README: the command line ------------------------------------------

IV = "0x" + "00" * 16


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The status of ``beatkit argv`` and the last line it wrote to stderr."""
    from beatkit.cli import main

    try:
        status = main(list(argv))
    except SystemExit as exit_info:
        status = exit_info.code  # type: ignore[assignment]
    lines = capsys.readouterr().err.strip().splitlines()
    return status, lines[-1] if lines else ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [("four", True), ("2.5", True), ("s3cr3t", False), ("hunter2", False)],
)
def test_a_refused_option_value_is_repeated_only_when_it_looks_mistyped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str, shown: bool
) -> None:
    url, dest = "https://127.0.0.1:9/p.m3u8", str(tmp_path / "o.aac")
    status, line = _cli(capsys, "hls", "download", url, "-o", dest, "--concurrency", value)
    assert status == 2
    if shown:
        assert line.endswith(f"argument --concurrency: not an integer: '{value}'")
    else:
        assert line.endswith("not an integer (not shown: it may be a secret)")
        assert value not in line
    page = _page("docs/hls.md")
    assert "`--concurrency four`: `not an integer: 'four'`" in page
    assert "`--concurrency s3cr3t`: `not an integer (not shown: it may be a secret)`" in page


def test_the_key_file_forms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    key = bytes(range(16))
    clear = b"clear audio " * 10
    (tmp_path / "seg.enc").write_bytes(encrypt_segment(clear, key, bytes(16)))
    (tmp_path / "raw.key").write_bytes(key)
    (tmp_path / "hex.key").write_text(f"  0x{key.hex()}\n")
    (tmp_path / "half.key").write_text(key.hex()[:16])
    (tmp_path / "big.key").write_bytes(b"a" * 5000)
    (tmp_path / "empty.key").write_bytes(b"")
    seg = str(tmp_path / "seg.enc")
    for name in ("raw.key", "hex.key"):
        out = tmp_path / f"{name}.out"
        assert (
            _cli(
                capsys,
                "hls",
                "decrypt",
                seg,
                str(out),
                "--key-file",
                str(tmp_path / name),
                "--iv",
                IV,
            )[0]
            == 0
        )
        assert out.read_bytes() == clear
    for name, words in [
        ("half.key", "16 hex digits"),
        ("big.key", "larger than 4096 bytes"),
        ("empty.key", "is empty"),
    ]:
        status, line = _cli(
            capsys,
            "hls",
            "decrypt",
            seg,
            str(tmp_path / "x"),
            "--key-file",
            str(tmp_path / name),
            "--iv",
            IV,
        )
        assert status == 2 and words in line and "--key-file" in line
    status, line = _cli(
        capsys, "hls", "decrypt", seg, str(tmp_path / "x"), "--key-file", key.hex(), "--iv", IV
    )
    assert status == 2 and key.hex() not in line  # a key given where its file goes
    for out in ("-", "/dev/stdout"):
        status, _ = _cli(
            capsys, "hls", "decrypt", seg, out, "--key-file", str(tmp_path / "raw.key"), "--iv", IV
        )
        assert status in (1, 2)
    assert not (tmp_path / "x").exists()


def test_a_new_output_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os
    import stat

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    key = bytes(range(16))
    (tmp_path / "seg.enc").write_bytes(encrypt_segment(b"x" * 40, key, bytes(16)))
    (tmp_path / "k").write_bytes(key)
    old = tmp_path / "old"
    old.write_bytes(b"old")
    old.chmod(0o604)
    previous = os.umask(0o027)
    try:
        for out in ("new", "old"):
            argv = ("hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / out))
            assert _cli(capsys, *argv, "--key-file", str(tmp_path / "k"), "--iv", IV)[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o640
    assert stat.S_IMODE(old.stat().st_mode) == 0o604


def test_the_readme_names_every_fixture_of_the_pytest_plugin() -> None:
    import inspect

    import beatkit.testing.pytest_plugin as plugin

    source = inspect.getsource(plugin)
    fixtures = set(re.findall(r"@pytest\.fixture[^\n]*\ndef (\w+)\(", source))
    services = ("beatconnect", "beatport", "beatpass", "beattech")
    named = {f"{service}_{kind}" for service in services for kind in ("fake", "server")}
    assert fixtures == named
    readme = _page("README.md")
    assert all(f"`{name}`" in readme for name in named)


def test_the_api_key_goes_to_the_api_host_only_even_through_a_redirect() -> None:
    # docs/beatconnect.md: "The key is sent as a bearer token to the API host only";
    # a client of the user's that follows redirects does not change that.
    from beatkit.errors import RedirectError

    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers.get("Authorization")))
        return httpx.Response(302, headers={"Location": "https://elsewhere.example/v1/beats/1"})

    transport = httpx.MockTransport(handler)
    sync = BeatConnect(
        "SEKRET", http_client=httpx.Client(transport=transport, follow_redirects=True)
    )
    with pytest.raises(RedirectError):
        sync.beats.get(1)

    async def main() -> None:
        client = httpx.AsyncClient(transport=transport, follow_redirects=True)
        async with AsyncBeatConnect("SEKRET", http_client=client) as bc:
            await bc.beats.get(1)

    with pytest.raises(RedirectError):
        asyncio.run(main())
    assert seen == [("api.beatconnectafrica.com", "Bearer SEKRET")] * 2


def test_download_headers_go_to_the_playlists_origin_only(tmp_path: Path) -> None:
    playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttps://cdn.example/s.ts\n"
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers.get("Authorization")))
        if request.url.path.endswith(".m3u8"):
            return httpx.Response(200, text=playlist + "#EXT-X-ENDLIST\n")
        return httpx.Response(200, content=b"clear")

    for outcome in _run(handler, tmp_path / "o.ts", headers={"Authorization": "Bearer T"}):
        assert outcome.bytes_written == 5
    assert seen == [("127.0.0.1", "Bearer T"), ("cdn.example", None)] * 2


def test_a_model_is_frozen_but_its_list_fields_are_plain_lists() -> None:
    # docs/quickstart.md called every result "immutable": its attributes cannot be
    # reassigned, but a list field is a list, and the model's hash follows its content.
    import attrs

    fake = FakeBeatConnect()
    with BeatConnect(fake.api_key, http_client=httpx.Client(transport=fake.transport())) as bc:
        order = next(iter(bc.orders.list(limit=1)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        order.total = order.total  # type: ignore[misc]
    assert type(order.items) is list
    before = hash(order)
    copy = attrs.evolve(order, items=[*order.items, order.items[0]])
    assert hash(copy) != before and hash(order) == before
    text = _page("docs/quickstart.md")
    assert "immutable" not in text
    assert "typed, frozen model" in text and "plain `list` or `dict`" in text
