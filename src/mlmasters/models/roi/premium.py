"""The earnings premium a master's program causes: beta in "with the degree = own path x e^beta".

Estimated from the College Scorecard field-of-study table (``scorecard_fos``), which holds a
bachelor's row (credential level 3) beside many master's rows (level 5) of the same institution
and 4-digit CIP family. The model, in the order it is applied (``docs/earnings.md`` has the
method and every default with its source):

1. **Pairs.** A master's row with earnings 4 years after completion and a bachelor's row of the
   same institution and CIP family with earnings at the same horizon. Raw gap
   ``y = log(master's median / bachelor's median)``.
2. **Experience.** At the same time since completion, master's graduates have more years of
   work behind them: the years they worked before enrolling, and, when they studied part-time
   or online, the years of the program itself. The pay growth those years explain is taken from
   the ROI model's own career profile (``defaults.EXPERIENCE_GROWTH_START`` falling linearly to
   0 at ``EXPERIENCE_FLAT_AFTER_YEARS``): ``E(h + gap) - E(h)``, ``E`` its integral. Economy-wide
   real wage growth is left out: both cohorts are measured in the same calendar years, so it
   cancels. Adjusted gap ``a = y - growth``. The Scorecard does not say whether a program is
   full-time or part-time, so the fit uses the midpoint of the two documented gaps; a program
   whose mode is known is re-adjusted with its own gap.
3. **Sampling noise.** ``v = (pi/2) sigma^2 (1/n_master + 1/n_bachelor)``: the variance of a
   sample median of a normal log-earnings distribution with within-cohort sd ``sigma``.
4. **Field family.** Per CIP family: the mean of ``a``, the between-program variance ``tau^2``
   by the method of moments (sample variance minus mean ``v``, floored), both falling back to
   all families pooled when the family has too few pairs.
5. **Literature prior** on the family's mean causal premium, ``N(prior_mean, prior_sd^2)`` on
   the causal scale, i.e. ``N(prior_mean / s, (prior_sd / s)^2)`` on the raw scale: combined
   with the family mean by precision weighting.
6. **Own pair**: shrunk toward that posterior family mean with weight
   ``w = tau^2 / (tau^2 + v)`` (empirical Bayes).
7. **Selection share** ``s``: only part of the (experience-adjusted) gap is caused by the
   degree; the causal premium is ``beta = s x theta``, its sd ``s x sd(theta)``.

Programs without their own pair get ``s x`` the posterior family mean and the family's spread
(source "field family"); programs in a family without enough pairs get the literature prior
with the pooled spread (source "literature prior").

Pure and vectorised: ``fit_premiums`` validates nothing beyond the table's columns and does
one pass of pandas/NumPy; ``PremiumFit.for_program`` is a dictionary look-up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.defaults import Default

Source = Literal["own pair", "field family", "literature prior"]

#: Earnings horizon (years after completion) the pairs are compared at. The Scorecard's
#: 1-year measure is a different, lower one and the premium grows with time since the degree
#: (Altonji & Zhong 2021), so the 3 pairs known only at 1 year are left out, never mixed in.
HORIZON_YEARS = 4

_PI_2 = math.pi / 2.0


class PremiumParams(BaseModel):
    """Every default of the premium model; each one a what-if (see ``PREMIUM_DEFAULTS``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prior_mean: float = Field(
        default=round(math.log(1.14), 4),
        ge=-0.5,
        le=1.0,
        description="Literature prior: mean causal log premium of a master's degree "
        "(log 1.14: +14% quarterly earnings, Minaya, Scott-Clayton & Zhou 2024).",
    )
    prior_sd: float = Field(
        default=0.06,
        gt=0.0,
        le=1.0,
        description="Literature prior: sd of that mean (mlmasters assumption: +-1.64 sd spans "
        "about 3%-23%, the issue's 5-20% literature range with room).",
    )
    selection_share: float = Field(
        default=round(math.log(1.14) / math.log(1497 / 1248), 3),
        gt=0.0,
        le=1.0,
        description="Share of the experience-adjusted master's/bachelor's gap caused by the "
        "degree: the fixed-effects premium (log 1.14, Minaya et al. 2024) over the raw CPS gap "
        "(log 1497/1248, BLS Education pays 2019).",
    )
    experience_gap_full_time_years: float = Field(
        default=2.5,
        ge=0.0,
        le=20.0,
        description="Extra years of work experience of full-time master's graduates at the "
        "same time since completion: the wait between bachelor's and graduate enrolment "
        "(NCES 2007-162: most waited 2 to 3 years).",
    )
    experience_gap_part_time_years: float = Field(
        default=5.5,
        ge=0.0,
        le=25.0,
        description="The same for part-time or online students, who also work while studying: "
        "the 2.5-year wait plus the 3 years master's students took on average (NCES 2007-162).",
    )
    within_cohort_log_sd: float = Field(
        default=0.424,
        gt=0.0,
        le=2.0,
        description="Sd of log earnings within one program's graduates (sampling noise of a "
        "median): OEWS May 2025 Data Scientists (15-2051), national p10 $67,240 and p90 "
        "$199,130, log(p90/p10) / (2 x 1.2816).",
    )
    experience_growth_start: float = Field(
        default=D.EXPERIENCE_GROWTH_START,
        ge=0.0,
        le=0.5,
        description="Career profile: experience growth a year at entry (the ROI model's own).",
    )
    experience_flat_after_years: float = Field(
        default=D.EXPERIENCE_FLAT_AFTER_YEARS,
        gt=0.0,
        le=60.0,
        description="Career profile: years after which experience adds no growth.",
    )
    family_min_pairs: int = Field(
        default=D.FAMILY_MIN_ROWS,
        ge=1,
        description="Fewest pairs a CIP family needs for its own mean (else all families).",
    )
    tau_min_pairs: int = Field(
        default=10,
        ge=2,
        description="Fewest pairs a CIP family needs for its own between-program variance "
        "(else all families pooled): mlmasters assumption.",
    )

    @property
    def experience_gap_unknown_years(self) -> float:
        """Gap when the mode is unknown (every Scorecard pair): the midpoint of the two."""
        return 0.5 * (self.experience_gap_full_time_years + self.experience_gap_part_time_years)

    def gap_years(self, part_time_or_online: bool | None) -> float:
        if part_time_or_online is None:
            return self.experience_gap_unknown_years
        if part_time_or_online:
            return self.experience_gap_part_time_years
        return self.experience_gap_full_time_years


_P = PremiumParams()

PREMIUM_DEFAULTS: tuple[Default, ...] = (
    Default(
        "premium prior mean",
        f"{_P.prior_mean:.3f} log points (+14%)",
        "Minaya, Scott-Clayton & Zhou (2024), Research in Higher Education 65(5): individual "
        "fixed effects, Ohio, about +14% quarterly earnings on average",
    ),
    Default(
        "premium prior sd",
        f"{_P.prior_sd:.2f} log points (on the mean of a field family)",
        "mlmasters assumption: the literature's 5-20% range (returns vary widely by field: "
        "Minaya et al. 2024; Altonji & Zhong 2021)",
    ),
    Default(
        "selection share",
        f"{_P.selection_share:.2f} of the experience-adjusted gap is causal",
        "ratio of two verified figures: log(1.14) fixed-effects premium (Minaya et al. 2024) "
        "over the raw log(1,497/1,248) weekly-earnings gap, master's vs bachelor's (BLS, "
        "Education pays, CPS 2019); fixed effects lower the MBA return (Arcidiacono, Cooley & "
        "Hussey 2008); ignoring selection is 'often highly misleading' (Altonji & Zhong 2021)",
    ),
    Default(
        "experience gap, full-time",
        f"{_P.experience_gap_full_time_years:g} years",
        "NCES 2007-162 (Nevill & Chen, B&B:93/03): most students waited between 2 and 3 years "
        "before first enrolling in a graduate degree program",
    ),
    Default(
        "experience gap, part-time or online",
        f"{_P.experience_gap_part_time_years:g} years",
        "NCES 2007-162: the same wait plus the 3 years master's students took on average "
        "(they work while studying)",
    ),
    Default(
        "experience gap, mode unknown (every Scorecard pair)",
        f"{_P.experience_gap_unknown_years:g} years (midpoint)",
        "mlmasters assumption",
    ),
    Default(
        "pay growth from experience",
        "the ROI career profile: growth "
        f"{_P.experience_growth_start:.2%} a year at entry falling to 0 at "
        f"{_P.experience_flat_after_years:g} years; economy-wide growth cancels (same years)",
        "Lagakos et al. (2018), as in the ROI model",
    ),
    Default(
        "within-program spread of log earnings",
        f"sd {_P.within_cohort_log_sd:.3f}",
        "BLS OEWS May 2025, Data Scientists (15-2051) national p10 $67,240 / p90 $199,130",
    ),
    Default(
        "sampling variance of a median",
        "(pi/2) sigma^2 / n per cohort, n = completers (at least 1)",
        "normal-theory variance of a sample median",
    ),
    Default(
        "shrinkage",
        f"empirical Bayes toward the CIP family (own mean with >= {_P.family_min_pairs} "
        f"pairs, own tau^2 with >= {_P.tau_min_pairs}; else all families); tau^2 by the "
        "method of moments",
        "mlmasters",
    ),
    Default("horizon", f"{HORIZON_YEARS} years after completion only", "College Scorecard"),
)


def part_time_or_online(delivery: str | None, modes: list[str] | None) -> bool | None:
    """A program's mode for the experience gap: online or hybrid delivery, or part-time as
    the only enrolment mode -> True; full-time as the only mode (and not online) -> False;
    otherwise unknown (None)."""
    if delivery in ("online", "hybrid"):
        return True
    m = set(modes or [])
    if m == {"part-time"}:
        return True
    if m == {"full-time"}:
        return False
    return None


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


@dataclass(frozen=True)
class FamilyStats:
    cip_code: str
    n_pairs: int
    mean_adjusted: float
    tau2: float
    tau2_own: bool
    post_mean: float
    post_var: float


def experience_growth(
    horizon: float | np.ndarray, gap: float, params: PremiumParams
) -> float | np.ndarray:
    """Log pay growth the ``gap`` extra years explain at ``horizon`` years of experience."""

    def cum(x: float | np.ndarray) -> float | np.ndarray:
        flat = params.experience_flat_after_years
        xc = np.minimum(x, flat)
        return params.experience_growth_start * (xc - xc * xc / (2.0 * flat))

    out = cum(np.asarray(horizon, dtype=float) + gap) - cum(np.asarray(horizon, dtype=float))
    return float(out) if np.ndim(out) == 0 else out


def _pairs(fos: pd.DataFrame, params: PremiumParams) -> pd.DataFrame:
    cols = [
        "unitid",
        "cip_code",
        "institution",
        "credential_level",
        "completers_count",
        "earnings_median_usd",
        "earnings_horizon_years",
    ]
    missing = [c for c in cols if c not in fos.columns]
    if missing:
        raise ValueError(f"scorecard_fos lacks columns {missing}")
    ok = (fos["earnings_horizon_years"].to_numpy(dtype=float, na_value=np.nan) == HORIZON_YEARS) & (
        fos["earnings_median_usd"].to_numpy(dtype=float, na_value=np.nan) > 0
    )
    lvl = fos["credential_level"].to_numpy(dtype=float, na_value=np.nan)
    key = (fos["unitid"].astype(str) + "|" + fos["cip_code"].astype(str)).to_numpy(dtype=object)
    mi = np.flatnonzero(ok & (lvl == 5))
    bi = np.flatnonzero(ok & (lvl == 3))
    bkeys = pd.Index(key[bi])
    if not bkeys.is_unique:
        raise ValueError("scorecard_fos has two bachelor's rows for one institution and CIP")
    pos = bkeys.get_indexer(key[mi])
    mi, bi = mi[pos >= 0], bi[pos[pos >= 0]]
    med = fos["earnings_median_usd"].to_numpy(dtype=float, na_value=np.nan)
    out = pd.DataFrame(
        {
            "unitid": fos["unitid"].astype(str).to_numpy()[mi],
            "cip_code": fos["cip_code"].astype(str).to_numpy()[mi],
            "institution": fos["institution"].astype(str).to_numpy()[mi],
            "master_median_usd": med[mi],
            "bachelor_median_usd": med[bi],
            "master_completers": _count(fos["completers_count"].iloc[mi]),
            "bachelor_completers": _count(fos["completers_count"].iloc[bi]),
        }
    )
    out["raw"] = np.log(out["master_median_usd"] / out["bachelor_median_usd"])
    gap = params.experience_gap_unknown_years
    out["growth"] = experience_growth(np.full(len(out), float(HORIZON_YEARS)), gap, params)
    out["adjusted"] = out["raw"] - out["growth"]
    s2 = params.within_cohort_log_sd**2
    out["noise_var"] = (
        _PI_2 * s2 * (1.0 / out["master_completers"] + 1.0 / out["bachelor_completers"])
    )
    return out.sort_values(["cip_code", "unitid"]).reset_index(drop=True)


def _count(s: pd.Series) -> np.ndarray:
    """Completers as a float array; missing or 0 counts as 1 (the noisiest case)."""
    return s.astype("Float64").fillna(1.0).to_numpy(dtype=float).clip(min=1.0)


#: Floor of the between-program variance: "no evidence of differences" is not zero spread.
TAU2_FLOOR = 1e-4


def random_effects(
    a: np.ndarray, v: np.ndarray, mask: np.ndarray, tau2_fallback: np.ndarray, min_k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Random-effects summaries of the adjusted gaps ``a`` (sampling variances ``v``), one per
    row of the boolean ``mask`` (rows: groups, columns: pairs).

    Returns ``(k, tau2, mean, var_mean)``: the number of pairs, the between-program variance
    by the DerSimonian-Laird method of moments (``(Q - (k - 1)) / (S1 - S2 / S1)`` with weights
    ``1 / v``; ``tau2_fallback`` where ``k < min_k``; floored), and the mean weighted by
    ``1 / (tau2 + v)`` with its variance. Leave-one-out is the same call with the diagonal off.
    """
    m = mask.astype(float)
    w = 1.0 / v
    k = m.sum(axis=1)
    sw = m @ w
    sw2 = m @ (w * w)
    swa = m @ (w * a)
    swa2 = m @ (w * a * a)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = swa2 - swa * swa / sw
        dl = (q - (k - 1.0)) / (sw - sw2 / sw)
    tau2 = np.where(k >= min_k, np.nan_to_num(dl, nan=TAU2_FLOOR), tau2_fallback)
    tau2 = np.maximum(tau2, TAU2_FLOOR)
    r = m / (tau2[:, None] + v[None, :])
    rs = r.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (r @ a) / rs
        var_mean = 1.0 / rs
    return k, tau2, mean, var_mean


def posterior_mean(
    data_mean: np.ndarray, data_var: np.ndarray, prior_mean: float, prior_var: float
) -> tuple[np.ndarray, np.ndarray]:
    """Precision-weighted combination of a data mean with the (raw-scale) literature prior;
    a missing data mean (no pairs) leaves the prior."""
    ok = np.isfinite(data_mean) & np.isfinite(data_var) & (data_var > 0)
    dprec = np.where(ok, 1.0 / np.where(ok, data_var, 1.0), 0.0)
    dmean = np.where(ok, data_mean, 0.0)
    prec = dprec + 1.0 / prior_var
    return (dmean * dprec + prior_mean / prior_var) / prec, 1.0 / prec


@dataclass(frozen=True)
class PremiumFit:
    """The fitted model: the pairs with their estimates, the families, the pooled figures."""

    params: PremiumParams
    pairs: pd.DataFrame
    families: dict[str, FamilyStats]
    pooled: FamilyStats

    @property
    def n_pairs(self) -> int:
        return len(self.pairs)

    @cached_property
    def _pair_index(self) -> dict[tuple[str, str], int]:
        """Row of each (unitid, cip) pair, built once (a boolean filter per program cost
        2 ms: 5 s over the catalog)."""
        uid, cip = self.pairs["unitid"].astype(str), self.pairs["cip_code"].astype(str)
        return {(u, c): i for i, (u, c) in enumerate(zip(uid, cip, strict=True))}

    def _pair(self, unitid: str | None, cip: str | None) -> pd.Series | None:
        if not unitid or not cip:
            return None
        i = self._pair_index.get((unitid, cip))
        return None if i is None else self.pairs.iloc[i]

    def family_for(self, cip_code: str | None) -> FamilyStats | None:
        fam = self.families.get(cip_code or "")
        return fam if fam is not None and fam.n_pairs >= self.params.family_min_pairs else None

    def for_program(
        self, unitid: str | None, cip_code: str | None, part_time_or_online: bool | None
    ) -> Premium:
        """The premium of one program (its own pair, else its field family, else the prior)."""
        p = self.params
        s = p.selection_share
        fam = self.family_for(cip_code)
        row = self._pair(unitid, cip_code)
        if row is not None:
            target = fam or self.pooled
            tau2 = target.tau2
            growth = float(
                experience_growth(float(HORIZON_YEARS), p.gap_years(part_time_or_online), p)
            )
            adjusted = float(row["raw"]) - growth
            v = float(row["noise_var"])
            w = tau2 / (tau2 + v)
            theta = w * adjusted + (1.0 - w) * target.post_mean
            var = (1.0 - w) * tau2 + (1.0 - w) ** 2 * target.post_var
            toward = f"the CIP {cip_code} family" if fam else "all ML-related fields"
            mode = {None: "mode unknown", True: "part-time/online", False: "full-time"}[
                part_time_or_online
            ]
            label = (
                f"estimated from this institution's master's vs bachelor's graduates in the "
                f"same field (medians ${float(row['master_median_usd']):,.0f} vs "
                f"${float(row['bachelor_median_usd']):,.0f}, {HORIZON_YEARS} years after "
                f"completion), less {p.gap_years(part_time_or_online):g} years' extra "
                f"experience ({mode}), shrunk {1 - w:.0%} toward {toward}; {s:.0%} of the "
                "gap counted as caused by the degree"
            )
            if theta < 0:
                label += (
                    ". Its master's graduates earn less than its bachelor's graduates once "
                    "experience is counted: often a sign they are different people (career "
                    "changers, another field before), not that the degree lowers pay"
                )
            return Premium(
                mean=s * theta,
                sd=s * math.sqrt(var),
                source="own pair",
                label=label,
                n_pairs=target.n_pairs,
                raw_log_ratio=float(row["raw"]),
                master_median_usd=float(row["master_median_usd"]),
                bachelor_median_usd=float(row["bachelor_median_usd"]),
                master_completers=int(row["master_completers"]),
                bachelor_completers=int(row["bachelor_completers"]),
                experience_growth=growth,
                shrink_weight=w,
                family=cip_code if fam else None,
            )
        if fam is not None:
            return Premium(
                mean=s * fam.post_mean,
                sd=s * math.sqrt(fam.tau2 + fam.post_var),
                source="field family",
                label=(
                    f"no same-institution bachelor's comparison for this program: the CIP "
                    f"{cip_code} field's typical premium ({fam.n_pairs} institutions' master's "
                    f"vs bachelor's graduates, with the literature prior; {s:.0%} counted as "
                    "caused by the degree)"
                ),
                n_pairs=fam.n_pairs,
                raw_log_ratio=None,
                family=cip_code,
            )
        return Premium(
            mean=p.prior_mean,
            sd=math.sqrt(p.prior_sd**2 + s * s * self.pooled.tau2),
            source="literature prior",
            label=(
                "too little federal data in this field: the published causal estimate of a "
                f"master's degree (+{math.exp(p.prior_mean) - 1:.0%} on average, Minaya, "
                "Scott-Clayton & Zhou 2024), with the spread between programs seen in other fields"
            ),
            n_pairs=0,
            raw_log_ratio=None,
        )

    def for_programs(self, programs: pd.DataFrame) -> pd.DataFrame:
        """Vectorised ``for_program`` over columns unitid, cip_code, part_time_or_online
        (object/boolean, may be missing): returns mean, sd and source per row."""
        p = self.params
        s = p.selection_share
        n = len(programs)
        uid = programs["unitid"].astype("string").fillna("").to_numpy(dtype=object)
        cip = programs["cip_code"].astype("string").fillna("").to_numpy(dtype=object)
        mode = (
            programs["part_time_or_online"].astype("boolean")
            if "part_time_or_online" in programs
            else pd.Series(pd.NA, index=programs.index, dtype="boolean")
        )
        fam_keys = {k for k, f in self.families.items() if f.n_pairs >= p.family_min_pairs}
        has_fam = np.array([c in fam_keys for c in cip], dtype=bool)

        def fam_attr(name: str) -> np.ndarray:
            pooled = float(getattr(self.pooled, name))
            return np.array(
                [
                    float(getattr(self.families[c], name)) if h else pooled
                    for c, h in zip(cip, has_fam, strict=True)
                ]
            )

        post_mean, post_var, tau2 = fam_attr("post_mean"), fam_attr("post_var"), fam_attr("tau2")
        mean = np.where(has_fam, s * post_mean, p.prior_mean)
        sd = np.where(
            has_fam,
            s * np.sqrt(tau2 + post_var),
            math.sqrt(p.prior_sd**2 + s * s * self.pooled.tau2),
        )
        source = np.where(has_fam, "field family", "literature prior").astype(object)
        key = pd.MultiIndex.from_arrays([uid, cip])
        pk = pd.MultiIndex.from_arrays([self.pairs["unitid"], self.pairs["cip_code"]])
        pos = pk.get_indexer(key)
        own = pos >= 0
        if own.any():
            pr = self.pairs.iloc[pos[own]]
            gaps = np.array(
                [p.gap_years(None if m is pd.NA else bool(m)) for m in mode.to_numpy()[own]]
            )
            growth = np.array([float(experience_growth(float(HORIZON_YEARS), g, p)) for g in gaps])
            adjusted = pr["raw"].to_numpy() - growth
            v = pr["noise_var"].to_numpy()
            w = tau2[own] / (tau2[own] + v)
            theta = w * adjusted + (1.0 - w) * post_mean[own]
            var = (1.0 - w) * tau2[own] + (1.0 - w) ** 2 * post_var[own]
            mean[own] = s * theta
            sd[own] = s * np.sqrt(var)
            source[own] = "own pair"
        return pd.DataFrame({"mean": mean, "sd": sd, "source": source}, index=programs.index[:n])


def fit_premiums(fos: pd.DataFrame, params: PremiumParams = _P) -> PremiumFit:
    """Fit the premium model on the Scorecard field-of-study table (see the module docstring)."""
    pairs = _pairs(fos, params)
    s = params.selection_share
    prior_m, prior_v = params.prior_mean / s, (params.prior_sd / s) ** 2
    a = pairs["adjusted"].to_numpy()
    v = pairs["noise_var"].to_numpy()
    n = len(pairs)
    # pooled over every family
    k0, t0, m0, vm0 = random_effects(
        a, v, np.ones((1, n), dtype=bool), np.array([TAU2_FLOOR]), params.tau_min_pairs
    )
    pm0, pv0 = posterior_mean(m0, vm0, prior_m, prior_v)
    pooled = FamilyStats(
        "all", int(k0[0]), float(m0[0]), float(t0[0]), True, float(pm0[0]), float(pv0[0])
    )
    # per family, tau^2 falling back to the pooled one
    cips, fi = np.unique(pairs["cip_code"].to_numpy(dtype=str), return_inverse=True)
    mask = fi[None, :] == np.arange(len(cips))[:, None]
    k, tau2, fmean, fvar = random_effects(
        a, v, mask, np.full(len(cips), float(t0[0])), params.tau_min_pairs
    )
    post_m, post_v = posterior_mean(fmean, fvar, prior_m, prior_v)
    families = {
        str(c): FamilyStats(
            str(c),
            int(kk),
            float(mm),
            float(t),
            bool(kk >= params.tau_min_pairs),
            float(q),
            float(r),
        )
        for c, kk, mm, t, q, r in zip(cips, k, fmean, tau2, post_m, post_v, strict=True)
    }
    # every pair's own estimate (mode unknown), for the tables and the back-test
    use_fam = k[fi] >= params.family_min_pairs
    t2 = np.where(use_fam, tau2[fi], pooled.tau2)
    mu = np.where(use_fam, post_m[fi], pooled.post_mean)
    muv = np.where(use_fam, post_v[fi], pooled.post_var)
    w = t2 / (t2 + v)
    theta = w * a + (1.0 - w) * mu
    pairs["shrink_weight"] = w
    pairs["premium_mean"] = s * theta
    pairs["premium_sd"] = s * np.sqrt((1.0 - w) * t2 + (1.0 - w) ** 2 * muv)
    return PremiumFit(params=params, pairs=pairs, families=families, pooled=pooled)


__all__ = [
    "HORIZON_YEARS",
    "PREMIUM_DEFAULTS",
    "FamilyStats",
    "Premium",
    "PremiumFit",
    "PremiumParams",
    "experience_growth",
    "fit_premiums",
    "part_time_or_online",
]
