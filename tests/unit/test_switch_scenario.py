"""The career-switch scenario in the engine (issue 22): a completer who switches occupation
earns the target occupation's pay at their wage rank and nothing more (no degree premium on
top), those who do not switch earn exactly the headline's level, the path without the degree
never switches, and the fast after-tax grid reads the same levels as the year-by-year flows.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlmasters.models.roi import aftertax as A
from mlmasters.models.roi import closed_form as C
from mlmasters.models.roi import engine as E
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.draws import FloatArray, Scenario, draw_common
from mlmasters.models.scenario import ttd_for

N = 600
DRAWS = draw_common(N, 11)
TTD = ttd_for(24.0, "full-time", False, 6.0, 3.0)


def _net(x: FloatArray) -> FloatArray:
    """A progressive tax: 20% up to $50k, 35% above."""
    return np.asarray(x - 0.2 * np.minimum(x, 50_000.0) - 0.35 * np.maximum(x - 50_000.0, 0.0))


def _progs(premium: float, sd: float) -> P.Programs:
    return P.Programs(
        premium=np.array([premium - 0.5 * sd**2, 0.0]),
        premium_sd=np.array([sd, 0.02]),
        tuition_usd=np.array([40_000.0, 8_000.0]),
        loan_factor=np.ones(2),
    )


@settings(max_examples=40, deadline=None)
@given(
    salary=st.floats(20_000.0, 400_000.0),
    premium=st.floats(-0.2, 0.6),
    sd=st.floats(0.0, 0.4),
    gain=st.floats(0.0, 2.5),
    prob=st.floats(0.0, 1.0),
    full_time=st.booleans(),
)
def test_a_switched_completer_earns_the_target_pay_and_no_premium_on_top(
    salary: float, premium: float, sd: float, gain: float, prob: float, full_time: bool
) -> None:
    head = Scenario(salary_usd=salary, full_time=full_time, salary_kept=0.0 if full_time else 1.0)
    sw = Scenario(
        salary_usd=salary, full_time=full_time, salary_kept=0.0 if full_time else 1.0,
        switch_prob=prob, switch_log_gain=gain,
    )  # fmt: skip
    progs, idx = _progs(premium, sd), np.arange(2, dtype=np.int64)
    t = P.growth_tables(DRAWS, sw)
    terms_h = P.plan_terms(t, DRAWS, head, TTD)
    terms_s = P.plan_terms(t, DRAWS, sw, TTD)
    lvl_h = P.wage_paths(terms_h, progs, idx, DRAWS, head)
    lvl_s = P.wage_paths(terms_s, progs, idx, DRAWS, sw)
    target = salary * np.exp(gain)
    switched = (DRAWS.u_switch < prob) & (gain > 0)
    done = terms_s.completed
    # the switch scenario's pay after the degree never exceeds the target pay (its p90 at most)
    assert np.all(lvl_s[:, switched & done] <= target * (1 + 1e-9))
    np.testing.assert_allclose(lvl_s[:, switched & done], target, rtol=1e-9)
    # the draws that do not switch are the headline's, bit for bit; dropouts keep their pay
    np.testing.assert_array_equal(lvl_s[:, ~switched], lvl_h[:, ~switched])
    assert np.all(lvl_s[:, ~done] == salary)
    # the same completions, times and forgone pay: only the post-degree level differs
    np.testing.assert_array_equal(terms_s.completed, terms_h.completed)
    np.testing.assert_array_equal(terms_s.base, terms_h.base)
    # the pre-tax closed form reads the same levels as the year-by-year flows
    closed = C.npv_matrix(progs, idx, terms_s, DRAWS, sw)
    rows = np.arange(N, dtype=np.int64)
    for j in range(2):
        flows, _ = P.yearly_cash_flows(
            t, rows, terms_s, lvl_s[j], progs.tuition_usd[j], progs.loan_factor[j], sw
        )
        np.testing.assert_allclose(closed[j], flows @ t.d, rtol=1e-7, atol=1e-3)


@pytest.mark.parametrize("gain", [0.3, 1.2, 2.6])
def test_the_after_tax_grid_reaches_a_switched_draws_level(gain: float) -> None:
    """The level grid reaches the target pay even past the premium's span (no clipping), and
    the grid's after-tax NPV matches the year-by-year flows on switched draws too."""
    s = Scenario(salary_usd=70_000.0, switch_prob=0.6, switch_log_gain=gain)
    progs, idx = _progs(0.1, 0.15), np.arange(2, dtype=np.int64)
    lo, hi = A.level_bounds(s)
    assert hi >= np.log(70_000.0) + gain
    t = P.growth_tables(DRAWS, s)
    plan = E.Plan(ttd=TTD)
    terms = plan.terms(t, DRAWS, s)
    step, _ = A.level_nodes(lo, hi)
    klo, khi = A.node_range(progs, idx, terms, DRAWS, s, lo, step)
    fast = A.plan_taxes(t, _net, lo, hi, [(terms, s)], klo, khi)[0]
    got = A.after_tax_matrix(fast, progs, idx, terms, DRAWS, s)
    levels = P.wage_paths(terms, progs, idx, DRAWS, s)
    rows = np.arange(N, dtype=np.int64)
    for j in range(2):
        _, exact = P.yearly_cash_flows(
            t, rows, terms, levels[j], progs.tuition_usd[j], progs.loan_factor[j], s, _net
        )
        assert exact is not None
        np.testing.assert_allclose(got[j], exact @ t.d, rtol=2e-3, atol=300.0)
