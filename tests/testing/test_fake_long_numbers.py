"""Numbers longer than Python's int-from-text limit (4300 digits) in a path, a query or a
Range header are answered by each fake as its API answers an id or page too large,
never a ValueError out of the handler (a 500 over ``serve()``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech
from beatkit.testing._wire import to_int

LONG = "9" * 5000


def test_to_int_reads_any_run_of_digits() -> None:
    assert to_int("42") == 42
    assert to_int("-7") == -7
    assert to_int("0" * 5000 + "12") == 12
    assert to_int("9" * 4000) == int("9" * 4000)
    huge = to_int(LONG)
    assert huge > int("9" * 4000)
    assert to_int("-" + LONG) == -huge
    str(huge)  # still printable in an error message
    with pytest.raises(ValueError, match="invalid literal"):
        to_int("12a")


def _bc() -> tuple[Any, dict[str, str]]:
    fake = FakeBeatConnect()
    return fake, {"Authorization": f"Bearer {fake.api_key}"}


def _bpass() -> tuple[Any, dict[str, str]]:
    fake = FakeBeatPass()
    return fake, {"Authorization": f"Bearer {fake.token}"}


def _bport() -> tuple[Any, dict[str, str]]:
    fake = FakeBeatport()
    return fake, {"Authorization": f"Bearer {fake.issue_token()['access_token']}"}


def _tech() -> tuple[Any, dict[str, str]]:
    fake = FakeBeatTech()
    return fake, {"Authorization": f"Bearer {fake.issue_token(fake.user_id)['access_token']}"}


CASES = [
    (_bc, "GET", f"/beats/{LONG}", {}, {}, 404),
    (_bc, "GET", "/beats", {"page": LONG}, {}, 200),
    (_bc, "GET", "/orders", {"limit": LONG}, {}, 400),
    (_bpass, "GET", f"/tracks/{LONG}", {}, {}, 404),
    (_bpass, "DELETE", f"/playlists/{LONG}", {}, {}, 404),
    (_bpass, "GET", f"/artists/{LONG}", {}, {}, 404),
    (_bpass, "GET", "/tracks", {"page": LONG}, {}, 200),
    (_bpass, "GET", "/search", {"limit": LONG}, {}, 422),
    (_bport, "GET", f"/catalog/tracks/{LONG}/", {}, {}, 404),
    (_bport, "GET", "/catalog/tracks/", {"page": LONG}, {}, 404),
    (_bport, "GET", "/catalog/tracks/", {"per_page": LONG}, {}, 400),
    (_tech, "GET", "/products", {}, {"Range": f"products=0-{LONG}"}, None),
    (_tech, "GET", "/releases", {"query": "a"}, {"Range": f"releases={LONG}-{LONG}"}, 416),
]


@pytest.mark.parametrize(
    ("make", "method", "path", "params", "headers", "status"),
    CASES,
    ids=[f"{case[0].__name__[1:]}-{case[1]}-{case[2][:20]}-{sorted(case[3])}" for case in CASES],
)
def test_a_number_of_5000_digits_is_answered(
    make: Any,
    method: str,
    path: str,
    params: dict[str, str],
    headers: dict[str, str],
    status: int | None,
) -> None:
    fake, auth = make()
    request = httpx.Request(
        method, fake.base_url + path, params=params, headers={**auth, **headers}
    )
    response = fake.handle(request)
    assert response.status_code < 500
    if status is not None:
        assert response.status_code == status, response.text[:300]
    response.json()
