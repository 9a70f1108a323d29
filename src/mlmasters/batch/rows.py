"""The scenario rows of a batch run: the checking pass (which rows are bad, and why), the
refusal of a run with bad rows, and the chunks the rows are cut into (chunk ``i`` = rows
``i * size + 1 ...``), streamed from the source again when computing."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from mlmasters.batch.scenarios import Parser, ScenarioSpec
from mlmasters.batch.sources import Source
from mlmasters.errors import InputError, Problem

#: Most problems listed in an error or a summary (the count is always complete).
MAX_PROBLEMS = 50
#: Auto chunk size: about this many chunks per worker (even load, a live progress bar), within
#: [1, AUTO_CHUNK_MAX] rows (part files of up to 100 x ~2,600 rows, about 15 MB each).
AUTO_CHUNKS_PER_WORKER = 16
AUTO_CHUNK_MAX = 100


class RowCheck:
    """The rows seen, the bad ones and the first ``MAX_PROBLEMS`` problems found in them."""

    def __init__(self) -> None:
        self.rows = 0
        self.bad: list[int] = []
        self.problems: list[Problem] = []

    def add(self, row: int, problems: list[Problem]) -> None:
        self.bad.append(row)
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])


def check_rows(source: Source, parser: Parser) -> RowCheck:
    """Every row parsed once; the bad ones recorded."""
    chk = RowCheck()
    for raw in source.rows():
        chk.rows += 1
        parsed = parser.parse(raw)
        if not isinstance(parsed, ScenarioSpec):
            chk.add(raw.row, parsed)
    return chk


def bad_rows_error(name: str, chk: RowCheck, computing: bool = False) -> InputError:
    listed = ", ".join(str(r) for r in chk.bad[:20]) + (" ..." if len(chk.bad) > 20 else "")
    more = len(chk.bad) - len(chk.problems) if len(chk.problems) >= MAX_PROBLEMS else 0
    what = "failed while computing" if computing else "nothing was computed"
    return InputError(
        f"{name}: {len(chk.bad):,} bad row(s) of {chk.rows:,} (rows {listed}); {what}"
        + (f"; showing the first {len(chk.problems)} problems" if more else ""),
        chk.problems,
        hint="fix the rows named above, or pass --skip-bad-rows to leave them out",
    )


def refuse_bad(name: str, chk: RowCheck, skip_bad_rows: bool) -> None:
    """Stop before computing: bad rows (unless skipped), no rows, or no good row."""
    if chk.bad and not skip_bad_rows:
        raise bad_rows_error(name, chk)
    if chk.rows == 0:
        raise InputError(f"{name}: no scenario rows", hint="one row per scenario")
    if len(chk.bad) == chk.rows:
        raise bad_rows_error(name, chk)


def auto_chunk_size(rows: int, workers: int) -> int:
    return max(1, min(AUTO_CHUNK_MAX, math.ceil(rows / (AUTO_CHUNKS_PER_WORKER * workers))))


def chunks(
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


def valid_in_chunks(chk: RowCheck, size: int, indices: set[int]) -> int:
    """The good rows in the given chunks (the ones a resumed run does not compute again)."""
    bad = sorted(chk.bad)

    def valid_in(i: int) -> int:
        lo, hi = i * size + 1, min(chk.rows, (i + 1) * size)
        return hi - lo + 1 - (bisect_right(bad, hi) - bisect_left(bad, lo))

    return sum(valid_in(i) for i in indices)
