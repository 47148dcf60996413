"""Person names: the matcher (spec corpus tests/data/names.yaml), the merging of person subject keys,
and role holders through `reconcile` and through the whole pipeline. Invented names and articles."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
import yaml

from crosscheck.models import Claim, ClaimKind, Group, GroupStatus, Modality, NameValue, Severity, Subject, TimeValue
from crosscheck.pipeline import run
from crosscheck.reconciler import reconcile
from crosscheck.reconciler.compare import Context
from crosscheck.reconciler.kinds import compare_times
from crosscheck.reconciler.names import cluster_names, match_people, merge_people, same_person, surname_key
from crosscheck.settings import Settings

CORPUS = yaml.safe_load((Path(__file__).parent / "data" / "names.yaml").read_text(encoding="utf-8"))
_COUNTER = itertools.count(1)


def _ids(rows: list[list[str]]) -> list[str]:
    return [f"{a}~{b}" for a, b in rows]


# --- the matcher --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), CORPUS["same"], ids=_ids(CORPUS["same"]))
def test_spellings_of_one_name_are_one_person(a: str, b: str) -> None:
    for x, y in ((a, b), (b, a)):
        match = match_people(x, y)
        assert match.same, match.reason
        assert same_person(x, y)
        assert repr(x) in match.reason and repr(y) in match.reason  # the reason names what it compared


@pytest.mark.parametrize(("a", "b"), CORPUS["different"], ids=_ids(CORPUS["different"]))
def test_different_names_are_different_persons(a: str, b: str) -> None:
    for x, y in ((a, b), (b, a)):
        match = match_people(x, y)
        assert not match.same, match.reason
        assert "different persons" in match.reason and repr(x) in match.reason and repr(y) in match.reason


@pytest.mark.parametrize(("a", "b"), CORPUS["near"], ids=_ids(CORPUS["near"]))
def test_names_one_letter_apart_are_near(a: str, b: str) -> None:
    assert match_people(a, b).near and match_people(b, a).near


@pytest.mark.parametrize(("a", "b"), CORPUS["not_near"], ids=_ids(CORPUS["not_near"]))
def test_names_further_apart_are_not_near(a: str, b: str) -> None:
    assert not match_people(a, b).near


def test_every_name_is_its_own_person() -> None:
    for name in {n for rows in CORPUS.values() for row in rows for n in row}:
        assert same_person(name, name)


def test_the_reasons_say_how_the_words_differ() -> None:
    assert "Gunawel/Kunawel: one spelling once transliterated" in match_people("Daran Gunawel", "Daran Kunawel").reason
    assert "J. is the initial of John" in match_people("J. Talbot", "John Talbot").reason
    assert "the given name alone" in match_people("Elena", "Elena Varga").reason
    assert "family names Roe/Rowe: different consonants, 'r' vs 'rv'" in match_people("Jane Roe", "Jane Rowe").reason
    assert "a different first vowel" in match_people("Tom Baker", "Tom Booker").reason


def test_family_names_one_person_bears_share_a_blocking_key() -> None:
    """merge_people only compares keys with one surname key: every pair joined by its family names
    must share it (a lone given name is joined by its given name, and so is not among these)."""
    for a, b in CORPUS["same"]:
        if "the given name alone" not in match_people(a, b).reason:
            assert surname_key(a) == surname_key(b), (a, b)


# --- clusters and merged subject keys ---------------------------------------------------------------------


def test_an_initial_that_fits_two_persons_joins_neither() -> None:
    clusters = cluster_names(["J. Talbot", "John Talbot", "Jane Talbot", "Talbot"])
    assert sorted(sorted(c.names) for c in clusters) == [["J. Talbot"], ["Jane Talbot"], ["John Talbot"], ["Talbot"]]
    assert [c.ambiguous for c in clusters if c.names[0] in ("J. Talbot", "Talbot")] == [True, True]


def test_an_initial_joins_the_one_person_it_fits() -> None:
    clusters = cluster_names(["J. Talbot", "John Talbot", "Talbot", "Marta Talbot-Reyes"])
    assert sorted(sorted(c.names) for c in clusters) == [["J. Talbot", "John Talbot", "Talbot"], ["Marta Talbot-Reyes"]]


def claim(source: str, key: str, kind: ClaimKind = ClaimKind.TITLE, value: NameValue | None = None) -> Claim:
    number = next(_COUNTER)
    return Claim(
        id=f"{source}.k{number}",
        source=source,
        kind=kind,
        subject=Subject(key=key, label=key),
        value=value or NameValue(role="captain", person="Somebody"),
        text="words",
        sentence="Somebody said words today.",
        start=number,
        end=number + 5,
        rule="test/hand-built",
    )


def _buckets(*rows: tuple[str, str]) -> dict[str, list[Claim]]:
    buckets: dict[str, list[Claim]] = {}
    for source, key in rows:
        buckets.setdefault(key, []).append(claim(source, key))
    return buckets


def _merged(buckets: dict[str, list[Claim]]) -> dict[str, list[str]]:
    return {key: sorted(c.source for c in claims) for key, claims in merge_people(buckets).items()}


def test_spellings_of_one_person_merge_under_the_most_reported_key() -> None:
    buckets = _buckets(
        ("s1", "title|nimal halpegama"),
        ("s2", "title|nimal halpegama"),
        ("s3", "title|nimal halpegema"),
        ("s4", "title|n halpegama"),
        ("s1", "title|kumari halpegama"),
        ("s2", "quote|nimal halpegema"),
        ("s1", "count|killed|-|-"),
    )
    assert _merged(buckets) == {
        "title|nimal halpegama": ["s1", "s2", "s3", "s4"],
        "title|kumari halpegama": ["s1"],
        "quote|nimal halpegema": ["s2"],  # another prefix: another bucket
        "count|killed|-|-": ["s1"],
    }


def test_qualified_keys_merge_only_within_their_qualifier() -> None:
    buckets = _buckets(
        ("s1", "title|elena varga|former"), ("s2", "title|elena vargha|former"), ("s3", "title|elena varga")
    )
    assert _merged(buckets) == {"title|elena varga|former": ["s1", "s2"], "title|elena varga": ["s3"]}


def test_different_persons_and_a_lone_given_name_stay_apart() -> None:
    buckets = _buckets(("s1", "title|jane roe"), ("s2", "title|jane rowe"), ("s3", "title|jane"), ("s4", "title|"))
    assert _merged(buckets) == {k: [s] for k, s in zip(buckets, ("s1", "s2", "s3", "s4"), strict=True)}


def test_merging_does_not_depend_on_the_order_of_the_keys() -> None:
    rows = [
        ("s1", "title|john talbot"),
        ("s2", "title|j talbot"),
        ("s3", "title|talbot"),
        ("s4", "title|jane talbot"),
        ("s5", "spoke|daran gunawel"),
        ("s6", "spoke|daran kunawel"),
        ("s6", "quote|jon halden"),
        ("s7", "quote|jan halden"),
    ]
    expected = _merged(_buckets(*rows))
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert _merged(_buckets(*shuffled)) == expected
    assert expected["spoke|daran gunawel"] == ["s5", "s6"]
    assert expected["title|talbot"] == ["s3"]  # fits John and Jane Talbot: joins neither


# --- role holders through reconcile --------------------------------------------------------------------


def names(*people: tuple[str, str] | tuple[str, str, Modality], role: str = "captain") -> list[Group]:
    claims = []
    for row in people:
        source, person = row[0], row[1]
        made = claim(source, f"name|{role}", ClaimKind.NAME, NameValue(role=role, person=person))
        if len(row) == 3:
            made = made.model_copy(update={"modality": row[2]})
        claims.append(made)
    return reconcile(claims)


def only(groups: list[Group]) -> Group:
    assert len(groups) == 1, [(g.status, g.explanation) for g in groups]
    return groups[0]


def labels(group: Group) -> list[str]:
    return [p.label for p in group.positions]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Leyla Mohammadi", "Leyla Muhammedi"),  # a variant
        ("Elena", "Elena Varga"),  # the given name alone
        ("E. Varga", "Elena Varga"),  # an initial
        ("Varga", "Elena Varga"),  # the family name alone
    ],
)
def test_one_person_in_two_forms_agrees_in_one_position(a: str, b: str) -> None:
    group = only(names(("s1", a), ("s2", b)))
    assert group.status is GroupStatus.AGREE, group.explanation
    assert len(group.positions) == 1 and group.positions[0].sources == ["s1", "s2"]
    assert repr(a) in group.explanation and repr(b) in group.explanation


def test_two_persons_for_one_role_conflict_one_position_each() -> None:
    group = only(names(("s1", "Elena Varga"), ("s2", "Marta Kovacs"), ("s3", "Elena Vargha")))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MAJOR
    assert labels(group) == ["Elena Varga / Elena Vargha", "Marta Kovacs"]
    assert [p.sources for p in group.positions] == [["s1", "s3"], ["s2"]]
    assert group.explanation.startswith("Elena Varga [s1], Elena Vargha [s3] vs Marta Kovacs [s2]: different persons")
    assert "family names Varga/Kovacs" in group.explanation


def test_a_shared_first_name_with_another_family_name_conflicts() -> None:
    group = only(names(("s1", "Elena Varga"), ("s2", "Elena Moldovan")))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MAJOR
    assert labels(group) == ["Elena Varga", "Elena Moldovan"]


def test_names_one_letter_apart_are_a_minor_conflict() -> None:
    group = only(names(("s1", "Jane Roe"), ("s2", "Jane Rowe")))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MINOR
    assert "one letter apart" in group.explanation and len(group.positions) == 2


def test_three_persons_for_one_role_are_one_conflict_of_three_positions() -> None:
    group = only(names(("s1", "Elena Varga"), ("s2", "Marta Kovacs"), ("s3", "Ilse Brandt"), ("s4", "Elena Varga")))
    assert group.status is GroupStatus.CONFLICT
    assert labels(group) == ["Elena Varga", "Marta Kovacs", "Ilse Brandt"]


def test_a_second_holder_named_only_beside_the_first_is_no_conflict() -> None:
    groups = names(("s1", "Elena Varga"), ("s2", "Elena Varga"), ("s2", "Marta Kovacs"))
    assert [g.status for g in groups] == [GroupStatus.AGREE, GroupStatus.SINGLE]
    assert "named beside Elena Varga by s2" in groups[1].explanation


def test_a_planned_successor_is_a_minor_conflict() -> None:
    group = only(names(("s1", "Elena Varga"), ("s2", "Marta Kovacs", Modality.PLAN)))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MINOR
    assert "plan on one side" in group.explanation


def test_time_verdicts_carry_their_positions() -> None:
    claims = [
        claim(s, "time|landing|-", ClaimKind.TIME, None).model_copy(update={"value": TimeValue(start=t, end=t)})
        for s, t in (("s1", "09:10"), ("s2", "09:10"))
    ]
    (verdict,) = compare_times(claims, Context())
    assert verdict.status is GroupStatus.AGREE and verdict.positions == (tuple(claims),)


# --- invented articles through the whole pipeline -----------------------------------------------------


def _report(tmp_path: Path, *sentences: str) -> list[Group]:
    for n, sentence in enumerate(sentences, start=1):
        body = f"The ferry Orla Star ran aground off Brenn Island on Friday. {sentence}"
        (tmp_path / f"a{n}.txt").write_text(f"---\npublished: 2024-05-04\n---\n{body}\n", encoding="utf-8")
    return [g for g in run([tmp_path], Settings()).groups if g.kind is ClaimKind.NAME]


def test_articles_variants_and_initials_of_one_captain_agree(tmp_path: Path) -> None:
    group = only(
        _report(
            tmp_path,
            "The captain, Leyla Mohammadi, said all passengers were safe.",
            "The captain, Leyla Muhammedi, told reporters the crew was unhurt.",
            "The captain, L. Mohammadi, said nobody was hurt.",
        )
    )
    assert group.status is GroupStatus.AGREE and group.sources == ["s1", "s2", "s3"], group.explanation
    assert len(group.positions) == 1 and "spellings of one name" in group.explanation


def test_articles_two_captains_conflict_side_by_side(tmp_path: Path) -> None:
    group = only(
        _report(
            tmp_path,
            "The captain, Elena Varga, said all passengers were safe.",
            "The captain, Marta Kovacs, said the passengers were safe.",
        )
    )
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MAJOR
    assert labels(group) == ["Elena Varga", "Marta Kovacs"]


def test_articles_spellings_of_one_person_share_a_title_group(tmp_path: Path) -> None:
    for n, person in enumerate(("Leyla Mohammadi", "Leyla Muhammedi"), start=1):
        body = f"The ferry ran aground off Brenn Island. The captain, {person}, said all were safe."
        (tmp_path / f"a{n}.txt").write_text(f"---\npublished: 2024-05-04\n---\n{body}\n", encoding="utf-8")
    titles = [g for g in run([tmp_path], Settings()).groups if g.kind is ClaimKind.TITLE]
    assert [(g.status, g.sources) for g in titles] == [(GroupStatus.AGREE, ["s1", "s2"])]
