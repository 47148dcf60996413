"""Where loading and extraction run: this process, worker processes, or a dask.distributed cluster.

Inputs are cut into chunks of about `Settings.chunk_bytes` (so each worker feeds spaCy full batches and
the cores stay balanced); `work.process_chunk` handles a chunk wherever it runs, and results are
put back in input order, so the output is the same for any number of jobs or engine. Each worker
process loads the spaCy model once, lazily.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any, Protocol

from crosscheck.errors import CrosscheckError
from crosscheck.settings import Settings
from crosscheck.work import FileResult, Item, code_fingerprint, process_chunk

CHUNK_ITEMS = 48
# Called as each chunk finishes: (chunk index, its results).
Finished = Callable[[int, list[FileResult]], None]


class Progress(Protocol):
    """What the pipeline tells a progress display: how many inputs to process, and each done."""

    def start(self, total: int) -> None: ...

    def advance(self, done: int) -> None: ...


class EngineError(CrosscheckError):
    """The worker processes or the cluster failed (not the input)."""


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(items: Sequence[Item], size_limit: int) -> list[list[Item]]:
    """Consecutive runs of items of about `size_limit` bytes (and at most CHUNK_ITEMS items) each."""
    out: list[list[Item]] = []
    current: list[Item] = []
    size = 0
    for item in items:
        if current and (size + len(item.raw) > size_limit or len(current) >= CHUNK_ITEMS):
            out.append(current)
            current, size = [], 0
        current.append(item)
        size += len(item.raw)
    if current:
        out.append(current)
    return out


def parses_here_with_a_core_to_spare(items: Sequence[Item], settings: Settings) -> bool:
    """Whether `process` will parse these items in this process (one chunk of work) although the
    machine has another core and `--jobs` was left to its default."""
    if settings.engine == "dask" or settings.jobs or cores() < 2:
        return False
    return len(chunks(items, settings.chunk_bytes)) == 1


def process(
    items: Sequence[Item],
    settings: Settings,
    progress: Progress | None = None,
    keep: Finished | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[FileResult]:
    """Load and extract every item; results in item order.

    `keep(first, results)` is called as each chunk finishes, with the index of its first item, so
    the caller can store results before the whole run is done. `meanwhile()`, when the chunks run
    elsewhere (worker processes or a cluster), runs on a thread of this process while it waits:
    work the caller needs later (its errors are left for that later use to raise)."""
    if not items:
        return []
    parts = chunks(items, settings.chunk_bytes)
    starts = list(accumulate((len(part) for part in parts), initial=0))

    def finished(index: int, results: list[FileResult]) -> None:
        if progress:
            progress.advance(len(parts[index]))
        if keep:
            keep(starts[index], results)

    if progress:
        progress.start(len(items))
    workers = min(settings.jobs or cores(), len(parts))
    helper = None
    if meanwhile is not None and (settings.engine == "dask" or workers > 1):
        helper = threading.Thread(target=_quietly, args=(meanwhile,), name="crosscheck-meanwhile", daemon=True)
        helper.start()
    try:
        if settings.engine == "dask":
            results = _on_dask(parts, settings, finished)
        elif workers > 1:
            results = _in_processes(parts, settings, workers, finished)
        else:
            results = _here(parts, settings, finished)
    finally:
        if helper is not None:
            helper.join()
    return [result for part in results for result in part]


def _quietly(work: Callable[[], None]) -> None:
    """Run `work`, ignoring its errors (the caller meets them again when it needs the result)."""
    with contextlib.suppress(Exception):  # preparation only: the later use reports the failure
        work()


def _here(parts: list[list[Item]], settings: Settings, finished: Finished) -> list[list[FileResult]]:
    results = []
    for index, part in enumerate(parts):
        results.append(process_chunk(part, settings))
        finished(index, results[-1])
    return results


def _in_processes(
    parts: list[list[Item]], settings: Settings, workers: int, finished: Finished
) -> list[list[FileResult]]:
    """Chunks on a pool of fresh interpreters ('spawn': no state inherited, the same on every OS)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    results: list[list[FileResult] | None] = [None] * len(parts)
    context = multiprocessing.get_context("spawn")
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_exit_quickly)
        try:
            futures = {pool.submit(process_chunk, part, settings): index for index, part in enumerate(parts)}
            for future in as_completed(futures):
                index = futures[future]
                results[index] = future.result()
                finished(index, results[index] or [])
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        # Every result is in: the workers exit on their own while this process goes on (a quarter
        # of a second of waiting for them to free their memory, otherwise).
        pool.shutdown(wait=False)
    except BrokenProcessPool as exc:
        raise EngineError(f"a worker process died ({exc}); out of memory? try fewer --jobs") from None
    return [r for r in results if r is not None]


def _exit_quickly() -> None:
    """In a worker process: once the pool lets it go (every result sent), end it without tearing
    down its objects one by one (the model and the pipeline's caches: a fifth of a second of a
    core, while the main process links and reconciles)."""
    import atexit

    atexit.register(os._exit, 0)


def _on_dask(parts: list[list[Item]], settings: Settings, finished: Finished) -> list[list[FileResult]]:
    """Chunks as tasks on a dask.distributed cluster (a local one when no scheduler is given)."""
    try:
        import dask.distributed
    except ImportError:
        raise EngineError("--engine dask needs the dask extra: pip install 'crosscheck[dask]'") from None
    distributed: Any = dask.distributed  # untyped library
    Client, LocalCluster, as_completed = distributed.Client, distributed.LocalCluster, distributed.as_completed
    cluster: Any = None
    try:
        if settings.scheduler:
            client = Client(settings.scheduler, timeout="10s")
        else:
            cluster = LocalCluster(
                n_workers=settings.jobs or cores(), threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the dask scheduler {settings.scheduler}: {exc}") from None
    try:
        _check_workers(client)
        futures = client.map(process_chunk, parts, settings=settings, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        results: list[list[FileResult] | None] = [None] * len(parts)
        for future in as_completed(futures):
            i = index[future.key]
            results[i] = future.result()
            finished(i, results[i] or [])
        return [r for r in results if r is not None]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _fingerprint() -> str:
    return code_fingerprint()


def _check_workers(client: Any) -> None:
    """Every worker must run this very crosscheck (same code and lexicons), or results would differ."""
    mine = code_fingerprint()
    try:
        theirs = client.run(_fingerprint)
    except Exception as exc:  # a worker without crosscheck installed cannot even unpickle the function
        raise EngineError(f"the dask workers cannot run crosscheck ({exc}); install it on every worker") from None
    if not theirs:
        raise EngineError("the dask cluster has no workers")
    different = sorted(address for address, value in theirs.items() if value != mine)
    if different:
        raise EngineError(
            f"dask workers {', '.join(different[:3])} run a different crosscheck version; install the same one"
        )
