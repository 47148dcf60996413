"""Person names: whether two written names name one person, and joining the subject keys that do.

A name is read as words (lower-case ASCII, diacritics, punctuation and honorifics dropped); its last
word is the family name, the others given names, initials ("J.", "PK") or middle names; a trailing
"Jr" or regnal number ("VI") is kept apart. Two names are one person when:

- their family names are one name: equal once each is rewritten by the transliteration lexicon
  (lexicons/names.yaml: g/k, v/w, ph/f, kh/k, ou/u, o/u, y/i, a silent final e, doubled letters), or
  keeping the same consonants in the same order and differing in a few vowels: none in a name of four
  letters or fewer, one in five or six (not in the first vowel), two in seven or more, never in the
  vowel a name ends with (Mario/Maria). So Gunawel/Kunawel, Keshnav/Keshnaw, Halpegama/Halpegema
  and Mahmoudi/Mahmudi are one name; Baker/Booker (first vowel), Roe/Rowe and Roe/Doe (a consonant)
  are two;
- and each given word of the shorter name matches, in order, a given word of the longer one (the same
  by the rules above, or its initial); a word left out is a middle name or a particle ("Karim Rami" /
  "Karim al-Rami"). A name of one word is that person's family name, or their given name alone.

Jane Roe and Jane Rowe are two persons: a transliteration changes letters within the lexicon's
classes, and a spelling its vowels, but no rewrite adds a consonant; English homophones (Roe/Rowe,
Reid/Reed) are distinct family names. Their closeness is told (`PersonMatch.near`), so a verdict can
call such a difference minor: a misspelling and a second person read alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from crosscheck.models import Claim

__all__ = [
    "PERSON_PREFIXES",
    "PersonMatch",
    "cluster_names",
    "match_people",
    "merge_people",
    "name_tokens",
    "same_person",
    "surname_key",
]

# Subject keys that name a person after the prefix: "title|jane roe", "quote|jane roe|former".
PERSON_PREFIXES = ("title|", "quote|", "spoke|")

_LETTERS = re.compile(r"[^a-z\s]")
_INITIALS_UPPER = re.compile(r"\b[A-Z]{2,3}\b(?=\s+\w)")  # "PK Rao": two initials written together
_INITIALS_DOTTED = re.compile(r"\b([A-Z])\.(?=[A-Z])")  # "J.R. Doe"
_NO_VOWEL = re.compile(r"[^aeiouy]{2,3}")  # "pk jena" in a lower-case subject key


class _Lexicon(NamedTuple):
    rules: tuple[tuple[re.Pattern[str], str], ...]
    vowels: frozenset[str]
    suffixes: frozenset[str]
    honorifics: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    """The names lexicon (and the honorifics of the titles lexicon), read once."""
    from crosscheck.lexicons import load_lexicon

    data = load_lexicon("names")
    honorifics = load_lexicon("titles").get("honorifics", [])
    return _Lexicon(
        rules=tuple((re.compile(str(pattern)), str(replacement)) for pattern, replacement in data["transliterations"]),
        vowels=frozenset(str(data["vowels"])),
        suffixes=frozenset(str(s) for s in data.get("suffixes", [])),
        honorifics=frozenset(str(h).rstrip(".").lower() for h in honorifics),
    )


class _Name(NamedTuple):
    words: tuple[str, ...]  # given words, then the family name
    suffix: str  # "jr", "vi" or ""


@lru_cache(maxsize=8192)
def _read(name: str) -> _Name:
    words = list(name_tokens(name))
    suffix = ""
    if len(words) > 1 and words[-1] in _lexicon().suffixes:
        suffix = words.pop()
    return _Name(tuple(words), suffix)


@lru_cache(maxsize=8192)
def name_tokens(name: str) -> tuple[str, ...]:
    """A name as lower-case ASCII words without diacritics, punctuation or honorifics; initials
    written together ("PK Rao", "J.R. Doe", "pk rao") as one initial each."""
    if not name.islower():  # subject keys are lower case: no initials to find by case
        name = _INITIALS_UPPER.sub(lambda m: " ".join(m.group(0)), name)
        name = _INITIALS_DOTTED.sub(r"\1 ", name)
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_name = name.lower()
    words = _LETTERS.sub(" ", ascii_name.replace("'", "").replace("’", "")).split()
    honorifics = _lexicon().honorifics
    while len(words) > 1 and words[0] in honorifics:
        words = words[1:]
    spread: list[str] = []
    for index, word in enumerate(words):
        if index < len(words) - 1 and 1 < len(word) < 4 and _NO_VOWEL.fullmatch(word):
            spread.extend(word)
        else:
            spread.append(word)
    return tuple(spread)


@lru_cache(maxsize=8192)
def spelling(word: str) -> str:
    """A name word rewritten by the transliteration lexicon: spellings of one name come out equal
    ("gunan" and "kunan" -> "kunan", "vaishnaw" -> "vaishnav")."""
    for pattern, replacement in _lexicon().rules:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=8192)
def _consonants(word: str) -> str:
    vowels = _lexicon().vowels
    return "".join(ch for ch in spelling(word) if ch not in vowels)


def vowel_budget(letters: int) -> int:
    """How many vowels two spellings of a name of this many letters may differ in."""
    if letters <= 4:
        return 0
    return 1 if letters <= 6 else 2


def _first_vowel(word: str) -> str:
    vowels = _lexicon().vowels
    return next((ch for ch in word if ch in vowels), "")


class _Words(NamedTuple):
    same: bool
    how: str  # 'same', 'initial', 'spelling', 'vowels' when same; why not otherwise


def _word_match(a: str, b: str, given: bool) -> _Words:
    """Whether two name words are one name, and how (or why not). An initial stands for a given name
    only."""
    if a == b:
        return _Words(True, "same")
    if len(a) == 1 or len(b) == 1:
        if given and a[0] == b[0]:
            return _Words(True, "initial")
        return _Words(False, "different initials" if given else "an initial is no family name")
    sa, sb = spelling(a), spelling(b)
    if sa == sb:
        return _Words(True, "spelling")
    if _consonants(a) != _consonants(b):
        return _Words(False, f"different consonants, {_consonants(a)!r} vs {_consonants(b)!r}")
    letters = min(len(sa), len(sb))
    budget = vowel_budget(letters)
    if budget == 0:
        return _Words(False, f"different vowels in a name of {letters} letters")
    if sa[-1] != sb[-1]:  # the consonants agree, so one of them ends in a vowel
        return _Words(False, "different endings")
    if letters <= 6 and _first_vowel(sa) != _first_vowel(sb):
        return _Words(False, "a different first vowel")
    edits = Levenshtein.distance(sa, sb)
    if edits > budget:
        return _Words(False, f"{edits} different vowels (at most {budget} in a name of {letters} letters)")
    return _Words(True, "vowels")


@dataclass(frozen=True)
class PersonMatch:
    """Whether names `a` and `b` name one person, and why; `near` when they do not but are one letter
    apart once spelled alike (Jane Roe / Jane Rowe), a difference a misspelling may explain."""

    same: bool
    reason: str
    spelled: bool = False  # one name written two ways (not merely the same name, or shortened)
    a: str = ""
    b: str = ""

    @property
    def near(self) -> bool:
        """Different persons one letter apart once spelled alike (worked out when asked: rarely)."""
        return not self.same and _near(_read(self.a), _read(self.b))


class _Note(NamedTuple):
    text: str
    spelled: bool  # a word written two ways (not an initial or a word left out)


def _word_note(a: str, b: str, how: str) -> list[_Note]:
    """What a word match says in a reason: nothing for one word, else how the two are one."""
    if how == "same":
        return []
    if how == "initial":
        short, full = (a, b) if len(a) == 1 else (b, a)
        return [_Note(f"{short.upper()}. is the initial of {full.title()}", False)]
    pair = f"{a.title()}/{b.title()}"
    if how == "spelling":
        return [_Note(f"{pair}: one spelling once transliterated, {spelling(a)!r}", True)]
    return [_Note(f"{pair}: the same consonants, other vowels", True)]


def _given_match(short: Sequence[str], long: Sequence[str]) -> list[_Note] | None:
    """Whether each given word of the shorter name matches, in order, a given word of the longer one
    (the first match for each: names have few words): the notes on how, or None."""
    notes: list[_Note] = []
    start = 0
    for word in short:
        for index in range(start, len(long)):
            found = _word_match(word, long[index], given=True)
            if found.same:
                notes += _word_note(word, long[index], found.how)
                start = index + 1
                break
        else:
            return None
    return notes


def _different(a: str, b: str, why: str) -> PersonMatch:
    return PersonMatch(False, f"{a!r} and {b!r} are different persons ({why})", a=a, b=b)


@lru_cache(maxsize=65536)
def match_people(a: str, b: str) -> PersonMatch:
    """Whether names `a` and `b` name one person, with the reason in words."""
    na, nb = _read(a), _read(b)
    if not na.words or not nb.words:
        return PersonMatch(False, f"{a!r} or {b!r} holds no name")
    if na == nb:
        return PersonMatch(True, f"{a!r} and {b!r} are one name")
    if na.suffix and nb.suffix and na.suffix != nb.suffix:
        return _different(a, b, f"{na.suffix.upper()} vs {nb.suffix.upper()}")
    (short, short_text), (long, long_text) = sorted(((na.words, a), (nb.words, b)), key=lambda item: len(item[0]))
    if len(short) == 1 and len(long) > 1:  # a family name alone, or a given name alone
        alone = short[0]
        family = _word_match(alone, long[-1], given=False)
        if family.same:
            return _same(
                short_text, long_text, [_Note("the family name alone", False), *_word_note(alone, long[-1], family.how)]
            )
        first = _word_match(alone, long[0], given=True) if len(alone) > 1 else _Words(False, "")
        if first.same:
            return _same(
                short_text, long_text, [_Note("the given name alone", False), *_word_note(alone, long[0], first.how)]
            )
        return _different(a, b, f"{alone.title()} is neither name of {long_text!r}")
    family = _word_match(short[-1], long[-1], given=False)
    if not family.same:
        return _different(a, b, f"family names {short[-1].title()}/{long[-1].title()}: {family.how}")
    notes = _given_match(short[:-1], long[:-1])
    if notes is None:
        given = f"{' '.join(short[:-1]).title()}/{' '.join(long[:-1]).title()}"
        return _different(a, b, f"given names {given}")
    notes = _word_note(short[-1], long[-1], family.how) + notes
    if len(short) < len(long):
        notes.append(_Note("a given or middle name left out", False))
    return _same(short_text, long_text, notes)


def _same(short: str, long: str, notes: Sequence[_Note]) -> PersonMatch:
    spelled = any(note.spelled for note in notes)
    how = "are spellings of one name" if spelled else "are one name, one of them shortened"
    reason = f"{short!r} and {long!r} {how}" + (f" ({'; '.join(n.text for n in notes)})" if notes else "")
    return PersonMatch(True, reason, spelled=spelled)


def _near(a: _Name, b: _Name) -> bool:
    """One letter apart once spelled alike, word for word (Jane Roe / Jane Rowe; Jon Smith / Jan Smith)."""
    if not a.words or len(a.words) != len(b.words):
        return False
    return Levenshtein.distance(" ".join(map(spelling, a.words)), " ".join(map(spelling, b.words))) <= 1


def same_person(a: str, b: str) -> bool:
    """Whether two written names name one person (spellings, transliterations, initials, middle names)."""
    return match_people(a, b).same


@lru_cache(maxsize=8192)
def surname_key(name: str) -> str:
    """A blocking key: the consonants of the family name once spelled alike. Names `same_person`
    joins by their family names share it ("Halpegama" and "Halpegema" -> "hlpkm")."""
    words = _read(name).words
    return _consonants(words[-1]) if words else ""


# --- clustering ---------------------------------------------------------------------------------------


@dataclass
class NameCluster:
    """Names of one person: the first is the fullest; `ambiguous` when a short name fit several."""

    names: list[str]
    reasons: list[str] = field(default_factory=list)
    ambiguous: bool = False


def _fullness(name: str) -> tuple[int, int, int]:
    words = _read(name).words
    return (sum(len(w) > 1 for w in words), len(words), len("".join(words)))


def cluster_names(names: Sequence[str], weight: Mapping[str, int] | None = None) -> list[NameCluster]:
    """Names in clusters of one person each, deterministic for any input order.

    The fullest names are placed first (then the most attested, by `weight`); a name joins the one
    cluster all of whose names it matches. A name that fits two clusters ("J. Roe" beside "Jane Roe"
    and "John Roe") joins neither: it stands alone, marked ambiguous."""
    weights = weight or {}
    order = sorted(set(names), key=lambda n: (tuple(-x for x in _fullness(n)), -weights.get(n, 0), n))
    clusters: list[NameCluster] = []
    for name in order:
        fits: list[NameCluster] = []
        for cluster in clusters:
            if cluster.ambiguous:
                continue
            if all(same_person(member, name) for member in cluster.names):
                fits.append(cluster)
        if len(fits) == 1:
            cluster = fits[0]
            cluster.names.append(name)
            cluster.reasons.append(match_people(cluster.names[0], name).reason)
        else:
            clusters.append(NameCluster([name], ambiguous=len(fits) > 1))
    return clusters


def _split_key(key: str) -> tuple[str, str, str]:
    """'quote|jane roe|former' -> ('quote', 'jane roe', 'former')."""
    prefix, _, rest = key.partition("|")
    person, _, qualifier = rest.partition("|")
    return prefix, person, qualifier


def merge_people(buckets: Mapping[str, Sequence[Claim]]) -> dict[str, list[Claim]]:
    """Join buckets whose keys name one person in different spellings ("title|ravi halpegama" and
    "title|ravi halpegema"): same prefix and qualifier, and `same_person` on the names. Near-linear:
    only keys whose family names share a `surname_key` are compared. A joined bucket keeps the key of
    its most reported spelling; other keys pass through. A lone given name is not joined to a full
    name here (it may be one of several people, and a lone word is often an organisation)."""
    merged: dict[str, list[Claim]] = {}
    blocks: dict[tuple[str, str, str], list[str]] = {}
    for key, claims in buckets.items():
        prefix, person, qualifier = _split_key(key)
        block = surname_key(person) if key.startswith(PERSON_PREFIXES) and person else ""
        if block:
            blocks.setdefault((prefix, qualifier, block), []).append(key)
        else:
            merged[key] = list(claims)
    for _block, keys in sorted(blocks.items()):
        if len(keys) == 1:
            merged[keys[0]] = list(buckets[keys[0]])
            continue
        # one prefix and qualifier per block: the person part tells its keys apart
        key_of = {_split_key(key)[1]: key for key in keys}
        sources = {person: len({c.source for c in buckets[key]}) for person, key in key_of.items()}
        for cluster in cluster_names(list(key_of), sources):
            people = sorted(cluster.names, key=lambda person: (-sources[person], key_of[person]))
            merged[key_of[people[0]]] = [claim for person in people for claim in buckets[key_of[person]]]
    return merged
