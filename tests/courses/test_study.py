"""Studying lessons: the minimum-time gate, completion, ledger records, permissions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail import hooks

from courses.credit import credit_hours_for_minutes, minimum_study_time
from courses.models import CourseCompletion, LessonProgress
from courses.services import (
    LessonNotOpened,
    StudyTooSoon,
    course_completion_check,
    lesson_confirm,
    lesson_open,
)
from records.models import StudyRecord, StudyRecordKind
from tests.factories import UserFactory

from .factories import make_course, make_lesson

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def course():
    course = make_course("信访条例学习", required_year=NOW.year)
    make_lesson(course, "第一讲", minutes=20)
    make_lesson(course, "第二讲", minutes=20)
    return course


def lessons(course):
    return list(course.get_children().specific().order_by("path"))


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [(0, "0"), (5, "0.25"), (14, "0.25"), (15, "0.5"), (29, "0.5"), (30, "1"), (59, "1"),
     (60, "2"), (95, "3")],
)  # fmt: skip
def test_credit_hour_bands(minutes, hours):
    """≥30 min → 1 学时 (plus 1 per further full 30 min), 15–30 → 0.5, <15 → 0.25."""
    assert credit_hours_for_minutes(minutes) == Decimal(hours)


def test_credit_bands_follow_settings(settings):
    """The bands come from one setting when a project overrides them."""
    settings.XUEFA_CREDIT_HOUR_BANDS = [(45, 1), (0, 0)]
    settings.XUEFA_CREDIT_HOURS_PER_FULL_30_MINUTES = 0
    assert credit_hours_for_minutes(30) == 0
    assert credit_hours_for_minutes(200) == 1


def test_confirm_before_minimum_time_is_refused(course, official):
    """Confirming 1 minute after opening a 20-minute lesson is refused with the time left;
    nothing is written to the ledger."""
    lesson = lessons(course)[0]
    lesson_open(user=official, lesson=lesson, now=NOW)
    with pytest.raises(StudyTooSoon) as refused:
        lesson_confirm(user=official, lesson=lesson, now=NOW + timedelta(minutes=1))
    assert refused.value.remaining == minimum_study_time(20) - timedelta(minutes=1)
    assert not StudyRecord.objects.exists()


def test_reopening_does_not_reset_or_advance_the_clock(course, official):
    """Opening again later keeps the first opening time."""
    lesson = lessons(course)[0]
    lesson_open(user=official, lesson=lesson, now=NOW)
    lesson_open(user=official, lesson=lesson, now=NOW + timedelta(minutes=5))
    assert LessonProgress.objects.get().opened_at == NOW


def test_confirm_without_opening_is_refused(course, official):
    """The server must have seen the lesson opened."""
    with pytest.raises(LessonNotOpened):
        lesson_confirm(user=official, lesson=lessons(course)[0], now=NOW)


def test_refused_over_http_with_a_message(course, official_client):
    """The confirm POST right after opening is refused with a clear message."""
    lesson = lessons(course)[0]
    official_client.get(lesson.url)
    response = official_client.post(lesson.url, follow=True)
    assert response.status_code == 200
    assert "10" in str(list(response.context["messages"])[0])
    assert LessonProgress.objects.get().studied_at is None


def test_completing_all_lessons_completes_the_course(course, official):
    """Both lessons confirmed after the minimum time: two lesson records (0 学时) and one
    course record with the course's credit hours (40 min → 1 学时). Confirming again writes
    nothing more."""
    first, second = lessons(course)
    for lesson in (first, second):
        lesson_open(user=official, lesson=lesson, now=NOW)
    later = NOW + timedelta(minutes=10)
    lesson_confirm(user=official, lesson=first, now=later)
    assert not CourseCompletion.objects.exists()
    lesson_confirm(user=official, lesson=second, now=later)
    lesson_confirm(user=official, lesson=second, now=later + timedelta(minutes=1))
    records = StudyRecord.objects.filter(user=official)
    assert records.filter(kind=StudyRecordKind.LESSON_STUDIED).count() == 2
    course_record = records.get(kind=StudyRecordKind.COURSE_COMPLETED)
    assert course_record.source == f"courses.course:{course.pk}"
    assert course_record.credit_hours == Decimal("1")
    assert records.get(source=f"courses.lesson:{first.pk}").credit_hours == 0
    course_completion_check(course=course, user=official, now=later)
    assert records.count() == 3
    assert CourseCompletion.objects.get().credit_hours == Decimal("1")


def test_trainer_override_of_credit_hours(official):
    """A credit-hours value on the course wins over the rules."""
    course = make_course("专题", credit_hours=Decimal("2.5"))
    lesson = make_lesson(course, minutes=5)
    lesson_open(user=official, lesson=lesson, now=NOW)
    lesson_confirm(user=official, lesson=lesson, now=NOW + timedelta(minutes=3))
    assert CourseCompletion.objects.get().credit_hours == Decimal("2.5")


def test_unmet_quiz_requirement_blocks_completion(course, official):
    """A ``xuefa_course_requirements`` condition that is not met keeps the course open;
    the ``xuefa_quiz_passed`` handler completes it once met."""
    state = {"met": False}

    def requirement(course_page, user):
        return [{"label": "测验", "met": state["met"], "url": "/quiz/"}]

    with hooks.register_temporarily("xuefa_course_requirements", requirement):
        for lesson in lessons(course):
            lesson_open(user=official, lesson=lesson, now=NOW)
            lesson_confirm(user=official, lesson=lesson, now=NOW + timedelta(minutes=10))
        assert not CourseCompletion.objects.exists()
        state["met"] = True
        quiz_page = lessons(course)[0]  # any page below the course stands in for a quiz
        for fn in hooks.get_hooks("xuefa_quiz_passed"):
            fn(quiz_page, official, None, NOW + timedelta(minutes=11))
    assert CourseCompletion.objects.filter(user=official, course=course).exists()


def test_unpublished_lesson_is_not_found(course, official_client):
    """A draft lesson is 404 for officials."""
    draft = make_lesson(course, "草稿", live=False)
    assert official_client.get(f"{course.url}{draft.slug}/").status_code == 404


def test_progress_is_per_official(course, official_client, official):
    """Another official's studied lesson does not show as studied for this official."""
    other = UserFactory()
    lesson = lessons(course)[0]
    lesson_open(user=other, lesson=lesson, now=NOW - timedelta(hours=1))
    lesson_confirm(user=other, lesson=lesson, now=NOW)
    response = official_client.get(course.url)
    assert response.context["detail"].studied == 0
    response = official_client.get(lesson.url)
    assert response.context["detail"].progress.user == official
    assert 'class="inline-form"' in response.content.decode()  # the confirm form, not "studied"


def test_course_index_separates_required_and_optional(course, official_client):
    """The required course is listed as required for this year; another as optional."""
    make_course("选修课")
    index = course.get_parent().specific
    response = official_client.get(index.url)
    assert [c.course.title for c in response.context["required"]] == ["信访条例学习"]
    assert [c.course.title for c in response.context["optional"]] == ["选修课"]


def test_requirement_for_another_department_does_not_apply(official):
    """A course required for another department is optional for this official."""
    from courses.models import CourseRequirement
    from courses.selectors import course_overview_for_user
    from tests.factories import DepartmentFactory

    course = make_course("别科必修")
    CourseRequirement.objects.create(course=course, year=NOW.year, department=DepartmentFactory())
    overview = course_overview_for_user(user=official, year=NOW.year)
    assert overview.required == []


def test_dashboard_shows_required_course(course, official_client):
    """The dashboard panel lists the required course with a continue link."""
    response = official_client.get("/")
    body = response.content.decode()
    assert "信访条例学习" in body
    assert lessons(course)[0].url in body
