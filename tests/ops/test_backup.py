"""Backup and restore: a restore into an empty database reproduces every official's year."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from ops.backup import RestoreRefused, backup_create, backup_restore
from records.models import StudyRecord
from records.selectors import study_year_summary
from records.services import study_record_add, study_record_reverse
from tests.factories import DepartmentFactory, UserFactory

YEAR = 2026


def _office():
    office = DepartmentFactory(name="信访办", code="xfb")
    section = DepartmentFactory(name="接待科", code="jdk", parent=office)
    trainer = UserFactory(role="trainer", department=office)
    officials = [UserFactory(department=section) for _ in range(4)]
    when = timezone.make_aware(datetime.datetime(YEAR, 3, 1, 9))
    for n, official in enumerate(officials):
        for k in range(n + 1):
            study_record_add(
                user=official,
                kind="course",
                source=f"courses.course:{100 + k}",
                title=f"课程{k}",
                credit_hours=Decimal("2.5"),
                occurred_at=when + datetime.timedelta(days=k),
            )
        study_record_add(
            user=official,
            kind="quiz",
            source="quizzes.quiz:7",
            title="年度学法考试",
            credit_hours=1,
            score=80 + n,
            occurred_at=when,
        )
    wrong = StudyRecord.objects.filter(user=officials[3], kind="course").first()
    study_record_reverse(record=wrong, reason="重复登记", actor=trainer, now=when)
    return officials


def _years():
    return {
        user.username: (
            study_year_summary(user=user, year=YEAR).credit_hours,
            study_year_summary(user=user, year=YEAR).by_kind,
            sorted(
                StudyRecord.objects.filter(user=user).values_list("source", "revision", "score")
            ),
        )
        for user in User.objects.order_by("username")
    }


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_database_reproduces_every_officials_year(tmp_path):
    _office()
    default_storage.save("documents/学法手册.pdf", ContentFile(b"%PDF-1.4 handbook"))
    before = _years()
    assert len(before) == 5 and any(hours for hours, _, _ in before.values())

    archive = tmp_path / "backup.tar.gz"
    manifest = backup_create(destination=archive)
    assert manifest["rows"]["records.studyrecord"] == StudyRecord.objects.count()
    assert manifest["media_files"] >= 1

    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete("documents/学法手册.pdf")
    assert not User.objects.exists()

    backup_restore(source=archive)
    assert _years() == before
    with default_storage.open("documents/学法手册.pdf") as restored:
        assert restored.read() == b"%PDF-1.4 handbook"

    # Sequences continue after the restored rows: the ledger takes new records.
    official = User.objects.filter(department__code="jdk").first()
    record = study_record_add(
        user=official,
        kind="case",
        source="case_library.case:1",
        title="案例",
        credit_hours=Decimal("0.5"),
        occurred_at=timezone.now(),
    )
    assert record.pk > max(StudyRecord.objects.exclude(pk=record.pk).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_already_holds_records(tmp_path):
    _office()
    archive = tmp_path / "backup.tar.gz"
    backup_create(destination=archive)
    with pytest.raises(RestoreRefused):
        backup_restore(source=archive)
