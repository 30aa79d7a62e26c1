"""``FlushResult.refused`` means the server refused the report itself for good (discard
it). A refresh token the token endpoint rejects (400 ``invalid_grant``: the session
expired, log in again) made ``refused`` ``True``, and the documented recipe
(``if result.refused: queue.discard(result.failed)``) dropped a play that was never
judged."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.beattech.reports import ReportQueue, play_ended
from beatkit.errors import AuthenticationError, BadRequestError
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


def queue() -> ReportQueue:
    q = ReportQueue(clock=lambda: NOW)
    q.append(play_ended(track_id="10001", time=NOW - 10, offline=True, duration=30))
    return q


def test_an_expired_refresh_token_does_not_refuse_the_report(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    q = queue()
    fake.fail_next(401)  # the report: the access token is refused
    fake.fail_next(400, body={"error": "invalid_grant", "error_description": "expired"})
    result = q.flush(bt)
    assert isinstance(result.error, AuthenticationError)
    assert result.refused is False
    assert result.maybe_sent is False
    assert len(q) == 1


def test_a_token_endpoint_refusing_the_app_credentials_does_not_refuse_the_report(
    fake: FakeBeatTech,
) -> None:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
        fake.fail_next(400, body={"error": "invalid_request", "error_description": "busy"})
        result = queue().flush(client)
        client.close()
    assert result.error is not None
    assert result.refused is False


def test_a_report_the_api_refuses_is_still_refused(fake: FakeBeatTech, bt: BeatTech) -> None:
    fake.fail_next(422, body={"error": "validation_error", "error_description": "no"})
    result = queue().flush(bt)
    assert isinstance(result.error, BadRequestError | Exception)
    assert result.refused is True
