"""Lesson rendering (article citations), authoring rules, the citation index and query
counts on the course, lesson and regulation pages."""

from unittest import mock

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import (
    ArticleCitation,
    CourseIndexPage,
    CoursePage,
    LessonPage,
)
from courses.selectors import broken_citations
from courses.services import regulation_import
from home.models import HomePage
from tests.factories import UserFactory

from .factories import DEMO_DATA, citation, import_demo_regulation, make_course, make_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def regulation():
    return import_demo_regulation().regulation


def test_citation_renders_current_article_with_link(regulation, official_client):
    """A citation of Art. 34 shows its current text and links to its article page."""
    course = make_course()
    lesson = make_lesson(course, body=[citation(regulation, "34", "注意期限")])
    body = official_client.get(lesson.url).content.decode()
    assert "60日" in body and "30日" in body
    assert "/regulations/xinfang/articles/34/" in body
    assert "注意期限" in body


def test_citation_follows_reimport_and_warns_when_article_vanishes(regulation, official_client):
    """After a re-import without Art. 50 the lesson says the article no longer exists, the
    broken-citation report lists it, and the article's other citations still render."""
    course = make_course()
    lesson = make_lesson(course, body=[citation(regulation, "49-50")])
    assert {c.article_number for c in ArticleCitation.objects.filter(lesson=lesson)} == {49, 50}
    text = (DEMO_DATA / "信访工作条例.md").read_text("utf-8")
    regulation_import(
        text=text.replace("第五十条 本条例自2022年5月1日起施行。", ""), slug="xinfang"
    )
    body = official_client.get(lesson.url).content.decode()
    assert "国家信访局负责解释" in body  # Art. 49 still there
    assert "citation__missing" in body
    assert [(c.lesson_id, c.article_number) for c in broken_citations()] == [(lesson.pk, 50)]


def test_regulation_pages_404_for_unknown_addresses(regulation, official_client):
    """Unknown regulation slugs and article numbers are 404, not errors."""
    assert official_client.get("/regulations/nope/").status_code == 404
    assert official_client.get("/regulations/xinfang/articles/51/").status_code == 404
    assert official_client.get("/regulations/xinfang/articles/50/").status_code == 200


def test_regulation_page_has_toc_anchors_and_article_links(regulation, official_client):
    """The regulation page lists the six chapters with anchors and links every article."""
    body = official_client.get("/regulations/xinfang/").content.decode()
    assert body.count('class="toc__item toc__item--chapter"') == 6
    assert 'id="article-34"' in body
    assert body.count('class="article-number"') == 50


def test_article_page_links_previous_and_next(regulation, official_client):
    """Art. 34 links to Art. 33 and 35; the last article has no next link."""
    body = official_client.get("/regulations/xinfang/articles/34/").content.decode()
    assert "/regulations/xinfang/articles/33/" in body
    assert "/regulations/xinfang/articles/35/" in body
    last = official_client.get("/regulations/xinfang/articles/50/").content.decode()
    assert 'rel="next"' not in last


def test_citation_block_preview_uses_a_real_article(regulation):
    """The block's admin preview shows Art. 34 of an imported regulation."""
    from courses.blocks import ArticleCitationBlock

    block = ArticleCitationBlock()
    html = block.render(block.get_preview_value())
    assert "60日" in html


def test_citation_index_follows_edits(regulation):
    """Saving a lesson with different citations updates the index (no stale rows)."""
    course = make_course()
    lesson = make_lesson(course, body=[citation(regulation, "20, 22")])
    lesson.body = [("paragraph", "<p>改写</p>")]
    lesson.save()
    assert not ArticleCitation.objects.filter(lesson=lesson).exists()


def test_admin_article_usage(regulation, trainer_client):
    """The admin article listing shows which lesson cites Art. 31."""
    from accounts.roles import roles_sync

    roles_sync()
    course = make_course()
    make_lesson(course, "分类处理", body=[citation(regulation, "31")])
    response = trainer_client.get(f"/admin/courses/regulations/{regulation.pk}/articles/")
    assert response.status_code == 200
    row = response.content.decode().split('id="article-31"')[1].split("</tr>")[0]
    assert "分类处理" in row


def _grow(regulation, n):
    course = CoursePage.objects.first() or make_course()
    for i in range(n):
        make_lesson(
            course,
            f"第{i}讲",
            body=[citation(regulation, str(i + 1)), citation(regulation, "30-33")],
        )
    return course


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_stay_constant(regulation, official_client, django_assert_max_num_queries):
    """Course index, course, lesson, regulation and article pages run the same number of
    queries with 2 lessons as with 12 (citations and lessons are fetched in bulk)."""
    course = _grow(regulation, 2)
    lesson = LessonPage.objects.live().first()
    urls = [
        CourseIndexPage.objects.first().url,
        course.url,
        lesson.url,
        "/regulations/",
        "/regulations/xinfang/",
        "/regulations/xinfang/articles/34/",
    ]
    for url in urls:  # warm caches (site root paths, sessions)
        official_client.get(url)
    before = [_count(official_client, u, django_assert_max_num_queries, 25) for u in urls]
    _grow(regulation, 10)
    regulation_import(text=(DEMO_DATA / "人民调解法.md").read_text("utf-8"), slug="tiaojie")
    lesson.refresh_from_db()
    for url in urls:  # caches again: adding pages may clear Wagtail's site-root cache
        official_client.get(url)
    after = [_count(official_client, u, django_assert_max_num_queries, 25) for u in urls]
    print("query counts", dict(zip(urls, after, strict=True)))
    assert after == before


class PageTypeTests(WagtailPageTestCase):
    """Authoring rules: where each page type may be created, and that the admin forms work."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.first()

    def setUp(self):
        # Not self.login(): django-axes wants a request in authenticate().
        self.user = UserFactory(role="administrator")
        self.client.force_login(self.user)

    def test_allowed_parents(self):
        """Courses live under the course index, lessons under courses, and not elsewhere."""
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(LessonPage, LessonPage)

    def test_create_through_admin(self):
        """A course and a lesson with a citation can be created through the admin forms."""
        regulation = import_demo_regulation().regulation
        index = CourseIndexPage(title="课程", slug="courses")
        self.home.add_child(instance=index)
        self.assertCanCreate(
            index,
            CoursePage,
            nested_form_data(
                {
                    "title": "新课程",
                    "slug": "xin",
                    "summary": "简介",
                    "objectives": rich_text("<p>目标</p>"),
                    "requirements": inline_formset([{"year": 2026, "department": "", "rank": ""}]),
                }
            ),
        )
        course = CoursePage.objects.get(slug="xin")
        self.assertCanCreate(
            course,
            LessonPage,
            nested_form_data(
                {
                    "title": "新一讲",
                    "slug": "yi",
                    "estimated_minutes": 15,
                    "body": streamfield(
                        [
                            ("heading", "标题"),
                            (
                                "article_citation",
                                {"regulation": regulation.pk, "articles": "34", "comment": ""},
                            ),
                        ]
                    ),
                }
            ),
        )
        assert Page.objects.get(slug="yi").specific.body[1].value["articles"] == "34"

    def test_lesson_preview_renders_without_recording_progress(self):
        """Trainers preview a lesson with a citation; previewing records no study progress."""
        from courses.models import LessonProgress

        regulation = import_demo_regulation().regulation
        lesson = make_lesson(make_course(), body=[citation(regulation, "34")])
        # Wagtail's helper logs in with the first backend, which is django-axes here.
        with mock.patch(
            "wagtail.test.utils.page_tests.AUTH_BACKEND",
            "accounts.backends.CachedModelBackend",
        ):
            self.assertPageIsPreviewable(
                lesson,
                user=self.user,
                post_data=nested_form_data(
                    {
                        "title": lesson.title,
                        "slug": lesson.slug,
                        "estimated_minutes": 20,
                        "body": streamfield(
                            [
                                (
                                    "article_citation",
                                    {"regulation": regulation.pk, "articles": "34", "comment": ""},
                                )
                            ]
                        ),
                    }
                ),
            )
            course = lesson.get_parent().specific
            self.assertPageIsPreviewable(
                course,
                user=self.user,
                post_data=nested_form_data(
                    {"title": course.title, "slug": course.slug, "requirements": inline_formset([])}
                ),
            )
        assert not LessonProgress.objects.exists()

    def test_admin_home_warns_about_broken_citations(self):
        """After a re-import drops a cited article, the admin dashboard says so."""
        regulation = import_demo_regulation().regulation
        make_lesson(make_course(), body=[citation(regulation, "50")])
        text = (DEMO_DATA / "信访工作条例.md").read_text("utf-8")
        regulation_import(
            text=text.replace("第五十条 本条例自2022年5月1日起施行。", ""), slug="xinfang"
        )
        response = self.client.get("/admin/")
        assert "/admin/courses/citations/broken/" in response.content.decode()
        report = self.client.get("/admin/courses/citations/broken/")
        assert "第一讲" in report.content.decode()
        lesson = LessonPage.objects.get()
        editor = self.client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
        assert "help-critical" in editor and "第50条" in editor

    def test_bad_article_numbers_are_refused_by_the_form(self):
        """A citation with "abc" as article numbers does not save."""
        regulation = import_demo_regulation().regulation
        course = make_course(index=None)
        data = nested_form_data(
            {
                "title": "坏一讲",
                "slug": "huai",
                "estimated_minutes": 15,
                "body": streamfield(
                    [
                        (
                            "article_citation",
                            {"regulation": regulation.pk, "articles": "abc", "comment": ""},
                        )
                    ]
                ),
            }
        )
        response = self.client.post(f"/admin/pages/add/courses/lessonpage/{course.pk}/", data)
        assert response.status_code == 200
        assert not LessonPage.objects.filter(slug="huai").exists()
