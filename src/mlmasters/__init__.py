"""mlmasters: decide whether, where and how to do a machine learning master's degree.

The public Python API. Names are imported lazily so that ``mlmasters --help`` stays fast.

>>> import mlmasters
>>> svc = mlmasters.open_service()                      # doctest: +SKIP
>>> svc.search_programs(cip="11.01", state="GA").programs[0].institution  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mlmasters._version import __version__

if TYPE_CHECKING:
    from mlmasters.catalog.program import Program
    from mlmasters.catalog.records import ProgramRecord
    from mlmasters.catalog.tuition import TuitionEstimate
    from mlmasters.data.build import build_snapshot
    from mlmasters.errors import (
        InputError,
        MlmastersError,
        NotFoundError,
        SnapshotError,
    )
    from mlmasters.service import ProgramQuery, Service, open_service

_LAZY = {
    "InputError": "mlmasters.errors",
    "MlmastersError": "mlmasters.errors",
    "NotFoundError": "mlmasters.errors",
    "Program": "mlmasters.catalog.program",
    "ProgramQuery": "mlmasters.service",
    "ProgramRecord": "mlmasters.catalog.records",
    "Service": "mlmasters.service",
    "SnapshotError": "mlmasters.errors",
    "TuitionEstimate": "mlmasters.catalog.tuition",
    "build_snapshot": "mlmasters.data.build",
    "open_service": "mlmasters.service",
}

__all__ = [
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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mlmasters' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
