"""The scores of every program under many weight vectors at once, for the robustness
sampling (split from ``robustness``, which re-exports these names): the weighted sum
(``W @ X.T``, unknown cells optionally dropped with their weights) and TOPSIS (distances to
the ideal and anti-ideal points). ``fast=True`` scores in float32 for the screening pass.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Scorer(Protocol):
    """Scores of programs (columns) under many weight vectors (rows)."""

    @property
    def n(self) -> int: ...

    def __call__(
        self, w: FloatArray, rows: IntArray | None = None, fast: bool = False
    ) -> npt.NDArray[np.floating]: ...


class WeightedSumScorer:
    """``W @ X.T``; with ``known`` and ``renormalize`` the weights of unknown cells are dropped."""

    def __init__(
        self,
        matrix: FloatArray,
        known: npt.NDArray[np.bool_] | None = None,
        renormalize: bool = False,
        empty_value: float = 0.0,
    ):
        x = np.asarray(matrix, dtype=np.float64)
        self.renormalize = renormalize and known is not None
        if self.renormalize and known is not None:
            k = known.astype(np.float64)
            self._x = np.where(known, x, 0.0)
            self._k = k
            self._k32 = k.astype(np.float32)
        else:
            self._x = x
        self._x32 = self._x.astype(np.float32)
        self.empty_value = empty_value

    @property
    def n(self) -> int:
        return int(self._x.shape[0])

    def __call__(
        self, w: FloatArray, rows: IntArray | None = None, fast: bool = False
    ) -> npt.NDArray[np.floating]:
        x = self._x32 if fast else self._x
        ww = w.astype(np.float32) if fast else w
        if rows is not None:
            x = x[rows]
        num = ww @ x.T
        if not self.renormalize:
            return num
        k = self._k32 if fast else self._k
        if rows is not None:
            k = k[rows]
        den = ww @ k.T
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1), self.empty_value)


class TopsisScorer:
    """TOPSIS closeness for many weight vectors at once, on an already-normalised matrix.

    With non-negative weights the weighted ideal is ``w * max(r)``, so
    ``D+^2 = (W^2) @ ((r - max r)^2).T``: two matrix products, no per-sample loop.
    """

    def __init__(self, normalized: FloatArray):
        r = np.asarray(normalized, dtype=np.float64)
        self._ap = (r - r.max(axis=0)) ** 2
        self._am = (r - r.min(axis=0)) ** 2
        self._ap32 = self._ap.astype(np.float32)
        self._am32 = self._am.astype(np.float32)

    @property
    def n(self) -> int:
        return int(self._ap.shape[0])

    def __call__(
        self, w: FloatArray, rows: IntArray | None = None, fast: bool = False
    ) -> npt.NDArray[np.floating]:
        ap, am = (self._ap32, self._am32) if fast else (self._ap, self._am)
        if rows is not None:
            ap, am = ap[rows], am[rows]
        w2 = (w * w).astype(np.float32 if fast else np.float64)
        dp = np.sqrt(w2 @ ap.T)
        dm = np.sqrt(w2 @ am.T)
        den = dp + dm
        return np.where(den > 0, dm / np.where(den > 0, den, 1), 0.5)
