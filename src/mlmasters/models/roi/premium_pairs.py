"""The premium model's evidence: distinct master's-vs-bachelor's pairs of the Scorecard.

``pair_rows`` puts each master's row (credential level 5, earnings 4 years after completion)
beside the bachelor's row of the same institution and 4-digit CIP family; ``distinct_pairs``
collapses the campus copies (the Scorecard repeats one figure on every campus of a
multi-campus institution: same family and the same two medians are one pair, its cohorts the
sum of the campuses' known completers; a pair without any count has no known sampling noise),
and adjusts each gap for the cohort's extra experience (``experience_growth``, the ROI
model's own career profile) with its sampling variance.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mlmasters.models.roi.premium_params import HORIZON_YEARS, PremiumParams

_PI_2 = math.pi / 2.0


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


def pair_rows(fos: pd.DataFrame) -> pd.DataFrame:
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


def distinct_pairs(fos: pd.DataFrame, params: PremiumParams) -> tuple[pd.DataFrame, dict[str, int]]:
    """Distinct pairs (campus copies collapsed) and each campus's pair row, keyed
    ``unitid|cip``."""
    rows = pair_rows(fos)
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


__all__ = ["distinct_pairs", "experience_growth", "pair_rows"]
