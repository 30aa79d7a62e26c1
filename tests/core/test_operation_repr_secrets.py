"""``repr`` of an ``Operation`` (a pager's ``Page.next_operation``, the local ``op`` a
traceback with its locals shows, Sentry's or rich's) never shows what the request
carries: a login body's password, an ``api_key`` query value, a gateway key header, a
gift card's code in the path."""

from __future__ import annotations

from typing import Any

from beatkit._core.operation import Operation
from beatkit._core.pagination import NextLinkPaging, PageData

SECRET = "sekret-7c1f9a2b"


def paged(body: Any) -> PageData:
    return PageData(items=[])


def test_an_operation_repr_names_what_it_carries_never_its_values() -> None:
    # Regression: attrs' repr printed every field, the password and the keys included.
    op = Operation(
        name="users.login",
        method="POST",
        path="/users/{code}",
        path_params={"code": SECRET},
        params={"api_key": SECRET, "page": 2},
        headers={"X-Api-Key": SECRET},
        json={"username": "ada", "password": SECRET},
        data={"refresh_token": SECRET},
        url=f"https://api.test/v1/users/{SECRET}?sig={SECRET}&page=2",
        result=Any,
        paging=NextLinkPaging(extract=paged),
        secrets=(SECRET,),
    )
    shown = repr(op)
    assert SECRET not in shown
    assert str(op) == shown
    assert shown.startswith("Operation(name='users.login', method='POST', path='/users/{code}'")
    for named in ("'code'", "'api_key'", "'page'", "'X-Api-Key'", "json=<dict>", "data=<dict>"):
        assert named in shown
    assert "paging=NextLinkPaging" in shown
    assert "https://api.test/v1/users/" in shown


def test_a_bare_operation_repr() -> None:
    op = Operation(name="beats.get", method="GET", path="/beats/1")
    assert repr(op) == "Operation(name='beats.get', method='GET', path='/beats/1')"
