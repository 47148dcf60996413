"""Where a source's words are in the file they were read from: text offsets mapped to lines and columns.

The readers rewrite what they read: front matter is cut and heading markers may go, HTML loses its
tags, entities and line breaks, JSON its string escapes. Evidence must still point into the file,
so each source keeps a compact `text_map` (see `models.Source`): anchors (offset in the text, line,
column, exact), each saying "from here the text runs on in the file, character for character, from
this line and column". A plain text file needs one anchor; an HTML page a few per paragraph (one
after each entity, each inline tag, each line break the extractor joined).

The map comes from finding the text in a *view* of the file: the file as its format's reader sees
it (tags dropped, entities and escapes decoded, whitespace runs collapsed), each piece of the view
knowing which characters of the file it came from. Each line of the text is looked for whole in the
view, from where the previous one was found; a line the reader changed ("- " before a list item,
spaces around an inline tag) is matched run of words by run of words. Words found nowhere take the
place of the nearest words that were, with `exact` false. Nothing here raises on odd input: at
worst the map says "the text starts at its first line", as before.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from crosscheck.models import Anchor, SourceFormat

_LINE_BREAK = re.compile(r"\r\n?|\n")
# Spaces a reader may write as a plain space: compared as one (one for one, so offsets hold).
_SPACES = re.compile("[\t\xa0\u2002-\u200a\u202f\u205f]")
_TOKEN = re.compile(r"\S+")
_LINE_WITH_WORDS = re.compile(r"[^\n]*\S[^\n]*")
_WORD = re.compile(r"\w+")
# A line of the text at least this long is taken wherever it is next found in the file; a shorter one
# (a crosshead, a caption: words that may also stand in a menu) only this close to the previous one.
_LONG = 25
_NEAR = 4000
# A run of two words, or one word, is looked for only this far ahead.
_NEAR_PHRASE = 1500
_NEAR_WORD = 300
# Characters that searches of the whole view found nowhere may scan (at least; or this many times the
# view): past that, long lines and phrases too are looked for only near the cursor.
_FAR_BUDGET = 20_000_000
_FAR_VIEWS = 64
# Elements whose content is never article text; tags that break a line (the others join words).
_HIDDEN = "script|style|noscript|template|svg|head|iframe|object|select|textarea"
_BLOCK = frozenset(
    (
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    )
)  # fmt: skip
_HTML = re.compile(
    rf"(?P<hidden><!--.*?(?:-->|\Z)|<(?P<element>{_HIDDEN})\b[^>]*>.*?</(?P=element)\s*>)"
    r"|(?P<tag></?(?P<name>[A-Za-z][\w:-]*)[^>]*>|<![^>]*>|<\?[^>]*>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<space>[ \t\n\r\f]{2,}|[\t\n\r\f])",  # a single space stays as it is
    re.DOTALL | re.IGNORECASE,
)
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]', re.DOTALL)
# An escape; a surrogate pair (an emoji) is one character.
_JSON_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL
)


@dataclass
class FileText:
    """A decoded input file and, once asked, where its lines start ("\\n", "\\r\\n" or "\\r" ends a line)."""

    text: str
    _starts: list[int] | None = field(default=None, repr=False)

    def line_starts(self) -> list[int]:
        """Offsets where each line starts."""
        if self._starts is None:
            self._starts = [0, *(match.end() for match in _LINE_BREAK.finditer(self.text))]
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at `offset`."""
        starts = self.line_starts()
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def clamp(self, place: tuple[int, int]) -> tuple[int, int]:
        """The nearest real (line, column): a place worked out for words the file does not hold may be past
        the end of a line or of the file."""
        starts = self.line_starts()
        line = min(max(place[0], 1), len(starts))
        end = starts[line] if line < len(starts) else len(self.text)
        while end > starts[line - 1] and self.text[end - 1] in "\r\n":
            end -= 1
        return line, min(max(place[1], 1), end - starts[line - 1] + 1)

    def line_offset(self, line: int) -> int:
        """Offset where 1-based `line` starts (the end of the file past the last line)."""
        starts = self.line_starts()
        return starts[line - 1] if 1 <= line <= len(starts) else (0 if line < 1 else len(self.text))


@dataclass(frozen=True)
class View:
    """Text as a reader sees part of a file, in pieces: piece k starts at `starts[k]` in `text` and came
    from `file[files[k]:ends[k]]`, character for character when `literal[k]` (else it was decoded:
    an entity, an escape, a run of spaces)."""

    text: str
    starts: list[int]
    files: list[int]
    ends: list[int]
    literal: list[bool]

    def piece(self, offset: int) -> int:
        """Index of the piece holding `offset`."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def file_start(self, offset: int) -> int:
        """Offset in the file of the characters `text[offset]` came from."""
        k = self.piece(offset)
        return self.files[k] + (offset - self.starts[k] if self.literal[k] else 0)

    def file_end(self, offset: int) -> int:
        """Offset in the file just after the characters `text[offset]` came from."""
        k = self.piece(offset)
        return self.files[k] + offset - self.starts[k] + 1 if self.literal[k] else self.ends[k]


class _Builder:
    """Appends pieces to a view; neighbouring literal pieces of neighbouring file text become one."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.files: list[int] = []
        self.ends: list[int] = []
        self.literal: list[bool] = []
        self.size = 0
        self.last = ""

    def add(self, text: str, start: int, end: int, literal: bool) -> None:
        """`text`, read from file[start:end] (character for character when `literal`)."""
        if not text:
            return
        if literal and self.literal and self.literal[-1] and self.ends[-1] == start:
            self.ends[-1] = end
        else:
            self.starts.append(self.size)
            self.files.append(start)
            self.ends.append(end)
            self.literal.append(literal)
        self.parts.append(text)
        self.size += len(text)
        self.last = text[-1]

    def copy(self, base: View, start: int, end: int) -> None:
        """`base.text[start:end]` as it is, keeping where each of its pieces came from."""
        k = base.piece(start)
        while start < end:
            stop = min(end, base.starts[k + 1] if k + 1 < len(base.starts) else end)
            if base.literal[k]:
                first = base.files[k] + start - base.starts[k]
                self.add(base.text[start:stop], first, first + stop - start, True)
            else:
                self.add(base.text[start:stop], base.files[k], base.ends[k], False)
            start, k = stop, k + 1

    def decoded(self, text: str, base: View, start: int, end: int) -> None:
        """`text`, decoded from `base.text[start:end]`."""
        self.add(text, base.file_start(start), base.file_end(end - 1), False)

    def view(self) -> View:
        """The view built so far."""
        return View("".join(self.parts), self.starts, self.files, self.ends, self.literal)


def whole(file: FileText, start: int = 0, end: int | None = None) -> View:
    """`file.text[start:end]` as it is."""
    end = len(file.text) if end is None else end
    return View(file.text[start:end], [0], [start], [end], [True])


def text_view(file: FileText, start: int = 0, end: int | None = None) -> View:
    """Part of a text or Markdown file, its line breaks read as "\\n" (as the text reader does)."""
    base = whole(file, start, end)
    if "\r" not in base.text:
        return base
    build = _Builder()
    position = 0
    for match in re.finditer(r"\r\n?", base.text):
        build.copy(base, position, match.start())
        build.decoded("\n", base, match.start(), match.end())
        position = match.end()
    build.copy(base, position, len(base.text))
    return build.view()


def html_view(base: View) -> View:
    """HTML as text: no tags, hidden elements or comments, entities decoded, each run of spaces (or a tag
    that breaks the line) one space."""
    build = _Builder()
    source = base.text
    gap: tuple[int, int] | None = None  # spaces (or a block tag) not written yet: one space, if words follow
    position = 0

    def words(start: int, end: int) -> None:
        nonlocal gap
        if source[start] == " " and (build.last == " " or not build.size):
            start += 1  # "a <b> b": one space
        elif gap is not None and build.size and build.last != " " and source[start] != " ":
            build.decoded(" ", base, gap[0], gap[1])
        gap = None
        build.copy(base, start, end)

    for match in _HTML.finditer(source):
        if match.start() > position:
            words(position, match.start())
        position = match.end()
        if match.group("entity"):
            decoded = html_lib.unescape(match.group("entity"))
            if decoded == match.group("entity"):
                words(match.start(), match.end())
                continue
            if gap is not None and build.size and build.last != " ":
                build.decoded(" ", base, gap[0], gap[1])
            gap = None
            build.decoded(decoded, base, match.start(), match.end())
        elif match.group("tag") and (match.group("name") or "").lower() not in _BLOCK:
            continue  # an inline tag joins the words on either side
        elif gap is None:
            gap = (match.start(), match.end())
    if position < len(source):
        words(position, len(source))
    return build.view()


def json_view(file: FileText, start: int, end: int) -> View:
    """The strings of a JSON value (not its keys), decoded, one per line."""
    base = whole(file)
    build = _Builder()
    text = file.text
    for match in _JSON_TOKEN.finditer(text, start, end):
        token = match.group()
        if token[0] != '"' or _is_key(text, match.end()):
            continue
        if build.size:
            build.add("\n", match.start(), match.start(), False)
        position = match.start() + 1
        stop = match.end() - 1
        for escape in _JSON_ESCAPE.finditer(text, position, stop):
            build.copy(base, position, escape.start())
            try:
                decoded = json.loads(f'"{escape.group()}"')
            except ValueError:
                decoded = escape.group()
            build.decoded(decoded, base, escape.start(), escape.end())
            position = escape.end()
        build.copy(base, position, stop)
    return build.view()


def _is_key(text: str, after: int) -> bool:
    position = after
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position < len(text) and text[position] == ":"


def json_value_span(text: str, record: int, key: str) -> tuple[int, int] | None:
    """Where the value of `key` is in the JSON object starting at offset `record`: the first one at the
    shallowest depth (an Elasticsearch hit holds the article one level down, in `_source`)."""
    depth = 0
    best: tuple[int, int] | None = None
    best_depth = 0
    opened: int | None = None  # start of a wanted object or list, until it closes
    opened_depth = 0
    for match in _JSON_TOKEN.finditer(text, record):
        token = match.group()
        if token in ("{", "["):
            depth += 1
        elif token in ("}", "]"):
            depth -= 1
            if opened is not None and depth == opened_depth:
                best, best_depth, opened = (opened, match.end()), opened_depth, None
            if depth <= 0:
                break
        elif opened is None and (best is None or depth < best_depth) and _is_key(text, match.end()):
            try:
                name = json.loads(token)
            except ValueError:
                continue
            if name != key:
                continue
            value = text.index(":", match.end()) + 1
            while value < len(text) and text[value] in " \t\r\n":
                value += 1
            string = _JSON_TOKEN.match(text, value)
            if string and string.group()[0] == '"':
                best, best_depth = (value, string.end()), depth
            elif string:
                opened, opened_depth = value, depth
        if best is not None and best_depth <= 1 and opened is None:
            break
    return best


def align(text: str, view: str) -> list[tuple[int, int, int]]:
    """Runs (offset in the text, offset in the view, length) of the text found in the view, in text order."""
    text = _SPACES.sub(" ", text)
    view = _SPACES.sub(" ", view)
    body = text.strip()
    found = view.find(body) if body else -1
    if found >= 0:  # the text as it is in the file (plain text, a JSON string with no escapes)
        return [(len(text) - len(text.lstrip()), found, len(body))]
    aligner = _Aligner(text, view)
    offset = 0
    for line in text.split("\n"):
        start = offset + len(line) - len(line.lstrip(" "))
        end = offset + len(line.rstrip(" "))
        offset += len(line) + 1
        if start < end:
            aligner.line(start, end)
    return aligner.runs


class _Aligner:
    """Finds a text's lines in a view one after the other, from where the previous one was found."""

    def __init__(self, text: str, view: str) -> None:
        self.text = text
        self.view = view
        self.runs: list[tuple[int, int, int]] = []
        self.cursor = 0
        # What failed searches of the whole view may still scan: a text the file does not hold (rewritten
        # by its reader) must not cost a scan of the file per line, let alone per word.
        self.far_budget = max(_FAR_BUDGET, _FAR_VIEWS * len(view))

    def find(self, needle: str, words: int) -> int:
        """Where `needle` is next in the view: anywhere ahead for a long one, else near the cursor."""
        reach = _NEAR if words > 2 else _NEAR_PHRASE if words == 2 else _NEAR_WORD
        if len(needle) >= _LONG and self.far_budget > 0:
            found = self.view.find(needle, self.cursor)
            if found < 0:
                self.far_budget -= len(self.view) - self.cursor
            return found
        return self.view.find(needle, self.cursor, self.cursor + reach + len(needle))

    def line(self, start: int, end: int) -> None:
        """Find one line of the text: whole, else run of words by run of words."""
        line = self.text[start:end]
        found = self.find(line, 3)
        if found < 0 and len(line) >= _LONG and self.far_budget > 0:
            found = self.view.find(line, 0, self.cursor)  # the reader moved it up (a caption, a pull quote)
            if found < 0:
                self.far_budget -= self.cursor
            if found >= 0:
                self.runs.append((start, found, len(line)))
                return
        if found >= 0:
            self.runs.append((start, found, len(line)))
            self.cursor = found + len(line)
            return
        tokens = [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(line)]
        i = 0
        while i < len(tokens):
            match = self.first_run(tokens, i)
            if match is None:
                i += 1
                continue
            j, found = match
            first, last = tokens[i][0], tokens[j][1]
            while j + 1 < len(tokens) and self.view.startswith(
                self.text[last : tokens[j + 1][1]], found + last - first
            ):
                j += 1
                last = tokens[j][1]
            self.runs.append((first, found, last - first))
            self.cursor = found + last - first
            i = j + 1

    def first_run(self, tokens: list[tuple[int, int]], i: int) -> tuple[int, int] | None:
        """(last token, view offset) of the longest run of up to three words from token i found ahead."""
        for j in sorted({min(i + 2, len(tokens) - 1), min(i + 1, len(tokens) - 1), i}, reverse=True):
            phrase = self.text[tokens[i][0] : tokens[j][1]]
            if j == i and not _WORD.search(phrase):
                return None  # a lone mark ("-", "•") would match anywhere
            found = self.find(phrase, j - i + 1)
            if found >= 0:
                return j, found
        return None


def anchors(text: str, runs: list[tuple[int, int, int]], view: View, file: FileText) -> list[Anchor]:
    """The text map: an anchor wherever the file does not go on as the text does."""
    out: list[Anchor] = []

    def predicted(offset: int) -> tuple[int, int]:
        start, line, column, _exact = out[-1]
        newlines = text.count("\n", start, offset)
        if not newlines:
            return line, column + offset - start
        return line + newlines, offset - text.rfind("\n", start, offset)

    def put(offset: int, place: tuple[int, int], exact: bool) -> None:
        if out and out[-1][0] == offset:
            out.pop()
        if not out or out[-1][3] != exact or predicted(offset) != place:
            out.append((offset, place[0], place[1], exact))

    def lose(start: int, stop: int, after: tuple[int, int]) -> None:
        """Words of text[start:stop] the file does not hold: placed after the found words on their line, else
        where the next found words are (`after`), never past the file's lines."""
        for line in _LINE_WITH_WORDS.finditer(text, start, stop):
            first = line.start() + len(line.group()) - len(line.group().lstrip())
            same_line = bool(out) and "\n" not in text[done:first]
            put(first, file.clamp(predicted(first) if same_line else after), False)

    done = 0
    end_of_found = (1, 1)
    for offset, found, length in runs:
        if text[done:offset].strip():
            lose(done, offset, file.position(view.file_start(found)))
        position, stop = found, found + length
        k = view.piece(position)
        while position < stop:
            piece_end = view.starts[k + 1] if k + 1 < len(view.starts) else len(view.text)
            size = min(stop, piece_end) - position
            put(offset, file.position(view.file_start(position)), True)
            if not view.literal[k]:
                put(offset + size, file.position(view.ends[k]), True)
            offset, position, k = offset + size, position + size, k + 1
        done = offset
        end_of_found = file.position(view.file_end(stop - 1))
    if out and text[done:].strip():
        lose(done, len(text), end_of_found)
    return out


def trace(
    text: str,
    file: FileText | None,
    fmt: SourceFormat,
    text_line: int = 1,
    span: tuple[int, int] | None = None,
    markup: bool | None = None,
) -> list[Anchor]:
    """The text map of a source's `text` read from `file` (in format `fmt`; from `span` of it, or from line
    `text_line` on); `markup`: whether the text was read from HTML (default: the HTML format)."""
    fallback: list[Anchor] = [(0, text_line, 1, False)]
    if file is None or not text.strip():
        return fallback
    try:
        return _trace(text, file, fmt, text_line, span, markup) or fallback
    except Exception:  # never lose a source over where its words are (the property tests call _trace)
        return fallback


def _trace(
    text: str, file: FileText, fmt: SourceFormat, text_line: int, span: tuple[int, int] | None, markup: bool | None
) -> list[Anchor]:
    if markup is None:
        markup = fmt is SourceFormat.HTML
    if fmt in (SourceFormat.JSON, SourceFormat.JSONL):
        start, end = span or (file.line_offset(text_line), len(file.text))
        view = json_view(file, start, end)
        if markup:
            view = html_view(view)
    elif markup:
        view = html_view(whole(file))
    else:
        start, end = span or (file.line_offset(text_line), len(file.text))
        view = text_view(file, start, end)
    return anchors(text, align(text, view.text), view, file)
