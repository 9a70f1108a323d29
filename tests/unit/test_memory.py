"""The server's memory settings (issue 8: server RSS <= 250 MB; measured by
benchmarks/bench_web.py, never asserted as a figure here)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from mlmasters.wages import _int32


def test_tune_for_server_switches_arrow_to_the_system_allocator() -> None:
    # a fresh interpreter: the pool is process-wide and other tests keep the default
    code = (
        "import pyarrow as pa\n"
        "from mlmasters._memory import tune_for_server, release_memory\n"
        "before = pa.default_memory_pool().backend_name\n"
        "tune_for_server()\n"
        "t = pa.table({'x': list(range(100000))})\n"
        "release_memory()\n"
        "print(before, pa.default_memory_pool().backend_name, t.num_rows)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[1:] == ["system", "100000"]  # out[0]: mimalloc or jemalloc by default


def test_wage_values_fit_int32_or_the_build_refuses() -> None:
    ok = _int32(np.array([0, 239_200, 155_495_730], dtype=np.int64))
    assert ok.dtype == np.int32 and ok.tolist() == [0, 239_200, 155_495_730]
    with pytest.raises(ValueError, match="int32"):
        _int32(np.array([2**31], dtype=np.int64))
