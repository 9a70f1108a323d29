"""Service methods for the plan model (filled in by its issue; nothing exposed until it works)."""

from __future__ import annotations

from mlmasters.service.base import ServiceBase


class PlanMixin(ServiceBase):
    pass
