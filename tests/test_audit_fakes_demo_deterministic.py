"""``beatkit demo`` prints the same tour on every run, whatever the day and time.

The Beat Technology part runs on a fixed clock for that; the BeatConnect webhook
printed the moment the demo ran (``beat.purchased evt_... at 2026-12-07 17:43 UTC``).
"""

from __future__ import annotations

import os
import subprocess
import sys

# Shift the wall clock before beatkit is imported (the fakes' default clock is
# time.time, bound when they are defined), then run the demo.
_RUN = """
import sys, time
shift = float(sys.argv[1])
real = time.time
time.time = lambda: real() + shift
from beatkit.cli import main
sys.exit(main(["demo"]))
"""


def _demo(shift: float) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(shift)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_demo_output_does_not_depend_on_the_clock() -> None:
    now = _demo(0)
    later = _demo(3 * 86400 + 7 * 3600 + 13 * 60)
    assert now == later
