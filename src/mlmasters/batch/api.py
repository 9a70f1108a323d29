"""``batch()``: many scenarios x every program, checked first, computed in chunks.

1. *Check* every row (``scenarios.Parser``): a bad row is reported with its row number and
   column; the run stops before computing unless ``skip_bad_rows``.
2. *Plan* chunks of ``chunk_size`` input rows (chunk ``i`` = rows ``i * size + 1 ...``); the
   results depend neither on the chunk size nor on the engine (per-scenario seeds).
3. *Compute* chunks on the engine; each chunk becomes one part file of the output directory
   (or, without an output, one piece of the returned DataFrame).
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, overload

import pandas as pd
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

from mlmasters._version import __version__
from mlmasters.batch._worker import peak_rss_mb
from mlmasters.batch.chunks import ChunkResult, ChunkTask
from mlmasters.batch.compute import compute_chunk, snapshot_id, to_table
from mlmasters.batch.engines import EngineName, available_cores, make_engine
from mlmasters.batch.scenarios import BatchOptions, Parser, ScenarioSpec, batch_options
from mlmasters.batch.schema import OUTPUT_VERSION
from mlmasters.batch.sources import Source, open_source
from mlmasters.batch.store import ResultStore, read_results, types_mapper
from mlmasters.errors import InputError, Problem, SnapshotError

#: Most problems listed in an error or a summary (the count is always complete).
MAX_PROBLEMS = 50
#: Auto chunk size: about this many chunks per worker (even load, a live progress bar), within
#: [1, AUTO_CHUNK_MAX] rows (part files of up to 100 x ~2,600 rows, about 15 MB each).
AUTO_CHUNKS_PER_WORKER = 16
AUTO_CHUNK_MAX = 100

Scenarios = str | Path | pd.DataFrame | Sequence[Mapping[str, Any]]
Progress = bool | Callable[[int], None]


class BatchSummary(BaseModel):
    """What a batch run did (also stored in the output's ``_batch.json``)."""

    model_config = ConfigDict(frozen=True)

    input: str
    output: str | None
    rows_in_input: int = Field(description="Data rows in the input (blank lines excluded)")
    scenarios: int = Field(description="Valid scenarios (rows in input minus bad rows)")
    bad_rows: int
    bad_row_numbers: list[int] = Field(description=f"The first {MAX_PROBLEMS * 20:,}")
    problems: list[dict[str, Any]] = Field(description=f"The first {MAX_PROBLEMS}")
    programs: int = Field(description="Programs in the catalog")
    rows_written: int = Field(description="Result rows (scenario x program) in the output")
    chunk_size: int
    chunks: int
    chunks_resumed: int = Field(description="Chunks found already written (--resume)")
    chunks_computed: int
    engine: str
    workers: int
    seconds: float
    scenarios_per_second: float = Field(description="Computed scenarios / wall seconds")
    worker_peak_rss_mb: dict[str, float] = Field(description="Peak memory of each worker")
    complete: bool
    checked_only: bool = False


class _Check:
    """The result of the checking pass."""

    def __init__(self) -> None:
        self.rows = 0
        self.bad: list[int] = []
        self.problems: list[Problem] = []

    def add(self, row: int, problems: list[Problem]) -> None:
        self.bad.append(row)
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])


def check_rows(source: Source, parser: Parser) -> _Check:
    chk = _Check()
    for raw in source.rows():
        chk.rows += 1
        parsed = parser.parse(raw)
        if not isinstance(parsed, ScenarioSpec):
            chk.add(raw.row, parsed)
    return chk


def _bad_rows_error(name: str, chk: _Check, computing: bool = False) -> InputError:
    listed = ", ".join(str(r) for r in chk.bad[:20]) + (" ..." if len(chk.bad) > 20 else "")
    more = len(chk.bad) - len(chk.problems) if len(chk.problems) >= MAX_PROBLEMS else 0
    what = "failed while computing" if computing else "nothing was computed"
    return InputError(
        f"{name}: {len(chk.bad):,} bad row(s) of {chk.rows:,} (rows {listed}); {what}"
        + (f"; showing the first {len(chk.problems)} problems" if more else ""),
        chk.problems,
        hint="fix the rows named above, or pass --skip-bad-rows to leave them out",
    )


def auto_chunk_size(rows: int, workers: int) -> int:
    return max(1, min(AUTO_CHUNK_MAX, math.ceil(rows / (AUTO_CHUNKS_PER_WORKER * workers))))


def _chunks(
    source: Source, parser: Parser, size: int, skip: set[int]
) -> Iterator[tuple[int, list[ScenarioSpec]]]:
    """(index, valid scenarios) of every chunk not in ``skip``, streamed from the source."""
    index, seen = 0, False
    specs: list[ScenarioSpec] = []
    for raw in source.rows():
        i = (raw.row - 1) // size
        if i != index:
            if seen and index not in skip:
                yield index, specs
            index, specs = i, []
        seen = True
        if i in skip:
            continue
        parsed = parser.parse(raw)
        if isinstance(parsed, ScenarioSpec):
            specs.append(parsed)
    if seen and index not in skip:
        yield index, specs


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
    summary, frame = _run(
        scenarios,
        output,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        overwrite=overwrite,
        skip_bad_rows=skip_bad_rows,
        progress=progress,
        data_dir=data_dir,
        programs_file=programs_file,
        service=service,
        check_only=False,
        options=batch_options(**options),
    )
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
    summary, _ = _run(
        scenarios,
        None,
        engine="local",
        workers=1,
        scheduler=None,
        resume=False,
        overwrite=False,
        skip_bad_rows=skip_bad_rows,
        progress=False,
        data_dir=data_dir,
        programs_file=programs_file,
        service=service,
        check_only=True,
        options=batch_options(**options),
    )
    return summary


def _run(
    scenarios: Scenarios,
    output: str | Path | None,
    *,
    engine: EngineName,
    workers: int | None,
    scheduler: str | None,
    resume: bool,
    overwrite: bool,
    skip_bad_rows: bool,
    progress: Progress,
    data_dir: str | Path | None,
    programs_file: str | Path | None,
    service: Any | None,
    check_only: bool,
    options: BatchOptions,
) -> tuple[BatchSummary, pd.DataFrame | None]:
    start = time.perf_counter()
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}", hint="use local or dask")
    if workers is not None and workers < 1:
        raise InputError("workers must be at least 1", [Problem("< 1", field="--workers")])
    svc = _service(service, data_dir, programs_file, options)
    source = open_source(scenarios)
    parser = Parser(source.name, source.columns, options, svc)
    if output is not None:
        ResultStore(output).refuse_early(resume, overwrite)
    if check_only:
        return _check_summary(source, parser, svc, options, skip_bad_rows, start), None

    def in_process(task: ChunkTask) -> ChunkResult:
        t = time.perf_counter()
        res = compute_chunk(svc, task)
        return replace(res, peak_rss_mb=peak_rss_mb(), seconds=time.perf_counter() - t)

    files = None if programs_file is None else str(Path(programs_file).resolve())
    # workers start now and open the snapshot while this process checks the rows
    eng = make_engine(engine, workers, scheduler, in_process, str(svc.data_dir), files)
    bar = None
    try:
        chk = check_rows(source, parser)
        _refuse_bad(source.name, chk, skip_bad_rows)
        valid = chk.rows - len(chk.bad)
        size = options.chunk_size or auto_chunk_size(chk.rows, eng.workers)
        snap = snapshot_id(svc)
        store = None if output is None else ResultStore(output)
        done: set[int] = set()
        if store is not None:
            size, done = _prepare_store(store, source, chk, size, snap, options, resume, overwrite)
        n_chunks = math.ceil(chk.rows / size)
        tasks = (
            ChunkTask(
                index=i,
                specs=tuple(specs),
                data_dir=str(svc.data_dir),
                programs_file=files,
                snapshot_id=snap,
                out_dir=None if store is None else str(store.path),
                top=options.top,
                program_ids=options.program_ids,
                skip_bad_rows=skip_bad_rows,
            )
            for i, specs in _chunks(source, parser, size, done)
        )
        bar, tick = _make_progress(progress, valid, _valid_in_chunks(chk, size, done))
        got = _collect(eng.run(tasks), source.name, chk.rows, skip_bad_rows, tick)
    finally:
        eng.close()
        if bar is not None:
            bar.close()

    elapsed = time.perf_counter() - start
    frame = None
    if store is None:
        parts = [got.tables[i] for i in sorted(got.tables)]
        table = pa.concat_tables(parts) if parts else to_table([])
        frame = table.to_pandas(types_mapper=types_mapper())
        rows_written = len(frame)
    else:
        rows_written = store.rows_written()
    failed = got.failed
    all_bad = sorted(set(chk.bad) | set(failed.bad))
    result = BatchSummary(
        input=source.name,
        output=None if output is None else str(output),
        rows_in_input=chk.rows,
        scenarios=valid - len(failed.bad),
        bad_rows=len(all_bad),
        bad_row_numbers=all_bad[: MAX_PROBLEMS * 20],
        problems=[p.to_dict() for p in (chk.problems + failed.problems)[:MAX_PROBLEMS]],
        programs=len(svc.catalog),
        rows_written=rows_written,
        chunk_size=size,
        chunks=n_chunks,
        chunks_resumed=len(done),
        chunks_computed=n_chunks - len(done),
        engine=engine,
        workers=eng.workers,
        seconds=round(elapsed, 3),
        scenarios_per_second=round(got.computed / elapsed, 3) if elapsed > 0 else 0.0,
        worker_peak_rss_mb=got.peaks,
        complete=True,
    )
    if store is not None:
        store.finish(result.model_dump(mode="json"))
    return result, frame


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
    chk: _Check,
    size: int,
    snap: str,
    options: BatchOptions,
    resume: bool,
    overwrite: bool,
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
    if resume and options.chunk_size is None and store.manifest_path.is_file():
        old = store.read_manifest().get("run", {})
        if old.get("input_sha256") == run["input_sha256"] and old.get("chunk_size"):
            size = int(old["chunk_size"])  # the old layout (the auto size may differ)
            run["chunk_size"] = size
    done = store.prepare(run, math.ceil(chk.rows / size), resume, overwrite)
    return size, done


def _valid_in_chunks(chk: _Check, size: int, chunks: set[int]) -> int:
    """The good rows in the given chunks (the ones a resumed run does not compute again)."""
    bad = sorted(chk.bad)

    def valid_in(i: int) -> int:
        lo, hi = i * size + 1, min(chk.rows, (i + 1) * size)
        return hi - lo + 1 - (bisect_right(bad, hi) - bisect_left(bad, lo))

    return sum(valid_in(i) for i in chunks)


@dataclass
class _Collected:
    """What the computing pass brought back: tables (without an output), worker peaks, the
    scenarios computed and the rows that failed while computing."""

    failed: _Check
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
    got = _Collected(failed=_Check())
    got.failed.rows = rows
    for res in results:
        if res.fatal:
            raise SnapshotError(res.fatal)
        got.peaks[res.worker] = max(got.peaks.get(res.worker, 0.0), round(res.peak_rss_mb, 1))
        for e in res.errors:
            where = Problem(f"row {e.row}: {e.message}", field=e.field, file=name, hint=e.hint)
            got.failed.add(e.row, [where])
        if res.errors and not skip_bad_rows:
            raise _bad_rows_error(name, got.failed, computing=True)
        if res.table is not None:
            got.tables[res.index] = res.table
        got.computed += res.scenarios
        tick(res.scenarios + len(res.errors))
    return got


def _refuse_bad(name: str, chk: _Check, skip_bad_rows: bool) -> None:
    if chk.bad and not skip_bad_rows:
        raise _bad_rows_error(name, chk)
    if chk.rows == 0:
        raise InputError(f"{name}: no scenario rows", hint="one row per scenario")
    if len(chk.bad) == chk.rows:
        raise _bad_rows_error(name, chk)


def _check_summary(
    source: Source,
    parser: Parser,
    svc: Any,
    options: BatchOptions,
    skip_bad_rows: bool,
    start: float,
) -> BatchSummary:
    chk = check_rows(source, parser)
    _refuse_bad(source.name, chk, skip_bad_rows)
    size = options.chunk_size or auto_chunk_size(chk.rows, available_cores())
    return BatchSummary(
        input=source.name,
        output=None,
        rows_in_input=chk.rows,
        scenarios=chk.rows - len(chk.bad),
        bad_rows=len(chk.bad),
        bad_row_numbers=chk.bad[: MAX_PROBLEMS * 20],
        problems=[p.to_dict() for p in chk.problems],
        programs=len(svc.catalog),
        rows_written=0,
        chunk_size=size,
        chunks=math.ceil(chk.rows / size),
        chunks_resumed=0,
        chunks_computed=0,
        engine="local",
        workers=0,
        seconds=round(time.perf_counter() - start, 3),
        scenarios_per_second=0.0,
        worker_peak_rss_mb={},
        complete=False,
        checked_only=True,
    )


__all__ = ["BatchSummary", "batch", "check", "read_results"]
