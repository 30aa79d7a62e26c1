"""Every callable operation of the list is a typed method of both facades, called by a test.

The tsv's callable rows are the keys of ``wire.PATHS`` (``test_wire.py`` checks that);
here each key is followed to the method a user calls, on ``BeatTech`` and on
``AsyncBeatTech``, and to a call of it in the tests against ``FakeBeatTech`` (the sync
tests are generated from the async ones, so the async sources are searched).
"""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import pytest

from beatkit import AsyncBeatTech, BeatTech
from beatkit.beattech.wire import PATHS

# Keys whose call is not ``bt.<key>``: the token endpoint is every login grant, the HEAD
# of the LCP status is a flag of its GET, the latest change id is part of bt.sync.
CALLS = {
    "auth.token": "auth.login",
    "auth.contexts": "auth.start_openid",
    "auth.codes": "auth.send_code",
    "lcp.license_status_head": "lcp.license_status",
    "users.latest_change": "sync.latest_change_id",
}
TESTS = Path(__file__).parent / "_async"


def method(client: object, call: str) -> typing.Any:
    target = client
    for name in call.split("."):
        target = getattr(target, name)
    return target


@pytest.fixture(scope="module")
def clients() -> typing.Iterator[tuple[BeatTech, AsyncBeatTech]]:
    sync = BeatTech("fabel", client_id="id", client_secret="secret")
    yield sync, AsyncBeatTech("fabel", client_id="id", client_secret="secret")
    sync.close()


@pytest.mark.parametrize("key", sorted(PATHS))
def test_each_operation_is_a_typed_method_of_both_facades(
    key: str, clients: tuple[BeatTech, AsyncBeatTech]
) -> None:
    call = CALLS.get(key, key)
    sync, async_ = (method(client, call) for client in clients)
    for function in (sync, async_):
        hints = typing.get_type_hints(function)
        assert "return" in hints, f"{call} has no return type"
        untyped = [p for p in inspect.signature(function).parameters if p not in hints]
        assert untyped == [], f"{call}: untyped parameters {untyped}"
    # A list answers a pager (iterated, not awaited); everything else is a coroutine.
    pager = "Pager" in str(typing.get_type_hints(sync)["return"])
    assert inspect.iscoroutinefunction(async_) is not pager
    assert not inspect.iscoroutinefunction(sync)


def test_each_operation_is_called_by_a_test_against_the_fake() -> None:
    sources = "\n".join(path.read_text() for path in sorted(TESTS.glob("test_*.py")))
    uncalled = [
        key for key in PATHS
        if not re.search(r"\." + re.escape(CALLS.get(key, key)) + r"\(", sources)
    ]  # fmt: skip
    assert uncalled == []


def test_the_head_of_the_license_status_is_tested_as_such() -> None:
    sources = "\n".join(path.read_text() for path in sorted(TESTS.glob("test_*.py")))
    assert re.search(r"lcp\.license_status\([^)]*head=head", sources)


def test_the_deprecated_user_charge_takes_the_body_of_charges_create() -> None:
    # The page: POST /v2/users/{user_id}/charges takes "the same shape as the request body
    # of POST /v2/charges" (L7258): the alias's body parameters are typed as create's
    # (ChargeReason, ChargeEntityType, ChargeUnit), not as any text.
    from beatkit.beattech._async.commerce import AsyncCharges
    from beatkit.beattech._async.users import AsyncUsers

    create = inspect.signature(AsyncCharges.create).parameters
    alias = inspect.signature(AsyncUsers.charge).parameters
    assert list(alias) == list(create)
    for name, parameter in alias.items():
        if name not in ("self", "user_id"):
            assert parameter.annotation == create[name].annotation, name
