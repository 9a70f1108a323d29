"""The pieces of the catalog run (``engine.run_catalog``) that work on one block of
programs: the summary arrays (``CatalogArrays``), a block's summary from its NPVs
(mean, order statistics, P(loss), the finishers' median, the median draw), the year-by-year
after-tax NPVs when the level table does not fit, and the median draw's break-even and
yearly flows (for its IRR).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi import aftertax as A
from mlmasters.models.roi import closed_form as C
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.draws import Draws, FloatArray, Scenario
from mlmasters.models.roi.personal import IntArray, NetFn, Programs, Tables


@dataclass
class CatalogArrays:
    mean: FloatArray
    p10: FloatArray
    p50: FloatArray
    p90: FloatArray
    p_loss: FloatArray
    p50_finishers: FloatArray
    irr: FloatArray
    breakeven: FloatArray  # NaN when never within the horizon
    p_loss_finishers: FloatArray  # P(loss and finished)


def summarise_block(
    npv: npt.NDArray[np.floating[Any]], idx: IntArray, done: IntArray, out: CatalogArrays
) -> IntArray:
    """The summary of programs ``idx`` from their NPVs (programs x draws) into ``out``;
    ``done`` are the draws that finish the degree. Returns each program's median draw."""
    mean = npv.mean(axis=1, dtype=np.float64)
    finite = bool(np.isfinite(mean).all())
    if not finite:  # an overflow is a missing value, never a number
        npv = np.where(np.isfinite(npv), npv, np.nan)
    q = P.order_stats(npv)
    out.p10[idx], out.p50[idx], out.p90[idx] = q[0], q[1], q[2]
    out.mean[idx] = mean
    out.p_loss[idx] = np.count_nonzero(npv < 0, axis=1) / npv.shape[1]
    if done.size:
        fin = np.take(npv, done, axis=1)  # a copy: partitioned in place for its median
        out.p_loss_finishers[idx] = np.count_nonzero(fin < 0, axis=1) / npv.shape[1]
        k = int(np.floor(0.5 * (fin.shape[1] - 1)))
        fin.partition(k, axis=1)
        out.p50_finishers[idx] = fin[:, k]
    if finite:
        # the median is one of the draws: the first draw equal to it is the nearest
        return np.asarray((npv == q[1][:, None]).argmax(axis=1))
    return np.asarray(np.abs(npv - q[1][:, None]).argmin(axis=1))


class PremiumShared:
    """Each plan's gain computed once per distinct premium (centre and spread, by bits): the
    pre-tax closed form's gain (``closed_form.completer_gain``) or, with ``taxed`` (the
    plans' after-tax values by ``id`` of their terms), the after-tax completer values
    (``aftertax.completer_values``). A program's NPV is its premium's row less its own
    tuition: the operations ``npv_matrix`` and ``after_tax_matrix`` apply to each element,
    with about 12 programs to a premium on the main plan instead of one."""

    def __init__(self, progs: Programs, draws: Draws, taxed: dict[int, A.PlanTax] | None):
        self.progs, self.draws, self.taxed = progs, draws, taxed
        self.row = np.zeros(progs.n, dtype=np.intp)  # a program's row in its plan's values
        self.values: dict[int, npt.NDArray[np.float32]] = {}

    def prepare(self, group: tuple[IntArray, P.PlanTerms, Scenario]) -> None:
        members, terms, scen = group
        p = self.progs
        key = np.ascontiguousarray(np.stack([p.premium[members], p.premium_sd[members]], axis=1))
        _, first, inv = np.unique(
            key.view(np.dtype((np.void, 16))).ravel(), return_index=True, return_inverse=True
        )
        self.row[members] = inv.ravel()
        reps = members[first]
        if self.taxed is None:
            vals = C.completer_gain(p, reps, terms, self.draws, scen, np.float32)
        else:
            vals = A.completer_values(self.taxed[id(terms)], p, reps, terms, self.draws, scen)
        self.values[id(terms)] = np.asarray(vals, dtype=np.float32)

    def npv(self, idx: IntArray, terms: P.PlanTerms, scen: Scenario) -> npt.NDArray[np.float32]:
        """NPVs of programs ``idx`` (of one plan, ``prepare``d), (len(idx), n) float32."""
        out = self.values[id(terms)][self.row[idx]]
        if self.taxed is None:
            out -= C.tuition_cost(self.progs, idx, terms, scen, np.float32)
        else:
            A.less_tuition(out, self.progs, idx, terms, scen)
        return out


def yearly_after_tax_matrix(
    t: Tables,
    progs: Programs,
    idx: IntArray,
    terms: P.PlanTerms,
    draws: Draws,
    scen: Scenario,
    net: NetFn,
) -> FloatArray:
    levels = P.wage_paths(terms, progs, idx, draws, scen)
    rows = np.arange(draws.n, dtype=np.int64)
    out = np.empty((idx.size, draws.n))
    for j, p in enumerate(idx):
        _, after = P.yearly_cash_flows(
            t, rows, terms, levels[j], progs.tuition_usd[p], progs.loan_factor[p], scen, net
        )
        assert after is not None
        out[j] = after @ t.d
    return out


def paired_wage_levels(
    terms: P.PlanTerms, progs: Programs, idx: IntArray, draws: Draws, scen: Scenario
) -> FloatArray:
    """Program ``idx[j]``'s post-degree level on draw ``j`` (``draws`` and ``terms`` hold one
    draw per program): the diagonal of ``P.wage_paths``, with the same operations on each
    element, without the programs x draws square (2,471 programs made it 49 MB a step)."""
    beta = progs.premium[idx] * scen.premium_scale + scen.premium_shift
    out = progs.premium_sd[idx] * draws.z_premium
    out += beta
    if not terms.premium_on.all():
        out *= terms.premium_on
    out += terms.log_switch + np.log(max(scen.salary_usd, 1.0))
    return np.asarray(np.where(terms.completed, np.exp(out), scen.salary_usd))


def median_draw_metrics(
    t: Tables,
    progs: Programs,
    idx: IntArray,
    mid: IntArray,
    terms: P.PlanTerms,
    draws: Draws,
    scen: Scenario,
    net: NetFn | None,
    out: CatalogArrays,
) -> FloatArray:
    """Break-even of each program's median draw (into ``out``); returns that draw's yearly
    flows (the caller takes every program's IRR from them at once)."""
    sub = dataclasses.replace(
        draws, **{f.name: getattr(draws, f.name)[mid] for f in dataclasses.fields(draws)}
    )
    sub_terms = dataclasses.replace(
        terms,
        **{
            f.name: getattr(terms, f.name)[mid]
            for f in dataclasses.fields(terms)
            if isinstance(getattr(terms, f.name), np.ndarray)
        },
    )
    sub_t = dataclasses.replace(t, log_g=t.log_g[mid], g=t.g[mid], f_cum=t.f_cum[mid], dg=t.dg[mid])
    level = paired_wage_levels(sub_terms, progs, idx, sub, scen)
    rows = np.arange(idx.size, dtype=np.int64)
    pre, after = P.yearly_cash_flows(
        sub_t, rows, sub_terms, level, progs.tuition_usd[idx], progs.loan_factor[idx], scen, net
    )
    flows = pre if after is None else after
    cum = np.cumsum(flows * t.d[None, :], axis=1)
    ends = np.where(sub_terms.completed, sub_terms.study_years, np.inf)
    out.breakeven[idx] = [
        np.nan if not np.isfinite(e) or (b := P.breakeven_year(c, float(e))) is None else b
        for c, e in zip(cum, ends, strict=True)
    ]
    return np.asarray(flows, dtype=np.float64)
