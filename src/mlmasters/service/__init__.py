"""The one service layer under every surface (CLI, Python API, HTTP API, web pages).

Surfaces parse their input, call ``Service`` methods and render the typed results; no
surface computes anything itself. Each model's methods live in their own mixin module.
"""

from __future__ import annotations

from pathlib import Path

from mlmasters.service.assess import AssessMixin
from mlmasters.service.catalog import (
    CatalogMixin,
    DataInfo,
    ProgramDetail,
    ProgramQuery,
    ProgramSummary,
    SearchResult,
)
from mlmasters.service.earnings import EarningsMixin
from mlmasters.service.plan import PlanMixin
from mlmasters.service.rank import RankMixin
from mlmasters.service.roi import RoiMixin


class Service(CatalogMixin, RankMixin, RoiMixin, EarningsMixin, PlanMixin, AssessMixin):
    """Every capability of mlmasters on one verified snapshot. Thread-safe for reads."""


def open_service(data_dir: Path | None = None, programs_file: Path | None = None) -> Service:
    """A service on the snapshot in ``data_dir`` (default: the per-user data directory)."""
    return Service(data_dir=data_dir, programs_file=programs_file)


__all__ = [
    "DataInfo",
    "ProgramDetail",
    "ProgramQuery",
    "ProgramSummary",
    "SearchResult",
    "Service",
    "open_service",
]
