"""``make bench``: issue 25's table (``bench_issue25.py``: measure | before | after | target,
measured in one run). Other scripts of this folder by name, or every one with ``all``:

    python benchmarks/run.py                 # the one table
    python benchmarks/run.py bench_roi bench_rank
    python benchmarks/run.py all

Benchmarks measure; tests never assert wall-clock times.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

DEFAULT = ("bench_issue25",)


def main() -> None:
    here = Path(__file__).parent
    scripts = sorted(here.glob("bench_*.py"))
    asked = [a for a in sys.argv[1:] if not a.startswith("-")]
    only = None if asked == ["all"] else set(asked or DEFAULT)
    for script in scripts:
        if only is not None and script.stem not in only:
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        sys.argv = [str(script)]
        runpy.run_path(str(script), run_name="__main__")


if __name__ == "__main__":
    main()
