"""Tests of the generic fake-service base: routing, faults, request log, transports."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest

from beatkit._core.operation import parse_routes
from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech, FakeService
from beatkit.testing._app import Abort, Handler
from beatkit.testing._crud import Collection


class Echo(FakeService):
    default_base_url = "https://echo.invalid/api"

    def __init__(self) -> None:
        super().__init__()
        self.add_route("GET", "/items/{item_id}", self.get_item)
        self.add_route("DELETE", "/items/{item_id}", self.delete_item)
        self.add_route("GET", "/", self.root)
        self.counter = 0

    def get_item(self, request: httpx.Request, item_id: str) -> httpx.Response:
        self.counter += 1
        return self.json_response({"item": item_id, "q": request.url.params.get("q")})

    def delete_item(self, request: httpx.Request, item_id: str) -> httpx.Response:
        return httpx.Response(204)

    def root(self, request: httpx.Request) -> httpx.Response:
        return self.json_response({"root": True})


@pytest.fixture
def echo() -> Echo:
    return Echo()


@pytest.fixture
def client(echo: Echo) -> Iterator[httpx.Client]:
    with httpx.Client(transport=echo.transport(), base_url=echo.base_url) as http:
        yield http


def test_routes_with_path_params(client: httpx.Client) -> None:
    response = client.get("/items/abc", params={"q": "x"})
    assert response.status_code == 200
    assert response.json() == {"item": "abc", "q": "x"}
    assert response.headers["content-type"] == "application/json"
    assert client.get("/").json() == {"root": True}
    assert client.get("/items/abc/").json()["item"] == "abc"


def test_an_encoded_slash_stays_inside_its_path_param(client: httpx.Client) -> None:
    # beatkit's clients send "a/b" as one segment, "a%2Fb"; the fake matched the decoded
    # path, saw /items/a/b and answered 404.
    assert client.get("/items/a%2Fb").json()["item"] == "a/b"
    assert client.get("/items/caf%C3%A9%20au%20lait").json()["item"] == "café au lait"
    assert client.get("/items/a/b").status_code == 404


def test_unknown_path_and_prefix(client: httpx.Client) -> None:
    assert client.get("/nothing").status_code == 404
    # Outside the base path /api.
    assert client.get("https://echo.invalid/items/1").status_code == 404


def test_an_unexpected_request_is_answered_naming_its_method_and_path(
    client: httpx.Client,
) -> None:
    # A request the test did not expect (a typo in a path, an endpoint the fake does not
    # serve) said only "The requested resource does not exist".
    missing = client.post("/nothing/here", params={"q": "1"})
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "not_found",
        "message": "Echo has no route for POST /api/nothing/here",
    }
    outside = client.get("https://echo.invalid/items/1")
    assert outside.json()["error"]["message"] == "Echo has no route for GET /items/1"
    wrong = client.post("/items/1")
    assert wrong.json()["error"]["message"] == (
        "Echo has no route for POST /api/items/1 (it answers DELETE, GET there)"
    )


def test_wrong_method_is_405_with_allow(client: httpx.Client) -> None:
    response = client.post("/items/1")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_request_log(echo: Echo, client: httpx.Client) -> None:
    client.get("/items/1", headers={"X-Test": "yes"})
    client.delete("/items/1")
    assert [r.method for r in echo.requests] == ["GET", "DELETE"]
    assert echo.requests[0].headers["x-test"] == "yes"
    assert str(echo.requests[0].url) == "https://echo.invalid/api/items/1"
    assert len(echo.requests_to("/items/1", "get")) == 1
    assert len(echo.requests_to("/items/1")) == 2


def test_fail_next_counts_then_recovers(echo: Echo, client: httpx.Client) -> None:
    echo.fail_next(503, count=2, headers={"Retry-After": "0"})
    assert echo.pending_faults == 2
    first, second, third = (client.get("/items/1") for _ in range(3))
    assert first.status_code == second.status_code == 503
    assert first.headers["retry-after"] == "0"
    assert first.json()["error"]["code"] == "503"
    assert third.status_code == 200
    assert echo.counter == 1  # faulted requests never reach the handler
    assert len(echo.requests) == 3  # ...but they are logged


@pytest.mark.parametrize(
    ("body", "expected"),
    [(b"raw", b"raw"), ("text", b"text"), ({"a": 1}, b'{"a":1}')],
)
def test_fail_next_custom_body(
    echo: Echo, client: httpx.Client, body: object, expected: bytes
) -> None:
    echo.fail_next(500, body=body)
    response = client.get("/items/1")
    assert response.status_code == 500
    assert response.content.replace(b" ", b"") == expected


def test_faults_run_in_order(echo: Echo, client: httpx.Client) -> None:
    echo.fail_next(500)
    echo.timeout_next()
    echo.garbage_next(status=502)
    assert client.get("/items/1").status_code == 500
    with pytest.raises(httpx.ReadTimeout):
        client.get("/items/1")
    garbage = client.get("/items/1")
    assert garbage.status_code == 502
    with pytest.raises(ValueError):  # noqa: PT011 - json's decode error
        garbage.json()
    assert client.get("/items/1").status_code == 200


def test_timeout_and_disconnect(echo: Echo, client: httpx.Client) -> None:
    echo.timeout_next(count=2)
    echo.disconnect_next()
    for _ in range(2):
        with pytest.raises(httpx.ReadTimeout):
            client.get("/items/1")
    with pytest.raises(httpx.ConnectError):
        client.get("/items/1")
    assert client.get("/items/1").status_code == 200
    assert len(echo.requests) == 4


def test_garbage_default_is_200_html(echo: Echo, client: httpx.Client) -> None:
    echo.garbage_next()
    response = client.get("/items/1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.lstrip().startswith("<!DOCTYPE html>")


def test_clear_faults(echo: Echo, client: httpx.Client) -> None:
    echo.fail_next(500, count=5)
    echo.clear_faults()
    assert echo.pending_faults == 0
    assert client.get("/items/1").status_code == 200


def test_invalid_counts_and_templates(echo: Echo) -> None:
    with pytest.raises(ValueError, match="count"):
        echo.fail_next(500, count=0)
    with pytest.raises(ValueError, match="start with"):
        echo.add_route("GET", "items", echo.root)


@pytest.mark.parametrize(
    ("queue", "error"),
    [
        # A float count never reached 0: the fault answered every request for ever.
        (lambda fake: fake.fail_next(500, count=1.5), TypeError),
        (lambda fake: fake.fail_next(500, count=True), TypeError),
        (lambda fake: fake.timeout_next("2"), TypeError),
        (lambda fake: fake.disconnect_next(2.0), TypeError),
        # A status that is no HTTP status reached the client as the response's status.
        (lambda fake: fake.fail_next("503"), TypeError),
        (lambda fake: fake.fail_next(True), TypeError),
        (lambda fake: fake.fail_next(99), ValueError),
        (lambda fake: fake.fail_next(600), ValueError),
        (lambda fake: fake.garbage_next(status="502"), TypeError),
        (lambda fake: fake.garbage_next(status=1000), ValueError),
        # Headers and bodies that cannot be sent failed only inside the client's call.
        (lambda fake: fake.fail_next(503, headers={"Retry-After": 0}), TypeError),
        (lambda fake: fake.fail_next(500, body={"at": object()}), TypeError),
        (lambda fake: fake.fail_next(500, body={"ratio": float("nan")}), ValueError),
    ],
)
def test_fault_arguments_are_checked_when_queued(
    echo: Echo, client: httpx.Client, queue: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        queue(echo)
    assert echo.pending_faults == 0
    assert client.get("/items/1").status_code == 200


@pytest.mark.parametrize("path", ["items/1", "/items/1?q=x", ""])
def test_requests_to_refuses_a_path_it_could_never_match(
    echo: Echo, client: httpx.Client, path: str
) -> None:
    # These answered [] whatever was sent, so "assert len(...) == 0" passed for nothing.
    client.get("/items/1", params={"q": "x"})
    with pytest.raises(ValueError, match="path"):
        echo.requests_to(path)
    assert len(echo.requests_to("/items/1")) == 1


async def test_async_client_uses_the_same_transport(echo: Echo) -> None:
    echo.disconnect_next()
    async with httpx.AsyncClient(transport=echo.transport(), base_url=echo.base_url) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("/items/1")
        response = await http.get("/items/7")
    assert response.json()["item"] == "7"


def test_handle_is_thread_safe(echo: Echo) -> None:
    def work() -> None:
        with httpx.Client(transport=echo.transport(), base_url=echo.base_url) as http:
            for _ in range(50):
                http.get("/items/1")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert echo.counter == 400
    assert len(echo.requests) == 400


def test_abort_answers_from_a_handler_or_a_hook_and_finalize_still_runs() -> None:
    class Fake(FakeService):
        def __init__(self) -> None:
            super().__init__("https://fake.test/v1")
            self.add_route("GET", "/deep", self.deep)

        def deep(self, request: httpx.Request) -> httpx.Response:
            raise Abort(httpx.Response(418, json={"why": "handler"}))

        def before_route(self, request: httpx.Request) -> httpx.Response | None:
            if request.url.params.get("stop"):
                raise Abort(httpx.Response(403, json={"why": "hook"}))
            return None

        def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
            response.headers["X-Finalized"] = "yes"
            return response

    fake = Fake()
    handler = fake.handle(httpx.Request("GET", "https://fake.test/v1/deep"))
    hook = fake.handle(httpx.Request("GET", "https://fake.test/v1/deep?stop=1"))
    assert (handler.status_code, handler.json()) == (418, {"why": "handler"})
    assert (hook.status_code, hook.json()) == (403, {"why": "hook"})
    assert handler.headers["X-Finalized"] == hook.headers["X-Finalized"] == "yes"


# -- operations routed by their PATHS key, and the collection helper -----------------------

SHOP = parse_routes(
    {
        "items.list": "GET /items/",
        "items.get": "GET /items/{item}/",
        "items.create": "POST /items",
        "items.update": "PUT /items/{id}",
        "items.delete": "DELETE /items/{ids}",
        "items.tag": "POST /shops/{shop}/items/{item}/tags",
    }
)


class Items(Collection["Shop"]):
    def missing(self, fake: Shop, raw: str) -> Exception:
        return Abort(fake.json_response({"missing": raw}, 404))

    def forbidden(self, fake: Shop) -> Exception:
        return Abort(fake.json_response({"forbidden": True}, 403))

    def reply(self, fake: Shop, request: httpx.Request, op: str, found: Any) -> Any:
        status = 201 if op == "create" else 200
        return fake.json_response({"op": op, "found": found}, status)


def _item_changes(fake: Shop, request: httpx.Request, record: Any) -> dict[str, Any]:
    body = json.loads(request.content)
    if not isinstance(body.get("name"), str):
        raise Abort(fake.json_response({"invalid": "name"}, 422))
    return {"name": body["name"]}


class Shop(FakeService):
    default_base_url = "https://shop.invalid/v2"
    operations = SHOP

    def __init__(self) -> None:
        self.items: dict[int, dict[str, Any]] = {1: {"id": 1, "name": "one", "locked": False}}
        self.bound: list[str] = []
        self.deleted: list[int] = []
        super().__init__()

    _items = Items(
        name="items",
        model="Item",
        changes=_item_changes,
        new=lambda fake, item_id, changes: {"id": item_id, **changes, "locked": False},
        may_write=lambda fake, item: not item["locked"],
        on_delete=lambda fake, item_id: fake.deleted.append(item_id),
    )

    def bind(self, key: str, handler: Handler) -> Handler:
        self.bound.append(key)
        return handler

    def on_items_tag(self, request: httpx.Request, shop: str, item: str) -> httpx.Response:
        return self.json_response({"shop": shop, "item": item})


def test_operations_are_routed_by_key_with_positional_path_values() -> None:
    shop = Shop()
    # Trailing slashes of the table's paths are optional, as for every route.
    assert (shop.routes[0].method, shop.routes[0].template) == ("GET", "/items")
    assert shop.handle(httpx.Request("GET", "https://shop.invalid/v2/items/")).status_code == 200
    assert shop.bound == list(SHOP)  # in the table's order, each through bind()
    response = shop.handle(httpx.Request("POST", "https://shop.invalid/v2/shops/s1/items/i9/tags"))
    assert response.json() == {"shop": "s1", "item": "i9"}


def test_a_handler_for_no_operation_is_refused() -> None:
    class Typo(FakeService):
        operations = SHOP

        def on_items_tags(self, request: httpx.Request) -> httpx.Response:
            raise AssertionError("never routed")

    with pytest.raises(TypeError, match="on_items_tags"):
        Typo()


def test_collection_serves_the_crud_flows() -> None:
    shop = Shop()
    with httpx.Client(transport=shop.transport(), base_url=shop.base_url) as http:
        created = http.post("/items", json={"name": "two"})
        assert (created.status_code, created.json()["found"]) == (
            201,
            {"id": 2, "name": "two", "locked": False},
        )
        assert http.post("/items", json={}).json() == {"invalid": "name"}
        assert [i["id"] for i in http.get("/items").json()["found"]] == [1, 2]
        assert http.get("/items/2").json()["found"]["name"] == "two"
        assert http.get("/items/x").json() == {"missing": "x"}
        assert http.put("/items/2", json={"name": "deux"}).json()["found"]["name"] == "deux"
        shop.items[1]["locked"] = True
        assert http.put("/items/1", json={"name": "x"}).status_code == 403
        # Every id is checked before any is deleted.
        assert http.delete("/items/2,1").status_code == 403
        assert sorted(shop.items) == [1, 2]
        assert http.delete("/items/2,2").json() == {"op": "delete", "found": None}
    assert sorted(shop.items) == [1]
    assert shop.deleted == [2]


def test_requests_to_ignores_a_trailing_slash_as_the_router_does(
    echo: Echo, client: httpx.Client
) -> None:
    # The router serves /items/1 and /items/1/ alike (Beatport's client sends the
    # slash), but requests_to("/items/1") found only the first: a count of 0 passed
    # while the fake had served the request.
    client.get("/items/1/")
    client.get("/items/1")
    client.get("/")
    assert len(echo.requests_to("/items/1")) == 2
    assert len(echo.requests_to("/items/1/")) == 2
    assert len(echo.requests_to("/")) == 1
    assert echo.requests_to("/items") == []


@pytest.mark.parametrize("method", [1, b"GET", ["GET"]])
def test_requests_to_refuses_a_method_that_is_not_text(
    echo: Echo, client: httpx.Client, method: Any
) -> None:
    # With no request recorded yet, a wrong method answered [] without complaint.
    with pytest.raises(TypeError, match="method"):
        echo.requests_to("/items/1", method=method)
    client.get("/items/1")
    with pytest.raises(TypeError, match="method"):
        echo.requests_to("/items/1", method=method)


def test_an_unknown_operation_key_names_itself_and_the_fake() -> None:
    routes = parse_routes({"things.get": "GET /things/{thing_id}"})

    class Things(FakeService):
        operations = routes

    fake = Things()
    with pytest.raises(KeyError, match=r"Things has no operation 'things\.gett'"):
        fake.add_operation("things.gett", lambda request, thing_id: httpx.Response(200))


def test_operations_given_as_text_are_a_clear_type_error() -> None:
    # "GET /things/{id}" text where a parsed route belongs failed deep in routing with
    # "'str' object has no attribute 'method'" (the docs' recipe once showed it so).
    class Things(FakeService):
        operations: ClassVar[Any] = {"things.get": "GET /things/{thing_id}"}

        def on_things_get(self, request: httpx.Request, thing_id: str) -> httpx.Response:
            raise AssertionError("never routed")

    with pytest.raises(TypeError, match=r"Things\.operations\['things\.get'\] .*str"):
        Things()


def test_head_is_answered_as_get_without_the_body(echo: Echo, client: httpx.Client) -> None:
    # Every web framework the services run on answers HEAD wherever GET is served.
    head = client.head("/items/abc")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == "application/json"
    assert client.head("/nothing").status_code == 404
    assert client.head("/items/abc", params={"q": "x"}).request.method == "HEAD"


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (FakeBeatConnect, "/genres"),
        (FakeBeatPass, "/genres"),
        (lambda: FakeBeatport(require_auth=False), "/catalog/genres/"),
        (FakeBeatTech, "/products"),
    ],
    ids=["beatconnect", "beatpass", "beatport", "beattech"],
)
def test_the_fakes_answer_head_where_they_answer_get(make: Any, path: str) -> None:
    fake = make()
    headers = {"Authorization": f"Bearer {getattr(fake, 'api_key', getattr(fake, 'token', ''))}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers) as http:
        get, head = http.get(path), http.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""


@pytest.mark.parametrize(
    ("base_url", "error"),
    [(5, TypeError), ("api.example/v1", ValueError), ("ftp://api.example/v1", ValueError)],
)
def test_a_base_url_that_is_not_an_http_url_is_refused(
    base_url: Any, error: type[Exception]
) -> None:
    # "api.example/v1" was taken as a path prefix no request could ever match.
    with pytest.raises(error, match="base_url"):
        FakeService(base_url)
    with pytest.raises(error, match="base_url"):
        FakeBeatConnect(base_url=base_url)


def test_fail_next_headers_must_be_a_mapping(echo: Echo) -> None:
    with pytest.raises(TypeError, match="headers"):
        echo.fail_next(500, headers="Retry-After: 0")  # type: ignore[arg-type]
    assert echo.pending_faults == 0


def test_abort_is_public_and_ends_a_request_from_any_depth() -> None:
    # The docs tell fake writers to raise Abort from a helper; it was importable only
    # from the private beatkit.testing._app.
    from beatkit.testing import Abort as PublicAbort

    class Guarded(FakeService):
        def __init__(self) -> None:
            super().__init__("https://guarded.invalid")
            self.add_route("GET", "/secret", self.secret)

        def check(self, request: httpx.Request) -> None:
            if "x-key" not in request.headers:
                raise PublicAbort(self.json_response({"denied": True}, 401))

        def secret(self, request: httpx.Request) -> httpx.Response:
            self.check(request)
            return self.json_response({"ok": True})

    fake = Guarded()
    denied = fake.handle(httpx.Request("GET", "https://guarded.invalid/secret"))
    assert (denied.status_code, denied.json()) == (401, {"denied": True})
    allowed = fake.handle(
        httpx.Request("GET", "https://guarded.invalid/secret", headers={"x-key": "1"})
    )
    assert allowed.json() == {"ok": True}
