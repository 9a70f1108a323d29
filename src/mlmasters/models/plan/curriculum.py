"""Which of the guide's five core areas a course advances, and which tracks match an interest.

Matching is by keywords in published course and track names (rule tables below, data not
code). A course that matches nothing is shown by name with no area; programs that publish no
course list get "not published", never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The guide's five core areas, with the words that mark a course as advancing each.
CORE_AREAS: dict[str, tuple[str, ...]] = {
    "probability & statistics": ("probab", "statist", "inference", "bayes", "stochastic"),
    "linear algebra": ("linear algebra", "matri", "numerical"),
    "algorithms & data structures": ("algorithm", "data structure", "programming design"),
    "ML theory & practice": (
        "machine learning",
        "deep learning",
        "neural",
        "artificial intelligence",
        "learning",
    ),
    "ethics & responsible AI": ("ethic", "responsib", "fairness", "societ", "policy", "privacy"),
}

#: The guide's specializations (profile slugs) and words that mark a matching track.
SPECIALIZATION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "deep-learning": ("deep", "neural", "vision", "perception", "machine learning"),
    "data-mining-big-data": ("data mining", "big data", "analytics", "database", "data science"),
    "reinforcement-learning": ("reinforcement", "robot", "autonomous", "agent", "decision"),
    "nlp": ("language", "nlp", "text", "speech"),
    "explainable-ethical-ai": ("ethic", "responsib", "fair", "explainab", "human-centered"),
}


def core_areas_of(course: str) -> list[str]:
    """The core areas a course name advances (possibly none).

    >>> core_areas_of("Probability and Statistics for Data Science")
    ['probability & statistics']
    """
    name = course.lower()
    return [area for area, words in CORE_AREAS.items() if any(w in name for w in words)]


def matching_tracks(tracks: Sequence[str], interests: Sequence[str]) -> dict[str, list[str]]:
    """For each of the person's interests, the program tracks that match it.

    >>> matching_tracks(["Machine Learning", "HCI"], ["deep-learning", "nlp"])
    {'deep-learning': ['Machine Learning'], 'nlp': []}
    """
    out: dict[str, list[str]] = {}
    for interest in interests:
        words = SPECIALIZATION_KEYWORDS.get(interest, (interest.replace("-", " "),))
        out[interest] = [t for t in tracks if any(w in t.lower() for w in words)]
    return out
