"""A URL marked by :func:`mark_secret_values` stays masked while its request lives, even when
an earlier request with the same URL text was marked and has since gone.

``_MARKED_URLS`` is a weak-key dictionary: setting an equal key keeps the old key's
weak reference, whose death callback then removed the entry of the live request.
Two calls with the same URL (the same search run twice, a retry) showed the second
one's values in its log lines and errors.
"""

from __future__ import annotations

import gc

import httpx

from beatkit._core.redact import REDACTED, mark_secret_values, redact_url

URL = "https://api.example.test/v2/users?email=ada%40example.org"
VALUE = "ada@example.org"


def _marked() -> httpx.Request:
    request = httpx.Request("GET", URL)
    mark_secret_values(request, [VALUE])
    return request


def test_a_second_request_with_the_same_url_stays_masked_after_the_first_is_gone() -> None:
    first = _marked()
    second = _marked()
    assert "ada%40example.org" not in redact_url(second.url)
    del first
    gc.collect()
    shown = redact_url(second.url)
    assert "ada%40example.org" not in shown and REDACTED in shown


def test_an_unmarked_url_with_the_same_text_is_not_masked_after_all_are_gone() -> None:
    request = _marked()
    del request
    gc.collect()
    assert "ada%40example.org" in redact_url(httpx.URL(URL))
