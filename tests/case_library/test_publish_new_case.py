"""Publishing a NEW case that the personal-data gate refuses keeps the trainer's work: the
page is saved as a draft and the findings are shown (issue 10: it used to end on /admin/
with "对不起，你没有权限访问。" and the page was gone)."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from case_library.models import CasePage
from tests.case_library.factories import CLEAN_FACTS, DIRTY_FACTS

pytestmark = pytest.mark.django_db


def create_data(*, facts, title="新案例：欠薪来访", slug="new-case", action="action-publish"):
    data = {
        "title": title,
        "slug": slug,
        "summary": "摘要。",
        "outcome": "",
        "year": "2024",
        "credit_hours": "0.5",
        "estimated_minutes": "15",
        "tags": "",
        "facts": rich_text(facts),
        "handling": rich_text(""),
        "issues": rich_text(""),
        "analysis": rich_text(""),
        "review": rich_text(""),
        "lessons": rich_text(""),
        "discussion_questions": rich_text(""),
        "comments": inline_formset([]),
    }
    if action:
        data[action] = action
    return nested_form_data(data)


def add_url(index):
    return f"/admin/pages/add/case_library/casepage/{index.pk}/"


def test_publishing_a_new_dirty_case_saves_a_draft_and_shows_findings(client, trainer, index):
    """发布 on a new case with personal data: a draft exists afterwards, not live, holding
    what was typed, and the trainer lands on the findings, not on a permission error."""
    client.force_login(trainer)
    response = client.post(add_url(index), create_data(facts=DIRTY_FACTS))
    page = CasePage.objects.filter(slug="new-case").first()
    assert page is not None, "the new case was lost"
    assert not page.live
    assert "周建华" in page.get_latest_revision_as_object().facts
    assert response.status_code == 302
    assert response.url == f"/admin/cases/{page.pk}/findings/"
    followed = client.get(response.url)
    text = followed.content.decode()
    assert "周建华" in text  # the findings are listed
    assert "没有权限" not in text and "permission" not in text.lower()
    messages = [str(m) for m in followed.context["messages"]]
    assert any("草稿" in m or "draft" in m for m in messages), messages


def test_publishing_a_new_dirty_case_twice_keeps_two_drafts(client, trainer, index):
    """Every time: a second new case refused the same way is kept too."""
    client.force_login(trainer)
    client.post(add_url(index), create_data(facts=DIRTY_FACTS, slug="first"))
    client.post(add_url(index), create_data(facts=DIRTY_FACTS, slug="second"))
    assert set(CasePage.objects.values_list("slug", "live")) >= {
        ("first", False),
        ("second", False),
    }


def test_publishing_a_new_case_with_personal_data_in_the_title(client, trainer, index):
    """The title is checked too; the draft is kept under that title for the trainer to fix."""
    client.force_login(trainer)
    client.post(
        add_url(index), create_data(facts=CLEAN_FACTS, title="信访人周建华欠薪案", slug="t")
    )
    page = CasePage.objects.get(slug="t")
    assert not page.live


def test_publishing_a_new_clean_case_still_publishes(client, trainer, index):
    """Nothing found: 发布 publishes as before."""
    client.force_login(trainer)
    response = client.post(add_url(index), create_data(facts=CLEAN_FACTS))
    assert response.status_code == 302
    assert CasePage.objects.get(slug="new-case").live


# The same class of problem on the other publishing buttons: each used to end on a permission
# error page because the gate's refusal is a PermissionDenied.


def test_bulk_publish_refuses_dirty_cases_with_a_message(client, trainer, index):
    """The page listing's bulk 发布: a dirty case stays a draft, the trainer gets a message
    naming it, not a permission error."""
    from tests.case_library.factories import make_case

    dirty = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={dirty.pk}&next=/admin/pages/{index.pk}/",
        {"include_descendants": ""},
    )
    dirty.refresh_from_db()
    assert not dirty.live
    assert response.status_code == 302
    assert response.url != "/admin/"
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert any(dirty.title in m for m in messages), messages


def test_bulk_publish_with_descendants_refuses_a_dirty_draft_below(client, trainer, index):
    """Publishing the case library 'with its subpages' would publish a dirty draft below it."""
    from tests.case_library.factories import make_case

    dirty = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={index.pk}&next=/admin/pages/",
        {"include_descendants": "on"},
    )
    dirty.refresh_from_db()
    assert not dirty.live
    assert response.status_code == 302 and response.url != "/admin/"


def test_approving_a_dirty_case_in_moderation_keeps_it_and_says_why(
    client, trainer, administrator, index
):
    """Submitted for moderation, then 批准 (approve, which publishes): refused with the
    findings, the workflow still in progress, the page a draft."""
    from wagtail.models import Workflow

    workflow = Workflow.objects.filter(active=True).first()
    if workflow is None:
        pytest.skip("no active workflow")
    client.force_login(trainer)
    client.post(add_url(index), create_data(facts=DIRTY_FACTS, action="action-submit"))
    page = CasePage.objects.get(slug="new-case")
    assert page.workflow_in_progress
    client.force_login(administrator)
    state = page.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""}
    )
    page.refresh_from_db()
    assert not page.live
    assert response.status_code == 302
    assert response.url == f"/admin/cases/{page.pk}/findings/"
    assert page.workflow_in_progress


def test_approving_with_edits_in_the_editor_keeps_the_edits(client, trainer, administrator, index):
    """The editor's own 批准 (approve with edits): refused, the moderator's edits kept as a
    draft, the findings shown."""
    from wagtail.models import Workflow

    if not Workflow.objects.filter(active=True).exists():
        pytest.skip("no active workflow")
    client.force_login(trainer)
    client.post(add_url(index), create_data(facts=DIRTY_FACTS, action="action-submit"))
    page = CasePage.objects.get(slug="new-case")
    client.force_login(administrator)
    data = create_data(facts=DIRTY_FACTS + "<p>审核人补充的一句。</p>", action=None)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert not page.live
    assert response.status_code == 302
    assert response.url == f"/admin/cases/{page.pk}/findings/"
    assert "审核人补充的一句" in page.get_latest_revision_as_object().facts
