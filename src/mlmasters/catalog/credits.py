"""Convert a program's credits to US semester-credit equivalents (documented factors).

Factors (overridable by passing ``factors``):
- US semester credit hours / semester units: x 1
- quarter units / quarter credits: x 2/3 (3 quarters ~ 2 semesters)
- ECTS: / 2 (60 ECTS per year ~ 30 US semester credits; common admissions convention)
- CMU units: / 4 (a 12-unit CMU course ~ a 3-credit semester course)
- NUS Units: x 0.75 (a 4-unit NUS course ~ a 3-credit semester course)
- course units / courses: x 3 (one course ~ a 3-credit semester course)
Anything else is "unknown unit" and yields no conversion.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_FACTORS: dict[str, float] = {
    "semester": 1.0,
    "quarter": 2.0 / 3.0,
    "ects": 0.5,
    "cmu": 0.25,
    "nus": 0.75,
    "course": 3.0,
}


@dataclass(frozen=True)
class SemesterCredits:
    value: float | None
    unit_kind: str | None
    rule: str


def unit_kind(unit: str | None) -> str | None:
    if not unit:
        return None
    u = unit.lower()
    if "ects" in u:
        return "ects"
    if "cmu" in u:
        return "cmu"
    if "nus" in u:
        return "nus"
    if "quarter" in u:
        return "quarter"
    if "semester" in u:
        return "semester"
    if "course" in u:
        return "course"
    return None


def to_semester_credits(
    credits: float | None, unit: str | None, factors: dict[str, float] | None = None
) -> SemesterCredits:
    f = factors or DEFAULT_FACTORS
    kind = unit_kind(unit)
    if credits is None:
        return SemesterCredits(None, kind, "credits unknown")
    if kind is None:
        # A bare number with no unit in a US program is read as semester credits.
        if unit is None:
            return SemesterCredits(credits, None, "unit not published; read as semester credits")
        return SemesterCredits(None, None, f"unknown credit unit {unit!r}")
    factor = f[kind]
    return SemesterCredits(round(credits * factor, 2), kind, f"{kind} x {factor:g}")
