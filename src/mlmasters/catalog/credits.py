"""Credit units, each with its conversion to US semester credits and the source of it.

Every curated or user program states its unit (``credit_unit``, free text recognised by
``parse_unit``); the catalog keeps the conversion used, with its source, in
``Program.credits_conversion``. A US semester credit hour is the reference: one hour of class
and two hours of work outside class a week for about 15 weeks, 45 hours in all
(34 CFR 600.2, the federal credit-hour definition).

| unit | x to US semester credits | full-time year | source |
|---|---|---|---|
| US semester credit hour | 1 | - | 34 CFR 600.2 |
| quarter unit | 2/3 | - | 34 CFR 600.2 (10-12 weeks; 3 quarters ~ 2 semesters) |
| ECTS credit | 1/2 | 60 | ECTS Users' Guide 2015 |
| UK credit (FHEQ/CATS) | 1/4 | 180 (master's) | QAA credit framework (2021) |
| NTU academic unit (AU) | 1 | - | NTU Singapore |
| CMU unit | 1/4 | - | Carnegie Mellon University |
| NUS unit | 3/4 | - | National University of Singapore |
| N-credit courses | N each | - | the unit as stated |
| courses | 3 each | - | mlmasters default |

ECTS: 60 credits are the workload of a full-time academic year, 1,500-1,800 hours, so one
credit is 25-30 hours (European Commission, ECTS Users' Guide 2015, section 3.2); at 45 hours
a US semester credit that is 0.56-0.67 semester credits; mlmasters uses the common admissions
convention 60 ECTS = 30 US semester credits (x 1/2), the lower end, and a program stated in
ECTS with no published duration takes credits / 60 years full-time.
UK credits: one credit is 10 notional hours of learning, 2 UK credits = 1 ECTS credit, and a
master's degree is 180 credits, normally one full-time year (QAA, Higher education credit
framework for England, 2021).
NTU AU: NTU's academic unit counts one hour of lecture (or its equivalent) a week over a
13-week semester, read as one US semester credit hour.
CMU units: a course's units are the hours of work a week it expects; a 12-unit course
(12 hours a week) ~ a 3-credit semester course (9 hours a week by 34 CFR 600.2; x 1/4 is the
usual reading, CMU's own transfer rule).
NUS units: a 4-unit course expects 10 hours of work a week over a 13-week semester (130 hours),
about 3 US semester credits (x 3/4).
Courses: "24 one-credit courses" is 24 courses of 1 credit each = 24 credits; a bare course
count is read at 3 semester credits a course (one standard graduate course).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Semester credits per unit (overridable by passing ``factors``).
DEFAULT_FACTORS: dict[str, float] = {
    "semester": 1.0,
    "quarter": 2.0 / 3.0,
    "ects": 0.5,
    "uk": 0.25,
    "ntu-au": 1.0,
    "cmu": 0.25,
    "nus": 0.75,
    "course": 3.0,
}
#: Units that define a full-time academic year (units a year).
FULL_TIME_UNITS_PER_YEAR: dict[str, float] = {"ects": 60.0, "uk": 180.0}

UNIT_SOURCES: dict[str, str] = {
    "semester": "34 CFR 600.2 (federal credit-hour definition)",
    "quarter": "34 CFR 600.2: quarter hours over 10-12 weeks, 3 quarters ~ 2 semesters",
    "ects": "ECTS Users' Guide 2015: 60 ECTS = one full-time year; 60 ECTS ~ 30 US credits",
    "uk": "QAA credit framework (2021): 2 UK credits = 1 ECTS; master's 180 credits, one year",
    "ntu-au": "NTU: one AU = one lecture hour a week over a 13-week semester",
    "cmu": "Carnegie Mellon: units = hours of work a week; a 12-unit course ~ 3 credits",
    "nus": "NUS: a 4-unit course = 10 hours a week over 13 weeks ~ 3 credits",
    "course": "mlmasters default: one graduate course ~ 3 US semester credits",
}
UNIT_LABELS: dict[str, str] = {
    "semester": "US semester credit hours",
    "quarter": "quarter units",
    "ects": "ECTS credits",
    "uk": "UK credits",
    "ntu-au": "NTU academic units (AU)",
    "cmu": "CMU units",
    "nus": "NUS units",
    "course": "courses",
}
ACCEPTED_UNITS = (
    "US semester credit hours, quarter units, ECTS, UK credits, NTU AU, CMU units, NUS units, "
    "'10 courses', '24 one-credit courses', '3-credit courses'"
)

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PER_COURSE = re.compile(
    r"(\d+(?:\.\d+)?|one|two|three|four|five|six)[- ](?:semester[- ])?credit[- ]?(?:hour[- ])?"
    r"(?:courses?|modules?|classes)"
    r"|(?:courses?|modules?) of (\d+(?:\.\d+)?|one|two|three|four) credits?"
)


@dataclass(frozen=True)
class SemesterCredits:
    value: float | None
    unit_kind: str | None
    rule: str


@dataclass(frozen=True)
class ParsedUnit:
    kind: str
    factor: float
    per_course: float | None = None  # credits per course, when the unit states it


def parse_unit(unit: str | None) -> ParsedUnit | None:
    """The unit's kind and semester-credit factor; None when not recognised."""
    if not unit:
        return None
    u = unit.lower()
    m = _PER_COURSE.search(u)
    if m:
        raw = m.group(1) or m.group(2)
        per = float(_NUMBER_WORDS.get(raw, raw))
        return ParsedUnit("course", per, per)
    rules: tuple[tuple[str, str], ...] = (
        ("ects", r"\bects\b|european credit"),
        ("uk", r"\buk credits?\b|\bcats\b|\bfheq\b"),
        ("ntu-au", r"\bau\b|\bacademic units?\b"),
        ("cmu", r"\bcmu\b|carnegie mellon"),
        ("nus", r"\bnus\b|modular credits?"),
        ("quarter", r"quarter"),
        ("semester", r"semester|credit hours?|\bsch\b"),
        ("course", r"course|module"),
    )
    for kind, pattern in rules:
        if re.search(pattern, u):
            return ParsedUnit(kind, DEFAULT_FACTORS[kind])
    return None


def unit_kind(unit: str | None) -> str | None:
    parsed = parse_unit(unit)
    return None if parsed is None else parsed.kind


def to_semester_credits(
    credits: float | None,
    unit: str | None,
    factors: dict[str, float] | None = None,
    country: str = "US",
) -> SemesterCredits:
    """US semester-credit equivalent, with the rule used (unit, factor, source)."""
    parsed = parse_unit(unit)
    kind = None if parsed is None else parsed.kind
    if credits is None:
        return SemesterCredits(None, kind, "credits unknown")
    if parsed is None:
        if unit is None and country == "US":
            return SemesterCredits(
                credits,
                "semester",
                "unit not stated: read as US semester credit hours "
                f"(x 1; {UNIT_SOURCES['semester']})",
            )
        return SemesterCredits(None, None, f"unknown credit unit {unit!r}")
    if parsed.per_course is not None:
        value = credits * parsed.per_course
        return SemesterCredits(
            round(value, 2),
            "course",
            f"{credits:g} courses x {parsed.per_course:g} credits each = {value:g} credits "
            "(each read as a US semester credit)",
        )
    factor = (factors or DEFAULT_FACTORS)[parsed.kind]
    value = round(credits * factor, 2)
    return SemesterCredits(
        value,
        parsed.kind,
        f"{parsed.kind} x {factor:.4g}: {credits:g} {UNIT_LABELS[parsed.kind]} = {value:g} US "
        f"semester credits ({UNIT_SOURCES[parsed.kind]})",
    )


def full_time_months_from_unit(credits: float | None, unit: str | None) -> float | None:
    """Full-time months implied by a unit that defines a full-time year (ECTS, UK credits)."""
    parsed = parse_unit(unit)
    if credits is None or parsed is None or parsed.kind not in FULL_TIME_UNITS_PER_YEAR:
        return None
    return round(credits / FULL_TIME_UNITS_PER_YEAR[parsed.kind] * 12.0, 2)
