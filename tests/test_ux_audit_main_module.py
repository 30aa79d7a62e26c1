"""``beatkit.__main__``: the command line under ``python -m beatkit``, and nothing on import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_importing_the_main_module_does_not_run_the_command_line() -> None:
    # pydoc (`python -m pydoc beatkit.__main__`), documentation tools and "import every
    # module" checks import it: that used to print the usage and exit the process with 2.
    result = _run("import beatkit.__main__; print('still here')")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "still here\n"
    assert result.stderr == ""


def test_python_dash_m_beatkit_still_runs_the_command_line() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-m", "beatkit", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("beatkit ")
