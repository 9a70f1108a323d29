"""What drives the ROI: p50 NPV when each driver moves one documented step (tornado data).

Each driver is also a what-if parameter of ``Service.roi``. Steps (from the issue, documented
in ``docs/roi.md``): tuition -20% / +20%; post-degree wage at the occupation's p25 / p75;
real wage growth -1 / +1 point; discount rate 2% / 7%; time to degree at its P10 / P90;
completion -10 / +10 points; job search 0 / 6 months. The same draws are used for every
step (common random numbers), so a bar shows the driver's effect, not sampling noise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from mlmasters.models.roi.draws import Scenario

Z25 = NormalDist().inv_cdf(0.25)
Z75 = NormalDist().inv_cdf(0.75)


@dataclass(frozen=True)
class Driver:
    name: str
    label: str
    low_label: str
    high_label: str
    low: Callable[[Scenario], dict[str, Any]]
    high: Callable[[Scenario], dict[str, Any]]


DRIVERS: tuple[Driver, ...] = (
    Driver(
        "tuition",
        "Tuition and fees",
        "-20%",
        "+20%",
        lambda s: {"tuition_scale": s.tuition_scale * 0.8},
        lambda s: {"tuition_scale": s.tuition_scale * 1.2},
    ),
    Driver(
        "post_degree_wage",
        "Post-degree wage",
        "occupation p25",
        "occupation p75",
        lambda s: {"wage_z": Z25},
        lambda s: {"wage_z": Z75},
    ),
    Driver(
        "wage_growth",
        "Real wage growth",
        "-1 point",
        "+1 point",
        lambda s: {"growth_mean": s.growth_mean - 0.01},
        lambda s: {"growth_mean": s.growth_mean + 0.01},
    ),
    Driver(
        "discount_rate",
        "Discount rate",
        "2%",
        "7%",
        lambda s: {"discount_rate": 0.02},
        lambda s: {"discount_rate": 0.07},
    ),
    Driver(
        "time_to_degree",
        "Time to degree",
        "P10 (fast)",
        "P90 (slow)",
        lambda s: {"ttd_quantile": 0.1},
        lambda s: {"ttd_quantile": 0.9},
    ),
    Driver(
        "completion",
        "Completion probability",
        "-10 points",
        "+10 points",
        lambda s: {"completion_shift": s.completion_shift - 0.1},
        lambda s: {"completion_shift": s.completion_shift + 0.1},
    ),
    Driver(
        "job_search",
        "Job search after study",
        "0 months",
        "6 months",
        lambda s: {"search_months": 0.0},
        lambda s: {"search_months": 6.0},
    ),
)


@dataclass(frozen=True)
class TornadoBar:
    driver: str
    label: str
    low_label: str
    high_label: str
    npv_p50_low: float
    npv_p50_high: float


def tornado(base: Scenario, p50: Callable[[Scenario], float]) -> list[TornadoBar]:
    """p50 NPV at each driver's low and high step, sorted by swing (largest first)."""
    bars = []
    for d in DRIVERS:
        low = p50(dataclasses.replace(base, **d.low(base)))
        high = p50(dataclasses.replace(base, **d.high(base)))
        bars.append(TornadoBar(d.name, d.label, d.low_label, d.high_label, low, high))
    return sorted(bars, key=lambda b: -abs(b.npv_p50_high - b.npv_p50_low))
