"""What decides between compared programs: for the leader against each other program, the
criteria that count most for it and the one where the other is stronger, in sentences.

Pure: reads the per-criterion contributions computed by the ranking.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlmasters.models.rank.results import Difference
from mlmasters.models.rank.weights import CRITERIA, CRITERION_LABELS

#: Contribution differences smaller than this (half a point of the 0-100 score) never decide.
MIN_DECISIVE_GAP = 0.005


def decisive(scored: list[tuple[Any, int, float, Any, Any]]) -> list[Difference]:
    """For the leader against each other program: the two criteria that count most for it,
    and the one where the other program is stronger (if any)."""
    lead, _li, lscore, _lc, lcontrib = scored[0]
    label = _short_labels([t[0] for t in scored])
    out: list[Difference] = []
    for other, _oi, oscore, _oc, ocontrib in scored[1:]:
        gap = lcontrib - ocontrib
        idx = np.argsort(-gap)
        for j in idx[:2]:
            if gap[j] < MIN_DECISIVE_GAP:
                break
            out.append(_diff(lead, other, lscore - oscore, int(j), float(gap[j]), label))
        j = int(np.argmin(gap))
        if gap[j] <= -MIN_DECISIVE_GAP:
            out.append(_diff(lead, other, lscore - oscore, j, float(gap[j]), label))
    return out


def _short_labels(programs: list[Any]) -> dict[str, str]:
    """What a person recognises: the institution, with the program's name when two compared
    programs share an institution."""
    insts = [p.institution for p in programs]
    return {
        p.program_id: p.institution
        if insts.count(p.institution) == 1
        else f"{p.institution}, {p.name}"
        for p in programs
    }


def _diff(
    lead: Any, other: Any, score_gap: float, j: int, g: float, label: dict[str, str]
) -> Difference:
    crit = CRITERION_LABELS[CRITERIA[j]].lower()
    a, b = label[lead.program_id], label[other.program_id]
    if g > 0:
        sentence = (
            f"{a} gains {g:.3f} over {b} on {crit} (its total lead is {score_gap:.3f} of the "
            "0-1 score)"
        )
    else:
        sentence = f"{b} gains {-g:.3f} on {crit}, not enough to close the {score_gap:.3f} gap"
    return Difference(
        leader=lead.program_id,
        other=other.program_id,
        score_gap=round(score_gap, 4),
        criterion=CRITERIA[j],
        contribution_gap=round(g, 4),
        sentence=sentence,
    )


__all__ = ["MIN_DECISIVE_GAP", "decisive"]
