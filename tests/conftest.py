"""Suite-wide test settings: the hypothesis profiles.

``ci`` (the default) keeps the whole suite inside CI's time budget; ``fuzz`` runs every
property test marked ``fuzz`` with 10,000 examples (``nox -s fuzz``, or
``pytest -m fuzz --hypothesis-profile=fuzz``).
"""

from __future__ import annotations

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
