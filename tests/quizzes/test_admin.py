"""Trainer views in the admin: import with preview, export, marking queue, reports and item analysis."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quizzes.models import Answer, Question, QuestionBank
from quizzes.selectors import item_analysis, score_distribution
from quizzes.services import answer_save, attempt_start, attempt_submit
from tests.factories import UserFactory

from .factories import QuestionFactory, essay, make_quiz
from .test_import_questions import GOOD, _row, _xlsx

pytestmark = pytest.mark.django_db


def _sit(quiz, user, responses):
    """One finished attempt answering the paper's questions (in order) with ``responses``."""
    attempt = attempt_start(quiz=quiz, user=user, now=timezone.now())
    for aq, response in zip(attempt.paper.order_by("position"), responses, strict=False):
        answer_save(
            attempt_id=attempt.pk,
            user=user,
            attempt_question_id=aq.pk,
            response=response,
            now=timezone.now(),
        )
    return attempt_submit(attempt=attempt, now=timezone.now())


def test_officials_cannot_reach_trainer_views(official_client):
    """Officials are kept out of every trainer view."""
    for name in ("question_import", "marking_queue", "reports", "question_template"):
        response = official_client.get(reverse(f"quizzes_admin:{name}"))
        assert response.status_code in (302, 403), name


def test_import_preview_then_confirm(trainer_client):
    """Upload shows a preview and writes nothing; confirm imports the same file."""
    upload = _xlsx(GOOD[1:])  # no article citation needed
    upload.name = "q.xlsx"
    response = trainer_client.post(
        reverse("quizzes_admin:question_import"), {"bank": "上传题库", "file": upload}
    )
    assert response.status_code == 200
    assert "哪些是信访形式" in response.content.decode()
    assert not Question.objects.exists()
    response = trainer_client.post(reverse("quizzes_admin:question_import_confirm"))
    assert response.status_code == 302
    assert QuestionBank.objects.get(name="上传题库").questions.count() == 4
    # The preview can be confirmed once only.
    trainer_client.post(reverse("quizzes_admin:question_import_confirm"))
    assert Question.objects.count() == 4


def test_import_errors_listed_nothing_written(trainer_client):
    """A bad row shows the row/column table and offers no confirm button."""
    upload = _xlsx([_row(题型="单选", 题干="x", 选项A="a", 选项B="b", 答案="Q")])
    upload.name = "bad.xlsx"
    html = trainer_client.post(
        reverse("quizzes_admin:question_import"), {"bank": "b", "file": upload}
    ).content.decode()
    assert "答案" in html and reverse("quizzes_admin:question_import_confirm") not in html
    text = io.BytesIO(b"not a workbook")
    text.name = "renamed.xlsx"
    response = trainer_client.post(
        reverse("quizzes_admin:question_import"), {"bank": "b", "file": text}
    )
    assert response.status_code == 200 and "xlsx" in response.content.decode()
    assert not Question.objects.exists()


def test_template_and_export_download(trainer_client):
    """The template and a bank's export download as .xlsx."""
    question = QuestionFactory()
    for url in (
        reverse("quizzes_admin:question_template"),
        reverse("quizzes_admin:bank_export", kwargs={"bank_id": question.bank_id}),
    ):
        response = trainer_client.get(url)
        assert response.status_code == 200
        assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == "题型"


def test_marking_queue_and_mark(trainer_client, official):
    """A submitted essay appears in the queue; marking it makes the result final."""
    quiz = make_quiz(questions=[essay()])
    attempt = _sit(quiz, official, ["我的回答"])
    answer = Answer.objects.get(attempt=attempt)
    assert (
        "我的回答"[:2]
        in trainer_client.get(
            reverse("quizzes_admin:answer_mark", args=[answer.pk])
        ).content.decode()
    )
    assert (
        str(answer.pk)
        in trainer_client.get(reverse("quizzes_admin:marking_queue")).content.decode()
    )
    bad = trainer_client.post(
        reverse("quizzes_admin:answer_mark", args=[answer.pk]), {"score": "99"}
    )
    assert bad.status_code == 200  # re-shown with the error
    response = trainer_client.post(
        reverse("quizzes_admin:answer_mark", args=[answer.pk]), {"score": "8", "comment": "较好"}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "final" and attempt.score == Decimal("8.00")


def test_item_analysis_and_distribution(official):
    """Facility is the share of points earned; discrimination separates strong from weak."""
    easy, hard = QuestionFactory(answer="B"), QuestionFactory(answer="B")
    quiz = make_quiz(questions=[easy, hard])
    people = [UserFactory() for _ in range(4)]
    _sit(quiz, people[0], ["B", "B"])  # 100
    _sit(quiz, people[1], ["B", "A"])  # 50
    _sit(quiz, people[2], ["B", "A"])  # 50
    _sit(quiz, people[3], ["A", "A"])  # 0
    stats = {s.question_id: s for s in item_analysis(quiz=quiz)}
    assert stats[easy.pk].facility == pytest.approx(0.75)
    assert stats[hard.pk].facility == pytest.approx(0.25)
    assert stats[hard.pk].discrimination == pytest.approx(1.0)
    assert score_distribution(quiz=quiz) == [1, 0, 0, 0, 0, 2, 0, 0, 0, 1]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_report_pages_query_count_constant(trainer_client, django_assert_max_num_queries):
    """The report, its XLSX, the reports index and the marking queue cost the same queries for
    2 or 12 officials and a bank of 3 or 30 questions."""
    questions = [QuestionFactory() for _ in range(3)]
    quiz = make_quiz(questions=questions)
    for _ in range(2):
        _sit(quiz, UserFactory(), ["B", "A", "B"])
    urls = [
        reverse("quizzes_admin:quiz_report", args=[quiz.pk]),
        reverse("quizzes_admin:quiz_report_xlsx", args=[quiz.pk]),
        reverse("quizzes_admin:reports"),
        reverse("quizzes_admin:marking_queue"),
    ]
    for url in urls:
        trainer_client.get(url)
    before = [_queries(trainer_client, url) for url in urls]
    for _ in range(27):
        QuestionFactory()
    for _ in range(10):
        _sit(quiz, UserFactory(), ["B", "B", "A"])
    make_quiz(questions=questions[:1], title="另一个")
    for url, count in zip(urls, before, strict=True):
        with django_assert_max_num_queries(count):
            trainer_client.get(url)


def test_report_shows_svg_chart_and_tab_switches(trainer_client, official):
    """The report has a server-rendered SVG chart and the 切屏 count per attempt; the XLSX lists attempts."""
    quiz = make_quiz(questions=[QuestionFactory()])
    attempt = _sit(quiz, official, ["B"])
    type(attempt).objects.filter(pk=attempt.pk).update(tab_switches=7)
    html = trainer_client.get(reverse("quizzes_admin:quiz_report", args=[quiz.pk])).content.decode()
    assert "<svg" in html and "<rect" in html and "<td>7</td>" in html
    data = trainer_client.get(reverse("quizzes_admin:quiz_report_xlsx", args=[quiz.pk])).content
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.max_row == 2 and sheet.cell(row=2, column=1).value == official.display_name


def test_question_admin_listing(trainer_client, django_assert_max_num_queries):
    """The question listing in the admin loads for trainers."""
    for _ in range(5):
        QuestionFactory()
    response = trainer_client.get("/admin/questions/")
    assert response.status_code == 200
