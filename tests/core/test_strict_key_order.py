"""Strict mode names a model's unknown keys in sorted order, whatever the hash seed.

cattrs keeps the unknown keys in a set: before 25.2 its error message, and before
26.2.1 ``cattrs.transform_error``, list them in the set's order, which changes with
``PYTHONHASHSEED`` from one run to the next (beatkit allows cattrs from 24.1). A
user's test that compares the message, or a log line, must not flake with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import cattrs
from attrs import frozen
from beatkit._core.converter import make_converter
from beatkit._core.model import Model

@frozen
class Song(Model):
    id: int

for detailed in (False, True):
    converter = make_converter(strict=True, detailed_validation=detailed)
    try:
        converter.structure({"id": 1, "kilo": 1, "alpha": 1, "zulu": 1, "echo": 1,
                             "mike": 1, "bravo": 1}, Song)
    except cattrs.ClassValidationError as group:
        (error,) = group.exceptions
        print(cattrs.transform_error(group)[0])
    except cattrs.ForbiddenExtraKeysError as found:
        error = found
    print(list(error.extra_fields))
    print(error)
"""

SORTED = "alpha, bravo, echo, kilo, mike, zulu"


def test_unknown_keys_are_listed_sorted_under_any_hash_seed() -> None:
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=60
        )
        assert result.returncode == 0, result.stderr[-2000:]
        keys = str(["alpha", "bravo", "echo", "kilo", "mike", "zulu"])
        assert result.stdout.splitlines() == [
            keys,
            f"Extra fields in constructor for Song: {SORTED}",
            f"extra fields found ({SORTED}) @ $",
            keys,
            f"Extra fields in constructor for Song: {SORTED}",
        ], seed
