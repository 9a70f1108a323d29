"""Give freed memory back to the operating system after large, short-lived work.

Building the catalog or a whole-catalog Monte Carlo allocates and frees hundreds of
megabytes; glibc's malloc keeps such pages mapped unless asked to trim them, and Arrow's
allocator keeps its own pool. A long-running server calls this after such work so that its
resident memory reflects what it keeps, not what it once used. A no-op elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any

#: pyarrow.fs's optional remote filesystems (each a library of its own: the S3 one alone
#: kept 7 MB resident in every worker). A server reads its snapshot from local disk.
REMOTE_FILESYSTEMS = ("pyarrow._s3fs", "pyarrow._gcsfs", "pyarrow._azurefs", "pyarrow._hdfs")


#: Allocations from this size on get their own mapping (returned to the OS when freed).
MMAP_THRESHOLD = 4 * 2**20


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


def tune_for_server() -> None:
    """Settings for a long-running server, before its thread pool starts and before any
    large Arrow buffer exists.

    - glibc: at most two malloc arenas (each worker thread would otherwise keep one and the
      resident memory grows with concurrency), and a fixed mmap (and trim) threshold of 4 MB:
      the catalog's large tables live in their own mappings and go back to the OS when freed
      (glibc otherwise raises the threshold after the first large free, and four workers kept
      277 MB each instead of 262 with the result cache full), while the many arrays of a
      program block or a draw column (80 KB - 4 MB) reuse the heap. The 256 KB threshold
      used before made each of them a fresh mapping, and its page faults made a new person's
      first shortlist 0.77 s instead of 0.67 s, for the same memory
      (benchmarks/bench_issue25.py).
    - Arrow: the system allocator instead of the bundled mimalloc, which reserves a 1 GiB
      region and kept ~35 MB of it resident after the catalog build (measured with
      benchmarks/bench_web.py: server RSS 268 -> 219 MB); Arrow buffers then follow the
      glibc settings above.
    - pyarrow.fs without its remote filesystems (``REMOTE_FILESYSTEMS``): it imports each
      only if it can, and a module set to None in ``sys.modules`` cannot be imported. Too
      late once pyarrow.fs is loaded (nothing before the app imports it).
    """
    if "pyarrow.fs" not in sys.modules:
        for name in REMOTE_FILESYSTEMS:
            sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    lib = _libc()
    if lib is not None:
        lib.mallopt(-8, 2)  # M_ARENA_MAX
        lib.mallopt(-3, MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
        lib.mallopt(-1, MMAP_THRESHOLD)  # M_TRIM_THRESHOLD
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def release_memory() -> None:
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass
    lib = _libc()
    if lib is not None:
        lib.malloc_trim(0)
