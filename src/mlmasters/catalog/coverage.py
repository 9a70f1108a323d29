"""Which facts the catalog knows for the programs people choose (docs/catalog.md).

Two views, both generated into docs/catalog.md (``python -m mlmasters.catalog.curation
--write-docs docs/catalog.md``):

- the **named programs** (curated or user), and how many of them know each fact;
- the ``TOP_N`` largest **federal rows** (institution x CIP family, master's) of the default
  catalog (closed institutions and outside families left out) in core and adjacent families, by
  federal completers, and whether a named program joins each of them. A row is *covered* when a
  named program on it knows its delivery, study modes, credits and its own tuition (an IPEDS
  institution average is not the program's tuition).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlmasters.catalog.program import Program
from mlmasters.catalog.scope import apply_scope

TOP_N = 120

#: fact -> label (known when ``known_facts`` says so)
FACTS: dict[str, str] = {
    "delivery": "delivery (on-campus / online / hybrid)",
    "modes": "enrolment modes (full-/part-time)",
    "credits": "credits with their unit",
    "duration": "published full-time duration",
    "tuition": "program tuition (not an institution average)",
    "prerequisites": "prerequisites",
    "curriculum": "tracks or core courses",
}
#: The facts a row needs from a named program to count as covered.
COVERED_BY: tuple[str, ...] = ("delivery", "modes", "credits", "tuition")


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


def covered(p: Program) -> bool:
    k = known_facts(p)
    return p.named and all(k[f] for f in COVERED_BY)


@dataclass(frozen=True)
class Row:
    """One federal row and the named programs that join it."""

    federal_id: str
    representative: Program  # the federal row's own entry, or the first named program on it
    named: tuple[Program, ...]

    @property
    def known(self) -> dict[str, bool]:
        return {f: any(known_facts(p)[f] for p in self.named) for f in FACTS}

    @property
    def covered(self) -> bool:
        return any(covered(p) for p in self.named)


@dataclass(frozen=True)
class Coverage:
    rows: list[Row]
    known: dict[str, int]  # fact -> rows where a named program knows it
    with_named: int  # rows joined by at least one named program
    covered: int  # rows covered (COVERED_BY known for one named program)

    @property
    def n(self) -> int:
        return len(self.rows)


def federal_rows(programs: Sequence[Program]) -> list[Row]:
    """Every federal row of the catalog, with the named programs that join it."""
    named: dict[str, list[Program]] = {}
    own: dict[str, Program] = {}
    for p in programs:
        if p.kind == "federal":
            own[p.program_id] = p
        elif p.federal_id is not None:
            named.setdefault(p.federal_id, []).append(p)
    ids = sorted(set(own) | set(named))
    return [Row(fid, own.get(fid) or named[fid][0], tuple(named.get(fid, ()))) for fid in ids]


def top_rows(programs: Sequence[Program], n: int = TOP_N) -> Coverage:
    rows = federal_rows(programs)
    by_rep = {id(r.representative): r for r in rows}
    kept = apply_scope([r.representative for r in rows]).kept
    ml = [by_rep[id(p)] for p in kept if p.field_relevance in ("core", "adjacent")]
    top = sorted(ml, key=lambda r: (-(r.representative.completers_count or 0), r.federal_id))[:n]
    known = {k: sum(r.known[k] for r in top) for k in FACTS}
    return Coverage(top, known, sum(bool(r.named) for r in top), sum(r.covered for r in top))


def named_coverage(programs: Sequence[Program]) -> tuple[int, dict[str, int]]:
    named = [p for p in programs if p.named]
    return len(named), {k: sum(known_facts(p)[k] for p in named) for k in FACTS}


def coverage_markdown(programs: Sequence[Program], n: int = TOP_N) -> str:
    total, by_fact = named_coverage(programs)
    cov = top_rows(programs, n)
    share = cov.covered / cov.n if cov.n else 0.0
    out = [
        f"**Named programs: {total}.** Facts known: "
        + ", ".join(f"{FACTS[k]} {v}" for k, v in by_fact.items())
        + ".",
        "",
        f"**The {cov.n} largest core and adjacent federal rows:** {cov.with_named} are joined "
        f"by a named program; **{cov.covered} ({share:.0%}) are covered** by a named program "
        f"that knows its {', '.join(COVERED_BY)}. A named program knows, among these rows: "
        + ", ".join(f"{FACTS[k]} {v}" for k, v in cov.known.items())
        + ".",
        "",
        "| # | federal row | institution | CIP | relevance | completers | named programs | "
        "missing facts |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(cov.rows, start=1):
        p = r.representative
        missing = [k for k, ok in r.known.items() if not ok]
        names = ", ".join(f"`{q.program_id}`" for q in r.named) or "none"
        out.append(
            f"| {i} | `{r.federal_id}` | {p.institution} | {p.cip_code} | {p.field_relevance} | "
            f"{p.completers_count or 0:,} | {names} | {', '.join(missing) or 'none'} |"
        )
    return "\n".join(out)


def unknown_markdown(programs: Sequence[Program]) -> str:
    """What stays unknown for the named programs: each fact, with the programs lacking it."""
    named = sorted((p for p in programs if p.named), key=lambda p: p.program_id)
    out = ["| fact | unknown for | named programs without it |", "|---|---|---|"]
    for k, label in FACTS.items():
        lacking = [p.program_id for p in named if not known_facts(p)[k]]
        ids = ", ".join(f"`{x}`" for x in lacking) or "none"
        out.append(f"| {label} | {len(lacking)} of {len(named)} | {ids} |")
    return "\n".join(out)


def _replace(text: str, marker: str, body: str) -> str:
    start = f"<!-- generated: {marker}"
    i = text.index(start)
    j = text.index("\n", i) + 1
    k = text.index("<!-- end generated -->", j)
    return text[:j] + body.strip() + "\n" + text[k:]


def render_catalog_doc(text: str, programs: Sequence[Program]) -> str:
    """docs/catalog.md with its generated sections filled (relevance table, coverage,
    what stays unknown)."""
    from mlmasters.catalog.fields import relevance_markdown

    text = _replace(text, "field relevance", relevance_markdown())
    text = _replace(text, "coverage", coverage_markdown(programs))
    if "<!-- generated: unknown" in text:
        text = _replace(text, "unknown", unknown_markdown(programs))
    return text
