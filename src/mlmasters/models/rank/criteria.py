"""The six criteria, each scored in [0, 1] for every program, with a sentence of why.

A criterion is the mean of its *parts* that apply to the person (``CriterionTable.parts``).
A part is NaN where its data are missing. A criterion is ``known`` when every part is known,
``partial`` when some are, ``unknown`` when none is; unknown criteria are then handled by the
stated policy (``apply_unknown_policy``), never read as zero.

Value functions (all documented in docs/rank.md):

- *relative* parts use the catalog ECDF (``earnings.ecdf_score``): the share of the catalog's
  programs with a known value that this one beats, so 0.5 is the median program;
- *ordinal* parts use equal steps: required 1 / optional 0.5 / none 0; fits 1 / fits with
  travel 0.5 / does not fit 0; named 1 / umbrella ML-AI only 0.5 / absent 0; field core 1 /
  adjacent 0.5 / outside 0 (catalog/fields.py); Carnegie 2025 research R1 1 / R2 2/3 /
  Research Colleges 1/3 / none 0 (an institution-level fact, not the department's).
- *context* parts (field relevance, research designation) never stand alone: where they are
  a criterion's only known parts, its other parts count at the unknown value (0.5 - 0.1).
- the prerequisites part is known only where the published prerequisites name one of the
  person's gaps; silence is unknown, never a perfect match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from mlmasters.models.rank.earnings import ecdf_score
from mlmasters.models.rank.facts import (
    EVIDENCE_ABSENT,
    EVIDENCE_NAMED,
    EVIDENCE_UMBRELLA,
    ProgramFacts,
)
from mlmasters.models.rank.inputs import GapArea, RoiColumns
from mlmasters.models.rank.weights import CRITERIA
from mlmasters.profile import SPECIALIZATIONS, Profile

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

KNOWN, PARTIAL, UNKNOWN = 2, 1, 0
STATUS_NAMES = {KNOWN: "known", PARTIAL: "partial", UNKNOWN: "unknown"}

UnknownPolicy = Literal["penalize", "renormalize"]
UNKNOWN_POLICIES: tuple[str, ...] = ("penalize", "renormalize")
#: The middle of every criterion's scale: the median program on relative parts, the middle
#: step on ordinal ones.
NEUTRAL = 0.5
#: Subtracted from NEUTRAL for an unknown criterion (policy "penalize"): missing data are
#: not rewarded. One tenth of the scale; an mlmasters default, overridable.
UNKNOWN_PENALTY = 0.1

SPEC_LABELS = {
    "deep-learning": "deep learning",
    "data-mining-big-data": "data mining & big data",
    "reinforcement-learning": "reinforcement learning",
    "nlp": "NLP",
    "explainable-ethical-ai": "explainable & ethical AI",
}
_ORDINAL_REQ = np.array([0.0, 0.5, 1.0])  # none, optional, required
#: Field relevance of the CIP family (catalog/fields.py): outside, adjacent, core.
_ORDINAL_FIELD = np.array([0.0, 0.5, 1.0])
#: Carnegie 2025 research designation (IPEDS HD2024 CARNEGIERSCH), equal steps:
#: no designation 0, Research Colleges and Universities 1/3, R2 2/3, R1 1. It describes the
#: institution's research spending and doctorates, not the department teaching the program.
RESEARCH_STEPS: dict[str, float] = {
    "Research 1": 1.0,
    "Research 2": 2.0 / 3.0,
    "Research Colleges": 1.0 / 3.0,
}


def research_values(labels: npt.NDArray[np.object_], known: BoolArray) -> FloatArray:
    """The research part per program: NaN when the institution is not in the directory."""
    out = np.full(len(labels), np.nan)
    for i, (lab, k) in enumerate(zip(labels, known, strict=True)):
        if k:
            out[i] = next((v for pre, v in RESEARCH_STEPS.items() if str(lab).startswith(pre)), 0.0)
    return out


_ORDINAL_THESIS = np.array([0.0, 1.0, 1.0])  # a thesis option counts when optional too


@dataclass(frozen=True)
class ScoringInputs:
    """Everything about the person the criteria need, besides the profile itself."""

    mode: str
    residency: str | None
    tuition_usd: FloatArray
    support_usd: FloatArray  # employer support over the program's years
    net_tuition_usd: FloatArray
    gaps: tuple[GapArea, ...] | None = None  # None: assess model not available
    notes: tuple[str, ...] = ()
    roi: RoiColumns | None = None  # the whole ROI frame, aligned (filters read the plan)


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    values: FloatArray
    #: why every value is NaN, when a model input is missing
    unavailable: str | None = None
    #: a context fact (field relevance, the institution's research designation): it never
    #: stands for the whole criterion alone (see ``_combine``)
    context: bool = False


@dataclass(frozen=True)
class CriterionTable:
    criterion: str
    parts: tuple[Part, ...]
    score: FloatArray
    status: IntArray


@dataclass(frozen=True)
class CriteriaScores:
    facts: ProgramFacts
    profile: Profile
    inputs: ScoringInputs
    tables: dict[str, CriterionTable]
    matrix: FloatArray  # (n, criteria); NaN = unknown
    status: IntArray  # (n, criteria)
    extra: dict[str, FloatArray] = field(default_factory=dict)


def _combine(criterion: str, parts: list[Part], n: int) -> CriterionTable:
    if not parts:
        return CriterionTable(criterion, (), np.full(n, np.nan), np.full(n, UNKNOWN))
    stack = np.vstack([p.values for p in parts])
    known = ~np.isnan(stack)
    count = known.sum(axis=0)
    total = np.where(known, stack, 0.0).sum(axis=0)
    score = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    # Where only context parts are known, the program's own unknown parts count at the
    # unknown value (NEUTRAL - UNKNOWN_PENALTY) beside them: a field code or an institution's
    # research rank never reads as a perfect curriculum or faculty score by itself.
    ctx = np.array([p.context for p in parts], dtype=np.bool_)
    main = ~ctx
    if ctx.any() and main.any():
        only_ctx = (known[ctx].sum(axis=0) > 0) & (known[main].sum(axis=0) == 0)
        n_main = int(main.sum())
        blended = (total + (NEUTRAL - UNKNOWN_PENALTY) * n_main) / (count + n_main)
        score = np.where(only_ctx, blended, score)
    status = np.where(count == len(parts), KNOWN, np.where(count > 0, PARTIAL, UNKNOWN))
    return CriterionTable(criterion, tuple(parts), score, status.astype(np.int64))


def _ordinal(codes: IntArray, table: FloatArray) -> FloatArray:
    out: FloatArray = np.where(codes >= 0, table[np.clip(codes, 0, 2)], np.nan)
    return out


def needs_part_time(profile: Profile) -> bool:
    """Part-time is needed when asked for, or when the person must keep working."""
    if profile.enrollment_mode is not None:
        return profile.enrollment_mode == "part-time"
    return bool(profile.must_keep_working)


def study_mode(profile: Profile) -> str:
    return "part-time" if needs_part_time(profile) else "full-time"


def access_need(profile: Profile) -> Literal["remote", "local", "any"]:
    """remote: online only; local: must stay where they live; any: can move or need not work."""
    if profile.online_only:
        return "remote"
    if profile.can_relocate is False or (
        profile.must_keep_working and profile.can_relocate is not True
    ):
        return "local"
    return "any"


# --- the criteria -------------------------------------------------------------------------
def _curriculum(f: ProgramFacts, profile: Profile, inp: ScoringInputs) -> list[Part]:
    parts: list[Part] = []
    ev = f.spec_evidence
    named = np.array([1.0, 0.5, 0.0])  # named, umbrella, absent -> by code 2, 1, 0
    if profile.specializations:
        for spec in profile.specializations:
            c = ev[:, SPECIALIZATIONS.index(spec)]
            vals = np.where(
                c == EVIDENCE_NAMED,
                named[0],
                np.where(
                    c == EVIDENCE_UMBRELLA,
                    named[1],
                    np.where(c == EVIDENCE_ABSENT, named[2], np.nan),
                ),
            )
            parts.append(Part(f"specialization:{spec}", f"{SPEC_LABELS[spec]} offered", vals))
    else:
        best = ev.max(axis=1)
        vals = np.where(
            best >= EVIDENCE_UMBRELLA, 1.0, np.where(best == EVIDENCE_ABSENT, 0, np.nan)
        )
        parts.append(Part("ml_focus", "ML/AI focus named", vals))
    if inp.gaps is None:
        parts.append(
            Part(
                "prerequisites",
                "entry prerequisites vs your gaps",
                np.full(f.n, np.nan),
                "the assess model (readiness) is not available",
            )
        )
    elif inp.gaps:
        # Known only where the published prerequisites name at least one of the person's
        # gaps: text that names none (or no text) does not show that the gap is not needed
        # (a degree in the field may imply it), so it is unknown, never a perfect match.
        words = [tuple(w.lower() for w in g.keywords) for g in inp.gaps]
        vals = np.full(f.n, np.nan)
        for i, text in enumerate(f.prerequisites):
            if text:
                t = text.lower()
                hit = sum(any(w in t for w in ws) for ws in words)
                if hit:
                    vals[i] = 1.0 - hit / len(words)
        parts.append(Part("prerequisites", "entry prerequisites vs your gaps", vals))
    parts.append(
        Part(
            "field",
            "field of study (CIP family) teaches ML",
            _ordinal(f.relevance, _ORDINAL_FIELD),
            context=True,
        )
    )
    return parts


def _outcomes(f: ProgramFacts, profile: Profile, inp: ScoringInputs) -> list[Part]:
    """Career outcomes = the person's own return: the same expected NPV and chance of a loss
    as the program page (same engine, draws and basis). Graduates' federal earnings describe
    who enrols, not what the degree does for this person: they are shown, not scored."""
    if inp.roi is None:
        gone = np.full(f.n, np.nan)
        why = "your return was not computed"
        return [
            Part("roi_npv", "your typical outcome", gone, why),
            Part("roi_loss", "your chance of coming out ahead", gone, why),
        ]
    return [
        Part("roi_npv", "your typical outcome", ecdf_score(inp.roi.npv_p50)),
        Part("roi_loss", "your chance of coming out ahead", 1.0 - inp.roi.p_loss),
    ]


def access_values(f: ProgramFacts, profile: Profile) -> FloatArray | None:
    need = access_need(profile)
    if need == "any":
        return None
    d = f.delivery
    if need == "remote":
        return np.where(d == 0, 1.0, np.where(d == 1, 0.5, np.where(d == 2, 0.0, np.nan)))
    home = profile.state
    local = f.us & (f.state == home) if home else np.zeros(f.n, dtype=np.bool_)
    on_campus = np.where(local, 0.5, 0.0) if home else np.full(f.n, np.nan)
    unknown = np.where(local, 0.5, np.nan)  # in your state: at worst a commute
    return np.where(
        d == 0, 1.0, np.where(d == 1, 0.5, np.where(d == 2, on_campus, unknown))
    ).astype(np.float64)


def _flexibility(f: ProgramFacts, profile: Profile, inp: ScoringInputs) -> list[Part]:
    parts: list[Part] = []
    acc = access_values(f, profile)
    if acc is not None:
        parts.append(Part("access", "delivery and location vs your situation", acc))
    if needs_part_time(profile):
        c = f.mode_part_time
        parts.append(
            Part("part_time", "part-time study offered", np.where(c >= 0, c.astype(float), np.nan))
        )
    months = f.months_fte if inp.roi is None else inp.roi.months_p50
    parts.append(Part("duration", "months to the degree in your plan", ecdf_score(-months)))
    if profile.hours_per_week is not None:
        if inp.roi is not None:  # the plan fits the load to your hours, or says it cannot
            planned = np.where(np.isnan(inp.roi.months_p50), np.nan, 1.0)
            fits = np.where(inp.roi.infeasible, 0.0, planned)
            parts.append(Part("workload", "a plan fits your hours a week", fits))
        else:
            parts.append(
                Part(
                    "workload",
                    "a plan fits your hours a week",
                    np.full(f.n, np.nan),
                    "your plans were not computed",
                )
            )
    return parts


def research_minded(profile: Profile) -> bool:
    return bool(profile.wants_thesis) or (profile.research_interest or 0) >= 2


def _industry(f: ProgramFacts, profile: Profile, inp: ScoringInputs) -> list[Part]:
    parts = [
        Part("internship", "internship", _ordinal(f.internship, _ORDINAL_REQ)),
        Part("capstone", "capstone project", _ordinal(f.capstone, _ORDINAL_REQ)),
    ]
    if research_minded(profile):
        parts.append(Part("thesis", "thesis option", _ordinal(f.thesis, _ORDINAL_THESIS)))
    parts.append(
        Part(
            "research",
            "institution's research designation (Carnegie 2025; not the department)",
            research_values(f.research_2025, f.research_known),
            context=True,
        )
    )
    return parts


def _accreditation(f: ProgramFacts, profile: Profile, inp: ScoringInputs) -> list[Part]:
    vals = np.where(f.accredited_named | f.federal, 1.0, np.nan)
    return [Part("accreditation", "recognized institutional accreditation", vals)]


def _cost(f: ProgramFacts, profile: Profile, inp: ScoringInputs) -> list[Part]:
    return [Part("tuition", "tuition after employer support", ecdf_score(-inp.net_tuition_usd))]


_BUILDERS = {
    "curriculum": _curriculum,
    "outcomes": _outcomes,
    "flexibility": _flexibility,
    "industry": _industry,
    "accreditation": _accreditation,
    "cost": _cost,
}


def score_criteria(facts: ProgramFacts, profile: Profile, inputs: ScoringInputs) -> CriteriaScores:
    """Every criterion for every program (pure; NaN = unknown)."""
    tables: dict[str, CriterionTable] = {
        c: _combine(c, _BUILDERS[c](facts, profile, inputs), facts.n) for c in CRITERIA
    }
    matrix = np.column_stack([tables[c].score for c in CRITERIA])
    status = np.column_stack([tables[c].status for c in CRITERIA]).astype(np.int64)
    return CriteriaScores(facts, profile, inputs, tables, matrix, status)


def apply_unknown_policy(
    matrix: FloatArray, policy: UnknownPolicy, penalty: float = UNKNOWN_PENALTY
) -> tuple[FloatArray, BoolArray]:
    """(matrix with unknown cells filled, known mask).

    ``penalize``: an unknown criterion scores ``NEUTRAL - penalty``.
    ``renormalize``: the cell is left out and the program's weights renormalised over its
    known criteria; here the cell is filled with ``NEUTRAL - penalty`` only as a placeholder
    for programs with no known criterion at all (the scorer uses the known mask).
    """
    known = ~np.isnan(matrix)
    filled: FloatArray = np.where(known, matrix, NEUTRAL - penalty)
    return filled, known
