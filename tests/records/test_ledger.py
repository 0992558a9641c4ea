"""The study-record ledger: append-only, idempotent by source, corrected by reversal."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from records.models import LedgerIsAppendOnly, StudyRecord, StudyRecordKind
from records.selectors import study_credit, study_credits, study_year_summary
from records.services import (
    CreditWithdrawn,
    LedgerError,
    offline_training_add,
    study_record_add,
    study_record_replace,
    study_record_restore,
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


def test_repeating_the_same_write_after_a_reversal_does_not_credit_again(official, trainer):
    """Issue 9: a trainer reversed a record, the official clicked "studied" again and got the
    hours back. The same write now raises CreditWithdrawn and adds nothing."""
    record = add(official, hours="1")
    study_record_reverse(record=record, reason="未实际学习", actor=trainer, now=NOW)
    for _ in range(3):
        with pytest.raises(CreditWithdrawn) as caught:
            add(official, hours="1")
        assert caught.value.record == record
        assert "未实际学习" in str(caught.value)
    assert StudyRecord.objects.filter(user=official).count() == 2  # the record and its correction
    assert study_year_summary(user=official, year=2026).credit_hours == Decimal("0")


def test_a_genuinely_new_event_credits_a_reversed_source_once(official, trainer):
    """A further quiz attempt, say, is a new event: it writes the next revision; the same
    event again (or an event seen before) does not."""

    def write(event):
        return study_record_add(
            user=official,
            kind=StudyRecordKind.QUIZ_ATTEMPT,
            source="quizzes.quiz:7",
            title="年度考试",
            credit_hours="2",
            occurred_at=NOW,
            event=event,
        )

    first = write("attempts:1")
    study_record_reverse(record=first, reason="作弊", actor=trainer, now=NOW)
    with pytest.raises(CreditWithdrawn):
        write("attempts:1")
    again = write("attempts:2")
    assert again.revision == 1 and again.event == "attempts:2"
    assert write("attempts:2").pk == again.pk  # idempotent again
    study_record_reverse(record=again, reason="再次作弊", actor=trainer, now=NOW)
    with pytest.raises(CreditWithdrawn):
        write("attempts:1")  # not new: an earlier record carries it
    assert study_year_summary(user=official, year=2026).credit_hours == Decimal("0")


def test_only_a_trainer_restores_a_reversed_record(official, trainer):
    """study_record_restore credits the source again with a reason and the trainer's name;
    it refuses a standing record, a correction, a missing reason and a second restore."""
    record = add(official, hours="1")
    with pytest.raises(LedgerError):
        study_record_restore(record=record, reason="误撤", actor=trainer, now=NOW)
    correction = study_record_reverse(record=record, reason="误录", actor=trainer, now=NOW)
    with pytest.raises(LedgerError):
        study_record_restore(record=correction, reason="误撤", actor=trainer, now=NOW)
    with pytest.raises(LedgerError):
        study_record_restore(record=record, reason=" ", actor=trainer, now=NOW)
    restored = study_record_restore(record=record, reason="更正有误", actor=trainer, now=NOW)
    assert restored.revision == 1 and restored.created_by == trainer
    assert restored.reason == "更正有误" and restored.credit_hours == Decimal("1")
    with pytest.raises(LedgerError):
        study_record_restore(record=record, reason="再来", actor=trainer, now=NOW)
    assert add(official, hours="1").pk == restored.pk
    assert study_year_summary(user=official, year=2026).credit_hours == Decimal("1")


def test_study_credit_is_the_one_answer_for_a_source(official, trainer):
    """Never credited, credited, withdrawn by a correction, restored — for many sources in
    one query, and for an anonymous visitor nothing."""
    from django.contrib.auth.models import AnonymousUser

    a = add(official, source="case_library.case:1")
    b = add(official, source="case_library.case:2")
    correction = study_record_reverse(record=b, reason="误录", actor=trainer, now=NOW)
    credits = study_credits(
        user=official, sources=["case_library.case:1", "case_library.case:2", "x:3"]
    )
    assert credits["case_library.case:1"].credited and credits["case_library.case:1"].record == a
    assert not credits["case_library.case:2"] and credits["case_library.case:2"].withdrawn
    assert credits["case_library.case:2"].correction == correction
    assert not credits["x:3"].credited and not credits["x:3"].withdrawn
    restored = study_record_restore(record=b, reason="误撤", actor=trainer, now=NOW)
    assert study_credit(user=official, source="case_library.case:2").record == restored
    assert not study_credit(user=AnonymousUser(), source="case_library.case:1")
    assert not study_credit(user=UserFactory(), source="case_library.case:1")


def test_replace_reverses_and_rewrites_in_one_step(official):
    """What an app does when its facts change (a quiz grade): old record reversed by the
    system (no actor), the next revision holds the new values."""
    record = add(official, source="quizzes.quiz:1", hours="0", kind=StudyRecordKind.QUIZ_ATTEMPT)
    new = study_record_replace(
        record=record, reason="成绩更新", now=NOW, title="考试", credit_hours="2", score="90"
    )
    assert new.revision == 1 and new.score == Decimal("90")
    assert record.__class__.objects.get(pk=record.pk).reversed_by.created_by is None
    assert study_credit(user=official, source="quizzes.quiz:1").record == new


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


def test_resending_an_offline_form_does_not_undo_a_correction(official, trainer):
    """The trainer reversed one official's offline credit; the same form sent again credits
    the others once and leaves the corrected official at 0 学时."""
    other = UserFactory()

    def send():
        return offline_training_add(
            users=[official, other],
            title="法治讲座",
            credit_hours=Decimal("2"),
            occurred_at=NOW,
            actor=trainer,
            batch_key="lecture",
        )

    first = send()
    mine = next(r for r in first if r.user == official)
    study_record_reverse(record=mine, reason="未到场", actor=trainer, now=NOW)
    assert [r.user for r in send()] == [other]
    assert study_year_summary(user=official, year=2026).credit_hours == Decimal("0")
    assert study_year_summary(user=other, year=2026).credit_hours == Decimal("2")
