"""Scenario rows -> validated scenarios: a ``Profile``, ROI what-ifs, ranking options, a seed.

Every problem of a row is reported at once with its row number (and CSV line) and column,
through the same validators the CLI and the API use (``Profile``, ``RoiOptions``,
``RankOptions``, weights and personas). With a service, each row is also checked against the
snapshot (its area, occupation, age horizon) by a one-program, one-draw ROI call, cached
on the fields that decide those checks, so that a run stops *before* computing anything.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlmasters.batch.schema import (
    BATCH_DRAWS,
    BATCH_SAMPLES,
    INPUT_BY_NAME,
    INPUT_COLUMNS,
    LIST_SEPARATOR,
    PROFILE_COLUMNS,
    RANK_COLUMNS,
    ROI_COLUMNS,
)
from mlmasters.batch.sources import RawRow, clean
from mlmasters.errors import InputError, MlmastersError, Problem
from mlmasters.models.rank.engine import DEFAULT_K, RankOptions
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.results import RoiOptions
from mlmasters.profile import Profile

Seeding = Literal["common", "per-row"]
_PROFILE_NAMES = frozenset(c.name for c in PROFILE_COLUMNS)
_ROI_NAMES = tuple(c.name for c in ROI_COLUMNS)
_RANK_NAMES = tuple(c.name for c in RANK_COLUMNS)
_INT_CHOICES = frozenset(c.name for c in PROFILE_COLUMNS if c.kind == "int" and c.choices)
_LISTS = frozenset(c.name for c in PROFILE_COLUMNS if c.kind == "list")
_PREFLIGHT_CACHE = 4096


class BatchOptions(BaseModel):
    """Run-level settings: defaults for rows that do not set a value, and output filters."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    draws: int = Field(default=BATCH_DRAWS, ge=1, le=D.DRAWS_MAX, description="Monte Carlo draws")
    basis: Literal["pre-tax", "after-tax"] = Field(
        default="after-tax", description="NPV basis (after-tax, as on every surface)"
    )
    method: Literal["weighted-sum", "topsis"] = Field(default="weighted-sum")
    samples: int = Field(default=BATCH_SAMPLES, ge=0, le=200_000, description="Weight samples")
    k: int = Field(default=DEFAULT_K, ge=1, le=500, description="k of P(top k)")
    seed: int = Field(default=0, ge=0, description="Seed (see seeding)")
    seeding: Seeding = Field(
        default="common",
        description="common: every row without a seed uses --seed; per-row: a seed derived "
        "from --seed and the row number",
    )
    top: int | None = Field(default=None, ge=1, description="Write only programs ranked <= top")
    program_ids: tuple[str, ...] | None = Field(
        default=None, description="Write only these programs' rows"
    )
    chunk_size: int | None = Field(default=None, ge=1, le=100_000, description="Rows per chunk")


def batch_options(**values: Any) -> BatchOptions:
    try:
        return BatchOptions.model_validate(values)
    except ValidationError as exc:
        raise InputError(
            "invalid batch option(s)",
            [
                Problem(e["msg"], field="--" + str(e["loc"][0]).replace("_", "-"))
                for e in exc.errors()
            ],
        ) from None


def row_seed(base: int, row: int) -> int:
    """The per-row seed: the first 32-bit word of NumPy's ``SeedSequence(base, (row,))``."""
    import numpy as np

    return int(np.random.SeedSequence(base, spawn_key=(row,)).generate_state(1)[0])


@dataclass(frozen=True)
class ScenarioSpec:
    """One validated scenario, ready to compute anywhere (picklable, no service inside)."""

    row: int
    scenario_id: str
    profile: Profile
    seed: int
    roi: Mapping[str, Any]  # roi_catalog keywords: draws, basis and the row's what-ifs
    rank: Mapping[str, Any]  # rank_frame keywords: method, samples, k, seed, ...


class Parser:
    """Parses rows of one source; ``service`` adds the checks against the snapshot."""

    def __init__(
        self,
        source_name: str,
        columns: Sequence[str],
        options: BatchOptions,
        service: Any | None = None,
    ):
        self.file = source_name
        self.options = options
        self.service = service
        unknown = [c for c in columns if c not in INPUT_BY_NAME]
        if unknown:
            names = [c.name for c in INPUT_COLUMNS]
            problems = []
            for c in unknown:
                close = difflib.get_close_matches(c, names, n=3, cutoff=0.6)
                problems.append(
                    Problem(
                        "unknown column",
                        field=c,
                        file=source_name,
                        line=1 if source_name.endswith(".csv") else None,
                        hint=f"did you mean {' or '.join(close)}?" if close else None,
                    )
                )
            raise InputError(
                f"{source_name}: {len(unknown)} unknown column(s)",
                problems,
                hint="see docs/batch.md for the scenario columns",
            )
        self._preflight_cache: dict[str, list[tuple[str | None, str, str | None]]] = {}
        self._first_program: str | None = None

    # -- parsing -------------------------------------------------------------------------
    def parse(self, raw: RawRow) -> ScenarioSpec | list[Problem]:
        problems: list[Problem] = []

        def bad(message: str, column: str | None, hint: str | None = None) -> None:
            problems.append(
                Problem(
                    f"row {raw.row}: {message}",
                    field=column,
                    file=self.file,
                    line=raw.line,
                    hint=hint,
                )
            )

        if raw.problem:
            bad(raw.problem, None, "check the quoting and separators on that line")
            return problems
        cells = {k: clean(v) for k, v in raw.values.items()}
        cells = {k: v for k, v in cells.items() if v is not None}
        profile = self._profile(cells, bad)
        seed = self._seed(raw.row, cells)
        roi = self._roi(cells, seed, bad)
        rank = self._rank(cells, seed, bad)
        if problems or profile is None or roi is None or rank is None:
            return problems or [Problem(f"row {raw.row}: invalid", file=self.file)]
        if self.service is not None:
            for column, message, hint in self._preflight(profile, roi):
                bad(message, column, hint)
            if problems:
                return problems
        sid = cells.get("scenario_id")
        return ScenarioSpec(
            row=raw.row,
            scenario_id=str(raw.row) if sid is None else str(sid),
            profile=profile,
            seed=seed if isinstance(seed, int) else 0,
            roi=roi,
            rank=rank,
        )

    def _profile(self, cells: dict[str, Any], bad: Any) -> Profile | None:
        data: dict[str, Any] = {}
        background: dict[str, Any] = {}
        for name, value in cells.items():
            if name not in _PROFILE_NAMES:
                continue
            if name in _LISTS and isinstance(value, str):
                value = [v.strip() for v in value.replace(",", LIST_SEPARATOR).split(";")]
                value = [v for v in value if v]
            elif name in _INT_CHOICES or name.startswith("background."):
                value = _as_int(value)
            elif name == "state" and isinstance(value, str):
                value = value.upper()
            if name.startswith("background."):
                background[name.split(".", 1)[1]] = value
            else:
                data[name] = value
        if background:
            data["background"] = background
        try:
            return Profile.model_validate(data)
        except ValidationError as exc:
            for e in exc.errors():
                key = ".".join(str(p) for p in e["loc"] if not isinstance(p, int)) or None
                msg = str(e["msg"])
                if e["type"] == "literal_error" and key in _INT_CHOICES | {
                    c for c in _PROFILE_NAMES if c.startswith("background.")
                }:
                    msg = "must be 0, 1, 2 or 3"
                bad(msg, key)
            return None

    def _seed(self, row: int, cells: dict[str, Any]) -> Any:
        if "seed" in cells:
            return _as_int(cells["seed"])
        if self.options.seeding == "per-row":
            return row_seed(self.options.seed, row)
        return self.options.seed

    def _roi(self, cells: dict[str, Any], seed: Any, bad: Any) -> dict[str, Any] | None:
        given = {n: cells[n] for n in _ROI_NAMES if n in cells and n != "seed"}
        if "draws" in given:
            given["draws"] = _as_int(given["draws"])
        if "horizon_years" in given:
            given["horizon_years"] = _as_int(given["horizon_years"])
        values = {"draws": self.options.draws, "basis": self.options.basis} | given
        try:
            opts = RoiOptions.model_validate(values | {"seed": seed})
        except ValidationError as exc:
            for e in exc.errors():
                bad(str(e["msg"]), ".".join(str(p) for p in e["loc"]) or None)
            return None
        dumped = opts.model_dump()
        return {k: dumped[k] for k in values}

    def _rank(self, cells: dict[str, Any], seed: Any, bad: Any) -> dict[str, Any] | None:
        from mlmasters.models.rank.weights import parse_weights, resolve_weights, validate_weights

        given = {n: cells[n] for n in _RANK_NAMES if n in cells}
        for n in ("samples", "k"):
            if n in given:
                given[n] = _as_int(given[n])
        ok = True
        if "weights" in given:
            w = given["weights"]
            try:
                if isinstance(w, Mapping):
                    given["weights"] = validate_weights(
                        {str(k): v for k, v in w.items() if v is not None}
                    )
                else:
                    text = str(w).replace(LIST_SEPARATOR, ",")
                    given["weights"] = parse_weights(text, option="weights")
            except InputError as exc:
                for p in exc.problems:
                    bad(p.message, "weights", f"write e.g. cost=30{LIST_SEPARATOR}curriculum=20")
                ok = False
        values = {
            "method": self.options.method,
            "samples": self.options.samples,
            "k": self.options.k,
        } | given
        if not ok:
            return None
        try:
            good_seed = isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0
            opts = RankOptions.model_validate(values | ({"seed": seed} if good_seed else {}))
            resolve_weights(opts.persona, opts.weights)
        except ValidationError as exc:
            for e in exc.errors():
                bad(str(e["msg"]), ".".join(str(p) for p in e["loc"]) or None)
            return None
        except InputError as exc:
            for p in exc.problems or [Problem(exc.message)]:
                bad(p.message, p.field, p.hint or exc.hint)
            return None
        dumped = opts.model_dump()
        out = {k: dumped[k] for k in values}
        if isinstance(seed, int):
            out["seed"] = seed
        return out

    # -- checks against the snapshot -----------------------------------------------------
    def _preflight(
        self, profile: Profile, roi: Mapping[str, Any]
    ) -> list[tuple[str | None, str, str | None]]:
        """Problems a one-program, one-draw ROI call finds (area, occupation, age...).

        Cached on what those checks read: the area (state, metro), the occupation when no
        salary is given, the target role, whether the age leaves no working years, and the
        horizon what-if; so a population of many profiles costs a few calls, not one a row.
        """
        svc: Any = self.service
        what_if = {k: v for k, v in roi.items() if k not in ("draws", "basis")}
        key = json.dumps(
            [
                profile.state,
                profile.metro,
                profile.current_soc if profile.current_salary_usd is None else None,
                profile.target_role,
                profile.age is not None and profile.age >= D.RETIREMENT_AGE,
                what_if.get("horizon_years"),
            ],
            default=str,
        )
        hit = self._preflight_cache.get(key)
        if hit is not None:
            return hit
        if self._first_program is None:
            self._first_program = svc.catalog.programs[0].program_id
        out: list[tuple[str | None, str, str | None]] = []
        try:
            svc.roi_catalog(
                profile, [self._first_program], draws=1, seed=0, basis="pre-tax",
                **{k: v for k, v in what_if.items() if k == "horizon_years"},
            )  # fmt: skip
        except MlmastersError as exc:
            if exc.problems:
                out = [(p.field, p.message, p.hint or exc.hint) for p in exc.problems]
            else:
                out = [(_field_of(exc.message), exc.message, exc.hint)]
        if len(self._preflight_cache) >= _PREFLIGHT_CACHE:
            self._preflight_cache.pop(next(iter(self._preflight_cache)))
        self._preflight_cache[key] = out
        return out


def _field_of(message: str) -> str | None:
    """The column an error message from the ROI model is about, when it says so."""
    text = message.lower()
    for word, column in (("metro", "metro"), ("state", "state"), ("age", "age"),
                         ("median wage for", "current_soc")):  # fmt: skip
        if word in text:
            return column
    return None


def _as_int(value: Any) -> Any:
    """``"2"`` and ``2.0`` -> 2 (Literal and int fields); anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value
