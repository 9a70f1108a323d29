"""Markdown tables of the assess rules, generated from the rule tables themselves.

``docs/assess.md`` embeds ``rules_markdown()`` between two markers, and a test checks that
the two agree, so the documented defaults are the ones the code uses.
"""

from __future__ import annotations

from mlmasters.models.assess.careers import GUIDE_CLAIMS, ROLE_LABELS, ROLE_SOC_WEIGHTS
from mlmasters.models.assess.path_rules import PATH_LABELS, PATH_ORDER, PATH_RULES
from mlmasters.models.assess.persona import PERSONA_LABELS, PERSONA_ORDER, PERSONA_RULES
from mlmasters.models.assess.readiness import AREA_LABELS, DEFAULT_READINESS
from mlmasters.models.assess.skills import SKILL_GROUPS

BEGIN = "<!-- BEGIN GENERATED RULES (mlmasters.models.assess.doc.rules_markdown) -->"
END = "<!-- END GENERATED RULES -->"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def rules_markdown() -> str:
    out: list[str] = []
    out.append("### Persona rules (`PERSONA_RULES`)\n")
    out.append(
        "Tie-break order: " + ", ".join(f"`{p}`" for p in PERSONA_ORDER) + ". "
        "Labels: " + "; ".join(f"`{k}` {v}" for k, v in PERSONA_LABELS.items()) + ".\n"
    )
    out.append(_row(["persona", "when", "points", "evidence shown"]))
    out.append(_row(["---"] * 4))
    for r in PERSONA_RULES:
        cond = " and ".join(c.describe() for c in r.when)
        out.append(_row([f"`{r.persona}`", cond, f"+{r.points}", r.evidence]))

    out.append("\n### Readiness table (`DEFAULT_READINESS`)\n")
    weeks = ", ".join(
        f"to level {k}: {v:g} weeks" for k, v in DEFAULT_READINESS.weeks_to_level.items()
    )
    out.append(f"Weeks per level: {weeks} ({DEFAULT_READINESS.weeks_source}).\n")
    out.append(_row(["area", "required level", "why"]))
    out.append(_row(["---"] * 3))
    for a in DEFAULT_READINESS.areas:
        out.append(_row([AREA_LABELS[a.area], str(a.required_level), a.why]))

    out.append("\n### Path rules (`PATH_RULES`)\n")
    out.append(
        "Tie-break order: " + ", ".join(f"`{p}` ({PATH_LABELS[p]})" for p in PATH_ORDER) + ".\n"
    )
    out.append(_row(["rule", "when", "points", "source"]))
    out.append(_row(["---"] * 4))
    for pr in PATH_RULES:
        cond = " and ".join(c.describe() for c in pr.when)
        eff = ", ".join(f"{k} {v:+d}" for k, v in pr.effects.items())
        out.append(_row([f"`{pr.rule_id}`", cond, eff, pr.source]))

    out.append("\n### Roles and occupations (`ROLE_SOC_WEIGHTS`)\n")
    out.append(_row(["role", "SOC 2018 occupations (weight)"]))
    out.append(_row(["---"] * 2))
    for role, pairs in ROLE_SOC_WEIGHTS.items():
        occ = ", ".join(f"{s} ({w:g})" for s, w in pairs)
        out.append(_row([f"`{role}` {ROLE_LABELS[role]}", occ]))

    out.append("\n### The guide's claims (`GUIDE_CLAIMS`)\n")
    out.append(_row(["claim", "compared with"]))
    out.append(_row(["---"] * 2))
    for c in GUIDE_CLAIMS:
        out.append(_row([c.claim, c.compare_with]))

    out.append("\n### Skill groups (`SKILL_GROUPS`)\n")
    out.append(
        _row(["group", "O*NET elements", "your level from", "covered when a course/track names"])
    )
    out.append(_row(["---"] * 4))
    for g in SKILL_GROUPS:
        req = [f"required {r}" for r in g.covered_by_required]
        out.append(
            _row(
                [
                    g.label,
                    ", ".join(g.elements),
                    ", ".join(g.background_areas) or "not asked",
                    ", ".join(list(g.coverage_keywords) + req),
                ]
            )
        )
    return "\n".join(out) + "\n"
