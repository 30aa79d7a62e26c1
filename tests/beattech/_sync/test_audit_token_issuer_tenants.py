# GENERATED from tests/beattech/_async/test_audit_token_issuer_tenants.py by scripts/unasync.py: edit the async source.
"""A stored token goes only to the API host (token endpoint, client) that issued it.

One ``store=`` or ``app_store=`` shared by clients of two Beat Technology tenants
(``fabel`` and ``skoobe``) sent tenant A's bearer token to tenant B's API host, and its
refresh token to B's token endpoint: a ``Token`` did not record who issued it. A token
a manager obtains now records its issuer (the token endpoint and the client id), and a
manager ignores a stored token of another issuer, as if the store were empty.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.auth import MemoryTokenStore
from beatkit.beattech import BeatTech
from beatkit.errors import BeatkitError
from beatkit.testing import FakeBeatTech


class Recorder:
    """The requests (token requests included) a client sends to ``fake``."""

    def __init__(self, fake: FakeBeatTech) -> None:
        self.fake = fake
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> None:
        self.requests.append(request)


def client(fake: FakeBeatTech, recorder: Recorder, **options: object) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        http_client=httpx.Client(
            transport=fake.transport(), event_hooks={"request": [recorder]}
        ),
        **options,  # type: ignore[arg-type]
    )


def sent_bearers(recorder: Recorder) -> set[str]:
    return {
        r.headers["authorization"].removeprefix("Bearer ")
        for r in recorder.requests
        if r.headers.get("authorization", "").startswith("Bearer ")
    }


def tenants() -> tuple[FakeBeatTech, FakeBeatTech]:
    return (
        FakeBeatTech(tenant="fabel", client_id="a", client_secret="b"),
        FakeBeatTech(tenant="skoobe", client_id="a2", client_secret="b2", seed=7),
    )


def test_a_user_token_of_one_tenant_is_not_sent_to_another_on_the_same_store() -> None:
    fabel, skoobe = tenants()
    on_fabel, on_skoobe = Recorder(fabel), Recorder(skoobe)
    store = MemoryTokenStore()
    with client(fabel, on_fabel, store=store) as first:
        first.auth.login(fabel.username, fabel.password)
        token = first.auth.token
        assert token is not None
    with client(skoobe, on_skoobe, store=store) as second:
        # Another tenant's token is no token of this client's: not held, not sent.
        assert second.auth.token is None
        with pytest.raises(BeatkitError):
            second.users.get()
        assert second.auth.token is None
    assert token.access_token not in sent_bearers(on_skoobe)
    assert token.refresh_token is not None
    assert all(token.refresh_token.encode() not in r.content for r in on_skoobe.requests)
    # Nothing was lost: the store still holds fabel's token, which fabel's clients use.
    assert store.load() == token
    with client(fabel, on_fabel, store=store) as again:
        assert again.auth.token == token
        again.users.get()


def test_a_login_saved_by_another_tenant_later_is_not_taken_up() -> None:
    fabel, skoobe = tenants()
    on_fabel, on_skoobe = Recorder(fabel), Recorder(skoobe)
    store = MemoryTokenStore()
    with (
        client(fabel, on_fabel, store=store) as first,
        client(skoobe, on_skoobe, store=store) as second,
    ):
        # Started before any login: the token-less client reads the store on its call.
        first.auth.login(fabel.username, fabel.password)
        token = first.auth.token
        assert token is not None
        with pytest.raises(BeatkitError):
            second.users.get()
        assert second.auth.token is None
        with pytest.raises(BeatkitError):
            second.auth.refresh()
    assert token.access_token not in sent_bearers(on_skoobe)


def test_an_app_token_of_one_tenant_is_not_sent_to_another_on_the_same_app_store() -> None:
    fabel, skoobe = tenants()
    on_fabel, on_skoobe = Recorder(fabel), Recorder(skoobe)
    store = MemoryTokenStore()
    with client(fabel, on_fabel, app_store=store) as first:
        fabel_app = first.auth.app_token()
    with client(skoobe, on_skoobe, app_store=store) as second:
        skoobe_app = second.auth.app_token()
    assert skoobe_app.access_token != fabel_app.access_token
    assert fabel_app.access_token not in sent_bearers(on_skoobe)
    # skoobe fetched its own, from its own token endpoint, and saved it over fabel's.
    assert any(r.url.path.endswith("/oauth2/token") for r in on_skoobe.requests)
    assert store.load() == skoobe_app
