"""Careers: role -> occupations, wages with named fallback, growth, the guide's claims."""

from __future__ import annotations

import math

import pytest

from mlmasters.errors import InputError
from mlmasters.models.assess.careers import (
    GUIDE_CLAIMS,
    ROLE_SOC_WEIGHTS,
    blend_percentiles,
    percentile_rank,
    range_verdict,
    rank_label,
)
from mlmasters.service import Service

P = [100.0, 120.0, 140.0, 160.0, 180.0]


def test_blend_is_the_weighted_mean_of_each_percentile() -> None:
    a, b = [100.0, 200, 300, 400, 500], [200.0, 300, 400, 500, 600]
    assert blend_percentiles([a, b], [0.75, 0.25]) == [125, 225, 325, 425, 525]
    assert blend_percentiles([a, [None, 1, 2, 3, 4]], [0.5, 0.5])[0] is None


def test_percentile_rank_interpolates_between_published_points() -> None:
    assert percentile_rank(100, P) == 10
    assert percentile_rank(130, P) == 37.5  # halfway between p25 and p50
    assert percentile_rank(170, P) == 82.5  # halfway between p75 and p90
    assert percentile_rank(99, P) is None  # tails are not published: no rank invented
    assert rank_label(99, P) == "below p10"
    assert rank_label(181, P) == "above p90"
    assert rank_label(130, P) == "p38"


def test_range_verdict() -> None:
    assert range_verdict(90, 120, 100, 150) == "consistent"
    assert range_verdict(90, 120, 121, 150) == "claim-lower"
    assert range_verdict(160, 180, 121, 150) == "claim-higher"
    assert range_verdict(160, 180, None, 150) == "unknown"


def test_data_scientist_in_seattle_is_the_oews_row(small_service: Service) -> None:
    r = small_service.careers("data-scientist", metro="Seattle")
    row = small_service.wages.lookup("15-2051", small_service.wages.resolve_area(None, "Seattle"))
    (occ,) = r.occupations
    assert occ.wages == row
    assert r.requested_area.level == "metro" and r.notices == []
    b = r.blended_wages
    assert [b.p10_usd, b.p25_usd, b.p50_usd, b.p75_usd, b.p90_usd] == row.percentile_values()
    # BLS projections 2024-34 for 15-2051 (../shared/data/bls_projections_2024_34.csv)
    assert occ.projection is not None
    assert occ.projection.change_percent == 33.5
    assert occ.projection.employment_2024_thousands == 245.9
    assert occ.projection.typical_entry_education == "Bachelor's degree"
    assert r.all_occupations_growth_percent == 3.1
    assert "15-2051" in r.caveat


def test_ml_engineer_blend_follows_the_weights(small_service: Service) -> None:
    r = small_service.careers("ml-engineer", state="TX")
    weights = dict(ROLE_SOC_WEIGHTS["ml-engineer"])
    p50 = sum(weights[o.soc_code] * o.wages.p50_usd for o in r.occupations)  # type: ignore[operator]
    assert r.blended_wages.p50_usd == round(p50)
    # 0.5 × 15.8 + 0.3 × 33.5 + 0.2 × 19.7 = 21.89 (BLS change 2024-34)
    assert r.growth_percent_weighted == 21.9
    assert r.entry_education == "Bachelor's degree"  # 15-1252, the largest weight
    assert "no federal occupation code" in r.caveat


def test_claims_are_checked_against_the_bands(small_service: Service) -> None:
    r = small_service.careers("data-scientist", state="GA")
    b = r.blended_wages
    claims = {c.claim_id: c for c in r.claims}
    assert set(claims) == {c.claim_id for c in GUIDE_CLAIMS}
    entry = claims["entry-pay"]
    assert (entry.data_low, entry.data_high) == (b.p25_usd, b.p50_usd)
    assert entry.verdict == range_verdict(90_000, 120_000, b.p25_usd, b.p50_usd)
    five = claims["five-year-pay"]
    assert (five.data_low, five.data_high) == (b.p50_usd, b.p75_usd)
    growth = claims["growth"]
    assert (growth.data_low, growth.data_high, growth.verdict) == (33.5, 33.5, "claim-lower")


def test_unknown_metro_falls_back_to_the_state_with_a_notice(small_service: Service) -> None:
    r = small_service.careers("data-scientist", state="WA", metro="Atlantis")
    assert r.requested_area.level == "state"
    assert r.requested_area.area_name == "Washington"
    assert any("Atlantis" in n and "Washington (state)" in n for n in r.notices)
    assert r.occupations[0].wages == small_service.wages.lookup(
        "15-2051", small_service.wages.state_area("WA")
    )


def test_unknown_metro_without_state_names_the_field(small_service: Service) -> None:
    with pytest.raises(InputError) as exc:
        small_service.careers("data-scientist", metro="Atlantis")
    assert [p.field for p in exc.value.problems] == ["metro"]


def test_metro_without_estimate_falls_back_per_occupation(small_service: Service) -> None:
    # OEWS publishes no 15-1221 wages for Bellingham, WA: the state row is used, and named
    r = small_service.careers("research-scientist", metro="Bellingham")
    (occ,) = r.occupations
    assert r.requested_area.level == "metro"
    assert occ.wages.area.level in ("state", "nation")
    assert any("Bellingham" in n for n in r.notices)
    level = r.blended_wages.levels_used[0]
    assert "(state)" in level or "(nation)" in level


def test_no_area_uses_the_nation(small_service: Service) -> None:
    r = small_service.careers("research-scientist")
    assert r.requested_area.level == "nation"
    assert any("national" in n for n in r.notices)


def test_bad_role_and_state(small_service: Service) -> None:
    with pytest.raises(InputError) as exc:
        small_service.careers("astronaut")
    assert exc.value.problems[0].field == "role"
    with pytest.raises(InputError) as exc:
        small_service.careers("data-scientist", state="ZZ")
    assert exc.value.problems[0].field == "state"


def test_every_role_resolves_nationally(small_service: Service) -> None:
    for role in ROLE_SOC_WEIGHTS:
        r = small_service.careers(role)
        assert math.isclose(sum(o.weight for o in r.occupations), 1.0)
        assert r.blended_wages.p50_usd is not None
