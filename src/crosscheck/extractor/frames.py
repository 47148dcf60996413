"""Claim frames: what happened, to what, where and when, as slots claims can be aligned on.

An extractor that knows more than the parse shows (what a number counts, the list it is an item
of) gives its draft a partial `Frame`; `complete` fills the slots it left open from the claim's
own value and its sentence's parse, by kind (`_SLOTS`): a count's predicate is the verb or state
that governs it, a date's or a time's the event it dates, a place claim's the event that happened
there, a title's holder the person. Then the place the sentence names for the claim and the time
it holds. Synonym classes come from `lexicons/frames.yaml`; each class a frame takes is recorded in
the claim's rule (`pred:killed`, `theme:workers`).

A slot stays null when the sentence does not say: a place is never guessed for the whole article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft
from crosscheck.extractor.context import country_of, head_chain, norm_key
from crosscheck.lexicons import load_lexicon
from crosscheck.models import (
    ClaimKind,
    DateValue,
    FrameTime,
    Modality,
    NameValue,
    PlaceValue,
    QuoteValue,
    TitleValue,
)

__all__ = [
    "FrameTable",
    "complete",
    "frame_table",
    "part_marker",
    "place_level",
    "predicate_class",
    "state_phrase",
    "theme_class",
    "verb_phrase",
    "with_frames",
]

# Prepositions that put a claim somewhere ("in Alpha County", "near the border", "at the plant").
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "within", "around", "throughout", "on"})
_ORIGIN = frozenset({"from", "to", "into", "off"})
# After these a name is a place whatever label the model gives it ("in Mali" read as a person).
_NAME_LOCATIVE = frozenset({"in", "near", "across", "throughout", "inside", "outside", "around"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NOT_PLACE_LABELS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "NORP", "LANGUAGE", "LAW", "EVENT"}
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DEGREE = re.compile(r"^(seriously|slightly|fatally|critically|severely|lightly) (.+)$")
_EARLIER = re.compile(r" of (1[89]\d\d|20\d\d)$")  # a date key's earlier event: "storm of 2010"
_ROLE = re.compile(r" \([^()]*\)$")  # a date or time key's role: "strike (from)"
_PARTS_KINDS = frozenset({ClaimKind.COUNT, ClaimKind.PERCENT, ClaimKind.MONEY, ClaimKind.MEASURE})
# Facts about a person or a statement: no place or time of their own.
_UNPLACED = frozenset({ClaimKind.TITLE, ClaimKind.NAME, ClaimKind.QUOTE, ClaimKind.AGE})


@dataclass(frozen=True)
class FrameTable:
    """The frames lexicon as lookups."""

    predicates: dict[str, str]  # lemma or phrase -> class id
    money_predicates: dict[str, str]
    themes: dict[str, str]  # lemma -> class id
    levels: dict[str, str]  # word in a place name -> level
    parts: dict[str, str]  # marker -> part name
    saying: frozenset[str]  # verbs that say who said something, not what happened
    weak: frozenset[str]  # verbs that say nothing of what happened (be, have, include)
    figure: frozenset[str]  # verbs that say where a figure stands or that an event occurred
    lasting: frozenset[str]  # "took 18 days", "lasted": the duration of their subject
    particles: frozenset[str]  # prepositions that act as a verb's particle ("moved X out of")


@cache
def frame_table() -> FrameTable:
    """`lexicons/frames.yaml` as lookup tables (a class id also stands for itself)."""
    lex = load_lexicon("frames")

    def classes(section: str) -> dict[str, str]:
        table: dict[str, str] = {}
        for name, words in lex[section].items():
            table.setdefault(str(name), str(name))
            for word in words:
                table[str(word).lower()] = str(name)
        return table

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in lex["verbs"][key])

    levels = {str(word): str(level) for level, names in lex["place_levels"].items() for word in names}
    parts = {str(word): str(part) for part, names in lex["parts"].items() for word in names}
    return FrameTable(
        classes("predicates"),
        classes("money_predicates"),
        classes("themes"),
        levels,
        parts,
        words("saying"),
        words("weak"),
        words("figure"),
        words("lasting"),
        words("particles"),
    )


def predicate_class(
    lemma: str | None, kind: ClaimKind | None = None, theme: str | None = None, money: bool = False
) -> str | None:
    """The synonym class of a predicate lemma or phrase ("die" -> killed, "lay off" -> cut), with the
    money sense for money ("save $2bn" -> saved) and the theme's phrase ("lose" + "life" -> killed).
    A phrase is looked up whole: "take off" is no "take", "lay off" no "lay"."""
    if not lemma:
        return None
    table = frame_table()
    lemma = split_degree(lemma.lower())[1]
    if theme and f"{lemma} {theme.lower()}" in table.predicates:
        return table.predicates[f"{lemma} {theme.lower()}"]
    if (money or kind is ClaimKind.MONEY) and lemma in table.money_predicates:
        return table.money_predicates[lemma]
    return table.predicates.get(lemma)


def theme_class(lemma: str | None) -> str | None:
    """The synonym class of a counted head noun ("employee" -> workers), or None."""
    if not lemma:
        return None
    return frame_table().themes.get(lemma.lower())


def place_level(name: str, label: str = "") -> str:
    """country, region, city or site: a country by the lexicon, else by the words of its name, else
    by its entity label (a facility is a site, a location a region, any other named place a city)."""
    if country_of(name) is not None:
        return "country"
    levels = frame_table().levels
    for word in reversed(norm_key(name).split()):
        if word in levels:
            return levels[word]
    if label == "FAC":
        return "site"
    if label == "LOC":
        return "region"
    return "city"


def split_degree(role: str) -> tuple[str | None, str]:
    """ "seriously injured" -> ("seriously", "injured")."""
    match = _DEGREE.match(role)
    return (match.group(1), match.group(2)) if match else (None, role)


# --- from the parse -----------------------------------------------------------------------------------


def verb_of(token: Any) -> Any | None:
    """The word that says what happened in the claim's clause: the first verb above it that is not a
    saying, weak or figure verb (with a state adjective a copula takes: "were left injured")."""
    table = frame_table()
    for word in head_chain(token, limit=6)[1:] if token.pos_ != "VERB" else head_chain(token, limit=6):
        lemma = word.lemma_.lower()
        if word.pos_ == "VERB" and lemma in table.saying:
            return None  # "said 40 people": the saying, nothing of what happened
        if word.pos_ in ("VERB", "AUX") and lemma in table.weak:
            for child in word.children:
                if child.dep_ in ("acomp", "oprd", "xcomp") and child.pos_ in ("ADJ", "VERB"):
                    return child
            continue
        if word.pos_ == "VERB" and lemma not in table.figure:
            return word  # "rose to 61", "struck at a depth of": where a figure stands, not what happened
    return None


def particle_of(verb: Any) -> str | None:
    """A verb's particle ("laid off", "brought out"), or a bare preposition acting as one ("moved 650
    villagers out of the valley")."""
    particles = frame_table().particles
    for child in verb.children:
        if child.dep_ == "prt":
            return str(child.lower_)
        if child.dep_ == "prep" and child.lower_ in particles and not any(g.dep_ == "pobj" for g in child.children):
            return str(child.lower_)
    return None


def verb_phrase(verb: Any) -> str:
    """A verb's lemma as the lexicon knows it: with its particle ("lay off"), and with its object or
    complement when the lexicon has that phrase ("lose life", "test positive"); else the state its
    complement names ("were left homeless": homeless)."""
    particle = particle_of(verb)
    lemma = str(verb.lemma_).lower()
    base = f"{lemma} {particle}" if particle else lemma
    predicates = frame_table().predicates
    objects = [c for c in verb.children if c.dep_ in ("dobj", "acomp", "oprd")]
    for child in objects:
        if f"{base} {child.lemma_.lower()}" in predicates:
            return f"{base} {child.lemma_.lower()}"
    for child in objects:  # "were left homeless", "were found dead": the state they are in
        if child.dep_ != "dobj" and child.lemma_.lower() in predicates:
            return str(child.lemma_).lower()
    return base


def state_phrase(token: Any) -> str | None:
    """A state a prepositional phrase on the token or its verb names ("150 passengers on board",
    "six suspects remain in custody"), when the lexicon has it."""
    predicates = frame_table().predicates
    for word in (token, token.head):
        for child in word.children:
            if child.dep_ != "prep":
                continue
            for pobj in child.children:
                if pobj.dep_ == "pobj" and f"{child.lower_} {pobj.lemma_.lower()}" in predicates:
                    return f"{child.lower_} {pobj.lemma_.lower()}"
    return None


def _money_object(verb: Any) -> bool:
    """Whether a verb's object is a sum ("save $2bn", "lost $1.2bn"): its money sense."""
    for child in verb.children:
        if child.dep_ == "dobj" and (child.ent_type_ == "MONEY" or any(t.tag_ == "$" for t in child.subtree)):
            return True
    return False


def _verb_named(sent: Any, lemma: str) -> Any | None:
    """The verb of a sentence that has the lemma (a date's or place's event, named by its key)."""
    return next((t for t in sent if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() == lemma), None)


def _is_place(name: Any, label: str, prep: str) -> bool:
    """A name after a locative preposition is a place: a place label, a country, or after "in",
    "near"... any proper name that is no institution, day or festival (the small model reads "in
    Mali" as a person, "In Ostermoor" as an organization or as no entity at all)."""
    from crosscheck.extractor.event_places import place_table

    table = place_table()
    words = {t.lower_ for t in name}
    if (label in _NOT_PLACE_LABELS and label != "NORP") or words & table.not_places:
        return False
    if label in _PLACE_LABELS or country_of(str(name.text)) is not None:
        return True
    # a people's name is a place when it is a preposition's proper-noun object ("in Amhara")
    return prep in _NAME_LOCATIVE and name.root.pos_ == "PROPN" and not words & table.institutions


def _names(sent: Any) -> list[tuple[Any, str]]:
    """The sentence's entities with their labels, and the proper names the model left untagged."""
    names = [(ent, str(ent.label_)) for ent in sent.ents]
    doc = sent.doc
    for token in sent:
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ not in ("pobj", "conj"):
            continue
        start = token.i
        while start > sent.start and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        names.append((doc[start : token.i + 1], ""))
    return names


def _preposition(root: Any) -> tuple[Any, str] | None:
    """The preposition a place name hangs on: its own, the first item's of a list ("in A and B"),
    the one before an area noun ("in the region of Hatay"); with that area noun's level, if any."""
    first = root
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    if first.dep_ != "pobj" or first.head.pos_ != "ADP":
        return None
    prep = first.head
    area = prep.head
    if prep.lower_ == "of" and area.dep_ == "pobj" and area.head.pos_ == "ADP":
        from crosscheck.extractor.event_places import place_table

        if area.lemma_.lower() in place_table().areas:
            return area.head, frame_table().levels.get(area.lemma_.lower(), "")
    return prep, ""


def place_in(
    sent: Any, token: Any, kind: ClaimKind, attached_only: bool = False, names: list[tuple[Any, str]] | None = None
) -> tuple[str, str] | None:
    """The place the sentence names for a claim: a named place (entity) after a locative preposition,
    the one attached to the claim's own words or clause first, else the nearest one before the
    sentence's verb ends; with its level."""
    chain = {t.i for t in head_chain(token, limit=8)}
    best: tuple[int, int, Any, str] | None = None
    names = _names(sent) if names is None else names
    for ent, label in names:
        if ent.start <= token.i < ent.end:
            continue  # the claim's own words
        found = _preposition(ent.root)
        if found is None:
            continue
        prep, level = found
        word = prep.lower_
        if word not in _LOCATIVE and not (word in _ORIGIN and kind is not ClaimKind.DISTANCE):
            continue
        if not _is_place(ent, label, word):
            continue
        if prep.head.like_num and prep.head.i != token.i and prep.head.i not in chain:
            continue  # "40 people: 12 in Alpha County": the place of another number, a list item
        outer = prep  # "1,500 at its plant in Alder": the phrase the place is inside of
        while outer.head.dep_ == "pobj" and outer.head.head.pos_ == "ADP" and outer.head.head is not outer:
            outer = outer.head.head
        # its own words ("12 in Beta", however the parse hangs it), then its clause, then the sentence
        own = any(p.head.i == token.i or 0 < p.i - token.i <= 2 for p in (prep, outer))
        attached = 0 if own else 1 if prep.head.i in chain or outer.head.i in chain else 2
        if attached and attached_only:
            continue
        distance = abs(ent.root.i - token.i)
        if best is None or (attached, distance) < best[:2]:
            best = (attached, distance, (ent, label), level)
    if best is None or best[0] == 2 or attached_only:
        after = _name_after(sent, token)  # "12 in Beta": a name the parser did not tag as a place
        if after is not None:
            return after
    if best is None:
        return None
    _attached, _distance, (ent, label), level = best
    name, found_level = _place_name(str(ent.text), label)
    listed = _listed(ent, names)
    if listed:  # "cut 2,000 jobs in France and Spain": the figure's place is the list, not its first item
        name = " and ".join([name, *(n for n, _level in listed)])
    return name, level if level and found_level != "country" else found_level


def _listed(ent: Any, names: list[tuple[Any, str]]) -> list[tuple[str, str]]:
    """The other names a place name is coordinated with ("in A and B"), in order."""
    found = []
    for conj in ent.root.children:
        if conj.dep_ != "conj" or conj.pos_ != "PROPN":
            continue
        other = next(((n, label) for n, label in names if n.start <= conj.i < n.end), None)
        if other is not None:
            found.append(_place_name(str(other[0].text), other[1]))
            found.extend(_listed(other[0], names))
    return found


def _place_name(text: str, label: str) -> tuple[str, str]:
    text = re.sub(r"^(?i:the)\s+", "", text).strip()
    country = country_of(text)
    return (country.key if country is not None else text), place_level(text, label)


def _name_after(sent: Any, token: Any) -> tuple[str, str] | None:
    """A proper name right after a number and a locative preposition ("12 in Beta"), not a day."""
    from crosscheck.extractor.event_places import place_table

    doc = token.doc
    i = token.i + 1
    if i + 1 >= sent.end or doc[i].lower_ not in _LOCATIVE or doc[i + 1].pos_ != "PROPN":
        return None
    j = i + 1
    while j < sent.end and doc[j].pos_ == "PROPN":
        j += 1
    words = doc[i + 1 : j]
    if any(t.ent_type_ in ("DATE", "TIME", "EVENT") or t.lower_ in place_table().not_places for t in words):
        return None  # "on Tuesday", "in March"
    return _place_name(str(words.text), "")


def time_in(
    sent: Any, token: Any, anchor: date | None, plan: bool = False, ents: list[Any] | None = None
) -> FrameTime | None:
    """When the claim holds, from a date or an event its clause is tied to: "since 2014", "since the
    attack", "by the end of 2031" (a plan's deadline; "by Friday, 40 had been rescued" is as of
    Friday), "in 1999" (an earlier event, when before the publication year)."""
    chain = head_chain(token, limit=8)
    indices = {t.i for t in chain}
    for ent in sent.ents if ents is None else ents:
        if ent.label_ != "DATE":
            continue
        root = ent.root
        prep = root.head if root.dep_ == "pobj" else None
        if prep is None or (prep.head.i not in indices and prep.head.i != token.i):
            continue
        word = prep.lower_
        year_match = _YEAR.search(str(ent.text))
        year = int(year_match.group(1)) if year_match else None
        if word == "since":
            return FrameTime(relation="since", text=f"since {ent.text}", year=year)
        if word in ("by", "before", "until"):
            return FrameTime(relation="by" if plan else "as_of", text=f"{word} {ent.text}", year=year)
        if word in ("in", "during") and year is not None and anchor is not None and year < anchor.year:
            return FrameTime(relation="earlier", text=f"{word} {ent.text}", year=year)
    for word in chain:  # "arrested since the attack": from an event on
        for child in word.children:
            if child.dep_ == "prep" and child.lower_ == "since":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    words = " ".join(t.text for t in pobj.subtree)
                    return FrameTime(relation="since", text=f"since {words}", year=None)
    return None


def part_marker(token: Any, first: int | None = None) -> str | None:
    """How a figure is a part of a larger one, from the words that introduce it: "including $3bn",
    "of whom 12", "of which $400m", "another 300", "a further 20", "four of them"; `first` is the
    index of the figure's first word ("$" of "$400m"), the token by default."""
    parts = frame_table().parts
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in parts:
        return parts[head.lower_]
    for child in token.children:
        if child.dep_ in ("det", "amod", "advmod") and child.lower_ in parts and child.i < token.i:
            return parts[child.lower_]
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > token.i:  # "four of them"
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and f"of {pobj.lower_}" in parts:
                return parts[f"of {pobj.lower_}"]
    doc = token.doc
    i = token.i if first is None else first
    if i >= 2 and f"{doc[i - 2].lower_} {doc[i - 1].lower_}" in parts:
        return parts[f"{doc[i - 2].lower_} {doc[i - 1].lower_}"]  # "of whom 12"
    if i >= 1 and doc[i - 1].lower_ in parts and doc[i - 1].lower_ in ("including", "another"):
        return parts[doc[i - 1].lower_]
    return None


# --- slots by kind ------------------------------------------------------------------------------------
# Each reads what the claim's value and subject already say; `complete` then fills the common slots.

Slots = dict[str, Any]


def _figure_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """A count or share: a bare share's theme is what it is a share of ("turnout was 74 percent")."""
    context = re.search(r"\+context:([^+()]+)", draft.rule)
    if context is None or draft.frame.theme is not None:
        return {}
    return {"theme": context.group(1).strip(), "predicate": draft.frame.predicate}


def _money_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """A sum: what it is, a money noun tied to it ("a $40m fine", "$10m in aid", "paid $40m in
    compensation", "damage estimated at $3bn"), besides its verb."""
    from crosscheck.extractor.numeric import MONEY_CONTEXT

    if token is None:
        return {}
    chain = head_chain(token)
    verb = next((t for t in chain if t.pos_ == "VERB"), None)
    near = [t for w in (token, verb) if w is not None for c in w.children if c.dep_ == "prep" for t in c.subtree]
    for word in [*chain, *near, *token.children]:
        if word.pos_ == "NOUN" and word.lemma_.lower() in MONEY_CONTEXT:
            return {"theme": str(word.lemma_).lower()}
    return {}


def _duration_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """How long: "the rescue took 18 days" is the rescue's length, not a taking."""
    verb = verb_of(token) if token is not None else None
    if verb is None or verb.lemma_.lower() not in frame_table().lasting:
        return {}
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ != "NOUN":
        return {"predicate": None}
    return {"predicate": str(subject.lemma_).lower()}


def _distance_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """A distance: what is that far, and the place it is measured from ("70 km south-west of X")."""
    parts = draft.subject.key.split("|")
    slots: Slots = {}
    if parts[0] == "distance" and len(parts) > 1 and parts[1] != "-":
        slots["theme"] = parts[1]
    if token is not None and sent is not None:
        reference = _reference(token, sent)
        if reference is not None:
            slots["place"], slots["place_level"] = reference
    return slots


def _reference(token: Any, sent: Any) -> tuple[str, str] | None:
    """The named place after "from" or "of" that a distance is measured from."""
    doc = token.doc
    for prep in doc[token.i + 1 : min(token.i + 5, sent.end)]:
        if prep.lower_ not in ("from", "of"):
            continue
        names = [t for t in prep.subtree if t.pos_ == "PROPN"]
        return _place_name(" ".join(t.text for t in names), str(names[-1].ent_type_)) if names else None
    return None


def _measure_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """A measure: the property measured is its theme, what it is of narrows it ("magnitude" of the
    earthquake, "speed" of the wind)."""
    parts = draft.subject.key.split("|")
    if len(parts) < 3:
        return {}
    slots: Slots = {"theme": parts[1]}
    if parts[2] not in ("-", parts[1]):
        slots["modifiers"] = [parts[2]]
    return slots


def _age_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """An age: whose it is, a named person (holder) or the noun that says who ("the driver")."""
    who = draft.subject.key.split("|")[1]
    if draft.rule.endswith("+person"):
        return {"holder": draft.subject.label.removeprefix("age of ").split(" (")[0], "predicate": None}
    return {"theme": who, "predicate": None}


def _event_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """A date or a time: the event it dates, from its subject ("date|lay off worker|-": lay off,
    worker; "date|earthquake|-": earthquake); a reporting verb's speaker is the holder."""
    name = draft.subject.key.split("|")[1] if "|" in draft.subject.key else ""
    return _event_words(name, sent, draft.frame)


def _event_words(name: str, sent: Any | None, frame: Any) -> Slots:
    name, _, said = name.partition(": ")
    name = _ROLE.sub("", name)
    earlier = _EARLIER.search(name)
    slots: Slots = {}
    if earlier:
        name = name[: earlier.start()]
        slots["time"] = FrameTime(relation="earlier", text=None, year=int(earlier.group(1)))
    words = name.split()
    if not words or words[0] == "-":
        return slots
    table = frame_table()
    verb = _verb_named(sent, words[0]) if sent is not None else None
    phrase = " ".join(words[:2])  # "lay off worker", "test positive"
    particle = particle_of(verb) if verb is not None else None
    size = 2 if len(words) > 1 and (phrase in table.predicates or particle == words[1]) else 1
    slots["predicate"] = " ".join(words[:size])
    rest = " ".join(w for w in words[size:] if any(c.isalpha() for c in w)) or None
    if said or words[0] in table.saying:
        slots["holder"] = frame.holder or rest  # "announced on Wednesday": who announced
    elif rest is not None and not _agent(verb, rest):
        slots["theme"] = rest
    if verb is not None and _money_object(verb):
        slots["money"] = True
    return slots


def _agent(verb: Any | None, words: str) -> bool:
    """Whether an event's words name who did it rather than what it happened to: the subject of a
    verb that has an object ("police arrested 17 suspects", "the insurer lost $1.2bn")."""
    if verb is None or not any(c.dep_ == "dobj" for c in verb.children):
        return False
    return any(c.dep_ == "nsubj" and words.endswith(c.lemma_.lower()) for c in verb.children)


def _place_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """A place claim: the place itself, and what happened there (an event's place: "crashed near X"
    is crash + train) or what is there (a named site, where someone spoke)."""
    value = draft.value
    assert isinstance(value, PlaceValue)
    last = value.place.split()[-1] if value.place.split() else ""
    label = next((str(t.ent_type_) for t in sent if t.text == last), "") if sent is not None else ""
    slots: Slots = {"place": value.place, "place_level": place_level(value.place, label)}
    if draft.rule.startswith("place/event-"):
        slots.update(_event_words(value.entity, sent, draft.frame))
        slots.pop("holder", None)
    elif draft.subject.key.startswith("spoke|"):
        slots.update(holder=value.entity, predicate="speak")
    else:  # "the Grand Hotel in Alder", "troops based in X": what is there, nothing that happened
        slots.update(theme=norm_key(value.entity), predicate=None)
    return slots


def _person_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """A title or a role holder: the role is the theme, the person its holder."""
    value = draft.value
    assert isinstance(value, TitleValue | NameValue)
    role = value.title if isinstance(value, TitleValue) else value.role
    return {"holder": draft.frame.holder or value.person, "theme": draft.frame.theme or role.lower(), "predicate": None}


def _quote_slots(draft: Draft, token: Any | None, sent: Any | None) -> Slots:
    """Words in someone's mouth: the speaker holds them."""
    value = draft.value
    assert isinstance(value, QuoteValue)
    return {"holder": draft.frame.holder or value.speaker, "predicate": draft.frame.predicate or "say"}


_SLOTS: dict[ClaimKind, Callable[[Draft, Any | None, Any | None], Slots]] = {
    ClaimKind.COUNT: _figure_slots,
    ClaimKind.PERCENT: _figure_slots,
    ClaimKind.MONEY: _money_slots,
    ClaimKind.DURATION: _duration_slots,
    ClaimKind.DISTANCE: _distance_slots,
    ClaimKind.MEASURE: _measure_slots,
    ClaimKind.AGE: _age_slots,
    ClaimKind.DATE: _event_slots,
    ClaimKind.TIME: _event_slots,
    ClaimKind.PLACE: _place_slots,
    ClaimKind.TITLE: _person_slots,
    ClaimKind.NAME: _person_slots,
    ClaimKind.QUOTE: _quote_slots,
}


# --- completing a draft's frame -----------------------------------------------------------------------

# A paragraph's sentences by first token: their entities and names, read once for all their drafts.
Memo = dict[int, tuple[list[Any], list[tuple[Any, str]]]]


def _read(sent: Any, memo: Memo | None) -> tuple[list[Any], list[tuple[Any, str]]]:
    if memo is not None and sent.start in memo:
        return memo[sent.start]
    found = (list(sent.ents), _names(sent))
    if memo is not None:
        memo[sent.start] = found
    return found


def complete(
    draft: Draft, doc: Any, anchor: date | None, attached_only: bool = False, memo: Memo | None = None
) -> Draft:
    """The draft with its frame's open slots filled from its value and sentence, and the classes it
    took in its rule; `memo` keeps each sentence's entities and names for the next draft in it."""
    frame = draft.frame
    span = doc.char_span(draft.start, draft.end, alignment_mode="expand") if draft.start < draft.end else None
    token = span.root if span is not None and len(span) else None
    sent = token.sent if token is not None else None
    updates = _SLOTS[draft.kind](draft, token, sent)
    money = bool(updates.pop("money", False))
    if "predicate" not in updates and frame.predicate is None and token is not None:
        verb = verb_of(token)
        if verb is not None:
            updates["predicate"] = verb_phrase(verb)
            money = money or _money_object(verb)
    if frame.part is None and token is not None and draft.kind in _PARTS_KINDS:
        part = part_marker(token, span.start if span is not None else None)
        if part is not None:
            updates["part"] = part
    predicate = updates.get("predicate", frame.predicate)
    if predicate and frame.degree is None:
        degree, bare = split_degree(predicate)
        if degree is not None:
            updates["degree"] = degree
            updates["predicate"] = predicate = bare
    theme = updates.get("theme", frame.theme)
    if frame.predicate_class is None:
        found = predicate_class(predicate, draft.kind, theme, money) if predicate else None
        if found is None and theme and draft.kind in (ClaimKind.COUNT, ClaimKind.PERCENT, ClaimKind.MONEY):
            found = predicate_class(theme, draft.kind)  # "40 deaths", "150 arrests": the head noun is the event
        if found is not None:
            updates["predicate_class"] = found
    if frame.theme_class is None and theme:
        found = theme_class(theme)
        if found is not None:
            updates["theme_class"] = found
    if draft.kind not in _UNPLACED:
        if frame.place is None and "place" not in updates and sent is not None and token is not None:
            place = place_in(sent, token, draft.kind, attached_only, _read(sent, memo)[1])
            if place is not None:
                updates["place"], updates["place_level"] = place
        elif frame.place is not None and frame.place_level is None:
            updates["place_level"] = place_level(frame.place)
        if frame.time is None and "time" not in updates:
            time = _time_of(draft, sent, token, anchor, _read(sent, memo)[0] if sent is not None else None)
            if time is not None:
                updates["time"] = time
    updates = {k: v for k, v in updates.items() if v != getattr(frame, k)}
    if not updates:
        return draft
    new = frame.model_copy(update=updates)
    return replace(draft, frame=new, rule=_with_classes(draft.rule, new.predicate_class, new.theme_class))


def _with_classes(rule: str, predicate: str | None, theme: str | None) -> str:
    """The rule with the classes a frame took (`+pred:killed`, `+theme:workers`), and no other."""
    rule = _CLASS_TAGS.sub("", rule)
    if predicate:
        rule += f"+pred:{predicate}"
    if theme:
        rule += f"+theme:{theme}"
    return rule


_CLASS_TAGS = re.compile(r"\+(?:pred|theme):[^+]*")


def _time_of(draft: Draft, sent: Any, token: Any, anchor: date | None, ents: list[Any] | None) -> FrameTime | None:
    if draft.as_of:
        year_match = _YEAR.search(draft.as_of)
        return FrameTime(relation="as_of", text=draft.as_of, year=int(year_match.group(1)) if year_match else None)
    plan = draft.modality is Modality.PLAN
    earlier = re.search(r"\|@(\d{4})$", draft.subject.key)
    if earlier and not re.search(rf"(?i)\bsince\b[^.;:]*\b{earlier.group(1)}\b", draft.sentence):
        return FrameTime(relation="earlier", text=None, year=int(earlier.group(1)))
    if isinstance(draft.value, DateValue):
        if draft.value.since:
            return FrameTime(relation="since", text=None, year=draft.value.start.year if draft.value.start else None)
        return None
    if sent is None or token is None:
        return None
    return time_in(sent, token, anchor, plan, ents)


def with_frames(drafts: list[Draft], doc: Any, anchor: date | None) -> list[Draft]:
    """Every draft of one parsed paragraph with its frame completed (offsets are the paragraph's).

    A part of a larger figure in its sentence ("including eight foreigners", "12 others") points to
    that figure (`whole`) and takes what it leaves unsaid from it: the predicate, and for others and
    another the theme; a list item or part is where its own words say, else where its whole is."""
    done: list[Draft] = []
    heads: dict[int, Draft] = {}
    memo: Memo = {}
    for draft in drafts:
        item = draft.whole is not None
        finished = complete(draft, doc, anchor, item or draft.frame.part is not None, memo)
        head = heads.get(draft.whole) if draft.whole is not None else None
        if head is None and finished.frame.part in _LINKED_PARTS:
            head = _whole_of(finished, done, doc)
            if head is not None:
                finished = replace(finished, whole=head.start)
        if head is not None:
            finished = _inherit(finished, head)
        elif not item:
            heads.setdefault(finished.start, finished)
        done.append(finished)
    return done


_LINKED_PARTS = frozenset({"including", "of whom", "others", "another"})


def _whole_of(part: Draft, done: list[Draft], doc: Any) -> Draft | None:
    """The figure of the same kind before a part in its sentence, the nearest first."""
    sentence = _sentence_start(doc, part.start)
    for draft in reversed(done):
        if draft.sentence != part.sentence or draft.start >= part.start:
            continue
        if draft.kind is part.kind and draft.whole is None and draft.frame.part is None:
            # the same words may recur in a paragraph: only a figure of the part's own sentence
            return draft if _sentence_start(doc, draft.start) == sentence else None
    return None


def _sentence_start(doc: Any, offset: int) -> int:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return int(span.sent.start) if span is not None and len(span) else -1


def _inherit(part: Draft, head: Draft) -> Draft:
    frame, whole = part.frame, head.frame
    updates: dict[str, Any] = {}
    if frame.place is None and whole.place is not None:
        updates.update(place=whole.place, place_level=whole.place_level)
    if frame.predicate is None and whole.predicate is not None:
        updates.update(predicate=whole.predicate, predicate_class=whole.predicate_class, degree=whole.degree)
    if frame.theme is None and whole.theme is not None and frame.part in ("others", "another"):
        updates.update(theme=whole.theme, theme_class=whole.theme_class)
    if not updates:
        return part
    new = frame.model_copy(update=updates)
    return replace(part, frame=new, rule=_with_classes(part.rule, new.predicate_class, new.theme_class))
