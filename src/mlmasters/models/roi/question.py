"""The one object the return model is asked about: a person resolved once, the premium model
fitted on the snapshot, and the tax table of the basis asked for.

The service reads the snapshot into it (``service/roi.py``); ``analysis.analyse`` (one
program) and ``catalog_return.catalog_frame`` (every program) take it and return the result
the surfaces render. What-ifs on the premium model refit through ``PremiumFit.refit``, so the
model never calls back into the service.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlmasters.models.roi.personal import NetFn
from mlmasters.models.roi.premium import PremiumFit
from mlmasters.models.roi.results import RoiOptions
from mlmasters.models.roi.taxes import TaxTable
from mlmasters.models.scenario import Person


@dataclass(frozen=True)
class ReturnQuestion:
    """What the return of one person is computed from."""

    person: Person
    fit: PremiumFit
    #: The person's federal + state tax table; None on the pre-tax basis.
    taxes: TaxTable | None

    @property
    def opts(self) -> RoiOptions:
        return self.person.opts

    @property
    def net(self) -> NetFn | None:
        """Take-home pay from gross pay, or None on the pre-tax basis."""
        return self.taxes.net if self.taxes is not None else None


__all__ = ["ReturnQuestion"]
