# GENERATED from tests/beatport/_async/test_exchange_code_other_client.py by scripts/unasync.py: edit the async source.
"""``exchange_code()`` with an ``AuthorizationRequest`` another client made.

The code and its PKCE verifier belong to the authorization server and the client id
the request was built for (RFC 6749 sections 4.1.3 and 10.6; RFC 7636 section 4.5):
exchanged by a client of another client id, the code is refused (``invalid_grant``,
worded as a spent or stale code); by a client of another base URL, the code and the
verifier go to a token endpoint that never issued them. Both are refused with a
``ValueError`` before anything is sent, and the code still works with its own client.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.testing.beatport import FakeBeatport


def _code(fake: FakeBeatport, url: str) -> str:
    """Log in at the fake as a browser would and follow ``url`` to its redirect."""
    with httpx.Client(transport=fake.transport()) as browser:
        login = browser.post(
            f"{fake.base_url}/auth/login/",
            json={"username": fake.username, "password": fake.password},
        )
        assert login.status_code == 200
        answer = browser.get(url, follow_redirects=False)
    assert answer.status_code == 302
    return answer.headers["Location"]


def _token_requests(fake: FakeBeatport) -> list[httpx.Request]:
    return [r for r in fake.requests if r.url.path.endswith("/auth/o/token/")]


def test_a_request_of_another_client_id_is_refused_before_sending() -> None:
    fake = FakeBeatport()
    own = Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    )
    other = Beatport(
        "another-client-id",
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    )
    with own, other:
        request = own.auth.authorization_url()
        redirect = _code(fake, request.url)
        with pytest.raises(ValueError, match="client id") as caught:
            other.auth.exchange_code(redirect, request)
        assert "another-client-id" not in str(caught.value)
        assert fake.client_id not in str(caught.value)
        assert _token_requests(fake) == []
        assert other.auth.token is None
        token = own.auth.exchange_code(redirect, request)
    assert fake.access_token_valid(token.access_token)


def test_a_request_of_another_host_is_refused_before_sending() -> None:
    fake = FakeBeatport()
    elsewhere = FakeBeatport(base_url="https://beatport.example/v4")
    own = Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    )
    other = Beatport(
        fake.client_id,
        base_url=elsewhere.base_url,
        http_client=httpx.Client(transport=elsewhere.transport()),
        requests_per_second=None,
    )
    with own, other:
        request = own.auth.authorization_url()
        redirect = _code(fake, request.url)
        with pytest.raises(ValueError, match="another authorization endpoint"):
            other.auth.exchange_code(redirect, request)
        # Neither the code nor the verifier reached the other host.
        assert elsewhere.requests == []
        token = own.auth.exchange_code(redirect, request)
    assert fake.access_token_valid(token.access_token)


def test_the_same_endpoint_spelt_with_another_trailing_slash_is_accepted() -> None:
    fake = FakeBeatport()
    made = Beatport(
        fake.client_id,
        base_url=fake.base_url + "/",
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    )
    own = Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    )
    with made, own:
        request = made.auth.authorization_url()
        redirect = _code(fake, request.url)
        token = own.auth.exchange_code(redirect, request)
    assert fake.access_token_valid(token.access_token)


def test_another_port_of_the_same_host_is_another_endpoint() -> None:
    fake = FakeBeatport(base_url="http://127.0.0.1:8001/v4")
    elsewhere = FakeBeatport(base_url="http://127.0.0.1:8002/v4")
    own = Beatport(
        fake.client_id,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    )
    other = Beatport(
        fake.client_id,
        base_url=elsewhere.base_url,
        http_client=httpx.Client(transport=elsewhere.transport()),
        requests_per_second=None,
    )
    with own, other:
        request = own.auth.authorization_url()
        redirect = _code(fake, request.url)
        with pytest.raises(ValueError, match=r"127\.0\.0\.1:8002/v4/auth/o/authorize/"):
            other.auth.exchange_code(redirect, request)
        assert elsewhere.requests == []
