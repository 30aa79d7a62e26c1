"""``bt.batch`` carries subrequests' URLs and bodies inside its JSON body.

A subrequest that searches a user by e-mail address or phone number
(``/v2/users?email=...``) or sends a personal field in its body holds personal data,
as ``users.search(email=...)`` does: those values are marked as secrets of the batch
request, so that an error quoting them back, its body and beatkit's log lines show
them masked (see test_search_privacy.py for the search itself).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote, quote_plus

import httpx
import pytest

from beatkit.beattech import BeatTech, PendingChange
from beatkit.beattech.models import BatchRequest
from beatkit.beattech.wire import batch_body, batch_secrets
from beatkit.errors import APIError

EMAIL = "ada.lovelace+beat@example.org"
MSISDN = "+4791234567"
USERNAME = "ada-lovelace-1815"
SPELLINGS = {
    text
    for value in (EMAIL, MSISDN, USERNAME)
    for text in (value, quote(value, safe=""), quote_plus(value))
}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with (
        caplog.at_level(logging.DEBUG, logger="beatkit"),
        caplog.at_level(logging.INFO, logger="httpx"),
    ):
        yield caplog


def _echo(request: httpx.Request) -> httpx.Response:
    """A token endpoint, and a batch endpoint whose error quotes the subrequests back."""
    if request.url.path.endswith("/oauth2/token"):
        return httpx.Response(
            200, json={"access_token": "app-1", "token_type": "bearer", "expires_in": 3600}
        )
    rows = json.loads(request.content)["requests"]
    quoted = "; ".join(f"{row['url']} {json.dumps(row.get('body'))}" for row in rows)
    return httpx.Response(
        400,
        json={"error": "error_bad_request", "error_description": f"Bad: {quoted}", "echo": quoted},
    )


def _leaks(texts: list[str]) -> list[str]:
    return [text for text in texts if any(spelling in text for spelling in SPELLINGS)]


@pytest.mark.parametrize(
    "url",
    [
        f"/v2/users?email={quote(EMAIL, safe='')}&msisdn={quote(MSISDN, safe='')}",
        f"/v2/users?msisdn={MSISDN}&email={EMAIL}",  # as typed, unencoded
    ],
)
def test_an_error_quoting_a_batch_shows_no_personal_data(
    url: str, logs: pytest.LogCaptureFixture
) -> None:
    requests = [
        BatchRequest(method="GET", url=url),
        BatchRequest(method="PATCH", url="/v2/users/42", body={"profile": {"username": USERNAME}}),
    ]
    with (
        BeatTech(
            "test",
            client_id="cid",
            client_secret="csecret",
            http_client=httpx.Client(transport=httpx.MockTransport(_echo)),
        ) as bt,
        pytest.raises(APIError) as caught,
    ):
        bt.app.batch(requests)
    error = caught.value
    assert "Bad: /v2/users?" in error.message  # the rest of the message is kept
    assert not _leaks([str(error), repr(error), error.message, repr(error.body)])
    assert not _leaks([repr(error.details)])
    assert not _leaks([record.getMessage() for record in logs.records])


def test_batch_secrets_reads_personal_query_values_and_body_fields() -> None:
    body = batch_body(
        [
            BatchRequest(method="GET", url=f"/v2/users?Email={quote(EMAIL, safe='')}&query=pop"),
            BatchRequest(method="GET", url=f"/v2/users?msisdn={MSISDN}"),
            BatchRequest(method="POST", url="/v2/users", body={"user": {"USERNAME": USERNAME}}),
        ]
    )
    secrets = batch_secrets(body)
    assert {EMAIL, quote(EMAIL, safe=""), MSISDN, USERNAME} <= set(secrets)
    assert "pop" not in secrets  # other parameters stay readable


def test_other_subrequest_values_stay_visible() -> None:
    requests = [BatchRequest(method="GET", url="/v2/tracks?query=bohemian-rhapsody")]
    with (
        BeatTech(
            "test",
            client_id="cid",
            client_secret="csecret",
            http_client=httpx.Client(transport=httpx.MockTransport(_echo)),
        ) as bt,
        pytest.raises(APIError) as caught,
    ):
        bt.app.batch(requests)
    assert "bohemian-rhapsody" in caught.value.message


def test_a_failed_push_shows_no_personal_data(logs: pytest.LogCaptureFixture) -> None:
    # bt.sync.push sends its edits through the same batch endpoint.
    edit = PendingChange(
        method="PATCH",
        path="/users/42",
        body={"email": EMAIL, "msisdn": MSISDN},
        changed_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    with BeatTech(
        "test",
        client_id="cid",
        client_secret="csecret",
        http_client=httpx.Client(transport=httpx.MockTransport(_echo)),
    ) as bt:
        bt.auth.login("someone", "a-password")
        with pytest.raises(APIError) as caught:
            bt.sync.push([edit], base_change_id=1)
    error = caught.value
    assert "Bad: /v2/users/42" in error.message
    assert not _leaks([str(error), repr(error), error.message, repr(error.body)])
    assert not _leaks([repr(error.details), *getattr(error, "__notes__", [])])
    assert not _leaks([record.getMessage() for record in logs.records])
