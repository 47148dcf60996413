"""Event dates: a date becomes a claim only when it attaches to an event ("the coup in July 2023")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft, sentence_text
from crosscheck.extractor.context import DocContext, attribution_for, modality_for, place_for
from crosscheck.extractor.dates import parse_date_phrase
from crosscheck.lexicons import load_lexicon
from crosscheck.models import ClaimKind, Subject


@dataclass(frozen=True)
class EventTable:
    """Event nouns and verbs -> event name."""

    nouns: dict[str, str]
    verbs: dict[str, str]


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
    return EventTable(nouns, verbs)


def _event_of(token: Any) -> str | None:
    table = event_table()
    forms = [token.lower_.replace("’", "'"), token.lemma_.lower()]
    following = token.doc[token.i : min(token.i + 3, len(token.doc))].text.lower().replace("’", "'")
    if token.pos_ in ("NOUN", "PROPN"):
        for form in [following, *forms]:
            if form in table.nouns:
                return table.nouns[form]
    if token.pos_ == "VERB":
        objects = [c.lemma_.lower() for c in token.children if c.dep_ in ("dobj", "prt")]
        for obj in objects:
            phrase = f"{token.lemma_.lower()} {obj}"
            if phrase in table.verbs:
                return table.verbs[phrase]
        if token.lemma_.lower() in table.verbs:
            return table.verbs[token.lemma_.lower()]
    return None


def date_claims(sent: Any, ctx: DocContext) -> tuple[list[Draft], list[str]]:
    """Date claims of one sentence, and the date phrases that could not be resolved (no anchor)."""
    drafts: list[Draft] = []
    unresolved: list[str] = []
    doc = sent.doc
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start_token = ent.start
        if start_token > sent.start and doc[start_token - 1].lower_ == "since":
            start_token -= 1
        span = doc[start_token : ent.end]
        value = parse_date_phrase(span.text, ctx.anchor)
        if value is None:
            continue
        root = ent.root
        attach = root.head
        if root.dep_ == "pobj" and attach.head is not attach:
            attach = attach.head
        event = _event_of(attach)
        if event is None and attach.pos_ in ("VERB", "AUX"):
            # "the earthquake struck on Friday", "the coup took place in July": the event is the subject
            for child in attach.children:
                if child.dep_ in ("nsubj", "nsubjpass") and (event := _event_of(child)) is not None:
                    attach = child
                    break
        if event is None:
            continue
        if value.since and attach.pos_ in ("NOUN", "PROPN"):
            continue  # "the deadliest earthquake since 1960" dates a comparison, not the event
        if value.relative and value.start is None:
            unresolved.append(span.text)
        place = place_for(attach, sent, ctx, None)
        key = "|".join(["date", event, place.key if place else "-"])
        label = f"date of the {event}" + (f" in {place.key}" if place else "")
        rule = f"date/{'relative' if value.relative else 'absolute'}:{value.granularity}+event:{event}"
        end = span.end_char
        begin = min(span.start_char, attach.idx) if abs(attach.i - span.start) <= 4 else span.start_char
        end = max(end, attach.idx + len(attach.text)) if abs(attach.i - span.end) <= 4 else end
        drafts.append(
            Draft(
                kind=ClaimKind.DATE,
                subject=Subject(key=key, label=label),
                value=value,
                start=begin,
                end=end,
                sentence=sentence_text(sent),
                rule=rule,
                attribution=attribution_for(root, sent),
                modality=modality_for(root, sent),
            )
        )
    return drafts, unresolved
