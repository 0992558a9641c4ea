"""Demo content: a 《信访工作条例》 question bank, a practice quiz per chapter and the annual exam.

Idempotent: questions are matched by stem, pages by slug; running it again changes nothing.
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

BANK = "信访工作条例题库"
REGULATION_TITLE = "信访工作条例"
EXAM_TYPES = [("single", 20), ("multiple", 12), ("true_false", 12), ("fill", 6)]
EXAM_TYPES_DIVISION = [("single", 16), ("multiple", 16), ("true_false", 12), ("fill", 6)]
PRACTICE_SLUGS = ["zongze", "tizhi", "tichu-shouli", "banli", "jiandu-zezhui", "fuze"]


def _articles(numbers):
    from courses.models import Article

    return list(Article.objects.filter(regulation__title=REGULATION_TITLE, number__in=numbers))


def _questions(stdout) -> QuestionBank:
    bank, _created = QuestionBank.objects.get_or_create(
        name=BANK, defaults={"description": "《信访工作条例》（2022年）各章练习与年度考试用题。"}
    )
    existing = {q.stem_text: q for q in Question.objects.filter(bank=bank)}
    created = linked = 0
    for qtype, category, difficulty, stem, options, answer, explanation, numbers in QUESTIONS:
        question = existing.get(" ".join(stem.split()))
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
        f"quizzes: {BANK}: {len(QUESTIONS)} questions ({created} new, {linked} linked to articles)"
    )
    return bank


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

    bank = _questions(stdout)
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
            intro=f"<p>《信访工作条例》{escape(heading)}的全部客观题。答完一题即显示对错和解析，可反复练习。</p>",
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
                bank=bank, count=50, question_type=qtype, category=category, points=Decimal("1")
            )
            for qtype in ("single", "multiple", "true_false", "fill")
        ]
        _add(index, page)

    year = timezone.localdate().year
    tz = timezone.get_current_timezone()
    exam = QuizPage(
        title=f"{year}年度信访法规知识考试",
        slug=f"annual-exam-{year}",
        mode="exam",
        intro=(
            "<p>从《信访工作条例》题库随机抽取50题，满分100分，60分及格，90分优秀。"
            "限时60分钟，可考3次，取最高分。答案随答随存，断网或关闭浏览器后可继续作答。</p>"
        ),
        opens_at=datetime.combine(timezone.localdate().replace(month=1, day=1), time(0, 0), tz),
        closes_at=datetime.combine(
            timezone.localdate().replace(month=12, day=31), time(23, 59), tz
        ),
        time_limit_minutes=60,
        attempts_allowed=3,
        grading_method="highest",
        pass_mark=Decimal("60"),
        excellent_mark=Decimal("90"),
        credit_hours=Decimal("2"),
        shuffle_questions=True,
        shuffle_options=True,
        questions_per_page=10,
        result_visibility="immediately",
        answer_visibility="after_close",
        explanation_visibility="after_close",
        success_text="<p>恭喜通过本年度考试，2学时已计入学习档案。</p>",
        fail_text="<p>本次未达到60分。请先做章节练习和错题本，再参加下一次考试。</p>",
    )
    rules = [
        QuizDrawRule(bank=bank, count=n, question_type=t, points=Decimal("2"))
        for t, n in EXAM_TYPES
    ]
    rules += [
        QuizDrawRule(bank=bank, count=n, question_type=t, points=Decimal("2"), rank=Rank.DIVISION)
        for t, n in EXAM_TYPES_DIVISION
    ]
    exam.draw_rules = rules
    _add(index, exam)
    stdout.write("quizzes: index, 6 chapter practices and the annual exam in place")
