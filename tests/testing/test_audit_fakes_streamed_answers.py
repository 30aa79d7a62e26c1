"""A fake of the user's own whose handler answers with a stream answers HEAD and 204 too.

``FakeService`` serves a handler's ``httpx.Response`` built with ``stream=`` (a large
download, say) to a GET, in process and over the socket; but a HEAD request to that
route, or such an answer with status 204 or 304, read the response's ``content``
unread: ``httpx.ResponseNotRead`` in process, a 500 "fake service crashed" over the socket.
"""

from __future__ import annotations

import asyncio

import httpx

from beatkit.testing import FakeService, serve

BODY = b"hello, streamed"
ROOT = "https://thing.example"


class _Streaming(FakeService):
    default_base_url = "https://thing.example/v1"

    def __init__(self) -> None:
        super().__init__()
        self.add_route("GET", "/file", self._file)
        self.add_route("GET", "/nothing", self._nothing)

    @staticmethod
    def _file(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Length": str(len(BODY))}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(BODY))

    @staticmethod
    def _nothing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204, stream=httpx.ByteStream(b"stray"))


def _check(head: httpx.Response, get: httpx.Response, nothing: httpx.Response) -> None:
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(BODY))
    assert get.content == BODY
    assert nothing.status_code == 204
    assert nothing.content == b""


def test_sync_in_process() -> None:
    fake = _Streaming()
    with httpx.Client(transport=fake.transport(), base_url=ROOT) as http:
        _check(http.head("/v1/file"), http.get("/v1/file"), http.get("/v1/nothing"))


def test_async_in_process() -> None:
    async def run() -> None:
        fake = _Streaming()
        async with httpx.AsyncClient(transport=fake.transport(), base_url=ROOT) as http:
            _check(
                await http.head("/v1/file"),
                await http.get("/v1/file"),
                await http.get("/v1/nothing"),
            )

    asyncio.run(run())


def test_over_the_socket() -> None:
    fake = _Streaming()
    with serve(fake) as server, httpx.Client(base_url=server.root_url, timeout=5) as http:
        _check(http.head("/v1/file"), http.get("/v1/file"), http.get("/v1/nothing"))
