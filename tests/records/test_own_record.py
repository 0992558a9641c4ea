"""Nobody enters, corrects or restores their own study record by hand (issue 9: no
self-service credit). A trainer is an official too, with a year to complete: they could tick
themselves on the offline-training form (2 学时 for a lecture they never attended), or restore
their own record that an administrator had reversed. Another trainer or an administrator
does it for them."""

from decimal import Decimal

import pytest
from django.utils import timezone

from records.models import StudyRecord, StudyRecordKind
from records.services import (
    LedgerError,
    offline_training_add,
    study_record_add,
    study_record_reverse,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _form(*people):
    return {
        "title": "区委党校法治讲座",
        "occurred_on": NOW.date().isoformat(),
        "credit_hours": "2",
        "officials": [p.pk for p in people],
        "place": "",
        "note": "",
    }


def test_the_offline_form_does_not_offer_oneself(client, trainer, official):
    client.force_login(trainer)
    page = client.get("/admin/records/offline/").content.decode()
    assert f'name="officials" value="{official.pk}"' in page
    assert f'name="officials" value="{trainer.pk}"' not in page
    client.post("/admin/records/offline/", _form(trainer, official))
    assert not StudyRecord.objects.filter(user=trainer).exists()


def test_the_service_refuses_one_s_own_credit(trainer, official):
    with pytest.raises(LedgerError):
        offline_training_add(
            users=[official, trainer],
            title="讲座",
            credit_hours=Decimal("2"),
            occurred_at=NOW,
            actor=trainer,
            batch_key="self",
        )
    assert not StudyRecord.objects.exists()  # the batch is refused whole


def test_another_trainer_credits_them(trainer, official):
    colleague = UserFactory(role="trainer", department=trainer.department)
    (record,) = offline_training_add(
        users=[trainer],
        title="讲座",
        credit_hours=Decimal("2"),
        occurred_at=NOW,
        actor=colleague,
        batch_key="colleague",
    )
    assert record.user == trainer and record.created_by == colleague


@pytest.fixture
def own_record(trainer):
    return study_record_add(
        user=trainer,
        kind=StudyRecordKind.OFFLINE_TRAINING,
        source="offline:own",
        title="讲座",
        credit_hours=Decimal("2"),
        occurred_at=NOW,
        created_by=UserFactory(role="administrator"),
    )


def test_one_s_own_record_is_not_corrected_by_oneself(client, trainer, own_record):
    client.force_login(trainer)
    client.post(f"/admin/records/{own_record.pk}/correct/", {"reason": "不算了"})
    assert not StudyRecord.objects.filter(reverses=own_record).exists()


def test_one_s_own_reversed_record_is_not_restored_by_oneself(client, trainer, own_record):
    administrator = UserFactory(role="administrator")
    study_record_reverse(record=own_record, reason="未到场", actor=administrator, now=NOW)
    client.force_login(trainer)
    response = client.post(f"/admin/records/{own_record.pk}/restore/", {"reason": "我到场了"})
    assert response.status_code == 302
    live = StudyRecord.objects.filter(user=trainer, source="offline:own").order_by("-pk").first()
    assert live.pk == own_record.pk  # no new revision
    assert StudyRecord.objects.filter(user=trainer).count() == 2  # the record and its correction
