"""docs/beatconnect-webhooks.md's claims, checked against ``beatkit.beatconnect.webhooks``.

Each test quotes (or paraphrases) the sentence it checks. The page's two code blocks
need Flask, which is no dependency of the tests (``tests/test_docs_examples_run.py``
lists them as not runnable): the parts they lean on, ``construct_event`` on a
delivery ``FakeBeatConnect.webhook()`` built with the block's own arguments, are run
here instead. One claim is false for one type of ``created`` and is marked ``xfail``
with the defect it shows (a code defect, reported; the docs' promise is reasonable).
"""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from beatkit.beatconnect.webhooks import (
    SIGNATURE_HEADERS,
    BeatCreated,
    BeatPurchased,
    BeatUpdated,
    EventType,
    PurchaseCompleted,
    PurchaseItem,
    UserRegistered,
    UserUpdated,
    WebhookEvent,
    construct_event,
    parse_event,
    sign,
    verify_signature,
)
from beatkit.errors import (
    BeatkitError,
    ConfigurationError,
    WebhookPayloadError,
    WebhookVerificationError,
)
from beatkit.testing import FakeBeatConnect

SECRET = "whsec_test"
PURCHASE = {
    "beat_id": 1234,
    "title": "Summer Vibes",
    "producer_id": 5678,
    "producer_name": "DJ Maphorisa",
    "license_type": "Premium",
    "amount": 49.99,
    "currency": "USD",
    "purchaser_id": 9012,
}


def delivery(created: float | None = None, **event: Any) -> bytes:
    body = {
        "id": "evt_123456789",
        "type": "beat.purchased",
        "created": int(time.time()) if created is None else created,
        "data": PURCHASE,
        **event,
    }
    return json.dumps(body).encode()


BODY = delivery(created=1700000000)
SIGNATURE = sign(BODY, SECRET)


def refusal(headers: Any, body: bytes = BODY, secret: str = SECRET) -> str:
    with pytest.raises(WebhookVerificationError) as info:
        verify_signature(body, headers, secret)
    return str(info.value)


# --- "Verifying and parsing a delivery" and "Testing your endpoint" -------------------------


def test_the_testing_blocks_delivery_verifies_and_parses_as_the_flask_block_reads_it() -> None:
    # The Flask blocks cannot run here; what they rely on can: the fake's signed
    # delivery, given the block's own arguments, passes construct_event with the secret,
    # and its payload is the BeatPurchased the view hands to grant_license.
    body, headers = FakeBeatConnect().webhook("beat.purchased", PURCHASE, secret="test-secret")
    assert isinstance(body, bytes)
    event = construct_event(body, headers, "test-secret")
    assert isinstance(event.payload, BeatPurchased)
    payload = event.payload
    assert (payload.purchaser_id, payload.beat_id, payload.amount) == (9012, 1234, Decimal("49.99"))
    with pytest.raises(WebhookVerificationError):
        construct_event(body, headers, "another-secret")


def test_the_signature_is_lowercase_hex_hmac_sha256_of_the_body() -> None:
    # "an HMAC-SHA256 of the request body, keyed by your webhook secret ... sent as
    # lowercase hex in the `X-Webhook-Signature` header"
    import hashlib
    import hmac

    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert expected == SIGNATURE
    _, headers = FakeBeatConnect().webhook("beat.purchased", PURCHASE, secret=SECRET)
    assert "X-Webhook-Signature" in headers
    assert SIGNATURE_HEADERS == ("X-Webhook-Signature", "BeatConnect-Signature")


@pytest.mark.parametrize("name", ["X-Webhook-Signature", "BeatConnect-Signature"])
def test_either_header_name_is_accepted(name: str) -> None:
    # "Some of the vendor's pages call the header `BeatConnect-Signature`; beatkit
    # accepts both."
    assert verify_signature(BODY, {name: SIGNATURE}, SECRET) is None
    assert construct_event(BODY, {name: SIGNATURE}, SECRET).id == "evt_123456789"


def test_parse_event_takes_decoded_json_with_decimals() -> None:
    # "`parse_event(body)` parses without verifying ... it also takes JSON you decoded,
    # with numbers as `Decimal` if you decoded them with `json.loads(text,
    # parse_float=Decimal)`"
    decoded = json.loads(BODY, parse_float=Decimal)
    event = parse_event(decoded)
    assert event.payload == parse_event(BODY).payload
    assert event.payload is not None and event.payload.amount == Decimal("49.99")


# --- "Why the raw body" --------------------------------------------------------------------


def test_strict_utf8_text_gives_the_signed_bytes_back() -> None:
    # "text decoded from the body as strict UTF-8 gives the signed bytes back with
    # `text.encode("utf-8")`; text decoded any other way (Latin-1 ...) ... does not, and a
    # base64 body (`isBase64Encoded`) must be base64-decoded instead."
    body = '{"id": "evt_1", "type": "x.y", "created": 1, "data": {"title": "Été"}}'.encode()
    headers = {"X-Webhook-Signature": sign(body, SECRET)}
    text = body.decode("utf-8")
    assert verify_signature(text.encode("utf-8"), headers, SECRET) is None
    latin1 = body.decode("latin-1")
    with pytest.raises(WebhookVerificationError):
        verify_signature(latin1.encode("utf-8"), headers, SECRET)
    encoded = base64.b64encode(body).decode()
    assert verify_signature(base64.b64decode(encoded), headers, SECRET) is None


@pytest.mark.parametrize("body", [BODY.decode(), json.loads(BODY)], ids=["str", "parsed"])
def test_a_str_or_parsed_json_is_a_type_error_saying_what_to_pass(body: Any) -> None:
    # "So `verify_signature` refuses a `str` or parsed JSON with a `TypeError` that says
    # what to pass instead."
    with pytest.raises(TypeError, match="bytes"):
        verify_signature(body, {"X-Webhook-Signature": SIGNATURE}, SECRET)


def test_a_reserialized_body_fails_verification() -> None:
    # "a different key order, any whitespace, `49.90` versus `49.9` ... change the text,
    # and a genuine delivery fails verification"
    body = b'{"id": "evt_1", "type": "x.y", "created": 1, "data": {"amount": 49.90}}'
    headers = {"X-Webhook-Signature": sign(body, SECRET)}
    again = json.dumps(json.loads(body), separators=(",", ":")).encode()
    with pytest.raises(WebhookVerificationError):
        verify_signature(again, headers, SECRET)


# --- "The verification rules" ---------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"x-webhook-signature": SIGNATURE},
        {"BEATCONNECT-SIGNATURE": SIGNATURE},
        httpx.Headers({"X-Webhook-Signature": SIGNATURE}),
        {b"x-webhook-signature": SIGNATURE.encode()},
    ],
    ids=["lower", "upper", "httpx.Headers", "bytes"],
)
def test_header_names_any_case_and_str_or_bytes_pairs(headers: Any) -> None:
    # "Header names are matched case-insensitively; ... any object with `items()` of
    # name/value pairs ..., with names and values as `str` or as `bytes`"
    assert verify_signature(BODY, headers, SECRET) is None


def test_the_list_of_pairs_itself_is_a_type_error() -> None:
    # "anything else, such as the list of pairs itself, is a `TypeError`"
    with pytest.raises(TypeError):
        verify_signature(BODY, [("X-Webhook-Signature", SIGNATURE)], SECRET)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [SIGNATURE.upper(), f"sha256={SIGNATURE}", f" \tsha256={SIGNATURE}\t ", f"  {SIGNATURE}"],
)
def test_the_signature_forms_accepted(value: str) -> None:
    # "64 hex digits in either case, optionally prefixed by `sha256=` and surrounded by
    # spaces or tabs"
    assert verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET) is None


@pytest.mark.parametrize("value", [f"{SIGNATURE}\n", f"\r{SIGNATURE}", f"{SIGNATURE}\x0b"])
def test_no_other_whitespace_is_taken(value: str) -> None:
    # "(no other whitespace)"
    assert "malformed" in refusal({"X-Webhook-Signature": value})


def test_both_headers_present_must_both_verify() -> None:
    # "If both `X-Webhook-Signature` and `BeatConnect-Signature` are present, **both**
    # must verify."
    wrong = "0" * 64
    assert (
        verify_signature(
            BODY, {"X-Webhook-Signature": SIGNATURE, "BeatConnect-Signature": SIGNATURE}, SECRET
        )
        is None
    )
    for headers in (
        {"X-Webhook-Signature": SIGNATURE, "BeatConnect-Signature": wrong},
        {"X-Webhook-Signature": wrong, "BeatConnect-Signature": SIGNATURE},
    ):
        refusal(headers)


@pytest.mark.parametrize(
    "headers",
    [
        httpx.Headers([("X-Webhook-Signature", SIGNATURE), ("X-Webhook-Signature", "0" * 64)]),
        {"X-Webhook-Signature": f"{SIGNATURE}, {'0' * 64}"},
        {"X-Webhook-Signature": f"{'0' * 64},{SIGNATURE}"},
    ],
    ids=["two-lines", "joined", "joined-good-last"],
)
def test_a_header_sent_twice_needs_every_signature_to_verify(headers: Any) -> None:
    # "The same holds for a header sent twice, whether your framework shows two lines ...
    # or one line of comma-separated signatures ...: every signature must verify"
    refusal(headers)
    joined = {"X-Webhook-Signature": f"{SIGNATURE}, {SIGNATURE}"}
    assert verify_signature(BODY, joined, SECRET) is None


def test_no_time_tolerance_by_default() -> None:
    # "by default beatkit applies no time tolerance": a delivery of 2001 verifies.
    old = delivery(created=1000000000)
    event = construct_event(old, {"X-Webhook-Signature": sign(old, SECRET)}, SECRET)
    assert event.created == datetime(2001, 9, 9, 1, 46, 40, tzinfo=UTC)


@pytest.mark.parametrize("tolerance", [300, 300.0, timedelta(minutes=5)])
def test_a_tolerance_refuses_an_event_older_than_it(tolerance: Any) -> None:
    # "pass `tolerance=` (seconds or a `timedelta`): ... raises `WebhookVerificationError`
    # for an event whose `created` ... is more than five minutes old"; "`clock=` gives
    # "now" as epoch seconds"
    body = delivery(created=1700000000)
    headers = {"X-Webhook-Signature": sign(body, SECRET)}
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        construct_event(body, headers, SECRET, tolerance=tolerance, clock=lambda: 1700000301.0)
    event = construct_event(body, headers, SECRET, tolerance=tolerance, clock=lambda: 1700000299.0)
    assert event.id == "evt_123456789"


def test_the_tolerance_is_checked_after_the_signature() -> None:
    # "after checking the signature": a forged old delivery is a bad signature, not a
    # late one.
    body = delivery(created=1700000000)
    with pytest.raises(WebhookVerificationError, match="does not match"):
        construct_event(
            body, {"X-Webhook-Signature": "0" * 64}, SECRET, tolerance=300, clock=lambda: 2e9
        )


def test_an_event_dated_ahead_of_the_clock_is_accepted_under_a_tolerance() -> None:
    # "(not that long from when it arrived: an event dated ahead of your clock is
    # accepted, and so is its replay, until then)"
    body = delivery(created=1700003600)
    headers = {"X-Webhook-Signature": sign(body, SECRET)}
    for _ in range(2):
        event = construct_event(body, headers, SECRET, tolerance=300, clock=lambda: 1700000000.0)
        assert event.id == "evt_123456789"


def test_each_failure_has_its_own_message() -> None:
    # "Each failure has its own message: no signature header, an empty one, a malformed
    # one (not 64 hex digits), or one that does not match the body."
    messages = [
        refusal({}),
        refusal({"X-Webhook-Signature": ""}),
        refusal({"X-Webhook-Signature": "abc"}),
        refusal({"X-Webhook-Signature": "0" * 64}),
    ]
    assert len(set(messages)) == 4
    assert "no signature" in messages[0]
    assert "empty" in messages[1]
    assert "malformed" in messages[2]
    assert "does not match" in messages[3]


def test_a_wsgi_environ_is_named_in_the_no_signature_message() -> None:
    # "Given Django's `request.META` ..., the "no signature" message says to pass
    # `request.headers` instead."
    message = refusal({"HTTP_X_WEBHOOK_SIGNATURE": SIGNATURE, "REQUEST_METHOD": "POST"})
    assert "request.headers" in message


@pytest.mark.parametrize("secret", [SECRET + "\n", " " + SECRET])
def test_a_secret_with_outer_whitespace_is_named_not_quoted_nor_stripped(secret: str) -> None:
    # "When the signature does not match and the secret begins or ends with whitespace
    # ..., the message says so, without quoting the secret; beatkit does not strip it"
    message = refusal({"X-Webhook-Signature": SIGNATURE}, secret=secret)
    assert "whitespace" in message
    assert SECRET not in message
    # not stripped: a signature made with the whitespace verifies
    assert verify_signature(BODY, {"X-Webhook-Signature": sign(BODY, secret)}, secret) is None


def test_neither_the_secret_nor_the_expected_signature_is_in_a_message() -> None:
    # "The secret, and the signature beatkit expected ..., never appear in an exception
    # message or `repr`."
    with pytest.raises(WebhookVerificationError) as info:
        verify_signature(BODY, {"X-Webhook-Signature": "0" * 64}, SECRET)
    for text in (str(info.value), repr(info.value)):
        assert SECRET not in text
        assert SIGNATURE not in text


@pytest.mark.parametrize(
    "secret", ["", b"", "whsec_\udcff"], ids=["empty", "empty-bytes", "surrogate"]
)
def test_an_empty_or_unencodable_secret_is_a_configuration_error(secret: Any) -> None:
    # "An empty secret raises `ConfigurationError` ... So does a `str` secret UTF-8
    # cannot encode (a lone surrogate ...), without quoting it."
    with pytest.raises(ConfigurationError) as info:
        verify_signature(BODY, {"X-Webhook-Signature": SIGNATURE}, secret)
    if secret:
        assert "whsec_" not in str(info.value)


# --- "Events" -------------------------------------------------------------------------------


def test_the_event_attributes() -> None:
    # The attribute table: id, created (UTC, from the epoch seconds), type (EventType
    # compares equal), data as sent, payload, raw the whole body; frozen and hashed by
    # content.
    event = construct_event(BODY, {"X-Webhook-Signature": SIGNATURE}, SECRET)
    assert event.id == "evt_123456789"
    assert event.created == datetime.fromtimestamp(1700000000, UTC)
    assert event.created.utcoffset() == timedelta(0)
    assert event.type == EventType.BEAT_PURCHASED == "beat.purchased"
    assert event.data == PURCHASE
    assert event.raw == json.loads(BODY)
    assert isinstance(event.payload, BeatPurchased)
    again = parse_event(BODY)
    assert {event, again} == {event} and {event: 1}[again] == 1
    with pytest.raises(AttributeError):
        event.id = "evt_2"  # type: ignore[misc]


def test_unknown_top_level_fields_stay_in_raw() -> None:
    body = delivery(created=1, livemode=False)
    assert parse_event(body).raw["livemode"] is False


PAYLOADS = [
    ("beat.created", {"id": 5, "title": "T"}, BeatCreated(beat_id=5, title="T")),
    ("beat.created", {"beat_id": 5}, BeatCreated(beat_id=5)),
    ("beat.updated", {"beat_id": 5, "price": 1.5}, BeatUpdated(beat_id=5, price=Decimal("1.5"))),
    ("user.registered", {"id": 7, "role": "producer"}, UserRegistered(user_id=7, role="producer")),
    ("user.updated", {"user_id": 7, "country": "NG"}, UserUpdated(user_id=7, country="NG")),
    (
        "purchase.completed",
        {"id": 9, "total": 3.5, "items": [{"beat_id": 1, "price": 3.5}]},
        PurchaseCompleted(
            order_id=9,
            amount=Decimal("3.5"),
            items=(PurchaseItem(beat_id=1, price=Decimal("3.5")),),
        ),
    ),
    (
        "purchase.completed",
        {"order_id": 9, "amount": 2},
        PurchaseCompleted(order_id=9, amount=Decimal(2)),
    ),
    ("playlist.shared", {"anything": [1]}, None),
]


@pytest.mark.parametrize(("kind", "data", "payload"), PAYLOADS)
def test_the_payload_table(kind: str, data: dict[str, Any], payload: Any) -> None:
    # The `type` -> `payload` table: the id read from its own name or `id`, the other
    # fields optional; anything else has no payload, everything in `data` and `raw`.
    event = parse_event({"id": "evt_1", "type": kind, "created": 1, "data": data})
    assert event.payload == payload
    assert event.data == data


def test_beat_purchased_requires_every_field() -> None:
    # "`beat.purchased` ... all required"
    for name in PURCHASE:
        data = {k: v for k, v in PURCHASE.items() if k != name}
        with pytest.raises(WebhookPayloadError, match=name):
            parse_event({"id": "evt_1", "type": "beat.purchased", "created": 1, "data": data})


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"id": "evt_1", "type": "x.y", "data": {}}',
        b'{"id": 1, "type": "x.y", "created": 1, "data": {}}',
    ],
    ids=["not-json", "no-created", "id-not-text"],
)
def test_a_changed_format_is_a_payload_error_and_a_value_error(body: bytes) -> None:
    # "A body that is not JSON, or misses or mistypes a required field, raises
    # `WebhookPayloadError` (a `BeatkitError` and a `ValueError`)"
    with pytest.raises(WebhookPayloadError) as info:
        construct_event(body, {"X-Webhook-Signature": sign(body, SECRET)}, SECRET)
    assert isinstance(info.value, BeatkitError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("created", "end"),
    [
        (10**400, "past the year 9999"),
        (-(10**400), "before the year 1"),
        (253402300800, "past the year 9999"),
        (Decimal("1E+400"), "past the year 9999"),
        (Decimal("-1E+400"), "before the year 1"),
    ],
    ids=["int", "negative-int", "year-10000", "Decimal", "negative-Decimal"],
)
def test_a_created_out_of_range_names_the_end_it_is_past(created: Any, end: str) -> None:
    # "So does a `created` outside the years 1 to 9999, of any type or size (an `int`, or
    # a `Decimal` ...): the message says which end it is past and does not repeat the
    # digits."
    with pytest.raises(WebhookPayloadError) as info:
        parse_event({"id": "evt_1", "type": "x.y", "created": created, "data": {}})
    assert end in str(info.value)
    assert "0000000000" not in str(info.value)


@pytest.mark.parametrize("created", [b"1.5e20", b"1e308"])
def test_a_float_created_out_of_range_names_the_end_it_is_past(created: bytes) -> None:
    body = b'{"id": "evt_1", "type": "x.y", "created": ' + created + b', "data": {}}'
    with pytest.raises(WebhookPayloadError, match="past the year 9999"):
        parse_event(body)


def test_a_created_is_epoch_seconds_made_utc() -> None:
    # "`created` | `datetime` | UTC, from the epoch seconds sent"
    event: WebhookEvent = parse_event(
        {"id": "e", "type": "x.y", "created": 1700000000.5, "data": {}}
    )
    assert event.created == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC)


def test_construct_event_verifies_before_it_parses() -> None:
    # "`construct_event(body, headers, secret)` verifies the signature, then parses the
    # body": a forged body that is not JSON is a verification error, not a payload error.
    with pytest.raises(WebhookVerificationError):
        construct_event(b"not json", {"X-Webhook-Signature": "0" * 64}, SECRET)
    with pytest.raises(WebhookPayloadError):
        construct_event(b"not json", {"X-Webhook-Signature": sign(b"not json", SECRET)}, SECRET)


def test_rotating_the_secret_old_then_new() -> None:
    # "While you switch, verify with the new secret and, on WebhookVerificationError, with
    # the old one"
    headers = {"X-Webhook-Signature": sign(BODY, "old-secret")}
    with pytest.raises(WebhookVerificationError):
        construct_event(BODY, headers, "new-secret")
    assert construct_event(BODY, headers, "old-secret").id == "evt_123456789"


def test_a_webhook_amount_also_takes_numeric_text() -> None:
    # docs/beatconnect.md: "(webhook amounts, parsed by hand, also take numeric text)"
    data = {**PURCHASE, "amount": "49.99"}
    event = parse_event({"id": "evt_1", "type": "beat.purchased", "created": 1, "data": data})
    assert event.payload is not None and event.payload.amount == Decimal("49.99")
