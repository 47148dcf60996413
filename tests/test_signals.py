"""Ctrl-C (SIGINT) and SIGTERM stop a run at any moment: every worker ends, one line on stderr, exit
130 or 143, and the cache stays consistent (a re-run gives the uninterrupted report).

The installed command runs as a user runs it, in a session of its own, on invented articles that
keep two worker processes busy for several seconds; the signals come at random moments (seeded).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crosscheck.cache import FILE_NAME, Cache
from crosscheck.engine import EngineError, _in_processes
from crosscheck.settings import Settings
from crosscheck.work import Item

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or not Path("/proc/self/stat").exists(), reason="process groups read from /proc"
)

ARTICLES = 120  # three chunks of work: both workers busy for several seconds
RUNS = 20  # per signal
STOP_WITHIN = 10.0  # seconds from the signal to the exit
SEED = 16

TOWNS = ["Velmora", "Dunkarra", "Ostelind", "Pravik", "Mirendal", "Quessa", "Halvorn", "Tiberek"]
PEOPLE = ["Anika Drolet", "Tomas Verhey", "Lise Okonkwo", "Rafael Imbert", "Sunniva Kade", "Jorek Palm"]
OUTLETS = ["Velmora Courier", "Northbank Ledger", "Quessa Daily", "Harbor Signal", "Plainsfield Post"]
EVENTS = ["flood", "warehouse fire", "bridge collapse", "power outage", "landslide", "chemical spill"]


def invented_article(rng: random.Random) -> str:
    """A dated article about an invented event in an invented town, full of figures to extract."""
    town, other = rng.sample(TOWNS, 2)
    person = rng.choice(PEOPLE)
    event = rng.choice(EVENTS)
    head = (
        f"---\ntitle: {event.title()} in {town}\noutlet: {rng.choice(OUTLETS)}\n"
        f"published: 2023-03-{rng.randint(1, 27):02d}\n---\n"
    )
    paragraphs = [
        f"{person}, a spokesperson for the {town} council, said on Tuesday that about {rng.randint(3, 900)} "
        f"residents were moved to shelters after the {event}. Officials estimated the damage at "
        f"${rng.randint(2, 90)} million and said roads within {rng.randint(2, 60)} kilometers of {other} "
        f'stayed closed for {rng.randint(2, 9)} days. "We counted {rng.randint(10, 400)} homes without '
        f'water," {person.split()[1]} said.'
        for _ in range(rng.randint(5, 8))
    ]
    return head + "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("invented")
    rng = random.Random(SEED)
    for number in range(ARTICLES):
        (folder / f"a{number:04d}.md").write_text(invented_article(rng), encoding="utf-8")
    return folder


def crosscheck_command() -> str:
    """The installed console script of the venv running the tests."""
    beside = Path(sys.executable).parent / "crosscheck"
    found = str(beside) if beside.exists() else shutil.which("crosscheck")
    if found is None:
        pytest.skip("the crosscheck console script is not installed")
    return found


def in_group(group: int) -> list[str]:
    """The live processes (not zombies) of a process group: pid and command line each."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended meanwhile
            continue
        state, _parent, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == group and state not in ("Z", "X"):
            found.append(f"{entry.name} {cmdline.strip()}")
    return found


def left_behind(group: int, patience: float = 3.0) -> list[str]:
    """What is still running in the group after `patience` seconds (a dying process may need a moment)."""
    deadline = time.monotonic() + patience
    while (alive := in_group(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


@dataclass
class Stopped:
    """How a run that got a signal ended."""

    code: int | None  # None: it did not exit in time
    seconds: float  # from the signal to the exit
    stderr: str
    left: list[str]
    finished_first: bool  # it had exited before the signal was due


def run_and_stop(
    args: list[str], signum: int, delay: float | None, to_group: bool, tmp: Path, ready: Path | None = None
) -> Stopped:
    """Start the command in a session of its own; after `delay` seconds (or once the cache at `ready`
    holds a result) send `signum` to it (or to its whole group, as a terminal's Ctrl-C does)."""
    err = tmp / f"stderr-{time.monotonic_ns()}"
    with err.open("wb") as stderr:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    try:
        if ready is not None:
            wait_for_stored_result(ready, proc)
        else:
            assert delay is not None
            time.sleep(delay)
        if proc.poll() is not None:
            return Stopped(proc.returncode, 0.0, err.read_text(), left_behind(proc.pid), True)
        sent = time.monotonic()
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        try:
            code: int | None = proc.wait(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            code = None
        seconds = time.monotonic() - sent
        return Stopped(code, seconds, err.read_text(), left_behind(proc.pid), False)
    finally:
        with_group_gone(proc)


def with_group_gone(proc: subprocess.Popen[Any]) -> None:
    """Whatever the outcome, nothing of the run outlives the test."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def wait_for_stored_result(cache_dir: Path, proc: subprocess.Popen[Any], timeout: float = 120.0) -> None:
    """Until the run has stored some results in its cache (but not all of them, normally)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if stored_results(cache_dir):
            return
        time.sleep(0.05)
    raise AssertionError("the run stored nothing in its cache")


def stored_results(cache_dir: Path) -> int:
    """Results in a cache folder (0 while there is none)."""
    path = cache_dir / FILE_NAME
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0) as db:
            (count,) = db.execute("SELECT count(*) FROM results WHERE key NOT LIKE 'run:%'").fetchone()
            return int(count)
    except sqlite3.Error:  # not created yet
        return 0


def report_args(corpus: Path, *cache: str) -> list[str]:
    return [crosscheck_command(), "report", str(corpus), "--jobs", "2", "--format", "json", *cache]


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path) -> tuple[bytes, float]:
    """The report of an uninterrupted run without cache, and how long it took."""
    started = time.monotonic()
    done = subprocess.run(report_args(corpus, "--no-cache"), capture_output=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    return done.stdout, time.monotonic() - started


def plan(runs: int, longest: float) -> Iterator[tuple[int, float, bool, bool]]:
    """Per run: the signal, its delay (0.2 s to 3 s, and before the run would end), whether it goes
    to the whole group, and whether the run uses a cache folder (else --no-cache)."""
    rng = random.Random(SEED)
    for number in range(runs):
        for signum in (signal.SIGINT, signal.SIGTERM):
            yield signum, rng.uniform(0.2, min(3.0, longest)), rng.random() < 0.5, number % 2 == 0


def test_signals_at_random_moments_stop_the_run_cleanly(
    corpus: Path, uninterrupted: tuple[bytes, float], tmp_path: Path
) -> None:
    """SIGINT and SIGTERM, 20 times each, at random moments of a run on two worker processes: each
    run exits within 10 s with 130 or 143, one line on stderr, and no process of it left running.
    Two runs at a time (one of each signal), so that the test takes a minute, not two."""
    _report, took = uninterrupted
    longest = max(0.3, took * 0.6)  # a signal after the run has ended tests nothing

    def one(number: int, signum: int, delay: float, to_group: bool, cached: bool) -> tuple[str, Stopped]:
        cache = ["--cache-dir", str(tmp_path / f"cache-{number}")] if cached else ["--no-cache"]
        label = f"{signal.Signals(signum).name} after {delay:.2f}s to the {'group' if to_group else 'process'}"
        label += f" ({cache[0]})"
        return label, run_and_stop(report_args(corpus, *cache), signum, delay, to_group, tmp_path)

    with ThreadPoolExecutor(max_workers=2) as pair:
        outcomes = list(pair.map(lambda numbered: one(numbered[0], *numbered[1]), enumerate(plan(RUNS, longest))))
    problems = []
    finished_first = 0
    for label, stopped in outcomes:
        signum = signal.SIGINT if label.startswith("SIGINT") else signal.SIGTERM
        if stopped.finished_first:
            finished_first += 1
            continue
        expected = (
            128 + signum,
            "crosscheck: interrupted\n" if signum == signal.SIGINT else "crosscheck: terminated\n",
        )
        if stopped.code is None:
            problems.append(f"{label}: still running {STOP_WITHIN}s after the signal")
        elif (stopped.code, stopped.stderr) != expected:
            problems.append(f"{label}: exit {stopped.code} after {stopped.seconds:.1f}s, stderr {stopped.stderr!r}")
        if stopped.left:
            problems.append(f"{label}: left running: {stopped.left}")
    assert not problems, "\n".join(problems)
    assert finished_first <= len(outcomes) // 4, f"{finished_first} runs ended before their signal"


def test_a_rerun_after_an_interrupted_run_gives_the_uninterrupted_report(
    corpus: Path, uninterrupted: tuple[bytes, float], tmp_path: Path
) -> None:
    """Stopped once the cache holds some results (SIGTERM while the workers write more), a run
    leaves a cache from which a re-run builds exactly the report of a run without cache."""
    report, _took = uninterrupted
    cache = tmp_path / "cache"
    args = report_args(corpus, "--cache-dir", str(cache))
    stopped = run_and_stop(args, signal.SIGTERM, None, True, tmp_path, ready=cache)
    assert (stopped.code, stopped.stderr, stopped.left) == (143, "crosscheck: terminated\n", [])
    kept = stored_results(cache)
    assert 0 < kept < ARTICLES
    again = subprocess.run(args, capture_output=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr.decode()
    assert again.stdout == report


# --- the pieces -----------------------------------------------------------------------------------


class _Interrupting:
    """A database connection that is interrupted (Ctrl-C) right after it inserts rows."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, *args: Any) -> Any:
        return self._db.execute(*args)

    def executemany(self, *args: Any) -> Any:
        self._db.executemany(*args)
        raise KeyboardInterrupt

    def close(self) -> None:
        self._db.close()


def test_an_interrupted_cache_write_stores_nothing(tmp_path: Path) -> None:
    """Interrupted between inserting and committing, the cache keeps none of the rows: not in this
    connection (which the run may still read) and not in the next; and it still takes new ones."""
    cache = Cache(tmp_path, warn=pytest.fail)
    assert cache._db is not None
    real = cache._db
    cache._db = _Interrupting(real)  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        cache.put_many({"a": b"first", "b": b"second"})
    cache._db = real
    assert cache.get_many(["a", "b"]) == {}
    cache.put_many({"c": b"third"})
    cache.close()
    reopened = Cache(tmp_path, warn=pytest.fail)
    assert reopened.get_many(["a", "b", "c"]) == {"c": b"third"}
    reopened.close()


def test_a_worker_that_dies_is_an_engine_error_and_the_others_end() -> None:
    """A worker killed from outside (out of memory, say) makes the run fail with one message, and
    the other worker is ended with it, not left waiting for work."""
    import multiprocessing

    parts = [[Item(f"a{n}.txt", b"The council said 40 homes were flooded on Monday.", None)] for n in range(4)]
    workers: list[Any] = []

    def kill_the_second(index: int, results: Any) -> None:  # each worker still holds a chunk
        if not workers:
            found = [p for p in multiprocessing.active_children() if p.name.startswith("crosscheck-w")]
            workers.extend(sorted(found, key=lambda p: p.name))
            os.kill(workers[1].pid, signal.SIGKILL)

    with pytest.raises(EngineError, match=r"^a worker process died \(killed by signal 9\)"):
        _in_processes(parts, Settings(), 2, kill_the_second)
    assert [w.name for w in workers] == ["crosscheck-worker-1", "crosscheck-worker-2"]
    assert not any(w.is_alive() for w in workers)


def run_script(code: str, folder: Path, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """Run `code` as a script file (spawned processes import their target from it)."""
    script = folder / "script.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=timeout, start_new_session=True
    )


def test_a_signal_while_processes_start_is_raised_once_they_have_started(tmp_path: Path) -> None:
    """A process is never started and lost: the signal waits for the end of `starting_children`,
    and what starts inside it begins with SIGINT blocked (so a terminal's Ctrl-C cannot kill it
    while it imports)."""
    code = (
        "import multiprocessing, os, signal\n"
        "from crosscheck.interrupts import Interrupted, starting_children, stop_on_signals\n"
        "def mask(): print('child blocks', sorted(signal.pthread_sigmask(signal.SIG_BLOCK, [])), flush=True)\n"
        "if __name__ == '__main__':\n"
        "    stop_on_signals()\n"
        "    try:\n"
        "        with starting_children():\n"
        "            os.kill(os.getpid(), signal.SIGTERM)\n"
        "            child = multiprocessing.get_context('spawn').Process(target=mask)\n"
        "            child.start()\n"
        "            print('started', flush=True)\n"
        "    except Interrupted as stop:\n"
        "        child.join()\n"
        "        print('then raised', stop.exit_code, stop.word, flush=True)\n"
        "    print('parent blocks', sorted(signal.pthread_sigmask(signal.SIG_BLOCK, [])))\n"
    )
    done = run_script(code, tmp_path)
    assert done.stdout.splitlines() == [
        "started",
        f"child blocks [{signal.SIGINT!r}]",
        "then raised 143 terminated",
        "parent blocks []",
    ], done.stderr


def test_a_stop_that_hangs_ends_anyway(tmp_path: Path) -> None:
    """Should stopping ever hang, the watchdog ends the process a few seconds after the signal: the
    one line, exit 130, and the processes it started killed."""
    code = (
        "import os, signal, subprocess, time\n"
        "import importlib\n"
        "cli = importlib.import_module('crosscheck.cli.app')\n"
        "from crosscheck.interrupts import stop_on_signals\n"
        "cli.STOP_SECONDS = 0.5\n"
        "watchdog = cli._Watchdog()\n"
        "stop_on_signals(then=watchdog.arm)\n"
        "child = subprocess.Popen(['sleep', '60'], start_new_session=True)\n"
        "print(child.pid, flush=True)\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    time.sleep(5)\n"
        "finally:\n"
        "    time.sleep(60)  # stopping hangs\n"
    )
    started = time.monotonic()
    done = run_script(code, tmp_path)
    assert time.monotonic() - started < 30
    assert (done.returncode, done.stderr) == (130, "crosscheck: interrupted\n")
    assert left_behind(int(done.stdout)) == []  # the child: a group of one (a session of its own)
