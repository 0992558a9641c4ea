"""The attempt page's question cards (``quizzes.paper_html``): the markup attempt.js, the
browser tests and the rush bench read, question type by question type, with the official's
saved answers filled in and every value escaped."""

import re

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Answer
from quizzes.paper_html import question_cards
from quizzes.services import answer_save, attempt_start

from .factories import QuestionFactory, essay, fill, make_quiz, multiple, true_false

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & '引号'"


@pytest.fixture
def paper(official):
    """An exam of all five types (a hostile option text and stem), started by ``official``,
    with a saved answer to each question and the essay marked for review."""
    questions = {
        "single": QuestionFactory(option_c=HOSTILE),
        "multiple": multiple(),
        "true_false": true_false(),
        "fill": fill(),
        "essay": essay(stem=f"<p>论述 <b>信访</b> {HOSTILE.replace('<', '&lt;')}</p>"),
    }
    quiz = make_quiz(questions=list(questions.values()), title="卷面")
    attempt = attempt_start(quiz=quiz, user=official, now=timezone.now())
    by_type = {aq.question.question_type: aq for aq in attempt.paper.select_related("question")}
    responses = {
        "single": by_type["single"].option_order[2],  # the hostile option, where it was put
        "multiple": [by_type["multiple"].option_order[0], by_type["multiple"].option_order[3]],
        "true_false": False,
        "fill": ['六十"><b>', "30"],
        "essay": HOSTILE,
    }
    for kind, response in responses.items():
        answer_save(attempt_id=attempt.pk, user=official, attempt_question_id=by_type[kind].pk,
                    response=response, now=timezone.now())  # fmt: skip
    Answer.objects.filter(attempt_question=by_type["essay"]).update(flagged=True)
    return attempt, by_type


def find(element, selector: str):
    """The elements under ``element`` matching a small CSS selector (tags, classes, [attribute],
    descendants), by XPath: lxml's own ``cssselect`` needs a package the project does not use."""
    steps = []
    for part in selector.split():
        tag = re.match(r"[a-z]*", part).group(0) or "*"
        classes = re.findall(r"\.([\w-]+)", part)
        attributes = re.findall(r"\[([\w-]+)\]", part)
        conditions = [
            f"[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]" for c in classes
        ]
        conditions += [f"[@{a}]" for a in attributes]
        steps.append(tag + "".join(conditions))
    return element.xpath(".//" + "//".join(steps))


def _cards(official_client, attempt):
    page = official_client.get(reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    return html, {
        card.get("data-type"): card
        for card in find(lxml.html.fromstring(html), "fieldset.question.card")
    }


def test_every_type_has_its_card_in_paper_order(paper, official_client):
    attempt, by_type = paper
    html, cards = _cards(official_client, attempt)
    assert set(cards) == {"single", "multiple", "true_false", "fill", "essay"}
    for kind, card in cards.items():
        aq = by_type[kind]
        assert card.get("data-question") == str(aq.pk)
        assert card.get("id") == f"q-{aq.position}"
        assert card.get("data-page") == "0"
        assert find(card, ".question__no")[0].text == str(aq.position)
        assert find(card, ".question__head .meta")[0].text == "10 分"
        assert len(find(card, "input.flag__input")) == 1
        assert find(card, ".question__state")[0].get("aria-live") == "polite"
    order = [int(c.get("data-question")) for c in find(lxml.html.fromstring(html), ".question")]
    assert order == [aq.pk for aq in attempt.paper.order_by("position")]


def test_choices_show_the_frozen_order_and_the_saved_choice(paper, official_client):
    attempt, by_type = paper
    _html, cards = _cards(official_client, attempt)
    single = find(cards["single"], "input")[:-1]  # the last input is the review flag
    assert [i.get("type") for i in single] == ["radio"] * 4
    assert [i.get("value") for i in single] == by_type["single"].option_order
    assert [i.get("name") for i in single] == [f"q{by_type['single'].pk}"] * 4
    assert [i.get("checked") is not None for i in single] == [False, False, True, False]
    labels = [s.text for s in find(cards["single"], ".option__label")]
    assert labels == ["A", "B", "C", "D"]  # display letters, whatever the frozen order
    multiple = find(cards["multiple"], "ul.options input")
    assert {i.get("type") for i in multiple} == {"checkbox"}
    assert [i.get("checked") is not None for i in multiple] == [True, False, False, True]


def test_true_false_fill_and_essay_show_what_was_saved(paper, official_client):
    attempt, by_type = paper
    _html, cards = _cards(official_client, attempt)
    tf = find(cards["true_false"], "ul.options input")
    assert [(i.get("value"), i.get("checked") is not None) for i in tf] == [
        ("true", False),
        ("false", True),
    ]
    assert find(cards["true_false"], "ul.options label")[1].text_content().strip() == "错"
    blanks = find(cards["fill"], "input[data-blank]")
    assert [(b.get("data-blank"), b.get("value")) for b in blanks] == [
        ("0", '六十"><b>'),
        ("1", "30"),
    ]
    assert [s.text for s in find(cards["fill"], ".blank span")] == ["第1空", "第2空"]
    assert find(cards["essay"], "textarea")[0].text == HOSTILE
    assert find(cards["essay"], "input.flag__input")[0].get("checked") is not None
    assert find(cards["single"], "input.flag__input")[0].get("checked") is None


def test_every_value_is_escaped_and_the_stem_is_rich_text(paper, official_client):
    attempt, _by_type = paper
    html, cards = _cards(official_client, attempt)
    assert "<script>" not in html.split('<script src="/static/quizzes/attempt.js"')[0]
    assert find(cards["essay"], ".question__stem b")[0].text == "信访"  # rich text kept
    assert HOSTILE in find(cards["essay"], ".question__stem")[0].text_content()
    assert HOSTILE in cards["single"].text_content()


def test_an_empty_paper_has_no_cards():
    assert question_cards([]) == ""
