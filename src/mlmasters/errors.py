"""Errors that mean "the input was wrong" (CLI exit 2, HTTP 4xx) versus bugs.

Every user-facing error says *what* was wrong, *where* (file, line or row, field)
and *how to fix it*. Surfaces render them; they never show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem with an input: where it is, what is wrong, how to fix it."""

    message: str
    field: str | None = None
    file: str | None = None
    line: int | None = None
    hint: str | None = None

    def location(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(self.field)
        return ": ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "field": self.field,
            "file": self.file,
            "line": self.line,
            "hint": self.hint,
        }


class MlmastersError(Exception):
    """Base class of errors caused by input, data or environment (not bugs)."""

    #: machine-readable code, part of the one JSON error shape
    code = "error"
    #: HTTP status the API answers with
    http_status = 400

    def __init__(
        self, message: str, problems: list[Problem] | None = None, hint: str | None = None
    ):
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []
        self.hint = hint

    def __str__(self) -> str:
        lines = [self.message]
        lines += [f"  {p}" for p in self.problems]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "problems": [p.to_dict() for p in self.problems],
                "hint": self.hint,
            }
        }


class InputError(MlmastersError):
    """A value the user gave is invalid (bad flag, bad file row, bad field)."""

    code = "invalid_input"
    http_status = 422


class NotFoundError(MlmastersError):
    """An id (program, area, occupation, saved profile) does not exist."""

    code = "not_found"
    http_status = 404


class ForbiddenError(MlmastersError):
    """The person may see this saved item but not change it (a profile shared with them)."""

    code = "forbidden"
    http_status = 403


class UnauthorizedError(MlmastersError):
    """Saved data on a shared server need the person's key (sign in)."""

    code = "unauthorized"
    http_status = 401


class SchemaVersionError(MlmastersError):
    """The database's schema version is one this release cannot use."""

    code = "schema_version"
    http_status = 503


class SnapshotError(MlmastersError):
    """The data snapshot is missing, tampered with, or from another version."""

    code = "snapshot_invalid"
    http_status = 503


@dataclass
class ProblemCollector:
    """Collects problems so that *every* problem is reported at once, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, **kw: Any) -> None:
        self.problems.append(Problem(message, **kw))

    def raise_if_any(self, message: str, hint: str | None = None) -> None:
        if self.problems:
            raise InputError(message, self.problems, hint=hint)


def read_user_text(path: Path | str, what: str = "file") -> str:
    """A user's text file (UTF-8, a BOM allowed), or an ``InputError`` saying why not."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8"
        ) from None
