"""Generate a benchmark corpus of news articles from the bundled fixture articles.

    python benchmarks/corpus.py N OUT_DIR [--seed 0]

or, from Python, ``generate(n, out_dir, seed) -> list[Path]``.

The corpus holds N articles (records, not files) about synthetic *events*, each reported by 3 to 8
sources. Every source is one of the fixture articles (``fixtures/articles/``) used as a template
and varied so that no cache, deduplication or memo can take a shortcut:

- **names**: countries (with demonyms, capitals, second cities), the rival power, persons, bases,
  airports, outlets, wire and photo agencies are drawn per event from pools of ordinary names
  (real country names, so the extractor's country lexicon still applies; invented people and outlets);
- **numbers**: counts, money, distances, durations and spelled-out figures are scaled per event
  and value, so all sources of one event agree, except deliberate conflicts (in about 40% of the
  events one source reports different figures); added paragraphs bring percentages and more;
- **dates**: each event moves the story by some days; publication dates (front matter, page
  markers, datelines) and dates in the text (full dates, months, years, weekdays) move together,
  and each source is published 0 to 9 days after its event;
- **text**: words are swapped for synonyms per source (outside quotes), body paragraphs are partly
  shuffled, some are dropped and invented paragraphs with more facts are added; about one source
  in eight is a credited reprint of another source of its event (what near-duplicate detection
  should find).

Output (inside OUT_DIR only): about 80% ``.txt``/``.md`` files with YAML front matter (title, outlet,
published), about 10% ``.html`` pages (og:site_name, article:published_time, ``<article><p>``) and
about 10% records in ``.jsonl`` feeds (news-please fields, several records per file). Two hidden
files (which crosscheck skips) describe the corpus: ``.corpus.json`` (parameters and files) and
``.corpus-texts.jsonl`` (per article: path, record line, event and plain text, for baselines).

The output is byte-identical for a given (N, seed), and the events of a smaller corpus are the
first events of a larger one with the same seed (only the last event may be cut short).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import math
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = ["GENERATOR_VERSION", "MANIFEST", "TEXTS", "CorpusError", "generate", "read_texts"]

GENERATOR_VERSION = "1"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
MANIFEST = ".corpus.json"
TEXTS = ".corpus-texts.jsonl"
ANCHOR = date(2024, 5, 3)  # when the fixture event happened
FEED_RECORDS = 25  # records per .jsonl feed file
EVENTS_PER_FOLDER = 1000

# Original publication dates of the fixtures (by file-name prefix); others: ANCHOR.
TEMPLATE_PUBLISHED = {"000": date(2024, 5, 3), "002": date(2024, 5, 3), "003": date(2024, 5, 2)}


class CorpusError(Exception):
    """The corpus cannot be written (bad arguments, or OUT_DIR holds files that are not a corpus)."""


# --- pools of names --------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    """A host or neighbouring country as news text names it."""

    name: str
    dem: str
    dem_pl: str
    capital: str
    city: str


HOSTS = (
    Country("Niger", "Nigerien", "Nigeriens", "Niamey", "Agadez"),
    Country("Mali", "Malian", "Malians", "Bamako", "Gao"),
    Country("Chad", "Chadian", "Chadians", "N’Djamena", "Abeche"),
    Country("Burkina Faso", "Burkinabe", "Burkinabes", "Ouagadougou", "Bobo-Dioulasso"),
    Country("Sudan", "Sudanese", "Sudanese", "Khartoum", "Port Sudan"),
    Country("Libya", "Libyan", "Libyans", "Tripoli", "Benghazi"),
    Country("Somalia", "Somali", "Somalis", "Mogadishu", "Kismayo"),
    Country("Cameroon", "Cameroonian", "Cameroonians", "Yaounde", "Douala"),
    Country("Mauritania", "Mauritanian", "Mauritanians", "Nouakchott", "Nouadhibou"),
    Country("Senegal", "Senegalese", "Senegalese", "Dakar", "Thies"),
    Country("Gabon", "Gabonese", "Gabonese", "Libreville", "Port-Gentil"),
    Country("Ethiopia", "Ethiopian", "Ethiopians", "Addis Ababa", "Dire Dawa"),
    Country("Kenya", "Kenyan", "Kenyans", "Nairobi", "Mombasa"),
    Country("Mozambique", "Mozambican", "Mozambicans", "Maputo", "Pemba"),
    Country("Benin", "Beninese", "Beninese", "Porto-Novo", "Cotonou"),
    Country("Togo", "Togolese", "Togolese", "Lome", "Sokode"),
    Country("Ghana", "Ghanaian", "Ghanaians", "Accra", "Kumasi"),
    Country("Nigeria", "Nigerian", "Nigerians", "Abuja", "Kano"),
    Country("Uganda", "Ugandan", "Ugandans", "Kampala", "Gulu"),
    Country("Zambia", "Zambian", "Zambians", "Lusaka", "Ndola"),
    Country("Angola", "Angolan", "Angolans", "Luanda", "Huambo"),
    Country("Tanzania", "Tanzanian", "Tanzanians", "Dodoma", "Mwanza"),
    Country("Guinea", "Guinean", "Guineans", "Conakry", "Kankan"),
    Country("Djibouti", "Djiboutian", "Djiboutians", "Djibouti City", "Tadjourah"),
)


@dataclass(frozen=True)
class Power:
    """The rival power: names, seat of government and its mercenary group."""

    name: str
    dem: str
    dem_pl: str
    capital: str
    seat: str
    merc: str
    merc_short: str


RIVALS = (
    Power("Russia", "Russian", "Russians", "Moscow", "Kremlin", "Wagner Group", "Wagner"),
    Power("China", "Chinese", "Chinese", "Beijing", "foreign ministry", "Harbin Security Group", "Harbin"),
    Power("Turkey", "Turkish", "Turks", "Ankara", "presidency", "Anatolia Defence Group", "Anatolia"),
    Power("Iran", "Iranian", "Iranians", "Tehran", "foreign ministry", "Zagros Group", "Zagros"),
    Power("Belarus", "Belarusian", "Belarusians", "Minsk", "presidency", "Polesie Guard", "Polesie"),
)

# fmt: off
FIRST_NAMES = (
    ("James", "m"), ("Maria", "f"), ("David", "m"), ("Anna", "f"), ("Peter", "m"), ("Laura", "f"), ("Thomas", "m"),
    ("Sofia", "f"), ("Daniel", "m"), ("Helen", "f"), ("Samuel", "m"), ("Grace", "f"), ("Robert", "m"),
    ("Claire", "f"), ("Andrew", "m"), ("Nadia", "f"), ("Martin", "m"), ("Ruth", "f"), ("Simon", "m"),
    ("Emma", "f"), ("Paul", "m"), ("Alice", "f"), ("George", "m"), ("Irene", "f"), ("Victor", "m"), ("Leila", "f"),
    ("Oliver", "m"), ("Hannah", "f"), ("Henry", "m"), ("Julia", "f"), ("Edward", "m"), ("Rachel", "f"),
    ("Kofi", "m"), ("Amina", "f"), ("Ibrahim", "m"), ("Fatima", "f"), ("Tomas", "m"), ("Elena", "f"),
    ("Marcus", "m"), ("Ingrid", "f"), ("Luis", "m"), ("Carmen", "f"), ("Stefan", "m"), ("Monica", "f"),
    ("Hugo", "m"), ("Sarah", "f"), ("Felix", "m"), ("Diana", "f"),
)
LAST_NAMES = (
    "Carter", "Hughes", "Novak", "Bennett", "Moreau", "Okafor", "Lindqvist", "Ferreira", "Tanaka", "Brooks",
    "Whitfield", "Mendes", "Kowalski", "Adeyemi", "Larsen", "Duarte", "Fischer", "Hale", "Ramos", "Sato", "Harper",
    "Ellison", "Mensah", "Brandt", "Castillo", "Nyberg", "Osei", "Petrov", "Quinn", "Rossi", "Sandoval",
    "Thornton", "Ueda", "Vance", "Walsh", "Yilmaz", "Zeller", "Abbott", "Barros", "Coleman", "Delgado", "Eriksen",
    "Fontaine", "Garber", "Haddad", "Iverson", "Jansen", "Keller", "Lowell", "Maddox", "Nolan", "Ortega", "Pike",
    "Radford", "Stroud", "Tillman", "Underwood", "Varga", "Weller", "Yardley",
)
OUTLETS = (
    "Northfield Times", "Harbor Daily", "The Evening Ledger", "Eastbrook Herald", "Coastline News",
    "The Granite Post", "Riverside Chronicle", "Lakeside Gazette", "Summit Daily", "Prairie Tribune",
    "Valley Observer", "The Morning Sentinel", "Capital Courier", "Westgate Journal", "Bayview Press",
    "Midland Examiner", "The Civic Record", "Pinecrest Star", "Harborview Dispatch", "Metro Bulletin",
    "The Daily Compass", "Crossroads Review", "Northern Register", "Southport Mail", "Highland Echo",
    "Silverton Standard", "The Weekly Lantern", "Brookfield Monitor", "Oakridge Telegraph", "Clearwater Times",
    "Red Hill Post", "Stonebridge News", "The Open Ledger", "Fairview Daily", "Westfield Leader",
    "Kingsport Voice", "Maple Street Journal", "Lowland Herald", "Cedar Valley News", "Port City Observer",
    "The Atlas Report", "Greenway Chronicle", "Skyline Daily", "The Morning Tide", "Old Quarter Gazette",
)
WIRES = (
    ("Meridian Press Agency", "MPA"), ("Continental News Service", "CNS"), ("Allied Wire", "AW"),
    ("Crossline News Agency", "CLA"), ("Panorama Press", "PP"), ("United Dispatch", "UD"),
)
PHOTO_AGENCIES = (
    "Lenscape", "Frontline Images", "PhotoLine", "Northlight Photos", "Fieldview Pictures",
)
THINK_TANKS = (
    "Halden Institute", "Center for Regional Security Studies", "Marlow Foundation", "Brightwater Institute",
    "Kessler Center for Strategy", "Institute for Conflict Research",
)
VISITS = (
    ("Honolulu", "Hawaii"), ("San Diego", "California"), ("Norfolk", "Virginia"), ("Tampa", "Florida"),
    ("Anchorage", "Alaska"), ("Colorado Springs", "Colorado"), ("Omaha", "Nebraska"), ("Fort Worth", "Texas"),
)
# fmt: on
HEADLINES = (
    "{rival_dem} troops enter base housing US forces in {host} after American personnel asked to leave",
    "{rival_dem} military personnel enter {host} airbase where some U.S. troops remain",
    "{rival_dem} and US troops are operating at the same base in {host}",
    "US confirms {rival_dem} deployment to {host} air base",
    "Pentagon plays down risk as {rival_dem} forces arrive in {capital}",
    "{host} junta turns to {rival} as US prepares to withdraw",
    "{rival_dem} trainers move into {host} base used by US troops",
    "What {rival_dem} troops at a US base in {host} mean for the region",
)

# --- what in a fixture text varies ------------------------------------------------------------

# Surface form -> role (see `_make_event`). Longer forms win; matched on word boundaries, case-sensitive.
# fmt: off
NAMES = {
    "Nigeriens": "host.dem_pl", "Nigerien": "host.dem", "Nigeria": "other.name", "Niger": "host.name",
    "NIGER": "host.upper", "niger": "host.slug", "Niamey": "host.capital", "Agadez": "host.city",
    "Diori Hamani": "airport", "Airbase 101": "base1", "Air Base 101": "base1.spaced", "Airbase 201": "base2",
    "Chad": "n1.name", "N’Djamena": "n1.capital", "Mali": "n2.name", "Burkina Faso": "n3.name",
    "Guinea": "n4.name", "Kaduna": "other.city", "Russians": "rival.dem_pl", "Russian": "rival.dem",
    "Russia": "rival.name", "Moscow": "rival.capital", "Kremlin": "rival.seat", "Wagner Group": "rival.merc",
    "Wagner": "rival.merc_short", "Iran": "rival2.name", "Lloyd Austin": "defsec.full", "Mr Austin": "defsec.mr",
    "Austin": "defsec.last", "Emmanuel Macron": "france.full", "Macron": "france.last",
    "Mohamed Bazoum": "ousted.full", "Michael Langley": "general.full", "Celeste Wallander": "aide.full",
    "Sabrina Singh": "spokes.full", "Dmitry Peskov": "rival_spokes.full", "Eleanor Watson": "reporter.full",
    "Aveek Banerjee": "reporter.full", "@AveekABanerjee": "reporter.handle", "Honolulu": "visit.city",
    "Hawaii": "visit.state", "Reuters": "wire.name", "REUTERS": "wire.upper", "CNN": "outlet2", "BBC": "outlet3",
    "CBS News": "self", "ANI": "wire2.abbr", "US": "us", "U.S.": "us", "EPA": "photo1", "AFP": "photo2",
    "Getty": "photo3",
}
# fmt: on

# Words swapped per source (outside quotes), with their alternatives (the word itself included).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "however": ("however", "though", "nevertheless"),
    "concerns": ("concerns", "worries", "fears"),
    "concern": ("concern", "worry", "unease"),
    "withdrawal": ("withdrawal", "pullout", "departure"),
    "withdraw": ("withdraw", "pull out", "remove"),
    "withdrawing": ("withdrawing", "pulling out", "removing"),
    "remain": ("remain", "stay"),
    "remains": ("remains", "stays", "is still"),
    "key": ("key", "vital", "crucial", "important"),
    "crucial": ("crucial", "key", "vital"),
    "vital": ("vital", "key", "crucial"),
    "tensions": ("tensions", "frictions", "strains"),
    "tension": ("tension", "friction", "strain"),
    "rivalry": ("rivalry", "competition", "contest"),
    "stationed": ("stationed", "based", "deployed"),
    "confirmed": ("confirmed", "verified", "acknowledged"),
    "relations": ("relations", "ties", "links"),
    "ties": ("ties", "relations", "links"),
    "strengthen": ("strengthen", "deepen", "bolster"),
    "region": ("region", "zone"),
    "insurgents": ("insurgents", "militants", "rebels"),
    "militants": ("militants", "insurgents", "fighters"),
    "terrorism": ("terrorism", "extremism", "militancy"),
    "groups": ("groups", "organisations", "factions"),
    "move": ("move", "step", "decision"),
    "recent": ("recent", "past"),
    "troops": ("troops", "soldiers", "forces"),
    "forces": ("forces", "troops"),
    "said": ("said", "stated", "noted", "added"),
    "country": ("country", "nation"),
    "airbase": ("airbase", "air base"),
    "air base": ("air base", "airbase"),
    "reports": ("reports", "accounts"),
    "military rulers": ("military rulers", "military leaders", "generals"),
    "amid": ("amid", "during", "against a backdrop of"),
    "operations": ("operations", "missions"),
    "statements": ("statements", "declarations"),
    "American": ("American", "US"),
    "after": ("after", "following"),
    "following": ("following", "after"),
    "junta": ("junta", "regime"),
    "regime": ("regime", "junta", "government"),
    "leave": ("leave", "depart", "exit"),
    "fight": ("fight", "battle", "struggle"),
    "moved": ("moved", "shifted", "relocated"),
    "located": ("located", "based", "positioned"),
    "senior": ("senior", "high-ranking", "top"),
    "entered": ("entered", "moved into", "arrived at"),
    "conflict": ("conflict", "war"),
    "risk": ("risk", "danger", "threat"),
    "towards": ("towards", "toward"),
    "immediate": ("immediate", "first", "main"),
    "authorities": ("authorities", "officials"),
    "trainers": ("trainers", "instructors"),
    "Islamist": ("Islamist", "jihadist"),
    "Defense": ("Defense", "Defence"),
    "Defence": ("Defence", "Defense"),
    "including": ("including", "among them"),
    "announced": ("announced", "declared", "said"),
    "expressed": ("expressed", "voiced", "raised"),
    "meeting": ("meeting", "talks", "session"),
    "agreement": ("agreement", "accord", "deal"),
    "presence": ("presence", "deployment"),
    "support": ("support", "backing", "help"),
    "efforts": ("efforts", "attempts", "moves"),
    "development": ("development", "move", "step"),
    "immediately": ("immediately", "quickly", "swiftly"),
    "ruling": ("ruling", "governing"),
    "downplayed": ("downplayed", "played down", "minimised"),
    "currently": ("currently", "now", "at present"),
    "analysts": ("analysts", "observers", "experts"),
    "insisted": ("insisted", "maintained", "stressed"),
    "claimed": ("claimed", "said", "asserted"),
    "sparked": ("sparked", "triggered", "prompted"),
    "alarm": ("alarm", "concern", "unease"),
    "eager": ("eager", "keen", "anxious"),
    "hostile": ("hostile", "unfriendly", "opposed"),
    "proximity": ("proximity", "closeness"),
    "Meanwhile": ("Meanwhile", "At the same time", "Separately"),
    "Nevertheless": ("Nevertheless", "Still", "Even so"),
    "Although": ("Although", "While", "Though"),
    "Despite": ("Despite", "In spite of"),
    "Consequently": ("Consequently", "As a result", "Therefore"),
    "previously": ("previously", "earlier", "before"),
    "officials": ("officials", "authorities"),
    "leaders": ("leaders", "rulers"),
    "rulers": ("rulers", "leaders"),
    "countries": ("countries", "nations", "states"),
    "nations": ("nations", "countries", "states"),
    "escalated": ("escalated", "intensified", "grown"),
    "forced": ("forced", "pushed", "compelled"),
    "reportedly": ("reportedly", "said to be", "believed to be"),
    "several": ("several", "a number of", "various"),
    "growing": ("growing", "rising", "increasing"),
    "sought": ("sought", "tried", "attempted"),
    "seized": ("seized", "took", "grabbed"),
    "ousted": ("ousted", "removed", "toppled"),
    "ensuring": ("ensuring", "guaranteeing", "securing"),
    "assistance": ("assistance", "help", "aid"),
    "priority": ("priority", "focus", "goal"),
    "significant": ("significant", "major", "serious"),
    "demand": ("demand", "call for", "press for"),
    "demanded": ("demanded", "called for", "requested"),
    "raised": ("raised", "voiced", "flagged"),
    "issues": ("issues", "matters", "questions"),
    "directive": ("directive", "order", "instruction"),
    "instructing": ("instructing", "telling", "ordering"),
    "prompting": ("prompting", "leading", "pushing"),
    "deepening": ("deepening", "growing", "expanding"),
    "heightened": ("heightened", "increased", "raised"),
    "possibility": ("possibility", "prospect", "chance"),
    "unclear": ("unclear", "not clear", "uncertain"),
    "estimates": ("estimates", "figures", "reports"),
    "shifted": ("shifted", "moved", "turned"),
    "fostering": ("fostering", "building", "forging"),
    "driven": ("driven", "fuelled", "raised"),
    "fate": ("fate", "future"),
    "installations": ("installations", "facilities", "sites"),
    "intense": ("intense", "fierce", "sharp"),
    "allies": ("allies", "partners"),
    "partner": ("partner", "ally"),
    "kicked": ("kicked", "pushed", "thrown"),
    "remarkable": ("remarkable", "striking", "notable"),
    "facilitate": ("facilitate", "arrange", "organise"),
    "restore": ("restore", "repair", "rebuild"),
    "unsuccessful": ("unsuccessful", "fruitless", "in vain"),
    "redeploy": ("redeploy", "move", "relocate"),
}
_APPROX = ("about", "around", "roughly", "approximately", "some")

# fmt: off
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)
# fmt: on
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SPELLED = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_M = "|".join(_MONTHS)
_W = "|".join(_WEEKDAYS)
_MONTH_LEAD = "|".join(f"(?<={p})" for p in (r"\bin ", r"\bIn ", "mid-", "before ", "since ", "until ", "from "))


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_SYN_FORMS = {form: key for key in SYNONYMS for form in (key, key[:1].upper() + key[1:])}
_PATTERN = re.compile(
    rf"(?P<fulldate>(?:(?P<wd>{_W}), )?(?P<fmon>{_M}) (?P<fday>\d{{1,2}}), (?P<fyear>\d{{4}})"
    rf"(?P<ftime> \d{{1,2}}:\d{{2}}(?: [A-Z]{{2,4}})?)?)"
    rf"|(?P<monthyear>\b(?P<mymon>{_M}) (?P<myyear>(?:19|20)\d{{2}})\b)"
    rf"|(?P<monthday>\b(?P<mdmon>{_M}) (?P<mdday>\d{{1,2}})\b)"
    rf"|(?P<monthlast>\b(?P<mlmon>{_M}) last year\b)"
    rf"|(?P<month>(?:{_MONTH_LEAD})(?:{_M})\b)"
    rf"|(?P<weekday>\b(?:{_W})\b)"
    rf"|(?P<year>\b(?:19|20)\d{{2}}\b)"
    rf"|(?P<name>(?<![\w@])(?:{_alternation(list(NAMES))})(?!\w))"
    r"|(?P<money>\$(?P<mnum>\d{1,3}(?:,\d{3})+|\d+)(?P<mscale> (?:million|billion))?)"
    r"|(?P<num>\b(?:\d{1,3}(?:,\d{3})+|\d{2,})\b(?![:.]\d))"
    r"|(?P<spelled>\b(?P<spnum>two|three|four|six|eight|Two|Three|Four|Six|Eight)"
    r"(?P<sprest> miles|-year| weeks|(?: successful)? coups| years)\b)"
    rf"|(?P<hedge>\b(?:{_alternation([*_APPROX, *(w.capitalize() for w in _APPROX)])})(?= \$?\d))"
    rf"|(?P<syn>\b(?:{_alternation(list(_SYN_FORMS))})\b)"
)
# fmt: off
_KINDS = (
    "fulldate", "monthyear", "monthday", "monthlast", "month", "weekday", "year", "name", "money", "num",
    "spelled", "hedge", "syn",
)
# fmt: on
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z“])")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")

# --- templates ----------------------------------------------------------------------------------

Part = str | tuple[str, tuple[str, ...]]


@dataclass
class Unit:
    """A paragraph (or header line) of a template: literal text and slots."""

    parts: list[Part]
    words: int


@dataclass
class Template:
    """A fixture article compiled into units; rendering one source is a join of its units."""

    name: str
    published: date
    separator: str
    units: list[Unit]
    header: int  # units before the first long paragraph stay in place (the lead included)


def _is_pub_line(line: str, start: int, end: int) -> bool:
    """A date that is the article's publication date: on a short line, after 'Published', or a dateline."""
    before = line[max(0, start - 24) : start]
    return len(line.split()) < 12 or "Published" in before or bool(re.match(r"\s*\(", line[end : end + 3]))


def _compile_unit(text: str) -> Unit:
    parts: list[Part] = []
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    pos = 0
    for match in _PATTERN.finditer(text):
        kind = next(k for k in _KINDS if match.group(k) is not None)
        token = match.group(0)
        if kind == "syn" and any(a <= match.start() < b for a, b in quoted):
            continue
        parts.append(text[pos : match.start()])
        pub = _is_pub_line(text, match.start(), match.end())
        data: tuple[str, ...]
        if kind == "fulldate":
            data = (
                "pub" if pub else "event",
                match.group("wd") or "",
                match.group("fmon"),
                match.group("fday"),
                match.group("fyear"),
                match.group("ftime") or "",
            )
        elif kind == "monthyear":
            data = (match.group("mymon"), match.group("myyear"))
        elif kind == "monthday":
            data = ("pub" if pub else "event", match.group("mdmon"), match.group("mdday"))
        elif kind == "monthlast":
            data = (match.group("mlmon"),)
        elif kind == "money":
            data = (match.group("mnum"), match.group("mscale") or "")
        elif kind == "spelled":
            data = (match.group("spnum"), match.group("sprest"))
        elif kind == "name":
            data = (NAMES[token],)
        elif kind == "syn":
            data = (_SYN_FORMS[token], token)
        else:  # month, weekday, year, num, hedge
            data = (token,)
        parts.append((kind, data))
        pos = match.end()
    parts.append(text[pos:])
    return Unit([p for p in parts if p != ""], len(text.split()))


def _compile(path: Path) -> Template:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    separator = "\n\n" if text.count("\n\n") >= 3 else "\n"
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    units = [_compile_unit(line) for line in lines]
    header = next((i for i, u in enumerate(units) if u.words >= 20), 0) + 1
    return Template(path.name, TEMPLATE_PUBLISHED.get(path.name[:3], ANCHOR), separator, units, header)


def load_templates(folder: Path = FIXTURES) -> list[Template]:
    """The fixture articles, compiled."""
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md") and not p.name.startswith("."))
    if not paths:
        raise CorpusError(f"no fixture articles in {folder}")
    return [_compile(p) for p in paths]


# --- events and sources ------------------------------------------------------------------------


def _rng(*key: object) -> random.Random:
    return random.Random(":".join(str(k) for k in ("crosscheck-corpus", GENERATOR_VERSION, *key)))


def _round2(value: float) -> int:
    """Two significant figures, at least 2."""
    if value < 10:
        return max(2, round(value))
    digits = math.floor(math.log10(value)) - 1
    return int(round(value / 10**digits) * 10**digits)


def _fmt_int(value: int, commas: bool) -> str:
    return f"{value:,}" if commas else str(value)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass
class Event:
    """One synthetic news event: its names, its shift in time and how its numbers scale."""

    index: int
    seed: int
    shift: int  # days
    months: int  # the shift in whole months
    years: int
    roles: dict[str, str]
    facts: dict[str, str]
    persons: list[tuple[str, str, str]]  # (first, last, gender) for extra paragraphs
    factors: dict[str, float] = field(default_factory=dict)
    spelled: dict[str, int] = field(default_factory=dict)

    @property
    def base(self) -> date:
        return ANCHOR + timedelta(days=self.shift)

    def factor(self, key: str, alt: bool) -> float:
        """The event's scale for one original value (an alternative scale for a conflicting source)."""
        full = f"{key}|alt" if alt else key
        if full not in self.factors:
            rng = _rng(self.seed, self.index, "factor", full)
            self.factors[full] = math.exp(rng.uniform(math.log(0.45), math.log(2.4)))
        return self.factors[full]

    def spelled_number(self, key: str, alt: bool) -> int:
        full = f"{key}|alt" if alt else key
        if full not in self.spelled:
            self.spelled[full] = _rng(self.seed, self.index, "spelled", full).randint(2, 9)
        return self.spelled[full]


def _person(rng: random.Random, used: set[str]) -> tuple[str, str, str]:
    while True:
        first, gender = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        if last not in used:
            used.add(last)
            return first, last, gender


def _make_event(seed: int, index: int) -> Event:
    rng = _rng(seed, index, "event")
    shift = rng.randint(-1500, 400)
    base = ANCHOR + timedelta(days=shift)
    months = (base.year * 12 + base.month) - (ANCHOR.year * 12 + ANCHOR.month)
    countries = rng.sample(HOSTS, 6)
    host, n1, n2, n3, n4, other = countries
    rival, rival2 = rng.sample(RIVALS, 2)
    used: set[str] = set()
    roles: dict[str, str] = {
        "host.name": host.name,
        "host.dem": host.dem,
        "host.dem_pl": host.dem_pl,
        "host.capital": host.capital,
        "host.city": host.city,
        "host.upper": host.name.upper(),
        "host.slug": host.name.lower().replace(" ", "-"),
        "n1.name": n1.name,
        "n1.capital": n1.capital,
        "n2.name": n2.name,
        "n3.name": n3.name,
        "n4.name": n4.name,
        "other.name": other.name,
        "other.city": other.city,
        "rival.name": rival.name,
        "rival.dem": rival.dem,
        "rival.dem_pl": rival.dem_pl,
        "rival.capital": rival.capital,
        "rival.seat": rival.seat,
        "rival.merc": rival.merc,
        "rival.merc_short": rival.merc_short,
        "rival2.name": rival2.name,
    }
    base1, base2 = rng.sample(range(101, 990), 2)
    roles["base1"], roles["base1.spaced"], roles["base2"] = f"Airbase {base1}", f"Air Base {base1}", f"Airbase {base2}"
    airport_first, airport_last, _ = _person(rng, used)
    roles["airport"] = f"{airport_first} {airport_last}"
    for role in ("defsec", "france", "ousted", "general", "aide", "spokes", "rival_spokes"):
        first, last, gender = _person(rng, used)
        roles[f"{role}.full"], roles[f"{role}.last"] = f"{first} {last}", last
        roles[f"{role}.mr"] = f"{'Mr' if gender == 'm' else 'Ms'} {last}"
    roles["visit.city"], roles["visit.state"] = rng.choice(VISITS)
    wire, wire2 = rng.sample(WIRES, 2)
    roles["wire.name"], roles["wire.upper"], roles["wire2.abbr"] = wire[0], wire[0].upper(), wire2[1]
    roles["wire2.name"] = wire2[0]
    roles["outlet2"], roles["outlet3"] = rng.sample(OUTLETS, 2)
    roles["photo1"], roles["photo2"], roles["photo3"] = rng.sample(PHOTO_AGENCIES, 3)
    persons = [_person(rng, used) for _ in range(3)]
    facts = {
        "host": host.name,
        "host_dem": host.dem,
        "capital": host.capital,
        "city": host.city,
        "rival": rival.name,
        "rival_dem": rival.dem,
        "rival_dem_pl": rival.dem_pl,
        "think_tank": rng.choice(THINK_TANKS),
        "expert": f"{persons[0][0]} {persons[0][1]}",
        "analyst": f"{persons[1][0]} {persons[1][1]}",
        "minister": f"{persons[2][0]} {persons[2][1]}",
        "displaced": f"{_round2(rng.uniform(1_200, 450_000)):,}",
        "pct_children": str(rng.randint(35, 70)),
        "army": f"{_round2(rng.uniform(5_000, 60_000)):,}",
        "est_year": str(base.year - rng.randint(1, 3)),
        "stay_months": str(rng.randint(2, 18)),
        "dist_km": str(_round2(rng.uniform(12, 600))),
        "deal_money": str(_round2(rng.uniform(15, 900))),
        "crowd": f"{_round2(rng.uniform(800, 40_000)):,}",
        "rally_weekday": rng.choice(_WEEKDAYS),
        "pct_budget": str(rng.randint(8, 31)),
        "trucks": str(rng.randint(12, 140)),
        "convoy_days": str(rng.randint(2, 9)),
        "us_spend": str(_round2(rng.uniform(40, 1_200))),
        "aid_year": str(base.year - rng.randint(6, 14)),
        "standoff_weeks": str(rng.randint(3, 16)),
        "pct_poll": str(rng.randint(22, 78)),
        "poll_size": f"{_round2(rng.uniform(600, 3_000)):,}",
        "pct_margin": str(rng.randint(2, 5)),
        "troops_extra": f"{_round2(rng.uniform(150, 2_500)):,}",
    }
    facts["pct_budget_prev"] = str(max(3, int(facts["pct_budget"]) - rng.randint(2, 9)))
    facts["crowd_police"] = f"{_round2(int(facts['crowd'].replace(',', '')) * rng.uniform(0.2, 0.6)):,}"
    deal_year, deal_month = _add_months(base.year, base.month, -rng.randint(2, 14))
    facts["deal_month_year"] = f"{_MONTHS[deal_month - 1]} {deal_year}"
    return Event(index, seed, shift, months, base.year - ANCHOR.year, roles, facts, persons)


# Invented paragraphs added to sources: more facts of the event (percentages, money, counts, durations).
EXTRA_PARAGRAPHS = (
    "Aid agencies estimate that {displaced} people have fled their homes in {host}'s border regions, "
    "and that {pct_children}% of them are children.",
    "{host}'s armed forces number about {army} soldiers, according to a {est_year} estimate by the {think_tank}.",
    "The {rival_dem} contingent is expected to stay for {stay_months} months, {expert}, a security analyst "
    "at the {think_tank}, told {outlet}.",
    "The airbase lies some {dist_km} kilometers from the centre of {capital}, near the main road to {city}.",
    "In {deal_month_year}, {rival} and {host} signed a ${deal_money} million agreement covering training, "
    "drones and radar equipment.",
    "Organisers said around {crowd} people joined a rally in {capital} on {rally_weekday}; police put the "
    "figure at {crowd_police}.",
    "Roughly {pct_budget}% of {host}'s national budget now goes to defence, up from {pct_budget_prev}% "
    "five years ago, finance minister {minister} said.",
    "A convoy of {trucks} trucks carrying equipment arrived at the base over {convoy_days} days, "
    "residents told {outlet}.",
    "The United States has spent more than ${us_spend} million on security assistance to {host} since "
    "{aid_year}, according to congressional figures.",
    "{analyst} said the standoff could drag on for {standoff_weeks} weeks unless both governments agree on "
    "a timetable for the withdrawal.",
    "In a poll of {poll_size} residents of {capital}, {pct_poll}% said they favoured closer ties with "
    "{rival}; the margin of error was {pct_margin} percentage points.",
    "About {troops_extra} {rival_dem} personnel are now believed to be in the wider region, {analyst} said.",
    "The {host_dem} foreign ministry did not respond to a request for comment from {outlet}.",
)
_CONFLICTABLE = (
    "displaced",
    "army",
    "stay_months",
    "dist_km",
    "deal_money",
    "crowd",
    "pct_budget",
    "us_spend",
    "pct_poll",
    "troops_extra",
    "trucks",
)


@dataclass
class Plan:
    """One source of an event: which template, how it is varied, where and how it is written."""

    event: Event
    index: int
    template: Template
    rng_seed: str
    outlet: str
    reporter: tuple[str, str, str]
    delay: int
    fmt: str  # txt, md, html, jsonl
    conflict: bool
    reprint_of: Plan | None = None

    @property
    def published(self) -> date:
        return self.template.published + timedelta(days=self.event.shift + self.delay)


def _plan_event(seed: int, index: int, size: int, templates: list[Template]) -> list[Plan]:
    event = _make_event(seed, index)
    rng = _rng(seed, index, "plan")
    order = list(range(len(templates)))
    rng.shuffle(order)
    outlets = rng.sample(OUTLETS, size)
    conflicting = rng.randrange(1, size) if size > 1 and rng.random() < 0.4 else -1
    plans: list[Plan] = []
    used: set[str] = {event.roles.get(f"{r}.last", "") for r in ("defsec", "general")}
    for k in range(size):
        delay = rng.choices((0, 1, 2, -1, 3, 5, 9), weights=(50, 25, 10, 5, 4, 3, 3))[0]
        fmt = rng.choices(("txt", "md", "html", "jsonl"), weights=(40, 40, 10, 10))[0]
        reprint = plans[rng.randrange(len(plans))] if plans and rng.random() < 0.125 else None
        template = reprint.template if reprint else templates[order[k % len(order)]]
        plans.append(
            Plan(
                event=event,
                index=k,
                template=template,
                rng_seed=reprint.rng_seed if reprint else f"{seed}:{index}:{k}",
                outlet=outlets[k],
                reporter=_person(rng, used),
                delay=max(delay, reprint.delay) if reprint else delay,
                fmt=fmt,
                conflict=k == conflicting,
                reprint_of=reprint,
            )
        )
    return plans


# --- rendering ------------------------------------------------------------------------------------


def _case_like(original: str, word: str) -> str:
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


class _Renderer:
    """Renders the slots of one source."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.event = plan.event
        self.rng = random.Random(f"syn:{plan.rng_seed}")
        self.vary = self.rng.uniform(0.5, 0.9)
        conflict_rng = _rng(plan.rng_seed, "conflict")
        self.alt_keys = {
            k for k in ("1,000", "60", "100", "800", "200", "1,500", "two miles") if conflict_rng.random() < 0.5
        }
        first, last, _ = plan.reporter
        self.roles = dict(self.event.roles)
        self.roles.update(
            {
                "self": plan.outlet,
                "reporter.full": f"{first} {last}",
                "reporter.handle": f"@{first}{last}",
                "us": self.rng.choice(("US", "U.S.")),
            }
        )
        self.pub_shift = self.event.shift + plan.delay
        self.handlers: dict[str, Callable[[tuple[str, ...]], str]] = {
            "fulldate": self._fulldate,
            "monthyear": self._monthyear,
            "monthday": self._monthday,
            "monthlast": self._monthlast,
            "month": self._month,
            "weekday": self._weekday,
            "year": lambda d: str(int(d[0]) + self.event.years),
            "name": lambda d: self.roles[d[0]],
            "money": self._money,
            "num": self._num,
            "spelled": self._spelled,
            "hedge": self._hedge,
            "syn": self._syn,
        }

    def _alt(self, key: str) -> bool:
        return self.plan.conflict and key in self.alt_keys

    def _fulldate(self, d: tuple[str, ...]) -> str:
        which, weekday, month, day, year, time_ = d
        original = date(int(year), _MONTHS.index(month) + 1, int(day))
        new = original + timedelta(days=self.pub_shift if which == "pub" else self.event.shift)
        day_text = f"{new.day:02d}" if day.startswith("0") else str(new.day)
        prefix = f"{_WEEKDAYS[new.weekday()]}, " if weekday else ""
        return f"{prefix}{_MONTHS[new.month - 1]} {day_text}, {new.year}{time_}"

    def _monthday(self, d: tuple[str, ...]) -> str:
        which, month, day = d
        original = date(ANCHOR.year, _MONTHS.index(month) + 1, int(day))
        new = original + timedelta(days=self.pub_shift if which == "pub" else self.event.shift)
        return f"{_MONTHS[new.month - 1]} {new.day}"

    def _monthyear(self, d: tuple[str, ...]) -> str:
        year, month = _add_months(int(d[1]), _MONTHS.index(d[0]) + 1, self.event.months)
        return f"{_MONTHS[month - 1]} {year}"

    def _month(self, d: tuple[str, ...]) -> str:
        month = _MONTHS.index(d[0]) + 1
        year = ANCHOR.year if month <= ANCHOR.month else ANCHOR.year - 1
        return _MONTHS[_add_months(year, month, self.event.months)[1] - 1]

    def _monthlast(self, d: tuple[str, ...]) -> str:
        year, month = _add_months(ANCHOR.year - 1, _MONTHS.index(d[0]) + 1, self.event.months)
        when = "last year" if year < self.event.base.year else "this year"
        return f"{_MONTHS[month - 1]} {when}"

    def _weekday(self, d: tuple[str, ...]) -> str:
        return _WEEKDAYS[(_WEEKDAYS.index(d[0]) + self.event.shift) % 7]

    def _scaled(self, digits: str) -> str:
        value = int(digits.replace(",", ""))
        new = _round2(value * self.event.factor(digits, self._alt(digits)))
        return _fmt_int(new, "," in digits or new >= 10_000)

    def _money(self, d: tuple[str, ...]) -> str:
        return f"${self._scaled(d[0])}{d[1]}"

    def _num(self, d: tuple[str, ...]) -> str:
        return self._scaled(d[0])

    def _spelled(self, d: tuple[str, ...]) -> str:
        word, rest = d
        key = f"{word.lower()}{rest}"
        number = _SPELLED[self.event.spelled_number(key, self._alt(key)) - 1]
        return f"{_case_like(word, number)}{rest}"

    def _hedge(self, d: tuple[str, ...]) -> str:
        if self.rng.random() >= self.vary:
            return d[0]
        return _case_like(d[0], self.rng.choice(_APPROX))

    def _syn(self, d: tuple[str, ...]) -> str:
        key, original = d
        if self.rng.random() >= self.vary:
            return original
        return _case_like(original, self.rng.choice(SYNONYMS[key]))

    def unit(self, unit: Unit) -> str:
        return "".join(p if isinstance(p, str) else self.handlers[p[0]](p[1]) for p in unit.parts)

    def facts(self) -> dict[str, str]:
        facts = dict(self.event.facts)
        facts["outlet"] = self.plan.outlet
        if self.plan.conflict:
            rng = _rng(self.plan.rng_seed, "facts")
            for key in _CONFLICTABLE:
                if rng.random() < 0.35:
                    old = int(facts[key].replace(",", ""))
                    facts[key] = _fmt_int(_round2(old * rng.choice((0.5, 0.7, 1.4, 1.8))), "," in facts[key])
        return facts


@dataclass
class Article:
    """A rendered source."""

    plan: Plan
    title: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return self.plan.template.separator.join(self.paragraphs)


def _render(plan: Plan, rendered: dict[int, Article]) -> Article:
    renderer = _Renderer(plan)
    rng = random.Random(f"layout:{plan.event.seed}:{plan.event.index}:{plan.index}")
    facts = renderer.facts()
    title = rng.choice(HEADLINES).format(**facts)
    if plan.reprint_of is not None and plan.reprint_of.index in rendered:
        parent = rendered[plan.reprint_of.index]
        paragraphs = list(parent.paragraphs)
        for _ in range(rng.randint(0, 2)):
            if len(paragraphs) > 4:
                paragraphs.pop(rng.randrange(2, len(paragraphs)))
        credit = rng.choice(
            (
                f"(with inputs from {parent.plan.outlet})",
                f"This story was originally published by {parent.plan.outlet}.",
                f"(Reporting by {parent.plan.outlet})",
            )
        )
        return Article(plan, title, [*paragraphs, credit])
    template = plan.template
    units = [renderer.unit(u) for u in template.units]
    head, body = units[: template.header], units[template.header :]
    long_ones = [i for i, text in enumerate(body) if len(text.split()) >= 12]
    for _ in range(rng.randint(1, 4)):  # partial shuffle: swap neighbouring long paragraphs
        if len(long_ones) >= 2:
            k = rng.randrange(len(long_ones) - 1)
            a, b = long_ones[k], long_ones[k + 1]
            body[a], body[b] = body[b], body[a]
    drop_p = rng.uniform(0.05, 0.2)
    kept = [text for i, text in enumerate(body) if i not in long_ones or rng.random() >= drop_p]
    for i, text in enumerate(kept):  # drop a sentence here and there
        sentences = _SENTENCE_BREAK.split(text)
        if len(sentences) >= 3 and rng.random() < 0.3:
            sentences.pop(rng.randrange(1, len(sentences)))
            kept[i] = " ".join(sentences)
    extras = rng.sample(EXTRA_PARAGRAPHS, rng.randint(0, 3))
    for extra in extras:
        kept.insert(rng.randint(0, len(kept)), extra.format(**facts))
    return Article(plan, title, head + kept)


# --- writing ------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _domain(outlet: str) -> str:
    return re.sub(r"[^a-z0-9]", "", outlet.lower().removeprefix("the ")) + ".com"


def _url(article: Article) -> str:
    plan = article.plan
    day = plan.published
    return f"https://www.{_domain(plan.outlet)}/world/{day:%Y/%m/%d}/{_slug(article.title)[:60]}"


def _front_matter_text(article: Article) -> str:
    plan = article.plan
    first, last, _ = plan.reporter
    lines = ["---", f"title: {json.dumps(article.title, ensure_ascii=False)}", f"outlet: {plan.outlet}"]
    lines.append(f"published: {plan.published.isoformat()}")
    if plan.index % 3 == 0:
        lines.append(f"author: {first} {last}")
        lines.append(f"url: {_url(article)}")
    lines.append("---")
    body = article.body
    if plan.fmt == "md":
        body = f"# {article.title}\n\n*By {first} {last}*\n\n" + "\n\n".join(article.paragraphs)
    return "\n".join(lines) + "\n" + body + "\n"


def _html_text(article: Article) -> str:
    plan = article.plan
    first, last, _ = plan.reporter
    e = html.escape
    stamp = f"{plan.published.isoformat()}T{8 + plan.index % 10:02d}:{(plan.event.index * 7) % 60:02d}:00Z"
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    others = "".join(
        f'<li><a href="/world/story-{plan.event.index}-{i}">{e(h)}</a></li>'
        for i, h in enumerate(
            (f"Markets in {plan.event.facts['capital']} close higher", "Weather: a hot week ahead", "Sport roundup")
        )
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{e(article.title)} | {e(plan.outlet)}</title>\n'
        f'<meta property="og:site_name" content="{e(plan.outlet)}">\n'
        f'<meta property="og:title" content="{e(article.title)}">\n'
        f'<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{stamp}">\n'
        f'<meta name="author" content="{e(first)} {e(last)}">\n'
        f'<link rel="canonical" href="{e(_url(article))}">\n</head>\n<body>\n'
        f'<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> '
        f'<a href="/business">Business</a></nav></header>\n<main>\n<article>\n<h1>{e(article.title)}</h1>\n'
        f'<p class="byline">By {e(first)} {e(last)}</p>\n{paragraphs}\n</article>\n'
        f"<aside><h2>Most read</h2><ul>{others}</ul></aside>\n</main>\n"
        f"<footer><p>© {plan.published.year} {e(plan.outlet)}. All rights reserved.</p></footer>\n"
        "</body>\n</html>\n"
    )


def _jsonl_record(article: Article) -> dict[str, object]:
    plan = article.plan
    first, last, _ = plan.reporter
    url = _url(article)
    stamp = f"{plan.published.isoformat()} {8 + plan.index % 10:02d}:{(plan.event.index * 7) % 60:02d}:00"
    download = plan.published + timedelta(days=1 + plan.index % 3)
    text = "\n".join(article.paragraphs)
    return {
        "authors": [f"{first} {last}"],
        "date_download": f"{download.isoformat()} 06:00:00",
        "date_modify": None,
        "date_publish": stamp,
        "description": article.paragraphs[min(1, len(article.paragraphs) - 1)][:200],
        "filename": hashlib.sha1(url.encode()).hexdigest() + ".json",
        "image_url": f"https://www.{_domain(plan.outlet)}/img/{plan.event.index}-{plan.index}.jpg",
        "language": "en",
        "localpath": None,
        "maintext": text,
        "source_domain": _domain(plan.outlet),
        "title": article.title,
        "title_page": None,
        "title_rss": None,
        "url": url,
    }


@dataclass
class _Writer:
    """Writes files under the root, remembering each one (and each article) for the manifest."""

    root: Path
    files: list[Path] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    feed: list[tuple[Article, str]] = field(default_factory=list)
    feeds_written: int = 0

    def write(self, relative: str, content: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
        self.files.append(path)

    def note(self, article: Article, relative: str, line: int | None) -> None:
        plan = article.plan
        record = {
            "path": relative,
            "line": line,
            "event": plan.event.index,
            "source": plan.index,
            "format": plan.fmt,
            "template": plan.template.name,
            "outlet": plan.outlet,
            "published": plan.published.isoformat(),
            "reprint_of": plan.reprint_of.index if plan.reprint_of else None,
            "conflict": plan.conflict,
            "text": article.title + "\n\n" + "\n\n".join(article.paragraphs),
        }
        self.texts.append(json.dumps(record, ensure_ascii=False))

    def add(self, article: Article) -> None:
        plan = article.plan
        if plan.fmt == "jsonl":
            self.feed.append((article, json.dumps(_jsonl_record(article), ensure_ascii=False)))
            if len(self.feed) >= FEED_RECORDS:
                self.flush()
            return
        folder = f"articles/{plan.event.index // EVENTS_PER_FOLDER:03d}"
        relative = f"{folder}/e{plan.event.index:06d}-{plan.index}-{_slug(plan.outlet)}.{plan.fmt}"
        self.write(relative, _html_text(article) if plan.fmt == "html" else _front_matter_text(article))
        self.note(article, relative, None)

    def flush(self) -> None:
        if not self.feed:
            return
        relative = f"feeds/feed-{self.feeds_written:05d}.jsonl"
        self.write(relative, "".join(line + "\n" for _article, line in self.feed))
        for number, (article, _line) in enumerate(self.feed, start=1):
            self.note(article, relative, number)
        self.feed.clear()
        self.feeds_written += 1


def _clear(out_dir: Path) -> None:
    """Empty OUT_DIR of a previous corpus (only the files it lists); refuse anything else."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise CorpusError(f"{out_dir} exists and is not a folder")
    manifest = out_dir / MANIFEST
    if not manifest.is_file():
        if any(out_dir.iterdir()):
            raise CorpusError(f"{out_dir} is not empty and holds no corpus ({MANIFEST}); choose an empty folder")
        return
    root = out_dir.resolve()
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError) as exc:
        raise CorpusError(f"cannot read {manifest}: {exc}") from None
    folders: set[Path] = set()
    for relative in listed:
        path = (out_dir / relative).resolve()
        if root not in path.parents:  # never touch anything outside OUT_DIR
            continue
        path.unlink(missing_ok=True)
        folders.update(p for p in path.parents if root in p.parents)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    (out_dir / TEXTS).unlink(missing_ok=True)
    manifest.unlink()


def fingerprint(fixtures: Path = FIXTURES) -> str:
    """Digest of the generator's code and the fixture texts: a cached corpus is valid while it holds."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(fixtures.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def generate(n: int, out_dir: Path, seed: int = 0, fixtures: Path = FIXTURES) -> list[Path]:
    """Write a corpus of `n` articles to `out_dir` (created; a previous corpus there is replaced).

    Returns the files written, in order (hidden description files not included)."""
    if n < 1:
        raise CorpusError("N must be at least 1")
    out_dir = Path(out_dir)
    templates = load_templates(fixtures)
    _clear(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = _Writer(out_dir)
    remaining, event_index = n, 0
    while remaining > 0:
        size = min(_rng(seed, event_index, "size").randint(3, 8), remaining)
        rendered: dict[int, Article] = {}
        for plan in _plan_event(seed, event_index, size, templates):
            article = _render(plan, rendered)
            rendered[plan.index] = article
            writer.add(article)
        remaining -= size
        event_index += 1
    writer.flush()
    (out_dir / TEXTS).write_bytes("".join(t + "\n" for t in writer.texts).encode("utf-8"))
    manifest = {
        "generator": GENERATOR_VERSION,
        "fingerprint": fingerprint(fixtures),
        "n": n,
        "seed": seed,
        "events": event_index,
        "files": [p.relative_to(out_dir).as_posix() for p in writer.files],
    }
    (out_dir / MANIFEST).write_bytes((json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
    return writer.files


def read_texts(out_dir: Path) -> list[dict[str, Any]]:
    """The per-article description written by `generate` (path, line, event, text, ...)."""
    lines = (Path(out_dir) / TEXTS).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles (JSONL records count one each)")
    parser.add_argument("out_dir", type=Path, help="folder to write (created; must be empty or hold a corpus)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        files = generate(args.n, args.out_dir, args.seed)
    except CorpusError as exc:
        print(f"corpus: error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    texts = read_texts(args.out_dir)
    formats: dict[str, int] = {}
    for record in texts:
        formats[str(record["format"])] = formats.get(str(record["format"]), 0) + 1
    events = len({record["event"] for record in texts})
    size = sum(p.stat().st_size for p in files)
    shown = ", ".join(f"{k} {v}" for k, v in sorted(formats.items()))
    print(
        f"{len(texts)} articles ({shown}) in {len(files)} files, {events} events, "
        f"{size / 1e6:.1f} MB, {seconds:.2f} s -> {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
