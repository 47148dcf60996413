"""Plain text and Markdown articles, with optional YAML front matter (title, outlet, url, author, published).

In a Markdown file, markup is no part of a sentence: heading marks ("# ", closing "#"s), setext
underlines, rules ("===", "---", "***") and quote marks ("> ") become spaces in place; emphasis, code
and link markup are taken out of their line, which is padded with spaces at its end. Every line
keeps its length, so each line of the text starts where it starts in the file. A plain text file's
text is kept as written.
"""

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

# A line that may hold block markup; the text is searched for it once (most articles have none).
_BLOCK_HINT = re.compile(r"^[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|[=*_-][ \t=*_-]*$|>|```|~~~)", re.MULTILINE)
_ATX_HEADING = re.compile(r"([ \t]{0,3})(#{1,6})((?:[ \t].*)?)")
_CLOSING_HASHES = re.compile(r"[ \t]#+[ \t]*$")
# A setext heading's underline or a thematic break: a line of one mark character (spaces between).
_RULE = re.compile(r"[ \t]{0,3}(?:=+|-+|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*")
_QUOTE = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
_FENCE = re.compile(r"[ \t]{0,3}(?:```|~~~)")
# Inline markup, taken out of its line: an image (gone), a link (its words stay), code, emphasis. An
# emphasis mark touches its words on the inside and no word on the outside ("snake_case", "5 * 3" stay).
_INLINE_HINT = re.compile(r"[*_`\[]")
# A span never crosses its own mark, so a line of a thousand unmatched marks is read once, not once
# per mark; emphasis inside emphasis ("**a *b* c**") comes out in a second round.
_INLINE = (
    (re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)"), ""),
    (
        re.compile(r"\[([^\[\]\n]{1,300})\](?:\([^()\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)|\[[^\[\]\n]{0,100}\])"),
        r"\1",
    ),
    (re.compile(r"(`+)([^`\n]{1,300})\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,500})(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,500})(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"(?<![\w*])(\*{2,3})(?=[^\s*])([^*\n]{1,500})(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"(?<![\w_])(_{2,3})(?=[^\s_])([^_\n]{1,500})(?<=\S)\1(?![\w_])"), r"\2"),
)


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


def _blank(match: re.Match[str] | None, line: str) -> str:
    """The line with the matched markup turned into spaces."""
    if match is None:
        return line
    return line[: match.start()] + " " * (match.end() - match.start()) + line[match.end() :]


def _block_markup(line: str) -> str:
    heading = _ATX_HEADING.fullmatch(line)
    if heading:
        rest = heading.group(3)
        rest = _blank(_CLOSING_HASHES.search(rest), rest)
        return heading.group(1) + " " * len(heading.group(2)) + rest
    if _RULE.fullmatch(line):
        return " " * len(line)
    return _blank(_QUOTE.match(line), line)


def _inline_markup(line: str) -> str:
    plain = line
    for _round in range(2):
        before = plain
        for pattern, replacement in _INLINE:
            plain = pattern.sub(replacement, plain)
        if plain == before:
            break
    return plain + " " * (len(line) - len(plain))


def plain_markdown(body: str) -> str:
    """Markdown text without its markup, every line the same length (see the module docstring)."""
    blocks = _BLOCK_HINT.search(body) is not None
    inline = _INLINE_HINT.search(body) is not None
    if not (blocks or inline):
        return body
    lines = body.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            lines[index] = " " * len(line)
            continue
        if fenced:
            continue
        if blocks:
            line = _block_markup(line)
        if inline and _INLINE_HINT.search(line):
            line = _inline_markup(line)
        lines[index] = line
    return "\n".join(lines)


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
        text=plain_markdown(body) if fmt is SourceFormat.MARKDOWN else body,
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
