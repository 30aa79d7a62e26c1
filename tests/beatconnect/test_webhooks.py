"""Tests of BeatConnect webhook signature verification and event parsing."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beatkit.beatconnect.webhooks import (
    BeatCreated,
    BeatPurchased,
    BeatUpdated,
    EventType,
    PurchaseCompleted,
    PurchaseItem,
    UserRegistered,
    UserUpdated,
    WebhookEvent,
    WebhookPayloadError,
    construct_event,
    parse_event,
    sign,
    verify_signature,
)
from beatkit.errors import BeatkitError, ConfigurationError, WebhookVerificationError
from beatkit.testing import FakeBeatConnect

SECRET = "whsec_super-secret-value"

# The example delivery from the vendor's documentation.
DOC_EVENT: dict[str, Any] = {
    "id": "evt_123456789",
    "created": 1635962400,
    "type": "beat.purchased",
    "data": {
        "beat_id": 1234,
        "title": "Summer Vibes",
        "producer_id": 5678,
        "producer_name": "DJ Maphorisa",
        "license_type": "Premium",
        "amount": 49.99,
        "currency": "USD",
        "purchaser_id": 9012,
    },
}
BODY = json.dumps(DOC_EVENT, indent=2).encode()


def hex_hmac(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# -- sign / verify ---------------------------------------------------------------------------


def test_sign_is_hmac_sha256_hex() -> None:
    assert sign(BODY, SECRET) == hex_hmac(BODY)
    assert sign(BODY, SECRET.encode()) == hex_hmac(BODY)


@pytest.mark.parametrize(
    "name",
    [
        "X-Webhook-Signature",
        "BeatConnect-Signature",
        "x-webhook-signature",
        "BEATCONNECT-SIGNATURE",
    ],
)
def test_valid_signature_any_header_any_case(name: str) -> None:
    verify_signature(BODY, {name: hex_hmac(BODY)}, SECRET)


@pytest.mark.parametrize(
    "value",
    [
        "sha256=" + hex_hmac(BODY),
        "SHA256=" + hex_hmac(BODY),
        hex_hmac(BODY).upper(),
        f" {hex_hmac(BODY)} ",
    ],
)
def test_accepted_signature_spellings(value: str) -> None:
    verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)


def test_works_with_httpx_headers_and_bytes_like_bodies() -> None:
    headers = httpx.Headers({"x-webhook-signature": hex_hmac(BODY)})
    verify_signature(BODY, headers, SECRET)
    verify_signature(bytearray(BODY), headers, SECRET)  # type: ignore[arg-type]
    verify_signature(memoryview(BODY), headers, SECRET)  # type: ignore[arg-type]


def test_raw_bytes_headers_are_read_not_reported_missing_or_empty() -> None:
    # ASGI gives header names and values as bytes; they used to read as "no signature"
    # (a bytes name) or "the header is empty" (a bytes value) while holding a good one.
    signature = hex_hmac(BODY).encode()
    verify_signature(BODY, {b"x-webhook-signature": signature}, SECRET)  # type: ignore[dict-item]
    verify_signature(BODY, {"X-Webhook-Signature": signature}, SECRET)  # type: ignore[dict-item]
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_signature(BODY, {b"x-webhook-signature": b"0" * 64}, SECRET)  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "headers",
    [
        None,
        [("x-webhook-signature", hex_hmac(BODY))],  # ASGI's list of pairs: wrap it in dict()
        {"X-Webhook-Signature": [hex_hmac(BODY)]},
        {"X-Webhook-Signature": 5},
    ],
)
def test_headers_of_the_wrong_shape_are_a_type_error(headers: Any) -> None:
    with pytest.raises(TypeError, match="header"):
        verify_signature(BODY, headers, SECRET)
    with pytest.raises(TypeError, match="header"):
        construct_event(BODY, headers, SECRET)


def test_both_headers_must_verify() -> None:
    good = hex_hmac(BODY)
    verify_signature(BODY, {"X-Webhook-Signature": good, "BeatConnect-Signature": good}, SECRET)
    bad = hex_hmac(BODY, "other")
    for headers in (
        {"X-Webhook-Signature": good, "BeatConnect-Signature": bad},
        {"X-Webhook-Signature": bad, "BeatConnect-Signature": good},
        {"X-Webhook-Signature": good, "BeatConnect-Signature": "nonsense"},
    ):
        with pytest.raises(WebhookVerificationError):
            verify_signature(BODY, headers, SECRET)


def test_missing_signature() -> None:
    with pytest.raises(WebhookVerificationError, match="no signature") as info:
        verify_signature(BODY, {"Content-Type": "application/json"}, SECRET)
    assert "X-Webhook-Signature" in str(info.value)
    assert "BeatConnect-Signature" in str(info.value)


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_signature(value: str) -> None:
    with pytest.raises(WebhookVerificationError, match="is empty"):
        verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)


@pytest.mark.parametrize(
    "value",
    [
        "sha256=",
        "zz" * 32,  # not hex
        "ab" * 31,  # too short
        "ab" * 33,  # too long
        "sha1=" + "ab" * 32,
        "t=1,v1=" + "ab" * 32,
        "é" * 64,
    ],
)
def test_malformed_signature(value: str) -> None:
    with pytest.raises(WebhookVerificationError, match="malformed"):
        verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)


@pytest.mark.parametrize("space", ["\u00a0", "\x85", "\u2003", "\u3000"])
def test_only_ascii_space_and_tab_surround_a_signature(space: str) -> None:
    # HTTP's optional whitespace is SP and HTAB; str.strip() also took no-break and
    # other Unicode spaces (a Latin-1 header's 0x85 and 0xA0 among them).
    for value in (space + hex_hmac(BODY), hex_hmac(BODY) + space):
        with pytest.raises(WebhookVerificationError, match="malformed"):
            verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)
    verify_signature(BODY, {"X-Webhook-Signature": f"\t{hex_hmac(BODY)} "}, SECRET)
    with pytest.raises(WebhookVerificationError, match="is empty"):
        verify_signature(BODY, {"X-Webhook-Signature": " \t "}, SECRET)


def test_wrong_signature() -> None:
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_signature(BODY, {"X-Webhook-Signature": hex_hmac(BODY, "wrong")}, SECRET)
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_signature(BODY, {"X-Webhook-Signature": hex_hmac(BODY)}, "wrong")


def test_reserialized_body_fails_which_is_why_raw_bytes_are_required() -> None:
    signature = hex_hmac(BODY)
    reserialized = json.dumps(json.loads(BODY)).encode()
    assert reserialized != BODY
    with pytest.raises(WebhookVerificationError):
        verify_signature(reserialized, {"X-Webhook-Signature": signature}, SECRET)


@pytest.mark.parametrize("body", [BODY.decode(), DOC_EVENT, 42])
def test_non_bytes_body_is_a_type_error(body: Any) -> None:
    with pytest.raises(TypeError, match="raw request body"):
        verify_signature(body, {"X-Webhook-Signature": hex_hmac(BODY)}, SECRET)
    with pytest.raises(TypeError, match="raw request body"):
        sign(body, SECRET)
    with pytest.raises(TypeError, match="raw request body"):
        construct_event(body, {"X-Webhook-Signature": hex_hmac(BODY)}, SECRET)


def test_bad_secrets() -> None:
    headers = {"X-Webhook-Signature": hex_hmac(BODY)}
    with pytest.raises(ConfigurationError, match="empty"):
        verify_signature(BODY, headers, "")
    with pytest.raises(TypeError, match="int"):
        verify_signature(BODY, headers, 12345)  # type: ignore[arg-type]


def test_secret_and_expected_signature_never_in_messages() -> None:
    expected = hex_hmac(BODY)
    cases: list[dict[str, str]] = [
        {},
        {"X-Webhook-Signature": ""},
        {"X-Webhook-Signature": "xyz"},
        {"X-Webhook-Signature": hex_hmac(BODY, "other")},
    ]
    for headers in cases:
        with pytest.raises(WebhookVerificationError) as info:
            verify_signature(BODY, headers, SECRET)
        text = str(info.value) + repr(info.value)
        assert SECRET not in text
        assert expected not in text
    for call in (lambda: sign(BODY.decode(), SECRET), lambda: verify_signature(BODY, {}, b"")):  # type: ignore[arg-type]
        with pytest.raises((TypeError, ConfigurationError)) as caught:
            call()
        assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda secret: sign(BODY, secret),
        lambda secret: verify_signature(BODY, {"X-Webhook-Signature": "0" * 64}, secret),
        lambda secret: construct_event(BODY, {"X-Webhook-Signature": "0" * 64}, secret),
    ],
)
def test_a_secret_utf8_cannot_encode_is_refused_without_quoting_it(call: Any) -> None:
    # Regression: a str secret holding a lone surrogate (a secret decoded with
    # errors="surrogateescape", as os.environ does with undecodable bytes) raised
    # UnicodeEncodeError, whose repr and .object carry the whole secret.
    secret = SECRET + "\udcff"
    with pytest.raises(ConfigurationError, match="webhook secret") as info:
        call(secret)
    error = info.value
    assert SECRET not in str(error) + repr(error) + repr(error.args)
    assert error.__context__ is None and error.__cause__ is None


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=512), secret=st.binary(min_size=1, max_size=64))
def test_property_sign_then_verify(body: bytes, secret: bytes) -> None:
    verify_signature(body, {"X-Webhook-Signature": sign(body, secret)}, secret)


@settings(max_examples=150, deadline=None)
@given(
    body=st.binary(min_size=1, max_size=256),
    secret=st.text(min_size=1, max_size=32),
    data=st.data(),
)
def test_property_any_bit_flip_of_the_body_fails(
    body: bytes, secret: str, data: st.DataObject
) -> None:
    signature = sign(body, secret)
    bit = data.draw(st.integers(0, len(body) * 8 - 1))
    flipped = bytearray(body)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(WebhookVerificationError):
        verify_signature(bytes(flipped), {"X-Webhook-Signature": signature}, secret)


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=256), secret=st.binary(min_size=1, max_size=32), data=st.data())
def test_property_any_bit_flip_of_the_signature_fails(
    body: bytes, secret: bytes, data: st.DataObject
) -> None:
    signature = bytearray(sign(body, secret).encode())
    bit = data.draw(st.integers(0, len(signature) * 8 - 1))
    signature[bit // 8] ^= 1 << (bit % 8)
    # A flip may produce a non-hex byte (malformed), a non-ASCII one, or another hex digit
    # (wrong); a flip that only changes a letter's case is the same digit, so skip it.
    tampered = signature.decode("latin-1")
    if tampered.lower() == sign(body, secret):
        return
    with pytest.raises(WebhookVerificationError):
        verify_signature(body, {"X-Webhook-Signature": tampered}, secret)


# -- parsing ---------------------------------------------------------------------------------


def test_parse_documented_example() -> None:
    event = construct_event(BODY, {"X-Webhook-Signature": hex_hmac(BODY)}, SECRET)
    assert isinstance(event, WebhookEvent)
    assert event.id == "evt_123456789"
    assert event.created == datetime(2021, 11, 3, 18, 0, tzinfo=UTC)
    assert event.type == EventType.BEAT_PURCHASED
    assert event.type == "beat.purchased"
    assert event.payload == BeatPurchased(
        beat_id=1234,
        title="Summer Vibes",
        producer_id=5678,
        producer_name="DJ Maphorisa",
        license_type="Premium",
        amount=Decimal("49.99"),
        currency="USD",
        purchaser_id=9012,
    )
    assert event.data == DOC_EVENT["data"]
    assert event.raw == DOC_EVENT


def test_parse_accepts_str_and_mapping() -> None:
    assert parse_event(BODY.decode()) == parse_event(BODY) == parse_event(DOC_EVENT)


def test_construct_event_refuses_bad_signature() -> None:
    with pytest.raises(WebhookVerificationError):
        construct_event(BODY, {"X-Webhook-Signature": "0" * 64}, SECRET)


@pytest.mark.parametrize(
    ("event_type", "data", "expected"),
    [
        (
            "beat.created",
            {
                "id": 7,
                "title": "New",
                "user_id": 5,
                "genre": {"id": 1, "name": "Amapiano"},
                "price": 9.5,
            },
            BeatCreated(beat_id=7, title="New", producer_id=5, genre_id=1, price=Decimal("9.5")),
        ),
        (
            "beat.updated",
            {"beat_id": 7, "producer_id": 5, "producer_name": "X", "genre_id": 3},
            BeatUpdated(beat_id=7, producer_id=5, producer_name="X", genre_id=3),
        ),
        (
            "user.registered",
            {"id": 11, "username": "neo", "role": "buyer", "country": "ZA"},
            UserRegistered(user_id=11, username="neo", role="buyer", country="ZA"),
        ),
        (
            "user.updated",
            {"user_id": 11, "display_name": "Neo"},
            UserUpdated(user_id=11, display_name="Neo"),
        ),
        (
            "purchase.completed",
            {
                "order_id": 8001,
                "purchaser_id": 9012,
                "total": 99.98,
                "currency": "USD",
                "items": [{"beat_id": 1234, "license_type": "Premium", "price": 99.98}],
            },
            PurchaseCompleted(
                order_id=8001,
                purchaser_id=9012,
                amount=Decimal("99.98"),
                currency="USD",
                items=(PurchaseItem(beat_id=1234, license_type="Premium", price=Decimal("99.98")),),
            ),
        ),
    ],
)
def test_parse_each_known_type(event_type: str, data: dict[str, Any], expected: object) -> None:
    fake = FakeBeatConnect()
    body, headers = fake.webhook(event_type, data, SECRET, created=1700000000)
    event = construct_event(body, headers, SECRET)
    assert event.type == event_type
    assert event.payload == expected
    assert event.data == data
    assert event.created == datetime.fromtimestamp(1700000000, UTC)


def test_unknown_type_is_kept() -> None:
    raw = {
        "id": "evt_1",
        "created": 1,
        "type": "playlist.shared",
        "data": {"x": [1]},
        "extra": True,
    }
    event = parse_event(raw)
    assert event.type == "playlist.shared"
    assert event.payload is None
    assert event.data == {"x": [1]}
    assert event.raw["extra"] is True


def test_unknown_fields_of_known_types_stay_in_data() -> None:
    raw = {**DOC_EVENT, "data": {**DOC_EVENT["data"], "coupon": "AFRO10"}}
    assert parse_event(raw).data["coupon"] == "AFRO10"


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<html>", "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({**DOC_EVENT, "id": None}).encode(), "'id'"),
        (json.dumps({k: v for k, v in DOC_EVENT.items() if k != "type"}).encode(), "'type'"),
        (json.dumps({k: v for k, v in DOC_EVENT.items() if k != "created"}).encode(), "'created'"),
        (json.dumps({**DOC_EVENT, "created": "yesterday"}).encode(), "'created'"),
        (json.dumps({**DOC_EVENT, "created": True}).encode(), "'created'"),
        (json.dumps({**DOC_EVENT, "data": [1]}).encode(), "'data'"),
        (json.dumps({k: v for k, v in DOC_EVENT.items() if k != "data"}).encode(), "'data'"),
        (
            json.dumps({**DOC_EVENT, "data": {**DOC_EVENT["data"], "beat_id": "x"}}).encode(),
            "beat_id",
        ),
        (json.dumps({**DOC_EVENT, "data": {"beat_id": 1}}).encode(), "'title'"),
        (
            json.dumps({**DOC_EVENT, "data": {**DOC_EVENT["data"], "amount": "lots"}}).encode(),
            "amount",
        ),
    ],
)
def test_payload_errors(body: bytes, match: str) -> None:
    with pytest.raises(WebhookPayloadError, match=match) as info:
        parse_event(body)
    assert isinstance(info.value, BeatkitError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("event_type", "data", "field"),
    [
        ("beat.created", {"id": "abc"}, "id"),
        ("beat.updated", {"id": 7, "user_id": "5678"}, "user_id"),
        ("user.registered", {"id": 1.5}, "id"),
        ("purchase.completed", {"id": 1, "total": "lots"}, "total"),
        ("purchase.completed", {"order_id": 1, "items": [{"id": "x"}]}, "id"),
    ],
)
def test_a_mistyped_field_read_under_its_other_spelling_is_named_as_sent(
    event_type: str, data: dict[str, Any], field: str
) -> None:
    # Regression: the message named the first spelling ('beat_id', 'producer_id',
    # 'user_id', 'amount', 'order_id'): a field the body does not have.
    body = json.dumps({**DOC_EVENT, "type": event_type, "data": data}).encode()
    with pytest.raises(WebhookPayloadError, match=f"field '{field}' must be"):
        parse_event(body)


@pytest.mark.parametrize("amount", ["1_000", " 12 ", "\u0661\u0662", "+5", "0x10", "1e5e"])
def test_amount_text_outside_json_number_syntax_is_refused(amount: str) -> None:
    # Decimal() alone reads "1_000" as 1000 and Arabic-Indic "١٢" as 12: not what was sent.
    data = {**DOC_EVENT["data"], "amount": amount}
    with pytest.raises(WebhookPayloadError, match="amount"):
        parse_event({**DOC_EVENT, "data": data})
    purchase: dict[str, Any] = {"order_id": 1, "total": amount}
    with pytest.raises(WebhookPayloadError, match=r"amount|total"):
        parse_event({**DOC_EVENT, "type": "purchase.completed", "data": purchase})
    purchase = {"order_id": 1, "items": [{"beat_id": 1, "price": amount}]}
    with pytest.raises(WebhookPayloadError, match="price"):
        parse_event({**DOC_EVENT, "type": "purchase.completed", "data": purchase})


@pytest.mark.parametrize(
    ("amount", "expected"), [("49.99", "49.99"), ("-0.5", "-0.5"), ("1E+2", "1E+2"), (10, "10")]
)
def test_amount_in_json_number_syntax_is_read_exactly(amount: object, expected: str) -> None:
    event = parse_event({**DOC_EVENT, "data": {**DOC_EVENT["data"], "amount": amount}})
    assert isinstance(event.payload, BeatPurchased)
    assert event.payload.amount == Decimal(expected)


@pytest.mark.parametrize("items", [{}, "", 0, False, {"beat_id": 1}, "abc"])
def test_purchase_items_that_are_not_a_list_are_refused(items: object) -> None:
    # Falsy wrong types ({}, "", 0, false) used to read as "no items".
    data = {"order_id": 8001, "items": items}
    with pytest.raises(WebhookPayloadError, match="'items' must be a list"):
        parse_event({**DOC_EVENT, "type": "purchase.completed", "data": data})


@pytest.mark.parametrize("data", [{"order_id": 8001}, {"order_id": 8001, "items": None}])
def test_purchase_without_items_has_none(data: dict[str, Any]) -> None:
    event = parse_event({**DOC_EVENT, "type": "purchase.completed", "data": data})
    assert event.payload == PurchaseCompleted(order_id=8001)


@pytest.mark.parametrize("token", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_number_tokens_are_payload_errors(token: bytes) -> None:
    # Python's json module takes NaN and Infinity; JSON (RFC 8259) has no such tokens.
    body = b'{"id": "evt_1", "created": 1, "type": "x.y", "data": {"score": ' + token + b"}}"
    with pytest.raises(WebhookPayloadError, match="not valid JSON"):
        parse_event(body)
    with pytest.raises(WebhookPayloadError, match="not valid JSON"):
        construct_event(body, {"X-Webhook-Signature": sign(body, SECRET)}, SECRET)


@pytest.mark.parametrize("number", ["1e400", "-1E+999", "9" * 400 + ".5"])
def test_numbers_too_large_for_a_float_are_payload_errors(number: str) -> None:
    # Python's json reads them as inf; no event carries an infinite score.
    body = '{"id": "evt_1", "created": 1, "type": "x.y", "data": {"score": ' + number + "}}"
    for raw in (body, body.encode()):
        with pytest.raises(WebhookPayloadError, match="not valid JSON"):
            parse_event(raw)


def test_created_as_iso_string_is_accepted() -> None:
    event = parse_event({**DOC_EVENT, "created": "2021-11-03T18:00:00Z"})
    assert event.created == datetime(2021, 11, 3, 18, 0, tzinfo=UTC)


def test_fake_webhook_helper() -> None:
    fake = FakeBeatConnect(clock=lambda: 1700000000.0)
    body, headers = fake.webhook(
        "beat.purchased", DOC_EVENT["data"], SECRET, header="BeatConnect-Signature"
    )
    assert set(headers) == {"Content-Type", "BeatConnect-Signature"}
    event = construct_event(body, headers, SECRET)
    assert event.id.startswith("evt_")
    assert event.created == datetime.fromtimestamp(1700000000, UTC)
    second, _ = fake.webhook("beat.purchased", DOC_EVENT["data"], SECRET)
    assert json.loads(second)["id"] != event.id


def test_fake_webhook_takes_decimal_amounts_as_the_payload_models_give_them() -> None:
    # Regression: the payload models carry Decimal amounts, yet the fake's webhook()
    # raised "Object of type Decimal is not JSON serializable" for data built from them.
    fake = FakeBeatConnect()
    data = {**DOC_EVENT["data"], "amount": Decimal("49.99")}
    body, headers = fake.webhook("beat.purchased", data, SECRET)
    payload = construct_event(body, headers, SECRET).payload
    assert isinstance(payload, BeatPurchased) and payload.amount == Decimal("49.99")
    items = [{"beat_id": 1, "price": Decimal("10")}, {"beat_id": 2, "price": Decimal("0.1")}]
    body, _ = fake.webhook("purchase.completed", {"order_id": 9, "items": items}, SECRET)
    completed = parse_event(body).payload
    assert isinstance(completed, PurchaseCompleted)
    assert [item.price for item in completed.items] == [Decimal("10"), Decimal("0.1")]


@pytest.mark.parametrize("amount", [Decimal("0.10000000000000000001"), Decimal("NaN")])
def test_fake_webhook_refuses_a_decimal_json_would_not_carry_exactly(amount: Decimal) -> None:
    with pytest.raises(ValueError, match="carries exactly"):
        FakeBeatConnect().webhook("beat.purchased", {"amount": amount}, SECRET)


# -- bodies nested too deeply ----------------------------------------------------------------


# Deeper than any interpreter's parser goes: 3.11 and 3.12 stop at the recursion limit
# (1000 by default), 3.13 at its own C limit and parses 5000 levels (and 9000).
DEEP = 100_000


@pytest.mark.parametrize("body", [b"[" * DEEP, b'{"a":' * DEEP, b"[" * DEEP + b"]" * DEEP])
def test_too_deep_bodies_are_payload_errors(body: bytes) -> None:
    with pytest.raises(WebhookPayloadError, match="nested too deeply"):
        construct_event(body, {"X-Webhook-Signature": sign(body, SECRET)}, SECRET)
    with pytest.raises(WebhookPayloadError, match="nested too deeply"):
        parse_event(body.decode())
    with pytest.raises(WebhookVerificationError):
        construct_event(body, {"X-Webhook-Signature": "0" * 64}, SECRET)


# -- fuzz: only the documented exceptions escape ---------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
event_types = st.sampled_from([*(t.value for t in EventType), "beat.deleted", ""])
data_keys = st.sampled_from(
    ["beat_id", "id", "title", "producer_id", "user_id", "producer_name", "license_type",
     "amount", "total", "price", "currency", "purchaser_id", "genre_id", "genre", "order_id",
     "items", "username", "display_name", "role", "country"]
)  # fmt: skip


@st.composite
def event_bodies(draw: st.DrawFn) -> bytes:
    """Event-shaped JSON with a wrong type or value possible at every field."""
    data = draw(st.dictionaries(data_keys | st.text(max_size=6), json_values, max_size=10))
    if draw(st.booleans()):
        data = {**DOC_EVENT["data"], **data}
    event: dict[str, Any] = {
        "id": draw(st.text(max_size=12) | json_values),
        "created": draw(
            st.integers(-(10**12), 10**12) | st.floats() | st.text(max_size=30) | json_values
        ),
        "type": draw(event_types | json_values),
        "data": draw(st.just(data) | json_values),
    }
    for key in draw(st.sets(st.sampled_from(list(event)))):
        del event[key]
    return json.dumps(event).encode()


deep_bodies = st.integers(1, 20_000).map(lambda n: b'{"data":' * n + b"1" + b"}" * n) | st.integers(
    1, 20_000
).map(lambda n: b"[" * n)
header_names = st.sampled_from(["X-Webhook-Signature", "beatconnect-signature", "X-Other"])


@pytest.mark.fuzz
@given(
    body=st.binary(max_size=300) | event_bodies() | deep_bodies,
    headers=st.dictionaries(header_names | st.text(max_size=10), st.text(max_size=80), max_size=3),
    secret=st.binary(min_size=1, max_size=32),
    signed=st.sampled_from(["X-Webhook-Signature", "BeatConnect-Signature", None]),
)
def test_fuzz_construct_event_raises_only_webhook_errors(
    body: bytes, headers: dict[str, str], secret: bytes, signed: str | None
) -> None:
    if signed is not None:
        headers = {**headers, signed: sign(body, secret)}
    try:
        event = construct_event(body, headers, secret)
    except (WebhookVerificationError, WebhookPayloadError) as exc:
        message = str(exc)
    else:
        message = None
    if message is not None:
        assert "\n" not in message
        assert sign(body, secret) not in message  # a valid signature is a credential
        assert len(secret) < 8 or (secret.hex() not in message and repr(secret) not in message)
        return
    # Accepted: every signature header present verified, and the event is typed.
    assert signed is not None or any(
        isinstance(k, str) and k.lower() in {"x-webhook-signature", "beatconnect-signature"}
        for k in headers
    )
    assert isinstance(event, WebhookEvent) and isinstance(event.raw, dict)


@pytest.mark.fuzz
@given(body=event_bodies() | json_values.map(lambda v: json.dumps(v).encode()) | deep_bodies)
def test_fuzz_parse_event_raises_only_payload_errors(body: bytes) -> None:
    try:
        event = parse_event(body)
    except WebhookPayloadError as exc:
        message = str(exc)
    else:
        message = None
    if message is not None:
        assert "\n" not in message
        return
    assert isinstance(event.id, str) and isinstance(event.type, str)
    assert event.created.tzinfo is not None
