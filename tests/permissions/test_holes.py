"""The permission holes the matrix found, each pinned on its own (issue 9)."""

import pytest

from courses.models import LessonPage
from tests.courses.factories import citation, make_course, make_lesson, paragraph
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFT = "草稿课的标题"


@pytest.fixture
def drafted_citations():
    from courses.models import Regulation

    regulation = Regulation.objects.create(title="测试条例", slug="ceshi")
    body = [paragraph(), citation(regulation, "1"), citation(regulation, "999")]
    make_lesson(make_course(), title=DRAFT, body=body, live=False)
    assert LessonPage.objects.get(title=DRAFT).live is False
    return regulation


def _as(client, role):
    client.force_login(UserFactory(role=role))
    return client


@pytest.mark.parametrize("role,shown", [("lead", False), ("trainer", True)])
def test_citation_lists_name_draft_lessons_only_to_authors(client, drafted_citations, role, shown):
    client = _as(client, role)
    for url in (
        f"/admin/courses/regulations/{drafted_citations.pk}/articles/",
        "/admin/courses/citations/broken/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert (DRAFT in response.content.decode()) is shown, url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tag-autocomplete/?term=a",
        "/admin/tag-autocomplete/taggit/tag/?term=a",
        "/admin/embeds/chooser/",
        "/admin/embeds/chooser/upload/",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/",
        "/admin/images/chooser/",
        "/admin/images/chooser/results/",
    ],
)
def test_authoring_tools_are_closed_to_leads(client, url):
    assert _as(client, "lead").get(url).status_code == 403


def test_failwhale_is_not_found(client):
    for role in ("lead", "trainer", "administrator"):
        client.force_login(UserFactory(role=role))
        assert client.get("/admin/failwhale/").status_code == 404


@pytest.mark.parametrize("role", ["trainer", "administrator"])
def test_users_cannot_be_copied(client, role):
    client.raise_request_exception = False
    target = UserFactory()
    response = _as(client, role).get(f"/admin/users/copy/{target.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ["edit", "agenda", "attendance", "minutes", "sign_in_qr", "sign_in_status"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_session_one_may_not_see_is_not_found_on_its_running_views(client, name, method):
    """Someone neither invited to a session nor over its department gets 404 from the views
    that run it, as from its page: a 403 would confirm it exists. An invitee, who sees it,
    is told 403."""
    from tests.study_sessions.factories import make_session

    department = DepartmentFactory()
    invitee = UserFactory(department=department)
    session = make_session(
        organiser=UserFactory(role="trainer"), department=department, invited_people=[invitee]
    )
    url = (
        f"/study-sessions/{session.pk}/"
        + {
            "edit": "edit/",
            "agenda": "agenda/",
            "attendance": "attendance/",
            "minutes": "minutes/",
            "sign_in_qr": "sign-in/qr.svg",
            "sign_in_status": "sign-in/status.json",
        }[name]
    )
    outsiders = [UserFactory(), UserFactory(role="lead", department=DepartmentFactory())]
    for outsider in outsiders:
        client.force_login(outsider)
        assert getattr(client, method)(url).status_code == 404, (outsider, url)
    client.force_login(invitee)
    assert getattr(client, method)(url).status_code == 403


@pytest.mark.parametrize("name", ["confirm", "cancel"])
def test_a_session_one_may_not_see_is_not_found_on_its_actions(client, name):
    from tests.study_sessions.factories import make_session

    department = DepartmentFactory()
    session = make_session(organiser=UserFactory(role="trainer"), department=department)
    client.force_login(UserFactory(role="lead", department=DepartmentFactory()))
    assert client.post(f"/study-sessions/{session.pk}/{name}/").status_code == 404


@pytest.fixture
def lesson(db):
    return make_lesson(make_course(), title="空表单的课")


@pytest.mark.parametrize("role", ["trainer", "administrator"])
@pytest.mark.parametrize("step", ["add", "edit", "revert"])
def test_an_empty_page_form_post_is_400_and_changes_nothing(client, lesson, role, step):
    """Wagtail's page forms read ``body-count`` without asking whether it was sent: an empty
    POST was a 500 (MultiValueDictKeyError). It is the site's 400, and no page or revision is
    written."""
    from wagtail.models import Page, Revision

    client.raise_request_exception = False
    revision = lesson.latest_revision or lesson.save_revision()
    url = {
        "add": f"/admin/pages/add/courses/lessonpage/{lesson.get_parent().pk}/",
        "edit": f"/admin/pages/{lesson.pk}/edit/",
        "revert": f"/admin/pages/{lesson.pk}/revisions/{revision.pk}/revert/",
    }[step]
    before = Page.objects.count(), Revision.objects.count()
    response = _as(client, role).post(url, {})
    assert response.status_code == 400
    assert (Page.objects.count(), Revision.objects.count()) == before


def test_the_external_link_guard_sends_the_signed_out_to_sign_in(client):
    """The 400 for an incomplete form is for those who may use the form: a signed-out POST
    is sent to sign in, as every admin view does."""
    response = client.post("/admin/choose-external-link/", {})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ["official", "lead", "trainer"])
def test_the_redirect_import_guard_leaves_the_refusal_to_the_view(client, role):
    """Only administrators import redirects; others are refused, not told 400."""
    response = _as(client, role).post("/admin/redirects/import/process/", {})
    assert response.status_code != 400
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(("/admin/login/", "/admin/"))


@pytest.mark.parametrize("url", ["/admin/images/", "/admin/documents/", "/admin/images/chooser/"])
def test_trainers_reach_the_image_and_document_library(client, url):
    """The trainer role lists image and document permissions, but Wagtail reads them per
    collection only: they are granted on the root collection (accounts.roles)."""
    assert _as(client, "trainer").get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/workflows/task_chooser/",
        "/admin/workflows/task_chooser/results/",
        "/admin/workflows/task_chooser/create/",
    ],
)
def test_the_task_chooser_is_the_workflow_editor_s_only(client, url):
    """Wagtail opens the workflow editor's task chooser to every admin user: trainers (who
    edit no workflow) read every moderation task's name there and were answered 400 when
    they tried to create one. It is for those who may create or edit a workflow."""
    from wagtail.models import Task

    task = Task.objects.first()
    for role in ("lead", "trainer"):
        _as(client, role)
        assert client.get(url).status_code == 403, role
        if task is not None:
            assert client.get(f"/admin/workflows/task_chooser/{task.pk}/").status_code == 403
    before = Task.objects.count()
    response = client.post(
        "/admin/workflows/task_chooser/create/?create_model=wagtailcore.grouptask",
        {"create-task-name": "培训管理员自建任务", "create-task-groups": []},
    )
    assert response.status_code == 403 and Task.objects.count() == before
    assert _as(client, "administrator").get(url).status_code == 200


def test_the_permission_guarded_admin_routes_are_found():
    """Each route of kit.wagtail_guards.PERMISSION_REQUIRED exists and is guarded (a Wagtail
    upgrade renaming one fails here)."""
    from kit.wagtail_guards import PERMISSION_REQUIRED
    from tests.routes import routes_marked

    assert routes_marked("xuefa_permission_required") == set(PERMISSION_REQUIRED)
