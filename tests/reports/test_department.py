"""Department oversight: who may see it, who is behind on what, never a ranking by score."""

import pytest
from django.urls import reverse

from reports.models import StudyTarget
from tests.factories import DepartmentFactory, UserFactory
from tests.reports.helpers import YEAR, credit, exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    office = DepartmentFactory(name="信访办", code="office")
    a = DepartmentFactory(name="接待科", code="a", parent=office)
    a1 = DepartmentFactory(name="接待一组", code="a1", parent=a)
    b = DepartmentFactory(name="督办科", code="b", parent=office)
    return office, a, a1, b


def dept_url(code, year=YEAR, **query):
    url = reverse("reports:department", kwargs={"code": code, "year": year})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_lead_sees_their_department_with_sections_and_no_other(client, tree):
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a, name="组长")
    UserFactory(department=a, name="甲")
    UserFactory(department=a1, name="乙")
    UserFactory(department=b, name="丙")
    client.force_login(lead)
    body = client.get(dept_url("a")).content.decode()
    assert "甲" in body and "乙" in body and "丙" not in body
    assert client.get(dept_url("b")).status_code == 404
    assert client.get(dept_url("office")).status_code == 404


def test_an_official_has_no_department_view(client, tree):
    client.force_login(UserFactory(department=tree[1]))
    assert client.get(dept_url("a")).status_code == 404
    assert client.get(reverse("reports:departments")).status_code == 404


def test_the_list_is_by_name_or_by_what_is_missing_never_by_score(client, tree, trainer):
    StudyTarget.objects.create(year=YEAR, credit_hours=10, exam_passed=True)
    done = UserFactory(department=tree[1], name="甲完成")
    credit(done, hours="12")
    exam(done, 61)
    UserFactory(department=tree[1], name="丙都差")  # nothing at all: hours and exam missing
    best = UserFactory(department=tree[1], name="乙高分")
    exam(best, 99, passed=True, excellent=True)  # the best score, and still short of hours
    client.force_login(trainer)
    body = client.get(dept_url("a", sort="missing")).content.decode()
    # Two parts missing before one, and the met last, whatever the scores.
    assert body.index("丙都差") < body.index("乙高分") < body.index("甲完成")
    names = sorted(["甲完成", "丙都差", "乙高分"])
    for sort in ("name", "score", "-hours"):  # anything but "missing" is by name
        body = client.get(dept_url("a", sort=sort)).content.decode()
        assert sorted(names, key=body.index) == names, sort


def test_lead_dashboard_shows_who_is_behind_and_on_what(client, tree):
    lead = UserFactory(role="lead", department=tree[1], name="科长")
    UserFactory(department=tree[2], name="组员甲")
    client.force_login(lead)
    body = client.get("/").content.decode()
    assert "组员甲" in body
    assert reverse("reports:departments") in body


def test_department_query_count_does_not_grow_with_officials(
    client, tree, trainer, django_assert_max_num_queries
):
    client.force_login(trainer)
    for _i in range(3):
        credit(UserFactory(department=tree[1]), hours="2")
    with django_assert_max_num_queries(60) as ctx:
        assert client.get(dept_url("office")).status_code == 200
    baseline = len(ctx.captured_queries)
    for i in range(30):
        person = UserFactory(department=tree[2 if i % 2 else 3], role="lead" if i % 5 else None)
        credit(person, hours="2")
        exam(person, 70 + i)
    with django_assert_max_num_queries(baseline):
        response = client.get(dept_url("office"))
    assert response.status_code == 200 and len(response.context["rows"]) > 30


def test_the_table_is_paged_in_its_order_and_the_behind_list_shortened(
    client, tree, trainer, monkeypatch
):
    """A whole office holds thousands of officials: the table shows ``PAGE_SIZE`` a page in the
    chosen order (the sort kept from page to page), the list of who is behind its first
    ``BEHIND_SHOWN`` and says how many more there are."""
    from reports import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "BEHIND_SHOWN", 1)
    for name in ("甲", "乙", "丙"):
        UserFactory(department=tree[1], name=name)
    client.force_login(trainer)
    first = client.get(dept_url("a"))
    second = client.get(dept_url("a", page=2))
    assert [o["name"] for o in first.context["rows"]] == ["丙", "乙"]
    assert [o["name"] for o in second.context["rows"]] == ["甲"]
    assert first.context["page_obj"].paginator.count == 3
    assert "page=2" in first.content.decode()
    assert [o["name"] for o in first.context["behind"]] == ["丙"]
    assert first.context["behind_more"] == 2
    by_missing = client.get(dept_url("a", sort="missing", page=2))
    assert [o["name"] for o in by_missing.context["rows"]] == ["甲"]
    assert "?sort=missing&amp;page=1" in by_missing.content.decode()  # back, in the same order
    assert client.get(dept_url("a", page="x")).context["page_obj"].number == 1
