"""Plain names of a profile's choices, as a person reads them ('data-scientist' -> 'Data
scientist'): the form's options (web/forms.py), the pages' ``plain`` filter and the plain-words
rewriting (render/plain.py) use the same table. The values sent and stored stay the
profile's own.
"""

from __future__ import annotations

from typing import Any

#: Plain names of the choices (the values sent stay the profile's own).
CHOICE_NAMES: dict[str, str] = {
    "ml-engineer": "Machine learning engineer",
    "data-scientist": "Data scientist",
    "research-scientist": "Research scientist",
    "ai-ethics-governance": "AI ethics and governance specialist",
    "ml-product-manager": "Machine learning product manager",
    "deep-learning": "Deep learning",
    "data-mining-big-data": "Data mining and big data",
    "reinforcement-learning": "Reinforcement learning",
    "nlp": "Natural language processing",
    "explainable-ethical-ai": "Explainable and ethical AI",
    "computer-science": "Computer science",
    "math-statistics": "Mathematics or statistics",
    "engineering": "Engineering",
    "natural-science": "A natural science",
    "economics-business": "Economics or business",
    "social-science": "A social science",
    "humanities-arts": "Humanities or arts",
    "other": "Something else",
    "none": "No degree",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "doctorate": "Doctorate",
    "full-time": "Full-time",
    "part-time": "Part-time",
    "averse": "I avoid risk",
    "neutral": "In between",
    "seeking": "I accept risk for a bigger gain",
    "single": "Single",
    "married-joint": "Married, filing jointly",
}
RESEARCH_LABELS = {0: "none", 1: "some", 2: "strong", 3: "I want a PhD"}


def choice_name(value: Any) -> str:
    """A profile value as a person reads it ('data-scientist' -> 'Data scientist')."""
    return CHOICE_NAMES.get(str(value), str(value).replace("-", " ").replace("_", " "))
