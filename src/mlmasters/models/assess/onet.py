"""The role's O*NET profile and the skills report built on it: the occupations used (and
their weights renormalised over those with O*NET data), each element's weighted importance,
and the gaps of ``skills.skill_gaps``. The service hands in the ``onet_skills`` table, the
occupation titles and the program's courses; this module returns the finished report."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from mlmasters.models.assess.careers import ROLE_LABELS, ROLE_SOC_WEIGHTS
from mlmasters.models.assess.skills import (
    LEVEL_AFTER_COVERAGE,
    ONET_CAVEATS,
    ONET_MISSING_NOTE,
    ONET_SCOPE_NOTE,
    SKILL_GROUPS,
    ElementImportance,
    OnetOccupation,
    ProgramCourses,
    SkillsReport,
    chart_data,
    skill_gaps,
    weighted_importance,
)
from mlmasters.profile import Profile

#: How the report's figures are made (printed with every skills report).
RULES: tuple[str, ...] = (
    "target = mean O*NET importance (1-5) of the group's elements, weighted over "
    "the role's occupations, mapped linearly onto 0-3 (1 -> 0, 5 -> 3)",
    "you now = mean of your levels in the core areas that feed the group "
    "(unknown where the profile does not ask)",
    "a program covers a group when its published tracks or core courses name it, "
    "or a required capstone/thesis trains it; covered groups reach level "
    f"{LEVEL_AFTER_COVERAGE:g} ('took advanced courses')",
    "gap = max(0, target - level): met at 0, small below 1 level, gap otherwise",
)

Values = dict[str, dict[str, float]]


def skills_report(
    profile: Profile,
    role: str,
    onet: pd.DataFrame,
    occupation_name: Callable[[str], str],
    program: ProgramCourses | None,
    attribution: str,
) -> SkillsReport:
    """The role's O*NET profile, the person's levels, the program's coverage, the gaps."""
    weights = dict(ROLE_SOC_WEIGHTS[role])
    values, names, codes = _read(onet, weights)
    occs, caveats = _occupations(role, values, codes, occupation_name)
    importance = weighted_importance(values, weights)
    gaps = skill_gaps(profile, importance, program)
    return SkillsReport(
        role=role,
        role_label=ROLE_LABELS[role],
        program_id=program.program_id if program else None,
        program_name=program.name if program else None,
        occupations=occs,
        groups=gaps,
        onet_profile=_elements(importance, names, values),
        chart=chart_data(gaps),
        caveats=caveats,
        rules=list(RULES),
        attribution=attribution,
    )


def _read(
    onet: pd.DataFrame, weights: dict[str, float]
) -> tuple[Values, dict[str, str], dict[str, str]]:
    """Per occupation the importance of each element; element names; O*NET-SOC codes."""
    sub = onet[onet["soc_code"].isin(list(weights))]
    values: Values = {}
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for soc, oc, eid, ename, val in zip(
        sub["soc_code"],
        sub["onet_soc_code"],
        sub["element_id"],
        sub["element_name"],
        sub["value"].astype(float),
        strict=True,
    ):
        values.setdefault(str(soc), {})[str(eid)] = float(val)
        names[str(eid)] = str(ename)
        codes[str(soc)] = str(oc)
    return values, names, codes


def _occupations(
    role: str, values: Values, codes: dict[str, str], occupation_name: Callable[[str], str]
) -> tuple[list[OnetOccupation], list[str]]:
    """The role's occupations with the weight each carries (none without O*NET data), and
    the caveats on them."""
    have = sum(w for s, w in dict(ROLE_SOC_WEIGHTS[role]).items() if s in values)
    caveats: list[str] = []
    occs: list[OnetOccupation] = []
    for soc, w in ROLE_SOC_WEIGHTS[role]:
        title = occupation_name(soc)
        cav = ONET_CAVEATS.get(soc)
        if soc not in values:
            cav = f"{title} ({soc}) {ONET_MISSING_NOTE}"
        if cav:
            caveats.append(cav)
        occs.append(
            OnetOccupation(
                soc_code=soc,
                title=title,
                weight=w,
                weight_used=round(w / have, 4) if soc in values and have else 0.0,
                onet_soc_code=codes.get(soc),
                caveat=cav,
            )
        )
    caveats.append(ONET_SCOPE_NOTE)
    return occs, caveats


def _elements(
    importance: dict[str, float], names: dict[str, str], values: Values
) -> list[ElementImportance]:
    """Every element, most important first, with its group and each occupation's value."""
    group_of = {e: g.key for g in SKILL_GROUPS for e in g.elements}
    return sorted(
        (
            ElementImportance(
                element_id=e,
                element_name=names[e],
                kind="skill" if e.startswith("2.") else "work activity",
                group=group_of.get(e),
                importance=round(v, 2),
                by_soc={s: values[s][e] for s in values if e in values[s]},
            )
            for e, v in importance.items()
        ),
        key=lambda x: (-x.importance, x.element_id),
    )
