"""Worker processes, the cache and the dask engine give the very same report as one process."""

from __future__ import annotations

import contextlib
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import crosscheck.cache
import crosscheck.engine
import crosscheck.extractor
import crosscheck.extractor.nlp
import crosscheck.pipeline
from crosscheck.cache import FILE_NAME
from crosscheck.cli import app
from crosscheck.models import Report
from crosscheck.pipeline import run
from crosscheck.reporters import REPORTERS, RenderOptions
from crosscheck.settings import Settings
from crosscheck.work import Item

FIXTURES = Path("fixtures") / "articles"
SMALL_CHUNKS = 4_000  # bytes: the five fixture articles become five tasks


def as_json(report: Report) -> str:
    return REPORTERS["json"].report(report, RenderOptions())


def report_json(settings: Settings, paths: list[Path] | None = None) -> str:
    return as_json(run(paths or [FIXTURES], settings))


@pytest.fixture(autouse=True)
def _at_repo_root(repo_root: Path) -> Iterator[None]:
    with contextlib.chdir(repo_root):
        yield


@pytest.fixture(scope="module")
def baseline(repo_root: Path) -> str:
    """The one-process, uncached report of the fixtures."""
    with contextlib.chdir(repo_root):
        return report_json(Settings(jobs=1))


class ProcessSpy:
    """Counts what reaches the engine: which inputs had to be loaded and extracted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[list[str]] = []
        original = crosscheck.engine.process

        def spy(items: list[Item], settings: Settings, *args: Any, **kwargs: Any) -> Any:
            self.calls.append([Path(item.name).name for item in items])
            return original(items, settings, *args, **kwargs)

        monkeypatch.setattr(crosscheck.pipeline, "process", spy)

    @property
    def processed(self) -> list[str]:
        return [name for call in self.calls for name in call]


# --- jobs --------------------------------------------------------------------------------------


def test_chunks_keep_order_and_respect_the_size() -> None:
    items = [Item(f"a{i}.txt", b"x" * size, None) for i, size in enumerate([10, 10, 25, 5, 40, 1])]
    parts = crosscheck.engine.chunks(items, 30)
    assert [[item.name for item in part] for part in parts] == [
        ["a0.txt", "a1.txt"],
        ["a2.txt", "a3.txt"],
        ["a4.txt"],
        ["a5.txt"],
    ]
    assert [item for part in parts for item in part] == items


def test_two_worker_processes_give_identical_json(baseline: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []
    original = crosscheck.engine._in_processes

    def counting(parts: Any, settings: Settings, workers: int, progress: Any) -> Any:
        pools.append(workers)
        return original(parts, settings, workers, progress)

    monkeypatch.setattr(crosscheck.engine, "_in_processes", counting)
    assert report_json(Settings(jobs=2, chunk_bytes=SMALL_CHUNKS)) == baseline
    assert pools == [2]


def test_meanwhile_runs_on_a_thread_while_chunks_run_elsewhere(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading

    items = [Item(f"a{i}.txt", b"x" * 10, None) for i in range(4)]
    ran_on: list[str] = []

    def elsewhere(parts: Any, *_args: Any) -> Any:
        return [[] for _part in parts]

    monkeypatch.setattr(crosscheck.engine, "_in_processes", elsewhere)
    monkeypatch.setattr(crosscheck.engine, "_here", elsewhere)

    def note() -> None:
        ran_on.append(threading.current_thread().name)

    crosscheck.engine.process(items, Settings(jobs=2, chunk_bytes=20), meanwhile=note)
    assert ran_on == ["crosscheck-meanwhile"]
    crosscheck.engine.process(items, Settings(jobs=1, chunk_bytes=20), meanwhile=note)
    assert ran_on == ["crosscheck-meanwhile"], "in this process, nothing runs beside the extraction"

    def broken() -> None:
        raise OSError("no gazetteer")

    assert crosscheck.engine.process(items, Settings(jobs=2, chunk_bytes=20), meanwhile=broken) == []
    assert capsys.readouterr().err == ""


def test_worker_runs_load_the_gazetteer_while_they_wait(monkeypatch: pytest.MonkeyPatch, baseline: str) -> None:
    import crosscheck.reconciler.gazetteer

    warmed: list[bool] = []
    monkeypatch.setattr(crosscheck.reconciler.gazetteer, "warm", lambda: warmed.append(True))
    here = crosscheck.engine._here  # the chunks in this process, as if a worker ran them

    monkeypatch.setattr(
        crosscheck.engine, "_in_processes", lambda parts, settings, _n, done: here(parts, settings, done)
    )
    assert report_json(Settings(jobs=2, chunk_bytes=SMALL_CHUNKS, cache=False)) == baseline
    assert warmed == [True]


def test_one_job_runs_in_this_process(monkeypatch: pytest.MonkeyPatch, baseline: str) -> None:
    def no_pool(*args: Any) -> Any:
        raise AssertionError("--jobs 1 must not start worker processes")

    monkeypatch.setattr(crosscheck.engine, "_in_processes", no_pool)
    assert report_json(Settings(jobs=1, chunk_bytes=SMALL_CHUNKS)) == baseline


def test_worker_processes_end_without_tearing_down_their_objects(repo_root: Path) -> None:
    """A worker's teardown is skipped (its results are all sent by then): handlers registered
    before `_exit_quickly` do not run, and the process still ends with code 0."""
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('torn down', flush=True))\n"
        "from crosscheck.engine import _exit_quickly\n"
        "_exit_quickly()\n"
        "print('done', flush=True)\n"
        "sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=repo_root, timeout=60)
    assert done.stdout == "done\n" and done.returncode == 0, (done.stdout, done.stderr)


def test_cli_jobs_give_identical_output(baseline: str) -> None:
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["report", str(FIXTURES), "-f", "json", "-q", "--no-cache", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == baseline


def test_jobs_must_be_positive() -> None:
    result = CliRunner().invoke(app, ["report", str(FIXTURES), "--jobs", "0"])
    assert result.exit_code == 2


# --- cache -------------------------------------------------------------------------------------


@pytest.fixture
def articles(tmp_path: Path, repo_root: Path) -> Path:
    """A copy of the fixture articles that tests may change."""
    folder = tmp_path / "articles"
    shutil.copytree(repo_root / FIXTURES, folder)
    return folder


def test_cached_rerun_is_identical_and_extracts_nothing(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    spy = ProcessSpy(monkeypatch)
    first = report_json(settings, [articles])
    assert len(spy.processed) == 5
    second = report_json(settings, [articles])
    assert second == first
    assert spy.calls[-1] == []  # every input came from the cache
    assert (tmp_path / "cache" / FILE_NAME).is_file()


def test_cached_report_equals_uncached(articles: Path, tmp_path: Path) -> None:
    cached = Settings(cache=True, cache_dir=tmp_path / "cache")
    report_json(cached, [articles])
    assert report_json(cached, [articles]) == report_json(Settings(), [articles])


def test_changed_article_is_extracted_again(articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    report_json(settings, [articles])
    changed = sorted(articles.iterdir())[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Russian", "Soviet"), encoding="utf-8")
    spy = ProcessSpy(monkeypatch)
    assert report_json(settings, [articles]) == report_json(Settings(), [articles])
    assert spy.calls[0] == [changed.name]


def test_new_article_only_is_extracted(articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    report_json(settings, [articles])
    (articles / "005_new.txt").write_text("About 70 soldiers arrived at the camp on Monday, officials said.\n")
    spy = ProcessSpy(monkeypatch)
    report = run([articles], settings)
    assert spy.calls == [["005_new.txt"]]
    assert [s.id for s in report.sources] == ["s1", "s2", "s3", "s4", "s5", "s6"]


@pytest.mark.parametrize("change", ["model", "spacy-version", "extractor-version", "published-option"])
def test_cache_is_invalidated(change: str, articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    report_json(settings, [articles])
    if change == "model":
        monkeypatch.setattr(crosscheck.extractor.nlp, "model_identity", lambda name=None: "en_other_model-9.9")
    elif change == "spacy-version":  # the same model under another spaCy may annotate differently
        import importlib.metadata

        real = importlib.metadata.version
        monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9" if name == "spacy" else real(name))
        assert crosscheck.extractor.nlp.model_identity().endswith("+spacy-9.9.9")
    elif change == "extractor-version":
        monkeypatch.setattr(crosscheck.extractor, "EXTRACTOR_VERSION", "999")
    else:
        settings = settings.model_copy(
            update={"published": settings.published or __import__("datetime").date(2024, 5, 6)}
        )
    spy = ProcessSpy(monkeypatch)
    report_json(settings, [articles])
    assert len(spy.processed) == 5


def _forbid(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an unchanged re-run must take this from the cache")

    for name in names:
        monkeypatch.setattr(crosscheck.pipeline, name, fail)


def test_unchanged_rerun_reuses_derivation_and_groups(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    first = report_json(settings, [articles])
    with monkeypatch.context() as patched:
        _forbid(patched, "derive", "reconcile")
        assert report_json(settings, [articles]) == first


def test_changed_reconcile_settings_reconcile_again(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    report_json(settings, [articles])
    calls: list[int] = []
    original = crosscheck.pipeline.reconcile

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(crosscheck.pipeline, "reconcile", counting)
    aliased = settings.model_copy(update={"aliases": {"Moscow": ["Russian capital"]}})
    assert report_json(aliased, [articles]) == report_json(aliased.model_copy(update={"cache": False}), [articles])
    assert calls == [1, 1]
    report_json(aliased, [articles])  # now that combination is stored too
    assert calls == [1, 1]


def test_results_are_cached_as_chunks_finish(articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that dies half way keeps what it finished: the next run extracts only the rest."""
    settings = Settings(cache=True, cache_dir=tmp_path / "cache", jobs=1, chunk_bytes=SMALL_CHUNKS)
    original = crosscheck.engine.process_chunk
    done: list[int] = []

    def dies_on_the_third(items: Any, settings: Settings) -> Any:
        if len(done) == 2:
            raise KeyboardInterrupt
        done.append(len(items))
        return original(items, settings)

    with monkeypatch.context() as patched:
        patched.setattr(crosscheck.engine, "process_chunk", dies_on_the_third)
        with pytest.raises(KeyboardInterrupt):
            run([articles], settings)
    spy = ProcessSpy(monkeypatch)
    resumed = report_json(settings, [articles])
    assert sum(done) == 2 and len(spy.calls[0]) == 3  # the two finished inputs came from the cache
    assert resumed == report_json(Settings(), [articles])


def test_corrupt_cache_is_rebuilt_with_a_warning(articles: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"this is not a database" * 100)
    settings = Settings(cache=True, cache_dir=folder)
    notes: list[str] = []
    report = run([articles], settings, on_warning=notes.append)
    assert len(notes) == 1 and "rebuilt" in notes[0] and FILE_NAME in notes[0]
    assert as_json(report) == report_json(Settings(), [articles])  # the note stays out of the report
    again: list[str] = []
    run([articles], settings, on_warning=again.append)
    assert again == []


def test_cli_prints_cache_notes_on_stderr_only(articles: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"this is not a database" * 100)
    command = ["report", str(articles), "-f", "json", "--cache-dir", str(folder)]
    noisy = CliRunner().invoke(app, command)
    assert noisy.exit_code == 0
    assert "crosscheck: warning: cache" in noisy.stderr and "rebuilt" in noisy.stderr
    assert "rebuilt" not in noisy.stdout
    (folder / FILE_NAME).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{folder / FILE_NAME}{suffix}").unlink(missing_ok=True)
    quiet = CliRunner().invoke(app, [*command, "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_a_locked_cache_is_waited_for_never_deleted(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crosscheck.cache, "BUSY_SECONDS", 0.2)
    folder = tmp_path / "cache"
    run([articles], Settings(cache=True, cache_dir=folder))
    size = (folder / FILE_NAME).stat().st_size
    holder = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # another run holds the cache for longer than we wait
    try:
        notes: list[str] = []
        report = run([articles], Settings(cache=True, cache_dir=folder), on_warning=notes.append)
        assert len(report.sources) == 5
        assert notes and all("running without it" in n or "could not" in n for n in notes)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (folder / FILE_NAME).stat().st_size >= size  # still there, never rebuilt
    with sqlite3.connect(folder / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM results WHERE key NOT LIKE 'run:%'").fetchone() == (5,)


def test_damaged_entry_is_recomputed(articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    expected = report_json(settings, [articles])
    with sqlite3.connect(tmp_path / "cache" / FILE_NAME) as db:
        db.execute("UPDATE results SET value = ? WHERE rowid = (SELECT min(rowid) FROM results)", (b"garbage",))
    spy = ProcessSpy(monkeypatch)
    assert report_json(settings, [articles]) == expected
    assert len(spy.processed) == 1


def test_unusable_cache_folder_runs_without_cache(articles: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    notes: list[str] = []
    report = run([articles], Settings(cache=True, cache_dir=blocker / "cache"), on_warning=notes.append)
    assert len(notes) == 1 and "running without it" in notes[0]
    assert len(report.sources) == 5


def test_no_cache_writes_nothing(articles: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    result = CliRunner().invoke(
        app, ["report", str(articles), "-f", "json", "-q", "--no-cache", "--cache-dir", str(folder)]
    )
    assert result.exit_code == 0
    assert not folder.exists()


def test_cli_cache_dir_is_used_and_rerun_is_identical(articles: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    runner = CliRunner()
    first = runner.invoke(app, ["report", str(articles), "-f", "json", "-q", "--cache-dir", str(folder)])
    second = runner.invoke(app, ["report", str(articles), "-f", "json", "-q", "--cache-dir", str(folder)])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert (folder / FILE_NAME).is_file()


def test_two_runs_can_share_a_cache(articles: Path, tmp_path: Path, repo_root: Path) -> None:
    folder = tmp_path / "cache"
    command = [
        sys.executable,
        "-m",
        "crosscheck",
        "report",
        str(articles),
        "-f",
        "json",
        "-q",
        "--cache-dir",
        str(folder),
    ]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=repo_root) for _ in range(2)]
    outputs = [proc.communicate(timeout=300) for proc in runs]
    assert [proc.returncode for proc in runs] == [0, 0], [err for _out, err in outputs]
    assert outputs[0][0] == outputs[1][0]
    assert all(err == b"" for _out, err in outputs)
    with sqlite3.connect(folder / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM results WHERE key NOT LIKE 'run:%'").fetchone() == (5,)
        assert db.execute("SELECT count(*) FROM results WHERE key LIKE 'run:%'").fetchone() == (1,)


# --- progress ----------------------------------------------------------------------------------


# The bar shows at once in these runs, so whether it shows never depends on how fast the run is.
AT_ONCE = {**os.environ, "CROSSCHECK_PROGRESS_DELAY": "0"}


def test_no_progress_bar_in_piped_output(repo_root: Path, baseline: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crosscheck", "report", str(FIXTURES), "-f", "json", "--no-cache"],
        capture_output=True,
        cwd=repo_root,
        timeout=300,
        env=AT_ONCE,
    )
    assert done.returncode == 0
    assert done.stdout.decode() == baseline
    lines = done.stderr.decode().splitlines()
    assert lines and all(line.startswith("crosscheck: warning: ") for line in lines)
    assert "\r" not in done.stderr.decode() and "\x1b" not in done.stderr.decode()


def _on_a_terminal(command: list[str], cwd: Path, env: dict[str, str] = AT_ONCE) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal: (exit code, stdout, what the terminal showed)."""
    # stdout goes to a file: a pipe nobody drains while the terminal is read would fill and block.
    with tempfile.TemporaryFile() as out_file:
        master, slave = pty.openpty()
        proc = subprocess.Popen(command, stdout=out_file, stderr=slave, cwd=cwd, env=env)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the process is done with it
                break
            if not chunk:
                break
            shown += chunk
        proc.wait(timeout=300)
        os.close(master)
        out_file.seek(0)
        out = out_file.read()
    return proc.returncode, out.decode(), shown.decode(errors="replace")


def test_progress_bar_on_a_terminal_once_the_delay_has_passed(repo_root: Path, baseline: str) -> None:
    command = [sys.executable, "-m", "crosscheck", "report", str(FIXTURES), "-f", "json", "--no-cache", "--jobs", "1"]
    code, out, shown = _on_a_terminal(command, repo_root)
    assert code == 0
    assert out == baseline  # the bar never reaches stdout
    assert "reading and extracting" in shown
    code, out, shown = _on_a_terminal(command, repo_root, {**os.environ, "CROSSCHECK_PROGRESS_DELAY": "600"})
    assert code == 0 and out == baseline
    assert "reading and extracting" not in shown  # a run shorter than the delay shows no bar


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 1.0), ("0", 0.0), ("2.5", 2.5), ("-1", 1.0), ("soon", 1.0), ("inf", 1.0), ("nan", 1.0)],
)
def test_progress_delay_comes_from_the_environment(
    value: str | None, expected: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosscheck.cli.app import ProgressBar

    if value is None:
        monkeypatch.delenv("CROSSCHECK_PROGRESS_DELAY", raising=False)
    else:
        monkeypatch.setenv("CROSSCHECK_PROGRESS_DELAY", value)
    assert ProgressBar.delay() == expected


def test_quiet_hides_the_progress_bar(repo_root: Path) -> None:
    code, _out, shown = _on_a_terminal(
        [sys.executable, "-m", "crosscheck", "report", str(FIXTURES), "-f", "json", "--no-cache", "-q"], repo_root
    )
    assert code == 0
    assert shown == ""


# --- dask --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A dask.distributed LocalCluster with two worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_dask_engine_gives_identical_json(cluster: Any, baseline: str) -> None:
    settings = Settings(engine="dask", scheduler=cluster.scheduler_address, chunk_bytes=SMALL_CHUNKS)
    assert report_json(settings) == baseline


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_cli_dask_engine(cluster: Any, baseline: str) -> None:
    result = CliRunner().invoke(
        app,
        [
            "report",
            str(FIXTURES),
            "-f",
            "json",
            "-q",
            "--no-cache",
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == baseline


def test_scheduler_needs_the_dask_engine() -> None:
    result = CliRunner().invoke(app, ["report", str(FIXTURES), "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "crosscheck: error: --scheduler needs --engine dask"


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_unreachable_scheduler_is_one_line(repo_root: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "crosscheck",
            "report",
            str(FIXTURES),
            "--no-cache",
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        cwd=repo_root,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "crosscheck: error: cannot reach the dask scheduler tcp://127.0.0.1:9"
    )


def test_run_collects_garbage_less_often_and_restores_the_threshold(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen: list[tuple[int, int, int]] = []
    real_assemble = crosscheck.pipeline._assemble

    def spying(*args: Any, **kwargs: Any) -> Report:
        seen.append(gc.get_threshold())
        return real_assemble(*args, **kwargs)

    monkeypatch.setattr(crosscheck.pipeline, "_assemble", spying)
    before = gc.get_threshold()
    run([repo_root / "fixtures" / "articles"], Settings(cache=False, jobs=1))
    assert seen and seen[0][0] >= crosscheck.pipeline.GC_THRESHOLD and seen[0][1:] == before[1:]
    assert gc.get_threshold() == before


# --- the place gazetteer beside an in-process parse ------------------------------------------------


def _send_nothing(send: Any) -> None:
    send.close()


def _send_other(send: Any) -> None:
    send.send({"not": "tables"})
    send.close()


def test_gazetteer_built_in_a_helper_process_is_the_same() -> None:
    from crosscheck.reconciler import gazetteer

    here = gazetteer._Tables()
    found = gazetteer._Helper().result()
    assert found is not None
    assert (found._city, found._shared, found.states, found.countries) == (
        here._city,
        here._shared,
        here.states,
        here.countries,
    )
    assert gazetteer._Helper(_send_nothing).result() is None  # the caller then builds them itself
    assert gazetteer._Helper(_send_other).result() is None


def test_a_small_default_run_builds_the_gazetteer_beside_the_parse(
    monkeypatch: pytest.MonkeyPatch, baseline: str
) -> None:
    from crosscheck.reconciler import gazetteer

    monkeypatch.setattr(crosscheck.engine, "cores", lambda: 2)
    items = [Item("a.txt", b"x" * 10, None)]
    spare = crosscheck.engine.parses_here_with_a_core_to_spare
    assert spare(items, Settings(jobs=0))  # the CLI's default: one process per core
    assert not spare(items, Settings(jobs=1)), "--jobs 1: one process"
    assert not spare(items, Settings(jobs=0, engine="dask"))
    assert not spare(items * 200, Settings(jobs=0, chunk_bytes=100)), "several chunks: the workers parse"
    monkeypatch.setattr(crosscheck.engine, "cores", lambda: 1)
    assert not spare(items, Settings(jobs=0))
    monkeypatch.setattr(crosscheck.engine, "cores", lambda: 2)

    started: list[bool] = []
    monkeypatch.setattr(gazetteer, "build_elsewhere", lambda: started.append(True))
    assert report_json(Settings(jobs=0)) == baseline
    assert started == [True]
    started.clear()
    assert report_json(Settings(jobs=1)) == baseline
    assert started == []
