"""The verdict says what the figures mean, without contradicting them."""

from __future__ import annotations

import pytest

from mlmasters.models.roi.results import NpvSummary
from mlmasters.models.roi.verdict import verdict
from mlmasters.present import chance, plural
from mlmasters.present import signed_money as money


def head(mean: float, p_loss: float, p10: float = -50_000.0, be: int | None = 9,
         fin: float | None = 80_000.0) -> NpvSummary:  # fmt: skip
    return NpvSummary(
        basis="after-tax", npv_mean_usd=mean, npv_p10_usd=p10, npv_p50_usd=mean,
        npv_p90_usd=mean * 2, p_loss=p_loss, npv_p50_finishers_usd=fin, irr_p50=None,
        breakeven_year=be,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("mean", "p_loss", "says", "never"),
    [
        (200_000.0, 0.2, "most likely pays", "gamble"),
        (100_000.0, 0.55, "gamble that pays on average", "most likely pays"),
        (-80_000.0, 0.8, "most likely costs money", "pays:"),
        (-20_000.0, 0.3, "costs on average", "most likely"),
        (2_000.0, 0.5, "about even", "most likely"),
    ],
)
def test_the_lead_agrees_with_the_chance_of_a_loss(
    mean: float, p_loss: float, says: str, never: str
) -> None:
    text = verdict(head(mean, p_loss), 30.0, 0.0, "part-time")
    assert says in text and never not in text
    assert chance(p_loss) in text and "1 in 10 outcomes" in text


def test_months_bridge_break_even_and_plurals() -> None:
    text = verdict(head(50_000.0, 0.3, be=1), 61.0, 12.0, "full-time")
    assert "about 1 year after you start" in text
    assert "about 61 months, including 12 months of bridge courses first" in text
    assert "studying full-time" in text
    never = verdict(head(-50_000.0, 0.9, be=None), 24.0, 0.0, None)
    assert "not be back to even" in never
    assert plural(1, "year") == "1 year" and plural(2, "month") == "2 months"
    assert money(-1234.0) == "-$1,200" and money(40.0) == "$0"
    assert chance(0.004) == "<1%" and chance(0.996) == ">99%"
