"""Where chunks run: in this process, a local process pool, or a Dask cluster.

Every engine takes an iterator of ``ChunkTask`` and yields ``ChunkResult`` as chunks finish
(in any order), keeping at most ``IN_FLIGHT_PER_WORKER`` chunks per worker submitted at a
time, so memory stays bounded however many scenarios the input holds. No engine has code of
its own for scheduling, retries or transport: the process pool is the standard library's,
and the cluster engine is Dask's (``dask.distributed``), on a ``LocalCluster`` it starts on
127.0.0.1 or on an existing scheduler.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Literal, Protocol

from mlmasters.batch._worker import init_worker, ping, run_chunk, warm
from mlmasters.batch.chunks import ChunkResult, ChunkTask
from mlmasters.errors import InputError

EngineName = Literal["local", "dask"]
#: Chunks submitted per worker at a time: one running, one waiting to start.
IN_FLIGHT_PER_WORKER = 2
#: Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its workers, which turns off glibc's
#: dynamic mmap threshold: every large NumPy array of a scenario becomes a fresh mmap (page
#: faults each time). The LocalCluster started here leaves glibc's default (measured: 30 %
#: faster on this workload, benchmarks/bench_batch.py); see docs/batch.md for clusters.
UNTRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
#: How long to wait for an existing Dask scheduler to answer.
DASK_CONNECT_TIMEOUT = "10s"


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Engine(Protocol):
    name: str
    workers: int

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]: ...

    def close(self) -> None: ...


class InProcess:
    """One worker: the calling process itself, with its own service (no start-up cost)."""

    name = "local"
    workers = 1

    def __init__(self, compute: Callable[[ChunkTask], ChunkResult]):
        self._compute = compute

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        for task in tasks:
            yield self._compute(task)

    def close(self) -> None:
        pass


class LocalPool:
    """A pool of worker processes (spawned: no state inherited from this process)."""

    name = "local"

    def __init__(self, workers: int, data_dir: str | None, programs_file: str | None):
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(data_dir, programs_file),
        )
        for _ in range(workers):  # start every worker now: each opens the snapshot
            self._pool.submit(ping)

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        pending: set[Future[ChunkResult]] = set()
        it = iter(tasks)
        limit = IN_FLIGHT_PER_WORKER * self.workers
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                task = next(it, None)
                if task is None:
                    exhausted = True
                    break
                pending.add(self._pool.submit(run_chunk, task))
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """Chunks as Dask tasks: a ``LocalCluster`` on 127.0.0.1, or an existing scheduler."""

    name = "dask"

    def __init__(
        self,
        workers: int,
        scheduler: str | None = None,
        data_dir: str | None = None,
        programs_file: str | None = None,
    ):
        try:
            dd = importlib.import_module("dask.distributed")
        except ImportError:
            raise InputError(
                "--engine dask needs Dask",
                hint="pip install 'mlmasters[dask]' (or pip install 'dask[distributed]')",
            ) from None
        self._dd = dd
        self._cluster: Any = None
        if scheduler:
            try:
                self._client = dd.Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(
                    f"cannot reach the Dask scheduler at {scheduler} ({exc})",
                    hint="give its address as tcp://HOST:8786 and check it is running",
                ) from None
            threads = sum(self._client.nthreads().values())
            self.workers = max(1, int(threads))
        else:
            dask = importlib.import_module("dask")
            with dask.config.set({UNTRIM: None}):
                self._cluster = dd.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self._client = dd.Client(self._cluster)
            self.workers = workers
        for address in self._client.nthreads():
            self._client.submit(
                warm, data_dir, programs_file, workers=[address], pure=False, key=f"warm-{address}"
            )  # each worker opens the snapshot while the client checks the rows

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        it = iter(tasks)
        limit = IN_FLIGHT_PER_WORKER * self.workers
        first = []
        for task in it:
            first.append(self._client.submit(run_chunk, task, pure=False))
            if len(first) >= limit:
                break
        if not first:
            return
        queue = self._dd.as_completed(first)
        for fut in queue:
            result: ChunkResult = fut.result()
            fut.release()
            following = next(it, None)
            if following is not None:
                queue.add(self._client.submit(run_chunk, following, pure=False))
            yield result

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(
    engine: EngineName,
    workers: int | None,
    scheduler: str | None,
    in_process: Callable[[ChunkTask], ChunkResult],
    data_dir: str | None = None,
    programs_file: str | None = None,
) -> Engine:
    """The engine for the options; ``workers`` defaults to every core of this machine.

    Workers start at once and open the snapshot (``data_dir``) in the background.
    """
    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask", hint="add --engine dask")
    n = workers or available_cores()
    if engine == "dask":
        return DaskEngine(n, scheduler, data_dir, programs_file)
    if n == 1:
        return InProcess(in_process)
    return LocalPool(n, data_dir, programs_file)
