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
- **text**: so that reports of different events share as little wording as real news does (word
  5-gram containment between events mostly below 0.3), words and phrases are reworded from a table of
  paraphrases (each source picks its own wording; inside quotes the event picks one, so all its
  sources quote alike), each event leaves out some sentences of each template, body paragraphs are
  partly shuffled, some are dropped and invented paragraphs with more facts are added (the event
  picks which facts, each source words them its own way); about one source in eight is a credited
  reprint of another source of its event (what near-duplicate detection should find);
- **outlets**: each source's outlet is an invented name from a large pool, all different until the
  corpus is very large, so that outlets do not tie unrelated events together.

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
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["GENERATOR_VERSION", "MANIFEST", "TEXTS", "CorpusError", "generate", "read_texts"]

GENERATOR_VERSION = "2"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
MANIFEST = ".corpus.json"
TEXTS = ".corpus-texts.jsonl"
ANCHOR = date(2024, 5, 3)  # when the fixture event happened
FEED_RECORDS = 25  # records per .jsonl feed file
EVENTS_PER_FOLDER = 1000
MAX_SOURCES = 8  # sources per event: 3 to MAX_SOURCES
EXTRAS_PER_EVENT = 12  # added paragraphs an event's sources draw on
EXTRAS_PER_SOURCE = (2, 4)
CUT_SHARE = (0.1, 0.3)  # share of a template's body sentences an event leaves out
CUT_SLOTS = 1024
PARAPHRASE_SHARE = (0.8, 1.0)  # share of the phrases a source rewords (outside quotes)

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
OUTLETS = (  # named in the text ("as reported by CNN"), not publishers of the corpus
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
TOWNS = (  # places of the added paragraphs ("an army post near Dalanga")
    "Dalanga", "Sokoria", "Tamberi", "Kelouma", "Birnaba", "Maradou", "Tillaka", "Gourmani", "Bankilo", "Dosseni",
    "Karouma", "Ngassa", "Wadibe", "Torodi", "Falmey", "Konnia", "Sabongo", "Teriba", "Yelwaro", "Mayahi",
)
# Publishing outlets: "{town}{tail} {qualifier} {masthead}" ("Ashbridge Evening Ledger"), a different one for
# every source (see `_outlet_name`).
TOWN_HEADS = (
    "Ash", "Bay", "Birch", "Black", "Bright", "Brook", "Cedar", "Clear", "Cold", "Deer", "East", "Elm", "Fair",
    "Fox", "Glen", "Gold", "Green", "Hart", "Hazel", "High", "Iron", "Kings", "Lake", "Long", "Maple", "Marsh",
    "Mill", "New", "North", "Oak", "Old", "Pine", "Red", "River", "Rock", "Silver", "South", "Spring", "Stone",
    "West", "White", "Willow", "Winter", "Wood",
)
TOWN_TAILS = (
    "field", "ford", "brook", "ton", "wood", "dale", "ville", "port", "bridge", "view", "mont", "haven", "wick",
    "ham", "bury", "stead", "water", "gate", "ridge", "side", "crest", "moor",
)
MASTHEAD_QUALIFIERS = ("", "Daily", "Evening", "Morning", "Weekly", "Sunday", "County", "Valley", "City")
MASTHEADS = (
    "Times", "Herald", "Post", "Chronicle", "Gazette", "Observer", "Courier", "Journal", "Tribune", "Star",
    "Sentinel", "Examiner", "Mail", "Echo", "Record", "Register", "Standard", "Telegraph", "Monitor", "News",
    "Press", "Express", "Dispatch", "Bulletin", "Leader", "Advertiser", "Mirror", "Review", "Globe", "Voice",
    "Argus", "Enquirer", "Clarion", "Ledger", "Beacon", "Mercury", "Guardian", "Pioneer", "Reporter", "Messenger",
)
# fmt: on
# Titles of the sources: "[a|b]" is a choice of words made per source.
HEADLINES = (
    "{rival_dem} [troops|forces|soldiers] [enter|move into] base housing {us} forces in {host} after American "
    "personnel [asked|told|ordered] to leave",
    "{rival_dem} [military personnel|troops|forces] [enter|arrive at] {host} [airbase|air base] where some {us} "
    "troops remain",
    "{rival_dem} and {us} troops are [operating at|sharing] the same base in {host}",
    "{us} [confirms|acknowledges] {rival_dem} [deployment|troop presence] [at|in] {host} [air base|airbase]",
    "[Pentagon|Washington] [plays down|downplays] [risk|danger|concerns] as {rival_dem} forces arrive in {capital}",
    "{host} [junta|military government|regime] turns to {rival} as {us} [prepares|moves|gets ready] to withdraw",
    "{rival_dem} [trainers|instructors] move into {host} base used by {us} troops",
    "What {rival_dem} troops at [a|an American|a {us}] base in {host} [mean|could mean] for the [region|Sahel]",
    "[Standoff|Uneasy coexistence|Tensions] at {host} base as {rival_dem} [troops|forces] arrive",
    "{host}: {rival_dem} [soldiers|personnel] [settle in|move in] next to departing {us} troops",
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

# Words and phrases swapped for another way of saying the same thing: "phrase | other | other".
# A line starting with "|" continues the line above. Matched case-sensitively on word boundaries (a
# lower-case phrase also matches with a capital first letter), longest first; a phrase never spans a name,
# number or date. Outside quotes each source picks its own wording; inside quotes the event does.
_PARAPHRASE_TABLE = """
# --- connectives and openers
however | though | nevertheless
However | Nevertheless | Still | Even so
Meanwhile | At the same time | Separately | In the meantime
At the same time | Meanwhile | In parallel | Separately
Nevertheless | Still | Even so | All the same
Although | While | Though
Despite | In spite of
Consequently | As a result | Therefore | Accordingly
for example | for instance | notably
due to | because of | owing to | as a result of
given the | in view of the | considering the
Since then | Since that time | Ever since
Until recently | Up until recently | Until very recently
for now | for the time being | for the moment | at least for now
especially given the | particularly given the | not least given the | especially in light of the
In a separate | In a related | In another
# --- single words
concerns | worries | fears
concern | worry | unease
withdrawal | pullout | departure
withdraw | pull out
withdrawing | pulling out | removing
remain | stay
remains | stays | is still
key | vital | crucial | important
crucial | key | vital
vital | key | crucial
tensions | frictions | strains
tension | friction | strain
rivalry | competition | contest
stationed | based | deployed
confirmed | verified | acknowledged
relations | ties | links
ties | relations | links
strengthen | deepen | bolster
region | area
insurgents | militants | rebels
militants | insurgents | fighters
terrorism | extremism | militancy
groups | organisations | factions
move | step | decision
recent | past
troops | soldiers | service members
forces | troops
said | stated | noted | added
country | nation
airbase | air base
air base | airbase
reports | accounts
military rulers | military leaders | generals | army rulers
amid | in the midst of | against a backdrop of
operations | missions
statements | declarations
American | US
following | after
junta | regime
regime | junta | government
leave | depart | exit
moved | shifted | relocated
located | based | positioned
senior | high-ranking | top
entered | moved into | arrived at
conflict | war
risk | danger | threat
towards | toward
immediate | first | main
authorities | officials
trainers | instructors
Islamist | jihadist
Defense | Defence
Defence | Defense
including | such as
announced | declared | unveiled
expressed | voiced | raised
agreement | accord | deal
presence | deployment
support | backing | help
efforts | attempts | moves
development | move | step
immediately | quickly | swiftly
ruling | governing
downplayed | played down | minimised
currently | now | at present
analysts | observers | experts
insisted | maintained | stressed
claimed | said | asserted
sparked | triggered | prompted
alarm | concern | unease
eager | keen | anxious
hostile | unfriendly | antagonistic
proximity | closeness
previously | earlier
officials | authorities
leaders | rulers
rulers | leaders
countries | nations | states
nations | countries | states
escalated | intensified | grown
forced | pushed | compelled
reportedly | said to be | believed to be
several | a number of | various
growing | rising | increasing
sought | tried | attempted
seized | took | grabbed
ousted | removed | toppled
ensuring | guaranteeing | securing
assistance | help | aid
priority | focus | goal
significant | major | serious
demand | call for | press for
demanded | called for | requested
raised | voiced | flagged
issues | matters | questions
directive | order | decree
instructing | telling | ordering
prompting | leading | pushing
deepening | growing | expanding
heightened | increased | rising
possibility | prospect | chance
unclear | not clear | uncertain
estimates | figures | reports
shifted | moved | turned
fostering | building | forging
driven | fuelled | raised
fate | future
installations | facilities | sites
intense | fierce | sharp
allies | partners
partner | ally
kicked | pushed | thrown
remarkable | striking | notable
facilitate | arrange | organise
restore | repair | rebuild
unsuccessful | fruitless | in vain
redeploy | move | relocate
severed | cut | broken off
added | said | stated
considered | deemed | counted
tense | difficult | strained | fraught
orderly | smooth | managed
# --- phrases of the fixture articles
enter base housing | move into base hosting | arrive at base that houses | enter base shared with
personnel asked to | personnel told to | personnel ordered to
military personnel | service members | soldiers
military personnel enter | troops move into | military personnel arrive at | soldiers enter
military personnel have entered | troops have moved into | service members have entered | soldiers have arrived at
has asked | has told | has instructed
amid differences with Washington over some issues | amid a dispute with Washington over several issues
  | after a falling-out with Washington over a range of issues
  | amid disagreements with Washington on a number of matters
was a crucial partner of the | had been a key ally of the | was an important partner for the
  | was a close partner of the
in the fight against Islamic terrorism in West Africa till the coup
  | in the fight against jihadist groups in West Africa until the coup
  | in efforts against Islamist militancy in West Africa until the coup
  | in the campaign against Islamic extremism across West Africa until the coup
You Are At | You are here | Home
Image Source | Photo | Picture
citizens protest against | residents demonstrate against | protesters rally against | people protest against
defence official | defense official | military official | defense department official
that is hosting | that also hosts | which houses | that is home to
over a week | more than a week | a little over a week
it was reported that | reports said that | it emerged that | news broke that
disagreements with Washington over | a dispute with Washington over | disputes with Washington over
  | a row with Washington over
progress on the | the pace of the | progress towards the
transition to democratic rule | return to civilian rule | return to democracy | transition back to democracy
till a coup last year | until a coup last year | until last year’s coup | before a coup last year
speaking on condition of anonymity | who spoke on condition of anonymity | who asked not to be named
  | speaking anonymously
were not mingling with | were not mixing with | had no contact with | were kept apart from
but were using a separate hangar at | but were occupying a separate hangar at | and were using their own hangar at
  | but were housed in a separate hangar at
which is next to | which adjoins | which sits beside | which lies next to
in close proximity | close together | side by side | within close range of each other
over the conflict in Ukraine | over the war in Ukraine | over Ukraine | linked to the war in Ukraine
It also raises questions about the | It also casts doubt on the | The move also raises questions about the
  | It further clouds the
played down any | dismissed any | downplayed any | brushed aside any
or the chance that | or the possibility that | or the prospect that
might get close to | could get near | might gain access to | could approach
military hardware | military equipment | weapons and equipment | hardware
told a press conference in | told reporters in | told a news conference in
expelled from | forced out of | pushed out of | ordered out of
to move | to pull | to take
out of a number of | out of several | out of a string of | from a number of
coups that brought to power | coups that installed | coups which brought to power | takeovers that put in power
to distance themselves from Western governments | to break with Western governments
  | to move away from Western governments | to keep their distance from the West
In addition to the impending departure from | Besides the coming departure from | On top of the planned exit from
  | As well as the looming pullout from
have also left | have also pulled out of | have also departed
in recent days | in the past few days | over the last few days
forced out of | pushed out of | driven out of
democratically-elected | elected | democratically elected
the immediate priority was | the first order of business was | the most pressing goal was | the top priority was
which was eventually completed in | which was finally completed in | a process that ended in
  | which was completed in
putting up a defiant face to | defying | standing firm against | resisting
finally relented and | eventually gave in and | at last backed down and | finally conceded and
for several reasons | for a number of reasons | for many reasons | for various reasons
their failure to combat | their inability to defeat | their failure to stop | their failure to curb
Islamic terrorism | Islamist violence | jihadist violence | Islamist militancy
is seeking to | is trying to | is working to | has been looking to
pitching | presenting | promoting | portraying
with no colonial baggage in the continent | without a colonial past in Africa
  | free of colonial history on the continent | with no colonial legacy in Africa
with no colonial baggage | without a colonial past | with no colonial history | free of colonial baggage
has in recent years become one of | has in recent years turned into one of | has lately become one of
  | has become in recent years one of
mercenary force deploying there to | mercenary force sending fighters there to
  | mercenary outfit deploying there to | mercenaries deploying there to
fight against | battle against | campaign against | struggle against
to fight | to battle | to combat | to take on
After the coup | Following the coup | In the wake of the coup
some of its | part of its | a portion of its
in the city of | in the town of | in
was built in central | was constructed in central | was built in the centre of
at a cost of | for | at a price of
and has been used to target | and has been used to strike | and has served as a hub for strikes on
  | and has been used for operations against
terror groups like | militant groups such as | armed groups like | jihadist groups such as
Washington is concerned about | Washington is worried about | Washington fears | Washington is wary of
who may be able to expand without | who could expand their reach without | who might gain ground without
  | who may be able to spread without
and intelligence capabilities | and their intelligence assets | and surveillance capabilities
  | and intelligence-gathering
to ask for the removal of | to demand the removal of | to seek the withdrawal of | to call for the exit of
a meeting | talks | a conference
tense meeting | tense talks | difficult meeting | fraught talks
the expected arrival of | the anticipated arrival of | the planned arrival of | the likely arrival of
seeking raw materials in the | looking for raw materials in the | hunting for raw materials in the
  | seeking access to minerals in the
was not an ultimatum | stopped short of an ultimatum | was not framed as an ultimatum | was no ultimatum
it was made clear | it was clear that | officials made clear that | it was spelled out that
could not be on a base with | could not share a base with | would not stay on a base with
  | could not operate from a base with
has been sent to | has been dispatched to | has travelled to | has been flown to
to try and arrange | to try to arrange | to work out | to help arrange
a professional and responsible | an orderly and responsible | a safe and orderly | a professional and orderly
may be | could be | might be
There were a little over | There were slightly more than | There were just over | There were a little more than
as of last year | as recently as last year | last year
had been training local | had been training | had been instructing local | had trained local
proposed a | put forward a | floated a | suggested a
timeline for a transition back to civilian rule | timetable for a return to civilian rule
  | transition period before a return to civilian government | timeline for handing power back to civilians
Hundreds took to the streets of | Hundreds of people marched in the streets of | Hundreds rallied in the streets of
  | Hundreds demonstrated in
to demand the departure of | to call for the departure of | to demand the exit of | calling for the withdrawal of
in West and Central Africa over | across West and Central Africa in | in West and Central Africa within
over democratic backsliding in the | about democratic backsliding in the | about the erosion of democracy in the
  | about a democratic retreat in the
The new authorities in | The new rulers in | The military governments in | The juntas in
have ended military deals with | have scrapped military agreements with | have torn up defence pacts with
  | have cancelled military accords with
one-time Western allies like | former Western allies such as | their old Western partners like
  | former Western partners including
quitting the regional political and economic bloc | leaving the regional political and economic bloc
  | pulling out of the regional political and economic bloc | withdrawing from the regional bloc
school children released | schoolchildren freed | pupils released | school children freed
of mass abduction from | of captivity following a kidnapping at | held after a mass kidnapping at
Read all the Breaking News Live on and Get Latest English News & Updates from World
  | Get the latest world news and live updates | Follow the latest world news and breaking updates
  | Read more world news and live updates
Supporters of the coup have taken to the streets with | Backers of the coup have marched with
  | Coup supporters have rallied carrying | Supporters of the junta have protested with
the deployment of | the arrival of | the dispatch of
soldiers are also | troops are also | service members are also | personnel are also
This development follows a | The deployment comes after a | This follows a | The move follows a
engaged in countering | involved in fighting | deployed to counter | tasked with countering
Islamic insurgents | Islamist insurgents | jihadist insurgents | Islamist militants
are present at | are based at | are stationed at | have set up at
but are not interacting with | but are not mixing with | but have no contact with | but are kept apart from
assured that the | gave assurances that the | said that the | insisted that the
does not pose a | does not present a | is not a
as they are situated in a separate compound without access to
  | since they are housed in a separate compound with no access to
  | because they occupy a separate compound without access to
  | as they are kept in a separate compound without access to
has been a key base for | has served as an important base for | has been a vital hub for
  | has long been a major base for
in monitoring regional jihadist activity | to monitor jihadist activity in the area
  | for tracking jihadist groups across the region | in keeping watch on regional jihadist activity
have soured since the condemnation of | have deteriorated since Washington condemned
  | have worsened since the condemnation of | have cooled since the criticism of
in combating | in fighting | to combat
and occupy a wing close to the contingent of | and are housed in a wing near the contingent of
  | and occupy a section next to the contingent of | and use a wing close to the group of
While it is | Although it is | Though it is
earlier estimates suggested | previous estimates put the figure at | earlier reports suggested
  | earlier estimates pointed to
The exact number of remaining | The precise number of remaining | The exact count of remaining
is also unspecified | has also not been disclosed | is also unclear | is not known either
although most | though most | but most
at a drone base in | at a drone facility in | at a drone hub in
exacerbating the strain | adding to the strain | deepening the rift | worsening the strain
see no immediate confrontation between | see no immediate risk of a clash between
  | do not expect an immediate confrontation between | see little chance of a direct clash between
to maintain a | to keep a | to preserve a
military leadership has favored | military leaders have preferred | military government has favored
  | military leadership has leaned towards
due to its non-involvement in governance matters | because it stays out of governance matters
  | as it does not interfere in domestic politics | given its refusal to meddle in governance
follows similar actions in | follows a similar move in | mirrors similar steps in | comes after similar action in
ahead of upcoming elections | ahead of coming elections | before upcoming elections | in the run-up to elections
while distancing themselves from former colonial power France
  | while moving away from former colonial power France
  | and distanced themselves from France, the former colonial power
  | while cutting ties with former colonial ruler France
aiming to address the | hoping to tackle the | seeking to deal with the | aiming to confront the
insurgency independently | insurgency on their own | insurgency by themselves
expresses a desire to engage with | says it wants to engage with | has signalled a wish to work with
  | wants to stay engaged with
emphasizing the threat posed by | stressing the danger posed by | highlighting the threat from
  | pointing to the threat posed by
violent extremist organizations | violent extremist groups | armed extremist organisations | violent jihadist groups
to Africa’s stability | to stability in Africa | to the continent’s stability
dialogue with military-run | talks with military-run | dialogue with junta-led | engagement with military-led
and transition them | and move them | and steer them | and guide them
amid regional challenges and geopolitical shifts in the | amid regional challenges and shifting geopolitics in the
  | as the region faces challenges and geopolitical change in the
  | against a backdrop of regional turmoil and geopolitical change in the
are operating at the same base in | share a base in | are working from the same base in
  | operate side by side at a base in
war tensions in Ukraine | tensions over the war in Ukraine | the war in Ukraine | Ukraine war tensions
have been operating from the same military base in | have been sharing a military base in
  | have been working out of the same military base in | have been based at the same military installation in
defense official and another source familiar with the situation
  | defense official and a second person briefed on the matter
  | defense official and another person with knowledge of the situation
  | military official and another source familiar with the matter
puts the two forces | places the two forces | brings the two contingents | puts the two militaries
of the two forces | of the two contingents | of the two militaries
armed forces | military | army
for several weeks | for a number of weeks | for some weeks | for weeks
opposition to the | resistance to the | objections to the
operate from | work out of | are based at
they use separate facilities | they use different facilities | they occupy separate facilities
  | their facilities are separate
occupy a separate hangar on the base | use their own hangar on the base
  | are housed in a separate hangar at the base | occupy a different hangar on the base
ensuring physical separation from | keeping them physically apart from | which keeps them apart from
  | guaranteeing physical separation from
given the limited space | because space is limited | given the cramped conditions | with space at a premium
the closeness between the two forces | the proximity of the two forces | the nearness of the two contingents
has fueled | has stoked | has inflamed | has added to
It raises | It has raised | It stirs | It fuels
possible pivot toward | possible tilt toward | potential shift toward | possible turn toward
historic role as a | long-standing role as a | past role as a | traditional role as a
hub for | centre for | platform for | base for
counterterrorism efforts | counterterrorism operations | counter-terrorism work | anti-terror efforts
diplomatic and military representatives | diplomats and military officials | diplomatic and defence officials
  | civilian and military envoys
about the escalating | over the growing | about the expanding | about the increasing
during their visit to | on their visit to | during a visit to | on a visit to
Questions were | Doubts were | Concerns were
that it would be transferred to | that it could be handed over to | that it might pass to
  | of it being transferred to
its decision to terminate the | it would end the | that it was scrapping the | its decision to cancel the
that has allowed | that had allowed | which allowed | that permitted
military and civilian personnel to operate in the | troops and civilian personnel to operate in the
  | military and civilian personnel to work in the
is working with | is cooperating with | is working alongside | is coordinating with
confirmed by the Pentagon | the Pentagon confirmed | as the Pentagon has confirmed | the Pentagon said
delegation will visit | delegation is due to visit | team will travel to | delegation will travel to
to further discuss the | for more talks on the | to continue discussions on the | to discuss the
military flights in and out of the | military flights into and out of the
  | military air traffic in and out of the | flights by military aircraft in and out of the
are subject to approval by the | require approval from the | need the approval of the | must be approved by the
military cooperation between | defence cooperation between | military ties between | security cooperation between
has been a central point of contention between | has been a major sticking point between
  | has become a key source of friction between | has been at the heart of the dispute between
plans to send | plans to deploy | a plan to send | intentions to send
sources indicate that | sources say that | people familiar with the matter say | there are signs that
were present in | were already in | had arrived in | were deployed in
has begun | has started
from a French military base in | from a French base in | from a French-run military base in
demanded their departure | called for their exit | demanded that they leave | ordered them out
More than half of the | Over half of the | Most of the
where some | where a number of | where a few
mins read | min read | minute read
have been in | have been present in | have been deployed in | have been operating in
negotiate withdrawal of | negotiates the withdrawal of | works out the pullout of | arranges the removal of
from two air bases in the | from two bases in the | from a pair of air bases in the
  | from the two air bases it uses in the
A second official described the | Another official described the | A second official characterised the
  | Another official identified the
from where a small number of | from where a handful of | from a spot where a small number of
  | from the area where a few
are based at | are stationed at | are housed at
most of the | the bulk of the | the majority of the
still in | remaining in | left in
are at a second | are at another | are based at a second | are at a separate
Asked on | Questioned on | Pressed on
adding that these | and added that these | noting that these
led to demands that | prompted demands that | triggered demands that
used the two bases to fly drones on | flew drones from the two bases on
  | relied on the two bases to launch drones on | used both bases to fly drones on
counterterrorism missions in | counter-terrorism missions across | surveillance and strike missions in
  | counterterrorism flights over
North Africa’s vast | Africa’s vast | the vast | the sprawling
where political unrest and weak central governments have allowed
  | where instability and weak governments have let | where political turmoil and fragile states have allowed
  | where unrest and weak central authority have enabled
to gain footholds | to gain ground | to establish footholds | to expand
at the base | at the facility | at the site
The ongoing invasion of | The continuing invasion of | The invasion of
the risks of | the dangers of | concerns about
being relatively close to the sprawling base in | being relatively near each other at the sprawling base in
  | operating close together at the sprawling base in | sharing the sprawling base in
telling reporters that | telling journalists that | and told reporters that
officially designated the military takeover as | formally classified the military takeover as
  | officially labelled the military takeover as | formally designated the takeover as
triggering | which triggered | activating | setting off
laws restricting the provision of military | laws that limit the provision of military | laws restricting military
  | rules curbing the provision of military
has suffered | has seen | has experienced | has witnessed
in the last | in the past | over the last | within the last
The governing boards of | The ruling juntas of | The military governments of | The governing councils of
have issued | have put out | have released
were the first to turn to the | were the first to call on the | were first to turn to the
  | were the first to enlist the
mercenary company formerly known as | mercenary outfit formerly known as | mercenary group previously known as
  | private military company once known as
for military training and | for training and | for military instruction and
A few months | Several months | Some months
also asked | also told | also ordered
and turned to | and turned instead to | and looked to | and called on
now controlled by the | now run by the | now under the control of the | which is now controlled by the
Protesters hold a sign demanding that | Demonstrators carry a sign demanding that
  | Protesters hold up a banner demanding that
during a demonstration in | at a protest in | during a rally in | at a demonstration in
and ally | and friend | and close ally
swept by coups d’état in | hit by a wave of coups in | rocked by coups in | shaken by coups d’état in
investing millions of dollars in | spending millions of dollars on | pouring millions of dollars into
  | investing millions in
has also invested hundreds of millions of dollars in training
  | has also spent hundreds of millions of dollars training
  | has also put hundreds of millions of dollars into training
  | has also poured hundreds of millions of dollars into training
since it began | since it started | since it launched
it has deployed to neighboring | it has in neighboring | it has sent to neighboring | it keeps in neighboring
is also considering whether to continue | is also weighing whether to keep | is also deciding whether to extend
  | is also reviewing whether to maintain
Report contributed by | Reporting by | Additional reporting by | Contributed by
Source link | Source | Original article
have taken over parts of an | have moved into part of an | have occupied sections of an | have taken over part of an
confirmed the news but | confirmed the reports but | acknowledged the news but | confirmed the move but
moved to downplay the situation | sought to play down the situation | tried to calm concerns about the situation
posed no | presented no | were no
and claimed the Americans were safe | and said the Americans were safe | and stated the Americans were safe
  | and maintained that the Americans were safe
comes after | came after
ordered the | told the | instructed the
has repeatedly told the | has repeatedly asked the | has several times told the | has more than once told the
to remove its | to pull out its | to withdraw its | to bring home its
to help counter | to help fight | to assist in countering | to support the fight against
were inside the | were within the | were present inside the | had entered the
but that the two sides were | but that the two groups were | but stressed the two sides were
  | but that the two contingents were
how long they have been | for how long they have been | since when they have been
served as a | acted as a | been a
until a military coup last year | until the military coup last year | until a military takeover last year
  | until the army seized power last year
which is considered the new global epicentre of | now seen as the new global epicentre of
  | widely regarded as the new global centre of | which experts call the new global hotbed of
is in Africa’s | lies in Africa’s | is located in Africa’s | sits in Africa’s
Since the coup | Since the takeover | In the wake of the coup
has instead turned to | has turned instead to | has looked instead to | has instead relied on
for help fighting terror | for help in fighting | for assistance against | for support in battling
in the south of the | in the southern part of the | across the south of the
which are all run by | all of which are run by | all governed by | which are all ruled by
are among a growing number of African states who have | are part of a growing group of African states that have
  | are among a rising number of African countries that have | belong to a growing list of African states that have
over the past year | in the past year | over the last year | during the past year
were recently | were | were also
The head of the | The commander of the
has told the | told the
is keen to remain engaged with | wants to stay engaged with | is eager to remain engaged with
  | hopes to keep working with
# --- inside quotes (the event picks one wording for all its sources)
separate compound | separate area | separate part of the base | separate section
separate complex | separate area | separate facility | separate section
don't have access to | do not have access to | have no access to | cannot get at
don’t have access to | do not have access to | have no access to | cannot get at
do not have access to | have no access to | cannot get at | are kept away from
or access to our equipment | or to our equipment | or our equipment
I'm always focused on | I am always focused on | My focus is always on | I'm always concerned with
I’m always focused on | I am always focused on | My focus is always on | I’m always concerned with
the safety and protection of our troops | the safety and security of our troops | the protection of our people
  | the well-being of our forces
the safety and security of our troops | the safety and protection of our troops | the protection of our people
  | the well-being of our forces
But right now | But at this point | But for now | But at the moment
but at this point | but right now | but for now | but at the moment
I don't see a significant issue here | I do not see a major problem here | I don't see a big issue here
  | I don't see a serious problem here
I don’t see a significant issue here | I do not see a major problem here | I don’t see a big issue here
  | I don’t see a serious problem here
in terms of our force protection | when it comes to protecting our force | as far as force protection goes
  | in terms of force protection
in terms of protecting our force | when it comes to protecting our troops | as far as force protection goes
  | in terms of force protection
They did not take that well | They did not like that | That did not go down well | They were not happy with that
below zero | at rock bottom | at an all-time low | in the freezer
developing ties with a number of | building relations with a number of | expanding cooperation with several
  | developing contacts with many
in all areas | in every sphere | across all fields | in all spheres
including the military | the military among them | including defence | military cooperation included
are interested in this, we are also interested in this and | want this, and so do we, and
  | are interested in this, as are we, and | have an interest in this, as we do, and
we will continue to develop our relations with | we will keep building our relations with
  | we intend to further develop our ties with | we will go on developing our relations with
"""


def _parse_paraphrases(table: str) -> dict[str, tuple[str, ...]]:
    """'phrase | other | other' lines (a line starting with '|' continues the one above) -> phrase: ways."""
    entries: list[list[str]] = []
    for line in table.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        ways = [w.strip() for w in line.split("|")]
        if line.startswith("|") and entries:
            entries[-1].extend(ways[1:])
        else:
            entries.append(ways)
    return {ways[0]: tuple(ways) for ways in entries}


# Phrase -> its ways of saying it (the phrase itself first).
PARAPHRASES = _parse_paraphrases(_PARAPHRASE_TABLE)
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


# Surface form -> phrase: a lower-case phrase also matches with a capital first letter (unless that form has
# its own entry).
_SYN_FORMS = {key[:1].upper() + key[1:]: key for key in PARAPHRASES} | {key: key for key in PARAPHRASES}
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
            kind = "qsyn"  # worded by the event, so that its sources quote alike
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
        elif kind in ("syn", "qsyn"):
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
    extras: list[int]  # the added paragraphs (indices into EXTRA_PARAGRAPHS) its sources draw on
    factors: dict[str, float] = field(default_factory=dict)
    spelled: dict[str, int] = field(default_factory=dict)
    worded: dict[str, int] = field(default_factory=dict)
    cuts: dict[str, list[float]] = field(default_factory=dict)

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

    def wording(self, key: str, ways: int) -> int:
        """Which of its `ways` the event says a quoted phrase in (the same in every source)."""
        key = key.replace("’", "'")  # the same words with either apostrophe are worded alike
        if key not in self.worded:
            self.worded[key] = _rng(self.seed, self.index, "wording", key).randrange(ways)
        return self.worded[key]

    def cut(self, template: str, unit: int, sentence: int) -> bool:
        """Whether the event leaves a sentence of a template's body paragraph out (in all its sources)."""
        if template not in self.cuts:
            rng = _rng(self.seed, self.index, "cuts", template)
            share = rng.uniform(*CUT_SHARE)
            self.cuts[template] = [share, *(rng.random() for _ in range(CUT_SLOTS))]
        share, *draws = self.cuts[template]
        return draws[(unit * 17 + sentence) % CUT_SLOTS] < share


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
    roles["outlet2"], roles["outlet3"] = rng.sample([o for o in OUTLETS if not o.startswith("The ")], 2)
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
    facts["n_other"] = n4.name
    facts["rival_capital"] = rival.capital
    _more_facts(rng, base, facts, used)
    extras = sorted(rng.sample(range(len(EXTRA_PARAGRAPHS)), EXTRAS_PER_EVENT))
    return Event(index, seed, shift, months, base.year - ANCHOR.year, roles, facts, persons, extras)


def _more_facts(rng: random.Random, base: date, facts: dict[str, str], used: set[str]) -> None:
    """Facts of the added paragraphs beyond the first ones: people, numbers, dates and quotes."""
    for role in ("ambassador", "defmin", "colonel", "governor", "resident"):
        first, last, _ = _person(rng, used)
        facts[role] = f"{first} {last}"
    facts.update(
        {
            "town": rng.choice(TOWNS),
            "attack_killed": str(rng.randint(3, 60)),
            "attack_wounded": str(rng.randint(5, 140)),
            "arrested": str(rng.randint(6, 180)),
            "operation_days": str(rng.choice((3, 4, 5, 6, 7, 9, 10, 12, 14))),
            "loan": str(_round2(rng.uniform(20, 700))),
            "food_aid": str(_round2(rng.uniform(15, 300))),
            "runway_m": f"{_round2(rng.uniform(1_800, 3_600)):,}",
            "pct_inflation": str(rng.randint(3, 29)),
            "curfew_hours": str(rng.choice((6, 10, 12, 24, 48, 72))),
            "drones": str(rng.randint(12, 40)),
            "refugees": f"{_round2(rng.uniform(2_000, 250_000)):,}",
            "mission_years": str(rng.randint(6, 20)),
            "local_staff": str(rng.randint(40, 900)),
            "us_civilians": f"{_round2(rng.uniform(60, 2_000)):,}",
            "talk_weekday": rng.choice(_WEEKDAYS),
            "resident_job": rng.choice(("a trader", "a shopkeeper", "a teacher", "a taxi driver", "a nurse")),
        }
    )
    _year, attack_month = _add_months(base.year, base.month, -rng.randint(1, 4))
    facts["attack_month"] = _MONTHS[attack_month - 1]
    election_year, election_month = _add_months(base.year, base.month, rng.randint(4, 18))
    facts["election_month_year"] = f"{_MONTHS[election_month - 1]} {election_year}"
    talks = base + timedelta(days=rng.randint(6, 40))
    facts["talks_date"] = f"{_MONTHS[talks.month - 1]} {talks.day}"
    for key, ways in QUOTES.items():
        quote = _choose(rng.choice(ways), rng).format(**facts)
        facts[key] = quote
        facts[f"{key}_lead"] = quote[:-1] + "," if quote.endswith(".") else quote


# Invented paragraphs added to sources: more facts of the event (percentages, money, counts, distances,
# durations, dates, officials with titles, places, quotes). Each is a few ways to write one fact;
# "[a|b]" is a choice of words made per source, "{fact}" a fact of the event (`_make_event`).
EXTRA_PARAGRAPHS: tuple[tuple[str, ...], ...] = (
    (
        "[Aid agencies|Humanitarian groups|Relief organisations|United Nations agencies] [estimate|say|believe] "
        "that {displaced} people have [fled their homes|been displaced|been uprooted] in {host}'s "
        "[border regions|northern provinces|frontier districts|rural north], and that {pct_children}% of them "
        "are children.",
        "[Some|Roughly|About] {displaced} people have been displaced by the [violence|fighting|insecurity] "
        "in {host}, [according to|based on] [figures|estimates|data] from [aid groups|relief agencies|the United "
        "Nations]. Children make up {pct_children}% of [them|that number|the total].",
    ),
    (
        "{host}'s [military|army] [numbers|has|counts] [about|around|roughly|some] {army} soldiers, "
        "[according to|based on] a {est_year} [estimate|assessment|survey] by the {think_tank}.",
        "A {est_year} [estimate|assessment|study] by the {think_tank} [puts|put|placed] the strength of "
        "{host}'s [army|armed forces|military] at [about|around|roughly] {army} soldiers.",
    ),
    (
        "The {rival_dem} [contingent|deployment|mission] is expected to [stay|remain|last] for {stay_months} "
        "months, {expert}, a [security analyst|researcher|senior fellow] at the {think_tank}, told {outlet}.",
        "{expert}, [who studies|who researches|a specialist in] [Sahel|regional] security at the {think_tank}, "
        "[said|told {outlet}] the {rival_dem} [force|contingent|mission] [was likely|was expected|could be "
        "expected] to [stay|remain] for [about|around|some] {stay_months} months.",
    ),
    (
        "The [airbase|base|air base] [lies|sits|is located] [some|about|roughly] {dist_km} kilometers from the "
        "[centre|center] of {capital}, [near|close to|along] the [main road|highway|route] to {city}.",
        "[Satellite images show|Maps show|Residents say] the [facility|base|compound] is [about|around|some] "
        "{dist_km} kilometers [outside|from] {capital}, on the [road|highway] [towards|leading to] {city}.",
    ),
    (
        "In {deal_month_year}, {rival} and {host} signed a ${deal_money} million [agreement|deal|accord] "
        "[covering|that covers|for] [training, drones and radar equipment|training and equipment|drones, radar "
        "systems and training].",
        "[Under|As part of] a ${deal_money} million [agreement|deal|accord] signed in {deal_month_year}, "
        "{rival} [agreed|promised|pledged] to [supply|provide] {host} with [drones, radar and "
        "training|training and surveillance equipment|radar systems and drones].",
    ),
    (
        "[Organisers|Organizers|Rally organisers] said [around|about|roughly] {crowd} people [joined|attended|took "
        "part in] a rally in {capital} on {rally_weekday}; police put the [figure|number|turnout] at {crowd_police}.",
        "[Police|The police|Security officials] [said|estimated] {crowd_police} people [gathered|rallied|marched] in "
        "{capital} on {rally_weekday}, while [organisers|organizers] [claimed|put the turnout at|spoke of] "
        "{crowd}.",
    ),
    (
        "[Roughly|About|Some] {pct_budget}% of {host}'s [national budget|state budget|budget] "
        "[now goes to|is now spent on|is now devoted to] [defence|defense|the military], up from "
        "{pct_budget_prev}% five years ago, finance minister {minister} said.",
        "Finance minister {minister} [said|told lawmakers|told parliament] that [defence|defense|military] "
        "spending [now takes|accounts for|now absorbs] {pct_budget}% of the [budget|national budget], [compared "
        "with|against|up from] {pct_budget_prev}% five years [ago|earlier].",
    ),
    (
        "A convoy of {trucks} trucks [carrying|loaded with|hauling] [equipment|supplies|crates] "
        "[arrived at|reached|pulled into] the base over {convoy_days} days, [residents|witnesses|local "
        "people] told {outlet}.",
        "[Witnesses|Residents|Local traders] [said|told {outlet}] they [counted|saw|watched] {trucks} trucks "
        "[enter|drive into|arrive at] the base over a period of {convoy_days} days.",
    ),
    (
        "The United States has spent more than ${us_spend} million on security assistance to {host} since "
        "{aid_year}, according to [congressional|government|official] [figures|data|records].",
        "[Congressional|Official|Government] [figures|records|data] show [Washington|the United States] "
        "[has spent|has provided|has committed] more than ${us_spend} million in security [aid|assistance] to "
        "{host} since {aid_year}.",
    ),
    (
        "{analyst} said the [standoff|stalemate|dispute] could [drag on|last|continue] for {standoff_weeks} weeks "
        "unless both [governments|sides|capitals] [agree on|settle on|accept] a [timetable|schedule|timeline] for "
        "the withdrawal.",
        "[Without|Absent] an [agreed|accepted|firm] [timetable|schedule|timeline] for the withdrawal, the "
        "[standoff|stalemate|dispute] [could|may|might] [last|drag on|continue] for {standoff_weeks} more weeks, "
        "{analyst} [said|warned|told {outlet}].",
    ),
    (
        "In a [poll|survey] of {poll_size} residents of {capital}, {pct_poll}% said they [favoured|favored|"
        "supported|wanted] closer ties with {rival}; the margin of error was {pct_margin} percentage points.",
        "[A recent|One recent|A new] [survey|poll|opinion poll] of {poll_size} people in {capital} [found|showed|"
        "suggested] that {pct_poll}% [back|favour|support] closer ties with {rival}, with a margin of error of "
        "{pct_margin} percentage points.",
    ),
    (
        "[About|Around|Roughly|Some] {troops_extra} {rival_dem} personnel are now [believed|thought|understood] "
        "to be in the wider region, {analyst} said.",
        "{analyst} [estimated|believes|said] that [about|around|roughly] {troops_extra} {rival_dem} personnel "
        "are [now|currently] [deployed|operating|present] across the wider region.",
    ),
    (
        "The {host_dem} foreign ministry did not [respond to|reply to|answer] a request for comment from {outlet}.",
        "[Officials in|The government in|Spokespeople in] {capital} did not [respond to|return|answer] "
        "[requests|calls|messages] [for comment|seeking comment] from {outlet}.",
    ),
    (
        "[At least|No fewer than] {attack_killed} soldiers were killed and {attack_wounded} wounded when "
        "[militants|insurgents|gunmen] attacked an army [post|outpost|camp] near {town} in {attack_month}, "
        "[the army said|officials said|according to the army].",
        "[An attack|A raid|An ambush] on an army [post|outpost|patrol] near {town} in {attack_month} "
        "[killed|claimed the lives of] at least {attack_killed} soldiers and [wounded|injured] {attack_wounded}, "
        "[the military said|army officials said|according to officials].",
    ),
    (
        "{rival_dem} Ambassador {ambassador} [said|told reporters|told {outlet}] in {capital}: “{quote_ambassador}”",
        "“{quote_ambassador_lead}” {rival_dem} Ambassador {ambassador} [said|told reporters|told {outlet}] in "
        "{capital}.",
    ),
    (
        "Defence Minister {defmin} [said|told state television|told parliament] on {talk_weekday}: “{quote_minister}”",
        "“{quote_minister_lead}” Defence Minister {defmin} [said|told state television|told lawmakers] on "
        "{talk_weekday}.",
    ),
    (
        "“{quote_analyst_lead}” said {analyst}, [who follows|who has studied|an expert on] the [region|Sahel] at the "
        "{think_tank}.",
        "{analyst} of the {think_tank} [said|told {outlet}|put it bluntly]: “{quote_analyst}”",
    ),
    (
        "In {capital}, {resident_job} named {resident} [said|told {outlet}]: “{quote_resident}”",
        "“{quote_resident_lead}” said {resident}, {resident_job} in {capital}.",
    ),
    (
        "Governor {governor} of the {city} region said [security|the situation] in the [north|region|province] "
        "[remained|was still|was] [fragile|tense|uncertain]. “{quote_governor}”",
        "“{quote_governor_lead}” Governor {governor} of the {city} region [said|told {outlet}|told reporters] in "
        "{city}.",
    ),
    (
        "Army spokesman Colonel {colonel} said [troops|soldiers] had [detained|arrested] {arrested} suspects "
        "[during|in the course of] a {operation_days}-day operation near {town}.",
        "[In a statement|In a televised statement|On state television], army spokesman Colonel {colonel} "
        "[said|announced] that {arrested} suspects had been [arrested|detained] near {town} over "
        "{operation_days} days.",
    ),
    (
        "Elections [are scheduled|are due|have been promised] for {election_month_year}, [but|though] "
        "[few|not many] [observers|analysts|diplomats] [expect|believe|think] the date will [hold|be kept|be met].",
        "The junta has [promised|pledged|announced] elections for {election_month_year}; [opposition "
        "parties|critics|civil society groups] [doubt|question] [whether|that] the [vote|ballot] will take place "
        "[on time|as planned].",
    ),
    (
        "[Talks|Negotiations] on the [withdrawal|pullout|departure] are [due|expected|scheduled] to [resume|"
        "continue|reopen] in {capital} on {talks_date}, [a diplomat said|two diplomats said|according to a "
        "diplomat].",
        "[A diplomat|Two diplomats|A Western diplomat] [said|told {outlet}] the next [round of talks|meeting] "
        "[on the withdrawal|between the two sides] [would take place|is set for|is planned for] {talks_date} "
        "in {capital}.",
    ),
    (
        "{rival} has also [offered|extended|promised] {host} a ${loan} million [loan|credit line|line of credit] "
        "[to buy|for|to pay for] [grain|fuel|food and fuel], [the finance ministry said|officials said|according to "
        "the finance ministry].",
        "[The finance ministry|Officials in {capital}|The government] said {rival} had [offered|approved|"
        "extended] a ${loan} million [loan|credit line] [for|to cover] [grain imports|fuel purchases|food and "
        "fuel].",
    ),
    (
        "[Washington|The United States] [still|also] [provides|gives|sends] [about|around|roughly] ${food_aid} "
        "million a year in [humanitarian|food] aid to {host}, [according to|based on] [USAID|aid] figures.",
        "[Humanitarian|Food] aid from the United States, [about|around|roughly] ${food_aid} million a year, "
        "[is expected to continue|will continue|is not affected], [a State Department official said|officials "
        "said|according to officials].",
    ),
    (
        "The base's [runway|airstrip], [about|around|roughly] {runway_m} metres long, can [handle|take|"
        "accommodate] large [transport|cargo] [planes|aircraft].",
        "[With|Thanks to] a [runway|landing strip] of [about|around|some] {runway_m} metres, the "
        "[base|airfield] can [receive|handle] [heavy|large] [transport|cargo] [aircraft|planes].",
    ),
    (
        "[Inflation|Consumer price inflation] in {host} [reached|hit|stood at] {pct_inflation}% last "
        "[month|quarter], [the central bank said|official data showed|according to the statistics office].",
        "[Official data|Figures from the statistics office|The central bank] [showed|said] [inflation|prices] "
        "[rose|climbed|was running at] {pct_inflation}% [last month|in the latest quarter|year on year].",
    ),
    (
        "[Authorities|The authorities|Officials] [imposed|declared|ordered] a {curfew_hours}-hour [curfew|"
        "night-time curfew] in {city} after [clashes|unrest|protests] [last week|earlier this month|"
        "on {rally_weekday}].",
        "A {curfew_hours}-hour curfew [remains|is still|has been] in [force|place|effect] in {city}, "
        "[where|after] [clashes|protests|unrest] [broke out|erupted|flared] [last week|earlier this month].",
    ),
    (
        "[The {us} military|{us} forces|American forces] [flew|operated|ran] {drones} drones from the base, [a "
        "former official said|according to a former official|former officials said].",
        "[A former official|Two former officials|Former defence officials] [said|told {outlet}] that {drones} "
        "[American|{us}] drones [had operated from|were flying from|were stationed at] the [airfield|facility].",
    ),
    (
        "[About|Around|Some] {refugees} refugees from [neighbouring|neighboring] {n_other} [live|are sheltering|"
        "have settled] in camps near {city}, [the UN refugee agency says|according to the UN refugee agency|"
        "United Nations figures show].",
        "[Camps|Settlements] near {city} [house|shelter|hold] [about|around|roughly] {refugees} refugees who "
        "[fled|escaped] [fighting|violence] in [neighbouring|neighboring] {n_other}, [according to|said] the "
        "UN refugee agency.",
    ),
    (
        "The [{us}|American] mission in {host}, which [began|started] {mission_years} years ago, [once|at its peak] "
        "[employed|counted|had] {local_staff} local [staff|workers|employees].",
        "[At its peak|At one point|Before the coup], the [{us}|American] mission [employed|had] {local_staff} local "
        "[employees|staff|workers]; it [began|was set up|opened] {mission_years} years ago.",
    ),
    (
        "[The embassy|The {us} embassy|The American embassy] in {capital} [said|estimated] [about|around|roughly] "
        "{us_civilians} American civilians [remain|are still|live] in {host}.",
        "[About|Around|Roughly] {us_civilians} American civilians [are still|remain] in {host}, [the embassy "
        "said|according to the embassy|embassy officials said], [urging|advising|and urged] them to "
        "[leave|review their plans|stay alert].",
    ),
)
# Quotes in added paragraphs: the event picks the words ("[a|b]") once, so all its sources quote alike.
QUOTES: dict[str, tuple[str, ...]] = {
    "quote_ambassador": (
        "Our [instructors|specialists|advisers] are here at the [invitation|request] of the [legitimate|sovereign] "
        "government of {host}, and [nobody else|no one else|no outside power] [decides|gets to decide] that.",
        "We are [ready|prepared] to [help|support|stand by] our {host_dem} [friends|partners] [in every way|in any "
        "way we can|for as long as they need us].",
        "[Cooperation|Our cooperation] with {host} [threatens|is aimed at] [nobody|no one|no third country]; it "
        "[serves|is about] the [security|safety|stability] of the {host_dem} people.",
    ),
    "quote_minister": (
        "Our [sovereignty|independence] is not [up for negotiation|negotiable|for sale]. We [choose|decide] our "
        "[partners|allies] [ourselves|on our own terms|according to our own interests].",
        "[No foreign power|Nobody] will [dictate|decide|tell us] [who|which countries] we [work with|cooperate "
        "with|train with].",
        "The [army|armed forces] [will|must] [protect|defend] every [inch|corner|part] of our territory, [with or "
        "without|whatever the views of] [foreign|outside] [partners|powers].",
    ),
    "quote_analyst": (
        "[This|What we are seeing] is [a test|a turning point|a watershed moment] for [Western|American] "
        "[influence|policy] in the [Sahel|region].",
        "[Both sides|Washington and {rival_capital}] [want to avoid|have every reason to avoid] [an incident|a "
        "confrontation|any kind of clash] [on the ground|at the base].",
        "The [real|bigger] [question|issue] is [who|which power] [fills|will fill] the [vacuum|gap] [once|after] "
        "the [Americans|US troops] [leave|are gone].",
    ),
    "quote_resident": (
        "[We|People here] [just want|only want|want] [security|peace] [and jobs|and work|and food]. [Who provides "
        "it|Which country provides it|Where it comes from] [matters less|is secondary|does not matter much].",
        "[Every|Each] [government|ruler] [promises|talks about] [security|safety], but the [attacks|killings] "
        "[go on|continue|have not stopped].",
        "[Prices|Food prices|Fuel prices] [keep rising|have doubled|are going up], and [nobody|no one] "
        "[talks about that|seems to care about that|mentions it].",
    ),
    "quote_governor": (
        "[The situation|Security] in the [north|region|province] [has improved|is improving|remains fragile], but "
        "we [need|still need] [more|additional] [resources|equipment|support].",
        "[Our|The] [priority|first task|main goal] is to [get|bring] [displaced families|people] [home|back to "
        "their villages] [before|ahead of] the [rainy season|harvest].",
        "We [ask|urge] [people|residents|everyone] to [stay calm|remain calm] and to [report|tell us about] "
        "[anything suspicious|any suspicious movement].",
    ),
}
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
    "attack_killed",
    "arrested",
    "loan",
    "food_aid",
    "runway_m",
    "pct_inflation",
    "drones",
    "refugees",
    "local_staff",
    "us_civilians",
)
_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def _choose(text: str, rng: random.Random) -> str:
    """Text with each "[a|b|c]" replaced by one of its words."""
    return _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)


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


@cache
def _outlet_step(seed: int) -> tuple[int, int, int]:
    """Size of the pool of outlet names, and a step and offset that walk all of it (for `_outlet_name`)."""
    total = len(TOWN_HEADS) * len(TOWN_TAILS) * len(MASTHEAD_QUALIFIERS) * len(MASTHEADS)
    rng = _rng(seed, "outlets")
    step = rng.randrange(total // 3, total)
    while math.gcd(step, total) != 1:
        step += 1
    return total, step, rng.randrange(total)


def _outlet_name(seed: int, event: int, source: int) -> str:
    """The outlet of a source: (event, source) mapped one-to-one onto the pool of names, so no two sources
    share an outlet until the pool runs out (after some 40,000 events), whatever the corpus size."""
    total, step, offset = _outlet_step(seed)
    x = ((event * MAX_SOURCES + source) * step + offset) % total
    x, head = divmod(x, len(TOWN_HEADS))
    x, tail = divmod(x, len(TOWN_TAILS))
    masthead, qualifier = divmod(x, len(MASTHEAD_QUALIFIERS))
    words = (TOWN_HEADS[head] + TOWN_TAILS[tail], MASTHEAD_QUALIFIERS[qualifier], MASTHEADS[masthead])
    return " ".join(w for w in words if w)


def _plan_event(seed: int, index: int, size: int, templates: list[Template]) -> list[Plan]:
    event = _make_event(seed, index)
    rng = _rng(seed, index, "plan")
    order = list(range(len(templates)))
    rng.shuffle(order)
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
                outlet=_outlet_name(seed, index, k),
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


def _worded(key: str, original: str, way: str) -> str:
    """Another way of saying a phrase, capitalized like the original at the start of a sentence (a phrase
    written with a capital in the table, "Islamist", keeps its ways as written: "jihadist")."""
    return _case_like(original, way) if key[:1].islower() else way


_ARTICLE = re.compile(r"(?<![\w'’.-])([Aa])n? (?=(\w[\w'’.-]*))")
_AN_WORDS = re.compile(r"(?:[aeio]|u(?!ni|s[aeiu]|ti|r[aeiou])|hour|honest|honou?r|8|1[18](?!\d))", re.IGNORECASE)


def _an(word: str) -> bool:
    """Whether a word takes "an" ("an hour", "an 8-hour", "an ISIS", but "a US", "a one-time", "a unit")."""
    if word[:1] == "U" and (len(word) == 1 or not word[1:2].islower()):  # US, U.S.
        return False
    if word.isupper() and len(word) > 1:  # read out letter by letter
        return word[0] in "AEFHILMNORSX"
    return bool(_AN_WORDS.match(word)) and not word.lower().startswith(("one", "eu", "uni"))


def _fix_articles(text: str) -> str:
    """Make each "a"/"an" agree with the word after it (after words were swapped: "an important", "a key")."""
    return _ARTICLE.sub(lambda m: m.group(1) + ("n" if _an(m.group(2)) else "") + " ", text)


class _Renderer:
    """Renders the slots of one source."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.event = plan.event
        self.rng = random.Random(f"syn:{plan.rng_seed}")
        self.vary = self.rng.uniform(*PARAPHRASE_SHARE)
        self.hedge_vary = self.rng.uniform(0.5, 0.9)
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
            "qsyn": self._qsyn,
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
        if self.rng.random() >= self.hedge_vary:
            return d[0]
        return _case_like(d[0], self.rng.choice(_APPROX))

    def _syn(self, d: tuple[str, ...]) -> str:
        key, original = d
        if self.rng.random() >= self.vary:
            return original
        return _worded(key, original, self.rng.choice(PARAPHRASES[key]))

    def _qsyn(self, d: tuple[str, ...]) -> str:
        key, original = d
        ways = PARAPHRASES[key]
        return _worded(key, original, ways[self.event.wording(key, len(ways))])

    def unit(self, unit: Unit) -> str:
        return _fix_articles("".join(p if isinstance(p, str) else self.handlers[p[0]](p[1]) for p in unit.parts))

    def facts(self) -> dict[str, str]:
        facts = dict(self.event.facts)
        facts["outlet"] = self.plan.outlet
        facts["us"] = self.roles["us"]
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
    title = _fix_articles(_choose(rng.choice(HEADLINES), rng).format(**facts))
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
    for i, text in enumerate(body):  # the event leaves some sentences out (all its sources alike)
        if len(text.split()) < 12:
            continue
        sentences = _SENTENCE_BREAK.split(text)
        kept_sentences = [x for n, x in enumerate(sentences) if not plan.event.cut(template.name, i, n)]
        if len(sentences) > 1 and not kept_sentences:
            kept_sentences = sentences[:1]
        body[i] = " ".join(kept_sentences)
    body = [text for text in body if text]
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
    for number in rng.sample(plan.event.extras, rng.randint(*EXTRAS_PER_SOURCE)):
        extra = _fix_articles(_choose(rng.choice(EXTRA_PARAGRAPHS[number]), rng).format(**facts))
        last = max((i for i, text in enumerate(kept) if len(text.split()) >= 12), default=len(kept) - 1)
        kept.insert(rng.randint(0, last + 1), extra)  # before the closing lines (credits, links)
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
        size = min(_rng(seed, event_index, "size").randint(3, MAX_SOURCES), remaining)
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
