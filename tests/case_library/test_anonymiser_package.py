"""The anonymiser as a package a newcomer can read: named rules that say why they found a
name, word lists as data files, one model per process, and no private names used outside."""

import re
from pathlib import Path

import pytest

from case_library.anonymiser import find, lexicon, prepare, rules
from case_library.anonymiser import model as name_model

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "case_library" / "anonymiser"


def reasons(text):
    _spans, blanked = prepare(text)
    return [(blanked[c.start : c.end], c.reason) for c in rules.explain(blanked)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("受宋美玲委托代理。", ("宋美玲", "tagged_names")),
        ("信访人张建国反映工资被拖欠。", ("张建国", "role_before")),
        ("据核实，施立新等18名工人的欠薪已结清。", ("施立新", "title_after")),
        ("接待了钟国华，看望了白淑珍一家。", ("钟国华", "verb_object")),
        ("艾力·买买提与古丽娜·托合提夫妇来访。", ("艾力·买买提", "dotted_names")),
        ("来访人格桑卓玛反映草场补助款被截留。", ("格桑卓玛", "syllable_names")),
        ("此后，殷桂兰每周都来。", ("殷桂兰", "clause_start")),
        ("随后约谈了程立新的妻子，核实情况。", ("程立新", "person_slot")),
        ("小李（李卫东）陪同其母来访。", ("李卫东", "nickname_with_full_name")),
        ("王建国、方平走访了两户居民。", ("方平", "list_items")),
        ("信访人张建国称老张没钱。", ("老张", "nicknames")),
        ("会上，市长万里指出，要依法接访。", ("万里", "leader_title")),
        ("家庭成员：\n夏天，男，1968年生。", ("夏天", "sex_and_birth")),
    ],
)
def test_each_rule_names_itself_as_the_reason(text, expected):
    """Every rule of rules.RULES is a named function; explain() says which one found a name."""
    assert expected in reasons(text)


def test_every_rule_is_documented_and_listed_once():
    names = [rule.__name__ for rule in rules.RULES]
    assert len(names) == len(set(names)) == 13
    assert all(rule.__doc__ and rule.__doc__.strip() for rule in rules.RULES)


def test_explain_gives_the_same_spans_as_name_candidates():
    _spans, blanked = prepare("信访人张建国与工友张大海来访。老张说工资被拖欠。")
    spans = rules.name_candidates(blanked)
    assert spans and spans == [(c.start, c.end) for c in rules.explain(blanked)]


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("lexicon/*.txt")), ids=lambda p: p.name)
def test_lexicons_are_one_entry_a_line_without_duplicates(path):
    """Each word list is data: a comment saying what it is for, then one entry a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries
    assert all(entry == entry.strip() and " " not in entry for entry in entries)
    assert len(entries) == len(set(entries)), path.name


def test_single_character_lists_hold_single_characters():
    for name in ("surnames", "given_chars", "stop_chars", "dotted_stop_chars"):
        assert all(len(entry) == 1 for entry in lexicon.entries(name)), name


def test_not_names_holds_no_pseudonym_forms():
    """X某 can never reach the word list (a given name with 某 is rejected first): no dead
    entries."""
    assert lexicon.NOT_NAMES
    assert not [word for word in lexicon.NOT_NAMES if "某" in word]


def test_the_model_is_opened_once_per_process(monkeypatch):
    """A long case is scanned line by line; the model file is opened once, not per call."""
    import pycrfsuite

    opened = []
    real = pycrfsuite.Tagger

    class CountingTagger(real):
        def open(self, *args, **kwargs):
            opened.append(args)
            return super().open(*args, **kwargs)

    monkeypatch.setattr(pycrfsuite, "Tagger", CountingTagger)
    name_model.tagger.cache_clear()
    try:
        for _ in range(3):
            find("信访人王建国称，工资未付。\n联系人：夏天。")
        assert len(opened) == 1
    finally:
        name_model.tagger.cache_clear()


PRIVATE_IMPORT = re.compile(
    r"from case_library\.anonymiser(?:\.\w+)? import [^\n]*\b_\w+|anonymiser\.(?:\w+\.)?_[a-z]\w*"
)


def test_no_module_outside_the_package_uses_its_private_names():
    """Other apps, the bench and the tests use the public API and the submodules' public
    names only."""
    offenders = []
    for folder in (
        "accounts",
        "bench",
        "case_library",
        "courses",
        "quizzes",
        "records",
        "site",
        "tests",
    ):
        for path in (ROOT / folder).rglob("*.py"):
            if PACKAGE in path.parents or path == Path(__file__):
                continue
            if PRIVATE_IMPORT.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_private_import_check_catches_one():
    assert PRIVATE_IMPORT.search("from case_library.anonymiser.rules import _claim")
    assert PRIVATE_IMPORT.search("x = anonymiser._name_candidates(t)")
    assert not PRIVATE_IMPORT.search("from case_library.anonymiser import find, redact")


def test_covered_spans_answer_as_clear_of_does():
    """Merging names tests overlaps with a mask of covered characters (a 200-page case has
    thousands of names; testing each against every span was quadratic): same answers."""
    import random

    from case_library.anonymiser.merge import Covered, clear_of

    rng = random.Random(15)
    for _ in range(50):
        spans = [(a, a + rng.randint(1, 5)) for a in rng.sample(range(200), 20)]
        covered = Covered(210, spans)
        for start in range(0, 205):
            end = start + rng.randint(1, 5)
            assert covered.clear(start, end) == clear_of(start, end, spans)
