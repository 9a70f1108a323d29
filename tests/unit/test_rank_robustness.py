"""Robustness: Dirichlet sampling, P(top k) and rank intervals against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlmasters.models.rank import robustness as rb
from mlmasters.models.rank.methods import order, ranks, topsis, weighted_sum


def _brute_ranks(scores: np.ndarray, priority: np.ndarray) -> np.ndarray:
    """Ranks of every sample (rows) by sorting, with the same tie-break."""
    return np.vstack([ranks(s, priority) for s in scores])


def _setup(
    n: int, m: int, seed: int, ties: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (n, m))
    if ties:
        x = np.round(x * 3) / 3  # many exact ties
    w = rng.uniform(0.1, 1, m)
    prio = rng.permutation(n).astype(np.int64)
    return x, w, prio


def test_dirichlet_samples_center_on_the_weights() -> None:
    w = np.array([0.5, 0.3, 0.2, 0.0])
    s = rb.sample_weights(w, 20_000, concentration=50, seed=1)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    assert np.all(s[:, 3] == 0)  # a zero weight stays zero
    np.testing.assert_allclose(s.mean(axis=0), w, atol=0.003)
    sd = np.sqrt(w * (1 - w) / 51)
    np.testing.assert_allclose(s.std(axis=0), sd, rtol=0.05)
    np.testing.assert_array_equal(s, rb.sample_weights(w, 20_000, 50, seed=1))  # same seed


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("method", ["weighted-sum", "topsis"])
def test_topk_matches_brute_force(ties: bool, method: str) -> None:
    x, w, prio = _setup(300, 5, 3, ties)
    ws = rb.sample_weights(w, 700, concentration=20, seed=2)
    scorer: rb.Scorer = rb.WeightedSumScorer(x) if method == "weighted-sum" else rb.TopsisScorer(x)
    res = rb.topk_probabilities(scorer, ws, 10, prio, chunk=128)
    if method == "weighted-sum":
        u = ws @ x.T
    else:
        u = np.vstack([topsis(x, wi, normalization="none").closeness for wi in ws])
    brute = (_brute_ranks(u, prio) <= 10).mean(axis=0)
    np.testing.assert_allclose(res.probability, brute)
    assert res.probability.sum() == pytest.approx(10)
    assert res.candidates < 300  # the screen prunes


@pytest.mark.parametrize("scale", [1.0, 1e9])
def test_rank_samples_match_brute_force(scale: float) -> None:
    # scale 1e9: scores too large for the integer key, so every pair is compared instead
    x, w, prio = _setup(250, 4, 5, ties=True)
    x = x * scale
    ws = rb.sample_weights(w, 400, concentration=10, seed=3)
    scorer = rb.WeightedSumScorer(x)
    rows = order(x @ (w / w.sum()), prio)[:15]
    got = rb.rank_samples(scorer, ws, rows, prio, chunk=64)
    brute = _brute_ranks(ws @ x.T, prio)[:, rows]
    np.testing.assert_array_equal(got, brute)
    iv = rb.rank_intervals(got)
    assert all(i.best <= i.p05 <= i.median <= i.p95 <= i.worst for i in iv)


def test_renormalized_scorer_drops_unknown_cells() -> None:
    x = np.array([[1.0, 0.0], [0.5, 0.5]])
    known = np.array([[True, False], [True, True]])
    s = rb.WeightedSumScorer(x, known, renormalize=True)
    w = np.array([[0.5, 0.5]])
    np.testing.assert_allclose(s(w), [[1.0, 0.5]])


@settings(max_examples=40, deadline=None)
@given(
    hnp.arrays(
        np.float64, st.tuples(st.integers(1, 40), st.integers(1, 5)), elements=st.floats(0, 1)
    ),
    st.integers(1, 12),
    st.integers(0, 2**16),
)
def test_topk_probabilities_sum_to_k(x: np.ndarray, k: int, seed: int) -> None:
    n, m = x.shape
    w = np.random.default_rng(seed).uniform(0.1, 1, m)
    ws = rb.sample_weights(w, 200, concentration=5, seed=seed)
    prio = np.arange(n, dtype=np.int64)
    res = rb.topk_probabilities(rb.WeightedSumScorer(x), ws, k, prio, chunk=64)
    assert res.probability.sum() == pytest.approx(min(k, n))
    assert np.all((res.probability >= 0) & (res.probability <= 1))


def test_place_changes_and_first_crossing_agree() -> None:
    # A leads on criterion 0, B on criterion 1, C is far behind.
    x = np.array([[0.9, 0.3], [0.5, 0.8], [0.1, 0.1]])
    w = np.array([0.6, 0.4])
    prio = np.arange(3, dtype=np.int64)
    scorer = rb.WeightedSumScorer(x)
    assert order(weighted_sum(x, w)).tolist() == [0, 1, 2]
    changes = rb.place_changes(scorer, w, np.array([0, 1]), prio, delta=0.2, linear_matrix=x)
    moved = {(c.row, c.criterion): c for c in changes}
    assert (0, 1) in moved and moved[(0, 1)].new_place == 2
    assert (1, 1) in moved and moved[(1, 1)].new_place == 1
    assert (0, 0) not in moved  # more weight on its strength keeps A first
    d = moved[(0, 1)].first_change_delta
    assert d is not None and 0 < d <= 0.2
    # at the crossing the two scores are equal
    w2 = rb.bump(w, 1, d)
    s = weighted_sum(x, w2)
    assert s[0] == pytest.approx(s[1])
