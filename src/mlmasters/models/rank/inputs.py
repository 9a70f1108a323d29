"""Inputs from the other models (assess, ROI, plan), read through their published contracts.

Each adapter returns ``None`` when the model is not (yet) available, and the criteria then
mark the parts it feeds as unknown with the reason. Contracts:

- assess: ``service.persona_of(profile) -> str`` (a key of ``PERSONA_WEIGHTS``) and
  ``mlmasters.models.assess.readiness.assess_readiness(profile)`` -> items with ``area``,
  ``label`` and ``status`` (``gap``/``bridge`` are gaps); prerequisite words per area from its
  rule table (``DEFAULT_READINESS.areas[*].prerequisite_keywords``) when it has them.
- ROI: ``service.roi_catalog(profile, program_ids=None, ...) -> DataFrame`` with columns
  ``program_id, npv_p50, p_loss, status`` (rows whose status is not ``ok`` are unknown).
- plan: ``service.plan(profile, program_id)`` whose result carries a ``TimeToDegreeSummary``
  (used on the compare page only; ranking uses published durations and credits).
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from mlmasters.errors import MlmastersError
from mlmasters.models.rank.criteria import GapArea
from mlmasters.models.rank.facts import ProgramFacts
from mlmasters.models.rank.weights import PERSONA_WEIGHTS
from mlmasters.profile import Profile

FloatArray = npt.NDArray[np.float64]

_GAP_STATUSES = ("gap", "bridge")


def persona_from_assess(service: Any, profile: Profile) -> str | None:
    fn = getattr(service, "persona_of", None)
    if fn is None:
        return None
    try:
        value = fn(profile)
    except NotImplementedError:
        return None
    key = getattr(value, "persona", value)
    return str(key) if str(key) in PERSONA_WEIGHTS else None


def readiness_gaps(profile: Profile) -> tuple[GapArea, ...] | None:
    try:
        mod = importlib.import_module("mlmasters.models.assess.readiness")
    except ImportError:
        return None
    fn = getattr(mod, "assess_readiness", None)
    if fn is None:
        return None
    words: dict[str, tuple[str, ...]] = {}
    table = getattr(mod, "DEFAULT_READINESS", None)
    for rule in getattr(table, "areas", ()) or ():
        kw = tuple(getattr(rule, "prerequisite_keywords", ()) or ())
        if kw:
            words[str(rule.area)] = kw
    out: list[GapArea] = []
    for item in fn(profile):
        if str(getattr(item, "status", "")) in _GAP_STATUSES:
            area = str(item.area)
            if area in words:
                out.append(GapArea(area, str(getattr(item, "label", area)), words[area]))
    return tuple(out)


#: Monte Carlo draws of the ROI summary the ranking uses (median NPV and P(loss) per
#: program). 2,000 draws put the standard error of a P(loss) at most about 1.1 points,
#: finer than the criterion needs, at a fifth of the 10,000-draw cost; the program page
#: and `mlmasters roi` keep 10,000.
RANK_ROI_DRAWS = 2_000


def roi_frame(service: Any, profile: Profile) -> pd.DataFrame | None:
    fn = getattr(service, "roi_catalog", None)
    if fn is None:
        return None
    try:
        frame = fn(profile, draws=RANK_ROI_DRAWS)
    except (TypeError, NotImplementedError):
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


def roi_arrays(
    frame: pd.DataFrame | None, facts: ProgramFacts
) -> tuple[FloatArray | None, FloatArray | None]:
    """ROI p50 NPV and P(loss) aligned to the facts' rows (NaN where not ``ok``)."""
    if frame is None or not {"program_id", "npv_p50", "p_loss"} <= set(frame.columns):
        return None, None
    npv = np.full(facts.n, np.nan)
    loss = np.full(facts.n, np.nan)
    ok = frame
    if "status" in frame.columns:
        ok = frame[frame["status"].astype(str) == "ok"]
    pos = [facts.index.get(str(pid), -1) for pid in ok["program_id"]]
    rows = np.array(pos, dtype=np.int64)
    sel = rows >= 0
    npv[rows[sel]] = pd.to_numeric(ok["npv_p50"], errors="coerce").to_numpy(float)[sel]
    loss[rows[sel]] = pd.to_numeric(ok["p_loss"], errors="coerce").to_numpy(float)[sel]
    return npv, loss


def plan_summary(service: Any, profile: Profile, program_id: str) -> dict[str, Any] | None:
    """The plan model's time-to-degree summary for one program, as plain data (or None)."""
    fn = getattr(service, "plan", None)
    if fn is None:
        return None
    try:
        res = fn(profile, program_id)
    except (TypeError, NotImplementedError, MlmastersError):
        return None  # another signature, or no plan for this program
    ttd = getattr(res, "time_to_degree", None) or res
    dump = getattr(ttd, "model_dump", None)
    if dump is None:
        return None
    data: dict[str, Any] = dump(mode="json")
    keep = ("p_complete", "months_p10", "months_p50", "months_p90", "mode", "planned_months")
    out: dict[str, Any] = {k: data[k] for k in keep if k in data}
    p_within = getattr(res, "p_finish_within_max_years", None)
    if p_within is not None:
        out["p_finish_within_max_years"] = float(p_within)
    work = getattr(res, "workload", None)
    for name in ("feasible", "hours_needed_per_week", "hours_available_per_week", "suggestion"):
        if work is not None and hasattr(work, name):
            out[f"workload_{name}"] = getattr(work, name)
    return out or None
