"""The public API is small, sorted and importable (pinned like httpx's test)."""

from __future__ import annotations

import mlmasters


def test_all_is_sorted_and_pinned() -> None:
    assert mlmasters.__all__ == sorted(mlmasters.__all__)
    assert mlmasters.__all__ == [
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


def test_every_exported_name_resolves() -> None:
    for name in mlmasters.__all__:
        assert getattr(mlmasters, name) is not None, name
