"""The index follows the content: publishing, unpublishing, drafts, re-imports, questions."""

from collections import Counter

import pytest
from django.core.management import call_command

from courses.services import regulation_import
from search.engines import engine
from search.models import IndexEntry
from search.selectors import search
from tests.courses.factories import DEMO_DATA

pytestmark = pytest.mark.django_db


def _titles(query, user):
    return [h.entry.title for h in search(query=query, user=user).hits]


def test_the_issue_s_page_is_found_by_words_inside_its_title(corpus, official):
    """Wagtail's database backend found 0 of these 5 (issue 13); each must find the lesson."""
    title = "信访工作条例第三十一条规定依法分类处理信访诉求"
    for query in ("信访", "分类处理", "条例", "诉求", "依法分类处理"):
        assert title in _titles(query, official), query


def test_every_kind_is_indexed(corpus):
    kinds = set(IndexEntry.objects.values_list("kind", flat=True))
    assert {"article", "regulation", "course", "lesson", "case", "question"} <= kinds


def test_unpublished_lesson_and_draft_case_are_not_indexed(corpus, official, trainer):
    for user in (official, trainer):
        assert _titles("蜂鸟计划", user) == []
        assert _titles("麒麟事件", user) == []
    assert not IndexEntry.objects.filter(title__contains="蜂鸟").exists()


def test_publishing_adds_and_unpublishing_removes(corpus, official):
    hidden = corpus["hidden_lesson"]
    hidden.save_revision().publish()
    assert "尚未发布的课件：蜂鸟计划" in _titles("蜂鸟计划", official)
    hidden.refresh_from_db()
    hidden.unpublish()
    assert _titles("蜂鸟计划", official) == []


def test_a_draft_saved_on_a_live_page_does_not_reach_the_index(corpus, official):
    lesson = corpus["lesson"]
    lesson.title = "草稿标题：白鹭方案"
    lesson.save_revision()  # a draft: the live page keeps its title
    assert _titles("白鹭方案", official) == []
    assert "信访工作条例第三十一条规定依法分类处理信访诉求" in _titles("分类处理", official)


def test_deleting_a_page_removes_it(corpus, official):
    corpus["case"].delete()
    assert "群体来访推选代表案" not in _titles("推选代表", official)
    assert not IndexEntry.objects.filter(key=f"case_library.case:{corpus['case'].pk}").exists()


def test_regulation_reimport_updates_changed_and_retired_articles(regulation, official):
    text = (DEMO_DATA / "信访工作条例.md").read_text("utf-8")
    before = IndexEntry.objects.filter(kind="article").count()
    assert before > 40
    # A test edit (not the regulation's words): article 50 gains a word, article 49 goes.
    changed = text.replace("第五十条 ", "第五十条 本条经测试修订，增加白头翁条款。", 1)
    start = changed.index("第四十九条")
    end = changed.index("第五十条")
    changed = changed[:start] + changed[end:]
    regulation_import(text=changed, slug=regulation.slug)
    assert "《信访工作条例》第五十条" in _titles("白头翁", official)
    assert not IndexEntry.objects.filter(title="《信访工作条例》第四十九条").exists()
    assert IndexEntry.objects.filter(kind="article").count() == before - 1


def test_a_changed_question_is_reindexed_and_a_deleted_one_removed(corpus, trainer):
    question = corpus["question"]
    question.stem = "<p>关于金丝猴条款的题目</p>"
    question.save()
    assert any("金丝猴" in t for t in _titles("金丝猴", trainer))
    question.delete()
    assert _titles("金丝猴", trainer) == []


def test_search_reindex_rebuilds_the_same_index(corpus):
    before = sorted(IndexEntry.objects.values_list("key", "title_tokens", "body_tokens"))
    IndexEntry.objects.all().delete()
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = sorted(IndexEntry.objects.values_list("key", "title_tokens", "body_tokens"))
    assert after == before
    assert len(after) > 50


def test_the_engine_index_follows_the_table(corpus, official):
    """The FTS5 table (or tsvector column) is updated with the rows: an edited row is found
    by its new words only."""
    entry = IndexEntry.objects.get(key=f"courses.lesson:{corpus['lesson'].pk}")
    entry.title_tokens = "独角兽"
    entry.save()
    assert [h.entry.key for h in search(query="独角兽", user=official).hits] == [entry.key]


def _counted_by_hand() -> Counter:
    """How many entries hold each word, counted from the stored tokens."""
    counts = Counter()
    for title, body in IndexEntry.objects.values_list("title_tokens", "body_tokens"):
        counts.update(set(title.split()) | set(body.split()))
    return counts


def _engine_agrees_with_the_rows():
    counts = _counted_by_hand()
    words = sorted(counts)
    assert words, "the corpus indexed nothing"
    found = engine().document_frequencies([*words, "从未出现的词"])
    wrong = {w: (found[w], counts[w]) for w in words if found[w] != counts[w]}
    assert wrong == {}, "engine count vs entries holding the word"
    assert found["从未出现的词"] == 0
    lengths = list(IndexEntry.objects.values_list("body_length", flat=True))
    n, mean = engine().corpus_totals()
    assert n == len(lengths)
    assert mean == pytest.approx(sum(lengths) / len(lengths))


def test_document_frequencies_follow_inserts_edits_deletes_and_rebuilds(corpus):
    """Ranking weighs a word by the number of entries holding it and by the corpus's size and
    mean length; the engine's figures (SQLite's fts5vocab, PostgreSQL's trigger-kept tables)
    equal a count over the rows after every kind of write, bulk ones included."""
    _engine_agrees_with_the_rows()
    entry = IndexEntry.objects.get(key=f"courses.lesson:{corpus['lesson'].pk}")
    entry.title_tokens = "独角兽 信访"
    entry.body_tokens = "独角兽 独角兽 复查"
    entry.save()
    _engine_agrees_with_the_rows()
    IndexEntry.objects.filter(kind="article").update(body_tokens="条文 信访")
    _engine_agrees_with_the_rows()
    IndexEntry.objects.filter(kind="lesson").delete()
    _engine_agrees_with_the_rows()
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _engine_agrees_with_the_rows()
    IndexEntry.objects.all().delete()
    assert engine().document_frequencies(["信访"]) == {"信访": 0}
    assert engine().corpus_totals()[0] == 0
