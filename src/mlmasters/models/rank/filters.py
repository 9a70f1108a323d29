"""Hard filters from the profile, applied before any scoring.

Each filter says, for every program, *fails* (the sourced facts rule it out), *unknown* (the
fact it needs is missing) or passes. A program that fails is removed. The shortlist holds only
programs **known** to pass every filter (``verified``); a program that passes only because a
fact is unknown goes to a second list, "may fit — not verified", with what is unknown, which a
person can open or merge into the shortlist. With ``strict`` unknowns are removed entirely.
Counts are sequential in the order of ``FILTERS``: each filter
is charged with the programs it removed among those the previous filters kept, so the counts
add up to the total removed.

| filter | active when | fails when |
|---|---|---|
| status | always | the institution is closed or merged (IPEDS HD2024) |
| named | ``named_only`` ("only programs with known facts") | a federal row with no named program |
| field | always | CIP family outside ML, or 52.13 (MBAs) for a non-analytics target |
| budget | ``budget_usd`` | tuition after employer support > budget |
| delivery | ``online_only`` | delivery is on-campus or hybrid (a hybrid has a campus part) |
| location | ``Profile.cannot_move`` | on-campus and not reachable without moving (below) |
| duration | ``max_years`` | your plan's median months to the degree (bridge first) are more |
| enrollment_mode | ``enrollment_mode``, ``must_keep_working`` | its modes lack the one you need |
| feasible | always | your plan cannot be made (e.g. too few hours a week for one course) |
| thesis | ``wants_thesis`` | the program has no thesis (``thesis = none``) |
| internship | ``wants_internship`` | the program has no internship (``internship = none``) |

``field``: ``include_outside_fields`` keeps both kinds; 52.13 rows pass for targets where
business analytics fits (``catalog.fields.BUSINESS_ANALYTICS_ROLES``). ``location``: the same
metro (CBSA) or within ``catalog.place.COMMUTE_MILES`` of it when the person's metro is known,
else the same state; outside the US always fails. ``duration`` is known when the program
publishes its length for the mode or its credits (the plan follows from them at your load);
a plan on the field's default credits leaves it unknown ("may fit - not verified").
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mlmasters.catalog.fields import BUSINESS_ANALYTICS_ROLES
from mlmasters.catalog.place import COMMUTE_MILES, reachable, resolve_home_cbsa
from mlmasters.models.rank.facts import RELEVANCE_CODES, ProgramFacts
from mlmasters.profile import Profile

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

FILTERS: tuple[str, ...] = (
    "status",
    "named",
    "field",
    "budget",
    "delivery",
    "location",
    "duration",
    "enrollment_mode",
    "feasible",
    "thesis",
    "internship",
)


@dataclass(frozen=True)
class PlanChecks:
    """What the filters read from the person's plans (one per program, from the scenario)."""

    months_p50: FloatArray  # median months to the degree, bridge included (NaN: no plan)
    infeasible: BoolArray  # no plan possible for this person


@dataclass(frozen=True)
class FilterOutcome:
    name: str
    rule: str
    fail: BoolArray
    unknown: BoolArray


@dataclass(frozen=True)
class FilterResult:
    """Which programs are kept, and what each filter did."""

    keep: BoolArray  # not ruled out (unknowns included unless strict)
    outcomes: tuple[FilterOutcome, ...]
    removed: dict[str, int]  # sequential counts
    unknown_kept: dict[str, int]  # kept programs whose fact was unknown
    strict: bool
    verified: BoolArray  # kept and known to pass every filter (the shortlist)

    @property
    def unverified(self) -> BoolArray:
        """Kept only because a fact is unknown: the "may fit — not verified" list."""
        out: BoolArray = self.keep & ~self.verified
        return out

    def unknown_reasons(self, i: int) -> list[str]:
        return [o.name for o in self.outcomes if o.unknown[i]]

    def failed(self, i: int) -> list[str]:
        return [o.name for o in self.outcomes if o.fail[i]]


def _months_for_mode(facts: ProgramFacts, mode: str) -> tuple[FloatArray, FloatArray]:
    """(best known duration for the mode, a lower bound on it) in months; NaN if unknown."""
    if mode == "part-time":
        return facts.months_part_time, np.fmax(facts.months_part_time, facts.months_fte)
    return facts.months_fte, facts.months_fte


def duration_known(facts: ProgramFacts, mode: str) -> BoolArray:
    """The program's length for ``mode`` is known: published for that mode, or its credits
    are (the plan then follows from them at the person's load, "from its N credits at your
    load"). A plan built on the field's default credits is an estimate, not a known length."""
    published = facts.months_part_time if mode == "part-time" else facts.months_full_time
    out: BoolArray = ~np.isnan(published) | ~np.isnan(facts.credits)
    return out


_Add = Callable[[str, str, BoolArray, BoolArray], None]


def _field(add: _Add, facts: ProgramFacts, profile: Profile, none: BoolArray) -> None:
    include = bool(profile.include_outside_fields)
    analytics_fits = profile.target_role in BUSINESS_ANALYTICS_ROLES
    outside = none if include else facts.relevance == RELEVANCE_CODES["outside"]
    mba = none if include or analytics_fits else facts.caution
    rule = "CIP family teaches ML" + (
        "" if analytics_fits or include else "; 52.13 only for an ML product manager"
    )
    add("field", rule, outside | mba, none)


def _location(add: _Add, facts: ProgramFacts, profile: Profile, none: BoolArray) -> None:
    home = profile.state
    cbsa = resolve_home_cbsa(profile.metro, home, facts.cbsa, facts.metro_name)
    campus, unknown_delivery = facts.delivery == 2, facts.delivery == -1
    if cbsa is not None:
        near, pos_unknown = reachable(cbsa, facts.cbsa, facts.latitude, facts.longitude)
        away = ~facts.us | (~near & ~pos_unknown)
        fail = campus & away
        unknown = (unknown_delivery & (away | pos_unknown)) | (campus & pos_unknown & facts.us)
        name = str(facts.metro_name[facts.cbsa == cbsa][0])
        within = f"same metro or within {COMMUTE_MILES:g} miles"
        rule = f"reachable without moving from {name} ({within})"
    elif home:
        away = ~facts.us | (facts.state != home)
        fail, unknown = campus & away, unknown_delivery & away
        rule = f"reachable without moving from {home} (your metro is not known: by state)"
    else:
        fail, unknown = none, campus | unknown_delivery
        rule = "reachable without moving (your state is not known)"
    add("location", f"{rule}: {profile.cannot_move_reason}", fail, unknown)


def _duration(
    add: _Add, facts: ProgramFacts, limit_years: float, mode: str, plan: PlanChecks | None
) -> None:
    limit = limit_years * 12.0
    if plan is not None:
        months = plan.months_p50
        fail = np.nan_to_num(months, nan=-1.0) > limit
        known = duration_known(facts, mode) & ~np.isnan(months)
        unknown = ~known & ~plan.infeasible
        rule = f"your plan's median time to the degree <= {limit:g} months"
    else:
        best, lower = _months_for_mode(facts, mode)
        fail = np.nan_to_num(lower, nan=-1.0) > limit
        unknown = np.isnan(best) & ~fail
        rule = f"{mode} duration <= {limit:g} months"
    add("duration", rule, fail, unknown)


def _sequential(outcomes: list[FilterOutcome], n: int, strict: bool) -> FilterResult:
    """Charge each filter with what it removed among those the previous ones kept."""
    none = np.zeros(n, dtype=np.bool_)
    keep = np.ones(n, dtype=np.bool_)
    removed: dict[str, int] = {}
    for o in outcomes:
        out = o.fail | (o.unknown if strict else none)
        removed[o.name] = int((out & keep).sum())
        keep &= ~out
    unknown_kept = {o.name: int((o.unknown & keep).sum()) for o in outcomes}
    verified = keep.copy()
    for o in outcomes:
        verified &= ~o.unknown
    return FilterResult(keep, tuple(outcomes), removed, unknown_kept, strict, verified)


def apply_filters(
    facts: ProgramFacts,
    profile: Profile,
    net_tuition_usd: FloatArray,
    mode: str,
    strict: bool = False,
    skip: Collection[str] = (),
    plan: PlanChecks | None = None,
    named_only: bool = False,
) -> FilterResult:
    """Pure: evaluate every active filter on every program."""
    none = np.zeros(facts.n, dtype=np.bool_)
    outcomes: list[FilterOutcome] = []

    def add(name: str, rule: str, fail: BoolArray, unknown: BoolArray) -> None:
        if name not in skip:
            outcomes.append(FilterOutcome(name, rule, fail & ~unknown, unknown))

    add("status", "institution open (IPEDS HD2024)", facts.closed, none)
    if named_only:
        add("named", "a named program with its own facts (not a pooled federal row)",
            ~facts.named, none)  # fmt: skip
    _field(add, facts, profile, none)
    if profile.budget_usd is not None:
        over = np.nan_to_num(net_tuition_usd, nan=-1.0) > profile.budget_usd
        rule = f"tuition after employer support <= ${profile.budget_usd:,.0f}"
        add("budget", rule, over, np.isnan(net_tuition_usd))
    if profile.online_only:
        # a hybrid program has a campus part: it is not "online only"
        add("delivery", "online delivery", facts.delivery >= 1, facts.delivery == -1)
    if profile.cannot_move and not profile.online_only:
        _location(add, facts, profile, none)
    if profile.max_years is not None:
        _duration(add, facts, profile.max_years, mode, plan)
    needed = profile.enrollment_mode or ("part-time" if profile.must_keep_working else None)
    if needed is not None:
        code = facts.mode_part_time if needed == "part-time" else facts.mode_full_time
        why = "" if profile.enrollment_mode else " (you keep working)"
        add("enrollment_mode", f"offers {needed} study{why}", code == 0, code == -1)
    if plan is not None:
        add("feasible", "a plan fits your hours", plan.infeasible, none)
    if profile.wants_thesis:
        add("thesis", "has a thesis option", facts.thesis == 0, facts.thesis == -1)
    if profile.wants_internship:
        add("internship", "has an internship", facts.internship == 0, facts.internship == -1)
    return _sequential(outcomes, facts.n, strict)
