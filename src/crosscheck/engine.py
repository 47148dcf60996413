"""Where loading and extraction run: this process, worker processes, or a dask.distributed cluster.

Inputs are cut into chunks of about `Settings.chunk_bytes` (so each worker feeds spaCy full batches and
the cores stay balanced); `work.process_chunk` handles a chunk wherever it runs, and results are
put back in input order, so the output is the same for any number of jobs or engine. Each worker
process loads the spaCy model once, lazily.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any, NoReturn, Protocol

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
    if settings.engine == "dask":
        results = _on_dask(parts, settings, finished)
    elif workers > 1:
        results = _in_processes(parts, settings, workers, finished)
    else:
        results = _here(parts, settings, finished)
    if helper is not None:  # not when the run failed or was stopped: a daemon thread, nothing waits for it
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
    """Chunks on worker processes: fresh interpreters ('spawn': nothing inherited, the same on every
    OS), each fed over pipes of its own. Whatever stops the run (an error, Ctrl-C, SIGTERM) kills
    them on the way out: no process outlives the run, and nothing waits on a pipe that a dead
    process was writing."""
    pool = _Pool(workers, settings)
    try:
        results = pool.run(parts, finished)
    except BaseException:
        pool.kill()
        raise
    # Every result is in: the workers exit on their own while this process goes on (a quarter
    # of a second of waiting for them to free their memory, otherwise).
    pool.release()
    return results


# Chunks a worker holds at once: the one it extracts and the next, so that it never waits for this
# process (busy storing and featurizing the last result) to send it work.
AHEAD = 2


class _Worker:
    """One worker process, the pipes to it and the chunks it holds (by index, in order)."""

    def __init__(self, context: Any, settings: Settings, number: int) -> None:
        tasks_out, self.tasks = context.Pipe(duplex=False)
        self.results, results_in = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_serve, args=(tasks_out, results_in, settings), name=f"crosscheck-worker-{number}"
        )
        self.held: deque[int] = deque()
        try:
            self.process.start()
        finally:
            # The child has its own copies: with these closed, its death reads as the end of its pipe.
            tasks_out.close()
            results_in.close()


class _Pool:
    """Worker processes that extract chunks; results come back in any order, each put in its place."""

    def __init__(self, workers: int, settings: Settings) -> None:
        import multiprocessing

        from crosscheck.interrupts import starting_children

        context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        try:
            with starting_children():
                for number in range(workers):
                    self.workers.append(_Worker(context, settings, number + 1))
        except BaseException:
            self.kill()
            raise

    def run(self, parts: list[list[Item]], finished: Finished) -> list[list[FileResult]]:
        """Every chunk's results, in chunk order; `finished` as each comes back."""
        from multiprocessing.connection import wait

        results: list[list[FileResult] | None] = [None] * len(parts)
        todo = deque(range(len(parts)))
        for _ in range(AHEAD):
            for worker in self.workers:
                if todo:
                    self._send(worker, todo.popleft(), parts)
        by_pipe = {worker.results: worker for worker in self.workers}
        left = len(parts)
        while left:
            for pipe in wait([worker.results for worker in self.workers if worker.held]):
                worker = by_pipe[pipe]
                outcome, value = self._receive(worker)
                index = worker.held.popleft()
                if todo:
                    self._send(worker, todo.popleft(), parts)
                if outcome == "error":
                    raise value
                results[index] = value
                left -= 1
                finished(index, value)
        return [r for r in results if r is not None]

    def _send(self, worker: _Worker, index: int, parts: list[list[Item]]) -> None:
        try:
            worker.tasks.send(parts[index])
        except OSError:  # the worker died: the end of its results pipe says how
            self._died(worker)
        worker.held.append(index)

    def _receive(self, worker: _Worker) -> tuple[str, Any]:
        try:
            received: tuple[str, Any] = worker.results.recv()
        except (EOFError, OSError):
            self._died(worker)
        return received

    def _died(self, worker: _Worker) -> NoReturn:
        worker.process.join(timeout=1.0)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        raise EngineError(f"a worker process died ({how}); out of memory? try fewer --jobs")

    def release(self) -> None:
        """No more work: each worker exits once it has read to the end of its pipe."""
        for worker in self.workers:
            worker.tasks.close()
            worker.results.close()

    def kill(self) -> None:
        """End every worker now, whatever it is doing, and reap it."""
        for worker in self.workers:
            worker.process.kill()
        for worker in self.workers:
            worker.process.join(timeout=5.0)
            worker.tasks.close()
            worker.results.close()


def _serve(tasks: Any, results: Any, settings: Settings) -> None:
    """A worker process: extract each chunk read from `tasks`, send the results (or the error) to
    `results`; end at the end of `tasks`. A thread reads the next chunk while this one is extracted."""
    import queue

    from crosscheck.interrupts import ignore_interrupts

    ignore_interrupts()
    _exit_quickly()
    inbox: queue.SimpleQueue[list[Item] | None] = queue.SimpleQueue()
    threading.Thread(target=_read_into, args=(tasks, inbox), name="crosscheck-reader", daemon=True).start()
    while (part := inbox.get()) is not None:
        reply: tuple[str, Any]
        try:
            reply = ("done", process_chunk(part, settings))
        except Exception as exc:  # sent back: the main process raises it
            reply = ("error", _portable(exc))
        try:
            results.send(reply)
        except OSError:  # the main process is gone: nobody to tell
            return


def _read_into(tasks: Any, inbox: Any) -> None:
    try:
        while True:
            inbox.put(tasks.recv())
    except (EOFError, OSError):
        inbox.put(None)


def _portable(exc: Exception) -> Exception:
    """The error as it can cross to the main process (pickled), with the worker's traceback as a note."""
    import pickle
    import traceback

    where = "in a worker process:\n" + "".join(traceback.format_exception(exc)).rstrip()
    try:
        exc.add_note(where)
        pickle.loads(pickle.dumps(exc))
    except Exception:  # an error that does not pickle: its type and message
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        exc.add_note(where)
    return exc


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
            from crosscheck.interrupts import starting_children

            with starting_children():  # its processes ignore Ctrl-C as ours do; closing it ends them
                cluster = LocalCluster(
                    n_workers=settings.jobs or cores(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # its workers' notes when a run stops (tasks cancelled, a worker killed after
                    # 4 s) are not the user's business: one line says the run stopped
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the dask scheduler {settings.scheduler}: {exc}") from None
    except BaseException:  # stopped while the local cluster started: its processes end with it
        if cluster is not None:
            cluster.close()
        raise
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
