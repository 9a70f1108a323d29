"""Soak, briefly: the loop of benchmarks/bench_soak.py (a user's whole session, repeated by
a few clients) against a real ``mlmasters serve`` on 127.0.0.1 for about 40 s. No request
may fail, and the server's resident memory after the warm-up may grow by at most
``RSS_GROWTH_MAX_MB``.

The bound: after the warm-up the caches are full (results LRU, saved-profile reads, tax
tables), so what remains is allocator and SQLite page-cache noise, a few MB. A leak of even
one 10 KB result per request (several thousand requests here) would pass it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
RSS_GROWTH_MAX_MB = 30.0
MB = 1024 * 1024


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_soak", ROOT / "benchmarks" / "bench_soak.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_short_soak_no_errors_flat_memory(small_data_dir: Path, tmp_path: Path) -> None:
    bench = _bench()
    report = bench.soak(small_data_dir, seconds=40, clients=3, sample_every=2, warmup=15,
                        log=tmp_path / "server.log")  # fmt: skip
    print("\n" + bench.format_report(report))
    assert not report.errors, report.errors[:5]
    assert report.requests >= 300
    assert len(report.measured_rss()) >= 8
    growth = (report.rss_end - report.rss_start) / MB
    assert growth < RSS_GROWTH_MAX_MB, f"RSS grew {growth:.1f} MB after warm-up"
