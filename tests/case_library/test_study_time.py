"""Cases have the same server-stamped minimum study time as lessons (issue 9): the one rule
of every credited reading is records.reading."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from case_library.services import case_study_confirm
from courses.credit import minimum_study_time
from records.models import ReadingVisit, StudyRecord
from records.reading import ReadingNotOpened, ReadingTooSoon, reading_minimum
from records.selectors import study_year_summary
from tests.case_library.factories import case_read, domain, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(index):
    return make_case("欠薪案", index=index, domain=domain("欠薪讨薪"), estimated_minutes=20)


def test_eight_cases_never_opened_give_no_hours(official_client, official, index):
    """Issue 9: POST /cases/tools/<id>/studied/ for eight cases never opened gave 4 学时 in a
    second. A case the server never saw opened is not credited."""
    cases = [make_case(index=index) for _ in range(8)]
    for page in cases:
        response = official_client.post(f"/cases/tools/{page.pk}/studied/", follow=True)
        assert response.status_code == 200
        assert "Open the case and read it before confirming." in response.content.decode() or (
            "请先打开并阅读案例" in response.content.decode()
        )
    assert StudyRecord.objects.filter(user=official).count() == 0
    year = timezone.localdate().year
    assert study_year_summary(user=official, year=year).credit_hours == 0


def test_confirming_right_after_opening_is_refused(official_client, official, case):
    """Opened a minute ago, a 20-minute case cannot be confirmed yet: half of it (10 min)
    must pass on the server's clock first."""
    case_read(official_client, official, case, minutes_ago=1)
    response = official_client.post(f"/cases/tools/{case.pk}/studied/", follow=True)
    assert StudyRecord.objects.filter(user=official).count() == 0
    messages = [str(m) for m in response.context["messages"]]
    assert any("9" in m for m in messages), messages  # 9 minutes left


def test_confirming_after_half_the_time_credits_once(official_client, official, case):
    """After the minimum time the confirmation credits the case's hours, with the server's
    opening stamp as evidence."""
    case_read(official_client, official, case, minutes_ago=11)
    official_client.post(f"/cases/tools/{case.pk}/studied/")
    record = StudyRecord.objects.get(user=official)
    assert record.credit_hours == case.credit_hours
    visit = ReadingVisit.objects.get(user=official, source=case.source_key)
    assert record.evidence["opened_at"] == visit.opened_at.isoformat()
    assert record.evidence["minutes"] == 20


def test_reloading_never_moves_the_first_opening(official_client, official, case):
    """Opening the page again does not restart (or skip) the clock: the first stamp stays."""
    case_read(official_client, official, case, minutes_ago=11)
    first = ReadingVisit.objects.get(user=official, source=case.source_key).opened_at
    official_client.get(case.url)
    visit = ReadingVisit.objects.get(user=official, source=case.source_key)
    assert visit.opened_at == first and visit.last_opened_at > first


def test_the_service_refuses_without_the_view(official, case):
    """The gate is in the service, so no other path (a command, another view) skips it."""
    now = timezone.now()
    with pytest.raises(ReadingNotOpened):
        case_study_confirm(page=case, user=official, now=now)
    ReadingVisit.objects.create(
        user=official, source=case.source_key, opened_at=now, last_opened_at=now
    )
    with pytest.raises(ReadingTooSoon) as refused:
        case_study_confirm(page=case, user=official, now=now + timedelta(minutes=4))
    assert refused.value.remaining == timedelta(minutes=6)
    assert case_study_confirm(page=case, user=official, now=now + timedelta(minutes=10))


def test_case_page_shows_the_gate(official_client, official, case):
    """Like a lesson, the case page says how long it takes and from when it can be confirmed."""
    html = official_client.get(case.url).content.decode()
    visit = ReadingVisit.objects.get(user=official, source=case.source_key)
    ready = timezone.localtime(visit.opened_at + timedelta(minutes=10)).strftime("%H:%M")
    assert ready in html
    assert "20" in html


def test_preview_and_anonymous_visits_stamp_nothing(client, trainer, case):
    """A trainer's preview is not a reading; anonymous visitors are sent to sign in."""
    client.get(case.url)
    client.force_login(trainer)
    client.get(f"/admin/pages/{case.pk}/edit/preview/")
    assert ReadingVisit.objects.filter(source=case.source_key).exclude(user=trainer).count() == 0


def test_one_rule_for_lessons_and_cases():
    """Lessons and cases ask the same rule; one setting moves both."""
    assert minimum_study_time(20) == reading_minimum(20) == timedelta(minutes=10)
    with override_settings(XUEFA_READING_MIN_TIME_RATIO=0.25):
        assert minimum_study_time(20) == reading_minimum(20) == timedelta(minutes=5)
