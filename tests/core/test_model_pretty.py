"""A model shown as a notebook cell's result (IPython's pretty printer) is laid out in lines.

IPython shows an object without ``_repr_pretty_`` as its ``repr``: one line, 3,600
characters for a Beatport track, wrapped by the browser into a block nobody reads. A
model breaks its fields one per line (nested models, lists and dicts too) when its
``repr`` does not fit the printer's width, and shows exactly what ``repr`` shows: the
fields ``repr`` leaves out (``extra``, signed URLs, secrets) stay out, and a model with
a ``repr`` of its own is shown by it. IPython is not a test dependency: a recording
printer with the three members ``_repr_pretty_`` uses (``text``, ``break_``,
``max_width``) stands in for IPython's ``RepresentationPrinter``; where IPython is
installed, its own printer is checked too.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import attrs
import httpx
import pytest

from beatkit import Beatport
from beatkit._core.model import Model
from beatkit.auth import Token
from beatkit.beatconnect.models import Genre
from beatkit.beatport.models import StreamInfo, Track
from beatkit.testing import FakeBeatport


class Printer:
    """The part of IPython's ``RepresentationPrinter`` that ``_repr_pretty_`` uses."""

    def __init__(self, max_width: int = 79) -> None:
        self.max_width = max_width
        self.out = ""

    def text(self, text: str) -> None:
        self.out += text

    def break_(self) -> None:
        self.out += "\n"


def shown(value: Any, width: int = 79) -> str:
    printer = Printer(width)
    value._repr_pretty_(printer, False)
    return printer.out


def flat(text: str) -> str:
    """The one-line form of a broken layout: the line breaks and indents taken out."""
    text = re.sub(r"([(\[{])\n *", r"\1", text)
    text = re.sub(r",\n *([)\]}])", r"\1", text)
    return re.sub(r",\n *", ", ", text)


@pytest.fixture(scope="module")
def track() -> Track:
    fake = FakeBeatport()
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    http = httpx.Client(transport=fake.transport())
    with Beatport(fake.client_id, token=token, requests_per_second=None, http_client=http) as bp:
        return bp.tracks.get(fake.tracks[0]["id"])


def test_a_long_model_is_broken_into_lines_that_fit(track: Track) -> None:
    text = shown(track)
    lines = text.splitlines()
    assert len(repr(track)) > 2000 and len(lines) > 20
    assert lines[0] == "Track(" and lines[-1] == ")"
    assert lines[1].startswith("    id=") and "    artists=[" in lines
    # A line longer than the width holds one value that cannot be broken (a long URL).
    for line in lines:
        assert len(line) <= 79 or "=" in line or line.strip().startswith("'"), line


def test_the_layout_shows_what_repr_shows_and_nothing_more(track: Track) -> None:
    assert flat(shown(track)) == repr(track)
    assert shown(track, width=10**6) == repr(track)
    url = "https://needledrop.beatport.com/x.m3u8?Signature=S"
    stream = StreamInfo(stream_url=url, sample_start_ms=0, sample_end_ms=256463)
    assert "needledrop" not in shown(stream, width=10) and "256463" in shown(stream, width=10)


def test_a_short_model_stays_on_one_line() -> None:
    genre = Genre(id=1, name="Amapiano")
    assert (
        shown(genre) == repr(genre) == "Genre(id=1, name='Amapiano', slug=None, beats_count=None)"
    )


def test_a_model_with_a_repr_of_its_own_is_shown_by_it() -> None:
    @attrs.frozen(kw_only=True)
    class Secretive(Model):
        code: str

        def __repr__(self) -> str:
            return "Secretive(code=REDACTED)"

    assert shown(Secretive(code="x" * 200), width=10) == "Secretive(code=REDACTED)"


def _models(cls: type) -> list[type]:
    return [cls] + [sub for direct in cls.__subclasses__() for sub in _models(direct)]


def test_ipython_meets_the_hook_before_the_repr_attrs_wrote() -> None:
    # IPython's printer walks the MRO and uses the first class that defines either
    # ``_repr_pretty_`` or ``__repr__``: attrs writes ``__repr__`` into every model class.
    import beatkit.beatconnect.models
    import beatkit.beatpass.models
    import beatkit.beatport.models
    import beatkit.beattech.models  # noqa: F401 - every service's models, subclassed

    models = _models(Model)
    assert len(models) > 100
    for cls in models:
        first = next(c for c in cls.__mro__ if "_repr_pretty_" in vars(c) or "__repr__" in vars(c))
        assert "_repr_pretty_" in vars(first), cls


def test_ipython_shows_a_model_in_lines(track: Track) -> None:
    pretty = pytest.importorskip("IPython.lib.pretty")
    text = pretty.pretty(track)
    assert text.splitlines()[0] == "Track(" and flat(text) == repr(track)
    nested = pretty.pretty([track])
    assert nested.splitlines()[1].startswith(" Track(") or nested.splitlines()[0].startswith(
        "[Track("
    )
