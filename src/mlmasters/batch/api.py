"""``batch()``: many scenarios x every program, checked first, computed in chunks.

1. *Check* every row (``rows.check_rows``): a bad row is reported with its row number and
   column; the run stops before computing unless ``skip_bad_rows``.
2. *Plan* chunks of ``chunk_size`` input rows (chunk ``i`` = rows ``i * size + 1 ...``); the
   results depend neither on the chunk size nor on the engine (per-scenario seeds).
3. *Compute* chunks on the engine; each chunk becomes one part file of the output directory
   (or, without an output, one piece of the returned DataFrame).
4. *Report* what was done (``summary.BatchSummary``).

This module owns the run's order and its settings; the rows and chunks are in ``rows.py``,
the summary in ``summary.py``, one chunk's computation in ``compute.py``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, overload

import pandas as pd
import pyarrow as pa

from mlmasters._version import __version__
from mlmasters.batch import summary as summaries
from mlmasters.batch._worker import peak_rss_mb
from mlmasters.batch.chunks import ChunkResult, ChunkTask
from mlmasters.batch.compute import compute_chunk, snapshot_id, to_table
from mlmasters.batch.engines import EngineName, available_cores, make_engine
from mlmasters.batch.rows import (
    RowCheck,
    auto_chunk_size,
    bad_rows_error,
    check_rows,
    chunks,
    refuse_bad,
    valid_in_chunks,
)
from mlmasters.batch.scenarios import BatchOptions, Parser, batch_options
from mlmasters.batch.schema import OUTPUT_VERSION
from mlmasters.batch.sources import Source, open_source
from mlmasters.batch.store import ResultStore, read_results, types_mapper
from mlmasters.batch.summary import BatchSummary
from mlmasters.errors import InputError, Problem, SnapshotError

Scenarios = str | Path | pd.DataFrame | Sequence[Mapping[str, Any]]
Progress = bool | Callable[[int], None]


@dataclass(frozen=True)
class RunSettings:
    """How a run goes (not what it computes, which is ``BatchOptions``): the engine and its
    workers, resuming, bad rows, progress, and the service (given, or opened on the data)."""

    engine: EngineName = "local"
    workers: int | None = None
    scheduler: str | None = None
    resume: bool = False
    overwrite: bool = False
    skip_bad_rows: bool = False
    progress: Progress = False
    data_dir: str | Path | None = None
    programs_file: str | Path | None = None
    service: Any | None = None

    def refuse_bad_values(self) -> None:
        if self.engine not in ("local", "dask"):
            raise InputError(f"unknown engine {self.engine!r}", hint="use local or dask")
        if self.workers is not None and self.workers < 1:
            raise InputError("workers must be at least 1", [Problem("< 1", field="--workers")])


def _make_progress(
    progress: Progress, total: int, initial: int
) -> tuple[Any, Callable[[int], None]]:
    if callable(progress):
        return None, progress
    if not progress:
        return None, lambda n: None
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        disable=None,  # no bar when stderr is not a terminal
        initial=initial,
        unit="scenario",
        dynamic_ncols=True,
        smoothing=0.1,
        desc="batch",
    )
    return bar, bar.update


@overload
def batch(scenarios: Scenarios, output: None = None, **kwargs: Any) -> pd.DataFrame: ...


@overload
def batch(scenarios: Scenarios, output: str | Path, **kwargs: Any) -> BatchSummary: ...


def batch(
    scenarios: Scenarios,
    output: str | Path | None = None,
    *,
    engine: EngineName = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    overwrite: bool = False,
    skip_bad_rows: bool = False,
    progress: Progress = False,
    data_dir: str | Path | None = None,
    programs_file: str | Path | None = None,
    service: Any | None = None,
    **options: Any,
) -> pd.DataFrame | BatchSummary:
    """Run every scenario against every program: ROI summary, rank and robustness.

    ``scenarios``: a ``.csv`` / ``.parquet`` path, a DataFrame, or a list of dicts, one
    scenario per row (columns in docs/batch.md). ``output``: a directory to write the results
    to as Parquet, one file per chunk (returns a ``BatchSummary``); without it the results
    come back as one DataFrame (held in memory). ``options``: ``BatchOptions`` fields
    (draws, basis, method, samples, k, seed, seeding, top, program_ids, chunk_size).

    >>> df = mlmasters.batch("examples/scenarios.csv", draws=500)            # doctest: +SKIP
    >>> mlmasters.batch("scenarios.parquet", "results.parquet", engine="dask")  # doctest: +SKIP
    """
    if output is None and resume:
        raise InputError("resume needs an output directory", hint="pass output=... (-o)")
    # the fields of RunSettings in the order of this signature
    settings = RunSettings(
        engine,
        workers,
        scheduler,
        resume,
        overwrite,
        skip_bad_rows,
        progress,
        data_dir,
        programs_file,
        service,
    )
    summary, frame = _run(scenarios, output, settings, batch_options(**options))
    if output is None:
        assert frame is not None
        frame.attrs["batch"] = summary.model_dump(mode="json")
        return frame
    return summary


def check(
    scenarios: Scenarios,
    *,
    skip_bad_rows: bool = False,
    data_dir: str | Path | None = None,
    programs_file: str | Path | None = None,
    service: Any | None = None,
    **options: Any,
) -> BatchSummary:
    """Check every scenario row without computing (``mlmasters batch --check``)."""
    settings = RunSettings(
        workers=1,
        skip_bad_rows=skip_bad_rows,
        data_dir=data_dir,
        programs_file=programs_file,
        service=service,
    )
    summary, _ = _run(scenarios, None, settings, batch_options(**options), check_only=True)
    return summary


def _run(
    scenarios: Scenarios,
    output: str | Path | None,
    settings: RunSettings,
    options: BatchOptions,
    check_only: bool = False,
) -> tuple[BatchSummary, pd.DataFrame | None]:
    start = time.perf_counter()
    settings.refuse_bad_values()
    svc = _service(settings.service, settings.data_dir, settings.programs_file, options)
    source = open_source(scenarios)
    parser = Parser(source.name, source.columns, options, svc)
    if output is not None:
        ResultStore(output).refuse_early(settings.resume, settings.overwrite)
    if check_only:
        chk = check_rows(source, parser)
        refuse_bad(source.name, chk, settings.skip_bad_rows)
        size = options.chunk_size or auto_chunk_size(chk.rows, available_cores())
        seconds = time.perf_counter() - start
        return summaries.checked(source.name, chk, len(svc.catalog), size, seconds), None
    store = None if output is None else ResultStore(output)
    done = _compute(svc, source, parser, store, settings, options)
    elapsed = time.perf_counter() - start
    frame = None
    if store is None:
        parts = [done.got.tables[i] for i in sorted(done.got.tables)]
        table = pa.concat_tables(parts) if parts else to_table([])
        frame = table.to_pandas(types_mapper=types_mapper())
        rows_written = len(frame)
    else:
        rows_written = store.rows_written()
    result = summaries.finished(
        source.name,
        None if output is None else str(output),
        done.chk,
        done.got.failed,
        programs=len(svc.catalog),
        rows_written=rows_written,
        size=done.size,
        resumed=len(done.resumed),
        engine=settings.engine,
        workers=done.workers,
        computed=done.got.computed,
        peaks=done.got.peaks,
        seconds=elapsed,
    )
    if store is not None:
        store.finish(result.model_dump(mode="json"))
    return result, frame


@dataclass
class _Done:
    """What the computing pass leaves: the row check, the chunk size and the chunks resumed,
    the workers the engine had, and what the chunks brought back."""

    chk: RowCheck
    size: int
    resumed: set[int]
    workers: int
    got: _Collected


def _compute(
    svc: Any,
    source: Source,
    parser: Parser,
    store: ResultStore | None,
    settings: RunSettings,
    options: BatchOptions,
) -> _Done:
    """Check the rows while the engine's workers start, then compute every chunk not done."""

    def in_process(task: ChunkTask) -> ChunkResult:
        t = time.perf_counter()
        res = compute_chunk(svc, task)
        return replace(res, peak_rss_mb=peak_rss_mb(), seconds=time.perf_counter() - t)

    s = settings
    files = None if s.programs_file is None else str(Path(s.programs_file).resolve())
    # workers start now and open the snapshot while this process checks the rows
    eng = make_engine(s.engine, s.workers, s.scheduler, in_process, str(svc.data_dir), files)
    bar = None
    try:
        chk = check_rows(source, parser)
        refuse_bad(source.name, chk, s.skip_bad_rows)
        size = options.chunk_size or auto_chunk_size(chk.rows, eng.workers)
        snap = snapshot_id(svc)
        done: set[int] = set()
        if store is not None:
            size, done = _prepare_store(store, source, chk, size, snap, options, s)
        blank = ChunkTask(
            index=-1,
            specs=(),
            data_dir=str(svc.data_dir),
            programs_file=files,
            snapshot_id=snap,
            out_dir=None if store is None else str(store.path),
            top=options.top,
            program_ids=options.program_ids,
            skip_bad_rows=s.skip_bad_rows,
        )
        tasks = (
            replace(blank, index=i, specs=tuple(specs))
            for i, specs in chunks(source, parser, size, done)
        )
        valid = chk.rows - len(chk.bad)
        bar, tick = _make_progress(s.progress, valid, valid_in_chunks(chk, size, done))
        got = _collect(eng.run(tasks), source.name, chk.rows, s.skip_bad_rows, tick)
    finally:
        eng.close()
        if bar is not None:
            bar.close()
    return _Done(chk, size, done, eng.workers, got)


def _service(
    service: Any | None,
    data_dir: str | Path | None,
    programs_file: str | Path | None,
    options: BatchOptions,
) -> Any:
    """The service given, or one opened on ``data_dir``; the asked program ids checked."""
    svc = service
    if svc is None:
        from mlmasters.service import Service

        svc = Service(
            Path(data_dir) if data_dir else None,
            programs_file=Path(programs_file) if programs_file else None,
        )
    if options.program_ids is not None:
        for pid in options.program_ids:
            svc.catalog.get(pid)  # NotFoundError (exit 2) for an unknown id
    return svc


def _prepare_store(
    store: ResultStore,
    source: Source,
    chk: RowCheck,
    size: int,
    snap: str,
    options: BatchOptions,
    settings: RunSettings,
) -> tuple[int, set[int]]:
    """The run's manifest written (or checked, to resume): the chunk size used and the
    chunks already done. A resumed run keeps the old chunk layout."""
    run = {
        "input_sha256": source.fingerprint(),
        "input_rows": chk.rows,
        "chunk_size": size,
        "options": options.model_dump(mode="json", exclude={"chunk_size"}),
        "snapshot": snap,
        "output_version": OUTPUT_VERSION,
        "mlmasters_version": __version__,
    }
    if settings.resume and options.chunk_size is None and store.manifest_path.is_file():
        old = store.read_manifest().get("run", {})
        if old.get("input_sha256") == run["input_sha256"] and old.get("chunk_size"):
            size = int(old["chunk_size"])  # the old layout (the auto size may differ)
            run["chunk_size"] = size
    done = store.prepare(run, math.ceil(chk.rows / size), settings.resume, settings.overwrite)
    return size, done


@dataclass
class _Collected:
    """What the computing pass brought back: tables (without an output), worker peaks, the
    scenarios computed and the rows that failed while computing."""

    failed: RowCheck
    tables: dict[int, Any] = field(default_factory=dict)
    peaks: dict[str, float] = field(default_factory=dict)
    computed: int = 0


def _collect(
    results: Iterator[ChunkResult],
    name: str,
    rows: int,
    skip_bad_rows: bool,
    tick: Callable[[int], None],
) -> _Collected:
    got = _Collected(failed=RowCheck())
    got.failed.rows = rows
    for res in results:
        if res.fatal:
            raise SnapshotError(res.fatal)
        got.peaks[res.worker] = max(got.peaks.get(res.worker, 0.0), round(res.peak_rss_mb, 1))
        for e in res.errors:
            where = Problem(f"row {e.row}: {e.message}", field=e.field, file=name, hint=e.hint)
            got.failed.add(e.row, [where])
        if res.errors and not skip_bad_rows:
            raise bad_rows_error(name, got.failed, computing=True)
        if res.table is not None:
            got.tables[res.index] = res.table
        got.computed += res.scenarios
        tick(res.scenarios + len(res.errors))
    return got


__all__ = ["BatchSummary", "RunSettings", "batch", "check", "read_results"]
