"""Find article files, read them safely, and hand each to its format's parser.

Anything that cannot be read becomes a `LoadFailure` naming the file (and the line, for a bad
record of a feed) and the reason; the rest of the run goes on. Nothing is written anywhere.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import BinaryIO

from crosscheck.errors import LoadError
from crosscheck.loader.dating import yearless_dateline
from crosscheck.loader.decode import decode
from crosscheck.loader.derivation import derive
from crosscheck.loader.feeds import parse_json, parse_jsonl
from crosscheck.loader.html import parse_html
from crosscheck.loader.origin import FileText
from crosscheck.loader.record import Draft, finish
from crosscheck.loader.text import parse_text
from crosscheck.models import LoadFailure, Source, SourceFormat, Warning_
from crosscheck.settings import Settings

STDIN = "-"
STDIN_NAME = "<stdin>"
_FORMATS = {
    ".txt": SourceFormat.TEXT,
    ".text": SourceFormat.TEXT,
    ".md": SourceFormat.MARKDOWN,
    ".markdown": SourceFormat.MARKDOWN,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".xhtml": SourceFormat.HTML,
    ".json": SourceFormat.JSON,
    ".jsonl": SourceFormat.JSONL,
    ".ndjson": SourceFormat.JSONL,
}
_HTML_START = ("<!doctype html", "<html", "<head", "<body", "<article", "<!--")


@dataclass
class LoadResult:
    """Sources that loaded, in path order, and the inputs that could not be read."""

    sources: list[Source] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)


@dataclass(frozen=True)
class _Found:
    path: Path
    failure: str | None = None


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    """Glob match on the path relative to the folder walked, or on the name; `**/` also matches no folder."""
    name = relative.rsplit("/", 1)[-1]
    expanded = [q for p in patterns for q in ((p, p[3:]) if p.startswith("**/") else (p,))]
    return any(fnmatch(relative, p) or fnmatch(name, p) or fnmatch(relative + "/", p) for p in expanded)


def _link_problem(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if path.is_symlink():
            return f"broken symlink (points to {os.readlink(path)})"
        return exc.strerror or str(exc)
    return "cannot be read"


def _walk(folder: Path, root: Path, settings: Settings, seen: set[str]) -> Iterator[_Found]:
    try:
        real = os.path.realpath(folder)
        if real in seen:
            yield _Found(folder, "symlink loop (folder already visited)")
            return
        seen = seen | {real}
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield _Found(folder, exc.strerror or str(exc))
        return
    for entry in children:
        if entry.name.startswith("."):
            continue
        child = Path(entry.path)
        relative = child.relative_to(root).as_posix()
        if settings.exclude and _matches(relative, settings.exclude):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            yield from _walk(child, root, settings, seen)
            continue
        if child.suffix.lower() not in settings.extensions:
            continue
        if settings.include and not _matches(relative, settings.include):
            continue
        if is_file:
            yield _Found(child)
        elif entry.is_symlink():
            yield _Found(child, _link_problem(child))


def iter_article_paths(path: Path, settings: Settings) -> Iterator[Path]:
    """Readable article files under `path` (the file itself, or a folder walked in sorted order)."""
    for found in _discover(path, settings):
        if found.failure is None:
            yield found.path


def _discover(path: Path, settings: Settings) -> Iterator[_Found]:
    if str(path) == STDIN:
        yield _Found(path)
    elif path.is_dir():
        found = list(_walk(path, path, settings, set()))
        if not found:
            yield _Found(path, f"no article files ({', '.join(settings.extensions)}) in this folder")
        yield from found
    elif path.exists():
        yield _Found(path)
    elif path.is_symlink():
        yield _Found(path, _link_problem(path))
    else:
        yield _Found(path, "no such file or folder")


def _read_bytes(stream: BinaryIO, limit: int, size: int | None) -> bytes:
    if size is not None and size > limit:
        raise ValueError(_too_big(size, limit))
    parts: list[bytes] = []
    total = 0
    while total <= limit:  # in pieces: never reserve memory for the whole limit up front
        part = stream.read(min(limit + 1 - total, 1 << 20))
        if not part:
            break
        parts.append(part)
        total += len(part)
    if total > limit:
        raise ValueError(_too_big(None, limit))
    return b"".join(parts)


def _too_big(size: int | None, limit: int) -> str:
    actual = f"{size:,} bytes" if size is not None else "larger than that"
    return f"file is {actual}, over the --max-size limit of {limit:,} bytes (raise it with --max-size)"


def read_file(path: Path, settings: Settings) -> bytes:
    """The file's bytes, refusing folders, devices and files over the size limit."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise ValueError("is a folder")
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
        return _read_bytes(handle, settings.max_bytes, size)


_JSON_START = re.compile(r'(?:\{\s*(?:"|\})|\[\s*(?:[\[{"\]\d-]|true|false|null))')


def sniff(text: str) -> SourceFormat:
    """Format of text with no telling extension (stdin): JSON, HTML, else plain text."""
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if _JSON_START.match(head):  # '{"' or '[{', not a text opening "[UPDATED 9:40 p.m.]" or "{Breaking}"
        return SourceFormat.JSON
    if head.startswith(_HTML_START) or (head.startswith("<") and "<p" in text[:20000].lower()):
        return SourceFormat.HTML
    return SourceFormat.TEXT


def parse_document(
    raw: bytes, name: str, fmt: SourceFormat | None, notes: list[str] | None = None
) -> tuple[list[Draft], list[LoadFailure]]:
    """Decode and parse one input into drafts; ValueError when none of it is usable. How it was
    read, when the user should know (a legacy encoding), is added to `notes`."""
    if not raw.strip():
        raise ValueError("empty file")
    decoded = decode(raw)
    if decoded.note and notes is not None:
        notes.append(decoded.note)
    text = decoded.text
    if not text.strip():
        raise ValueError("empty file (only whitespace)")
    if fmt is None or (fmt is SourceFormat.TEXT and sniff(text) is SourceFormat.HTML):
        fmt = sniff(text)
    drafts: list[Draft]
    failures: list[LoadFailure] = []
    if fmt is SourceFormat.HTML:
        drafts = [parse_html(text, name, decoded.encoding)]
    elif fmt in (SourceFormat.JSON, SourceFormat.JSONL):
        feed = (parse_json if fmt is SourceFormat.JSON else parse_jsonl)(text, name, decoded.encoding)
        drafts, failures = feed.drafts, feed.failures
    else:
        drafts = [parse_text(text, name, decoded.encoding, fmt)]
    file = FileText(text)  # what the evidence of every draft is looked up in
    for draft in drafts:
        draft.file = file
    return drafts, failures


def _format_of(path: Path) -> SourceFormat | None:
    return _FORMATS.get(path.suffix.lower())


def reason_of(exc: Exception) -> str:
    """A user-facing reason for a read error."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


@dataclass(frozen=True)
class Input:
    """One input to read: a file (`path`) or stdin (`path` None), its name in the report, its format
    by extension (None: sniff the content)."""

    name: str
    path: Path | None
    fmt: SourceFormat | None


@dataclass
class Parsed:
    """What one input gave: sources (not yet numbered) and the parts of it that could not be read."""

    sources: list[Source] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    # What the user should know about the input as a whole ("not valid UTF-8 ...; read as cp1252").
    notes: list[Warning_] = field(default_factory=list)


def display_name(path: Path) -> str:
    """The path as text that can always be printed: bytes that are not UTF-8 become U+FFFD."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return name


def discover(paths: Iterable[Path], settings: Settings) -> tuple[list[Input], list[LoadFailure]]:
    """The inputs under `paths` in the order sources are numbered (sorted by name, each once), and the
    paths that are no input (missing, broken symlinks, folders without articles)."""
    failures: list[LoadFailure] = []
    files: dict[str, Path] = {}
    for path in paths:
        for found in _discover(path, settings):
            if found.failure:
                failures.append(LoadFailure(path=display_name(found.path), reason=found.failure))
            else:
                files.setdefault(STDIN_NAME if str(found.path) == STDIN else display_name(found.path), found.path)
    inputs = [
        Input(name, None, None) if name == STDIN_NAME else Input(name, files[name], _format_of(files[name]))
        for name in sorted(files)
    ]
    return inputs, failures


def read_input(item: Input, settings: Settings, stdin: BinaryIO | None = None) -> bytes:
    """The input's bytes; OSError or ValueError (with a user-facing reason) when it cannot be read."""
    if item.path is None:
        return _read_bytes(stdin or sys.stdin.buffer, settings.max_bytes, None)
    return read_file(item.path, settings)


def parse_input(raw: bytes, name: str, fmt: SourceFormat | None, settings: Settings) -> Parsed:
    """Decode and parse one input into unnumbered sources; never raises (failures are returned)."""
    result = Parsed()
    notes: list[str] = []
    try:
        drafts, record_failures = parse_document(raw, name, fmt, notes)
    except (OSError, ValueError) as exc:
        result.failures.append(LoadFailure(path=name, reason=reason_of(exc)))
        return result
    except Exception as exc:  # a parser library's own bug on odd input: skip the file, keep the run
        result.failures.append(LoadFailure(path=name, reason=f"cannot be parsed ({type(exc).__name__}: {exc})"))
        return result
    result.failures.extend(record_failures)
    for draft in drafts:
        try:
            source = finish(draft, settings)
        except ValueError as exc:
            result.failures.append(LoadFailure(path=draft.path, line=draft.text_line, reason=str(exc)))
            continue
        if not source.text.strip():
            where = f"record {draft.record}: " if draft.record else ""
            result.failures.append(LoadFailure(path=draft.path, line=draft.text_line, reason=f"{where}no article text"))
            continue
        result.sources.append(source)
    if result.sources:  # an input that gave nothing is named once, as skipped
        result.notes = [Warning_(code="encoding", path=name, message=f"{name}: {note}") for note in notes]
    if len(result.sources) == 1 and result.sources[0].published is None:
        # Notes go with the input's first source: only a one-source input can name its own dateline.
        dateline = yearless_dateline(result.sources[0].text)
        if dateline:
            result.notes.append(
                Warning_(
                    code="yearless-dateline",
                    path=name,
                    message=f"{name}: the dateline '{dateline}' names no year and no full date near that day "
                    "in the text fixes one; left undated",
                )
            )
    return result


def assemble(parsed: Iterable[Parsed], failures: Iterable[LoadFailure] = ()) -> LoadResult:
    """Number the sources s1, s2... in input order, link derived sources, sort the failures."""
    result = LoadResult(failures=list(failures))
    for part in parsed:
        for source in part.sources:
            result.sources.append(source.model_copy(update={"id": f"s{len(result.sources) + 1}"}))
        result.failures.extend(part.failures)
    result.sources = derive(result.sources)
    result.failures.sort(key=lambda f: (f.path, f.line or 0))
    return result


def load_paths(paths: Iterable[Path], settings: Settings, stdin: BinaryIO | None = None) -> LoadResult:
    """Load every article under `paths` ('-' reads stdin); sources are ordered and numbered by path."""
    inputs, failures = discover(paths, settings)
    parsed: list[Parsed] = []
    for item in inputs:
        try:
            raw = read_input(item, settings, stdin)
        except (OSError, ValueError) as exc:
            failures.append(LoadFailure(path=item.name, reason=reason_of(exc)))
            continue
        parsed.append(parse_input(raw, item.name, item.fmt, settings))
    return assemble(parsed, failures)


def load_text(text: str, path: str, source_id: str, settings: Settings) -> Source:
    """Build a `Source` from already-decoded article text (front matter, title and date detection)."""
    draft = parse_text(text, path, "utf-8")
    draft.file = FileText(text)
    return finish(draft, settings).model_copy(update={"id": source_id})


def require_sources(result: LoadResult) -> None:
    """Raise LoadError when nothing at all could be loaded; its one line names what failed and why."""
    if result.sources:
        return
    described = [f"{f.path}{f':{f.line}' if f.line else ''}: {f.reason}" for f in result.failures]
    if len(described) == 1:
        raise LoadError(described[0])
    shown = "; ".join(described[:3]) + (f"; and {len(described) - 3} more" if len(described) > 3 else "")
    raise LoadError(
        f"no article could be read ({len(described)} inputs skipped: {shown})" if described else "no input given"
    )
