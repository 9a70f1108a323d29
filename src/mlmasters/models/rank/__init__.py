"""Rank and compare programs: hard filters, six criteria in [0, 1] with a sentence of why,
persona default weights, weighted sum or TOPSIS, and SMAA-style rank robustness.

Pure pieces: ``filters``, ``criteria``, ``weights``, ``methods``, ``robustness``; the shell
that assembles them: ``engine``; the typed results: ``results``. See docs/rank.md.
"""

from mlmasters.models.rank.methods import METHODS, topsis, weighted_sum
from mlmasters.models.rank.robustness import (
    DEFAULT_CONCENTRATION,
    sample_weights,
    topk_probabilities,
)
from mlmasters.models.rank.weights import CRITERIA, PERSONA_WEIGHTS, parse_weights

__all__ = [
    "CRITERIA",
    "DEFAULT_CONCENTRATION",
    "METHODS",
    "PERSONA_WEIGHTS",
    "parse_weights",
    "sample_weights",
    "topk_probabilities",
    "topsis",
    "weighted_sum",
]
