"""What the ranking reads from the other models: readiness gaps (assess) and the person's
return and plan (the ROI catalog frame, one row per program, from the one scenario).

Pure functions over their results; the service calls the models and passes them in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from mlmasters.models.assess.readiness import DEFAULT_READINESS, AreaReadiness
from mlmasters.models.rank.facts import ProgramFacts

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_GAP_STATUSES = ("gap", "bridge")


@dataclass(frozen=True)
class GapArea:
    """A readiness gap of the person (from the assess model) and the words that name it."""

    area: str
    label: str
    keywords: tuple[str, ...]


def readiness_gaps(readiness: list[AreaReadiness]) -> tuple[GapArea, ...]:
    """The person's gaps (``gap``/``bridge`` areas) with the prerequisite words that name
    them (from the readiness rule table)."""
    words = {str(r.area): tuple(r.prerequisite_keywords) for r in DEFAULT_READINESS.areas}
    return tuple(
        GapArea(str(item.area), str(item.label), words[str(item.area)])
        for item in readiness
        if str(item.status) in _GAP_STATUSES and words.get(str(item.area))
    )


@dataclass(frozen=True)
class RoiColumns:
    """The ROI catalog frame aligned to the facts' rows (NaN where not computed)."""

    npv_mean: FloatArray
    npv_p50: FloatArray  # the typical outcome: the headline and the career criterion
    p_loss: FloatArray
    months_p50: FloatArray  # plan's median months to the degree, bridge included
    tuition_usd: FloatArray  # the scenario's tuition (your figure, program or IPEDS)
    infeasible: BoolArray  # the person cannot take it (mode or hours): status "not feasible"
    reasons: dict[int, str]  # row -> why not feasible
    mode: dict[int, str]  # row -> study mode of the plan
    verdict: dict[int, str]  # row -> the verdict sentence (rows with a return)


def roi_columns(frame: pd.DataFrame, facts: ProgramFacts) -> RoiColumns:
    n = facts.n
    cols = {
        k: np.full(n, np.nan) for k in ("npv_mean", "npv_p50", "p_loss", "months_p50", "tuition")
    }
    infeasible = np.zeros(n, dtype=np.bool_)
    reasons: dict[int, str] = {}
    rows = np.array([facts.index.get(str(pid), -1) for pid in frame["program_id"]], dtype=np.int64)
    sel = rows >= 0
    status = frame["status"].astype(str).to_numpy()
    ok = sel & (status == "ok")
    for key, col in (("npv_mean", "npv_mean"), ("npv_p50", "npv_p50"), ("p_loss", "p_loss")):
        vals = pd.to_numeric(frame[col], errors="coerce").to_numpy(float)
        cols[key][rows[ok]] = vals[ok]
    for key, col in (("months_p50", "months_p50"), ("tuition", "tuition_total_usd")):
        vals = pd.to_numeric(frame[col], errors="coerce").to_numpy(float)
        cols[key][rows[sel]] = vals[sel]
    bad = sel & (status == "not feasible")
    infeasible[rows[bad]] = True
    msgs = frame["message"].astype(str).to_numpy()
    for r, m in zip(rows[bad], msgs[bad], strict=True):
        reasons[int(r)] = m
    modes = frame["enrollment_mode"].to_numpy(dtype=object)
    verdicts = frame["verdict"].to_numpy(dtype=object)
    mode = {int(r): m for r, m, k in zip(rows, modes, sel, strict=True) if k and isinstance(m, str)}
    verdict = {
        int(r): v for r, v, k in zip(rows, verdicts, ok, strict=True) if k and isinstance(v, str)
    }
    return RoiColumns(
        mode=mode,
        verdict=verdict,
        npv_mean=cols["npv_mean"],
        npv_p50=cols["npv_p50"],
        p_loss=cols["p_loss"],
        months_p50=cols["months_p50"],
        tuition_usd=cols["tuition"],
        infeasible=infeasible,
        reasons=reasons,
    )
