"""Service methods for the plan model: one person, one program, a term-by-term plan."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from mlmasters.errors import InputError, Problem
from mlmasters.models.plan.result import PlanOptions, PlanResult
from mlmasters.profile import Profile, profile_from_dict
from mlmasters.service.base import ServiceBase


def plan_options(
    options: PlanOptions | dict[str, Any] | None = None, **overrides: Any
) -> PlanOptions:
    """Validate overrides into ``PlanOptions``; every bad field is reported at once."""
    data: dict[str, Any] = {}
    if isinstance(options, PlanOptions):
        data = options.model_dump(exclude_unset=True)
    elif options is not None:
        data = dict(options)
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return PlanOptions.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            key = ".".join(str(p) for p in e["loc"]) or None
            msg = "unknown option" if e["type"] == "extra_forbidden" else e["msg"]
            problems.append(Problem(msg, field=key))
        raise InputError(
            "invalid plan options", problems, hint="see `mlmasters plan --help` or docs/plan.md"
        ) from None


class PlanMixin(ServiceBase):
    def plan(
        self,
        profile: Profile | dict[str, Any],
        program_id: str,
        options: PlanOptions | dict[str, Any] | None = None,
        **overrides: Any,
    ) -> PlanResult:
        """A term-by-term plan of ``program_id`` for ``profile``, with time to degree as a
        distribution, the workload check and funding per year.

        ``overrides`` are ``PlanOptions`` fields (``mode``, ``calendar``, ``credits_per_term``,
        ``hours_per_week``, ``seed``, ``draws`` ...). Raises ``InputError`` on bad input and
        ``NotFoundError`` for an unknown program id.
        """
        from mlmasters.models.assess.readiness import assess_readiness
        from mlmasters.models.plan.assemble import build_plan

        prof = profile if isinstance(profile, Profile) else profile_from_dict(profile)
        opts = plan_options(options, **overrides)
        program = self.catalog.get(program_id)
        return build_plan(program, prof, opts, assess_readiness(prof))
