"""A new user's first hour: what the README and the quickstart promise, as a user meets it."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from beatkit import BeatConnect, BeatkitError
from beatkit.testing import FakeBeatConnect

ROOT = Path(__file__).resolve().parent.parent


def _errors_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("### Errors", 1)[1].split("\n### ", 1)[0]


def test_a_wrong_argument_is_no_beatkit_error() -> None:
    # What the README's errors section must say: `except BeatkitError` around a call
    # with a user's value does not catch a wrong argument.
    fake = FakeBeatConnect()
    with BeatConnect(fake.api_key, http_client=httpx.Client(transport=fake.transport())) as bc:
        with pytest.raises(TypeError, match="beat_id") as wrong_type:
            bc.beats.get("1234")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="beat_id") as out_of_range:
            bc.beats.get(0)
    assert not isinstance(wrong_type.value, BeatkitError)
    assert not isinstance(out_of_range.value, BeatkitError)
    assert fake.requests == []


def test_the_readme_says_which_failures_are_no_beatkit_error() -> None:
    section = _errors_section()
    first = re.sub(r"\s+", " ", section.strip().split("\n\n", 1)[0])
    assert "BeatkitError" in first
    assert "TypeError" in first and "ValueError" in first, first
    assert "before anything is sent" in first


def test_the_quickstart_says_which_failures_are_no_beatkit_error() -> None:
    page = re.sub(r"\s+", " ", (ROOT / "docs" / "quickstart.md").read_text())
    bullet = page.split("* Errors are", 1)[1].split("* ", 1)[0].split("## ", 1)[0]
    assert "TypeError" in bullet and "ValueError" in bullet, bullet


def _retries_paragraph() -> str:
    section = _errors_section()
    paragraph = next(p for p in section.split("\n\n") if p.startswith("Retries are automatic"))
    return re.sub(r"\s+", " ", paragraph)


def test_a_beatpass_put_is_not_replayed_after_a_503() -> None:
    # PUT is idempotent by the HTTP spec, but BeatPass and Beat Technology writes are
    # never sent twice: what the README's retry sentence must not contradict.
    from beatkit import BeatPass, ServerError
    from beatkit.testing import FakeBeatPass

    fake = FakeBeatPass()
    with BeatPass(
        fake.token, base_url=fake.base_url, http_client=httpx.Client(transport=fake.transport())
    ) as bp:
        playlist = bp.playlists.create("Drafts")
        fake.fail_next(503)
        with pytest.raises(ServerError):
            bp.playlists.update(playlist.id, name="Late drafts")
    assert len(fake.requests_to(f"/playlists/{playlist.id}", method="PUT")) == 1


def test_the_readme_says_beatpass_and_beat_technology_writes_are_never_replayed() -> None:
    paragraph = _retries_paragraph()
    assert "BeatPass" in paragraph and "Beat Technology" in paragraph, paragraph
    assert "never" in paragraph
