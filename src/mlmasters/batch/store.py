"""The results on disk: a Parquet dataset directory, one file per chunk, and a manifest.

``results.parquet/`` holds ``part-00000000.parquet``, ``part-00000001.parquet``, ... (chunk
``i`` = input rows ``i * chunk_size + 1`` to ``(i + 1) * chunk_size``) and ``_batch.json``,
the manifest: what was run (input checksum, options, snapshot, chunk size, schema version)
and, at the end, the summary. Readers skip names starting with ``_`` or ``.``, so
``pandas.read_parquet("results.parquet")`` reads the results.

A part file is written to a hidden temporary name, flushed to disk and renamed into place:
it exists whole or not at all. ``--resume`` therefore trusts every part file whose footer
reads back with the result schema, deletes leftover temporary files, and computes only the
missing chunks. A resume whose input, options or snapshot differ from the manifest's is
refused (mixing them would give a dataset that no single run produces).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from mlmasters.batch.schema import arrow_schema
from mlmasters.errors import InputError, Problem

MANIFEST = "_batch.json"
FORMAT = "mlmasters-batch"
_PART = re.compile(r"^part-(\d{8})\.parquet$")
_TMP = re.compile(r"^\.part-\d{8}\.parquet\.tmp-")


def part_name(index: int) -> str:
    return f"part-{index:08d}.parquet"


def write_part(out_dir: str | Path, index: int, table: Any) -> Path:
    """Write chunk ``index`` atomically (temporary file, fsync, rename)."""
    import pyarrow.parquet as pq

    directory = Path(out_dir)
    final = directory / part_name(index)
    tmp = directory / f".{part_name(index)}.tmp-{os.getpid()}"
    pq.write_table(table, tmp, compression="zstd")
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, final)
    return final


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ResultStore:
    """The output directory of one batch run."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.manifest_path = self.path / MANIFEST

    # -- opening -------------------------------------------------------------------------
    def refuse_early(self, resume: bool, overwrite: bool) -> None:
        """The checks of ``prepare`` that need no input: fail before any work is done."""
        p = self.path
        if p.exists() and not p.is_dir():
            raise InputError(
                f"output {p} is a file, not a batch result directory",
                hint="name a new directory (results are written one file per chunk)",
            )
        existing = p.is_dir() and any(p.iterdir())
        if existing and not self.manifest_path.is_file():
            raise InputError(
                f"output directory {p} is not empty and holds no batch results ({MANIFEST})",
                hint="name a new or empty directory",
            )
        if existing and not resume and not overwrite:
            raise InputError(
                f"output {p} already holds batch results",
                hint="pass --resume to continue that run, or --overwrite to replace it",
            )

    def prepare(self, run: dict[str, Any], chunks: int, resume: bool, overwrite: bool) -> set[int]:
        """Create, replace or reopen the directory; return the chunks already written."""
        self.refuse_early(resume, overwrite)
        p = self.path
        existing = p.is_dir() and any(p.iterdir())
        if existing and resume:
            self._check_same_run(run)
            self._remove_temporary()
            done = self.done_chunks(chunks)
            self.write_manifest(self.read_manifest() | {"complete": False})
            return done
        if existing:
            self._clear()
        p.mkdir(parents=True, exist_ok=True)
        self.write_manifest({"format": FORMAT, "run": run, "complete": False})
        return set()

    def _check_same_run(self, run: dict[str, Any]) -> None:
        old = self.read_manifest().get("run", {})
        diffs = [
            Problem(
                f"was {json.dumps(old.get(key))}, now {json.dumps(run.get(key))}",
                field=key,
            )
            for key in sorted(set(old) | set(run))
            if old.get(key) != run.get(key)
        ]
        if diffs:
            raise InputError(
                f"cannot resume {self.path}: the run differs from the one that wrote it",
                diffs,
                hint="resume with the same input and options, or write to a new directory "
                "(--overwrite replaces the old results)",
            )

    def read_manifest(self) -> dict[str, Any]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(
                f"cannot read {self.manifest_path} ({exc})",
                hint="write to a new directory, or pass --overwrite",
            ) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"{self.manifest_path} is not an mlmasters batch manifest")
        return data

    def write_manifest(self, data: dict[str, Any]) -> None:
        tmp = self.path / f".{MANIFEST}.tmp-{os.getpid()}"
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.manifest_path)
        _fsync_dir(self.path)

    def _remove_temporary(self) -> None:
        for f in self.path.iterdir():
            if _TMP.match(f.name):
                f.unlink(missing_ok=True)

    def _clear(self) -> None:
        for f in self.path.iterdir():
            ours = f.name == MANIFEST or f.name.startswith(f".{MANIFEST}.tmp-")
            if ours or _PART.match(f.name) or _TMP.match(f.name):
                f.unlink()
            else:
                raise InputError(
                    f"output directory {self.path} holds other files ({f.name})",
                    hint="remove them or name a new directory",
                )
        shutil.rmtree(self.path, ignore_errors=True)

    # -- parts ---------------------------------------------------------------------------
    def parts(self) -> list[Path]:
        if not self.path.is_dir():
            return []
        return sorted(f for f in self.path.iterdir() if _PART.match(f.name))

    def done_chunks(self, chunks: int) -> set[int]:
        """Chunks whose part file reads back with the result schema (others are redone)."""
        import pyarrow.parquet as pq

        schema = arrow_schema()
        done: set[int] = set()
        for f in self.parts():
            m = _PART.match(f.name)
            index = int(m.group(1)) if m else -1
            try:
                ok = 0 <= index < chunks and pq.read_schema(f).equals(schema)
            except Exception:  # unreadable footer: redo the chunk
                ok = False
            if ok:
                done.add(index)
            else:
                f.unlink(missing_ok=True)
        return done

    def rows_written(self) -> int:
        import pyarrow.parquet as pq

        return sum(pq.read_metadata(f).num_rows for f in self.parts())

    def finish(self, summary: dict[str, Any]) -> None:
        _fsync_dir(self.path)
        self.write_manifest(self.read_manifest() | {"complete": True, "summary": summary})


def read_results(path: str | Path) -> Any:
    """All parts of a result directory as one DataFrame, in scenario order."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    store = ResultStore(path)
    parts = store.parts()
    if not parts:
        if not store.manifest_path.is_file():
            raise InputError(f"{path} holds no batch results")
        return arrow_schema().empty_table().to_pandas(types_mapper=types_mapper())
    table = pa.concat_tables([pq.read_table(f) for f in parts])
    frame: pd.DataFrame = table.to_pandas(types_mapper=types_mapper())
    return frame


def types_mapper() -> Any:
    import pandas as pd
    import pyarrow as pa

    mapping = {pa.int64(): pd.Int64Dtype()}
    return mapping.get
