"""Service methods for the roi model (filled in by its issue; nothing exposed until it works)."""

from __future__ import annotations

from mlmasters.service.base import ServiceBase


class RoiMixin(ServiceBase):
    pass
