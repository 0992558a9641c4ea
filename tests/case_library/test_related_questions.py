"""The case page lists practice questions citing its legal basis (quizzes' xuefa_case_related).

Only stems and a link to practice are shown — never the key or the explanation — and the page
needs the same number of queries however many questions, articles and quizzes there are.
"""

import pytest
from django.db import connection

from courses.models import Article, Regulation
from tests.case_library.factories import make_case
from tests.quizzes.factories import QuestionBankFactory, QuestionFactory, make_quiz

pytestmark = pytest.mark.django_db

SECRET_EXPLANATION = "解析：这是不应出现在案例页上的解析文字。"


@pytest.fixture
def articles():
    regulation = Regulation.objects.create(title="信访工作条例", slug="xfgztl-test")
    return [
        Article.objects.create(regulation=regulation, number=n, text=f"第{n}条的条文。")
        for n in (34, 35, 36)
    ]


def question(stem, *, cites, bank=None, **kw):
    q = QuestionFactory(
        stem=f"<p>{stem}</p>",
        explanation=SECRET_EXPLANATION,
        answer=kw.pop("answer", "C"),
        option_c="不应出现的正确选项",
        **({"bank": bank} if bank else {}),
        **kw,
    )
    q.articles.set(cites)
    return q


def case_citing(articles):
    page = make_case(live=False)
    page.legal_basis.set(articles)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_questions_citing_the_case_articles_link_to_practice(official_client, articles):
    """Fixed question → its practice quiz; bank question → the practice quiz drawing from that
    bank; other articles, inactive questions and exams are not offered; no key, no explanation."""
    fixed = question("第一问：办理期限是多久？", cites=[articles[0]])
    bank = QuestionBankFactory(name="案例题库")
    drawn = question("第二问：复查应当向谁提出？", cites=[articles[0]], bank=bank)
    question("别的条文的题目", cites=[articles[2]])
    question("停用的题目", cites=[articles[0]], is_active=False)
    practice = make_quiz(title="练习一", mode="practice", questions=[fixed])
    drawing = make_quiz(title="练习二", mode="practice", rules=[{"bank": bank, "count": 1}])
    make_quiz(title="考试", mode="exam", questions=[fixed, drawn])
    page = case_citing([articles[0]])

    html = official_client.get(page.url).content.decode()

    assert "第一问：办理期限是多久？" in html and "第二问：复查应当向谁提出？" in html
    assert "别的条文的题目" not in html and "停用的题目" not in html
    assert f'href="{practice.url}"' in html and f'href="{drawing.url}"' in html
    assert SECRET_EXPLANATION not in html and "不应出现的正确选项" not in html
    assert '<span class="badge">' in html  # rendered by the quizzes include, not escaped


def test_no_legal_basis_or_no_questions_means_no_section(official_client, articles):
    """A case without legal basis, or whose articles no question cites, offers nothing."""
    question("只引用第34条的题目", cites=[articles[0]])
    plain = make_case()
    response = official_client.get(plain.url)
    assert response.context["related_links"] == []
    cited = case_citing([articles[1]])
    response = official_client.get(cited.url)
    assert response.status_code == 200
    assert response.context["related_links"] == []
    assert "只引用第34条的题目" not in response.content.decode()


def test_question_without_practice_quiz_links_to_the_quiz_index(official_client, articles):
    """With no practice quiz holding it, the question links to 练习与考试 (the quiz index)."""
    question("无练习的题目", cites=[articles[0]])
    index = make_quiz(title="考试", mode="exam").get_parent()
    page = case_citing([articles[0]])
    html = official_client.get(page.url).content.decode()
    assert "无练习的题目" in html
    assert f'href="{index.url}"' in html


def test_query_count_is_constant(official_client, articles, django_assert_max_num_queries):
    """More articles, questions and quizzes: the case page needs no more queries."""
    q = question("起始题", cites=[articles[0]])
    make_quiz(title="练习", mode="practice", questions=[q])
    page = case_citing([articles[0]])
    official_client.get(page.url)
    connection.queries_log.clear()  # the log is capped: a long setup would hide the count
    with django_assert_max_num_queries(40) as few:
        official_client.get(page.url)
    counted = len(few.captured_queries)
    assert counted > 0
    for i in range(6):
        extra = question(
            f"更多题目{i}", cites=articles[:2], bank=QuestionBankFactory(name=f"库{i}")
        )
        make_quiz(title=f"练习{i}", mode="practice", rules=[{"bank": extra.bank, "count": 1}])
    page.legal_basis.set(articles[:2])
    page.save_revision().publish()
    official_client.get(page.url)
    connection.queries_log.clear()
    with django_assert_max_num_queries(counted):
        html = official_client.get(page.url).content.decode()
    assert html.count('<span class="badge">') >= 5


def test_a_draw_rule_links_only_the_questions_it_draws(official_client, articles):
    """The link follows the draw rule's own criteria (quizzes.draw): a rule for true/false
    questions of category 复查 links such a question, not a single-choice one of the same bank,
    which goes to the quiz index instead."""
    bank = QuestionBankFactory(name="分类题库")
    question(
        "判断：复查期限为30日。",
        cites=[articles[0]],
        bank=bank,
        category="复查",
        question_type="true_false",
        answer="对",
    )
    question("单选：谁受理复查？", cites=[articles[0]], bank=bank, category="复查")
    drawing = make_quiz(
        title="判断练习",
        mode="practice",
        rules=[{"bank": bank, "count": 1, "question_type": "true_false", "category": "复查"}],
    )
    page = case_citing([articles[0]])
    links = official_client.get(page.url).context["related_links"]

    def url_for(stem):
        (url,) = [link["url"] for link in links if stem in link["label"]]
        return url

    assert url_for("判断：复查期限为30日。") == drawing.url
    assert url_for("单选：谁受理复查？") == drawing.get_parent().url


def test_exam_only_questions_are_not_offered(official_client, articles):
    """A question kept for exams (its own flag or its bank's) is never shown on a case page:
    practice does not draw it, so there is nothing to practise and its stem stays unseen."""
    question("考试专用：本题只在考试中出现。", cites=[articles[0]], exam_only=True)
    exam_bank = QuestionBankFactory(name="考试题库", exam_only=True)
    question("考试题库：本题也只在考试中出现。", cites=[articles[0]], bank=exam_bank)
    question("普通练习题", cites=[articles[0]])
    make_quiz(title="练习", mode="practice")
    html = official_client.get(case_citing([articles[0]]).url).content.decode()
    assert "普通练习题" in html
    assert "考试专用" not in html and "考试题库：" not in html
