"""Time to degree: calibration to CGS, determinism, properties and bad input."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from mlmasters.errors import InputError
from mlmasters.models.plan.calibration import (
    CGS_TARGETS,
    TOLERANCE_MONTHS,
    TOLERANCE_SHARE,
    reference_cohort_figures,
)
from mlmasters.models.plan.ttd import (
    TimeToDegreeSummary,
    TtdParams,
    sample_time_to_degree,
    time_to_degree,
)


def test_calibration_reproduces_the_cgs_curve() -> None:
    """The reference cohort reproduces every CGS figure: shares within 2 percentage points,
    medians within 1 month (tolerances stated in calibration.py and docs/plan.md)."""
    figures = reference_cohort_figures(draws=100_000, seed=7)
    for key, target in CGS_TARGETS.items():
        tol = TOLERANCE_MONTHS if key.startswith("median") else TOLERANCE_SHARE
        assert abs(figures[key] - target) <= tol, (key, figures[key], target)


def test_same_seed_same_result_and_contract_fields() -> None:
    a = time_to_degree(20.0, "part-time", thesis=False, seed=3, draws=3000)
    b = time_to_degree(20.0, "part-time", thesis=False, seed=3, draws=3000)
    assert a == b
    assert isinstance(a, TimeToDegreeSummary)
    assert sorted(a.p_finish_within_years) == [1, 2, 3, 4, 5, 6]
    assert a.months_p10 <= a.months_p50 <= a.months_p90
    assert a.months_p10 >= 20.0  # risk never makes the degree faster than planned
    assert 0 < a.months_to_attrition_mean < a.months_p90
    assert abs(a.p_no_degree - (1 - a.p_complete)) < 1e-12
    with pytest.raises(ValidationError):  # frozen
        a.p_complete = 1.0  # type: ignore[misc]


def test_no_risk_means_exactly_the_plan() -> None:
    calm = TtdParams(
        attrition_hazard_per_month=0,
        p_pause_per_term=0,
        p_course_lost=0,
        p_thesis_overrun=0,
    )
    s = time_to_degree(20.0, "part-time", False, draws=500, term_months=4.0, params=calm)
    assert s.p_complete == 1.0 and s.months_p10 == s.months_p90 == 20.0
    assert s.p_finish_within_years[1] == 0.0 and s.p_finish_within_years[2] == 1.0


def test_sampler_shapes_and_thesis_is_slower() -> None:
    rng = np.random.default_rng(0)
    months, done = sample_time_to_degree(np.array([12.0, 24.0, 36.0]), "full-time", False, rng)
    assert months.shape == done.shape == (3,)
    months, done = sample_time_to_degree(18.0, "full-time", False, rng, size=50)
    assert months.shape == (50,) and done.dtype == np.bool_
    plain = time_to_degree(24.0, "full-time", thesis=False, seed=1)
    thesis = time_to_degree(24.0, "full-time", thesis=True, seed=1)
    assert thesis.months_p50 >= plain.months_p50
    assert thesis.p_finish_within_years[2] < plain.p_finish_within_years[2]


@settings(max_examples=30, deadline=None)
@given(
    a=st.floats(min_value=3, max_value=100),
    b=st.floats(min_value=3, max_value=100),
    mode=st.sampled_from(["full-time", "part-time"]),
    thesis=st.booleans(),
)
def test_probabilities_bounded_monotone_and_longer_plans_never_finish_sooner(
    a: float, b: float, mode: str, thesis: bool
) -> None:
    short, long = sorted((a, b))
    s = time_to_degree(short, mode, thesis, seed=11, draws=1500)
    t = time_to_degree(long, mode, thesis, seed=11, draws=1500)
    for summary in (s, t):
        values = [summary.p_finish_within_years[y] for y in range(1, 7)]
        assert all(0.0 <= v <= 1.0 for v in [*values, summary.p_complete])
        assert values == sorted(values)  # monotone in N
        assert values[-1] <= summary.p_complete
    # Common random numbers: a longer plan is never more likely to be done by year N.
    for y in range(1, 7):
        assert t.p_finish_within_years[y] <= s.p_finish_within_years[y]
    assert t.p_complete <= s.p_complete


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"planned_months": 0.0}, "planned_months"),
        ({"planned_months": -5.0}, "planned_months"),
        ({"planned_months": float("nan")}, "planned_months"),
        ({"planned_months": 500.0}, "planned_months"),
        ({"mode": "sometimes"}, "mode"),
        ({"draws": 0}, "draws"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"planned_months": 20.0, "mode": "full-time", "thesis": False}
    args.update(kwargs)
    with pytest.raises(InputError) as exc:
        time_to_degree(**args)  # type: ignore[arg-type]
    assert any(p.field == field for p in exc.value.problems)


def test_the_completion_curve_runs_past_six_years_and_agrees_with_the_contract() -> None:
    s = time_to_degree(60.0, "part-time", thesis=False, seed=1, draws=4000)
    curve = s.p_finish_by_year
    assert len(curve) > 6  # a five-year plan's tail goes beyond the contract's six years
    assert all(a <= b for a, b in pairwise(curve))
    assert [curve[y - 1] for y in range(1, 7)] == [s.p_finish_within_years[y] for y in range(1, 7)]
    assert curve[-1] <= s.p_complete


# -- part-time and online completion (issue 22): a labelled range, not the campus curve -------
def test_part_time_or_online_completion_is_held_to_its_labelled_figure() -> None:
    from mlmasters.models.plan.ttd import (
        PART_TIME_COMPLETION,
        PART_TIME_COMPLETION_RANGE,
        completion_target,
    )
    from mlmasters.models.scenario import ttd_for

    lo, hi = PART_TIME_COMPLETION_RANGE
    assert lo <= PART_TIME_COMPLETION <= hi
    assert completion_target("part-time", False) == PART_TIME_COMPLETION
    assert completion_target("full-time", True) == PART_TIME_COMPLETION  # online
    assert completion_target("full-time", False) is None
    assert completion_target("full-time", None) is None
    n = 40_000
    for mode in ("part-time", "full-time"):
        base_m, base_c = sample_time_to_degree(30.0, mode, False, np.random.default_rng(4), size=n)
        m, c = sample_time_to_degree(
            30.0, mode, False, np.random.default_rng(4), size=n, completion=PART_TIME_COMPLETION
        )
        assert base_c.mean() > PART_TIME_COMPLETION + 0.02  # the campus curve is higher
        assert c.mean() == pytest.approx(PART_TIME_COMPLETION, abs=0.01)
        # only finishers leave (nobody finishes who did not), each before they would have
        # finished; everyone else's months are the same draws
        assert not (c & ~base_c).any()
        np.testing.assert_array_equal(m[c], base_m[c])
        np.testing.assert_array_equal(m[~base_c], base_m[~base_c])
        gone = base_c & ~c
        assert (m[gone] <= base_m[gone]).all()
    # a target above the curve changes nothing
    a = sample_time_to_degree(30.0, "part-time", False, np.random.default_rng(1), size=5000)
    b = sample_time_to_degree(
        30.0, "part-time", False, np.random.default_rng(1), size=5000, completion=0.999
    )
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    # the ROI model's plan distribution: online or part-time at the figure, campus full-time not
    online = ttd_for(24.0, "full-time", False, 4.0, 3.0, True)
    part = ttd_for(24.0, "part-time", False, 4.0, 1.0, False)
    campus = ttd_for(24.0, "full-time", False, 4.0, 3.0, False)
    for t in (online, part):
        assert t.p_complete == pytest.approx(PART_TIME_COMPLETION, abs=0.02)
    assert campus.p_complete > PART_TIME_COMPLETION + 0.02
