"""The verdict says what the figures mean, without contradicting them: the median outcome and
the chance of coming out ahead first, the loss split by finishing, the mean labelled."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlmasters.models.roi.results import NpvSummary
from mlmasters.models.roi.verdict import EVEN_USD, verdict
from mlmasters.present import chance, plural
from mlmasters.present import signed_money as money


def head(
    p50: float, p_loss: float, mean: float | None = None, p10: float = -50_000.0,
    be: int | None = 9, fin: float | None = 80_000.0, drop: float | None = None,
) -> NpvSummary:  # fmt: skip
    drop = p_loss / 2 if drop is None else drop
    return NpvSummary(
        basis="after-tax", npv_mean_usd=p50 if mean is None else mean, npv_p10_usd=p10,
        npv_p50_usd=p50, npv_p90_usd=abs(p50) * 2 + 1, p_loss=p_loss, p_ahead=1.0 - p_loss,
        p_loss_not_finishing=drop, p_loss_finishing=p_loss - drop, npv_p50_finishers_usd=fin,
        irr_p50=None, breakeven_year=be,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("p50", "p_loss", "says", "never"),
    [
        (200_000.0, 0.2, "typical outcome gains", "loses"),
        (-80_000.0, 0.8, "typical outcome loses", "gains"),
        (2_000.0, 0.49, "roughly breaks even", "gains"),
        (-3_000.0, 0.51, "roughly breaks even", "loses"),
    ],
)
def test_the_lead_is_the_median_and_the_chance_of_coming_out_ahead(
    p50: float, p_loss: float, says: str, never: str
) -> None:
    h = head(p50, p_loss)
    text = verdict(h, 30.0, 0.0, "part-time")
    first = text.split(". ")[0]
    assert says in first and never not in first
    assert f"ahead in {chance(h.p_ahead)} of outcomes" in first
    assert money(h.npv_p10_usd) in first and money(h.npv_p90_usd) in first


def test_the_mean_is_labelled_and_never_leads() -> None:
    """A mean far above a negative median (the old "gamble that pays on average") is named as
    the average, after the median."""
    h = head(-717.0, 0.55, mean=109_362.0)
    text = verdict(h, 30.0, 0.0, "part-time")
    assert "The average over all outcomes is +$109,400." in text
    assert text.index("typical outcome") < text.index("average over all outcomes")
    assert "gamble" not in text and "pays on average" not in text


def test_the_loss_is_split_into_not_finishing_and_finishing() -> None:
    h = head(20_000.0, 0.4, drop=0.25, fin=60_000.0)
    text = verdict(h, 30.0, 0.0, "part-time")
    assert f"not finishing in {chance(0.25)} of outcomes" in text
    assert f"gaining less than it cost in {chance(0.15)}" in text
    assert f"if you finish, the typical outcome is {money(60_000.0)}" in text
    # no loss to split: only the finishers' median
    none = verdict(head(90_000.0, 0.0, fin=100_000.0), 30.0, 0.0, None)
    assert "a loss comes from" not in none.lower() and "If you finish" in none


@settings(max_examples=60, deadline=None)
@given(
    p50=st.floats(-500_000, 500_000),
    p_loss=st.floats(0.0, 1.0),
    share=st.floats(0.0, 1.0),
    mean=st.floats(-500_000, 1_000_000),
    be=st.one_of(st.none(), st.integers(1, 40)),
)
def test_the_sentences_never_contradict_the_figures(
    p50: float, p_loss: float, share: float, mean: float, be: int | None
) -> None:
    h = head(p50, p_loss, mean=mean, be=be, drop=p_loss * share)
    text = verdict(h, 24.0, 0.0, None)
    first = text.split(". ")[0]
    says = [w for w in ("gains", "loses", "roughly breaks even") if w in first]
    want = "roughly breaks even" if abs(p50) < EVEN_USD else "gains" if p50 > 0 else "loses"
    assert says == [want]
    assert f"ahead in {chance(1.0 - p_loss)}" in first
    assert f"The average over all outcomes is {money(mean)}." in text
    if be is not None:
        assert f"back to even about {plural(be, 'year')} after you start" in text
    elif p50 < 0:
        assert "not back to even" in text


def test_months_bridge_break_even_and_plurals() -> None:
    text = verdict(head(50_000.0, 0.3, be=1), 61.0, 12.0, "full-time")
    assert "about 1 year after you start" in text
    assert "about 61 months, including 12 months of bridge courses first" in text
    assert "studying full-time" in text
    never = verdict(head(-50_000.0, 0.9, be=None), 24.0, 0.0, None)
    assert "not back to even" in never
    assert plural(1, "year") == "1 year" and plural(2, "month") == "2 months"
    assert money(-1234.0) == "-$1,200" and money(40.0) == "$0"
    assert chance(0.004) == "<1%" and chance(0.996) == ">99%"
