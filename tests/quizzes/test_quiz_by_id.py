"""The quiz page by id (``quizzes:quiz``, /quizzes/q/<id>/): the exam rush starts there.

It serves the page itself — the same view, the same hooks (private pages, the request method)
— instead of redirecting to the page's URL, where Wagtail walks the tree one URL segment at a
time (issue 14: the exam page and the start cost ~45 ms each, half of it routing)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from quizzes.models import Attempt

from .factories import QuestionFactory, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(db, official):
    return make_quiz(title="年度考试", mode="exam", questions=[QuestionFactory()])


def _by_id(quiz):
    return reverse("quizzes:quiz", kwargs={"quiz_id": quiz.pk})


def test_serves_the_quiz_page_itself(official_client, exam):
    """The page answers at its id — no redirect — and is the page served at its URL."""
    direct = official_client.get(_by_id(exam))
    routed = official_client.get(exam.url)
    assert direct.status_code == 200, direct.status_code  # was a 302 to exam.url
    assert direct.templates[0].name == routed.templates[0].name == "quizzes/quiz_page.html"
    assert direct.context["page"] == exam
    assert 'id="quiz-start"' in direct.content.decode()


def test_start_there_starts_the_attempt(official_client, official, exam):
    """The start form posts back to where the page was served: by id, that starts it."""
    response = official_client.post(_by_id(exam))
    attempt = Attempt.objects.get(user=official, quiz=exam)
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk})


def test_fewer_queries_than_the_routed_url(official_client, exam):
    """Found by id, the page skips the tree walk (one query per URL segment and page type)."""
    official_client.get(exam.url)  # warm what both share (session, site root paths)
    with CaptureQueriesContext(connection) as routed:
        official_client.get(exam.url)
    with CaptureQueriesContext(connection) as direct:
        official_client.get(_by_id(exam))
    assert len(direct) < len(routed), (len(direct), len(routed))


def test_private_page_asks_as_at_its_url(official_client, exam):
    """A page behind a password (Wagtail's view restrictions) asks for it by id too."""
    PageViewRestriction.objects.create(
        page=exam, restriction_type=PageViewRestriction.PASSWORD, password="考场密码"
    )
    for url in (exam.url, _by_id(exam)):
        response = official_client.get(url)
        assert response.status_code == 200
        assert "password" in response.content.decode().lower()
        assert 'id="quiz-start"' not in response.content.decode()
    assert official_client.post(_by_id(exam)).status_code == 200  # the form, no attempt
    assert not Attempt.objects.filter(quiz=exam).exists()


def test_draft_and_other_sites_are_missing(official_client, exam):
    """An unpublished quiz, or one outside this request's site, is a 404 as at a URL."""
    exam.unpublish()
    assert official_client.get(_by_id(exam)).status_code == 404
    exam.save_revision().publish()
    root = Page.get_first_root_node()
    orphan = make_quiz(title="别处的考试", mode="exam", parent=root)
    assert official_client.get(_by_id(orphan)).status_code == 404


def test_signed_out_are_sent_to_sign_in(client, exam):
    response = client.get(_by_id(exam))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
