"""A stateful, deterministic fake of the BeatConnect API for tests.

One module per resource group; each answers its operations by their key in
:data:`beatkit.beatconnect.wire.PATHS`, and :class:`FakeBeatConnect` puts them together.
"""

from __future__ import annotations

from beatkit.testing.beatconnect._base import DEFAULT_SEED
from beatkit.testing.beatconnect.beats import Beats
from beatkit.testing.beatconnect.people import People

__all__ = ["DEFAULT_SEED", "FakeBeatConnect"]


class FakeBeatConnect(Beats, People):
    """An in-memory BeatConnect API with a generated, reproducible catalogue.

    The catalogue holds 253 beats (ids 1001-1253, including the documentation's
    example beat 1234 "Summer Vibes"), 40 users (ids 5660-5699: 25 producers,
    including 5678, then 15 buyers), the 12 genres (Amapiano is id 1) and 30
    orders belonging to the API key's owner (:attr:`owner_id`). The same seed
    always produces the same data.

    Every response carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``,
    ``X-RateLimit-Reset`` and ``X-Request-Id``; after ``rate_limit`` requests in
    one window the fake answers 429 with ``Retry-After`` until ``clock()`` passes
    the reset time.

    Example::

        fake = FakeBeatConnect()
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            http.get("/beats", headers={"Authorization": f"Bearer {fake.api_key}"})

    Args:
        api_key: The only key the fake accepts (``Authorization: Bearer <key>``).
        seed: Seed of the data generator, an ``int`` (not ``None``: data that changed
            from run to run).
        envelope: ``"standard"`` for ``{"status": "success", "data": {...}}``, or
            ``"alternative"`` for the vendor's other documented shape
            ``{"success": true, "data": ..., "meta": {...}}``.
        rate_limit: Requests allowed per window.
        rate_limit_window: Length of a rate-limit window, in seconds.
        clock: Returns the current time as epoch seconds; inject one to test
            rate limiting without sleeping.
        base_url: Where the fake pretends to live.

    Raises:
        TypeError: ``api_key`` is not a ``str``, ``seed`` or ``rate_limit`` not an
            ``int``, ``rate_limit_window`` not a number, ``clock`` not callable.
        ValueError: ``api_key`` is blank, ``rate_limit`` below 1, ``rate_limit_window``
            not positive, or ``envelope`` unknown.
    """
