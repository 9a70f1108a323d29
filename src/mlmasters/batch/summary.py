"""What a batch run reports: ``BatchSummary`` (also stored in the output's ``_batch.json``),
built from the checking pass alone (``--check``) or from a finished run."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.batch.rows import MAX_PROBLEMS, RowCheck
from mlmasters.errors import Problem


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


def _rows(name: str, rows: int, bad: list[int], problems: list[Problem]) -> dict[str, Any]:
    """The fields on the input's rows, the same for a check and a run."""
    return {
        "input": name,
        "rows_in_input": rows,
        "bad_rows": len(bad),
        "bad_row_numbers": bad[: MAX_PROBLEMS * 20],
        "problems": [p.to_dict() for p in problems[:MAX_PROBLEMS]],
    }


def checked(name: str, chk: RowCheck, programs: int, size: int, seconds: float) -> BatchSummary:
    """The summary of ``--check``: the rows checked, nothing computed."""
    return BatchSummary(
        **_rows(name, chk.rows, chk.bad, chk.problems),
        output=None,
        scenarios=chk.rows - len(chk.bad),
        programs=programs,
        rows_written=0,
        chunk_size=size,
        chunks=math.ceil(chk.rows / size),
        chunks_resumed=0,
        chunks_computed=0,
        engine="local",
        workers=0,
        seconds=round(seconds, 3),
        scenarios_per_second=0.0,
        worker_peak_rss_mb={},
        complete=False,
        checked_only=True,
    )


def finished(
    name: str,
    output: str | None,
    chk: RowCheck,
    failed: RowCheck,
    *,
    programs: int,
    rows_written: int,
    size: int,
    resumed: int,
    engine: str,
    workers: int,
    computed: int,
    peaks: dict[str, float],
    seconds: float,
) -> BatchSummary:
    """The summary of a computed run: rows bad before or while computing, chunks written
    now and before (``resumed``), speed and the workers' peak memory."""
    all_bad = sorted(set(chk.bad) | set(failed.bad))
    n_chunks = math.ceil(chk.rows / size)
    return BatchSummary(
        **_rows(name, chk.rows, all_bad, chk.problems + failed.problems),
        output=output,
        scenarios=chk.rows - len(chk.bad) - len(failed.bad),
        programs=programs,
        rows_written=rows_written,
        chunk_size=size,
        chunks=n_chunks,
        chunks_resumed=resumed,
        chunks_computed=n_chunks - resumed,
        engine=engine,
        workers=workers,
        seconds=round(seconds, 3),
        scenarios_per_second=round(computed / seconds, 3) if seconds > 0 else 0.0,
        worker_peak_rss_mb=peaks,
        complete=True,
    )
