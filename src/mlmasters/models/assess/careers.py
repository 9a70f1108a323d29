"""The guide's five roles mapped to SOC 2018 occupations, and their wage distributions.

``ROLE_SOC_WEIGHTS`` is the one documented mapping (used here and by the ROI model for
post-degree wages). Only two roles have a federal occupation of their own (data scientist:
15-2051; research scientist: 15-1221); the other three are proxies whose weights are
mlmasters' judgment, stated as such in ``ROLE_CAVEATS`` and ``docs/assess.md``.

A role's wage distribution blends its occupations' OEWS percentiles by these weights
(quantile averaging: the blended p-th percentile is the weighted mean of each occupation's
p-th percentile). It is an approximation of the mixture distribution, labelled as such.
"""

from __future__ import annotations

ROLE_LABELS: dict[str, str] = {
    "ml-engineer": "Machine learning engineer",
    "data-scientist": "Data scientist",
    "research-scientist": "Research scientist",
    "ai-ethics-governance": "AI ethics & governance specialist",
    "ml-product-manager": "Machine learning product manager",
}

#: role -> [(SOC 2018 code, weight)], weights sum to 1. Proxies from ../shared/data/README.md.
ROLE_SOC_WEIGHTS: dict[str, list[tuple[str, float]]] = {
    # Building and deploying production ML systems is software development first (the guide:
    # "designing, developing, and deploying scalable machine learning systems"), with model
    # work (data scientists) and algorithmic depth (research scientists) as smaller shares.
    "ml-engineer": [("15-1252", 0.5), ("15-2051", 0.3), ("15-1221", 0.2)],
    "data-scientist": [("15-2051", 1.0)],
    "research-scientist": [("15-1221", 1.0)],
    # Compliance officers carry the regulatory-compliance work; management analysts the
    # organisational advice; "Managers, all other" (which files Compliance and Regulatory
    # Affairs Managers) the lead roles -- the weakest proxy, so the smallest weight.
    "ai-ethics-governance": [("13-1041", 0.5), ("13-1111", 0.3), ("11-9199", 0.2)],
    # Technical product leadership sits closest to computer & information systems managers;
    # marketing managers cover product/market strategy; project management specialists the
    # delivery work of less senior product roles.
    "ml-product-manager": [("11-3021", 0.4), ("11-2021", 0.3), ("13-1082", 0.3)],
}

#: One caveat sentence per role, shown wherever the role's figures are.
ROLE_CAVEATS: dict[str, str] = {
    "ml-engineer": (
        "There is no federal occupation code for ML engineers: the figures blend Software "
        "Developers (50%), Data Scientists (30%) and Computer and Information Research "
        "Scientists (20%), weights that are mlmasters' judgment, not measured."
    ),
    "data-scientist": (
        "Data Scientists (SOC 15-2051) is a federal occupation of its own; it includes many "
        "analytics jobs that are not machine learning work."
    ),
    "research-scientist": (
        "Computer and Information Research Scientists (SOC 15-1221) is the closest federal "
        "occupation; academic researchers (postsecondary teachers) and scientists in other "
        "fields are not in it."
    ),
    "ai-ethics-governance": (
        "There is no federal occupation code for AI ethics & governance specialists: the "
        "figures blend Compliance Officers (50%), Management Analysts (30%) and Managers, All "
        "Other (20%, which mixes many unrelated managers), weights that are mlmasters' "
        "judgment, not measured."
    ),
    "ml-product-manager": (
        "There is no federal occupation code for ML product managers: the figures blend "
        "Computer and Information Systems Managers (40%), Marketing Managers (30%) and "
        "Project Management Specialists (30%), weights that are mlmasters' judgment, not "
        "measured."
    ),
}
