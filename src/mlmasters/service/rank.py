"""Service methods for the rank model (filled in by its issue; nothing exposed until it works)."""

from __future__ import annotations

from mlmasters.service.base import ServiceBase


class RankMixin(ServiceBase):
    pass
