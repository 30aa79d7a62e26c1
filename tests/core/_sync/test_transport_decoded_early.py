# GENERATED from tests/core/_async/test_transport_decoded_early.py by scripts/unasync.py: edit the async source.
"""A transport that decodes the body before handing the answer over (httpx.MockTransport,
pytest-httpx: an ``httpx.Response`` made with ``content=`` is read at once) and fails to.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit.errors import ResponseDecodeError
from tests.core._sync.test_transport import TOKEN, BearerAuth, Harness, get, make, post

__all__ = ["make"]  # the fixture, imported for the tests below


def not_gzip(request: httpx.Request) -> httpx.Response:
    # Built in the transport, as a test double builds it: httpx decodes the body here,
    # and raises httpx.DecodingError from inside the client's send().
    return httpx.Response(
        200, content=b"not gzip at all", headers={"Content-Encoding": "gzip", "X-Seen": "1"}
    )


class Counted:
    """``not_gzip``, counting the requests."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return not_gzip(request)


@pytest.mark.parametrize("operation", [get, post])
def test_a_call_whose_answer_fails_its_encoding_in_the_transport(
    make: Callable[..., Harness], operation: Callable[[], object]
) -> None:
    # Regression: the bare httpx.DecodingError escaped the call.
    server = Counted()
    h = make(server, auth=BearerAuth(TOKEN))
    with pytest.raises(ResponseDecodeError, match=r"Content-Encoding") as info:
        h.client._transport.request(operation())  # type: ignore[arg-type]
    assert len(server.requests) == 1  # not retried: the server keeps mislabelling it
    assert info.value.service == "testsvc"
    assert info.value.body is None
    assert TOKEN not in str(info.value)
    assert isinstance(info.value.__cause__, httpx.DecodingError)


def test_a_raw_step_whose_answer_fails_its_encoding_in_the_transport(
    make: Callable[..., Harness],
) -> None:
    h = make(not_gzip)
    with pytest.raises(ResponseDecodeError, match=r"Content-Encoding"):
        h.client._transport.send_raw(httpx.Request("GET", "https://api.test/v1/login"))


def test_a_download_whose_answer_fails_its_encoding_in_the_transport(
    make: Callable[..., Harness], tmp_path: Path
) -> None:
    h = make(not_gzip)
    dest = tmp_path / "a.mp3"
    with pytest.raises(ResponseDecodeError, match=r"Content-Encoding"):
        h.client._transport.save(get("/a.mp3"), dest)
    assert list(tmp_path.iterdir()) == []
