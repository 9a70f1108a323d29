"""The vectorised core: closed form = year-by-year flows = numpy_financial; IRR; properties."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlmasters.models.roi import engine as E
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.draws import Scenario, cgs_ttd, draw_common

RATIOS = (math.log(0.6), math.log(0.8), 0.0, math.log(1.25), math.log(1.5))
N = 400


def scen(**kw: object) -> Scenario:
    base = Scenario(salary_usd=80_000.0, wage_log_ratios=RATIOS, horizon_years=35)
    return dataclasses.replace(base, **kw)


def progs(center: float = 110_000.0, tuition: float = 40_000.0, loan: float = 1.0) -> P.Programs:
    return P.Programs(
        center_usd=np.array([center]),
        center_log_sd=np.array([0.1]),
        tuition_usd=np.array([tuition]),
        loan_factor=np.array([loan]),
    )


PLAN = E.Plan(cgs_ttd(24.0), 4.0)
DRAWS = draw_common(N, 7)


def closed(s: Scenario, p: P.Programs) -> np.ndarray:
    t = P.growth_tables(DRAWS, s)
    terms = P.plan_terms(t, DRAWS, s, PLAN.ttd, PLAN.measure_years)
    return P.npv_matrix(p, np.zeros(1, dtype=np.int64), terms, DRAWS, s)[0]


def progressive_net(x: np.ndarray) -> np.ndarray:
    """A simple progressive tax for the pure tests: 0% to 20k, 20% to 100k, 40% above."""
    tax = 0.2 * np.clip(x - 20_000, 0, 80_000) + 0.4 * np.maximum(x - 100_000, 0)
    return np.asarray(x - tax)


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"full_time": False, "salary_kept": 1.0},
        {"employer_support_usd": 15_000.0, "full_time": False, "salary_kept": 0.8},
        {"keep_better_path": False, "discount_rate": 0.07},
    ],
)
def test_closed_form_equals_yearly_flows_and_numpy_financial(kw: dict[str, object]) -> None:
    s = scen(**kw)
    p = progs(loan=1.1)
    run = E.run_single(p, PLAN, DRAWS, s, None)
    np.testing.assert_allclose(closed(s, p), run.npv_pre, rtol=1e-9, atol=1e-6)
    for i in range(0, N, 40):  # numpy_financial: values[0] is at t = 0, ours start at t = 1
        ref = npf.npv(s.discount_rate, np.concatenate([[0.0], run.flows_pre[i]]))
        assert run.npv_pre[i] == pytest.approx(ref, rel=1e-9, abs=1e-6)


def test_irr_solves_npv_zero() -> None:
    run = E.run_single(progs(center=160_000), PLAN, DRAWS, scen(), None)
    checked = 0
    for i in range(N):
        f = run.flows_pre[i]
        if (f > 0).any() and (f < 0).any():
            r = P.irr(f[None, :])[0]
            assert npf.npv(r, np.concatenate([[0.0], f])) == pytest.approx(0.0, abs=1e-3)
            assert r == pytest.approx(npf.irr(np.concatenate([[0.0], f])), abs=1e-6)
            checked += 1
    assert checked > 50
    assert P.irr(np.array([[-1.0, -2.0]]))[0] == -1.0  # nothing back
    assert math.isinf(P.irr(np.array([[0.0, 5.0]]))[0])  # no cost
    assert math.isnan(P.irr(np.zeros((1, 3)))[0])


def test_breakeven_and_order_stats() -> None:
    assert P.breakeven_year(np.array([-5.0, -1.0, 2.0, 3.0])) == 3
    assert P.breakeven_year(np.array([-5.0, 1.0, -1.0, 3.0])) == 4
    assert P.breakeven_year(np.array([-5.0, -1.0])) is None
    x = np.arange(101, dtype=np.float64)[::-1]
    assert list(P.order_stats(x)) == [10.0, 50.0, 90.0]


def test_after_tax_is_below_pre_tax_gain_and_tax_reduces_forgone_pay() -> None:
    s = scen()
    run = E.run_single(progs(center=200_000), PLAN, DRAWS, s, progressive_net)
    assert run.npv_after is not None
    gainers = run.npv_pre > 0
    assert (run.npv_after[gainers] < run.npv_pre[gainers]).all()
    drop = ~run.terms.completed  # dropouts only lose pay (after tax: less) and tuition
    assert drop.any() and (run.npv_after[drop] >= run.npv_pre[drop] - 1e-6).all()


def flat_net(x: np.ndarray) -> np.ndarray:
    return np.asarray(0.7 * x)


money = st.floats(min_value=0, max_value=400_000, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(t1=money, t2=money, center=st.floats(20_000, 400_000), sal=st.floats(10_000, 300_000))
def test_more_tuition_never_raises_npv(t1: float, t2: float, center: float, sal: float) -> None:
    lo, hi = sorted((t1, t2))
    s = scen(salary_usd=sal)
    a, b = closed(s, progs(center, lo)), closed(s, progs(center, hi))
    assert (b <= a + 1e-6).all()


@settings(max_examples=40, deadline=None)
@given(w1=st.floats(1_000, 500_000), w2=st.floats(1_000, 500_000), sal=st.floats(0, 300_000))
def test_higher_post_degree_wage_never_lowers_npv(w1: float, w2: float, sal: float) -> None:
    lo, hi = sorted((w1, w2))
    for keep in (True, False):
        s = scen(salary_usd=sal, keep_better_path=keep)
        assert (closed(s, progs(hi)) >= closed(s, progs(lo)) - 1e-6).all()
    s = scen(salary_usd=sal)
    a = E.run_single(progs(lo), PLAN, DRAWS, s, progressive_net).npv_after
    b = E.run_single(progs(hi), PLAN, DRAWS, s, progressive_net).npv_after
    assert a is not None and b is not None and (b >= a - 1e-6).all()


@settings(max_examples=40, deadline=None)
@given(s1=st.floats(0, 400_000), s2=st.floats(0, 400_000), ft=st.booleans())
def test_higher_current_salary_never_raises_npv(s1: float, s2: float, ft: bool) -> None:
    lo, hi = sorted((s1, s2))
    kw = {"full_time": ft, "salary_kept": 0.0 if ft else 1.0}
    a, b = closed(scen(salary_usd=lo, **kw), progs()), closed(scen(salary_usd=hi, **kw), progs())
    assert (b <= a + 1e-6).all()
    # After tax with a flat rate too. (With progressive brackets a dropout's part-year of lost
    # pay can cost slightly less after tax at a slightly higher salary, near a bracket edge:
    # N(S) - N(f S) is not monotone in S. That is the tax code, not the model.)
    na = E.run_single(progs(), PLAN, DRAWS, scen(salary_usd=lo, **kw), flat_net).npv_after
    nb = E.run_single(progs(), PLAN, DRAWS, scen(salary_usd=hi, **kw), flat_net).npv_after
    assert na is not None and nb is not None and (nb <= na + 1e-6).all()


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0, 1), center=st.floats(10_000, 500_000), tuition=money)
def test_p_loss_is_a_probability(p: float, center: float, tuition: float) -> None:
    arrays = E.run_catalog(
        progs(center, tuition), np.zeros(1, dtype=np.int64), [PLAN], DRAWS,
        scen(completion_prob=p), workers=1,
    )  # fmt: skip
    assert 0.0 <= arrays.p_loss[0] <= 1.0
    assert arrays.p10[0] <= arrays.p50[0] <= arrays.p90[0]


def test_completion_zero_means_no_gain() -> None:
    s = scen(completion_prob=0.0)
    for center in (50_000.0, 500_000.0):
        npv = closed(s, progs(center))
        assert (npv <= 0).all()
    np.testing.assert_allclose(closed(s, progs(50_000.0)), closed(s, progs(500_000.0)))
    assert (closed(scen(completion_prob=0.0), progs(tuition=0.0)) <= 0).all()


def test_catalog_matches_single_program_and_common_random_numbers() -> None:
    s = scen()
    p = P.Programs(
        center_usd=np.array([90_000.0, 130_000.0, 130_000.0]),
        center_log_sd=np.array([0.1, 0.1, 0.1]),
        tuition_usd=np.array([10_000.0, 60_000.0, 60_000.0]),
        loan_factor=np.ones(3),
    )
    arrays = E.run_catalog(p, np.zeros(3, dtype=np.int64), [PLAN], DRAWS, s, workers=2,
                           chunk_elements=N)  # fmt: skip
    single = closed(s, progs(130_000.0, 60_000.0))
    q = P.order_stats(single)
    assert arrays.p50[1] == pytest.approx(q[1], rel=1e-5)
    assert arrays.p50[1] == arrays.p50[2] and arrays.p_loss[1] == arrays.p_loss[2]
    assert arrays.p_loss[1] == pytest.approx(float(np.mean(single < 0)))


def test_same_seed_same_draws() -> None:
    a, b, c = draw_common(50, 3), draw_common(50, 3), draw_common(50, 4)
    np.testing.assert_array_equal(a.z_wage, b.z_wage)
    assert not np.array_equal(a.z_wage, c.z_wage)


@pytest.mark.parametrize(
    "kw",
    [{}, {"full_time": False, "salary_kept": 1.0, "employer_support_usd": 5_000.0},
     {"keep_better_path": False}, {"search_months": 0.0}],
)  # fmt: skip
def test_fast_after_tax_catalog_matches_year_by_year(kw: dict[str, object]) -> None:
    from mlmasters.models.roi import aftertax as A

    s = scen(**kw)
    p = P.Programs(
        center_usd=np.array([60_000.0, 110_000.0, 250_000.0]),
        center_log_sd=np.array([0.05, 0.1, 0.2]),
        tuition_usd=np.array([5_000.0, 40_000.0, 90_000.0]),
        loan_factor=np.array([1.0, 1.1, 1.0]),
    )
    t = P.growth_tables(DRAWS, s)
    terms = P.plan_terms(t, DRAWS, s, PLAN.ttd, PLAN.measure_years)
    idx = np.arange(3, dtype=np.int64)
    table = A.PostTable(t, progressive_net, *A.level_bounds(p, [terms], DRAWS, s))
    plan_tax = A.PlanTax(t, table, terms, s, progressive_net)
    fast = A.after_tax_matrix(plan_tax, p, idx, terms, DRAWS, s)
    levels = P.wage_paths(terms, p, idx, DRAWS, s)
    rows = np.arange(N, dtype=np.int64)
    for j in range(3):
        _, exact = P.yearly_cash_flows(t, rows, terms, levels[j], p.tuition_usd[j],
                                       p.loan_factor[j], s, progressive_net)  # fmt: skip
        assert exact is not None
        ref = exact @ t.d
        np.testing.assert_allclose(fast[j], ref, rtol=2e-3, atol=300.0)
