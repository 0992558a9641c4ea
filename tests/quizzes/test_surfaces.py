"""Issue 9: every surface an official (or a lead) reaches asks ``quizzes.disclosure`` — probed
with the annual exam open, its results and answers shown "after close", one attempt sat.

``quizzes.disclosure.SURFACES`` is the list; the first test walks the URL conf, so a new route
of these apps that is in neither ``SURFACES`` nor ``NOT_SURFACES`` fails the suite, and a
surface without a probe here fails too.
"""

import io
import json
import re
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from quizzes.disclosure import NOT_SURFACES, SURFACES
from quizzes.models import Attempt, AttemptStatus, QuestionBank, QuizQuestion
from quizzes.services import answer_save, attempt_start, attempt_submit
from records.models import StudyRecord
from tests.factories import UserFactory

from .factories import QuestionFactory, fill, make_quiz, multiple, true_false

pytestmark = pytest.mark.django_db

NAMESPACES = ("quizzes", "records", "reports", "search")
PAGE_SURFACES = {"page:quizzes.QuizPage", "page:quizzes.QuizIndexPage", "page:home.HomePage"}

EXPLANATION = "解析：开放考试的说明文字"
SCORE_MARKS = ("37.5", "3 / 8", "未通过", "Not passed", "badge--bad", "badge--ok")
KEY_MARKS = ("review-key", "is-key", "question--ok", "question--bad", EXPLANATION)


def _names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def test_every_route_of_these_apps_is_declared():
    """A route of quizzes, records, reports or search is a declared surface (probed below) or
    declared as showing no quiz work, with the reason."""
    routes = {name for name in _names() if name.split(":")[0] in NAMESPACES}
    declared = set(SURFACES) | set(NOT_SURFACES)
    assert routes - declared == set(), "declare it in quizzes.disclosure.SURFACES/NOT_SURFACES"
    assert (set(SURFACES) - PAGE_SURFACES) <= routes, "a declared surface no longer exists"
    assert not set(SURFACES) & set(NOT_SURFACES)
    assert set(PROBES) == set(SURFACES), "every surface gets a probe in this file"


# ---------------------------------------------------------------- the world


@pytest.fixture
def world(client, official):
    """The annual exam (3 attempts, results and answers after close) on a bank of four
    questions, 8 points: the official sat it once and got 3 points (37.5 %, 未通过). A chapter
    practice with instant feedback draws from the same bank; they have started it."""
    bank = QuestionBank.objects.create(name="开放考试题库")
    questions = {
        "single": QuestionFactory(bank=bank, explanation=EXPLANATION),
        "multiple": multiple(bank=bank, explanation=EXPLANATION),
        "true_false": true_false(bank=bank, explanation=EXPLANATION),
        "fill": fill(bank=bank, answer="60", explanation=EXPLANATION),
    }
    exam = make_quiz(
        title="年度考试",
        mode="exam",
        questions=list(questions.values()),
        closes_at=timezone.now() + timedelta(days=30),
        attempts_allowed=3,
        result_visibility="after_close",
        answer_visibility="after_close",
        explanation_visibility="after_close",
        credit_hours=Decimal("2"),
    )
    for qtype, points in (("single", 3), ("multiple", 3), ("true_false", 1), ("fill", 1)):
        QuizQuestion.objects.filter(quiz=exam, question=questions[qtype]).update(points=points)
    now = timezone.now()
    responses = {"single": "B", "multiple": ["A", "B"], "true_false": False, "fill": ["30"]}
    attempt = attempt_start(quiz=exam, user=official, now=now)
    for aq in attempt.paper.select_related("question"):
        answer_save(
            attempt_id=attempt.pk,
            user=official,
            attempt_question_id=aq.pk,
            response=responses[aq.question.question_type],
            now=now,
        )
    attempt = attempt_submit(attempt=attempt, now=now)
    assert attempt.status == AttemptStatus.FINAL and attempt.percent == Decimal("37.50")
    assert StudyRecord.objects.filter(user=official, source=f"quizzes.quiz:{exam.pk}").exists()
    practice = make_quiz(
        title="章节练习",
        mode="practice",
        instant_feedback=True,
        rules=[{"bank": bank, "count": 4, "points": Decimal("1")}],
    )
    running = attempt_start(quiz=practice, user=official, now=now)
    client.force_login(official)
    return {
        "client": client,
        "official": official,
        "exam": exam,
        "attempt": attempt,
        "practice": practice,
        "running": running,
        "responses": responses,
        "stems": [q.stem_text for q in questions.values()],
    }


def _shows(mark: str, text: str) -> bool:
    """Does ``text`` show ``mark``? A number counts only as a whole number: 37.5 is not in the
    time 02:28:37.523795 a JSON answer carries (a fresh-clone run once failed on exactly that)."""
    if re.fullmatch(r"[\d.]+", mark):
        # … written with trailing zeros too (2.50 shows 2.5).
        return re.search(rf"(?<![\d.]){re.escape(mark)}0*(?!\d)", text) is not None
    return mark in text


def _text(response) -> str:
    """What a response shows, whatever its format (HTML, JSON, xlsx, docx, zip of those)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return _file_text(content, response.get("Content-Type", ""))


def _file_text(content: bytes, kind: str) -> str:
    if content[:2] != b"PK":
        return content.decode()
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    if "word/document.xml" in names or "xl/workbook.xml" in names:
        # An Office file: its XML parts hold every word shown (shared strings, cells, runs).
        return "".join(
            archive.read(name).decode("utf-8", "replace") for name in names if name.endswith(".xml")
        )
    return "".join(_file_text(archive.read(name), "") for name in names)


def _get(world, url, status=200):
    response = world["client"].get(url, follow=True)
    assert response.status_code == status, (url, response.status_code)
    return _text(response)


def _post_json(world, url, body):
    response = world["client"].post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, (url, response.content)
    return response.content.decode()


# ---------------------------------------------------------------- one probe per surface


def _feedback(world):
    """Instant feedback on each practice question: withheld, never a key or a mark."""
    url = reverse("quizzes:api_answer", kwargs={"attempt_id": world["running"].pk})
    texts = []
    for aq in world["running"].paper.select_related("question"):
        text = _post_json(
            world,
            url,
            {"question": aq.pk, "response": world["responses"][aq.question.question_type]},
        )
        body = json.loads(text)
        assert body["feedback"]["withheld"] is True
        assert "key" not in body["feedback"] and "correct" not in body["feedback"]
        texts.append(text)
    return "".join(texts)


def _practice_result(world):
    """The practice submitted: its review withholds every question the open exam holds."""
    _feedback(world)
    return _post_json(
        world, reverse("quizzes:api_submit", kwargs={"attempt_id": world["running"].pk}), {}
    )


def _wrong_practice(world):
    """The 错题本 lists nothing of the open exam, so there is nothing to practise."""
    response = world["client"].post(reverse("quizzes:wrong_practice"), follow=True)
    assert not Attempt.objects.filter(user=world["official"], quiz__isnull=True).exists()
    return _text(response)


def _lead_department(world):
    lead = UserFactory(role="lead", department=world["official"].department)
    world["client"].force_login(lead)
    year = timezone.localdate().year
    code = world["official"].department.code
    return _get(world, reverse("reports:department", kwargs={"code": code, "year": year}))


def _lead_department_file(world):
    lead = UserFactory(role="lead", department=world["official"].department)
    world["client"].force_login(lead)
    year = timezone.localdate().year
    code = world["official"].department.code
    return _get(
        world,
        reverse("reports:department_file", kwargs={"code": code, "year": year, "fmt": "xlsx"}),
    )


def _official_file(world):
    year = timezone.localdate().year
    pk = world["official"].pk
    return "".join(
        _get(world, reverse("reports:official_file", kwargs={"pk": pk, "year": year, "fmt": f}))
        for f in ("docx", "xlsx")
    )


def _year(world):
    return timezone.localdate().year


PROBES = {
    "quizzes:attempt": lambda w: _get(
        w, reverse("quizzes:attempt", kwargs={"attempt_id": w["running"].pk})
    ),
    "quizzes:attempt_result": lambda w: (
        _get(w, reverse("quizzes:attempt_result", kwargs={"attempt_id": w["attempt"].pk}))
        + _practice_result(w)
        + _get(w, reverse("quizzes:attempt_result", kwargs={"attempt_id": w["running"].pk}))
    ),
    "quizzes:my_results": lambda w: _get(w, reverse("quizzes:my_results")),
    "quizzes:wrong_book": lambda w: _get(w, reverse("quizzes:wrong_book")),
    "quizzes:wrong_practice": _wrong_practice,
    "quizzes:api_answer": _feedback,
    "quizzes:api_state": lambda w: _get(
        w, reverse("quizzes:api_state", kwargs={"attempt_id": w["attempt"].pk})
    ),
    "quizzes:api_submit": lambda w: _post_json(
        w, reverse("quizzes:api_submit", kwargs={"attempt_id": w["attempt"].pk}), {}
    ),
    "page:quizzes.QuizPage": lambda w: _get(w, w["exam"].url) + _get(w, w["practice"].url),
    "quizzes:quiz": lambda w: (
        _get(w, reverse("quizzes:quiz", kwargs={"quiz_id": w["exam"].pk}))
        + _get(w, reverse("quizzes:quiz", kwargs={"quiz_id": w["practice"].pk}))
    ),
    "page:quizzes.QuizIndexPage": lambda w: _get(w, w["exam"].get_parent().url),
    "page:home.HomePage": lambda w: _get(w, "/"),
    "records:my_records": lambda w: _get(w, reverse("records:my_records")),
    "records:my_records_export": lambda w: _get(w, reverse("records:my_records_export")),
    "reports:my_year": lambda w: _get(w, reverse("reports:my_year")),
    "reports:official_year": lambda w: _get(
        w, reverse("reports:official_year", kwargs={"pk": w["official"].pk, "year": _year(w)})
    ),
    "reports:official_file": _official_file,
    "reports:department": _lead_department,
    "reports:department_file": _lead_department_file,
    # The office's figures are for trainers and administrators (who may see scores); the
    # official who sat the exam must get nothing from them.
    "reports:office": lambda w: _get(
        w, reverse("reports:office", kwargs={"year": _year(w)}), status=404
    ),
    "reports:office_file": lambda w: "".join(
        _get(w, reverse("reports:office_file", kwargs={"year": _year(w), "fmt": f}), status=404)
        for f in ("xlsx", "docx")
    ),
    "search:search": lambda w: "".join(
        _get(w, reverse("search:search") + "?q=" + stem[:12]) for stem in w["stems"]
    ),
}


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_no_surface_shows_what_the_open_exam_keeps(world, surface):
    """With the exam open (results and answers after close, attempts left), the surface shows
    no score or 未通过, no key, right/wrong mark or explanation of its questions."""
    text = PROBES[surface](world)
    for mark in (*SCORE_MARKS, *KEY_MARKS):
        assert not _shows(mark, text), (surface, mark)


def _hidden_pass(official):
    """The official passed an exam worth 2.5 学时 whose results come out after it closes."""
    question = QuestionFactory(bank=QuestionBank.objects.create(name="考试题库甲"))
    exam = make_quiz(
        title="年度考试",
        mode="exam",
        questions=[question],
        closes_at=timezone.now() + timedelta(days=3),
        result_visibility="after_close",
        credit_hours=Decimal("2.5"),
    )
    now = timezone.now()
    attempt = attempt_start(quiz=exam, user=official, now=now)
    aq = attempt.paper.get()
    answer_save(
        attempt_id=attempt.pk, user=official, attempt_question_id=aq.pk, response="B", now=now
    )
    assert attempt_submit(attempt=attempt, now=now).passed
    return exam, now


def test_my_record_keeps_a_hidden_pass_out_of_the_hours(client, official):
    """A pass earns hours, so hours give the result away: a quiz result not yet released shows
    neither score nor hours on /records/ and its hours are not in the total — until released."""
    exam, now = _hidden_pass(official)
    client.force_login(official)
    page = client.get(reverse("records:my_records")).content.decode()
    assert not _shows("2.5", page) and "score-hidden" in page
    exam.closes_at = now - timedelta(minutes=1)
    exam.save_revision().publish()
    page = client.get(reverse("records:my_records")).content.decode()
    assert _shows("2.5", page) and "score-hidden" not in page


@pytest.mark.parametrize("path", ["/", "/reports/my-year/"])
def test_the_dashboard_and_my_year_keep_a_hidden_pass_out_of_the_hours(client, official, path):
    """The same on the dashboard (its year total and its "recent activity" list, which showed
    "2.5 学时" beside the unreleased exam) and on my year: nothing tells a pass from a fail."""
    exam, now = _hidden_pass(official)
    client.force_login(official)
    page = client.get(path, follow=True).content.decode()
    assert "年度考试" in page
    assert not _shows("2.5", page)
    exam.closes_at = now - timedelta(minutes=1)
    exam.save_revision().publish()
    assert _shows("2.5", client.get(path, follow=True).content.decode())
