"""Every fake's constructor refuses a credential no client can use, as FakeBeatport's does.

``FakeBeatTech(client_id=5)`` built a fake that answered every token request
``401 invalid_client`` (no client sends 5), ``FakeBeatTech(client_secret="")`` one that
``BeatTech(...)`` refuses to be built against (a blank secret), and
``FakeBeatPass(email="", password="  ")`` a user nobody can log in as. They are refused
when the fake is made: ``TypeError`` for a value that is not a ``str``, ``ValueError``
for blank text (or a lone surrogate, which no request can carry); the message names the
argument, never its value. docs/testing.md says so in general again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech

SECRET = "s3cr3t\ud800"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "testing.md"

REFUSED: list[tuple[Callable[[], object], type[Exception], str]] = [
    (lambda: FakeBeatTech(client_id=5), TypeError, "client_id"),  # type: ignore[arg-type]
    (lambda: FakeBeatTech(client_id=None), TypeError, "client_id"),  # type: ignore[arg-type]
    (lambda: FakeBeatTech(client_id=""), ValueError, "client_id"),
    (lambda: FakeBeatTech(client_id=" \t"), ValueError, "client_id"),
    (lambda: FakeBeatTech(client_secret=""), ValueError, "client_secret"),
    (lambda: FakeBeatTech(client_secret=b"x"), TypeError, "client_secret"),  # type: ignore[arg-type]
    (lambda: FakeBeatTech(client_secret=SECRET), ValueError, "client_secret"),
    (lambda: FakeBeatTech(lcp_credentials=None), TypeError, "lcp_credentials"),  # type: ignore[arg-type]
    (lambda: FakeBeatTech(lcp_credentials="u:p"), TypeError, "lcp_credentials"),  # type: ignore[arg-type]
    (lambda: FakeBeatTech(lcp_credentials=("u", "p", "x")), ValueError, "lcp_credentials"),  # type: ignore[arg-type]
    (lambda: FakeBeatTech(lcp_credentials=("", "p")), ValueError, "lcp_credentials"),
    (lambda: FakeBeatTech(lcp_credentials=("u", " ")), ValueError, "lcp_credentials"),
    (lambda: FakeBeatTech(lcp_credentials=("u", 5)), TypeError, "lcp_credentials"),  # type: ignore[arg-type]
    (lambda: FakeBeatTech(lcp_credentials=("a:b", "p")), ValueError, "colon"),
    (lambda: FakeBeatPass(email=""), ValueError, "email"),
    (lambda: FakeBeatPass(email=5), TypeError, "email"),  # type: ignore[arg-type]
    (lambda: FakeBeatPass(password="  "), ValueError, "password"),
    (lambda: FakeBeatPass(password=None), TypeError, "password"),  # type: ignore[arg-type]
    (lambda: FakeBeatPass(password=SECRET), ValueError, "password"),
]


@pytest.mark.parametrize(("make", "error", "named"), REFUSED)
def test_a_fake_refuses_a_credential_no_client_can_use(
    make: Callable[[], object], error: type[Exception], named: str
) -> None:
    with pytest.raises(error, match=named) as info:
        make()
    assert "s3cr3t" not in str(info.value)


def test_the_credentials_a_fake_is_given_still_work() -> None:
    fake = FakeBeatTech(client_id="my-client", client_secret="my-secret")
    with BeatTech(
        client_id="my-client", client_secret="my-secret", base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:  # fmt: skip
        assert bt.auth.app_token().access_token
    beatpass = FakeBeatPass(email="me@example.com", password="pw")
    assert (beatpass.email, beatpass.password) == ("me@example.com", "pw")


def _prose() -> str:
    text = DOCS.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text)


def test_testing_md_says_every_fake_refuses_a_blank_credential_again() -> None:
    # Narrowed to a list of arguments while it was false; general again, and true: each
    # argument below is refused blank (ValueError) and of another type (TypeError).
    assert (
        "every key, token, password and client credential a fake's constructor takes is "
        "non-blank text" in _prose()
    )
    makers: list[Callable[[Any], object]] = [
        lambda v: FakeBeatConnect(api_key=v),
        lambda v: FakeBeatPass(token=v),
        lambda v: FakeBeatPass(email=v),
        lambda v: FakeBeatPass(password=v),
        lambda v: FakeBeatport(client_id=v),
        lambda v: FakeBeatport(username=v),
        lambda v: FakeBeatport(password=v),
        lambda v: FakeBeatTech(client_id=v),
        lambda v: FakeBeatTech(client_secret=v),
        lambda v: FakeBeatTech(lcp_credentials=(v, "p")),
        lambda v: FakeBeatTech(lcp_credentials=("u", v)),
    ]
    for make in makers:
        with pytest.raises(ValueError, match="blank"):
            make(" ")
        with pytest.raises(TypeError, match="must be a str"):
            make(7)


def test_testing_md_says_a_partners_move_cancels_the_old_activation() -> None:
    prose = _prose()
    users = prose[prose.index("**Users.** Every `users.*` operation is served.") :]
    users = users[: users.index("The subscription walkthrough")]
    assert (
        "A partner's activation of its user for another product ends the subscription to "
        "the old one and cancels the old activation" in users
    )
    fake = FakeBeatTech()
    partner = {"X-Auth-Client-Id": fake.client_id, "X-Auth-Client-Secret": fake.client_secret}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:

        def activate(product: str, **body: Any) -> Any:
            payload = {"partneruser": {"external_id": "P-1"}, "product": {"id": product}, **body}
            answer = http.post("/partnerusers/activations", json=payload, headers=partner)
            assert answer.status_code == 200, answer.text
            return answer.json()["activation"]["id"]

        old = activate("213", user={"email": "ada@example.com"})
        activate("214")
        ended = http.delete(f"/partnerusers/activations/{old}", headers=partner)
    assert ended.status_code == 400, ended.text
