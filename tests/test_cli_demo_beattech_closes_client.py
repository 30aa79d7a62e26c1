"""``beatkit demo``'s Beat Technology tour closes the httpx client it makes for the fake.

The tour made an ``httpx.Client`` on the fake's transport, passed it to ``BeatTech`` as
``http_client=`` (which beatkit never closes: it is the caller's) and closed it only
after the ``with BeatTech(...)`` block: a tour that failed half-way (the output's reader
gone, a write raising ``OSError``) left it open.
"""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest

from beatkit.cli import demo_beattech


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


def test_the_beattech_tour_closes_its_httpx_client(made: list[httpx.Client]) -> None:
    demo_beattech.beattech_tour(io.StringIO())
    assert made
    assert all(client.is_closed for client in made)


@pytest.mark.parametrize("writes", [0, 1, 5])
def test_a_beattech_tour_that_fails_closes_it_too(made: list[httpx.Client], writes: int) -> None:
    class Broken(io.StringIO):
        """An output whose reader goes away after ``writes`` writes."""

        def __init__(self) -> None:
            super().__init__()
            self.left = writes

        def write(self, text: str) -> int:
            if self.left <= 0:
                raise OSError("the reader went away")
            self.left -= 1
            return super().write(text)

    with pytest.raises(OSError, match="went away"):
        demo_beattech.beattech_tour(Broken())
    assert made
    assert all(client.is_closed for client in made)
