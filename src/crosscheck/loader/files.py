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
from crosscheck.loader.decode import decode
from crosscheck.loader.derivation import derive
from crosscheck.loader.feeds import parse_json, parse_jsonl
from crosscheck.loader.html import parse_html
from crosscheck.loader.record import Draft, finish
from crosscheck.loader.text import parse_text
from crosscheck.models import LoadFailure, Source, SourceFormat
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
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(_too_big(None, limit))
    return raw


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


def parse_document(raw: bytes, name: str, fmt: SourceFormat | None) -> tuple[list[Draft], list[LoadFailure]]:
    """Decode and parse one input into drafts; ValueError when none of it is usable."""
    if not raw.strip():
        raise ValueError("empty file")
    decoded = decode(raw)
    text = decoded.text
    if not text.strip():
        raise ValueError("empty file (only whitespace)")
    if fmt is None or (fmt is SourceFormat.TEXT and sniff(text) is SourceFormat.HTML):
        fmt = sniff(text)
    if fmt is SourceFormat.HTML:
        return [parse_html(text, name, decoded.encoding)], []
    if fmt is SourceFormat.JSON:
        feed = parse_json(text, name, decoded.encoding)
        return feed.drafts, feed.failures
    if fmt is SourceFormat.JSONL:
        feed = parse_jsonl(text, name, decoded.encoding)
        return feed.drafts, feed.failures
    return [parse_text(text, name, decoded.encoding, fmt)], []


def _format_of(path: Path) -> SourceFormat | None:
    return _FORMATS.get(path.suffix.lower())


def _reason(exc: Exception) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


def load_paths(paths: Iterable[Path], settings: Settings, stdin: BinaryIO | None = None) -> LoadResult:
    """Load every article under `paths` ('-' reads stdin); sources are ordered and numbered by path."""
    result = LoadResult()
    files: dict[str, Path] = {}
    for path in paths:
        for found in _discover(path, settings):
            if found.failure:
                result.failures.append(LoadFailure(path=str(found.path), reason=found.failure))
            else:
                files.setdefault(STDIN_NAME if str(found.path) == STDIN else str(found.path), found.path)
    drafts: list[Draft] = []
    for name in sorted(files):
        path = files[name]
        try:
            if name == STDIN_NAME:
                raw = _read_bytes(stdin or sys.stdin.buffer, settings.max_bytes, None)
                fmt = None
            else:
                raw = read_file(path, settings)
                fmt = _format_of(path)
            found_drafts, record_failures = parse_document(raw, name, fmt)
        except (OSError, ValueError) as exc:
            result.failures.append(LoadFailure(path=name, reason=_reason(exc)))
            continue
        except Exception as exc:  # a parser library's own bug on odd input: skip the file, keep the run
            result.failures.append(LoadFailure(path=name, reason=f"cannot be parsed ({type(exc).__name__}: {exc})"))
            continue
        drafts.extend(found_drafts)
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
        result.sources.append(source.model_copy(update={"id": f"s{len(result.sources) + 1}"}))
    result.sources = derive(result.sources)
    result.failures.sort(key=lambda f: (f.path, f.line or 0))
    return result


def load_text(text: str, path: str, source_id: str, settings: Settings) -> Source:
    """Build a `Source` from already-decoded article text (front matter, title and date detection)."""
    return finish(parse_text(text, path, "utf-8"), settings).model_copy(update={"id": source_id})


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
