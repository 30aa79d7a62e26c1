"""The digit limit on money follows the process's own limit on writing an ``int`` as text.

``sys.set_int_max_str_digits`` (or ``PYTHONINTMAXSTRDIGITS``, ``-X int_max_str_digits``)
may lower Python's default of 4300 (down to 640). An amount between the two passed the
check and failed later in the JSON encoder (``Exceeds the limit (1000 digits) for
integer string conversion``), naming no argument: the failure the check exists to give
a clear message for.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import pytest

from beatkit._core.params import optional_money


@pytest.fixture
def lowered_limit() -> Iterator[None]:
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(1000)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(before)


@pytest.mark.usefixtures("lowered_limit")
def test_an_amount_past_a_lowered_limit_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"^amount is too long to send: 2001 digits"):
        json.dumps({"amount": optional_money("amount", "1e2000")})


@pytest.mark.usefixtures("lowered_limit")
def test_an_amount_within_a_lowered_limit_is_sent() -> None:
    assert json.dumps(optional_money("amount", "1e999")) == "1" + "0" * 999
    # Text (a value no float holds) is not an int: the int limit does not apply to it.
    assert optional_money("amount", "0." + "0" * 1500 + "1") == "0." + "0" * 1500 + "1"


def test_an_amount_below_one_counts_its_leading_zero() -> None:
    # "0." and 4300 decimals is 4301 digits written out: over the limit, as 4301 nines
    # are; 4299 decimals (4300 digits) are sent.
    with pytest.raises(ValueError, match=r"^amount is too long to send: 4301 digits"):
        optional_money("amount", "0." + "0" * 4299 + "1")
    assert optional_money("amount", "0." + "0" * 4298 + "1") == "0." + "0" * 4298 + "1"
