"""Study sessions in the site search: what is indexed, who sees which session (the session's
own rule, permissions.can_view), and the index following saves, deletes and confirmation."""

import dataclasses
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from kit.search import PER_VIEWER
from search.models import IndexEntry
from search.selectors import search
from study_sessions import permissions
from study_sessions.models import (
    DiscussionQuestion,
    SessionModule,
    Speech,
    SpeechKind,
    StudySession,
)
from study_sessions.services import session_cancel, session_confirm, session_invitations_sync
from tests.factories import DepartmentFactory, UserFactory
from tests.study_sessions.factories import make_session

pytestmark = pytest.mark.django_db

# Words found in no regulation or demo text, so a hit can only be the session itself.
OURS = "银杏方案专题学习"
THEIRS = "梧桐计划专题学习"


@pytest.fixture
def other_department(db):
    return DepartmentFactory(name="督查督办科", code="dcdb")


@pytest.fixture
def sessions(trainer, official, lead, department, other_department):
    """One session for the official's department (the official and the lead are in it, so
    invited), one for another department with nobody of the official's department invited."""
    ours = make_session(
        organiser=trainer,
        department=department,
        invited_departments=[department],
        topic=OURS,
        summary="结合接待窗口实际，学习分类处理。",
        conclusions="窗口登记后当日完成白鹭台账。",
    )
    DiscussionQuestion.objects.create(
        session=ours, position=1, text="怎样在接待中落实石榴原则？", hint="提示：杜鹃要点"
    )
    outsider = UserFactory(username="dcdb1", name="周敏", department=other_department)
    theirs = make_session(
        organiser=trainer,
        department=other_department,
        invited_people=[outsider],
        topic=THEIRS,
        summary="督查督办科内部研讨。",
    )
    return {"ours": ours, "theirs": theirs, "outsider": outsider}


def _titles(query, user, **kwargs):
    return [h.entry.title for h in search(query=query, user=user, **kwargs).hits]


def test_a_session_is_indexed_as_its_own_kind_linking_to_its_page(sessions):
    entry = IndexEntry.objects.get(key=f"study_sessions.session:{sessions['ours'].pk}")
    assert entry.kind == "session"
    assert entry.url == f"/study-sessions/{sessions['ours'].pk}/"
    assert entry.permission == PER_VIEWER
    assert "三楼会议室" in entry.context
    assert sessions["ours"].date.strftime("%Y-%m-%d") in entry.context


def test_an_invited_official_finds_the_session_by_its_topic_questions_and_conclusions(
    sessions, official
):
    for query in ("银杏方案", "石榴原则", "白鹭台账", "专题学习"):
        assert _titles(query, official) == [OURS], query


def test_an_official_not_invited_sees_nothing_of_another_department_s_session(
    sessions, official, official_client
):
    """Not the title, not a count, not a suggestion: the search must not say it exists."""
    assert _titles("梧桐计划", official) == []
    assert THEIRS not in _titles("专题学习", official)
    data = json.loads(official_client.get("/search/", {"q": "专题学习", "format": "json"}).content)
    assert [r["title"] for r in data["results"]] == [OURS]
    assert data["counts"] == {"session": 1}  # theirs is not counted either
    assert "梧桐" not in json.dumps(data["results"], ensure_ascii=False)
    html = official_client.get("/search/", {"q": "梧桐计划"}).content.decode()
    assert "督查督办科内部研讨" not in html
    assert f"/study-sessions/{sessions['theirs'].pk}/" not in html


def test_did_you_mean_never_offers_a_word_from_a_session_one_cannot_see(
    sessions, official, regulation
):
    """梧同 sounds like 梧桐 (only in the other department's topic), 复察 like 复查: with nothing
    found, the suggestion "梧桐 复查" would find articles — and print the hidden topic's word."""
    results = search(query="梧同 复察", user=official)
    assert results.hits == []
    assert results.suggestion, "复查 is offered"
    assert "梧桐" not in results.suggestion


def test_the_invitee_and_the_organiser_find_the_other_department_s_session(sessions, trainer):
    assert _titles("梧桐计划", sessions["outsider"]) == [THEIRS]
    assert _titles("梧桐计划", trainer) == [THEIRS]


def test_a_lead_sees_the_sessions_of_the_departments_they_lead_only(sessions, lead):
    assert _titles("银杏方案", lead) == [OURS]
    assert _titles("梧桐计划", lead) == []


def test_a_trainer_sees_every_session(sessions, trainer):
    other_trainer = UserFactory(role="trainer", department=DepartmentFactory())
    assert sorted(_titles("专题学习", other_trainer)) == sorted([OURS, THEIRS])


def test_search_shows_exactly_the_sessions_can_view_allows(sessions, official, lead, trainer):
    """The one rule: for every kind of viewer the sessions found are those permissions.can_view
    lets them open — invited or not, organiser, 领学人, lead, trainer."""
    reader = UserFactory(username="lingxue", name="吴刚", department=DepartmentFactory())
    sessions["theirs"].lead = reader
    sessions["theirs"].save()
    viewers = [official, lead, trainer, sessions["outsider"], reader, UserFactory()]
    every = list(StudySession.objects.all())
    for viewer in viewers:
        allowed = sorted(s.topic for s in every if permissions.can_view(viewer, s))
        assert sorted(_titles("专题学习", viewer, kind="session")) == allowed, viewer


def test_an_invitation_shows_the_session_without_a_reindex(sessions, official):
    theirs = sessions["theirs"]
    theirs.invited_people.add(official)
    session_invitations_sync(session=theirs)
    assert _titles("梧桐计划", official) == [THEIRS]


def test_what_only_organisers_see_is_not_indexed(sessions, trainer):
    """Speeches, attendance reasons and the lead's notes are not on the page an invitee sees,
    so they are not searchable — not even by a trainer."""
    ours = sessions["ours"]
    Speech.objects.create(
        session=ours, kind=SpeechKind.DISCUSSION, speaker=trainer, summary="发言提到紫藤问题。"
    )
    row = ours.attendances.first()
    row.reason = "参加海棠花展"
    row.save()
    ours.save()
    for query in ("紫藤", "海棠", "杜鹃要点"):
        assert _titles(query, trainer) == [], query


def test_saving_a_session_and_its_agenda_updates_the_index(sessions, official, regulation):
    ours = sessions["ours"]
    ours.topic = "木棉专题学习"
    ours.save()
    assert _titles("木棉", official) == ["木棉专题学习"]
    assert _titles("银杏方案", official) == []
    question = DiscussionQuestion.objects.create(
        session=ours, position=2, text="如何理解枫叶条款？"
    )
    assert _titles("枫叶条款", official) == ["木棉专题学习"]
    question.delete()
    assert _titles("枫叶条款", official) == []
    article = regulation.articles.get(number=34)
    SessionModule.objects.create(session=ours, position=1, kind="article", article=article)
    entry = IndexEntry.objects.get(key=f"study_sessions.session:{ours.pk}")
    assert "第三十四条" in entry.body


def test_confirming_and_cancelling_keep_the_entry_current(sessions, official, trainer):
    ours = sessions["ours"]
    ours.conclusions = "确认前补记：梅花清单。"
    ours.save(update_fields=["conclusions", "updated_at"])
    session_confirm(session=ours, actor=trainer, now=timezone.now())
    assert _titles("梅花清单", official) == [OURS]
    theirs = sessions["theirs"]
    session_cancel(session=theirs, reason="改期", actor=trainer, now=timezone.now())
    entry = IndexEntry.objects.get(key=f"study_sessions.session:{theirs.pk}")
    assert "已取消" in entry.context


def test_deleting_a_session_removes_its_entry(sessions, trainer):
    theirs = sessions["theirs"]
    key = f"study_sessions.session:{theirs.pk}"
    theirs.delete()
    assert not IndexEntry.objects.filter(key=key).exists()
    assert _titles("梧桐计划", trainer) == []


def test_search_reindex_indexes_the_sessions(sessions, trainer):
    IndexEntry.objects.all().delete()
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert IndexEntry.objects.filter(kind="session").count() == 2
    assert _titles("梧桐计划", trainer) == [THEIRS]


def test_a_session_entry_that_is_not_per_viewer_is_refused(sessions, monkeypatch):
    """A provider that forgot PER_VIEWER would show every session to everyone: it fails."""
    from study_sessions import search as session_search

    real = session_search._session_entry

    def public(session):
        return dataclasses.replace(real(session), permission="")

    monkeypatch.setattr(session_search, "_session_entry", public)
    with pytest.raises(ValueError, match="PER_VIEWER"):
        sessions["ours"].save()


def test_the_session_filter_lists_only_visible_sessions(sessions, official_client):
    data = json.loads(
        official_client.get(
            "/search/", {"q": "专题学习", "type": "session", "format": "json"}
        ).content
    )
    assert [r["title"] for r in data["results"]] == [OURS]
    assert data["results"][0]["type_label"] == "集体学习"
