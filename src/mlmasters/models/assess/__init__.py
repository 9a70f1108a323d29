"""The assess model: persona, readiness, recommended path, careers and skills.

Each module is a set of pure functions over a documented rule table (data, not scattered
``if``s) plus frozen Pydantic result models that keep the evidence behind every answer.
The service layer (``mlmasters.service.assess``) adds the figures that come from the snapshot.
"""

from __future__ import annotations
