"""The ``Profile``: what a person tells mlmasters once, used by every model.

Every field has help text and may be left unknown (``None``): models then use documented
defaults and say so. Profiles are read from TOML (see ``examples/profile.toml``), CLI flags,
the web form or the JSON API; errors name the TOML key and its line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlmasters.errors import InputError, Problem, read_user_text

Level = Literal[0, 1, 2, 3]
LEVEL_ANCHORS: dict[int, str] = {
    0: "never studied it",
    1: "self-study or a short online course",
    2: "took a university course in it",
    3: "use it regularly at work, or took advanced courses",
}

CORE_BACKGROUND = (
    "probability_statistics",
    "linear_algebra",
    "calculus",
    "algorithms_data_structures",
    "programming_python",
    "machine_learning",
)

TargetRole = Literal[
    "ml-engineer",
    "data-scientist",
    "research-scientist",
    "ai-ethics-governance",
    "ml-product-manager",
]
TARGET_ROLES: tuple[str, ...] = TargetRole.__args__  # type: ignore[attr-defined]

Specialization = Literal[
    "deep-learning",
    "data-mining-big-data",
    "reinforcement-learning",
    "nlp",
    "explainable-ethical-ai",
]
SPECIALIZATIONS: tuple[str, ...] = Specialization.__args__  # type: ignore[attr-defined]

DegreeField = Literal[
    "computer-science",
    "math-statistics",
    "engineering",
    "natural-science",
    "economics-business",
    "social-science",
    "humanities-arts",
    "other",
]


def _lvl(help_text: str) -> Any:
    return Field(default=None, description=help_text)


class Background(BaseModel):
    """Background per core area, 0-3 (see ``LEVEL_ANCHORS``); unknown = None."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    probability_statistics: Level | None = _lvl("Probability & statistics")
    linear_algebra: Level | None = _lvl("Linear algebra")
    calculus: Level | None = _lvl("Calculus (incl. multivariable)")
    algorithms_data_structures: Level | None = _lvl("Algorithms & data structures")
    programming_python: Level | None = _lvl("Programming, in Python")
    machine_learning: Level | None = _lvl("Machine learning")


class Profile(BaseModel):
    # allow_inf_nan=False: "1e400" or NaN is refused, not saved as an infinite budget.
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )

    name: str | None = Field(default=None, max_length=120, description="A label for this profile")
    age: int | None = Field(default=None, ge=16, le=80, description="Age in years (for ROI)")
    highest_degree: Literal["none", "associate", "bachelor", "master", "doctorate"] | None = Field(
        default=None, description="The highest degree you have completed"
    )
    degree_field: DegreeField | None = Field(
        default=None, description="The field of your highest degree (the closest match)"
    )
    background: Background = Field(default_factory=Background, description="0-3 per core area")
    years_experience: float | None = Field(
        default=None, ge=0, le=60, description="Years of full-time work experience"
    )
    current_role: str | None = Field(
        default=None,
        max_length=200,
        description="Your job title in your own words, e.g. 'data analyst' (recognises tech jobs)",
    )
    current_soc: str | None = Field(
        default=None,
        pattern=r"^\d{2}-\d{4}$",
        description="SOC 2018 code of the current job, e.g. 15-1252 (optional)",
    )
    current_salary_usd: float | None = Field(
        default=None, ge=0, le=5_000_000, description="Current annual salary before tax, USD"
    )
    state: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="US state you live in (USPS code)"
    )
    metro: str | None = Field(
        default=None,
        max_length=120,
        description="Metro area (OEWS name or code, e.g. 'Seattle' or 0042660)",
    )
    target_role: TargetRole | None = Field(
        default=None, description="The job you aim for; sets the careers, wages and skills compared"
    )
    research_interest: Literal[0, 1, 2, 3] | None = Field(
        default=None, description="Interest in research: 0 none ... 3 want a PhD"
    )
    specializations: list[Specialization] = Field(
        default_factory=list,
        description=(
            "What you want to specialise in; programs whose tracks or courses name it score "
            "higher on curriculum"
        ),
    )
    budget_usd: float | None = Field(
        default=None, ge=0, description="Most you can spend on tuition in total, USD"
    )
    max_years: float | None = Field(
        default=None, gt=0, le=10, description="Most years you are willing to spend"
    )
    hours_per_week: float | None = Field(
        default=None, ge=0, le=100, description="Hours a week you can give to study"
    )
    must_keep_working: bool | None = Field(
        default=None,
        description=(
            "Yes plans part-time study (your salary goes on in the ROI) unless you pick a mode"
        ),
    )
    can_relocate: bool | None = Field(
        default=None,
        description=(
            "Could you move for a program? No (or unsaid while you keep your job) removes "
            "on-campus programs you cannot reach from where you live"
        ),
    )
    online_only: bool | None = Field(
        default=None,
        description="Yes keeps only programs taught fully online (on-campus and hybrid fail)",
    )
    enrollment_mode: Literal["full-time", "part-time"] | None = Field(
        default=None, description="Full-time or part-time; removes programs that do not offer it"
    )
    wants_thesis: bool | None = Field(
        default=None, description="Yes removes programs known to have no thesis"
    )
    wants_internship: bool | None = Field(
        default=None, description="Yes removes programs known to have no internship"
    )
    include_outside_fields: bool | None = Field(
        default=None,
        description=(
            "Yes also ranks programs in fields outside machine learning (IT management, "
            "networking...) and management-science (52.13) rows, where federal data code MBAs"
        ),
    )
    employer_support_usd_per_year: float | None = Field(
        default=None, ge=0, le=1_000_000, description="Employer tuition support per year, USD"
    )
    risk_attitude: Literal["averse", "neutral", "seeking"] | None = Field(
        default=None, description="How you feel about financial risk"
    )
    tax_filing_status: Literal["single", "married-joint"] | None = Field(
        default=None, description="Tax filing status (after-tax ROI); default single"
    )

    @property
    def cannot_move(self) -> bool:
        """Stays where they live: said they cannot move, or keep their job and have not said
        they could move (the default for someone who keeps working)."""
        if self.can_relocate is not None:
            return not self.can_relocate
        return bool(self.must_keep_working)

    @property
    def cannot_move_reason(self) -> str:
        """Why the person is taken to stay where they live ("" when they are not)."""
        if not self.cannot_move:
            return ""
        if self.can_relocate is False:
            return "you said you cannot move"
        return "you keep your job and have not said you could move"


def _key_lines(text: str) -> dict[str, int]:
    """Map dotted TOML keys (``background.calculus``) to their line numbers."""
    lines: dict[str, int] = {}
    section = ""
    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        m = re.match(r"^\[([A-Za-z0-9_.-]+)\]", s)
        if m:
            section = m.group(1)
            lines.setdefault(section, n)
            continue
        m = re.match(r"^([A-Za-z0-9_-]+)\s*=", s)
        if m:
            key = f"{section}.{m.group(1)}" if section else m.group(1)
            lines.setdefault(key, n)
    return lines


#: Yes/no answers whose error says what each answer means.
BOOL_ANSWERS: dict[str, str] = {
    "can_relocate": "true = you could move for a program, false = you cannot move",
    "must_keep_working": "true = you keep your job while you study, false = you can stop",
    "online_only": "true = online programs only, false = campus programs too",
}


def problems_from_validation(
    exc: ValidationError, file: str | None = None, lines: dict[str, int] | None = None
) -> list[Problem]:
    out = []
    for e in exc.errors():
        key = ".".join(str(p) for p in e["loc"] if not isinstance(p, int)) or None
        msg = e["msg"]
        hint = None
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
            hint = "see examples/profile.toml for the accepted fields"
        elif e["type"] == "literal_error" and "Input should be" in msg:
            hint = None
        if key in BOOL_ANSWERS and e["type"].startswith("bool"):
            msg = f"answer true or false: {BOOL_ANSWERS[key]}"
        line = (lines or {}).get(key or "")
        if line is None and key and lines:
            line = lines.get(key.split(".")[0])
        out.append(Problem(msg, field=key, file=file, line=line, hint=hint))
    return out


def profile_from_dict(data: dict[str, Any], source: str | None = None) -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            f"{source or 'profile'}: {len(exc.errors())} problem(s)",
            problems_from_validation(exc, source),
        ) from None


def parse_profile_toml(
    text: str, file: str = "profile.toml", ignore: tuple[str, ...] = ()
) -> Profile:
    """The profile in ``text``; top-level tables in ``ignore`` (say, an export's
    ``[[shortlists]]``) are left for the caller to read."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            f"{file}: not valid TOML",
            [Problem(str(exc), file=file, line=line)],
            hint="check the quoting and '=' on that line",
        ) from None
    except RecursionError:
        raise InputError(
            f"{file}: nested too deeply to be a profile",
            [Problem("arrays or tables nested too deeply", file=file)],
            hint="a profile is flat keys plus a [background] table (see examples/profile.toml)",
        ) from None
    for key in ignore:
        data.pop(key, None)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            f"{file}: {len(exc.errors())} problem(s) in the profile",
            problems_from_validation(exc, file, _key_lines(text)),
            hint="fix the keys named above (see examples/profile.toml)",
        ) from None


def load_profile(path: Path) -> Profile:
    return parse_profile_toml(read_user_text(path, "profile"), str(path))


def profile_to_toml(profile: Profile) -> str:
    import tomli_w

    data = profile.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    bg = {k: v for k, v in (data.pop("background", {}) or {}).items() if v is not None}
    if not data.get("specializations"):
        data.pop("specializations", None)
    if bg:
        data["background"] = bg
    return tomli_w.dumps(data)
