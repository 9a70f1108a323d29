"""Skills: O*NET target by role, the person's levels, program coverage and gaps."""

from __future__ import annotations

import pytest

from mlmasters.errors import InputError, NotFoundError
from mlmasters.models.assess.skills import (
    SKILL_GROUPS,
    ProgramCourses,
    group_coverage,
    importance_to_level,
    skill_gaps,
    weighted_importance,
)
from mlmasters.profile import Background, Profile
from mlmasters.service import Service

GROUPS = {g.key: g for g in SKILL_GROUPS}


def test_six_groups_of_the_guide() -> None:
    assert list(GROUPS) == [
        "statistical-algorithmic",
        "programming",
        "data-engineering",
        "critical-thinking",
        "communication",
        "ethics",
    ]


def test_importance_maps_linearly() -> None:
    assert importance_to_level(1) == 0
    assert importance_to_level(5) == 3
    assert importance_to_level(4) == 2.25


def test_weights_renormalise_over_occupations_with_data() -> None:
    vals = {"a": {"x": 2.0, "y": 3.0}, "b": {"x": 4.0}}
    got = weighted_importance(vals, {"a": 0.4, "b": 0.4, "c": 0.2})  # c has no O*NET data
    assert got == pytest.approx({"x": 3.0, "y": 3.0})


def test_coverage_rules() -> None:
    prog = ProgramCourses(
        program_id="p",
        name="P",
        tracks=["Machine Learning"],
        core_courses=["Cloud Computing", "AI Ethics"],
        capstone="required",
    )
    status = {k: group_coverage(g, prog).status for k, g in GROUPS.items()}
    assert status == {
        "statistical-algorithmic": "covered",  # 'Machine Learning'
        "programming": "covered",  # 'Cloud Computing' (computing)
        "data-engineering": "covered",  # 'Cloud Computing' (cloud)
        "critical-thinking": "covered",  # capstone required
        "communication": "covered",  # capstone required
        "ethics": "covered",  # 'AI Ethics'
    }
    bare = ProgramCourses(program_id="q", name="Q")
    assert group_coverage(GROUPS["ethics"], bare).status == "unknown"
    listed = ProgramCourses(program_id="r", name="R", core_courses=["Databases"])
    assert group_coverage(GROUPS["ethics"], listed).status == "not-listed"
    assert group_coverage(GROUPS["ethics"], None).status == "no-program"


def test_gap_by_hand() -> None:
    # Programming importance 4.2 (2.B.3.e), 3.8, 4.0 -> mean 4.0 -> target 2.25; level 1 -> gap 1.25
    imp = {"2.B.3.e": 4.2, "2.B.3.b": 3.8, "4.A.3.b.1": 4.0}
    prof = Profile(background=Background(programming_python=1))
    g = {x.group: x for x in skill_gaps(prof, imp, None)}
    prog = g["programming"]
    assert (prog.target_importance, prog.target_level, prog.current_level) == (4.0, 2.25, 1.0)
    assert (prog.gap_now, prog.status) == (1.25, "gap")
    assert g["communication"].status == "unknown"  # the profile does not ask
    covered = ProgramCourses(program_id="p", name="P", core_courses=["Software Engineering"])
    after = {x.group: x for x in skill_gaps(prof, imp, covered)}["programming"]
    assert (after.after_program_level, after.gap_after_program, after.status) == (3.0, 0, "met")


def test_data_scientist_skills_carry_the_15_2051_caveat(small_service: Service) -> None:
    r = small_service.skills(Profile(target_role="data-scientist"))
    assert r.occupations[0].onet_soc_code == "15-2051.01;15-2051.02"
    assert any("not Data Scientist ratings" in c for c in r.caveats)
    assert any("Knowledge" in c for c in r.caveats)
    assert "O*NET 30.1" in r.attribution and "modified" in r.attribution
    # the target equals the mean importance of the table's rows for the group's elements
    onet = small_service.snapshot.table("onet_skills")
    rows = onet[(onet.soc_code == "15-2051") & onet.element_id.isin(GROUPS["ethics"].elements)]
    ethics = next(g for g in r.groups if g.group == "ethics")
    assert ethics.target_importance == round(float(rows["value"].mean()), 2)


def test_ml_engineer_also_warns_and_pm_renormalises(small_service: Service) -> None:
    ml = small_service.skills(Profile(target_role="ml-engineer"))
    assert any("not Data Scientist ratings" in c for c in ml.caveats)
    pm = small_service.skills(Profile(target_role="ml-product-manager"))
    weights = {o.soc_code: o.weight_used for o in pm.occupations}
    assert weights["13-1082"] == 0  # no O*NET profile in the table
    assert weights["11-3021"] == pytest.approx(0.4 / 0.7, abs=1e-4)
    assert any("13-1082" in c for c in pm.caveats)


def test_program_coverage_from_the_catalog(small_service: Service) -> None:
    prof = Profile(target_role="ml-engineer", background=Background(programming_python=3))
    r = small_service.skills(prof, "gatech-omscs")
    assert r.program_id == "gatech-omscs"
    cov = {g.group: g.coverage.status for g in r.groups}
    assert cov["statistical-algorithmic"] == "covered"  # track 'Machine Learning'
    assert r.chart["categories"] == [g.label for g in r.groups]


def test_skills_errors(small_service: Service) -> None:
    with pytest.raises(InputError) as exc:
        small_service.skills(Profile())
    assert exc.value.problems[0].field == "target_role"
    with pytest.raises(NotFoundError):
        small_service.skills(Profile(target_role="data-scientist"), "no-such-program")
