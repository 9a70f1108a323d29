"""mlmasters: decide whether, where and how to do a machine learning master's degree.

The public Python API. Names are imported lazily (``_HOME`` says where each lives) so that
``mlmasters --help`` stays fast; the first name asked for loads them all.

>>> import mlmasters
>>> svc = mlmasters.open_service()                       # doctest: +SKIP
>>> me = mlmasters.load_profile("examples/profile.toml")  # doctest: +SKIP
>>> svc.assess(me).recommended_path                       # doctest: +SKIP
>>> svc.rank_frame(me).head()                             # doctest: +SKIP
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mlmasters import _lazy
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
    from mlmasters.models.roi.freopp import FreoppInputs, FreoppResult, freopp_roi
    from mlmasters.models.roi.results import RoiOptions, RoiResult
    from mlmasters.profile import Profile, load_profile
    from mlmasters.service import ProgramQuery, Service, open_service
    from mlmasters.service.assess import Assessment

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


#: Where each public name lives (``mlmasters.X`` is ``<module>.X``), read by ``__getattr__``.
_HOME: dict[str, str] = {
    "BatchSummary": "batch.api",
    "batch": "batch.api",
    "Program": "catalog.program",
    "ProgramRecord": "catalog.records",
    "TuitionEstimate": "catalog.tuition",
    "build_snapshot": "data.build",
    "InputError": "errors",
    "MlmastersError": "errors",
    "NotFoundError": "errors",
    "SnapshotError": "errors",
    "CareerReport": "models.assess.careers",
    "AreaReadiness": "models.assess.readiness",
    "assess_readiness": "models.assess.readiness",
    "SkillsReport": "models.assess.skills",
    "PlanOptions": "models.plan.result",
    "PlanResult": "models.plan.result",
    "TimeToDegreeSummary": "models.plan.ttd",
    "time_to_degree": "models.plan.ttd",
    "CompareResult": "models.rank.results",
    "RankResult": "models.rank.results",
    "FreoppInputs": "models.roi.freopp",
    "FreoppResult": "models.roi.freopp",
    "freopp_roi": "models.roi.freopp",
    "RoiOptions": "models.roi.results",
    "RoiResult": "models.roi.results",
    "Profile": "profile",
    "load_profile": "profile",
    "ProgramQuery": "service",
    "Service": "service",
    "open_service": "service",
    "Assessment": "service.assess",
}


@cache
def _modules() -> dict[str, ModuleType]:
    """The modules of ``_HOME``, by plain imports. They come together: the service alone
    loads nearly all of them (about 0.7 s), so importing the rest with it costs nothing."""
    from mlmasters import errors, profile, service
    from mlmasters.batch import api as batch_api
    from mlmasters.catalog import program, records, tuition
    from mlmasters.data import build
    from mlmasters.models.assess import careers, readiness, skills
    from mlmasters.models.plan import result, ttd
    from mlmasters.models.rank import results as rank_results
    from mlmasters.models.roi import freopp
    from mlmasters.models.roi import results as roi_results
    from mlmasters.service import assess

    return {
        "batch.api": batch_api,
        "catalog.program": program,
        "catalog.records": records,
        "catalog.tuition": tuition,
        "data.build": build,
        "errors": errors,
        "models.assess.careers": careers,
        "models.assess.readiness": readiness,
        "models.assess.skills": skills,
        "models.plan.result": result,
        "models.plan.ttd": ttd,
        "models.rank.results": rank_results,
        "models.roi.freopp": freopp,
        "models.roi.results": roi_results,
        "profile": profile,
        "service": service,
        "service.assess": assess,
    }


def __getattr__(name: str) -> Any:
    return _lazy.attribute(globals(), __name__, name, _HOME, _modules)


def __dir__() -> list[str]:
    return sorted(__all__)
