"""Where a program is, and whether a person can reach it without moving.

- A program's place is its institution's IPEDS HD2024 city, CBSA (metro area) and
  coordinates (institution level: a program may be taught on another campus).
- A person's metro (``Profile.metro``: an OEWS metro name or area code) is read as a CBSA:
  OEWS metropolitan areas are defined on CBSAs, and the area code's last five digits are
  the CBSA code (0042660 -> 42660, Seattle-Tacoma-Bellevue, WA).
- **Reachable without moving**: the same CBSA, or an institution within
  ``COMMUTE_MILES`` (great-circle) of the person's metro centre. The metro centre is the
  mean position of the catalog's institutions in that CBSA (the census's own internal point
  is not in the snapshot). 50 miles is the IRS distance test for a work-related move
  (IRS Publication 521, *Moving Expenses*: the new workplace at least 50 miles farther
  from the old home than the old workplace was): shorter than that is treated as a commute.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

COMMUTE_MILES = 50.0
COMMUTE_SOURCE = "IRS Publication 521 (Moving Expenses), 50-mile distance test"
EARTH_RADIUS_MILES = 3958.8


def cbsa_of_area_code(area_code: str) -> str:
    """OEWS metro area code -> CBSA code (``0042660`` -> ``42660``)."""
    return area_code[-5:]


def miles_between(
    lat1: FloatArray | float, lon1: FloatArray | float, lat2: float, lon2: float
) -> FloatArray:
    """Great-circle distance in miles (haversine); NaN where a position is unknown."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    out: FloatArray = np.asarray(
        2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(np.clip(a, 0, 1))), dtype=np.float64
    )
    return out


def resolve_home_cbsa(
    metro: str | None,
    state: str | None,
    cbsa: npt.NDArray[np.object_],
    names: npt.NDArray[np.object_],
) -> str | None:
    """The person's CBSA among the catalog's metros (None when it cannot be told)."""
    if not metro:
        return None
    text = metro.strip()
    if text.isdigit():
        code = cbsa_of_area_code(text.zfill(7))
        return code if bool((cbsa == code).any()) else None
    pairs = {str(c): str(n) for c, n in zip(cbsa, names, strict=True) if c and n}
    hits = {c for c, n in pairs.items() if text.lower() in n.lower()}
    if len(hits) > 1 and state:
        in_state = {c for c in hits if re.search(rf"\b{state.upper()}\b", pairs[c])}
        hits = in_state or hits
    return next(iter(hits)) if len(hits) == 1 else None


def reachable(
    home: str,
    cbsa: npt.NDArray[np.object_],
    latitude: FloatArray,
    longitude: FloatArray,
    miles: float = COMMUTE_MILES,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(reachable, position unknown) per program for a person living in CBSA ``home``."""
    same = cbsa == home
    lat0 = latitude[same & ~np.isnan(latitude)]
    lon0 = longitude[same & ~np.isnan(longitude)]
    unknown = (cbsa == "") & np.isnan(latitude)
    if len(lat0) == 0:
        return same, unknown
    d = miles_between(latitude, longitude, float(lat0.mean()), float(lon0.mean()))
    near = np.nan_to_num(d, nan=np.inf) <= miles
    return same | near, unknown
