"""Credentials a request sent stay out of the error for its answer, however the server
quotes them back: as an object's key, percent-encoded, JSON-escaped, in a redirect."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest
from attrs import frozen

from beatkit._core.converter import make_converter
from beatkit._core.http import ServiceSpec
from beatkit._core.model import Model
from beatkit._core.operation import Operation
from beatkit._core.redact import mask_values
from beatkit._core.responses import decode_value, decoder, error_from_response
from beatkit.beatpass.wire import SPEC as BEATPASS
from beatkit.beatport.wire import SPEC as BEATPORT
from beatkit.errors import APIError, RedirectError, ResponseDecodeError

SPEC = ServiceSpec(name="testsvc")
PASSWORD = 'p@ss w/rd"é\\9'
TOKEN = "at-secret-7777"


def sent(status: int, **answer: Any) -> httpx.Response:
    """An answer to a request that sent ``PASSWORD`` in its body and ``TOKEN`` as a bearer."""
    request = httpx.Request(
        "POST",
        "https://api.test/v1/users",
        json={"email": "a@b.test", "password": PASSWORD},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    return httpx.Response(status, request=request, **answer)


def everything(error: APIError) -> list[str]:
    """All the text an error shows: str, repr, and every string (keys too) of its
    arguments and of each attribute a caller may print."""
    found = [str(error), repr(error)]
    attributes = ("args", "body", "details", "code", "field_errors", "location")
    strings([getattr(error, name, None) for name in attributes], found)
    return found


def strings(value: Any, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            strings(key, found)
            strings(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            strings(item, found)


def spellings(secret: str) -> list[str]:
    return [
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret, safe=""),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],  # as a failing field's path names a key
    ]


def leaks(shown: list[str]) -> list[str]:
    forms = [form for secret in (PASSWORD, TOKEN) for form in spellings(secret)]
    return [form for form in forms if any(form in text for text in shown)]


@pytest.mark.parametrize("spec", [SPEC, BEATPASS, BEATPORT], ids=lambda s: s.name)
def test_a_credential_quoted_as_an_objects_key_is_masked(spec: ServiceSpec) -> None:
    body = {
        "message": "The given data was invalid.",
        "errors": {PASSWORD: ["is too common"], "email": ["taken"]},
        PASSWORD: ["is too common"],
        "detail": {"seen": {TOKEN: True}},
    }
    error = error_from_response(sent(422, json=body), spec)
    assert leaks(everything(error)) == []
    assert "taken" in repr(error.body)  # the rest of the answer is kept


@pytest.mark.parametrize("index", range(1, 7))
def test_a_credential_quoted_encoded_is_masked(index: int) -> None:
    for secret in (PASSWORD, TOKEN):
        form = spellings(secret)[index]
        text = f"rejected {form} for this account"
        as_text = error_from_response(sent(400, text=text), SPEC)
        as_json = error_from_response(sent(400, json={"message": text, "errors": [text]}), SPEC)
        assert leaks(everything(as_text)) == []
        assert leaks(everything(as_json)) == []
        assert "for this account" in str(as_json) and "for this account" in str(as_text)


def test_mask_values_masks_keys_and_every_spelling_at_any_depth() -> None:
    deep = {"a": [{"b": {PASSWORD: quote(PASSWORD, safe="")}}], quote_plus(PASSWORD): 1}
    masked = mask_values(deep, [PASSWORD])
    assert masked == {"a": [{"b": {"***": "***"}}], "***": 1}
    # Two keys that mask to the same text both stay: neither value is lost.
    both = mask_values({PASSWORD: 1, quote(PASSWORD, safe=""): 2}, [PASSWORD])
    assert sorted(both.values()) == [1, 2]
    assert leaks([key for key in both if isinstance(key, str)]) == []


def test_a_redirect_does_not_quote_a_credential_back() -> None:
    location = f"https://login.test/?next=/v1/users&echo={quote(PASSWORD, safe='')}&t={TOKEN}"
    answer = sent(302, headers={"Location": location}, json={"message": f"moved {TOKEN}"})
    error = error_from_response(answer, SPEC)
    assert isinstance(error, RedirectError)
    assert leaks(everything(error)) == []
    assert error.location is not None and error.location.startswith("https://login.test/")
    assert "next=/v1/users" in error.location


@frozen
class Scores(Model):
    by_name: dict[str, int]


def test_a_decode_error_does_not_name_a_credential_as_a_key_in_its_path() -> None:
    op = Operation(name="t.scores", method="POST", path="/x", result=Scores)
    body = {"by_name": {"ok": 1, PASSWORD: "not a number"}}
    answer = sent(200, json=body)
    with pytest.raises(ResponseDecodeError) as info:
        decode_value(decoder(op, make_converter()), body, op=op, response=answer, spec=SPEC)
    assert leaks(everything(info.value)) == []
    assert "Scores.by_name" in str(info.value)
    token_key = {"by_name": {TOKEN: "x"}}
    with pytest.raises(ResponseDecodeError) as info:
        decode_value(decoder(op, make_converter()), token_key, op=op, response=answer, spec=SPEC)
    assert leaks(everything(info.value)) == []


@frozen
class Count(Model):
    count: int


def test_the_causes_chained_under_a_decode_error_do_not_quote_a_credential() -> None:
    # The decoder's own error (int() quoting the value, a service's unwrap quoting the
    # server's message) is chained as __cause__: every traceback prints it.
    import traceback

    def unwrap(body: Any) -> Any:
        raise ValueError(f"an error envelope answered with a success status: {body['message']}")

    answer = sent(200, json={})
    op = Operation(name="t.count", method="POST", path="/x", result=Count)
    cases = [
        (decoder(op, make_converter()), {"count": f"bad {TOKEN} and {PASSWORD}"}),
        (unwrap, {"message": f"token {TOKEN} refused, password={PASSWORD}"}),
    ]
    for decode, body in cases:
        with pytest.raises(ResponseDecodeError) as info:
            decode_value(decode, body, op=op, response=answer, spec=SPEC)
        shown = "".join(traceback.format_exception(info.value))
        assert info.value.__cause__ is not None  # the chain is kept, masked
        assert leaks([shown]) == []
