"""A ``Range`` header in ``options`` on a list whose ``Range`` holds a filter (a
series' releases by ``release_numbers``) is refused with advice that names the
list's own argument, not ``page=``/``per_page=``, which no Beat Technology list has."""

from __future__ import annotations

import httpx
import pytest

from beatkit import ConfigurationError, RequestOptions
from beatkit.beattech import BeatTech
from beatkit.testing import FakeBeatTech


def test_the_advice_names_release_numbers() -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        options = RequestOptions(headers={"Range": "releases=0-9"})
        with pytest.raises(ConfigurationError) as caught:
            bt.releases.list(series_id="301", release_numbers=(1, 1), options=options)
        assert "release_numbers=" in str(caught.value)
        assert "per_page" not in str(caught.value)
        with pytest.raises(ConfigurationError, match="page_size= and start="):
            bt.tracks.search("a", options=options)
