"""Pure request building, URL checks and error mapping."""

from __future__ import annotations

import enum
import json
from typing import Any

import attrs
import httpx
import pytest
from attrs import frozen

from beatkit._core.converter import make_converter
from beatkit._core.http import (
    ErrorInfo,
    ServiceSpec,
    _join,
    build_request,
    check_base_url,
    is_loopback,
    redact_body,
    redact_url,
    url_prefix,
)
from beatkit._core.model import Model
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.responses import decode_result, error_from_response, read_body, undecodable_body
from beatkit._core.settings import DEFAULT_TIMEOUT, build_settings, user_agent
from beatkit._core.validate import check_choice
from beatkit.errors import (
    APIError,
    BackstageRequestPendingError,
    ConfigurationError,
    NotFoundError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)

BASE = httpx.URL("https://api.test/v1")
SPEC = ServiceSpec(name="testsvc")


@frozen(kw_only=True)
class _Beat(Model):
    id: int
    title: str


def build(
    op: Operation[Any], options: RequestOptions | None = None, **headers: str
) -> httpx.Request:
    with httpx.Client() as client:
        return build_request(
            client,
            op,
            base_url=BASE,
            headers={"User-Agent": "ua", **headers},
            timeout=DEFAULT_TIMEOUT,
            options=options,
        )


def get(path: str = "/x", **kwargs: Any) -> Operation[Any]:
    return Operation(name="t.op", method="GET", path=path, **{"result": Any, **kwargs})


# --- is_loopback / check_base_url ----------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]
)
def test_is_loopback(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize(
    "host",
    ["example.com", "10.0.0.1", "0.0.0.0", "192.168.1.1", "::", "localhost.evil.com", ""],  # noqa: S104
)
def test_is_not_loopback(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.test/v1", "https://api.test/v1"),
        ("https://api.test/v1/", "https://api.test/v1"),
        ("https://api.test", "https://api.test"),
        ("http://localhost:8000/api/", "http://localhost:8000/api"),
        ("http://127.0.0.1:9999", "http://127.0.0.1:9999"),
        ("http://[::1]:8080/v2", "http://[::1]:8080/v2"),
    ],
)
def test_check_base_url_accepts(url: str, expected: str) -> None:
    assert str(check_base_url(url)) == expected


def test_check_base_url_accepts_httpx_url() -> None:
    assert check_base_url(httpx.URL("https://api.test/v1/")) == httpx.URL("https://api.test/v1")


@pytest.mark.parametrize(
    "url", ["http://api.test/v1", "http://10.0.0.5/", "http://localhost.evil.com"]
)
def test_check_base_url_refuses_remote_plain_http(url: str) -> None:
    with pytest.raises(ConfigurationError, match="allow_http"):
        check_base_url(url)
    assert str(check_base_url(url, allow_http=True)).startswith("http://")


@pytest.mark.parametrize(
    "url", ["api.test/v1", "/v1", "ftp://api.test", "file:///etc/passwd", "", "https://"]
)
def test_check_base_url_refuses_non_http_urls(url: str) -> None:
    with pytest.raises(ConfigurationError, match="absolute"):
        check_base_url(url)


def test_configuration_error_is_a_value_error() -> None:
    assert issubclass(ConfigurationError, ValueError)


# --- redact_url -----------------------------------------------------------------------------


def test_redact_url_replaces_secret_params() -> None:
    redacted = redact_url("https://api.test/x?api_key=s3cr3t&q=gaga&Token=t0k&page=2")
    assert "s3cr3t" not in redacted
    assert "t0k" not in redacted
    params = httpx.URL(redacted).params
    assert params["api_key"] == "REDACTED"
    assert params["Token"] == "REDACTED"
    assert params["q"] == "gaga"
    assert params["page"] == "2"


@pytest.mark.parametrize(
    "name",
    [
        "access_token",
        "refresh_token",
        "client_secret",
        "code",
        "code_verifier",
        "password",
        "sig",
        "signature",
        "key",
        "apikey",
        "secret",
        "Policy",
        "Signature",
        "X-Amz-Signature",
        "X-Amz-Credential",
        "X-Amz-Security-Token",
        "hdnts",
    ],
)
def test_redact_url_every_secret_name(name: str) -> None:
    assert "hunter2" not in redact_url(f"https://api.test/x?{name}=hunter2")


def test_redact_url_repeated_params() -> None:
    redacted = redact_url("https://api.test/x?token=a1&token=b2&id=1&id=2")
    assert "a1" not in redacted
    assert "b2" not in redacted
    assert httpx.URL(redacted).params.get_list("id") == ["1", "2"]


def test_redact_url_userinfo() -> None:
    redacted = redact_url("https://alice:pa55word@api.test/x")
    assert "alice" not in redacted
    assert "pa55word" not in redacted
    assert "api.test/x" in redacted


def test_redact_url_leaves_clean_urls_alone() -> None:
    assert redact_url("https://api.test/x") == "https://api.test/x"
    assert redact_url(httpx.URL("https://api.test/x?q=1")) == "https://api.test/x?q=1"


# --- build_request --------------------------------------------------------------------------


def test_build_request_joins_base_and_path() -> None:
    request = build(get("/beats"))
    assert request.method == "GET"
    assert request.url == httpx.URL("https://api.test/v1/beats")
    assert request.headers["User-Agent"] == "ua"


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("abc", "abc"),
        (42, "42"),
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("x?y=1", "x%3Fy%3D1"),
        ("x#frag", "x%23frag"),
        ("../admin", "..%2Fadmin"),
        ("caf\u00e9", "caf%C3%A9"),
        ("{beat_id}", "%7Bbeat_id%7D"),
    ],
)
def test_build_request_percent_encodes_path_params(value: str | int, segment: str) -> None:
    request = build(get("/beats/{beat_id}/similar", path_params={"beat_id": value}))
    assert request.url.raw_path.decode() == f"/v1/beats/{segment}/similar"


class _Sort(str, enum.Enum):  # noqa: UP042 - a caller's own enum, not a StrEnum
    POPULAR = "popular"


class _Page(int, enum.Enum):
    SECOND = 2


def test_a_callers_mixin_enums_are_sent_as_their_values() -> None:
    # str() of a (str, Enum) member is "_Sort.POPULAR": that was what the server got.
    op = get(
        "/beats/{kind}",
        path_params={"kind": _Sort.POPULAR},
        params={"sort": _Sort.POPULAR, "page": _Page.SECOND, "ids": [_Page.SECOND, 3]},
    )
    request = build(op)
    assert request.url.raw_path.decode() == "/v1/beats/popular?sort=popular&page=2&ids=2%2C3"
    assert check_choice("sort", _Sort.POPULAR, ["popular", "newest"]) == "popular"


@pytest.mark.parametrize("options", ["x", {"timeout": 5}, 5.0])
def test_options_of_the_wrong_type_are_a_type_error(options: object) -> None:
    # "x" raised AttributeError: 'str' object has no attribute 'headers'.
    with pytest.raises(TypeError, match="RequestOptions"):
        build(get("/x"), options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "op",
    [get("/x", params={"q": "x" * 70_000}), get("/x/{id}", path_params={"id": "y" * 70_000})],
)
def test_a_url_httpx_cannot_build_is_a_value_error_naming_the_operation(
    op: Operation[Any],
) -> None:
    # It escaped as a raw httpx.InvalidURL ("URL component 'query' too long").
    with pytest.raises(ValueError, match=r"t\.op: .* too long") as info:
        build(op)
    assert not isinstance(info.value, httpx.InvalidURL)


@pytest.mark.parametrize(
    "op",
    [
        get("/x", params={"q": "hunter2\ud800"}),
        get("/x", params={"ids": ["a", "hunter2\udfff"]}),
        get("/x/{id}", path_params={"id": "hunter2\ud800"}),
        get("/x", headers={"X-Note": "hunter2\ud800"}),
        Operation(name="t.op", method="POST", path="/x", result=Any, json={"p": "hunter2\ud800"}),
        Operation(name="t.op", method="POST", path="/x", result=Any, data={"p": "hunter2\ud800"}),
    ],
)
def test_text_utf8_cannot_encode_is_a_value_error_naming_the_operation(
    op: Operation[Any],
) -> None:
    # A lone surrogate (from a file name read with surrogateescape, or a bad decode)
    # escaped as a UnicodeEncodeError from deep in httpx or urllib, naming no operation;
    # the message must not quote the text (it may be a password in a body).
    with pytest.raises(ValueError, match=r"^t\.op: the request cannot be built: ") as info:
        build(op)
    assert not isinstance(info.value, UnicodeError)
    assert "hunter2" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.parametrize(
    ("body", "error", "says"),
    [
        ({"p": "hunter2", "x": float("nan")}, ValueError, "NaN or infinity"),
        ({"p": "hunter2", "x": [float("inf")]}, ValueError, "NaN or infinity"),
        ({"p": "hunter2", "when": object()}, TypeError, "object"),
        ({"p": "hunter2", "ids": {1, 2}}, TypeError, "set"),
        ({("p", "hunter2"): 1}, TypeError, "tuple"),
    ],
)
def test_a_json_body_json_cannot_carry_is_refused_naming_the_operation(
    body: Any, error: type[Exception], says: str
) -> None:
    # NaN and infinity, which JSON lacks, went out as the invalid tokens NaN and
    # Infinity with httpx 0.27, and as the json module's bare ValueError with 0.28; an
    # object json cannot write escaped as its bare TypeError. Neither named the call.
    op = Operation(name="t.op", method="POST", path="/x", result=Any, json=body)
    with pytest.raises(error, match=rf"^t\.op: the JSON body cannot be written: .*{says}") as info:
        build(op)
    assert "hunter2" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_json_body_is_sent_as_httpx_writes_it() -> None:
    request = build(Operation(name="t.op", method="POST", path="/x", result=Any, json={"é": 1.5}))
    assert json.loads(request.content) == {"é": 1.5}
    assert request.headers["content-type"] == "application/json"


@pytest.mark.parametrize("value", ["..", "."])
def test_build_request_dot_segment_path_params_stay_one_segment(value: str) -> None:
    # Regression: "." and ".." were removed by URL normalisation (/users/../orders -> /orders).
    request = build(get("/users/{user_id}/orders", path_params={"user_id": value}))
    # The request must still address /v1/users/<one segment>/orders.
    path = request.url.raw_path.decode()
    assert path.startswith("/v1/users/")
    assert path.endswith("/orders")
    assert path.count("/") == 4


def test_build_request_missing_path_param_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="beat_id"):
        build(get("/beats/{beat_id}"))


def test_build_request_query_params() -> None:
    request = build(
        get(
            "/search",
            params={
                "q": "a b&c",
                "page": 2,
                "ratio": 0.5,
                "explicit": True,
                "clean": False,
                "ids": [1, 2, 3],
                "tags": ("x", "y"),
                "genre": None,
            },
        )
    )
    params = request.url.params
    assert params["q"] == "a b&c"
    assert params["page"] == "2"
    assert params["ratio"] == "0.5"
    assert params["explicit"] == "true"
    assert params["clean"] == "false"
    assert params["ids"] == "1,2,3"
    assert params["tags"] == "x,y"
    assert "genre" not in params


def test_build_request_all_none_params_means_no_query() -> None:
    request = build(get("/search", params={"a": None}))
    assert request.url.query == b""


def test_build_request_absolute_url_ignores_path_and_params() -> None:
    op = get("/beats", params={"page": 1}, url="https://api.test/v1/beats?cursor=abc")
    request = build(op)
    assert str(request.url) == "https://api.test/v1/beats?cursor=abc"


def test_build_request_bodies() -> None:
    posted = build(Operation(name="t", method="POST", path="/x", json={"a": 1}))
    assert posted.headers["Content-Type"] == "application/json"
    assert posted.read() == b'{"a":1}'
    form = build(Operation(name="t", method="POST", path="/x", data={"a": "1", "b": "two"}))
    assert form.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form.read() == b"a=1&b=two"


def test_build_request_header_merge_and_authorization_guard() -> None:
    op = get("/x", headers={"X-Op": "op", "Accept": "text/csv"})
    options = RequestOptions(
        headers={"X-Call": "call", "Authorization": "Bearer evil", "authorization": "Bearer evil2"},
        timeout=3.0,
    )
    request = build(op, options, Accept="application/json", Authorization="Bearer good")
    assert request.headers["X-Op"] == "op"
    assert request.headers["X-Call"] == "call"
    assert request.headers["Accept"] == "text/csv"
    assert request.headers.get_list("Authorization") == ["Bearer good"]
    assert request.extensions["timeout"] == httpx.Timeout(3.0).as_dict()


def test_build_request_default_timeout() -> None:
    request = build(get("/x"))
    assert request.extensions["timeout"] == DEFAULT_TIMEOUT.as_dict()


def test_operation_idempotency() -> None:
    for method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE"):
        assert Operation(name="t", method=method, path="/").idempotent
    for method in ("POST", "PATCH"):
        assert not Operation(name="t", method=method, path="/").idempotent


# --- read_body / error_from_response --------------------------------------------------------


def response(
    status: int, *, json: Any = None, text: str | None = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request("GET", "https://api.test/v1/x")
    if text is not None:
        return httpx.Response(status, text=text, headers=headers, request=request)
    if json is not None:
        return httpx.Response(status, json=json, headers=headers, request=request)
    return httpx.Response(status, headers=headers, request=request)


def test_read_body() -> None:
    assert read_body(response(200, json={"a": 1})) == {"a": 1}
    assert read_body(response(200, text="plain")) == "plain"
    assert read_body(response(204)) is None
    bad = httpx.Response(200, content=b"\xff\xfe{", request=httpx.Request("GET", "https://x"))
    assert isinstance(read_body(bad), str)


def test_error_from_response_generic_body() -> None:
    exc = error_from_response(
        response(
            404,
            json={"message": "no such beat", "code": "not_found"},
            headers={"X-Request-Id": "rid-1"},
        ),
        SPEC,
    )
    assert type(exc) is NotFoundError
    assert exc.message == "no such beat"
    assert exc.code == "not_found"
    assert exc.request_id == "rid-1"
    assert exc.service == "testsvc"
    assert exc.body == {"message": "no such beat", "code": "not_found"}
    assert str(exc) == "testsvc 404 [not_found] no such beat (request id rid-1)"


def test_error_from_response_oauth_body() -> None:
    exc = error_from_response(
        response(400, json={"error": "invalid_grant", "error_description": "expired"}), SPEC
    )
    assert exc.message == "expired"
    assert exc.code == "invalid_grant"


def test_error_from_response_text_and_html_bodies() -> None:
    text = error_from_response(response(500, text="  database on fire  "), SPEC)
    assert type(text) is ServerError
    assert text.message == "database on fire"
    html = error_from_response(response(502, text="<html><body>Bad gateway</body></html>"), SPEC)
    assert html.message == "Bad Gateway"
    assert html.body == "<html><body>Bad gateway</body></html>"
    empty = error_from_response(response(418), SPEC)
    assert type(empty) is APIError
    assert empty.message == "I'm a teapot"


def test_error_from_response_request_id_headers_in_order() -> None:
    spec = ServiceSpec(name="s", request_id_headers=("x-trace", "x-request-id"))
    exc = error_from_response(
        response(500, json={}, headers={"X-Request-Id": "second", "X-Trace": "first"}), spec
    )
    assert exc.request_id == "first"


def test_error_from_response_retry_after_header() -> None:
    limited = error_from_response(response(429, json={}, headers={"Retry-After": "12"}), SPEC)
    assert isinstance(limited, RateLimitError)
    assert limited.retry_after == 12.0
    unavailable = error_from_response(response(503, json={}, headers={"Retry-After": "4"}), SPEC)
    assert isinstance(unavailable, ServerError)
    assert unavailable.retry_after == 4.0
    no_header = error_from_response(response(429, json={}), SPEC)
    assert isinstance(no_header, RateLimitError)
    assert no_header.retry_after is None


def test_error_from_response_custom_parser() -> None:
    def parse(status: int, body: Any) -> ErrorInfo | None:
        if not isinstance(body, dict) or "error" not in body:
            return None
        error = body["error"]
        if error["code"] == "backstage_request_pending":
            return ErrorInfo(
                message=error["message"],
                code=error["code"],
                details=error.get("details"),
                error_class=BackstageRequestPendingError,
                kwargs={"contact_url": "https://help.test"},
            )
        if status == 422:
            return ErrorInfo(
                message=error["message"],
                code=error["code"],
                kwargs={"field_errors": {"name": ["required"]}},
            )
        if status == 429:
            return ErrorInfo(message=error["message"], kwargs={"retry_after": 99.0})
        return ErrorInfo(message=error["message"], code=error["code"], details=error.get("details"))

    spec = ServiceSpec(name="custom", parse_error=parse)
    body = {
        "error": {"code": "backstage_request_pending", "message": "pending", "details": {"id": 3}}
    }
    pending = error_from_response(response(409, json=body), spec)
    assert type(pending) is BackstageRequestPendingError
    assert pending.contact_url == "https://help.test"
    assert pending.details == {"id": 3}
    assert pending.service == "custom"

    invalid = error_from_response(
        response(422, json={"error": {"code": "validation", "message": "invalid"}}), spec
    )
    assert type(invalid) is UnprocessableEntityError
    assert invalid.field_errors == {"name": ["required"]}

    # The Retry-After header beats a body value; the body value is the fallback.
    body_only = error_from_response(
        response(429, json={"error": {"code": "x", "message": "slow"}}), spec
    )
    assert isinstance(body_only, RateLimitError)
    assert body_only.retry_after == 99.0
    header = error_from_response(
        response(
            429, json={"error": {"code": "x", "message": "slow"}}, headers={"Retry-After": "3"}
        ),
        spec,
    )
    assert isinstance(header, RateLimitError)
    assert header.retry_after == 3.0

    # Bodies the parser does not recognise fall back to the generic reading.
    fallback = error_from_response(response(404, json={"message": "plain"}), spec)
    assert fallback.message == "plain"


# --- decode_result --------------------------------------------------------------------------


def test_decode_result() -> None:
    op = Operation(
        name="t.get", method="GET", path="/x", result=Any, unwrap=lambda body: body["id"]
    )
    ok = response(200, json={"id": 7})
    assert decode_result(op, ok, {"id": 7}, SPEC) == 7
    with pytest.raises(ResponseDecodeError, match="documented shape") as info:
        decode_result(op, ok, {"nope": 1}, SPEC)
    assert info.value.status_code == 200
    assert info.value.body == {"nope": 1}
    assert isinstance(info.value.__cause__, KeyError)
    with pytest.raises(ResponseDecodeError, match="empty"):
        decode_result(op, response(200), None, SPEC)
    with pytest.raises(ResponseDecodeError, match="expected JSON"):
        decode_result(op, response(200, text="<html>"), "<html>", SPEC)
    no_body = Operation(name="t.del", method="DELETE", path="/x", result=None)
    assert decode_result(no_body, response(204), None, SPEC) is None


def test_decode_result_names_a_json_string_or_null_for_what_it_is() -> None:
    # A JSON string body was reported as JSON "that does not parse", and a JSON null as
    # "an empty response": both parse, and neither is the documented shape.
    op = Operation(name="t.get", method="GET", path="/x", result=Any)
    string = response(200, json="x")
    with pytest.raises(ResponseDecodeError, match="got a JSON string") as info:
        decode_result(op, string, read_body(string), SPEC)
    assert "does not parse" not in str(info.value)
    null = response(200, text="null", headers={"content-type": "application/json"})
    with pytest.raises(ResponseDecodeError, match="got JSON null") as info:
        decode_result(op, null, read_body(null), SPEC)
    assert "empty" not in str(info.value)


def test_decode_result_names_service_operation_model_field_and_type() -> None:
    conv = make_converter()
    op = Operation(name="beats.get", method="GET", path="/x", result=_Beat)
    ok = response(200, json={"id": 1, "title": None})
    with pytest.raises(ResponseDecodeError) as info:
        decode_result(op, ok, {"id": 1, "title": None}, SPEC, conv)
    assert str(info.value) == "testsvc: beats.get: _Beat.title: expected str, got null"
    assert isinstance(info.value.__cause__, TypeError)
    assert info.value.body == {"id": 1, "title": None}


def test_read_body_of_too_deep_json_is_text() -> None:
    deep = response(200, text="[" * 100_000, headers={"Content-Type": "application/json"})
    assert read_body(deep) == "[" * 100_000
    op = get(unwrap=lambda body: body)
    with pytest.raises(
        ResponseDecodeError, match="expected JSON, got application/json that does not parse"
    ):
        decode_result(op, deep, read_body(deep), SPEC)


def test_decode_result_of_too_deep_structures() -> None:
    nested: Any = []
    for _ in range(50_000):  # built by hand: deeper than json.loads would go
        nested = [nested]
    op = get(unwrap=_walk)
    with pytest.raises(ResponseDecodeError, match="nested too deeply") as info:
        decode_result(op, response(200, json=[]), nested, SPEC)
    assert info.value.body is None  # too deep to check for credentials: not kept
    assert info.value.__cause__ is None


def _walk(value: Any) -> int:
    return 1 + max((_walk(item) for item in value), default=0) if isinstance(value, list) else 0


# Unparseable (json.loads gives up), and parseable but too deep for redaction to walk.
@pytest.mark.parametrize("body", [b"[" * 100_000, b"[" * 900 + b"]" * 900])
def test_error_bodies_too_deep_to_walk_still_give_the_error(body: bytes) -> None:
    failed = httpx.Response(
        500, content=body, headers={"Content-Type": "application/json"},
        request=httpx.Request("GET", "https://api.test/x"),
    )  # fmt: skip
    exc = error_from_response(failed, SPEC)
    assert isinstance(exc, ServerError) and exc.status_code == 500


@pytest.mark.parametrize("status", [300, 301, 302, 303, 304, 307, 308])
def test_redirects_are_an_error_of_their_own(status: int) -> None:
    answer = response(status, headers={"Location": "/v2/x?token=s3cret&page=2"})
    exc = error_from_response(answer, SPEC)
    assert isinstance(exc, RedirectError) and isinstance(exc, APIError)
    assert exc.status_code == status and exc.service == "testsvc"
    assert exc.location == "https://api.test/v2/x?token=REDACTED&page=2"
    assert "s3cret" not in str(exc) and "do not follow redirects" in str(exc)
    bare = error_from_response(response(status), SPEC)
    assert isinstance(bare, RedirectError) and bare.location is None


def test_undecodable_body() -> None:
    request = httpx.Request("GET", "https://api.test/v1/x?api_key=s3cret")
    answer = httpx.Response(200, headers={"Content-Encoding": "gzip"}, request=request)
    exc = undecodable_body(request, answer, SPEC, httpx.DecodingError("incorrect header check"))
    assert isinstance(exc, ResponseDecodeError)
    assert exc.status_code == 200 and exc.body is None and exc.service == "testsvc"
    assert "Content-Encoding (gzip)" in str(exc) and "s3cret" not in str(exc)


# --- build_settings -------------------------------------------------------------------------


def settings_kwargs(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "base_url": "https://api.test/v1/",
        "auth": None,
        "timeout": None,
        "max_retries": 2,
        "max_retry_wait": 60.0,
        "requests_per_second": None,
        "allow_http": False,
    }
    kwargs.update(overrides)
    return kwargs


def test_build_settings_defaults() -> None:
    settings = build_settings(SPEC, **settings_kwargs())
    assert settings.base_url == httpx.URL("https://api.test/v1")
    assert settings.timeout == DEFAULT_TIMEOUT
    assert settings.retry.max_retries == 2
    assert settings.headers["User-Agent"] == user_agent()
    assert user_agent().startswith("beatkit/")
    assert settings.prefetch == 4
    assert build_settings(SPEC, **settings_kwargs(timeout=5)).timeout == httpx.Timeout(5)


@pytest.mark.parametrize(
    "overrides",
    [
        {"base_url": "http://api.test"},
        {"max_retries": -1},
        {"max_retries": 21},
        {"max_retries": True},
        {"prefetch": 0},
        {"prefetch": 65},
        {"max_retry_wait": -1},
        {"requests_per_second": 0},
    ],
)
def test_build_settings_refuses_bad_options(overrides: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        build_settings(SPEC, **settings_kwargs(**overrides))


def test_redact_body_hides_credentials_at_any_depth() -> None:
    body = {
        "status": "success",
        "user": {"id": 1, "access_token": "1|hunter2", "name": "x"},
        "items": [{"client_secret": "pi_1_secret_hunter2"}, {"ok": True}],
        "refresh_token": None,
    }
    redacted = redact_body(body)
    assert "hunter2" not in repr(redacted)
    assert redacted["user"] == {"id": 1, "access_token": "REDACTED", "name": "x"}
    assert redacted["items"][1] == {"ok": True} and redacted["refresh_token"] is None
    assert body["user"]["access_token"] == "1|hunter2"  # the input is not modified
    clean = {"a": [1, {"b": 2}]}
    assert redact_body(clean) is clean
    assert redact_body("text") == "text"


def test_errors_never_carry_credentials_in_their_body() -> None:
    spec = ServiceSpec(name="svc")
    request = httpx.Request("POST", "https://api.test/auth/login")
    response = httpx.Response(200, json={"user": {"access_token": "1|hunter2"}}, request=request)
    op: Operation[Any] = Operation(
        name="auth.login",
        method="POST",
        path="/auth/login",
        result=Any,
        unwrap=lambda body: body["nope"],
    )
    with pytest.raises(ResponseDecodeError) as info:
        decode_result(op, response, response.json(), spec)
    assert "hunter2" not in repr(info.value.body)
    failed = httpx.Response(
        400, json={"message": "bad", "access_token": "hunter2"}, request=request
    )
    assert "hunter2" not in repr(error_from_response(failed, spec).body)


# -- non-finite numbers --------------------------------------------------------------
# Python's json takes NaN, Infinity and -Infinity (not JSON) and turns a literal too
# large for a float (1e400) into inf: none of them may come out as a number.


@pytest.mark.parametrize(
    "content",
    [
        b'{"bpm": NaN}',
        b'{"bpm": Infinity}',
        b"[-Infinity]",
        b'{"bpm": 1e400}',
        b'{"bpm": -1E+999}',
        b'{"bpm": ' + b"9" * 400 + b".5}",
    ],
)
def test_read_body_refuses_non_finite_numbers(content: bytes) -> None:
    body = read_body(httpx.Response(200, content=content))
    assert body == content.decode()  # not JSON this library reads: the text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"bpm": 1.5e300}', {"bpm": 1.5e300}),
        (b'{"bpm": 1e-400}', {"bpm": 0.0}),  # underflow is a finite value, as sent
        (b'{"name": "1e400 NaN"}', {"name": "1e400 NaN"}),
        (b'{"n": ' + b"9" * 400 + b"}", {"n": int(b"9" * 400)}),
    ],
)
def test_read_body_keeps_finite_numbers_and_lookalike_text(content: bytes, expected: Any) -> None:
    assert read_body(httpx.Response(200, content=content)) == expected


_HUGE = "x" * 1_000_000


@pytest.mark.parametrize(
    "body",
    [
        {"message": _HUGE},
        {"error": "bad", "error_description": _HUGE},
        {"detail": _HUGE},
    ],
)
def test_an_api_error_message_is_cut_to_a_readable_length(body: dict[str, str]) -> None:
    # The message goes into str(error), every log line and traceback: a server that
    # puts a megabyte there must not make each of them a megabyte.
    request = httpx.Request("GET", "https://api.test/x")
    response = httpx.Response(500, json=body, request=request)
    error = error_from_response(response, ServiceSpec(name="svc"))
    assert 100 < len(str(error)) < 1200
    assert str(error).endswith("...")  # said to be cut
    assert error.body == body  # the body keeps all of it


def test_a_token_endpoint_error_message_is_cut_to_a_readable_length() -> None:
    from beatkit.auth.oauth import token_error

    request = httpx.Request("POST", "https://auth.test/token", data={"grant_type": "x"})
    for body in ({"error": "invalid_request", "error_description": _HUGE}, {"detail": _HUGE}):
        error = token_error(httpx.Response(400, json=body, request=request), service="s")
        assert 100 < len(str(error)) < 1200
        assert str(error).endswith("...")


# --- the URL joined from a precomputed prefix is the URL copy_with builds ------------------

_BASES = [
    "https://api.test/v1",
    "https://api.test",  # no path: "/beats", not "//beats"
    "https://api.test/",
    "http://127.0.0.1:8000/api/",
    "https://user:p%40ss@api.test:8443/v1",
    "https://[::1]/v1",
    "https://API.Test:443/V1/x y",
    "https://api.test/a%2Fb/c%20d/%2541",
    "https://bücher.example/v1",
    "https://api.test/v1/./x/../y",
    "https://api.test/v1?key=1",  # a query: no prefix, joined the old way
]
_PATHS = [
    "/beats",
    "/beats/1234",
    "/users/%2E%2E/orders",
    "/users/../orders",
    "/a/./b",
    "/caf%C3%A9/x%3Fy%3D1",
    "/café/€",
    "//double",
    "/trailing/",
    "/100%",
    "/%zz",
    "",
    "relative",
    "/with?query",
    "/with#frag",
    "/" + "y" * 70_000,
]


@pytest.mark.parametrize("base", _BASES)
def test_the_url_from_the_prefix_is_the_url_copy_with_builds(base: str) -> None:
    base_url = check_base_url(base, allow_http=True)
    prefix = url_prefix(base_url)
    assert (prefix is None) == ("?" in base or "#" in base)
    for path in _PATHS:
        try:
            # The base path as given (raw): "/a%2Fb" stays "/a%2Fb", not "/a/b".
            base_path = base_url.raw_path.partition(b"?")[0].decode("ascii")
            expected: httpx.URL | str = base_url.copy_with(path=base_path.rstrip("/") + path)
        except httpx.InvalidURL as exc:
            expected = f"InvalidURL: {exc}"
        try:
            got: httpx.URL | str = _join(base_url, path, prefix)
        except httpx.InvalidURL as exc:
            got = f"InvalidURL: {exc}"
        assert got == expected, path
        if isinstance(got, httpx.URL):
            assert isinstance(expected, httpx.URL)
            assert got.raw_path == expected.raw_path
            assert got.raw_host == expected.raw_host
            assert got.userinfo == expected.userinfo


@pytest.mark.parametrize("base", ["https://api.test", "https://api.test/", "https://api.test:8443"])
def test_a_base_url_without_a_path_is_joined_without_a_double_slash(base: str) -> None:
    # "https://api.test" + "/beats/1" used to become "https://api.test//beats/1": a
    # server at the root (a proxy, a staging host) saw another path, or a 404.
    base_url = check_base_url(base, allow_http=False)
    for prefix in (url_prefix(base_url), None):
        assert _join(base_url, "/beats/1", prefix).raw_path == b"/beats/1"
    settings = build_settings(SPEC, base_url=base)
    with httpx.Client() as client:
        request = build_request(
            client,
            get("/beats/{id}", path_params={"id": "1"}),
            base_url=settings.base_url,
            headers=settings.headers,
            timeout=settings.timeout,
            url_prefix=settings.url_prefix,
        )
    assert request.url.raw_path == b"/beats/1"


def test_a_client_builds_its_requests_with_its_prefix() -> None:
    settings = build_settings(SPEC, base_url="https://api.test/v1/")
    assert settings.url_prefix == "https://api.test/v1"
    assert attrs.evolve(settings, base_url=httpx.URL("http://localhost/x")).url_prefix == (
        "http://localhost/x"
    )
    with httpx.Client() as client:
        request = build_request(
            client,
            get("/beats/{id}", path_params={"id": "a b"}),
            base_url=settings.base_url,
            headers=settings.headers,
            timeout=settings.timeout,
            url_prefix=settings.url_prefix,
        )
    assert request.url.raw_path == b"/v1/beats/a%20b"


def _tripping_parser(status: int, body: Any) -> ErrorInfo | None:
    raise KeyError(f"error_description of {body!r}")  # quotes the body, as parsers do


def _quiet_parser(status: int, body: Any) -> ErrorInfo | None:
    return ErrorInfo(message=f"said {status}") if status == 400 else None


def test_read_error_is_the_parsers_reading_or_none_never_its_exception() -> None:
    # The login steps read an error body themselves; a parser that trips over an odd
    # body must leave them the status default, as error_from_response does.
    assert ServiceSpec(name="x", parse_error=_tripping_parser).read_error(400, {"s": 1}) is None
    quiet = ServiceSpec(name="x", parse_error=_quiet_parser)
    assert quiet.read_error(400, {}) == ErrorInfo(message="said 400")
    assert quiet.read_error(500, {}) is None
