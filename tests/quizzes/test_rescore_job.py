"""A trainer's key change in the admin queues the re-score as a background job (issue 10,
issue 14): the save itself writes nothing else, the job re-scores through the ledger and the
trainer follows its progress and report at /jobs/<id>/."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from jobs.models import Job
from quizzes.models import Attempt
from quizzes.services import answer_save, attempt_start, attempt_submit
from records.models import StudyRecord
from tests.factories import UserFactory

from .factories import QuestionFactory, make_quiz

pytestmark = pytest.mark.django_db


def _edit(client, question, **changes):
    data = {
        "bank": question.bank_id,
        "question_type": question.question_type,
        "difficulty": question.difficulty,
        "stem": rich_text(question.stem),
        "option_a": question.option_a,
        "option_b": question.option_b,
        "option_c": question.option_c,
        "option_d": question.option_d,
        "answer": question.answer,
        "explanation": question.explanation,
        "category": question.category,
        "tags": "",
        "basis": "",
        "is_active": "on",
        **changes,
    }
    return client.post(reverse("questions:edit", args=[question.pk]), data)


@pytest.fixture
def failed(official):
    """An official's submitted quiz attempt that failed on key B (they answered A)."""
    question = QuestionFactory(answer="B")
    quiz = make_quiz(questions=[question], credit_hours=Decimal("1"))
    now = timezone.now()
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    answer_save(
        attempt_id=attempt.pk,
        user=official,
        attempt_question_id=attempt.paper.get().pk,
        response="A",
        now=now,
    )
    attempt_submit(attempt=attempt, now=now)
    return question, quiz, attempt


def test_a_key_change_in_the_admin_queues_the_rescore_and_the_trainer_follows_it(
    trainer_client, trainer, official, failed, django_capture_on_commit_callbacks
):
    """Editing the key queues one job for the trainer (nothing re-scored in the request);
    the worker re-scores and re-writes the ledger grade; the job page shows the report."""
    question, quiz, attempt = failed
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _edit(trainer_client, question, answer="A")
    assert response.status_code == 302
    job = Job.objects.get(kind="quizzes.rescore")
    assert job.owner == trainer and job.params == {"question_ids": [question.pk]}
    assert Attempt.objects.get(pk=attempt.pk).passed is False  # not in the request
    for callback in queued:  # the request commits: the job goes to the queue and runs
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    assert job.report["attempts"] == 1 and job.report["ledger_rewritten"] == 1
    assert Attempt.objects.get(pk=attempt.pk).passed is True
    record = StudyRecord.objects.filter(source=f"quizzes.quiz:{quiz.pk}").order_by("-revision")[0]
    assert record.revision == 1 and record.credit_hours == Decimal("1.00")
    page = trainer_client.get(reverse("jobs:detail", args=[job.pk]))
    html = page.content.decode()
    assert "<dt>重新评分的已交答卷</dt><dd>1</dd>" in html  # the label, in Chinese
    assert "ledger_rewritten" not in html  # labels, not the report's keys
    followed = trainer_client.get(reverse("questions:edit", args=[question.pk]))
    assert followed.status_code == 200


def test_an_edit_that_keeps_the_key_queues_nothing(trainer_client, failed):
    """Changing the explanation or category does not re-score anything."""
    question, _quiz, _attempt = failed
    response = _edit(trainer_client, question, explanation="新的解析。", category="期限")
    assert response.status_code == 302
    assert not Job.objects.exists()


def test_a_key_change_no_attempt_holds_queues_nothing(trainer_client):
    """A question no submitted attempt holds needs no re-score job."""
    question = QuestionFactory(answer="B")
    assert _edit(trainer_client, question, answer="C").status_code == 302
    question.refresh_from_db()
    assert question.answer == "C"
    assert not Job.objects.exists()


def test_only_trainers_may_queue_a_rescore(failed):
    """The job kind refuses an official (the admin would not let one edit anyway)."""
    from django.core.exceptions import PermissionDenied

    from quizzes.services import attempts_rescore_enqueue

    question, _quiz, _attempt = failed
    with pytest.raises(PermissionDenied):
        attempts_rescore_enqueue(questions=[question], owner=UserFactory())
    assert not Job.objects.exists()
