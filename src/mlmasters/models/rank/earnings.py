"""Program earnings shrunk toward their field's median in proportion to cohort size.

A program's federal median earnings is a noisy estimate when its cohort is small. The
empirical-Bayes (James-Stein) estimate pulls it toward the median of its CIP family:

    shrunk = field_median + z * (earnings - field_median),   z = n / (n + k)

with ``n`` the program's completers (the Scorecard's pooled cohort) and ``k = s2 / tau2``:

- ``s2 = (pi / 2) * sigma^2``: the sampling variance of a median of ``n`` draws is about
  ``(pi / 2) sigma^2 / n`` (the median of a normal sample); ``sigma`` is the spread of
  individual earnings, taken as the interquartile range / 1.349 of the OEWS May 2025
  national wages of *Computer and Mathematical Occupations* (SOC 15-0000), where these
  graduates work (the service passes it in);
- ``tau2``: the spread of true program medians around their field's median, estimated by
  the method of moments from the catalog itself: the mean of ``deviation^2 - s2 / n`` over
  the larger half of cohorts (``n`` at least the median), separately for the 1-year and the
  4-year earnings measure (different measures, never mixed). The larger half is used because
  the occupation-wide ``sigma`` overstates the spread inside one program, so on the smallest
  cohorts the subtracted noise term would swamp the estimate. On the 2026-06-10 Scorecard
  release this gives k of about 5 completers (4-year measure) and 3 (1-year measure): a
  program with 5 completers is pulled half-way to its field's median, one with 50 keeps
  about 90 % of its own deviation.

Field medians are per CIP family and measure, falling back to the measure's median over all
families when a family has fewer than ``MIN_FIELD_PROGRAMS`` programs with earnings. A
program whose cohort size is not reported is shrunk as a cohort of one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Fewer programs than this in a CIP family: use the measure's all-family median instead.
MIN_FIELD_PROGRAMS = 5
#: The occupation whose wage spread stands in for individual earnings spread.
SIGMA_SOC = "15-0000"
#: IQR of a normal distribution in standard deviations.
IQR_PER_SD = 1.349


@dataclass(frozen=True)
class ShrunkEarnings:
    """Shrunk earnings and the numbers that explain them (NaN where no earnings)."""

    raw: FloatArray
    shrunk: FloatArray
    field_median: FloatArray
    field_is_family: npt.NDArray[np.bool_]
    z: FloatArray
    horizon: IntArray
    #: ECDF score in [0, 1] among programs with the same measure (NaN if unknown)
    percentile: FloatArray
    k_by_horizon: dict[int, float] = field(default_factory=dict)


def ecdf_score(values: FloatArray, mask: npt.NDArray[np.bool_] | None = None) -> FloatArray:
    """Share of the other known values that each value beats (ties count half); NaN stays NaN.

    ``(less + (equal - 1) / 2) / (known - 1)``: the lowest known value scores 0, the highest 1,
    the median 0.5. With one known value it scores 0.5.
    """
    v = np.asarray(values, dtype=np.float64)
    known = ~np.isnan(v) if mask is None else (mask & ~np.isnan(v))
    out = np.full(v.shape, np.nan)
    ref = np.sort(v[known])
    m = len(ref)
    if m == 0:
        return out
    if m == 1:
        out[known] = 0.5
        return out
    x = v[known]
    less = np.searchsorted(ref, x, side="left")
    leq = np.searchsorted(ref, x, side="right")
    out[known] = (less + (leq - less - 1) / 2.0) / (m - 1)
    return out


def shrink_earnings(
    earnings: FloatArray,
    completers: FloatArray,
    family: npt.NDArray[np.object_],
    horizon: IntArray,
    sigma_usd: float | None,
) -> ShrunkEarnings:
    """Empirical-Bayes shrinkage per measure (see the module doc). Pure; inputs unchanged."""
    y = np.asarray(earnings, dtype=np.float64)
    n_eff = np.where(np.isnan(completers) | (completers < 1), 1.0, completers)
    shrunk = np.full(y.shape, np.nan)
    med = np.full(y.shape, np.nan)
    fam_used = np.zeros(y.shape, dtype=np.bool_)
    z = np.full(y.shape, np.nan)
    pct = np.full(y.shape, np.nan)
    ks: dict[int, float] = {}
    for h in sorted({int(v) for v in horizon[~np.isnan(y)]}):
        sel = (~np.isnan(y)) & (horizon == h)
        idx = np.flatnonzero(sel)
        overall = float(np.median(y[idx]))
        fams = family[idx]
        for f in set(fams.tolist()):
            members = idx[fams == f]
            if len(members) >= MIN_FIELD_PROGRAMS:
                med[members] = float(np.median(y[members]))
                fam_used[members] = True
            else:
                med[members] = overall
        dev = y[idx] - med[idx]
        if sigma_usd is None or sigma_usd <= 0:
            k = 0.0  # no spread known: no shrinkage (reported as z = 1)
        else:
            s2 = math.pi / 2.0 * sigma_usd**2
            big = n_eff[idx] >= np.median(n_eff[idx])
            tau2 = float(np.mean(dev[big] ** 2 - s2 / n_eff[idx][big]))
            k = s2 / tau2 if tau2 > 0 else math.inf
        ks[h] = k
        zz = n_eff[idx] / (n_eff[idx] + k) if math.isfinite(k) else np.zeros(len(idx))
        z[idx] = zz
        shrunk[idx] = med[idx] + zz * dev
        pct[idx] = ecdf_score(shrunk[idx])
    return ShrunkEarnings(
        raw=y,
        shrunk=shrunk,
        field_median=med,
        field_is_family=fam_used,
        z=z,
        horizon=np.asarray(horizon, dtype=np.int64),
        percentile=pct,
        k_by_horizon=ks,
    )
