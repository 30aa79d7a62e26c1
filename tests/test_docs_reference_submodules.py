"""Every name exported by the public submodules users import from is in the reference.

tests/test_docs_reference.py checks the packages (``beatkit``, ``beatkit.hls``...); the
submodules below are imported from too (the docs' examples do, or their functions'
signatures name their types), so what their ``__all__`` exports must be rendered as
well. ``beatkit.hls.crypto``'s ``Buffer`` (the type of ``decrypt_segment``'s arguments),
``BLOCK_SIZE`` and ``KEY_SIZE`` were not. (``beatkit.beatconnect.webhooks`` is left out:
its page's ``automodule`` renders names its ``:members:`` list does not show, such as
``EventPayload``, which the directive reader here cannot see.)
"""

from __future__ import annotations

import importlib

import pytest

from tests.test_docs_reference import IDS, PATHS, resolve

SUBMODULES = [
    "beatkit.auth.flows",
    "beatkit.auth.oauth",
    "beatkit.auth.pkce",
    "beatkit.auth.stores",
    "beatkit.auth.token",
    "beatkit.beattech.reports",
    "beatkit.beattech.sync",
    "beatkit.hls.crypto",
]


def exported() -> list[str]:
    return sorted(
        f"{module}.{name}"
        for module in SUBMODULES
        for name in importlib.import_module(module).__all__
    )


@pytest.mark.parametrize("name", exported())
def test_every_name_a_public_submodule_exports_is_rendered(name: str) -> None:
    obj = resolve(name)
    if (isinstance(obj, type) or callable(obj)) and id(obj) in IDS:
        return
    short = name.rpartition(".")[2]
    assert any(path.endswith("." + short) and resolve(path) is obj for path in PATHS), (
        f"{name} is exported but no page documents it"
    )
