"""OEWS wage look-ups with a named fallback: metro -> state -> nation.

``resolve_area`` turns a person's state and metro text into an OEWS area (an unknown
metro name is an input error with suggestions). ``lookup`` returns an occupation's
employment and annual wage percentiles in that area, falling back to the state and then
the nation when the area has no published estimate, and always says which level was used.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict

from mlmasters.data.snapshot import Snapshot
from mlmasters.errors import InputError, NotFoundError

NATIONAL = "0000000"
TOP_CODE_USD = 239_200  # BLS footnote 5: wage at or above $115.00/hour or $239,200/year
PERCENTILES = ("p10", "p25", "p50", "p75", "p90")
Level = Literal["metro", "state", "nation"]
_LEVEL = {"M": "metro", "S": "state", "N": "nation"}


class Area(BaseModel):
    model_config = ConfigDict(frozen=True)

    area_code: str
    area_name: str
    level: Level
    state: str | None
    notice: str | None = None


class WageRow(BaseModel):
    """Annual wages (USD) of one occupation in one area. ``None`` = not released."""

    model_config = ConfigDict(frozen=True)

    soc_code: str
    occupation_name: str
    area: Area
    requested_area: Area
    employment: int | None
    wage_mean_usd: int | None
    p10_usd: int | None
    p25_usd: int | None
    p50_usd: int | None
    p75_usd: int | None
    p90_usd: int | None
    top_coded: list[str]  # percentiles at or above TOP_CODE_USD (value shown as the bound)
    notice: str | None
    source: str = "BLS OEWS May 2025, all industries"

    def percentile_values(self) -> list[int | None]:
        return [self.p10_usd, self.p25_usd, self.p50_usd, self.p75_usd, self.p90_usd]


_VALUE_COLS = (
    "employment",
    "wage_annual_mean_usd",
    *(f"wage_annual_{p}_usd" for p in PERCENTILES),
)
_NOTE_COLS = tuple(f"wage_annual_{p}_footnote" for p in PERCENTILES)
_MISSING = -1  # values are non-negative: -1 marks "not released"


def _int32(a: np.ndarray) -> np.ndarray:
    if len(a) and int(a.max()) > np.iinfo(np.int32).max:  # not in OEWS May 2025
        raise ValueError("an OEWS value does not fit in int32")
    return a.astype(np.int32)


class _WageArrays:
    """The OEWS table as compact NumPy columns sorted by (area, occupation) key.

    237k rows: int64 keys, 7 int32 values, 5 uint8 footnotes (~9 MB) instead of a
    DataFrame with Arrow strings (~70 MB resident): the server keeps it for its whole life.
    int32 holds every value: wages are top-coded at $239,200 and the largest employment
    (all occupations, U.S.) is about 1.5e8.
    """

    def __init__(self, table: pa.Table):
        area = pc.cast(table["area_code"], pa.int64()).to_numpy()
        occ = pc.cast(pc.replace_substring(table["soc_code"], "-", ""), pa.int64()).to_numpy()
        keys = area * 1_000_000 + occ
        order = np.argsort(keys, kind="stable")
        self.keys: np.ndarray = keys[order]
        self.values = {
            c: _int32(table[c].fill_null(_MISSING).to_numpy())[order] for c in _VALUE_COLS
        }
        self.notes = {
            c: pc.cast(table[c].fill_null("0"), pa.uint8()).to_numpy()[order] for c in _NOTE_COLS
        }

    def row(self, key: int) -> dict[str, Any] | None:
        j = int(np.searchsorted(self.keys, key))
        if j >= len(self.keys) or int(self.keys[j]) != key:
            return None
        out: dict[str, Any] = {}
        for c, arr in self.values.items():
            v = int(arr[j])
            out[c] = pd.NA if v == _MISSING else v
        for c, arr in self.notes.items():
            n = int(arr[j])
            out[c] = None if n == 0 else str(n)
        return out


class Wages:
    def __init__(self, snap: Snapshot):
        self._snap = snap
        areas = snap.table("oews_areas")
        self._areas = areas.set_index("area_code", drop=False)
        occ = snap.table("oews_occupations")
        self._occ_names: dict[str, str] = {
            str(k): str(v) for k, v in zip(occ["soc_code"], occ["occupation_name"], strict=True)
        }
        # (area, occupation) -> row through a sorted int64 key and binary search over
        # compact arrays (a DataFrame or a dict of 237k tuple keys costs far more memory).
        cols = ["area_code", "soc_code", *_VALUE_COLS, *_NOTE_COLS]
        self._wages = _WageArrays(snap.arrow("oews_wages", columns=cols))
        pa.default_memory_pool().release_unused()
        self._state_area = {
            str(r.state): str(r.area_code)
            for r in areas[areas["area_type"] == "S"].itertuples()
            if r.state is not pd.NA
        }

    # -- areas ----------------------------------------------------------------------------
    def _area(self, code: str, notice: str | None = None) -> Area:
        r = self._areas.loc[code]
        st = r["state"]
        return Area(
            area_code=code,
            area_name=str(r["area_name"]),
            level=_LEVEL[str(r["area_type"])],
            state=None if st is pd.NA else str(st),
            notice=notice,
        )

    def national(self) -> Area:
        return self._area(NATIONAL)

    def state_area(self, state: str) -> Area:
        code = self._state_area.get(state.upper())
        if code is None:
            raise InputError(
                f"unknown state {state!r}", hint="use a USPS code such as WA, TX or NY"
            )
        return self._area(code)

    def metro_names(self) -> list[str]:
        """The metro areas' names, sorted (computed once; do not change the list)."""
        names: list[str] | None = getattr(self, "_metro_names", None)
        if names is None:
            m = self._areas[self._areas["area_type"] == "M"]
            names = self._metro_names = sorted(str(n) for n in m["area_name"])
        return names

    def resolve_area(self, state: str | None = None, metro: str | None = None) -> Area:
        if metro:
            text = metro.strip()
            if text.isdigit() and text.zfill(7) in self._areas.index:
                return self._area(text.zfill(7))
            metros = self._areas[self._areas["area_type"] == "M"]
            hits = metros[metros["area_name"].str.contains(re.escape(text), case=False)]
            if len(hits) > 1 and state:
                in_state = hits[hits["area_name"].str.contains(rf"\b{state.upper()}\b", regex=True)]
                hits = in_state if len(in_state) else hits
            if len(hits) == 1:
                return self._area(str(hits.iloc[0]["area_code"]))
            if len(hits) > 1:
                listed = "; ".join(sorted(hits["area_name"].astype(str))[:5])
                raise InputError(
                    f"metro {metro!r} matches {len(hits)} areas",
                    hint=f"be more specific or give your state: {listed}",
                )
            names = self.metro_names()
            first_city = {n.split("-")[0].split(",")[0].lower(): n for n in names}
            close = [
                first_city[c]
                for c in difflib.get_close_matches(text.lower(), list(first_city), n=3, cutoff=0.6)
            ] or difflib.get_close_matches(text, names, n=3, cutoff=0.5)
            raise InputError(
                f"unknown metro area {metro!r}",
                hint=(
                    f"did you mean {'; '.join(close)}?"
                    if close
                    else "use an OEWS metro area name, e.g. 'Seattle' or 'Austin-Round Rock'"
                ),
            )
        if state:
            return self.state_area(state)
        return self.national()

    # -- wages ----------------------------------------------------------------------------
    def occupation_name(self, soc: str) -> str:
        name = self._occ_names.get(soc)
        if name is None:
            raise NotFoundError(f"unknown SOC occupation code {soc!r}", hint="e.g. 15-2051")
        return name

    def _row(self, area_code: str, soc: str) -> dict[str, Any] | None:
        if not (area_code.isdigit() and soc.replace("-", "").isdigit()):
            return None
        return self._wages.row(int(area_code) * 1_000_000 + int(soc.replace("-", "")))

    def lookup(self, soc: str, area: Area) -> WageRow:
        """Wages for ``soc`` in ``area``, falling back metro -> state -> nation."""
        name = self.occupation_name(soc)
        chain = [area]
        if area.level == "metro" and area.state:
            chain.append(self.state_area(area.state))
        if area.level != "nation":
            chain.append(self.national())
        for i, a in enumerate(chain):
            row = self._row(a.area_code, soc)
            if row is None:
                continue
            # a top-coded median (footnote 5) still counts as published
            if row["wage_annual_p50_usd"] is pd.NA and row["wage_annual_p50_footnote"] != "5":
                continue
            notice = None
            if i > 0:
                notice = (
                    f"no published wages for {name} in {area.area_name}; "
                    f"using {a.area_name} ({a.level})"
                )
            return self._make(soc, name, a, area, row, notice)
        raise NotFoundError(f"no published wages for {soc} {name}, even nationally")

    @staticmethod
    def _make(
        soc: str, name: str, a: Area, requested: Area, row: dict[str, Any], notice: str | None
    ) -> WageRow:
        def val(col: str) -> int | None:
            v = row[col]
            return None if v is pd.NA else int(v)

        vals: dict[str, int | None] = {}
        top: list[str] = []
        for p in PERCENTILES:
            v = val(f"wage_annual_{p}_usd")
            if v is None and row[f"wage_annual_{p}_footnote"] == "5":
                v = TOP_CODE_USD
                top.append(p)
            vals[f"{p}_usd"] = v
        return WageRow(
            soc_code=soc,
            occupation_name=name,
            area=a,
            requested_area=requested,
            employment=val("employment"),
            wage_mean_usd=val("wage_annual_mean_usd"),
            top_coded=top,
            notice=notice,
            **vals,
        )
