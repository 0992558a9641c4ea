"""The anonymiser's bench: its sets are what their folders say, and the anonymiser keeps its
floors on them.

Floors on train/ and regression/ sets guard against regressions; they say nothing about unseen
text (bench/anonymiser/README.md). A sealed set's floor reports pass or fail only, never the
passages it misses, so that a failure cannot be tuned on.
"""

import re
from pathlib import Path

import pytest

from bench.anonymiser import train_names
from bench.anonymiser.evaluate import (
    REAL,
    REGRESSION,
    SEALED,
    TARGET_KINDS,
    TRAIN,
    chosen_sets,
    clean_text_false_alarms,
    evaluate,
    load_passages,
    overall,
    report,
    set_role,
    sets_in,
)

TESTS = Path(__file__).resolve().parents[1]
OTHER_KINDS = ("id_card", "phone", "plate", "bank_card")


def every_set() -> list[Path]:
    return sets_in(TRAIN) + sets_in(REGRESSION) + sets_in(SEALED)


# --- the sets -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", every_set(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_set_parses_with_gold_on_its_own_text(path):
    """Every set has passages, and every gold span points inside its passage."""
    passages = load_passages(path)
    assert passages
    for p in passages:
        for kind, start, end in p.gold:
            assert 0 <= start < end <= len(p.text), (kind, start, end)
            assert "[[" not in p.text[start:end]


def test_gold_parser_rejects_nothing_silently(tmp_path: Path):
    """A malformed annotation stays in the text instead of becoming a gold span."""
    path = tmp_path / "bad.txt"
    path.write_text("---\n信访人[[person_name张三]]来访。\n", encoding="utf-8")
    (passage,) = load_passages(path)
    assert passage.gold == []


def test_there_is_a_sealed_set():
    assert sets_in(SEALED)


def test_evaluate_scores_the_sealed_sets_by_default():
    """`evaluate.py` with no set named scores every sealed set and nothing else."""
    paths, out = chosen_sets([])
    assert paths == sets_in(SEALED)
    assert out.name == "sealed.md"


def test_set_role_is_the_folder():
    assert set_role(TRAIN / "names_a.txt") == "train"
    assert set_role(REGRESSION / "petitions_g.txt") == "regression"
    assert set_role(SEALED / "petitions_h.txt") == "sealed"
    assert set_role(Path("/tmp/elsewhere.txt")) == "other"


# --- training never sees a sealed set ------------------------------------------------------


def test_the_model_is_trained_on_train_sets_only():
    assert train_names.TRAIN_SETS
    assert {set_role(path) for path in train_names.TRAIN_SETS} == {"train"}


@pytest.mark.parametrize("folder", [SEALED, REGRESSION], ids=["sealed", "regression"])
def test_training_refuses_a_set_outside_train(folder, tmp_path):
    """Naming a sealed or regression set fails before anything is trained or written."""
    out = tmp_path / "m.crfsuite"
    with pytest.raises(train_names.NotATrainingSet):
        train_names.train([TRAIN / "petitions_c.txt", sets_in(folder)[0]], out, verbose=False)
    assert not out.exists()


def test_training_refuses_a_sealed_set_by_relative_name():
    with pytest.raises(train_names.NotATrainingSet):
        train_names.training_passages("sealed/" + sets_in(SEALED)[0].name)


def test_leaving_out_a_sealed_set_is_refused_too():
    """`--holdout` scores a training set without it; a sealed set is no training set."""
    with pytest.raises(train_names.NotATrainingSet):
        train_names.holdout(sets_in(SEALED)[0])


# --- unit tests are no copies of sealed passages -------------------------------------------

COPY_LENGTH = 15  # characters in a row; shorter overlaps are stock phrases (大渡口区信访办公室)


def _shared_runs(source: str, texts: list[str], length: int) -> list[str]:
    grams = {t[i : i + length] for t in texts for i in range(len(t) - length + 1)}
    return sorted({source[i : i + length] for i in range(len(source) - length + 1)} & grams)


def test_shared_run_finder_finds_a_planted_copy():
    text = "信访人某某于某日来到接待大厅反映其承包地被占用的问题。"
    assert _shared_runs(f'x = "{text[3:20]}"', [text], COPY_LENGTH)
    assert not _shared_runs('x = "信访人来访"', [text], COPY_LENGTH)


def test_no_unit_test_copies_a_sealed_passage():
    """A test that quotes a sealed passage tunes the anonymiser on it."""
    sealed = [re.sub(r"\s+", "", p.text) for path in sets_in(SEALED) for p in load_passages(path)]
    for source in sorted(TESTS.rglob("*.py")):
        code = re.sub(r"\s+", "", source.read_text(encoding="utf-8"))
        assert not _shared_runs(code, sealed, COPY_LENGTH), source.name


# --- floors ---------------------------------------------------------------------------------


def assert_targets(path, *, recall=0.98, precision=0.90, other_kinds_exact=False):
    """Target kinds (names, ID numbers, phones, plates, bank cards) at or above the floors."""
    tallies = evaluate(load_passages(path))
    target = overall(tallies, TARGET_KINDS)
    assert target.recall >= recall, report(tallies, 0, 0)
    assert target.precision >= precision, report(tallies, 0, 0)
    if other_kinds_exact:
        for kind in OTHER_KINDS:
            assert tallies[kind].recall == 1.0, kind
    return tallies


def assert_names_floor(path, *, passages, names, recall, precision):
    """Names at or above the floors; ID numbers, phones, plates and bank cards all exact."""
    loaded = load_passages(path)
    assert len(loaded) >= passages
    tallies = evaluate(loaded)
    found = tallies["person_name"]
    assert found.tp + found.fn >= names
    assert found.recall >= recall, report(tallies, 0, 0)
    assert found.precision >= precision, report(tallies, 0, 0)
    for kind in OTHER_KINDS:
        assert tallies[kind].recall == 1.0 and tallies[kind].precision == 1.0, kind


def test_petitions_a_targets():
    """Formerly heldout.txt (tuned on after its first run, then trained on)."""
    assert_targets(TRAIN / "petitions_a.txt", other_kinds_exact=True)


def test_petitions_b_targets():
    """Formerly heldout_b.txt."""
    assert_targets(TRAIN / "petitions_b.txt")


def test_petitions_c_targets():
    """Formerly heldout_c.txt; it informed round four (桂林生于…, 施建平等32名)."""
    tallies = assert_targets(TRAIN / "petitions_c.txt", other_kinds_exact=True)
    assert tallies["person_name"].recall >= 0.98, report(tallies, 0, 0)


def test_petitions_d_names():
    """Formerly heldout_d.txt (titles, verbs, lists, nicknames, dotted and compound names),
    the tuning set of round four: names ≥ 98% recall, ≥ 90% precision."""
    passages = load_passages(TRAIN / "petitions_d.txt")
    assert len(passages) >= 25
    tallies = evaluate(passages)
    names = tallies["person_name"]
    assert names.tp + names.fn >= 80
    assert names.recall >= 0.98, report(tallies, 0, 0)
    assert names.precision >= 0.90, report(tallies, 0, 0)


def test_petitions_e_floor():
    """Formerly heldout_e.txt; its misses informed round five."""
    tallies = evaluate(load_passages(TRAIN / "petitions_e.txt"))
    names = tallies["person_name"]
    assert names.recall >= 0.95, report(tallies, 0, 0)
    assert names.precision >= 0.90, report(tallies, 0, 0)


def test_petitions_f_floor():
    """Formerly heldout_f.txt (word-like surnames and given names); the model trains on it."""
    assert_names_floor(
        TRAIN / "petitions_f.txt", passages=20, names=60, recall=0.94, precision=0.90
    )


def test_petitions_g_floor():
    """Formerly heldout_g.txt: never trained on, but its first run's misses informed two rules,
    so it is a regression set. Floor at that first run (97.3% / 99.3%)."""
    assert_names_floor(
        REGRESSION / "petitions_g.txt", passages=30, names=150, recall=0.973, precision=0.95
    )


def test_petitions_i_floor():
    """petitions_i: an independent writer's 40 passages, run once (names 98.0% / 96.1%) and then
    developed on in round four of issue 15, so a regression set. Floor at that first run."""
    assert_names_floor(
        REGRESSION / "petitions_i.txt", passages=40, names=451, recall=0.98, precision=0.96
    )


def test_petitions_j_floor():
    """petitions_j: a third writer's 40 passages, sealed as sealed_petition_r4 and run once with
    round four's code (names 94.1% / 95.3%), then developed on in round five of issue 15, so a
    regression set. Floor at that first run."""
    assert_names_floor(
        REGRESSION / "petitions_j.txt", passages=40, names=427, recall=0.941, precision=0.953
    )


def test_sealed_petitions_h_targets():
    """Formerly heldout_h.txt, sealed: targets ≥ 98% / ≥ 90%. Pass or fail only — the message
    names no passage, so a failure cannot be tuned on (record it, do not fix it here)."""
    tallies = evaluate(load_passages(SEALED / "petitions_h.txt"))
    names, target = tallies["person_name"], overall(tallies, TARGET_KINDS)
    assert names.tp + names.fn >= 150
    assert names.recall >= 0.98 and names.precision >= 0.90, "sealed floor missed (names)"
    assert target.recall >= 0.98 and target.precision >= 0.90, "sealed floor missed (targets)"


def test_no_false_alarms_on_regulation_texts():
    """The regulation texts hold no personal data: nothing may be flagged in them. (The model
    is trained on them as negatives, so this is a training figure.)"""
    chars, alarms = clean_text_false_alarms()
    assert chars > 20_000  # the project's own copies are read: this cannot pass vacuously
    assert alarms == []


# --- real text (issue 15) --------------------------------------------------------------------


def test_real_sets_are_development_sets():
    """The real-text sets live in real/ and are named for what they are."""
    assert set_role(REAL / "laws_dev.txt.gz") == "real_dev"
    assert set_role(REAL / "laws_train.txt.gz") == "real_train"
    assert set_role(REAL / "cases_dev.txt") == "real_dev"
    assert set_role(REAL / "gazette_tune.txt") == "real_dev"
    assert set_role(REAL / "gazette_measure.txt") == "real_measure"
    assert [p.name for p in chosen_sets([], real=True)[0]] == [
        "cases_dev.txt",
        "gazette_measure.txt",
        "gazette_tune.txt",
        "laws_dev.txt.gz",
        "laws_train.txt.gz",
    ]


def test_laws_dev_false_findings_floor():
    """Law texts hold no personal data: on the first 20 texts of the development half (never
    trained on) at most two false findings per 10,000 characters (1.6 now, 0.76 on the whole
    set; 35 before issue 15)."""
    passages = load_passages(REAL / "laws_dev.txt.gz")[:20]
    chars = sum(len(p.text) for p in passages)
    false = overall(evaluate(passages)).fp
    assert chars > 100_000
    assert false * 10_000 / chars <= 2.0, false


def test_cases_dev_floor():
    """Published cases with their real parties and judges (development set): names ≥ 99%
    recall, ≥ 94% precision, at most 4.5 false findings per 10,000 characters (15.4 before)."""
    passages = load_passages(REAL / "cases_dev.txt")
    tallies = evaluate(passages)
    names = tallies["person_name"]
    chars = sum(len(p.text) for p in passages)
    assert names.tp + names.fn >= 550
    assert names.recall >= 0.99, report(tallies, 0, 0)
    assert names.precision >= 0.94, report(tallies, 0, 0)
    assert overall(tallies).fp * 10_000 / chars <= 4.5


@pytest.mark.parametrize(
    ("name", "recall", "precision"),
    [("gazette_tune.txt", 0.97, 0.95), ("gazette_measure.txt", 0.90, 0.95)],
)
def test_gazette_judgments_floor(name, recall, precision):
    """Published judgments with their parties' real names (issue 15, round three): floors on
    names (before round three: tune 92.9% R / 91.8% P, measure 86.8% R / 97.0% P; tune now
    99.0% R / 96.3% P, 20 of its 23 false names being 红颜静, the plaintiff's net name, which
    is arguably personal data too)."""
    passages = load_passages(REAL / name)
    names = evaluate(passages)["person_name"]
    assert names.tp + names.fn >= 600
    assert names.recall >= recall, (names.recall, names.misses)
    assert names.precision >= precision, (names.precision, names.false_alarms)


def test_law_negatives_come_from_the_training_half_only():
    """The name model's law negatives and the legal vocabulary are drawn from laws_train; the
    development half stays unseen."""
    assert train_names.LAW_NEGATIVES == REAL / "laws_train.txt.gz"
    dev_lines = {
        line.strip()
        for p in load_passages(REAL / "laws_dev.txt.gz")
        for line in p.text.splitlines()
    }
    sample = list(train_names.law_lines())[:2000]
    assert sample
    assert len([line for line in sample if line in dev_lines]) < len(sample) * 0.05
