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
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.defaults import Default

Source = Literal["own pair", "field family", "all ML fields", "your figure"]

#: Earnings horizon (years after completion) the pairs are compared at. The Scorecard's
#: 1-year measure is a different, lower one and the premium grows with time since the degree
#: (Altonji & Zhong 2021), so the pairs known only at 1 year are left out, never mixed in.
HORIZON_YEARS = 4

_PI_2 = math.pi / 2.0


class PremiumParams(BaseModel):
    """Every default of the premium model; each one a what-if (see ``PREMIUM_DEFAULTS``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prior_mean: float = Field(
        default=round(math.log(1.14), 4),
        ge=-0.5,
        le=1.0,
        description="Literature prior on the mean of all ML-related fields: causal log premium "
        "of a master's degree (log 1.14: +14% quarterly earnings, Minaya, Scott-Clayton & Zhou "
        "2024).",
    )
    prior_sd: float = Field(
        default=0.06,
        gt=0.0,
        le=1.0,
        description="Literature prior: sd of that mean (mlmasters assumption: +-1.64 sd spans "
        "about 3%-23%, the literature's 5-20% range with room).",
    )
    selection_share: float = Field(
        default=1.0,
        gt=0.0,
        le=1.0,
        description="Share of the within-institution, experience-adjusted gap caused by the "
        "degree (mlmasters assumption: 1, no further correction; 0.72 is the national ratio of "
        "a fixed-effects premium to the raw gap, a lower bound since that ratio also removes "
        "experience).",
    )
    experience_gap_years: float = Field(
        default=4.0,
        ge=0.0,
        le=20.0,
        description="Extra years of work experience of a program's master's graduates at the "
        "same time since completion (mlmasters assumption, range 2.5-5.5: the 2-3 year wait "
        "before graduate enrolment of NCES 2007-162, plus up to 3 years for those who study "
        "while working).",
    )
    causal_variance_share: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Share of the between-program variance of the adjusted gaps that is the "
        "programs' own effect rather than who they enrol (mlmasters assumption, range 0.25-1).",
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


_P = PremiumParams()

#: The assumptions' documented ranges (low, high): the tornado and the what-ifs use them.
EXPERIENCE_GAP_RANGE = (2.5, 5.5)
SELECTION_SHARE_RANGE = (0.72, 1.0)
CAUSAL_VARIANCE_SHARE_RANGE = (0.25, 1.0)

PREMIUM_DEFAULTS: tuple[Default, ...] = (
    Default(
        "premium prior (all ML-related fields)",
        f"{_P.prior_mean:.3f} log points (+14%), sd {_P.prior_sd:.2f}",
        "Minaya, Scott-Clayton & Zhou (2024), Research in Higher Education 65(5): individual "
        "fixed effects, Ohio, about +14% quarterly earnings on average; the sd an mlmasters "
        "assumption (the literature's 5-20% range). A prior on the top level only: a field "
        "family or a program never takes it in place of data",
    ),
    Default(
        "selection factor",
        f"{_P.selection_share:g} of the within-institution, experience-adjusted gap "
        f"(what-if range {SELECTION_SHARE_RANGE[0]:g}-{SELECTION_SHARE_RANGE[1]:g})",
        "mlmasters assumption: both cohorts come from one institution and field and the "
        "cohort's extra experience is removed; 0.72 = log(1.14) fixed-effects premium (Minaya et "
        "al. 2024) over the raw log(1,497/1,248) gap (BLS, Education pays, CPS 2019), a lower "
        "bound because fixed effects also remove experience",
    ),
    Default(
        "experience gap of a program's graduates",
        f"{_P.experience_gap_years:g} years for every program and applicant (range "
        f"{EXPERIENCE_GAP_RANGE[0]:g}-{EXPERIENCE_GAP_RANGE[1]:g})",
        "mlmasters assumption from NCES 2007-162 (Nevill & Chen, B&B:93/03): most students "
        "waited 2 to 3 years before graduate enrolment; those who study while working add the "
        "about 3 years master's students took",
    ),
    Default(
        "share of between-program differences that are the program's effect",
        f"{_P.causal_variance_share:g} (range {CAUSAL_VARIANCE_SHARE_RANGE[0]:g}-"
        f"{CAUSAL_VARIANCE_SHARE_RANGE[1]:g})",
        "mlmasters assumption: a same-institution gap also measures who the master's draws "
        "(no published split was found)",
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
        "(pi/2) sigma^2 / n per cohort, n = completers of all campuses sharing the figure; a "
        "pair without any count is left out",
        "normal-theory variance of a sample median",
    ),
    Default(
        "shrinkage",
        f"three levels: pair -> CIP family (own mean with >= {_P.family_min_pairs} pairs, own "
        f"tau^2 with >= {_P.tau_min_pairs}) -> all ML-related families -> literature prior; "
        "variances by the DerSimonian-Laird method of moments",
        "mlmasters",
    ),
    Default("horizon", f"{HORIZON_YEARS} years after completion only", "College Scorecard"),
)


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


def _rows(fos: pd.DataFrame) -> pd.DataFrame:
    """Master's rows beside the bachelor's row of their institution and family (4 years)."""
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
    cnt = fos["completers_count"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    cnt = np.where(cnt > 0, cnt, np.nan)
    return pd.DataFrame(
        {
            "unitid": fos["unitid"].astype(str).to_numpy()[mi],
            "cip_code": fos["cip_code"].astype(str).to_numpy()[mi],
            "institution": fos["institution"].astype(str).to_numpy()[mi],
            "master_median_usd": med[mi],
            "bachelor_median_usd": med[bi],
            "master_completers": cnt[mi],
            "bachelor_completers": cnt[bi],
        }
    )


def _pairs(fos: pd.DataFrame, params: PremiumParams) -> tuple[pd.DataFrame, dict[str, int]]:
    """Distinct pairs (campus copies collapsed) and each campus's pair row, keyed
    ``unitid|cip``."""
    rows = _rows(fos)
    key = ["cip_code", "master_median_usd", "bachelor_median_usd"]
    rows = rows.sort_values(["cip_code", "unitid"]).reset_index(drop=True)
    grp = rows.groupby(key, sort=False)

    # the campus with the most master's completers names the pair
    order = rows.assign(_n=rows["master_completers"].fillna(-1.0)).sort_values(
        ["_n", "unitid"], ascending=[False, True]
    )
    lead = order.groupby(key, sort=False).head(1).set_index(key)

    def total(col: str) -> pd.Series:
        return grp[col].sum(min_count=1)

    out = pd.DataFrame(
        {
            "master_completers": total("master_completers"),
            "bachelor_completers": total("bachelor_completers"),
            "campuses": grp.size(),
        }
    )
    out = out.join(lead[["unitid", "institution"]]).reset_index()
    out = out.sort_values(["cip_code", "unitid"]).reset_index(drop=True)
    out["raw"] = np.log(out["master_median_usd"] / out["bachelor_median_usd"])
    out["growth"] = experience_growth(
        np.full(len(out), float(HORIZON_YEARS)), params.experience_gap_years, params
    )
    out["adjusted"] = out["raw"] - out["growth"]
    s2 = params.within_cohort_log_sd**2
    out["noise_var"] = (
        _PI_2 * s2 * (1.0 / out["master_completers"] + 1.0 / out["bachelor_completers"])
    )
    # map each campus row to its distinct pair
    gkeys = pd.MultiIndex.from_frame(out[key])
    rk = pd.MultiIndex.from_frame(rows[key])
    pos = gkeys.get_indexer(rk)
    index = {
        f"{u}|{c}": int(p)
        for u, c, p in zip(rows["unitid"], rows["cip_code"], pos, strict=True)
        if p >= 0
    }
    return out, index


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
    data_mean: np.ndarray, data_var: np.ndarray, prior_mean: float | np.ndarray, prior_var: float
) -> tuple[np.ndarray, np.ndarray]:
    """Precision-weighted combination of a data mean with a prior; a missing data mean (no
    pairs) leaves the prior."""
    ok = np.isfinite(data_mean) & np.isfinite(data_var) & (data_var > 0)
    dprec = np.where(ok, 1.0 / np.where(ok, data_var, 1.0), 0.0)
    dmean = np.where(ok, data_mean, 0.0)
    prec = dprec + 1.0 / prior_var
    return (dmean * dprec + prior_mean / prior_var) / prec, 1.0 / prec


@dataclass(frozen=True)
class TopLevel:
    """The mean of all ML-related families (raw scale) and the spread of family means."""

    n_families: int
    data_mean: float
    omega2: float
    post_mean: float
    post_var: float


def top_level(
    fam_mean: np.ndarray, fam_var: np.ndarray, params: PremiumParams
) -> tuple[TopLevel, np.ndarray, np.ndarray]:
    """Random effects over the family means, with the literature prior on its mean; returns
    the top level and each family's posterior mean and variance (shrunk toward it)."""
    s = params.selection_share
    prior_m, prior_v = params.prior_mean / s, (params.prior_sd / s) ** 2
    ok = np.isfinite(fam_mean) & np.isfinite(fam_var) & (fam_var > 0)
    a, v = fam_mean[ok], fam_var[ok]
    if a.size == 0:
        top = TopLevel(0, float("nan"), TAU2_FLOOR, prior_m, prior_v)
        return top, np.full(fam_mean.shape, prior_m), np.full(fam_mean.shape, prior_v)
    _k, om, mu, vmu = random_effects(
        a, v, np.ones((1, a.size), dtype=bool), np.array([TAU2_FLOOR]), 3
    )
    pm, pv = posterior_mean(mu, vmu, prior_m, prior_v)
    top = TopLevel(int(a.size), float(mu[0]), float(om[0]), float(pm[0]), float(pv[0]))
    # each family: its data mean against N(top, omega^2 + var(top))
    post_m, post_v = posterior_mean(fam_mean, fam_var, top.post_mean, top.omega2 + top.post_var)
    return top, post_m, post_v


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
                    "programs with master's vs bachelor's graduates of one institution), with "
                    "the spread between programs added"
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
    pairs, campus_index = _pairs(fos, params)
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
    )


__all__ = [
    "CAUSAL_VARIANCE_SHARE_RANGE",
    "EXPERIENCE_GAP_RANGE",
    "HORIZON_YEARS",
    "PREMIUM_DEFAULTS",
    "SELECTION_SHARE_RANGE",
    "FamilyStats",
    "Premium",
    "PremiumFit",
    "PremiumParams",
    "TopLevel",
    "experience_growth",
    "fit_premiums",
]
