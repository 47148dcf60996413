"""Independent sources: near-duplicate and credit derivations, clusters, the reconciler's origin count
and timeline note, and how the reporters show them.

Unit tests work on hand-built texts and `Source` records (no spaCy); the end-to-end tests write
articles to a temporary folder and run the whole pipeline a few times (module-scoped fixtures).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from crosscheck.loader import load_paths
from crosscheck.loader.derivation import (
    MIN_SHINGLES,
    SHINGLE_WORDS,
    Fingerprinter,
    candidate_pairs,
    containment,
    derive,
    pair_array,
    shingles,
)
from crosscheck.models import (
    Claim,
    ClaimKind,
    Confidence,
    Derivation,
    DerivationKind,
    Group,
    GroupStatus,
    OutletSource,
    PublishedSource,
    Quantity,
    Report,
    Source,
    Subject,
)
from crosscheck.outlets import article_credits, cited_outlet
from crosscheck.pipeline import run
from crosscheck.reconciler import reconcile
from crosscheck.reporters import REPORTERS, RenderOptions
from crosscheck.reporters.base import derivation_text, independent_count
from crosscheck.settings import Settings

# --- texts ----------------------------------------------------------------------------------------

STORY = """About 60 soldiers were killed on Tuesday when insurgents attacked an army base near the town of Kalamar in the country's north, the defence ministry said in a statement.

The attack began shortly before dawn, when fighters on motorcycles and in pickup trucks opened fire on the base from three sides, the ministry said. Reinforcements arrived from a garrison about 3 km away but were held back by roadside bombs planted along the only access road.

The government said it would spend $200 million over the next year to rebuild the base and strengthen defences at outposts across the region, where attacks have grown more frequent since the start of the rainy season.

Residents of Kalamar said they heard explosions and heavy gunfire for several hours. Many families fled toward the provincial capital, and the local hospital asked for blood donations as it treated dozens of wounded people.

No group immediately claimed responsibility for the assault. Security analysts said its scale pointed to a well armed faction that has been recruiting in villages along the border and has carried out smaller raids on police posts this year.

The defence minister, who visited the base on Wednesday, promised to hunt down those responsible and said the army would review how the attackers had been able to approach the base without being detected by patrols.

Regional leaders condemned the violence and called for closer cooperation between neighbouring states to stop the flow of weapons across the porous frontier, which stretches for hundreds of kilometres through forest and farmland.

The United Nations said it was deeply concerned by the rising toll of the conflict, which has forced hundreds of thousands of people from their homes over the past three years and left many communities without schools or clinics.
"""  # noqa: E501

INTRO = (
    "Our correspondent in the capital sends this report on the latest violence in the north, "
    "which has alarmed neighbouring governments and aid groups alike.\n\n"
)
FOOTER = (
    "\n\nSubscribe to our newsletter for more world news every morning. "
    "Copyright Daily Planet Media Group, all rights reserved.\n"
)
# The reprint with a new headline (front matter), an intro paragraph and a footer.
REPRINT = INTRO + STORY + FOOTER
# A lightly edited reprint: a few words changed.
EDITED = (
    STORY.replace("were killed on Tuesday", "died on Tuesday")
    .replace("pickup trucks", "lorries")
    .replace("Residents of Kalamar", "People in Kalamar")
    .replace("deeply concerned", "very worried")
)
# The same event, independently reported: other words, the same count.
INDEPENDENT = """Troops died in a dawn raid on a northern army camp. Officials put the toll at about 60 soldiers after gunmen stormed the post outside Kalamar early on Tuesday.

Witnesses described a battle lasting most of the morning. Survivors said the attackers came out of the forest, and that help was slow because the road had been mined. Opposition lawmakers demanded an inquiry into intelligence failures. Aid agencies reported that hundreds of villagers had left their homes, and the district clinic was overwhelmed with casualties who had to wait outside for treatment through the afternoon and the night.
"""  # noqa: E501


def article(body: str, *, outlet: str | None = None, published: str | None = None, title: str | None = None) -> str:
    """An article file with YAML front matter for the given fields."""
    meta = [
        f"{key}: {value}" for key, value in (("title", title), ("outlet", outlet), ("published", published)) if value
    ]
    return "---\n" + "\n".join(meta) + "\n---\n" + body if meta else body


def write(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write the files into `folder` (created) and return their paths in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in sorted(files)]


def source(
    source_id: str,
    text: str,
    outlet: str | None = None,
    published: date | None = None,
    cluster: str | None = None,
    derived_from: Sequence[Derivation] = (),
) -> Source:
    """A hand-built Source (what the loader would produce before or after `derive`)."""
    return Source(
        id=source_id,
        path=f"{source_id}.txt",
        outlet=outlet,
        published=published,
        words=len(text.split()),
        text=text,
        cluster=cluster,
        derived_from=list(derived_from),
    )


def links(src: Source) -> list[tuple[str, str | None, str | None]]:
    """(kind, source, outlet) of each derivation of a source."""
    return [(d.kind.value, d.source, d.outlet) for d in src.derived_from]


def by_id(sources: Sequence[Source]) -> dict[str, Source]:
    return {s.id: s for s in sources}


def random_words(rng: random.Random, count: int) -> str:
    """Unrelated filler text: words drawn from a large made-up vocabulary."""
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(count))


# --- shingles and containment ---------------------------------------------------------------------


def test_shingles_are_lowercased_word_five_grams() -> None:
    assert SHINGLE_WORDS == 5
    assert shingles("The quick, brown FOX jumps over the lazy dog!") == {
        "the quick brown fox jumps",
        "quick brown fox jumps over",
        "brown fox jumps over the",
        "fox jumps over the lazy",
        "jumps over the lazy dog",
    }
    assert shingles("only four words here") == set()
    assert shingles("") == set()
    assert shingles("a b c d e a b c d e") == {"a b c d e", "b c d e a", "c d e a b", "d e a b c", "e a b c d"}


ONE_TO_FIVE = 7003702146407501101  # the fingerprint of "one two three four five", pinned


def pair_set(rows: object) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in rows}  # type: ignore[attr-defined]


def test_fingerprints_are_the_shingles_in_eight_bytes_each() -> None:
    fingerprint = Fingerprinter()
    texts = [STORY, REPRINT, INDEPENDENT, "a b c d e a b c d e", "only four words here", ""]
    for text in texts:
        prints = fingerprint(text)
        assert prints.dtype.itemsize == 8 and list(prints) == sorted(set(prints.tolist()))
        assert len(prints) == len(shingles(text))
    for inner in texts[:3]:
        for outer in texts[:3]:
            exact = containment(shingles(inner), shingles(outer))
            assert containment(fingerprint(inner), fingerprint(outer)) == pytest.approx(exact)
    # stable across instances and processes (BLAKE2b, not Python's salted hash)
    assert Fingerprinter()(STORY).tolist() == fingerprint(STORY).tolist()
    assert int(Fingerprinter()("One two three four five.")[0]) == ONE_TO_FIVE


def test_pair_array_is_all_pairs_of_a_few_texts_in_order() -> None:
    rng = random.Random(5)
    sets = [shingles(random_words(rng, 100)) for _ in range(4)] + [shingles("too short")]
    assert pair_array(sets).tolist() == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]


def test_containment_is_share_of_inner_in_outer() -> None:
    assert containment({"a", "b", "c", "d"}, {"a", "b", "x"}) == 0.5
    assert containment({"a", "b", "x"}, {"a", "b", "c", "d"}) == pytest.approx(2 / 3)
    assert containment({"a"}, {"a", "b"}) == 1.0
    assert containment(set(), {"a"}) == 0.0
    assert containment({"a"}, set()) == 0.0


def test_containment_of_reprint_and_story() -> None:
    story, reprint = shingles(STORY), shingles(REPRINT)
    assert containment(story, reprint) == 1.0  # the whole story is in the reprint
    assert 0.8 < containment(reprint, story) < 0.95  # the intro and footer are not in the story
    assert containment(shingles(INDEPENDENT), story) < 0.05


def test_candidate_pairs_finds_the_copy_among_unrelated_texts() -> None:
    rng = random.Random(7)
    texts = [random_words(rng, rng.randint(80, 400)) for _ in range(12)]
    texts.insert(3, STORY)
    texts.insert(9, EDITED)
    texts.append(INDEPENDENT)
    sets = [shingles(t) for t in texts]
    assert all(len(s) >= MIN_SHINGLES for s in sets)
    assert pair_set(candidate_pairs(sets)) == {(3, 9)}


def test_candidate_pairs_excerpt_of_a_longer_text() -> None:
    rng = random.Random(3)
    long = random_words(rng, 600).split()
    excerpt = " ".join(long[200:300]) + " " + random_words(rng, 40)  # 100 words copied, 40 its own
    sets = [shingles(random_words(rng, 300)), shingles(" ".join(long)), shingles(excerpt)]
    assert pair_set(candidate_pairs(sets)) == {(1, 2)}


def test_texts_shorter_than_min_shingles_never_pair() -> None:
    short = " ".join(f"w{i}" for i in range(MIN_SHINGLES + SHINGLE_WORDS - 2))  # MIN_SHINGLES - 1 shingles
    enough = " ".join(f"w{i}" for i in range(MIN_SHINGLES + SHINGLE_WORDS - 1))  # exactly MIN_SHINGLES
    assert len(shingles(short)) == MIN_SHINGLES - 1
    assert len(shingles(enough)) == MIN_SHINGLES
    assert pair_set(candidate_pairs([shingles(short), shingles(short)])) == set()
    assert pair_set(candidate_pairs([shingles(short), shingles(STORY + " " + short)])) == set()
    assert pair_set(candidate_pairs([shingles(enough), shingles(enough)])) == {(0, 1)}
    assert pair_set(candidate_pairs([shingles(STORY)])) == set()
    assert pair_set(candidate_pairs([])) == set()


def test_identical_short_reports_are_not_derived() -> None:
    text = "About 60 soldiers were killed when insurgents attacked an army base near Kalamar on Tuesday."
    result = derive([source("s1", text, outlet="Daily Planet"), source("s2", text, outlet="Morning Star")])
    assert [s.derived_from for s in result] == [[], []]
    assert [s.cluster for s in result] == ["c1", "c2"]


def test_short_excerpt_of_a_very_long_article_is_found() -> None:
    rng = random.Random(15)
    long = [f"w{rng.randrange(5000)}" for _ in range(3000)]
    sets = [shingles(" ".join(long)), shingles(" ".join(long[1000:1070]))]
    assert len(sets[1]) >= MIN_SHINGLES and containment(sets[1], sets[0]) == 1.0
    assert pair_set(candidate_pairs(sets)) == {(0, 1)}


# --- near-duplicates through the loader -----------------------------------------------------------


@pytest.fixture(scope="module")
def wire_folder(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A Reuters story, a reprint with its own headline, intro and footer, an edited reprint, and an
    independent report of the same event."""
    return write(
        tmp_path_factory.mktemp("wire"),
        {
            "a_reprint.md": article(
                REPRINT,
                outlet="Daily Planet",
                published="2024-05-04",
                title="Dozens dead as militants storm northern base",
            ),
            "b_edited.md": article(EDITED, outlet="Morning Star", published="2024-05-04", title="Base attack kills"),
            "c_independent.md": article(
                INDEPENDENT, outlet="The Herald", published="2024-05-03", title="Army camp raided in north"
            ),
            "wire.md": article(
                STORY, outlet="Reuters", published="2024-05-03", title="Soldiers killed in attack on army base"
            ),
        },
    )


def test_near_duplicates_point_to_their_origin(wire_folder: list[Path]) -> None:
    loaded = load_paths(wire_folder, Settings())
    assert loaded.failures == []
    s = by_id(loaded.sources)
    assert [(x.id, Path(x.path).name, x.outlet) for x in loaded.sources] == [
        ("s1", "a_reprint.md", "Daily Planet"),
        ("s2", "b_edited.md", "Morning Star"),
        ("s3", "c_independent.md", "The Herald"),
        ("s4", "wire.md", "Reuters"),
    ]
    # the reprint (a day later) derives from the wire story
    assert links(s["s1"]) == [("near-duplicate", "s4", "Reuters")]
    link = s["s1"].derived_from[0]
    expected = containment(shingles(s["s1"].text), shingles(s["s4"].text))
    assert link.containment == round(expected, 3)
    assert 0.8 < expected < 0.95
    assert link.evidence == f"{expected:.0%} of its 5-word sequences appear in s4"
    # the edited copy shares most of its text with both; same day as the reprint and contained in it
    assert links(s["s2"]) == [("near-duplicate", "s1", "Daily Planet"), ("near-duplicate", "s4", "Reuters")]
    assert all(d.containment is not None and d.containment > 0.85 for d in s["s2"].derived_from)
    # the origin and the independent report derive from nothing
    assert s["s3"].derived_from == [] and s["s4"].derived_from == []
    assert {x.id: x.cluster for x in loaded.sources} == {"s1": "c1", "s2": "c1", "s3": "c2", "s4": "c1"}


def test_derivations_do_not_depend_on_input_order(wire_folder: list[Path]) -> None:
    forward = load_paths(wire_folder, Settings()).sources
    backward = load_paths(list(reversed(wire_folder)), Settings()).sources
    assert [(s.id, s.path, s.cluster, s.derived_from) for s in backward] == [
        (s.id, s.path, s.cluster, s.derived_from) for s in forward
    ]


def test_earlier_source_is_the_origin_even_if_it_is_not_wire() -> None:
    reprint = source("s1", REPRINT, outlet="Daily Planet", published=date(2024, 5, 2))
    wire = source("s2", STORY, outlet="Reuters", published=date(2024, 5, 3))
    result = by_id(derive([reprint, wire]))
    assert links(result["s2"]) == [("near-duplicate", "s1", "Daily Planet")]
    assert result["s2"].derived_from[0].containment == 1.0
    assert result["s1"].derived_from == []


@pytest.mark.parametrize("day", [date(2024, 5, 3), None], ids=["same-day", "undated"])
def test_wire_copy_is_the_origin_on_the_same_day(day: date | None) -> None:
    # by containment alone the wire story (wholly inside the reprint) would be the excerpt
    reprint = source("s1", REPRINT, outlet="Daily Planet", published=day)
    wire = source("s2", STORY, outlet="AP", published=day)
    result = by_id(derive([reprint, wire]))
    assert links(result["s1"]) == [("near-duplicate", "s2", "AP")]
    assert result["s2"].derived_from == []
    assert result["s1"].cluster == result["s2"].cluster == "c1"


def test_without_dates_or_wire_the_excerpt_derives_from_the_longer_text() -> None:
    longer = source("s1", REPRINT, outlet="Daily Planet")
    excerpt = source("s2", STORY, outlet="Morning Star")
    result = by_id(derive([longer, excerpt]))
    assert links(result["s2"]) == [("near-duplicate", "s1", "Daily Planet")]
    assert result["s2"].derived_from[0].containment == 1.0
    assert result["s1"].derived_from == []
    # and the other way round in input order
    result = by_id(derive([source("s1", STORY, outlet="Morning Star"), source("s2", REPRINT, outlet="Daily Planet")]))
    assert links(result["s1"]) == [("near-duplicate", "s2", "Daily Planet")]
    assert result["s2"].derived_from == []


# --- credits --------------------------------------------------------------------------------------

BODY = (
    "About 60 soldiers were killed when insurgents attacked an army base near Kalamar on Tuesday, "
    "the defence ministry said."
)


@pytest.mark.parametrize(
    ("text", "outlet", "evidence"),
    [
        (BODY + "\n\n(with inputs from Reuters)", "Reuters", "with inputs from Reuters"),
        (BODY + "\n\n(With additional inputs from PTI)", "PTI", "With additional inputs from PTI"),
        ("NEW DELHI, May 3 (ANI): " + BODY, "ANI", "ANI):"),
        ("NAIROBI, May 3 (Reuters) - " + BODY, "Reuters", "Reuters) -"),
        ("KALAMAR (AP) — " + BODY, "Associated Press", "AP) —"),
        (
            BODY + "\n\nThis story was originally published by The Guardian.",
            "The Guardian",
            "originally published by The Guardian",
        ),
        (
            BODY + "\n\nCopyright 2024 The Associated Press. All rights reserved.",
            "Associated Press",
            "Copyright 2024 The Associated Press",
        ),
    ],
    ids=["inputs", "additional-inputs", "ani-dateline", "reuters-dateline", "ap-dateline", "origin", "copyright"],
)
def test_credit_makes_the_article_derived(text: str, outlet: str, evidence: str) -> None:
    """`evidence` is the credit as written (a whole-line credit without its parentheses)."""
    result = derive([source("s1", text, outlet="ThePrint"), source("s2", BODY, outlet="Daily Planet")])
    credited = result[0]
    assert len(credited.derived_from) == 1
    link = credited.derived_from[0]
    assert (link.kind, link.source, link.outlet, link.containment) == (DerivationKind.CREDIT, None, outlet, None)
    assert link.evidence.endswith(evidence) and link.evidence in " ".join(text.split())
    assert result[1].derived_from == []
    assert (credited.cluster, result[1].cluster) == ("c1", "c2")


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("NAIROBI, May 3 (Reuters) - " + BODY, "(Reuters) -"),
        ("NEW DELHI, May 3 (ANI): " + BODY, "(ANI):"),
    ],
    ids=["reuters", "ani"],
)
def test_dateline_credit_evidence_is_the_credit_as_written(text: str, evidence: str) -> None:
    (credited,) = derive([source("s1", text, outlet="ThePrint")])
    assert [d.evidence for d in credited.derived_from] == [evidence]


@pytest.mark.parametrize(
    ("sentence", "cited"),
    [
        ("About 60 soldiers were killed, according to Reuters.", "Reuters"),
        ("About 60 soldiers were killed, as reported by CNN.", "CNN"),
        ("Reuters reported that about 60 soldiers were killed.", "Reuters"),
        ("About 60 soldiers were killed, a commander told the Associated Press.", "Associated Press"),
        ("About 60 soldiers were killed, according to a report by the BBC.", "BBC"),
        ("About 60 soldiers were killed, according to officials.", None),
        ("About 60 soldiers were killed, according to Ahmed Musa, a local councillor.", None),
        ('"We lost about 60 soldiers," the defence minister told reporters.', None),
        ("About 60 soldiers were killed (with inputs from agencies).", None),
    ],
)
def test_sentence_citations_are_not_article_credits(sentence: str, cited: str | None) -> None:
    """'according to Reuters' attributes one sentence (the reconciler's business), not the article."""
    assert cited_outlet(sentence) == cited
    assert article_credits(sentence) == []
    result = derive([source("s1", BODY + " " + sentence, outlet="Daily Planet"), source("s2", BODY, outlet="BBC")])
    assert [s.derived_from for s in result] == [[], []]
    assert [s.cluster for s in result] == ["c1", "c2"]


def test_sentence_initial_according_to_cites_the_outlet() -> None:
    assert cited_outlet("According to Reuters, about 60 soldiers were killed.") == "Reuters"


def test_person_with_initials_is_not_an_outlet() -> None:
    assert cited_outlet("About 60 soldiers were killed, according to AP Singh, the district magistrate.") is None


def test_credit_naming_two_agencies_credits_both() -> None:
    (credited,) = derive([source("s1", BODY + "\n\n(With inputs from PTI and ANI)", outlet="ThePrint")])
    assert sorted(d.outlet or "" for d in credited.derived_from) == ["ANI", "PTI"]


def test_own_outlet_dateline_is_not_a_credit() -> None:
    (own,) = derive([source("s1", "NEW DELHI, May 3 (ANI): " + BODY, outlet="Asian News International")])
    assert own.derived_from == []


def test_sources_crediting_one_outlet_share_a_cluster() -> None:
    result = derive(
        [
            source("s1", BODY + "\n\n(with inputs from Reuters)", outlet="Daily Planet"),
            source("s2", "Troops died at the Kalamar base, the ministry said. (With inputs from Thomson Reuters)"),
            source("s3", BODY, outlet="The Herald"),
        ]
    )
    assert [links(s) for s in result] == [[("credit", None, "Reuters")], [("credit", None, "Reuters")], []]
    assert [s.cluster for s in result] == ["c1", "c1", "c2"]


def test_credit_points_to_the_outlets_source_in_the_run() -> None:
    result = derive(
        [
            source("s1", "NAIROBI, May 3 (Reuters) - " + BODY, outlet="Daily Planet"),
            source("s2", "Troops died at the Kalamar base, the ministry said.", outlet="reuters"),
            source("s3", BODY, outlet="The Herald"),
        ]
    )
    assert links(result[0]) == [("credit", "s2", "Reuters")]
    assert result[1].derived_from == []
    assert [s.cluster for s in result] == ["c1", "c1", "c2"]


def test_one_newsroom_is_one_cluster() -> None:
    result = derive(
        [
            source("s1", BODY, outlet="AP"),
            source("s2", "Troops died at the Kalamar base.", outlet="The Herald"),
            source("s3", "Sixty soldiers died in the north.", outlet="Associated Press"),
            source("s4", "An army base was attacked.", outlet="BBC News"),
            source("s5", "The army base near Kalamar was attacked.", outlet="bbc"),
        ]
    )
    assert [s.derived_from for s in result] == [[]] * 5
    assert [s.cluster for s in result] == ["c1", "c2", "c1", "c3", "c3"]


def test_dateline_through_the_loader(tmp_path: Path) -> None:
    """A wire story with no metadata is the agency's own copy; another outlet's print of it credits it."""
    text = "NEW DELHI, May 3 (ANI): " + BODY + "\n"
    paths = write(
        tmp_path,
        {
            "1_ani.txt": text,
            "2_print.md": article(text, outlet="ThePrint"),
            "3_herald.md": article("Troops died at the Kalamar base, the ministry said.\n", outlet="The Herald"),
        },
    )
    s = by_id(load_paths(paths, Settings()).sources)
    assert (s["s1"].outlet, s["s1"].outlet_source) == ("ANI", OutletSource.TEXT_CREDIT)
    assert s["s1"].derived_from == []
    assert links(s["s2"]) == [("credit", "s1", "ANI")]
    assert (s["s1"].cluster, s["s2"].cluster, s["s3"].cluster) == ("c1", "c1", "c2")


# --- the reconciler's origins (hand-built claims) -------------------------------------------------


def count_claim(source_id: str, sentence: str, value: float = 60, number: int = 1) -> Claim:
    """A count claim 'N soldiers' about the soldiers killed, inside `sentence`."""
    words = f"{value:g} soldiers"
    assert words in sentence, sentence
    start = sentence.index(words)
    return Claim(
        id=f"{source_id}.c{number}",
        source=source_id,
        kind=ClaimKind.COUNT,
        subject=Subject(key="count|killed|-|-", label="soldiers killed"),
        value=Quantity(low=value, high=value, unit="item"),
        text=words,
        sentence=sentence,
        start=start,
        end=start + len(words),
        rule="test/hand-built",
    )


def only_group(groups: list[Group]) -> Group:
    assert len(groups) == 1, groups
    return groups[0]


def test_reprints_count_once() -> None:
    sources = [
        source("s1", "a", outlet="Daily Planet", cluster="c1"),
        source("s2", "b", outlet="Morning Star", cluster="c1"),
        source("s3", "c", outlet="The Herald", cluster="c2"),
    ]
    claims = [count_claim(s.id, "Some 60 soldiers were killed.") for s in sources]
    group = only_group(reconcile(claims, sources))
    assert (group.status, group.sources, group.independent_sources) == (GroupStatus.AGREE, ["s1", "s2", "s3"], 2)
    assert group.explanation.endswith("; 2 of 3 sources independent (s1+s2 share an origin)")


def test_all_independent_no_note() -> None:
    sources = [source(f"s{i}", "x", cluster=f"c{i}") for i in (1, 2, 3)]
    claims = [count_claim(s.id, "Some 60 soldiers were killed.") for s in sources]
    group = only_group(reconcile(claims, sources))
    assert group.independent_sources == 3
    assert "independent" not in group.explanation


def test_claims_citing_one_outlet_share_it_as_origin() -> None:
    sources = [source("s1", "a", outlet="Daily Planet", cluster="c1"), source("s2", "b", cluster="c2")]
    sources.append(source("s3", "c", outlet="The Herald", cluster="c3"))
    claims = [
        count_claim("s1", "Some 60 soldiers were killed, according to Reuters."),
        count_claim("s2", "Reuters reported that 60 soldiers were killed."),
        count_claim("s3", "Some 60 soldiers were killed, officials said."),
    ]
    group = only_group(reconcile(claims, sources))
    assert group.independent_sources == 2
    assert group.explanation.endswith("; 2 of 3 sources independent (s1+s2 (via Reuters) share an origin)")


def test_cited_outlet_in_the_run_joins_its_cluster() -> None:
    sources = [
        source("s1", "a", outlet="Daily Planet", cluster="c1"),
        source("s2", "b", outlet="Reuters", cluster="c2"),
        source("s3", "c", outlet="The Herald", cluster="c3"),
    ]
    claims = [
        count_claim("s1", "Some 60 soldiers were killed, according to Reuters."),
        count_claim("s2", "Some 60 soldiers were killed, a commander told Reuters."),  # its own outlet
        count_claim("s3", "Some 60 soldiers were killed, officials said."),
    ]
    group = only_group(reconcile(claims, sources))
    assert group.independent_sources == 2
    assert group.explanation.endswith("; 2 of 3 sources independent (s1+s2 share an origin)")


def test_source_citing_an_outlet_only_in_part_keeps_its_own_origin() -> None:
    sources = [source("s1", "a", cluster="c1"), source("s2", "b", cluster="c2")]
    claims = [
        count_claim("s1", "Some 60 soldiers were killed, according to Reuters.", number=1),
        count_claim("s1", "Officials later confirmed 60 soldiers had died.", number=2),
        count_claim("s2", "Some 60 soldiers were killed, according to Reuters."),
    ]
    group = only_group(reconcile(claims, sources))
    assert group.independent_sources == 2
    assert "independent" not in group.explanation


def test_sentence_initial_citation_shares_the_origin() -> None:
    sources = [source("s1", "a", cluster="c1"), source("s2", "b", cluster="c2")]
    claims = [count_claim(s.id, "According to Reuters, 60 soldiers were killed.") for s in sources]
    group = only_group(reconcile(claims, sources))
    assert group.independent_sources == 1


# --- end to end -----------------------------------------------------------------------------------

REPRINT_FILES = {
    "1_planet.md": article(
        REPRINT, outlet="Daily Planet", published="2024-05-04", title="Dozens dead as militants storm northern base"
    ),
    "2_star.md": article(EDITED, outlet="Morning Star", published="2024-05-04", title="Base attack kills soldiers"),
    "3_herald.md": article(INDEPENDENT, outlet="The Herald", published="2024-05-03", title="Army camp raided in north"),
}


@pytest.fixture(scope="module")
def reprint_paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write(tmp_path_factory.mktemp("reprints"), REPRINT_FILES)


@pytest.fixture(scope="module")
def reprint_report(reprint_paths: list[Path]) -> Report:
    """Two reprints of one wire story and one independent report, all saying about 60 soldiers."""
    return run(reprint_paths, Settings())


def soldiers_group(report: Report) -> Group:
    found = [g for g in report.groups if g.subject.key.startswith("count|military personnel")]
    assert len(found) == 1, [(g.subject.key, g.explanation) for g in report.groups]
    return found[0]


def test_reprints_agree_as_one_origin(reprint_report: Report) -> None:
    s = by_id(reprint_report.sources)
    assert links(s["s2"]) == [("near-duplicate", "s1", "Daily Planet")]
    assert [x.cluster for x in reprint_report.sources] == ["c1", "c1", "c2"]
    group = soldiers_group(reprint_report)
    assert group.status is GroupStatus.AGREE
    assert group.sources == ["s1", "s2", "s3"]
    assert group.independent_sources == 2
    assert group.explanation.endswith("; 2 of 3 sources independent (s1+s2 share an origin)")
    # groups only the two reprints state come from one origin
    money = [g for g in reprint_report.groups if g.kind is ClaimKind.MONEY and g.sources == ["s1", "s2"]]
    assert money and all(g.independent_sources == 1 for g in money)
    assert all(g.explanation.endswith("1 of 2 sources independent (s1+s2 share an origin)") for g in money)
    assert independent_count(reprint_report) == 2


def test_every_group_counts_origins_within_its_sources(reprint_report: Report) -> None:
    for group in reprint_report.groups:
        clusters = {s.cluster for s in reprint_report.sources if s.id in group.sources}
        assert group.independent_sources == len(clusters), group
        assert 1 <= group.independent_sources <= len(group.sources)


@pytest.fixture(scope="module")
def timeline_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("timeline")
    write(
        folder,
        {
            "early.md": article(
                "The army said 60 soldiers were deployed to the northern border town of Kalamar on Friday.\n",
                title="Troops sent north",
                published="2024-05-03",
            ),
            "late.md": article(
                "The army said 100 soldiers were deployed to the northern border town of Kalamar this week.\n",
                title="More troops sent north",
                published="2024-05-10",
            ),
            "same.md": article(
                "The army said 100 soldiers were deployed to the northern border town of Kalamar on Friday.\n",
                title="Troops sent north again",
                published="2024-05-03",
            ),
            "later_dateline.txt": "KALAMAR, May 10, 2024 — The army said 100 soldiers were deployed to the northern "
            "border town this week.\n",
            "later_pagedate.txt": "Wednesday, May 8, 2024\n\nThe army said 100 soldiers were deployed to the northern "
            "border town of Kalamar this week.\n",
            "later_undated.txt": "The army said 100 soldiers were deployed to the northern border town of Kalamar "
            "this week.\n",
        },
    )
    return folder


def timeline_run(folder: Path, second: str, settings: Settings | None = None) -> tuple[Report, Group]:
    report = run([folder / "early.md", folder / second], settings or Settings())
    group = soldiers_group(report)
    assert group.status is GroupStatus.CONFLICT and group.sources == ["s1", "s2"]
    return report, group


def test_timeline_note_for_sources_a_week_apart(timeline_dir: Path) -> None:
    report, group = timeline_run(timeline_dir, "late.md")
    assert [s.published for s in report.sources] == [date(2024, 5, 3), date(2024, 5, 10)]
    assert "; published 7 days apart (s1 2024-05-03, s2 2024-05-10): the later report may be an update" in (
        group.explanation
    )
    assert group.independent_sources == 2
    assert "independent" not in group.explanation
    # not for conflicts that are not numeric
    assert all("published" not in g.explanation for g in report.groups if g.kind is ClaimKind.DATE)


def test_timeline_note_trusts_a_dateline(timeline_dir: Path) -> None:
    report, group = timeline_run(timeline_dir, "later_dateline.txt")
    late = report.sources[1]
    assert (late.published, late.published_source, late.published_confidence) == (
        date(2024, 5, 10),
        PublishedSource.DATELINE,
        Confidence.MEDIUM,
    )
    assert "published 7 days apart (s1 2024-05-03, s2 2024-05-10): the later report may be an update" in (
        group.explanation
    )


def test_no_timeline_note_on_the_same_day(timeline_dir: Path) -> None:
    report, group = timeline_run(timeline_dir, "same.md")
    assert report.sources[1].published == date(2024, 5, 3)
    assert "apart" not in group.explanation and "update" not in group.explanation


@pytest.mark.parametrize(
    ("second", "settings", "day", "origin"),
    [
        ("later_pagedate.txt", Settings(), date(2024, 5, 8), PublishedSource.PAGE_DATE),
        ("later_undated.txt", Settings(published=date(2024, 5, 10)), date(2024, 5, 10), PublishedSource.OPTION),
        ("later_undated.txt", Settings(), None, None),
    ],
    ids=["page-date", "published-option", "undated"],
)
def test_no_timeline_note_with_an_untrusted_date(
    timeline_dir: Path, second: str, settings: Settings, day: date | None, origin: PublishedSource | None
) -> None:
    report, group = timeline_run(timeline_dir, second, settings)
    late = report.sources[1]
    assert (late.published, late.published_source) == (day, origin)
    assert late.published_confidence in (Confidence.LOW, None)
    assert "apart" not in group.explanation and "update" not in group.explanation


# --- reporters ------------------------------------------------------------------------------------


def test_derivation_text_for_each_kind() -> None:
    near = Derivation(
        kind=DerivationKind.NEAR_DUPLICATE,
        source="s4",
        outlet="Reuters",
        evidence="87% of its 5-word sequences appear in s4",
        containment=0.874,
    )
    credit_out = Derivation(kind=DerivationKind.CREDIT, outlet="Reuters", evidence="with inputs from Reuters")
    credit_in = Derivation(kind=DerivationKind.CREDIT, source="s1", outlet="ANI", evidence="(ANI):")
    anonymous = Derivation(kind=DerivationKind.NEAR_DUPLICATE, source="s2", evidence="x", containment=0.5)
    assert derivation_text(source("s9", "x")) == "-"
    assert derivation_text(source("s9", "x", derived_from=[near])) == "s4 (Reuters) (near-duplicate, 87% shared)"
    assert derivation_text(source("s9", "x", derived_from=[credit_out])) == (
        'Reuters (credit: "with inputs from Reuters")'
    )
    assert derivation_text(source("s9", "x", derived_from=[credit_in, anonymous])) == (
        's1 (ANI) (credit: "(ANI):"); s2 (near-duplicate, 50% shared)'
    )


def test_derivation_text_of_loaded_sources(wire_folder: list[Path]) -> None:
    s = by_id(load_paths(wire_folder, Settings()).sources)
    share = s["s1"].derived_from[0].containment
    assert share is not None
    assert derivation_text(s["s1"]) == f"s4 (Reuters) (near-duplicate, {share:.0%} shared)"
    assert derivation_text(s["s2"]).startswith("s1 (Daily Planet) (near-duplicate, ")
    assert "; s4 (Reuters) (near-duplicate, " in derivation_text(s["s2"])
    assert derivation_text(s["s3"]) == derivation_text(s["s4"]) == "-"


def test_table_shows_what_each_source_derives_from(reprint_report: Report) -> None:
    out = REPORTERS["table"].report(reprint_report, RenderOptions(width=240, color=False))
    header = out.splitlines()[0]
    assert "3 sources (2024-05-03 to 2024-05-04; 2 independent)" in header
    assert "derives from" in out
    share = reprint_report.sources[1].derived_from[0].containment
    assert share is not None
    row = next(line for line in out.splitlines() if line.startswith("s2 "))
    assert "Morning Star" in row and f"s1 (Daily Planet) (near-duplicate, {share:.0%} shared)" in row
    for other in ("s1", "s3"):
        claims = sum(1 for claim in reprint_report.claims if claim.source == other)
        row = next(line for line in out.splitlines() if line.startswith(other + " "))
        assert re.search(rf"\s-\s+{claims}$", row), row  # derives from nothing, and its number of claims


def test_json_carries_independent_sources_and_derivations(reprint_report: Report) -> None:
    options = RenderOptions()
    data = json.loads(REPORTERS["json"].report(reprint_report, options))
    assert data["groups"] and all(isinstance(g["independent_sources"], int) for g in data["groups"])
    assert [g["independent_sources"] for g in data["groups"]] == [g.independent_sources for g in reprint_report.groups]
    assert [(s["id"], s["cluster"]) for s in data["sources"]] == [("s1", "c1"), ("s2", "c1"), ("s3", "c2")]
    assert data["sources"][0]["derived_from"] == [] and data["sources"][2]["derived_from"] == []
    (link,) = data["sources"][1]["derived_from"]
    assert set(link) == {"kind", "source", "outlet", "evidence", "containment"}
    assert (link["kind"], link["source"], link["outlet"]) == ("near-duplicate", "s1", "Daily Planet")
    assert 0.85 < link["containment"] <= 1.0
    sources = json.loads(REPORTERS["json"].sources(reprint_report, options))
    assert [(s["id"], s["cluster"], len(s["derived_from"])) for s in sources] == [
        ("s1", "c1", 0),
        ("s2", "c1", 1),
        ("s3", "c2", 0),
    ]


def test_json_is_byte_identical_across_runs_and_input_order(reprint_paths: list[Path], reprint_report: Report) -> None:
    options = RenderOptions()
    first = REPORTERS["json"].report(reprint_report, options)
    again = REPORTERS["json"].report(run(reprint_paths, Settings()), options)
    backward = REPORTERS["json"].report(run(list(reversed(reprint_paths)), Settings()), options)
    assert again == first
    assert backward == first


def test_shared_counts_equal_pairwise_intersections_in_any_order() -> None:
    from crosscheck.loader.derivation import shared_counts

    rng = np.random.default_rng(11)
    sets = [np.unique(rng.integers(0, 400, size=int(rng.integers(0, 150))).astype(np.uint64)) for _ in range(40)]
    pairs = np.array([(i, j) for i in range(40) for j in range(i + 1, 40)], dtype=np.int64)
    pairs = pairs[rng.permutation(len(pairs))]
    expected = [len(np.intersect1d(sets[i], sets[j])) for i, j in pairs.tolist()]
    assert shared_counts(sets, pairs).tolist() == expected
    assert shared_counts(sets, pairs[:0]).tolist() == []
    assert max(expected) > 0 and min(expected) == 0


def test_features_worked_out_early_give_the_same_derivations() -> None:
    from crosscheck.loader.derivation import EXACT_UP_TO, Featurizer

    rng = random.Random(21)
    texts = [random_words(rng, 120) for _ in range(EXACT_UP_TO + 10)]
    texts[7] = texts[3] + " " + random_words(rng, 30)  # a reprint with a line added
    texts[30] = "(Reuters) - " + texts[12]
    sources = [source(f"s{i + 1}", text, outlet=f"Outlet {i}") for i, text in enumerate(texts)]
    expected = derive(sources)
    early = Featurizer(sketch=True)(texts)
    assert all(found.sketch is not None for found in early)
    assert derive(sources, early) == expected
    partly = [found if i % 2 else None for i, found in enumerate(early)]  # some from a cache: worked out late
    assert derive(sources, partly) == expected
    linked = {s.id for s in expected if s.derived_from}
    assert {"s4", "s31"} <= linked  # s4 is contained in the longer s8
    assert Featurizer(sketch=False)(texts[:2])[0].sketch is None
