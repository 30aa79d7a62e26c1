"""``fail_next`` refuses headers no HTTP response can carry when they are queued, so an
injected fault answers alike in process and over ``serve()``."""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatConnect


@pytest.mark.parametrize(
    ("headers", "match"),
    [
        # Over a socket this wrote a second header, Set-Cookie: x (a forged header).
        ({"X-Note": "a\r\nSet-Cookie: x"}, "X-Note"),
        ({"X-Note": "a\nb"}, "X-Note"),
        ({"X-Note": "a\x00b"}, "X-Note"),
        # Over a socket these were an illegal header line: httpx raised RemoteProtocolError.
        ({"X Note": "1"}, "X Note"),
        ({"": "1"}, "''"),
        ({"X:Note": "1"}, "X:Note"),
        ({"X-Note": "caf\u00e9"}, "X-Note"),
    ],
)
def test_a_header_no_response_can_carry_is_refused_when_queued(
    headers: dict[str, str], match: str
) -> None:
    fake = FakeBeatConnect()
    with pytest.raises(ValueError, match=match):
        fake.fail_next(500, headers=headers)
    assert fake.pending_faults == 0


def test_ordinary_headers_are_still_sent_over_the_socket() -> None:
    fake = FakeBeatConnect()
    fake.fail_next(503, headers={"Retry-After": "0", "X-Note": "a b\tc"})
    with fake.serve() as server:
        response = httpx.get(server.base_url + "/genres", timeout=5)
    assert response.status_code == 503
    assert response.headers["x-note"] == "a b\tc"
