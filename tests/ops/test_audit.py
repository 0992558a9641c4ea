"""The audit trail: who changed what in the admin, append-only, readable by administrators."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from accounts.roles import role_group
from ops.audit import AuditTrailIsAppendOnly
from tests.accounts.test_user_roles import edit_url, form_data
from tests.case_library.factories import DIRTY_FACTS, make_case
from tests.factories import DepartmentFactory, UserFactory
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
    ).order_by("pk")


def _edit_as(client, actor, target, **changes):
    viewer = type(client)()
    viewer.force_login(actor)
    data = form_data(viewer.get(edit_url(target)).context["form"])
    data.update(changes)
    client.force_login(actor)
    response = client.post(edit_url(target), data)
    assert response.status_code == 302, response.content[:2000]
    return response


def test_a_trainer_changing_an_officials_department_is_recorded_with_who_and_what(
    client, trainer, official
):
    other = DepartmentFactory(name="督查科", code="dck")
    _edit_as(client, trainer, official, department=other.pk)
    entry = entries_for(official).filter(action=LogEntry.Action.UPDATE).last()
    assert entry is not None, "the edit left no audit entry"
    assert entry.actor == trainer
    assert entry.changes_dict["department"] == [str(official.department_id), str(other.pk)]


def test_a_role_granted_through_the_admin_is_recorded(client, administrator, official):
    """Roles are the groups many-to-many: granting 培训管理员 is an entry naming the group."""
    groups = [role_group("official").pk, role_group("trainer").pk]
    _edit_as(client, administrator, official, groups=groups)
    m2m = [e for e in entries_for(official) if "groups" in (e.changes_dict or {})]
    assert m2m, "the role change left no audit entry"
    change = m2m[-1].changes_dict["groups"]
    assert change["operation"] == "add" and "培训管理员" in change["objects"]
    assert m2m[-1].actor == administrator


def test_a_password_change_is_recorded_without_the_password_hash(administrator, official):
    from auditlog.context import set_actor

    with set_actor(administrator):
        official.set_password("a-new-password-2026")
        official.save()
    entry = entries_for(official).filter(action=LogEntry.Action.UPDATE).last()
    recorded = entry.changes_dict["password"]
    assert official.password not in str(entry.changes), "the new hash reached the audit trail"
    assert all("*" in value for value in recorded)


def test_a_question_key_change_is_recorded_old_and_new(trainer):
    from auditlog.context import set_actor

    question = QuestionFactory(answer="B")
    with set_actor(trainer):
        question.answer = "C"
        question.save()
    entry = entries_for(question).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.changes_dict["answer"] == ["B", "C"]
    assert entry.actor == trainer


def test_case_publication_is_recorded_but_never_the_case_body():
    """The body of a case holds raw personal data before redaction: it stays out of the trail."""
    draft = make_case(facts=DIRTY_FACTS, live=False)
    recorded = " ".join(f"{e.changes} {e.object_repr}" for e in entries_for(draft))
    for raw in ("周建华", "13983012457", "吴丽萍"):
        assert raw not in recorded
    published = make_case(live=True)
    assert any(
        (e.changes_dict or {}).get("live", [None, None])[1] == "True"
        for e in entries_for(published)
    ), "publishing left no audit entry"


def test_audit_entries_cannot_be_changed_or_deleted(official):
    official.name = "李明明"
    official.save()
    entry = entries_for(official).last()
    entry.changes_text = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly), transaction.atomic():
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly), transaction.atomic():
        entry.delete()
    with pytest.raises(AuditTrailIsAppendOnly), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.get(pk=entry.pk).changes_text != "rewritten"


@pytest.mark.parametrize("role", ["official", "lead", "trainer"])
def test_officials_leads_and_trainers_cannot_read_the_audit_trail(client, department, role):
    """Wagtail turns the refusal into a redirect to the dashboard; nothing of the trail shows."""
    client.force_login(UserFactory(role=role, department=department))
    response = client.get(reverse("ops_admin:audit"))
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("ops_admin:audit"))


def test_an_administrator_who_is_not_a_superuser_reads_the_audit_trail(client, department):
    """The role's own permission opens it (not superuser status)."""
    user = UserFactory(role="administrator", department=department)
    User.objects.filter(pk=user.pk).update(is_superuser=False)
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get(reverse("ops_admin:audit")).status_code == 200


def test_the_audit_page_shows_who_changed_what_and_filters(client, administrator, trainer):
    from auditlog.context import set_actor

    question = QuestionFactory(answer="B")
    with set_actor(trainer):
        question.answer = "D"
        question.save()
    client.force_login(administrator)
    ct = ContentType.objects.get_for_model(type(question))
    body = client.get(reverse("ops_admin:audit"), {"model": ct.pk, "actor": "trainer1"})
    html = body.content.decode()
    assert "B → D" in html and trainer.display_name in html
    other = client.get(reverse("ops_admin:audit"), {"model": ct.pk, "actor": "nobody-at-all"})
    assert "B → D" not in other.content.decode()


def test_the_audit_filter_rejects_nonsense_quietly(client, administrator):
    client.force_login(administrator)
    response = client.get(
        reverse("ops_admin:audit"), {"model": "99999999999999999999", "since": "not-a-date"}
    )
    assert response.status_code == 200
    assert User.objects.filter(pk=administrator.pk).exists()
