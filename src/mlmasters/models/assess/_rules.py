"""A tiny rule language shared by the persona and path tables.

A ``Cond`` tests one named feature; a rule fires when all its conditions hold. A condition on
an unknown feature (``None``) is *undecided*: the rule does not fire, and the feature is
reported as one that could change the answer. Evidence text is a ``str.format`` template over
the features, so every reason quotes the figure it rests on.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Op = Literal["eq", "ne", "in", "not_in", "ge", "gt", "le", "lt", "true", "false"]
Features = Mapping[str, Any]


class Cond(BaseModel):
    """``feature op value``; ``true``/``false`` test a boolean feature."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    feature: str
    op: Op
    value: Any = None

    def describe(self) -> str:
        if self.op in ("true", "false"):
            return f"{self.feature} is {self.op}"
        sym = {"eq": "=", "ne": "≠", "in": "in", "not_in": "not in"}
        sym |= {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
        return f"{self.feature} {sym[self.op]} {self.value}"


def cond(feature: str, op: Op, value: Any = None) -> Cond:
    """A condition, written short in the rule tables (``_c("years", "lt", 3)``)."""
    return Cond(feature=feature, op=op, value=value)


def evaluate(cond: Cond, features: Features) -> bool | None:
    """True/False, or None when the feature is unknown."""
    v = features.get(cond.feature)
    if v is None:
        return None
    op = cond.op
    if op == "true":
        return v is True
    if op == "false":
        return v is False
    if op == "eq":
        return bool(v == cond.value)
    if op == "ne":
        return bool(v != cond.value)
    if op == "in":
        return v in cond.value
    if op == "not_in":
        return v not in cond.value
    if op == "ge":
        return bool(v >= cond.value)
    if op == "gt":
        return bool(v > cond.value)
    if op == "le":
        return bool(v <= cond.value)
    return bool(v < cond.value)


def evaluate_all(conds: Sequence[Cond], features: Features) -> tuple[bool, list[str]]:
    """(fires, unknown features). A rule fires only if every condition is known and true."""
    unknown: list[str] = []
    fires = True
    for c in conds:
        r = evaluate(c, features)
        if r is None:
            unknown.append(c.feature)
            fires = False
        elif not r:
            return False, []
    return fires, unknown


class _Fmt(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return "unknown"
        if format_spec == "usd":
            return f"${value:,.0f}"
        if format_spec == "g" and isinstance(value, float | int):
            return f"{value:g}"
        return str(super().format_field(value, format_spec))


def render(template: str, features: Features) -> str:
    """Format ``template`` with the features; ``{x:usd}`` renders dollars."""
    return str(_Fmt().vformat(template, (), dict(features)))
