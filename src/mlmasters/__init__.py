"""mlmasters: decide whether, where and how to do a machine learning master's degree.

The public Python API. Names are imported lazily so that ``mlmasters --help`` stays fast.

>>> import mlmasters
>>> svc = mlmasters.open_service()                       # doctest: +SKIP
>>> me = mlmasters.load_profile("examples/profile.toml")  # doctest: +SKIP
>>> svc.assess(me).recommended_path                       # doctest: +SKIP
>>> svc.rank_frame(me).head()                             # doctest: +SKIP
"""

from __future__ import annotations

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
    # Plain imports, each where its names are first asked for (``mlmasters --help`` stays fast).
    value: Any
    if name in ("BatchSummary", "batch"):
        from mlmasters.batch import api

        value = getattr(api, name)
    elif name in ("Program",):
        from mlmasters.catalog import program

        value = getattr(program, name)
    elif name in ("ProgramRecord",):
        from mlmasters.catalog import records

        value = getattr(records, name)
    elif name in ("TuitionEstimate",):
        from mlmasters.catalog import tuition

        value = getattr(tuition, name)
    elif name in ("build_snapshot",):
        from mlmasters.data import build

        value = getattr(build, name)
    elif name in ("InputError", "MlmastersError", "NotFoundError", "SnapshotError"):
        from mlmasters import errors

        value = getattr(errors, name)
    elif name in ("CareerReport",):
        from mlmasters.models.assess import careers

        value = getattr(careers, name)
    elif name in ("AreaReadiness", "assess_readiness"):
        from mlmasters.models.assess import readiness

        value = getattr(readiness, name)
    elif name in ("SkillsReport",):
        from mlmasters.models.assess import skills

        value = getattr(skills, name)
    elif name in ("PlanOptions", "PlanResult"):
        from mlmasters.models.plan import result

        value = getattr(result, name)
    elif name in ("TimeToDegreeSummary", "time_to_degree"):
        from mlmasters.models.plan import ttd

        value = getattr(ttd, name)
    elif name in ("CompareResult", "RankResult"):
        from mlmasters.models.rank import results as rank_results

        value = getattr(rank_results, name)
    elif name in ("FreoppInputs", "FreoppResult", "freopp_roi"):
        from mlmasters.models import roi

        value = getattr(roi, name)
    elif name in ("RoiOptions", "RoiResult"):
        from mlmasters.models.roi import results as roi_results

        value = getattr(roi_results, name)
    elif name in ("Profile", "load_profile"):
        from mlmasters import profile

        value = getattr(profile, name)
    elif name in ("ProgramQuery", "Service", "open_service"):
        from mlmasters import service

        value = getattr(service, name)
    elif name in ("Assessment",):
        from mlmasters.service import assess

        value = getattr(assess, name)
    else:
        raise AttributeError(f"module 'mlmasters' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
