"""The public API is small, sorted and importable (pinned like httpx's test)."""

from __future__ import annotations

import mlmasters


def test_all_is_sorted_and_pinned() -> None:
    assert mlmasters.__all__ == sorted(mlmasters.__all__)
    assert mlmasters.__all__ == [
        "InputError",
        "MlmastersError",
        "NotFoundError",
        "Program",
        "ProgramQuery",
        "ProgramRecord",
        "Service",
        "SnapshotError",
        "TuitionEstimate",
        "__version__",
        "build_snapshot",
        "open_service",
    ]


def test_every_exported_name_resolves() -> None:
    for name in mlmasters.__all__:
        assert getattr(mlmasters, name) is not None, name
