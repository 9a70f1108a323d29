"""Which facts the catalog knows for the programs people choose (docs/catalog.md).

The list is the ``TOP_N`` largest programs of the default catalog (closed institutions and
outside families left out) in core and adjacent CIP families, by federal completers. A fact
is known when the curated layer (or the program itself) states it; an IPEDS institution
average is not the program's tuition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlmasters.catalog.program import Program
from mlmasters.catalog.scope import apply_scope

TOP_N = 120

#: fact -> test on a program (known when True)
FACTS: dict[str, str] = {
    "delivery": "delivery (on-campus / online / hybrid)",
    "modes": "enrolment modes (full-/part-time)",
    "credits": "credits with their unit",
    "duration": "published full-time duration",
    "tuition": "program tuition (not an institution average)",
    "prerequisites": "prerequisites",
    "curriculum": "tracks or core courses",
}


def known_facts(p: Program) -> dict[str, bool]:
    return {
        "delivery": p.delivery is not None,
        "modes": bool(p.enrollment_modes),
        "credits": p.credits_total is not None and p.credits_conversion is not None,
        "duration": p.duration_months_full_time is not None,
        "tuition": p.tuition_total is not None,
        "prerequisites": bool(p.prerequisites),
        "curriculum": bool(p.tracks or p.core_courses),
    }


@dataclass(frozen=True)
class Coverage:
    programs: list[Program]
    known: dict[str, int]  # fact -> programs that know it

    @property
    def n(self) -> int:
        return len(self.programs)


def top_programs(programs: Sequence[Program], n: int = TOP_N) -> Coverage:
    kept = apply_scope(programs).kept
    ml = [p for p in kept if p.field_relevance in ("core", "adjacent")]
    top = sorted(ml, key=lambda p: (-(p.completers_count or 0), p.program_id))[:n]
    known = {k: sum(known_facts(p)[k] for p in top) for k in FACTS}
    return Coverage(top, known)


def coverage_markdown(programs: Sequence[Program], n: int = TOP_N) -> str:
    cov = top_programs(programs, n)
    out = [
        f"Coverage among these {cov.n}: "
        + ", ".join(f"{FACTS[k]} {v}" for k, v in cov.known.items())
        + ".",
        "",
        "| # | program id | institution | CIP | relevance | completers | missing facts |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, p in enumerate(cov.programs, start=1):
        missing = [k for k, ok in known_facts(p).items() if not ok]
        out.append(
            f"| {i} | `{p.program_id}` | {p.institution} | {p.cip_code} | {p.field_relevance} | "
            f"{p.completers_count or 0:,} | {', '.join(missing) or 'none'} |"
        )
    return "\n".join(out)


def _replace(text: str, marker: str, body: str) -> str:
    start = f"<!-- generated: {marker}"
    i = text.index(start)
    j = text.index("\n", i) + 1
    k = text.index("<!-- end generated -->", j)
    return text[:j] + body.strip() + "\n" + text[k:]


def render_catalog_doc(text: str, programs: Sequence[Program]) -> str:
    """docs/catalog.md with its generated sections filled (relevance table, coverage)."""
    from mlmasters.catalog.fields import relevance_markdown

    text = _replace(text, "field relevance", relevance_markdown())
    return _replace(text, "coverage", coverage_markdown(programs))
