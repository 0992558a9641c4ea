"""Property-based fuzzing of the regulation import (issue 9: "the imports"), through its admin
view: texts built from the parser's own vocabulary — title lines, dated header lines, 文号,
the header's end mark, 编/章/节 headings and 第X条 articles with numerals of any size — mixed
with arbitrary text. Properties: never a 500; a refused text stores nothing; an accepted one
stores what the report says.

Profiles and the PostgreSQL command: see tests/inputs/test_fuzz_attempts.py."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from courses.models import Article, Division, Regulation

pytestmark = pytest.mark.django_db

numerals = (
    st.sampled_from(["一", "二", "三", "十", "十一", "二十", "一百零二", "九千九百"])
    | (st.integers(min_value=0, max_value=10**30).map(str))
    | st.text(alphabet="零一二三四五六七八九十百千万亿", min_size=1, max_size=12)
)
free = st.text(max_size=80).filter(
    lambda t: "\x00" not in t and not any(0xD800 <= ord(c) <= 0xDFFF for c in t)
)
lines = st.one_of(
    free.map(lambda t: f"# {t}"),
    st.just("<!-- INFO END -->"),
    st.tuples(st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32), free).map(
        lambda v: f"{v[0]}年{v[1]}月{v[2]}日{v[3]}"
    ),
    free.map(lambda t: f"2022年1月24日国务院令第{len(t)}号{t}公布"),
    st.tuples(numerals, st.sampled_from("编章节"), free).map(lambda v: f"第{v[0]}{v[1]} {v[2]}"),
    st.tuples(numerals, st.sampled_from(["", " ", "　"]), free).map(
        lambda v: f"第{v[0]}条{v[1]}{v[2]}"
    ),
    free,
)
texts = st.lists(lines, max_size=12).map("\n".join)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def _counts():
    return Regulation.objects.count(), Article.objects.count(), Division.objects.count()


@given(text=texts, slug=st.sampled_from(["", "fuzz-reg"]))
@example(text="# " + "长" * 300 + "\n第一条 内容。", slug="")
@example(text="# 条例\n第99999999999条 内容。", slug="")
@example(text="# 条例\n第一章 " + "章" * 300 + "\n第一条 内容。", slug="")
@example(text="# 条例\n第九千九百九十九万章 总则\n第一条 内容。", slug="")
@example(
    text="# 条例\n2022年1月24日" + "机" * 300 + "发布\n<!-- INFO END -->\n第一条 内容。", slug=""
)
@example(
    text="# 条例\n2022年1月24日" + "文" * 120 + "令第1号\n<!-- INFO END -->\n第一条 内容。", slug=""
)
def test_regulation_import_never_500(admin_client, text, slug):
    before = _counts()
    response = admin_client.post("/admin/courses/import/", {"text": text, "slug": slug})
    assert response.status_code in (200, 400), response.status_code
    report = response.context["report"] if response.status_code == 200 else None
    if report is None:
        assert _counts() == before
    else:
        regulation = Regulation.objects.get(pk=report.regulation.pk)
        assert regulation.articles.filter(is_current=True).count() == report.article_count
