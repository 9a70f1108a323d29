"""After-tax plan values kept between calls (``TAX_CACHE``), and the catalog engine's way
to them (``plan_taxes_cached``): the program page after the shortlist, or the same person
again, reuses the values the shortlist built instead of taxing every draw again.

The key holds everything a ``PlanTax`` is computed from (see ``TaxCache``); an entry is used
only when it holds every grid node the asked programs can read, and otherwise rebuilt with
the nodes it held too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from mlmasters.models.roi import aftertax as A
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.draws import Draws, Scenario
from mlmasters.models.roi.personal import IntArray, NetFn, Programs, Tables


class TaxCache:
    """After-tax plan values (``aftertax.PlanTax``) kept for the next call with the same
    draws, plan, plan scenario and tax function: the program page after the shortlist, or the
    same person again. Least recently used first out, within ``max_bytes``; thread-safe.

    The key holds everything a ``PlanTax`` is computed from: the draws (a digest of their
    values), the plan (time to degree, bridge, mode), the person's scenario in that plan (pay,
    horizon, growth, discount, switch, ...; not the tuition and premium what-ifs, which move
    only the nodes a program reads), the level grid's bounds and the tax function
    itself (by identity; the entry keeps it alive, so an identity is never reused while
    cached). A cached entry is used
    only when it holds every grid node the programs asked for can read.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[Any, ...], tuple[object, A.PlanTax]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], owner: object) -> A.PlanTax | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] is not owner:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: tuple[Any, ...], owner: object, tax: A.PlanTax) -> None:
        size = tax.nbytes
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1].nbytes
            if size > self.max_bytes:
                return
            self._items[key] = (owner, tax)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, gone) = self._items.popitem(last=False)
                self._bytes -= gone.nbytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)


#: Bytes of after-tax plan values kept between calls (about 4 plans at 10,000 draws; the
#: server keeps its RSS within 250 MB, issue 8).
TAX_CACHE_BYTES = 32 * 2**20
TAX_CACHE = TaxCache(TAX_CACHE_BYTES)


def draws_digest(draws: Draws) -> bytes:
    """A digest of the draws' values (the same draws give the same digest)."""
    h = hashlib.blake2b(digest_size=16)
    for f in dataclasses.fields(draws):
        a = np.ascontiguousarray(getattr(draws, f.name))
        h.update(f"{f.name}:{a.dtype.str}:{a.shape}".encode())
        h.update(a.tobytes())
    return h.digest()


def plan_taxes_cached(
    t: Tables,
    progs: Programs,
    groups: list[tuple[IntArray, P.PlanTerms, Scenario]],
    plans: Sequence[Hashable],
    draws: Draws,
    scen: Scenario,
    net: NetFn,
    workers: int,
) -> dict[int, A.PlanTax]:
    """After-tax plan values for each group (by ``id`` of its terms), from ``TAX_CACHE`` or
    built together (on the grid nodes the group's programs can read); ``plans`` are the
    groups' engine plans (part of the key)."""
    lo, hi = A.level_bounds(scen)
    step, _ = A.level_nodes(lo, hi)
    owner = getattr(net, "__self__", net)
    fn = getattr(net, "__func__", None)
    digest = draws_digest(draws)
    taxed: dict[int, A.PlanTax] = {}
    missing = []
    for (members, terms, sc), plan in zip(groups, plans, strict=True):
        klo, khi = A.node_range(progs, members, terms, draws, sc, lo, step)
        key = (digest, id(owner), fn, plan, sc.program_free(), lo, hi)
        hit = TAX_CACHE.get(key, owner)
        if hit is not None and A.covers(hit, klo, khi):
            taxed[id(terms)] = hit
            continue
        if hit is not None:  # keep what it held too
            klo, khi = np.minimum(klo, hit.klo), np.maximum(khi, hit.khi)
        missing.append((key, terms, sc, klo, khi))
    if missing:
        klo = np.min([m[3] for m in missing], axis=0)
        khi = np.max([m[4] for m in missing], axis=0)
        built = A.plan_taxes(
            t, net, lo, hi, [(m[1], m[2]) for m in missing], klo, khi, workers=workers,
            plan_ranges=[(m[3], m[4]) for m in missing],
        )  # fmt: skip
        for (_, terms, _, _, _), tax in zip(missing, built, strict=True):
            taxed[id(terms)] = tax
        # the plans of most programs last: the most recent stay when the cache is small (a
        # server's), and the program a person opens next is most likely on one of them
        size = {id(terms): members.size for members, terms, _ in groups}
        for key, terms, _, _, _ in sorted(missing, key=lambda m: size[id(m[1])]):
            TAX_CACHE.put(key, owner, taxed[id(terms)])
    return taxed
