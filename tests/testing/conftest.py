"""Make beatkit's pytest fixtures available while beatkit is not pip-installed."""

from __future__ import annotations

# When beatkit is installed the pytest11 entry point registers the plugin too; a
# conftest fixture of the same name simply wins, so importing them is safe both ways.
from beatkit.testing.pytest_plugin import (
    beatconnect_fake,
    beatconnect_server,
    beattech_fake,
    beattech_server,
)

__all__ = ["beatconnect_fake", "beatconnect_server", "beattech_fake", "beattech_server"]
