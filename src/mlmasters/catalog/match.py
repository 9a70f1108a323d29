"""Match a curated or user program to its federal Scorecard row (institution x CIP family).

Rules, in order (documented in docs/catalog.md):
1. The record gives a CIP code and the institution (IPEDS UNITID) reports a master's row
   in that 4-digit family -> "cip" match.
2. Otherwise the program name's keywords choose tiers of candidate CIP families; the first
   tier with any master's row at the institution wins, and within a tier the family with
   the most completers (on a tie, the one listed first) -> "name" match.
3. Otherwise the program is unmatched: it has no federal data (reported, never guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: keyword pattern -> tiers of candidate CIP families (first tier with a row wins)
NAME_RULES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (r"data science|data sciences|\bdata\b", (("30.70", "30.71"), ("11.01", "11.07", "27.05"))),
    (r"artificial intelligence|machine learning|\bai\b|\baiml\b", (("11.01", "11.07", "11.02"),)),
    (r"computer science|computing|computer and information|informatics", (("11.01", "11.07"),)),
    (r"statistic", (("27.05",),)),
    (r"analytics", (("30.71", "52.13"),)),
)


@dataclass(frozen=True)
class FederalMatch:
    cip_code: str
    rule: str


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
    name = program_name.lower()
    for pattern, tiers in NAME_RULES:
        if not re.search(pattern, name):
            continue
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
