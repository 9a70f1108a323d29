"""How figures read, the one place: money, chances, counts with their unit, values.

The CLI (``cli/format.py``), the pages' and the report's filters (``render/templates.py``) and
the verdict sentence (``models/roi/verdict.py``) all format through these, so a figure reads
the same on every surface. Written by hand: a few lines each, and the rules are the product's
(a chance never rounds to 0% or 100% when it is not; "1 year", not "1 years").
"""

from __future__ import annotations

from typing import Any

UNKNOWN = "unknown"


def money(v: float | int | None, currency: str = "USD", minus: str = "-") -> str:
    """Whole dollars with the sign before the $ (``-$6,284``; the web pages pass U+2212)."""
    if v is None or v != v:
        return UNKNOWN
    if currency == "USD":
        if round(v) == 0:
            return "$0"  # not "$-0"
        return f"{minus}${-v:,.0f}" if v < 0 else f"${v:,.0f}"
    return f"{v:,.0f} {currency}"


def signed_money(v: float, step: float = 100.0, minus: str = "-") -> str:
    """A figure in a sentence: rounded to ``step`` dollars, with its sign (+$12,300)."""
    r = round(v / step) * step
    if r == 0:
        return "$0"
    return f"{'+' if r > 0 else minus}${abs(r):,.0f}"


def chance(p: float | None) -> str:
    """A probability as a person reads it; never rounds a small chance to 0% or 100%."""
    if p is None or p != p:
        return UNKNOWN
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1:
        return ">99%"
    return f"{p * 100:.0f}%"


def plural(n: float | None, unit: str, many: str | None = None) -> str:
    """'1 year', '2 years', '1.5 years', rounded as shown."""
    if n is None:
        return UNKNOWN
    v = float(n)
    shown = f"{v:,.0f}" if abs(v - round(v)) < 0.05 or abs(v) >= 10 else f"{v:,.1f}"
    word = unit if shown in ("1", "-1") else (many or unit + "s")
    return f"{shown} {word}"


def value(v: Any) -> str:
    """Any fact as text: unknown, yes/no, lists joined, whole floats without decimals."""
    if v is None or v == []:
        return UNKNOWN
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return f"{v:,.0f}"
    return str(v)
