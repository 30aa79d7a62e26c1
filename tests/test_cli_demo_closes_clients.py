"""``beatkit demo`` closes the httpx clients it makes for the fakes.

Each tour made an ``httpx.Client`` on the fake's transport and passed it to the service
client as ``http_client=``, which beatkit never closes (it is the caller's): the tours of
BeatConnect, Beatport and BeatPass left theirs open. A tour that failed half-way must
close it too.
"""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest

from beatkit.cli import demo


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Client]:
    clients: list[httpx.Client] = []
    original = httpx.Client

    class Recorded(original):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            clients.append(self)

    monkeypatch.setattr(httpx, "Client", Recorded)
    return clients


@pytest.mark.parametrize("tour", ["_beatconnect_tour", "_beatport_tour", "_beatpass_tour"])
def test_each_tour_closes_its_httpx_client(made: list[httpx.Client], tour: str) -> None:
    getattr(demo, tour)(io.StringIO())
    assert made
    assert all(client.is_closed for client in made)


@pytest.mark.parametrize("tour", ["_beatconnect_tour", "_beatport_tour", "_beatpass_tour"])
def test_a_tour_that_fails_closes_it_too(made: list[httpx.Client], tour: str) -> None:
    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("the reader went away")

    with pytest.raises(OSError, match="went away"):
        getattr(demo, tour)(Broken())
    assert made
    assert all(client.is_closed for client in made)
