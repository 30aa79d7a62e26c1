"""A token store's class given instead of a store (``store=MemoryTokenStore``, the
parentheses forgotten in a notebook) is refused at construction, naming the argument
and the call to make. It passed the protocol check (the class has ``load``, ``save``
and ``clear``) and failed at the first ``load()`` with ``load() missing 1 required
positional argument: 'self'``."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit import Beatport, BeatTech
from beatkit.auth import FileTokenStore, MemoryTokenStore
from beatkit.errors import ConfigurationError


@pytest.mark.parametrize(
    ("store", "call"),
    [(MemoryTokenStore, "MemoryTokenStore()"), (FileTokenStore, "FileTokenStore(")],
)
def test_a_store_class_is_refused_naming_the_call(store: Any, call: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^store must be a token store") as caught:
        Beatport("beatkit-client", store=store)
    assert "the class" in str(caught.value)
    assert call in str(caught.value)


def test_an_app_store_class_is_refused_by_its_name() -> None:
    with pytest.raises(ConfigurationError, match=r"^app_store must be a token store"):
        BeatTech("fabel", client_id="c", client_secret="s", app_store=MemoryTokenStore)  # type: ignore[arg-type]
