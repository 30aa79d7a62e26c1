# GENERATED from tests/beatport/_async/test_authorize_redirect_optional.py by scripts/unasync.py: edit the async source.
"""The PKCE authorization URL without a redirect URI: Beatport uses the registered one.

The operations list (``operations/beatport.tsv``, ``GET /auth/o/authorize/``) names
``redirect_uri`` optional, as RFC 6749 section 4.1.1 does: a client with one registered
redirect URI may leave it out, and then the token request leaves it out too (4.1.3).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from beatkit.beatport import Beatport
from beatkit.testing.beatport import FakeBeatport


def test_authorization_url_without_a_redirect_uri_sends_none() -> None:
    fake = FakeBeatport()
    http = httpx.Client(transport=httpx.MockTransport(fake.handle))
    with Beatport(fake.client_id, base_url=fake.base_url, http_client=http) as bp:
        request = bp.auth.authorization_url()
        assert request.redirect_uri is None
        query = parse_qs(urlsplit(request.url).query)
        assert "redirect_uri" not in query
        assert query["client_id"] == [fake.client_id]
        assert query["code_challenge_method"] == ["S256"]
        assert fake.requests == []  # building the URL sends nothing


def test_the_code_of_such_a_request_is_exchanged_without_a_redirect_uri() -> None:
    fake = FakeBeatport()
    http = httpx.Client(transport=httpx.MockTransport(fake.handle))
    with Beatport(fake.client_id, base_url=fake.base_url, http_client=http) as bp:
        request = bp.auth.authorization_url(scope="app:locker")
        with httpx.Client(transport=fake.transport()) as browser:
            login = browser.post(
                f"{fake.base_url}/auth/login/",
                json={"username": fake.username, "password": fake.password},
            )
            assert login.status_code == 200
            answer = browser.get(request.url, follow_redirects=False)
        assert answer.status_code == 302
        location = answer.headers["Location"]
        assert location.startswith(fake.default_redirect_uri + "?")
        token = bp.auth.exchange_code(location, request)
    assert fake.access_token_valid(token.access_token)
    forms = [
        parse_qs(r.content.decode()) for r in fake.requests if r.url.path.endswith("/o/token/")
    ]
    assert len(forms) == 1
    assert "redirect_uri" not in forms[0]
    assert forms[0]["grant_type"] == ["authorization_code"]
