"""Which of the guide's five profiles fits a person best, with the evidence.

The guide ("Who should pursue a machine learning master's degree?") names five profiles. Each
rule in ``PERSONA_RULES`` adds points to one persona when its conditions hold; the persona
with most points wins, ties go to the earlier persona in ``PERSONA_ORDER``, and a person with
no evidence at all gets ``DEFAULT_PERSONA`` (flagged ``confidence="none"``). Rules whose
features are unknown do not fire; those features are listed as ``would_help``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.assess._rules import Cond, evaluate_all, render
from mlmasters.models.assess._rules import cond as _c
from mlmasters.profile import Profile

PersonaKey = Literal[
    "working-professional",
    "recent-graduate",
    "career-changer",
    "aspiring-researcher",
    "technically-inclined",
]

#: Tie-break order (most specific first) and display order.
PERSONA_ORDER: tuple[str, ...] = (
    "aspiring-researcher",
    "working-professional",
    "career-changer",
    "recent-graduate",
    "technically-inclined",
)
DEFAULT_PERSONA = "technically-inclined"

#: The guide's profiles, paraphrased.
PERSONA_LABELS: dict[str, str] = {
    "working-professional": "Working professional seeking specialised advancement",
    "recent-graduate": "Recent graduate in a quantitative field targeting specialisation",
    "career-changer": "Career changer moving into a data-driven role",
    "aspiring-researcher": "Aspiring researcher (PhD or R&D)",
    "technically-inclined": "Technically inclined professional preparing for industry demand",
}
PERSONA_SUMMARIES: dict[str, str] = {
    "working-professional": "already in data analysis or software work; the degree deepens "
    "applied expertise and opens senior technical roles",
    "recent-graduate": "a broad CS, engineering or math bachelor's; the degree adds focused "
    "ML knowledge that differentiates early in a career",
    "career-changer": "coming from another field; needs foundations and advanced ML training, "
    "in a structured form",
    "aspiring-researcher": "aims at a PhD or R&D; needs theoretical grounding and research "
    "experience (a thesis)",
    "technically-inclined": "a technical background outside software/data work, positioning "
    "for growing ML demand in their sector",
}

#: Current jobs that count as software/data work: SOC major group 15 (Computer and
#: Mathematical Occupations); without a SOC code, these words in the job title.
TECH_SOC_PREFIX = "15-"
TECH_TITLE_WORDS: tuple[str, ...] = (
    "software",
    "developer",
    "programmer",
    "data",
    "machine learning",
    "statistician",
    "devops",
    "computer",
)
QUANT_FIELDS: tuple[str, ...] = (
    "computer-science",
    "math-statistics",
    "engineering",
    "natural-science",
)
APPLIED_ROLES = ("ml-engineer", "data-scientist")

#: Derived features -> the profile fields that answer them (for "would help" hints).
FEATURE_FIELDS: dict[str, str] = {
    "tech_job": "current_soc or current_role",
    "quantitative_degree": "degree_field",
    "background_mean": "background",
    "math_mean": "background",
}


class PersonaRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    persona: PersonaKey
    when: tuple[Cond, ...]
    points: int
    evidence: str = Field(description="str.format template over the features")


PERSONA_RULES: tuple[PersonaRule, ...] = (
    # aspiring researcher
    PersonaRule(
        persona="aspiring-researcher",
        when=(_c("research_interest", "eq", 3),),
        points=4,
        evidence="you want a PhD (research interest 3 of 3)",
    ),
    PersonaRule(
        persona="aspiring-researcher",
        when=(_c("research_interest", "eq", 2),),
        points=2,
        evidence="strong interest in research (2 of 3)",
    ),
    PersonaRule(
        persona="aspiring-researcher",
        when=(_c("target_role", "eq", "research-scientist"),),
        points=2,
        evidence="your target role is research scientist",
    ),
    PersonaRule(
        persona="aspiring-researcher",
        when=(_c("wants_thesis", "true"),),
        points=1,
        evidence="you want a thesis option",
    ),
    # working professional
    PersonaRule(
        persona="working-professional",
        when=(_c("tech_job", "true"),),
        points=2,
        evidence="your current job ({current_job}) is software/data work",
    ),
    PersonaRule(
        persona="working-professional",
        when=(_c("years_experience", "ge", 3),),
        points=1,
        evidence="{years_experience:g} years of work experience",
    ),
    PersonaRule(
        persona="working-professional",
        when=(_c("must_keep_working", "true"),),
        points=1,
        evidence="you must keep working while you study",
    ),
    PersonaRule(
        persona="working-professional",
        when=(_c("employer_support_usd_per_year", "gt", 0),),
        points=1,
        evidence="your employer supports tuition ({employer_support_usd_per_year:usd} a year)",
    ),
    # recent graduate
    PersonaRule(
        persona="recent-graduate",
        when=(_c("years_experience", "lt", 2),),
        points=3,
        evidence="early career: {years_experience:g} years of work experience",
    ),
    PersonaRule(
        persona="recent-graduate",
        when=(_c("quantitative_degree", "true"), _c("highest_degree", "eq", "bachelor")),
        points=1,
        evidence="a bachelor's in a quantitative field ({degree_field})",
    ),
    PersonaRule(
        persona="recent-graduate",
        when=(_c("age", "le", 25),),
        points=1,
        evidence="age {age}",
    ),
    # career changer
    PersonaRule(
        persona="career-changer",
        when=(_c("tech_job", "false"), _c("years_experience", "ge", 2)),
        points=3,
        evidence="{years_experience:g} years of work outside software/data ({current_job})",
    ),
    PersonaRule(
        persona="career-changer",
        when=(_c("quantitative_degree", "false"),),
        points=1,
        evidence="your degree is outside the quantitative fields ({degree_field})",
    ),
    PersonaRule(
        persona="career-changer",
        when=(_c("background_mean", "lt", 1.5),),
        points=1,
        evidence="core-area background averages {background_mean:.1f} of 3: foundations to build",
    ),
    # technically inclined
    PersonaRule(
        persona="technically-inclined",
        when=(_c("tech_job", "false"), _c("quantitative_degree", "true")),
        points=2,
        evidence="a quantitative degree ({degree_field}) while working outside software/data",
    ),
    PersonaRule(
        persona="technically-inclined",
        when=(_c("math_mean", "ge", 2),),
        points=1,
        evidence="strong math (probability, linear algebra, calculus average {math_mean:.1f} of 3)",
    ),
    PersonaRule(
        persona="technically-inclined",
        when=(_c("target_role", "in", APPLIED_ROLES), _c("research_interest", "le", 1)),
        points=1,
        evidence="you aim for an applied industry role ({target_role}), not research",
    ),
)


class PersonaEvidence(BaseModel):
    model_config = ConfigDict(frozen=True)

    persona: str
    points: int
    evidence: str
    rule: str = Field(description="The rule's conditions")


class PersonaResult(BaseModel):
    """The best-fitting persona, every persona's score, and the evidence behind them."""

    model_config = ConfigDict(frozen=True)

    persona: str
    label: str
    summary: str
    confidence: Literal["strong", "weak", "none"] = Field(
        description="strong: leads by 2+ points; weak: leads by less; none: no evidence"
    )
    scores: dict[str, int]
    evidence: list[PersonaEvidence] = Field(description="Fired rules of the chosen persona")
    other_evidence: list[PersonaEvidence] = Field(description="Fired rules of other personas")
    would_help: list[str] = Field(description="Unknown profile fields that rules needed")


def _mean(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def tech_job(profile: Profile) -> bool | None:
    """Is the current job software/data work? SOC group 15 decides; else the title's words."""
    if profile.current_soc:
        return profile.current_soc.startswith(TECH_SOC_PREFIX)
    if profile.current_role:
        title = profile.current_role.lower()
        return any(w in title for w in TECH_TITLE_WORDS)
    return None


def persona_features(profile: Profile) -> dict[str, Any]:
    """The profile facts the persona (and path) rules read; ``None`` = unknown."""
    bg = profile.background
    levels = [getattr(bg, k) for k in type(bg).model_fields]
    field = profile.degree_field
    job = " ".join(x for x in (profile.current_role, profile.current_soc) if x) or None
    return {
        "research_interest": profile.research_interest,
        "target_role": profile.target_role,
        "wants_thesis": profile.wants_thesis,
        "tech_job": tech_job(profile),
        "current_job": job,
        "years_experience": profile.years_experience,
        "must_keep_working": profile.must_keep_working,
        "employer_support_usd_per_year": profile.employer_support_usd_per_year,
        "quantitative_degree": None if field is None else field in QUANT_FIELDS,
        "degree_field": field,
        "highest_degree": profile.highest_degree,
        "age": profile.age,
        "background_mean": _mean(levels),
        "math_mean": _mean([bg.probability_statistics, bg.linear_algebra, bg.calculus]),
    }


def classify_persona(
    profile: Profile, rules: tuple[PersonaRule, ...] = PERSONA_RULES
) -> PersonaResult:
    feats = persona_features(profile)
    scores = dict.fromkeys(PERSONA_ORDER, 0)
    fired: list[PersonaEvidence] = []
    unknown: set[str] = set()
    for rule in rules:
        ok, missing = evaluate_all(rule.when, feats)
        unknown.update(missing)
        if ok:
            scores[rule.persona] += rule.points
            fired.append(
                PersonaEvidence(
                    persona=rule.persona,
                    points=rule.points,
                    evidence=render(rule.evidence, feats),
                    rule=" and ".join(c.describe() for c in rule.when),
                )
            )
    ranked = sorted(PERSONA_ORDER, key=lambda p: (-scores[p], PERSONA_ORDER.index(p)))
    best = ranked[0]
    lead = scores[best] - scores[ranked[1]]
    if scores[best] == 0:
        best, confidence = DEFAULT_PERSONA, "none"
    else:
        confidence = "strong" if lead >= 2 else "weak"
    return PersonaResult(
        persona=best,
        label=PERSONA_LABELS[best],
        summary=PERSONA_SUMMARIES[best],
        confidence=confidence,
        scores=scores,
        evidence=[e for e in fired if e.persona == best],
        other_evidence=[e for e in fired if e.persona != best],
        would_help=sorted({FEATURE_FIELDS.get(u, u) for u in unknown}),
    )
