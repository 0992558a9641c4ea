"""What the exam rush's requests ask the database (issue 14): a thousand officials draw a paper,
open it and submit it within minutes, so these stay constant whatever the paper's size or the
number of draw rules. Query counts, not timings."""

from decimal import Decimal
from random import Random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.draw import paper_draw
from quizzes.models import Answer, Attempt, Question
from quizzes.services import answer_save, attempt_start, attempt_submit

from .factories import QuestionFactory, fill, make_quiz, multiple, true_false

pytestmark = pytest.mark.django_db


def _exam(rules_per_type: int = 1):
    """An exam drawing from one bank by four types (each type's rule split in
    ``rules_per_type`` rules by difficulty)."""
    bank = QuestionFactory().bank
    rules = []
    for make, qtype in ((QuestionFactory, "single"), (multiple, "multiple"),
                        (true_false, "true_false"), (fill, "fill")):  # fmt: skip
        for difficulty in range(1, rules_per_type + 1):
            for _ in range(3):
                make(bank=bank, difficulty=difficulty)
            rules.append(
                {"bank": bank, "count": 2, "question_type": qtype, "difficulty": difficulty}
            )
    return make_quiz(
        title=f"考试{rules_per_type}-{bank.questions.count()}", mode="exam", rules=rules
    )


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_draw_asks_once_for_all_rules(db):
    """The rules' pools come in one query: four rules or twelve, the same count (one per
    rule before)."""
    four, twelve = _exam(1), _exam(3)
    few = _queries(lambda: paper_draw(quiz=four, rank="", rng=Random(1)))
    many = _queries(lambda: paper_draw(quiz=twelve, rank="", rng=Random(1)))
    assert few == many, (few, many)
    assert few <= 4, few  # fixed questions, rules, the pools, the drawn questions


def test_the_draw_still_follows_each_rule(db):
    """One query, the same paper rules: each rule's count of its type and difficulty, no
    question twice."""
    exam = _exam(3)
    drawn = paper_draw(quiz=exam, rank="", rng=Random(7))
    assert len(drawn) == 24
    assert len({q.pk for q, _points in drawn}) == 24
    difficulty = dict(
        Question.objects.filter(pk__in=[q.pk for q, _p in drawn]).values_list("pk", "difficulty")
    )
    by_rule = {}
    for question, _points in drawn:
        key = (question.question_type, difficulty[question.pk])
        by_rule[key] = by_rule.get(key, 0) + 1
    assert set(by_rule.values()) == {2} and len(by_rule) == 12


def test_a_start_reads_the_officials_attempts_once(official):
    """The open attempt, the attempts used and the next attempt number come from one read of
    the official's attempts at the quiz (three reads before: the open one, the list, a MAX)."""
    exam = _exam(1)
    with CaptureQueriesContext(connection) as captured:
        attempt_start(quiz=exam, user=official, now=_now())
    reads = [
        q["sql"]
        for q in captured
        if q["sql"].startswith("SELECT") and 'FROM "quizzes_attempt"' in q["sql"]
    ]
    assert len(reads) == 1, reads
    second = attempt_submit(attempt=Attempt.objects.get(user=official), now=_now())
    assert second.status != "in_progress"
    assert attempt_start(quiz=exam, user=official, now=_now()).number == 2


def test_a_start_reads_no_stems_keys_or_explanations(official):
    """Freezing a paper needs each drawn question's type and options only: a start in the rush
    does not read 50 stems, keys and explanations it never uses."""
    exam = _exam(1)
    with CaptureQueriesContext(connection) as captured:
        attempt_start(quiz=exam, user=official, now=_now())
    heavy = (
        '"quizzes_question"."stem"',
        '"quizzes_question"."answer"',
        '"quizzes_question"."explanation"',
    )
    assert not [q["sql"] for q in captured if any(column in q["sql"] for column in heavy)]


def test_freeze_paper_answers_are_defaults(official):
    """The paper's empty answers come from one INSERT … SELECT (no row object per question):
    one per paper question, each with the model's own defaults, saved at the start."""
    exam = _exam(2)
    now = _now()
    attempt = attempt_start(quiz=exam, user=official, now=now)
    blank = Answer(saved_at=now)
    fields = ("response", "flagged", "score", "is_correct", "marked_by_id", "marked_at", "comment")
    answers = list(Answer.objects.filter(attempt=attempt))
    assert sorted(a.attempt_question_id for a in answers) == sorted(
        attempt.paper.values_list("pk", flat=True)
    )
    for answer in answers:
        assert {f: getattr(answer, f) for f in fields} == {f: getattr(blank, f) for f in fields}
        assert answer.saved_at == now
        assert answer.response is None  # SQL NULL, not a JSON null: "not answered"
    assert Answer.objects.filter(attempt=attempt, response__isnull=True).count() == len(answers)


def test_the_attempt_page_says_each_questions_words_in_chinese(official_client, official):
    """The words every question repeats (its type, its points, 对/错, 标记待查) are translated
    once per paper now, and still appear, translated, on every question."""
    exam = _exam(1)
    attempt = attempt_start(quiz=exam, user=official, now=_now())
    page = official_client.get(reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk}))
    html = page.content.decode()
    questions = attempt.paper.count()
    assert html.count("> 标记待查</label>") == questions
    assert html.count('<span class="meta">2 分</span>') == questions
    assert html.count('<span class="badge badge--muted">判断</span>') == 2  # two true/false
    assert html.count("> 对</label>") == html.count("> 错</label>") == 2
    assert "Mark for review" not in html and " points" not in html


def test_attempt_page_reads_no_articles(official_client, official):
    """The attempt page shows no keys, so it does not load the questions' articles (two
    queries before); its count does not grow with the paper."""
    small, large = _exam(1), _exam(3)
    counts = []
    for exam in (small, large):
        attempt = attempt_start(quiz=exam, user=official, now=_now())
        url = reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk})
        official_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert official_client.get(url).status_code == 200
        assert not [q for q in captured if "courses_article" in q["sql"]]
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_submit_stores_every_mark(official):
    """Marks are stored one UPDATE per distinct mark: still each answer with its own."""
    exam = _exam(2)
    attempt = attempt_start(quiz=exam, user=official, now=_now(), rng=Random(3))
    expected = {}
    for n, aq in enumerate(attempt.paper.select_related("question")):
        key, right = aq.question.key(), n % 2 == 1
        qtype = aq.question.question_type
        if qtype == "single":
            response = key if right else ("A" if key != "A" else "C")
        elif qtype == "multiple":
            response = key if right else (["B"] if "B" not in key else ["D"])
        elif qtype == "true_false":
            response = key if right else not key
        else:
            response = [alternatives[0] for alternatives in key] if right else ["错"] * len(key)
        answer_save(attempt_id=attempt.pk, user=official, attempt_question_id=aq.pk,
                    response=response, now=_now())  # fmt: skip
        expected[aq.pk] = (right, aq.points if right else Decimal("0"))
    attempt = attempt_submit(attempt=attempt, now=_now())
    stored = {
        a.attempt_question_id: (a.is_correct, a.score)
        for a in Answer.objects.filter(attempt=attempt)
    }
    assert stored == expected
    assert attempt.score == sum(points for _right, points in expected.values())


def _now():
    from django.utils import timezone

    return timezone.now()
