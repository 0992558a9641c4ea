"""Excel import and export of questions, including broken and hostile spreadsheets."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from kit.spreadsheets import SpreadsheetError
from quizzes.models import Question, QuestionBank
from quizzes.spreadsheet import (
    COLUMNS,
    chinese_number,
    question_template,
    questions_export,
    questions_import,
)
from tests.courses.factories import import_demo_regulation

pytestmark = pytest.mark.django_db


def _row(**values):
    return [values.get(c, "") for c in COLUMNS]


def _xlsx(rows, header=COLUMNS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


GOOD = [
    _row(
        题型="单选",
        题干="信访事项办结期限是？",
        选项A="30日",
        选项B="60日",
        答案="B",
        难度="易",
        法条依据="信访工作条例第34条",
    ),
    _row(题型="多选", 题干="哪些是信访形式？", 选项A="书信", 选项B="电话", 选项C="占卜", 答案="AB"),
    _row(
        题型="判断",
        题干="任何组织和个人不得打击报复信访人。",
        答案="对",
        法条依据="《信访工作条例》第十八条",
    ),
    _row(题型="填空", 题干="代表人数不得超过____人。", 答案="5|五"),
    _row(题型="简答", 题干="简述复查复核期限。", 答案="30日……"),
]


@pytest.fixture
def regulation(db):
    return import_demo_regulation(slug="xinfang").regulation


def test_good_file_imports_every_type_and_links_articles(regulation):
    """A valid sheet creates all five types and resolves 法条依据 to articles (Arabic or Chinese numbers)."""
    report = questions_import(_xlsx(GOOD), bank_name="新题库")
    assert report.ok, report.errors
    assert report.created == 5
    bank = QuestionBank.objects.get(name="新题库")
    assert set(bank.questions.values_list("question_type", flat=True)) == {
        "single",
        "multiple",
        "true_false",
        "fill",
        "essay",
    }
    assert bank.questions.get(question_type="single").articles.get().number == 34
    assert bank.questions.get(question_type="true_false").articles.get().number == 18


def test_dry_run_writes_nothing(regulation):
    """--dry-run checks every row and imports nothing."""
    report = questions_import(_xlsx(GOOD), bank_name="新题库", dry_run=True)
    assert report.ok and len(report.questions) == 5
    assert not Question.objects.exists()


def test_one_bad_row_imports_nothing_and_names_row_and_column(regulation):
    """Errors carry the Excel row number and the column; nothing is imported."""
    rows = [
        *GOOD,
        _row(题型="单选", 题干="答案不在选项中", 选项A="甲", 选项B="乙", 答案="E"),
        _row(题型="选择", 题干="未知题型", 答案="A"),
        _row(题型="多选", 题干="缺答案", 选项A="甲", 选项B="乙"),
        _row(题型="判断", 题干="判断题答案错", 答案="也许"),
        _row(题型="单选", 题干="选项有空缺", 选项A="甲", 选项C="丙", 答案="A"),
        _row(题型="单选", 题干="难度错误", 选项A="甲", 选项B="乙", 答案="A", 难度="很难"),
        _row(
            题型="单选",
            题干="法条不存在",
            选项A="甲",
            选项B="乙",
            答案="A",
            法条依据="信访工作条例第99条",
        ),
        _row(题型="单选", 题干="", 选项A="甲", 选项B="乙", 答案="A"),
    ]
    report = questions_import(_xlsx(rows), bank_name="新题库")
    assert not report.ok
    assert not Question.objects.exists()
    found = {(e.row, e.column) for e in report.errors}
    assert {
        (7, "答案"),
        (8, "题型"),
        (9, "答案"),
        (10, "答案"),
        (11, "选项B"),
        (12, "难度"),
        (13, "法条依据"),
        (14, "题干"),
    } <= found


def test_messages_are_chinese(regulation):
    """With the default language the errors read in Chinese."""
    from django.utils import translation

    with translation.override("zh-hans"):
        report = questions_import(
            _xlsx([_row(题型="单选", 题干="x", 选项A="甲", 选项B="乙", 答案="E")]), bank_name="b"
        )
    message = report.errors[0].message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_duplicate_stems_reported(regulation):
    """A stem repeated in the file, or already in the bank, is reported."""
    rows = [
        GOOD[0],
        _row(题型="单选", 题干=" 信访事项办结期限是？", 选项A="1", 选项B="2", 答案="A"),
    ]
    report = questions_import(_xlsx(rows), bank_name="新题库")
    assert [(e.row, e.column) for e in report.errors] == [(3, "题干")]
    assert questions_import(_xlsx(GOOD), bank_name="新题库").ok
    again = questions_import(_xlsx(GOOD[:1]), bank_name="新题库")
    assert not again.ok and again.errors[0].column == "题干"


def test_wrong_cell_types_are_read_as_text(regulation):
    """Numbers, dates and booleans in text cells are read as text, and checked like text."""
    rows = [
        ["单选", 12345, 1, 2, 3, "", "", "", "", "", "B", None, None, 2, None],
        ["判断", "布尔答案", "", "", "", "", "", "", "", "", True, None, None, None, None],
    ]
    report = questions_import(_xlsx(rows), bank_name="b", dry_run=True)
    assert report.ok, report.errors


def test_unknown_regulation_is_a_warning_not_an_error(db):
    """A citation of a regulation not in the library yet is kept as text with a warning."""
    report = questions_import(
        _xlsx([_row(题型="判断", 题干="x", 答案="对", 法条依据="某某条例第3条")]), bank_name="b"
    )
    assert report.ok and report.warnings
    assert Question.objects.get().basis == "某某条例第3条"


def test_formula_refused():
    """A formula anywhere in a known column refuses the whole file."""
    with pytest.raises(SpreadsheetError):
        questions_import(
            _xlsx([_row(题型="单选", 题干="=1+1", 选项A="a", 选项B="b", 答案="A")]), bank_name="b"
        )


def test_renamed_text_file_refused(tmp_path):
    """A .txt renamed to .xlsx is refused with a clear message."""
    path = tmp_path / "questions.xlsx"
    path.write_text("题型,题干\n单选,x\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError) as exc:
        questions_import(str(path), bank_name="b")
    assert "xlsx" in str(exc.value)


def test_missing_columns_refused():
    """A sheet without 答案 is refused as a whole."""
    with pytest.raises(SpreadsheetError):
        questions_import(_xlsx([["单选", "x"]], header=["题型", "题干"]), bank_name="b")


def test_ten_thousand_rows_refused_quickly():
    """10,000 rows exceed the limit: refused as a whole, nothing imported."""
    rows = [_row(题型="判断", 题干=f"第{i}题", 答案="对") for i in range(10_000)]
    with pytest.raises(SpreadsheetError):
        questions_import(_xlsx(rows), bank_name="b")
    assert not Question.objects.exists()


def test_empty_sheet_refused():
    """A header row and nothing else is refused."""
    with pytest.raises(SpreadsheetError):
        questions_import(_xlsx([]), bank_name="b")


def test_export_round_trips(regulation):
    """Export writes the import format: re-importing it into a new bank gives the same questions."""
    questions_import(_xlsx(GOOD), bank_name="甲")
    data = questions_export(bank=QuestionBank.objects.get(name="甲"))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == COLUMNS
    report = questions_import(io.BytesIO(data), bank_name="乙")
    assert report.ok, report.errors
    first = QuestionBank.objects.get(name="乙").questions.get(question_type="single")
    assert first.answer == "B" and first.articles.get().number == 34


def test_template_imports_cleanly(regulation):
    """The downloadable template's example rows are themselves valid."""
    assert questions_import(io.BytesIO(question_template()), bank_name="样例", dry_run=True).ok


def test_import_command_json_and_exit_code(regulation, tmp_path, capsys):
    """The command prints a JSON report and exits non-zero when rows are invalid."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        _xlsx([_row(题型="单选", 题干="x", 选项A="a", 选项B="b", 答案="Z")]).getvalue()
    )
    with pytest.raises(SystemExit):
        call_command("import_questions", str(path), "--bank", "b", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["errors"][0]["column"] == "答案"
    good = tmp_path / "good.xlsx"
    good.write_bytes(_xlsx(GOOD).getvalue())
    call_command("import_questions", str(good), "--bank", "b")
    assert Question.objects.count() == 5


def test_template_command(tmp_path):
    """question_template writes a workbook with the template columns."""
    out = tmp_path / "t.xlsx"
    call_command("question_template", str(out))
    assert [c.value for c in load_workbook(out).worksheets[0][1]] == COLUMNS


@pytest.mark.parametrize(
    "text,value",
    [("34", 34), ("三十四", 34), ("十", 10), ("一百零二", 102), ("３", 3), ("第", None)],
)
def test_chinese_numbers(text, value):
    """Article numbers in Arabic, full-width or Chinese numerals."""
    assert chinese_number(text) == value
