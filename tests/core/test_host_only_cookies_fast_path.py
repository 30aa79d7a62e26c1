"""The host-only cookie check runs on every request whose jar has a cookie: it built a
urllib request and parsed the URL once per cookie each time. When every cookie of the
jar may go to the request's host, it returns before building anything.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit._core import cookies as cookies_module
from beatkit._core.cookies import keep_cookies_apart, keep_host_only_cookies


def _client(set_cookies: list[str]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=[("Set-Cookie", value) for value in set_cookies])

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        keep_cookies_apart(client.cookies)
        client.get("https://api.test/v1/me")
    return client  # closed: building requests and reading its jar need no connection


def _count_probes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    built: list[object] = []
    real = cookies_module._Outgoing

    def counting(*args: object, **kwargs: object) -> object:
        built.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cookies_module, "_Outgoing", counting)
    return built


def test_cookies_of_the_request_s_own_host_build_no_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _client([f"c{i}=v{i}; Path=/" for i in range(5)] + ["d=1; Domain=api.test; Path=/"])
    for url in ("https://api.test/v1/x", "https://API.test:443/v1/y"):
        request = client.build_request("GET", url)
        sent = request.headers["Cookie"]
        built = _count_probes(monkeypatch)
        keep_host_only_cookies(client.cookies, request)
        assert built == []
        assert request.headers["Cookie"] == sent


def test_a_host_only_cookie_of_another_host_is_still_left_out() -> None:
    client = _client(["sid=api-session; Path=/", "d=1; Domain=api.test; Path=/"])
    request = client.build_request("GET", "https://files.api.test/1.mp3")
    assert "sid=" in request.headers["Cookie"]
    keep_host_only_cookies(client.cookies, request)
    assert request.headers["Cookie"] == "d=1"
