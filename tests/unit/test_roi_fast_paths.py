"""The speed paths of the ROI engine (issue 25) give the figures of the plain ones."""

from __future__ import annotations

import numpy as np

from mlmasters.models.roi import engine as E
from mlmasters.models.roi import personal as P


def _flows(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = np.abs(rng.normal(0, 1, (600, 40))) * 1e4
    f[:, :3] = -f[:, :3] - 5e4  # costs, then gains: one sign change
    f[:100] = rng.normal(0, 1, (100, 40)) * 1e4  # several sign changes: not defined
    f[100:150, 5:9] = 0.0  # zeros are skipped
    f[150:200, :3] *= -1  # gains with no cost: not defined
    f[200:210] = 0.0
    f[210:220, :] = -1.0  # a loss every year
    f[220:230, :1] = -1.0  # nearly free: the rate is beyond the bracket
    return f


def test_irr_rows_equals_the_plain_irr() -> None:
    for seed in range(3):
        f = _flows(seed)
        a, b = P.irr(f), E.irr_rows(f)
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_array_equal(np.isinf(a), np.isinf(b))
        ok = np.isfinite(a)
        assert ok.sum() > 300
        np.testing.assert_allclose(b[ok], a[ok], rtol=0, atol=1e-12)


def test_sign_changes_without_a_loop_over_rows() -> None:
    f = _flows(4)
    np.testing.assert_array_equal(E._sign_changes(f), P.sign_changes(f))
    np.testing.assert_array_equal(E._sign_changes(np.array([[0.0, -1, 0, 1, 0, -1]])), [2])
