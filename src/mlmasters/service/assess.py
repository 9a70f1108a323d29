"""Service methods for the assess model: persona, readiness, path, careers, skills."""

from __future__ import annotations

from mlmasters.models.assess.persona import PersonaResult, classify_persona
from mlmasters.profile import Profile
from mlmasters.service.base import ServiceBase


class AssessMixin(ServiceBase):
    """Who the person is, how ready, which path; careers and skills of the target role."""

    def persona_of(self, profile: Profile) -> str:
        """The persona key (e.g. ``working-professional``); ranking uses it for default weights."""
        return classify_persona(profile).persona

    def persona(self, profile: Profile) -> PersonaResult:
        """The persona with every score and the evidence behind it."""
        return classify_persona(profile)
