"""Who sees which records: officials their own, leads their department tree, trainers all."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from records.models import StudyRecord, StudyRecordKind
from records.services import study_record_add
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def credit(user, source, hours="1", title="课程"):
    return study_record_add(
        user=user,
        kind=StudyRecordKind.LESSON_STUDIED,
        source=source,
        title=title,
        credit_hours=hours,
        occurred_at=timezone.now(),
    )


def test_my_record_shows_only_my_own_records(client, official):
    other = UserFactory()
    credit(official, "a", title="我的课程")
    credit(other, "b", title="别人的课程")
    client.force_login(official)
    body = client.get(reverse("records:my_records")).content.decode()
    assert "我的课程" in body and "别人的课程" not in body


def test_my_record_export_is_mine_only(client, official):
    credit(official, "a", title="我的课程")
    credit(UserFactory(), "b", title="别人的课程")
    client.force_login(official)
    response = client.get(reverse("records:my_records_export"))
    values = [c.value for row in load_workbook(io.BytesIO(response.content)).active for c in row]
    assert "我的课程" in values and "别人的课程" not in values


def test_my_record_rejects_a_silly_year_without_error(client, official):
    client.force_login(official)
    assert client.get(reverse("records:my_records"), {"year": "abc"}).status_code == 200
    assert client.get(reverse("records:my_records"), {"year": "99999"}).status_code == 200


def test_my_record_query_count_does_not_grow_with_records(
    client, official, django_assert_max_num_queries
):
    client.force_login(official)
    for i in range(3):
        credit(official, f"s{i}")
    with django_assert_max_num_queries(12) as ctx:
        assert client.get(reverse("records:my_records")).status_code == 200
    few = len(ctx.captured_queries)
    for i in range(3, 40):
        credit(official, f"s{i}")
    with django_assert_max_num_queries(few):
        response = client.get(reverse("records:my_records"))
    assert response.status_code == 200 and len(response.context["page_obj"]) == 40


def test_login_is_required_for_records(client):
    response = client.get(reverse("records:my_records"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def tree():
    office = DepartmentFactory(name="信访办", code="o")
    a = DepartmentFactory(name="接待科", code="a", parent=office)
    a1 = DepartmentFactory(name="接待一组", code="a1", parent=a)
    b = DepartmentFactory(name="督办科", code="b", parent=office)
    return office, a, a1, b


def test_lead_ledger_covers_their_department_and_below_only(client, tree):
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a, name="组长")
    in_a = UserFactory(department=a, name="甲")
    in_a1 = UserFactory(department=a1, name="乙")
    in_b = UserFactory(department=b, name="丙")
    for person in (in_a, in_a1, in_b):
        credit(person, "x")
    client.force_login(lead)
    ledger = client.get(reverse("records_admin:index")).content.decode()
    assert "丙" not in ledger and "乙" in ledger


def test_lead_cannot_enter_or_reverse_records(client, tree):
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a)
    record = credit(UserFactory(department=a), "x")
    client.force_login(lead)
    # The Wagtail admin turns a refusal into a redirect to its dashboard with a message.
    assert client.get(reverse("records_admin:offline_training")).status_code in (302, 403)
    response = client.post(reverse("records_admin:correct", args=[record.pk]), {"reason": "x"})
    assert response.status_code in (302, 403)
    assert StudyRecord.objects.count() == 1


def test_trainer_enters_offline_training_for_many_and_double_submit_counts_once(
    client, trainer, tree
):
    people = [UserFactory(department=tree[1]) for _ in range(3)]
    client.force_login(trainer)
    data = {
        "title": "区委党校讲座",
        "occurred_on": timezone.localdate().isoformat(),
        "credit_hours": "2",
        "officials": [p.pk for p in people],
    }
    for _ in range(2):
        response = client.post(reverse("records_admin:offline_training"), data)
        assert response.status_code == 302
    assert StudyRecord.objects.filter(kind=StudyRecordKind.OFFLINE_TRAINING).count() == 3


def test_offline_training_in_the_future_is_refused(client, trainer, tree):
    person = UserFactory(department=tree[1])
    client.force_login(trainer)
    response = client.post(
        reverse("records_admin:offline_training"),
        {
            "title": "未来讲座",
            "occurred_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "credit_hours": "2",
            "officials": [person.pk],
        },
    )
    assert response.status_code == 200
    assert not StudyRecord.objects.exists()


def test_trainer_reverses_a_record_with_a_reason(client, trainer, tree):
    record = credit(UserFactory(department=tree[1]), "x", hours="1")
    client.force_login(trainer)
    client.post(reverse("records_admin:correct", args=[record.pk]), {"reason": "重复登记"})
    correction = StudyRecord.objects.get(reverses=record)
    assert correction.reason == "重复登记" and correction.created_by == trainer


def test_trainer_restores_a_reversed_record_and_a_lead_cannot(client, trainer, tree):
    """The way back for a reversed record is the trainer's 恢复 with a reason, shown on the
    ledger; a lead (view only) is refused and nothing is written."""
    from records.services import study_record_reverse

    person = UserFactory(department=tree[1])
    record = credit(person, "case_library.case:1", hours="1")
    study_record_reverse(record=record, reason="误录", actor=trainer, now=timezone.now())
    lead = UserFactory(role="lead", department=tree[1])
    client.force_login(lead)
    response = client.post(reverse("records_admin:restore", args=[record.pk]), {"reason": "x"})
    assert response.status_code in (302, 403)
    assert StudyRecord.objects.count() == 2
    client.force_login(trainer)
    ledger = client.get(reverse("records_admin:index")).content.decode()
    assert reverse("records_admin:restore", args=[record.pk]) in ledger
    page = client.get(reverse("records_admin:restore", args=[record.pk]))
    assert page.status_code == 200 and "误录" in page.content.decode()
    client.post(reverse("records_admin:restore", args=[record.pk]), {"reason": "更正有误"})
    restored = StudyRecord.objects.get(source="case_library.case:1", revision=1)
    assert restored.created_by == trainer and restored.reason == "更正有误"
    assert restored.credit_hours == Decimal("1")
