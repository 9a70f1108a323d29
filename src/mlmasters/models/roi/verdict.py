"""The verdict: one or two plain sentences that say what a return means for the person.

Computed from the same figures every surface shows (the headline summary, the plan's months,
the other study mode), so the CLI, the web pages, the report and the API say the same thing.
"""

from __future__ import annotations

from mlmasters.models.roi.results import NpvSummary
from mlmasters.present import chance, plural
from mlmasters.present import signed_money as money

#: Below this expected gain (in either direction) a return reads as "about even".
EVEN_USD = 5_000.0


def months_phrase(total_months: float, bridge_months: float) -> str:
    m = plural(total_months, "month")
    if bridge_months > 0:
        return f"about {m}, including {plural(bridge_months, 'month')} of bridge courses first"
    return f"about {m}"


def verdict(head: NpvSummary, months_p50: float, bridge_months: float, mode: str | None) -> str:
    """The sentences a person reads first (see the module docstring). The other study mode,
    when computed, is shown beside it by each surface (``RoiResult.alternative``); the
    verdict itself is the same on every surface, the shortlist row included.

    "Most likely" is said only when the chance of a loss agrees with the sign of the expected
    figure; otherwise the sentence says the return is a gamble and on which side it leans.
    """
    mean, loss = head.npv_mean_usd, head.p_loss
    life = "over your working life"
    if abs(mean) < EVEN_USD:
        lead = f"For you this is about even: {money(mean)} expected {life}"
    elif mean > 0 and loss < 0.5:
        lead = f"For you this most likely pays: about {money(mean)} expected {life}"
    elif mean > 0:
        lead = (
            f"For you this is a gamble that pays on average: about {money(mean)} expected "
            f"{life}, but more often than not you would lose money"
        )
    elif loss > 0.5:
        lead = f"For you this most likely costs money: about {money(mean)} expected {life}"
    else:
        lead = (
            f"For you this usually pays a little but costs on average: about {money(mean)} "
            f"expected {life}"
        )
    risk = f"a {chance(loss)} chance of losing money"
    if loss > 0.0 and head.npv_p10_usd < 0:
        risk += f" (1 in 10 outcomes: {money(head.npv_p10_usd)} or worse)"
    parts = [f"{lead}; {risk}."]
    fin = head.npv_p50_finishers_usd
    if fin is not None and loss > 0.05:
        parts.append(f"If you finish the degree, the typical outcome is {money(fin)}.")
    if head.breakeven_year is not None:
        parts.append(
            f"On the typical outcome you would be back to even about "
            f"{plural(head.breakeven_year, 'year')} after you start."
        )
    else:
        parts.append("On the typical outcome you would not be back to even within your career.")
    how = f" studying {mode}" if mode else ""
    parts.append(f"It takes you{how} {months_phrase(months_p50, bridge_months)}.")
    return " ".join(parts)
