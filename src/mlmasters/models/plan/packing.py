"""Terms packed from course segments, and the bridge courses read from the readiness assessment.

Segments (bridge work, published core courses, electives) fill terms of a given capacity in
order, split where a term is full; the plan's core and its terms read the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mlmasters.catalog.program import Program
from mlmasters.models.assess.readiness import AreaReadiness
from mlmasters.models.plan.curriculum import core_areas_of
from mlmasters.models.plan.result import BridgeItem, TermKind

#: A bridge course of 15 weeks is one 3-credit semester course of workload.
BRIDGE_WEEKS_PER_COURSE = 15.0
#: Bridge courses are taken one after another: a bridge period holds one course's credits.
BRIDGE_COURSE_CREDITS = 3.0
EPS = 1e-9


@dataclass
class Term:
    """One term being filled: degree credits, bridge work, courses and milestones."""

    kind: TermKind = "courses"
    credits: float = 0.0
    bridge_credits: float = 0.0
    bridge_areas: list[str] = field(default_factory=list)
    courses: list[str] = field(default_factory=list)
    core_areas: list[str] = field(default_factory=list)
    electives: bool = False
    milestones: list[str] = field(default_factory=list)

    @property
    def load(self) -> float:
        return self.credits + self.bridge_credits


@dataclass(frozen=True)
class Segment:
    """A piece of work to place: a bridge area, a published course or the electives."""

    kind: str  # bridge | course | elective
    name: str
    credits: float


def pack(segments: Sequence[Segment], capacity: float) -> list[Term]:
    """Fill terms of ``capacity`` credits with segments in order, splitting where needed."""
    terms: list[Term] = []
    room = 0.0
    for seg in segments:
        left = seg.credits
        while left > EPS:
            if room <= EPS:
                terms.append(Term())
                room = capacity
            take = min(left, room)
            t = terms[-1]
            if seg.kind == "bridge":
                t.bridge_credits += take
                if seg.name not in t.bridge_areas:
                    t.bridge_areas.append(seg.name)
            else:
                t.credits += take
                if seg.kind == "course" and seg.name not in t.courses:
                    t.courses.append(seg.name)
                    t.core_areas += [a for a in core_areas_of(seg.name) if a not in t.core_areas]
                if seg.kind == "elective":
                    t.electives = True
            left -= take
            room -= take
    return terms


def bridge_items(readiness: Sequence[AreaReadiness] | None, notes: list[str]) -> list[BridgeItem]:
    if readiness is None:
        notes.append("bridge: readiness not assessed; no bridge courses planned")
        return []
    items: list[BridgeItem] = []
    for r in readiness:
        if r.status in ("bridge", "gap") and r.bridge_weeks > 0:
            items.append(
                BridgeItem(
                    area=r.area,
                    label=r.label,
                    status=r.status,
                    weeks=r.bridge_weeks,
                    credits_equivalent=round(r.bridge_weeks / BRIDGE_WEEKS_PER_COURSE * 3.0, 2),
                    suggestion=r.suggestion,
                )
            )
        elif r.status == "unknown":
            notes.append(
                f"bridge: your level in {r.label} is unknown; up to {r.bridge_weeks_max:g} "
                "weeks of bridge work if you never studied it (not planned)"
            )
    if items:
        notes.append(
            "bridge: weeks from the readiness assessment; 15 weeks = one 3-credit course of "
            "workload; bridge courses carry no degree credit and their cost is not included"
        )
    return items


def program_segments(
    program: Program, credits: float, bridge: list[BridgeItem], alongside: bool, course: float
) -> list[Segment]:
    segs: list[Segment] = []
    if alongside:
        segs += [Segment("bridge", b.label, b.credits_equivalent) for b in bridge]
    placed = 0.0
    for name in program.core_courses:
        if placed + course > credits + EPS:
            break
        segs.append(Segment("course", name, course))
        placed += course
    if credits - placed > EPS:
        segs.append(Segment("elective", "electives", credits - placed))
    return segs
