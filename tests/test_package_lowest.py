"""The lowest release pyproject.toml allows of each runtime dependency is one beatkit works with.

Run against those releases (``nox -s lowest``: the core, auth and BeatConnect tests),
cattrs 24.1 to 25.3 failed tests/core/test_converter_enums_literals.py: their
``Enum`` structure hook, dispatched by class, comes before beatkit's plain-enum hook
factory, so a plain enum was looked up by equality and ``true`` decoded as the member
whose value is 1 (``1.0`` too), the silent coercion the converter promises to refuse.
cattrs 26.1 is the first that lets the factory decide; it needs attrs 25.4, so
``nox -s lowest`` installs that attrs, whatever lower one pyproject.toml still names.
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# The lowest releases found to work, where an older one pyproject.toml allowed did not.
FLOORS = {
    # 24.1-25.3: a plain enum took ``true`` for its member 1 (see the module docstring).
    "cattrs": "26.1",
}
# What cattrs 26.1 requires: the lowest attrs installable with the lowest cattrs.
RAISED = {"attrs": "25.4"}


def _declared_floor(name: str) -> Version:
    for text in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(text)
        if requirement.name == name:
            floors = [s.version for s in requirement.specifier if s.operator == ">="]
            assert floors, text
            return Version(floors[0])
    raise AssertionError(f"{name} is not a runtime dependency")


@pytest.mark.parametrize(("name", "floor"), sorted(FLOORS.items()))
def test_each_runtime_floor_is_a_release_that_works(name: str, floor: str) -> None:
    assert _declared_floor(name) >= Version(floor)


def test_the_lowest_session_pins_each_runtime_dependency_at_its_floor() -> None:
    pytest.importorskip("nox")
    spec = importlib.util.spec_from_file_location("_beatkit_noxfile", ROOT / "noxfile.py")
    assert spec is not None and spec.loader is not None
    noxfile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noxfile)
    pins = noxfile.lowest_pins(str(ROOT / "pyproject.toml"))
    names = [Requirement(text).name for text in PYPROJECT["project"]["dependencies"]]
    assert [pin.partition("==")[0] for pin in pins] == names
    for pin in pins:
        name, _, version = pin.partition("==")
        expected = max(_declared_floor(name), Version(RAISED.get(name, "0")))
        assert Version(version) == expected, pin


def test_the_quickstart_names_the_cattrs_floor() -> None:
    # "It depends on httpx (0.28 or newer), attrs, cattrs (26.1 or newer, which itself
    # needs attrs 25.4 or newer), ..."
    text = " ".join((ROOT / "docs/quickstart.md").read_text(encoding="utf-8").split())
    floor = _declared_floor("cattrs")
    assert f"cattrs ({floor} or newer, which itself needs attrs {RAISED['attrs']} or newer)" in text
