"""Workload check: weekly hours the plan needs against the hours the person has.

Rule (documented): about 3 hours a week per semester credit in a 15-week term (one hour of
class and two of out-of-class work, 34 CFR 600.2); for other term lengths the same 45 hours
per semester credit are spread over the term's weeks. An infeasible plan gets the smallest
change that makes it feasible: the most credits a term that fit the hours (so more terms), or,
when not even one course fits, the extra weekly hours one course needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.plan.terms import (
    CALENDAR_SOURCE,
    CalendarSpec,
    credits_allowed_by_hours,
    hours_for_credits,
    terms_needed,
)


class WorkloadCheck(BaseModel):
    """The plan's weekly hours against the person's, and the fix when they do not fit."""

    model_config = ConfigDict(frozen=True)

    hours_per_credit_week: float = Field(description="Weekly hours per semester credit")
    hours_needed_per_week: float = Field(description="Weekly hours in the busiest term")
    hours_available_per_week: float | None = Field(description="The person's hours; None=unknown")
    feasible: bool | None = Field(description="None when the person's hours are unknown")
    credits_per_term: float
    max_credits_per_term_fitting: float | None = Field(
        description="Most credits a term (whole courses) that fit the hours"
    )
    suggestion: str | None = Field(description="The smallest change that makes the plan fit")
    rule: str


def check_workload(
    term_loads: Sequence[float],
    hours_available: float | None,
    spec: CalendarSpec,
    credits_per_term: float,
    total_load: float,
) -> WorkloadCheck:
    """Compare the busiest term's hours with ``hours_available`` (pure)."""
    per = spec.hours_per_credit_week
    needed = max((hours_for_credits(c, spec) for c in term_loads), default=0.0)
    rule = (
        f"{per:g} h a week per semester credit in a {spec.weeks_per_term:g}-week term "
        f"(3 h per credit in a 15-week term: {CALENDAR_SOURCE})"
    )
    if hours_available is None:
        return WorkloadCheck(
            hours_per_credit_week=per,
            hours_needed_per_week=round(needed, 1),
            hours_available_per_week=None,
            feasible=None,
            credits_per_term=credits_per_term,
            max_credits_per_term_fitting=None,
            suggestion="give hours_per_week in your profile to check the workload",
            rule=rule,
        )
    fit = credits_allowed_by_hours(hours_available, spec)
    feasible = needed <= hours_available + 1e-9
    suggestion: str | None = None
    if not feasible:
        if fit >= spec.course_credits - 1e-9:
            now = terms_needed(total_load, credits_per_term)
            then = terms_needed(total_load, fit)
            suggestion = (
                f"take {fit:g} credits a term instead of {credits_per_term:g}: "
                f"{then} terms ({then * spec.term_months:g} months) instead of {now} "
                f"({now * spec.term_months:g} months)"
            )
        else:
            one = hours_for_credits(spec.course_credits, spec)
            suggestion = (
                f"one course ({spec.course_credits:g} credits) needs {one:g} h a week and you "
                f"have {hours_available:g}: find {one - hours_available:g} more hours a week"
            )
    return WorkloadCheck(
        hours_per_credit_week=per,
        hours_needed_per_week=round(needed, 1),
        hours_available_per_week=hours_available,
        feasible=feasible,
        credits_per_term=credits_per_term,
        max_credits_per_term_fitting=fit,
        suggestion=suggestion,
        rule=rule,
    )
