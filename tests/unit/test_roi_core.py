"""The vectorised core: closed form = year-by-year flows = numpy_financial; IRR; properties
of the causal model (the person's own path x e^premium, bridge first, plan's own draws)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlmasters.models.roi import closed_form as C
from mlmasters.models.roi import engine as E
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.draws import Scenario, draw_common
from mlmasters.models.scenario import ttd_for

N = 400


def scen(**kw: object) -> Scenario:
    base = Scenario(salary_usd=80_000.0, horizon_years=35)
    return dataclasses.replace(base, **kw)


def progs(premium: float = 0.15, tuition: float = 40_000.0, loan: float = 1.0) -> P.Programs:
    return P.Programs(
        premium=np.array([premium]),
        premium_sd=np.array([0.1]),
        tuition_usd=np.array([tuition]),
        loan_factor=np.array([loan]),
    )


TTD = ttd_for(24.0, "full-time", False, 6.0, 3.0)
PLAN = E.Plan(TTD)
DRAWS = draw_common(N, 7)


def plan_for(s: Scenario, bridge_years: float = 0.0) -> E.Plan:
    return E.Plan(TTD, bridge_years, s.full_time, s.salary_kept)


def run(p: P.Programs, s: Scenario, net: P.NetFn | None = None, bridge: float = 0.0) -> E.SingleRun:
    return E.run_single(p, plan_for(s, bridge), DRAWS, s, net)


def closed(s: Scenario, p: P.Programs, bridge: float = 0.0) -> np.ndarray:
    plan = plan_for(s, bridge)
    s = plan.scenario(s)
    t = P.growth_tables(DRAWS, s)
    terms = plan.terms(t, DRAWS, s)
    return C.npv_matrix(p, np.zeros(1, dtype=np.int64), terms, DRAWS, s)[0]


def gain(s: Scenario, p: P.Programs) -> np.ndarray:
    """The pay the degree adds after it is finished (discounted), per draw."""
    plan = plan_for(s)
    s = plan.scenario(s)
    t = P.growth_tables(DRAWS, s)
    terms = plan.terms(t, DRAWS, s)
    lv = P.wage_paths(terms, p, np.zeros(1, dtype=np.int64), DRAWS, s)[0]
    return np.asarray((lv - s.salary_usd) * terms.post)


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
        {"premium_shift": -0.3, "discount_rate": 0.07},  # a draw below the old path
    ],
)
def test_closed_form_equals_yearly_flows_and_numpy_financial(kw: dict[str, object]) -> None:
    s = scen(**kw)
    p = progs(loan=1.1)
    for bridge in (0.0, 1.5):
        r = run(p, s, bridge=bridge)
        np.testing.assert_allclose(closed(s, p, bridge), r.npv_pre, rtol=1e-9, atol=1e-6)
        for i in range(0, N, 40):  # numpy_financial: values[0] is at t = 0, ours at t = 1
            ref = npf.npv(s.discount_rate, np.concatenate([[0.0], r.flows_pre[i]]))
            assert r.npv_pre[i] == pytest.approx(ref, rel=1e-9, abs=1e-6)


def test_irr_solves_npv_zero() -> None:
    r = run(progs(premium=0.4), scen())
    checked = 0
    for i in range(N):
        f = r.flows_pre[i]
        if P.sign_changes(f[None, :])[0] == 1 and (f > 0).any():
            x = P.irr(f[None, :])[0]
            if not math.isfinite(x):
                continue
            assert npf.npv(x, np.concatenate([[0.0], f])) == pytest.approx(0.0, abs=1e-3)
            assert x == pytest.approx(npf.irr(np.concatenate([[0.0], f])), abs=1e-6)
            checked += 1
    assert checked > 50
    # not defined (never -100%): nothing back, no cost, nothing at all, two sign changes
    for flows in ([-1.0, -2.0], [0.0, 5.0], [0.0, 0.0, 0.0], [-1.0, 3.0, -5.0]):
        assert math.isnan(P.irr(np.array([flows]))[0])


def test_breakeven_and_order_stats() -> None:
    assert P.breakeven_year(np.array([-5.0, -1.0, 2.0, 3.0])) == 3
    assert P.breakeven_year(np.array([-5.0, 1.0, -1.0, 3.0])) == 4
    assert P.breakeven_year(np.array([-5.0, -1.0])) is None
    # never before the degree is finished (here in year 3.5 -> year 4)
    assert P.breakeven_year(np.array([0.0, 0.0, 1.0, 3.0, 4.0]), earliest=3.5) == 4
    assert P.breakeven_year(np.array([-1.0, 1.0]), earliest=3.0) is None
    x = np.arange(101, dtype=np.float64)[::-1]
    assert list(P.order_stats(x)) == [10.0, 50.0, 90.0]


def test_after_tax_is_below_pre_tax_gain_and_tax_reduces_forgone_pay() -> None:
    s = scen()
    r = run(progs(premium=0.6), s, progressive_net)
    assert r.npv_after is not None
    gainers = r.npv_pre > 0
    assert (r.npv_after[gainers] < r.npv_pre[gainers]).all()
    drop = ~r.terms.completed  # dropouts only lose pay (after tax: less) and tuition
    assert drop.any() and (r.npv_after[drop] >= r.npv_pre[drop] - 1e-6).all()


def flat_net(x: np.ndarray) -> np.ndarray:
    return np.asarray(0.7 * x)


money = st.floats(min_value=0, max_value=400_000, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(t1=money, t2=money, prem=st.floats(-0.3, 1.0), sal=st.floats(10_000, 300_000))
def test_more_tuition_never_raises_npv(t1: float, t2: float, prem: float, sal: float) -> None:
    lo, hi = sorted((t1, t2))
    s = scen(salary_usd=sal)
    a, b = closed(s, progs(prem, lo)), closed(s, progs(prem, hi))
    assert (b <= a + 1e-6).all()


@settings(max_examples=40, deadline=None)
@given(b1=st.floats(-0.3, 1.0), b2=st.floats(-0.3, 1.0), sal=st.floats(0, 300_000))
def test_a_higher_premium_never_lowers_npv(b1: float, b2: float, sal: float) -> None:
    lo, hi = sorted((b1, b2))
    for kept in (0.0, 1.0):  # quit to study or keep the job (never floored at it)
        s = scen(salary_usd=sal, full_time=kept == 0.0, salary_kept=kept)
        assert (closed(s, progs(hi)) >= closed(s, progs(lo)) - 1e-6).all()
    s = scen(salary_usd=sal)
    a = run(progs(lo), s, progressive_net).npv_after
    b = run(progs(hi), s, progressive_net).npv_after
    assert a is not None and b is not None and (b >= a - 1e-6).all()


# -- an honest centre: the person-to-person spread is mean-preserving --------------------------
WIDE = draw_common(20_000, 11)


def spread_npv(b: float, sd: float, s: Scenario, centred: bool = True) -> np.ndarray:
    """Pre-tax NPV per draw of one program whose premium estimate is ``b`` with spread ``sd``,
    through ``analysis.programs_array`` (the centre ``b - sd^2 / 2`` the model uses)."""
    from types import SimpleNamespace

    from mlmasters.models.roi.analysis import programs_array

    row = SimpleNamespace(premium_mean=b, premium_sd=sd, tuition_usd=40_000.0, loan_factor=1.0)
    p = programs_array([row])  # type: ignore[list-item]
    if not centred:
        p = dataclasses.replace(p, premium=np.array([b]))
    plan = plan_for(s)
    s = plan.scenario(s)
    t = P.growth_tables(WIDE, s)
    terms = plan.terms(t, WIDE, s)
    return np.asarray(C.npv_matrix(p, np.zeros(1, dtype=np.int64), terms, WIDE, s)[0])


def _noise(x: np.ndarray) -> float:
    """Four standard errors of the mean of ``x`` (the Monte Carlo noise allowed)."""
    return 4.0 * float(np.std(x)) / math.sqrt(x.size)


@settings(max_examples=25, deadline=None)
@given(
    b=st.floats(-0.2, 0.6),
    sd1=st.floats(0.0, 0.4),
    sd2=st.floats(0.0, 0.4),
    kept=st.booleans(),
    sal=st.floats(20_000, 300_000),
)
def test_a_wider_spread_never_raises_the_mean_npv(
    b: float, sd1: float, sd2: float, kept: bool, sal: float
) -> None:
    """Same draws, more person-to-person spread: the mean NPV does not rise beyond Monte Carlo
    noise (the draws are mean-preserving and never floored at the old path)."""
    lo, hi = sorted((sd1, sd2))
    s = scen(salary_usd=sal, full_time=not kept, salary_kept=1.0 if kept else 0.0)
    a, c = spread_npv(b, lo, s), spread_npv(b, hi, s)
    diff = c - a  # per draw: only the premium's spread differs
    assert float(np.mean(c)) <= float(np.mean(a)) + _noise(diff) + 1e-6
    assert abs(float(np.mean(diff))) <= _noise(diff) + 1e-6
    # the draws' average pay rise is the estimate e^b - 1 whatever the spread
    rise = np.exp(b - 0.5 * hi**2 + hi * WIDE.z_premium)
    assert float(np.mean(rise)) == pytest.approx(math.exp(b), abs=_noise(rise) + 1e-12)


def test_the_spread_test_would_catch_an_uncentred_draw() -> None:
    """Without the centre ``b - sd^2 / 2`` the mean rises with the spread, well beyond the
    noise the property allows."""
    s = scen()
    a, c = spread_npv(0.1, 0.0, s, centred=False), spread_npv(0.1, 0.4, s, centred=False)
    assert float(np.mean(c - a)) > _noise(c - a)


@settings(max_examples=40, deadline=None)
@given(g1=st.floats(-0.02, 0.05), g2=st.floats(-0.02, 0.05), prem=st.floats(0.25, 0.5))
def test_more_wage_growth_never_lowers_the_gain(g1: float, g2: float, prem: float) -> None:
    lo, hi = sorted((g1, g2))
    a, b = gain(scen(growth_mean=lo), progs(prem)), gain(scen(growth_mean=hi), progs(prem))
    assert b.mean() >= a.mean() - 1e-6  # on average (a draw's own effect may be below zero)
    keep = {"full_time": False, "salary_kept": 1.0}  # draw by draw when the job is kept
    a = gain(scen(growth_mean=lo, **keep), progs(prem))
    b = gain(scen(growth_mean=hi, **keep), progs(prem))
    # no floor at the old path: more growth magnifies each draw's gain or loss
    assert (np.sign(a) == np.sign(b)).all()
    assert (np.abs(b) >= np.abs(a) - 1e-6).all()
    assert (b[a > 0] >= a[a > 0] - 1e-6).all()


@settings(max_examples=40, deadline=None)
@given(s1=st.floats(1_000, 400_000), s2=st.floats(1_000, 400_000), prem=st.floats(0.25, 0.5))
def test_the_dollar_gain_rises_with_current_pay(s1: float, s2: float, prem: float) -> None:
    """The same premium is worth more dollars to someone paid more (the gain is a share of
    their own pay, not a graduate median that replaces it)."""
    lo, hi = sorted((s1, s2))
    a, b = gain(scen(salary_usd=lo), progs(prem)), gain(scen(salary_usd=hi), progs(prem))
    assert b.mean() >= a.mean() - 1e-6
    keep = {"full_time": False, "salary_kept": 1.0}
    a = gain(scen(salary_usd=lo, **keep), progs(prem))
    b = gain(scen(salary_usd=hi, **keep), progs(prem))
    # a share of their own pay, never floored: each draw's gain or loss scales with pay
    np.testing.assert_allclose(b, a * (hi / lo), rtol=1e-9, atol=1e-6)


def test_bridge_courses_delay_the_degree_and_cost_time() -> None:
    s = scen(full_time=False, salary_kept=1.0)
    p = progs(premium=0.3)
    no_bridge, bridge = run(p, s), run(p, s, bridge=4.0)
    assert bridge.terms.study_years.min() >= 4.0
    assert float(np.mean(closed(s, p, 4.0))) < float(np.mean(closed(s, p)))
    mid = int(np.abs(bridge.npv_pre - np.median(bridge.npv_pre)).argmin())
    summary = E.summarize(bridge.npv_pre, bridge.flows_pre, bridge.discount, bridge.terms)
    if summary.breakeven is not None and bridge.terms.completed[mid]:
        assert summary.breakeven >= math.ceil(bridge.terms.study_years[mid])
    assert no_bridge.terms.study_years.min() < 4.0


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0, 1), prem=st.floats(-0.3, 1.0), tuition=money)
def test_p_loss_is_a_probability(p: float, prem: float, tuition: float) -> None:
    arrays = E.run_catalog(
        progs(prem, tuition), np.zeros(1, dtype=np.int64), [PLAN], DRAWS,
        scen(completion_prob=p), workers=1,
    )  # fmt: skip
    assert 0.0 <= arrays.p_loss[0] <= 1.0
    assert arrays.p10[0] <= arrays.p50[0] <= arrays.p90[0]


def test_completion_zero_means_no_gain() -> None:
    s = scen(completion_prob=0.0)
    for prem in (0.05, 1.0):
        npv = closed(s, progs(prem))
        assert (npv <= 0).all()
    np.testing.assert_allclose(closed(s, progs(0.05)), closed(s, progs(1.0)))
    assert (closed(scen(completion_prob=0.0), progs(tuition=0.0)) <= 0).all()


def test_catalog_matches_single_program_and_common_random_numbers() -> None:
    s = scen()
    p = P.Programs(
        premium=np.array([0.05, 0.2, 0.2]),
        premium_sd=np.array([0.1, 0.1, 0.1]),
        tuition_usd=np.array([10_000.0, 60_000.0, 60_000.0]),
        loan_factor=np.ones(3),
    )
    arrays = E.run_catalog(p, np.zeros(3, dtype=np.int64), [PLAN], DRAWS, s, workers=2,
                           chunk_elements=N)  # fmt: skip
    single = closed(s, progs(0.2, 60_000.0))
    q = P.order_stats(single)
    assert arrays.p50[1] == pytest.approx(q[1], rel=1e-5)
    assert arrays.p50[1] == arrays.p50[2] and arrays.p_loss[1] == arrays.p_loss[2]
    assert arrays.p_loss[1] == pytest.approx(float(np.mean(single < 0)))


def test_same_seed_same_draws() -> None:
    a, b, c = draw_common(50, 3), draw_common(50, 3), draw_common(50, 4)
    np.testing.assert_array_equal(a.z_premium, b.z_premium)
    assert not np.array_equal(a.z_premium, c.z_premium)


@pytest.mark.parametrize(
    "kw",
    [{}, {"full_time": False, "salary_kept": 1.0, "employer_support_usd": 5_000.0},
     {"premium_shift": -0.3}, {"search_months": 0.0},
     {"switch_prob": 0.5, "switch_log_gain": 0.2}],
)  # fmt: skip
def test_fast_after_tax_catalog_matches_year_by_year(kw: dict[str, object]) -> None:
    from mlmasters.models.roi import aftertax as A

    s = scen(**kw)
    p = P.Programs(
        premium=np.array([0.0, 0.12, 0.5]),
        premium_sd=np.array([0.05, 0.1, 0.2]),
        tuition_usd=np.array([5_000.0, 40_000.0, 90_000.0]),
        loan_factor=np.array([1.0, 1.1, 1.0]),
    )
    t = P.growth_tables(DRAWS, s)
    terms = plan_for(s, 0.5).terms(t, DRAWS, s)
    idx = np.arange(3, dtype=np.int64)
    table = A.PostTable(t, progressive_net, *A.level_bounds(s))
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


# -- speed without changing a figure: chunked after-tax values, caches ----------------------
def _progs3() -> P.Programs:
    return P.Programs(
        premium=np.array([-0.05, 0.12, 0.4]),
        premium_sd=np.array([0.05, 0.1, 0.2]),
        tuition_usd=np.array([5_000.0, 40_000.0, 90_000.0]),
        loan_factor=np.array([1.0, 1.1, 1.0]),
    )


@pytest.mark.parametrize(
    "kw",
    [{}, {"premium_shift": -0.3}, {"full_time": False, "salary_kept": 0.8},
     {"switch_prob": 0.5, "switch_log_gain": 0.3, "employer_support_usd": 5_000.0}],
)  # fmt: skip
def test_plan_values_on_the_programs_nodes_equal_the_full_table(kw: dict[str, object]) -> None:
    """``plan_taxes`` (draws in chunks, only the grid nodes the programs can read) gives the
    same after-tax NPVs, bit for bit, as ``PlanTax`` on the whole ``PostTable``."""
    from mlmasters.models.roi import aftertax as A

    s = scen(**kw)
    p, idx = _progs3(), np.arange(3, dtype=np.int64)
    t = P.growth_tables(DRAWS, s)
    lo, hi = A.level_bounds(s)
    step, _ = A.level_nodes(lo, hi)
    table = A.PostTable(t, progressive_net, lo, hi)
    terms = [plan_for(s, b).terms(t, DRAWS, s) for b in (0.0, 0.5)]
    ranges = [A.node_range(p, idx, tm, DRAWS, s, lo, step) for tm in terms]
    klo = np.min([r[0] for r in ranges], axis=0)
    khi = np.max([r[1] for r in ranges], axis=0)
    fast = A.plan_taxes(t, progressive_net, lo, hi, [(tm, s) for tm in terms], klo, khi, 2)
    every = A.plan_taxes(t, progressive_net, lo, hi, [(tm, s) for tm in terms])
    for tm, f, e in zip(terms, fast, every, strict=True):
        ref = A.PlanTax(t, table, tm, s, progressive_net)
        np.testing.assert_array_equal(e.grid, ref.grid)
        np.testing.assert_array_equal(f.dropout, ref.dropout)
        want = A.after_tax_matrix(ref, p, idx, tm, DRAWS, s)
        np.testing.assert_array_equal(A.after_tax_matrix(f, p, idx, tm, DRAWS, s), want)
        assert A.covers(f, *A.node_range(p, idx[1:2], tm, DRAWS, s, lo, step))


def _catalog(s: Scenario, net: P.NetFn, seed: int = 7, workers: int = 1) -> E.CatalogArrays:
    plans = [plan_for(s), plan_for(s, 0.5)]
    plan_of = np.array([0, 1, 0], dtype=np.int64)
    return E.run_catalog(_progs3(), plan_of, plans, draw_common(N, seed), s, net, workers=workers)


def _same(a: E.CatalogArrays, b: E.CatalogArrays) -> bool:
    return all(
        np.array_equal(getattr(a, f.name), getattr(b, f.name), equal_nan=True)
        for f in dataclasses.fields(a)
    )


def test_tax_cache_same_seed_same_result_and_nothing_leaks_between_people() -> None:
    def flat_net(x: np.ndarray) -> np.ndarray:
        return np.asarray(0.7 * x)

    a, b = scen(), scen(salary_usd=120_000.0)
    E.TAX_CACHE.clear()
    fresh = {
        "a": _catalog(a, progressive_net),
        "a seed 8": _catalog(a, progressive_net, seed=8),
        "b": _catalog(b, progressive_net),
        "a flat": _catalog(a, flat_net),
    }
    cases = [("a", a, progressive_net, 7), ("a seed 8", a, progressive_net, 8),
             ("b", b, progressive_net, 7), ("a flat", a, flat_net, 7)]  # fmt: skip
    for key, s, net, seed in cases:
        E.TAX_CACHE.clear()
        alone = _catalog(s, net, seed, workers=2)
        assert _same(alone, fresh[key]), key  # the cache filled by others changes nothing
        assert _same(_catalog(s, net, seed), alone), key  # from the cache: the same
    assert len(E.TAX_CACHE) > 0
    assert not _same(fresh["a"], fresh["b"]) and not _same(fresh["a"], fresh["a flat"])
    assert not _same(fresh["a"], fresh["a seed 8"])
    # one program after the catalog (the program page) reads the same figures
    one = E.run_catalog(_progs3(), np.zeros(3, dtype=np.int64), [plan_for(a)], DRAWS, a,
                        progressive_net)  # fmt: skip
    E.TAX_CACHE.clear()
    p1 = P.Programs(*(np.asarray(getattr(_progs3(), f.name))[1:2]
                      for f in dataclasses.fields(P.Programs)))  # fmt: skip
    page = E.run_catalog(p1, np.zeros(1, dtype=np.int64), [plan_for(a)], DRAWS, a,
                         progressive_net)  # fmt: skip
    for f in dataclasses.fields(page):
        np.testing.assert_array_equal(getattr(page, f.name), getattr(one, f.name)[1:2])


def test_tuition_and_premium_what_ifs_reuse_the_plans_tax_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plan's after-tax values do not depend on the tuition or premium what-ifs (they move
    only the nodes a program reads): such a what-if finds the plan's entry and gives the
    figures of a fresh computation, bit for bit."""
    from mlmasters.models.roi import aftertax as A

    base = scen()
    _catalog(base, progressive_net)
    built: list[int] = []
    real = A.plan_taxes

    def counting(*a: object, **k: object) -> list[A.PlanTax]:
        built.append(1)
        return real(*a, **k)  # type: ignore[arg-type]

    for change in ({"tuition_scale": 1.3}, {"premium_scale": 1.2}, {"premium_shift": 0.02}):
        what = dataclasses.replace(base, **change)
        E.TAX_CACHE.clear()
        fresh = _catalog(what, progressive_net)
        E.TAX_CACHE.clear()
        _catalog(base, progressive_net)
        with monkeypatch.context() as m:
            m.setattr(A, "plan_taxes", counting)
            again = _catalog(what, progressive_net)
        assert _same(again, fresh), change
        if change == {"tuition_scale": 1.3}:
            assert not built  # the same nodes: the entry as it is


def test_tax_cache_stays_within_its_budget() -> None:
    from mlmasters.models.roi import aftertax as A

    s = scen()
    t = P.growth_tables(DRAWS, s)
    tax = A.plan_taxes(t, progressive_net, *A.level_bounds(s), [(PLAN.terms(t, DRAWS, s), s)])[0]
    cache = E.TaxCache(3 * tax.nbytes)
    owner = object()
    for k in range(5):
        cache.put(("k", k), owner, tax)
    assert len(cache) == 3 and cache.get(("k", 0), owner) is None
    assert cache.get(("k", 4), owner) is tax and cache.get(("k", 4), object()) is None


def test_plans_kept_per_plan_inputs_equal_fresh_plans(small_service: object) -> None:
    """People who share plan inputs share plans; the kept plans equal fresh ones, and a person
    whose plan inputs differ gets their own."""
    from mlmasters.models import scenario as S
    from mlmasters.models.roi.results import parse_options
    from mlmasters.profile import Profile

    svc: Any = small_service
    fit = svc.roi_premium_fit
    people = [
        Profile(age=30, current_salary_usd=90_000, state="WA"),
        Profile(age=30, current_salary_usd=140_000, state="WA"),  # same plan inputs
        Profile(age=30, current_salary_usd=90_000, state="TX", hours_per_week=6),
        Profile(age=30, state="WA", must_keep_working=False, wants_thesis=True,
                specializations=["nlp"], background={"linear_algebra": 0}),
        Profile(age=30, current_salary_usd=90_000, state="WA", enrollment_mode="part-time"),
    ]  # fmt: skip

    def resolve(prof: Profile) -> list[object]:
        person = svc.roi_person(prof, parse_options({}))
        out: list[object] = []
        for p in svc.catalog.programs:
            r = S.try_resolve_program(person, p, fit)
            out.append(r if isinstance(r, S.ProgramScenario) else (type(r), r.message))
        return out

    S.clear_caches()
    kept = [resolve(p) for p in people]  # the second shares the first's plans
    for prof, want in zip(people, kept, strict=True):
        S.clear_caches()
        assert resolve(prof) == want
    assert kept[0] != kept[2] and kept[0] != kept[3]
