"""Make beatkit's pytest fixtures available while beatkit is not pip-installed."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from beatkit.testing._app import FakeService

# When beatkit is installed the pytest11 entry point registers the plugin too; a
# conftest fixture of the same name simply wins, so importing them is safe both ways.
from beatkit.testing.pytest_plugin import (
    beatconnect_fake,
    beatconnect_server,
    beattech_fake,
    beattech_server,
)

__all__ = ["beatconnect_fake", "beatconnect_server", "beattech_fake", "beattech_server", "http"]


@pytest.fixture
def http(fake: FakeService) -> Iterator[httpx.Client]:
    """An httpx client on the test module's own ``fake`` fixture."""
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        yield client
