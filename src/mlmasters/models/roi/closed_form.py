"""The pre-tax closed form (``personal``'s docstring) for programs x draws: the gain, which
reads a program's premium only, less the tuition, which reads its tuition and loan factor
only. The catalog engine computes the gain once per distinct premium and subtracts each
program's tuition from it (the same operations on each element as ``npv_matrix``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi.draws import Draws, Scenario
from mlmasters.models.roi.personal import IntArray, PlanTerms, Programs, log_levels


def npv_matrix(
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
    dtype: type[np.floating[Any]] = np.float64,
) -> npt.NDArray[np.floating[Any]]:
    """Pre-tax NPV for programs ``idx`` x all draws (closed form), shape (len(idx), n): the
    gain, which depends on the premium only, less the tuition.

    ``dtype=np.float32`` halves the memory traffic (the catalog path).
    """
    out = completer_gain(progs, idx, terms, draws, scen, dtype)
    out -= tuition_cost(progs, idx, terms, scen, dtype)
    return out


def completer_gain(
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
    dtype: type[np.floating[Any]] = np.float64,
) -> npt.NDArray[np.floating[Any]]:
    """``npv_matrix`` before tuition: it reads the premium (centre and spread) only."""
    gain = log_levels(terms, progs, idx, draws, scen, dtype)
    np.exp(gain, out=gain)
    gain -= dtype(scen.salary_usd)
    gain *= terms.post[None, :].astype(dtype)
    gain += terms.base[None, :].astype(dtype)
    return gain


def tuition_cost(
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    scen: Scenario,
    dtype: type[np.floating[Any]] = np.float64,
) -> npt.NDArray[np.floating[Any]]:
    """The tuition part of ``npv_matrix`` (its present cost), (len(idx), n)."""
    e = scen.employer_support_usd
    tuition = (progs.tuition_usd[idx] * scen.tuition_scale)[:, None]
    kappa = progs.loan_factor[idx][:, None]
    inv_pace = 1.0 / np.maximum(terms.pace_years, 1e-9)
    if e > 0:
        rate = np.maximum(tuition * inv_pace[None, :] - e, 0.0)
        return (rate * kappa * terms.tuition_d[None, :]).astype(dtype)
    return (tuition * kappa).astype(dtype) * (inv_pace * terms.tuition_d)[None, :].astype(dtype)
