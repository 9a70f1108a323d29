"""Aggregation methods: TOPSIS against pymcdm and a published example; ranking properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlmasters.models.rank.methods import (
    contributions,
    normalize,
    order,
    ranks,
    topsis,
    weighted_sum,
)

# --- TOPSIS: pymcdm and a published worked example ------------------------------------------
# A fixed matrix with a cost criterion (column 0) and three benefit criteria.
FIXED = np.array(
    [
        [250, 16, 12, 5],
        [200, 16, 8, 3],
        [300, 32, 16, 4],
        [275, 32, 8, 4],
        [225, 16, 16, 2],
    ],
    dtype=float,
)
FIXED_W = np.array([0.25, 0.25, 0.25, 0.25])
FIXED_T = np.array([-1, 1, 1, 1])


@pytest.mark.parametrize("norm", ["minmax", "vector"])
def test_topsis_agrees_with_pymcdm(norm: str) -> None:
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS

    fn = {
        "minmax": normalizations.minmax_normalization,
        "vector": normalizations.vector_normalization,
    }[norm]
    expected = TOPSIS(fn)(FIXED, FIXED_W, FIXED_T)
    got = topsis(FIXED, FIXED_W, FIXED_T, normalization=norm)  # type: ignore[arg-type]
    np.testing.assert_allclose(got.closeness, expected, rtol=1e-12)


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")  # pymcdm notices
@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        np.float64, st.tuples(st.integers(2, 12), st.integers(2, 6)), elements=st.floats(0.01, 100)
    ),
    st.data(),
)
def test_topsis_agrees_with_pymcdm_on_random_matrices(x: np.ndarray, data: st.DataObject) -> None:
    from pymcdm.methods import TOPSIS

    m = x.shape[1]
    w = np.array(data.draw(st.lists(st.floats(0.05, 1), min_size=m, max_size=m)))
    w = w / w.sum()
    types = np.array(data.draw(st.lists(st.sampled_from([-1, 1]), min_size=m, max_size=m)))
    expected = TOPSIS()(x, w, types)
    got = topsis(x, w, types, normalization="minmax").closeness
    ok = ~np.isnan(expected)
    np.testing.assert_allclose(got[ok], expected[ok], rtol=1e-9, atol=1e-12)


def test_topsis_published_example_tzeng_huang_2011() -> None:
    """Tzeng, G.-H. & Huang, J.-J. (2011), *Multiple Attribute Decision Making: Methods and
    Applications*, CRC Press, TOPSIS chapter: four alternatives, three benefit criteria,
    weights (0.3, 0.4, 0.3), vector normalisation. Published relative closeness
    0.5037, 0.6581, 0.7482, 0.3340 -> ranking A3 > A2 > A1 > A4. (The same example is a test
    in scikit-criteria, ``test_TOPSIS_tzeng2011multiple``.)"""
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    res = topsis(matrix, [0.3, 0.4, 0.3], normalization="vector")
    np.testing.assert_allclose(res.closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=5e-5)
    assert ranks(res.closeness).tolist() == [3, 2, 1, 4]
    # intermediate values are kept: ideal and anti-ideal per criterion
    assert res.ideal.shape == (3,) and np.all(res.ideal >= res.anti_ideal)


def test_weighted_sum_and_contributions() -> None:
    x = np.array([[1.0, 0.0], [0.5, 0.5]])
    assert weighted_sum(x, [3, 1]).tolist() == [0.75, 0.5]
    c = contributions(x, [3, 1])
    np.testing.assert_allclose(c.sum(axis=1), weighted_sum(x, [3, 1]))


def test_normalize_constant_column_and_cost() -> None:
    x = np.array([[1.0, 5.0], [3.0, 5.0]])
    assert normalize(x, [-1, 1], "minmax").tolist() == [[1.0, 1.0], [0.0, 1.0]]


def test_order_breaks_ties_by_key_not_position() -> None:
    s = np.array([0.5, 0.7, 0.5])
    assert order(s, tiebreak=[2, 0, 1]).tolist() == [1, 2, 0]
    assert ranks(s).tolist() == [2, 1, 3]


# --- properties --------------------------------------------------------------------------
unit = st.floats(0, 1, allow_nan=False)


@st.composite
def problems(draw: st.DrawFn, min_n: int = 2) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(min_n, 15))
    m = draw(st.integers(1, 6))
    x = draw(hnp.arrays(np.float64, (n, m), elements=unit))
    w = np.array(draw(st.lists(st.floats(0.01, 10), min_size=m, max_size=m)))
    return x, w


def _scores(method: str, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    if method == "topsis":
        return topsis(x, w, normalization="none").closeness
    return weighted_sum(x, w)


@settings(max_examples=150, deadline=None)
@given(problems(), st.floats(0.001, 1000), st.sampled_from(["weighted-sum", "topsis"]))
def test_scaling_all_weights_leaves_the_order_unchanged(
    p: tuple[np.ndarray, np.ndarray], c: float, method: str
) -> None:
    x, w = p
    np.testing.assert_array_equal(order(_scores(method, x, w)), order(_scores(method, x, c * w)))


@settings(max_examples=150, deadline=None)
@given(problems(), st.randoms(use_true_random=False), st.sampled_from(["weighted-sum", "topsis"]))
def test_permuting_programs_permutes_the_result(
    p: tuple[np.ndarray, np.ndarray], rnd: object, method: str
) -> None:
    x, w = p
    n = len(x)
    perm = np.array(rnd.sample(range(n), n))  # type: ignore[attr-defined]
    keys = np.arange(n)  # a property of each program (its id), travels with it
    s = _scores(method, x, w)
    sp = _scores(method, x[perm], w)
    np.testing.assert_allclose(sp, s[perm], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(ranks(sp, keys[perm]), ranks(s, keys)[perm])


@settings(max_examples=200, deadline=None)
@given(problems(), st.data())
def test_raising_a_score_never_lowers_the_rank(
    p: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    x, w = p
    i = data.draw(st.integers(0, len(x) - 1))
    j = data.draw(st.integers(0, x.shape[1] - 1))
    up = x.copy()
    up[i, j] = data.draw(st.floats(float(x[i, j]), 1.0))
    before = ranks(weighted_sum(x, w))[i]
    after = ranks(weighted_sum(up, w))[i]
    assert after <= before


@settings(max_examples=200, deadline=None)
@given(problems(), st.floats(0, 1))
def test_adding_a_dominated_program_keeps_everyone_elses_order(
    p: tuple[np.ndarray, np.ndarray], shrink: float
) -> None:
    x, w = p
    dominated = x.min(axis=0) * shrink  # at most every other program on every criterion
    bigger = np.vstack([x, dominated])
    old = order(weighted_sum(x, w)).tolist()
    new = [i for i in order(weighted_sum(bigger, w)).tolist() if i != len(x)]
    assert new == old
