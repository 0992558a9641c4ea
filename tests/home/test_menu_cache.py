"""The header menu's section links are cached (issue 14: read on every page of the exam rush)
and follow the page tree at once: unpublishing, publishing, moving or deleting the index page
changes the menu on the next request."""

import pytest

from courses.models import CourseIndexPage
from kit.pages import index_page_url
from tests.courses.factories import course_index

pytestmark = pytest.mark.django_db


def test_index_url_is_read_from_the_cache(django_assert_num_queries):
    index = course_index()
    assert index_page_url(CourseIndexPage) == index.url
    with django_assert_num_queries(0):
        assert index_page_url(CourseIndexPage) == index.url


def test_unpublishing_and_publishing_the_index_changes_the_menu_at_once(official_client):
    index = course_index()
    assert index_page_url(CourseIndexPage) == index.url
    index.unpublish()
    assert index_page_url(CourseIndexPage) is None
    assert f'href="{index.url}"' not in official_client.get("/regulations/").content.decode()
    index.save_revision().publish()
    assert index_page_url(CourseIndexPage) == CourseIndexPage.objects.get(pk=index.pk).url


def test_moving_and_deleting_the_index_changes_the_menu_at_once():
    index = course_index()
    before = index_page_url(CourseIndexPage)
    index.slug = "xuexi"
    index.save_revision().publish()
    after = index_page_url(CourseIndexPage)
    assert after != before and after.endswith("/xuexi/")
    index.delete()
    assert index_page_url(CourseIndexPage) is None
