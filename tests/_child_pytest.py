"""For tests that run pytest in a child process, in a folder of their own."""

from __future__ import annotations

from pathlib import Path


def own_pytest_config(folder: Path) -> None:
    """Give ``folder`` a pytest config of its own, as a user's project has.

    Without one, the child pytest looks for a config in every folder above it and takes
    the first it finds: a stray ``/tmp/pyproject.toml`` or ``/tmp/pytest.ini`` (the
    temporary folders live below ``/tmp``) gave it options this run does not load the
    plugins for, and the test failed for a reason that was not its own.
    """
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
