"""Shortlist rows that read as one: the same institution with the same figures.

Federal data give an institution one row per field (e.g. "Data Science" and "Data Analytics"
at one institution); when neither has its own earnings, the return and the tuition come out
the same, and two rows look like one program listed twice. ``twins`` tells such rows apart
by what does differ (the field, and how many graduates the federal data count), so a person
sees why both are listed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from mlmasters.present import plural


def _key(p: Any) -> tuple[Any, ...]:
    return (p.institution, p.npv_p50_usd, p.p_ahead, p.tuition_usd, p.months_p50)


def _what(program: Any) -> str:
    n = program.completers_count
    counted = "graduates not counted" if n is None else f"{plural(n, 'graduate')} counted"
    return f"“{program.cip_title or program.name}” ({counted})"


def twins(ranked: Sequence[Any], catalog: Any) -> dict[str, str]:
    """program id -> a sentence, for every shown row whose institution and figures (median,
    chance ahead, tuition, months) equal another shown row's."""
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for p in ranked:
        if p.npv_p50_usd is not None:
            groups[_key(p)].append(p)
    out: dict[str, str] = {}
    for rows in groups.values():
        if len(rows) < 2:
            continue
        facts = {}
        for p in rows:
            try:
                facts[p.program_id] = _what(catalog.get(p.program_id))
            except Exception:  # a program no longer in the catalog
                facts[p.program_id] = f"“{p.name}”"
        for p in rows:
            others = "; ".join(facts[o.program_id] for o in rows if o is not p)
            out[p.program_id] = (
                f"Same figures as {others}: the federal data list each field at this "
                f"institution apart, and this row is {facts[p.program_id]}."
            )
    return out
