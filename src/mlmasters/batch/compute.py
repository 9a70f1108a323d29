"""One scenario -> its rows: the catalog ROI, then the ranking on that ROI, side by side.

A scenario is computed by the same service calls as ``mlmasters roi`` (whole catalog) and
``mlmasters rank`` (``roi_catalog`` then ``rank_frame`` with that frame), with the scenario's
own seed. Nothing depends on which other scenarios share its chunk or on which process runs
it, so results are identical across engines, worker counts and chunk sizes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from mlmasters.batch.chunks import ChunkResult, ChunkTask, RowError
from mlmasters.batch.scenarios import ScenarioSpec
from mlmasters.batch.schema import OUTPUT_COLUMNS, OUTPUT_NAMES, arrow_schema
from mlmasters.batch.store import write_part
from mlmasters.errors import MlmastersError
from mlmasters.models.rank.weights import CRITERIA

_ROI_RENAME = {
    "npv_mean": "npv_mean_usd",
    "npv_p10": "npv_p10_usd",
    "npv_p50": "npv_p50_usd",
    "npv_p90": "npv_p90_usd",
    "npv_p50_finishers": "npv_p50_finishers_usd",
    "status": "roi_status",
    "name": "program_name",
    "state": "program_state",
}
_ROI_KEEP = (
    "program_id", "name", "institution", "state", "status", "npv_mean", "npv_p10", "npv_p50",
    "npv_p90", "p_loss", "p_loss_not_finishing", "p_loss_finishing", "npv_p50_finishers",
    "irr_p50", "breakeven_year", "tuition_total_usd", "tuition_level", "planned_months",
    "bridge_months", "months_p50", "enrollment_mode", "earnings_source", "premium_pct", "verdict",
)  # fmt: skip
_INT_COLUMNS = tuple(c.name for c in OUTPUT_COLUMNS if c.type == "int64")


def snapshot_id(service: Any) -> str:
    """A fingerprint of the snapshot (its tables' checksums) and of user programs, if any."""
    prov = service.snapshot.provenance
    tables = sorted((t["name"], t["sha256"]) for t in prov.get("tables", []))
    h = hashlib.sha256(json.dumps([prov.get("schema_version"), tables]).encode())
    extra = getattr(service, "_programs_file", None)
    if extra is not None:
        h.update(extra.read_bytes() if extra.is_file() else str(extra).encode())
    return h.hexdigest()[:24]


def scenario_frame(
    service: Any,
    spec: ScenarioSpec,
    top: int | None = None,
    program_ids: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The result rows of one scenario (``OUTPUT_COLUMNS``), programs in catalog order."""
    roi_kw = dict(spec.roi)
    draws, basis = int(roi_kw.pop("draws")), str(roi_kw.pop("basis"))
    roi = service.roi_catalog(spec.profile, draws=draws, seed=spec.seed, basis=basis, **roi_kw)
    rank_kw = dict(spec.rank)
    ranked = service.rank_frame(spec.profile, roi=roi, **rank_kw)
    n = len(roi)
    out = roi[list(_ROI_KEEP)].rename(columns=_ROI_RENAME).reset_index(drop=True)
    # P(ahead) as every surface rounds it (``figures.npv_summary``): 1 - P(loss), 4 places
    out["p_ahead"] = (1.0 - out["p_loss"].astype(float)).round(4)
    pos = pd.Index(out["program_id"]).get_indexer(ranked["program_id"])
    kept = np.zeros(n, dtype=bool)
    kept[pos] = True
    rank = np.full(n, np.nan)
    rank[pos] = ranked["rank"].to_numpy(dtype=float)
    out["kept"] = kept
    out["rank"] = rank
    for col in ("score", *(f"{c}_score" for c in CRITERIA), "p_top_k"):
        values = np.full(n, np.nan)
        if col in ranked.columns:
            values[pos] = ranked[col].to_numpy(dtype=float)
        out[col] = values
    unknown = np.full(n, None, dtype=object)
    unknown[pos] = ranked["unknown_filters"].to_numpy(dtype=object)
    out["unknown_filters"] = [u or None for u in unknown]
    inputs = roi.attrs.get("inputs", {})
    out["scenario_row"] = spec.row
    out["scenario_id"] = spec.scenario_id
    out["seed"] = spec.seed
    out["draws"] = draws
    out["basis"] = basis
    out["discount_rate"] = float(inputs.get("discount_rate", np.nan))
    out["tuition_scale"] = float(roi_kw.get("tuition_scale", 1.0))
    out["method"] = str(rank_kw.get("method", "weighted-sum"))
    out["k"] = int(rank_kw.get("k", 10))
    keep = np.ones(n, dtype=bool)
    if top is not None:
        keep &= kept & (rank <= top)
    if program_ids is not None:
        keep &= out["program_id"].isin(program_ids).to_numpy()
    result: pd.DataFrame = out.loc[keep, list(OUTPUT_NAMES)].reset_index(drop=True)
    for col in _INT_COLUMNS:
        result[col] = result[col].astype("Int64")
    return result


def to_table(frames: list[pd.DataFrame]) -> Any:
    """Scenario frames -> one Arrow table with the result schema (empty list -> no rows)."""
    schema = arrow_schema()
    if not frames:
        return schema.empty_table()
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def compute_chunk(service: Any, task: ChunkTask) -> ChunkResult:
    """Compute a chunk; write its part file when ``out_dir`` is set, else return the table.

    A scenario that fails here (an ``MlmastersError``: e.g. inputs too extreme for a finite
    NPV) is reported; the chunk is written without it only with ``skip_bad_rows``.
    """
    if snapshot_id(service) != task.snapshot_id:
        return ChunkResult(
            task.index,
            0,
            0,
            fatal=(
                f"the worker's data snapshot in {service.data_dir} differs from the one the "
                "run was checked against; build the same snapshot on every worker "
                "(mlmasters data build) at the same path"
            ),
        )
    frames: list[pd.DataFrame] = []
    errors: list[RowError] = []
    for spec in task.specs:
        try:
            frames.append(scenario_frame(service, spec, task.top, task.program_ids))
        except MlmastersError as exc:
            first = exc.problems[0] if exc.problems else None
            errors.append(
                RowError(
                    spec.row,
                    exc.message,
                    first.field if first else None,
                    exc.hint or (first.hint if first else None),
                )
            )
    table = to_table(frames)
    if errors and not task.skip_bad_rows:
        return ChunkResult(task.index, len(frames), 0, errors=tuple(errors))
    if task.out_dir is not None:
        write_part(task.out_dir, task.index, table)
        return ChunkResult(
            task.index, len(frames), table.num_rows, written=True, errors=tuple(errors)
        )
    return ChunkResult(task.index, len(frames), table.num_rows, table=table, errors=tuple(errors))
