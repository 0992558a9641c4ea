"""The demo sessions: two held and credited, one on 第四章 ready to present, and the law in
them as the articles say it."""

import io
import re

import pytest
from django.core.management import call_command

from courses.models import Article
from records.models import StudyRecord, StudyRecordKind
from study_sessions import demo, slides
from study_sessions.models import CREDITED_STATUSES, SessionStatus, StudySession
from tests.study_sessions.test_demo_text import all_demo_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())


def test_two_past_sessions_are_confirmed_and_credited_per_attendee(loaded):
    past = StudySession.objects.filter(
        status=SessionStatus.CONFIRMED,
        topic__in=[demo.PAST_CENTRE_GROUP["topic"], demo.PAST_DISCUSSION["topic"]],
    )
    assert past.count() == 2
    for session in past:
        credited = set(
            session.attendances.filter(status__in=CREDITED_STATUSES).values_list("user", flat=True)
        )
        records = StudyRecord.objects.credited().filter(
            kind=StudyRecordKind.GROUP_SESSION, source=session.ledger_source
        )
        assert set(records.values_list("user", flat=True)) == credited
        assert all(r.credit_hours == session.credit_hours for r in records)
        assert session.speeches.exists() and session.conclusions and session.follow_ups.exists()


def test_the_upcoming_session_on_chapter_four_is_ready_to_present(loaded):
    session = StudySession.objects.get(topic=demo.UPCOMING["topic"])
    assert session.status == SessionStatus.PLANNED and session.questions.count() == 3
    assert [m.kind for m in session.modules.order_by("position")] == ["chapter", "lesson", "case"]
    deck = slides.session_slides(session)
    assert deck[0].kind == "qr"
    assert not [s for s in deck if s.extra.get("missing")]
    assert sum(s.kind == "question" for s in deck) >= 3


def test_loading_the_demo_twice_adds_no_session(loaded):
    before = StudySession.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert StudySession.objects.count() == before
    assert StudySession.objects.filter(topic=demo.UPCOMING["topic"]).count() == 1


def test_every_quotation_in_the_demo_sessions_is_the_articles_own_words(loaded):
    """Text in “…” is an article's words: it occurs in the current text of the 条例."""
    law = "".join(
        p["text"]
        for a in Article.objects.filter(regulation__slug=demo.XINFANG)
        for p in a.reading_paragraphs
    )
    quotations = re.findall(r"“([^”]+)”", all_demo_text())
    assert quotations
    for quotation in quotations:
        if quotation in {"到位", "依法处理"}:
            assert quotation in law
            continue
        assert quotation.replace("、", "、") in law, quotation


def test_words_after_an_article_and_a_colon_are_that_articles_words(loaded):
    """Sessions are plain text, so they carry no quotation mark for the admin report; what they
    present as an article's words (第二十二条：…。) is checked here with the same rule."""
    from courses.models import Article
    from courses.parsing import chinese_to_int
    from courses.quotations import article_words, excerpt_matches

    passages = re.findall(
        r"第([一二三四五六七八九十]+)条(?:第[一二三四五六七八九十]+款)?：([^。]+?(?:。|……))",
        all_demo_text(),
    )
    assert passages
    for numeral, words in passages:
        article = Article.objects.get(regulation__slug=demo.XINFANG, number=chinese_to_int(numeral))
        assert excerpt_matches(words, article_words(article)), words


def test_every_deadline_in_the_demo_sessions_is_one_the_articles_give(loaded):
    """Each "N日" in the demo sessions is a period the 条例 states (15, 30, 60 days)."""
    numbers = {int(n) for n in re.findall(r"(\d+)日", all_demo_text())}
    assert numbers <= {15, 30, 60}
