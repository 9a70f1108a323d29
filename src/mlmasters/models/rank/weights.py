"""The ranking criteria, the persona default weights, and user weight overrides.

Weights are relative importances: only their ratios matter. Persona defaults are written as
points out of 100 so that a person can read them; a user's ``--weights cost=30,curriculum=20``
replaces those criteria's points and keeps the persona's points for the rest, then everything
is normalised to sum to 1.

The persona table is an mlmasters default, not a measured quantity: each row follows what the
guide (``../shared/guide``, "Who should pursue it" and "How should students compare programs")
stresses for that kind of student. ``PERSONA_WHY`` quotes the passage behind each row, and
``docs/rank.md`` prints the table. Override it freely.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from mlmasters.errors import InputError, Problem

Criterion = Literal["curriculum", "outcomes", "flexibility", "industry", "accreditation", "cost"]

#: The criteria, in the order of every matrix column in the rank model.
CRITERIA: tuple[Criterion, ...] = (
    "curriculum",
    "outcomes",
    "flexibility",
    "industry",
    "accreditation",
    "cost",
)

CRITERION_LABELS: dict[str, str] = {
    "curriculum": "Curriculum & specialization",
    "outcomes": "Career outcomes",
    "flexibility": "Flexibility & duration",
    "industry": "Faculty & industry connections",
    "accreditation": "Accreditation",
    "cost": "Cost",
}

CRITERION_HELP: dict[str, str] = {
    "curriculum": "Tracks, courses and name vs your specializations and readiness gaps",
    "outcomes": "Shrunk federal earnings, the federal earnings-premium test, ROI p50 and P(loss)",
    "flexibility": "Delivery and location vs your situation, part-time option, duration",
    "industry": "Internship, capstone and (for research goals) thesis, from sourced fields",
    "accreditation": "Institutional accreditor named, or federal (Title IV) data present",
    "cost": "Total tuition after employer support, relative to the catalog",
}

Persona = Literal[
    "working-professional",
    "recent-graduate",
    "career-changer",
    "aspiring-researcher",
    "technically-inclined",
    "balanced",
]
PERSONAS: tuple[str, ...] = Persona.__args__  # type: ignore[attr-defined]

#: Used when no persona is given and none can be inferred: every criterion counts the same.
FALLBACK_PERSONA = "balanced"

#: Default weights, in points out of 100 per persona (columns in ``CRITERIA`` order).
PERSONA_WEIGHTS: dict[str, dict[str, float]] = {
    "working-professional": {
        "curriculum": 20,
        "outcomes": 15,
        "flexibility": 30,
        "industry": 5,
        "accreditation": 10,
        "cost": 20,
    },
    "recent-graduate": {
        "curriculum": 25,
        "outcomes": 25,
        "flexibility": 5,
        "industry": 20,
        "accreditation": 10,
        "cost": 15,
    },
    "career-changer": {
        "curriculum": 25,
        "outcomes": 20,
        "flexibility": 10,
        "industry": 20,
        "accreditation": 10,
        "cost": 15,
    },
    "aspiring-researcher": {
        "curriculum": 35,
        "outcomes": 10,
        "flexibility": 5,
        "industry": 25,
        "accreditation": 15,
        "cost": 10,
    },
    "technically-inclined": {
        "curriculum": 25,
        "outcomes": 30,
        "flexibility": 10,
        "industry": 15,
        "accreditation": 5,
        "cost": 15,
    },
    "balanced": {c: 100 / 6 for c in CRITERIA},
}

#: The guide's words behind each persona row (quoted from ../shared/guide/ml-masters-guide.txt).
PERSONA_WHY: dict[str, str] = {
    "working-professional": (
        "flexibility first: 'Balancing part-time versus full-time options affects return on "
        "investment, particularly for working professionals'; then curriculum ('deepen applied "
        "expertise') and cost ('High Financial and Time Investment')"
    ),
    "recent-graduate": (
        "curriculum and outcomes: 'concentrated knowledge ... can differentiate them in a crowded "
        "job market'; industry: 'Employment Requires Applied Experience'"
    ),
    "career-changer": (
        "curriculum: 'require both foundational and advanced training'; industry and outcomes: "
        "'Programs that integrate internships, co-ops, or robust career services typically smooth "
        "transitions'"
    ),
    "aspiring-researcher": (
        "curriculum: 'essential theoretical grounding'; industry (thesis option): 'demonstrated "
        "research competence'; accreditation for credential acceptance"
    ),
    "technically-inclined": (
        "outcomes: 'position themselves strategically to capture opportunities in fast-evolving "
        "sectors'; curriculum second"
    ),
    "balanced": "no persona known: every criterion counts the same",
}

FloatArray = npt.NDArray[np.float64]
#: Largest accepted weight (weights are relative; this only keeps sums finite).
MAX_POINTS = 1e6


class ResolvedWeights(BaseModel):
    """The weights used, normalised to sum to 1, and where each came from."""

    model_config = ConfigDict(frozen=True)

    persona: str
    weights: dict[str, float]
    points: dict[str, float]
    source: dict[str, Literal["persona", "user"]]

    def vector(self) -> FloatArray:
        return np.array([self.weights[c] for c in CRITERIA], dtype=np.float64)


def parse_weights(text: str, option: str = "--weights") -> dict[str, float]:
    """Parse ``"cost=30,curriculum=20"``; every problem is reported at once."""
    problems: list[Problem] = []
    out: dict[str, float] = {}
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        key, sep, val = item.partition("=")
        key = key.strip().lower()
        if not sep:
            problems.append(Problem(f"{item!r} is not key=value", field=option))
            continue
        try:
            out[key] = float(val)
        except ValueError:
            problems.append(Problem(f"{key}: {val.strip()!r} is not a number", field=option))
    if problems:
        raise InputError(
            "invalid weights",
            problems,
            hint=f"write e.g. {option} cost=30,curriculum=20 (criteria: {', '.join(CRITERIA)})",
        )
    return validate_weights(out, field=option)


def validate_weights(weights: Mapping[str, float], field: str = "weights") -> dict[str, float]:
    """Check criterion names and values; raise one ``InputError`` listing every problem."""
    problems: list[Problem] = []
    for key, val in weights.items():
        if key not in CRITERIA:
            problems.append(
                Problem(
                    f"unknown criterion {key!r}",
                    field=f"{field}.{key}",
                    hint=f"use one of {', '.join(CRITERIA)}",
                )
            )
        elif not isinstance(val, int | float) or not math.isfinite(float(val)):
            problems.append(Problem(f"{key}: weight must be a finite number", field=field))
        elif val < 0:
            problems.append(
                Problem(f"{key}: weight {val:g} is negative", field=f"{field}.{key}", hint=">= 0")
            )
        elif val > MAX_POINTS:
            problems.append(
                Problem(
                    f"{key}: weight {val:g} is too large",
                    field=f"{field}.{key}",
                    hint=f"weights are relative: use 0 to {MAX_POINTS:g}",
                )
            )
    if problems:
        raise InputError("invalid weights", problems)
    return {k: float(v) for k, v in weights.items()}


def persona_points(persona: str) -> dict[str, float]:
    if persona not in PERSONA_WEIGHTS:
        raise InputError(
            f"unknown persona {persona!r}",
            [Problem("not a persona", field="persona", hint=f"use one of {', '.join(PERSONAS)}")],
        )
    return dict(PERSONA_WEIGHTS[persona])


def resolve_weights(
    persona: str | None, overrides: Mapping[str, float] | None = None
) -> ResolvedWeights:
    """Persona defaults with the user's overrides, normalised to sum to 1."""
    name = persona or FALLBACK_PERSONA
    points = persona_points(name)
    given = validate_weights(overrides or {})
    source: dict[str, Literal["persona", "user"]] = {c: "persona" for c in CRITERIA}
    for key, val in given.items():
        points[key] = val
        source[key] = "user"
    total = sum(points.values())
    if total <= 0:
        raise InputError(
            "all weights are zero",
            [Problem("at least one criterion needs a positive weight", field="weights")],
            hint="e.g. --weights cost=1",
        )
    return ResolvedWeights(
        persona=name,
        weights={c: points[c] / total for c in CRITERIA},
        points={c: points[c] for c in CRITERIA},
        source=source,
    )
