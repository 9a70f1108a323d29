"""The catalog engine's shortcuts (issue 25) give the figures of the plain computation, bit
for bit: each program's median-draw level without the programs x draws square, and programs
that share a premium or every input computed once."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mlmasters.models.roi import engine as E
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.catalog_parts import paired_wage_levels
from mlmasters.models.roi.draws import Scenario, draw_common
from mlmasters.models.scenario import ttd_for

N = 300
DRAWS = draw_common(N, 11)
TTD = ttd_for(24.0, "full-time", False, 6.0, 3.0)


def _scen(**kw: object) -> Scenario:
    return dataclasses.replace(Scenario(salary_usd=85_000.0, horizon_years=30), **kw)


def _progs(n: int, seed: int = 3) -> P.Programs:
    rng = np.random.default_rng(seed)
    return P.Programs(
        premium=rng.choice([-0.05, 0.1, 0.25], n),
        premium_sd=rng.choice([0.05, 0.2], n),
        tuition_usd=rng.choice([8_000.0, 30_000.0, 70_000.0], n),
        loan_factor=rng.choice([1.0, 1.15], n),
    )


@pytest.mark.parametrize("kw", [{}, {"switch_prob": 0.5, "switch_log_gain": 0.3}])
def test_paired_levels_are_the_diagonal_of_the_wage_paths(kw: dict[str, object]) -> None:
    s = _scen(**kw)
    t = P.growth_tables(DRAWS, s)
    terms = E.Plan(TTD).terms(t, DRAWS, s)
    progs, idx = _progs(40), np.arange(40, dtype=np.int64)
    mid = np.random.default_rng(5).integers(0, N, 40)
    sub = dataclasses.replace(
        DRAWS, **{f.name: getattr(DRAWS, f.name)[mid] for f in dataclasses.fields(DRAWS)}
    )
    arrays = {f.name: getattr(terms, f.name) for f in dataclasses.fields(terms)}
    sub_terms = dataclasses.replace(
        terms, **{k: v[mid] for k, v in arrays.items() if isinstance(v, np.ndarray)}
    )
    want = np.diagonal(P.wage_paths(sub_terms, progs, idx, sub, s))
    np.testing.assert_array_equal(paired_wage_levels(sub_terms, progs, idx, sub, s), want)


def _net(x: np.ndarray) -> np.ndarray:
    """A progressive take-home function (piecewise linear, as the tax tables are)."""
    grid = np.array([0.0, 20_000.0, 80_000.0, 200_000.0, 1e6])
    kept = np.array([0.0, 18_000.0, 62_000.0, 140_000.0, 600_000.0])
    return np.asarray(np.interp(x, grid, kept), dtype=np.float64)


def _same(a: E.CatalogArrays, b: E.CatalogArrays, j: int, k: int = 0) -> None:
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name)[j], getattr(b, f.name)[k]
        assert x == y or (np.isnan(x) and np.isnan(y)), (f.name, j, x, y)


@pytest.mark.parametrize("taxed", [False, True])
@pytest.mark.parametrize("kw", [{}, {"employer_support_usd": 4_000.0}])
def test_a_program_in_the_catalog_has_its_figures_alone(taxed: bool, kw: dict[str, object]) -> None:
    """Programs sharing a premium (or every input) are computed once: each program's figures
    are still those it gets when it is the only program run, bit for bit."""
    s = _scen(**kw)
    progs = _progs(30)
    plans = [E.Plan(TTD), E.Plan(TTD, 0.5)]
    plan_of = np.random.default_rng(9).integers(0, 2, 30)
    net = _net if taxed else None
    E.TAX_CACHE.clear()
    first, twin = E.distinct_programs(progs, plan_of)
    assert first.size < progs.n  # the sample has twins
    assert np.array_equal(progs.tuition_usd[first][twin], progs.tuition_usd)
    whole = E.run_catalog(progs, plan_of, plans, DRAWS, s, net, workers=2)
    for j in range(progs.n):
        E.TAX_CACHE.clear()
        one = P.Programs(*(getattr(progs, f.name)[j : j + 1] for f in dataclasses.fields(progs)))
        alone = E.run_catalog(one, plan_of[j : j + 1], plans, DRAWS, s, net, workers=1)
        _same(whole, alone, j)


def test_each_plan_taxed_on_its_own_nodes_gives_the_same_npvs() -> None:
    """``plan_taxes`` with each plan's own node range keeps fewer nodes and gives its
    programs the NPVs of the shared range, bit for bit."""
    from mlmasters.models.roi import aftertax as A

    s = _scen(full_time=False, salary_kept=0.8)
    t = P.growth_tables(DRAWS, s)
    lo, hi = A.level_bounds(s)
    step, _ = A.level_nodes(lo, hi)
    progs = _progs(12)
    terms = [E.Plan(TTD, b).terms(t, DRAWS, s) for b in (0.0, 0.5)]
    members = [np.arange(0, 10, dtype=np.int64), np.array([11], dtype=np.int64)]
    pairs = zip(members, terms, strict=True)
    ranges = [A.node_range(progs, m, tm, DRAWS, s, lo, step) for m, tm in pairs]
    klo = np.min([r[0] for r in ranges], axis=0)
    khi = np.max([r[1] for r in ranges], axis=0)
    plans = [(tm, s) for tm in terms]
    shared = A.plan_taxes(t, _net, lo, hi, plans, klo, khi, 2)
    own = A.plan_taxes(t, _net, lo, hi, plans, klo, khi, 2, plan_ranges=ranges)
    assert own[1].nbytes < shared[1].nbytes
    for m, tm, a, b in zip(members, terms, shared, own, strict=True):
        want = A.after_tax_matrix(a, progs, m, tm, DRAWS, s)
        np.testing.assert_array_equal(A.after_tax_matrix(b, progs, m, tm, DRAWS, s), want)
