"""Random-effects pooling for the premium model: the between-program variance and mean of a
group of pairs (DerSimonian-Laird, vectorised over groups), a data mean combined with a
prior, and the top level (the mean of all ML-related families, the literature as its prior).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlmasters.models.roi.premium_params import PremiumParams

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


__all__ = ["TAU2_FLOOR", "TopLevel", "posterior_mean", "random_effects", "top_level"]
