"""Where a program would land if one criterion's weight rose a little: the shortlist's
"place changes" (split from ``robustness``, which re-exports these names).

A bump of criterion ``j`` by ``delta`` is ``(w + delta e_j) / (1 + delta)`` on the normalised
weights; the new places are those of the ranking itself (the same tie-breaking priority).
For the weighted sum, ``first_crossing`` finds the smallest bump at which a row moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mlmasters.models.rank.methods import order
from mlmasters.models.rank.scorers import Scorer

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: "A bit more" weight on one criterion: 0.05 of the total importance (one twentieth), about
#: one Dirichlet standard deviation of a 1/6 weight at the default concentration.
A_BIT = 0.05


@dataclass(frozen=True)
class PlaceChange:
    """Where a program would land if one criterion's weight rose by ``delta``."""

    row: int
    criterion: int
    place: int
    new_place: int
    weight: float
    new_weight: float
    first_change_delta: float | None


def bump(weights: FloatArray, j: int, delta: float) -> FloatArray:
    """``(w + delta e_j) / (1 + delta)`` on normalised ``w``: criterion j gains ``delta``."""
    w = weights / weights.sum()
    out = w.copy()
    out[j] += delta
    result: FloatArray = out / (1.0 + delta)
    return result


def first_crossing(matrix: FloatArray, weights: FloatArray, row: int, j: int) -> float | None:
    """Weighted sum only: the smallest bump of criterion ``j`` at which ``row`` changes place.

    Scores are linear in the bump: ``U_i(d) = (U_i + d x_ij) / (1 + d)``, so ``row`` and ``i``
    swap at ``d = (U_i - U_row) / (x_row,j - x_ij)`` when that is positive.
    """
    w = weights / weights.sum()
    u = matrix @ w
    du = u - u[row]
    dx = matrix[row, j] - matrix[:, j]
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(dx != 0, du / np.where(dx != 0, dx, 1), np.inf)
    ahead = du > 0
    behind = du < 0
    # row overtakes a program ahead when it gains (dx > 0); one behind overtakes row (dx < 0)
    valid = ((ahead & (dx > 0)) | (behind & (dx < 0))) & (d > 0)
    valid[row] = False
    if not valid.any():
        return None
    return float(d[valid].min())


def place_changes(
    scorer: Scorer,
    weights: FloatArray,
    rows: IntArray,
    priority: IntArray,
    delta: float = A_BIT,
    linear_matrix: FloatArray | None = None,
) -> list[PlaceChange]:
    """For each program in ``rows`` and each criterion: its place after a bump of ``delta``.

    Only changes of place are returned. ``linear_matrix`` (weighted sum) adds the exact
    smallest bump at which the place first changes.
    """
    w = weights / weights.sum()
    base = np.asarray(scorer(w[None, :])[0], dtype=np.float64)
    base_rank = np.empty(len(base), dtype=np.int64)
    base_rank[order(base, priority)] = np.arange(1, len(base) + 1)
    out: list[PlaceChange] = []
    for j in range(len(w)):
        w2 = bump(w, j, delta)
        s = np.asarray(scorer(w2[None, :])[0], dtype=np.float64)
        new_rank = np.empty(len(s), dtype=np.int64)
        new_rank[order(s, priority)] = np.arange(1, len(s) + 1)
        for r in rows:
            if new_rank[r] != base_rank[r]:
                first = (
                    first_crossing(linear_matrix, w, int(r), j)
                    if linear_matrix is not None
                    else None
                )
                out.append(
                    PlaceChange(
                        int(r),
                        j,
                        int(base_rank[r]),
                        int(new_rank[r]),
                        float(w[j]),
                        float(w2[j]),
                        first,
                    )
                )
    return out
