"""The careers report of a role in an area: the role's occupations blended into one set of
wage percentiles, the role-weighted BLS growth beside all occupations', the entry education
of its main occupation, and the guide's claims checked against them. The service looks up
the wages and projections (``OccupationCareer``) and hands them in; this returns the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlmasters.models.assess.careers import (
    GUIDE_CLAIMS,
    ROLE_CAVEATS,
    ROLE_LABELS,
    CareerReport,
    OccupationCareer,
    Projection,
    blend,
    check_growth_claim,
    check_pay_claim,
)
from mlmasters.wages import Area

CAREER_LIMITS: tuple[str, ...] = (
    "OEWS counts wage and salary workers in all industries; self-employed people and stock "
    "compensation are not included.",
    "OEWS publishes no pay by experience: the entry and five-year bands are percentile "
    "proxies chosen by mlmasters (docs/assess.md).",
    "BLS projections employment (National Employment Matrix) differs from OEWS employment; "
    "the two are never mixed in one figure.",
)


def career_report(
    role: str,
    area: Area,
    notices: list[str],
    occs: list[OccupationCareer],
    *,
    total: Projection | None,
    sources: Sequence[str],
) -> CareerReport:
    """``total``: the projection of all occupations (SOC 00-0000), the growth compared with."""
    blended = blend(occs)
    changes = [
        (o.soc_code, o.projection.change_percent)
        for o in occs
        if o.projection and o.projection.change_percent is not None
    ]
    weights = {o.soc_code: o.weight for o in occs}
    growth = (
        round(sum(weights[s] * c for s, c in changes) / sum(weights[s] for s, _ in changes), 1)
        if changes
        else None
    )
    main = max(occs, key=lambda o: o.weight)
    where = area.area_name
    claims = [
        check_pay_claim(c, blended.values(), where)
        if c.unit == "usd"
        else check_growth_claim(c, changes)
        for c in GUIDE_CLAIMS
    ]
    return CareerReport(
        role=role,
        role_label=ROLE_LABELS[role],
        caveat=ROLE_CAVEATS[role],
        requested_area=area,
        notices=notices,
        occupations=occs,
        blended_wages=blended,
        growth_percent_weighted=growth,
        all_occupations_growth_percent=None if total is None else total.change_percent,
        entry_education=main.projection.typical_entry_education if main.projection else None,
        claims=claims,
        sources=list(sources),
        limits=list(CAREER_LIMITS),
    )
