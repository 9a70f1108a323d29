"""Plain-text rendering helpers for the CLI (no heavy imports)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

UNKNOWN = "unknown"


def money(v: float | int | None, currency: str = "USD", minus: str = "-") -> str:
    """Whole dollars with the sign before the $ (``-$6,284``; the web pages pass U+2212)."""
    if v is None:
        return UNKNOWN
    if currency == "USD":
        if round(v) == 0:
            return "$0"  # not "$-0"
        return f"{minus}${-v:,.0f}" if v < 0 else f"${v:,.0f}"
    return f"{v:,.0f} {currency}"


def value(v: Any) -> str:
    if v is None or v == []:
        return UNKNOWN
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return f"{v:,.0f}"
    return str(v)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 44) -> str:
    def clip(s: str) -> str:
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[clip(h) for h in headers]] + [[clip(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")
