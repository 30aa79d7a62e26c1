"""The package as a user gets it: pyproject metadata, the sdist and the wheel, run installed.

The build tests make an sdist from a copy of the checkout and a wheel from that sdist
(as ``python -m build`` does), with the setuptools already installed: no network. They
need the setuptools the build backend requires (the ``test`` extra installs it) and
are skipped, saying why, with an older one.
"""

from __future__ import annotations

import compileall
import email.parser
import email.policy
import fnmatch
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from email.message import Message
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests._child_pytest import own_pytest_config

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
BUILD_BACKEND_SETUPTOOLS = next(
    Requirement(text)
    for text in PYPROJECT["build-system"]["requires"]
    if Requirement(text).name == "setuptools"
)
# Never in a distribution: made by tools, or local to one checkout.
LOCAL_PARTS = {
    ".git",
    ".venv",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "build",
    "dist",
    "_build",
}
# Written into an sdist by the build backend (with beatkit.egg-info/), not by us.
BACKEND_MADE = {"PKG-INFO", "setup.cfg"}


def _made_by_backend(name: str) -> bool:
    return name in BACKEND_MADE or name.split("/")[0].endswith(".egg-info")


def _version_in_source() -> str:
    namespace: dict[str, object] = {}
    exec((ROOT / "beatkit" / "_version.py").read_text("utf-8"), namespace)  # noqa: S102
    return str(namespace["__version__"])


def test_license_is_an_spdx_expression_with_its_text_shipped() -> None:
    # The {text = ...} table is deprecated by setuptools, which stops building it after
    # 2027-02-18; the SPDX string and the license file are the packaging standard (PEP 639).
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]


def test_the_classifiers_match_what_the_project_declares() -> None:
    # Each Python version requires-python and nox test, the pytest plugin the pytest11
    # entry point registers, and the typed package py.typed marks.
    classifiers = PYPROJECT["project"]["classifiers"]
    assert classifiers == sorted(classifiers)
    versions = [
        c.rsplit(" :: ", 1)[1]
        for c in classifiers
        if c.startswith("Programming") and c[-1].isdigit()
    ]
    assert [v for v in versions if "." in v] == ["3.11", "3.12", "3.13"]
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert "Programming Language :: Python :: 3 :: Only" in classifiers
    assert "beatkit" in PYPROJECT["project"]["entry-points"]["pytest11"]
    assert "Framework :: Pytest" in classifiers
    assert "Typing :: Typed" in classifiers


def test_the_build_backend_required_understands_the_license_expression() -> None:
    # setuptools reads project.license as an SPDX expression from version 77.
    assert Version("76.99") not in BUILD_BACKEND_SETUPTOOLS.specifier
    assert Version("77.0.0") in BUILD_BACKEND_SETUPTOOLS.specifier


def test_the_test_extra_can_build_the_distributions_offline() -> None:
    extra = [Requirement(text) for text in PYPROJECT["project"]["optional-dependencies"]["test"]]
    setuptools = [r for r in extra if r.name == "setuptools"]
    assert setuptools and setuptools[0].specifier == BUILD_BACKEND_SETUPTOOLS.specifier


def _source_files() -> set[str]:
    """The checkout's files as POSIX paths: git's list when there is one, else a walk."""
    git = shutil.which("git")
    if git is not None and (ROOT / ".git").exists():
        listed = subprocess.run(
            [git, "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        return {p for p in listed.split("\0") if p and (ROOT / p).is_file()}
    files = set()
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        # An unpacked sdist has no git: its backend-made files are left out here too.
        local = LOCAL_PARTS & set(relative.parts) or _made_by_backend(relative.as_posix())
        if path.is_file() and not local and relative.suffix not in (".pyc", ".pyo"):
            files.add(relative.as_posix())
    return files


@dataclass(frozen=True)
class Built:
    source: set[str]
    sdist: Path
    wheel: Path
    installed: Path  # the wheel unpacked, as pip would lay it out in site-packages


def _backend(directory: Path, hook: str, out: Path) -> Path:
    code = f"import setuptools.build_meta as b, sys; print(b.{hook}(sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out / result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    have = Version(installed_version("setuptools"))
    if have not in BUILD_BACKEND_SETUPTOOLS.specifier:
        pytest.skip(
            f"setuptools {have} is installed; building needs {BUILD_BACKEND_SETUPTOOLS} "
            "(pip install -e '.[test]' installs it)"
        )
    work = tmp_path_factory.mktemp("dist")
    source = _source_files()
    checkout = work / "checkout"
    for name in source:
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, checkout / name)
    out = work / "out"
    out.mkdir()
    sdist = _backend(checkout, "build_sdist", out)
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    wheel = _backend(work / "unpacked" / sdist.name.removesuffix(".tar.gz"), "build_wheel", out)
    installed = work / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)  # noqa: S202  (the wheel just built here)
    compileall.compile_dir(installed, quiet=1, workers=0)  # as pip does when it installs
    return Built(source, sdist, wheel, installed)


def _sdist_files(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        names = {m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile()}
    return {n for n in names if not _made_by_backend(n)}


def test_the_sdist_is_the_whole_project(built: Built) -> None:
    # So that the test suite, the docs build and the code generator run from it too.
    assert _sdist_files(built.sdist) == built.source - {".gitignore"}


def _metadata(built: Built) -> tuple[Message, set[str], str]:
    with zipfile.ZipFile(built.wheel) as archive:
        names = set(archive.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(
            archive.read(f"{info}/METADATA")
        )
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    return metadata, names, entry_points


def test_the_wheel_holds_the_package_and_nothing_else(built: Built) -> None:
    _, names, _ = _metadata(built)
    package = {n for n in names if not n.split("/")[0].endswith(".dist-info")}
    # Every module and data file (py.typed, the fakes' JSON tables), and no strays.
    assert package == {n for n in built.source if n.startswith("beatkit/")}
    assert "beatkit/py.typed" in package


def test_the_wheel_metadata(built: Built) -> None:
    metadata, names, entry_points = _metadata(built)
    assert metadata["Name"] == "beatkit"
    assert metadata["Version"] == _version_in_source()
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    info = f"beatkit-{_version_in_source()}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    assert set(metadata.get_all("Provides-Extra") or []) == {"test", "docs", "dev", "bench"}
    requires = [Requirement(r) for r in metadata.get_all("Requires-Dist") or []]
    always = {r.name for r in requires if r.marker is None}
    assert always == {
        "httpx", "attrs", "cattrs", "cryptography", "authlib", "tenacity", "sniffio"
    }  # fmt: skip
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])
    assert "[console_scripts]\nbeatkit = beatkit.cli:entry_point\n" in entry_points
    assert "[pytest11]\nbeatkit = beatkit.testing.pytest_plugin\n" in entry_points


def _run_installed(built: Built, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run Python on the unpacked wheel, with this checkout off the path."""
    path = [built.installed, *(p for p in sys.path if p and Path(p).resolve() != ROOT)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, path))}
    return subprocess.run(
        [sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


IMPORT_EVERYTHING = """
import importlib, importlib.metadata, pkgutil, beatkit
names = [m.name for m in pkgutil.walk_packages(beatkit.__path__, "beatkit.")]
for name in names:
    if name != "beatkit.__main__":
        importlib.import_module(name)
for name in beatkit.__all__:
    getattr(beatkit, name)
print(beatkit.__file__)
print(beatkit.__version__ == importlib.metadata.version("beatkit"), len(names))
"""


def test_the_installed_wheel_imports_every_module(built: Built, tmp_path: Path) -> None:
    result = _run_installed(built, "-c", IMPORT_EVERYTHING, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    where, same_version = result.stdout.splitlines()
    assert Path(where).is_relative_to(built.installed)
    assert same_version.startswith("True ")


def test_the_installed_wheel_runs_the_command(built: Built, tmp_path: Path) -> None:
    version = _run_installed(built, "-m", "beatkit", "--version", cwd=tmp_path)
    assert version.stdout == f"beatkit {_version_in_source()}\n", version.stderr
    # The demo serves every fake from the JSON tables the wheel must carry.
    demo = _run_installed(built, "-m", "beatkit", "demo", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.rstrip().endswith("Done.")


PLUGIN_USER_TEST = """
from pathlib import Path

import beatkit

def test_the_fixtures_come_from_the_wheel(beatconnect_fake):
    assert beatconnect_fake.api_key
    assert Path(beatkit.__file__).is_relative_to({installed!r})
"""


def test_the_installed_wheel_brings_its_pytest_plugin(built: Built, tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(PLUGIN_USER_TEST.format(installed=str(built.installed)))
    own_pytest_config(tmp_path)
    result = _run_installed(built, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 passed" in result.stdout


# The lowest release of each dependency the suite was run against and passes with,
# where an older one that pyproject.toml allowed failed it: attrs before 24.1 gives
# every model a field-by-field __hash__ (a model with a list field is unhashable),
# and httpx before 0.28 builds other URLs for some paths, sends JSON with blanks
# after the separators and raises AttributeError for a header that is not text.
# pytest-httpx is the first release that accepts that httpx. pytest-asyncio 0.23.0
# stops pytest 8 with an INTERNALERROR, and before 0.24 the
# asyncio_default_fixture_loop_scope option pyproject.toml sets is unknown to it.
KNOWN_FLOORS = {
    "attrs": "24.1",
    "httpx": "0.28",
    "pytest": "8.2",  # pytest-asyncio 0.24 requires it
    "pytest-httpx": "0.35",
    "pytest-asyncio": "0.24",
}


def test_the_lowest_versions_allowed_are_ones_the_suite_passes_with() -> None:
    project = PYPROJECT["project"]
    declared = [Requirement(text) for text in project["dependencies"]]
    declared += [Requirement(text) for text in project["optional-dependencies"]["test"]]
    for requirement in declared:
        floor = KNOWN_FLOORS.get(requirement.name)
        if floor is None:
            continue
        lowest = [s.version for s in requirement.specifier if s.operator == ">="]
        assert lowest, requirement
        assert Version(lowest[0]) >= Version(floor), requirement


# --- cheap checks on the checkout, without building ---------------------------------------------


def test_every_directory_with_modules_is_a_package() -> None:
    # setuptools' find_packages leaves out a directory without __init__.py, and its
    # modules with it (the _sync/_async twins, beatkit.testing's fakes): the wheel
    # would import in the checkout and fail once installed.
    package = ROOT / "beatkit"
    missing = [
        d.relative_to(ROOT).as_posix()
        for d in [package, *package.rglob("*")]
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
        if not (d / "__init__.py").is_file()
    ]
    assert missing == []


def test_the_data_files_the_fakes_read_are_package_data() -> None:
    # The fakes' JSON tables sit in data/ directories (no __init__.py), which the wheel
    # carries only as package data: every such file must match a pattern listed.
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["beatkit"]
    package = ROOT / "beatkit"
    data = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert "py.typed" in data
    assert [p for p in data if not any(fnmatch.fnmatchcase(p, glob) for glob in patterns)] == []


def test_the_entry_points_name_what_exists() -> None:
    import importlib

    project = PYPROJECT["project"]
    targets = [*project["scripts"].values(), *project["entry-points"]["pytest11"].values()]
    assert targets == ["beatkit.cli:entry_point", "beatkit.testing.pytest_plugin"]
    module, _, attribute = targets[0].partition(":")
    assert callable(getattr(importlib.import_module(module), attribute))
    assert importlib.import_module(targets[1]).__all__
