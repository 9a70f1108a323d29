"""Scenario sources: CSV, Parquet or a DataFrame, read as a stream of numbered rows.

Rows are numbered from 1 (the first data row; the CSV header is not a row). A CSV row also
carries the line it starts on, so a message can say ``scenarios.csv:7``. Blank CSV lines are
not rows. Every source can be read again from the start (the batch reads it once to check
every row, then again to compute), and has a fingerprint so that ``--resume`` can tell
whether the input changed.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from mlmasters.errors import InputError, Problem

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_BATCH_ROWS = 1024


@dataclass(frozen=True)
class RawRow:
    """One input row: its number, the line it starts on (CSV), its cells by column name."""

    row: int
    line: int | None
    values: dict[str, Any]
    problem: str | None = field(default=None)


class Source(Protocol):
    name: str
    columns: list[str]

    def rows(self) -> Iterator[RawRow]: ...

    def fingerprint(self) -> str: ...


def clean(value: Any) -> Any:
    """A cell as a Python value; empty, NaN and NA cells are ``None`` (unknown)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.ndarray):
        return [clean(v) for v in value.tolist()]  # list cells read from Parquet
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class CsvSource:
    def __init__(self, path: Path):
        self.path = path
        self.name = str(path)
        self.columns = self._header()

    def _open(self) -> Any:
        try:
            return self.path.open("r", encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise InputError(f"cannot read scenarios {self.path}: {exc.strerror}") from None

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(start line, cells) of every non-blank record, the header first."""
        with self._open() as f:
            reader = csv.reader(f)
            last = 0
            try:
                for cells in reader:
                    start, last = last + 1, reader.line_num
                    if any(c.strip() for c in cells):
                        yield start, cells
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{self.path}: not UTF-8 text (byte {exc.start} after line {last})",
                    hint="save the file as UTF-8 CSV",
                ) from None
            except csv.Error as exc:
                raise InputError(
                    f"{self.path}: not valid CSV",
                    [Problem(str(exc), file=self.name, line=reader.line_num)],
                ) from None

    def _header(self) -> list[str]:
        for _line, cells in self._records():
            names = [c.strip() for c in cells]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes or "" in names:
                raise InputError(
                    f"{self.path}: bad header",
                    [Problem(f"column {n!r} appears twice", file=self.name, line=1) for n in dupes]
                    + (
                        [Problem("a column has no name", file=self.name, line=1)]
                        if "" in names
                        else []
                    ),
                )
            return names
        raise InputError(f"{self.path}: empty file", hint="the first line names the columns")

    def rows(self) -> Iterator[RawRow]:
        records = self._records()
        next(records, None)  # header
        n = len(self.columns)
        for row, (line, cells) in enumerate(records, start=1):
            problem = None
            if len(cells) != n:
                problem = f"has {len(cells)} cells, the header has {n}"
            yield RawRow(row, line, dict(zip(self.columns, cells, strict=False)), problem)

    def fingerprint(self) -> str:
        return _sha256_file(self.path)


class ParquetSource:
    def __init__(self, path: Path):
        import pyarrow.parquet as pq

        self.path = path
        self.name = str(path)
        try:
            self._file = pq.ParquetFile(path)
        except OSError as exc:
            raise InputError(f"cannot read scenarios {path}: {exc}") from None
        except Exception as exc:  # pyarrow raises ArrowInvalid for a file that is not Parquet
            raise InputError(f"{path}: not a Parquet file ({exc})") from None
        self.columns = [str(n) for n in self._file.schema_arrow.names]

    def rows(self) -> Iterator[RawRow]:
        row = 0
        for batch in self._file.iter_batches(batch_size=_BATCH_ROWS):
            for values in batch.to_pylist():
                row += 1
                yield RawRow(row, None, values)

    def fingerprint(self) -> str:
        return _sha256_file(self.path)


class FrameSource:
    def __init__(self, frame: pd.DataFrame, name: str = "scenarios"):
        self.frame = frame
        self.name = name
        self.columns = [str(c) for c in frame.columns]
        dupes = sorted({c for c in self.columns if self.columns.count(c) > 1})
        if dupes:
            raise InputError(
                f"{name}: bad columns",
                [Problem(f"column {c!r} appears twice", file=name) for c in dupes],
            )

    def rows(self) -> Iterator[RawRow]:
        for start in range(0, len(self.frame), _BATCH_ROWS):
            part = self.frame.iloc[start : start + _BATCH_ROWS]
            for i, rec in enumerate(part.to_dict("records")):
                yield RawRow(start + i + 1, None, {str(k): v for k, v in rec.items()})

    def fingerprint(self) -> str:
        h = hashlib.sha256("\x1f".join(self.columns).encode())
        hashed = pd.util.hash_pandas_object(self.frame.astype(str), index=False)
        h.update(hashed.to_numpy(dtype=np.uint64).tobytes())
        return h.hexdigest()


def open_source(
    scenarios: str | Path | pd.DataFrame | Sequence[Mapping[str, Any]],
) -> Source:
    """A source for a CSV or Parquet path, a DataFrame, or a list of dicts (one per row)."""
    if isinstance(scenarios, pd.DataFrame):
        return FrameSource(scenarios)
    if isinstance(scenarios, str | Path):
        path = Path(scenarios)
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(
                f"{path}: unknown scenario file type {path.suffix or '(none)'!r}",
                hint="use a .csv or .parquet file",
            )
        if not path.is_file():
            raise InputError(f"scenario file {path} does not exist")
        return CsvSource(path) if fmt == "csv" else ParquetSource(path)
    return FrameSource(pd.DataFrame(list(scenarios)))
