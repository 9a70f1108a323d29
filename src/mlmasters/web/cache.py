"""A small thread-safe LRU for computed results of saved profiles (rank, ROI, plan).

A person clicking through their shortlist asks for the same results again and again; the
key is the profile's JSON plus the call's options, so an edited profile is recomputed.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from mlmasters._memory import release_memory

T = TypeVar("T")


class ResultCache:
    def __init__(self, size: int = 64):
        self.size = size
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts: Any) -> str:
        return json.dumps(parts, sort_keys=True, default=str)

    def peek(self, key: str) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def put(self, key: str, value: T) -> T:
        release_memory()
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def get_or_compute(self, key: str, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                value: T = self._data[key]
                return value
        value = compute()
        release_memory()  # computing a result allocates far more than the result keeps
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value
