"""``subscriptions.update`` and ``stop`` refuse a blank ``comment`` with ValueError before
sending; their docstrings' Raises say so (they named only a blank id)."""

from __future__ import annotations

import inspect
import re

import pytest

from beatkit.beattech._async.accounts import AsyncSubscriptions
from beatkit.beattech._sync.accounts import Subscriptions


@pytest.mark.parametrize("cls", [AsyncSubscriptions, Subscriptions])
@pytest.mark.parametrize("name", ["update", "stop"])
def test_the_value_error_line_names_the_blank_comment(cls: type, name: str) -> None:
    doc = inspect.getdoc(getattr(cls, name)) or ""
    raises = doc.split("Raises:", 1)[1]
    match = re.search(r"ValueError:(.*?)(?:\n\s*\S+Error:|\Z)", raises, re.S)
    assert match is not None
    assert "comment" in match.group(1)


def test_a_blank_comment_is_refused_before_sending() -> None:
    from beatkit.beattech import BeatTech

    with BeatTech("fabel", client_id="cid", client_secret="cs") as bt:
        bt.auth.set_token("user-token")
        for call in (
            lambda: bt.subscriptions.stop("9001", comment=" ", user_id="28392"),
            lambda: bt.subscriptions.update("9001", 6, comment="", user_id="28392"),
        ):
            with pytest.raises(ValueError, match="comment"):
                call()
