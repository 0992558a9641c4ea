"""Issue 15, round four: the classes of error a petition-style development set showed
(`bench/anonymiser/regression/petitions_i.txt`). Every sentence here was written for the test;
none is copied from a bench set."""

import pytest

from case_library.anonymiser import find, redact
from case_library.anonymiser.patterns import id_card_shape


def only(text, kind):
    return [f.text for f in find(text) if f.kind == kind]


# --- 1. ID numbers with a mistyped check digit ----------------------------------------------

# 320583 (昆山) + 1979-06-21 + 4415: the right check digit would be another one
_BAD_CHECK = "320583197906214415"


def test_an_id_numbers_shape_is_checked_without_the_check_digit():
    assert id_card_shape(_BAD_CHECK)
    assert not id_card_shape("320583197913214415")  # month 13
    assert not id_card_shape("320583197902304415")  # 30 February
    assert not id_card_shape("990583197906214415")  # no province 99


@pytest.mark.parametrize("cue", ["身份证号码", "公民身份号码：", "身份证号为", "证件号码"])
def test_an_id_number_after_its_cue_is_an_id_even_with_a_wrong_check_digit(cue):
    text = f"来访人宋立，{cue}{_BAD_CHECK}，要求复查。"
    assert only(text, "id_card") == [_BAD_CHECK]
    assert _BAD_CHECK not in redact(text)


def test_an_id_numbers_shape_is_no_bank_card_even_when_it_passes_luhn():
    # 430104 + 1985-03-12: a wrong GB 11643 check digit, but the 18 digits pass Luhn
    number = "430104198503126712"
    assert only(f"身份证号码{number}。", "id_card") == [number]
    assert only(f"附件编号{number}。", "bank_card") == []


def test_a_number_labelled_social_security_is_a_social_id():
    for cue in ("社会保障号码", "社保号：", "社保卡号"):
        text = f"申请人的{cue}{_BAD_CHECK}，已核对。"
        assert only(text, "social_id") == [_BAD_CHECK], cue
        assert only(text, "bank_card") == []


def test_bank_cards_stay_bank_cards():
    assert only("转入6222020830166131862后", "bank_card") == ["6222020830166131862"]
    assert only("卡号6228480402564890018。", "bank_card") == ["6228480402564890018"]
