"""Developer tasks: ``nox -s tests lint typecheck docs generated fuzz bench httpx2 lowest``."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tomllib

import nox
from packaging.requirements import Requirement
from packaging.version import Version

nox.options.sessions = ["tests", "lint", "typecheck", "generated", "docs"]
nox.options.reuse_existing_virtualenvs = True


VERSIONS = ("3.11", "3.12", "3.13")


def _interpreter(version: str) -> str | None:
    """A working ``python<version>``: on PATH, or installed by pyenv (found, not linked).

    pyenv's shims exist for every version but only run the selected ones, so each
    candidate is tried before it is chosen.
    """
    name = f"python{version}"
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = [shutil.which(name)]
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/{name}"))
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0:
            return candidate
    return None


@nox.session(venv_backend="none")
@nox.parametrize("version", VERSIONS, ids=VERSIONS)
def tests(session: nox.Session, version: str) -> None:
    """The test suite on each Python 3.11-3.13 that is installed (``nox -s "tests(3.12)"``).

    The interpreter is looked up here, when the session runs, and the session makes
    its own virtual environment with it: nox itself only finds interpreters on PATH,
    and pyenv's shims there answer only for the selected version.
    """
    python = _interpreter(version)
    if python is None:
        session.skip(f"Python {version} is not installed")
    venv = os.path.join(".nox", f"tests-{version}")
    if not os.path.exists(os.path.join(venv, "bin", "python")):
        session.run(python, "-m", "venv", venv)
    session.run(os.path.join(venv, "bin", "pip"), "install", "-q", "-e", ".[test]")
    session.run(os.path.join(venv, "bin", "python"), "-m", "pytest", *session.posargs)


# Floors that another dependency's floor raises: the lowest release installable with it.
RAISED_FLOORS = {"attrs": "25.4"}  # cattrs 26.1 requires attrs>=25.4


def lowest_pins(pyproject: str = "pyproject.toml") -> list[str]:
    """``name==version`` for each runtime dependency, at the lowest release it allows.

    Read from ``project.dependencies``, each at its ``>=`` lower bound, or at the one
    in :data:`RAISED_FLOORS` where another dependency's floor requires more.

    Raises:
        ValueError: A dependency has no ``>=`` bound.
    """
    with open(pyproject, "rb") as stream:
        declared = tomllib.load(stream)["project"]["dependencies"]
    pins = []
    for text in declared:
        requirement = Requirement(text)
        floors = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if not floors:
            raise ValueError(f"{text}: no >= lower bound")
        floor = max([floors[0], RAISED_FLOORS.get(requirement.name, floors[0])], key=Version)
        pins.append(f"{requirement.name}=={floor}")
    return pins


# The tests run against the lowest releases: the transport core, auth and one service.
LOWEST_TESTS = ("tests/core", "tests/auth", "tests/beatconnect")


@nox.session(venv_backend="none")
def lowest(session: nox.Session) -> None:
    """The core, auth and BeatConnect tests with every runtime dependency at the lowest
    release pyproject.toml allows (``nox -s lowest -- tests/hls`` runs others).

    Run it after raising or lowering a bound: a floor that fails these tests is a
    promise the package does not keep (cattrs before 26.1 decoded ``true`` as a plain
    enum's member whose value is 1).
    """
    python = _interpreter("3.11")
    if python is None:
        session.skip("Python 3.11 is not installed")
    venv = os.path.join(".nox", "lowest")
    if not os.path.exists(os.path.join(venv, "bin", "python")):
        session.run(python, "-m", "venv", venv)
    constraints = os.path.join(venv, "lowest-constraints.txt")
    with open(constraints, "w") as stream:
        stream.write("\n".join(lowest_pins()) + "\n")
    pip = os.path.join(venv, "bin", "pip")
    session.run(pip, "install", "-q", "-c", constraints, "-e", ".[test]")
    session.run(pip, "check")
    session.run(
        os.path.join(venv, "bin", "python"), "-m", "pytest", *(session.posargs or LOWEST_TESTS)
    )


@nox.session
def httpx2(session: nox.Session) -> None:
    """The test suite with ``httpx2.alias_httpx()`` applied first, as an app on httpx2 would."""
    session.install("-e", ".[test]", "httpx2")
    session.run(
        "python",
        "-c",
        "import httpx2; httpx2.alias_httpx(); "
        "import sys, pytest; sys.exit(pytest.main(sys.argv[1:]))",
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[test]", "mypy>=1.10")
    session.run("mypy", "--strict", "beatkit")


@nox.session
def generated(session: nox.Session) -> None:
    """``_sync/`` is up to date with ``_async/``."""
    session.run("python", "scripts/unasync.py", "--check")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx docs with warnings as errors."""
    session.install("-e", ".[docs]")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property tests marked ``fuzz`` with 10,000 examples each (the ``fuzz`` profile)."""
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "fuzz", "--hypothesis-profile=fuzz", "-q", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The benchmarks: request overhead against raw httpx, decoding against json.loads, HLS
    against cryptography and ffmpeg, import cost against importing httpx."""
    session.install("-e", ".[bench]")
    session.run("python", "bench/request_overhead.py")
    session.run("python", "bench/beattech_overhead.py")
    session.run("python", "bench/decode.py")
    session.run("python", "bench/hls.py")
    session.run("python", "bench/import_cost.py")
