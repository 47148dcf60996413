"""What a time of day or a measure is about, read off the parse: the event or thing it belongs to.

A time is of what happened then ("the plane took off at 9:12" -> take off plane; "the quake struck at
11pm" -> earthquake, the class from lexicons/events.yaml), a measure of what it measures ("the 6.8-
magnitude quake" -> earthquake; "winds of 120 km/h" -> wind). Different facts thus get different
subject keys, while the same fact worded alike by two outlets gets one.
"""

from __future__ import annotations

import re
from typing import Any

from crosscheck.extractor.context import REPORTING_VERBS, norm_key
from crosscheck.extractor.events import event_table

_ORDINALS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "last", "final", "initial", "remaining", "next", "latest"}
)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_OBJECTS = ("dobj", "attr", "oprd")
# Parts of speech a climb passes through on its way from a time or measure to its verb or noun.
_PASS = frozenset({"ADP", "SCONJ", "ADV", "ADJ", "NUM", "PART", "PUNCT", "DET", "SYM", "X", "CCONJ", "PRON"})


def event_class(token: Any) -> str | None:
    """The lexicon event class a noun or verb names ("quake" -> earthquake), or None."""
    table = event_table()
    lower, lemma = token.lower_.replace("’", "'"), token.lemma_.lower()
    if token.pos_ in ("NOUN", "PROPN"):
        return table.nouns.get(lower) or table.nouns.get(lemma)
    if token.pos_ == "VERB":
        particle = next((c.lemma_.lower() for c in token.children if c.dep_ == "prt"), "")
        return (table.verbs.get(f"{lemma} {particle}") if particle else None) or table.verbs.get(lemma)
    return None


def words_of(token: Any) -> str:
    """What a noun contributes to a key: its event class, else its lemma with ordinal modifiers
    ("the last boy"); '-' for a pronoun or a number, which name nothing across articles."""
    if token.pos_ == "PRON" or token.like_num or any(ch.isdigit() for ch in token.text):
        return "-"
    named = event_class(token)
    if named:
        return named
    word = norm_key(token.text) if token.pos_ == "PROPN" else token.lemma_.lower()
    ordinals = [
        c.lower_ for c in token.children if c.dep_ == "amod" and (c.lower_ in _ORDINALS or _ORDINAL.match(c.lower_))
    ]
    return " ".join([*ordinals, word])


def _subjects(verb: Any) -> list[Any]:
    found = []
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                child = verb.head  # "the quake that struck at 11pm": the quake
            found.append(child)
    if not found and verb.dep_ in ("relcl", "acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
        found.append(verb.head)  # "the boys trapped since 6pm"
    if (
        not found
        and verb.dep_ in ("xcomp", "conj", "acomp")
        and verb.head is not verb
        and verb.head.pos_ in ("VERB", "AUX")
    ):
        return _subjects(verb.head)  # "it struck and killed", "was expected to land at 9", "stays closed"
    return found


def _agents(verb: Any) -> list[Any]:
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _objects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in _OBJECTS]


def _particle(verb: Any) -> str:
    return next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")


def verb_event(verb: Any) -> str | None:
    """What a verb says happened: a lexicon event it names, or that one of its participants is ("the
    quake struck", "rocked by explosions"), else the verb with what it is about ("take off plane")."""
    named = event_class(verb) if verb.pos_ == "VERB" else None
    if named:
        return named
    subjects, agents, objects = _subjects(verb), _agents(verb), _objects(verb)
    lemma = verb.lemma_.lower()
    holding = any(f in event_table().holding for f in (lemma, f"{lemma} {_particle(verb)}".strip()))
    if lemma not in REPORTING_VERBS:
        # what struck or rocked is the event ("the quake struck", "rocked by explosions"); what is
        # reached or left is not, unless the verb holds it ("held the vote", "carried out the raid")
        for participant in (*subjects, *agents, *(objects if holding else ())):
            # "the magnitude 5.9 quake hit", parsed with "quake" in apposition to "magnitude"
            for word in (participant, *(c for c in participant.children if c.dep_ in ("appos", "compound"))):
                named = event_class(word)
                if named:
                    return named
    particle = _particle(verb)
    state = None
    if lemma == "be":  # "all were free as of 6pm": the state
        state = next((c for c in verb.children if c.dep_ in ("acomp", "attr")), None)
        lemma = state.lemma_.lower() if state is not None else lemma
    head = f"{lemma} {particle}".strip()
    if lemma in REPORTING_VERBS:
        speaker = words_of(subjects[0]) if subjects else "-"
        return f"{head} {speaker}"
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    about = objects[0] if objects and not passive else subjects[0] if subjects else None
    words = words_of(about) if about is not None else "-"
    if words == "-" and subjects and about is not subjects[0]:  # "the army retook it at 3pm"
        words = words_of(subjects[0])
    if words == "-":  # "they left the cave at 9": where, when not who
        places = [
            g
            for c in verb.children
            if c.dep_ == "prep"
            for g in c.children
            if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") and g.pos_ in ("NOUN", "PROPN")
        ]
        words = next((w for w in map(words_of, places) if w != "-"), "-")
    if words == "-":  # "it happened at 9" would merge with anything; "all are free as of 6pm" names a state
        return head if state is not None else None
    return f"{head} {words}"


def noun_event(noun: Any) -> str | None:
    """What a noun names as an event: its lexicon class, an event noun ("the flight"), a deadline."""
    named = event_class(noun)
    if named:
        return named
    table = event_table()
    lemma = noun.lemma_.lower()
    if lemma in table.deadlines or noun.lower_ in table.deadlines:
        of = next((g for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"), None)
        return f"deadline {words_of(of)}" if of is not None else "deadline"
    if lemma in table.event_nouns:
        return words_of(noun)
    return None


def happening(token: Any, inside: range) -> tuple[str, Any] | None:
    """What happened at the time whose words are the tokens `inside` (token indices), from its root
    `token` up: the first verb, or an event noun on the way ("the explosion at 8.45am"); with the
    token it hangs on (for the place). None when nothing names it."""
    current = token
    for _ in range(7):
        if current.i not in inside:
            if current.pos_ in ("VERB", "AUX"):
                name = verb_event(current)
                return (name, current) if name else None
            if current.pos_ in ("NOUN", "PROPN"):
                name = noun_event(current)
                if name:
                    return name, current
                if current.head is current:  # a verbless line: "Blast at city hall at 9am"
                    return words_of(current), current
            elif current.pos_ not in _PASS:
                return None
        if current.head is current:
            return None
        current = current.head
    return None


def measured(token: Any, inside: range, dimension_words: frozenset[str]) -> tuple[str, Any] | None:
    """What a measure whose words are the tokens `inside` is of: the noun it modifies ("the 6.8-
    magnitude quake", "a 200-hectare farm"), the noun a dimension word is of ("speeds of winds"), the
    dimension word itself ("temperatures of 40C" -> temperature), or a verb's object or subject ("the
    train was travelling at 128 km/h" -> train). With the token it is read off (for the place); None
    when it is a pronoun or nothing ("measured it as 6.8")."""
    doc = token.doc
    last = max(inside)
    following = doc[last + 1] if last + 1 < len(doc) else None
    if (
        following is not None
        and following.pos_ in ("NOUN", "PROPN")
        and following.lemma_.lower() not in dimension_words
        and (following.head.i in inside or any(doc[i].head.i == following.i for i in inside))
    ):
        return words_of(following), following  # "the magnitude 6.8 quake", "a 200-hectare farm"
    current = token
    for _ in range(7):
        if current.i not in inside:
            if current.pos_ in ("NOUN", "PROPN"):
                return _measured_noun(current, inside, dimension_words)
            if current.pos_ in ("VERB", "AUX"):
                objects = [o for o in _objects(current) if o.i not in inside]
                participants = objects or [s for s in _subjects(current) if s.i not in inside]
                for participant in participants:
                    if participant.pos_ in ("NOUN", "PROPN"):
                        return _measured_noun(participant, inside, dimension_words)
                    return None
                return None
            if current.pos_ not in _PASS:
                return None
        if current.head is current:
            return None
        current = current.head
    return None


def _measured_noun(noun: Any, inside: range, dimension_words: frozenset[str]) -> tuple[str, Any]:
    lemma = noun.lemma_.lower()
    if lemma not in dimension_words and noun.lower_ not in dimension_words:
        return words_of(noun), noun
    found = _of(noun, inside)
    if found is not None:
        return words_of(found), found
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
    if owner is not None:  # "the party's lead"
        return f"{words_of(owner)} {lemma}", noun
    return lemma, noun


def _of(noun: Any, inside: range) -> Any | None:
    """The object of a noun's "of" ("speeds of winds") or the noun that modifies it ("wind speeds"),
    outside the measure's own words."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            found = next((g for g in child.children if g.dep_ == "pobj"), None)
            if found is not None and found.pos_ in ("NOUN", "PROPN") and found.i not in inside:
                return found
    for child in noun.children:
        if child.dep_ == "compound" and child.pos_ in ("NOUN", "PROPN") and child.i not in inside:
            return child  # "wind speeds": wind
    return None
