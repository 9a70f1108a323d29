"""The guide's disadvantages of a program, made concrete with the person's own figures: the
program page and the report list the same sentences."""

from __future__ import annotations

from typing import Any

from mlmasters.present import money


def risks_for(roi: Any, plan: Any, program: Any) -> list[str]:
    """The guide's disadvantages, made concrete with this person's figures."""
    out: list[str] = []
    head = roi.headline if roi is not None and roi.status == "ok" else None
    if head is not None:
        out.append(f"Chance the degree loses money over your career: {head.p_loss:.0%}; "
                   f"1 in 10 outcomes is {money(head.npv_p10_usd)} or worse "
                   f"({head.basis}).")  # fmt: skip
    elif roi is not None:
        out.append(f"No return estimate: {roi.message or roi.status}.")
    if plan is not None:
        ttd = plan.time_to_degree
        out.append(f"Chance of not finishing: {1 - ttd.p_complete:.0%}; those who leave do so "
                   f"after {ttd.months_to_attrition_mean:.0f} months on average.")  # fmt: skip
        if plan.workload.feasible is False:  # None: the person's hours are unknown
            out.append(f"Workload: {plan.workload.hours_needed_per_week:g} h a week needed "
                       f"vs {plan.workload.hours_available_per_week:g} available. "
                       f"{plan.workload.suggestion or ''}")  # fmt: skip
        if plan.funding.gap_total_usd:
            out.append(f"Funding gap after employer support and federal loans: "
                       f"${plan.funding.gap_total_usd:,.0f}.")  # fmt: skip
    e = roi.earnings if roi is not None else None
    if e is not None and e.source != "own pair":
        out.append("No comparison of this institution's master's and bachelor's graduates: the "
                   f"degree's effect on your pay comes from the {e.source} instead.")  # fmt: skip
    if roi is not None and roi.bridge_months:
        out.append(f"Bridge courses first: about {roi.bridge_months:g} months before the "
                   "program starts; the return counts that time.")  # fmt: skip
    out.append("Obsolescence: tools and methods in ML change faster than a two-year program; "
               "the guide warns that what you learn needs constant renewal.")  # fmt: skip
    if not program.internship and not program.capstone:
        out.append("Applied experience: no required internship or capstone is published; "
                   "employers weigh projects and work experience.")  # fmt: skip
    return out
