"""The profile form, derived from the ``Profile`` model, in plain words.

The questions that move the answer most come first (will you keep working while you study,
hours a week, the job you want, your pay now); the rest are folded. Widgets follow the
field types: a Literal becomes a select with plain names, ``bool | None`` a yes/no/don't
know select, a list of Literals checkboxes, numbers numeric inputs, money a text input that
takes "$68,000", "68,000" or "68k". Empty answers stay unknown (``None``). Errors come back
keyed by field and say what to type, in words.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from mlmasters.errors import MlmastersError
from mlmasters.profile import LEVEL_ANCHORS, Background, Profile
from mlmasters.render.words import RESEARCH_LABELS, choice_name

#: Asked first, open: the answers that move the result most.
FIRST: tuple[str, ...] = (
    "must_keep_working",
    "hours_per_week",
    "target_role",
    "current_salary_usd",
)

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Where you are now", ("name", "age", "state", "metro", "highest_degree", "degree_field",
                           "years_experience", "current_role", "current_soc")),
    ("What you want", ("research_interest", "specializations")),
    ("Your constraints", ("budget_usd", "max_years", "enrollment_mode", "online_only",
                          "can_relocate", "wants_thesis", "wants_internship",
                          "employer_support_usd_per_year", "risk_attitude", "tax_filing_status")),
)  # fmt: skip

LABELS = {
    "name": "A name for these answers",
    "age": "Your age",
    "highest_degree": "Highest degree you hold",
    "degree_field": "Field of that degree",
    "years_experience": "Years of full-time work",
    "current_role": "Your job now",
    "current_soc": "Federal occupation code of your job (optional)",
    "current_salary_usd": "Your pay now, a year before tax",
    "state": "State you live in",
    "metro": "City or metro area",
    "target_role": "The job you want after the degree",
    "research_interest": "Interest in research",
    "specializations": "Specializations that interest you",
    "budget_usd": "Most you can spend on tuition, in total",
    "max_years": "Most years you would spend",
    "hours_per_week": "Hours a week you can give to study",
    "must_keep_working": "Will you keep working while you study?",
    "can_relocate": "Could you move for a program?",
    "online_only": "Online programs only?",
    "enrollment_mode": "Full-time or part-time study",
    "wants_thesis": "Do you want to write a thesis?",
    "wants_internship": "Do you want an internship?",
    "employer_support_usd_per_year": "Tuition your employer pays, a year",
    "risk_attitude": "How you feel about financial risk",
    "tax_filing_status": "Tax filing status",
}
HELP = {
    "name": "Only for you, to find these answers again",
    "age": "Sets how many working years the degree has to pay back",
    "current_soc": "Only if you know it, e.g. 15-1252; otherwise your job title is used",
    "current_salary_usd": "What you would keep earning without the degree, e.g. $68,000 or 68k",
    "state": "Sets the wages and the in-state tuition used",
    "metro": "Type a city and pick it from the list, e.g. Columbus, OH",
    "hours_per_week": "Study time, beside work and family; sets how fast you can go",
    "must_keep_working": "Keeping your job means part-time study with your pay going on; "
    "stopping means faster study without pay",
    "target_role": "Sets the careers, wages and skills compared",
    "budget_usd": "e.g. $40,000 or 40k; programs whose tuition after employer support is above it "
    "are left out of your shortlist",
    "employer_support_usd_per_year": "e.g. $5,250 or 5k; leave empty if none",
    "max_years": "Programs that would take you longer are left out",
    "risk_attitude": "Weighs a program's chance of losing money against its gain",
    "tax_filing_status": "For the after-tax return; single if you skip it",
}
INT_CHOICES = ("research_interest",)
MONEY_FIELDS = ("current_salary_usd", "budget_usd", "employer_support_usd_per_year")
#: what to type, per field, said after "Type ..." in an error
EXAMPLES = {
    "age": "your age in years, e.g. 29",
    "years_experience": "a number of years, e.g. 4",
    "hours_per_week": "a number of hours, e.g. 10",
    "max_years": "a number of years, e.g. 2",
    "current_salary_usd": "an amount in dollars, e.g. $68,000 or 68k",
    "budget_usd": "an amount in dollars, e.g. $40,000 or 40k",
    "employer_support_usd_per_year": "an amount in dollars a year, e.g. $5,250 or 5k",
}

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "GU": "Guam", "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
}  # fmt: skip
_STATE_BY_NAME = {n.lower(): c for c, n in STATES.items()} | {"virgin islands": "VI"}


def state_code(text: str) -> str | None:
    """'Ohio', 'ohio', 'OH', 'oh' -> 'OH'; anything else -> None."""
    t = " ".join(text.replace(".", " ").split()).strip().lower()
    if t.upper() in STATES:
        return t.upper()
    return _STATE_BY_NAME.get(t)


_MONEY = re.compile(r"^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*([kKmM])?$")


def parse_money(text: str) -> float | None:
    """'$68,000', '68,000', '68000', '68k', '$1.2m' -> dollars; not money -> None."""
    t = text.strip().replace(" ", "").replace("USD", "").replace("usd", "")
    t = t.replace("$", "", 1) if t.startswith("$") else t
    m = _MONEY.match(t)
    if not m:
        return None
    value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    unit = (m.group(3) or "").lower()
    return value * {"": 1, "k": 1_000, "m": 1_000_000}[unit]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    help: str
    widget: Literal["text", "number", "select", "checkboxes", "radio", "money", "metro"]
    options: tuple[tuple[str, str], ...] = ()


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    return annotation, False


def _field(
    name: str, info: FieldInfo, label: str | None = None, help_text: str | None = None
) -> FormField:
    ann, _optional = _unwrap(info.annotation)
    help_text = help_text or HELP.get(name) or info.description or ""
    lab = label or LABELS.get(name, name.replace("_", " ").capitalize())
    opts: tuple[tuple[str, str], ...]
    if name == "must_keep_working":
        opts = (
            ("true", "Yes — I keep my job and study part-time"),
            ("false", "No — I can stop working to study"),
            ("", "Not sure — show me both"),
        )
        return FormField(name, lab, help_text, "radio", opts)
    if name == "state":
        opts = tuple(sorted(((c, n) for c, n in STATES.items()), key=lambda x: x[1]))
        return FormField(name, lab, help_text, "select", (("", "choose a state"), *opts))
    if name == "metro":
        return FormField(name, lab, help_text, "metro")
    if name in MONEY_FIELDS:
        return FormField(name, lab, help_text, "money")
    if get_origin(ann) is Literal:
        values = get_args(ann)
        if name == "research_interest":
            opts = tuple((str(v), f"{v} — {RESEARCH_LABELS[v]}") for v in values)
        elif all(isinstance(v, int) for v in values):
            opts = tuple((str(v), f"{v} — {LEVEL_ANCHORS[v]}") for v in values)
        else:
            opts = tuple((str(v), choice_name(v)) for v in values)
        return FormField(name, lab, help_text, "select", (("", "don't know / skip"), *opts))
    if ann is bool:
        return FormField(
            name, lab, help_text, "select", (("", "don't know"), ("true", "yes"), ("false", "no"))
        )
    if get_origin(ann) is list:
        (inner,) = get_args(ann)
        opts = tuple((str(v), choice_name(v)) for v in get_args(inner))
        return FormField(name, lab, help_text, "checkboxes", opts)
    if ann in (int, float):
        return FormField(name, lab, help_text, "number")
    return FormField(name, lab, help_text, "text")


def first_questions() -> list[FormField]:
    """The questions asked first, open."""
    fields = Profile.model_fields
    return [_field(n, fields[n]) for n in FIRST]


def profile_form() -> list[tuple[str, list[FormField]]]:
    """The other questions, in groups (shown folded)."""
    fields = Profile.model_fields
    groups = [(title, [_field(n, fields[n]) for n in names]) for title, names in GROUPS]
    bg = [
        _field(f"background.{n}", info, info.description, "0–3, or don't know")
        for n, info in Background.model_fields.items()
    ]
    groups.insert(1, ("Your background (0 = never studied … 3 = use it at work)", bg))
    return groups


def form_to_data(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Form fields (strings; lists for checkboxes) -> (a dict for ``Profile``, errors)."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    background: dict[str, Any] = {}
    for key, raw in form.items():
        if key in ("csrf_token",):
            continue
        if isinstance(raw, list):
            values = [v for v in raw if v != ""]
            if key == "specializations":
                data[key] = values
            elif values:
                raw = values[-1]
            else:
                continue
        if isinstance(raw, list):
            continue
        text = str(raw).strip()
        if text == "":
            continue
        value: Any = text
        if text in ("true", "false"):
            value = text == "true"
        elif (key.startswith("background.") or key in INT_CHOICES) and text.isdigit():
            value = int(text)  # ordinal answers are Literal[0..3]: no lax str->int for Literals
        elif key in MONEY_FIELDS:
            amount = parse_money(text)
            if amount is None:
                errors[key] = f"Type {EXAMPLES[key]}."
                data[key] = text
                continue
            value = amount
        elif key == "state":
            code = state_code(text)
            if code is None:
                errors[key] = "Pick your state from the list, e.g. Ohio."
                data[key] = text
                continue
            value = code
        if key.startswith("background."):
            background[key.split(".", 1)[1]] = value
        else:
            data[key] = value
    if background:
        data["background"] = background
    return data, errors


def _range_text(ctx: dict[str, Any]) -> tuple[Any, Any]:
    def num(v: Any) -> Any:
        return int(v) if isinstance(v, float) and v.is_integer() else v

    return num(ctx.get("ge", ctx.get("gt"))), num(ctx.get("le", ctx.get("lt")))


def plain_error(field: str, err: Any, limits: dict[str, tuple[Any, Any]]) -> str:
    """A validation error as a sentence that says what to type."""
    kind = str(err.get("type", ""))
    name = field.split(".")[-1]
    example = EXAMPLES.get(name)
    lo, hi = limits.get(name, (None, None))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        what = example.split(",")[0] if example else "a number"
        if lo is not None and hi is not None:
            return f"Type {what} from {lo:,} to {hi:,}."
        if lo is not None:
            return f"Type {what} of at least {lo:,}."
        return f"Type {what} of at most {hi:,}."
    if kind in ("float_parsing", "int_parsing", "int_from_float", "float_type", "int_type"):
        return f"Type {example or 'a number, e.g. 3'}, in digits."
    if kind == "string_pattern_mismatch" and name == "current_soc":
        return "Type a code like 15-1252 (two digits, a dash, four digits), or leave it empty."
    if kind == "string_too_long":
        n = (err.get("ctx") or {}).get("max_length")
        return f"Use at most {n} characters." if n else "Use fewer characters."
    if kind in ("literal_error", "enum", "bool_parsing", "bool_type"):
        return "Pick one of the choices in the list."
    if kind == "extra_forbidden":
        return "This answer is not part of the form; reload the page."
    if kind == "finite_number":
        return f"Type {example or 'a number'}, in digits."
    return "Check this answer: " + str(err.get("msg", "it could not be read")).rstrip(".") + "."


def _limits() -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    for name, info in Profile.model_fields.items():
        ctx: dict[str, Any] = {}
        for m in info.metadata:
            for attr in ("ge", "gt", "le", "lt"):
                v = getattr(m, attr, None)
                if v is not None:
                    ctx[attr] = v
        out[name] = _range_text(ctx)
    return out


#: resolves (state, metro text) to (the OEWS area's name, its state); raises on no match
MetroResolver = Callable[[str | None, str], tuple[str, str | None]]


def validate_form(
    form: dict[str, Any], resolve_metro: MetroResolver | None = None
) -> tuple[Profile | None, dict[str, str], dict[str, Any]]:
    """(profile or None, errors by field name, the values to show again)."""
    data, errors = form_to_data(form)
    metro = data.get("metro")
    if resolve_metro is not None and isinstance(metro, str) and "metro" not in errors:
        state = data.get("state") if "state" not in errors else None
        try:
            name, metro_state = resolve_metro(state, metro)
        except MlmastersError as exc:
            hint = f" {exc.hint[0].upper()}{exc.hint[1:]}." if exc.hint else ""
            errors["metro"] = (
                f"No single metro area matches “{metro}”.{hint} "
                "Pick one from the list as you type, or leave it empty."
            )
        else:
            data["metro"] = name
            if not state and metro_state and "state" not in errors:
                data["state"] = metro_state
    limits = _limits()
    clean = {k: v for k, v in data.items() if k not in errors}
    try:
        profile = Profile.model_validate(clean)
    except ValidationError as exc:
        for e in exc.errors():
            key = ".".join(str(p) for p in e["loc"] if not isinstance(p, int))
            errors.setdefault(key or "form", plain_error(key, e, limits))
        return None, errors, data
    if errors:
        return None, errors, data
    return profile, {}, data


def form_values(profile: Profile | dict[str, Any] | None) -> dict[str, Any]:
    """Flat field -> value mapping (background flattened) for filling the form."""
    if profile is None:
        return {}
    data = profile.model_dump(mode="json") if isinstance(profile, Profile) else dict(profile)
    out: dict[str, Any] = {}
    data = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in data.items()}
    for k, v in data.items():
        if k == "background" and isinstance(v, dict):
            for bk, bv in v.items():
                out[f"background.{bk}"] = bv
        elif k in MONEY_FIELDS and isinstance(v, int | float) and not isinstance(v, bool):
            out[k] = f"${v:,.0f}"
        else:
            out[k] = v
    return out
