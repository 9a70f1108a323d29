"""Give freed memory back to the operating system after large, short-lived work.

Building the catalog or a whole-catalog Monte Carlo allocates and frees hundreds of
megabytes; glibc's malloc keeps such pages mapped unless asked to trim them, and Arrow's
allocator keeps its own pool. A long-running server calls this after such work so that its
resident memory reflects what it keeps, not what it once used. A no-op elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
        return lib if hasattr(lib, "malloc_trim") else None
    except OSError:
        return None


def release_memory() -> None:
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass
    lib = _libc()
    if lib is not None:
        lib.malloc_trim(0)
