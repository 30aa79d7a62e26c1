# GENERATED from tests/core/_async/test_transport.py by scripts/unasync.py: edit the async source.
"""The send loop against httpx.MockTransport: error mapping, retries, pacing, logging.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
Waits are recorded by a fake sleep, never slept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import attrs
import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core._sync.transport import Transport
from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.ratelimit import RateLimiter, RateLimitState
from beatkit._core.settings import build_settings
from beatkit.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RangeNotSatisfiableError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)

BASE = "https://api.test/v1"
TOKEN = "tok-VERY-SECRET-123"
WALL = 1_714_564_800.0


def parse_error(status: int, body: Any) -> ErrorInfo | None:
    """A BeatConnect-like envelope: {"error": {"code", "message", "details"}}."""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        return ErrorInfo(
            message=error["message"], code=error.get("code"), details=error.get("details")
        )
    return None


SPEC = ServiceSpec(name="testsvc", parse_error=parse_error)


class Sleeps:
    """A fake sleep: records each requested wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class Script:
    """A handler answering from a script; the last answer repeats. Records every request."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise type(answer)(str(answer))
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    @property
    def attempts(self) -> int:
        return len(self.requests)


def ok(body: Any = None, **headers: str) -> httpx.Response:
    return httpx.Response(200, json={"ok": True} if body is None else body, headers=headers)


def fail(status: int, body: Any = None, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json={"message": f"failed {status}"} if body is None else body, headers=headers
    )


class BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class Harness:
    """A client wired to a handler, with a recorded sleep."""

    def __init__(
        self,
        handler: Callable[[httpx.Request], Any],
        clients: list[httpx.Client],
        limiter: RateLimiter | None = None,
        **overrides: Any,
    ) -> None:
        self.sleeps = Sleeps()
        kwargs: dict[str, Any] = {
            "base_url": BASE,
            "auth": None,
            "timeout": 5.0,
            "max_retries": 2,
            "max_retry_wait": 60.0,
            "requests_per_second": None,
            "allow_http": False,
        }
        spec = overrides.pop("spec", SPEC)
        kwargs.update(overrides)
        settings = build_settings(spec, sleep=self.sleeps, **kwargs)
        if limiter is not None:
            settings = attrs.evolve(settings, limiter=limiter)
        self.settings = settings
        http = httpx.Client(transport=httpx.MockTransport(handler))
        clients.append(http)
        self.client = APIClient(settings, http)

    @property
    def waits(self) -> list[float]:
        return self.sleeps.waits


@pytest.fixture
def make(http_clients: list[httpx.Client]) -> Callable[..., Harness]:
    def factory(handler: Callable[[httpx.Request], Any], **overrides: Any) -> Harness:
        return Harness(handler, http_clients, **overrides)

    return factory


def get(path: str = "/beats", **kwargs: Any) -> Operation[Any]:
    return Operation(name="beats.list", method="GET", path=path, **{"result": Any, **kwargs})


def post(path: str = "/orders", **kwargs: Any) -> Operation[Any]:
    return Operation(
        name="orders.create",
        method="POST",
        path=path,
        json={"beat": 1},
        **{"result": Any, **kwargs},
    )


# --- success ----------------------------------------------------------------------------------


def test_request_builds_url_and_decodes(make: Callable[..., Harness]) -> None:
    server = Script(ok({"id": 7}))
    h = make(server)
    op = get(
        "/beats/{beat_id}",
        path_params={"beat_id": "a b"},
        params={"x": 1, "y": None},
        result=Any,
        unwrap=lambda b: b["id"],
    )
    assert h.client._transport.request(op) == 7
    request = server.requests[0]
    assert str(request.url) == "https://api.test/v1/beats/a%20b?x=1"
    assert request.headers["User-Agent"].startswith("beatkit/")
    assert request.headers["Accept"] == "application/json"
    assert h.waits == []
    assert h.client.base_url == httpx.URL(BASE)


def test_send_returns_response_and_parsed_body(make: Callable[..., Harness]) -> None:
    h = make(Script(ok({"a": [1, 2]}, **{"X-Thing": "1"})))
    response, body = h.client._transport.send(get())
    assert response.status_code == 200
    assert response.headers["X-Thing"] == "1"
    assert body == {"a": [1, 2]}


def test_empty_body_operation(make: Callable[..., Harness]) -> None:
    h = make(Script(httpx.Response(204)))
    op = Operation(name="beats.delete", method="DELETE", path="/beats/1", result=None)
    assert h.client._transport.request(op) is None


def test_an_html_page_answering_a_call_without_a_result_is_not_a_success(
    make: Callable[..., Harness],
) -> None:
    # A captive portal or a proxy answers any request with a 200 page: a call whose
    # answer carries nothing the caller reads (a delete, an acknowledgement) took it
    # for the API's success, and the caller believed its write was done.
    page = "<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>"
    h = make(Script(httpx.Response(200, text=page, headers={"Content-Type": "text/html"})))
    op = Operation(name="beats.delete", method="DELETE", path="/beats/1", result=None)
    with pytest.raises(ResponseDecodeError, match="HTML page") as info:
        h.client._transport.request(op)
    assert info.value.status_code == 200
    # Not the API's answer: the text an acknowledgement may be, and JSON, still pass.
    h = make(Script(httpx.Response(200, text="OK", headers={"Content-Type": "text/plain"})))
    assert h.client._transport.request(op) is None
    h = make(Script(ok({"deleted": True})))
    assert h.client._transport.request(op) is None


def test_decode_failures_become_response_decode_error(make: Callable[..., Harness]) -> None:
    h = make(Script(ok({"unexpected": True})))
    with pytest.raises(ResponseDecodeError) as info:
        h.client._transport.request(get(unwrap=lambda b: b["id"]))
    assert info.value.service == "testsvc"
    assert info.value.status_code == 200

    h = make(Script(httpx.Response(200, text="<html>maintenance</html>")))
    with pytest.raises(ResponseDecodeError, match="expected JSON"):
        h.client._transport.request(get())

    h = make(Script(httpx.Response(200)))
    with pytest.raises(ResponseDecodeError, match="empty"):
        h.client._transport.request(get())


# --- error mapping ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (416, RangeNotSatisfiableError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (418, APIError),
        (451, APIError),
        (599, ServerError),
    ],
)
def test_status_maps_to_exception(
    make: Callable[..., Harness], status: int, cls: type[APIError]
) -> None:
    body = {"error": {"code": f"E{status}", "message": "it went wrong", "details": {"field": "x"}}}
    server = Script(fail(status, body, **{"X-Request-Id": "req-42"}))
    h = make(server, max_retries=0)
    with pytest.raises(APIError) as info:
        h.client._transport.request(get())
    exc = info.value
    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.code == f"E{status}"
    assert exc.message == "it went wrong"
    assert exc.service == "testsvc"
    assert exc.request_id == "req-42"
    assert exc.body == body
    assert exc.details == {"field": "x"}
    assert str(exc) == f"testsvc {status} [E{status}] it went wrong (request id req-42)"
    assert server.attempts == 1


def test_html_502_becomes_a_clean_server_error(make: Callable[..., Harness]) -> None:
    page = "<!DOCTYPE html>\n<html><head><title>502</title></head><body>nginx</body></html>"
    h = make(
        Script(httpx.Response(502, text=page, headers={"Content-Type": "text/html"})), max_retries=0
    )
    with pytest.raises(ServerError) as info:
        h.client._transport.request(get())
    assert info.value.message == "Bad Gateway"
    assert info.value.code is None
    assert info.value.body == page
    assert str(info.value) == "testsvc 502 Bad Gateway"


def test_generic_json_error_body(make: Callable[..., Harness]) -> None:
    h = make(Script(fail(400, {"message": "bad genre", "code": "invalid_genre"})))
    with pytest.raises(BadRequestError) as info:
        h.client._transport.request(get())
    assert info.value.message == "bad genre"
    assert info.value.code == "invalid_genre"
    assert info.value.request_id is None


def raising_parse_error(status: int, body: Any) -> ErrorInfo | None:
    """A service parser that trips over an odd body (it quotes the body in its error)."""
    return ErrorInfo(message=body["error"]["message"])


@pytest.mark.parametrize(
    ("status", "body", "cls", "message"),
    [
        (404, {"detail": "Not found.", "token": "tok-in-body"}, NotFoundError, "Not found."),
        (400, ["tok-in-body"], BadRequestError, "Bad Request"),
        (503, {"error": "maintenance"}, ServerError, "maintenance"),
    ],
)
def test_a_raising_service_parser_falls_back_to_the_generic_error(
    make: Callable[..., Harness], status: int, body: Any, cls: type[APIError], message: str
) -> None:
    # The raw KeyError/TypeError must not escape: the user gets the API's error, chosen by
    # its status, read by the generic parser; the parser's exception text is not quoted.
    spec = ServiceSpec(name="testsvc", parse_error=raising_parse_error)
    server = Script(fail(status, body))
    h = make(server, spec=spec, max_retries=0)
    with pytest.raises(APIError) as info:
        h.client._transport.request(get())
    exc = info.value
    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.message == message
    assert "KeyError" not in str(exc) and "TypeError" not in str(exc)
    assert "'error'" not in str(exc)
    assert exc.__cause__ is None
    assert server.attempts == 1


def says_error(body: Any) -> bool:
    return isinstance(body, dict) and body.get("status") == "error"


@pytest.mark.parametrize("op", [get(), post()], ids=["get", "post"])
def test_a_2xx_body_the_service_reads_as_a_failure_is_raised_not_retried(
    make: Callable[..., Harness], op: Operation[Any]
) -> None:
    spec = ServiceSpec(name="testsvc", parse_error=parse_error, failed_answer=says_error)
    body = {"status": "error", "error": {"code": "not_for_sale", "message": "Not for sale"}}
    server = Script(ok(body))
    h = make(server, spec=spec)
    with pytest.raises(APIError) as info:
        h.client._transport.request(op)
    exc = info.value
    assert type(exc) is APIError
    assert (exc.status_code, exc.code, exc.message) == (200, "not_for_sale", "Not for sale")
    assert exc.body == body
    assert server.attempts == 1
    assert h.waits == []


def test_a_2xx_failure_without_a_message_names_the_status(
    make: Callable[..., Harness],
) -> None:
    spec = ServiceSpec(name="testsvc", failed_answer=says_error)
    h = make(Script(ok({"status": "error"})), spec=spec)
    with pytest.raises(APIError) as info:
        h.client._transport.request(get())
    assert info.value.message == "the API answered 200 OK with an error in its body"


def test_a_raising_failed_answer_check_reads_the_body_as_a_result(
    make: Callable[..., Harness],
) -> None:
    def broken(body: Any) -> bool:
        raise KeyError("status")

    spec = ServiceSpec(name="testsvc", failed_answer=broken)
    h = make(Script(ok({"id": 7})), spec=spec)
    assert h.client._transport.request(get()) == {"id": 7}


def test_without_a_failed_answer_check_a_2xx_body_is_a_result(
    make: Callable[..., Harness],
) -> None:
    h = make(Script(ok({"status": "error"})))
    assert h.client._transport.request(get()) == {"status": "error"}


# --- retries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_get_retried_on_server_errors(make: Callable[..., Harness], status: int) -> None:
    server = Script(fail(status), fail(status), ok({"done": 1}))
    h = make(server)
    assert h.client._transport.request(get()) == {"done": 1}
    assert server.attempts == 3
    assert len(h.waits) == 2
    # Exponential backoff with at most 25 % jitter: 0.5 s then 1 s.
    assert 0.5 <= h.waits[0] <= 0.625
    assert 1.0 <= h.waits[1] <= 1.25


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_not_retried_on_server_errors(make: Callable[..., Harness], status: int) -> None:
    server = Script(fail(status, **{"Retry-After": "1"}), ok())
    h = make(server)
    with pytest.raises(ServerError):
        h.client._transport.request(post())
    assert server.attempts == 1
    assert h.waits == []


def test_post_not_retried_on_read_timeout(make: Callable[..., Harness]) -> None:
    server = Script(httpx.ReadTimeout("read timed out"), ok())
    h = make(server)
    with pytest.raises(APITimeoutError):
        h.client._transport.request(post())
    assert server.attempts == 1
    assert h.waits == []


def test_get_retried_on_read_timeout(make: Callable[..., Harness]) -> None:
    server = Script(httpx.ReadTimeout("read timed out"), ok())
    h = make(server)
    assert h.client._transport.request(get()) == {"ok": True}
    assert server.attempts == 2


def test_post_retried_on_429(make: Callable[..., Harness]) -> None:
    server = Script(fail(429, **{"Retry-After": "2"}), ok({"id": 1}))
    h = make(server)
    assert h.client._transport.request(post()) == {"id": 1}
    assert server.attempts == 2
    assert h.waits == [2.0]


def test_429_without_retry_after_uses_backoff(make: Callable[..., Harness]) -> None:
    server = Script(fail(429), ok())
    h = make(server)
    h.client._transport.request(post())
    assert len(h.waits) == 1
    assert 0.5 <= h.waits[0] <= 0.625


@pytest.mark.parametrize(
    "exc", [httpx.ConnectError("connection refused"), httpx.ConnectTimeout("connect timed out")]
)
def test_post_retried_on_connect_failures(
    make: Callable[..., Harness], exc: Exception
) -> None:
    server = Script(exc, ok({"id": 2}))
    h = make(server)
    assert h.client._transport.request(post()) == {"id": 2}
    assert server.attempts == 2
    assert len(h.waits) == 1


def test_post_not_retried_on_other_transport_errors(make: Callable[..., Harness]) -> None:
    server = Script(httpx.RemoteProtocolError("server hung up"), ok())
    h = make(server)
    with pytest.raises(APIConnectionError):
        h.client._transport.request(post())
    assert server.attempts == 1


@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2), (5, 6)])
def test_max_retries_per_client(
    make: Callable[..., Harness], max_retries: int, attempts: int
) -> None:
    server = Script(fail(503))
    h = make(server, max_retries=max_retries)
    with pytest.raises(ServerError):
        h.client._transport.request(get())
    assert server.attempts == attempts
    assert len(h.waits) == attempts - 1


def test_max_retries_per_call(make: Callable[..., Harness]) -> None:
    server = Script(fail(500))
    h = make(server, max_retries=3)
    with pytest.raises(ServerError):
        h.client._transport.request(get(), RequestOptions(max_retries=0))
    assert server.attempts == 1
    assert h.waits == []

    server = Script(fail(500))
    h = make(server, max_retries=0)
    with pytest.raises(ServerError):
        h.client._transport.request(get(), RequestOptions(max_retries=4))
    assert server.attempts == 5


def test_retry_after_seconds_honoured(make: Callable[..., Harness]) -> None:
    server = Script(fail(503, **{"Retry-After": "7"}), fail(429, **{"Retry-After": "0"}), ok())
    h = make(server)
    h.client._transport.request(get())
    assert h.waits == [7.0, 0.0]


def test_retry_after_http_date_honoured(make: Callable[..., Harness]) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    server = Script(fail(429, **{"Retry-After": when}), ok())
    h = make(server)
    h.client._transport.request(get())
    assert len(h.waits) == 1
    assert h.waits[0] == pytest.approx(30, abs=2)


def test_long_retry_after_raises_at_once(make: Callable[..., Harness]) -> None:
    server = Script(fail(429, **{"Retry-After": "3600"}), ok())
    h = make(server)
    with pytest.raises(RateLimitError) as info:
        h.client._transport.request(post())
    assert info.value.retry_after == 3600
    assert server.attempts == 1
    assert h.waits == []


def test_long_retry_after_on_503_raises_at_once(make: Callable[..., Harness]) -> None:
    server = Script(fail(503, **{"Retry-After": "600"}), ok())
    h = make(server, max_retry_wait=30.0)
    with pytest.raises(ServerError) as info:
        h.client._transport.request(get())
    assert info.value.retry_after == 600
    assert server.attempts == 1
    assert h.waits == []


def test_exhausted_retries_raise_the_last_error(make: Callable[..., Harness]) -> None:
    server = Script(
        fail(500, {"message": "one"}),
        fail(502, {"message": "two"}),
        fail(503, {"message": "three"}),
    )
    h = make(server)
    with pytest.raises(ServerError) as info:
        h.client._transport.request(get())
    assert info.value.status_code == 503
    assert info.value.message == "three"
    assert server.attempts == 3


def test_exhausted_rate_limit_retries(make: Callable[..., Harness]) -> None:
    server = Script(fail(429, **{"Retry-After": "1"}))
    h = make(server, max_retries=2)
    with pytest.raises(RateLimitError) as info:
        h.client._transport.request(post())
    assert info.value.retry_after == 1.0
    assert server.attempts == 3
    assert h.waits == [1.0, 1.0]


def test_retry_numbering_and_backoff_across_many_retries(
    make: Callable[..., Harness], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="beatkit")
    server = Script(fail(500), fail(502), fail(504), ok({"done": True}))
    h = make(server, max_retries=3)
    assert h.client._transport.request(get()) == {"done": True}
    assert server.attempts == 4
    assert len(h.waits) == 3
    for wait, base in zip(h.waits, (0.5, 1.0, 2.0), strict=True):
        assert base <= wait <= base * 1.25
    retries = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(retries) == 3
    assert [m.split("; ")[1].split(" in ")[0] for m in retries] == ["retry 1", "retry 2", "retry 3"]
    assert "(ServerError)" in retries[0]


def test_non_retryable_error_after_a_retry_is_raised_at_once(
    make: Callable[..., Harness],
) -> None:
    server = Script(fail(503), fail(404), ok())
    h = make(server, max_retries=5)
    with pytest.raises(NotFoundError):
        h.client._transport.request(get())
    assert server.attempts == 2
    assert len(h.waits) == 1


def test_non_retryable_statuses_are_not_retried(make: Callable[..., Harness]) -> None:
    for status in (400, 401, 403, 404, 409, 422, 501):
        server = Script(fail(status), ok())
        h = make(server)
        with pytest.raises(APIError):
            h.client._transport.request(get())
        assert server.attempts == 1


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ReadTimeout("r"),
        httpx.ConnectTimeout("c"),
        httpx.WriteTimeout("w"),
        httpx.PoolTimeout("p"),
    ],
)
def test_timeouts_become_api_timeout_error(
    make: Callable[..., Harness], exc: Exception
) -> None:
    server = Script(exc)
    h = make(server, max_retries=1)
    with pytest.raises(APITimeoutError) as info:
        h.client._transport.request(get("/beats", params={"q": "x"}))
    assert isinstance(info.value, APIConnectionError)
    assert isinstance(info.value.__cause__, httpx.TimeoutException)
    assert info.value.method == "GET"
    assert info.value.url == "https://api.test/v1/beats?q=x"
    assert info.value.service == "testsvc"
    assert "timed out" in str(info.value)
    assert server.attempts == 2


@pytest.mark.parametrize(
    "exc",
    [httpx.ConnectError("refused"), httpx.ReadError("reset"), httpx.RemoteProtocolError("eof")],
)
def test_connection_errors_become_api_connection_error(
    make: Callable[..., Harness], exc: Exception
) -> None:
    server = Script(exc)
    h = make(server, max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        h.client._transport.request(get())
    assert not isinstance(info.value, APITimeoutError)
    assert isinstance(info.value.__cause__, type(exc))
    assert type(exc).__name__ in str(info.value)
    assert server.attempts == 1


# --- headers and auth -------------------------------------------------------------------------


def test_auth_signs_every_attempt(make: Callable[..., Harness]) -> None:
    server = Script(fail(503), ok())
    h = make(server, auth=BearerAuth(TOKEN))
    h.client._transport.request(get())
    assert [r.headers["Authorization"] for r in server.requests] == [f"Bearer {TOKEN}"] * 2


def test_request_options_headers_cannot_override_authorization(
    make: Callable[..., Harness],
) -> None:
    server = Script(ok())
    h = make(server, auth=BearerAuth(TOKEN))
    options = RequestOptions(headers={"Authorization": "Bearer evil", "X-Extra": "1"})
    h.client._transport.request(get(), options)
    assert server.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert server.requests[0].headers["X-Extra"] == "1"

    server = Script(ok())
    h = make(server)
    h.client._transport.request(
        get(), RequestOptions(headers={"authorization": "Bearer evil"})
    )
    assert "authorization" not in server.requests[0].headers


def test_request_options_timeout(make: Callable[..., Harness]) -> None:
    server = Script(ok())
    h = make(server)
    h.client._transport.request(get(), RequestOptions(timeout=1.5))
    assert server.requests[0].extensions["timeout"] == httpx.Timeout(1.5).as_dict()
    h.client._transport.request(get())
    assert server.requests[1].extensions["timeout"] == httpx.Timeout(5.0).as_dict()


# --- pacing -----------------------------------------------------------------------------------


def test_limiter_paces_requests(make: Callable[..., Harness]) -> None:
    limiter = RateLimiter(requests_per_second=2, clock=lambda: 0.0, wall_clock=lambda: WALL)
    server = Script(ok())
    h = make(server, limiter=limiter)
    for _ in range(3):
        h.client._transport.request(get())
    assert h.waits == [0.5, 1.0]
    assert server.attempts == 3


def test_limiter_wait_is_capped_by_max_retry_wait(make: Callable[..., Harness]) -> None:
    limiter = RateLimiter(requests_per_second=0.001, clock=lambda: 0.0, wall_clock=lambda: WALL)
    h = make(Script(ok()), limiter=limiter, max_retry_wait=5.0)
    h.client._transport.request(get())
    h.client._transport.request(get())
    assert h.waits == [5.0]


def test_requests_per_second_setting_builds_a_limiter(make: Callable[..., Harness]) -> None:
    h = make(Script(ok()), requests_per_second=3.0)
    assert h.settings.limiter.requests_per_second == 3.0


def test_rate_limit_headers_are_observed(make: Callable[..., Harness]) -> None:
    limiter = RateLimiter(clock=lambda: 0.0, wall_clock=lambda: WALL)
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"}
    server = Script(ok(None, **headers), ok())
    h = make(server, limiter=limiter)
    assert h.client.rate_limit is None
    h.client._transport.request(get())
    assert h.client.rate_limit == RateLimitState(
        limit=100, remaining=0, reset_at=datetime.fromtimestamp(WALL + 30, UTC)
    )
    # The window is used up: the next request waits for the reset.
    h.client._transport.request(get())
    assert h.waits == [30.0]


def test_rate_limit_headers_observed_on_errors(make: Callable[..., Harness]) -> None:
    headers = {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "4"}
    h = make(Script(fail(404, None, **headers)))
    with pytest.raises(NotFoundError):
        h.client._transport.request(get())
    assert h.client.rate_limit is not None
    assert h.client.rate_limit.remaining == 4


# --- logging and secrets ----------------------------------------------------------------------


def test_debug_log_shows_method_url_status(
    make: Callable[..., Harness], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    h = make(Script(fail(503), ok()))
    h.client._transport.request(get("/beats", params={"genre": 5}))
    messages = [r.getMessage() for r in caplog.records if r.name == "beatkit"]
    assert any("testsvc GET https://api.test/v1/beats?genre=5 -> 503" in m for m in messages)
    assert any("testsvc GET https://api.test/v1/beats?genre=5 -> 200" in m for m in messages)
    retries = [r for r in caplog.records if r.levelno == logging.INFO]
    assert len(retries) == 1
    assert "ServerError" in retries[0].getMessage()
    assert "retry 1" in retries[0].getMessage()


def test_secrets_never_logged_or_in_errors(
    make: Callable[..., Harness], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    secret_op = get("/beats", params={"api_key": "s3cr3t", "q": "house"})
    seen: list[str] = []

    h = make(Script(fail(500), fail(404)), auth=BearerAuth(TOKEN))
    with pytest.raises(NotFoundError) as api_error:
        h.client._transport.request(secret_op)
    seen += [str(api_error.value), repr(api_error.value)]

    h = make(Script(httpx.ConnectError("refused")), auth=BearerAuth(TOKEN), max_retries=1)
    with pytest.raises(APIConnectionError) as conn_error:
        h.client._transport.request(secret_op)
    seen += [str(conn_error.value), repr(conn_error.value), conn_error.value.url]
    assert "api_key=REDACTED" in conn_error.value.url

    h = make(Script(httpx.ReadTimeout("slow")), auth=BearerAuth(TOKEN), max_retries=0)
    with pytest.raises(APITimeoutError) as timeout:
        h.client._transport.request(secret_op)
    seen += [str(timeout.value), repr(timeout.value)]

    assert "api_key=REDACTED" in caplog.text
    seen.append(caplog.text)
    for text in seen:
        assert "s3cr3t" not in text
        assert TOKEN not in text


# --- base URL and lifecycle -------------------------------------------------------------------


def test_plain_http_to_remote_host_is_refused(make: Callable[..., Harness]) -> None:
    with pytest.raises(ConfigurationError, match="allow_http"):
        make(Script(ok()), base_url="http://api.test/v1")


@pytest.mark.parametrize(
    "base_url", ["http://localhost:8000/v1", "http://127.0.0.1:8000/v1", "http://[::1]:8000/v1"]
)
def test_plain_http_to_loopback_is_allowed(
    make: Callable[..., Harness], base_url: str
) -> None:
    server = Script(ok())
    h = make(server, base_url=base_url)
    h.client._transport.request(get())
    assert str(server.requests[0].url) == f"{base_url}/beats"


def test_allow_http_opt_in(make: Callable[..., Harness]) -> None:
    server = Script(ok())
    h = make(server, base_url="http://api.test/v1", allow_http=True)
    h.client._transport.request(get())
    assert server.requests[0].url.scheme == "http"


def test_caller_supplied_http_client_is_not_closed(make: Callable[..., Harness]) -> None:
    h = make(Script(ok()))
    with h.client as client:
        client._transport.request(get())
    assert not h.client._transport.http_client.is_closed


def test_owned_http_client_is_closed() -> None:
    settings = build_settings(
        SPEC,
        base_url=BASE,
        auth=None,
        timeout=None,
        max_retries=0,
        max_retry_wait=1.0,
        requests_per_second=None,
        allow_http=False,
    )
    transport = Transport(settings)
    with APIClient(settings) as client:
        assert not client._transport.http_client.is_closed
    assert client._transport.http_client.is_closed
    transport.close()
    assert transport.http_client.is_closed


def test_derived_transport_shares_the_client_and_pool_with_its_own_route(
    make: Callable[..., Harness],
) -> None:
    server = Script(ok())
    h = make(server, auth=BearerAuth("first"))
    transport = h.client._transport
    second = BearerAuth("second")
    derived = transport.derive(settings=attrs.evolve(transport.settings, route=lambda op: second))
    assert derived.http_client is transport.http_client
    assert derived.settings.limiter is transport.settings.limiter
    transport.request(get())
    derived.request(get())
    assert [r.headers["Authorization"] for r in server.requests] == [
        "Bearer first",
        "Bearer second",
    ]
    # Closing the derived transport leaves the shared client open.
    derived.close()
    assert not transport.http_client.is_closed
    transport.request(get())
    assert server.attempts == 3


def test_derived_transport_of_an_owning_one_is_closed_with_it() -> None:
    settings = build_settings(
        SPEC,
        base_url=BASE,
        auth=None,
        timeout=None,
        max_retries=0,
        max_retry_wait=1.0,
        requests_per_second=None,
        allow_http=False,
    )
    transport = Transport(settings)
    derived = transport.derive(settings=settings)
    derived.close()
    assert not transport.http_client.is_closed
    transport.close()
    assert derived.http_client.is_closed


# --- replayable writes ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_writes_marked_not_replayable_are_not_retried_on_5xx(
    make: Callable[..., Harness], method: str
) -> None:
    script = Script(fail(503), ok())
    harness = make(script)
    op = Operation(
        name="tracks.update", method=method, path="/tracks/1", replayable=False, result=Any
    )
    with pytest.raises(ServerError):
        harness.client._transport.request(op)
    assert script.attempts == 1


def test_writes_marked_not_replayable_are_still_retried_on_429(
    make: Callable[..., Harness],
) -> None:
    script = Script(fail(429, **{"Retry-After": "2"}), ok())
    harness = make(script)
    op = Operation(
        name="tracks.update", method="PUT", path="/tracks/1", replayable=False, result=Any
    )
    assert harness.client._transport.request(op) == {"ok": True}
    assert script.attempts == 2
    assert harness.waits == [2.0]


def test_put_is_replayable_by_default(make: Callable[..., Harness]) -> None:
    script = Script(fail(503), ok())
    harness = make(script)
    op = Operation(name="tracks.update", method="PUT", path="/tracks/1", result=Any)
    assert harness.client._transport.request(op) == {"ok": True}
    assert script.attempts == 2


# --- saving bodies to files ---------------------------------------------------------------------

PAYLOAD = bytes(range(256)) * 300  # 76,800 bytes: several chunks


def binary(status: int = 200, content: bytes = PAYLOAD, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, content=content, headers={"Content-Type": "audio/mpeg", **headers}
    )


def test_save_writes_the_body_atomically_with_progress(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    script = Script(binary())
    harness = make(script)
    dest = tmp_path / "track.mp3"
    reports: list[Any] = []
    saved = harness.client._transport.save(
        get("/tracks/1/download"), dest, progress=reports.append
    )
    assert dest.read_bytes() == PAYLOAD
    assert saved.path == dest and saved.bytes_written == len(PAYLOAD)
    assert saved.content_type == "audio/mpeg"
    assert reports and reports[-1].bytes_written == len(PAYLOAD)
    assert all(r.bytes_total == len(PAYLOAD) for r in reports)
    written = [r.bytes_written for r in reports]
    assert written == sorted(written)
    assert [p.name for p in tmp_path.iterdir()] == ["track.mp3"]


def test_save_error_status_raises_and_leaves_dest_alone(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    script = Script(fail(404, {"error": {"code": "not_found", "message": "no such track"}}))
    harness = make(script)
    dest = tmp_path / "track.mp3"
    dest.write_bytes(b"old contents")
    with pytest.raises(NotFoundError) as caught:
        harness.client._transport.save(get("/tracks/9/download"), dest)
    assert caught.value.code == "not_found" and caught.value.message == "no such track"
    assert dest.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["track.mp3"]


def test_save_retries_idempotent_requests_from_the_start(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    script = Script(fail(503), binary())
    harness = make(script)
    dest = tmp_path / "track.mp3"
    harness.client._transport.save(get("/tracks/1/download"), dest)
    assert dest.read_bytes() == PAYLOAD
    assert script.attempts == 2


def test_save_broken_transfer_leaves_nothing(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    # unasync turns the class name into its sync twin's, so pick the stream base by it.
    base: Any = (
        httpx.ByteStream
        if APIClient.__name__.startswith("Async")
        else httpx.SyncByteStream
    )

    class Broken(base):  # type: ignore[misc]
        def __iter__(self) -> Any:
            yield PAYLOAD[:1000]
            raise httpx.ReadError("connection reset")

    attempts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        return httpx.Response(200, stream=Broken())

    harness = make(handler, max_retries=1)
    dest = tmp_path / "track.mp3"
    with pytest.raises(APIConnectionError):
        harness.client._transport.save(get("/tracks/1/download"), dest)
    assert attempts == 2  # a GET is retried once, from the first byte
    assert list(tmp_path.iterdir()) == []


def test_save_follows_redirects_without_leaking_the_token(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.test":
            return httpx.Response(302, headers={"Location": "https://cdn.test/file.mp3"})
        return binary()

    harness = make(handler, auth=BearerAuth(TOKEN))
    dest = tmp_path / "track.mp3"
    harness.client._transport.save(get("/tracks/1/download"), dest)
    assert dest.read_bytes() == PAYLOAD
    assert [r.url.host for r in seen] == ["api.test", "cdn.test"]
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert "Authorization" not in seen[1].headers


@pytest.mark.parametrize(
    "location", ["https://cdn.test/file.mp3", "https://api.test:8443/file.mp3"]
)
def test_save_sends_the_callers_headers_to_the_api_origin_only(
    make: Callable[..., Harness], tmp_path: Any, location: str
) -> None:
    # A caller's per-call headers (a gateway key, a session header) are the API's, as
    # the token is: a download redirected to another origin (a CDN, another port)
    # must not carry them there, nor back again.
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/tracks/1/download":
            return httpx.Response(302, headers={"Location": location})
        if len(seen) == 2:
            return httpx.Response(302, headers={"Location": f"{BASE}/file.mp3"})
        return binary()

    harness = make(handler, auth=BearerAuth(TOKEN))
    options = RequestOptions(headers={"X-Api-Key": "key-VERY-SECRET-9", "X-Trace": "t1"})
    dest = tmp_path / "track.mp3"
    harness.client._transport.save(get("/tracks/1/download"), dest, options=options)
    assert dest.read_bytes() == PAYLOAD
    assert [str(r.url) for r in seen] == [f"{BASE}/tracks/1/download", location, f"{BASE}/file.mp3"]
    assert seen[0].headers["X-Api-Key"] == "key-VERY-SECRET-9"
    for hop in seen[1:]:
        assert "X-Api-Key" not in hop.headers
        assert "X-Trace" not in hop.headers
        assert "Authorization" not in hop.headers


def test_save_sends_the_http_clients_own_headers_to_the_api_origin_only(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    # An http_client of the caller's made with default headers (a gateway key, its own
    # Authorization): beatkit sends them to the API, never to a file's host, whether
    # the API answered with the file's URL or redirected there.
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/tracks/1/download":
            return httpx.Response(302, headers={"Location": "https://cdn.test/file.mp3"})
        return binary()

    harness = make(handler, auth=BearerAuth(TOKEN))
    harness.client._transport.http_client.headers.update(
        {"X-Api-Key": "key-VERY-SECRET-9", "Authorization": "Bearer client-VERY-SECRET-8"}
    )
    transport = harness.client._transport
    transport.save(get("/tracks/1/download"), tmp_path / "a.mp3")
    file_op = Operation(name="t.file", method="GET", path="", url="https://cdn.test/f.mp3")
    transport.save(file_op, tmp_path / "b.mp3")
    hosts = [r.url.host for r in seen]
    assert hosts == ["api.test", "cdn.test", "cdn.test"]
    assert seen[0].headers["X-Api-Key"] == "key-VERY-SECRET-9"
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    for request in seen[1:]:
        assert "X-Api-Key" not in request.headers
        assert "Authorization" not in request.headers
        assert request.headers["User-Agent"].startswith("beatkit/")


def test_save_redirect_loop_is_a_redirect_error(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    # Regression: httpx's TooManyRedirects, which is no transport error, came out bare.
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        return httpx.Response(302, headers={"Location": f"https://cdn.test/{len(seen)}.mp3"})

    harness = make(handler)
    with pytest.raises(RedirectError) as caught:
        harness.client._transport.save(get("/tracks/1/download"), tmp_path / "a.mp3")
    assert caught.value.status_code == 302
    assert caught.value.location == f"https://cdn.test/{len(seen)}.mp3"
    assert seen == ["api.test"] + ["cdn.test"] * harness.client._transport.http_client.max_redirects
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_redirect_from_https_to_plain_http(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    # A signed CDN URL sent in the clear: the first location is checked, a hop was not.
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "api.test":
            return httpx.Response(302, headers={"Location": "https://cdn.test/a.mp3"})
        return httpx.Response(302, headers={"Location": "http://evil.test/a.mp3?sig=s3cr3t"})

    harness = make(handler)
    with pytest.raises(RedirectError, match="plain http") as caught:
        harness.client._transport.save(get("/tracks/1/download"), tmp_path / "a.mp3")
    assert "s3cr3t" not in str(caught.value)
    assert not any(url.startswith("http://") for url in seen)
    assert list(tmp_path.iterdir()) == []


def test_a_refused_download_redirect_names_its_service_once(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    # The message began with the service as well, and APIError's str() adds it:
    # "svc 302 svc: GET ...: a redirect to ... is not followed".
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://evil.test/a.mp3"})

    harness = make(handler)
    with pytest.raises(RedirectError) as caught:
        harness.client._transport.save(get("/tracks/1/download"), tmp_path / "a.mp3")
    service = caught.value.service
    assert str(caught.value).startswith(f"{service} 302 GET ")
    assert str(caught.value).count(f"{service}:") == 0


def test_save_does_not_read_the_bodies_of_redirects(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    # Regression: httpx read each redirect's body, and one that did not decode as its
    # Content-Encoding says raised a bare httpx.DecodingError.
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.test":
            return httpx.Response(
                302,
                headers={"Location": "https://cdn.test/a.mp3", "Content-Encoding": "gzip"},
                stream=httpx.ByteStream(b"not gzip"),
            )
        return binary()

    harness = make(handler)
    saved = harness.client._transport.save(get("/tracks/1/download"), tmp_path / "a.mp3")
    assert saved.bytes_written == len(PAYLOAD)


def test_save_absolute_url_on_another_host(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    script = Script(binary(content=b"abc"))
    harness = make(script)
    op = Operation(name="tracks.file", method="GET", path="", url="https://cdn.test/a.mp3")
    saved = harness.client._transport.save(op, tmp_path / "a.mp3")
    assert saved.bytes_written == 3 and saved.content_type == "audio/mpeg"
    assert str(script.requests[0].url) == "https://cdn.test/a.mp3"


def test_save_into_missing_directory_fails_before_sending(
    make: Callable[..., Harness], tmp_path: Any
) -> None:
    script = Script(binary())
    harness = make(script)
    with pytest.raises(FileNotFoundError, match="no directory"):
        harness.client._transport.save(get("/x"), tmp_path / "missing" / "a.mp3")
    assert script.attempts == 0


@pytest.mark.parametrize("status", [204, 205])
def test_save_answered_with_no_content_leaves_dest_alone(
    make: Callable[..., Harness], tmp_path: Any, status: int
) -> None:
    # 204 and 205 carry no content by definition: no file to save, and replacing
    # the destination with an empty one would destroy what was there.
    script = Script(httpx.Response(status))
    harness = make(script)
    dest = tmp_path / "track.mp3"
    dest.write_bytes(b"old contents")
    with pytest.raises(ResponseDecodeError, match=f"{status}"):
        harness.client._transport.save(get("/tracks/1/download"), dest)
    assert dest.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["track.mp3"]
