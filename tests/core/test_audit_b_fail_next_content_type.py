"""``fail_next(body=str | bytes)``: the Content-Type it is sent with, and how to set another.

The docstring said a text or bytes body is "sent verbatim" and nothing of its label:
FakeBeatPass and FakeBeatConnect label every answer ``application/json``, so a plain
text or HTML error page went out as JSON, while FakeBeatport and FakeBeatTech send it
unlabelled. The docstring and the testing page now say so, and that a
``headers={"Content-Type": ...}`` fault header sets another label on every fake, in
process and over a socket, for sync and async clients.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech, serve
from beatkit.testing._app import FakeService

FAKES: list[type[FakeService]] = [FakeBeatPass, FakeBeatConnect, FakeBeatport, FakeBeatTech]
LABEL = {FakeBeatPass: ["application/json"], FakeBeatConnect: ["application/json"]}


def _get(fake: FakeService) -> httpx.Response:
    with httpx.Client(transport=fake.transport()) as client:
        return client.get(f"{fake.base_url}/anything")


async def _aget(fake: FakeService) -> httpx.Response:
    async with httpx.AsyncClient(transport=fake.transport()) as client:
        return await client.get(f"{fake.base_url}/anything")


@pytest.mark.parametrize("cls", FAKES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("body", ["Down for maintenance", b"Down for maintenance"])
def test_a_text_body_is_labelled_as_the_fake_labels_its_answers(
    cls: type[FakeService], body: str | bytes
) -> None:
    fake = cls()
    fake.fail_next(503, body=body)
    response = _get(fake)
    assert (response.status_code, response.content) == (503, b"Down for maintenance")
    assert response.headers.get_list("content-type") == LABEL.get(cls, [])


@pytest.mark.parametrize("cls", FAKES, ids=lambda c: c.__name__)
def test_a_content_type_header_labels_it_otherwise(cls: type[FakeService]) -> None:
    fake = cls()
    html = {"Content-Type": "text/html; charset=utf-8"}
    fake.fail_next(502, body="<h1>Bad gateway</h1>", headers=html, count=2)
    answers = [_get(fake), asyncio.run(_aget(fake))]
    for response in answers:
        assert response.headers.get_list("content-type") == ["text/html; charset=utf-8"]
        assert response.text == "<h1>Bad gateway</h1>"
    fake.fail_next(503, body="down", headers={"content-type": "text/plain"})
    with serve(fake) as server, httpx.Client(trust_env=False) as client:
        response = client.get(f"{server.base_url}/anything")
    assert response.headers.get_list("content-type") == ["text/plain"]
    assert (response.status_code, response.text) == (503, "down")


def test_the_docstring_says_what_content_type_is_sent_and_how_to_set_another() -> None:
    doc = " ".join((FakeService.fail_next.__doc__ or "").split())
    assert "``application/json``" in doc
    assert 'headers={"Content-Type": ...}' in doc or "``Content-Type`` in ``headers``" in doc
