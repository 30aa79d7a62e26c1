"""``users.search(email=..., msisdn=...)`` puts personal data in the URL's query.

An e-mail address and a phone number are no credentials, but they name a person:
beatkit's log lines, httpx's request log and the errors a refused search raises show
the request's URL, and must show them masked (the rest of the URL stays readable).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import APIConnectionError, APIError, PermissionDeniedError
from beatkit.testing import FakeBeatTech

EMAIL = "ada.lovelace+beat@example.org"
MSISDN = "+4791234567"
SPELLINGS = {EMAIL, quote(EMAIL, safe=""), quote_plus(EMAIL), MSISDN, quote(MSISDN, safe="")}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with (
        caplog.at_level(logging.DEBUG, logger="beatkit"),
        caplog.at_level(logging.INFO, logger="httpx"),
    ):
        yield caplog


def _shown(error: BaseException) -> list[str]:
    shown = [str(error), repr(error)]
    if isinstance(error, APIError):
        shown += [repr(error.body), repr(error.details), error.message]
    return shown


def _leaks(texts: list[str]) -> list[str]:
    return [text for text in texts if any(spelling in text for spelling in SPELLINGS)]


SEARCHES: list[tuple[str, dict[str, Any]]] = [
    ("email", {"email": EMAIL}),
    ("msisdn", {"msisdn": MSISDN}),
    ("both", {"email": EMAIL, "msisdn": MSISDN}),
]


@pytest.mark.parametrize("criteria", [c for _, c in SEARCHES], ids=[n for n, _ in SEARCHES])
def test_a_refused_search_shows_no_email_or_msisdn(
    criteria: dict[str, Any], logs: pytest.LogCaptureFixture
) -> None:
    # A logged-in user is no user-admin client: the fake refuses with 403.
    fake = FakeBeatTech()
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        bt.auth.login(fake.username, fake.password)
        with pytest.raises(PermissionDeniedError) as caught:
            list(bt.users.search(**criteria))
    assert not _leaks(_shown(caught.value))
    lines = [record.getMessage() for record in logs.records]
    assert any("/v2/users?" in line for line in lines), lines  # the search was logged ...
    assert not _leaks(lines)  # ... without the person's data


def _echo(request: httpx.Request) -> httpx.Response:
    """A token endpoint, and an API that quotes the request's URL back in its error."""
    if request.url.path.endswith("/oauth2/token"):
        return httpx.Response(
            200, json={"access_token": "app-1", "token_type": "bearer", "expires_in": 3600}
        )
    quoted = f"No user for {request.url}"
    return httpx.Response(
        404, json={"error": "error_not_found", "error_description": quoted, "request": quoted}
    )


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> BeatTech:
    return BeatTech(
        "test",
        client_id="cid",
        client_secret="csecret",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


@pytest.mark.parametrize("criteria", [c for _, c in SEARCHES], ids=[n for n, _ in SEARCHES])
def test_an_error_quoting_the_search_url_shows_no_email_or_msisdn(
    criteria: dict[str, Any], logs: pytest.LogCaptureFixture
) -> None:
    with _client(_echo) as bt, pytest.raises(APIError) as caught:
        list(bt.app.users.search(**criteria))
    assert not _leaks(_shown(caught.value))
    assert "No user for" in caught.value.message  # the rest of the message is kept
    assert not _leaks([record.getMessage() for record in logs.records])


def test_a_connection_error_shows_no_email_or_msisdn() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            return _echo(request)
        raise httpx.ConnectError("refused", request=request)

    with _client(refuse) as bt, pytest.raises(APIConnectionError) as caught:
        list(bt.app.users.search(email=EMAIL, msisdn=MSISDN))
    assert not _leaks(_shown(caught.value))


def test_other_search_criteria_stay_visible() -> None:
    # A full-text query or an external id is no personal data of the caller's choosing
    # to hide: an error still names it.
    with _client(_echo) as bt, pytest.raises(APIError) as caught:
        list(bt.app.users.search(external_user_id="ext-4711", external_provider_id="7"))
    assert "ext-4711" in caught.value.message
