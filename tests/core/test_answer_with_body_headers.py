"""An answer whose body was read apart (up to a cap) is copied with what was read as
its body, to build its error from. The copy kept the original ``Content-Length`` (and
``Transfer-Encoding``) over a capped or empty body: its headers described a body it
does not have.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit._core.responses import answer_with_body

REQUEST = httpx.Request("GET", "https://api.test/v1/me")


def _answer(**headers: str) -> httpx.Response:
    response = httpx.Response(
        500,
        headers={"Content-Type": "application/json", "X-Request-Id": "r1", **headers},
        stream=httpx.ByteStream(b""),
        request=REQUEST,
    )
    return response


@pytest.mark.parametrize(
    "sent",
    [
        {"Content-Length": "1048576"},
        {"Transfer-Encoding": "chunked"},
        {"Content-Length": "1048576", "Content-Encoding": "gzip"},
    ],
)
@pytest.mark.parametrize("content", [b'{"error": "cut', None, b""])
def test_the_copy_describes_the_body_it_has(sent: dict[str, str], content: bytes | None) -> None:
    copy = answer_with_body(_answer(**sent), content)
    body = content or b""
    assert copy.content == body
    assert copy.headers.get_list("Content-Length") == [str(len(body))]
    assert "Transfer-Encoding" not in copy.headers
    assert "Content-Encoding" not in copy.headers
    # The others are kept.
    assert copy.headers["Content-Type"] == "application/json"
    assert copy.headers["X-Request-Id"] == "r1"
    assert copy.status_code == 500
    assert copy.request is REQUEST
