"""Decoding Beat Technology answers: text ids, UTC datetimes, images, open enums, extra keys."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import cattrs
import pytest

from beatkit._core.converter import describe_failure
from beatkit.beattech.converter import converter, strict_converter, structure_id
from beatkit.beattech.models import (
    Actor,
    AuthContext,
    Balance,
    BannerGroup,
    BatchRequest,
    BatchResponse,
    Change,
    Coupon,
    CredentialType,
    PartnerActivation,
    PaymentMethod,
    PaymentType,
    Progress,
    PushResult,
    Release,
    ReleaseGroup,
    SetupIntent,
    Stream,
    Subscription,
    SubscriptionState,
    SyncResult,
    Track,
    User,
)

# The release shape seen in a public client (abdl): actors with roles, track refs,
# a cover keyed by size token.
ABDL_RELEASE = {
    "id": "1234",
    "title": "A Book",
    "actors": [{"name": "Ann Author", "role": "author"}, {"name": "Ned", "role": "narrator"}],
    "tracks": [{"id": "11", "title": "Part 1"}, {"id": "12", "title": "Part 2"}],
    "cover": {"w800": "https://img.example/w800.jpg"},
}


def test_release_of_a_public_client() -> None:
    release = converter.structure(ABDL_RELEASE, Release)
    assert release.id == "1234"
    assert [(a.name, a.role) for a in release.actors] == [
        ("Ann Author", "author"),
        ("Ned", "narrator"),
    ]
    assert [(t.id, t.title) for t in release.tracks] == [("11", "Part 1"), ("12", "Part 2")]
    assert release.cover == {"w800": "https://img.example/w800.jpg"}
    assert converter.unstructure(release) == {
        **ABDL_RELEASE,
        "type": None,
        "favourite": None,
        "actors": [{"id": None, **a, "image": {}} for a in ABDL_RELEASE["actors"]],  # type: ignore[dict-item]
    }


@pytest.mark.parametrize("raw", [28392, "28392"])
def test_ids_are_text_even_when_sent_as_integers(raw: Any) -> None:
    user = converter.structure({"id": raw, "username": "u"}, User)
    assert user.id == "28392"
    sub = converter.structure({"id": 9001, "product_id": 201, "state": 3}, Subscription)
    assert (sub.id, sub.product_id) == ("9001", "201")


@pytest.mark.parametrize("raw", [True, 1.5, None, [1], {"id": 1}])
def test_other_json_types_are_not_ids(raw: Any) -> None:
    with pytest.raises(TypeError) as info:
        converter.structure({"id": raw}, User)
    assert "User.id" in (describe_failure(info.value) or "")


def test_structure_id() -> None:
    assert structure_id(7) == "7"
    assert structure_id("x") == "x"
    with pytest.raises(TypeError):
        structure_id(False)


def test_a_cover_may_carry_its_release_id_as_a_number() -> None:
    release = converter.structure(
        {"id": "1", "cover": {"w500": "https://a", "h500": "https://b", "release_id": 1}}, Release
    )
    assert release.cover == {"w500": "https://a", "h500": "https://b", "release_id": "1"}
    with pytest.raises(TypeError):
        converter.structure({"id": "1", "cover": {"w500": None}}, Release)


@pytest.mark.parametrize("conv", [converter, strict_converter])
def test_an_empty_image_map_may_come_as_an_empty_array(conv: cattrs.Converter) -> None:
    # Without the size header the image "is returned empty" (L2673, L2735); PHP's
    # json_encode writes an empty map as [] unless told otherwise. Nothing is lost.
    release = conv.structure({"id": "1", "cover": []}, Release)
    assert release.cover == {}
    with pytest.raises((TypeError, cattrs.BaseValidationError)):  # a non-empty array is not one
        conv.structure({"id": "1", "cover": ["https://a"]}, Release)


@pytest.mark.parametrize("conv", [converter, strict_converter])
def test_actor_images_are_typed_like_covers(conv: cattrs.Converter) -> None:
    # "the image field is omitted from each actor" without X-Actor-Image-Sizes (L493):
    # with it, actors carry an image map keyed by size token, as artists and covers do.
    body = {
        "id": 101,
        "name": "Ann",
        "role": "author",
        "image": {"w50": "https://a", "h200": "https://b"},
    }
    actor = conv.structure(body, Actor)
    assert (actor.id, actor.image, actor.extra) == (
        "101",
        {"w50": "https://a", "h200": "https://b"},
        {},
    )
    assert conv.structure({"name": "Ann"}, Actor).image == {}
    assert conv.structure({"name": "Ann", "image": []}, Actor).image == {}  # PHP's empty map
    release = conv.structure(
        {"id": "1", "actors": [{"name": "Ann", "image": {"w50": "u"}}]}, Release
    )
    assert release.actors[0].image == {"w50": "u"}
    with pytest.raises((TypeError, cattrs.BaseValidationError)):
        conv.structure({"name": "Ann", "image": ["https://a"]}, Actor)
    with pytest.raises((TypeError, cattrs.BaseValidationError)):
        conv.structure({"name": "Ann", "image": {"w50": None}}, Actor)


def test_unknown_keys_are_kept_and_strict_mode_refuses_them() -> None:
    body = {"id": "7", "title": "T", "duration": 245, "subtitle": "S", "url": "https://x"}
    track = converter.structure(body, Track)
    assert track.extra == {"subtitle": "S", "url": "https://x"}
    assert converter.unstructure(track)["subtitle"] == "S"
    with pytest.raises(cattrs.ClassValidationError):
        strict_converter.structure(body, Track)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1997-07-16T19:20:30Z", datetime(1997, 7, 16, 19, 20, 30, tzinfo=UTC)),
        ("1997-07-16T21:20:30+02:00", datetime(1997, 7, 16, 19, 20, 30, tzinfo=UTC)),
        ("1997-07-16T19:20:30.250Z", datetime(1997, 7, 16, 19, 20, 30, 250000, tzinfo=UTC)),
        ("1997-07-16 19:20:30", datetime(1997, 7, 16, 19, 20, 30, tzinfo=UTC)),
    ],
)
def test_datetimes_are_normalised_to_utc(text: str, expected: datetime) -> None:
    progress = converter.structure({"id": "1", "changed": text}, Progress)
    assert progress.changed == expected
    assert progress.changed is not None and progress.changed.utcoffset() == expected.utcoffset()
    assert progress.changed.tzinfo is UTC


def test_the_walkthroughs_subscriptions() -> None:
    listed = converter.structure(
        {"id": "9001", "product_id": "201", "state": 3, "expiry_date": "2026-05-01T00:00:00Z"},
        Subscription,
    )
    assert listed.state is SubscriptionState.ACTIVE
    assert listed.expiry_date == datetime(2026, 5, 1, tzinfo=UTC)
    stopped = converter.structure(
        {"expiry_date": "2026-05-01T00:00:00Z", "next_billing_date": None, "state": 6},
        Subscription,
    )
    assert stopped.id is None
    assert stopped.state is SubscriptionState.STOPPED
    assert stopped.next_billing_date is None


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (1, "TRIALING"),
        (3, "ACTIVE"),
        (5, "RENEW_FAILURE"),
        (6, "STOPPED"),
        (7, "DEACTIVATED"),
        (8, "UNPAID"),
        (9, "INCOMPLETE"),
    ],
)
def test_subscription_states(value: int, name: str) -> None:
    assert SubscriptionState(value).name == name


def test_unknown_enum_values_are_kept() -> None:
    # A partner call sets state 2, which the page never lists (L7658).
    sub = converter.structure({"state": 2}, Subscription)
    assert sub.state == 2
    assert not sub.state.is_known
    assert converter.unstructure(sub)["state"] == 2
    assert PaymentType(5).is_known is False
    assert PaymentType(3) is PaymentType.STRIPE
    assert CredentialType(8) is CredentialType.EMAIL
    assert [int(t) for t in CredentialType] == [5, 6, 7, 8, 9, 10]


def test_id_or_object_lists() -> None:
    group = converter.structure(
        {"id": "5", "releases": ["1", 2, {"id": "3", "title": "Three"}]}, ReleaseGroup
    )
    assert group.releases[:2] == ["1", "2"]
    third = group.releases[2]
    assert isinstance(third, Release) and third.title == "Three"
    banners = converter.structure({"id": "g", "banners": [{"id": "b1"}, "b2"]}, BannerGroup)
    assert [b if isinstance(b, str) else b.id for b in banners.banners] == ["b1", "b2"]
    unstructured = converter.unstructure(group)["releases"]
    assert unstructured[:2] == ["1", "2"]
    assert unstructured[2]["title"] == "Three"


def test_partner_activation_of_the_page() -> None:
    body = {
        "activation": {"id": "9001", "url": "https://a", "confirmation_url": "https://c"},
        "user": {"id": "5667", "was_user_created": True, "was_requested_password_applied": False},
    }
    result = converter.structure(body, PartnerActivation)
    assert result.activation.id == "9001"
    assert result.activation.confirmation_url == "https://c"
    assert result.user.was_user_created is True
    assert converter.unstructure(result) == body


def test_setup_intent_and_payment_methods() -> None:
    secret = "seti_dadd3b3c4989acb6f0ff1044a50b0974"
    intent = converter.structure(
        {"client_secret": secret, "setup_intent": {"payment_type": 3, "client_secret": secret}},
        SetupIntent,
    )
    assert intent.client_secret == secret
    assert secret not in repr(intent)
    methods = converter.structure(
        [{"reference": "pm_asdf9023jmkasdf02jkasdf"}], list[PaymentMethod]
    )
    assert methods == [PaymentMethod(reference="pm_asdf9023jmkasdf02jkasdf")]


def test_secrets_stay_out_of_reprs() -> None:
    context = converter.structure({"url": "https://idp", "handle": "HANDLE-SECRET"}, AuthContext)
    assert "HANDLE-SECRET" not in repr(context)
    stream = converter.structure(
        {"id": "1", "url": "https://cdn/x?sig=SIGNED", "type": "hls", "duration": 200}, Stream
    )
    assert "SIGNED" not in repr(stream)
    assert stream.duration == 200
    coupon = converter.structure({"code": "GIFT-CODE-1", "valid": True}, Coupon)
    assert "GIFT-CODE-1" not in repr(coupon)


def test_batch_items_keep_credentials_out_of_repr() -> None:
    # A subrequest's headers win over the batch's own Authorization (L1987), and its
    # body or its answer may carry a password or a setup intent's client secret.
    request = BatchRequest(
        method="PATCH",
        url="/v2/users/28392",
        body={"password": "PW-SECRET-1", "firstname": "Ada"},
        headers={"Authorization": "Bearer TOKEN-SECRET-1", "X-Base-Change": "12"},
    )
    shown = repr(request)
    assert "PW-SECRET-1" not in shown and "TOKEN-SECRET-1" not in shown
    assert "Ada" in shown and "X-Base-Change" in shown and "/v2/users/28392" in shown
    assert request.body == {"password": "PW-SECRET-1", "firstname": "Ada"}
    assert request.headers == {"Authorization": "Bearer TOKEN-SECRET-1", "X-Base-Change": "12"}
    answer = converter.structure(
        {"status": 200, "body": {"client_secret": "seti_SECRET_2"}, "headers": {"X-Change": 3}},
        BatchResponse,
    )
    assert "seti_SECRET_2" not in repr(answer)
    assert answer.body == {"client_secret": "seti_SECRET_2"} and answer.change_id == 3


def test_balance_amounts_are_exact() -> None:
    assert converter.structure({"currency": "XCS", "amount": 3600}, Balance).amount == Decimal(3600)
    assert converter.structure({"currency": "EUR", "amount": "9.90"}, Balance).amount == Decimal(
        "9.90"
    )


def test_batch_responses() -> None:
    # The page's batch answer (L5858-5868): entries in order, the failing one an entry.
    answers = converter.structure(
        [
            {"status": 200, "body": {"track": {"id": "1"}}, "headers": {"X-Change": 81}},
            {"status": 200, "body": {}, "headers": {"X-Change": "82"}},
            {"status": 208, "body": {}},
            {"status": 404, "body": {"error_description": "Not found"}},
        ],
        list[BatchResponse],
    )
    assert [(a.status, a.ok, a.change_id) for a in answers] == [
        (200, True, 81),
        (200, True, 82),
        (208, True, None),
        (404, False, None),
    ]
    result = SyncResult(pushed=answers, pulled=[], base_change_id=82)
    assert result.conflicts == [answers[2]]


@pytest.mark.parametrize(
    "value", [["82"], [82], [" 82 "]], ids=["text-in-list", "int-in-list", "spaced"]
)
def test_a_batch_x_change_may_come_as_a_header_bag_list(value: Any) -> None:
    # The page shows "X-Change": 82 (L5863); a PHP backend that copies a response's
    # header bag (Symfony's all(), PSR-7's getHeaders()) writes each value as a list.
    for name in ("X-Change", "x-change"):
        answer = converter.structure({"status": 200, "headers": {name: value}}, BatchResponse)
        assert answer.change_id == 82 and answer.headers == {name: value}  # kept as sent
        assert PushResult(results=[answer]).conflicts == []


@pytest.mark.parametrize(
    "value",
    [["81", "82"], [], [[82]], [None], 82.0, True, {"id": 82}, None],
    ids=["two", "none", "nested", "null-in-list", "float", "bool", "object", "null"],
)
@pytest.mark.parametrize("conv", [converter, strict_converter])
def test_a_batch_x_change_of_another_shape_is_a_decode_failure(
    conv: cattrs.Converter, value: Any
) -> None:
    # Not a silent None (which would count the accepted write as a conflict).
    with pytest.raises((TypeError, cattrs.BaseValidationError)) as info:
        conv.structure({"status": 200, "headers": {"X-Change": value}}, BatchResponse)
    described = describe_failure(info.value) or ""
    assert "BatchResponse.headers" in described and "X-Change" in described


def test_batch_headers_may_be_php_s_empty_map() -> None:
    answer = converter.structure({"status": 404, "body": {}, "headers": []}, BatchResponse)
    assert (answer.headers, answer.change_id) == ({}, None)


def test_change_records() -> None:
    change = converter.structure(
        {"id": 1, "method": "POST", "body": {"release": {"id": "123", "title": "x"}}}, Change
    )
    assert (change.id, change.method) == (1, "POST")
    assert change.entity_type == "release"
    assert change.entity_id == "123"
    assert change.entity == {"id": "123", "title": "x"}
    numeric = converter.structure(
        {"id": 2, "method": "DELETE", "body": {"track": {"id": 7}}}, Change
    )
    assert numeric.entity_id == "7"
