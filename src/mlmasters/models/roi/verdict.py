"""The verdict: short plain sentences that say what a return means for the person.

Computed from the same figures every surface shows (the headline summary, the plan's months),
so the CLI, the web pages, the report and the API say the same thing. It leads with what a
person deciding once can act on: the typical (median) outcome and the chance of coming out
ahead; then where a loss comes from (not finishing, or finishing and gaining less than it
cost) and the typical outcome if you finish; the average over all outcomes is named as such.
Every figure it states is labelled with the outcome it belongs to, so no two statements can
be read as contradicting each other (break-even is said of the typical outcome, the same one
the first sentence gives).
"""

from __future__ import annotations

from mlmasters.models.roi.results import NpvSummary
from mlmasters.present import chance, plural
from mlmasters.present import signed_money as money

#: Below this typical gain (in either direction) a return reads as "about even".
EVEN_USD = 5_000.0


def months_phrase(total_months: float, bridge_months: float) -> str:
    m = plural(total_months, "month")
    if bridge_months > 0:
        return f"about {m}, including {plural(bridge_months, 'month')} of bridge courses first"
    return f"about {m}"


def lead(head: NpvSummary) -> str:
    """The first sentence: the typical outcome and the chance of coming out ahead."""
    p50, ahead = head.npv_p50_usd, 1.0 - head.p_loss
    if abs(p50) < EVEN_USD:
        what = f"roughly breaks even ({money(p50)})"
    elif p50 > 0:
        what = f"gains {money(p50)}"
    else:
        what = f"loses {money(-p50)}"
    return (
        f"For you the typical outcome {what} over your working life; you come out ahead in "
        f"{chance(ahead)} of outcomes (1 in 10: {money(head.npv_p10_usd)} or worse, 1 in 10: "
        f"{money(head.npv_p90_usd)} or better)."
    )


def risk(head: NpvSummary) -> str | None:
    """Where the chance of a loss comes from, and the typical outcome if you finish."""
    fin = head.npv_p50_finishers_usd
    drop, short = head.p_loss_not_finishing, head.p_loss_finishing
    parts: list[str] = []
    if head.p_loss > 0.005 and drop is not None and short is not None:
        parts.append(
            f"a loss comes from not finishing in {chance(drop)} of outcomes and from finishing "
            f"but gaining less than it cost in {chance(short)}"
        )
    if fin is not None:
        parts.append(f"if you finish, the typical outcome is {money(fin)}")
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def verdict(head: NpvSummary, months_p50: float, bridge_months: float, mode: str | None) -> str:
    """The sentences a person reads first (see the module docstring). The other study mode
    and the career-switch scenario, when computed, are shown beside it by each surface; the
    verdict itself is the same on every surface, the shortlist row included."""
    parts = [lead(head)]
    more = risk(head)
    if more:
        parts.append(more)
    parts.append(f"The average over all outcomes is {money(head.npv_mean_usd)}.")
    if head.breakeven_year is not None:
        parts.append(
            f"On the typical outcome you are back to even about "
            f"{plural(head.breakeven_year, 'year')} after you start."
        )
    elif head.npv_p50_usd < 0:
        parts.append("On the typical outcome you are not back to even within your career.")
    how = f" studying {mode}" if mode else ""
    parts.append(f"It takes you{how} {months_phrase(months_p50, bridge_months)}.")
    return " ".join(parts)
