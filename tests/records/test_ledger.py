"""The study-record ledger: append-only, idempotent by source, corrected by reversal."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from records.models import LedgerIsAppendOnly, StudyRecord, StudyRecordKind
from records.selectors import study_year_summary
from records.services import (
    LedgerError,
    offline_training_add,
    study_record_add,
    study_record_reverse,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 10, 0))


def add(user, source="courses.lesson:1", hours="0.5", kind=StudyRecordKind.LESSON_STUDIED):
    return study_record_add(
        user=user,
        kind=kind,
        source=source,
        title="第一章 总则",
        credit_hours=hours,
        occurred_at=NOW,
    )


def test_instance_save_after_creation_is_refused(official):
    """Changing a stored record through save() raises, and the stored hours stay."""
    record = add(official)
    record.credit_hours = Decimal("99")
    with pytest.raises(LedgerIsAppendOnly):
        record.save()
    assert StudyRecord.objects.get(pk=record.pk).credit_hours == Decimal("0.5")


def test_instance_delete_is_refused(official):
    record = add(official)
    with pytest.raises(LedgerIsAppendOnly):
        record.delete()
    assert StudyRecord.objects.filter(pk=record.pk).exists()


def test_queryset_update_and_delete_are_refused(official):
    add(official)
    with pytest.raises(LedgerIsAppendOnly):
        StudyRecord.objects.filter(user=official).update(credit_hours=5)
    with pytest.raises(LedgerIsAppendOnly):
        StudyRecord.objects.all().delete()
    with pytest.raises(LedgerIsAppendOnly):
        StudyRecord.objects.bulk_update(list(StudyRecord.objects.all()), ["title"])
    assert StudyRecord.objects.get().credit_hours == Decimal("0.5")


def test_writing_the_same_source_twice_counts_once(official):
    first = add(official)
    second = add(official)
    assert first.pk == second.pk
    assert StudyRecord.objects.count() == 1
    assert study_year_summary(user=official, year=2026).credit_hours == Decimal("0.5")


def test_same_source_for_different_officials_counts_for_each(official):
    other = UserFactory()
    add(official)
    add(other)
    assert StudyRecord.objects.count() == 2


def test_reversal_cancels_hours_and_keeps_reason_and_author(official, trainer):
    record = add(official, hours="1")
    correction = study_record_reverse(
        record=record, reason="重复登记", actor=trainer, now=NOW + datetime.timedelta(days=1)
    )
    assert correction.credit_hours == Decimal("-1")
    assert correction.reverses == record and correction.created_by == trainer
    assert correction.reason == "重复登记"
    summary = study_year_summary(user=official, year=2026)
    assert summary.credit_hours == 0
    assert summary.count(StudyRecordKind.LESSON_STUDIED) == 0


def test_a_record_cannot_be_reversed_twice_or_without_reason(official, trainer):
    record = add(official)
    with pytest.raises(LedgerError):
        study_record_reverse(record=record, reason="  ", actor=trainer, now=NOW)
    correction = study_record_reverse(record=record, reason="误录", actor=trainer, now=NOW)
    with pytest.raises(LedgerError):
        study_record_reverse(record=record, reason="再次", actor=trainer, now=NOW)
    with pytest.raises(LedgerError):
        study_record_reverse(record=correction, reason="撤销更正", actor=trainer, now=NOW)
    assert StudyRecord.objects.count() == 2


def test_after_reversal_the_source_can_be_credited_again(official, trainer):
    """If a lesson credit was reversed by mistake, studying it again credits it anew."""
    record = add(official)
    study_record_reverse(record=record, reason="误撤", actor=trainer, now=NOW)
    again = add(official)
    assert again.pk != record.pk and again.revision == 1
    assert add(official).pk == again.pk  # and is idempotent again
    assert study_year_summary(user=official, year=2026).credit_hours == Decimal("0.5")


def test_negative_hours_and_unknown_kinds_are_refused(official):
    with pytest.raises(LedgerError):
        add(official, hours="-1")
    with pytest.raises(LedgerError):
        add(official, kind="made-up")
    with pytest.raises(LedgerError):
        add(official, kind=StudyRecordKind.CORRECTION)


def test_offline_training_credits_many_officials_once(official, trainer):
    others = UserFactory.create_batch(3)
    people = [official, *others]
    for _ in range(2):  # the same form sent twice
        offline_training_add(
            users=people,
            title="区委党校法治讲座",
            credit_hours=Decimal("2"),
            occurred_at=NOW,
            actor=trainer,
            batch_key="lecture-2026-06-01",
        )
    assert StudyRecord.objects.filter(kind=StudyRecordKind.OFFLINE_TRAINING).count() == 4
    assert all(r.created_by == trainer for r in StudyRecord.objects.all())
    assert study_year_summary(user=official, year=2026).credit_hours == Decimal("2")
