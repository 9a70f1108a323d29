"""Service methods for the assess model (filled in by its issue; nothing exposed until it works)."""

from __future__ import annotations

from mlmasters.service.base import ServiceBase


class AssessMixin(ServiceBase):
    pass
