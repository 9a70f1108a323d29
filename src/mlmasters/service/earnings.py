"""Service methods of the earnings-premium model (``mlmasters.models.roi.premium``).

The fit is made once per service (the snapshot is immutable) and reused; other parameters
(what-ifs) fit anew, which takes a few tens of milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from functools import cached_property

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.catalog.scope import apply_scope
from mlmasters.models.roi.backtest import (
    BacktestResult,
    catalog_programs_from_fos,
    run_backtest,
)
from mlmasters.models.roi.premium import (
    PremiumFit,
    PremiumParams,
    fit_premiums,
)
from mlmasters.service.base import ServiceBase


class ProgramPremium(BaseModel):
    """One program's causal earnings premium with where it came from."""

    model_config = ConfigDict(frozen=True)

    program_id: str
    name: str
    institution: str
    unitid: str | None
    cip_code: str | None
    mean: float = Field(description="Causal log earnings premium (central)")
    sd: float
    percent: float = Field(description="e^mean - 1")
    interval_80: tuple[float, float] = Field(description="Central 80% of the premium, log")
    source: str
    label: str
    n_pairs: int
    raw_log_ratio: float | None
    master_median_usd: float | None
    bachelor_median_usd: float | None
    master_completers: int | None
    bachelor_completers: int | None
    experience_growth: float | None
    shrink_weight: float | None
    family: str | None
    params: PremiumParams


_Z80 = 1.2815515655446004


class EarningsMixin(ServiceBase):
    @cached_property
    def premium_fit(self) -> PremiumFit:
        """The premium model fitted on this snapshot with the documented defaults."""
        with self._lock:
            return fit_premiums(self.snapshot.table("scorecard_fos"))

    def premium_fit_for(self, params: PremiumParams | None = None) -> PremiumFit:
        """The default fit, or a new one for other parameters (what-ifs)."""
        return self.premium_fit if params is None else self.premium_fit.refit(params)

    def premium_for_program(
        self, program_id: str, params: PremiumParams | None = None
    ) -> ProgramPremium:
        """The premium of one catalog program (NotFoundError for an unknown id): the same
        whoever applies and however they study."""
        p = self.catalog.get(program_id)
        fit = self.premium_fit_for(params)
        pr = fit.for_program(p.unitid, p.cip_code)
        d = asdict(pr)
        return ProgramPremium(
            program_id=p.program_id,
            name=p.name,
            institution=p.institution,
            unitid=p.unitid,
            cip_code=p.cip_code,
            percent=math.exp(pr.mean) - 1.0,
            interval_80=(pr.mean - _Z80 * pr.sd, pr.mean + _Z80 * pr.sd),
            params=fit.params,
            **d,
        )

    def premium_catalog_programs(self) -> pd.DataFrame:
        """The default catalog (closed institutions and outside fields left out, as in
        ``catalog.scope``) as (unitid, cip_code) rows."""
        progs = apply_scope(self.catalog.programs).kept
        return pd.DataFrame(
            {
                "unitid": pd.array([p.unitid for p in progs], dtype="string"),
                "cip_code": pd.array([p.cip_code for p in progs], dtype="string"),
            }
        )

    def premium_backtest(self, params: PremiumParams | None = None) -> BacktestResult:
        """Leave-one-out back-test on the same-institution pairs, and the premiums across the
        default catalog (and across every federal master's row, for comparison)."""
        return run_backtest(
            self.premium_fit_for(params),
            self.premium_catalog_programs(),
            catalog_programs_from_fos(self.snapshot.table("scorecard_fos")),
        )


__all__ = ["EarningsMixin", "ProgramPremium"]
