"""The default catalog: which programs it leaves out, by which rule, and how many.

Rules, in order (each program is charged to the first rule that removes it):

| rule | removes | kept with |
|---|---|---|
| closed_institution | institution closed or merged (IPEDS HD2024 C, D, M) | ``include_closed`` |
| not_in_directory | a US institution absent from IPEDS HD2024 | ``include_closed`` |
| outside_field | CIP family *outside* ML (catalog/fields.py) | ``include_outside_fields`` |

A closed program is still found by its id (``programs show``) and shown as closed.
52.13 rows stay in the catalog with their caution; the shortlist rule for them is in
``models/rank/filters.py`` (filter ``field``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlmasters.catalog.program import Program

#: rule -> what it leaves out, read after a count ("425 programs in CIP families ...")
SCOPE_RULES: dict[str, str] = {
    "closed_institution": "programs at closed or merged institutions (IPEDS HD2024)",
    "not_in_directory": "programs at institutions absent from the IPEDS 2024-25 directory",
    "outside_field": "programs in CIP families outside machine learning (docs/catalog.md)",
}


@dataclass(frozen=True)
class ScopeResult:
    kept: list[Program]
    removed: dict[str, int]


def scope_rule(p: Program, include_outside_fields: bool, include_closed: bool) -> str | None:
    """The first rule that removes ``p`` from the default catalog, or None."""
    if p.closed and not include_closed:
        return "closed_institution"
    if p.institution_status == "not-listed" and not include_closed:
        return "not_in_directory"
    if p.field_relevance == "outside" and not include_outside_fields:
        return "outside_field"
    return None


def apply_scope(
    programs: Sequence[Program], include_outside_fields: bool = False, include_closed: bool = False
) -> ScopeResult:
    removed = dict.fromkeys(SCOPE_RULES, 0)
    kept = []
    for p in programs:
        rule = scope_rule(p, include_outside_fields, include_closed)
        if rule is None:
            kept.append(p)
        else:
            removed[rule] += 1
    return ScopeResult(kept, removed)
