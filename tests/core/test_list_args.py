"""A list method's ``**pages`` bundle, turned into the keywords of ``_list``."""

from __future__ import annotations

import pytest

from beatkit._core.operation import ListArgs, RequestOptions, paged_call
from beatkit._core.pagination import PageData, PageNumberPaging

PAGING = PageNumberPaging(extract=lambda body: PageData(items=[]))
TAKES = frozenset({"page", "per_page", "limit", "options"})


def test_limit_and_options_pass_through_beside_the_checked_query() -> None:
    options = RequestOptions(timeout=3)
    pages: ListArgs = {"limit": 5, "options": options}
    call = paged_call(PAGING, {"page": 2}, pages, TAKES)
    assert call == {"paging": PAGING, "params": {"page": 2}, "limit": 5, "options": options}


def test_absent_limit_and_options_are_none() -> None:
    call = paged_call(PAGING, {}, {}, TAKES)
    assert call["limit"] is None and call["options"] is None


def test_a_keyword_the_list_does_not_take_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'pag' \(a list takes "):
        paged_call(PAGING, {}, {"pag": 2}, TAKES)
