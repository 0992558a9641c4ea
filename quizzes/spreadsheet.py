"""Question banks in Excel: the template, import (all-or-nothing, errors by row and column)
and export in the same format.

Columns: 题型, 题干, 选项A … 选项H, 答案, 解析, 分类, 难度, 法条依据 (and optional 标签).
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _

from kit.spreadsheets import RowError, SpreadsheetError, read_sheet, write_sheet

from .keys import KeyError_, key_parse, normalise
from .models import OPTION_LETTERS, Difficulty, Question, QuestionBank, QuestionType

OPTION_COLUMNS = [f"选项{c}" for c in OPTION_LETTERS]
REQUIRED_COLUMNS = ["题型", "题干", "答案"]
COLUMNS = ["题型", "题干", *OPTION_COLUMNS, "答案", "解析", "分类", "难度", "法条依据"]
OPTIONAL_COLUMNS = [c for c in COLUMNS if c not in REQUIRED_COLUMNS] + ["标签"]
MAX_ROWS = 5000

TYPE_WORDS = {
    "单选": QuestionType.SINGLE,
    "单选题": QuestionType.SINGLE,
    "单项选择题": QuestionType.SINGLE,
    "多选": QuestionType.MULTIPLE,
    "多选题": QuestionType.MULTIPLE,
    "多项选择题": QuestionType.MULTIPLE,
    "判断": QuestionType.TRUE_FALSE,
    "判断题": QuestionType.TRUE_FALSE,
    "填空": QuestionType.FILL,
    "填空题": QuestionType.FILL,
    "简答": QuestionType.ESSAY,
    "简答题": QuestionType.ESSAY,
    "问答题": QuestionType.ESSAY,
}
TYPE_NAMES = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUE_FALSE: "判断",
    QuestionType.FILL: "填空",
    QuestionType.ESSAY: "简答",
}
DIFFICULTY_WORDS = {
    "易": 1,
    "简单": 1,
    "1": 1,
    "容易": 1,
    "中": 2,
    "中等": 2,
    "2": 2,
    "": 2,
    "难": 3,
    "困难": 3,
    "3": 3,
}
DIFFICULTY_NAMES = {1: "易", 2: "中", 3: "难"}
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CITATION = re.compile(r"《?([^《》第;；、,，]+?)》?第([0-9０-９零〇一二两三四五六七八九十百]+)条")
TAG_SEPARATOR = re.compile(r"[,，、;；\s]+")


def chinese_number(text: str) -> int | None:
    """'34', '三十四', '一百零二' → int. None when it is not a number."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in CN_DIGITS:
            current = CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass
class ParsedQuestion:
    row: int
    question_type: str
    stem: str
    options: list[str]
    answer: str
    explanation: str
    category: str
    difficulty: int
    basis: str
    article_ids: list[int]
    tags: list[str]

    @property
    def type_label(self) -> str:
        return TYPE_NAMES[self.question_type]


@dataclass
class ImportReport:
    bank_name: str
    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    created: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "bank": self.bank_name,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "rows": len(self.questions),
            "created": self.created,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
        }


class ArticleResolver:
    """Resolves 法条依据 citations to ``courses.Article`` rows, caching the regulations."""

    def __init__(self):
        from courses.models import Article, Regulation

        self.regulations = {}
        for reg in Regulation.objects.all():
            self.regulations[reg.title.strip("《》 ")] = reg.pk
        self.articles = {
            (reg_id, number): pk
            for pk, reg_id, number in Article.objects.values_list("pk", "regulation_id", "number")
        }

    def _regulation_id(self, title: str):
        title = title.strip("《》 ")
        if title in self.regulations:
            return self.regulations[title]
        for known, pk in self.regulations.items():
            if known.removeprefix("中华人民共和国") == title.removeprefix("中华人民共和国"):
                return pk
        return None

    def resolve(self, text: str, *, row: int, errors: list, warnings: list) -> list[int]:
        ids = []
        if not text:
            return ids
        found = list(CITATION.finditer(text))
        if not found:
            errors.append(
                RowError(row, "法条依据", _("Write the citation like 信访工作条例第34条."))
            )
            return ids
        for match in found:
            title, number_text = match.group(1), match.group(2)
            number = chinese_number(number_text)
            if number is None:
                errors.append(
                    RowError(
                        row, "法条依据", _("“%(n)s” is not an article number.") % {"n": number_text}
                    )
                )
                continue
            reg_id = self._regulation_id(title)
            if reg_id is None:
                warnings.append(
                    RowError(
                        row,
                        "法条依据",
                        _(
                            "The regulation 《%(title)s》 is not in the library yet; the citation is kept as text."
                        )
                        % {"title": title.strip("《》 ")},
                    )
                )
                continue
            article_id = self.articles.get((reg_id, number))
            if article_id is None:
                errors.append(
                    RowError(
                        row,
                        "法条依据",
                        _("《%(title)s》 has no article %(number)s.")
                        % {"title": title.strip("《》 "), "number": number},
                    )
                )
                continue
            ids.append(article_id)
        return ids


def _stem_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def questions_parse(upload, *, bank_name: str) -> ImportReport:
    """Read and check every row; nothing is written. Whole-file problems raise SpreadsheetError."""
    report = ImportReport(bank_name=bank_name)
    rows = read_sheet(
        upload,
        required_columns=REQUIRED_COLUMNS,
        optional_columns=OPTIONAL_COLUMNS,
        max_rows=MAX_ROWS,
    )
    if not rows:
        raise SpreadsheetError(_("The sheet has no questions under the header row."))
    resolver = ArticleResolver()
    bank = QuestionBank.objects.filter(name=bank_name).first()
    existing = {}
    if bank is not None:
        for pk, text in Question.objects.filter(bank=bank).values_list("pk", "stem_text"):
            existing[normalise(text)] = pk
    seen: dict[str, int] = {}
    errors, warnings = report.errors, report.warnings
    for row in rows:
        n = row.number
        type_text = row.get("题型")
        question_type = TYPE_WORDS.get(type_text.replace(" ", ""))
        if question_type is None:
            errors.append(
                RowError(
                    n,
                    "题型",
                    _("Unknown type “%(t)s”: use 单选, 多选, 判断, 填空 or 简答.")
                    % {"t": type_text},
                )
            )
        stem = row.get("题干")
        if not stem:
            errors.append(RowError(n, "题干", _("The stem is empty.")))
        elif len(stem) > 2000:
            errors.append(RowError(n, "题干", _("The stem is longer than 2000 characters.")))
        else:
            key = normalise(stem)
            if key in seen:
                errors.append(
                    RowError(n, "题干", _("Same stem as row %(row)s.") % {"row": seen[key]})
                )
            elif key in existing:
                errors.append(
                    RowError(n, "题干", _("The bank already has a question with this stem."))
                )
            seen.setdefault(key, n)
        options = [row.get(c) for c in OPTION_COLUMNS]
        for column, text in zip(OPTION_COLUMNS, options, strict=True):
            if len(text) > 500:
                errors.append(RowError(n, column, _("An option is longer than 500 characters.")))
        # Options must be contiguous: A, B, C … without gaps.
        last = max((i for i, t in enumerate(options) if t), default=-1)
        gaps = [OPTION_COLUMNS[i] for i in range(last + 1) if not options[i]]
        if gaps:
            errors.append(RowError(n, gaps[0], _("Options must be filled from A without gaps.")))
        letters = [OPTION_LETTERS[i] for i, t in enumerate(options) if t]
        if (
            question_type in (QuestionType.TRUE_FALSE, QuestionType.FILL, QuestionType.ESSAY)
            and letters
        ):
            warnings.append(RowError(n, "选项A", _("This type has no options; they are ignored.")))
            options, letters = [""] * len(options), []
        answer = row.get("答案")
        if question_type is not None:
            try:
                key_parse(question_type, answer, letters)
            except KeyError_ as exc:
                errors.append(RowError(n, "答案", str(exc)))
        difficulty_text = row.get("难度").replace(" ", "")
        difficulty = DIFFICULTY_WORDS.get(difficulty_text)
        if difficulty is None:
            errors.append(RowError(n, "难度", _("Difficulty must be 易, 中 or 难 (or 1, 2, 3).")))
        category = row.get("分类")
        if len(category) > 100:
            errors.append(RowError(n, "分类", _("The category is longer than 100 characters.")))
        basis = row.get("法条依据")
        if len(basis) > 255:
            errors.append(RowError(n, "法条依据", _("The citation is longer than 255 characters.")))
        article_ids = resolver.resolve(basis, row=n, errors=errors, warnings=warnings)
        tags = [t for t in TAG_SEPARATOR.split(row.get("标签")) if t][:10]
        if question_type is not None and stem:
            report.questions.append(
                ParsedQuestion(
                    row=n,
                    question_type=question_type,
                    stem=stem,
                    options=options,
                    answer=answer,
                    explanation=row.get("解析"),
                    category=category[:100],
                    difficulty=difficulty or Difficulty.MEDIUM,
                    basis=basis[:255],
                    article_ids=article_ids,
                    tags=tags,
                )
            )
    return report


def questions_import(upload, *, bank_name: str, dry_run: bool = False) -> ImportReport:
    """Check the file and, when every row is valid and not a dry run, create the questions.

    All or nothing: one bad row and nothing is written.
    """
    bank_name = (bank_name or "").strip()
    if not bank_name:
        raise SpreadsheetError(_("Name the question bank."))
    report = questions_parse(upload, bank_name=bank_name)
    report.dry_run = dry_run
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        bank, _created = QuestionBank.objects.get_or_create(name=bank_name)
        for item in report.questions:
            question = Question(
                bank=bank,
                question_type=item.question_type,
                stem=_stem_html(item.stem),
                answer=item.answer,
                explanation=item.explanation,
                category=item.category,
                difficulty=item.difficulty,
                basis=item.basis,
            )
            for letter, text in zip(OPTION_LETTERS, item.options, strict=True):
                setattr(question, f"option_{letter.lower()}", text)
            question.save()
            if item.article_ids:
                question.articles.set(item.article_ids)
            if item.tags:
                question.tags.add(*item.tags)
            report.created += 1
    return report


def question_row(question: Question) -> list:
    options = [getattr(question, f"option_{c.lower()}") for c in OPTION_LETTERS]
    basis = question.basis or "；".join(
        f"{a.regulation.title}第{a.number}条" for a in question.articles.all()
    )
    return [
        TYPE_NAMES[question.question_type],
        question.stem_text,
        *options,
        question.answer,
        question.explanation,
        question.category,
        DIFFICULTY_NAMES.get(question.difficulty, "中"),
        basis,
    ]


TEMPLATE_NOTES = [
    "题型：单选、多选、判断、填空、简答。",
    "题干：纯文本；填空题用“____”表示空格。",
    "选项A–选项H：选择题从A开始依次填写，至少两个；判断、填空、简答题不填。",
    "答案：单选写一个字母（B）；多选写多个字母（ACD）；判断写“对”或“错”；"
    "填空题各空用“；”分隔，同一空的多个可接受答案用“|”分隔（60|六十；30）；简答题写参考答案。",
    "解析：答案解释，考后按设置显示。",
    "难度：易、中、难（默认中）。",
    "法条依据：如“信访工作条例第34条”，多条用“；”分隔。",
    "整个文件有任何一行错误时，不会导入任何题目；请按提示的行号和列名修改后重新上传。",
    "请只粘贴数值，不要使用公式。",
]


def question_template() -> bytes:
    example = [
        [
            "单选",
            "信访事项一般应当自受理之日起多少日内办结？",
            "30日",
            "60日",
            "90日",
            "15日",
            "",
            "",
            "",
            "",
            "B",
            "《信访工作条例》第三十四条规定60日内办结。",
            "办理",
            "易",
            "信访工作条例第34条",
        ],
        [
            "填空",
            "多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过____人。",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "5|五",
            "",
            "提出和受理",
            "中",
            "信访工作条例第20条",
        ],
    ]
    return write_sheet(title="题库", columns=COLUMNS, rows=example, notes=TEMPLATE_NOTES)


def questions_export(*, bank: QuestionBank) -> bytes:
    questions = (
        Question.objects.filter(bank=bank).prefetch_related("articles__regulation").order_by("pk")
    )
    return write_sheet(
        title="题库",
        columns=COLUMNS,
        rows=(question_row(q) for q in questions),
        notes=TEMPLATE_NOTES,
    )
