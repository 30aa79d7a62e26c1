"""An amount written with more digits than a JSON number carries is refused at once,
naming the argument.

Before, ``optional_money`` (coupon amounts, track prices) and the BeatPass free-form
fields turned a whole ``Decimal`` into an ``int`` before any size check: nine characters
a shop's form passes on, ``"1e999999"``, kept the process busy for a minute building
an int of a million digits (``"1e9999999"``, for hours), and ``"1e5000"`` got as far as
the JSON encoder, whose ``Exceeds the limit (4300 digits)`` named no argument. A tiny
amount (``Decimal("1e-5000")``) was sent as 5000 characters of zeros.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from beatkit._core.params import json_number, optional_money
from beatkit.beatpass.request_fields import json_value


@pytest.mark.parametrize(
    "amount",
    ["1e5000", Decimal("1E+4300"), "9" * 4301, Decimal("1e-5000"), "0." + "0" * 4300 + "1"],
    ids=["1e5000", "1E+4300", "4301-nines", "1e-5000", "4301-decimals"],
)
def test_an_amount_too_long_to_write_is_refused(amount: object) -> None:
    with pytest.raises(ValueError, match=r"^amount ") as info:
        optional_money("amount", amount)
    message = str(info.value)
    assert "digits" in message and len(message) < 200, message


@pytest.mark.parametrize(
    ("amount", "sent"),
    [
        (Decimal("0E+999999"), "0"),  # zero, however it is written
        (Decimal("-0E-999999"), "0"),
        ("9" * 4300, "9" * 4300),  # the longest int the encoder writes
        (Decimal("1E+4299"), "1" + "0" * 4299),
        (Decimal("49.99"), "49.99"),
    ],
    ids=["0E+999999", "-0E-999999", "4300-nines", "1E+4299", "49.99"],
)
def test_amounts_up_to_the_limit_are_sent_as_before(amount: object, sent: str) -> None:
    assert json.dumps(optional_money("amount", amount)) == sent


def test_json_number_names_what_it_refuses() -> None:
    with pytest.raises(ValueError, match=r"^price .*digits"):
        json_number(Decimal("1E+5000"), "price")
    with pytest.raises(ValueError, match=r"^data\['fee'\] .*digits"):
        json_value("data", {"fee": Decimal("1E+5000")})


def test_a_huge_exponent_is_refused_without_building_the_number() -> None:
    # In a child process, so that a regression fails this test instead of hanging the run.
    code = textwrap.dedent(
        """
        from decimal import Decimal
        from beatkit._core.params import optional_money
        from beatkit.beatpass.request_fields import json_value
        for call in (
            lambda: optional_money("amount", "1e9999999"),
            lambda: optional_money("amount", Decimal("-1E+999999999")),
            lambda: json_value("fee", Decimal("1E+999999999")),
            lambda: json_value("fee", Decimal("1E-999999999")),
        ):
            try:
                call()
            except ValueError as exc:
                print(str(exc).split()[0])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["amount", "amount", "fee", "fee"]
