"""The choices a plan starts from: the study mode, the program's credits, its requirements.

``study_mode`` is the one rule every model reads for a person's mode in a program.
"""

from __future__ import annotations

from mlmasters.catalog.credits import to_semester_credits
from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import DEFAULT_CREDITS
from mlmasters.errors import InputError, Problem
from mlmasters.models.plan.result import PlanOptions
from mlmasters.models.plan.ttd import Mode
from mlmasters.profile import Profile


def study_mode(
    program: Program, profile: Profile, requested: Mode | None = None
) -> tuple[Mode, str]:
    """The study mode of one person in one program, and why (the one rule every model reads).

    A mode the person asked for (an option, else the profile) must be one the program offers
    (``InputError`` naming the field otherwise); a program that offers one mode gets it; a
    person who must keep working studies part-time, one who can stop studies full-time; when
    the person has not said, a person with a job is shown studying while working (part-time)
    and anyone else full-time; the return page shows the other mode beside it.
    """
    offered = program.enrollment_modes
    wish, where = requested, "your option"
    if wish is None:
        wish, where = profile.enrollment_mode, "your profile"
    if wish is not None:
        if offered and wish not in offered:
            raise InputError(
                f"{program.name} ({program.institution}) does not offer {wish} study",
                [
                    Problem(
                        f"the program offers {' and '.join(offered)} study only",
                        field="enrollment_mode",
                    )
                ],
                hint=f"choose {' or '.join(offered)} study for this program, or another program",
            )
        return wish, f"{wish} ({where})"
    if len(offered) == 1:
        return offered[0], f"{offered[0]} (the only mode the program offers)"
    if profile.must_keep_working:
        return "part-time", "part-time (you keep working while you study)"
    if profile.must_keep_working is False:
        return "full-time", "full-time (you can stop working to study)"
    if has_job(profile):
        return "part-time", (
            "part-time while working (you have not said whether you would stop working; the "
            "return also shows quitting to study full-time)"
        )
    return "full-time", (
        "full-time (you have not said whether you would keep working, and no current job is given)"
    )


def has_job(profile: Profile) -> bool:
    """Whether the profile describes a current job (pay, occupation or title)."""
    return bool(profile.current_salary_usd or profile.current_soc or profile.current_role)


def plan_mode(program: Program, profile: Profile, options: PlanOptions, notes: list[str]) -> Mode:
    mode, why = study_mode(program, profile, options.mode)
    notes.append(f"mode: {why}")
    return mode


def program_credits(program: Program, options: PlanOptions, notes: list[str]) -> float:
    """Semester credits of the program (its own, your figure, or the field default)."""
    if options.credits_total is not None:
        notes.append(f"credits: {options.credits_total:g} semester credits (your figure)")
        return options.credits_total
    if program.credits_total is not None and options.credit_factor is not None:
        value = program.credits_total * options.credit_factor
        notes.append(
            f"credits: {program.credits_total:g} {program.credit_unit or 'units'} x "
            f"{options.credit_factor:g} (your factor) = {value:g} semester credits"
        )
        return value
    if program.credits_semester_equiv:
        conv = to_semester_credits(program.credits_total, program.credit_unit)
        if conv.unit_kind not in (None, "semester"):
            notes.append(
                f"credits: {program.credits_total:g} {program.credit_unit} = "
                f"{program.credits_semester_equiv:g} semester credits ({conv.rule}; "
                "catalog/credits.py, override with --credit-factor)"
            )
        elif conv.unit_kind is None:
            notes.append(f"credits: {conv.rule}")
        return program.credits_semester_equiv
    notes.append(
        f"credits: not published; field default {DEFAULT_CREDITS:g} semester credits "
        "(midpoint of the guide's 30-36 credit hours)"
    )
    return DEFAULT_CREDITS


def requirement(
    label: str, value: str | None, wanted: bool | None, notes: list[str], warnings: list[str]
) -> bool:
    if value == "required":
        return True
    if value == "optional":
        if wanted:
            notes.append(f"{label}: optional in this program; planned because you want one")
            return True
        notes.append(f"{label}: optional in this program; not planned")
        return False
    if value == "none":
        if wanted:
            warnings.append(f"this program has no {label}, but you want one")
        return False
    notes.append(f"{label}: requirement not published; planned without one")
    return False
