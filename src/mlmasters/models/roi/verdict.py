"""The verdict: at most two short sentences that say what a return means for the person.

Computed from the same figures every surface shows (the headline summary, the plan's months),
so the CLI, the web pages, the report and the API say the same thing. Every figure is named
by the statistic it is: the *median of all outcomes* (everyone who starts, finishing or not),
the *median if you finish*, the *mean*. The first sentence gives the median of all outcomes
and the chance of ending ahead or even; the second says what decides this program, from its
own figures, so two programs read differently when they differ: whether a loss would come
mostly from not finishing or from finishing and gaining less than it cost, and the median if
you finish. Break-even is not in the verdict: ``back_to_even`` states it for the median of
all outcomes, the figure it is shown beside (the median draw's own cash flow).
"""

from __future__ import annotations

from mlmasters.models.roi.results import NpvSummary
from mlmasters.present import chance, plural
from mlmasters.present import signed_money as money

#: Below this median gain (in either direction) a return reads as "about even".
EVEN_USD = 5_000.0
#: Below this chance a loss reads as unlikely.
UNLIKELY = 0.05


def months_phrase(total_months: float, bridge_months: float) -> str:
    m = plural(total_months, "month")
    if bridge_months > 0:
        return f"about {m}, {plural(bridge_months, 'month')} of them bridge courses"
    return f"about {m}"


def _amount(v: float) -> str:
    if abs(v) < EVEN_USD:
        return f"about even ({money(v)})"
    return money(v)


def lead(head: NpvSummary, mode: str | None = None) -> str:
    """The first sentence: the median of all outcomes and the chance of ending ahead or even."""
    how = f"Studying {mode}, the" if mode else "The"
    return (
        f"{how} median of all outcomes is {_amount(head.npv_p50_usd)} over your working life, "
        f"and {chance(head.p_ahead)} of outcomes leave you ahead or even."
    )


def decider(head: NpvSummary, months_p50: float, bridge_months: float) -> str | None:
    """The second sentence: what decides this program (see the module docstring)."""
    fin = head.npv_p50_finishers_usd
    drop, short = head.p_loss_not_finishing, head.p_loss_finishing
    took = months_phrase(months_p50, bridge_months)
    if fin is None:
        return None
    if drop is None or short is None or head.p_loss < UNLIKELY:
        return f"If you finish ({took}), the median is {money(fin)}."
    if drop >= short:
        return (
            f"Finishing decides it: if you finish ({took}) the median is {money(fin)}, and "
            f"{chance(drop)} of outcomes lose money by leaving early."
        )
    return (
        f"The pay rise decides it: even if you finish ({took}, median {money(fin)}), "
        f"{chance(short)} of outcomes gain less than the degree cost."
    )


def verdict(head: NpvSummary, months_p50: float, bridge_months: float, mode: str | None) -> str:
    """The sentences a person reads first (see the module docstring). The other study mode
    and the career-switch scenario, when computed, are shown beside it by each surface; the
    verdict itself is the same on every surface, the shortlist row included."""
    more = decider(head, months_p50, bridge_months)
    return lead(head, mode) + (f" {more}" if more else "")


def back_to_even(head: NpvSummary) -> str:
    """When the median of all outcomes is back to even, in words that agree with its sign:
    a median about even or above that never crosses is "about even, never clearly ahead"."""
    if head.breakeven_year is not None:
        return f"year {head.breakeven_year}"
    if head.npv_p50_usd <= -EVEN_USD:
        return "not within your career"
    if head.npv_p50_usd >= EVEN_USD:  # cannot happen: a positive median draw crosses zero
        return "unknown"
    return "about even by the end of your career, never clearly ahead"
