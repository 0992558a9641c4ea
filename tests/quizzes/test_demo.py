"""The demo bank and quizzes: enough questions of every type, keys that match the regulation
text, the annual exam as specified, and a loader that can run twice."""

import io
import unicodedata
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Rank
from quizzes import demo
from quizzes.demo_questions import QUESTIONS
from quizzes.keys import key_parse
from quizzes.models import Question, QuestionBank, QuizIndexPage, QuizPage
from quizzes.services import attempt_start
from tests.courses.factories import import_demo_regulation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _text(article) -> str:
    return unicodedata.normalize("NFKC", article.text + "".join(article.items))


@pytest.fixture
def loaded():
    import_demo_regulation(slug="xinfang-gongzuo-tiaoli")
    demo.load(io.StringIO())
    return QuestionBankCounts()


DEMO_BANKS = (demo.BANK, demo.EXAM_BANK)


class QuestionBankCounts:
    def __init__(self):
        self.by_type = {
            t: Question.objects.filter(bank__name__in=DEMO_BANKS, question_type=t).count()
            for t in ("single", "multiple", "true_false", "fill", "essay")
        }


def test_loader_is_idempotent_and_complete(loaded):
    """At least 60 questions of all five types; a second run adds nothing."""
    assert sum(loaded.by_type.values()) >= 60
    assert all(n >= 3 for n in loaded.by_type.values()), loaded.by_type
    demo.load(io.StringIO())
    assert Question.objects.count() == len(QUESTIONS)
    assert QuizPage.objects.count() == 7
    assert QuizIndexPage.objects.count() == 1
    assert QuizPage.objects.filter(mode="practice").count() == 6


def test_every_question_cites_existing_articles(loaded):
    """Every demo question is linked to the articles it cites."""
    missing = Question.objects.filter(bank__name__in=DEMO_BANKS, articles__isnull=True)
    assert not missing.exists(), list(missing.values_list("stem_text", flat=True))


def test_single_choice_and_fill_keys_are_in_the_cited_text(loaded):
    """The correct option of each single-choice question, and the first accepted answer of each
    blank, appear in the text of the article it cites (negative questions excepted)."""
    checked = {"single": 0, "fill": 0}
    for question in Question.objects.filter(bank__name__in=DEMO_BANKS).prefetch_related("articles"):
        text = "".join(_text(a) for a in question.articles.all())
        if question.question_type == "single" and "不包括" not in question.stem_text:
            correct = dict(question.options)[question.key()]
            assert unicodedata.normalize("NFKC", correct) in text, (question.stem_text, correct)
            checked["single"] += 1
        if question.question_type == "fill":
            for alternatives in question.key():
                assert alternatives[0] in text.casefold(), (question.stem_text, alternatives)
            checked["fill"] += 1
    # The demo bank alone has 27 single-choice (one negative) and 10 fill-in questions.
    assert checked["single"] >= 20 and checked["fill"] >= 10, checked


@pytest.mark.parametrize(
    "stem_part,key",
    [
        ("应当自受理之日起（  ）日内办结", "C"),  # Art. 34: 60 days (option C is "60")
        ("延长期限不得超过（  ）日", "B"),  # Art. 34: at most 30 more
        ("请求原办理机关、单位的上一级机关、单位复查", "B"),  # Art. 35: 30 days
        ("自收到复核请求之日起（  ）日内提出复核意见", "B"),  # Art. 36: 30 days
        ("代表人数不得超过（  ）人", "B"),  # Art. 20: 5
        ("在（  ）日内分别处理", "C"),  # Art. 22: 15 days
    ],
)
def test_readme_key_facts(stem_part, key):
    """The regulations README's key facts are keyed right in the demo data."""
    [row] = [q for q in QUESTIONS if stem_part in q[3]]
    assert row[5] == key
    options = row[4]
    expected = {"C": {"60", "15"}, "B": {"30", "5"}}[key]
    assert options["ABCD".index(key)] in expected


def test_every_demo_key_parses():
    """No demo key is malformed for its type and options."""
    for qtype, _cat, _d, _stem, options, answer, _e, _n in QUESTIONS:
        key_parse(qtype, answer, list("ABCDEFGH"[: len(options)]))


def test_annual_exam_as_specified(loaded):
    """25 random questions from the exam-only bank, 100 points, pass 60, excellent 90,
    3 attempts, highest counts; officials of 处级 get their own draw rules, also 25 questions."""
    exam = QuizPage.objects.get(mode="exam")
    assert (exam.pass_mark, exam.excellent_mark, exam.attempts_allowed, exam.grading_method) == (
        Decimal("60"),
        Decimal("90"),
        3,
        "highest",
    )
    assert exam.shuffle_questions and exam.live
    now = timezone.now()
    for rank in (Rank.STAFF, Rank.DIVISION):
        attempt = attempt_start(quiz=exam, user=UserFactory(rank=rank), now=now)
        assert attempt.paper.count() == demo.EXAM_QUESTIONS
        assert attempt.max_score == Decimal("100")
        banks = set(attempt.paper.values_list("question__bank__name", flat=True))
        assert banks == {demo.EXAM_BANK}
    assert exam.draw_rules.filter(rank=Rank.DIVISION).count() == 4


def test_no_demo_practice_shares_a_question_with_the_exam(loaded):
    """Issue 9: the demo exam is safe — its bank is "exam only", no chapter practice can draw a
    question the open exam holds, and so practice feedback is never withheld for the demo."""
    from quizzes.draw import questions_held_q

    exam = QuizPage.objects.get(mode="exam")
    assert exam.draw_rules.exists()
    assert {rule.bank.name for rule in exam.draw_rules.all()} == {demo.EXAM_BANK}
    assert QuestionBank.objects.get(name=demo.EXAM_BANK).exam_only
    in_exam = set(Question.objects.filter(questions_held_q([exam])).values_list("pk", flat=True))
    assert len(in_exam) >= demo.EXAM_QUESTIONS
    official = UserFactory()
    for practice in QuizPage.objects.filter(mode="practice"):
        attempt = attempt_start(quiz=practice, user=official, now=timezone.now())
        drawn = set(attempt.paper.values_list("question_id", flat=True))
        assert drawn and not drawn & in_exam, practice.title
        # every question of its chapter in the practice bank, no more (true counts)
        pool = Question.objects.filter(
            bank__name=demo.BANK,
            category=practice.draw_rules.first().category,
            question_type__in=demo.PRACTICE_TYPES,
        )
        assert drawn == set(pool.values_list("pk", flat=True))
        assert sum(rule.count for rule in practice.draw_rules.all()) == len(drawn)


def test_demo_practice_gives_feedback_while_the_exam_is_open(loaded, client):
    """The chapter practices answer with the key (not "withheld") while the annual exam is open."""
    import json

    from django.urls import reverse

    official = UserFactory()
    client.force_login(official)
    practice = QuizPage.objects.filter(mode="practice").order_by("path")[3]
    attempt = attempt_start(quiz=practice, user=official, now=timezone.now())
    aq = attempt.paper.filter(question__question_type="single").first()
    body = client.post(
        reverse("quizzes:api_answer", kwargs={"attempt_id": attempt.pk}),
        json.dumps({"question": aq.pk, "response": aq.option_order[0]}),
        content_type="application/json",
    ).json()
    assert "withheld" not in body["feedback"] and body["feedback"]["key"] in "ABCD"


def test_a_database_loaded_before_the_split_gets_it(loaded):
    """An exam that still draws from the practice bank (the old demo) is pointed at the exam
    bank, and the exam's questions move to it, on the next load."""
    practice_bank = QuestionBank.objects.get(name=demo.BANK)
    Question.objects.filter(bank__name=demo.EXAM_BANK).update(bank=practice_bank)
    exam = QuizPage.objects.get(mode="exam")
    exam.draw_rules.update(bank=practice_bank)
    demo.load(io.StringIO())
    exam = QuizPage.objects.get(mode="exam")
    assert {rule.bank.name for rule in exam.draw_rules.all()} == {demo.EXAM_BANK}
    assert Question.objects.filter(bank__name=demo.EXAM_BANK).count() == len(demo.exam_bank_rows())


def test_a_database_loaded_before_the_corrections_gets_them(loaded):
    """Stems and explanations corrected against the articles (issue 10) reach a database that
    loaded the old demo texts, once, without a duplicate question; a text a trainer has
    changed since is left as they wrote it."""
    [old_stem, *_rest] = [o for o, n in demo.REWORDED_STEMS.items() if "延长期限" in o]
    current_stem = demo.REWORDED_STEMS[old_stem]
    question = Question.objects.get(stem_text=" ".join(current_stem.split()))
    question.stem = f"<p>{old_stem}</p>"
    question.save()
    old_explanation = "第三十六条第二款：不计算在期限内。"
    assert old_explanation in demo.REWORDED_EXPLANATIONS
    reworded = Question.objects.get(
        explanation="第三十六条第二款：听证所需时间不计算在前款规定的期限内。"
    )
    reworded.explanation = old_explanation
    reworded.save()
    trainers = Question.objects.exclude(pk__in=[question.pk, reworded.pk]).first()
    trainers.explanation = "培训老师改写的解析。"
    trainers.save()

    demo.load(io.StringIO())

    assert Question.objects.count() == len(QUESTIONS)
    question.refresh_from_db()
    assert question.stem_text == " ".join(current_stem.split())
    reworded.refresh_from_db()
    assert reworded.explanation == "第三十六条第二款：听证所需时间不计算在前款规定的期限内。"
    trainers.refresh_from_db()
    assert trainers.explanation == "培训老师改写的解析。"
