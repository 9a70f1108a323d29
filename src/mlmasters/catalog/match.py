"""Match a curated or user program to its federal Scorecard row (institution x CIP family).

Rules, in order (documented in docs/catalog.md):
1. The record gives a CIP code and the institution (IPEDS UNITID) reports a master's row
   in that 4-digit family -> "cip" match.
2. Otherwise the **first** keyword rule the program name matches chooses tiers of candidate
   CIP families; the first tier with a master's row at the institution wins, and within a
   tier the family with the most completers (on a tie, the one listed first) -> "name"
   match. A rule whose families the institution does not report leaves the program
   unmatched: a data science program joins a data science row (30.70/30.71) or none, never
   the institution's computer science or statistics row.
3. Otherwise the program is unmatched: it has no federal data (reported, never guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: keyword pattern -> tiers of candidate CIP families (first tier with a row wins). The first
#: pattern the name matches decides; an empty tuple means "no family in the catalog" (a
#: management information systems degree is CIP 52.12, which the catalog does not hold).
#: CIP 2020 titles: 11.04 Information Science/Studies, 11.0103 Information Technology (in
#: 11.01), 14.09 Computer Engineering, 27.03 Applied Mathematics, 52.13 Management Sciences
#: and Quantitative Methods (52.1301 Management Science, 52.1304 Operations Research).
NAME_RULES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (r"data science|data sciences|\bdata\b", (("30.70", "30.71"),)),
    (r"computer engineering", (("14.09",),)),
    (r"artificial intelligence|machine learning|\bai\b|\baiml\b", (("11.01", "11.07", "11.02"),)),
    (
        r"computer science|computing|computer and information|computer information|informatics",
        (("11.01", "11.07"),),
    ),
    (r"statistic", (("27.05",),)),
    (r"management information systems", ()),
    (r"analytics", (("30.71", "52.13"),)),
    (r"information technology", (("11.01",),)),
    (r"information|\bmims\b|\bmism\b", (("11.04",),)),
    (
        r"applied (and computational )?math|computational and applied math|financial math",
        (("27.03",),),
    ),
    (r"operations research|management science", (("52.13",),)),
)


@dataclass(frozen=True)
class FederalMatch:
    cip_code: str
    rule: str


def name_rule(program_name: str) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
    """The first keyword rule the name matches (pattern, tiers), or None."""
    name = program_name.lower()
    return next(((p, t) for p, t in NAME_RULES if re.search(p, name)), None)


def match_federal(
    unitid: str | None,
    cip_code: str | None,
    program_name: str,
    rows_by_unitid: dict[str, dict[str, int]],
) -> FederalMatch | None:
    """``rows_by_unitid``: unitid -> {cip family: completers (0 if unknown)} of master's rows."""
    if unitid is None or unitid not in rows_by_unitid:
        return None
    present = rows_by_unitid[unitid]
    if cip_code:
        family = cip_code[:5]
        if family in present:
            return FederalMatch(family, f"CIP {cip_code} given; family {family} at UNITID {unitid}")
    rule = name_rule(program_name)
    if rule is None:
        return None
    pattern, tiers = rule
    for tier in tiers:
        found = [c for c in tier if c in present]
        if found:
            # most completers; on a tie (e.g. two rows with unknown counts) the family
            # listed first in the tier, so a data science program takes 30.70, not 30.71
            best = max(found, key=lambda c: (present[c], -tier.index(c)))
            return FederalMatch(
                best,
                f"name matches /{pattern}/; CIP {best} is the institution's "
                f"{'only' if len(found) == 1 else 'largest'} master's row among "
                f"{', '.join(tier)}",
            )
    return None


def unmatched_reason(unitid: str | None, cip_code: str | None, program_name: str) -> str:
    """Why a program has no federal earnings row (when ``match_federal`` found none)."""
    if unitid is None:
        return "no federal earnings row: no IPEDS UNITID (outside the US)"
    if cip_code:
        return (
            f"no federal earnings row: UNITID {unitid} reports no master's row in CIP "
            f"{cip_code[:5]}"
        )
    rule = name_rule(program_name)
    if rule is None:
        return "no federal earnings row: the name suggests no CIP family the catalog holds"
    pattern, tiers = rule
    families = ", ".join(c for t in tiers for c in t)
    if not families:
        return f"no federal earnings row: the name matches /{pattern}/, outside the catalog"
    return (
        f"no federal earnings row: the name matches /{pattern}/ and UNITID {unitid} reports "
        f"no master's row in {families} (another field's row is not used)"
    )
