"""Settings are data: each has a default, an environment variable and help text.

The docs test checks that every setting here is documented in ``docs/settings.md``.
Nothing heavy is imported here: the CLI reads settings before deciding what to load.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from mlmasters.errors import InputError, Problem


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
        "request_timeout",
        "MLMASTERS_REQUEST_TIMEOUT",
        "20",
        "Seconds a web page or API request may run before it is answered 503 in the one "
        "error shape (0 = no budget); flag `serve --request-timeout`.",
    ),
    Setting(
        "signup_code",
        "MLMASTERS_SIGNUP_CODE",
        "(none: anyone who reaches the server may make a space)",
        "On a server with private spaces (`serve --private`, or beyond loopback), the code a "
        "person must give to make a space. No flag on purpose (a flag shows in the process "
        "list).",
    ),
    Setting(
        "rate_compute",
        "MLMASTERS_RATE_COMPUTE",
        "60",
        "Computations one person may run a minute when the server is exposed (private "
        "spaces): the model APIs and the saved-profile pages that compute; 429 beyond "
        "(0 = no limit). Per worker process.",
    ),
    Setting(
        "rate_spaces",
        "MLMASTERS_RATE_SPACES",
        "10",
        "New spaces one client address may create an hour when the server is exposed; "
        "429 beyond (0 = no limit). Per worker process.",
    ),
    Setting(
        "workers",
        "MLMASTERS_WORKERS",
        "1",
        "Worker processes of `serve` on the shared database (flag `--workers`); uvicorn's "
        "supervisor restarts one that dies.",
    ),
    Setting(
        "forwarded_allow_ips",
        "MLMASTERS_FORWARDED_ALLOW_IPS",
        "(none)",
        "Reverse proxies whose X-Forwarded-For/-Proto headers `serve` believes "
        "(comma-separated addresses or networks, or *); flag `--forwarded-allow-ips`.",
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


#: Default of ``request_timeout`` (seconds): the slowest request within the limits below
#: (a 20,000-sample TOPSIS rank of the whole catalog) takes about 10 s on a laptop.
REQUEST_TIMEOUT_DEFAULT = 20.0
REQUEST_TIMEOUT_MAX = 3600.0


def parse_request_timeout(raw: str | float | None, field: str = "request_timeout") -> float:
    """Seconds of the per-request time budget (0 = none); ``InputError`` when invalid."""
    if raw is None or raw == "":
        return REQUEST_TIMEOUT_DEFAULT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= REQUEST_TIMEOUT_MAX:  # also refuses NaN
        raise InputError(
            f"invalid request timeout {raw!r}",
            [Problem("not a number of seconds", field=field)],
            hint=f"use 0 (no budget) to {REQUEST_TIMEOUT_MAX:g} seconds, e.g. 20",
        )
    return value


def request_timeout() -> float:
    """The per-request time budget from ``MLMASTERS_REQUEST_TIMEOUT`` (default 20 s)."""
    return parse_request_timeout(os.environ.get("MLMASTERS_REQUEST_TIMEOUT"))


@dataclass(frozen=True)
class Limit:
    """A hard cap, documented in docs/settings.md; ``where`` names the code that holds it:
    ``module:CONSTANT`` or ``module:Model.field`` (its ``le``/``max_length`` constraint)."""

    name: str
    value: int
    where: str
    help: str


#: Every cap on what one request or command may ask for. A test checks each value against
#: the code and that each appears in docs/settings.md.
LIMITS: tuple[Limit, ...] = (
    Limit("request body (bytes)", 1_000_000, "mlmasters.web.limits:MAX_BODY_BYTES",
          "413 beyond, in the one error shape"),
    Limit("uploaded profile (bytes)", 65_536, "mlmasters.web.profiles:MAX_UPLOAD_BYTES",
          "TOML profile import"),
    Limit("programs per search page", 5_000, "mlmasters.service.catalog:SEARCH_LIMIT_MAX",
          "`limit` of /api/v1/programs and `programs search --limit`"),
    Limit("saved name (characters)", 120, "mlmasters.storage:MAX_NAME",
          "profile and shortlist names"),
    Limit("programs in a saved shortlist", 50, "mlmasters.storage:MAX_SHORTLIST", ""),
    Limit("ROI draws, one program", 100_000, "mlmasters.models.roi.defaults:DRAWS_MAX",
          "`options.draws` of POST /api/v1/roi and `roi --draws`"),
    Limit("ROI draws, catalog (API)", 20_000,
          "mlmasters.web.routes.roi:API_CATALOG_DRAWS_MAX",
          "`draws` of POST /api/v1/roi/catalog (default 2,000)"),
    Limit("programs per ROI catalog request", 5_000,
          "mlmasters.web.routes.roi:API_CATALOG_PROGRAMS_MAX",
          "`program_ids` of POST /api/v1/roi/catalog"),
    Limit("plan draws", 200_000, "mlmasters.models.plan.result:PlanOptions.draws",
          "`options.draws` of POST /api/v1/plan and `plan --draws` (at least 100)"),
    Limit("rank weight samples (API)", 20_000, "mlmasters.web.routes.rank:RankRequest.samples",
          "`samples` of POST /api/v1/rank"),
    Limit("rank weight samples (CLI, Python)", 200_000,
          "mlmasters.models.rank.engine:RankOptions.samples", "`rank --samples`"),
    Limit("ranked programs returned (API)", 500, "mlmasters.web.routes.rank:RankRequest.top",
          "`top` of POST /api/v1/rank; `k` of P(top k) has the same cap"),
    Limit("programs compared", 5, "mlmasters.models.rank.engine:COMPARE_MAX",
          "2 to 5, on every surface"),
    Limit("weights per request", 20, "mlmasters.web.routes.rank:RankRequest.weights",
          "keys of `weights` (six criteria exist)"),
    Limit("shortlist page rows", 100, "mlmasters.web.shortlist:TOP_MAX", "`top` of the page"),
    Limit("planned months", 240, "mlmasters.models.plan.ttd:MAX_PLANNED_MONTHS",
          "a plan longer than 20 years is refused before its terms are built"),
)  # fmt: skip


#: Defaults of ``rate_compute`` (a minute) and ``rate_spaces`` (an hour). A person clicking
#: through a shortlist, program pages and a compare runs about 10 computations a minute; 60
#: leaves room for a quick reader and stops a script at one a second. 10 spaces an hour:
#: after its first 10, a script making spaces in bulk gets one every 6 minutes (a cohort
#: signing up together behind one school address needs it raised, with a sign-up code).
RATE_COMPUTE_DEFAULT = 60
RATE_SPACES_DEFAULT = 10
RATE_MAX = 1_000_000


def parse_rate(raw: str | int | None, field: str, default: int) -> int:
    """A rate-limit count (0 = no limit); ``InputError`` when invalid."""
    if raw is None or raw == "":
        return default
    text = str(raw).strip()
    if not text.isdigit() or int(text) > RATE_MAX:
        raise InputError(
            f"invalid rate limit {raw!r}",
            [Problem("not a whole number of requests", field=field)],
            hint=f"use 0 (no limit) to {RATE_MAX:,}, e.g. {default}",
        )
    return int(text)


def rate_compute() -> int:
    """Computations a person may run a minute (``MLMASTERS_RATE_COMPUTE``; 0 = no limit)."""
    return parse_rate(
        os.environ.get("MLMASTERS_RATE_COMPUTE"), "MLMASTERS_RATE_COMPUTE", RATE_COMPUTE_DEFAULT
    )


def rate_spaces() -> int:
    """Spaces an address may create an hour (``MLMASTERS_RATE_SPACES``; 0 = no limit)."""
    return parse_rate(
        os.environ.get("MLMASTERS_RATE_SPACES"), "MLMASTERS_RATE_SPACES", RATE_SPACES_DEFAULT
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
