"""What an official may be shown of their quiz work now — the one rule (issue 9).

Every surface that shows a key, an explanation, a right/wrong mark or a score asks here: the
result page, the 错题本 and its practice, instant feedback, my results, the quiz page, the
dashboard, the JSON endpoints and the ledger (``xuefa_record_score_hidden``: my record, its
export, the year reports). ``SURFACES`` lists them; a new one must join the list (a test
walks the URL conf).

1. Nothing of an attempt in progress.
2. A quiz's own settings release its attempts: the score (and pass/fail) by "show score", keys by
   "show correct answers", explanations by "show explanations". A right/wrong mark or a
   per-question score says as much as the key (for 判断, exactly the key), so it is released with
   the key, not with the score; an explanation states the answer, so it needs the key released too.
3. Over all of it: a question that sits in an exam the official can still attempt — published,
   not closed, meant for them, an attempt left (or one under way) — is *secret*: no key,
   explanation or mark for it anywhere, whatever another quiz's settings say (a practice drawing
   from the exam's bank, the 错题本, the exam's own earlier attempts).
4. Outside a quiz (the 错题本 and its quiz-less practice) a question's key and marks are shown
   only when some attempt in which the official met it releases them now (and 3 allows).

Trainers and administrators read everything in the admin; these rules are about officials.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from .draw import questions_held_q
from .models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Question,
    QuizMode,
    QuizPage,
    Visibility,
)

QUIZ_SOURCE_PREFIX = "quizzes.quiz:"

# Every route an official (or a department lead) reaches that can show quiz work — a key, an
# explanation, a right/wrong mark, a per-question score, a score or pass/fail — and how it asks
# this module. ``tests/quizzes/test_surfaces.py`` walks the URL conf: a route of these apps must
# be listed here (and gets probed with an open exam) or in ``NOT_SURFACES`` with the reason.
SURFACES = {
    "quizzes:attempt": "the paper while answering: never a key (attempt_paper without disclosure)",
    "quizzes:attempt_result": "result and review: attempt_disclosure",
    "quizzes:my_results": "my results: score_released per quiz",
    "quizzes:wrong_book": "错题本: released_question_ids (a listed 判断 is its key)",
    "quizzes:wrong_practice": "practice from the 错题本: only what the book lists",
    "quizzes:api_answer": "instant feedback: feedback_allowed",
    "quizzes:api_state": "resume: saved answers only, never keys",
    "quizzes:api_submit": "submit: status and result URL only",
    "page:quizzes.QuizPage": "quiz page: score_released",
    "quizzes:quiz": "the quiz page by id (the same view): score_released",
    "page:quizzes.QuizIndexPage": "quiz list: score_released",
    "page:home.HomePage": "dashboard panels: score_released, xuefa_record_score_hidden",
    "records:my_records": "my study record: xuefa_record_score_hidden (score and hours)",
    "records:my_records_export": "its Excel file: xuefa_record_score_hidden",
    "reports:my_year": "my year (年度学法档案): xuefa_record_score_hidden",
    "reports:official_year": "one official's year: xuefa_record_score_hidden",
    "reports:official_file": "its Word/Excel file: xuefa_record_score_hidden",
    "reports:department": "a lead's department table: xuefa_record_score_hidden",
    "reports:department_file": "its Excel/zip files: xuefa_record_score_hidden",
    "reports:office": "the office's annual figures: pass/excellent rates of the ledger, trainers and administrators only",
    "reports:office_file": "its Excel/Word files: the same figures",
    "search:search": "site search: questions for trainers only",
}
NOT_SURFACES = {
    "quizzes:attempt_submit": "a POST that redirects to the result page",
    "quizzes:api_leave": "counts 切屏; replies with the count only",
    "reports:official_year_redirect": "a redirect to reports:official_year",
    "reports:department_year": "a redirect to reports:department",
    "reports:departments": "a list of departments, no people's results",
    "reports:office_year": "a redirect to reports:office",
}


@dataclass(frozen=True)
class Release:
    """What a quiz's own settings (rule 2) release of an attempt now, and when the rest comes."""

    score: bool
    answers: bool
    explanations: bool
    score_note: str = ""
    answers_note: str = ""


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _score_note(quiz: QuizPage) -> str:
    if quiz.result_visibility == Visibility.AFTER_CLOSE and quiz.closes_at:
        return _("Your score will be shown after the quiz closes (%(when)s).") % {
            "when": _local(quiz.closes_at)
        }
    return _("This quiz does not show scores.")


def _answers_note(quiz: QuizPage) -> str:
    if quiz.answer_visibility == Visibility.AFTER_CLOSE and quiz.closes_at:
        return _(
            "Correct answers and explanations will be shown after the quiz closes (%(when)s)."
        ) % {"when": _local(quiz.closes_at)}
    return _("This quiz does not show correct answers.")


def score_released(*, quiz: QuizPage, now) -> bool:
    """May an official see their score and pass/fail on ``quiz`` now (rule 2)?"""
    return quiz.visible(quiz.result_visibility, now)


def quiz_release(*, quiz: QuizPage, now) -> Release:
    score = score_released(quiz=quiz, now=now)
    answers = quiz.visible(quiz.answer_visibility, now)
    explanations = answers and quiz.visible(quiz.explanation_visibility, now)
    return Release(
        score=score,
        answers=answers,
        explanations=explanations,
        score_note="" if score else _score_note(quiz),
        answers_note="" if answers else _answers_note(quiz),
    )


def attempt_release(*, attempt: Attempt, now) -> Release:
    if attempt.is_open:
        return Release(score=False, answers=False, explanations=False)
    if attempt.quiz_id is None:  # wrong-answer practice: rule 4 decides per question
        return Release(score=True, answers=True, explanations=True)
    return quiz_release(quiz=attempt.quiz, now=now)


# ---------------------------------------------------------------- rule 3: exams ahead


def exams_ahead(*, user, now) -> list[QuizPage]:
    """Exams ``user`` can still attempt: live, not closed, meant for them, an attempt left or
    one under way. Three queries."""
    exams = list(
        QuizPage.objects.live()
        .filter(mode=QuizMode.EXAM)
        .exclude(closes_at__lte=now)
        .prefetch_related("audience_departments")
    )
    if not exams:
        return []
    running = Attempt.running_q(now)
    used = {
        row["quiz_id"]: row
        for row in Attempt.objects.filter(user=user, quiz__in=exams)
        .values("quiz_id")
        .annotate(n=Count("pk"), running=Count("pk", filter=running))
    }
    ahead = []
    for exam in exams:
        if not exam.is_for(user):
            continue
        row = used.get(exam.pk, {"n": 0, "running": 0})
        if exam.attempts_allowed is None or row["n"] < exam.attempts_allowed or row["running"]:
            ahead.append(exam)
    return ahead


def secret_question_ids(*, user, now, question_ids=None, exams=None) -> set[int]:
    """Rule 3: of ``question_ids`` (or all), the questions in an exam ahead of ``user``
    (``exams``: ``exams_ahead`` when the caller has it already)."""
    condition = questions_held_q(exams_ahead(user=user, now=now) if exams is None else exams)
    if condition is None:
        return set()
    questions = Question.objects.filter(condition)
    if question_ids is not None:
        questions = questions.filter(pk__in=list(question_ids))
    return set(questions.values_list("pk", flat=True))


# ---------------------------------------------------------------- rule 4: outside a quiz


def _releases(quiz: QuizPage, now, explanations: bool) -> bool:
    if quiz.instant_feedback:  # practice feedback showed key and explanation once answered
        return True
    release = quiz_release(quiz=quiz, now=now)
    return release.explanations if explanations else release.answers


def released_question_ids(*, user, now, question_ids, explanations: bool = False) -> set[int]:
    """Rule 4: the questions whose key (or, with ``explanations``, explanation) an attempt of
    ``user`` releases now, secret ones removed."""
    question_ids = list(question_ids)
    if not question_ids:
        return set()
    rows = set(
        AttemptQuestion.objects.filter(
            attempt__user=user, question_id__in=question_ids, attempt__quiz__isnull=False
        )
        .exclude(attempt__status=AttemptStatus.IN_PROGRESS)
        .values_list("question_id", "attempt__quiz_id")
    )
    quizzes = QuizPage.objects.in_bulk({quiz_id for _qid, quiz_id in rows})
    released = {
        qid
        for qid, quiz_id in rows
        if quiz_id in quizzes and _releases(quizzes[quiz_id], now, explanations)
    }
    return released - secret_question_ids(user=user, now=now, question_ids=released)


# ---------------------------------------------------------------- one attempt


@dataclass(frozen=True)
class Disclosure:
    """What an attempt's result page and endpoints may show now, question by question."""

    release: Release
    withheld: frozenset[int]  # question ids kept hidden although the quiz releases answers
    withheld_note: str = ""
    withheld_explanations: frozenset[int] = frozenset()

    score_withheld: bool = False  # the total would mark questions kept secret (rule 3)

    @property
    def score(self) -> bool:
        return self.release.score and not self.score_withheld

    @property
    def score_note(self) -> str:
        if self.score_withheld:
            return _(
                "Your score is shown once the exam that also holds some of these questions is "
                "over for you."
            )
        return self.release.score_note

    def key(self, question_id: int) -> bool:
        """The key, the right/wrong mark and the per-question score of this question."""
        return self.release.answers and question_id not in self.withheld

    def explanation(self, question_id: int) -> bool:
        return (
            self.release.explanations
            and self.key(question_id)
            and question_id not in self.withheld_explanations
        )

    @property
    def any_review(self) -> bool:
        return self.release.answers or self.release.explanations

    @property
    def answers_note(self) -> str:
        return self.release.answers_note or self.withheld_note


def _withheld_note(attempt: Attempt, withheld: set, paper: list[int]) -> str:
    quiz = attempt.quiz
    if quiz is not None and quiz.mode == QuizMode.EXAM and withheld >= set(paper):
        if quiz.closes_at:
            return _(
                "Correct answers will be shown once you have no attempt left, or after the exam "
                "closes (%(when)s)."
            ) % {"when": _local(quiz.closes_at)}
        return _("Correct answers will be shown once you have no attempt left.")
    return _(
        "%(n)s questions are also in an exam you can still take: their answers are shown "
        "after that exam."
    ) % {"n": len(withheld)}


def _score_withheld(attempt: Attempt, withheld, ahead: list[QuizPage]) -> bool:
    """A total over questions kept secret is a right/wrong oracle (practise again, change one
    answer, compare the totals): an attempt's score waits while any of its questions is secret —
    unless it is an attempt at the exam ahead itself, whose own "show score" decides (rule 2)."""
    if not withheld:
        return False
    return attempt.quiz_id is None or attempt.quiz_id not in {exam.pk for exam in ahead}


def attempt_disclosure(*, attempt: Attempt, now) -> Disclosure:
    """Rules 1–4 for one attempt of its own official."""
    release = attempt_release(attempt=attempt, now=now)
    if not (release.score or release.answers or release.explanations):
        return Disclosure(release=release, withheld=frozenset())
    paper = list(
        AttemptQuestion.objects.filter(attempt=attempt).values_list("question_id", flat=True)
    )
    no_explanation = set()
    user = attempt.user
    ahead = exams_ahead(user=user, now=now)
    if attempt.quiz_id is None:
        withheld = set(paper) - released_question_ids(user=user, now=now, question_ids=paper)
        no_explanation = set(paper) - released_question_ids(
            user=user, now=now, question_ids=paper, explanations=True
        )
    else:
        withheld = secret_question_ids(user=user, now=now, question_ids=paper, exams=ahead)
    reviewed = release.answers or release.explanations
    return Disclosure(
        release=release,
        withheld=frozenset(withheld),
        withheld_note=_withheld_note(attempt, withheld, paper) if withheld and reviewed else "",
        withheld_explanations=frozenset(no_explanation),
        score_withheld=release.score and _score_withheld(attempt, withheld, ahead),
    )


def attempts_score_shown(*, attempts, user, now) -> set[int]:
    """Of ``user``'s ``attempts``, the ids whose score and pass/fail may be shown now — the
    quiz's "show score" (rule 2) and no question kept secret (``_score_withheld``). For lists
    (my results, the quiz page and index, the dashboard): four queries for any number."""
    attempts = [a for a in attempts if not a.is_open]
    candidates = [a for a in attempts if a.quiz_id is None or score_released(quiz=a.quiz, now=now)]
    if not candidates:
        return set()
    ahead = exams_ahead(user=user, now=now)
    condition = questions_held_q(ahead)
    ahead_ids = {exam.pk for exam in ahead}
    checked = [a.pk for a in candidates if a.quiz_id is None or a.quiz_id not in ahead_ids]
    tainted = set()
    if condition is not None and checked:
        tainted = set(
            AttemptQuestion.objects.filter(
                attempt_id__in=checked, question__in=Question.objects.filter(condition)
            ).values_list("attempt_id", flat=True)
        )
    return {a.pk for a in candidates if a.pk not in tainted}


def feedback_allowed(*, attempt: Attempt, question_id: int, now) -> bool:
    """Instant feedback (practice) on one answered question: allowed unless it is secret."""
    quiz = attempt.quiz
    if quiz is None or not quiz.instant_feedback:
        return False
    return not secret_question_ids(user=attempt.user, now=now, question_ids=[question_id])


# ---------------------------------------------------------------- the ledger


def record_score_hidden(record, viewer, now) -> str | None:
    """``xuefa_record_score_hidden`` for the records quizzes write (``quizzes.quiz:<id>``): the
    one quiz's answer of ``scores_withheld``, so the two hooks agree by construction."""
    source = record.source or ""
    if not source.startswith(QUIZ_SOURCE_PREFIX):
        return None
    try:
        quiz_id = int(source.removeprefix(QUIZ_SOURCE_PREFIX))
    except ValueError:
        return None
    return scores_withheld(viewer, now, quiz_ids=[quiz_id]).get(source)


def scores_withheld(viewer, now, *, quiz_ids=None) -> dict[str, str]:
    """``xuefa_record_scores_withheld``: every quiz source (or those of ``quiz_ids``) whose
    score ``viewer`` may not see now, with the reason, in one query over the quizzes that do
    not show scores at once. A trainer or administrator sees every score."""
    from accounts.roles import user_is_staff_manager

    if viewer is not None and user_is_staff_manager(viewer):
        return {}
    quizzes = QuizPage.objects.exclude(result_visibility=Visibility.IMMEDIATELY)
    if quiz_ids is not None:
        quizzes = quizzes.filter(pk__in=quiz_ids)
    return {
        f"{QUIZ_SOURCE_PREFIX}{quiz.pk}": _score_note(quiz)
        for quiz in quizzes.only("id", "result_visibility", "closes_at")
        if not score_released(quiz=quiz, now=now)
    }
