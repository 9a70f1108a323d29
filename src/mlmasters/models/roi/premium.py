"""The earnings premium a master's program causes: beta in "with the degree = own path x e^beta".

Estimated from the College Scorecard field-of-study table (``scorecard_fos``), which holds a
bachelor's row (credential level 3) beside many master's rows (level 5) of the same institution
and 4-digit CIP family. One hierarchical model gives every program its premium on one scale
(``docs/earnings.md`` has the method and every default with its source):

1. **Distinct pairs.** A master's row with earnings 4 years after completion and a bachelor's
   row of the same institution and CIP family at the same horizon. The Scorecard repeats one
   earnings figure on every campus of a multi-campus institution (DeVry, Strayer, Penn State...):
   rows with the same family and the same two medians are one pair, its cohorts the sum of the
   campuses' known completers. A pair whose completer counts are all missing has no known
   sampling noise and is left out of the fit (missing is missing, never 1).
2. **Cohort experience.** At the same time since completion a program's master's graduates
   have more years of work behind them. One gap for every pair (``experience_gap_years``, a
   labelled assumption with its range): the Scorecard does not say how a cohort studied, and the
   cohort's experience does not change with how the applicant will study. The pay growth it
   explains comes from the ROI model's own career profile. Adjusted gap ``a = y - growth``.
3. **Sampling noise.** ``v = (pi/2) sigma^2 (1/n_master + 1/n_bachelor)``.
4. **Three levels.** Pairs vary around their field family's mean (between-program variance
   ``tau^2``, DerSimonian-Laird); family means vary around the mean of all ML-related families
   (``omega^2``, the same method on the family means); the literature's causal estimate is a
   prior on that top level only. A family with too few pairs takes the top level.
5. **Who enrols.** A pair's distance from its family mixes what the program does with who it
   draws (an institution's bachelor's graduates may be unusually well paid, its master's cohort
   career changers): only ``causal_variance_share`` of ``tau^2`` is counted as the program's own
   effect, so a pair's estimate moves ``rho tau^2 / (tau^2 + v)`` of its distance from the
   family mean, and a noisy or unusual pair is not a lifelong cut (or windfall) on its own.
6. **Selection factor** ``s`` (default 1): the share of the within-institution,
   experience-adjusted gap counted as caused by the degree; a labelled what-if.

A program without its own pair gets its family's typical program (the mean of the family's
pair estimates), or the top level (never above the average measured program), with the
between-program spread added: never more than measured programs because it is unmeasured.

Pure and vectorised: ``fit_premiums`` does one pass of pandas/NumPy; ``PremiumFit.for_program``
is a dictionary look-up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from mlmasters.models.roi.premium_pairs import distinct_pairs, experience_growth
from mlmasters.models.roi.premium_params import (
    CAUSAL_VARIANCE_SHARE_RANGE,
    EXPERIENCE_GAP_RANGE,
    HORIZON_YEARS,
    PREMIUM_DEFAULTS,
    SELECTION_SHARE_RANGE,
    PremiumParams,
)
from mlmasters.models.roi.premium_pool import (
    TAU2_FLOOR,
    TopLevel,
    posterior_mean,
    random_effects,
    top_level,
)

Source = Literal["own pair", "field family", "all ML fields", "your figure"]

_P = PremiumParams()


@dataclass(frozen=True)
class Premium:
    """One program's causal log earnings premium (normal: ``mean`` and ``sd``)."""

    mean: float
    sd: float
    source: Source
    label: str
    n_pairs: int
    raw_log_ratio: float | None
    #: The pair's figures when the program has its own pair (else ``None``).
    master_median_usd: float | None = None
    bachelor_median_usd: float | None = None
    master_completers: int | None = None
    bachelor_completers: int | None = None
    experience_growth: float | None = None
    shrink_weight: float | None = None
    family: str | None = None
    #: Campuses (UNITIDs) sharing the pair's figures.
    campuses: int = 1

    @property
    def percent(self) -> float:
        """The pay rise the draws average to (the model's draws are mean-preserving)."""
        return math.exp(self.mean) - 1.0


@dataclass(frozen=True)
class FamilyStats:
    cip_code: str
    n_pairs: int
    mean_adjusted: float
    tau2: float
    tau2_own: bool
    #: The family's typical program (mean of its pairs' estimates), raw scale before ``s``.
    post_mean: float
    #: Variance of the family mean (shrunk toward all families).
    post_var: float


@dataclass(frozen=True)
class PremiumFit:
    """The fitted model: the distinct pairs with their estimates, the families, the top level."""

    params: PremiumParams
    pairs: pd.DataFrame
    families: dict[str, FamilyStats]
    pooled: FamilyStats
    top: TopLevel
    #: ``unitid|cip`` of every campus -> row of its distinct pair in ``pairs``.
    campus_index: dict[str, int]
    #: The Scorecard table it was fitted on, so that a what-if can refit (``refit``).
    source: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    #: Fits for other parameters already made, by their parameters' JSON.
    _refits: dict[str, PremiumFit] = field(default_factory=dict, repr=False, compare=False)

    def refit(self, params: PremiumParams) -> PremiumFit:
        """The model on the same table with other parameters (kept for the next what-if)."""
        if params == self.params:
            return self
        if self.source is None:
            raise ValueError("this fit keeps no source table to refit on")
        key = params.model_dump_json()
        hit = self._refits.get(key)
        if hit is None:
            hit = self._refits[key] = fit_premiums(self.source, params)
        return hit

    @property
    def n_pairs(self) -> int:
        return int(self.pairs["fitted"].sum())

    def family_for(self, cip_code: str | None) -> FamilyStats | None:
        fam = self.families.get(cip_code or "")
        return fam if fam is not None and fam.n_pairs >= self.params.family_min_pairs else None

    def _pair(self, unitid: str | None, cip: str | None) -> pd.Series | None:
        if not unitid or not cip:
            return None
        i = self.campus_index.get(f"{unitid}|{cip}")
        if i is None:
            return None
        row = self.pairs.iloc[i]
        return row if bool(row["fitted"]) else None

    @cached_property
    def unmeasured(self) -> tuple[float, float]:
        """Mean and sd for a program in a family without data (raw scale, before ``s``): the
        top level, never above the average measured program."""
        p = self.params
        own = self.pairs.loc[self.pairs["fitted"], "theta"].to_numpy(dtype=float)
        cap = float(np.mean(own)) if own.size else self.top.post_mean
        mean = min(self.top.post_mean, cap)
        var = self.top.omega2 + self.top.post_var + p.causal_variance_share * self.pooled.tau2
        return mean, math.sqrt(var)

    def for_program(self, unitid: str | None, cip_code: str | None) -> Premium:
        """The premium of one program (its own pair, else its field family, else all fields)."""
        p = self.params
        s = p.selection_share
        fam = self.family_for(cip_code)
        row = self._pair(unitid, cip_code)
        if row is not None:
            target = fam or self.pooled
            toward = (
                f"the CIP {cip_code} family's estimated mean"
                if fam
                else "the estimated mean of all ML-related fields"
            )
            w = float(row["shrink_weight"])
            copies = int(row["campuses"])
            where = f" (one figure for its {copies} campuses)" if copies > 1 else ""
            label = (
                f"estimated from this institution's master's vs bachelor's graduates in the "
                f"same field{where} (medians ${float(row['master_median_usd']):,.0f} vs "
                f"${float(row['bachelor_median_usd']):,.0f}, {HORIZON_YEARS} years after "
                f"completion), less {p.experience_gap_years:g} years' extra experience, then "
                f"shrunk toward {toward}: {w:.0%} of this gap's distance from that mean is "
                "counted as the program's own"
            )
            if float(row["theta"]) < 0:
                label += (
                    ". Its master's graduates earn less than its bachelor's graduates once "
                    "experience is counted: often a sign they are different people (career "
                    "changers, another field before), not that the degree lowers pay"
                )
            return Premium(
                mean=s * float(row["theta"]),
                sd=s * float(row["theta_sd"]),
                source="own pair",
                label=label,
                n_pairs=target.n_pairs,
                raw_log_ratio=float(row["raw"]),
                master_median_usd=float(row["master_median_usd"]),
                bachelor_median_usd=float(row["bachelor_median_usd"]),
                master_completers=int(row["master_completers"]),
                bachelor_completers=int(row["bachelor_completers"]),
                experience_growth=float(row["growth"]),
                shrink_weight=w,
                family=cip_code if fam else None,
                campuses=copies,
            )
        if fam is not None:
            return Premium(
                mean=s * fam.post_mean,
                sd=s * math.sqrt(p.causal_variance_share * fam.tau2 + fam.post_var),
                source="field family",
                label=(
                    f"no same-institution comparison for this program: the CIP {cip_code} "
                    f"field's typical measured program (the mean estimate of its {fam.n_pairs} "
                    "institutions with master's vs bachelor's graduates in the field, each "
                    "counted once however many programs share its federal figures), with the "
                    "spread between programs added"
                ),
                n_pairs=fam.n_pairs,
                raw_log_ratio=None,
                family=cip_code,
            )
        mean, sd = self.unmeasured
        return Premium(
            mean=s * mean,
            sd=s * sd,
            source="all ML fields",
            label=(
                "too little federal data in this field: the estimated mean of all ML-related "
                f"fields ({self.pooled.n_pairs} institutions' master's vs bachelor's graduates, "
                "with the published causal estimate as a prior on it), never above the average "
                "measured program, with the spread between fields and programs added"
            ),
            n_pairs=self.pooled.n_pairs,
            raw_log_ratio=None,
        )

    def for_programs(self, programs: pd.DataFrame) -> pd.DataFrame:
        """``for_program`` over columns unitid and cip_code (may be missing): mean, sd and
        source per row."""
        uid = programs["unitid"].astype("string").fillna("").to_numpy(dtype=object)
        cip = programs["cip_code"].astype("string").fillna("").to_numpy(dtype=object)
        cache: dict[tuple[str, str], tuple[float, float, str]] = {}
        mean, sd, source = [], [], []
        for u, c in zip(uid, cip, strict=True):
            hit = cache.get((u, c))
            if hit is None:
                pr = self.for_program(u or None, c or None)
                hit = cache[(u, c)] = (pr.mean, pr.sd, pr.source)
            mean.append(hit[0])
            sd.append(hit[1])
            source.append(hit[2])
        return pd.DataFrame(
            {
                "mean": np.asarray(mean, dtype=float),
                "sd": np.asarray(sd, dtype=float),
                "source": np.asarray(source, dtype=object),
            },
            index=programs.index,
        )


def fit_premiums(fos: pd.DataFrame, params: PremiumParams = _P) -> PremiumFit:
    """Fit the premium model on the Scorecard field-of-study table (see the module docstring)."""
    pairs, campus_index = distinct_pairs(fos, params)
    fitted = np.isfinite(pairs["noise_var"].to_numpy(dtype=float))
    pairs["fitted"] = fitted
    fp = pairs[fitted]
    a = fp["adjusted"].to_numpy()
    v = fp["noise_var"].to_numpy()
    n = len(fp)
    rho = params.causal_variance_share
    # every fitted pair pooled: the between-program variance when a family has too few pairs
    k0, t0, m0, _vm0 = random_effects(
        a, v, np.ones((1, n), dtype=bool), np.array([TAU2_FLOOR]), params.tau_min_pairs
    )
    cips, fi = np.unique(fp["cip_code"].to_numpy(dtype=str), return_inverse=True)
    mask = fi[None, :] == np.arange(len(cips))[:, None]
    k, tau2, fmean, fvar = random_effects(
        a, v, mask, np.full(len(cips), float(t0[0])), params.tau_min_pairs
    )
    measured = k >= params.family_min_pairs
    top, post_m, post_v = top_level(
        np.where(measured, fmean, np.nan), np.where(measured, fvar, np.nan), params
    )
    pooled = FamilyStats(
        "all", int(k0[0]), float(m0[0]), float(t0[0]), True, top.post_mean, top.post_var
    )
    # every pair's own estimate: shrunk toward its family (or the top level)
    t2 = np.where(measured[fi], tau2[fi], pooled.tau2)
    mu = np.where(measured[fi], post_m[fi], top.post_mean)
    muv = np.where(measured[fi], post_v[fi], top.post_var + top.omega2)
    w = rho * t2 / (t2 + v)
    theta = mu + w * (a - mu)
    var = rho * t2 - (rho * t2) ** 2 / (t2 + v) + (1.0 - w) ** 2 * muv
    # a measured family's typical program: the mean of its pairs' estimates (what an
    # unmeasured program in the field gets, so no data never reads better than data)
    typical = np.array([theta[fi == j].mean() if measured[j] else np.nan for j in range(len(cips))])
    families = {
        str(c): FamilyStats(
            str(c),
            int(kk),
            float(mm),
            float(t),
            bool(kk >= params.tau_min_pairs),
            float(q) if ok else top.post_mean,
            float(r) if ok else top.post_var,
        )
        for c, kk, mm, t, q, r, ok in zip(
            cips, k, fmean, tau2, typical, post_v, measured, strict=True
        )
    }
    for col, val in (("shrink_weight", w), ("theta", theta), ("theta_sd", np.sqrt(var))):
        pairs[col] = np.nan
        pairs.loc[fitted, col] = val
    s = params.selection_share
    pairs["premium_mean"] = s * pairs["theta"]
    pairs["premium_sd"] = s * pairs["theta_sd"]
    return PremiumFit(
        params=params,
        pairs=pairs,
        families=families,
        pooled=pooled,
        top=top,
        campus_index=campus_index,
        source=fos,
    )


__all__ = [
    "CAUSAL_VARIANCE_SHARE_RANGE",
    "EXPERIENCE_GAP_RANGE",
    "HORIZON_YEARS",
    "PREMIUM_DEFAULTS",
    "SELECTION_SHARE_RANGE",
    "TAU2_FLOOR",
    "FamilyStats",
    "Premium",
    "PremiumFit",
    "PremiumParams",
    "Source",
    "TopLevel",
    "experience_growth",
    "fit_premiums",
    "posterior_mean",
    "random_effects",
]
