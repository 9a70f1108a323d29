"""The catalog as columns: every program fact the rank model reads, as NumPy arrays.

Built once per catalog (about 2,600 programs) so that ranking one profile is array work, not a
loop over ``Program`` objects. Unknown stays unknown: ``NaN`` for numbers, ``-1`` for coded
facts. Row ``i`` is ``catalog.programs[i]``.

Codes: delivery ``0`` online, ``1`` hybrid, ``2`` on-campus; requirement ``0`` none,
``1`` optional, ``2`` required; ``-1`` unknown everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import (
    FULL_TIME_CREDITS_PER_YEAR,
    _years,
    program_total_usd,
    resolve_tuition,
)
from mlmasters.models.rank.earnings import ShrunkEarnings, shrink_earnings
from mlmasters.profile import SPECIALIZATIONS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DELIVERY_CODES = {"online": 0, "hybrid": 1, "on-campus": 2}
#: Field relevance of the program's CIP family (catalog/fields.py); -1 unknown (no CIP code).
RELEVANCE_CODES = {"outside": 0, "adjacent": 1, "core": 2}
REQUIREMENT_CODES = {"none": 0, "optional": 1, "required": 2}

#: Words that name each specialization in a track, course or program name (lower case,
#: regular expressions). The specializations are the guide's; the words are their usual
#: course and track titles. Documented in docs/rank.md.
SPECIALIZATION_WORDS: dict[str, tuple[str, ...]] = {
    "deep-learning": (r"deep learning", r"neural net", r"\bvision\b", r"perception", r"\bimage"),
    "data-mining-big-data": (
        r"data mining",
        r"big data",
        r"data science",
        r"analytics",
        r"data engineering",
        r"database",
        r"cloud",
    ),
    "reinforcement-learning": (
        r"reinforcement",
        r"robotic",
        r"autonomous",
        r"\bagents?\b",
        r"decision making",
    ),
    "nlp": (
        r"natural language",
        r"\bnlp\b",
        r"language technolog",
        r"computational linguistics",
        r"\bspeech\b",
        r"text mining",
    ),
    "explainable-ethical-ai": (
        r"ethic",
        r"responsible",
        r"fairness",
        r"explainab",
        r"interpretab",
        r"human-centered",
        r"trustworthy",
        r"governance",
    ),
}
#: Words of an umbrella ML/AI track or name: every specialization is usually taught there as
#: electives, but the specific one is not named.
UMBRELLA_WORDS: tuple[str, ...] = (
    r"machine learning",
    r"artificial intelligence",
    r"\bai\b",
    r"\bintelligen",
)

_SPEC_RE = {k: re.compile("|".join(v)) for k, v in SPECIALIZATION_WORDS.items()}
_UMBRELLA_RE = re.compile("|".join(UMBRELLA_WORDS))

#: Evidence that a program teaches a specialization (an ordinal scale, see criteria.py).
EVIDENCE_NAMED = 2  # a track, core course or the program's name names it
EVIDENCE_UMBRELLA = 1  # only an umbrella ML/AI track, course or name
EVIDENCE_ABSENT = 0  # tracks or courses are listed and none names it or ML/AI
EVIDENCE_UNKNOWN = -1  # nothing listed


def _code(value: str | None, codes: dict[str, int]) -> int:
    return -1 if value is None else codes.get(value, -1)


def _num(v: float | int | None) -> float:
    return np.nan if v is None else float(v)


def _evidence(p: Program) -> tuple[list[int], list[str]]:
    """Per specialization: (evidence code, where it was found)."""
    listed = [t.lower() for t in p.tracks] + [c.lower() for c in p.core_courses]
    # a federal row's name is built from its CIP title, which is a sourced classification
    name = p.name.lower()
    codes: list[int] = []
    where: list[str] = []
    for spec in SPECIALIZATIONS:
        rx = _SPEC_RE[spec]
        hit = next((t for t in listed if rx.search(t)), None)
        if hit is not None:
            codes.append(EVIDENCE_NAMED)
            where.append(hit)
        elif rx.search(name):
            codes.append(EVIDENCE_NAMED)
            where.append(p.name)
        else:
            umb = next((t for t in listed if _UMBRELLA_RE.search(t)), None)
            if umb is None and _UMBRELLA_RE.search(name):
                umb = p.name
            if umb is not None:
                codes.append(EVIDENCE_UMBRELLA)
                where.append(umb)
            elif listed:
                codes.append(EVIDENCE_ABSENT)
                where.append("")
            else:
                codes.append(EVIDENCE_UNKNOWN)
                where.append("")
    return codes, where


@dataclass(frozen=True)
class ProgramFacts:
    """Columns of program facts (see the module doc for codes)."""

    programs: tuple[Program, ...]
    ids: tuple[str, ...]
    index: dict[str, int]
    #: tie-break priority: position in program-id order (lower wins a tie)
    priority: IntArray
    state: npt.NDArray[np.object_]
    us: BoolArray
    cbsa: npt.NDArray[np.object_]  # "" unknown
    metro_name: npt.NDArray[np.object_]  # OEWS name of the CBSA, "" unknown
    latitude: FloatArray
    longitude: FloatArray
    closed: BoolArray  # institution closed, merged or not in the IPEDS 2024-25 directory
    relevance: IntArray  # RELEVANCE_CODES, -1 unknown
    caution: BoolArray  # the family carries the MBA caution (52.13)
    research_2025: npt.NDArray[np.object_]  # Carnegie 2025 research designation, "" none
    research_known: BoolArray  # the institution is in the IPEDS directory
    federal: BoolArray
    named: BoolArray  # a named program (curated or user), not a pooled federal row
    delivery: IntArray
    mode_full_time: IntArray  # 1 offered, 0 not offered, -1 unknown
    mode_part_time: IntArray
    months_full_time: FloatArray
    months_part_time: FloatArray
    credits: FloatArray  # semester-credit equivalent
    months_fte: FloatArray  # published full-time months, else credits at the full-time rate
    months_fte_from_credits: BoolArray
    thesis: IntArray
    internship: IntArray
    capstone: IntArray
    accredited_named: BoolArray
    spec_evidence: IntArray  # (n, len(SPECIALIZATIONS))
    spec_where: tuple[tuple[str, ...], ...]
    has_details: BoolArray
    prerequisites: tuple[str, ...]
    premium: IntArray  # 1 passes, 0 fails, -1 unknown
    earnings: ShrunkEarnings
    # tuition inputs
    tuition_program_usd: FloatArray
    tuition_program_any: BoolArray  # a published total exists (maybe non-USD)
    tuition_in_state: FloatArray  # resolve_tuition for a person of the program's state
    tuition_out_of_state: FloatArray  # ... and for anyone else (NaN: unknown)
    years: FloatArray

    @property
    def n(self) -> int:
        return len(self.ids)


def _arr(values: list[float]) -> FloatArray:
    return np.array(values, dtype=np.float64)


def _iarr(values: list[int]) -> IntArray:
    return np.array(values, dtype=np.int64)


def _bools(values: list[bool]) -> BoolArray:
    return np.array(values, dtype=np.bool_)


def _objects(values: list[str]) -> npt.NDArray[np.object_]:
    return np.array(values, dtype=object)


def _identity(programs: Sequence[Program]) -> dict[str, Any]:
    """Ids, the tie-break priority (position in program-id order) and the kind of row."""
    n = len(programs)
    ids = tuple(p.program_id for p in programs)
    prio = np.empty(n, dtype=np.int64)
    prio[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(n)
    return {
        "programs": tuple(programs),
        "ids": ids,
        "index": {pid: i for i, pid in enumerate(ids)},
        "priority": prio,
        "federal": _bools([p.has_federal_data for p in programs]),
        "named": _bools([p.named for p in programs]),
    }


def _place(programs: Sequence[Program]) -> dict[str, Any]:
    """Where the institution is, whether it is open, and its field and research facts."""
    return {
        "state": _objects([p.state or "" for p in programs]),
        "us": _bools([p.country == "US" for p in programs]),
        "cbsa": _objects([p.cbsa or "" for p in programs]),
        "metro_name": _objects([p.metro_name or "" for p in programs]),
        "latitude": _arr([_num(p.latitude) for p in programs]),
        "longitude": _arr([_num(p.longitude) for p in programs]),
        "closed": _bools([p.closed or p.institution_status == "not-listed" for p in programs]),
        "relevance": _iarr([_code(p.field_relevance, RELEVANCE_CODES) for p in programs]),
        "caution": _bools([p.field_caution is not None for p in programs]),
        "research_2025": _objects([p.carnegie_research_2025 or "" for p in programs]),
        "research_known": _bools(
            [p.institution_status in ("active", "closed", "merged") for p in programs]
        ),
    }


def _study(programs: Sequence[Program]) -> dict[str, Any]:
    """Delivery, modes, length and requirements (full-time months from credits when unpublished)."""
    credits = _arr([_num(p.credits_semester_equiv) for p in programs])
    months_ft = _arr([_num(p.duration_months_full_time) for p in programs])

    def modes(p: Program, m: str) -> int:
        return -1 if not p.enrollment_modes else int(m in p.enrollment_modes)

    def req(name: str) -> IntArray:
        return _iarr([_code(getattr(p, name), REQUIREMENT_CODES) for p in programs])

    return {
        "delivery": _iarr([_code(p.delivery, DELIVERY_CODES) for p in programs]),
        "mode_full_time": _iarr([modes(p, "full-time") for p in programs]),
        "mode_part_time": _iarr([modes(p, "part-time") for p in programs]),
        "months_full_time": months_ft,
        "months_part_time": _arr([_num(p.duration_months_part_time_typical) for p in programs]),
        "credits": credits,
        "months_fte": np.where(
            np.isnan(months_ft), credits / FULL_TIME_CREDITS_PER_YEAR * 12.0, months_ft
        ),
        "months_fte_from_credits": np.isnan(months_ft) & ~np.isnan(credits),
        "thesis": req("thesis"),
        "internship": req("internship"),
        "capstone": req("capstone"),
    }


def _content(programs: Sequence[Program]) -> dict[str, Any]:
    """What the program teaches and asks: specialization evidence, details, prerequisites."""
    ev_codes: list[list[int]] = []
    ev_where: list[tuple[str, ...]] = []
    for p in programs:
        c, w = _evidence(p)
        ev_codes.append(c)
        ev_where.append(tuple(w))
    return {
        "accredited_named": _bools([bool(p.accreditation) for p in programs]),
        "spec_evidence": np.array(ev_codes, dtype=np.int64).reshape(
            len(programs), len(SPECIALIZATIONS)
        ),
        "spec_where": tuple(ev_where),
        "has_details": _bools([bool(p.tracks or p.core_courses) for p in programs]),
        "prerequisites": tuple((p.prerequisites or "") for p in programs),
    }


def _money(programs: Sequence[Program], sigma_usd: float | None) -> dict[str, Any]:
    """Earnings (shrunk), the earnings-premium test and the tuition inputs."""
    earnings = shrink_earnings(
        _arr([_num(p.earnings_median_usd) for p in programs]),
        _arr([_num(p.completers_count) for p in programs]),
        np.array([p.cip_code or "" for p in programs], dtype=object),
        _iarr([p.earnings_horizon_years or 0 for p in programs]),
        sigma_usd,
    )
    premium = [
        -1 if p.fails_earnings_premium is None else int(not p.fails_earnings_premium)
        for p in programs
    ]
    return {
        "premium": _iarr(premium),
        "earnings": earnings,
        "tuition_program_usd": _arr([_num(program_total_usd(p)) for p in programs]),
        "tuition_program_any": _bools([p.tuition_total is not None for p in programs]),
        "tuition_in_state": _arr(
            [_num(resolve_tuition(p, p.state or "-").total_usd) for p in programs]
        ),
        "tuition_out_of_state": _arr([_num(resolve_tuition(p, None).total_usd) for p in programs]),
        "years": _arr([_years(p)[0] for p in programs]),
    }


def build_facts(programs: Sequence[Program], sigma_usd: float | None) -> ProgramFacts:
    """Columns for ``programs``; ``sigma_usd`` is the earnings spread used for shrinkage."""
    return ProgramFacts(
        **_identity(programs),
        **_place(programs),
        **_study(programs),
        **_content(programs),
        **_money(programs, sigma_usd),
    )


def tuition_usd(facts: ProgramFacts, residency_state: str | None, mode: str) -> FloatArray:
    """Total tuition in USD per program: ``catalog.tuition.resolve_tuition`` for a person of
    ``residency_state`` (in-state where it is the program's state), as columns. One basis
    for both study modes, so ``mode`` does not change it (a test checks they agree)."""
    del mode
    in_state = (
        facts.state == residency_state if residency_state else np.zeros(facts.n, dtype=np.bool_)
    )
    out: FloatArray = np.where(in_state, facts.tuition_in_state, facts.tuition_out_of_state)
    return out.astype(np.float64)
