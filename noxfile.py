"""Developer tasks: ``nox -s tests lint typecheck docs generated bench httpx2``."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "generated", "docs"]
nox.options.reuse_existing_virtualenvs = True


def _interpreters() -> list[str]:
    """Every Python 3.11/3.12/3.13 that runs here, on PATH or installed by pyenv.

    pyenv's shims exist for every version but only run the selected ones, so each
    working pyenv interpreter is linked into a private folder put first on PATH.
    """
    found: list[str] = []
    links = tempfile.mkdtemp(prefix="beatkit-nox-")
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for version in ("3.11", "3.12", "3.13"):
        name = f"python{version}"
        candidates = [shutil.which(name)]
        candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/{name}"))
        for candidate in candidates:
            if (
                candidate
                and subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0
            ):
                os.symlink(candidate, os.path.join(links, name))
                found.append(version)
                break
    os.environ["PATH"] = links + os.pathsep + os.environ.get("PATH", "")
    return found or ["3.11"]


PYTHONS = _interpreters()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite on every installed Python."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHONS[0])
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


@nox.session(python=PYTHONS[0])
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHONS[0])
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[test]", "mypy>=1.10")
    session.run("mypy", "--strict", "beatkit")


@nox.session(python=PYTHONS[0])
def generated(session: nox.Session) -> None:
    """``_sync/`` is up to date with ``_async/``."""
    session.run("python", "scripts/unasync.py", "--check")


@nox.session(python=PYTHONS[0])
def docs(session: nox.Session) -> None:
    """Build the Sphinx docs with warnings as errors."""
    session.install("-e", ".[docs]")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session(python=PYTHONS[0])
def fuzz(session: nox.Session) -> None:
    """The property tests marked ``fuzz`` with 10,000 examples each (the ``fuzz`` profile)."""
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "fuzz", "--hypothesis-profile=fuzz", "-q", *session.posargs)


@nox.session(python=PYTHONS[0])
def bench(session: nox.Session) -> None:
    """The benchmarks: request overhead against raw httpx, HLS against OpenSSL and ffmpeg."""
    session.install("-e", ".[bench]")
    session.run("python", "bench/request_overhead.py")
    session.run("python", "bench/hls.py")
