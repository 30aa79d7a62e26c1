# GENERATED from tests/core/_async/test_client_values.py by scripts/unasync.py: edit the async source.
"""Clients, resources and pagers as Python values: ``repr`` shows no secret, and a copy
or pickle is refused with a clear error instead of a half-working client.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator, Callable
from typing import Any

import httpx
import pytest

from beatkit.beatconnect import BeatConnect
from beatkit.beatpass import BeatPass
from beatkit.beatport import Beatport
from beatkit.beattech import BeatTech
from beatkit.errors import ConfigurationError
from beatkit.testing.beatconnect import FakeBeatConnect

# A base URL with credentials in its userinfo and its query (a proxy or a gateway that
# takes a key), and the secrets given to the clients themselves.
BASE = "https://gateway-user:GATEWAY-PASSWORD@api.example.com/v2?api_key=QUERY-KEY&region=eu"
SECRETS = (
    "GATEWAY-PASSWORD",
    "QUERY-KEY",
    "API-KEY-SECRET",
    "CLIENT-SECRET",
    "PARTNER-SECRET",
    "LCP-PASSWORD",
    "ACCESS-SECRET",
)


def _clients() -> list[Any]:
    return [
        BeatConnect("API-KEY-SECRET", base_url=BASE),
        BeatPass("ACCESS-SECRET", base_url=BASE),
        Beatport("client-id", token="ACCESS-SECRET", base_url=BASE),
        BeatTech(
            "tenant",
            client_id="client-id",
            client_secret="CLIENT-SECRET",
            token="ACCESS-SECRET",
            partner_client_id="partner",
            partner_client_secret="PARTNER-SECRET",
            lcp_credentials=("lcp-user", "LCP-PASSWORD"),
            base_url=BASE,
        ),
    ]


@pytest.fixture
def clients() -> Iterator[list[Any]]:
    made = _clients()
    yield made
    for client in made:
        client.close()


def _shown(client: Any) -> list[Any]:
    """The client and the objects hanging off it that a user may print."""
    shown = [client]
    for name in ("app", "auth", "beats", "tracks"):
        if hasattr(client, name):
            shown.append(getattr(client, name))
    return shown


def test_repr_shows_the_host_but_no_secret(clients: list[Any]) -> None:
    for client in clients:
        for obj in _shown(client):
            text = repr(obj)
            for secret in SECRETS:
                assert secret not in text, (type(obj).__name__, text)
        assert "api.example.com/v2" in repr(client)
        assert "gateway-user" not in repr(client)
        assert "region=eu" in repr(client)


def test_str_of_the_base_url_property_is_unchanged(clients: list[Any]) -> None:
    # The property is the URL the client really uses; only its display is redacted.
    assert "GATEWAY-PASSWORD" in str(clients[0].base_url)


def _unpickle(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj))  # noqa: S301


COPIES: list[Callable[[Any], Any]] = [copy.copy, copy.deepcopy, _unpickle]


@pytest.mark.parametrize("make_copy", COPIES, ids=["copy", "deepcopy", "pickle"])
def test_a_client_refuses_to_be_copied_or_pickled(
    clients: list[Any], make_copy: Callable[[Any], Any]
) -> None:
    for client in clients:
        name = type(client).__name__
        with pytest.raises(TypeError, match=rf"^{name} cannot be copied or pickled: .*new client"):
            make_copy(client)


@pytest.mark.parametrize("make_copy", COPIES, ids=["copy", "deepcopy", "pickle"])
def test_resources_refuse_to_be_copied_or_pickled(
    clients: list[Any], make_copy: Callable[[Any], Any]
) -> None:
    for client in clients:
        for resource in _shown(client)[1:]:
            name = type(resource).__name__
            with pytest.raises(TypeError, match=rf"^{name} cannot be copied or pickled"):
                make_copy(resource)


@pytest.mark.parametrize("make_copy", COPIES, ids=["copy", "deepcopy", "pickle"])
def test_a_pager_refuses_to_be_copied_or_pickled(
    clients: list[Any], make_copy: Callable[[Any], Any]
) -> None:
    pager = clients[0].beats.list(limit=5)
    assert repr(pager) == f"<{type(pager).__name__} beats.list limit=5>"
    with pytest.raises(TypeError, match=r"cannot be copied or pickled: .*to_list\(\)"):
        make_copy(pager)


@pytest.mark.parametrize(
    "base_url",
    [
        "ftp://gateway-user:GATEWAY-PASSWORD@api.example.com/v2",
        "api.example.com/v2?api_key=QUERY-KEY",
    ],
)
def test_a_refused_base_url_is_quoted_without_its_secrets(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url must be an absolute") as info:
        BeatConnect("API-KEY-SECRET", base_url=base_url)
    for text in (str(info.value), repr(info.value), repr(info.value.args)):
        for secret in SECRETS:
            assert secret not in text


@pytest.mark.parametrize("make_copy", COPIES, ids=["copy", "deepcopy", "pickle"])
def test_a_page_copies_and_pickles_as_its_data(make_copy: Callable[[Any], Any]) -> None:
    # A page of results is data a user may hand to another process; the request for
    # the next page (hooks that cannot be pickled) stays with the pager that made it.
    fake = FakeBeatConnect()
    with BeatConnect(
        fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as client:
        page = client.beats.list(per_page=5).first_page()
    assert page.has_next and page.next_operation is not None
    other = make_copy(page)
    assert type(other) is type(page)
    assert other == page
    assert (other.items, other.total, other.has_next) == (page.items, page.total, True)
    assert other.next_operation is None
