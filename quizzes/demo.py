"""Demo content: 《信访工作条例》 questions in two banks, a practice quiz per chapter and the annual exam.

The exam draws only from an "exam only" bank, the practices only from the practice bank: no
question sits in both, so instant feedback in practice never reads out a key of the open exam
(issue 9). Which bank a question goes to is decided here (``exam_bank_rows``), not in the data.

Idempotent: questions are matched by stem, pages by slug; running it again changes nothing. A
database loaded before the split gets it: questions move to their bank and the exam's draw rules
are pointed at the exam bank.
"""

from datetime import datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Rank

from .demo_questions import CHAPTERS, QUESTIONS
from .keys import key_parse
from .models import (
    OPTION_LETTERS,
    Question,
    QuestionBank,
    QuizDrawRule,
    QuizIndexPage,
    QuizPage,
)

BANK = "信访工作条例题库"  # the practice bank (the name it had before the split)
EXAM_BANK = "信访工作条例考试题库"
REGULATION_TITLE = "信访工作条例"
EXAM_QUESTIONS, EXAM_POINTS = 25, Decimal("4")  # 25 × 4 = 100
EXAM_TYPES = [("single", 10), ("multiple", 6), ("true_false", 6), ("fill", 3)]
EXAM_TYPES_DIVISION = [("single", 8), ("multiple", 7), ("true_false", 7), ("fill", 3)]
PRACTICE_TYPES = ("single", "multiple", "true_false", "fill")
PRACTICE_SLUGS = ["zongze", "tizhi", "tichu-shouli", "banli", "jiandu-zezhui", "fuze"]


def _articles(numbers):
    from courses.models import Article

    return list(Article.objects.filter(regulation__title=REGULATION_TITLE, number__in=numbers))


def exam_bank_rows() -> set[int]:
    """Indexes (in ``QUESTIONS``) of the questions kept for the exam: every second question of
    each chapter and type (essays stay in practice; the exam has none)."""
    seen: dict[tuple[str, str], int] = {}
    rows = set()
    for index, (qtype, category, *_rest) in enumerate(QUESTIONS):
        n = seen.get((qtype, category), 0)
        seen[(qtype, category)] = n + 1
        if qtype != "essay" and n % 2 == 1:
            rows.add(index)
    return rows


# Demo texts that were corrected after databases had loaded them (issue 10: read against the
# article). A question still holding an old demo text gets the corrected one on the next load;
# a text a trainer has changed is theirs and stays. Stems: old → current, since questions are
# found again by stem. Explanations: the old texts, replaced by the row's current explanation.
REWORDED_STEMS = {
    "对转送、交办的信访事项，不属于本机关、单位职权范围的，有关机关、单位应当自收到之日起"
    "（  ）内提出异议。": "对转送、交办的信访事项，不属于本机关、单位或者本系统职权范围的，"
    "有关机关、单位应当自收到之日起（  ）内提出异议。",
    "信访事项情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过"
    "（  ）日。": "第三十一条第六项规定的信访事项情况复杂的，经本机关、单位负责人批准，"
    "可以适当延长办理期限，但延长期限不得超过（  ）日。",
    "信访事项延长办理期限的，应当告知信访人延期理由。": "第三十一条第六项规定的信访事项经批准"
    "延长办理期限的，应当告知信访人延期理由。",
}
REWORDED_EXPLANATIONS = {
    "第二条：审判机关、检察机关开展信访工作同样适用本条例。",
    "第二十二条：在15日内分别按照规定方式处理。",
    "第三十三条：不得违反政策法规强制性规定。",
    "第三十五条、第三十六条：听证所需时间不计算在复核期限内。",
    "第三十六条第二款：不计算在期限内。",
    "第四十七条：工作人员应当劝阻、批评或者教育；治安管理处罚由公安机关依法作出。",
}


def _plain(stem: str) -> str:
    """A stem as ``Question.stem_text`` holds it (whitespace runs are one space)."""
    return " ".join(stem.split())


def _reworded(question: Question, stem: str, explanation: str) -> bool:
    """Bring a question still holding an old demo text up to the corrected one."""
    changed = False
    old_stems = {_plain(old): _plain(new) for old, new in REWORDED_STEMS.items()}
    if old_stems.get(question.stem_text) == _plain(stem):
        question.stem = f"<p>{escape(stem)}</p>"
        changed = True
    if question.explanation in REWORDED_EXPLANATIONS:
        question.explanation = explanation
        changed = True
    if changed:
        question.save()
    return changed


def _banks() -> tuple[QuestionBank, QuestionBank]:
    practice, _created = QuestionBank.objects.get_or_create(
        name=BANK, defaults={"description": "《信访工作条例》（2022年）各章练习用题。"}
    )
    exam, _created = QuestionBank.objects.get_or_create(
        name=EXAM_BANK,
        defaults={
            "description": "年度考试专用题，不进入任何练习；考试结束后随考试公布答案。",
            "exam_only": True,
        },
    )
    if not exam.exam_only:
        exam.exam_only = True
        exam.save(update_fields=["exam_only"])
    return practice, exam


def _questions(stdout) -> tuple[QuestionBank, QuestionBank]:
    practice, exam = _banks()
    for_exam = exam_bank_rows()
    existing = {q.stem_text: q for q in Question.objects.filter(bank__in=[practice, exam])}
    for old, current in REWORDED_STEMS.items():
        if _plain(old) in existing and _plain(current) not in existing:
            existing[_plain(current)] = existing[_plain(old)]
    created = linked = moved = corrected = 0
    for index, row in enumerate(QUESTIONS):
        qtype, category, difficulty, stem, options, answer, explanation, numbers = row
        bank = exam if index in for_exam else practice
        question = existing.get(_plain(stem))
        if question is not None and _reworded(question, stem, explanation):
            corrected += 1
        if question is not None and question.bank_id != bank.pk:
            question.bank = bank
            question.save(update_fields=["bank"])
            moved += 1
        if question is None:
            key_parse(qtype, answer, list(OPTION_LETTERS[: len(options)]))  # a typo fails loudly
            question = Question(
                bank=bank,
                question_type=qtype,
                stem=f"<p>{escape(stem)}</p>",
                answer=answer,
                explanation=explanation,
                category=category,
                difficulty=difficulty,
                basis="；".join(f"信访工作条例第{n}条" for n in numbers),
            )
            for letter, text in zip(OPTION_LETTERS, options, strict=False):
                setattr(question, f"option_{letter.lower()}", text)
            question.save()
            question.tags.add("信访工作条例")
            created += 1
        if not question.articles.exists():
            found = _articles(numbers)
            if found:
                question.articles.set(found)
                linked += 1
    stdout.write(
        f"quizzes: {BANK} and {EXAM_BANK} (exam only): {len(QUESTIONS)} questions "
        f"({len(for_exam)} for the exam; {created} new, {moved} moved, {corrected} corrected, "
        f"{linked} linked to articles)"
    )
    return practice, exam


def _add(parent, page: QuizPage) -> QuizPage:
    existing = QuizPage.objects.child_of(parent).filter(slug=page.slug).first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load(stdout) -> None:
    from kit.pages import section_page_ensure

    bank, exam_bank = _questions(stdout)
    index = section_page_ensure(
        QuizIndexPage(
            title="练习与考试",
            slug="quizzes",
            intro="<p>按章练习随时可做，答题后立即显示对错和解析；年度考试限时、限次，成绩计入学习档案。</p>",
        )
    )

    for (category, heading), slug in zip(CHAPTERS, PRACTICE_SLUGS, strict=True):
        page = QuizPage(
            title=f"章节练习：{heading}",
            slug=f"practice-{slug}",
            mode="practice",
            intro=(
                f"<p>《信访工作条例》{escape(heading)}的练习题（年度考试用题另设题库，不在练习中）。"
                "答完一题即显示对错和解析，可反复练习。</p>"
            ),
            shuffle_options=True,
            instant_feedback=True,
            pass_mark=Decimal("60"),
            result_visibility="immediately",
            answer_visibility="immediately",
            explanation_visibility="immediately",
            count_tab_switches=False,
        )
        page.draw_rules = [
            QuizDrawRule(
                bank=bank,
                count=_pool(bank, qtype, category),
                question_type=qtype,
                category=category,
                points=Decimal("1"),
            )
            for qtype in PRACTICE_TYPES
            if _pool(bank, qtype, category)
        ]
        _add(index, page)

    year = timezone.localdate().year
    tz = timezone.get_current_timezone()
    exam = annual_exam_page(
        year=year,
        bank=exam_bank,
        intro=(
            "<p>从年度考试专用题库随机抽取25题，每题4分，满分100分，60分及格，90分优秀。"
            "限时60分钟，可考3次，取最高分。答案随答随存，断网或关闭浏览器后可继续作答。</p>"
        ),
        opens_at=datetime.combine(timezone.localdate().replace(month=1, day=1), time(0, 0), tz),
        closes_at=datetime.combine(
            timezone.localdate().replace(month=12, day=31), time(23, 59), tz
        ),
        attempts_allowed=3,
        answer_visibility="after_close",
        explanation_visibility="after_close",
        success_text="<p>恭喜通过本年度考试，2学时已计入学习档案。</p>",
        fail_text="<p>本次未达到60分。请先做章节练习和错题本，再参加下一次考试。</p>",
    )
    intro = exam.intro
    exam = _add(index, exam)
    if exam.draw_rules.exclude(bank=exam_bank).exists():
        # Loaded before the split: the exam drew from the practice bank. Papers already
        # drawn stay as they were (they are frozen); new ones come from the exam bank.
        exam.draw_rules = _exam_rules(exam_bank)
        exam.intro = intro
        exam.save_revision().publish()
        stdout.write("quizzes: the annual exam now draws from the exam-only bank")
    stdout.write("quizzes: index, 6 chapter practices and the annual exam in place")


def _pool(bank: QuestionBank, qtype: str, category: str) -> int:
    return Question.objects.filter(bank=bank, question_type=qtype, category=category).count()


def annual_exam_page(*, year: int, bank: QuestionBank, **fields) -> QuizPage:
    """A year's annual exam, unsaved, with what every year's has in common (25 questions from
    the exam-only bank, 60 minutes, 60 to pass, 90 excellent, 2 学时); ``fields`` give the
    year's dates, attempts and release rules. Used for this year's and the demo's last year's."""
    exam = QuizPage(
        title=f"{year}年度信访法规知识考试",
        slug=f"annual-exam-{year}",
        mode="exam",
        time_limit_minutes=60,
        grading_method="highest",
        pass_mark=Decimal("60"),
        excellent_mark=Decimal("90"),
        credit_hours=Decimal("2"),
        shuffle_questions=True,
        shuffle_options=True,
        questions_per_page=10,
        result_visibility="immediately",
        **fields,
    )
    exam.draw_rules = _exam_rules(bank)
    return exam


def _exam_rules(bank: QuestionBank) -> list[QuizDrawRule]:
    rules = [
        QuizDrawRule(bank=bank, count=n, question_type=t, points=EXAM_POINTS) for t, n in EXAM_TYPES
    ]
    rules += [
        QuizDrawRule(bank=bank, count=n, question_type=t, points=EXAM_POINTS, rank=Rank.DIVISION)
        for t, n in EXAM_TYPES_DIVISION
    ]
    return rules
