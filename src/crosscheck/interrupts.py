"""Interrupts (SIGINT, Ctrl-C) and termination (SIGTERM): the run stops at once, and every process
it started ends with it.

The command line calls `stop_on_signals`: from then on the first SIGINT or SIGTERM raises
`Interrupted` in the main thread, wherever it is, and each part of the run that started processes
ends them on the way out (`engine`). Later signals only call the `then` hook (the command line's
watchdog), so cleaning up is never interrupted itself.

A terminal sends Ctrl-C to the whole process group, so the processes a run starts would get it
too and die with a traceback each, halfway through a message to the main process. They ignore it
instead (`ignore_interrupts`: the main process decides), and they are started inside
`starting_children`, with SIGINT blocked, so that it cannot reach them before that either (while
they import). A signal that arrives while processes are being started is raised when the last one
is started, so that none is started and lost.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Interrupted", "done", "ignore_interrupts", "kill_children", "starting_children", "stop_on_signals"]

_HANDLED = (signal.SIGINT, signal.SIGTERM)
_CAN_MASK = hasattr(signal, "pthread_sigmask")


class Interrupted(BaseException):
    """A SIGINT or SIGTERM stopped the run. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` on the way turns it into an error; not a KeyboardInterrupt, which click
    would turn into its own "Aborted!"."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process that a signal ended (130, 143)."""
        return 128 + self.signum

    @property
    def word(self) -> str:
        """'interrupted' for SIGINT, 'terminated' for SIGTERM."""
        return "interrupted" if self.signum == signal.SIGINT else "terminated"


class _State:
    """What the installed handler knows: whether it already raised, and whether to wait."""

    def __init__(self) -> None:
        self.received: int | None = None  # the first signal
        self.raised = False
        self.deferring = 0  # processes being started: raise when they are
        self.then: Callable[[int], None] | None = None


_state = _State()


def stop_on_signals(then: Callable[[int], None] | None = None) -> None:
    """From now on SIGINT and SIGTERM raise `Interrupted` in the main thread (the first of them
    only; each also calls `then(signum)`). Call it from the main thread, once per process."""
    _state.then = then
    for signum in _HANDLED:
        signal.signal(signum, _handle)


def done() -> None:
    """The command has finished: a signal from now on no longer raises (the process is exiting
    with the command's own code); it only calls `then`."""
    _state.raised = True


def _handle(signum: int, frame: FrameType | None) -> None:
    if _state.received is None:
        _state.received = signum
    if _state.then is not None:
        _state.then(signum)
    if _state.raised or _state.deferring:
        return
    _state.raised = True
    raise Interrupted(signum)


@contextmanager
def starting_children() -> Iterator[None]:
    """Start processes inside this block: they begin with SIGINT blocked (inherited), and an
    `Interrupted` due meanwhile is raised at the end of the block, once all of them are started
    (and known to whoever started them), not halfway through starting one."""
    main = _in_main_thread()  # the handler runs in the main thread: only there can it wait
    _state.deferring += main
    before = None
    try:
        if _CAN_MASK:
            # multiprocessing starts its resource tracker with the first process, and then
            # *unblocks* SIGINT and SIGTERM in the starting thread: start it first, then block.
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
            before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        yield
    finally:
        _state.deferring -= main
        if before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        _raise_deferred()


def _raise_deferred() -> None:
    if _state.received is not None and not _state.raised and not _state.deferring and _in_main_thread():
        _state.raised = True
        raise Interrupted(_state.received)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def ignore_interrupts() -> None:
    """In a process started inside `starting_children`: ignore SIGINT for good (the main process
    decides when the run stops), and unblock it (a pending one is dropped)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _CAN_MASK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def kill_children() -> None:
    """Kill every process this one started and that still runs: the last resort when stopping
    hangs. multiprocessing's resource tracker is spared: it ends by itself once they are all gone,
    and removes what they left behind."""
    import os

    tracker = _resource_tracker()
    for pid in _children():
        if pid != tracker:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _children() -> set[int]:
    """This process's child processes (from /proc on Linux; else those multiprocessing started)."""
    from pathlib import Path

    found: set[int] = set()
    try:
        for task in Path("/proc/self/task").iterdir():
            found.update(int(pid) for pid in (task / "children").read_text().split())
    except OSError:
        import multiprocessing

        found.update(p.pid for p in multiprocessing.active_children() if p.pid is not None)
    return found


def _resource_tracker() -> int | None:
    import sys

    tracker = sys.modules.get("multiprocessing.resource_tracker")
    pid = getattr(getattr(tracker, "_resource_tracker", None), "_pid", None)
    return pid if isinstance(pid, int) else None
