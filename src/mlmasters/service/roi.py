"""ROI services: one program in full (``roi``), the whole catalog (``roi_catalog``), FREOPP.

Thin: the person is resolved once (``mlmasters.models.scenario``, cached here), and the
analysis itself lives in ``mlmasters.models.roi`` (``analysis.analyse`` for one program,
``catalog_return.catalog_frame`` for all); this module only reads the snapshot
(premium fit, tax tables, catalog) into one ``ReturnQuestion`` and hands the model that
object and the programs; premium what-ifs refit in the model (``PremiumFit.refit``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cached_property
from typing import Any

import pandas as pd

from mlmasters.errors import InputError
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.analysis import analyse
from mlmasters.models.roi.catalog_return import CATALOG_COLUMNS, catalog_frame
from mlmasters.models.roi.freopp import FreoppInputs, FreoppResult, freopp_roi
from mlmasters.models.roi.premium import PremiumFit
from mlmasters.models.roi.question import ReturnQuestion
from mlmasters.models.roi.results import RoiOptions, RoiResult, parse_options
from mlmasters.models.roi.taxes import TaxTable, load_tax_table
from mlmasters.models.scenario import Person, ProgramScenario, resolve_person, resolve_program
from mlmasters.profile import Profile
from mlmasters.service.earnings import EarningsMixin

#: People whose resolved scenario is kept (the web app asks for the same person often).
_PERSON_CACHE = 64


class RoiMixin(EarningsMixin):
    """Return on the degree for a person: one program in full, or the whole catalog."""

    # -- resolution (once per person) ------------------------------------------------------
    @property
    def roi_premium_fit(self) -> PremiumFit:
        """The premium model fitted on the snapshot's Scorecard pairs (see docs/earnings.md)."""
        return self.premium_fit

    @cached_property
    def _roi_people(self) -> dict[str, Person]:
        return {}

    def roi_person(self, profile: Profile, opts: RoiOptions) -> Person:
        """The person resolved once (cached for the same profile and options)."""
        key = json.dumps(
            [profile.model_dump(mode="json"), opts.model_dump(mode="json")], sort_keys=True
        )
        cache = self._roi_people
        hit = cache.get(key)
        if hit is None:
            hit = resolve_person(profile, opts, self.wages, self.snapshot.table("scorecard_fos"))
            if len(cache) >= _PERSON_CACHE:
                cache.pop(next(iter(cache)))
            cache[key] = hit
        return hit

    def roi_scenario(self, profile: Profile, program_id: str, **what_if: Any) -> ProgramScenario:
        """The resolved scenario of one person in one program (what every surface shows)."""
        opts = parse_options(what_if)
        person = self.roi_person(profile, opts)
        return resolve_program(person, self.catalog.get(program_id), self.roi_premium_fit)

    def _roi_taxes(self, person: Person) -> TaxTable:
        """The person's tax table, read from the snapshot once per state and filing."""
        cache: dict[tuple[str | None, str], TaxTable] = self.__dict__.setdefault(
            "_roi_tax_tables", {}
        )
        key = (person.tax_state, person.filing)
        if key not in cache:
            cache[key] = load_tax_table(self.data_dir / "cache" / "taxes", *key)
        return cache[key]

    def roi_question(self, profile: Profile, opts: RoiOptions) -> ReturnQuestion:
        """The one object the return model answers for this person (resolved once)."""
        person = self.roi_person(profile, opts)
        taxes = self._roi_taxes(person) if opts.basis == "after-tax" else None
        return ReturnQuestion(person, self.roi_premium_fit, taxes)

    # -- public API -----------------------------------------------------------------------
    def roi(self, profile: Profile, program_id: str, **what_if: Any) -> RoiResult:
        """Full analysis of one program: NPV distribution (both bases), IRR, break-even, fan,
        histogram, the tornado, and the other study mode when you have not chosen one.
        Raises ``InputError`` / ``NotFoundError``."""
        opts = parse_options(what_if)
        program = self.catalog.get(program_id)
        question = self.roi_question(profile, opts)
        return analyse(question, program)

    def roi_catalog(
        self,
        profile: Profile,
        program_ids: list[str] | None = None,
        draws: int = D.DRAWS_DEFAULT,
        seed: int = 0,
        basis: str = "after-tax",
        progress: Callable[[int], None] | None = None,
        **what_if: Any,
    ) -> pd.DataFrame:
        """One row per program (``CATALOG_COLUMNS``), on common random numbers, with the same
        engine, draws and basis as ``roi`` (so a program's row equals its page's headline).

        Programs this person cannot take (a mode the program does not offer, too few hours)
        get ``status="not feasible"`` and their reason in ``message``; programs whose tuition
        is unknown get ``status="needs tuition"`` and no NPV. ``df.attrs`` keeps the inputs
        and assumptions.
        """
        opts = parse_options(what_if | {"draws": draws, "seed": seed, "basis": basis})
        if opts.tuition_usd is not None or opts.premium is not None:
            raise InputError(
                "a tuition or premium of your own applies to one program",
                hint="use roi(profile, program_id, ...) for a single program's figures",
            )
        programs = (
            self.catalog.programs
            if program_ids is None
            else [self.catalog.get(pid) for pid in program_ids]
        )
        question = self.roi_question(profile, opts)
        return catalog_frame(question, programs, progress)

    def roi_freopp(self, inputs: FreoppInputs | dict[str, Any]) -> FreoppResult:
        """FREOPP's published method on explicit inputs (see ``models/roi/freopp.py``)."""
        if isinstance(inputs, dict):
            from pydantic import ValidationError

            from mlmasters.profile import problems_from_validation

            try:
                inputs = FreoppInputs.model_validate(inputs)
            except ValidationError as exc:
                raise InputError(
                    "invalid FREOPP inputs",
                    problems_from_validation(exc),
                    hint="see docs/roi.md (FREOPP mode) for the fields",
                ) from None
        return freopp_roi(inputs)


__all__ = ["CATALOG_COLUMNS", "RoiMixin"]
