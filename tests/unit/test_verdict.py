"""The verdict says what the figures mean, without contradicting them: at most two sentences,
each figure named by its statistic (median of all outcomes, median if you finish), the second
saying what decides this program; break-even said of the median of all outcomes only."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlmasters.models.roi.results import NpvSummary
from mlmasters.models.roi.verdict import EVEN_USD, back_to_even, verdict
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


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.) (?=[A-Z])", text) if s]


@pytest.mark.parametrize(
    ("p50", "p_loss", "says"),
    [(200_000.0, 0.2, "is +$200,000"), (-80_000.0, 0.8, "is -$80,000"),
     (2_000.0, 0.49, "is about even (+$2,000)"), (-3_000.0, 0.51, "is about even (-$3,000)")],
)  # fmt: skip
def test_the_lead_is_the_median_of_all_outcomes_and_the_chance_ahead(
    p50: float, p_loss: float, says: str
) -> None:
    h = head(p50, p_loss)
    first = sentences(verdict(h, 30.0, 0.0, "part-time"))[0]
    assert first.startswith("Studying part-time, the median of all outcomes " + says)
    assert f"{chance(h.p_ahead)} of outcomes leave you ahead or even" in first


def test_the_second_sentence_says_what_decides_from_the_programs_own_figures() -> None:
    """Two programs with the same median read differently when what decides them differs."""
    dropping = verdict(head(20_000.0, 0.4, drop=0.3, fin=60_000.0), 30.0, 0.0, None)
    short = verdict(head(20_000.0, 0.4, drop=0.1, fin=60_000.0), 30.0, 0.0, None)
    assert dropping != short
    assert sentences(dropping)[1] == (
        f"Finishing decides it: if you finish (about 30 months) the median is {money(60_000.0)}, "
        f"and {chance(0.3)} of outcomes lose money by leaving early."
    )
    assert sentences(short)[1].startswith("The pay rise decides it: even if you finish")
    assert f"{chance(0.3)} of outcomes gain less than the degree cost" in sentences(short)[1]
    safe = verdict(head(90_000.0, 0.0, fin=100_000.0), 30.0, 0.0, None)
    assert sentences(safe)[1] == f"If you finish (about 30 months), the median is {money(1e5)}."


def test_no_mean_and_no_break_even_in_the_verdict() -> None:
    """The mean and back-to-even are in the figure boxes, each labelled; the verdict names
    only the medians, so it cannot pair a finisher's figure with everyone's break-even."""
    text = verdict(head(-717.0, 0.55, mean=109_362.0, be=None), 30.0, 12.0, "part-time")
    assert "mean" not in text and "average" not in text and "back to even" not in text
    assert "about 30 months, 12 months of them bridge courses" in text
    assert "gamble" not in text and "typical" not in text


@settings(max_examples=60, deadline=None)
@given(
    p50=st.floats(-500_000, 500_000),
    p_loss=st.floats(0.0, 1.0),
    share=st.floats(0.0, 1.0),
    fin=st.one_of(st.none(), st.floats(-500_000, 900_000)),
    be=st.one_of(st.none(), st.integers(1, 40)),
)
def test_the_sentences_never_contradict_the_figures(
    p50: float, p_loss: float, share: float, fin: float | None, be: int | None
) -> None:
    if be is None and p50 >= EVEN_USD:  # a positive median draw always gets back to even
        be = 5
    h = head(p50, p_loss, be=be, drop=p_loss * share, fin=fin)
    text = verdict(h, 24.0, 0.0, None)
    parts = sentences(text)
    assert 1 <= len(parts) <= 2
    amount = f"about even ({money(p50)})" if abs(p50) < EVEN_USD else money(p50)
    assert parts[0].startswith(f"The median of all outcomes is {amount} over")
    assert f"{chance(1.0 - p_loss)} of outcomes leave you ahead or even" in parts[0]
    if fin is not None:
        assert money(fin) in parts[1]
    even = back_to_even(h)
    if be is not None:
        assert even == f"year {be}"
    elif p50 <= -EVEN_USD:
        assert even == "not within your career"
    else:
        assert even.startswith("about even")


def test_months_bridge_and_plurals() -> None:
    text = verdict(head(50_000.0, 0.3, be=1), 61.0, 12.0, "full-time")
    assert "about 61 months, 12 months of them bridge courses" in text
    assert text.startswith("Studying full-time, the median")
    assert plural(1, "year") == "1 year" and plural(2, "month") == "2 months"
    assert money(-1234.0) == "-$1,200" and money(40.0) == "$0"
    assert chance(0.004) == "<1%" and chance(0.996) == ">99%"
