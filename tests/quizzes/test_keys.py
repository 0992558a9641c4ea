"""Key parsing, normalisation and scoring (quizzes/keys.py): the one place answers are judged."""

from decimal import Decimal

import pytest

from quizzes.keys import (
    KeyError_,
    ResponseError,
    key_parse,
    normalise,
    response_clean,
    response_score,
)

LETTERS = list("ABCD")


def test_normalise_folds_full_width_and_spaces():
    """Full-width digits and letters, and any spaces, do not make a right answer wrong."""
    assert normalise("６０ 日") == normalise("60日")
    assert normalise("Ａｂ") == "ab"
    assert normalise("　联合 接访　") == "联合接访"


@pytest.mark.parametrize(
    "qtype,text,expected",
    [
        ("single", "b", "B"),
        ("multiple", "C、A", ["A", "C"]),
        ("true_false", "√", True),
        ("true_false", "错误", False),
        ("fill", "60|六十；30", [["60", "六十"], ["30"]]),
    ],
)
def test_key_parse_accepts_the_spreadsheet_forms(qtype, text, expected):
    """The 答案 column's usual spellings parse to the canonical key."""
    assert key_parse(qtype, text, LETTERS) == expected


@pytest.mark.parametrize(
    "qtype,text",
    [
        ("single", "E"),  # not among the options
        ("single", "AB"),  # two answers to a single choice
        ("multiple", "A"),  # one answer to a multiple choice
        ("multiple", "AA"),
        ("true_false", "maybe"),
        ("fill", "；"),
        ("single", ""),
    ],
)
def test_key_parse_refuses_bad_keys(qtype, text):
    """Keys that do not fit the type or options are refused with a message."""
    with pytest.raises(KeyError_):
        key_parse(qtype, text, LETTERS)


def test_fill_in_scoring_accepts_alternatives_and_width_variants():
    """Each blank accepts any listed alternative, full-width or with spaces; partial blanks score."""
    key = key_parse("fill", "60|六十；30", [])
    assert response_score(
        "fill", key, ["６０", " 30 "], points=Decimal("4"), partial_credit=False
    ) == (
        Decimal("4.00"),
        True,
    )
    assert response_score(
        "fill", key, ["六十", "31"], points=Decimal("4"), partial_credit=False
    ) == (
        Decimal("2.00"),
        False,
    )


def test_multiple_choice_all_or_nothing_and_partial():
    """All-or-nothing gives 0 for a subset; partial credit gives a share; any wrong choice gives 0."""
    key = ["A", "B", "C"]
    pts = Decimal("3")
    assert response_score("multiple", key, ["A", "B"], points=pts, partial_credit=False)[0] == 0
    assert response_score("multiple", key, ["A", "B"], points=pts, partial_credit=True)[
        0
    ] == Decimal("2.00")
    assert response_score("multiple", key, ["A", "D"], points=pts, partial_credit=True)[0] == 0
    assert response_score("multiple", key, ["A", "B", "C"], points=pts, partial_credit=False) == (
        Decimal("3.00"),
        True,
    )


def test_true_false_does_not_take_truthy_strings():
    """Only a real boolean counts: the string "false" is refused before it could score."""
    with pytest.raises(ResponseError):
        response_clean("true_false", "false", option_letters=[], blanks=0)
    assert response_score("true_false", True, True, points=Decimal("1"), partial_credit=False)[1]


@pytest.mark.parametrize(
    "qtype,response",
    [
        ("single", "Z"),
        ("single", ["A"]),
        ("multiple", "A"),
        ("multiple", ["A", "A"]),
        ("fill", ["only one"]),
        ("fill", [1, 2]),
        ("essay", "x" * 6000),
        ("essay", {"a": 1}),
    ],
)
def test_response_clean_refuses_shapes_that_do_not_fit(qtype, response):
    """A hostile client cannot store a response of the wrong shape."""
    with pytest.raises(ResponseError):
        response_clean(qtype, response, option_letters=LETTERS, blanks=2)
