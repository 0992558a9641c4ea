"""/search/: the page, its JSON, who sees what, and bad input."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/search/"


def _json(client, **params):
    response = client.get(URL, {**params, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_search_needs_signing_in(client, corpus):
    response = client.get(URL, {"q": "信访"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_lists_hits_with_highlighted_snippets(official_client, corpus):
    response = official_client.get(URL, {"q": "分类处理"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>分类处理</mark>" in html
    assert corpus["lesson"].url in html


def test_json_has_the_issue_s_shape(official_client, corpus):
    data = _json(official_client, q="复查")
    assert data["query"] == "复查"
    assert data["results"], "复查 finds articles"
    for result in data["results"]:
        assert {"type", "title", "url", "snippet"} <= set(result)


def test_an_article_hit_links_to_the_article_address(official_client, corpus):
    data = _json(official_client, q="信访工作条例第三十四条")
    first = data["results"][0]
    assert first["type"] == "article"
    assert first["url"] == f"/regulations/{corpus['regulation'].slug}/articles/34/"


def test_results_filter_by_type(official_client, corpus):
    data = _json(official_client, q="信访", type="lesson")
    assert data["results"]
    assert {r["type"] for r in data["results"]} == {"lesson"}
    assert data["counts"]["article"] > 0  # counts stay for the other types' tabs


def test_officials_never_see_questions(official_client, corpus):
    data = _json(official_client, q="请求复查")
    assert "question" not in {r["type"] for r in data["results"]}
    assert "question" not in data["counts"]
    # Not even when they ask for the type by name.
    data = _json(official_client, q="请求复查", type="question")
    assert "question" not in {r["type"] for r in data["results"]}


def test_trainers_find_questions_without_their_keys(trainer_client, corpus):
    data = _json(trainer_client, q="请求复查", type="question")
    assert [r["type"] for r in data["results"]] == ["question"]
    question = corpus["question"]
    assert data["results"][0]["url"] == reverse("questions:edit", args=[question.pk])
    # The key is never indexed: its text is in no entry.
    from search.models import IndexEntry

    entry = IndexEntry.objects.get(key=f"quizzes.question:{question.pk}")
    question.answer = "B"
    assert "answer" not in entry.body and question.answer not in entry.body_tokens.split()


def test_a_live_page_unpublished_behind_the_index_s_back_is_not_shown(official_client, corpus):
    """Even if the index missed a change (a queryset update sends no signal), a page that is
    not live is never shown."""
    from wagtail.models import Page

    Page.objects.filter(pk=corpus["lesson"].pk).update(live=False)
    data = _json(official_client, q="分类处理", type="lesson")
    assert corpus["lesson"].url not in {r["url"] for r in data["results"]}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "信" * 10_000,
        "' OR 1=1 --",
        '"; DROP TABLE search_indexentry; --',
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "。",
        "？！",
        "*",
        '"',
        "NEAR(a b)",
        "a AND OR NOT",
        "😀🙏",
        "第条",
        "第九九九九九九条",
        # more words than a query keeps (12), every one a word of the index
        " ".join(["信访", "复查", "期限", "代表", "人数", "工资", "保证金", "征收", "补偿"] * 2),
        "信访 OR 复查 AND NOT 期限 title_tokens : 人数",
    ],
)
def test_bad_input_gives_a_sensible_page(official_client, corpus, query):
    response = official_client.get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    data = _json(official_client, q=query)
    assert isinstance(data["results"], list)


def test_a_nul_in_the_query_is_refused_with_a_clear_page(official_client, corpus):
    """NUL cannot be stored or searched: the site-wide input rule answers 400 with a page
    that says why (never a 500), for the page and for JSON."""
    response = official_client.get(URL, {"q": "信访\x00"})
    assert response.status_code == 400
    assert "<html" in response.content.decode().lower()
    assert official_client.get(URL, {"q": "\x00", "format": "json"}).status_code == 400


def test_a_long_query_is_cut_and_said_so(official_client, corpus):
    response = official_client.get(URL, {"q": "信访" * 5000})
    assert response.status_code == 200
    assert len(response.context["results"].query.raw) <= 100
    assert response.context["results"].query.truncated


def test_no_results_offers_did_you_mean_and_the_regulations(official_client, corpus):
    response = official_client.get(URL, {"q": "信防"})  # a typo: same sound as 信访
    html = response.content.decode()
    assert response.context["results"].suggestion == "信访"
    assert 'href="?q=%E4%BF%A1%E8%AE%BF">信访</a>' in html  # {% querystring %} encodes it
    assert corpus["regulation"].get_absolute_url() in html


def test_no_suggestion_when_nothing_close_exists(official_client, corpus):
    data = _json(official_client, q="量子纠缠")
    assert data["results"] == []
    assert data["suggestion"] == ""


def test_the_header_box_is_on_every_page(official_client, corpus):
    for path in ("/", "/regulations/", corpus["lesson"].url):
        html = official_client.get(path).content.decode()
        assert 'role="search"' in html and 'action="/search/"' in html, path


def test_the_header_box_names_group_study_too(official_client, corpus):
    """The header box's hint once said 搜索法规、课程、案例 while study sessions were searched."""
    html = official_client.get("/").content.decode()
    start = html.index('id="site-search-q"')
    box = html[start : html.index(">", start)]
    for label in ("法规", "课程", "案例", "集体学习"):
        assert label in box, (label, box)


def _hint(client) -> str:
    html = client.get(URL).content.decode()
    start = html.index('class="meta search-hint">')
    return html[start : html.index("</p>", start)]


def test_the_hint_names_every_kind_the_viewer_searches(client, official, trainer, corpus):
    """The empty page's hint names each kind of result, from the providers' labels: study
    sessions (集体学习) too, which it once left out, and questions only for trainers."""
    client.force_login(official)
    hint = _hint(client)
    for label in ("法规条文", "法规", "课时", "课程", "案例", "集体学习"):
        assert label in hint, (label, hint)
    assert "题目" not in hint
    assert "案例和集体学习" in hint or "、集体学习" in hint  # one list, in Chinese
    client.force_login(trainer)
    assert "题目" in _hint(client)
