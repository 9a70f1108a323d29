"""Aggregation methods as pure NumPy functions: weighted sum and TOPSIS, plus ordering.

Nothing here validates input (the service does); nothing mutates its arguments.

- ``weighted_sum``: ``sum_j w_j x_ij / sum_j w_j``. On criterion scores in [0, 1] the result
  is in [0, 1] and each term ``w_j x_ij / sum w`` is the criterion's *contribution*.
- ``topsis``: Hwang & Yoon (1981), *Multiple Attribute Decision Making*, Springer, pp. 128-140.
  Normalise each column, weight it, take the best and worst weighted value per column as the
  positive and negative ideal, and score each alternative by its relative closeness
  ``D- / (D+ + D-)``. The normalisations follow ``pymcdm`` (so that the two agree on the same
  input): ``minmax`` (a constant column becomes all ones), ``vector`` (``x / ||x||``, cost
  columns ``1 - x / ||x||``) or ``none`` (the matrix is already on a common benefit scale, as
  the rank model's criterion scores in [0, 1] are; this is its default).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Normalization = Literal["none", "minmax", "vector"]
Method = Literal["weighted-sum", "topsis"]
METHODS: tuple[str, ...] = ("weighted-sum", "topsis")

#: Scores are compared after rounding to this many decimals, so that floating-point noise
#: (the order of a sum) never decides a tie; ties are then broken by a stable key.
SCORE_DECIMALS = 12


def _types(types: npt.ArrayLike | None, m: int) -> npt.NDArray[np.int64]:
    if types is None:
        return np.ones(m, dtype=np.int64)
    return np.asarray(types, dtype=np.int64)


def normalize(
    matrix: npt.ArrayLike, types: npt.ArrayLike | None = None, method: Normalization = "minmax"
) -> FloatArray:
    """Column-normalise ``matrix`` (alternatives x criteria); types 1 = benefit, -1 = cost."""
    x = np.asarray(matrix, dtype=np.float64)
    t = _types(types, x.shape[1])
    if method == "none":
        return np.where(t == 1, x, -x) if np.any(t != 1) else x.copy()
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        span = hi - lo
        safe = np.where(span > 0, span, 1.0)
        out = np.where(t == 1, (x - lo) / safe, (hi - x) / safe)
        return np.where(span > 0, out, 1.0)
    norm = np.sqrt((x**2).sum(axis=0))
    safe = np.where(norm > 0, norm, 1.0)
    r = x / safe
    return np.where(t == 1, r, 1.0 - r)


def weighted_sum(matrix: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Weighted mean of each row; weights are normalised to sum to 1."""
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    out: FloatArray = (x * w).sum(axis=1)
    return out


def contributions(matrix: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Each criterion's part of the weighted sum: ``w_j x_ij / sum w`` (rows sum to the score)."""
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    out: FloatArray = x * (w / w.sum())
    return out


@dataclass(frozen=True)
class TopsisResult:
    """TOPSIS with its intermediate values (the 'why' of every closeness)."""

    normalized: FloatArray
    weighted: FloatArray
    ideal: FloatArray
    anti_ideal: FloatArray
    d_plus: FloatArray
    d_minus: FloatArray
    closeness: FloatArray


def topsis(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    types: npt.ArrayLike | None = None,
    normalization: Normalization = "minmax",
) -> TopsisResult:
    """Relative closeness to the ideal solution, in [0, 1] (higher is better)."""
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    r = normalize(matrix, types, normalization)
    v = r * w
    ideal = v.max(axis=0)
    anti = v.min(axis=0)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    denom = d_plus + d_minus
    # every alternative equal to both ideals (all identical): neither closer nor farther
    closeness = np.where(denom > 0, d_minus / np.where(denom > 0, denom, 1.0), 0.5)
    return TopsisResult(r, v, ideal, anti, d_plus, d_minus, closeness)


def order(scores: npt.ArrayLike, tiebreak: npt.ArrayLike | None = None) -> IntArray:
    """Indices from best to worst: higher score first, then lower ``tiebreak`` (default: index)."""
    s = np.round(np.asarray(scores, dtype=np.float64), SCORE_DECIMALS)
    tb = np.arange(len(s)) if tiebreak is None else np.asarray(tiebreak)
    out: IntArray = np.lexsort((tb, -s)).astype(np.int64)
    return out


def ranks(scores: npt.ArrayLike, tiebreak: npt.ArrayLike | None = None) -> IntArray:
    """Rank of every alternative, 1 = best (ties broken as in ``order``)."""
    idx = order(scores, tiebreak)
    out = np.empty(len(idx), dtype=np.int64)
    out[idx] = np.arange(1, len(idx) + 1)
    return out
