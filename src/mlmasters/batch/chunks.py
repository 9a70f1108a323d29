"""What travels to a worker process and back: one chunk of scenarios, and its result.

Plain data classes, importing nothing heavy: the pool pickles them to the workers (process
pool or Dask) and back. ``batch/_worker.py`` runs a chunk, ``batch/compute.py`` computes it.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlmasters.batch.scenarios import ScenarioSpec


@dataclass(frozen=True)
class ChunkTask:
    """Scenarios ``specs`` of chunk ``index``; written to ``out_dir`` or returned."""

    index: int
    specs: tuple[ScenarioSpec, ...]
    data_dir: str | None
    programs_file: str | None
    snapshot_id: str
    out_dir: str | None
    top: int | None = None
    program_ids: tuple[str, ...] | None = None
    skip_bad_rows: bool = False


@dataclass(frozen=True)
class RowError:
    """A scenario that failed while computing (e.g. inputs too extreme for a finite NPV)."""

    row: int
    message: str
    field: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class ChunkResult:
    index: int
    scenarios: int  # computed (errors excluded)
    rows: int  # result rows
    table: Any = None  # pyarrow.Table when the chunk was not written by the worker
    written: bool = False
    errors: tuple[RowError, ...] = ()
    fatal: str | None = None  # the worker cannot compute at all (e.g. another snapshot)
    worker: str = field(default_factory=lambda: f"{platform.node()}:{os.getpid()}")
    peak_rss_mb: float = 0.0
    seconds: float = 0.0
