"""How figures read on the pages and in the report (Jinja filters)."""

from __future__ import annotations

import pytest

from mlmasters.cli.format import money as cli_money
from mlmasters.present import chance as _chance
from mlmasters.render.templates import _money
from mlmasters.web.program_page import what_if_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "unknown"),
        (0.0, "0%"),
        (0.004, "<1%"),
        (0.42, "42%"),
        (0.9999, ">99%"),
        (1.0, "100%"),
    ],
)
def test_chance_never_rounds_a_possibility_away(value: float | None, text: str) -> None:
    assert _chance(value) == text


def test_negative_money_puts_the_sign_before_the_dollar() -> None:
    assert _money(-6284.4) == "−$6,284"
    assert _money(-0.4) == "$0" and cli_money(-0.4) == "$0"
    assert _money(258800) == "$258,800"
    assert cli_money(-6284.4) == "-$6,284"
    assert cli_money(None) != "$0"


def test_what_if_values_read_as_money_and_percent() -> None:
    assert what_if_text(95000.0, "money") == "$95,000"
    assert what_if_text(0.011, "percent") == "1.1%"
    assert what_if_text(1.0, "times") == "1.00"
