"""The guide's five profiles as fixture profiles, with the persona and top path the rules give.

Every expectation below is worked out by hand from the rule tables (PERSONA_RULES,
PATH_RULES, DEFAULT_READINESS), not copied from the output. The arithmetic is in the
comments; figures that come from the data (a salary rule) are noted where they matter, and
each fixture's top path holds with or without them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlmasters.models.assess.persona import classify_persona
from mlmasters.profile import Profile, load_profile, profile_from_dict
from mlmasters.service import Service

ROOT = Path(__file__).resolve().parents[2]


def working_professional() -> Profile:
    """The repository's example: a senior software engineer in Seattle, online, employer aid."""
    return load_profile(ROOT / "examples" / "profile.toml")


RECENT_GRADUATE = {
    "name": "Recent graduate",
    "age": 23,
    "highest_degree": "bachelor",
    "degree_field": "computer-science",
    "years_experience": 0.5,
    "target_role": "data-scientist",
    "research_interest": 1,
    "must_keep_working": False,
    "can_relocate": True,
    "online_only": False,
    "hours_per_week": 40,
    "max_years": 2,
    "budget_usd": 60000,
    "risk_attitude": "neutral",
    "state": "GA",
    "metro": "Atlanta",
    "background": {
        "probability_statistics": 2,
        "linear_algebra": 2,
        "calculus": 3,
        "algorithms_data_structures": 2,
        "programming_python": 2,
        "machine_learning": 1,
    },
}

CAREER_CHANGER = {
    "name": "Career changer",
    "age": 34,
    "highest_degree": "bachelor",
    "degree_field": "economics-business",
    "years_experience": 9,
    "current_role": "Marketing analyst",
    "current_soc": "13-1161",
    "current_salary_usd": 72000,
    "state": "TX",
    "metro": "Austin",
    "target_role": "data-scientist",
    "research_interest": 0,
    "must_keep_working": True,
    "online_only": False,
    "can_relocate": False,
    "hours_per_week": 15,
    "max_years": 4,
    "budget_usd": 25000,
    "employer_support_usd_per_year": 0,
    "risk_attitude": "averse",
    "background": {
        "probability_statistics": 1,
        "linear_algebra": 0,
        "calculus": 1,
        "algorithms_data_structures": 0,
        "programming_python": 1,
        "machine_learning": 0,
    },
}

ASPIRING_RESEARCHER = {
    "name": "Aspiring researcher",
    "age": 24,
    "highest_degree": "bachelor",
    "degree_field": "math-statistics",
    "years_experience": 1,
    "research_interest": 3,
    "target_role": "research-scientist",
    "wants_thesis": True,
    "must_keep_working": False,
    "can_relocate": True,
    "online_only": False,
    "hours_per_week": 45,
    "max_years": 2,
    "budget_usd": 80000,
    "risk_attitude": "seeking",
    "state": "CA",
    "metro": "San Jose",
    "background": {
        "probability_statistics": 3,
        "linear_algebra": 3,
        "calculus": 3,
        "algorithms_data_structures": 2,
        "programming_python": 2,
        "machine_learning": 2,
    },
}

TECHNICALLY_INCLINED = {
    "name": "Technically inclined engineer",
    "age": 30,
    "highest_degree": "bachelor",
    "degree_field": "engineering",
    "years_experience": 6,
    "current_role": "Mechanical engineer",
    "current_soc": "17-2141",
    "current_salary_usd": 98000,
    "state": "WA",
    "metro": "Seattle",
    "target_role": "ml-engineer",
    "research_interest": 0,
    "specializations": ["reinforcement-learning"],
    "must_keep_working": True,
    "can_relocate": True,
    "online_only": False,
    "hours_per_week": 20,
    "max_years": 2,
    "budget_usd": 40000,
    "employer_support_usd_per_year": 3000,
    "risk_attitude": "neutral",
    "background": {
        "probability_statistics": 2,
        "linear_algebra": 3,
        "calculus": 3,
        "algorithms_data_structures": 1,
        "programming_python": 2,
        "machine_learning": 1,
    },
}


def persona_fixtures() -> dict[str, Profile]:
    return {
        "working-professional": working_professional(),
        "recent-graduate": profile_from_dict(RECENT_GRADUATE),
        "career-changer": profile_from_dict(CAREER_CHANGER),
        "aspiring-researcher": profile_from_dict(ASPIRING_RESEARCHER),
        "technically-inclined": profile_from_dict(TECHNICALLY_INCLINED),
    }


# Persona scores by hand (PERSONA_RULES):
# working professional: tech job 15-1252 +2, 8 years +1, must keep working +1, employer $5,250
#   +1 = 5; technically inclined: math mean 2.0 +1, applied role & research 1 +1 = 2;
#   recent graduate: quantitative bachelor's +1 = 1.
# recent graduate: 0.5 years +3, CS bachelor's +1, age 23 +1 = 5; technically inclined:
#   math mean 2.33 +1, data-scientist & research 1 +1 = 2 (tech job unknown: no rule).
# career changer: SOC 13-1161 (not group 15) with 9 years +3, economics degree +1, background
#   mean 0.5 +1 = 5; working professional: 9 years +1, must keep working +1 = 2 (employer $0
#   is not > 0); technically inclined: applied role & research 0 +1 = 1.
# aspiring researcher: research 3 +4, research-scientist +2, thesis +1 = 7; recent graduate:
#   1 year +3, math bachelor's +1, age 24 +1 = 5; technically inclined: math 3.0 +1 = 1.
# technically inclined: SOC 17-2141 with an engineering degree +2, math mean 2.67 +1,
#   ml-engineer & research 0 +1 = 4; career changer: non-tech job with 6 years +3 = 3;
#   working professional: 6 years +1, must keep working +1, employer $3,000 +1 = 3;
#   recent graduate: engineering bachelor's +1 = 1.
EXPECTED_SCORES: dict[str, dict[str, int]] = {
    "working-professional": {
        "working-professional": 5,
        "technically-inclined": 2,
        "recent-graduate": 1,
        "career-changer": 0,
        "aspiring-researcher": 0,
    },
    "recent-graduate": {
        "recent-graduate": 5,
        "technically-inclined": 2,
        "working-professional": 0,
        "career-changer": 0,
        "aspiring-researcher": 0,
    },
    "career-changer": {
        "career-changer": 5,
        "working-professional": 2,
        "technically-inclined": 1,
        "recent-graduate": 0,
        "aspiring-researcher": 0,
    },
    "aspiring-researcher": {
        "aspiring-researcher": 7,
        "recent-graduate": 5,
        "technically-inclined": 1,
        "working-professional": 0,
        "career-changer": 0,
    },
    "technically-inclined": {
        "technically-inclined": 4,
        "career-changer": 3,
        "working-professional": 3,
        "recent-graduate": 1,
        "aspiring-researcher": 0,
    },
}

# Top path by hand (PATH_RULES); "salary" marks a rule that depends on OEWS figures.
# working professional: part-time = keep working 3 + online 2 + employer 2 + persona 1
#   (+1 salary ≥ median) = 8-9; self-study = keep working 1 + bachelor's entry 1 (+2 salary)
#   = 2-4; certificate = 1 + 1 + 1 - 2 (all ready) = 1; thesis = -2 -2 -1 = -5;
#   full-time = -3 -1 -2 (hours < 27) (-2 salary) = -6..-8.
# recent graduate: full-time = early career free 2 + persona 1 = 3; thesis = 1; self-study =
#   bachelor's entry 1; certificate = 1 - 2 = -1; part-time = 0.  (no salary given)
# career changer: certificate = keep working 1 + bachelor's entry 1 + 2 gaps 3 + averse 1 +
#   persona 1 = 7; part-time = 3 + cannot relocate 1 - 1 (gaps) (+1 salary < p25) = 3-4;
#   self-study = 1 + 1 + 1 = 3; thesis = -2 -1 -1 = -4; full-time = -3 -1 -1 -2 -1 (+1) = -8..-7.
# aspiring researcher: thesis = early career 1 + research 3 + PhD 2 + thesis 2 + master's entry
#   1 + persona 2 = 11; full-time = 2 + 1 = 3; part-time = 1; certificate = -2; self = -4.
# technically inclined: part-time = keep working 3 + employer 2 + persona 1 (+1 salary < p25)
#   = 6-7; certificate = 1 + bachelor's entry 1 + one bridge (algorithms) 1 = 3; self-study =
#   1 + 1 = 2; thesis = -2 -1 = -3; full-time = -3 -2 (+1) = -5..-4.
EXPECTED_TOP_PATH = {
    "working-professional": "part-time-masters",
    "recent-graduate": "full-time-masters",
    "career-changer": "certificate-first",
    "aspiring-researcher": "thesis-masters",
    "technically-inclined": "part-time-masters",
}
# Fixtures whose every path score is independent of wage data: checked exactly.
EXACT_PATH_SCORES = {
    "recent-graduate": {
        "full-time-masters": 3,
        "thesis-masters": 1,
        "self-study-portfolio": 1,
        "part-time-masters": 0,
        "certificate-first": -1,
    },
    "aspiring-researcher": {
        "thesis-masters": 11,
        "full-time-masters": 3,
        "part-time-masters": 1,
        "certificate-first": -2,
        "self-study-portfolio": -4,
    },
}


@pytest.mark.parametrize("key", list(EXPECTED_SCORES))
def test_persona_of_each_guide_profile(key: str) -> None:
    result = classify_persona(persona_fixtures()[key])
    assert result.persona == key
    assert result.scores == EXPECTED_SCORES[key]
    assert sum(e.points for e in result.evidence) == EXPECTED_SCORES[key][key]


def test_confidence_follows_the_lead() -> None:
    fx = persona_fixtures()
    assert classify_persona(fx["working-professional"]).confidence == "strong"  # 5 vs 2
    assert classify_persona(fx["technically-inclined"]).confidence == "weak"  # 4 vs 3
    empty = classify_persona(Profile())
    assert (empty.persona, empty.confidence) == ("technically-inclined", "none")
    assert "research_interest" in empty.would_help


@pytest.mark.parametrize("key", list(EXPECTED_TOP_PATH))
def test_top_path_of_each_guide_profile(small_service: Service, key: str) -> None:
    a = small_service.assess(persona_fixtures()[key])
    assert a.persona.persona == key
    assert a.recommended_path == EXPECTED_TOP_PATH[key]
    if key in EXACT_PATH_SCORES:
        assert {p.path: p.score for p in a.paths.paths} == EXACT_PATH_SCORES[key]


def test_each_reason_quotes_its_figure(small_service: Service) -> None:
    a = small_service.assess(persona_fixtures()["career-changer"])
    reasons = {r.rule_id: r.text for p in a.paths.paths for r in p.reasons}
    assert (
        "2 core areas are gaps (Linear algebra, Algorithms & data structures)"
        in reasons["readiness-gaps"]
    )
    # 15 + 23 + 15 + 23 + 15 + 8 weeks (DEFAULT_READINESS)
    assert "about 99 weeks" in reasons["readiness-gaps"]
    assert "Data scientists is a bachelor's degree" in reasons["entry-bachelor"]
    assert a.bridge_weeks_total == 99


def test_path_rules_use_the_area_wages(small_service: Service) -> None:
    a = small_service.assess(persona_fixtures()["working-professional"])
    careers = small_service.careers("ml-engineer", "WA", "Seattle")
    assert a.figures.role_p50_usd == careers.blended_wages.p50_usd
    assert a.figures.area_name == "Seattle-Tacoma-Bellevue, WA"
    median = careers.blended_wages.p50_usd
    assert median is not None
    assert a.paths.features["salary_at_or_above_median"] == (median <= 185000)
