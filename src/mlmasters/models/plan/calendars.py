"""Terms a year as a program publishes them, each with its source; else the documented default.

The catalog has no calendar field, so the few programs whose term calendar was read on their
own pages are kept here (a curated row each: the terms, the page and the words on it). Any
other program gets the default of its credit unit (``terms.calendar_for_unit``: semesters,
2 terms a year, or quarters, 3), labelled as a default on every surface.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlmasters.catalog.credits import unit_kind
from mlmasters.catalog.program import Program
from mlmasters.models.plan.result import PlanOptions
from mlmasters.models.plan.terms import (
    Calendar,
    CalendarSpec,
    calendar_for_unit,
    calendar_spec,
)


@dataclass(frozen=True)
class TermsFact:
    """A program's published term calendar."""

    calendar: Calendar
    terms_per_year: int
    terms: str
    url: str
    quote: str


#: Programs that teach a summer term, read on their own pages (stored copies, 2026-12).
PROGRAM_TERMS: dict[str, TermsFact] = {
    "gatech-omscs": TermsFact(
        "semester",
        3,
        "fall, spring and summer",
        "http://www.omscs.gatech.edu/current-students/program-announcements",
        "the deadline to withdraw from a Summer 2018 course is Saturday, June 30",
    ),
    "ut-austin-mscs-online": TermsFact(
        "semester",
        3,
        "fall, spring and summer",
        "https://www.cs.utexas.edu/graduate-program/masters-program/online-option/faq",
        "for the spring 2021, summer 2021, fall 2021, and spring 2022 semesters",
    ),
    "uiuc-mcs-online": TermsFact(
        "semester",
        3,
        "fall, spring and summer",
        "https://www.cs.illinois.edu/academics/graduate/professional-mcs-program/"
        "online-master-computer-science",
        "Apply by February 15 for Summer 2019 admission!",
    ),
}


@dataclass(frozen=True)
class ResolvedCalendar:
    """The calendar a plan uses and the sentence that says where it comes from."""

    calendar: Calendar
    spec: CalendarSpec
    basis: str
    source: str | None
    note: str


def resolve_calendar(program: Program, opts: PlanOptions) -> ResolvedCalendar:
    """Your override, else the program's published terms, else the credit unit's default."""
    fact = PROGRAM_TERMS.get(program.program_id)
    if opts.calendar is not None or opts.terms_per_year is not None:
        calendar = opts.calendar or (fact.calendar if fact else None)
        calendar = calendar or calendar_for_unit_of(program)
        spec = calendar_spec(calendar, opts.terms_per_year)
        basis = f"{spec.terms_per_year} terms a year ({calendar} calendar, your figure)"
        return ResolvedCalendar(calendar, spec, basis, None, basis)
    if fact is not None:
        spec = calendar_spec(fact.calendar, fact.terms_per_year)
        basis = f"{fact.terms_per_year} terms a year ({fact.terms}), as the program publishes"
        note = f'{basis}: "{fact.quote}" ({fact.url})'
        return ResolvedCalendar(fact.calendar, spec, basis, fact.url, note)
    calendar = calendar_for_unit_of(program)
    spec = calendar_spec(calendar)
    read = "read from its quarter units" if calendar == "quarter" else "the usual US calendar"
    basis = (
        f"{spec.terms_per_year} terms a year (a default: the program's calendar is not "
        f"published here; {calendar}s, {read})"
    )
    note = basis + "; override with --calendar / --terms-per-year"
    return ResolvedCalendar(calendar, spec, basis, None, note)


def calendar_for_unit_of(program: Program) -> Calendar:
    """The default calendar of a program's credit unit."""
    return calendar_for_unit(unit_kind(program.credit_unit))
