"""Leads and officials never see unpublished pages in the admin, titles included (issue 9).

Observed: a department lead searching the admin page chooser
(/admin/choose-page/search/?q=待) saw the titles of unpublished pages, among them a case still
awaiting anonymisation. The route × role sweep of every admin route is in
tests/permissions/test_matrix.py; these are the observed surfaces, by name."""

import json

import pytest

from accounts.roles import user_sees_drafts
from tests.case_library.factories import case_index, make_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "待匿名处理的草稿案例"

SURFACES = [
    "/admin/choose-page/search/?q=待",
    "/admin/choose-page/",
    "/admin/choose-page/{index}/",
    "/admin/pages/search/?q=待",
    "/admin/pages/{index}/",
    "/admin/api/main/pages/?child_of={index}",
    "/admin/api/main/pages/{draft}/",
    "/admin/pages/{draft}/move/{index}/confirm/",
    "/admin/reports/site-history/",
    "/admin/choose-external-link/",
]


@pytest.fixture
def pages(db):
    index = case_index()
    draft = make_case(TITLE, index=index, live=False)
    return {"index": index.pk, "draft": draft.pk}


def _leaks(response) -> bool:
    text = response.content.decode("utf-8", "replace")
    return TITLE in text or json.dumps(TITLE)[1:-1] in text


@pytest.mark.parametrize("role", ["lead", "official"])
@pytest.mark.parametrize("surface", SURFACES)
def test_leads_and_officials_are_refused_without_a_title(client, pages, role, surface):
    """Each page-tree surface refuses a lead (403) and an official (no admin access), and
    neither answer carries the draft's title."""
    client.force_login(UserFactory(role=role))
    response = client.get(surface.format(**pages))
    assert response.status_code in (302, 403), response.status_code
    assert not _leaks(response)


def test_the_lead_is_refused_the_chooser_search_the_issue_names(client, pages):
    client.force_login(UserFactory(role="lead"))
    response = client.get("/admin/choose-page/search/?q=待")
    assert response.status_code == 403
    assert not _leaks(response)


def test_trainers_still_choose_drafts(client, pages):
    """Authors keep their tools: the trainer's chooser search finds the draft."""
    trainer = UserFactory(role="trainer")
    client.force_login(trainer)
    response = client.get("/admin/choose-page/search/?q=待")
    assert response.status_code == 200 and _leaks(response)
    assert user_sees_drafts(trainer)


def test_only_authors_see_drafts():
    """The one rule: a page permission (or superuser) — not a lead's or an official's role."""
    assert not user_sees_drafts(UserFactory(role="lead"))
    assert not user_sees_drafts(UserFactory(role="official"))
    assert user_sees_drafts(UserFactory(role="administrator"))
