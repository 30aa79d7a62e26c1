"""The public API as a user's type checker sees it: ``tests/typing/`` under ``mypy --strict``.

The files in ``tests/typing/`` are never run; each ``assert_type`` in them pins a
type (see ``tests/typing/public_api.py``). The project's own mypy run covers
``beatkit`` only, so this test is what checks them. One small directory keeps it fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ROOT / "tests" / "typing"


def test_the_public_api_types_hold_under_mypy_strict(tmp_path: Path) -> None:
    files = sorted(CHECKED.glob("*.py"))
    assert files, f"nothing to check in {CHECKED}"
    config = tmp_path / "mypy.ini"
    # mypy_path puts this checkout's beatkit ahead of any installed copy.
    # authlib ships no stubs: the project's own mypy overrides ignore it (beatkit is
    # checked from this checkout, so its imports are checked too).
    config.write_text(
        f"[mypy]\nstrict = True\npython_version = 3.11\nmypy_path = {ROOT}\n"
        "[mypy-authlib.*]\nignore_missing_imports = True\n"
    )
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--show-error-codes",
            *map(str, files),
        ]
    )
    assert status == 0, out or err
