"""Factories for regulations, courses and lessons."""

import json
import uuid
from pathlib import Path

from courses.models import CourseIndexPage, CoursePage, CourseRequirement, LessonPage
from courses.services import regulation_import
from home.models import HomePage

DEMO_DATA = Path(__file__).resolve().parents[2] / "courses" / "demo_data"


def import_demo_regulation(filename="信访工作条例.md", slug="xinfang"):
    return regulation_import(text=(DEMO_DATA / filename).read_text("utf-8"), slug=slug)


def citation(regulation, articles, comment=""):
    return {
        "type": "article_citation",
        "value": {"regulation": regulation.pk, "articles": articles, "comment": comment},
        "id": str(uuid.uuid4()),
    }


def paragraph(html="<p>学习内容。</p>"):
    return {"type": "paragraph", "value": html, "id": str(uuid.uuid4())}


def course_index():
    index = CourseIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = CourseIndexPage(title="课程", slug="courses")
        home.add_child(instance=index)
    return index


def make_course(title="测试课程", *, index=None, required_year=None, credit_hours=None, **kw):
    index = index or course_index()
    course = CoursePage(title=title, summary="课程简介", credit_hours=credit_hours, **kw)
    if required_year:
        course.requirements = [CourseRequirement(year=required_year)]
    index.add_child(instance=course)
    return course


def make_lesson(course, title="第一讲", *, minutes=20, body=None, live=True):
    lesson = LessonPage(
        title=title,
        estimated_minutes=minutes,
        body=json.dumps(body if body is not None else [paragraph()], ensure_ascii=False),
        live=live,
    )
    course.add_child(instance=lesson)
    return lesson
