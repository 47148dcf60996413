"""Officials and their titles, quotes and who said them, and where a named person spoke."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft, sentence_text
from crosscheck.extractor.context import DocContext, clean_person, country_of, norm_key
from crosscheck.extractor.nlp import doc_ents, doc_text, token_forms
from crosscheck.lexicons import load_lexicon
from crosscheck.models import ClaimKind, Modality, PlaceValue, QuoteValue, Subject, TitleValue

_QUOTE = re.compile(r"“([^”]{2,2000})”|\"([^\"]{2,2000})\"")
_SEGMENT_BREAK = re.compile(r"\s*(?:\.\.\.|…)\s*|(?<=[.!?])\s+(?=[A-Z‘'\"“])")
_REPORT = r"(?:said|says|told|tells|added|adds|stated|explained|insisted|noted|wrote|warned|continued|declared|asked)"
_AFTER = re.compile(
    rf"^\s*[,.!?]?\s*[”\"]?\s*(?P<sp>(?:[A-Z][\w.’'-]*\s+){{0,4}}[A-Z][\w.’'-]*|[Tt]he\s+[\w\s.-]{{2,40}}?|he|she|they)"
    rf"\s+{_REPORT}\b"
)
_AFTER_INVERTED = re.compile(rf"^\s*[,.!?]?\s*[”\"]?\s*{_REPORT}\s+(?P<sp>(?:[A-Z][\w.’'-]*\s*){{1,5}})")
_BEFORE = re.compile(
    rf"(?P<sp>(?:[A-Z][\w.’'-]*\s+){{0,5}}[A-Z][\w.’'-]*|[Tt]he\s+[\w\s.-]{{2,40}}?|[Hh]e|[Ss]he)\s+"
    rf"(?:{_REPORT})(?:\s+(?:reporters|journalists|the\s+\w+|\w+))?\s*(?:that)?\s*[:,]?\s*$"
)
_PRONOUNS = {"he", "she", "they"}


@dataclass(frozen=True)
class TitleTable:
    """Title words from lexicons/titles.yaml."""

    heads: frozenset[str]
    words: frozenset[str]  # heads, modifiers, departments, abbreviations
    departments: frozenset[str]
    abbreviations: dict[str, str]
    spellings: dict[str, str]
    of_heads: frozenset[str]


@cache
def title_table() -> TitleTable:
    """Load the titles lexicon once."""
    lex = load_lexicon("titles")
    heads = frozenset(h.lower() for h in lex["heads"] for h in h.split())
    departments = frozenset(w for d in lex["departments"] for w in d.lower().split())
    abbreviations = {k.lower(): v for k, v in lex["abbreviations"].items()}
    words = heads | departments | frozenset(m.lower() for m in lex["modifiers"]) | frozenset(abbreviations)
    return TitleTable(heads, words, departments, abbreviations, dict(lex["spellings"]), frozenset(lex["of_heads"]))


def normalize_title(words: list[str]) -> str:
    """'Defence Secretary' -> 'secretary of defense'; 'Gen' -> 'general'."""
    table = title_table()
    out: list[str] = []
    for word in words:
        w = word.lower()
        w = table.abbreviations.get(w, table.abbreviations.get(w.rstrip("."), w))
        for part in w.split():
            out.append(table.spellings.get(part, part))
    if len(out) >= 2 and out[-1] in table.of_heads and out[-2] in table.departments:
        depts: list[str] = []
        while len(out) >= 2 and out[-2] in table.departments:
            depts.insert(0, out.pop(-2))
        out.append("of " + " ".join(depts))
    return " ".join(out)


def _title_before(ent: Any) -> tuple[list[Any], Any] | None:
    """Tokens of the title just before a PERSON entity, and the country it names (if any)."""
    table = title_table()
    doc = ent.doc
    tokens: list[Any] = []
    i = ent.start - 1
    while i >= 0 and len(tokens) < 8:
        token = doc[i]
        word = token.lower_.rstrip(".") if token.lower_ not in table.words else token.lower_
        if (
            word in table.words
            or token.lower_ in table.abbreviations
            or country_of(token.text) is not None
            or (token.is_title and token.pos_ == "PROPN")
        ):
            tokens.insert(0, token)
        else:
            break
        i -= 1
    # drop leading non-title words that are not a country (org names stay as qualifiers)
    if not any(t.lower_.rstrip(".") in table.heads or t.lower_ in table.abbreviations for t in tokens):
        return None
    country = next((c for t in tokens if (c := country_of(t.text)) is not None), None)
    return tokens, country


def _core(tokens: list[Any]) -> list[Any]:
    """The title words at the end of a title phrase (qualifiers such as an org name dropped)."""
    table = title_table()
    core: list[Any] = []
    for token in reversed(tokens):
        if token.lower_ in table.words or token.lower_.rstrip(".") in table.words:
            core.insert(0, token)
        else:
            break
    return core


def _split_person(ent: Any) -> tuple[list[Any], str]:
    """Title words inside the entity ("Gen John Smith") and the name that remains."""
    table = title_table()
    inner: list[Any] = []
    for token in ent:
        if token.lower_ in table.words or token.lower_.rstrip(".") in table.abbreviations:
            inner.append(token)
        else:
            break
    name = clean_person(ent.doc[ent.start + len(inner) : ent.end].text)
    return inner, name


def titles_in(sent: Any, ctx: DocContext, seen: set[tuple[str, str]]) -> list[Draft]:
    """Title claims of one sentence; also fills ctx.titled for speaker resolution."""
    drafts: list[Draft] = []
    for ent in sent.ents:
        if ent.label_ != "PERSON":
            continue
        inner, name = _split_person(ent)
        if len(name.split()) < 1 or country_of(name) is not None:
            continue
        found = _title_before(ent)
        tokens: list[Any] = []
        country = None
        if found:
            tokens, country = found
        tokens = tokens + inner
        core = _core(tokens)
        if not core or not any(
            t.lower_.rstrip(".") in title_table().heads or t.lower_ in title_table().abbreviations for t in core
        ):
            continue
        person = ctx.resolve_person(name)
        core_norm = normalize_title([t.text for t in core])
        ctx.titled.setdefault(core_norm, person)
        marker = (norm_key(person), core_norm)
        if marker in seen:
            continue
        seen.add(marker)
        title = (f"{country.key} " if country else "") + core_norm.title().replace(" Of ", " of ")
        start = tokens[0].idx if tokens else ent.start_char
        drafts.append(
            Draft(
                kind=ClaimKind.TITLE,
                subject=Subject(key=f"title|{norm_key(person)}", label=f"{person}'s title"),
                value=TitleValue(
                    person=person,
                    title=title,
                    title_text=doc_text(ent.doc)[start : ent.start_char].strip() or " ".join(t.text for t in inner),
                ),
                start=start,
                end=ent.end_char,
                sentence=sentence_text(sent),
                rule="title/before-name",
            )
        )
    return drafts


def resolve_speaker(text: str, sent: Any, ctx: DocContext, last_person: str | None) -> str:
    """A speaker mention as a full name when the article allows: names, pronouns, bare titles."""
    mention = text.strip()
    if mention.lower() in _PRONOUNS:
        return last_person or mention.lower()
    for ent in sent.ents:
        if ent.label_ == "PERSON" and ent.text in mention:
            return ctx.resolve_person(_split_person(ent)[1])
    words = mention.split()
    core = [w for w in words if w.lower() in title_table().words or w.lower().rstrip(".") in title_table().words]
    if core:
        person = ctx.titled.get(normalize_title(core))
        if person:
            return person
    resolved = ctx.resolve_person(clean_person(mention))
    if resolved != clean_person(mention):
        return resolved
    return (
        re.sub(r"^(?:the|a|an)\s+", "", mention, flags=re.IGNORECASE).lower()
        if mention[:1].islower() or mention.lower().startswith(("the ", "a ", "an "))
        else mention
    )


def _root_subject(sent: Any, before: int) -> str | None:
    """The subject of the sentence's reporting verb, for "X, speaking ..., told reporters that “...”"."""
    for token in sent:
        if token.idx >= before:
            break
        if (
            token.lemma_.lower() in ("say", "tell", "add", "insist", "state", "write", "warn", "note")
            or token.dep_ == "ROOT"
        ):
            verb = token
            while verb.dep_ in ("advcl", "xcomp", "conj", "ccomp") and verb.head is not verb:
                verb = verb.head
            for child in verb.children:
                if child.dep_ == "nsubj":
                    people = [e for e in sent.ents if e.label_ == "PERSON" and e.start <= child.i < e.end]
                    if people:
                        return str(people[0].text)
                    return str(sent.doc[child.left_edge.i : child.i + 1].text)
    return None


def quotes_in(doc: Any, offset: int, ctx: DocContext, state: dict[str, str]) -> list[Draft]:
    """Quote claims of a parsed paragraph: one per quoted sentence-segment of four words or more."""
    drafts: list[Draft] = []
    text = doc_text(doc)
    for match in _QUOTE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        q_start, q_end = match.start(group), match.end(group)
        inner = match.group(group)
        if len(inner.split()) < 4:
            continue
        first = doc.char_span(q_start, q_end, alignment_mode="expand")
        if first is None:
            continue
        sent = first[0].sent
        last_sent = first[-1].sent
        speaker_text = None
        after = _AFTER.match(text[match.end() : match.end() + 90]) or _AFTER_INVERTED.match(
            text[match.end() : match.end() + 90]
        )
        if after:
            speaker_text = after.group("sp")
        if speaker_text is None:
            before = _BEFORE.search(text[max(sent.start_char, 0) : match.start()])
            if before:
                speaker_text = before.group("sp")
        if speaker_text is None or speaker_text.lower() in ("the", "it"):
            speaker_text = _root_subject(sent, match.start())
        if speaker_text is None:
            continue
        earlier = [e for e in doc_ents(doc) if e.label_ == "PERSON" and e.end_char <= match.start()]
        last_person = ctx.resolve_person(_split_person(earlier[-1])[1]) if earlier else state.get("last_person")
        speaker = resolve_speaker(speaker_text, sent, ctx, last_person)
        sentence = text[sent.start_char : last_sent.end_char].strip()
        for seg in _segments(inner):
            seg_start = q_start + seg[0]
            seg_text = seg[1]
            drafts.append(
                Draft(
                    kind=ClaimKind.QUOTE,
                    subject=Subject(key=f"quote|{norm_key(speaker)}", label=f"words of {speaker}"),
                    value=QuoteValue(speaker=speaker, quote=seg_text),
                    start=offset + seg_start,
                    end=offset + seg_start + len(seg_text),
                    sentence=sentence,
                    rule="quote/" + ("after" if after else "before"),
                    attribution=speaker,
                    modality=Modality.QUOTED,
                )
            )
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON":
            state["last_person"] = ctx.resolve_person(_split_person(ent)[1])
    return drafts


def _segments(inner: str) -> list[tuple[int, str]]:
    """Split a quote into sentence-like segments (at sentence ends and ellipses), with offsets."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for brk in [*_SEGMENT_BREAK.finditer(inner), None]:
        end = brk.start() if brk else len(inner)
        raw = inner[pos:end]
        stripped = raw.strip().rstrip(",;:")
        if len(stripped.split()) >= 4:
            lead = len(raw) - len(raw.lstrip())
            pieces.append((pos + lead, stripped))
        pos = brk.end() if brk else len(inner)
    return pieces


_SPOKE = frozenset({"speak", "tell", "say", "address", "brief"})


def spoke_in(sent: Any, ctx: DocContext) -> list[Draft]:
    """Where a named person spoke: "X told a press conference in Honolulu", "X, speaking in Hawaii"."""
    drafts: list[Draft] = []
    lemmas = token_forms(sent.doc).lemma
    for i in range(sent.start, sent.end):
        if lemmas[i] not in _SPOKE:
            continue
        token = sent.doc[i]
        person = None
        holder = token.head if token.dep_ in ("acl", "advcl") else token
        candidates = [holder, *holder.children] if token.dep_ in ("acl",) else list(token.children)
        for child in candidates:
            if child.dep_ in ("nsubj", "appos") or child is holder:
                for ent in sent.ents:
                    if ent.label_ == "PERSON" and ent.start <= child.i < ent.end:
                        person = ctx.resolve_person(_split_person(ent)[1])
        if person is None:
            continue
        holders = [token, *[c for c in token.children if c.dep_ in ("dobj", "dative")]]
        for prep in [c for h in holders for c in h.children]:
            if prep.lower_ != "in" or prep.dep_ != "prep":
                continue
            for ent in sent.ents:
                if ent.label_ in ("GPE", "LOC", "FAC") and ent.start == prep.i + 1:
                    drafts.append(
                        Draft(
                            kind=ClaimKind.PLACE,
                            subject=Subject(key=f"spoke|{norm_key(person)}", label=f"where {person} spoke"),
                            value=PlaceValue(entity=person, place=ent.text, relation="spoke in"),
                            start=token.idx,
                            end=ent.end_char,
                            sentence=sentence_text(sent),
                            rule="place/spoke-in",
                        )
                    )
    return drafts
