"""Every beatkit exception survives pickle, copy and deepcopy with all its attributes.

Users send exceptions across processes (``multiprocessing``, ``concurrent.futures``,
Celery result backends): an exception that cannot be rebuilt on the other side turns
the real failure into a confusing ``TypeError`` about ``__init__`` arguments.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import pytest

import beatkit.errors as errors
import beatkit.hls.errors as hls_errors
from beatkit.beattech.report_queue import QueueBusyError, ReportSendError
from beatkit.errors import BeatkitError

_API_KWARGS: dict[str, Any] = {
    "status_code": 429,
    "service": "beatport",
    "code": "rate_limited",
    "request_id": "req-1",
    "body": {"detail": "slow down", "items": [1, 2]},
    "details": {"limit": 10},
    "field_errors": {"name": ["too long"]},
}


def _api(cls: type[errors.APIError], **extra: Any) -> errors.APIError:
    return cls("the message", **_API_KWARGS, **extra)


# One instance of every exception class, with every attribute set to a non-default.
EXAMPLES: list[BeatkitError] = [
    errors.BeatkitError("plain"),
    errors.ConfigurationError("bad settings"),
    errors.ClientClosedError("beatconnect: the client is closed"),
    errors.APIConnectionError("refused", service="beatpass", method="GET", url="https://h/p"),
    errors.APITimeoutError("read timeout", service="beattech", method="POST", url="https://h/q"),
    errors.TokenSaveError(
        "beatport: the new token is in use by this client but was not saved",
        service="beatport",
        hook="on_token",
    ),
    errors.ResponseDecodeError("not JSON", service="beatconnect", status_code=200, body="<html>"),
    _api(errors.APIError),
    _api(errors.RedirectError, location="https://elsewhere.example/x"),
    _api(errors.BadRequestError),
    _api(errors.QualityNotAvailableError),
    _api(errors.AuthenticationError),
    _api(errors.PermissionDeniedError),
    _api(errors.TerritoryRestrictedError),
    _api(errors.ExportLimitReachedError),
    _api(errors.NotFoundError),
    _api(errors.ConflictError),
    _api(errors.BackstageRequestPendingError, contact_url="https://help.example/a"),
    _api(errors.BackstageRequestRevokedError, contact_url="https://help.example/b"),
    _api(errors.RangeNotSatisfiableError, content_range="tracks */21"),
    _api(errors.UnprocessableEntityError),
    _api(errors.RateLimitError, retry_after=3.5),
    _api(errors.ServerError, retry_after=7.0),
    errors.HLSError("hls"),
    errors.WebhookVerificationError("bad signature"),
    errors.WebhookPayloadError("bad body"),
    hls_errors.PlaylistError("no #EXTM3U", 3),
    hls_errors.UnsupportedEncryptionError("SAMPLE-AES", 9),
    hls_errors.LivePlaylistError("live"),
    hls_errors.VariantNotFoundError("no 320k"),
    hls_errors.InsecureURLError("http is refused"),
    hls_errors.DecryptionError("bad padding"),
    hls_errors.FetchError("404", url="https://cdn.example/a.m3u8", status_code=404),
    hls_errors.KeyFetchError("short key", url="https://cdn.example/k", status_code=None),
    hls_errors.SegmentError("truncated", index=4, uri="https://cdn.example/s4.ts"),
    QueueBusyError("this ReportQueue is already being flushed: wait for that flush"),
    ReportSendError(
        1,
        [{"event": "play"}],
        [{"event": "stop"}],
        errors.NotFoundError("gone", status_code=404, service="beattech"),
    ),
]


def _all_subclasses(cls: type[BeatkitError]) -> set[type[BeatkitError]]:
    found: set[type[BeatkitError]] = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _all_subclasses(sub)
    return found


def _public(cls: type[BeatkitError]) -> bool:
    return cls.__module__.startswith("beatkit.") and not cls.__name__.startswith("_")


def test_every_public_exception_class_has_an_example() -> None:
    # A new exception class must be added to EXAMPLES, so its pickling is checked too.
    public = {cls for cls in _all_subclasses(BeatkitError) if _public(cls)} | {BeatkitError}
    assert public <= {type(example) for example in EXAMPLES}


def _unpickle(error: BeatkitError) -> BeatkitError:
    # Our own bytes, not untrusted data.
    return pickle.loads(pickle.dumps(error))  # type: ignore[no-any-return]  # noqa: S301


def _same(error: BaseException, other: BaseException) -> None:
    assert type(other) is type(error)
    assert other is not error
    assert vars(other).keys() == vars(error).keys()
    for name, value in vars(error).items():
        if isinstance(value, BaseException) and vars(other)[name] is not value:
            _same(value, vars(other)[name])  # exceptions compare by identity
        else:
            assert vars(other)[name] == value, name
    assert other.args == error.args
    assert str(other) == str(error)
    assert repr(other) == repr(error)


ROUND_TRIPS: list[Callable[[BeatkitError], BeatkitError]] = [_unpickle, copy.copy, copy.deepcopy]


@pytest.mark.parametrize("round_trip", ROUND_TRIPS, ids=["pickle", "copy", "deepcopy"])
@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_round_trip_keeps_type_message_and_attributes(
    error: BeatkitError, round_trip: Callable[[BeatkitError], BeatkitError]
) -> None:
    _same(error, round_trip(error))


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_every_pickle_protocol(protocol: int) -> None:
    error = _api(errors.RateLimitError, retry_after=2.0)
    restored = pickle.loads(pickle.dumps(error, protocol=protocol))  # noqa: S301
    _same(error, restored)
    assert restored.retry_after == 2.0
    assert restored.field_errors == {"name": ["too long"]}


def test_api_error_attributes_after_pickle() -> None:
    restored = _unpickle(_api(errors.ServerError, retry_after=1.5))
    assert isinstance(restored, errors.ServerError)
    assert (restored.status_code, restored.code, restored.message) == (
        429,
        "rate_limited",
        "the message",
    )
    assert (restored.service, restored.request_id, restored.retry_after) == (
        "beatport",
        "req-1",
        1.5,
    )
    assert restored.body == {"detail": "slow down", "items": [1, 2]}
    assert restored.field_errors == {"name": ["too long"]}
    assert str(restored) == "beatport 429 [rate_limited] the message (request id req-1)"


def test_the_restored_error_is_still_caught_by_its_bases() -> None:
    restored = _unpickle(_api(errors.TerritoryRestrictedError))
    with pytest.raises(errors.PermissionDeniedError):
        raise restored
    assert isinstance(_unpickle(errors.ConfigurationError("x")), ValueError)


def test_report_send_error_keeps_the_error_it_wraps() -> None:
    original = EXAMPLES[-1]
    assert isinstance(original, ReportSendError)
    restored = _unpickle(original)
    assert isinstance(restored, ReportSendError)
    assert isinstance(restored.error, errors.NotFoundError)
    assert restored.error.status_code == 404
    assert (restored.index, restored.sent, restored.unsent) == (
        1,
        ({"event": "play"},),
        ({"event": "stop"},),
    )


def test_hls_messages_are_not_redacted_or_formatted_twice() -> None:
    # The HLS errors build and redact their message in __init__: rebuilding must
    # not run that again on the finished message.
    error = hls_errors.SegmentError("bad", index=-1, uri="https://cdn.example/init.mp4")
    restored = _unpickle(error)
    assert (
        str(restored) == str(error) == "initialization section (https://cdn.example/init.mp4): bad"
    )


def test_notes_survive_the_round_trip() -> None:
    error = _api(errors.NotFoundError)
    error.add_note("while syncing release 42")
    assert _unpickle(error).__notes__ == ["while syncing release 42"]
