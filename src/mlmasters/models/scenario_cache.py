"""Results kept per key and per program between calls: the plan and program-scenario caches'
parts (a key hashed once, a bounded table of keys, one result per program).

Used by ``models/scenario.py``; an ``InputError`` is kept like a result and raised again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from mlmasters.catalog.program import Program
from mlmasters.errors import InputError


class HashedKey:
    """A key hashed once (the plan inputs hold pydantic models: hashing them per program
    would cost more than the plan)."""

    __slots__ = ("hash", "keep", "key")

    def __init__(self, key: tuple[object, ...], keep: object = None):
        self.key = key
        self.hash = hash(key)
        self.keep = keep  # kept alive with the key (an object named in it by its id)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, HashedKey) and self.hash == other.hash and self.key == other.key
        )


Entry = tuple[Program, Any]  # (the program, its result or its InputError)


class PerKey:
    """Results per program for a few keys, least recently used first out; thread-safe.
    An entry keeps its program, so the program's id stays its own while kept."""

    def __init__(self, keys: int):
        self.keys = keys
        self._items: OrderedDict[HashedKey, dict[int, Entry]] = OrderedDict()
        self._lock = threading.Lock()

    def canonical(self, key: HashedKey) -> HashedKey:
        """The kept key equal to ``key`` (compared once per person, then by identity)."""
        with self._lock:
            return next((k for k in self._items if k == key), key)

    def table(self, key: HashedKey) -> dict[int, Entry]:
        with self._lock:
            per = self._items.get(key)
            if per is None:
                per = self._items[key] = {}
                while len(self._items) > self.keys:
                    self._items.popitem(last=False)
            else:
                self._items.move_to_end(key)
            return per

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def kept(per: dict[int, Entry], program: Program, make: Callable[[], Any]) -> Any:
    """``per``'s result for ``program``, made once (an ``InputError`` is kept and raised)."""
    hit = per.get(id(program))
    if hit is None or hit[0] is not program:
        try:
            value: Any = make()
        except InputError as exc:
            value = exc
        per[id(program)] = hit = (program, value)
    if isinstance(hit[1], InputError):
        raise hit[1].with_traceback(None)
    return hit[1]
