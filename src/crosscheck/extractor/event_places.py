"""Where an event happened and where people or things were sent.

A place phrase ("near Springfield", "to a hospital in Leeds", "in the cities of A, B and C", "70 km
south-west of X") becomes a place claim about the event that governs it: the event class of
lexicons/events.yaml where it knows the verb or noun ("crashed", "the collision" -> crash), the
epicentre of a quake, else the verb with what it is about ("were flown to Doha" -> fly + the flown).
Different events' places thus never meet in one subject, and "near" and "in", "to" and "from" are
different facts too.

Precision: one event may happen in many places ("blasts hit hotels in A and B", "felt in the cities
of A, B and C"). A plural event or a list of places makes each place a subject of its own, which
other sources can confirm but never contradict; a bearing from a reference place ("south-west of X")
is a subject per reference, as sources measure from different towns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft, sentence_text
from crosscheck.extractor.context import REPORTING_VERBS, attribution_for, country_of, norm_key
from crosscheck.extractor.events import event_table
from crosscheck.extractor.nlp import token_forms
from crosscheck.lexicons import load_lexicon
from crosscheck.models import ClaimKind, PlaceValue, Subject


@dataclass(frozen=True)
class PlaceTable:
    """Words from lexicons/places.yaml."""

    relations: dict[str, str]  # preposition -> in, near, to, from
    near_heads: frozenset[str]
    bearings: frozenset[str]
    centres: frozenset[str]
    facilities: frozenset[str]
    areas: frozenset[str]
    not_events: frozenset[str]
    sending: frozenset[str]
    targeting: frozenset[str]
    regions: frozenset[str]
    not_places: frozenset[str]
    institutions: frozenset[str]


@cache
def place_table() -> PlaceTable:
    """Load the places lexicon once."""
    lex = load_lexicon("places")
    relations = {str(word): str(kind) for kind, words in lex["relations"].items() for word in words}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in lex.get(key, []))

    return PlaceTable(
        relations,
        words("near_heads"),
        words("bearings"),
        words("centres"),
        words("facilities"),
        words("areas"),
        words("not_events"),
        words("sending"),
        words("targeting"),
        words("regions"),
        words("not_places"),
        words("institutions"),
    )


# Entities a place is not; others (even PERSON or PRODUCT, the small model's guesses for many town
# names) are kept when the words are capitalized.
_NOT_PLACES = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "NORP", "LANGUAGE", "EVENT", "LAW"}
)
_STATIVE = frozenset({"be", "have", "lie", "sit", "locate", "situate", "stand"})
_SUBJECTS = ("nsubj", "nsubjpass")
_PORTIONS = frozenset({"most", "many", "all", "some", "half", "majority", "bulk", "rest", "third", "quarter"})
_LABELS = {"in": "where", "near": "near where", "to": "where to", "from": "where from"}


@dataclass(frozen=True)
class _Place:
    """A named place in a place phrase: its tokens, its words, and how it was reached."""

    start: int
    end: int
    name: str
    via: str = ""  # "hospital in": a common facility in the named place


@dataclass(frozen=True)
class _Event:
    """What happened at a place: its name in the subject key, and whether it happened more than once."""

    name: str
    plural: bool


def event_place_claims(sent: Any) -> list[Draft]:
    """Place claims of one sentence: where its events happened, and where people were sent."""
    table = place_table()
    forms = token_forms(sent.doc)
    drafts: list[Draft] = []
    keys: set[str] = set()
    for i in range(sent.start, sent.end):
        if forms.pos[i] == "VERB" and forms.lemma[i] in table.targeting:
            verb = sent.doc[i]  # "blasts hit the A and B hotels": where the attack struck
            relation: tuple[str, str, Any] | None = ("in", "at", verb)
            objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            pobj = next((c for c in objects if _places(c, table)), objects[0] if objects else None)
            prep = verb
        elif forms.pos[i] == "ADP" and (forms.lower[i] in table.relations or forms.lower[i] == "of"):
            prep = sent.doc[i]
            relation = _relation(prep, table)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        else:
            continue
        if relation is None or pobj is None:
            continue
        kind, written, anchor = relation
        inner = _inside_place(prep, table)
        places = _places(pobj, table)
        if not places:
            continue
        if inner is not None:  # "the Grace church in Alford": where a named site is
            site = _placeof(sent, inner, places[0], written) if kind == "in" and len(places) == 1 else None
            if site is not None:
                drafts.append(site)
            continue
        event = _event_at(anchor, table)
        if event is None:
            continue
        if kind == "to" and not _sends(anchor, table) and event.name.split()[0] not in table.sending:
            continue  # "talked to Doha", "a threat to Paris": no one went there
        # Several sites, a struck or damaged site, a destination: one of possibly many (the injured go
        # to several hospitals, a quake damages many towns), so each place is its own subject.
        several = event.plural or len(places) > 1 or prep.pos_ == "VERB" or kind in ("to", "from")
        for place in places:
            name_key = norm_key(place.name.replace("-", " ").replace("–", " "))  # "Port-Royal" = "Port Royal"
            reference = f"of {name_key}" if kind == "bearing" else kind + _level(place, table)
            key = f"where|{norm_key(event.name)}|{reference}"
            if several and kind != "bearing":
                key += f"|{name_key}"
            if key in keys:
                continue  # one place per event and relation in a sentence: the first, most specific
            keys.add(key)
            start = prep.idx if len(places) == 1 and prep.i < place.start else sent.doc[place.start].idx
            last = sent.doc[place.end - 1]
            label = f"{_LABELS.get(kind, 'where')} {event.name}" + (f" ({place.name})" if several else "")
            drafts.append(
                Draft(
                    kind=ClaimKind.PLACE,
                    subject=Subject(key=key, label=label),
                    value=PlaceValue(
                        entity=event.name,
                        place=place.name,
                        relation=f"{written} {place.via}".strip(),
                    ),
                    start=start,
                    end=last.idx + len(last.text),
                    sentence=sentence_text(sent),
                    rule=f"place/event-{kind}",
                    attribution=attribution_for(prep, sent),
                )
            )
    return drafts


def _level(place: _Place, table: PlaceTable) -> str:
    """How large a place is, for the subject: a country and a region are other facts than a town or a
    site in them ("the quake in Freedonia" and "the quake in the Eastern Range" are both true)."""
    if country_of(place.name) is not None:
        return " country"
    last = place.name.split()[-1].lower() if place.name else ""
    return " region" if last in table.regions else ""


def _relation(prep: Any, table: PlaceTable) -> tuple[str, str, Any] | None:
    """(kind, relation as written, token the event is read from) of a preposition, or None."""
    word = prep.lower_
    head = prep.head
    if word == "of":
        bearing = _bearing(head, table)
        return ("bearing", f"{bearing} of", head) if bearing else None
    if word == "to" and head.lower_ in table.near_heads and head is not prep:
        return "near", f"{head.lower_} to", head.head
    kind = table.relations.get(word)
    if kind is None:
        return None
    if word == "on":  # "on the square", "on the island"; not "on Europe" (a topic) or "on Monday"
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or not (_facility(pobj) or pobj.lower_ in table.areas):
            return None
    return kind, word, head


def _bearing(token: Any, table: PlaceTable) -> str | None:
    """'south-west' for the head of "70 km south-west of", else None."""
    if token.lower_ not in table.bearings:
        return None
    doc = token.doc
    start = token.i
    while start - 2 >= 0 and doc[start - 1].text in ("-", "–") and doc[start - 2].lower_ in table.bearings:
        start -= 2
    if start - 1 >= 0 and doc[start - 1].lower_ in table.bearings and doc[start - 1].whitespace_ == "":
        start -= 1
    return "".join(t.text_with_ws for t in doc[start : token.i + 1]).lower().replace("–", "-").strip()


def _inside_place(prep: Any, table: PlaceTable) -> _Place | None:
    """The named site a preposition places ("Blackwater cave in ..."), when its head is one; else None."""
    head = prep.head
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    if head.lemma_.lower() in table.facilities or head.lower_ in table.areas:
        return _named(head, table) or _Place(head.i, head.i + 1, "")
    return None


def _placeof(sent: Any, site: _Place, place: _Place, written: str) -> Draft | None:
    """Where a named site is: "the Grace church in Alford" -> placeof|grace church = Alford."""
    if not site.name or site.name == place.name or not _facility(sent.doc[site.end - 1]):
        return None
    last = sent.doc[place.end - 1]
    return Draft(
        kind=ClaimKind.PLACE,
        subject=Subject(key=f"placeof|{norm_key(site.name)}", label=f"where {site.name} is"),
        value=PlaceValue(entity=site.name, place=place.name, relation=f"{written} {place.via}".strip()),
        start=sent.doc[site.start].idx,
        end=last.idx + len(last.text),
        sentence=sentence_text(sent),
        rule="place/site-in",
    )


def _facility(token: Any) -> bool:
    return bool(token.lemma_.lower() in place_table().facilities)


def _places(token: Any, table: PlaceTable, via: str = "") -> list[_Place]:
    """The named places a preposition's object names: one, a list, "the cities of A, B and C", the
    named place of "a hospital in X"."""
    if token.pos_ == "PRON" or token.like_num or token.ent_type_ in _NOT_PLACES:
        return []
    lower = token.lower_
    if token.lemma_.lower() in table.areas or lower in table.areas:
        of = _pobj_of(token, ("of",))
        if of is not None:  # "the town of Brill", "the cities of A, B and C"
            return [p for t in _chain(of) if (p := _named(t, table, via, listed=True)) is not None]
    chain = _chain(token)
    if len(chain) > 1:  # "a church, St Anne's, and the A and B hotels": each item, a list inside one too
        return [p for t in chain for p in _items(t, table, via)]
    named = _named(token, table, via)
    if named is not None:
        return [named]
    appos = next((c for c in token.children if c.dep_ == "appos"), None)
    if appos is not None:  # "three hotels, the A, B and C"
        return [p for t in _chain(appos) if (p := _named(t, table, via, listed=True)) is not None]
    parts = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.conjuncts]
    if parts and (_facility(token) or token.lower_ in table.areas):  # "the A and B hotels"
        return [p for t in _chain(parts[0]) if (p := _named(t, table, via, listed=True)) is not None]
    if token.lemma_.lower() in table.facilities and not via:  # "a hospital in Leeds"
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "near", "outside"):
                inner = next((g for g in prep.children if g.dep_ == "pobj"), None)
                found = _places(inner, table, via=f"{token.lemma_.lower()} {prep.lower_}") if inner is not None else []
                if found:  # "a station in front of the town hall in X": the first preposition that names a place
                    return found
    return []


def _items(token: Any, table: PlaceTable, via: str) -> list[_Place]:
    """One item of a list of places: a named place, or the named places a plural item lists."""
    named = _named(token, table, via, listed=True)
    if named is not None:
        return [named]
    parts = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.conjuncts]
    appos = [c for c in token.children if c.dep_ == "appos"]
    if parts or appos:
        return [p for t in _chain((parts or appos)[0]) if (p := _named(t, table, via, listed=True)) is not None]
    return _split_names(token, table, via)


def _split_names(token: Any, table: PlaceTable, via: str) -> list[_Place]:
    """ "the Bay-View and Regent hotels" parsed as one phrase: the names between the determiner and
    a plural site noun, split at commas and "and"."""
    if token.tag_ not in ("NNS", "NNPS") or not _facility(token):
        return []
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and doc[start].pos_ in ("DET", "ADJ", "NUM") and doc[start].is_lower:
        start += 1
    places: list[_Place] = []
    first = start
    for k in range(start, token.i + 1):
        if k == token.i or doc[k].pos_ == "CCONJ" or doc[k].text == ",":
            names = doc[first:k]
            if names and all(t.text[:1].isupper() or t.text in ("-", "–", "'s", "’s") for t in names):
                places.append(_Place(first, k, str(names.text), via))
            elif len(names):
                return []  # a lower-case word among them: not a list of names
            first = k + 1
    return places if len(places) > 1 else []


def _pobj_of(token: Any, preps: tuple[str, ...]) -> Any | None:
    return next(
        (g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"),
        None,
    )


def _chain(token: Any) -> list[Any]:
    """A token and the tokens coordinated with it ("Alford, Brill and Carlow")."""
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def _named(token: Any, table: PlaceTable, via: str = "", listed: bool = False) -> _Place | None:
    """The named place a noun heads ("Kestrel Road station", "Alder district", "Leeds"), without
    its determiner, a possessor that contains it ("Westmarch's") or lower-case words before it."""
    if token.pos_ not in ("PROPN", "NOUN") or token.ent_type_ in _NOT_PLACES:
        return None
    # The small model reads many town names as a PERSON or an ORG ("in Buenos Aires", "near Corpus
    # Christi"), and reads one name differently beside different sentences: entity labels are not
    # asked, an institution's words are ("in the Senate", "at the Ministry of Health").
    if token.lower_ in table.institutions or token.lemma_.lower() in table.institutions:
        return None
    doc = token.doc
    start = token.left_edge.i
    for child in token.lefts:
        if child.dep_ == "poss" and (token.lower_ in table.areas or country_of(child.text) is not None):
            start = max(start, child.right_edge.i + 1)  # "Westmarch's Alder district": the district
    owner = start
    while start < token.i and (
        doc[start].pos_ in ("DET", "PUNCT", "NUM", "PART")
        or doc[start].is_lower
        or doc[start].ent_type_ in _NOT_PLACES - {"NORP"}
    ):
        start += 1
    span = doc[start : token.i + 1]
    if owner > token.left_edge.i and not any(t.text[:1].isupper() for t in span):
        possessor = next((c for c in token.lefts if c.dep_ == "poss"), None)  # "Rotterdam's port area"
        if possessor is not None:
            return _named(possessor, table, via, listed)
    if any(t.pos_ == "CCONJ" or t.text == "," for t in span):
        return None  # "the A, B and C hotels": a list, read item by item
    if any(t.lower_ in table.not_places for t in span):
        return None  # "on Easter Sunday": a day the model did not read as a date
    kind_word = _facility(token) or token.lower_ in table.areas
    if start == token.i and (kind_word or token.is_sent_start):
        return None  # "From Cave" (a headline's capitals), a sentence's first word
    if token.is_lower or not token.text[:1].isalpha():
        # a common noun names a place only as a named site or area ("the Grace evangelical church",
        # "Alpha province"), not "the French presidential race" or "Europe's single market"
        if not kind_word or not any(
            (c.dep_ in ("compound", "amod", "nmod") or (c.dep_ == "poss" and c.ent_type_ not in ("GPE", "LOC")))
            and any(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_sent_start for t in c.subtree)
            for c in token.lefts
        ):
            return None  # (a saint's name is the church's, "Europe's" market is not Europe's name)
    elif not (token.pos_ == "PROPN" or country_of(token.text) is not None):
        return None
    return _Place(start, token.i + 1, str(span.text), via)


def _plural(token: Any | None) -> bool:
    """Whether a noun names more than one thing ("blasts", "two bombs", "A and B")."""
    if token is None:
        return False
    if token.tag_ in ("NNS", "NNPS") or token.conjuncts:
        return True
    if any(c.dep_ == "amod" and c.conjuncts for c in token.children):
        return True  # "the seventh and eighth blast"
    return any(c.dep_ == "nummod" and c.lower_ not in ("one", "1", "a") for c in token.children)


def _noun_event(noun: Any | None, table: PlaceTable) -> _Event | None:
    """The event a noun names: an events.yaml class, an event noun, an epicentre."""
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    events = event_table()
    lower, lemma = noun.lower_, noun.lemma_.lower()
    if lemma in table.centres or lower in table.centres:
        return _Event("epicentre", False)
    name = events.nouns.get(lower) or events.nouns.get(lemma)
    if name is None and lemma in events.event_nouns:
        name = lemma
    return _Event(name, _plural(noun)) if name else None


def _lexicon_event(noun: Any) -> bool:
    """Whether a noun names an events.yaml class ("storm", "blasts"), not only an event noun."""
    events = event_table()
    return noun.pos_ in ("NOUN", "PROPN") and (noun.lower_ in events.nouns or noun.lemma_.lower() in events.nouns)


def _theme_word(token: Any) -> str | None:
    """What a verb is about, as a key word: a name's words, else the noun's lemma; None for pronouns."""
    if token.pos_ == "PRON" or token.like_num or any(ch.isdigit() for ch in token.text):
        return None
    if token.pos_ == "PROPN":
        compounds = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        first = compounds[0].i if compounds else token.i
        return norm_key(str(token.doc[first : token.i + 1].text))
    return str(token.lemma_.lower())


def _verb_event(verb: Any, table: PlaceTable) -> _Event | None:
    """The event a verb names at a place: a lexicon event, its subject's or object's event, or the
    verb with what it is about; None for saying and being in general."""
    lemma = verb.lemma_.lower()
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if lemma in REPORTING_VERBS and subject is not None and subject.dep_ == "nsubjpass":
        # "most of the casualties were reported in X": what was reported happened there
        subject = _pobj_of(subject, ("of",)) if subject.lower_ in _PORTIONS else subject
        if subject is None or subject.pos_ != "NOUN":
            return None
        return _noun_event(subject, table) or _Event(str(subject.lemma_.lower()), _plural(subject))
    if lemma in table.not_events or lemma in REPORTING_VERBS:
        return None
    if subject is None and verb.dep_ in ("xcomp", "ccomp") and verb.head is not verb:
        subject = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)  # "was said to be in X"
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
    if subject is not None and subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        subject = verb.head
    if subject is not None and subject.lower_ in _PORTIONS:  # "most of the deaths were in X"
        subject = _pobj_of(subject, ("of",)) or subject
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if (event := _noun_event(agent, table)) is not None:
        return event  # "the city was rocked by explosions at ...": the explosions
    events = event_table()
    if lemma in _STATIVE or lemma in events.occurrence:
        for candidate in (subject, obj):
            if (event := _noun_event(candidate, table)) is not None:
                return event
        if lemma in _STATIVE:
            return None
    forms = {lemma, *(f"{lemma} {c.lemma_.lower()}" for c in verb.children if c.dep_ in ("prt", "dobj"))}
    if forms & events.occurrence and (event := _noun_event(subject, table)) is not None:
        return event  # "the summit will take place in Geneva"
    named = events.verbs.get(lemma)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    stage = forms & events.aspect
    if named is None and stage and not passive and subject is not None and _lexicon_event(subject):
        return _noun_event(subject, table)  # "the storm made landfall near X" (not "the quake killed 20 in X")
    theme = subject if passive or obj is None else obj
    if named is not None:  # "the train crashed", "the president arrived": the class and who did it
        actor = subject if not passive else None  # (a passive's subject is what it struck: the place)
        word = _theme_word(actor) if actor is not None else None
        return _Event(f"{named} {word}" if word and word != named else named, _plural(actor or theme))
    if theme is None:
        return None
    word = _theme_word(theme)
    if word is None:
        return None
    return _Event(f"{lemma} {word}", _plural(theme))


def _event_at(token: Any, table: PlaceTable) -> _Event | None:
    """Climb from the word a place phrase hangs on to the event it places."""
    for _ in range(5):
        if token.pos_ in ("VERB", "AUX"):
            return _verb_event(token, table)
        if token.pos_ in ("NOUN", "PROPN"):
            event = _noun_event(token, table)
            if event is not None and _said_at(token):
                return None  # "told a press conference in X": where someone spoke (spoke_in reads it)
            if event is not None:
                return event
            if token.dep_ not in ("dobj", "nsubjpass", "appos", "npadvmod", "attr", "compound", "advmod", "pobj"):
                return None
        elif token.pos_ not in ("ADV", "ADJ", "NUM", "ADP"):
            return None
        if token.head is token:
            return None
        token = token.head
    return None


def _said_at(noun: Any) -> bool:
    """Whether an event noun is what someone spoke to or at ("told a briefing", "said at a rally")."""
    head = noun.head
    if head.pos_ == "ADP" and head.head is not head:
        head = head.head
    return bool(head.lemma_.lower() in REPORTING_VERBS or head.lemma_.lower() in ("speak", "address"))


def _sends(token: Any, table: PlaceTable) -> bool:
    """Whether a "to" phrase's verb sends someone there (flown, taken, rushed)."""
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX"):
            return bool(token.lemma_.lower() in table.sending)
        if token.head is token:
            return False
        token = token.head
    return False
