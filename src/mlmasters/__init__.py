"""mlmasters: decide whether, where and how to do a machine learning master's degree.

The public Python API. Names are imported lazily so that ``mlmasters --help`` stays fast.

>>> import mlmasters
>>> svc = mlmasters.open_service()                       # doctest: +SKIP
>>> me = mlmasters.load_profile("examples/profile.toml")  # doctest: +SKIP
>>> svc.assess(me).recommended_path                       # doctest: +SKIP
>>> svc.rank_frame(me).head()                             # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mlmasters._version import __version__

if TYPE_CHECKING:
    from mlmasters.batch import BatchSummary, batch
    from mlmasters.catalog.program import Program
    from mlmasters.catalog.records import ProgramRecord
    from mlmasters.catalog.tuition import TuitionEstimate
    from mlmasters.data.build import build_snapshot
    from mlmasters.errors import InputError, MlmastersError, NotFoundError, SnapshotError
    from mlmasters.models.assess.careers import CareerReport
    from mlmasters.models.assess.readiness import AreaReadiness, assess_readiness
    from mlmasters.models.assess.skills import SkillsReport
    from mlmasters.models.plan.result import PlanOptions, PlanResult
    from mlmasters.models.plan.ttd import TimeToDegreeSummary, time_to_degree
    from mlmasters.models.rank.results import CompareResult, RankResult
    from mlmasters.models.roi import FreoppInputs, FreoppResult, freopp_roi
    from mlmasters.models.roi.results import RoiOptions, RoiResult
    from mlmasters.profile import Profile, load_profile
    from mlmasters.service import ProgramQuery, Service, open_service
    from mlmasters.service.assess import Assessment

_LAZY = {
    "AreaReadiness": "mlmasters.models.assess.readiness",
    "BatchSummary": "mlmasters.batch",
    "Assessment": "mlmasters.service.assess",
    "CareerReport": "mlmasters.models.assess.careers",
    "CompareResult": "mlmasters.models.rank.results",
    "FreoppInputs": "mlmasters.models.roi",
    "FreoppResult": "mlmasters.models.roi",
    "InputError": "mlmasters.errors",
    "MlmastersError": "mlmasters.errors",
    "NotFoundError": "mlmasters.errors",
    "PlanOptions": "mlmasters.models.plan.result",
    "PlanResult": "mlmasters.models.plan.result",
    "Profile": "mlmasters.profile",
    "Program": "mlmasters.catalog.program",
    "ProgramQuery": "mlmasters.service",
    "ProgramRecord": "mlmasters.catalog.records",
    "RankResult": "mlmasters.models.rank.results",
    "RoiOptions": "mlmasters.models.roi.results",
    "RoiResult": "mlmasters.models.roi.results",
    "Service": "mlmasters.service",
    "SkillsReport": "mlmasters.models.assess.skills",
    "SnapshotError": "mlmasters.errors",
    "TimeToDegreeSummary": "mlmasters.models.plan.ttd",
    "TuitionEstimate": "mlmasters.catalog.tuition",
    "assess_readiness": "mlmasters.models.assess.readiness",
    "batch": "mlmasters.batch",
    "build_snapshot": "mlmasters.data.build",
    "freopp_roi": "mlmasters.models.roi",
    "load_profile": "mlmasters.profile",
    "open_service": "mlmasters.service",
    "time_to_degree": "mlmasters.models.plan.ttd",
}

__all__ = [
    "AreaReadiness",
    "Assessment",
    "BatchSummary",
    "CareerReport",
    "CompareResult",
    "FreoppInputs",
    "FreoppResult",
    "InputError",
    "MlmastersError",
    "NotFoundError",
    "PlanOptions",
    "PlanResult",
    "Profile",
    "Program",
    "ProgramQuery",
    "ProgramRecord",
    "RankResult",
    "RoiOptions",
    "RoiResult",
    "Service",
    "SkillsReport",
    "SnapshotError",
    "TimeToDegreeSummary",
    "TuitionEstimate",
    "__version__",
    "assess_readiness",
    "batch",
    "build_snapshot",
    "freopp_roi",
    "load_profile",
    "open_service",
    "time_to_degree",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mlmasters' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
