"""Reads for quiz pages, the attempt page, results and trainer reports (query-count aware)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from records.selectors import study_credit, study_year_summary

from .disclosure import attempts_score_shown, released_question_ids
from .draw import questions_drawable, questions_held_q
from .errors import QuizError
from .keys import DISPLAY_LETTERS, blank_count, key_shown, response_given
from .models import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Question,
    QuestionType,
    QuizMode,
    QuizPage,
)


@dataclass
class Eligibility:
    can_start: bool
    reason: str = ""
    attempts_used: int = 0
    open_attempt: Attempt | None = None
    unmet: list[str] = field(default_factory=list)


def prerequisites_unmet(*, quiz: QuizPage, user, now) -> list[str]:
    unmet = []
    if quiz.prerequisite_course_id:
        done = study_credit(
            user=user, source=f"courses.course:{quiz.prerequisite_course_id}"
        ).credited
        if not done:
            title = quiz.prerequisite_course.title if quiz.prerequisite_course else ""
            unmet.append(_("Complete the course “%(title)s” first.") % {"title": title})
    if quiz.prerequisite_hours:
        summary = study_year_summary(user=user, year=now.year)
        if summary.credit_hours < quiz.prerequisite_hours:
            unmet.append(
                _("Earn at least %(need)s credit hours this year first (you have %(have)s).")
                % {
                    "need": quiz.prerequisite_hours.normalize(),
                    "have": summary.credit_hours.normalize(),
                }
            )
    return unmet


def attempt_owned(*, attempt_id: int, user) -> Attempt:
    """The attempt ``attempt_id`` if it is ``user``'s — the one "this attempt is yours" rule.

    Another official's attempt looks exactly like a missing one (404), so nobody can tell
    whether an id exists.
    """
    attempt = None
    if 0 < attempt_id < 2**63:
        attempt = Attempt.objects.select_related("quiz").filter(pk=attempt_id).first()
    if attempt is None or attempt.user_id != user.pk:
        raise QuizError(_("No such attempt."), code="not_found", status=404)
    attempt.user = user  # the one asking (checked above): not read again
    return attempt


def quiz_eligibility(*, quiz: QuizPage, user, now, attempts=None) -> Eligibility:
    """May this official start a new attempt now? And if not, why (for the page).

    ``attempts``: the official's attempts at ``quiz`` when the caller has read them already
    (the start does); otherwise they are read here."""
    if attempts is None:
        attempts = Attempt.objects.filter(quiz=quiz, user=user).only("pk", "status", "deadline")
    attempts = list(attempts)
    # An attempt past its deadline is over, though it may not be submitted yet.
    open_attempt = next((a for a in attempts if a.is_running(now)), None)
    used = len(attempts)
    result = Eligibility(can_start=False, attempts_used=used, open_attempt=open_attempt)
    if not quiz.live:
        result.reason = _("This quiz is not published.")
    elif not quiz.is_for(user):
        result.reason = _("This quiz is not meant for you.")
    elif quiz.opens_at and now < quiz.opens_at:
        result.reason = _("This quiz opens at %(when)s.") % {
            "when": quiz.opens_at.astimezone().strftime("%Y-%m-%d %H:%M")
        }
    elif quiz.has_closed(now):
        result.reason = _("This quiz has closed.")
    elif quiz.attempts_allowed and used >= quiz.attempts_allowed and open_attempt is None:
        result.reason = _("You have used all %(n)s attempts.") % {"n": quiz.attempts_allowed}
    else:
        result.unmet = prerequisites_unmet(quiz=quiz, user=user, now=now)
        if result.unmet:
            result.reason = " ".join(result.unmet)
        else:
            result.can_start = True
    return result


@dataclass
class QuizRow:
    quiz: QuizPage
    status: str
    status_class: str
    best: Decimal | None  # None while the quiz does not release scores
    attempts: int


def quizzes_for_user(*, user, now, modes=None) -> list[QuizRow]:
    """Live quizzes the official may see, with their state for this official. A score, a pass
    or a fail shows only where ``disclosure.attempts_score_shown`` allows it. Constant queries."""
    quizzes = QuizPage.objects.live().order_by("path")
    if modes:
        quizzes = quizzes.filter(mode__in=modes)
    quizzes = list(quizzes.prefetch_related("audience_departments"))
    by_id = {quiz.pk: quiz for quiz in quizzes}
    running = Attempt.running_q(now)
    stats = {
        row["quiz_id"]: row
        for row in Attempt.objects.filter(user=user, quiz__in=quizzes)
        .values("quiz_id")
        .annotate(n=Count("pk"), open=Count("pk", filter=running))
    }
    submitted = list(
        Attempt.objects.filter(user=user, quiz__in=quizzes)
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .only("pk", "quiz_id", "status", "percent", "passed")
    )
    for attempt in submitted:
        attempt.quiz = by_id[attempt.quiz_id]
    shown_ids = attempts_score_shown(attempts=submitted, user=user, now=now)
    best, passed, hidden = {}, set(), set()
    for attempt in submitted:
        if attempt.pk not in shown_ids:
            hidden.add(attempt.quiz_id)
            continue
        if attempt.passed:
            passed.add(attempt.quiz_id)
        if attempt.status == AttemptStatus.FINAL and attempt.percent is not None:
            best[attempt.quiz_id] = max(best.get(attempt.quiz_id, attempt.percent), attempt.percent)
    rows = []
    for quiz in quizzes:
        if (quiz.audience_ranks or quiz.audience_departments.all()) and not quiz.is_for(user):
            continue
        s = stats.get(quiz.pk, {"n": 0, "open": 0})
        if s["open"]:
            status, css = pgettext("attempt", "In progress"), "badge--warn"
        elif quiz.pk in passed:
            status, css = _("Passed"), "badge--ok"
        elif quiz.pk in hidden:
            status, css = _("Submitted; result not yet released"), "badge--muted"
        elif quiz.opens_at and now < quiz.opens_at:
            status, css = _("Not open yet"), "badge--muted"
        elif quiz.has_closed(now):
            status, css = _("Closed"), "badge--muted"
        elif s["n"]:
            status, css = _("Attempted"), "badge--bad"
        else:
            status, css = pgettext("attempt", "Not started"), ""
        rows.append(QuizRow(quiz, status, css, best.get(quiz.pk), s["n"]))
    return rows


# ---------------------------------------------------------------- the attempt page


def _option_rows(aq: AttemptQuestion, response):
    texts = dict(aq.question.options)
    chosen = set(response) if isinstance(response, list) else {response}
    return [
        {
            "value": letter,
            "label": DISPLAY_LETTERS[i],
            "text": texts.get(letter, ""),
            "checked": letter in chosen,
        }
        for i, letter in enumerate(aq.option_order or list(texts))
    ]


def _blank_values(response, blanks: int) -> list[tuple[int, str]]:
    given = response if isinstance(response, list) else []
    return [(i, given[i] if i < len(given) else "") for i in range(blanks)]


def attempt_saved_count(*, attempt: Attempt) -> tuple[int, int]:
    """(questions with a saved answer, questions on the paper). One query."""
    responses = list(Answer.objects.filter(attempt=attempt).values_list("response", flat=True))
    return sum(response_given(r) for r in responses), len(responses)


def attempt_paper(*, attempt: Attempt, disclosure=None):
    """The frozen paper in order, with the official's saved answers — and, per question, the key,
    the right/wrong mark, the question's score and the explanation ONLY where ``disclosure``
    (``quizzes.disclosure.attempt_disclosure``) allows. Without one: none of them.

    Choice keys are given in the letters the official saw (the paper's option order).
    One query whatever the paper's size; three with a disclosure (the keys' articles).
    """
    items = []
    # The labels a paper repeats on every question are made once per paper, not per question.
    type_labels = {value: str(label) for value, label in QuestionType.choices}
    points_labels = {}

    def points_label(points) -> str:
        if points not in points_labels:
            points_labels[points] = _("%(p)s points") % {"p": floatformat(points, "-2")}
        return points_labels[points]

    rows = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question", "answer")
        .order_by("position")
    )
    if disclosure is not None:
        # Only a shown key lists its articles: the attempt page itself never needs them.
        rows = rows.prefetch_related("question__articles__regulation")
    for aq in rows:
        question = aq.question
        answer = getattr(aq, "answer", None)
        response = answer.response if answer else None
        blanks = blank_count(question.key()) if question.question_type == QuestionType.FILL else 0
        shows_key = disclosure is not None and disclosure.key(question.pk)
        item = {
            "id": aq.pk,
            "position": aq.position,
            "type": question.question_type,
            "type_label": type_labels.get(question.question_type, question.question_type),
            "stem": question.stem,
            "points": aq.points,
            "points_label": points_label(aq.points),
            "options": _option_rows(aq, response),
            "blank_values": _blank_values(response, blanks),
            "response": response,
            "answered": response_given(response),
            "flagged": answer.flagged if answer else False,
            "score": answer.score if answer and shows_key else None,
            "is_correct": answer.is_correct if answer and shows_key else None,
            "comment": answer.comment if answer and shows_key else "",
            "withheld": disclosure is not None
            and disclosure.any_review
            and question.pk in disclosure.withheld,
        }
        if shows_key:
            key = question.key()
            item["key"] = key_shown(question.question_type, key, aq.option_order)
            if question.question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
                for option in item["options"]:
                    option["is_key"] = option["value"] in key
            item["articles"] = list(question.articles.all())
        if disclosure is not None and disclosure.explanation(question.pk):
            item["explanation"] = question.explanation
        items.append(item)
    return items


def attempts_for_user(*, user, quiz=None):
    attempts = Attempt.objects.filter(user=user).select_related("quiz")
    if quiz is not None:
        attempts = attempts.filter(quiz=quiz)
    return attempts


def _latest_answers(*, user) -> dict[int, Answer]:
    """Each question's latest *answered* answer of ``user`` in a submitted attempt (one query).

    A question left unanswered was never answered wrong: it does not count.
    """
    latest: dict[int, Answer] = {}
    for answer in (
        Answer.objects.filter(attempt__user=user, is_correct__isnull=False)
        .exclude(attempt__status=AttemptStatus.IN_PROGRESS)
        .exclude(response__isnull=True)
        .select_related("attempt_question")
        .only("pk", "response", "is_correct", "saved_at", "attempt_question__question_id")
        .order_by("saved_at", "pk")
    ):
        if response_given(answer.response):
            latest[answer.attempt_question.question_id] = answer
    return latest


def wrong_answer_question_ids(*, user, now) -> list[int]:
    """错题本 — questions the official answered wrong the last time they answered them, and
    whose mark the disclosure rule lets them see now (a listed 判断 question gives its key away,
    so a question of an exam still ahead, or of an exam that keeps its keys, is not listed)."""
    wrong = [qid for qid, answer in _latest_answers(user=user).items() if not answer.is_correct]
    released = released_question_ids(user=user, now=now, question_ids=wrong)
    return [qid for qid in wrong if qid in released]


def wrong_answer_book(*, user, now) -> list[dict]:
    """The 错题本's entries: each question with the official's last answer and the key, the
    options in the bank's order (so the letters are the ones this page shows)."""
    latest = _latest_answers(user=user)
    ids = wrong_answer_question_ids(user=user, now=now)
    explained = released_question_ids(user=user, now=now, question_ids=ids, explanations=True)
    questions = (
        Question.objects.filter(pk__in=ids)
        .select_related("bank")
        .prefetch_related("articles__regulation")
        .order_by("category", "pk")
    )
    entries = []
    for question in questions:
        response = latest[question.pk].response
        key = question.key()
        chosen = set(response) if isinstance(response, list) else {response}
        options = (
            [
                {
                    "label": letter,
                    "text": text,
                    "checked": letter in chosen,
                    "is_key": letter in key,
                }
                for letter, text in question.options
            ]
            if question.question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE)
            else []
        )
        entries.append(
            {
                "question": question,
                "options": options,
                "response": response,
                "key": key_shown(question.question_type, key, []),
                "type": question.question_type,
                "blank_values": list(enumerate(response)) if isinstance(response, list) else [],
                "answered": True,
                "articles": list(question.articles.all()),
                "explanation": question.explanation if question.pk in explained else "",
            }
        )
    return entries


# ---------------------------------------------------------------- trainer reports


def quiz_results(*, quiz: QuizPage):
    """Every attempt at a quiz with its official and department (one query)."""
    return (
        Attempt.objects.filter(quiz=quiz)
        .select_related("user", "user__department")
        .order_by("user__department__name", "user__name", "number")
    )


def score_distribution(*, quiz: QuizPage, bins: int = 10) -> list[int]:
    """How many final attempts fall in each 10-percent band (0–9, …, 90–100)."""
    counts = [0] * bins
    for percent in Attempt.objects.filter(quiz=quiz, status=AttemptStatus.FINAL).values_list(
        "percent", flat=True
    ):
        index = min(bins - 1, int(Decimal(percent) * bins / 100))
        counts[index] += 1
    return counts


def distribution_svg_bars(counts: list[int], *, width=600, height=240) -> dict:
    """Geometry for the server-rendered SVG chart (no JavaScript, no inline style)."""
    top = max(counts) or 1
    pad_left, pad_bottom, pad_top = 36, 28, 12
    plot_w, plot_h = width - pad_left - 8, height - pad_bottom - pad_top
    bar_w = plot_w / len(counts)
    bars = []
    for i, n in enumerate(counts):
        h = plot_h * n / top
        bars.append(
            {
                "x": round(pad_left + i * bar_w + 2, 1),
                "y": round(pad_top + plot_h - h, 1),
                "w": round(bar_w - 4, 1),
                "h": round(h, 1),
                "n": n,
                "label": f"{i * 10}",
                "label_x": round(pad_left + i * bar_w + bar_w / 2, 1),
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "axis_y": pad_top + plot_h,
        "pad_left": pad_left,
        "top": top,
        "top_y": pad_top,
    }


@dataclass
class OptionCount:
    """How many final attempts chose an option, named by its text: every official may have seen
    it under another letter (shuffled options), so a letter here would mean nothing."""

    text: str
    count: int
    is_key: bool


@dataclass
class ItemStat:
    question_id: int
    stem: str
    question_type: str
    answered: int
    facility: float | None  # mean score / points, 0..1
    discrimination: float | None  # upper 27 % facility minus lower 27 % facility
    choices: list[OptionCount] = field(default_factory=list)  # choice questions only


def _option_counts(attempt_ids, question_ids) -> dict[int, list[OptionCount]]:
    """Per choice question, the options in the bank's order with how often each was chosen in
    ``attempt_ids``. Two queries."""
    questions = Question.objects.filter(
        pk__in=list(question_ids),
        question_type__in=[QuestionType.SINGLE, QuestionType.MULTIPLE],
    )
    counts: dict[int, dict[str, int]] = {q.pk: {} for q in questions}
    for qid, response in Answer.objects.filter(
        attempt_id__in=list(attempt_ids), attempt_question__question_id__in=list(counts)
    ).values_list("attempt_question__question_id", "response"):
        for letter in response if isinstance(response, list) else [response]:
            if isinstance(letter, str):
                counts[qid][letter] = counts[qid].get(letter, 0) + 1
    result = {}
    for question in questions:
        key = question.key()
        result[question.pk] = [
            OptionCount(text=text, count=counts[question.pk].get(letter, 0), is_key=letter in key)
            for letter, text in question.options
        ]
    return result


def item_analysis(*, quiz: QuizPage) -> list[ItemStat]:
    """Facility and discrimination index per question, from final attempts, and for choice
    questions how often each option (by its text) was chosen. Four queries."""
    attempts = dict(
        Attempt.objects.filter(quiz=quiz, status=AttemptStatus.FINAL).values_list("pk", "percent")
    )
    if not attempts:
        return []
    ordered = sorted(attempts, key=lambda pk: attempts[pk])
    group = max(1, round(len(ordered) * 0.27))
    lower, upper = set(ordered[:group]), set(ordered[-group:])
    per_question: dict[int, dict] = {}
    for attempt_id, qid, qtype, stem, score, points in Answer.objects.filter(
        attempt_id__in=list(attempts), score__isnull=False
    ).values_list(
        "attempt_id",
        "attempt_question__question_id",
        "attempt_question__question__question_type",
        "attempt_question__question__stem_text",
        "score",
        "attempt_question__points",
    ):
        row = per_question.setdefault(
            qid, {"stem": stem, "type": qtype, "all": [], "upper": [], "lower": []}
        )
        ratio = float(score / points) if points else 0.0
        row["all"].append(ratio)
        if attempt_id in upper:
            row["upper"].append(ratio)
        if attempt_id in lower:
            row["lower"].append(ratio)

    def mean(values):
        return sum(values) / len(values) if values else None

    choices = _option_counts(attempts, per_question)
    stats = []
    for qid, row in per_question.items():
        up, low = mean(row["upper"]), mean(row["lower"])
        stats.append(
            ItemStat(
                question_id=qid,
                stem=row["stem"],
                question_type=row["type"],
                answered=len(row["all"]),
                facility=mean(row["all"]),
                discrimination=(up - low) if up is not None and low is not None else None,
                choices=choices.get(qid, []),
            )
        )
    stats.sort(key=lambda s: (s.facility if s.facility is not None else 2, s.question_id))
    return stats


def marking_queue():
    """Essay answers of submitted attempts waiting for a trainer (one query)."""
    return (
        Answer.objects.filter(
            score__isnull=True,
            attempt__status=AttemptStatus.SUBMITTED,
            attempt_question__question__question_type=QuestionType.ESSAY,
        )
        .select_related("attempt__quiz", "attempt__user", "attempt_question__question")
        .order_by("attempt__submitted_at", "pk")
    )


# ---------------------------------------------------------------- practice and exams


@dataclass
class ExamOverlap:
    """An exam open or still to come that can draw questions a practice can draw."""

    exam: QuizPage
    question_ids: list[int]

    @property
    def count(self) -> int:
        return len(self.question_ids)


def practice_exam_overlaps(*, practice: QuizPage, now) -> list[ExamOverlap]:
    """For the trainer's warning on saving a practice (issue 9): each published exam not yet
    closed that can draw a question ``practice`` (as given: a revision's object) can draw.
    One query for the exams, one per exam."""
    if practice.mode != QuizMode.PRACTICE:
        return []
    exams = (
        QuizPage.objects.live()
        .filter(mode=QuizMode.EXAM)
        .exclude(closes_at__lte=now)
        .exclude(pk=practice.pk)
        .order_by("closes_at", "pk")
    )
    drawable = questions_drawable(practice)
    overlaps = []
    for exam in exams:
        held = questions_held_q([exam])
        ids = sorted(drawable.filter(held).values_list("pk", flat=True)) if held else []
        if ids:
            overlaps.append(ExamOverlap(exam=exam, question_ids=ids))
    return overlaps
