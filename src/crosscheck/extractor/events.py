"""Event dates: every date that some event verb or noun governs becomes a claim.

The subject of a date claim is what happened then, read off the parse: an event class from
lexicons/events.yaml when the governing word (or the event it holds, "held the vote") is one of its
words ("the coup in July 2023", "the putsch on 26 July" -> coup), else the governing lemma and what it
is about ("were found on July 2" -> find + the found; "the June 30 deadline for the loan" ->
deadline loan). Different events on different days thus stay apart instead of conflicting.

Which way a relative date points from the publication date comes from the governing verb: its
future or modal auxiliaries and plan words ("will meet on Friday", "plans to close by Nov. 30") point
forward; past tense points back; the phrase's own words ("next", "by", "deadline") decide the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from crosscheck.extractor.base import Draft, sentence_text
from crosscheck.extractor.context import (
    REPORTING_VERBS,
    DocContext,
    attribution_for,
    head_chain,
    modality_for,
    norm_key,
    place_for,
)
from crosscheck.extractor.dates import DateMention, Direction, find_dates, parse_date_phrase
from crosscheck.extractor.nlp import doc_text, token_forms
from crosscheck.lexicons import load_lexicon
from crosscheck.models import ClaimKind, DateValue, Subject


@dataclass(frozen=True)
class EventTable:
    """Event nouns and verbs -> event name, and the word lists that read a date's event and direction."""

    nouns: dict[str, str]
    verbs: dict[str, str]
    occurrence: frozenset[str] = frozenset()
    holding: frozenset[str] = frozenset()
    aspect: frozenset[str] = frozenset()
    deadlines: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()
    aspect_nouns: frozenset[str] = frozenset()
    collective_nouns: frozenset[str] = frozenset()
    change_verbs: frozenset[str] = frozenset()
    not_events: frozenset[str] = frozenset()
    future_auxiliaries: frozenset[str] = frozenset()
    plans: frozenset[str] = frozenset()
    stamp: re.Pattern[str] | None = None  # a sentence that opens with a stamp word ("Updated: ...")
    stamped: re.Pattern[str] | None = None  # a date right after one ("... Published on: May 3, 2024")


@cache
def event_table() -> EventTable:
    """From lexicons/events.yaml."""
    lex = load_lexicon("events")
    nouns: dict[str, str] = {}
    verbs: dict[str, str] = {}
    for name, entry in lex["events"].items():
        for noun in entry.get("nouns", []):
            nouns[noun.lower().replace("’", "'")] = name
        for verb in entry.get("verbs", []):
            verbs[verb.lower()] = name
    stamps = sorted((str(w) for w in lex.get("stamp_words", [])), key=len, reverse=True)
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in stamps)
    return EventTable(
        nouns,
        verbs,
        occurrence=frozenset(lex.get("occurrence_verbs", [])),
        holding=frozenset(lex.get("holding_verbs", [])),
        aspect=frozenset(lex.get("aspect_verbs", [])),
        deadlines=frozenset(lex.get("deadline_nouns", [])),
        event_nouns=frozenset(lex.get("event_nouns", [])),
        aspect_nouns=frozenset(lex.get("aspect_nouns", [])),
        collective_nouns=frozenset(lex.get("collective_nouns", [])),
        change_verbs=frozenset(lex.get("change_verbs", [])),
        not_events=frozenset(lex.get("not_events", [])),
        future_auxiliaries=frozenset(lex.get("future_auxiliaries", [])),
        plans=frozenset(lex.get("plan_words", [])),
        stamp=re.compile(rf"(?i)^\W*(?:{words})(?:\W|$)") if stamps else None,
        stamped=re.compile(rf"(?i)(?:^|\W)(?:{words})\s*(?:on|at)?\s*[:|\-–—]?\s*$") if stamps else None,
    )


def _event_of(token: Any) -> str | None:
    """The lexicon event class a noun or verb names, or None."""
    table = event_table()
    forms = [token.lower_.replace("’", "'"), token.lemma_.lower()]
    if token.pos_ in ("NOUN", "PROPN"):
        doc = token.doc
        following = doc[token.i : min(token.i + 3, len(doc))].text.lower().replace("’", "'")
        if token.i >= 2 and doc[token.i - 1].text == "-":  # "run-off", split by the tokenizer
            forms.append(doc[token.i - 2 : token.i + 1].text.lower())
        for form in [following, *forms]:
            if form in table.nouns:
                return table.nouns[form]
    if token.pos_ == "VERB":
        for phrase in _verb_forms(token):
            if phrase in table.verbs:
                return table.verbs[phrase]
    return None


def _verb_forms(verb: Any) -> list[str]:
    """A verb's lemma with its particle or object first ("take place", "carry out", "seize power")."""
    lemma = verb.lemma_.lower()
    forms = []
    for child in verb.children:
        if child.dep_ in ("prt", "dobj"):
            forms.append(f"{lemma} {child.lemma_.lower()}")
        elif child.dep_ == "prep":  # "come into force"
            forms.extend(f"{lemma} {child.lower_} {g.lemma_.lower()}" for g in child.children if g.dep_ == "pobj")
    forms.append(lemma)
    return forms


@dataclass(frozen=True)
class _Event:
    """What a date dates: its name in the subject key, the token it sits on, and how it was read."""

    name: str
    token: Any
    lexicon: bool = False
    deadline: bool = False


_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
_ORDINALS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "last", "final", "initial", "remaining", "next", "latest"}
)
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_OBJECTS = ("dobj", "attr", "oprd", "nsubjpass", "dative")


def _words(token: Any) -> str:
    """What a theme token contributes to a key: its event class or lemma with ordinal modifiers;
    '-' for pronouns and numbers, which name nothing across articles."""
    if token.pos_ == "PRON" or token.like_num or any(ch.isdigit() for ch in token.text):
        return "-"
    event = _event_of(token)
    if event:
        return event
    word = norm_key(token.text) if token.pos_ == "PROPN" else token.lemma_.lower()
    ordinals = [c.lower_ for c in token.children if c.dep_ == "amod" and c.lower_ in _ORDINALS]
    return " ".join([*ordinals, word])


def _subject_of(verb: Any) -> Any | None:
    subjects = []
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                child = verb.head  # "the quake that struck on Friday": the quake
            subjects.append(_through_collective(child))
    if subjects:  # a misparse may give two ("The magnitude 6.8 quake"): an event one first
        return next((s for s in subjects if _event_of(s)), subjects[0])
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return _through_collective(verb.head)  # "the miners trapped since March 4"
    if verb.dep_ in ("xcomp", "acomp") and verb.head is not verb:
        return _subject_of(verb.head)  # "the handover is expected to happen within days", "talks are due to"
    return None


def _object_of(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            return _through_collective(child)
    return None


def _through_collective(noun: Any) -> Any:
    """'a series of blasts' -> blasts: what a collective noun stands for."""
    if noun.lemma_.lower() in event_table().collective_nouns:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((g for g in child.children if g.dep_ == "pobj"), noun)
    return noun


def _verb_event(verb: Any, theme: Any | None = None) -> _Event | None:
    """The event a verb's date dates: a lexicon event it names or holds, its subject's event, or
    the verb with what it is about."""
    table = event_table()
    lemma = verb.lemma_.lower()
    forms = _verb_forms(verb)
    subject = _subject_of(verb)
    obj = theme if theme is not None else _object_of(verb)
    if obj is not None and any(f in table.holding for f in forms) and (held := _event_of(obj)):
        return _Event(held, obj, lexicon=True)
    if verb.pos_ == "VERB" and (named := _event_of(verb)):
        return _Event(named, verb, lexicon=True)
    stage = next((f for f in forms if f in table.aspect), "")  # "began", "made landfall"
    if subject is not None and lemma not in REPORTING_VERBS and (event := _event_of(subject)):
        if stage:
            return _Event(f"{stage} {event}", verb)
        return _Event(event, subject, lexicon=True)
    occurs = any(f in table.occurrence for f in forms)
    if occurs and subject is not None and subject.lemma_.lower() in table.event_nouns:
        return _Event(_words(subject), subject)  # "the festival takes place over the weekend"
    if lemma == "be":  # "was at war until 2009", "is under curfew": the state named after it
        for child in verb.children:
            if child.dep_ == "prep":
                state = next((g for g in child.children if g.dep_ == "pobj"), None)
                if state is not None and (event := _event_of(state)):
                    return _Event(event, state, lexicon=True)
        return None
    if lemma in table.not_events or verb.pos_ != "VERB":
        return None
    object_event = _event_of(obj) if obj is not None else None
    if object_event and stage:
        return _Event(f"{lemma} {object_event}", verb)  # "started the pullout": the start, not the pullout
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    head = f"{lemma} {particle}".strip()
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if occurs or object_event:
        # "the transfer will take place next week"; "Washington designated the coup in October"
        # dates the designating, not the coup: named by who did it, never by the event's class
        about = subject
    else:
        about = obj if obj is not None else subject if (passive or obj is None) else None
    words = _words(about) if about is not None else "-"
    if words == "-" and subject is not None and about is not subject:  # "the firm will save $2bn by 2031"
        words = _words(subject)
    if words == "-":  # "they ventured into the cave on June 23": where, when not who
        words = next((w for w in map(_words, _place_objects(verb)) if w != "-"), "-")
    if lemma in REPORTING_VERBS:  # "the mayor said on Saturday that ...": who said what
        said = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
        speaker = _words(subject) if subject is not None else "-"
        return _Event(f"{head} {speaker}" + (f": {_verb_event_name(said)}" if said is not None else ""), verb)
    if words == "-":
        return None  # "was asked on Friday": what was done to what is unknown, and would merge with anything
    return _Event(f"{head} {words}", verb)


def _place_objects(verb: Any) -> list[Any]:
    """The objects of a verb's prepositions, left to right, leaving out dates and times."""
    return [
        g
        for c in verb.children
        if c.dep_ == "prep"
        for g in c.children
        if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") and g.pos_ in ("NOUN", "PROPN")
    ]


def _verb_event_name(verb: Any) -> str:
    event = _verb_event(verb) if verb.pos_ == "VERB" else None
    return event.name if event else verb.lemma_.lower()


def _noun_event(noun: Any) -> _Event | None:
    """The event a noun's date dates, or None when the noun is no event ("Paris", "the boys")."""
    table = event_table()
    lemma = noun.lemma_.lower()
    if event := _event_of(noun):
        return _Event(event, noun, lexicon=True)
    of = next((g for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"), None)
    if lemma in table.deadlines or noun.lower_ in table.deadlines:
        return _Event(f"deadline {_words(of)}" if of is not None else "deadline", noun, deadline=True)
    if lemma in table.aspect_nouns and of is not None:
        return _Event(f"{lemma} {_words(of)}", noun)  # "the end of the war in 2009"
    head = noun.head
    if head is not noun and head.pos_ in ("VERB", "AUX") and noun.dep_ in _OBJECTS:
        return _verb_event(head, theme=noun)  # "became president on Sunday": the becoming
    if noun.pos_ == "NOUN" and lemma in table.event_nouns:
        return _Event(_words(noun), noun)
    return None


def _event_for(governor: Any) -> _Event | None:
    """Climb from the word a date hangs on to the event it dates: a verb, an event noun, or the verb
    that a noun of another kind hangs on ("near the station on Friday" -> the verb)."""
    token = governor
    for _ in range(5):
        if token.pos_ in ("VERB", "AUX"):
            return _verb_event(token)
        if token.pos_ in ("NOUN", "PROPN"):
            event = _noun_event(token)
            if event is not None or token.dep_ in ("nsubj", "nsubjpass", "ROOT", "dobj", "attr"):
                return event
        elif token.pos_ not in ("ADP", "SCONJ", "ADV", "ADJ", "NUM", "PART", "PUNCT", "PRON", "DET", "SYM", "X"):
            return None
        if token.head is token:
            return None
        token = token.head
    return None


def _direction(event: _Event, governor: Any, sent: Any) -> Direction | None:
    """Forward for plans and deadlines, back for what has happened, None when the verb does not say."""
    if event.deadline:
        return "future"
    verb = next((t for t in head_chain(governor, 5) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    found = _tense(verb)
    if found == "present":  # "polls close on Sunday", "the law takes effect on January 1"
        # but not "the blasts on Sunday" in a sentence whose verb is present ("the toll rises"),
        # nor a headline's present, which tells the past
        nouns = any(t.pos_ in ("NOUN", "PROPN") for t in head_chain(governor, 5)[: _depth(governor, verb)])
        return None if nouns or _headline(sent) else "future"
    return found


def _depth(token: Any, ancestor: Any) -> int:
    """How many heads up from `token` `ancestor` is (0 for itself)."""
    depth = 0
    while token is not ancestor and token.head is not token and depth < 8:
        token, depth = token.head, depth + 1
    return depth


def _headline(sent: Any) -> bool:
    """A sentence in title case ("Quake Kills 2,000 In Mountain Villages")."""
    words = [t.text for t in sent if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _tense(verb: Any) -> Direction | Literal["present"] | None:
    table = event_table()
    token = verb
    for _ in range(3):
        auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in auxiliaries}
        perfect = bool(words & {"have", "has", "had", "'ve", "'d"})
        if words & table.future_auxiliaries:
            return "past" if perfect else "future"  # "could have died on Sunday" is past
        if token.tag_ == "VBD" or perfect or any(c.tag_ == "VBD" for c in auxiliaries):
            return "past"
        lemma = token.lemma_.lower()
        if token is not verb and lemma in table.plans:
            return "future"  # "plans to close by May", "is due to start on Monday"
        if words & {"is", "are", "am", "'s", "'re"} and (token.tag_ in ("VBG", "VBN") or lemma in table.plans):
            return "future"  # "is scheduled for Sunday", "are holding talks on Monday"
        if token is verb and not auxiliaries and token.tag_ in ("VBZ", "VBP") and lemma not in REPORTING_VERBS:
            return "present"
        if token.dep_ not in ("xcomp", "ccomp", "advcl") or token.head is token:
            return None
        token = token.head
    return None


_ZONE_BEFORE = re.compile(r"\b(?:GMT|UTC|[ECMP][SD]T|BST|CES?T|IST|JST)\)?,?\s*$")
_POSSESSIVE = re.compile(r"['’]s$")
_ROLE = {"from": "from", "between": "from", "until": "until", "till": "until", "through": "until"}


def date_claims(sent: Any, ctx: DocContext) -> tuple[list[Draft], list[str]]:
    """Date claims of one sentence, and the date phrases that could not be resolved (no anchor)."""
    drafts: list[Draft] = []
    unresolved: list[str] = []
    mentions = find_dates(sent.text)
    if not mentions:
        return drafts, unresolved
    stamp = event_table().stamp
    if stamp is not None and stamp.match(sent.text):
        return drafts, unresolved
    pos = token_forms(sent.doc).pos
    if not any(pos[i] in ("VERB", "AUX") for i in range(sent.start, sent.end)):
        return drafts, unresolved  # a headline, caption or stamp: "Storm damage, May 3, 2024"
    doc = sent.doc
    text = doc_text(doc)
    base = sent.start_char
    previous: DateMention | None = None
    last: tuple[DateMention, Draft] | None = None  # the previous mention's claim
    for mention in mentions:
        found = _claim(mention, previous, sent, ctx, text, base)
        if found is not None and last is not None and last[0] is previous:
            joined = _coordinated(last[1], found[0], previous, mention, text, base)
            if joined is not None:  # "rescued on Sunday and Monday": one event over both days
                drafts[-1] = joined
                last = (mention, joined)
                previous = mention
                continue
        previous = mention
        if found is None:
            continue
        draft, phrase = found
        drafts.append(draft)
        last = (mention, draft)
        if phrase:
            unresolved.append(phrase)
    return drafts, unresolved


def _coordinated(
    first: Draft, second: Draft, earlier: DateMention, mention: DateMention, text: str, base: int
) -> Draft | None:
    """Two dates of one event joined by "and" ("on Sunday and Monday"): one claim spanning both."""
    if mention.prep not in ("and", "or") or earlier.prep in ("from", "between") or first.subject != second.subject:
        return None
    if text[base + earlier.end : base + mention.start].strip(" ,") != "":
        return None
    a, b = first.value, second.value
    if not isinstance(a, DateValue) or not isinstance(b, DateValue) or a.granularity != b.granularity:
        return None
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None  # unresolved (an undated article): both stay as they are
    value = a.model_copy(update={"start": min(a.start, b.start), "end": max(a.end, b.end)})
    return replace(first, value=value, end=max(first.end, second.end), rule=first.rule + "+coordinated")


def _claim(
    mention: DateMention, previous: DateMention | None, sent: Any, ctx: DocContext, text: str, base: int
) -> tuple[Draft, str] | None:
    start, body_start, end = base + mention.start, base + mention.body_start, base + mention.end
    if _ZONE_BEFORE.search(text[max(0, start - 12) : start]):
        return None
    stamped = event_table().stamped
    if stamped is not None and stamped.search(text[max(0, start - 30) : start]):
        return None  # "Published on: May 3, 2024" inside a byline
    doc = sent.doc
    core_end = base + mention.core_end if mention.core_end >= 0 else end
    body = doc.char_span(body_start, core_end, alignment_mode="expand")
    if body is None or not len(body):
        return None
    root = body.root
    governor = root.head
    if governor is root or governor.i >= sent.end or governor.i < sent.start:
        return None
    if mention.kind == "year" and (
        root.dep_ == "nummod"
        or (
            mention.prep != "in"
            and {governor.lemma_.lower(), governor.head.lemma_.lower()} & event_table().change_verbs
        )
    ):
        return None  # "2100 people", "rose from 2000 to 2100": figures, not years
    event = _event_for(governor)
    if event is None:
        return None
    direction = _direction(event, governor, sent) or mention.hint
    # the preposition before a date is its own when it governs the date ("ran from 2001", "by
    # Friday"), not when it governs a noun after it ("the toll from Sunday's blasts", "killed by
    # Sunday's blast"): then it says nothing of the date
    ranged = mention.prep in ("to", "and") and previous is not None and previous.prep in ("from", "between")
    own = ranged or (governor.pos_ in ("ADP", "SCONJ", "CCONJ") and mention.prep.endswith(governor.lower_))
    phrase = mention.value_text
    if mention.prep and not own and phrase.lower().startswith(mention.prep):
        phrase = phrase[len(mention.prep) :]
    value = parse_date_phrase(phrase, ctx.anchor, direction)
    if value is None:
        return None
    role = _ROLE.get(mention.prep, "") if own else ""
    if ranged and previous is not None:
        role = "until"
        # "from 14 March to 2 April": the end of a range is not before its start
        first = parse_date_phrase(previous.value_text, ctx.anchor, direction)
        if first is not None and first.start and value.start and value.start < first.start:
            direction = "future"
            value = parse_date_phrase(mention.value_text, ctx.anchor, direction) or value
    anchor_token = event.token
    if value.since and (anchor_token.pos_ in ("NOUN", "PROPN", "ADJ") or governor.pos_ == "ADJ"):
        return None  # "the deadliest earthquake since 1960" dates a comparison, not the event
    place = place_for(anchor_token, sent, ctx, None)
    name = event.name[:60] + (f" ({role})" if role else "")
    if event.lexicon and _earlier(value, ctx):
        name += f" of {value.start.year if value.start else '?'}"  # "the earthquake in 2004": another quake
    key = "|".join(["date", name, place.key if place else "-"])
    label = (f"date of the {name}" if event.lexicon else f"date: {name}") + (f" in {place.key}" if place else "")
    rule = (
        f"date/{'relative' if value.relative else 'absolute'}:{value.granularity}"
        + (f"+{direction}" if direction and value.relative else "")
        + f"+{'event' if event.lexicon else 'word'}:{event.name[:40]}"
    )
    begin = min(start, anchor_token.idx) if abs(anchor_token.i - body.start) <= 4 else start
    finish = max(end, anchor_token.idx + len(anchor_token.text)) if abs(anchor_token.i - body.end) <= 4 else end
    draft = Draft(
        kind=ClaimKind.DATE,
        subject=Subject(key=key, label=label),
        value=value,
        start=begin,
        end=finish,
        sentence=sentence_text(sent),
        rule=rule,
        attribution=attribution_for(root, sent),
        modality=modality_for(root, sent),
    )
    if not _unresolved(value):
        return draft, ""
    words = (
        mention.text[mention.body_start - mention.start :] if mention.value_text == mention.text else mention.value_text
    )
    return draft, _POSSESSIVE.sub("", words.strip())  # "last year's coup": the warning names "last year"


def _earlier(value: DateValue, ctx: DocContext) -> bool:
    """A date that names an earlier event of the class rather than dating the story's own: a bare
    year ("the earthquake in 2004"), or an absolute date years before publication."""
    if value.relative or value.start is None or value.end is None:
        return False
    if value.granularity in ("year", "decade"):
        return True
    return ctx.anchor is not None and value.end.year < ctx.anchor.year - 1


def _unresolved(value: DateValue) -> bool:
    return value.relative and value.start is None
