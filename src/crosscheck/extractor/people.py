"""Officials and their titles, quotes and who said them, and where a named person spoke."""

from __future__ import annotations

import re
from typing import Any

from crosscheck.extractor.base import Draft, sentence_text
from crosscheck.extractor.context import DocContext, clean_person, norm_key
from crosscheck.extractor.nlp import doc_ents, doc_text, token_forms
from crosscheck.extractor.roles import is_title_word, normalize_title, role_mentions, role_of, title_label
from crosscheck.models import ClaimKind, Modality, NameValue, PlaceValue, QuoteValue, Subject, TitleValue

__all__ = ["normalize_title", "quotes_in", "resolve_speaker", "spoke_in", "titles_in"]

# A quote: curly, straight, guillemets or low-high marks, and the mismatched pairs copy-editing leaves
# (an opening curly mark closed by a straight one, a single mark closed by a double one). Inside a
# single-quoted quote an apostrophe is a mark followed by a letter ("don’t").
_QUOTE = re.compile(
    r"“(?P<a>[^“”\"«»]{2,2000}?)[”\"“]"
    r"|\"(?P<b>[^“”\"«»]{2,2000}?)[\"”“]"
    r"|«\s?(?P<c>[^«»“”\"]{2,2000}?)\s?»"
    r"|„(?P<d>[^„“”\"]{2,2000}?)[“”\"]"
    r"|(?<![\w’'])‘(?P<e>(?:[^‘’“”\"\n]|’(?=\w)){2,2000}?)’(?!\w)"
    r"|(?<![\w’'])'(?P<f>[^'\"“”\n]{2,2000}?)[\"”]"
)
_SEGMENT_BREAK = re.compile(r"\s*(?:\.\.\.|…)\s*|(?<=[.!?])\s+(?=[A-Z‘'\"“])")
_REPORT = (
    r"(?:said|says|told|tells|added|adds|stated|states|explained|explains|insisted|noted|wrote|writes|warned|"
    r"continued|declared|asked|posted|tweeted|announced|recalled|admitted|acknowledged|argued|stressed|urged|"
    r"replied|responded|commented|remarked|confirmed|claimed|revealed|reported|pleaded|cautioned|emphasi[sz]ed|"
    r"(?:was|were|is|are)\s+quoted\s+as\s+saying)"
)
_NAME = r"(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.’'-]*"
_SPEAKER = rf"{_NAME}|[Tt]he\s+[\w\s.’'-]{{2,40}}?|[Aa]n?\s+[\w\s.’'-]{{2,50}}?|[Hh]e|[Ss]he|[Tt]hey"
_AFTER = re.compile(rf"^\s*[,.!?]?\s*[”\"’'»]?\s*,?\s*(?P<sp>{_SPEAKER})\s+{_REPORT}\b")
_AFTER_INVERTED = re.compile(
    rf"^\s*[,.!?]?\s*[”\"’'»]?\s*,?\s*(?:{_REPORT}|according\s+to)\s+(?P<sp>(?:[A-Z][\w.’'-]*\s*){{1,5}}|"
    rf"the\s+[\w\s’'-]{{2,40}}?)(?=\s*[,.;:]|\s*$)"
)
# "X said:", "X told reporters that", "X (XYZ) said it has “...”" (a quote that ends the speaker's clause)
_BEFORE = re.compile(
    rf"(?:(?P<sp>{_SPEAKER})(?:\s*\([A-Z]{{2,8}}\))?\s+{_REPORT}(?:\s+(?:reporters|journalists|the\s+\w+|\w+))?"
    rf"(?:\s+(?:in|on)\s+an?\s+(?:\w+\s+)?(?:statement|post|interview|message|briefing|tweet))?"
    rf"(?:\s+(?:that\s+)?(?:it|they|he|she|this|the\s+\w+)\s+(?:[a-z]+\s+){{0,2}}?(?:was|were|is|are|has|had|have|would|will|could)"
    rf"(?:\s+been)?)?"
    rf"|[Aa]ccording\s+to\s+(?P<acc>{_SPEAKER})\s*,)\s*(?:that)?\s*[:,]?\s*$"
)
# "a post from the navy said", "a statement by the ministry": the speaker is who posted it.
_CHANNEL = re.compile(
    r"(?i)^(?:an?|the|its|their|his|her)\s+(?:(?:official|joint|written|brief|short|separate|social\s+media|"
    r"facebook|twitter|press|news)\s+)*(?:post|statement|tweet|message|release|letter|notice|note|update|"
    r"communiqu[eé])\s+(?:from|by|of|issued\s+by|on\s+behalf\s+of)\s+"
)
_SPEAKING = frozenset(
    {"say", "tell", "add", "state", "explain", "insist", "note", "write", "warn", "continue", "declare", "ask",
     "post", "tweet", "announce", "recall", "admit", "acknowledge", "argue", "stress", "urge", "reply",
     "respond", "comment", "remark", "confirm", "claim", "reveal", "report", "plead", "caution", "emphasise",
     "emphasize", "quote"}
)  # fmt: skip
_PRONOUNS = {"he", "she", "they"}


def titles_in(sent: Any, ctx: DocContext, seen: set[tuple[str, str]]) -> list[Draft]:
    """Title and role-holder claims of one sentence; also fills ctx.titled (and ctx.persons, with
    names only a title shows to be people) for speaker resolution."""
    drafts: list[Draft] = []
    doc = sent.doc
    text = doc_text(doc)
    for mention in role_mentions(sent, ctx.persons):
        person = ctx.resolve_person(mention.person)
        if len(person.split()) >= 2 and norm_key(person) not in ctx.persons:
            ctx.persons[norm_key(person)] = person
            ctx.persons.setdefault(norm_key(person.split()[-1]), person)
        if mention.status not in ("former", "late", "incoming"):
            ctx.titled.setdefault(mention.core, person)
        start = doc[mention.start].idx
        last = doc[mention.end - 1]
        end = last.idx + len(last.text)
        title_start = doc[mention.title_start].idx
        title_last = doc[mention.title_end - 1]
        title_text = text[title_start : title_last.idx + len(title_last.text)]
        when = {"former": "former", "late": "former", "incoming": "incoming"}.get(mention.status or "")
        marker = (norm_key(person), f"{mention.core}|{when or ''}")
        if marker not in seen:
            seen.add(marker)
            drafts.append(
                Draft(
                    kind=ClaimKind.TITLE,
                    subject=Subject(
                        key=f"title|{norm_key(person)}" + (f"|{when}" if when else ""),
                        label=f"{person}'s {when} title" if when else f"{person}'s title",
                    ),
                    value=TitleValue(person=person, title=title_label(mention), title_text=title_text),
                    start=start,
                    end=end,
                    sentence=sentence_text(sent),
                    rule=f"title/{mention.shape}",
                )
            )
        role = role_of(mention, ctx.main_country)
        if role is not None and ("name", f"{role}|{norm_key(person)}") not in seen:
            seen.add(("name", f"{role}|{norm_key(person)}"))
            drafts.append(
                Draft(
                    kind=ClaimKind.NAME,
                    subject=Subject(key=f"name|{norm_key(role)}", label=f"who is {role}"),
                    value=NameValue(
                        role=role, person=person, role_text=title_text if title_text.lower() != role else None
                    ),
                    start=start,
                    end=end,
                    sentence=sentence_text(sent),
                    rule=f"name/{mention.shape}",
                )
            )
    return drafts


def _ent_person(ent: Any) -> str:
    """A PERSON entity's name without title words at its start ("Gen John Smith" -> "John Smith")."""
    start = ent.start
    while start < ent.end - 1 and is_title_word(ent.doc[start].lower_):
        start += 1
    return clean_person(ent.doc[start : ent.end].text)


def resolve_speaker(text: str, sent: Any, ctx: DocContext, last_person: str | None) -> str:
    """A speaker mention as a full name when the article allows: names, pronouns, bare titles."""
    mention = _CHANNEL.sub("", text.strip()).strip()
    if mention.lower() in _PRONOUNS:
        return last_person or mention.lower()
    for ent in sent.ents:
        if ent.label_ == "PERSON" and ent.text in mention:
            return ctx.resolve_person(_ent_person(ent))
    words = mention.split()
    core = [w for w in words if is_title_word(w.lower())]
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


def _parse_speaker(doc: Any, sent: Any, q_start: int, q_end: int) -> str | None:
    """Who says a quote, read off the parse: the subject of the nearest verb of saying outside the quote
    ("X, speaking in the capital, told reporters that ..."; "the mayor was quoted as saying ...")."""
    candidates = [
        t
        for t in sent
        if (t.idx < q_start or t.idx >= q_end) and t.lemma_.lower() in _SPEAKING and t.pos_ in ("VERB", "AUX")
    ]
    if not candidates:
        return None
    verb = min(candidates, key=lambda t: min(abs(t.idx - q_start), abs(t.idx - q_end)))
    for _ in range(4):
        children = list(verb.children)
        if verb.lemma_.lower() == "quote":  # "Reuters quoted the mayor as saying": the mayor
            obj = next((c for c in children if c.dep_ == "dobj"), None)
            if obj is not None:
                return _phrase(obj, sent)
        subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
            # "X thanked those who elected him, saying ...": who speaks is the main clause's subject
            antecedent = verb.head
            if antecedent.dep_ in ("dobj", "pobj", "dative") and antecedent.head.pos_ == "VERB":
                verb = antecedent.head
                continue
            subject = antecedent
        if subject is not None:
            if subject.lower_ in ("it", "this", "which"):
                return None
            return _phrase(subject, sent)
        if verb.dep_ not in ("pcomp", "xcomp", "advcl", "conj", "prep", "ccomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _phrase(token: Any, sent: Any) -> str:
    """A subject as a speaker mention: its PERSON entity, else its words up to the token."""
    for ent in sent.ents:
        if ent.label_ == "PERSON" and ent.start <= token.i < ent.end:
            return str(ent.text)
    return str(sent.doc[token.left_edge.i : token.i + 1].text)


def quotes_in(doc: Any, offset: int, ctx: DocContext, state: dict[str, str]) -> list[Draft]:
    """Quote claims of a parsed paragraph: one per quoted sentence-segment of four words or more. A
    quote split by its attribution ("We are ready," she said, "to act.") is one statement."""
    drafts: list[Draft] = []
    text = doc_text(doc)
    matches = list(_QUOTE.finditer(text))
    joined: set[int] = set()
    for n, match in enumerate(matches):
        if n in joined:
            continue
        group = match.lastgroup or "a"
        q_start, q_end = match.start(group), match.end(group)
        inner = match.group(group)
        first = doc.char_span(q_start, q_end, alignment_mode="expand")
        if first is None:
            continue
        sent = first[0].sent
        last_sent = first[-1].sent
        speaker_text = None
        tail = text[match.end() : match.end() + 120]
        after = _AFTER.match(tail) or _AFTER_INVERTED.match(tail)
        if after:
            speaker_text = after.group("sp")
        pieces = [(q_start, inner)]
        if after and n + 1 < len(matches):  # "We are ready," she said, "to act."
            following = matches[n + 1]
            gap = text[match.end() + after.end() : following.start()]
            more = following.group(following.lastgroup or "a")
            if re.fullmatch(r"[^.!?\n\"“”]{0,40}?[,:]\s*", gap) and more[:1].islower():
                pieces.append((following.start(following.lastgroup or "a"), more))
                joined.add(n + 1)
                last_sent = doc.char_span(following.start(), following.end(), alignment_mode="expand")[-1].sent
        if sum(len(p[1].split()) for p in pieces) < 4:
            continue
        if speaker_text is None:
            before = _BEFORE.search(text[max(sent.start_char, 0) : match.start()])
            if before:
                speaker_text = before.group("sp") or before.group("acc")
        if speaker_text is None or speaker_text.lower() in ("the", "it"):
            speaker_text = _parse_speaker(doc, sent, match.start(), match.end())
        if speaker_text is None:
            continue
        earlier = [e for e in doc_ents(doc) if e.label_ == "PERSON" and e.end_char <= match.start()]
        last_person = ctx.resolve_person(_ent_person(earlier[-1])) if earlier else state.get("last_person")
        speaker = resolve_speaker(speaker_text, sent, ctx, last_person)
        sentence = text[sent.start_char : last_sent.end_char].strip()
        for seg_start, seg_end, seg_text in _joined_segments(pieces):
            drafts.append(
                Draft(
                    kind=ClaimKind.QUOTE,
                    subject=Subject(key=f"quote|{norm_key(speaker)}", label=f"words of {speaker}"),
                    value=QuoteValue(speaker=speaker, quote=seg_text),
                    start=offset + seg_start,
                    end=offset + seg_end,
                    sentence=sentence,
                    rule="quote/" + ("after" if after else "before"),
                    attribution=speaker,
                    modality=Modality.QUOTED,
                )
            )
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON":
            state["last_person"] = ctx.resolve_person(_ent_person(ent))
    return drafts


def _joined_segments(pieces: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Segments (start, end, words) of a quote given in pieces around its attribution: a piece too short
    to stand alone ("We are ready," she said, "to act.") runs on into its neighbour across the break;
    pieces long enough stay apart, as another source's sentence-by-sentence quote has them."""
    out: list[tuple[int, int, str]] = []
    for start, inner in pieces:
        segments = [(start + off, start + off + len(words), words) for off, words in _segments(inner, minimum=1)]
        short = out and segments and (len(out[-1][2].split()) < 4 or len(segments[0][2].split()) < 4)
        if short and not out[-1][2].endswith((".", "!", "?")):
            before, first = out.pop(), segments[0]
            segments[0] = (before[0], first[1], f"{before[2]} {first[2]}")
        out.extend(segments)
    return [segment for segment in out if len(segment[2].split()) >= 4]


def _segments(inner: str, minimum: int = 4) -> list[tuple[int, str]]:
    """Split a quote into sentence-like segments (at sentence ends and ellipses), with offsets."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for brk in [*_SEGMENT_BREAK.finditer(inner), None]:
        end = brk.start() if brk else len(inner)
        raw = inner[pos:end]
        stripped = raw.strip().rstrip(",;:")
        if len(stripped.split()) >= minimum:
            lead = len(raw) - len(raw.lstrip())
            pieces.append((pos + lead, stripped))
        pos = brk.end() if brk else len(inner)
    return pieces


_SPOKE = frozenset({"speak", "tell", "say", "address", "brief"})


def spoke_in(sent: Any, ctx: DocContext) -> list[Draft]:
    """Where a named person spoke: "X told a press conference in Lyon", "X, speaking in France"."""
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
                        person = ctx.resolve_person(_ent_person(ent))
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
                            # "In Varnholt, a driver told ...": the place may come first
                            start=min(token.idx, prep.idx),
                            end=max(ent.end_char, token.idx + len(token.text)),
                            sentence=sentence_text(sent),
                            rule="place/spoke-in",
                        )
                    )
    return drafts
