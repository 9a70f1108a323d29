"""Earnings with the degree: empirical-Bayes shrinkage of program medians to their CIP family.

A program's federal median ``y_j`` (log scale) from ``n_j`` completers is a noisy measure of
its true median ``theta_j``. Within a CIP family (and one measurement horizon) the true medians
vary around the family median ``mu_f`` with variance ``tau^2``; the sampling variance of a
median of ``n`` log-earnings is about ``(pi/2) sigma^2 / n``. ``sigma`` - the spread of log
earnings among one program's graduates - is not in the Scorecard, so it is taken from the
OEWS spread of Data Scientists (15-2051) nationally, ``ln(p90 / p10) / (2 * 1.2816)``;
``tau^2`` is then the method-of-moments estimate ``mean((y_j - mu_f)^2 - (pi/2) sigma^2 / n_j)``
over families with at least ``FAMILY_MIN_ROWS`` programs. Then, per program,

    w_j = tau^2 / (tau^2 + (pi/2) sigma^2 / n_j)          (grows with cohort size)
    theta_j ~ Normal(w_j y_j + (1 - w_j) mu_f, (1 - w_j) tau^2)

A program without its own earnings uses its family median (sd ``tau``); with no family
median either, the caller uses the occupation's wages (``source = "occupation"``).
Earnings measured 1 year after completion are shrunk within the 1-year measure only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mlmasters.models.roi.defaults import FAMILY_MIN_ROWS, MEDIAN_VARIANCE_FACTOR


@dataclass(frozen=True)
class ShrinkageFit:
    tau2: float  # between-program variance of log medians within a family
    sigma2: float  # within-program variance of log earnings
    families: dict[tuple[str, int], tuple[float, int]]  # (cip, horizon) -> (log median, rows)
    rows: int


@dataclass(frozen=True)
class EarningsEstimate:
    log_center: float | None  # None: no estimate from the Scorecard (use the occupation)
    log_sd: float
    measure_years: int
    source: str  # program | program-1y | family | occupation
    label: str
    weight: float | None  # shrinkage weight on the program's own figure
    family_median_usd: float | None
    program_median_usd: float | None


def fit_shrinkage(rows: pd.DataFrame, sigma2: float) -> ShrinkageFit:
    """Fit ``tau^2`` on master's rows with earnings (one row per program), given ``sigma^2``."""
    df = rows.dropna(subset=["earnings_median_usd", "earnings_horizon_years", "cip_code"]).copy()
    df = df[df["earnings_median_usd"].astype(float) > 0]
    df["y"] = np.log(df["earnings_median_usd"].astype(float))
    df["h"] = df["earnings_horizon_years"].astype(int)
    df["n"] = df["completers_count"].astype("Float64").fillna(1.0).astype(float).clip(lower=1.0)
    fam = df.groupby(["cip_code", "h"])["y"].agg(["median", "size"])
    flat = fam.reset_index()
    families = {
        (str(c), int(h)): (float(m), int(n))
        for c, h, m, n in zip(
            flat["cip_code"].astype(str),
            flat["h"].to_numpy(dtype=np.int64),
            flat["median"].to_numpy(dtype=np.float64),
            flat["size"].to_numpy(dtype=np.int64),
            strict=True,
        )
    }
    keys = list(zip(df["cip_code"].astype(str), df["h"], strict=True))
    keep = np.array([families[k][1] >= FAMILY_MIN_ROWS for k in keys], dtype=bool)
    mu = np.array([families[k][0] for k in keys])[keep]
    e = (df["y"].to_numpy()[keep] - mu) ** 2
    noise = MEDIAN_VARIANCE_FACTOR * sigma2 / df["n"].to_numpy()[keep]
    tau2 = float(np.mean(e - noise)) if e.size else 0.0
    # a non-positive moment estimate means "no evidence of differences": keep a floor
    return ShrinkageFit(tau2=max(tau2, 1e-4), sigma2=sigma2, families=families, rows=len(df))


def estimate(
    fit: ShrinkageFit,
    cip_code: str | None,
    median_usd: float | None,
    horizon: int | None,
    completers: int | None,
) -> EarningsEstimate:
    """The shrunk estimate for one program (see the module docstring)."""
    tau = math.sqrt(fit.tau2)
    fam4 = fit.families.get((cip_code or "", 4))
    if median_usd is not None and median_usd > 0 and horizon in (1, 4) and cip_code:
        h = int(horizon)
        fam = fit.families.get((cip_code, h))
        y = math.log(median_usd)
        n = max(1.0, float(completers or 1))
        if fam is not None and fam[1] >= FAMILY_MIN_ROWS:
            w = fit.tau2 / (fit.tau2 + MEDIAN_VARIANCE_FACTOR * fit.sigma2 / n)
            center = w * y + (1.0 - w) * fam[0]
            sd = math.sqrt((1.0 - w) * fit.tau2)
            label = (
                f"program's federal median ${median_usd:,.0f} ({h} year{'s' if h > 1 else ''} "
                f"after completion, {n:.0f} completers) shrunk {1 - w:.0%} toward the CIP "
                f"{cip_code} median ${math.exp(fam[0]):,.0f}"
            )
            fam_usd: float | None = math.exp(fam[0])
        else:
            w, center, fam_usd = 1.0, y, None
            sd = math.sqrt(MEDIAN_VARIANCE_FACTOR * fit.sigma2 / n)
            label = (
                f"program's federal median ${median_usd:,.0f} ({h}-year measure); too few "
                f"programs in CIP {cip_code} to shrink toward"
            )
        if h == 1:
            label += "; 1-year measure: earlier in the career and lower than the 4-year one"
        return EarningsEstimate(
            log_center=center,
            log_sd=sd,
            measure_years=h,
            source="program" if h == 4 else "program-1y",
            label=label,
            weight=w,
            family_median_usd=fam_usd,
            program_median_usd=float(median_usd),
        )
    if fam4 is not None and fam4[1] >= FAMILY_MIN_ROWS:
        return EarningsEstimate(
            log_center=fam4[0],
            log_sd=tau,
            measure_years=4,
            source="family",
            label=(
                f"no federal earnings for this program: CIP {cip_code} median "
                f"${math.exp(fam4[0]):,.0f} (4 years after completion, {fam4[1]} programs)"
            ),
            weight=0.0,
            family_median_usd=math.exp(fam4[0]),
            program_median_usd=None,
        )
    return EarningsEstimate(
        log_center=None,
        log_sd=tau,
        measure_years=4,
        source="occupation",
        label=(
            "no federal earnings for this program or its CIP family"
            + (f" ({cip_code})" if cip_code else "")
            + ": estimate from the target occupation's wages in your area"
        ),
        weight=None,
        family_median_usd=None,
        program_median_usd=None,
    )
