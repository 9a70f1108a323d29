"""Weights: the persona table, user overrides, and every bad input as one InputError."""

from __future__ import annotations

import pytest

from mlmasters.errors import InputError
from mlmasters.models.rank.weights import (
    CRITERIA,
    PERSONA_WEIGHTS,
    PERSONA_WHY,
    parse_weights,
    resolve_weights,
)


def test_persona_table_is_complete_and_sums_to_100() -> None:
    for persona, points in PERSONA_WEIGHTS.items():
        assert set(points) == set(CRITERIA), persona
        assert sum(points.values()) == pytest.approx(100), persona
        assert all(v > 0 for v in points.values()), persona
        assert persona in PERSONA_WHY


def test_the_assess_personas_all_have_weights() -> None:
    for key in (
        "working-professional",
        "recent-graduate",
        "career-changer",
        "aspiring-researcher",
        "technically-inclined",
    ):
        assert key in PERSONA_WEIGHTS


def test_overrides_replace_points_and_normalise() -> None:
    w = resolve_weights("working-professional", parse_weights("cost=40, industry=0"))
    assert w.points["cost"] == 40 and w.points["industry"] == 0
    assert w.source["cost"] == "user" and w.source["curriculum"] == "persona"
    assert sum(w.weights.values()) == pytest.approx(1)
    assert w.weights["cost"] == pytest.approx(40 / 115)


def test_no_persona_means_equal_weights() -> None:
    w = resolve_weights(None)
    assert w.persona == "balanced"
    assert all(v == pytest.approx(1 / 6) for v in w.weights.values())


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("prestige=3", "unknown criterion 'prestige'"),
        ("cost=-1", "negative"),
        ("cost=abc", "not a number"),
        ("cost", "not key=value"),
        ("cost=nan", "finite"),
    ],
)
def test_bad_weights_are_input_errors(text: str, needle: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_weights(text)
    assert needle in str(exc.value)


def test_all_zero_weights_are_an_input_error() -> None:
    zeros = {c: 0.0 for c in CRITERIA}
    with pytest.raises(InputError, match="all weights are zero"):
        resolve_weights("balanced", zeros)


def test_unknown_persona_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown persona"):
        resolve_weights("astronaut")
