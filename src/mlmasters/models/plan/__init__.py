"""The plan model: credits to terms, workload, time to degree as a distribution, funding.

``time_to_degree`` / ``sample_time_to_degree`` (``ttd.py``) are the contract the ROI model
uses; ``build_plan`` (``assemble.py``) puts a whole plan together for one person and program.
"""

from __future__ import annotations

from mlmasters.models.plan.ttd import (
    DEFAULT_PARAMS,
    TimeToDegreeSummary,
    TtdParams,
    sample_time_to_degree,
    time_to_degree,
)

__all__ = [
    "DEFAULT_PARAMS",
    "TimeToDegreeSummary",
    "TtdParams",
    "sample_time_to_degree",
    "time_to_degree",
]
