"""What runs in a worker process: its set-up, its open services, and one chunk's run.

The chunk and its result are ``batch/chunks.py``; the computation is ``batch/compute.py``,
imported when the first chunk runs. This module imports nothing heavy at import time: a
worker process runs ``init_worker`` before NumPy is first imported, so that each worker uses
one BLAS thread (the pool, not BLAS, spreads the work over the cores; a user's own setting
of these variables wins).
The same functions run under the local process pool and on Dask workers.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any

from mlmasters.batch.chunks import ChunkResult, ChunkTask

#: Thread-count variables set to 1 in worker processes (the ones Dask's nanny sets too).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

#: Services open in this process, by (data directory, programs file).
_SERVICES: dict[tuple[str | None, str | None], Any] = {}


def init_worker(data_dir: str | None = None, programs_file: str | None = None) -> None:
    """Process-pool initializer: one BLAS thread, Ctrl+C is the parent's to handle, and the
    snapshot opened (while the parent still checks the scenario rows)."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm(data_dir, programs_file)


def warm(data_dir: str | None, programs_file: str | None) -> None:
    """Open the service and fill its per-process caches (catalog, ranking facts, ROI fit).

    Failures are left for the first chunk to report (a pool initializer must not raise).
    """
    try:
        svc = service_for(data_dir, programs_file)
        svc.rank_facts  # noqa: B018 (a cached property: built here, once)
        from mlmasters.profile import Profile

        svc.roi_catalog(Profile(), [svc.catalog.programs[0].program_id], draws=1)
    except Exception:
        _SERVICES.pop((data_dir, programs_file), None)


def ping() -> int:
    """A no-op task: submitting one per worker makes the pool start every process now."""
    return os.getpid()


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MB.

    Linux: ``VmHWM`` of ``/proc/self/status`` (``ru_maxrss`` of a spawned process also
    counts its parent's memory at the time of the fork, before ``exec``). Elsewhere
    ``ru_maxrss`` (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def service_for(data_dir: str | None, programs_file: str | None) -> Any:
    """This process's service for a snapshot (opened once, reused by every chunk)."""
    key = (data_dir, programs_file)
    svc = _SERVICES.get(key)
    if svc is None:
        from pathlib import Path

        from mlmasters.service import Service

        svc = Service(
            Path(data_dir) if data_dir else None,
            programs_file=Path(programs_file) if programs_file else None,
        )
        _SERVICES[key] = svc
    return svc


def run_chunk(task: ChunkTask) -> ChunkResult:
    """Entry point on a worker (process pool or Dask): compute one chunk."""
    from mlmasters.batch.compute import compute_chunk

    start = time.perf_counter()
    svc = service_for(task.data_dir, task.programs_file)
    result = compute_chunk(svc, task)
    from dataclasses import replace

    return replace(result, peak_rss_mb=peak_rss_mb(), seconds=time.perf_counter() - start)
