"""The shape of a program detail record (curated layer and user-added programs) and its parsers.

One Pydantic model validates both the repository's curated JSONL and a user's TOML, JSON,
JSONL or CSV file. Every problem in a user file is reported as ``file:row: field: problem``;
one bad row fails the whole load (nothing is dropped silently).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mlmasters.errors import InputError, Problem, read_user_text

Requirement = Literal["required", "optional", "none"]
Delivery = Literal["on-campus", "online", "hybrid"]
Mode = Literal["full-time", "part-time"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


class SourceRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(description="Comma-separated record fields this source supports")
    url: str = Field(description="Address (or package file) of the source")
    quote: str | None = Field(default=None, description="Short excerpt for verification")
    retrieved: str | None = Field(default=None, description="When it was read (YYYY-MM)")


class ProgramRecord(BaseModel):
    """A program's details as published. ``None`` means unknown, never zero."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )

    program_id: str = Field(description="Stable slug: lowercase letters, digits, . _ -")
    institution: str = Field(min_length=1, description="Institution name")
    program_name: str = Field(min_length=1, description="Program name as published")
    country: str = Field(default="US", pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2")
    state: str | None = Field(default=None, description="US state (USPS code) or region")
    city: str | None = None
    ipeds_unitid: int | None = Field(default=None, gt=0, description="IPEDS UNITID (US only)")
    degree: str | None = None
    cip_code: str | None = Field(default=None, description="CIP code, e.g. 11.0102, if known")
    delivery: Delivery | None = None
    enrollment_modes: list[Mode] = Field(default_factory=list, description="[] = unknown")
    credits_total: float | None = Field(default=None, gt=0, le=400)
    credit_unit: str | None = Field(default=None, description="e.g. US semester credit hours")
    duration_months_full_time: float | None = Field(default=None, gt=0, le=120)
    duration_months_part_time_typical: float | None = Field(default=None, gt=0, le=180)
    tuition_total: float | None = Field(default=None, ge=0, description="Program total")
    tuition_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    tuition_basis: str | None = None
    tuition_academic_year: str | None = None
    tuition_usd_per_unit: float | None = Field(
        default=None,
        gt=0,
        description=(
            "Your exchange rate for a non-USD tuition: US dollars per one unit of "
            "tuition_currency (e.g. 0.73 for CAD); without it the amount stays out of USD sums"
        ),
    )
    thesis: Requirement | None = None
    internship: Requirement | None = None
    capstone: Requirement | None = None
    tracks: list[str] = Field(default_factory=list)
    core_courses: list[str] = Field(default_factory=list)
    prerequisites: str | None = None
    accreditation: str | None = None
    gre_required: bool | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    confidence: Literal["high", "medium", "low"] | None = None
    notes: str | None = None

    @field_validator("program_id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _SLUG.match(v):
            raise ValueError("use lowercase letters, digits, '.', '_' or '-' (max 80 chars)")
        return v

    def source_for(self, field: str) -> SourceRef | None:
        for s in self.sources:
            if field in [f.strip() for f in s.field.split(",")]:
                return s
        return None


_LIST_FIELDS = ("enrollment_modes", "tracks", "core_courses")


def _problems_from(exc: ValidationError, file: str, line: int | None) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or None
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
            hint = "see docs/programs.md for the accepted fields"
        elif err["type"] == "missing":
            hint = "this field is required"
        else:
            hint = None
        out.append(Problem(msg, field=loc, file=file, line=line, hint=hint))
    return out


def _unit_problems(rec: ProgramRecord, file: str, line: int | None) -> list[Problem]:
    """The credit unit must be one the catalog can convert (catalog/credits.py)."""
    from mlmasters.catalog.credits import ACCEPTED_UNITS, parse_unit

    out = []
    if rec.credit_unit is not None and parse_unit(rec.credit_unit) is None:
        out.append(
            Problem(
                f"unknown credit unit {rec.credit_unit!r}",
                field="credit_unit",
                file=file,
                line=line,
                hint=f"use one of: {ACCEPTED_UNITS}",
            )
        )
    if rec.credits_total is not None and rec.credit_unit is None and rec.country != "US":
        out.append(
            Problem(
                "credits_total is given without its unit (outside the US no unit is assumed)",
                field="credit_unit",
                file=file,
                line=line,
                hint=f"state the unit, e.g. {ACCEPTED_UNITS}",
            )
        )
    if rec.tuition_usd_per_unit is not None and (rec.tuition_currency or "USD") == "USD":
        out.append(
            Problem(
                "an exchange rate is given for a tuition already in USD",
                field="tuition_usd_per_unit",
                file=file,
                line=line,
                hint="give tuition_currency (e.g. CAD) or drop the rate",
            )
        )
    return out


def _validate_rows(
    rows: list[tuple[int | None, Any]], file: str, taken: Collection[str] = ()
) -> list[ProgramRecord]:
    """Every row checked; all problems reported together (file:row:field), ids used by the
    catalog (``taken``) included."""
    problems: list[Problem] = []
    records: list[ProgramRecord] = []
    seen: dict[str, int | None] = {}
    for line, raw in rows:
        if not isinstance(raw, dict):
            problems.append(Problem("expected an object (a table of fields)", file=file, line=line))
            continue
        try:
            rec = ProgramRecord.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_problems_from(exc, file, line))
            continue
        unit_problems = _unit_problems(rec, file, line)
        problems.extend(unit_problems)
        if rec.program_id in taken:
            problems.append(
                Problem(
                    f"program_id {rec.program_id!r} is already in the catalog",
                    field="program_id",
                    file=file,
                    line=line,
                    hint="choose an id the catalog does not use (e.g. prefix it with my-)",
                )
            )
            continue
        if unit_problems:
            continue
        if rec.program_id in seen:
            problems.append(
                Problem(
                    f"duplicate program_id {rec.program_id!r} "
                    f"(first at row {seen[rec.program_id]})",
                    field="program_id",
                    file=file,
                    line=line,
                )
            )
            continue
        seen[rec.program_id] = line
        records.append(rec)
    if problems:
        raise InputError(
            f"{file}: {len(problems)} problem(s) in the program file; nothing was loaded",
            problems,
            hint="fix the rows named above and try again",
        )
    return records


def _rows_jsonl(text: str, file: str) -> list[tuple[int | None, Any]]:
    rows: list[tuple[int | None, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{file}:{n}: not valid JSON ({exc.msg})",
                [Problem(f"not valid JSON: {exc.msg}", file=file, line=n)],
            ) from None
        except RecursionError:
            raise _too_deep(file, n) from None
    return rows


def _too_deep(file: str, line: int | None = None) -> InputError:
    return InputError(
        f"{file}: nested too deeply to be a program file",
        [Problem("arrays or objects nested too deeply", file=file, line=line)],
        hint="one flat record per program (see docs/programs.md)",
    )


def _rows_json(text: str, file: str) -> list[tuple[int | None, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{file}:{exc.lineno}: not valid JSON ({exc.msg})",
            [Problem(f"not valid JSON: {exc.msg}", file=file, line=exc.lineno)],
        ) from None
    except RecursionError:
        raise _too_deep(file) from None
    if isinstance(data, dict):
        data = data.get("programs", [data])
    if not isinstance(data, list):
        raise InputError(f"{file}: expected a list of programs or {{'programs': [...]}}")
    # JSON arrays carry no line numbers: rows are numbered from 1.
    return list(enumerate(data, start=1))


def _rows_toml(text: str, file: str) -> list[tuple[int | None, Any]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{file}: not valid TOML ({exc})", hint="check the line named") from None
    except RecursionError:
        raise _too_deep(file) from None
    programs = data.get("program", data.get("programs"))
    if not isinstance(programs, list):
        raise InputError(
            f"{file}: no [[program]] tables found", hint="write one [[program]] table per program"
        )
    header_lines = [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if re.match(r"^\s*\[\[\s*programs?\s*\]\]", line)
    ]
    lines: list[int | None] = list(header_lines) + [None] * (len(programs) - len(header_lines))
    return list(zip(lines, programs, strict=False))


def _rows_csv(text: str, file: str) -> list[tuple[int | None, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise InputError(f"{file}: the CSV file is empty", hint="the first line must name columns")
    required = {"program_id", "institution", "program_name"}
    missing = required - set(reader.fieldnames)
    if missing:
        raise InputError(
            f"{file}:1: missing column(s) {', '.join(sorted(missing))}",
            [Problem(f"missing column {m}", field=m, file=file, line=1) for m in sorted(missing)],
            hint="the header must name at least program_id, institution, program_name",
        )
    rows: list[tuple[int | None, Any]] = []
    for row in reader:
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if key is None:
                clean["(extra column)"] = value
                continue
            if value is None or value.strip() == "":
                continue
            if key in _LIST_FIELDS:
                clean[key] = [v.strip() for v in value.split(";") if v.strip()]
            elif key == "gre_required":
                clean[key] = value.strip().lower() in ("true", "yes", "1")
            else:
                clean[key] = value
        rows.append((reader.line_num, clean))
    return rows


def parse_program_text(
    text: str, file: str, fmt: str, taken: Collection[str] = ()
) -> list[ProgramRecord]:
    parsers = {"jsonl": _rows_jsonl, "json": _rows_json, "toml": _rows_toml, "csv": _rows_csv}
    if fmt not in parsers:
        raise InputError(
            f"{file}: unsupported program file type {fmt!r}",
            hint="use .toml, .json, .jsonl or .csv",
        )
    return _validate_rows(parsers[fmt](text, file), file, taken)


def parse_program_records(path: Path, taken: Collection[str] = ()) -> list[ProgramRecord]:
    """Read and validate a program file; the format comes from its extension. ``taken``: ids
    the catalog already uses (a clash is reported with the file's other problems)."""
    text = read_user_text(path, "program file")
    return parse_program_text(text, str(path), path.suffix.lower().lstrip("."), taken)
