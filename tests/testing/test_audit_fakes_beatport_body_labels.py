"""FakeBeatport reads a body only in the media type its label names, as Beatport does.

Beatport's token endpoint (django-oauth-toolkit, RFC 6749 section 4.1.3) reads its
parameters from an ``application/x-www-form-urlencoded`` body: Django parses no other
(``request.POST`` is empty), so a form sent without that label has no ``grant_type``, no
``client_id``, nothing. Its login (Django REST framework) parses JSON labelled
``application/json`` and forms labelled as forms, and answers 415 ``Unsupported media
type`` for a body labelled otherwise or not at all. The fake read the token form and the
login JSON whatever their label, so code that forgot the header passed its tests
against the fake and failed against Beatport.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import httpx
import pytest

from beatkit.testing import FakeBeatport

_UNLABELLED = [{}, {"Content-Type": "text/plain"}, {"Content-Type": "application/json"}]


@pytest.mark.parametrize("headers", _UNLABELLED, ids=["none", "text", "json"])
def test_a_token_form_not_labelled_as_a_form_has_no_parameters(
    headers: dict[str, str],
) -> None:
    fake = FakeBeatport()
    refresh = fake.issue_token()["refresh_token"]
    form = {"grant_type": "refresh_token", "refresh_token": refresh, "client_id": fake.client_id}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        refused = client.post("/auth/o/token/", content=urlencode(form), headers=headers)
        assert refused.status_code in (400, 401)
        assert "error" in refused.json()
        assert fake.refresh_count == 0
        # The refresh token was not used up: a form labelled as one still refreshes.
        labelled = client.post("/auth/o/token/", data=form)
    assert labelled.status_code == 200
    assert "access_token" in labelled.json()


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/javascript"])
def test_a_login_body_not_labelled_json_or_form_is_a_415(content_type: str | None) -> None:
    fake = FakeBeatport()
    body = json.dumps({"username": fake.username, "password": fake.password})
    headers = {} if content_type is None else {"Content-Type": content_type}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        answer = client.post("/auth/login/", content=body, headers=headers)
    assert answer.status_code == 415
    shown = "" if content_type is None else content_type
    assert answer.json() == {"detail": f'Unsupported media type "{shown}" in request.'}
    assert "set-cookie" not in answer.headers
    assert fake.sessions == {}


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_a_login_labelled_json_logs_in(content_type: str) -> None:
    fake = FakeBeatport()
    body = json.dumps({"username": fake.username, "password": fake.password})
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        answer = client.post("/auth/login/", content=body, headers={"Content-Type": content_type})
    assert answer.status_code == 200
    assert "sessionid=" in answer.headers["set-cookie"]
