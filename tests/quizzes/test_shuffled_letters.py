"""Shuffled papers tell the truth (issue 10): every place that shows a key, the official's own
answer, a right/wrong mark or a figure per question shows it in the letters the official saw
(or as the option text) — read off the rendered page, not off the data behind it.

Each paper gets a known, non-trivial option order, so that the letter on screen of the right
option differs from its stored letter: the single choice is shown reversed (stored B "60日" is
shown as C), the multiple choice rotated (stored A "30日" and C "90日" are shown as D and B).
"""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quizzes.models import Attempt, AttemptQuestion
from quizzes.services import attempt_start

from .factories import QuestionFactory, essay, fill, make_quiz, multiple, true_false

pytestmark = pytest.mark.django_db

# Stored options of the factory questions: A 30日, B 60日, C 90日, D 15日.
ORDERS = {"single": ["D", "C", "B", "A"], "multiple": ["B", "C", "D", "A"]}
KEY_TEXTS = {"single": {"60日"}, "multiple": {"30日", "90日"}}
WRONG_TEXTS = {"single": {"30日"}, "multiple": {"30日", "15日"}}
TYPES = ("single", "multiple", "true_false", "fill", "essay")


def _soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def _questions():
    return {
        "single": QuestionFactory(explanation="单选解析"),
        "multiple": multiple(explanation="多选解析"),
        "true_false": true_false(explanation="判断解析"),
        "fill": fill(explanation="填空解析"),
        "essay": essay(),
    }


def _practice(questions, **fields):
    fields = {
        "title": "乱序练习",
        "mode": "practice",
        "shuffle_options": True,
        "instant_feedback": True,
        **fields,
    }
    return make_quiz(questions=[questions[t] for t in TYPES], **fields)


def _shuffle_known(attempt):
    """Give the choice questions of ``attempt`` the known orders (the random draw could have
    left one in bank order, which would hide a stored-letter bug)."""
    for aq in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        if aq.question.question_type in ORDERS:
            aq.option_order = ORDERS[aq.question.question_type]
            aq.save(update_fields=["option_order"])


# ---------------------------------------------------------------- reading the pages


def _label_and_text(li):
    label = li.select_one(".option__label").get_text(strip=True)
    text = li.get_text(" ", strip=True)[len(label) :].strip()
    return label, text


def paper_on_screen(soup) -> dict[int, dict]:
    """The attempt page as the official sees it: per paper question (by its id) the type and,
    for choice questions, the letter on screen → (option text, value the input sends)."""
    paper = {}
    for fieldset in soup.select("fieldset.question"):
        options = {}
        for li in fieldset.select("ul.options li") if fieldset["data-type"] in ORDERS else ():
            label, text = _label_and_text(li)
            options[label] = (text, li.select_one("input")["value"])
        paper[int(fieldset["data-question"])] = {"type": fieldset["data-type"], "options": options}
    return paper


def review_on_screen(soup, selector) -> list[dict]:
    """Each reviewed question (result page or 错题本) as shown: letter → text of the options,
    which are marked as the key and as chosen, the key line, the official's answer line and the
    right/wrong mark."""
    entries = []
    for card in soup.select(selector):
        options, keyed, chosen = {}, set(), set()
        for li in card.select("ul.options li"):
            label, text = _label_and_text(li)
            options[label] = text
            classes = li.get("class", [])
            if "is-key" in classes:
                keyed.add(text)
            if "is-chosen" in classes:
                chosen.add(text)
        key_line = card.select_one(".review-key")
        answer_line = card.select_one(".review-answer")
        classes = card.get("class", [])
        entries.append(
            {
                "stem": card.select_one(".prose").get_text(strip=True),
                "options": options,
                "keyed": keyed,
                "chosen": chosen,
                "key": _after_label(key_line),
                "answer": _after_label(answer_line),
                "mark": "ok"
                if "question--ok" in classes
                else "bad"
                if "question--bad" in classes
                else None,
            }
        )
    return entries


def _after_label(paragraph) -> str | None:
    if paragraph is None:
        return None
    strong = paragraph.select_one("strong")
    text = paragraph.get_text("", strip=True)
    return text[len(strong.get_text("", strip=True)) :].lstrip(":： ").strip()


def _texts(options: dict[str, str], letters: str) -> set[str]:
    """The option texts of ``letters`` read off the same page."""
    return {options[letter] for letter in letters}


def _value_of(options, texts) -> list[str]:
    """What the page's inputs send for the options showing ``texts``."""
    return sorted(value for text, value in options.values() if text in texts)


# ---------------------------------------------------------------- the answers an official gives


def _answer(client, attempt, paper, answers_by_type):
    """Answer on the page as an official would: by the option text on screen. Returns the
    feedback bodies by type."""
    feedback = {}
    url = reverse("quizzes:api_answer", kwargs={"attempt_id": attempt.pk})
    for aq_id, shown in paper.items():
        qtype = shown["type"]
        if qtype not in answers_by_type:
            continue
        given = answers_by_type[qtype]
        if qtype == "single":
            (response,) = _value_of(shown["options"], given)
        elif qtype == "multiple":
            response = _value_of(shown["options"], given)
        else:
            response = given
        body = client.post(
            url, json.dumps({"question": aq_id, "response": response}), "application/json"
        ).json()
        assert body["ok"], body
        feedback[qtype] = body.get("feedback")
    return feedback


WRONG = {
    "single": WRONG_TEXTS["single"],
    "multiple": WRONG_TEXTS["multiple"],
    "true_false": False,
    "fill": ["六十", "31"],
    "essay": "依法分类处理。",
}
RIGHT = {
    "single": KEY_TEXTS["single"],
    "multiple": KEY_TEXTS["multiple"],
    "true_false": True,
    "fill": ["６０", "30"],
}


@pytest.fixture
def questions(db):
    return _questions()


@pytest.fixture
def started(official, official_client, questions):
    quiz = _practice(questions)
    attempt = attempt_start(quiz=quiz, user=official, now=timezone.now())
    _shuffle_known(attempt)
    page = _soup(official_client.get(reverse("quizzes:attempt", args=[attempt.pk])))
    return attempt, paper_on_screen(page)


# ---------------------------------------------------------------- the attempt page itself


def test_the_paper_is_shown_in_the_shuffled_order(started):
    """The known order is what the page shows: the right answer 60日 sits at C, not at B."""
    _attempt, paper = started
    by_type = {shown["type"]: shown for shown in paper.values()}
    assert set(by_type) == set(TYPES)
    single = {label: text for label, (text, _v) in by_type["single"]["options"].items()}
    assert single == {"A": "15日", "B": "90日", "C": "60日", "D": "30日"}
    multi = {label: text for label, (text, _v) in by_type["multiple"]["options"].items()}
    assert multi == {"A": "60日", "B": "90日", "C": "15日", "D": "30日"}


# ---------------------------------------------------------------- instant feedback (JSON)


@pytest.mark.parametrize("answers", [WRONG, RIGHT], ids=["wrong", "right"])
def test_feedback_names_the_key_in_the_letters_on_screen(official_client, started, answers):
    """For every type, the feedback's key and key options are the page's letters and texts,
    and its right/wrong verdict follows the text the official picked."""
    attempt, paper = started
    feedback = _answer(official_client, attempt, paper, answers)
    by_type = {shown["type"]: shown for shown in paper.values()}
    for qtype in ("single", "multiple"):
        options = {label: text for label, (text, _v) in by_type[qtype]["options"].items()}
        body = feedback[qtype]
        assert body["correct"] is (answers is RIGHT), qtype
        assert _texts(options, body["key"]) == KEY_TEXTS[qtype], (qtype, body["key"])
        for option in body["key_options"]:
            assert options[option["label"]] == option["text"], (qtype, option)
        assert {o["text"] for o in body["key_options"]} == KEY_TEXTS[qtype]
    assert feedback["single"]["key"] == "C"
    assert feedback["multiple"]["key"] == "BD"
    assert feedback["true_false"]["key"] == "对"
    assert feedback["true_false"]["correct"] is (answers is RIGHT)
    assert feedback["fill"]["key"] == "60|六十；30"
    assert feedback["fill"]["correct"] is (answers is RIGHT)
    assert "essay" not in feedback or feedback["essay"] is None


# ---------------------------------------------------------------- the result and review


def _submit(client, attempt):
    response = client.post(reverse("quizzes:api_submit", kwargs={"attempt_id": attempt.pk}))
    assert response.status_code == 200, response.content
    return _soup(client.get(reverse("quizzes:attempt_result", args=[attempt.pk])))


def _check_choice_review(entry, qtype, picked_texts, correct):
    """A reviewed choice question agrees with itself and with what was picked on the paper."""
    assert _texts(entry["options"], entry["key"]) == KEY_TEXTS[qtype], entry
    assert entry["keyed"] == KEY_TEXTS[qtype], entry
    assert entry["chosen"] == picked_texts, entry
    assert _texts(entry["options"], entry["answer"]) == picked_texts, entry
    assert entry["mark"] == ("ok" if correct else "bad"), entry


@pytest.mark.parametrize("answers", [WRONG, RIGHT], ids=["wrong", "right"])
def test_review_shows_key_answer_and_mark_as_on_screen(official_client, started, answers):
    """The review lists the options in the paper's order with the same letters, the key line
    and the official's answer in those letters, and the right/wrong mark of the text picked."""
    attempt, paper = started
    _answer(official_client, attempt, paper, answers)
    review = review_on_screen(_submit(official_client, attempt), "article.question")
    by_type = dict(zip([shown["type"] for shown in paper.values()], review, strict=True))
    for qtype in ("single", "multiple"):
        entry = by_type[qtype]
        on_paper = {label: text for label, (text, _v) in paper_by_type(paper, qtype).items()}
        assert entry["options"] == on_paper, qtype  # same letters, same texts, same order
        _check_choice_review(entry, qtype, set(answers[qtype]), answers is RIGHT)
    assert by_type["single"]["key"] == "C" and by_type["multiple"]["key"] == "BD"
    right = answers is RIGHT
    tf = by_type["true_false"]
    assert tf["key"] == "对" and tf["mark"] == ("ok" if right else "bad")
    assert tf["answer"] == ("对" if right else "错")
    fl = by_type["fill"]
    assert fl["key"] == "60|六十；30" and fl["mark"] == ("ok" if right else "bad")
    assert fl["answer"] == ("６０；30" if right else "六十；31")
    es = by_type["essay"]
    assert es["key"] == "参考答案：依法分类处理。"
    if right:  # the essay was left blank this time: nothing to mark, it earns nothing
        assert es["mark"] == "bad"
    else:  # waiting for a trainer: neither right nor wrong yet
        assert es["mark"] is None and es["answer"] == "依法分类处理。"


def paper_by_type(paper, qtype):
    return next(shown["options"] for shown in paper.values() if shown["type"] == qtype)


def test_review_of_an_unanswered_choice_marks_only_the_key(official_client, started):
    """Nothing picked: the key is still marked at its letter on screen, nothing as chosen."""
    attempt, paper = started
    review = review_on_screen(_submit(official_client, attempt), "article.question")
    single = review[[shown["type"] for shown in paper.values()].index("single")]
    assert single["key"] == "C" and single["keyed"] == {"60日"} and single["chosen"] == set()
    assert single["mark"] == "bad"


# ---------------------------------------------------------------- 错题本 and its practice


def test_wrong_book_and_its_practice_agree_with_their_own_pages(official_client, started):
    """The 错题本 shows the bank's order with the bank's letters: its key line, its
    last-answer line and its marks name the same texts the official picked on the shuffled
    paper. Its practice is shuffled again, and its review follows that new paper."""
    attempt, paper = started
    _answer(official_client, attempt, paper, WRONG)
    _submit(official_client, attempt)
    book = review_on_screen(_soup(official_client.get(reverse("quizzes:wrong_book"))), "li.card")
    by_stem = {entry["stem"]: entry for entry in book}
    questions = {aq.question.question_type: aq.question for aq in attempt.paper.all()}
    assert len(book) == 4  # the essay waits for a trainer: not wrong
    for qtype in ("single", "multiple"):
        entry = by_stem[questions[qtype].stem_text]
        assert entry["options"] == dict(questions[qtype].options)
        assert _texts(entry["options"], entry["key"]) == KEY_TEXTS[qtype]
        assert entry["keyed"] == KEY_TEXTS[qtype]
        assert entry["chosen"] == WRONG_TEXTS[qtype]
        assert _texts(entry["options"], entry["answer"]) == WRONG_TEXTS[qtype]
    assert by_stem[questions["true_false"].stem_text]["key"] == "对"
    assert by_stem[questions["true_false"].stem_text]["answer"] == "错"
    assert by_stem[questions["fill"].stem_text]["answer"] == "六十；31"

    response = official_client.post(reverse("quizzes:wrong_practice"))
    practice = Attempt.objects.get(user=attempt.user, quiz=None)
    assert response.url == reverse("quizzes:attempt", args=[practice.pk])
    _shuffle_known(practice)
    page = paper_on_screen(_soup(official_client.get(response.url)))
    _answer(official_client, practice, page, RIGHT)
    review = review_on_screen(_submit(official_client, practice), "article.question")
    types = [shown["type"] for shown in page.values()]
    for qtype in ("single", "multiple"):
        entry = review[types.index(qtype)]
        assert entry["options"] == {
            label: text for label, (text, _v) in paper_by_type(page, qtype).items()
        }
        _check_choice_review(entry, qtype, KEY_TEXTS[qtype], True)


# ---------------------------------------------------------------- trainers: item analysis, export


def test_item_analysis_and_export_score_the_text_picked(
    official_client, started, client, trainer, official
):
    """The trainers' figures come from what the official picked, not from its position on the
    screen: right texts on a shuffled paper give facility 1.00 and full marks in the export."""
    attempt, paper = started
    _answer(official_client, attempt, paper, RIGHT)
    _submit(official_client, attempt)
    client.force_login(trainer)
    essay_answer = attempt.answers.get(attempt_question__question__question_type="essay")
    marked = client.post(
        reverse("quizzes_admin:answer_mark", args=[essay_answer.pk]), {"score": "10"}
    )
    assert marked.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "final"
    report = _soup(client.get(reverse("quizzes_admin:quiz_report", args=[attempt.quiz_id])))
    facilities = {}
    for row in report.select("table.listing")[0].select("tbody tr"):
        cells = [td.get_text(strip=True) for td in row.select("td")]
        facilities[cells[0]] = cells[2]
    questions = {aq.question.question_type: aq.question for aq in attempt.paper.all()}
    for qtype in ("single", "multiple", "true_false", "fill"):
        assert facilities[questions[qtype].stem_text] == "1.00", (qtype, facilities)
    xlsx = client.get(reverse("quizzes_admin:quiz_report_xlsx", args=[attempt.quiz_id]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[1][7], rows[1][8]) == (50.0, 50.0)


def test_item_analysis_counts_each_option_by_its_text(client, trainer, questions):
    """The per-option figures of the item analysis are given by option text (each official saw
    other letters): two officials on differently shuffled papers, one picking 60日 and one
    30日, give 60日 (the key) 1 and 30日 1, whatever letter each saw."""
    from tests.factories import UserFactory

    quiz = _practice(questions, instant_feedback=False)
    orders = ({"single": ["D", "C", "B", "A"]}, {"single": ["B", "A", "D", "C"]})
    picks = ({"60日"}, {"30日"})
    for n, (order, pick) in enumerate(zip(orders, picks, strict=True)):
        user = UserFactory(username=f"xueyuan{n}")
        attempt = attempt_start(quiz=quiz, user=user, now=timezone.now())
        aq = attempt.paper.get(question__question_type="single")
        aq.option_order = order["single"]
        aq.save(update_fields=["option_order"])
        client.force_login(user)
        page = paper_on_screen(_soup(client.get(reverse("quizzes:attempt", args=[attempt.pk]))))
        _answer(client, attempt, page, {"single": pick, "essay": ""})
        _submit(client, attempt)
    client.force_login(trainer)
    report = _soup(client.get(reverse("quizzes_admin:quiz_report", args=[quiz.pk])))
    row = next(
        tr
        for tr in report.select("table.listing")[0].select("tbody tr")
        if questions["single"].stem_text in tr.get_text()
    )
    shown = {
        li.select_one(".item-choice__text").get_text(strip=True): (
            li.select_one(".item-choice__count").get_text(strip=True),
            "is-key" in li.get("class", []),
        )
        for li in row.select(".item-choices li")
    }
    assert shown == {
        "30日": ("1", False),
        "60日": ("1", True),
        "90日": ("0", False),
        "15日": ("0", False),
    }
