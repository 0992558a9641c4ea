"""A question-import preview waiting for confirmation is kept privately and not forever (issue 9:
"an abandoned question-import preview leaves its file in the system's temporary folder forever")."""

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobs.registry import PERIODIC_TASKS
from quizzes.models import Question
from quizzes.previews import previews_prune

from .test_import_questions import GOOD, _xlsx

pytestmark = pytest.mark.django_db


def _preview(client, bank="预览题库"):
    upload = _xlsx(GOOD[1:])
    upload.name = "q.xlsx"
    response = client.post(reverse("quizzes_admin:question_import"), {"bank": bank, "file": upload})
    assert response.status_code == 200 and "哪些是信访形式" in response.content.decode()


def _kept() -> list[Path]:
    return sorted(Path(settings.XUEFA_IMPORT_PREVIEWS_ROOT).glob("*.xlsx"))


def _age(path: Path, minutes: int) -> None:
    then = time.time() - minutes * 60
    os.utime(path, (then, then))


@pytest.fixture(autouse=True)
def _empty_previews():
    for path in _kept():
        path.unlink()


def test_the_preview_is_kept_in_the_platforms_private_folder_not_the_system_temp(trainer_client):
    _preview(trainer_client)
    assert len(_kept()) == 1
    assert oct(_kept()[0].stat().st_mode & 0o777) == "0o600"
    assert not list(Path(tempfile.gettempdir()).glob("xuefa-question-import-*.xlsx"))


def test_an_abandoned_preview_is_deleted_by_the_periodic_prune(trainer_client):
    _preview(trainer_client)
    assert "quizzes.import_previews_prune" in PERIODIC_TASKS
    prune = PERIODIC_TASKS["quizzes.import_previews_prune"]
    assert prune.run(now=timezone.now()) == 0  # young: kept for its confirmation
    _age(_kept()[0], settings.XUEFA_IMPORT_PREVIEW_MINUTES + 1)
    assert prune.run(now=timezone.now()) == 1
    assert _kept() == []


def test_a_second_upload_replaces_the_first_preview(trainer_client):
    _preview(trainer_client)
    first = _kept()
    _preview(trainer_client, bank="另一个题库")
    assert len(_kept()) == 1 and _kept() != first


def test_an_expired_preview_is_not_imported(trainer_client):
    _preview(trainer_client)
    _age(_kept()[0], settings.XUEFA_IMPORT_PREVIEW_MINUTES + 1)
    response = trainer_client.post(reverse("quizzes_admin:question_import_confirm"), follow=True)
    assert "预览已失效" in response.content.decode()
    assert not Question.objects.exists()
    assert _kept() == []


def test_a_confirmed_preview_leaves_no_file(trainer_client):
    _preview(trainer_client)
    trainer_client.post(reverse("quizzes_admin:question_import_confirm"))
    assert Question.objects.count() == 4
    assert _kept() == []


def test_a_preview_is_confirmed_only_by_the_trainer_who_made_it(trainer_client):
    """The session names the uploader; a session carried over to someone else imports nothing."""
    from tests.factories import UserFactory

    _preview(trainer_client)
    session = trainer_client.session
    pending = session["xuefa_question_import"]
    pending["user"] = UserFactory(role="trainer").pk
    session["xuefa_question_import"] = pending
    session.save()
    trainer_client.post(reverse("quizzes_admin:question_import_confirm"))
    assert not Question.objects.exists()
    assert _kept() == []


def test_prune_ignores_tokens_it_did_not_make():
    """Bad tokens from a tampered session never name a path outside the folder."""
    from quizzes.previews import preview_discard, preview_take

    for token in ("../../etc/passwd", "", None, "x" * 31, "Z" * 33):
        assert preview_take(token, now=timezone.now()) is None
        preview_discard(token)
    assert previews_prune(now=timezone.now()) == 0
