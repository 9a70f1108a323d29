"""The assess contract other models rely on (ROI, plan, rank): names, shapes, invariants."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from mlmasters.models.assess.careers import ROLE_CAVEATS, ROLE_SOC_WEIGHTS
from mlmasters.models.assess.persona import PERSONA_ORDER
from mlmasters.models.assess.readiness import AreaReadiness, assess_readiness
from mlmasters.profile import CORE_BACKGROUND, TARGET_ROLES, Profile
from mlmasters.service import Service


def test_role_soc_weights_cover_the_five_roles_and_sum_to_one() -> None:
    assert set(ROLE_SOC_WEIGHTS) == set(TARGET_ROLES)
    assert set(ROLE_CAVEATS) == set(TARGET_ROLES)
    for role, pairs in ROLE_SOC_WEIGHTS.items():
        assert math.isclose(sum(w for _, w in pairs), 1.0), role
        assert all(len(soc) == 7 and soc[2] == "-" for soc, _ in pairs), role
        assert ROLE_CAVEATS[role].strip(), role


def test_proxies_follow_the_data_readme() -> None:
    # ../shared/data/README.md: the federal codes and the suggested proxies
    assert ROLE_SOC_WEIGHTS["data-scientist"] == [("15-2051", 1.0)]
    assert ROLE_SOC_WEIGHTS["research-scientist"] == [("15-1221", 1.0)]
    assert {s for s, _ in ROLE_SOC_WEIGHTS["ml-engineer"]} == {"15-1252", "15-2051", "15-1221"}
    assert {s for s, _ in ROLE_SOC_WEIGHTS["ai-ethics-governance"]} == {
        "13-1041",
        "11-9199",
        "13-1111",
    }
    assert {s for s, _ in ROLE_SOC_WEIGHTS["ml-product-manager"]} == {
        "11-2021",
        "11-3021",
        "13-1082",
    }
    for role in ("ml-engineer", "ai-ethics-governance", "ml-product-manager"):
        assert "no federal occupation code" in ROLE_CAVEATS[role]


def test_assess_readiness_shape() -> None:
    out = assess_readiness(Profile())
    assert [r.area for r in out] == list(CORE_BACKGROUND)
    for r in out:
        assert isinstance(r, AreaReadiness)
        assert r.status == "unknown"
        assert r.bridge_weeks == 0
    with pytest.raises(ValidationError):
        out[0].status = "ready"  # type: ignore[misc]


def test_persona_of_returns_a_persona_key(small_service: Service) -> None:
    assert small_service.persona_of(Profile()) in PERSONA_ORDER
    assert small_service.persona_of(Profile(research_interest=3)) == "aspiring-researcher"
