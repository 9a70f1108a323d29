"""Extract the ML-relevant master's and bachelor's rows of the College Scorecard file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mlmasters.data.schema import SCORECARD_FOS
from mlmasters.settings import cip_matches

#: Scorecard credential levels kept: 3 = bachelor's (the counterfactual), 5 = master's.
CREDENTIAL_LEVELS = ("3", "5")

_HORIZON_YEARS = {"4yr_after_completion": 4, "1yr_after_completion": 1}


def extract_scorecard(path: Path, families: tuple[str, ...]) -> pd.DataFrame:
    src = pd.read_parquet(path)
    cip4 = src["cip_code"].astype(str).str.slice(0, 2) + "." + src["cip_code"].astype(str).str[2:4]
    keep = src["credential_level"].astype(str).isin(CREDENTIAL_LEVELS) & cip4.map(
        lambda c: cip_matches(c, families)
    )
    s = src[keep]
    c4 = cip4[keep]
    out = pd.DataFrame(
        {
            "unitid": s["unitid"].astype(str),
            "opeid6": s["opeid6"].astype(str),
            "institution": s["inst_name"],
            "state": s["state"],
            "control": s["control"],
            "cip_code": c4,
            "cip_title": s["cip_desc"].str.rstrip("."),
            "credential_level": s["credential_level"].astype(int),
            "credential": s["credential_desc"],
            "completers_count": s["completers_count"].round(),
            "earnings_median_usd": s["earnings"].round(),
            "earnings_horizon_years": s["earnings_horizon"].map(_HORIZON_YEARS),
            "debt_median_usd": s["debt_median"].round(),
            "earnings_threshold_state_usd": s["earnings_threshold_state"].round(),
            "earnings_premium_state_usd": s["earnings_premium_state"].round(),
            "fails_earnings_premium": s["fails_ep_state"],
            "value_flag": s["value_flag"],
        }
    )
    out = out.astype(SCORECARD_FOS.dtypes())
    return out.sort_values(list(SCORECARD_FOS.key)).reset_index(drop=True)
