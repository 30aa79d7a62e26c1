"""FakeBeatPass reads a write's body as JSON only when its Content-Type says JSON.

BeatPass is a Laravel app: its request input is the JSON body only when the request is
labelled JSON (``Content-Type`` holding ``/json`` or ``+json``, Laravel's ``isJson()``);
every body in the vendor's OpenAPI file is ``application/json``. A JSON body sent
without that label (``content=json.dumps(...)``, a common slip in a user's own code) is
no input to the real API, which answers 422 for the required fields. The fake read such
a body as JSON whatever its label, so a test of that code passed against the fake and
the code failed against BeatPass.
"""

from __future__ import annotations

import json

import httpx
import pytest

from beatkit.testing import FakeBeatPass


def _post_playlist(fake: FakeBeatPass, headers: dict[str, str]) -> httpx.Response:
    auth = {"Authorization": f"Bearer {fake.token}", **headers}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        return client.post("/playlists", content=json.dumps({"name": "Mix"}), headers=auth)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"}],
    ids=["no-label", "text-plain", "form-label"],
)
def test_a_json_body_not_labelled_json_is_no_input(headers: dict[str, str]) -> None:
    fake = FakeBeatPass()
    before = len(fake.db.playlists)
    answer = _post_playlist(fake, headers)
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"name": ["The name field is required."]}
    assert len(fake.db.playlists) == before


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "application/vnd.api+json"],
)
def test_a_body_labelled_json_is_read(content_type: str) -> None:
    fake = FakeBeatPass()
    answer = _post_playlist(fake, {"Content-Type": content_type})
    assert answer.status_code == 200
    assert answer.json()["playlist"]["name"] == "Mix"
