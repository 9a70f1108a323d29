"""FREOPP mode: a worked example computed by hand, and the method's explicit inputs."""

from __future__ import annotations

import pytest

from mlmasters.errors import InputError
from mlmasters.models.roi.freopp import FreoppInputs, freopp_roi


def test_worked_example_by_hand() -> None:
    """A one-year program started at 23, tuition $20,000, completion 80%.

    Earnings with the degree $70,000 and without it $60,000 at every age (one anchor each,
    flat), career through age 64: 65 - 23 = 42 years, year 1 enrolled.

    Cash flows (end of year): year 1: -20,000 tuition - 60,000 forgone = -80,000;
    years 2..42: +10,000.  With v = 1/1.03:

        1.03^41 = e^(41 x 0.0295588) = e^1.211911 = 3.35990;  1.03^-41 = 0.297628
        annuity a(41) = (1 - 0.297628) / 0.03 = 23.41240
        lifetime earnings increase = 10,000 x 23.41240 / 1.03      = 227,305
        forgone pay = 60,000 / 1.03 = 58,252;  tuition = 20,000 / 1.03 = 19,417
        ROI if completed  = 227,305 - 58,252 - 19,417               = 149,635
        ROI if dropped out = -(0.5 x 80,000) / 1.03                 = -38,835
        ROI = 0.8 x 149,635 + 0.2 x (-38,835) = 119,708 - 7,767     = 111,941
    """
    r = freopp_roi(
        FreoppInputs(
            age_at_start=23,
            program_years=1,
            tuition_per_year_usd=20_000,
            completion_rate=0.8,
            earnings_with_degree={"graduation": 70_000},
            earnings_counterfactual={"graduation": 60_000},
        )
    )
    assert len(r.cash_flows_completed) == 42
    assert r.cash_flows_completed[0] == -80_000 and r.cash_flows_completed[1] == 10_000
    assert r.earnings_increase_after_graduation_usd == pytest.approx(227_305, abs=2)
    # FREOPP's "lifetime earnings increase" nets out the pay forgone while enrolled
    assert r.lifetime_earnings_increase_usd == pytest.approx(227_305 - 58_252, abs=3)
    assert r.forgone_earnings_usd == pytest.approx(58_252, abs=1)
    assert r.tuition_usd == pytest.approx(19_417, abs=1)
    assert r.roi_completed_usd == pytest.approx(149_635, abs=2)
    assert r.roi_dropout_usd == pytest.approx(-38_835, abs=1)
    assert r.roi_usd == pytest.approx(111_941, abs=2)


def test_anchor_ages_are_linear_between_and_flat_outside() -> None:
    r = freopp_roi(
        FreoppInputs(
            age_at_start=24,
            program_years=2,
            tuition_per_year_usd=30_000,
            completion_rate=0.66,
            earnings_with_degree={"graduation": 80_000, "30": 100_000},
            earnings_counterfactual={"graduation": 60_000, "30": 70_000},
        )
    )
    # enrolled at 24 and 25 (forgone: counterfactual flat before its first anchor at 26)
    assert r.cash_flows_completed[:2] == [-90_000, -90_000]
    # at 26: 80,000 - 60,000; at 27: 85,000 - 62,500; from 30 on: 30,000
    assert r.cash_flows_completed[2:4] == [20_000, 22_500]
    assert r.cash_flows_completed[6:] == [30_000] * (len(r.cash_flows_completed) - 6)
    # dropouts: half of each program year's cost, nothing after
    assert r.cash_flows_dropout[:3] == [-45_000, -45_000, 0]
    assert r.roi_usd == pytest.approx(0.66 * r.roi_completed_usd + 0.34 * r.roi_dropout_usd)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"discount_rate": -1.0}, "discount_rate"),
        ({"tuition_per_year_usd": -5}, "tuition_per_year_usd"),
        ({"program_years": 0}, "program_years"),
        ({"earnings_with_degree": {"old": 1.0}}, "earnings_with_degree.old"),
    ],
)
def test_bad_inputs_are_named(change: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "age_at_start": 30,
        "program_years": 2,
        "tuition_per_year_usd": 10_000,
        "completion_rate": 0.5,
        "earnings_with_degree": {"graduation": 1.0},
        "earnings_counterfactual": {"graduation": 1.0},
    }
    from pydantic import ValidationError

    with pytest.raises((InputError, ValidationError)) as exc:
        freopp_roi(FreoppInputs.model_validate(base | change))
    assert field.split(".")[0] in str(exc.value)
