"""Time to degree as a distribution: a term-level Monte Carlo calibrated to CGS.

The model (all documented in ``docs/plan.md``, parameters in ``TtdParams``):

- **Progress.** The degree needs ``planned_months / term_months`` terms of progress. In each
  term a student either *pauses* (stops out: the term passes with no progress; a pause goes on
  into the next term with probability ``p_pause_continues``) or takes the term's courses, each
  of which is lost (failed or withdrawn, to be retaken) with probability ``p_course_lost``:
  progress ``1 - lost / courses_per_term``. Progress accrues evenly within a term, so with no
  risk the degree takes exactly ``planned_months``. Pause probabilities are stated for a
  6-month reference term and converted to other term lengths at the same monthly rate.
- **Thesis.** A thesis can run over: after the coursework is done, each further term is needed
  with probability ``p_thesis_overrun`` (a geometric number of extra terms).
- **Attrition.** Leaving is a continuous-time hazard on months since entry,
  ``h(t) = h0 * exp(-t / tau)``: most students who leave do so early, as CGS found. A student
  completes when the degree is done before the attrition time; otherwise the draw records the
  months enrolled before leaving.

Part-time study needs no separate penalty: a part-time plan has more terms, so it is exposed
to more term-level risk and to the attrition hazard for longer; a lost course costs a larger
share of a term when a term holds fewer courses.

``sample_time_to_degree`` is the pure, vectorised function (the ROI Monte Carlo calls it);
``time_to_degree`` is the validating shell that returns a ``TimeToDegreeSummary``.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.errors import InputError, Problem

Mode = Literal["full-time", "part-time"]
MODES: tuple[str, ...] = ("full-time", "part-time")

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Term length of the calibration reference (a semester calendar, two terms a year).
REFERENCE_TERM_MONTHS = 6.0
#: Courses per term by mode: full-time 9 semester credits (IPEDS full-time graduate load, as
#: in ``catalog/tuition.py``) = three 3-credit courses; part-time two courses.
COURSES_PER_TERM: dict[str, float] = {"full-time": 3.0, "part-time": 2.0}
#: Largest planned duration accepted (20 years: a plan that long is shown, not refused).
MAX_PLANNED_MONTHS = 240.0
#: The horizon always leaves at least this many months after the longest plan.
HORIZON_MARGIN_MONTHS = 48.0
YEARS = (1, 2, 3, 4, 5, 6)
#: The longest curve kept in ``p_finish_by_year``.
CURVE_MAX_YEARS = 20


class TtdParams(BaseModel):
    """Risk parameters. Defaults are fitted to CGS (see ``calibration.py``); all overridable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attrition_hazard_per_month: float = Field(
        default=0.0206,
        ge=0,
        le=1,
        description="Hazard of leaving at entry, per month (fitted to CGS)",
    )
    attrition_decay_months: float = Field(
        default=19.79,
        gt=0,
        le=240,
        description="Time constant of the decline of that hazard, months (fitted to CGS)",
    )
    p_pause_per_term: float = Field(
        default=0.0638,
        ge=0,
        lt=1,
        description="Probability a 6-month term passes with no progress (fitted to CGS)",
    )
    p_pause_continues: float = Field(
        default=0.8081,
        ge=0,
        lt=1,
        description="Probability a paused student stays paused the next 6-month term (fitted)",
    )
    p_course_lost: float = Field(
        default=0.0408,
        ge=0,
        lt=1,
        description="Probability a course is failed or withdrawn and must be retaken (fitted)",
    )
    p_thesis_overrun: float = Field(
        default=0.3,
        ge=0,
        lt=1,
        description="Probability a thesis needs one more term, repeatedly (model assumption: "
        "CGS reports that thesis programs complete more slowly, without a figure)",
    )
    horizon_months: float = Field(
        default=144.0,
        gt=0,
        le=600,
        description="Draws still enrolled after this many months (or 48 months after the "
        "longest plan, if later) count as not completing",
    )


DEFAULT_PARAMS = TtdParams()


class TimeToDegreeSummary(BaseModel):
    """The time-to-degree distribution for one plan. The ROI model reads these fields."""

    model_config = ConfigDict(frozen=True)

    p_complete: float = Field(description="Probability of ever finishing")
    months_p10: float = Field(description="Months to degree among completers, 10th percentile")
    months_p50: float = Field(description="Months to degree among completers, median")
    months_p90: float = Field(description="Months to degree among completers, 90th percentile")
    months_to_attrition_mean: float = Field(
        description="Mean months enrolled before dropping out, among those who drop out"
    )
    p_finish_within_years: dict[int, float] = Field(
        description="P(degree within N years of entry), N = 1..6"
    )
    # Extra context (not part of the ROI contract, but kept so a reader sees *why*).
    p_finish_by_year: list[float] = Field(
        default_factory=list,
        description="P(degree within N years of entry) for N = 1, 2, ... until 99% of the "
        "draws have finished or left (at most 20): the whole curve, for charts",
    )
    planned_months: float = Field(description="Months the plan takes with no risk")
    mode: str
    thesis: bool
    months_to_attrition_p50: float = Field(description="Median months before dropping out")
    expected_months_enrolled: float = Field(
        description="Mean months enrolled over all draws (to degree or to dropping out)"
    )
    seed: int
    draws: int

    @property
    def p_no_degree(self) -> float:
        return 1.0 - self.p_complete


def per_term_probability(p_reference: float, term_months: float) -> float:
    """Convert a probability per 6-month reference term to a term of ``term_months``."""
    return float(1.0 - (1.0 - p_reference) ** (term_months / REFERENCE_TERM_MONTHS))


#: Chance of finishing a master's studied part-time or online: a labelled range, not the
#: campus curve the hazard is fitted to (its attrition alone cannot pass 33.5%). High end: the
#: Council of Graduate Schools' STEM master's completion within 4 years (66%, campus programs).
#: Low end: under half of students at large online institutions earn an award within 8 years
#: (IPEDS outcome measures, Inside Higher Ed, 2025-01-07, all levels). The centre is the
#: midpoint; no published completion rate of online ML or CS master's programs was found.
PART_TIME_COMPLETION_RANGE = (0.50, 0.66)
PART_TIME_COMPLETION = 0.58


def completion_target(mode: str, online: bool | None) -> float | None:
    """The chance of finishing the plan is held to: part-time or online study ->
    ``PART_TIME_COMPLETION``; otherwise None (the calibrated campus curve)."""
    return PART_TIME_COMPLETION if mode == "part-time" or online else None


def _leave_months(rng: np.random.Generator, n: int, params: TtdParams) -> FloatArray:
    """Months to leaving, per draw (inf: never): the inverse of the cumulative hazard
    H(t) = h0 * tau * (1 - exp(-t / tau))."""
    h_total = params.attrition_hazard_per_month * params.attrition_decay_months
    e = rng.exponential(1.0, size=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_leave: FloatArray = np.where(
            e < h_total,
            -params.attrition_decay_months * np.log1p(-e / max(h_total, 1e-300)),
            np.inf,
        )
    return t_leave


def _hold_completion(
    rng: np.random.Generator, months: FloatArray, completed: BoolArray, completion: float
) -> tuple[FloatArray, BoolArray]:
    """Lower the share who finish to ``completion``: the extra leavers are a random share of
    the finishers, leaving at a uniform point of their time."""
    n = completed.shape[0]
    p = float(completed.mean()) if n else 0.0
    share = (p - completion) / p if p > completion else 0.0
    u_leave, u_when = rng.random(n), rng.random(n)
    leave = completed & (u_leave < share)
    return np.where(leave, months * u_when, months), completed & ~leave


def sample_time_to_degree(
    planned_months: FloatArray | float,
    mode: str,
    thesis: bool,
    rng: np.random.Generator,
    *,
    size: int | None = None,
    term_months: float = REFERENCE_TERM_MONTHS,
    courses_per_term: float | None = None,
    params: TtdParams = DEFAULT_PARAMS,
    completion: float | None = None,
) -> tuple[FloatArray, BoolArray]:
    """Draw months and completion for each element of ``planned_months`` (pure, vectorised).

    Returns ``(months, completed)``: months to degree where ``completed``, else months enrolled
    before dropping out (or the horizon). A scalar ``planned_months`` is repeated ``size``
    times (default 1). No validation: the caller checks inputs (see ``time_to_degree``).
    ``completion`` (part-time or online study, ``completion_target``) lowers the share who
    finish to that figure: the extra leavers are a random share of the finishers, leaving at a
    uniform point of their time (drawn after everything else, so the stream is unchanged).
    """
    planned = np.asarray(planned_months, dtype=np.float64)
    if planned.ndim == 0:
        planned = np.full(1 if size is None else size, float(planned))
    planned = planned.ravel()
    n = planned.shape[0]
    courses = courses_per_term if courses_per_term is not None else COURSES_PER_TERM[mode]
    n_courses = max(1, round(courses))
    p_pause = per_term_probability(params.p_pause_per_term, term_months)
    p_stay = params.p_pause_continues ** (term_months / REFERENCE_TERM_MONTHS)
    horizon = max(params.horizon_months, float(planned.max(initial=0.0)) + HORIZON_MARGIN_MONTHS)
    n_terms = max(1, math.ceil(horizon / term_months))

    # Progress per term; the cumulative curve rises linearly within each term. A pause can
    # last: a paused student stays paused next term with probability ``p_stay`` (a loop over
    # terms, vectorised over draws). Each course of a term is lost (failed, withdrawn,
    # repeated later) with probability ``p_course_lost``.
    u = rng.random((n, n_terms))
    lost = rng.binomial(n_courses, params.p_course_lost, size=(n, n_terms))
    paused = np.empty((n, n_terms), dtype=bool)
    state = np.zeros(n, dtype=bool)
    for j in range(n_terms):
        state = u[:, j] < np.where(state, p_stay, p_pause)
        paused[:, j] = state
    progress = np.where(paused, 0.0, 1.0 - lost / n_courses)
    cum = np.cumsum(progress, axis=1)
    need = planned / term_months
    reached = cum >= (need[:, None] - 1e-9)
    done = reached.any(axis=1)
    k = np.where(done, reached.argmax(axis=1), n_terms - 1)
    before = np.where(k > 0, np.take_along_axis(cum, np.maximum(k - 1, 0)[:, None], 1)[:, 0], 0.0)
    before = np.where(k > 0, before, 0.0)
    last = np.take_along_axis(progress, k[:, None], 1)[:, 0]
    frac = np.clip((need - before) / np.where(last > 0, last, 1.0), 0.0, 1.0)
    months_done = term_months * (k + frac)

    # A thesis may run over by whole terms.
    if thesis and params.p_thesis_overrun > 0:
        extra = rng.geometric(1.0 - params.p_thesis_overrun, size=n) - 1
        months_done = months_done + term_months * extra
    else:
        rng.geometric(0.5, size=n)  # keep the random stream aligned across thesis settings

    t_leave = _leave_months(rng, n, params)
    completed = done & (months_done <= horizon) & (months_done <= t_leave)
    months = np.where(completed, months_done, np.minimum(t_leave, horizon))
    if completion is not None:
        months, completed = _hold_completion(rng, months, completed, completion)
    return months.astype(np.float64), completed.astype(np.bool_)


def summarize(
    months: FloatArray,
    completed: BoolArray,
    *,
    planned_months: float,
    mode: str,
    thesis: bool,
    seed: int,
) -> TimeToDegreeSummary:
    """Summarise draws from ``sample_time_to_degree`` (pure)."""
    draws = int(months.shape[0])
    done = months[completed]
    left = months[~completed]
    p_complete = float(completed.mean()) if draws else 0.0
    if done.size:
        p10, p50, p90 = (float(x) for x in np.percentile(done, [10, 50, 90]))
    else:
        p10 = p50 = p90 = math.nan
    # P(degree within y years) for y = 1.. until 99% of the draws have finished or left
    last = math.ceil(float(np.percentile(months, 99)) / 12.0) if draws else 1
    n = min(max(last, 1), CURVE_MAX_YEARS)
    curve = [
        float(np.mean(completed & (months <= 12.0 * y + 1e-9))) for y in range(1, max(n, 6) + 1)
    ]
    return TimeToDegreeSummary(
        p_complete=round(p_complete, 4),
        months_p10=round(p10, 2),
        months_p50=round(p50, 2),
        months_p90=round(p90, 2),
        months_to_attrition_mean=round(float(left.mean()), 2) if left.size else 0.0,
        p_finish_within_years={y: round(curve[y - 1], 4) for y in YEARS},
        p_finish_by_year=[round(v, 4) for v in curve[:n]],
        planned_months=round(planned_months, 2),
        mode=mode,
        thesis=thesis,
        months_to_attrition_p50=round(float(np.median(left)), 2) if left.size else 0.0,
        expected_months_enrolled=round(float(months.mean()), 2) if draws else 0.0,
        seed=seed,
        draws=draws,
    )


def validate_ttd_inputs(
    planned_months: float, mode: str, draws: int, term_months: float, seed: int = 0
) -> None:
    """Raise ``InputError`` naming every bad argument."""
    problems: list[Problem] = []
    if not (isinstance(planned_months, int | float) and math.isfinite(planned_months)):
        problems.append(Problem("must be a finite number", field="planned_months"))
    elif not 0 < planned_months <= MAX_PLANNED_MONTHS:
        problems.append(
            Problem(
                f"must be > 0 and at most {MAX_PLANNED_MONTHS:g} months (got {planned_months:g})",
                field="planned_months",
            )
        )
    if mode not in MODES:
        problems.append(
            Problem(f"unknown mode {mode!r}", field="mode", hint="use full-time or part-time")
        )
    if not 1 <= draws <= 1_000_000:
        problems.append(Problem("must be between 1 and 1,000,000", field="draws"))
    if not (math.isfinite(term_months) and 0.5 <= term_months <= 12):
        problems.append(Problem("must be between 0.5 and 12 months", field="term_months"))
    if seed < 0:
        problems.append(Problem("must be >= 0", field="seed"))
    if problems:
        raise InputError("invalid time-to-degree input", problems)


def time_to_degree(
    planned_months: float,
    mode: str,
    thesis: bool,
    seed: int = 0,
    draws: int = 10000,
    *,
    term_months: float = REFERENCE_TERM_MONTHS,
    courses_per_term: float | None = None,
    params: TtdParams = DEFAULT_PARAMS,
) -> TimeToDegreeSummary:
    """The distribution of months to degree for a plan of ``planned_months`` (no risk).

    Deterministic for a given seed. Raises ``InputError`` on bad input.

    >>> s = time_to_degree(20.0, "part-time", thesis=False, seed=1, draws=2000)
    >>> 0 < s.p_complete < 1 and s.months_p10 >= 20.0
    True
    """
    validate_ttd_inputs(planned_months, mode, draws, term_months, seed)
    rng = np.random.default_rng(seed)
    months, completed = sample_time_to_degree(
        float(planned_months),
        mode,
        thesis,
        rng,
        size=draws,
        term_months=term_months,
        courses_per_term=courses_per_term,
        params=params,
    )
    return summarize(
        months,
        completed,
        planned_months=float(planned_months),
        mode=mode,
        thesis=thesis,
        seed=seed,
    )
