"""The ROI model: FREOPP's graduate ROI and a personal, risk-aware Monte Carlo (see docs/roi.md).

Pure vectorised functions (``personal``, ``engine``, ``earnings``, ``taxes``, ``freopp``)
plus boundary models (``results``); the service (``mlmasters.service.roi``) resolves a
profile and programs into their inputs. Every default and its source is in ``defaults``.
"""

from __future__ import annotations

from mlmasters.models.roi.freopp import FreoppInputs, FreoppResult, freopp_roi
from mlmasters.models.roi.results import (
    EarningsInfo,
    Fan,
    Histogram,
    NpvSummary,
    RoiOptions,
    RoiResult,
    SensitivityBar,
)

__all__ = [
    "EarningsInfo",
    "Fan",
    "FreoppInputs",
    "FreoppResult",
    "Histogram",
    "NpvSummary",
    "RoiOptions",
    "RoiResult",
    "SensitivityBar",
    "freopp_roi",
]
