"""docs/quickstart.md's prose claims, checked against both BeatConnect clients and the package.

Each test quotes the claim it checks: what beatkit needs to install, what a list call
returns (a lazy pager honouring ``limit=``), what a model is (frozen, hashed by content,
``Decimal`` money, aware times), and that a wrong argument is a ``TypeError`` or
``ValueError`` before anything is sent. The page's code blocks run against the fake too.
"""

from __future__ import annotations

import asyncio
import re
import tomllib
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.errors import BeatkitError
from beatkit.testing import FakeBeatConnect

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "quickstart.md").read_text()


def sync_client(fake: FakeBeatConnect) -> BeatConnect:
    return BeatConnect(api_key=fake.api_key, http_client=httpx.Client(transport=fake.transport()))


def test_the_python_version_and_dependencies_are_the_packages() -> None:
    # "beatkit needs Python 3.11 or newer. It depends on httpx (0.28 or newer), attrs (24.1
    # or newer), cattrs, cryptography, authlib, tenacity and sniffio"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    requirements = dict(
        re.fullmatch(r"([A-Za-z0-9_.-]+)(.*)", item).groups()  # type: ignore[union-attr]
        for item in project["dependencies"]
    )
    assert set(requirements) == {
        "httpx",
        "attrs",
        "cattrs",
        "cryptography",
        "authlib",
        "tenacity",
        "sniffio",
    }
    assert requirements["httpx"] == ">=0.28"
    assert requirements["attrs"] == ">=24.1"


def test_the_first_calls_example_runs_against_the_fake(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The "First calls" block, with the API key from BEATCONNECT_API_KEY ("or set
    # BEATCONNECT_API_KEY") and the fake as transport.
    fake = FakeBeatConnect()
    monkeypatch.setenv("BEATCONNECT_API_KEY", fake.api_key)
    block = PAGE[PAGE.index("from beatkit import BeatConnect") :]
    block = block[: block.index("```")]
    block = block.replace(
        'BeatConnect(api_key="...")',
        "BeatConnect(http_client=httpx.Client(transport=fake.transport()))",
    )
    exec(compile(block, "quickstart.md", "exec"), {"httpx": httpx, "fake": fake})  # noqa: S102
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 20
    assert all(re.search(r" bpm  \$\d+\.\d\d$", line) for line in lines), lines[:3]


def test_the_async_example_runs_against_the_fake(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # "Every client has an async twin with the same methods" and its example.
    fake = FakeBeatConnect()
    monkeypatch.setenv("BEATCONNECT_API_KEY", fake.api_key)
    block = PAGE[PAGE.index("import asyncio\nfrom beatkit import AsyncBeatConnect") :]
    block = block[: block.index("```")]
    block = block.replace(
        "AsyncBeatConnect()",
        "AsyncBeatConnect(http_client=httpx.AsyncClient(transport=fake.transport()))",
    )
    exec(compile(block, "quickstart.md", "exec"), {"httpx": httpx, "fake": fake})  # noqa: S102
    assert len(capsys.readouterr().out.splitlines()) == 5


def test_a_list_call_fetches_nothing_until_iterated_then_page_by_page_up_to_limit() -> None:
    # "A list call returns a pager: nothing is fetched until you iterate, pages are fetched
    # as you go, and limit= stops after that many items."
    fake = FakeBeatConnect()
    with sync_client(fake) as bc:
        pager = bc.beats.list(limit=45)
        assert fake.requests == []
        items = iter(pager)
        next(items)
        assert len(fake.requests) == 1
        rest = list(items)
    assert len(rest) + 1 == 45
    assert len(fake.requests) > 1


def test_the_async_pager_is_as_lazy_and_honours_limit() -> None:
    fake = FakeBeatConnect()

    async def main() -> list[Any]:
        transport = fake.transport()
        async with AsyncBeatConnect(
            api_key=fake.api_key, http_client=httpx.AsyncClient(transport=transport)
        ) as bc:
            pager = bc.beats.list(genre=1, limit=7)
            assert fake.requests == []
            return [beat async for beat in pager]

    beats = asyncio.run(main())
    assert len(beats) == 7
    assert {beat.genre.id for beat in beats if beat.genre is not None} == {1}


def test_a_model_is_frozen_evolve_copies_and_its_hash_follows_its_lists() -> None:
    # "Every result is a typed, frozen model: its attributes cannot be reassigned
    # (attrs.evolve makes a changed copy). A field holding several values (order.items) is
    # a plain list or dict, though, and a model is hashed by its content: change one in
    # place and the model changes, its hash too (one kept in a set ... is then lost there).
    # Money is a Decimal, times are timezone-aware datetimes."
    fake = FakeBeatConnect()
    with sync_client(fake) as bc:
        order = next(iter(bc.orders.list(limit=1)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        order.total = Decimal(0)  # type: ignore[misc]
    copy = attrs.evolve(order, total=Decimal("1.00"))
    assert (copy.total, order.total != Decimal("1.00")) == (Decimal("1.00"), True)
    assert type(order.items) is list
    assert isinstance(order.total, Decimal)
    assert isinstance(order.created_at, datetime)
    assert order.created_at.utcoffset() is not None
    before, kept = hash(order), {order}
    order.items.append(order.items[0])
    assert hash(order) != before
    assert order not in kept


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda bc: bc.beats.get("1234"), TypeError),
        (lambda bc: bc.beats.get(True), TypeError),
        (lambda bc: list(bc.beats.list(genre="amapiano")), TypeError),
        (lambda bc: list(bc.beats.list(limit=-1)), ValueError),
    ],
)
def test_a_wrong_argument_is_a_type_or_value_error_before_anything_is_sent(
    call: Any, error: type[Exception]
) -> None:
    # "Errors are exceptions from beatkit.errors (catch BeatkitError for all of them),
    # except a wrong argument, which raises TypeError or ValueError before anything is sent"
    fake = FakeBeatConnect()
    with sync_client(fake) as bc, pytest.raises(error) as caught:
        call(bc)
    assert not isinstance(caught.value, BeatkitError)
    assert fake.requests == []


def test_an_api_error_is_a_beatkit_error() -> None:
    # "Errors are exceptions from beatkit.errors (catch BeatkitError for all of them)"
    fake = FakeBeatConnect()
    with sync_client(fake) as bc, pytest.raises(BeatkitError):
        bc.beats.get(99999)


MONEY_FIELDS = {
    "price",
    "exclusive_price",
    "base_price",
    "platform_fee",
    "total_amount",
    "total_price",
    "discount_amount",
    "final_amount",
    "amount",
}


def test_money_is_a_decimal_but_for_a_beat_technology_charge_amount() -> None:
    # "Money is a Decimal (but for a Beat Technology Charge.amount, which the API defines
    # as an integer)"
    import importlib
    import inspect
    import typing

    from beatkit._core.model import Model
    from beatkit.beatport.models import Price

    assert typing.get_type_hints(Price)["value"] is Decimal
    integers: list[str] = []
    checked = 0
    for service in ("beatport", "beatpass", "beatconnect", "beattech"):
        module = importlib.import_module(f"beatkit.{service}.models")
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and issubclass(cls, Model)):
                continue
            if cls.__module__ != module.__name__:
                continue
            for field, kind in typing.get_type_hints(cls).items():
                if field not in MONEY_FIELDS:
                    continue
                checked += 1
                allowed = set(typing.get_args(kind)) - {type(None)}
                if allowed == {int}:
                    integers.append(f"{service}.{name}.{field}")
                else:
                    assert allowed <= {Decimal, Price}, (service, name, field, kind)
    assert checked > 10
    assert integers == ["beattech.Charge.amount"]
