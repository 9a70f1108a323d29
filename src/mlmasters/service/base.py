"""State shared by every service: the verified snapshot, the catalog, wage look-ups."""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

from mlmasters._memory import release_memory
from mlmasters.catalog.catalog import Catalog, build_catalog
from mlmasters.catalog.records import parse_program_records
from mlmasters.data.snapshot import Snapshot
from mlmasters.settings import default_data_dir
from mlmasters.wages import Wages


class ServiceBase:
    """Holds the verified snapshot; catalog and look-ups are built once, on first use."""

    def __init__(self, data_dir: Path | None = None, programs_file: Path | None = None):
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.snapshot = Snapshot.open(self.data_dir)
        self._programs_file = programs_file
        self._lock = threading.RLock()

    @cached_property
    def catalog(self) -> Catalog:
        with self._lock:
            cat = build_catalog(self.snapshot)
            if self._programs_file is not None:
                records = parse_program_records(self._programs_file, taken=cat.ids)
                cat = cat.with_user_programs(records, str(self._programs_file))
            release_memory()
            return cat

    @cached_property
    def wages(self) -> Wages:
        with self._lock:
            return Wages(self.snapshot)
