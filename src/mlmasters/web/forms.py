"""The profile form, derived from the ``Profile`` model (labels and help from its fields).

Widgets follow the field types: a Literal becomes a select, ``bool | None`` a
yes/no/unknown select, a list of Literals checkboxes, numbers numeric inputs. Empty answers
stay unknown (``None``). Validation errors come back keyed by field for the template.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from mlmasters.profile import LEVEL_ANCHORS, Background, Profile

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Where you are now", ("name", "age", "highest_degree", "degree_field", "years_experience",
                           "current_role", "current_soc", "current_salary_usd", "state", "metro")),
    ("What you want", ("target_role", "research_interest", "specializations")),
    ("Your constraints", ("budget_usd", "max_years", "hours_per_week", "must_keep_working",
                          "can_relocate", "online_only", "enrollment_mode", "wants_thesis",
                          "wants_internship", "employer_support_usd_per_year", "risk_attitude",
                          "tax_filing_status")),
)  # fmt: skip

LABELS = {
    "name": "Profile name",
    "age": "Age",
    "highest_degree": "Highest degree",
    "degree_field": "Field of that degree",
    "years_experience": "Years of work experience",
    "current_role": "Current job title",
    "current_soc": "Occupation code (SOC, optional)",
    "current_salary_usd": "Current salary (USD a year)",
    "state": "State (e.g. WA)",
    "metro": "Metro area (e.g. Seattle)",
    "target_role": "Target role",
    "research_interest": "Interest in research",
    "specializations": "Specializations that interest you",
    "budget_usd": "Tuition budget (USD, total)",
    "max_years": "Most years you'd spend",
    "hours_per_week": "Study hours per week",
    "must_keep_working": "Must keep working?",
    "can_relocate": "Can relocate?",
    "online_only": "Online programs only?",
    "enrollment_mode": "Enrolment mode",
    "wants_thesis": "Want a thesis option?",
    "wants_internship": "Want an internship?",
    "employer_support_usd_per_year": "Employer tuition support (USD a year)",
    "risk_attitude": "Attitude to financial risk",
    "tax_filing_status": "Tax filing status",
}
RESEARCH_LABELS = {0: "none", 1: "some", 2: "strong", 3: "I want a PhD"}
INT_CHOICES = ("research_interest",)


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    help: str
    widget: Literal["text", "number", "select", "checkboxes"]
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
    help_text = help_text or info.description or ""
    lab = label or LABELS.get(name, name.replace("_", " ").capitalize())
    if get_origin(ann) is Literal:
        values = get_args(ann)
        if name == "research_interest":
            opts = tuple((str(v), f"{v} — {RESEARCH_LABELS[v]}") for v in values)
        elif all(isinstance(v, int) for v in values):
            opts = tuple((str(v), f"{v} — {LEVEL_ANCHORS[v]}") for v in values)
        else:
            opts = tuple((str(v), str(v).replace("-", " ")) for v in values)
        return FormField(name, lab, help_text, "select", (("", "don't know / skip"), *opts))
    if ann is bool:
        return FormField(
            name, lab, help_text, "select", (("", "don't know"), ("true", "yes"), ("false", "no"))
        )
    if get_origin(ann) is list:
        (inner,) = get_args(ann)
        opts = tuple((str(v), str(v).replace("-", " ")) for v in get_args(inner))
        return FormField(name, lab, help_text, "checkboxes", opts)
    if ann in (int, float):
        return FormField(name, lab, help_text, "number")
    return FormField(name, lab, help_text, "text")


def profile_form() -> list[tuple[str, list[FormField]]]:
    fields = Profile.model_fields
    groups = [(title, [_field(n, fields[n]) for n in names]) for title, names in GROUPS]
    bg = [
        _field(f"background.{n}", info, info.description, "0–3, or don't know")
        for n, info in Background.model_fields.items()
    ]
    groups.insert(1, ("Your background (0 = never studied … 3 = use it at work)", bg))
    return groups


def form_to_data(form: dict[str, Any]) -> dict[str, Any]:
    """Form fields (strings; lists for checkboxes) -> a dict for ``Profile``."""
    data: dict[str, Any] = {}
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
        if key.startswith("background."):
            background[key.split(".", 1)[1]] = value
        else:
            data[key] = value
    if background:
        data["background"] = background
    if "state" in data and isinstance(data["state"], str):
        data["state"] = data["state"].upper()
    return data


def validate_form(form: dict[str, Any]) -> tuple[Profile | None, dict[str, str], dict[str, Any]]:
    """(profile or None, errors by field name, the values to show again)."""
    data = form_to_data(form)
    try:
        return Profile.model_validate(data), {}, data
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for e in exc.errors():
            key = ".".join(str(p) for p in e["loc"] if not isinstance(p, int))
            errors.setdefault(key or "form", str(e["msg"]))
        return None, errors, data


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
        else:
            out[k] = v
    return out
