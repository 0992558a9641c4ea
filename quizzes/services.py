"""Writes for quizzes: starting attempts, saving answers, submitting, marking, re-scoring.

Every rule about time, ownership and scoring is enforced here, on the server. Views and the
JSON API only translate HTTP to these calls and ``QuizError`` back to a 4xx response.
"""

import logging
import random
from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from wagtail import hooks

from records.models import StudyRecord, StudyRecordKind
from records.selectors import study_credit
from records.services import CreditWithdrawn, study_record_add, study_record_replace

from .autosave import UNCHANGED, answer_save_fast
from .disclosure import secret_question_ids
from .draw import paper_draw, practice_questions
from .errors import QuizError
from .keys import ResponseError, blank_count, response_clean, response_score
from .models import (
    OPTION_LETTERS,
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    GradingMethod,
    Question,
    QuestionType,
    QuizMode,
    QuizPage,
    SharedWithExams,
)
from .selectors import attempt_owned, quiz_eligibility

logger = logging.getLogger(__name__)
HUNDRED = Decimal("100")


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- starting an attempt


def _deadline(quiz: QuizPage, started_at):
    candidates = []
    if quiz.time_limit_minutes:
        candidates.append(started_at + timedelta(minutes=quiz.time_limit_minutes))
    if quiz.closes_at:
        candidates.append(quiz.closes_at)
    return min(candidates) if candidates else None


def _freeze_paper(*, attempt: Attempt, items, shuffle_options: bool, rng, now) -> None:
    rows = []
    for position, (question, points) in enumerate(items, start=1):
        letters = [c for c, _t in question.options]
        if shuffle_options and question.question_type in (
            QuestionType.SINGLE,
            QuestionType.MULTIPLE,
        ):
            rng.shuffle(letters)
        rows.append(
            AttemptQuestion(
                attempt=attempt,
                question=question,
                position=position,
                points=points,
                option_order=letters,
            )
        )
    AttemptQuestion.objects.bulk_create(rows)
    _answers_blank_create(attempt=attempt, now=now)
    max_score = sum((Decimal(p) for _q_, p in items), Decimal("0"))
    if attempt.max_score != max_score:
        attempt.max_score = max_score
        attempt.save(update_fields=["max_score"])


def _answers_blank_create(*, attempt: Attempt, now) -> None:
    """An empty answer for every question on ``attempt``'s paper, so that each autosave is one
    ``UPDATE`` (``quizzes.autosave``): one ``INSERT … SELECT`` from the paper, without building
    a row object per question (the ORM has no INSERT from a SELECT). The values are the
    model's own defaults, prepared by its fields; ``test_freeze_paper_answers_are_defaults``
    compares them with an ``Answer()``."""
    # Every column but the id and the two that come from the paper row, with the model's default.
    blank = Answer(saved_at=now)
    fields = [
        f
        for f in Answer._meta.concrete_fields
        if f.name not in ("id", "attempt", "attempt_question")
    ]
    values = [f.get_db_prep_save(getattr(blank, f.attname), connection) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(f.column)
        for f in (
            Answer._meta.get_field("attempt"),
            Answer._meta.get_field("attempt_question"),
            *fields,
        )
    )
    aq = AttemptQuestion._meta
    # Table and column names come from the models' meta, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(Answer._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT {quote(aq.get_field('attempt').column)}, {quote(aq.pk.column)}, "
        f"{', '.join(['%s'] * len(values))} FROM {quote(aq.db_table)} "
        f"WHERE {quote(aq.get_field('attempt').column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, attempt.pk])


def attempt_start(*, quiz: QuizPage, user, now, rng: random.Random | None = None) -> Attempt:
    """Resume the official's open attempt, or start a new one with a frozen paper.

    Two tabs starting at once get the same attempt (the unique attempt number decides).
    """
    # The official's attempts at this quiz (a handful), read once: the open one, the
    # eligibility's count and the next attempt number all come from them.
    attempts = list(Attempt.objects.filter(quiz=quiz, user=user))
    open_attempt = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    if open_attempt is not None:
        if not open_attempt.is_expired(now):
            return open_attempt
        # Time is up and the official asks to start again: the old page is gone, so nothing
        # more will arrive for it. Submit it with what was saved.
        attempt_submit(attempt=open_attempt, now=now)
        attempts = list(Attempt.objects.filter(quiz=quiz, user=user))
    eligibility = quiz_eligibility(quiz=quiz, user=user, now=now, attempts=attempts)
    if not eligibility.can_start:
        raise QuizError(eligibility.reason, code="not_allowed", status=403)
    rng = rng or random.SystemRandom()
    number = max((a.number for a in attempts), default=0) + 1
    try:
        with transaction.atomic():
            exclude = ()
            if (
                quiz.mode == QuizMode.PRACTICE
                and quiz.shared_with_exams == SharedWithExams.LEAVE_OUT
            ):
                exclude = secret_question_ids(user=user, now=now)
            items = paper_draw(quiz=quiz, rank=user.rank or "", rng=rng, exclude_ids=exclude)
            if not items:
                raise QuizError(
                    _("This quiz has no questions yet. Tell the trainer."), code="empty", status=409
                )
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                number=number,
                started_at=now,
                deadline=_deadline(quiz, now),
                rank=user.rank or "",
                max_score=sum((Decimal(p) for _q_, p in items), Decimal("0")),
            )
            _freeze_paper(
                attempt=attempt, items=items, shuffle_options=quiz.shuffle_options, rng=rng, now=now
            )
    except IntegrityError:
        # Another tab started the same attempt number a moment ago: use that one.
        existing = Attempt.objects.filter(
            quiz=quiz, user=user, status=AttemptStatus.IN_PROGRESS
        ).first()
        if existing is None:
            raise QuizError(_("Please try again."), code="conflict", status=409) from None
        return existing
    return attempt


def wrong_practice_start(*, user, now, limit: int = 20, rng=None) -> Attempt:
    """A practice paper from the official's wrong-answer book (错题本). Not graded or recorded.

    Only questions the book lists (so their marks are released), and never "exam only" ones.
    """
    from .selectors import wrong_answer_question_ids

    listed = wrong_answer_question_ids(user=user, now=now)
    ids = sorted(
        practice_questions(Question.objects.filter(pk__in=listed, is_active=True)).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        message = (
            _("The questions in your wrong-answer book are for exams only, not for practice.")
            if listed
            else _("Your wrong-answer book is empty.")
        )
        raise QuizError(message, code="empty", status=409)
    rng = rng or random.SystemRandom()
    picked = rng.sample(ids, min(limit, len(ids)))
    questions = Question.objects.in_bulk(picked)
    with transaction.atomic():
        attempt = Attempt.objects.create(
            quiz=None,
            user=user,
            number=(Attempt.objects.filter(quiz=None, user=user).count() + 1),
            started_at=now,
            rank=user.rank or "",
        )
        _freeze_paper(
            attempt=attempt,
            items=[(questions[pk], Decimal("1")) for pk in picked if pk in questions],
            shuffle_options=True,
            rng=rng,
            now=now,
        )
    return attempt


# ---------------------------------------------------------------- during the attempt


def attempt_submit_if_overdue(*, attempt: Attempt, now) -> Attempt:
    """The expiry step: submit an attempt past its deadline and grace (``Attempt.is_overdue``)
    with every saved answer, as submitted at the deadline; return it fresh.

    A write, so only POSTs run it: the answer endpoints before they act, and the periodic
    ``attempts_submit_overdue``. Pages and GET endpoints only read ``is_expired``; between
    the deadline and the end of the grace, answers the page was still sending are saved.
    """
    if attempt.is_overdue(now):
        return attempt_submit(attempt=attempt, now=now, by="deadline")
    return attempt


def _own_open_attempt(*, attempt_id: int, user, now, answer_on_its_way: bool = False) -> Attempt:
    """The official's attempt, open for this request. After the deadline only an answer
    already on its way (``answer_on_its_way``, within the grace) is still taken."""
    attempt = attempt_owned(attempt_id=attempt_id, user=user)
    attempt = attempt_submit_if_overdue(attempt=attempt, now=now)
    if not attempt.is_open:
        raise QuizError(
            _("This attempt has been submitted; answers can no longer change."),
            code="closed",
            status=409,
        )
    if attempt.is_expired(now) and not answer_on_its_way:
        raise QuizError(
            _("The time for this attempt is up; answers can no longer change."),
            code="closed",
            status=409,
        )
    return attempt


def answer_save(
    *, attempt_id: int, user, attempt_question_id: int, response, flagged=None, now
) -> Answer:
    """Save one answer (autosave). Idempotent: saving the same response twice changes nothing.

    Refuses questions not on this paper, other officials' attempts, closed attempts and
    responses that do not fit the question. Past the deadline, an answer arriving within
    ``ANSWER_GRACE`` (given before it, sent as the page locked) is still saved.

    The common case — the official's own open attempt, a response that fits — is one statement
    (``autosave.answer_save_fast``); anything else is decided here.
    """
    saved = answer_save_fast(
        attempt_id=attempt_id,
        user=user,
        attempt_question_id=attempt_question_id,
        response=response,
        flagged=flagged,
        now=now,
    )
    if saved is not None:
        return saved
    answer = _answer_for_save(
        attempt_id=attempt_id, user=user, attempt_question_id=attempt_question_id
    )
    if answer is None:
        # Not this official's attempt, or not a question of its paper: the full checks say
        # which (404 for an attempt that is not theirs, 409 for a closed one).
        _own_open_attempt(attempt_id=attempt_id, user=user, now=now, answer_on_its_way=True)
        raise QuizError(_("This question is not on your paper."), code="bad_question", status=400)
    answer.attempt.user = user  # the official asking: their own attempt (filtered above)
    attempt = attempt_submit_if_overdue(attempt=answer.attempt, now=now)
    if not attempt.is_open:
        raise QuizError(
            _("This attempt has been submitted; answers can no longer change."),
            code="closed",
            status=409,
        )
    question = answer.attempt_question.question
    fields = {"saved_at": now}
    if response is not UNCHANGED:
        fields["response"] = _response_clean(answer, question, response)
    if flagged is not None:
        if not isinstance(flagged, bool):
            raise QuizError(_("“flagged” must be true or false."), code="bad_response")
        fields["flagged"] = flagged
    # Conditional on the attempt still being open: a save racing the submit cannot land after it.
    updated = Answer.objects.filter(pk=answer.pk, attempt__status=AttemptStatus.IN_PROGRESS).update(
        **fields
    )
    if not updated:
        raise QuizError(
            _("This attempt has been submitted; answers can no longer change."),
            code="closed",
            status=409,
        )
    for name, value in fields.items():
        setattr(answer, name, value)
    answer.attempt = attempt
    return answer


# What saving an answer reads, and nothing more: the exam rush is thousands of these a minute
# (docs/performance.md), and loading the quiz page (a Wagtail page, two tables) and the user
# with every save tripled its cost.
_SAVE_FIELDS = (
    "id", "attempt_id", "attempt_question_id", "response", "flagged", "saved_at",
    "attempt__id", "attempt__user_id", "attempt__quiz_id", "attempt__status", "attempt__deadline",
    "attempt_question__id", "attempt_question__question_id", "attempt_question__points",
    "attempt_question__option_order",
    "attempt_question__question__id", "attempt_question__question__question_type",
    "attempt_question__question__answer",
    *(f"attempt_question__question__option_{letter.lower()}" for letter in OPTION_LETTERS),
)  # fmt: skip


# What scoring reads: the response and its marks, the points, and the question's type and key
# (its options, for the letters) — not the stems and explanations of the whole paper.
_SCORE_FIELDS = (
    "id", "attempt_id", "attempt_question_id", "response", "score", "is_correct", "marked_at",
    "attempt_question__id", "attempt_question__points", "attempt_question__question_id",
    "attempt_question__question__id", "attempt_question__question__question_type",
    "attempt_question__question__answer",
    *(f"attempt_question__question__option_{letter.lower()}" for letter in OPTION_LETTERS),
)  # fmt: skip


def answers_to_save():
    """The answers with what saving one reads (``_SAVE_FIELDS``) and whether the quiz gives
    instant feedback (``quiz_instant_feedback``), in one query: the full path's one answer and
    the autosave's whole paper (``autosave.paper_facts``)."""
    return (
        Answer.objects.select_related("attempt", "attempt_question__question")
        .only(*_SAVE_FIELDS)
        .annotate(quiz_instant_feedback=F("attempt__quiz__instant_feedback"))
    )


def _answer_for_save(*, attempt_id: int, user, attempt_question_id: int) -> Answer | None:
    """The answer row to save, with its attempt and question, in one query — or None when the
    attempt is not ``user``'s or the question not on its paper. ``quiz_instant_feedback``
    tells the endpoint whether to load the quiz for feedback at all."""
    if not 0 < attempt_id < 2**63:
        return None
    return (
        answers_to_save()
        .filter(
            attempt_id=attempt_id,
            attempt__user_id=user.pk,
            attempt_question_id=attempt_question_id,
        )
        .first()
    )


def _response_clean(answer, question, response):
    try:
        return response_clean(
            question.question_type,
            response,
            option_letters=answer.attempt_question.option_order
            or [c for c, _t in question.options],
            blanks=blank_count(question.key())
            if question.question_type == QuestionType.FILL
            else 0,
        )
    except ResponseError as exc:
        raise QuizError(str(exc), code="bad_response", status=400) from exc


def tab_switch_record(*, attempt_id: int, user, now) -> int:
    """切屏 — count the official leaving the page during an open attempt. Nothing else happens."""
    attempt = _own_open_attempt(attempt_id=attempt_id, user=user, now=now)
    Attempt.objects.filter(pk=attempt.pk).update(tab_switches=F("tab_switches") + 1)
    return attempt.tab_switches + 1


# ---------------------------------------------------------------- submitting and scoring


def attempt_submit(*, attempt: Attempt, now, by: str = "user") -> Attempt:
    """Submit exactly once: the first caller flips the status, every other caller gets the result.

    A submit after the deadline counts as submitted at the deadline.
    """
    submitted_at = now
    if attempt.deadline is not None and now >= attempt.deadline:
        submitted_at = attempt.deadline
        by = "deadline" if by == "user" else by
    with transaction.atomic():
        flipped = Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.IN_PROGRESS).update(
            status=AttemptStatus.SUBMITTED, submitted_at=submitted_at, submitted_by=by
        )
        fresh = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        if flipped:
            attempt_score(attempt=fresh, now=now)
    return Attempt.objects.select_related("quiz").get(pk=attempt.pk)


def attempt_score(*, attempt: Attempt, now) -> Attempt:
    """Score every automatically scored answer and total the attempt.

    The result is final once no essay waits for marking; then the ledger and hooks are told.
    """
    partial = bool(attempt.quiz_id and attempt.quiz.partial_credit)
    answers = list(
        Answer.objects.filter(attempt=attempt)
        .select_related("attempt_question__question")
        .only(*_SCORE_FIELDS)
    )
    changed = []
    for answer in answers:
        question = answer.attempt_question.question
        if question.question_type == QuestionType.ESSAY:
            if answer.response in (None, "") and answer.marked_at is None:
                # Nothing written: nothing to mark.
                answer.score, answer.is_correct, answer.marked_at = Decimal("0.00"), False, now
                changed.append(answer)
            continue
        score, correct = response_score(
            question.question_type,
            question.key(),
            answer.response,
            points=answer.attempt_question.points,
            partial_credit=partial,
        )
        if (answer.score, answer.is_correct) != (score, correct):
            answer.score, answer.is_correct = score, correct
            changed.append(answer)
    _answers_marks_save(changed)
    waiting = any(a.score is None for a in answers)
    total = sum((a.score for a in answers if a.score is not None), Decimal("0"))
    attempt.score = _q(total)
    attempt.percent = _q(total * HUNDRED / attempt.max_score) if attempt.max_score else _q(0)
    was_final = attempt.status == AttemptStatus.FINAL
    was_passed = was_final and attempt.passed is True
    if waiting:
        attempt.status = AttemptStatus.SUBMITTED
        attempt.passed = None
    else:
        attempt.status = AttemptStatus.FINAL
        attempt.passed = bool(attempt.quiz_id and attempt.percent >= attempt.quiz.pass_mark)
    Attempt.objects.filter(pk=attempt.pk).update(
        score=attempt.score, percent=attempt.percent, status=attempt.status, passed=attempt.passed
    )
    if attempt.status == AttemptStatus.FINAL and attempt.quiz_id:
        quiz_ledger_sync(quiz=attempt.quiz, user=attempt.user, now=now)
        if attempt.passed and not was_passed:
            transaction.on_commit(lambda: _announce_pass(attempt, now))
    return attempt


def _answers_marks_save(answers) -> None:
    """Store the answers' score, right/wrong and marking time: one UPDATE per distinct mark
    (a paper has few — full points, nothing, a partial score or two), rather than
    ``bulk_update``'s one statement with a CASE per row and field (50 rows at every submit of
    the exam rush)."""
    groups: dict[tuple, list[int]] = {}
    for answer in answers:
        key = (answer.score, answer.is_correct, answer.marked_at)
        groups.setdefault(key, []).append(answer.pk)
    for (score, is_correct, marked_at), ids in groups.items():
        Answer.objects.filter(pk__in=ids).update(
            score=score, is_correct=is_correct, marked_at=marked_at
        )


def _announce_pass(attempt: Attempt, now) -> None:
    for fn in hooks.get_hooks("xuefa_quiz_passed"):
        try:
            fn(attempt.quiz, attempt.user, attempt, now)
        except Exception:  # one app's handler must not break the exam
            logger.exception("xuefa_quiz_passed handler %r failed", fn)


def answer_mark(*, answer: Answer, score, comment: str, marker, now) -> Answer:
    """A trainer marks an essay answer. The attempt's result is final once all are marked."""
    try:
        score = _q(score)
    except Exception as exc:
        raise QuizError(_("Enter a number."), code="bad_score") from exc
    points = answer.attempt_question.points
    if score < 0 or score > points:
        raise QuizError(
            _("The score must be between 0 and %(points)s.") % {"points": points},
            code="bad_score",
        )
    if answer.attempt.status == AttemptStatus.IN_PROGRESS:
        raise QuizError(_("The attempt has not been submitted yet."), code="not_submitted")
    with transaction.atomic():
        answer.score = score
        answer.is_correct = score == points
        answer.comment = comment or ""
        answer.marked_by = marker
        answer.marked_at = now
        answer.save(update_fields=["score", "is_correct", "comment", "marked_by", "marked_at"])
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "user")
            .get(pk=answer.attempt_id)
        )
        attempt_score(attempt=attempt, now=now)
    return answer


def question_key(question: Question) -> tuple:
    """What scoring reads of a question: a change to any of it calls for a re-score."""
    return (question.question_type, question.answer)


@dataclass
class RescoreReport:
    """What a re-score changed: attempts re-scored, results that moved, ledger grades re-written."""

    questions: int = 0
    attempts: int = 0
    results_changed: int = 0
    now_passed: int = 0
    now_failed: int = 0
    ledger_rewritten: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def attempts_rescore(*, question_ids, now, progress=None) -> RescoreReport:
    """Re-score every submitted attempt holding one of ``question_ids`` with today's keys.

    Called where keys change — a trainer's edit in the admin queues it as a background job
    (``quizzes.rescore``, see ``attempts_rescore_enqueue``); importing only creates questions,
    so no attempt holds them yet. A grade that moves is re-written in the ledger through
    ``records.services.study_record_replace`` (by ``quiz_ledger_sync``). Each attempt is
    re-scored under its row lock, so a trainer marking it at the same moment waits.
    ``progress(fraction, message)`` is told along the way.
    """
    question_ids = sorted(set(question_ids))
    report = RescoreReport(questions=len(question_ids))
    attempt_ids = sorted(
        set(
            AttemptQuestion.objects.filter(question_id__in=question_ids)
            .exclude(attempt__status=AttemptStatus.IN_PROGRESS)
            .values_list("attempt_id", flat=True)
        )
    )
    total = len(attempt_ids)
    step = max(1, total // 50)
    for done, attempt_id in enumerate(attempt_ids, start=1):
        with transaction.atomic():
            attempt = (
                Attempt.objects.select_for_update(of=("self",))
                .select_related("quiz", "user")
                .get(pk=attempt_id)
            )
            before = (attempt.score, attempt.passed, attempt.status)
            source = quiz_source(attempt.quiz_id) if attempt.quiz_id else None
            record = study_credit(user=attempt.user, source=source).record if source else None
            attempt_score(attempt=attempt, now=now)
            report.attempts += 1
            if (attempt.score, attempt.passed, attempt.status) != before:
                report.results_changed += 1
                if attempt.passed and not before[1]:
                    report.now_passed += 1
                elif before[1] and not attempt.passed:
                    report.now_failed += 1
            if source and study_credit(user=attempt.user, source=source).record != record:
                report.ledger_rewritten += 1
        if progress is not None and (done % step == 0 or done == total):
            progress(
                done / total,
                _("%(done)s of %(total)s attempts re-scored") % {"done": done, "total": total},
            )
    return report


def attempts_rescore_enqueue(*, questions, owner):
    """Queue the re-score of ``questions`` as a background job for ``owner`` (a trainer), who
    follows it at /jobs/<id>/. None when no submitted attempt holds them."""
    from jobs.services import job_enqueue

    ids = sorted({question.pk for question in questions})
    held = (
        AttemptQuestion.objects.filter(question_id__in=ids)
        .exclude(attempt__status=AttemptStatus.IN_PROGRESS)
        .exists()
    )
    if not held:
        return None
    names = "、".join(str(question) for question in questions[:3])
    return job_enqueue(
        kind="quizzes.rescore",
        owner=owner,
        params={"question_ids": ids},
        title=(_("Re-score attempts: %(questions)s") % {"questions": names})[:200],
    )


def attempts_submit_overdue(*, now) -> int:
    """Submit every open attempt past its deadline and grace (the periodic job). Returns how
    many this call submitted."""
    count = 0
    for attempt in Attempt.objects.filter(Attempt.overdue_q(now)).select_related("quiz"):
        fresh = attempt_submit(attempt=attempt, now=now, by="command")
        count += fresh.submitted_by == "command"
    return count


# ---------------------------------------------------------------- grade and ledger


def quiz_source(quiz_id: int) -> str:
    """The ledger source of an official's grade on a quiz (``kit.contracts.LEDGER_SOURCES``)."""
    return f"quizzes.quiz:{quiz_id}"


def quiz_grade(*, quiz: QuizPage, user) -> Decimal | None:
    """The official's grade (percent) on a quiz by its grading method, from final attempts."""
    percents = list(
        Attempt.objects.filter(quiz=quiz, user=user, status=AttemptStatus.FINAL)
        .order_by("number")
        .values_list("percent", flat=True)
    )
    if not percents:
        return None
    if quiz.grading_method == GradingMethod.LAST:
        return percents[-1]
    if quiz.grading_method == GradingMethod.FIRST:
        return percents[0]
    if quiz.grading_method == GradingMethod.AVERAGE:
        return _q(sum(percents) / len(percents))
    return max(percents)


def quiz_ledger_sync(*, quiz: QuizPage, user, now) -> StudyRecord | None:
    """Keep one ledger record per official and quiz (``quizzes.quiz:<id>``) with the grade.

    A pass credits the quiz's hours. When the grade changes (a later attempt, marking, a key
    change) the old record is reversed and a new one written: the ledger stays append-only.
    Practice quizzes are not recorded.
    """
    if quiz.mode == QuizMode.PRACTICE:
        return None
    grade = quiz_grade(quiz=quiz, user=user)
    if grade is None:
        return None
    passed = grade >= quiz.pass_mark
    hours = quiz.credit_hours if passed else Decimal("0")
    source = quiz_source(quiz.pk)
    # Each further final attempt is a new event: after a trainer's correction, only a new
    # attempt (or the trainer) credits the quiz again, never a re-sync of the same grade.
    attempts = Attempt.objects.filter(quiz=quiz, user=user, status=AttemptStatus.FINAL).count()
    values = {
        "title": quiz.title,
        "credit_hours": hours,
        "score": grade,
        "evidence": {
            "quiz": quiz.pk,
            "mode": quiz.mode,
            "passed": passed,
            # The year-end reports count excellent results (优秀率) from the ledger alone.
            "excellent": passed and grade >= quiz.excellent_mark,
            "grading_method": quiz.grading_method,
        },
        "event": f"attempts:{attempts}",
    }
    credit = study_credit(user=user, source=source)
    if credit.credited:
        if credit.record.score == grade and credit.record.credit_hours == hours:
            return credit.record
        return study_record_replace(
            record=credit.record, reason=_("Quiz grade updated"), now=now, **values
        )
    try:
        return study_record_add(
            user=user, kind=StudyRecordKind.QUIZ_ATTEMPT, occurred_at=now, source=source, **values
        )
    except CreditWithdrawn:
        return None


# ---------------------------------------------------------------- practice and exams


def practice_leave_out_shared(*, practice: QuizPage, user):
    """The trainer's choice on the shared-questions warning: this practice leaves out the
    questions an exam ahead of the official holds (``SharedWithExams.LEAVE_OUT``). Saved as a
    new revision of the latest one; published when the latest was the live version."""
    was_current = practice.live and not practice.has_unpublished_changes
    latest = practice.get_latest_revision_as_object()
    latest.shared_with_exams = SharedWithExams.LEAVE_OUT
    revision = latest.save_revision(user=user, log_action=True)
    if was_current and practice.permissions_for_user(user).can_publish():
        revision.publish(user=user)
    return revision


def questions_mark_exam_only(*, question_ids) -> int:
    """The other choice: mark the shared questions "exam only", so no practice draws them.
    Saved one by one, so the audit trail records each change."""
    marked = 0
    for question in Question.objects.filter(pk__in=list(question_ids), exam_only=False):
        question.exam_only = True
        question.save(update_fields=["exam_only", "updated_at"])
        marked += 1
    return marked
