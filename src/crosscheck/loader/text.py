"""Plain text and Markdown articles, with optional YAML front matter (title, outlet, url, author, published)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from crosscheck.lexicons import safe_yaml
from crosscheck.loader.html import plain_title
from crosscheck.loader.record import RANK_EXPLICIT, DateCandidate, Draft, as_date
from crosscheck.models import OutletSource, PublishedSource, SourceFormat
from crosscheck.outlets import canonical

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEYS = {"title", "outlet", "url", "published", "author", "source", "date"}


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (known keys, lower-cased) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = safe_yaml(match.group("yaml"))
    except ValueError as exc:  # PyYAML's own date parsing: "published: 2024-02-30"
        raise ValueError(f"front matter is not valid: {exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise ValueError("front matter is nested too deeply") from None
    if not isinstance(data, dict):
        return {}, text
    return {str(k).lower(): v for k, v in data.items() if str(k).lower() in _FRONT_KEYS}, text[match.end() :]


def parse_text(text: str, path: str, encoding: str, fmt: SourceFormat = SourceFormat.TEXT) -> Draft:
    """A text or Markdown article as a draft (front matter wins over what the text says)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = front_matter(text)
    dates = []
    for key in ("published", "date"):
        day = as_date(meta.get(key))
        if day:
            dates.append(DateCandidate(day, PublishedSource.FRONTMATTER, RANK_EXPLICIT - 1, key, str(meta[key])))
            break
    outlet = meta.get("outlet") or meta.get("source")
    return Draft(
        path=path,
        text=body,
        format=fmt,
        encoding=encoding,
        text_line=1 + text[: len(text) - len(body)].count("\n"),
        title=plain_title(str(meta["title"])) if meta.get("title") else None,
        outlet=canonical(str(outlet)) if outlet else None,
        outlet_source=OutletSource.FRONTMATTER if outlet else None,
        author=str(meta["author"]) if meta.get("author") else None,
        url=str(meta["url"]) if meta.get("url") else None,
        dates=dates,
    )
