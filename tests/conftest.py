"""Suite-wide test settings: the hypothesis profiles, and the interpreter's recursion
limit kept as each test found it.

``ci`` (the default) keeps the whole suite inside CI's time budget; ``fuzz`` runs every
property test marked ``fuzz`` with 10,000 examples (``nox -s fuzz``, or
``pytest -m fuzz --hypothesis-profile=fuzz``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _recursion_limit() -> Iterator[None]:
    """Put back the recursion limit a test changed.

    ``mypy.api.run`` (the typing and docs-snippet tests) raises it to 16,384 for good,
    and how deep ``json.loads`` goes depends on it: every later test of a "nested too
    deeply" refusal then read 5000 levels, so results depended on the order of tests.
    """
    limit = sys.getrecursionlimit()
    yield
    if sys.getrecursionlimit() != limit:
        sys.setrecursionlimit(limit)
