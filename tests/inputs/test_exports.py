"""Exports write exactly the value, and any title names its sheet (issue 9).

A value starting with = + - @ is a text cell holding those characters (no formula, no added
apostrophe), so exporting and re-importing changes nothing; a quiz title with : / ? * [ ]
still gives its results export."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kit.spreadsheets import Sheet, read_sheet, sheet_title, write_sheet, write_workbook
from quizzes.models import QuestionBank
from quizzes.services import attempt_start
from quizzes.spreadsheet import COLUMNS, questions_export, questions_import
from tests.quizzes.factories import QuestionFactory, make_quiz

pytestmark = pytest.mark.django_db

TRICKY = ["=1+1", "+86 138", "-5日", "@信访", "=cmd|' /C calc'!A0", "'引号开头", " =空格"]


def test_values_that_look_like_formulas_are_text_cells_holding_exactly_the_value():
    """Each value is a string cell (type 's') with the same characters: nothing to run."""
    data = write_sheet(title="t", columns=["值"], rows=[[v] for v in TRICKY])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == TRICKY
    assert {c.data_type for c in cells} == {"s"}


def test_exported_values_read_back_exactly():
    """The kit's own reader reads the export back unchanged (no formula refusal, no ')."""
    data = write_sheet(title="t", columns=["值"], rows=[[v] for v in TRICKY])
    rows = read_sheet(io.BytesIO(data), required_columns=["值"])
    assert [r.get("值") for r in rows] == [v.strip() for v in TRICKY]


def test_question_bank_round_trip_keeps_formula_like_text(db):
    """Export a bank whose stem, options and explanation start with = + - @, import the file
    into a new bank: every value is the same."""
    bank = QuestionBank.objects.create(name="原题库")
    QuestionFactory(
        bank=bank,
        stem="<p>=A1 是公式吗？</p>",
        option_a="=SUM(A1:A2)",
        option_b="+86",
        option_c="-5日",
        option_d="@信访",
        answer="B",
        explanation="=cmd|' /C calc'!A0",
    )
    data = questions_export(bank=bank)
    report = questions_import(io.BytesIO(data), bank_name="新题库")
    assert report.ok, report.errors
    copy = QuestionBank.objects.get(name="新题库").questions.get()
    assert copy.stem_text == "=A1 是公式吗？"
    assert [copy.option_a, copy.option_b, copy.option_c, copy.option_d] == [
        "=SUM(A1:A2)",
        "+86",
        "-5日",
        "@信访",
    ]
    assert copy.explanation == "=cmd|' /C calc'!A0"
    assert (
        load_workbook(io.BytesIO(data))
        .worksheets[0]
        .cell(row=2, column=COLUMNS.index("选项A") + 1)
        .data_type
        == "s"
    )


@pytest.mark.parametrize("title", ["季度: 测验/一? * [二]", "a\\b", "'引号'", "x" * 40, "::"])
def test_any_title_names_a_sheet(title):
    """Forbidden characters are replaced, apostrophes at the ends dropped, 31 characters at
    most: the workbook is written and opens."""
    data = write_sheet(title=title, columns=["a"], rows=[["1"]])
    name = load_workbook(io.BytesIO(data)).sheetnames[0]
    assert name == sheet_title(title)
    assert 1 <= len(name) <= 31 and not set(name) & set(":/\\?*[]")


def test_sheet_titles_are_unique_in_a_workbook():
    """Two sheets whose titles clean to the same name get distinct names."""
    data = write_workbook([Sheet("a/b", ["x"]), Sheet("a?b", ["x"]), Sheet("A_B", ["x"])])
    assert load_workbook(io.BytesIO(data)).sheetnames == ["a_b", "a_b (2)", "A_B (3)"]


def test_control_characters_do_not_break_an_export():
    """A value pasted from Word with a vertical tab (XML cannot carry it) is exported without
    it instead of failing the whole file."""
    data = write_sheet(title="t", columns=["值"], rows=[["第一\x0b第二"]])
    assert load_workbook(io.BytesIO(data)).worksheets[0]["A2"].value == "第一第二"


def test_quiz_results_export_with_a_title_full_of_forbidden_characters(trainer_client, official):
    """The observed 500: a quiz titled with : / ? * [ ] exports its results."""
    quiz = make_quiz(questions=[QuestionFactory()], title="第[一]季度: 测验/复习? *")
    attempt_start(quiz=quiz, user=official, now=timezone.now())
    url = reverse("quizzes_admin:quiz_report_xlsx", kwargs={"quiz_id": quiz.pk})
    response = trainer_client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == "第_一_季度_ 测验_复习_ _"
    assert sheet["A2"].value == official.display_name
