"""An answer whose status has no body (204, 304) is sent without one, in process and
over ``serve()``, whatever a fault or handler put in it."""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatConnect

AUTH = {"Authorization": "Bearer test-api-key"}


@pytest.mark.parametrize("status", [204, 304])
@pytest.mark.parametrize("body", [None, b"not empty", {"a": 1}])
def test_a_bodiless_fault_over_the_socket_leaves_the_connection_usable(
    status: int, body: object
) -> None:
    # The envelope was written after the 204's head: the client read it as the status
    # line of the next answer (RemoteProtocolError on the kept-alive connection).
    fake = FakeBeatConnect()
    fake.fail_next(status, body=body)
    with (
        fake.serve() as server,
        httpx.Client(base_url=server.base_url, headers=AUTH, timeout=5) as http,
    ):
        first = http.get("/genres")
        second = http.get("/genres")
    assert first.status_code == status
    assert first.content == b""
    assert "content-length" not in first.headers or status == 304
    assert second.status_code == 200
    assert second.json()["data"]["genres"]


@pytest.mark.parametrize("status", [204, 304])
def test_a_bodiless_fault_in_process_has_no_body(status: int) -> None:
    fake = FakeBeatConnect()
    fake.fail_next(status)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as http:
        response = http.get("/genres")
    assert response.status_code == status
    assert response.content == b""
    assert response.headers["x-request-id"].startswith("req_")  # still finalized
