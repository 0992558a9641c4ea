"""The attempt JSON endpoints (documented in docs/quizzes.md).

Every error is a JSON body ``{"ok": false, "error": {"code": …, "message": …}}`` with a 4xx
status; nothing here returns a correct answer unless the quiz's review rule allows it.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .disclosure import feedback_allowed
from .keys import key_shown, letter_shown, response_score
from .models import Answer, Attempt, QuestionType
from .selectors import attempt_owned
from .services import UNCHANGED, QuizError, answer_save, attempt_submit, tab_switch_record
from .views import result_url

MAX_BODY = 16 * 1024  # an essay of 5,000 characters fits; anything bigger is refused


def _error(code: str, message: str, status: int) -> JsonResponse:
    response = JsonResponse(
        {"ok": False, "error": {"code": code, "message": message}}, status=status
    )
    add_never_cache_headers(response)
    return response


def _json_body(request) -> dict:
    # A form post is refused before anything reads the stream: once Django's form parser has
    # read a multipart body, request.body would raise RawPostDataException (a 500).
    if request.content_type != "application/json":
        raise QuizError(_("The request must be sent as JSON."), code="not_json", status=415)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        raise QuizError(_("The request is too large."), code="too_large", status=413)
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise QuizError(_("The request is too large."), code="too_large", status=413) from exc
    if len(body) > MAX_BODY:
        raise QuizError(_("The request is too large."), code="too_large", status=413)
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise QuizError(_("The request is not valid JSON."), code="bad_json") from exc
    if not isinstance(data, dict):
        raise QuizError(_("The request must be a JSON object."), code="bad_json")
    return data


def _handles_quiz_errors(view):
    """JSON errors for QuizError, and a JSON 401 (not a redirect to the sign-in page) when the
    session has ended, so the page keeps the answers and says so."""

    @login_not_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _error("signed_out", _("You are signed out. Sign in again to continue."), 401)
        try:
            return view(request, *args, **kwargs)
        except QuizError as exc:
            return _error(exc.code, exc.message, exc.status)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    # An id beyond 64 bits (refused before the view runs) is the same JSON 404 as a missing one.
    wrapped.out_of_range_response = lambda: _error("not_found", _("No such attempt."), 404)
    return wrapped


def _once_more_on_a_lost_connection(call):
    """Run ``call`` again, on a new connection, if the database connection was lost under it
    (PostgreSQL restarted or the connection terminated mid-request). Only for a save: saving
    the same answer twice is the same as saving it once, and outside a transaction nothing of
    the failed try was kept. Without this the official's page would retry a moment later; with
    it the answer is saved now and the error never reaches the page."""
    try:
        return call()
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        connection.close()
        return call()


def _timing(attempt: Attempt, now) -> dict:
    return {
        "status": attempt.status,
        "expired": attempt.is_expired(now),
        "deadline": attempt.deadline.isoformat() if attempt.deadline else None,
        "server_now": now.isoformat(),
    }


def _feedback(answer: Answer, now) -> dict | None:
    """Instant feedback on one saved answer, if the disclosure rule allows it: the key in the
    letters the official saw, with the option text."""
    attempt = answer.attempt
    aq = answer.attempt_question
    question = aq.question
    if question.question_type == QuestionType.ESSAY:
        return None
    if not feedback_allowed(attempt=attempt, question_id=question.pk, now=now):
        return {
            "withheld": True,
            "message": _(
                "Saved. This question is also in an exam you can "
                "still take: its answer is shown after that exam."
            ),
        }
    key = question.key()
    _score, correct = response_score(
        question.question_type,
        key,
        answer.response,
        points=aq.points,
        partial_credit=attempt.quiz.partial_credit,
    )
    feedback = {
        "correct": correct,
        "key": key_shown(question.question_type, key, aq.option_order),
        "explanation": question.explanation,
    }
    if question.question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        texts = dict(question.options)
        letters = [key] if question.question_type == QuestionType.SINGLE else key
        feedback["key_options"] = sorted(
            (
                {"label": letter_shown(letter, aq.option_order), "text": texts[letter]}
                for letter in letters
            ),
            key=lambda option: option["label"],
        )
    return feedback


@_handles_quiz_errors
@never_cache
@require_POST
def answer_save_api(request, attempt_id: int):
    """POST {"question": <paper question id>, "response": …, "flagged": bool?} → saved."""
    data = _json_body(request)
    question_id = data.get("question")
    if (
        not isinstance(question_id, int)
        or isinstance(question_id, bool)
        or not 0 < question_id < 2**63
    ):
        raise QuizError(_("“question” must be a question id."), code="bad_question")
    if "response" not in data and "flagged" not in data:
        raise QuizError(_("Send a “response” or “flagged”."), code="bad_response")
    now = timezone.now()

    def save():
        return answer_save(
            attempt_id=attempt_id,
            user=request.user,
            attempt_question_id=question_id,
            response=data.get("response", UNCHANGED),
            flagged=data.get("flagged"),
            now=now,
        )

    answer = _once_more_on_a_lost_connection(save)
    attempt = answer.attempt
    body = {
        "ok": True,
        "question": question_id,
        "saved_at": now.isoformat(),
        **_timing(attempt, now),
    }
    # The quiz page is loaded only for practice with instant feedback (the save read its flag).
    if getattr(answer, "quiz_instant_feedback", False) and "response" in data:
        # Practice with instant feedback: this question's key once answered, unless it is secret.
        feedback = _feedback(answer, now)
        if feedback is not None:
            body["feedback"] = feedback
    return JsonResponse(body)


@_handles_quiz_errors
@never_cache
@require_GET
def attempt_state_api(request, attempt_id: int):
    """GET → status, server deadline and every saved answer (for resuming). No keys.

    Reads only: an attempt past its deadline says ``"expired": true``; the page then POSTs
    ``submit/`` (the server would also submit it from cron)."""
    now = timezone.now()
    attempt = attempt_owned(attempt_id=attempt_id, user=request.user)
    answers = {
        str(aq_id): {"response": response, "flagged": flagged}
        for aq_id, response, flagged in Answer.objects.filter(attempt=attempt).values_list(
            "attempt_question_id", "response", "flagged"
        )
    }
    body = {"ok": True, "attempt": attempt.pk, **_timing(attempt, now), "answers": answers}
    if not attempt.is_running(now):
        body["result_url"] = result_url(attempt)
    return JsonResponse(body)


@_handles_quiz_errors
@never_cache
@require_POST
def tab_leave_api(request, attempt_id: int):
    """POST → count one 切屏 on the open attempt."""
    count = tab_switch_record(attempt_id=attempt_id, user=request.user, now=timezone.now())
    return JsonResponse({"ok": True, "count": count})


@_handles_quiz_errors
@never_cache
@require_POST
def attempt_submit_api(request, attempt_id: int):
    """POST → submit (exactly once; a repeat returns the same result URL)."""
    now = timezone.now()
    attempt = attempt_submit(
        attempt=attempt_owned(attempt_id=attempt_id, user=request.user), now=now
    )
    return JsonResponse({"ok": True, **_timing(attempt, now), "result_url": result_url(attempt)})
