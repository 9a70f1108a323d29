"""Plain-text rendering helpers for the CLI (no heavy imports)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from mlmasters.present import UNKNOWN, chance, money, value

__all__ = ["UNKNOWN", "bullets", "chance", "emit_json", "money", "table", "value"]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 44) -> str:
    def clip(s: str) -> str:
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[clip(h) for h in headers]] + [[clip(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def bullets(title: str, items: Sequence[str], *, skip_empty: bool = False) -> list[str]:
    """A titled list of ``  - item`` lines after a blank line; none at all for no items when
    ``skip_empty``."""
    if skip_empty and not items:
        return []
    return [f"\n{title}:"] + [f"  - {x}" for x in items]


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")
