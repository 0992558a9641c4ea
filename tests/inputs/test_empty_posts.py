"""Wagtail views that answered an empty (or half-filled) POST with a 500 (issue 9): each now
gives a clear 4xx (or its own form again) and stores nothing."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from case_library.models import CaseDomain
from courses.models import Regulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    client.raise_request_exception = False
    return client


def _page():
    return Page.objects.filter(depth=2).first()


@pytest.mark.parametrize(
    "data",
    [{}, {"external-link-chooser-link_text": "x"}],
    ids=["empty", "no-url"],
)
def test_external_link_chooser_without_a_url_is_400(admin_client, data):
    response = admin_client.post("/admin/choose-external-link/", data)
    assert response.status_code == 400


def test_external_link_chooser_with_a_blank_url_shows_its_form_again(admin_client):
    response = admin_client.post("/admin/choose-external-link/", {"external-link-chooser-url": ""})
    assert response.status_code == 200
    assert response.json()["step"] == "external_link"


def test_external_link_chooser_still_works(admin_client):
    response = admin_client.post(
        "/admin/choose-external-link/", {"external-link-chooser-url": "https://example.org/"}
    )
    assert response.status_code == 200
    assert response.json()["step"] in ("external_link_chosen", "confirm_external_to_internal")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"new_parent_page": ""},
        {"new_parent_page": "abc"},
        {"new_parent_page": "99999999"},
        {"new_parent_page": str(10**30)},
        {"new_parent_page": "-1"},
    ],
    ids=["empty", "blank", "not-a-number", "missing-page", "huge", "negative"],
)
def test_page_copy_without_a_valid_parent_is_400_and_copies_nothing(admin_client, data):
    page = _page()
    before = Page.objects.count()
    response = admin_client.post(f"/admin/pages/{page.pk}/copy/", data)
    assert response.status_code == 400
    assert Page.objects.count() == before


def test_page_copy_form_still_shows(admin_client):
    assert admin_client.get(f"/admin/pages/{_page().pk}/copy/").status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"import_file_name": "x"},
        {"input_format": "csv"},
        {"import_file_name": "", "input_format": ""},
    ],
    ids=["empty", "no-format", "no-file", "blank"],
)
def test_redirect_import_process_without_its_fields_is_4xx(admin_client, data):
    response = admin_client.post("/admin/redirects/import/process/", data)
    assert response.status_code in (400, 302), response.status_code
    assert not Redirect.objects.exists()


@pytest.mark.parametrize(
    "model", sorted(get_snippet_models(), key=str), ids=lambda m: m._meta.label
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_snippet_chooser_create_without_a_creation_form_is_404(admin_client, model, method):
    """Our snippet choosers offer no 'create' step; the route says so instead of crashing."""
    opts = model._meta
    url = f"/admin/snippets/choose/{opts.app_label}/{opts.model_name}/create/"
    before = CaseDomain.objects.count(), Regulation.objects.count()
    response = getattr(admin_client, method)(url, {})
    assert response.status_code == 404
    assert (CaseDomain.objects.count(), Regulation.objects.count()) == before


@pytest.mark.parametrize(
    "url",
    [
        "/admin/workflows/task_chooser/create/",
        "/admin/documents/chooser/create/",
        "/admin/images/chooser/create/",
    ],
)
def test_other_chooser_create_views_answer_an_empty_post_without_500(admin_client, url):
    response = admin_client.post(url, {})
    assert response.status_code < 500


def test_every_snippet_chooser_guards_its_create_step():
    from wagtail.snippets.models import get_snippet_models

    from kit.wagtail_guards import GuardedSnippetChooserViewSet

    for model in get_snippet_models():
        assert issubclass(model.snippet_viewset.chooser_viewset_class, GuardedSnippetChooserViewSet)


def test_the_guarded_admin_routes_are_found():
    """The guard finds each route it knows (a Wagtail upgrade renaming one fails here)."""
    from kit.wagtail_guards import POST_FIELDS_READ_UNCHECKED
    from tests.routes import routes_marked

    assert routes_marked("xuefa_post_fields_required") == set(POST_FIELDS_READ_UNCHECKED)
