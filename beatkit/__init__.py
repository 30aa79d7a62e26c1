"""beatkit: typed Python clients for Beatport, BeatPass, BeatConnect and Beat Technology.

The clients are imported lazily, so ``import beatkit`` stays cheap and a script that
only decrypts HLS segments never loads the API clients::

    from beatkit import BeatConnect

    with BeatConnect() as bc:                 # API key from BEATCONNECT_API_KEY
        for beat in bc.beats.list(genre=1, limit=10):
            print(beat.title)
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from beatkit.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BackstageRequestPendingError,
    BackstageRequestRevokedError,
    BadRequestError,
    BeatkitError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    ExportLimitReachedError,
    HLSError,
    NotFoundError,
    PermissionDeniedError,
    QualityNotAvailableError,
    RangeNotSatisfiableError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ServerError,
    TerritoryRestrictedError,
    TokenSaveError,
    UnprocessableEntityError,
    WebhookPayloadError,
    WebhookVerificationError,
)

if TYPE_CHECKING:
    from beatkit._core._async.pagers import AsyncPager
    from beatkit._core._sync.pagers import Pager
    from beatkit._core.files import FileProgress, SavedFile
    from beatkit._core.operation import RequestOptions
    from beatkit._core.pagination import Page
    from beatkit._core.ratelimit import RateLimitState
    from beatkit.beatconnect import AsyncBeatConnect, BeatConnect
    from beatkit.beatpass import AsyncBeatPass, BeatPass
    from beatkit.beatport import AsyncBeatport, Beatport
    from beatkit.beattech import AsyncBeatTech, BeatTech

from beatkit._core.lazy import lazy_exports
from beatkit._version import __version__

# A library never decides where log records go; without a handler of its own,
# Python's last-resort handler would print beatkit's warnings on stderr of an
# application that never configured logging.
logging.getLogger("beatkit").addHandler(logging.NullHandler())
# The filters that redact httpx's and httpcore's log lines are added by
# beatkit/_core/httpx_logs.py when a client or the HLS downloader loads, not here: the
# pytest plugin imports this package in every test session of a project that installs
# beatkit, and must leave the logs of tests that use no client as they are.

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncBeatConnect",
    "AsyncBeatPass",
    "AsyncBeatTech",
    "AsyncBeatport",
    "AsyncPager",
    "AuthenticationError",
    "BackstageRequestPendingError",
    "BackstageRequestRevokedError",
    "BadRequestError",
    "BeatConnect",
    "BeatPass",
    "BeatTech",
    "BeatkitError",
    "Beatport",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "ExportLimitReachedError",
    "FileProgress",
    "HLSError",
    "NotFoundError",
    "Page",
    "Pager",
    "PermissionDeniedError",
    "QualityNotAvailableError",
    "RangeNotSatisfiableError",
    "RateLimitError",
    "RateLimitState",
    "RedirectError",
    "RequestOptions",
    "ResponseDecodeError",
    "SavedFile",
    "ServerError",
    "TerritoryRestrictedError",
    "TokenSaveError",
    "UnprocessableEntityError",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "__version__",
]

# name -> module that defines it; loaded on first attribute access, so that importing
# beatkit (as the pytest plugin does in every test session) does not import httpx.
_LAZY = {
    "AsyncBeatConnect": "beatkit.beatconnect",
    "BeatConnect": "beatkit.beatconnect",
    "AsyncBeatPass": "beatkit.beatpass",
    "BeatPass": "beatkit.beatpass",
    "AsyncBeatport": "beatkit.beatport",
    "Beatport": "beatkit.beatport",
    "AsyncBeatTech": "beatkit.beattech",
    "BeatTech": "beatkit.beattech",
    "AsyncPager": "beatkit._core._async.pagers",
    "Pager": "beatkit._core._sync.pagers",
    "Page": "beatkit._core.pagination",
    "FileProgress": "beatkit._core.files",
    "SavedFile": "beatkit._core.files",
    "RateLimitState": "beatkit._core.ratelimit",
    "RequestOptions": "beatkit._core.operation",
}


# Hidden from type checkers, which read the imports above instead.
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals(), __all__)
