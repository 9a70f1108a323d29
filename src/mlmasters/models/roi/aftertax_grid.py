"""The after-tax level grid and one plan's values on it (split from ``aftertax``, which
builds many plans at once and reads them; see its docstring for the method).

``PostTable`` is the full draws x grid x years table of suffix sums (tests and small runs);
``PlanParts`` the parts of a plan's after-tax values that do not depend on the post-degree
level (the years before the transition year, the transition year's taxed income, a
dropout's value); ``PlanTax`` a plan's per-draw values on the nodes it keeps.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi.draws import FloatArray, Scenario
from mlmasters.models.roi.personal import IntArray, NetFn, PlanTerms, Tables

GRID = 96
#: The node a position at the grid's top falls in (``GRID - 1 - 1e-3`` truncated).
DROPOUT_NODE = GRID - 2
#: Largest float32 table (draws x grid x years) built at once; beyond it the caller falls
#: back to the year-by-year path.
MAX_TABLE_ELEMENTS = 120_000_000


class PostTable:
    """``Phi`` for every draw: (n, GRID, H + 1) suffix sums over years, float32."""

    def __init__(self, t: Tables, net: NetFn, log_lo: float, log_hi: float):
        h = t.horizon
        n = t.log_g.shape[0]
        self.log_lo = log_lo
        self.step = max((log_hi - log_lo) / (GRID - 1), 1e-9)
        g = t.g  # (n, H)
        self.phi = np.zeros((n, GRID, h + 1), dtype=np.float32)
        for k in range(GRID):
            level = float(np.exp(log_lo + k * self.step))
            vals = net((level * g).ravel()).reshape(n, h) * t.d[None, :]
            self.phi[:, k, :h] = np.cumsum(vals[:, ::-1], axis=1)[:, ::-1]

    def at(self, start: IntArray) -> npt.NDArray[np.float32]:
        """``Phi_i(., start_i)`` on the grid, (n, GRID)."""
        rows = np.arange(self.phi.shape[0])
        return np.asarray(self.phi[rows, :, start], dtype=np.float32)


#: Span of the level grid above the person's pay, in log points (e^2 = 7.4 times their pay).
#: Fixed per person, not per program set, so a program's figures do not depend on which other
#: programs are computed with it; a level beyond it (a draw more than 7 times the pay) is
#: valued at the grid's top.
LEVEL_LOG_SPAN = 2.0


def level_bounds(scen: Scenario) -> tuple[float, float]:
    """log bounds of the post-degree level grid: one span below the person's pay to one span
    above it, or to the target occupation's pay if higher (a switched draw's level, which
    carries no premium)."""
    log_s = float(np.log(max(scen.salary_usd, 1.0)))
    hi = log_s + max(LEVEL_LOG_SPAN, scen.switch_log_gain)
    lo = log_s - LEVEL_LOG_SPAN
    return lo, hi + 1e-6


class PlanTax:
    """Per-draw after-tax values of one plan, on the level grid (built once per plan).

    ``grid[i, g]`` is a completer's after-tax NPV before tuition when the post-degree level is
    the grid's ``g``-th node: the years before the transition year, the transition year and
    the years after, minus the counterfactual's after-tax pay. ``dropout[i]`` is the same for
    a dropout (it does not depend on the program).

    ``PlanTax(t, table, terms, scen, net)`` reads the full ``PostTable``; ``plan_taxes``
    builds many plans at once without it (the same figures, bit for bit).
    """

    def __init__(self, t: Tables, table: PostTable, terms: PlanTerms, scen: Scenario, net: NetFn):
        parts = PlanParts(t, terms, scen, net)
        at = table.at(np.minimum(parts.start, t.horizon))
        self._finish(t, parts, at, counterfactual_net(t, scen, net), table.log_lo, table.step)

    @classmethod
    def _from_grid(
        cls,
        grid: npt.NDArray[np.float32],
        parts: PlanParts,
        cf_net: FloatArray,
        log_lo: float,
        step: float,
        klo: IntArray | None = None,
        khi: IntArray | None = None,
    ) -> PlanTax:
        self = cls.__new__(cls)
        self._store(grid, parts, cf_net, log_lo, step, klo, khi)
        return self

    def _finish(
        self,
        t: Tables,
        parts: PlanParts,
        at: npt.NDArray[np.float32],
        cf_net: FloatArray,
        log_lo: float,
        step: float,
    ) -> None:
        levels = np.exp(log_lo + step * np.arange(GRID))
        trans = parts.transition(t, levels)
        grid = np.asarray(at + trans + (parts.pre - cf_net)[:, None], dtype=np.float32)
        self._store(grid, parts, cf_net, log_lo, step)

    def _store(
        self,
        grid: npt.NDArray[np.float32],
        parts: PlanParts,
        cf_net: FloatArray,
        log_lo: float,
        step: float,
        klo: IntArray | None = None,
        khi: IntArray | None = None,
    ) -> None:
        """Keep, per draw, the nodes ``klo..khi`` (every node by default) as pairs (the
        node's value, the step to the next): one gather per position. A draw that does not
        complete keeps one node, ``DROPOUT_NODE``: its dropout value with no step
        (``after_tax_matrix`` sends its position there)."""
        self.dropout = np.asarray(parts.drop - cf_net, dtype=np.float32)
        self.nodes = np.exp(log_lo + step * np.arange(GRID + 1))
        self.log_lo = log_lo
        self.step = step
        n = grid.shape[0]
        pairs = np.empty((n, GRID, 2), dtype=np.float32)
        pairs[:, :, 0] = grid
        pairs[:, :-1, 1] = grid[:, 1:] - grid[:, :-1]
        pairs[:, -1, 1] = 0.0
        gone = ~parts.completed
        pairs[gone, DROPOUT_NODE, 0] = self.dropout[gone]
        pairs[gone, DROPOUT_NODE, 1] = 0.0
        lo = np.zeros(n, dtype=np.int64) if klo is None else klo.astype(np.int64)
        hi = np.full(n, GRID - 1, dtype=np.int64) if khi is None else khi.astype(np.int64)
        lo[gone] = hi[gone] = DROPOUT_NODE
        width = hi - lo + 1
        start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(width, out=start[1:])
        rows = np.repeat(np.arange(n, dtype=np.int64), width)
        cols = np.arange(int(start[-1]), dtype=np.int64) - start[rows] + lo[rows]
        self._pairs = pairs.view(np.uint64).reshape(-1)[rows * GRID + cols]
        self._base = (start[:-1] - lo).astype(np.intp)  # position of node j: base[i] + j
        # the nodes kept, per draw
        self.klo, self.khi = lo, hi

    @property
    def grid(self) -> npt.NDArray[np.float32]:
        """(n, GRID): the after-tax value at each node kept (zero elsewhere)."""
        n = self._base.shape[0]
        width = self.khi - self.klo + 1
        rows = np.repeat(np.arange(n, dtype=np.int64), width)
        cols = np.arange(self._pairs.size, dtype=np.int64) - self._base[rows]
        out = np.zeros((n, GRID), dtype=np.float32)
        out[rows, cols] = self._pairs.view(np.float32)[0::2]
        return out

    @property
    def nbytes(self) -> int:
        return int(
            self._pairs.nbytes
            + self._base.nbytes
            + self.dropout.nbytes
            + self.klo.nbytes
            + self.khi.nbytes
        )


def counterfactual_net(t: Tables, scen: Scenario, net: NetFn) -> FloatArray:
    """After-tax present value of the person's pay without the degree, per draw."""
    return np.asarray(counterfactual_flows(t, scen, net).sum(axis=1))


def counterfactual_flows(t: Tables, scen: Scenario, net: NetFn) -> FloatArray:
    return np.asarray(net(t.g * scen.salary_usd) * t.d[None, :])


class PlanParts:
    """The parts of a plan's after-tax values that do not depend on the post-degree level.

    ``cf_flows`` (the counterfactual's discounted after-tax pay per year) lets the years after
    everybody's study and search be copied instead of taxed again: a dropout's pay there is
    the counterfactual's, bit for bit.
    """

    def __init__(
        self,
        t: Tables,
        terms: PlanTerms,
        scen: Scenario,
        net: NetFn,
        cf_flows: FloatArray | None = None,
    ):
        h = t.horizon
        s = scen.salary_usd
        k = scen.salary_kept
        g = t.g
        n = g.shape[0]
        d = t.d[None, :]
        yr = np.arange(h, dtype=np.float64)[None, :]
        study = terms.study_years[:, None]
        until = study + terms.search_years[:, None]
        first = np.floor(np.clip(until[:, 0], 0.0, float(h))).astype(np.int64)
        if cf_flows is None:
            f_study = np.clip(study - yr, 0.0, 1.0)
            f_after = 1.0 - np.clip(until - yr, 0.0, 1.0)
            self.drop = (net(g * (k * s * f_study + s * f_after)) * d).sum(axis=1)
            before = yr < first[:, None]
            self.pre = (net(g * k * s * f_study) * d * before).sum(axis=1)
        else:
            # years from ``end`` on: nobody studies or searches (f_study 0, f_after 1)
            end = int(min(h, max(0.0, math.ceil(float(until.max())))))
            ye = yr[:, :end]
            ge = g[:, :end]
            f_study = np.clip(study - ye, 0.0, 1.0)
            f_after = 1.0 - np.clip(until - ye, 0.0, 1.0)
            flows = cf_flows.copy()
            flows[:, :end] = net(ge * (k * s * f_study + s * f_after)) * d[:, :end]
            self.drop = flows.sum(axis=1)
            # before the first year of work with the degree only (zero after, as ``before``
            # makes it; the sign of that zero as net(0) * d * False gives it)
            last = int(first.max())
            flows[:, last:] = (net(np.zeros(1))[0] * t.d[last:]) * 0.0
            before = ye[:, :last] < first[:, None]
            flows[:, :last] = net(ge[:, :last] * k * s * f_study[:, :last]) * d[:, :last] * before
            self.pre = flows.sum(axis=1)
        rows = np.arange(n)
        ti = np.minimum(first, h - 1)
        cols = f_study.shape[1]  # h, or ``end`` (after it f_study is 0 and f_after 1)
        if cols == h:
            study_ti, after_ti = f_study[rows, ti], f_after[rows, ti]
        elif cols == 0:
            study_ti, after_ti = np.zeros(n), np.ones(n)
        else:
            inside = ti < cols
            tc = np.minimum(ti, cols - 1)
            study_ti = np.where(inside, f_study[rows, tc], 0.0)
            after_ti = np.where(inside, f_after[rows, tc], 1.0)
        self.partial = (first < h) & (after_ti < 1.0)
        self.start = np.where(self.partial, first + 1, first)
        self.ti = ti
        self.g_ti = g[rows, ti][:, None]
        self.kept_ti = k * s * study_ti[:, None]
        self.after_ti = after_ti[:, None]
        self.net = net
        self.completed = terms.completed

    def transition(self, t: Tables, levels: FloatArray) -> FloatArray:
        income = self.g_ti * (self.kept_ti + levels[None, :] * self.after_ti)
        return np.asarray(
            np.where(self.partial[:, None], self.net(income) * t.d[self.ti][:, None], 0.0)
        )

    def transition_rows(self, t: Tables, levels: FloatArray, rows: IntArray) -> FloatArray:
        """``transition`` for draws ``rows`` and the given levels (the same values)."""
        out = np.zeros((rows.size, levels.size))
        part = rows[self.partial[rows]]
        if part.size:
            income = self.g_ti[part] * (self.kept_ti[part] + levels[None, :] * self.after_ti[part])
            out[self.partial[rows]] = self.net(income) * t.d[self.ti[part]][:, None]
        return out


def table_fits(n: int, horizon: int) -> bool:
    return n * GRID * (horizon + 1) <= MAX_TABLE_ELEMENTS
