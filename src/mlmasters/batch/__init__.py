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
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mlmasters import _lazy

if TYPE_CHECKING:
    from mlmasters.batch.api import BatchSummary, batch, check
    from mlmasters.batch.scenarios import BatchOptions
    from mlmasters.batch.store import read_results

__all__ = ["BatchOptions", "BatchSummary", "batch", "check", "read_results"]


#: Where each name lives (``mlmasters.batch.X`` is ``<module>.X``), read by ``__getattr__``.
_HOME = {
    "BatchSummary": "api",
    "batch": "api",
    "check": "api",
    "BatchOptions": "scenarios",
    "read_results": "store",
}


def _modules() -> dict[str, ModuleType]:
    """The modules of ``_HOME``, by plain imports (``api`` loads the other two anyway)."""
    from mlmasters.batch import api, scenarios, store

    return {"api": api, "scenarios": scenarios, "store": store}


def __getattr__(name: str) -> Any:
    return _lazy.attribute(globals(), __name__, name, _HOME, _modules)


def __dir__() -> list[str]:
    return sorted(__all__)


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from mlmasters.batch.api import batch as run

        return run(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
