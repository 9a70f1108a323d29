"""Settings are data: each has a default, an environment variable and help text.

The docs test checks that every setting here is documented in ``docs/settings.md``.
Nothing heavy is imported here: the CLI reads settings before deciding what to load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mlmasters.errors import InputError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


#: The 4-digit CIP families that count as "ML-relevant" for the catalog.
#: ``11`` alone means every 11.xx code. Source: CIP 2020 titles (NCES).
ML_CIP_FAMILIES: tuple[str, ...] = (
    "11",  # Computer and Information Sciences and Support Services (all 11.xx)
    "14.09",  # Computer Engineering
    "27.03",  # Applied Mathematics
    "27.05",  # Statistics
    "30.08",  # Mathematics and Computer Science
    "30.30",  # Computational Science
    "30.70",  # Data Science
    "30.71",  # Data Analytics
    "52.13",  # Management Sciences and Quantitative Methods
)

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir",
        "MLMASTERS_DATA_DIR",
        "(per-user data directory)",
        "Directory holding the data snapshot (and, by default, the saved-profiles "
        "database). Defaults to the per-user data directory, e.g. ~/.local/share/mlmasters.",
    ),
    Setting(
        "host",
        "MLMASTERS_HOST",
        "127.0.0.1",
        "Address the web server binds to. Loopback by default.",
    ),
    Setting("port", "MLMASTERS_PORT", "8000", "TCP port of the web server."),
    Setting(
        "database_url",
        "MLMASTERS_DATABASE_URL",
        "sqlite:///<data_dir>/mlmasters.db",
        "Database of saved profiles and shortlists (any SQLAlchemy URL).",
    ),
    Setting(
        "ml_cip_families",
        "MLMASTERS_CIP_FAMILIES",
        ",".join(ML_CIP_FAMILIES),
        "Comma-separated CIP codes (2-digit series or 4-digit families, e.g. 11,27.05) "
        "whose master's and bachelor's rows the snapshot keeps. Changing it needs "
        "`mlmasters data build --force`.",
    ),
)


def default_data_dir() -> Path:
    env = os.environ.get("MLMASTERS_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mlmasters", appauthor=False))


def normalize_cip(code: str) -> str:
    """Return a CIP family as ``NN`` or ``NN.NN``; accepts ``1101``, ``11.01``, ``11.0101``."""
    raw = code.strip()
    digits = raw.replace(".", "")
    if not digits.isdigit() or len(digits) not in (2, 4, 6):
        raise InputError(
            f"invalid CIP code {code!r}",
            hint="use a 2-digit series (11) or a 4-digit family such as 11.01 or 1101",
        )
    if len(digits) == 2:
        return digits
    return f"{digits[:2]}.{digits[2:4]}"


def cip_families() -> tuple[str, ...]:
    env = os.environ.get("MLMASTERS_CIP_FAMILIES")
    if not env:
        return ML_CIP_FAMILIES
    return tuple(sorted({normalize_cip(c) for c in env.split(",") if c.strip()}))


def cip_matches(cip4: str, families: tuple[str, ...]) -> bool:
    """True when the 4-digit CIP ``NN.NN`` belongs to one of ``families``."""
    return any(cip4 == f or (len(f) == 2 and cip4[:2] == f) for f in families)
