"""Read article files (.txt, .md) into `Source` records; unreadable files become `LoadFailure`s."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from crosscheck.errors import LoadError
from crosscheck.loader.dating import find_published, parse_date_string
from crosscheck.models import LoadFailure, PublishedSource, Source
from crosscheck.settings import Settings

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEYS = {"title", "outlet", "url", "published"}
_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
_LIST_MARK = re.compile(r"^\s*(?:\d+[.)]|[-*•#]+)\s+")


@dataclass
class LoadResult:
    """Sources that loaded, in path order, and the paths that could not be read."""

    sources: list[Source] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)


def iter_article_paths(path: Path, settings: Settings) -> Iterator[Path]:
    """Article files under `path`: the file itself, or a folder walked recursively in sorted order.

    Hidden files and folders are skipped; so are files whose extension is not an article format.
    """
    if path.is_dir():
        for child in sorted(path.iterdir(), key=lambda p: p.name):
            if child.name.startswith("."):
                continue
            if child.is_dir():
                yield from iter_article_paths(child, settings)
            elif child.suffix.lower() in settings.extensions:
                yield child
    else:
        yield path


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group("yaml"))
    except ValueError as exc:  # PyYAML's own date parsing: "published: 2024-02-30"
        raise ValueError(f"front matter is not valid: {exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        return {}, text
    return {str(k).lower(): v for k, v in data.items() if str(k).lower() in _FRONT_KEYS}, text[match.end() :]


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return parse_date_string(value.strip())  # unreadable: the text's own date is looked for instead
    return None


def guess_title(text: str) -> str | None:
    """First headline-like line near the top: a few words, not a sentence, not a date or a crumb."""
    for line in text.split("\n")[:20]:
        candidate = _LIST_MARK.sub("", line).strip()
        words = candidate.split()
        if len(words) < 4 or len(words) > 30 or (candidate.endswith((".", ":", "?", "!")) and len(words) > 25):
            continue
        if candidate.endswith(":") or find_published(candidate):
            continue
        if candidate.endswith(".") and len(words) > 12:
            continue
        return candidate
    return None


def load_text(text: str, path: str, source_id: str, settings: Settings) -> Source:
    """Build a `Source` from already-decoded text (front matter, title and date detection)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = _front_matter(text)
    text_line = 1 + text[: len(text) - len(body)].count("\n")
    published = _as_date(meta.get("published"))
    published_source: PublishedSource | None = PublishedSource.FRONTMATTER if published else None
    published_text = str(meta["published"]) if published else None
    if published is None:
        guess = find_published(body)
        if guess:
            published, published_source, published_text = guess.published, guess.source, guess.text
    if published is None and settings.published is not None:
        published, published_source, published_text = settings.published, PublishedSource.OPTION, None
    title = meta.get("title")
    return Source(
        id=source_id,
        path=path,
        title=str(title) if title else guess_title(body),
        outlet=str(meta["outlet"]) if meta.get("outlet") else None,
        url=str(meta["url"]) if meta.get("url") else None,
        published=published,
        published_source=published_source,
        published_text=published_text,
        words=len(_WORD.findall(body)),
        text=body,
        text_line=text_line,
    )


def _read(path: Path, settings: Settings) -> str:
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise ValueError(f"file is {size:,} bytes, over the {settings.max_bytes:,}-byte limit")
    text = _decode(path.read_bytes())
    if not text.strip():
        raise ValueError("empty file")
    return text


def load_paths(paths: Iterable[Path], settings: Settings) -> LoadResult:
    """Load every article under `paths`; sources are ordered and numbered by path."""
    result = LoadResult()
    files: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        found = list(iter_article_paths(path, settings))
        if path.is_dir() and not found:
            raise LoadError(f"{path}: no article files ({', '.join(settings.extensions)}) in this folder")
        files.update(found)
    texts: list[tuple[str, str]] = []
    for file in sorted(files, key=str):
        try:
            texts.append((str(file), _read(file, settings)))
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            result.failures.append(LoadFailure(path=str(file), reason=reason))
    for name, text in texts:
        try:
            source = load_text(text, name, "", settings)
        except ValueError as exc:
            result.failures.append(LoadFailure(path=name, reason=str(exc)))
            continue
        result.sources.append(source.model_copy(update={"id": f"s{len(result.sources) + 1}"}))
    result.failures.sort(key=lambda f: f.path)
    return result
