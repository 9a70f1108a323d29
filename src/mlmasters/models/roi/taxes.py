"""After-tax pay: income tax tabulated once with ``tenforty``, FICA from published rates.

``tenforty`` (MIT, offline: Open Tax Solver compiled in) computes a federal + state return in
a few milliseconds - too slow per draw and year, so the tax on wages is tabulated on an income
grid once per (tax year, state, filing status), cached as JSON under
``<data_dir>/cache/taxes/`` with its own provenance (tenforty version, tax year, backend,
grid), and interpolated linearly in the vectorised core (the last slope beyond the grid).

tenforty's federal total includes the 0.9% Additional Medicare Tax but not FICA; employee FICA
(Social Security up to the wage base, Medicare) is added here from the published rates in
``defaults``. States OTS lacks for the tax year use tenforty's ``graph`` backend. A person with
no US state is taxed federally only. Limits: wages are the only income; a joint return counts
only this person's wages; tuition credits and local income taxes are left out.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import io
import json
import os
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from mlmasters.errors import InputError
from mlmasters.models.roi.defaults import (
    MEDICARE_RATE,
    SOCIAL_SECURITY_RATE,
    SOCIAL_SECURITY_WAGE_BASE_USD,
    TAX_YEAR,
)
from mlmasters.models.roi.draws import FloatArray

FILING = {"single": "Single", "married-joint": "Married/Joint"}
GRID_DESCRIPTION = "0 to 400,000 USD in steps of 2,500, then to 1,000,000 in steps of 25,000"


def income_grid() -> FloatArray:
    low = np.arange(0.0, 400_000.0 + 1, 2_500.0)
    high = np.arange(425_000.0, 1_000_000.0 + 1, 25_000.0)
    return np.concatenate([low, high])


def fica(wages: FloatArray) -> FloatArray:
    """Employee Social Security + Medicare on wages (the additional 0.9% is in income tax)."""
    w = np.maximum(wages, 0.0)
    return np.asarray(
        SOCIAL_SECURITY_RATE * np.minimum(w, SOCIAL_SECURITY_WAGE_BASE_USD) + MEDICARE_RATE * w,
        dtype=np.float64,
    )


@dataclass(frozen=True)
class TaxTable:
    incomes: FloatArray
    income_tax: FloatArray  # federal + state income tax on that much in wages
    provenance: dict[str, Any]

    def tax(self, wages: FloatArray) -> FloatArray:
        x = np.maximum(wages, 0.0)
        inc, tax = self.incomes, self.income_tax
        out = np.interp(x, inc, tax)
        slope = (tax[-1] - tax[-2]) / (inc[-1] - inc[-2])
        return np.asarray(np.where(x > inc[-1], tax[-1] + (x - inc[-1]) * slope, out))

    @cached_property
    def _net_table(self) -> tuple[FloatArray, FloatArray, float]:
        """Net pay on the grid plus the FICA wage base (both piecewise linear in wages)."""
        grid = np.union1d(self.incomes, [SOCIAL_SECURITY_WAGE_BASE_USD])
        net = grid - self.tax(grid) - fica(grid)
        slope = float((net[-1] - net[-2]) / (grid[-1] - grid[-2]))
        return grid, net, slope

    def net(self, wages: FloatArray) -> FloatArray:
        """Wages after income tax and FICA (vectorised; one interpolation)."""
        grid, net, slope = self._net_table
        x = np.asarray(wages)
        # below zero np.interp returns the value at zero, as for no wages (net[0])
        out = np.asarray(np.interp(x, grid, net), dtype=np.float64)
        if x.size and float(x.max()) > grid[-1]:
            above = x > grid[-1]
            out[above] = net[-1] + (x[above] - grid[-1]) * slope
        return out


def tenforty_version() -> str | None:
    try:
        return importlib.metadata.version("tenforty")
    except importlib.metadata.PackageNotFoundError:
        return None


def _tabulate(state: str | None, filing_status: str, year: int) -> tuple[FloatArray, str]:
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        tenforty = importlib.import_module("tenforty")

        grid = income_grid()
        status = FILING[filing_status]
        backend = "ots"
        try:
            tenforty.evaluate_return(year=year, state=state, filing_status=status, w2_income=1e5)
        except ValueError:
            backend = "graph"  # OTS has no form for this state and year
        tax = np.array(
            [
                float(
                    tenforty.evaluate_return(
                        year=year,
                        state=state,
                        filing_status=status,
                        w2_income=float(w),
                        backend=backend,
                    ).total_tax
                )
                for w in grid
            ]
        )
    return tax, backend


def load_tax_table(
    cache_dir: Path, state: str | None, filing_status: str = "single", year: int = TAX_YEAR
) -> TaxTable:
    """The cached table for (year, state, status), tabulating it with tenforty if missing."""
    if filing_status not in FILING:
        raise InputError(
            f"unknown tax filing status {filing_status!r}", hint="use single or married-joint"
        )
    version = tenforty_version()
    name = f"tenforty-{year}-{state or 'federal'}-{filing_status}.json"
    path = cache_dir / name
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            prov = data["provenance"]
            if version is None or prov.get("tenforty_version") == version:
                return TaxTable(
                    np.asarray(data["incomes"], dtype=np.float64),
                    np.asarray(data["income_tax"], dtype=np.float64),
                    prov,
                )
        except (OSError, ValueError, KeyError):
            pass  # unreadable or stale: tabulate again
    if version is None:
        raise InputError(
            "after-tax figures need the tenforty package, which is not installed",
            hint="pip install tenforty, or ask for pre-tax figures (basis pre-tax)",
        )
    tax, backend = _tabulate(state, filing_status, year)
    prov = {
        "package": "tenforty",
        "tenforty_version": version,
        "license": "MIT",
        "tax_year": year,
        "state": state,
        "filing_status": filing_status,
        "backend": backend,
        "grid": GRID_DESCRIPTION,
        "includes": "federal income tax incl. Additional Medicare Tax, state income tax",
        "excludes": "FICA (added from published rates), local taxes, credits",
    }
    grid = income_grid()
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(
        json.dumps(
            {"provenance": prov, "incomes": grid.tolist(), "income_tax": tax.tolist()}, indent=1
        ),
        encoding="utf-8",
    )
    os.replace(tmp, path)
    return TaxTable(grid, tax, prov)
