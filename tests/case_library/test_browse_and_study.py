"""Officials browse published cases, read one, and confirm they studied it."""

import pytest
from django.core.management import call_command

from case_library.models import CasePage
from records.models import StudyRecord
from tests.case_library.factories import DIRTY_FACTS, case_read, domain, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(index):
    wages, land = domain("欠薪讨薪"), domain("征地拆迁")
    return {
        "a": make_case(
            "欠薪案",
            index=index,
            domain=wages,
            claim_class="appeal",
            route_taken="arbitration",
            stage="closed",
            year=2024,
            tags=["农民工"],
        ),
        "b": make_case(
            "征收案",
            index=index,
            domain=land,
            claim_class="appeal",
            route_taken="reconsideration",
            stage="handling",
            year=2023,
            tags=["房屋征收"],
        ),
        "c": make_case(
            "建议案",
            index=index,
            domain=wages,
            claim_class="suggestion",
            route_taken="other",
            stage="review",
            year=2022,
        ),
        "draft": make_case("草稿案", index=index, live=False, domain=wages, facts=DIRTY_FACTS),
    }


def titles(response):
    return [c.title for c in response.context["cases"]]


def test_index_lists_live_cases_only(official_client, cases):
    """The draft (with personal data) never appears to officials."""
    response = official_client.get("/cases/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["建议案", "征收案", "欠薪案"]
    assert "草稿案" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("domain={wages}", ["欠薪案", "建议案"]),
        ("class=suggestion", ["建议案"]),
        ("route=reconsideration", ["征收案"]),
        ("stage=closed", ["欠薪案"]),
        ("tag=nong-min-gong", None),
        ("domain={wages}&class=appeal", ["欠薪案"]),
    ],
)
def test_filters(official_client, cases, query, expected):
    """Each filter narrows the list; filters combine."""
    wages = cases["a"].domain_id
    if expected is None:  # tag slugs are generated: filter by the tag actually stored
        tag = cases["a"].tags.first()
        query, expected = f"tag={tag.slug}", ["欠薪案"]
    response = official_client.get(f"/cases/?{query.format(wages=wages)}")
    assert titles(response) == expected


def test_pagination_keeps_the_filters(official_client, cases, monkeypatch):
    """Next and Previous carry the filter along (the site's one pagination include)."""
    monkeypatch.setattr("case_library.selectors.PER_PAGE", 1)
    response = official_client.get("/cases/?class=appeal")
    assert titles(response) and len(titles(response)) == 1
    assert "?class=appeal&amp;page=2" in response.content.decode()
    second = official_client.get("/cases/?class=appeal&page=2")
    assert "?class=appeal&amp;page=1" in second.content.decode()


@pytest.mark.parametrize(
    "query",
    ["domain=999999", "domain=abc", "class=nonsense", "stage=<script>", "tag=nope", "page=-3"],
)
def test_bad_filter_values_are_ignored(official_client, cases, query):
    """Unknown values show every case instead of an error."""
    response = official_client.get(f"/cases/?{query}")
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_index_query_count_is_constant(official_client, index, django_assert_max_num_queries):
    """Browsing costs the same number of queries for 3 cases as for 20."""
    for i in range(3):
        make_case(f"案{i}", index=index, domain=domain(), tags=["甲", "乙"])
    url = f"/cases/?domain={domain().pk}"
    official_client.get(url)  # warm caches (site root, etc.)
    with django_assert_max_num_queries(20) as small:
        official_client.get(url)
    few = len(small.captured_queries)  # read now: the next request resets the query log
    for i in range(3, 20):
        make_case(f"案{i}", index=index, domain=domain(), tags=["甲", "丙"])
    official_client.get(url)  # publishing dropped the menu's cached index URLs: warm again
    with django_assert_max_num_queries(few):
        response = official_client.get(url)
    assert len(response.context["cases"]) == 20


def test_case_page_query_count(official_client, cases, django_assert_max_num_queries):
    """A case page is read in a bounded number of queries, the same with more tags."""
    page = cases["a"]
    official_client.get(page.url)
    # 22: two of them stamp the opening and read it back (records.reading's time gate).
    with django_assert_max_num_queries(22) as few:
        response = official_client.get(page.url)
    assert response.status_code == 200
    count = len(few.captured_queries)  # read now: the next request resets the query log
    page.tags.add("甲", "乙", "丙", "丁")
    page.save_revision().publish()
    official_client.get(page.url)  # publishing dropped the menu's cached index URLs: warm again
    with django_assert_max_num_queries(count):
        response = official_client.get(page.url)
    assert "丁" in response.content.decode()


def test_case_page_shows_sections_and_facts(official_client, cases):
    """The page shows domain, class, route, stage and the study button; CSS is a file."""
    html = official_client.get(cases["a"].url).content.decode()
    assert "欠薪讨薪" in html
    assert f'action="/cases/tools/{cases["a"].pk}/studied/"' in html
    assert "case_library/cases" in html  # the print stylesheet
    assert "style=" not in html and "<script>" not in html


def test_draft_is_404_for_officials(official_client, cases):
    """The unpublished draft cannot be read or studied."""
    assert official_client.get(f"/cases/{cases['draft'].slug}/").status_code == 404
    response = official_client.post(f"/cases/tools/{cases['draft'].pk}/studied/")
    assert response.status_code == 404
    assert StudyRecord.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, cases):
    """Cases are for signed-in staff only."""
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_confirm_study_writes_one_ledger_record(official_client, official, cases):
    """Confirming writes kind 'case', source case_library.case:<id>; twice is still once."""
    page = cases["a"]
    case_read(official_client, official, page)
    for _ in range(2):
        response = official_client.post(f"/cases/tools/{page.pk}/studied/")
        assert response.status_code == 302
    record = StudyRecord.objects.get(user=official)
    assert record.kind == "case"
    assert record.source == f"case_library.case:{page.pk}"
    assert record.credit_hours == page.credit_hours
    html = official_client.get(page.url).content.decode()
    assert "I have studied this case" not in html and "我已学习本案例" not in html


def test_confirm_study_needs_post(official_client, cases):
    """GET does not credit anything."""
    assert official_client.get(f"/cases/tools/{cases['a'].pk}/studied/").status_code == 405
    assert StudyRecord.objects.count() == 0


def test_unknown_case_is_404(official_client, index):
    assert official_client.post("/cases/tools/999999/studied/").status_code == 404


def test_dashboard_panel_and_menu(official_client, official, cases):
    """The dashboard shows recent cases and how many this official studied this year."""
    case_read(official_client, official, cases["a"])
    official_client.post(f"/cases/tools/{cases['a'].pk}/studied/")
    html = official_client.get("/").content.decode()
    assert 'href="/cases/"' in html
    assert "欠薪案" in html


def test_demo_loader_is_idempotent_and_gate_holds(db):
    """load_demo twice: 8 published clean cases, one draft that cannot be published."""
    out = open("/dev/null", "w")  # noqa: SIM115
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    live = CasePage.objects.live()
    assert live.count() >= 8
    assert len({c.domain_id for c in live}) >= 7
    for case in live:
        assert case.unresolved_findings() == [], case.title
    draft = CasePage.objects.get(slug="draft-with-personal-data")
    assert not draft.live
    assert len(draft.get_latest_revision_as_object().unresolved_findings()) >= 5
    assert CasePage.objects.filter(legal_basis__isnull=False).distinct().count() >= 8
