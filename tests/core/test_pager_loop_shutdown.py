"""An async pager left open when its event loop ends is closed without an error.

``asyncio.run`` closes every async generator still open at its end, all at once
(``loop.shutdown_asyncgens``). A pager's iteration is generators inside generators
(the items over the pages, the pages over the prefetch pool): closed at once, the
outer one closing the inner one while the loop closes it too, the loop reported
"an error occurred during closing of asynchronous generator ... aclose(): asynchronous
generator is already running" for a pager the caller simply stopped reading.
Only the outermost generator is left to the loop now; it closes the ones inside.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from beatkit import AsyncBeatTech
from beatkit.testing import FakeBeatTech, serve

pytestmark = pytest.mark.filterwarnings("error::ResourceWarning")


def _left_open(kind: str) -> list[str]:
    """Run a loop that reads two pages' worth of a prefetching pager and leaves it
    open; what the loop reported while ending."""
    fake = FakeBeatTech()
    reported: list[str] = []
    held: list[Any] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _, context: reported.append(context["message"]))
        bt = AsyncBeatTech(
            client_id=fake.client_id, client_secret=fake.client_secret, base_url=base_url
        )
        pager = bt.tracks.search("a", page_size=1)
        walk = aiter(pager) if kind == "items" else pager.pages()
        for _ in range(3):
            await asyncio.wait_for(anext(walk), 10)
        held.append(walk)  # never closed: asyncio.run's end is left to close it
        await bt.aclose()

    with serve(fake, hang=1.0) as server:
        base_url = server.base_url
        asyncio.run(main())
    held.clear()
    return reported


@pytest.mark.parametrize("kind", ["items", "pages"])
def test_a_pager_left_open_at_the_end_of_asyncio_run_closes_quietly(kind: str) -> None:
    assert _left_open(kind) == []
