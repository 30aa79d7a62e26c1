"""Install commands the docs show: beatkit is not on PyPI, so none may fetch it from there."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PIP_INSTALL = re.compile(r"pip install ([^`\n]+)")


def _not_on_pypi() -> bool:
    return "not on PyPI" in (ROOT / "docs" / "quickstart.md").read_text()


def _requirements(page: Path) -> list[tuple[str, str]]:
    found = []
    for match in PIP_INSTALL.finditer(page.read_text()):
        command = match.group(1).split("&&", 1)[0]
        found += [(page.name, word) for word in shlex.split(command) if not word.startswith("-")]
    return found


def test_the_docs_show_pip_install_commands() -> None:
    assert any(_requirements(page) for page in PAGES)


def test_no_install_command_fetches_beatkit_from_pypi() -> None:
    # The quickstart says beatkit is not on PyPI: `pip install beatkit` would install
    # whatever another party published under that name, not this project.
    assert _not_on_pypi()
    by_name = [
        (page, word)
        for page, word in (pair for page in PAGES for pair in _requirements(page))
        if re.fullmatch(r"beatkit(\[[^\]]*\])?([<>=!~].*)?", word, flags=re.IGNORECASE)
    ]
    assert by_name == []
