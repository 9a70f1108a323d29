"""Run every benchmark script in this folder (``make bench``); each prints its own table.

Benchmarks measure; tests never assert wall-clock times.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def main() -> None:
    here = Path(__file__).parent
    scripts = sorted(here.glob("bench_*.py"))
    only = set(sys.argv[1:])
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        runpy.run_path(str(script), run_name="__main__")


if __name__ == "__main__":
    main()
