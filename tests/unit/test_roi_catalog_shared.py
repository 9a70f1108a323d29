"""The catalog engine's shortcuts (issue 25) give the figures of the plain computation, bit
for bit: each program's median-draw level without the programs x draws square."""

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
