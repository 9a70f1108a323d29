"""Batch mode: many scenarios (profiles plus what-ifs) x every program, in chunks.

>>> import mlmasters
>>> df = mlmasters.batch("examples/scenarios.csv")              # doctest: +SKIP
>>> mlmasters.batch("scenarios.csv", "results.parquet", engine="dask")  # doctest: +SKIP

Names load lazily (``mlmasters --help`` and worker start-up stay fast). The module itself is
callable, ``mlmasters.batch(...)`` = ``mlmasters.batch.batch(...)``: once this package has
been imported, ``mlmasters.batch`` is this module, so the function and the module answer to
the same call. See docs/batch.md.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlmasters.batch.api import BatchSummary, batch, check
    from mlmasters.batch.scenarios import BatchOptions
    from mlmasters.batch.store import read_results

__all__ = ["BatchOptions", "BatchSummary", "batch", "check", "read_results"]


def __getattr__(name: str) -> Any:
    # Plain imports, each where its names are first asked for.
    value: Any
    if name in ("BatchSummary", "batch", "check"):
        from mlmasters.batch import api

        value = getattr(api, name)
    elif name == "BatchOptions":
        from mlmasters.batch import scenarios

        value = scenarios.BatchOptions
    elif name == "read_results":
        from mlmasters.batch import store

        value = store.read_results
    else:
        raise AttributeError(f"module 'mlmasters.batch' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from mlmasters.batch.api import batch as run

        return run(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
