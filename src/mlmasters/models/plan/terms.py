"""Credits to terms: calendars, loads by enrolment mode, and the number of terms.

Documented defaults (``docs/plan.md``):

- **Calendars** (34 CFR 600.2, the federal credit-hour definition: an hour of class plus two
  hours of work outside class each week, over about 15 weeks for a semester or trimester
  hour and 10-12 weeks for a quarter hour): semester = 2 terms a year of 15
  weeks; quarter = 3 terms a year (summer off) of 10 weeks; trimester = 3 terms a year
  (year-round) of 15 weeks. A term spans ``12 / terms_per_year`` calendar months, breaks
  included, so 5 terms at 3 a year take 20 months.
- **Course size**: 3 semester credits (semester, trimester) or 4 quarter units = 8/3 semester
  credits (quarter).
- **Loads**: full-time 3 courses a term (9 semester credits, the IPEDS full-time graduate load
  used in ``catalog/tuition.py``), part-time 2 courses. A program's published duration, when
  known for the mode, sets the load instead (credits spread over its terms).
- **Credits**: US semester-credit equivalents via ``catalog/credits.py`` (quarter x 2/3,
  ECTS / 2, ...); unknown credits fall back to 33, the midpoint of the guide's 30-36.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict

Calendar = Literal["semester", "quarter", "trimester"]
CALENDARS: tuple[str, ...] = ("semester", "quarter", "trimester")

TERMS_PER_YEAR: dict[str, int] = {"semester": 2, "quarter": 3, "trimester": 3}
WEEKS_PER_TERM: dict[str, float] = {"semester": 15.0, "quarter": 10.0, "trimester": 15.0}
COURSE_CREDITS: dict[str, float] = {"semester": 3.0, "quarter": 8.0 / 3.0, "trimester": 3.0}
COURSES_BY_MODE: dict[str, int] = {"full-time": 3, "part-time": 2}
#: Hours of work per semester credit over a term: 3 hours a week for 15 weeks (34 CFR 600.2).
HOURS_PER_SEMESTER_CREDIT = 45.0
#: A year with at least this many teaching weeks has no summer break for an internship.
YEAR_ROUND_WEEKS = 45.0
CALENDAR_SOURCE = "34 CFR 600.2 (federal credit-hour definition)"
#: Weeks in a month (52 weeks / 12 months): the one conversion of bridge weeks to months.
WEEKS_PER_MONTH = 52.0 / 12.0


def weeks_to_months(weeks: float) -> float:
    """Months of ``weeks`` of work with no breaks (bridge courses one after another).

    >>> round(weeks_to_months(54), 2)
    12.46
    """
    return weeks / WEEKS_PER_MONTH


class CalendarSpec(BaseModel):
    """A resolved calendar: how many terms a year, how long each is."""

    model_config = ConfigDict(frozen=True)

    calendar: Calendar
    terms_per_year: int
    weeks_per_term: float
    course_credits: float
    span_months: float | None = None

    @property
    def term_months(self) -> float:
        """Calendar months a term spans, breaks included (``span_months`` when a published
        duration sets it)."""
        return self.span_months or 12.0 / self.terms_per_year

    @property
    def year_round(self) -> bool:
        return self.terms_per_year * self.weeks_per_term >= YEAR_ROUND_WEEKS

    @property
    def hours_per_credit_week(self) -> float:
        """Weekly hours one semester credit takes in a term of this calendar."""
        return HOURS_PER_SEMESTER_CREDIT / self.weeks_per_term


def calendar_spec(calendar: Calendar, terms_per_year: int | None = None) -> CalendarSpec:
    return CalendarSpec(
        calendar=calendar,
        terms_per_year=terms_per_year or TERMS_PER_YEAR[calendar],
        weeks_per_term=WEEKS_PER_TERM[calendar],
        course_credits=COURSE_CREDITS[calendar],
    )


def calendar_for_unit(unit_kind: str | None) -> Calendar:
    """Quarter units imply a quarter calendar; anything else is read as semesters."""
    return "quarter" if unit_kind == "quarter" else "semester"


def default_credits_per_term(mode: str, spec: CalendarSpec) -> float:
    """Full-time three courses a term, part-time two (semester-credit equivalents)."""
    return COURSES_BY_MODE[mode] * spec.course_credits


def credits_allowed_by_hours(hours_per_week: float, spec: CalendarSpec) -> float:
    """Most credits a term that fit the weekly hours, in whole courses (may be 0)."""
    raw = hours_per_week / spec.hours_per_credit_week
    return math.floor(raw / spec.course_credits + 1e-9) * spec.course_credits


def hours_for_credits(credits: float, spec: CalendarSpec) -> float:
    """Weekly hours a term's credits take (3 h per semester credit in a 15-week term)."""
    return credits * spec.hours_per_credit_week


def terms_needed(load_credits: float, credits_per_term: float) -> int:
    """Whole terms to carry ``load_credits`` at ``credits_per_term`` (the last may be light).

    >>> terms_needed(30, 6)  # the worked example: 30 credits, 6 a term
    5
    >>> terms_needed(32, 6)
    6
    """
    return max(1, math.ceil(load_credits / credits_per_term - 1e-9))


def load_for_published_duration(
    credits: float, duration_months: float, spec: CalendarSpec
) -> tuple[float, int]:
    """Credits a term (and terms) that finish ``credits`` in a published duration (the terms
    that fit in it, rounded up: a plan is never shorter than the published duration)."""
    n_terms = max(1, math.ceil(duration_months / spec.term_months - 1e-9))
    return credits / n_terms, n_terms
