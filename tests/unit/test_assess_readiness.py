"""Readiness rules: status and weeks from the documented table; more background never hurts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mlmasters.models.assess.readiness import (
    DEFAULT_READINESS,
    STATUS_RANK,
    AreaRule,
    ReadinessTable,
    assess_readiness,
    bridge_weeks,
    status_of,
)
from mlmasters.profile import CORE_BACKGROUND, Background, Profile

levels = st.one_of(st.none(), st.integers(min_value=0, max_value=3))
backgrounds = st.fixed_dictionaries({a: levels for a in CORE_BACKGROUND})


def _profile(bg: dict[str, int | None]) -> Profile:
    return Profile(background=Background(**bg))


def test_status_rule() -> None:
    # ready at or above the required level, bridge one level short, gap two or more
    assert status_of(None, 2) == "unknown"
    assert status_of(3, 2) == "ready"
    assert status_of(2, 2) == "ready"
    assert status_of(1, 2) == "bridge"
    assert status_of(0, 2) == "gap"
    assert status_of(0, 1) == "bridge"


def test_weeks_rule() -> None:
    w = DEFAULT_READINESS.weeks_to_level
    assert w == {1: 8.0, 2: 15.0, 3: 15.0}  # documented in docs/assess.md
    assert bridge_weeks(0, 2, w) == 8 + 15
    assert bridge_weeks(1, 2, w) == 15
    assert bridge_weeks(0, 1, w) == 8
    assert bridge_weeks(3, 2, w) == 0


def test_default_required_levels() -> None:
    req = {r.area: r.required_level for r in DEFAULT_READINESS.areas}
    assert req == {
        "probability_statistics": 2,
        "linear_algebra": 2,
        "calculus": 2,
        "algorithms_data_structures": 2,
        "programming_python": 2,
        "machine_learning": 1,
    }


def test_one_profile_by_hand() -> None:
    p = _profile(
        {
            "probability_statistics": 1,
            "linear_algebra": 0,
            "calculus": 2,
            "algorithms_data_structures": None,
            "programming_python": 3,
            "machine_learning": 0,
        }
    )
    got = {r.area: (r.status, r.bridge_weeks, r.bridge_weeks_max) for r in assess_readiness(p)}
    assert got == {
        "probability_statistics": ("bridge", 15, 23),
        "linear_algebra": ("gap", 23, 23),
        "calculus": ("ready", 0, 23),
        "algorithms_data_structures": ("unknown", 0, 23),
        "programming_python": ("ready", 0, 23),
        "machine_learning": ("bridge", 8, 8),
    }
    by_area = {r.area: r for r in assess_readiness(p)}
    assert by_area["calculus"].suggestion == ""
    assert "linear algebra" in by_area["linear_algebra"].suggestion.lower()
    assert by_area["algorithms_data_structures"].suggestion.startswith("Say how well")


def test_table_is_overridable() -> None:
    rule = DEFAULT_READINESS.areas[0].model_copy(update={"required_level": 3})
    table = ReadinessTable(
        areas=(rule,), weeks_to_level={1: 1.0, 2: 2.0, 3: 4.0}, weeks_source="test"
    )
    out = assess_readiness(_profile({"probability_statistics": 1}), table=table)
    assert [(r.area, r.status, r.bridge_weeks) for r in out] == [
        ("probability_statistics", "gap", 6.0)
    ]
    assert isinstance(rule, AreaRule)


@given(backgrounds, st.sampled_from(CORE_BACKGROUND), st.integers(min_value=0, max_value=3))
def test_adding_background_never_lowers_readiness(
    bg: dict[str, int | None], area: str, new_level: int
) -> None:
    old = bg[area]
    new = new_level if old is None else max(old, new_level)  # add background: never remove
    before = {r.area: r for r in assess_readiness(_profile(bg))}
    after = {r.area: r for r in assess_readiness(_profile(bg | {area: new}))}
    for a in CORE_BACKGROUND:
        b, c = before[a], after[a]
        if a != area:
            assert b == c
            continue
        if b.status == "unknown":
            # a known answer never needs more weeks than the unknown's bound
            assert c.bridge_weeks <= b.bridge_weeks_max
        else:
            assert STATUS_RANK[c.status] >= STATUS_RANK[b.status]
            assert c.bridge_weeks <= b.bridge_weeks
    total_before = sum(r.bridge_weeks for r in before.values() if r.status != "unknown")
    total_after = sum(r.bridge_weeks for r in after.values() if before[r.area].status != "unknown")
    assert total_after <= total_before


@given(backgrounds)
def test_weeks_are_zero_exactly_when_ready_or_unknown(bg: dict[str, int | None]) -> None:
    for r in assess_readiness(_profile(bg)):
        assert (r.bridge_weeks == 0) == (r.status in ("ready", "unknown"))
        assert 0 <= r.bridge_weeks <= r.bridge_weeks_max
